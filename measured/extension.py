"""The Python-Markdown extension every page renders through, under any builder.

`mkdocs.yml` lists it under `markdown_extensions:` as `measured.extension`, so MkDocs
and Zensical, which both convert pages with Python-Markdown, show the same site. It
does two things to a page:

- before anything else reads the page, it replaces each marker line (`{{ run(...) }}`,
  `{{ claim(...) }}`, a chart, a timeline, the claims index) with what it stands for
  ([`render_page`][measured.render.render_page]), so that `pymdownx.snippets` then
  embeds the files they name;
- after the page is HTML, it labels table cells for a phone's stacked tables and
  keeps code, figures and notes out of the search index (which both builders read
  from the page's HTML).

Under a builder, the extension asks the builder which page it is converting and
reads the build's settings from its configuration: `extra.published` (the published
site, whose figures fill in those this checkout lacks) and, where the `offline`
plugin is on, no Run buttons. Without a builder, say so in its options:

```python
import markdown
from measured.extension import MeasuredExtension

html = markdown.markdown(
    text,
    extensions=[MeasuredExtension(root="sample", page="docs/core/tasks.md"), "pymdownx.snippets"],
)
```
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from measured.errors import ContributorError
from measured.render import keep_out_of_search, label_table_cells, render_page
from measured.site import SiteError, inputs, offline

MARKERS_PRIORITY = 40
"""Before `pymdownx.snippets` (32), which embeds the files the markers name, and
Python-Markdown's own preprocessors (30 and below)."""

HTML_PRIORITY = 5
"""After code blocks and raw HTML are put back into the page (30), before a
builder's search reads it (Zensical's at 0; MkDocs' reads the page afterwards)."""


class Builder:
    """What the builder converting a page tells about it: the page's path under
    `docs/` and the build's configuration. Both are None outside a builder."""

    def __init__(self, md: Markdown):
        self.source: str | None = None
        self.config: Any = None
        # mkdocstrings converts each docstring with a converter of its own, which
        # carries MkDocs' link rewriter on: that text is not the page
        if any(
            type(e).__name__ == "MkdocstringsInnerExtension"
            for e in md.registeredExtensions
        ):
            return
        # MkDocs registers its link rewriter, which knows the page's file, on every
        # converter it makes (mkdocs/structure/pages.py, Page.render)
        if "relpath" in md.treeprocessors:
            rewriter = md.treeprocessors["relpath"]
            self.source = rewriter.file.src_uri
            self.config = rewriter.config
        # Zensical adds a preprocessor that only holds the page and the configuration
        # (zensical/extensions/context.py)
        for processor in md.preprocessors:
            page = getattr(processor, "page", None)
            if processor.__class__.__name__ == "ContextPreprocessor" and page:
                self.source = posixpath.normpath(page.path)
                self.config = processor.config

    def setting(self, name: str) -> Any:
        """A key of the configuration's `extra:`, None where it is not set."""
        if self.config is None:
            return None
        extra = self.config.get("extra", {})
        return (extra or {}).get(name)

    def root(self) -> Path:
        """The folder of the configuration file (MkDocs says), or else the current
        folder, where Zensical and `make` run."""
        if self.config is not None and hasattr(self.config, "config_file_path"):
            return Path(self.config.config_file_path).resolve().parent
        return Path.cwd()

    def offline(self) -> bool:
        """The `file://` copy: no Run buttons ([`offline`][measured.site.offline])."""
        return self.config is not None and offline(self.config.get("plugins", {}))


class MeasuredExtension(Extension):
    """Render a page's markers, and prepare its HTML for phones and search.

    Options:
        root: The folder holding `docs/` and `snippets/`; default: MkDocs' folder of
            `mkdocs.yml`, or the current folder.
        page: The page's path, such as `docs/core/tasks.md`, where no builder says.
        published: The published site's address; default: the builder's
            `extra.published`, or none.
        run_here: Give runnable snippets Run buttons where Pyodide is installed;
            default: yes, except in the builder's `offline` copy.
    """

    def __init__(self, **kwargs: Any):
        self.config = {
            "root": ["", "the folder holding docs/ and snippets/"],
            "page": ["", "the page's path, such as docs/core/tasks.md"],
            "published": ["", "the published site's address"],
            "run_here": [None, "give runnable snippets Run buttons"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(
            Markers(md, self), "measured-markers", MARKERS_PRIORITY
        )
        md.postprocessors.register(PageHtml(md, self), "measured-html", HTML_PRIORITY)
        md.registerExtension(self)

    def page_path(self, md: Markdown) -> tuple[str | None, Builder]:
        """The page being converted, as `docs/<path>`, and its builder."""
        builder = Builder(md)
        named = self.getConfig("page")
        if named:
            return str(named), builder
        return (f"docs/{builder.source}" if builder.source else None), builder


class Markers(Preprocessor):
    """Replace each marker line of the page with the Markdown it stands for."""

    def __init__(self, md: Markdown, extension: MeasuredExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        path, builder = self.extension.page_path(self.md)
        if path is None:
            # a converter of a docstring (mkdocstrings) or of any text no page holds
            return lines
        option = self.extension.getConfig
        root = Path(option("root") or builder.root())
        published = option("published") or builder.setting("published")
        run_here = option("run_here")
        if run_here is None:
            run_here = not builder.offline()
        try:
            built = inputs(root, published, bool(run_here))
            pages = [page for page in built.project.pages if page.path == path]
            if not pages:
                return lines
            text = render_page(
                "\n".join(lines),
                pages[0],
                built.project,
                built.measurements,
                built.run_here,
            )
        except (ContributorError, SiteError) as error:
            raise builder_error(builder, error) from None
        return text.split("\n")


class PageHtml(Postprocessor):
    """Label table cells for phones; keep code, figures and notes out of search."""

    def __init__(self, md: Markdown, extension: MeasuredExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        path, _ = self.extension.page_path(self.md)
        if path is None:
            return text
        return keep_out_of_search(label_table_cells(text), path)


def builder_error(builder: Builder, error: Exception) -> Exception:
    """The error as the builder reports a mistake: MkDocs prints a `PluginError`'s
    message alone, without a traceback."""
    if builder.config is not None and hasattr(builder.config, "plugins"):
        from mkdocs.exceptions import PluginError

        return PluginError(str(error))
    return error


def makeExtension(**kwargs: Any) -> MeasuredExtension:
    """What Python-Markdown calls for `measured.extension` in a list of extensions."""
    return MeasuredExtension(**kwargs)

"""What only MkDocs needs, beside the pages' own rendering ([`measured.extension`][]).

`mkdocs.yml` lists this file under `hooks:`. It starts each build (and each rebuild
of `mkdocs serve`) from fresh inputs, names the line of each broken link, drops
the indentation the theme's templates leave, and, after the build, puts Pyodide's
files, the editor and the publishing build's figures into the site
([`measured.site.finish`][]). Zensical runs no hooks: its build is followed by the
same finishing step, and it checks links itself.
"""

from __future__ import annotations

import difflib
import logging
import posixpath
import re
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

# mkdocs loads a hook by its file path; the harness package beside it is imported from
# the repository root, which is not installed as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measured import site
from measured.errors import ContributorError


def on_config(config: Any) -> Any:
    """Read the project and the measurements afresh for this build."""
    site.forget()
    return config


LOG = logging.getLogger("mkdocs.plugins.measured")
"""Warnings here count as mkdocs' own: `--strict` fails the build on any of them."""

LINK = re.compile(
    r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"
)
"""An inline link's target, or a reference definition's."""
CODE_SPAN = re.compile(r"(`+).*?\1")


def broken_links(path: str, text: str, src_uri: str, files: Any) -> list[str]:
    """Each link of a page to a Markdown file the site does not have, by line.

    mkdocs warns of these too, but names only the page; this names the line."""
    found = []
    known = {file.src_uri for file in files}
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        for match in LINK.finditer(CODE_SPAN.sub("", line)):
            target = match[1] or match[2]
            if "://" in target or target.startswith(("#", "/", "mailto:")):
                continue
            file, hash_, anchor = urllib.parse.unquote(target).partition("#")
            if not file.endswith(".md"):
                continue
            folder = posixpath.dirname(src_uri)
            resolved = posixpath.normpath(posixpath.join(folder, file))
            if resolved not in known:
                close = difflib.get_close_matches(resolved, sorted(known), n=1)
                # the link to write from this page, not the page's place under docs/
                write = posixpath.relpath(close[0], folder or ".") if close else ""
                hint = f" (did you mean {write}{hash_}{anchor}?)" if close else ""
                found.append(
                    f"{path}:{number}: links to {target}, which is not a page of "
                    f"the site{hint}"
                )
    return found


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Name the line of each broken link of a page (mkdocs names only the page)."""
    if page.file.abs_src_path:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        for problem in broken_links(
            f"docs/{page.file.src_uri}", source, page.file.src_uri, files
        ):
            LOG.warning(problem)
    return markdown


KEEP = re.compile(
    r"(<(pre|code|kbd|textarea|script|style)\b.*?</\2>)", re.DOTALL | re.IGNORECASE
)
"""Elements whose whitespace shows: the theme sets `white-space: pre-wrap` on code."""

INDENT = re.compile(r"\n[ \t\r\n]*")
PLAIN_TOKENS = re.compile(r'<span class="[nwp]">([^<]*)</span>')
"""Pygments' spans around a plain name (`n`), punctuation (`p`) or whitespace
(`w`): the theme draws a name in the code's own colour (`--md-code-hl-name-color`
is `--md-code-fg-color`), `docs/stylesheets/extra.css` draws punctuation in it too,
and whitespace has none, so the text alone looks the same."""


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Drop the indentation the theme's templates leave between tags, and the
    highlighting spans that change nothing on screen.

    A run of whitespace that holds a line break shows as one space in running text,
    so it becomes one line break; code, scripts and styles are left as they are. A
    page is about a fifth lighter, a page of programs a further twentieth.
    """
    parts = KEEP.split(output)
    # split() returns text, whole kept element, its tag name, text, ...
    return "".join(
        INDENT.sub("\n", part) if index % 3 == 0 else PLAIN_TOKENS.sub(r"\1", part)
        for index, part in enumerate(parts)
        if index % 3 != 2
    )


def on_post_build(config: Any) -> None:
    """Put what the pages load but no page renders into the site: Pyodide's core
    files and the editor, and the publishing build's file of figures."""
    root = Path(config.config_file_path).resolve().parent
    try:
        built = site.inputs(
            root, config.extra.get("published"), not site.offline(config.plugins)
        )
    except (ContributorError, site.SiteError) as error:
        raise PluginError(str(error)) from None
    site.finish(root, Path(config.site_dir), built)

"""The mkdocs hook that renders markers into pages (see [`measured.render`][]).

`mkdocs.yml` lists this file under `hooks:`. It reads the project and the last test
run's measurements once per build, then expands each page's markers before Markdown
is converted, so `pymdownx.snippets` embeds the files they name.

With `MEASURED_REQUIRE_FIGURES=1` in the environment (`make build` sets it when `CI`
is set: the publishing build), a claim whose figure is missing or failed, or a chart
or timeline without its run, fails the build with a message naming the page and the
claim. That build also writes every figure into the site as `measurements.json`,
with each claim's figures of the earlier published runs, read from the file it
replaces (see [`measured.measurements`][]).

Every other build (`make serve`, `make build` outside CI) fills in what it did not
measure from that published file, read from `extra.published` in `mkdocs.yml` (the
published site's address; `MEASURED_PUBLISHED` overrides it, and empty, the suite's
own builds, turns it off) and kept under `.measurements/published/`; what it still
lacks it shows as "not measured in this build".

Where `npm ci` has installed Pyodide's core files (see [`measured.pyodide`][]), the
build copies them into the site and each snippet that can run in a browser gets a
Run button; without them, or in the `file://` copy, no page has one, and the log says
so at INFO.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import posixpath
import re
import shutil
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

# mkdocs loads a hook by its file path; the harness package beside it is imported from
# the repository root, which is not installed as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measured.errors import ContributorError
from measured.measurements import (
    Measurements,
    PublishedUnreadable,
    fetch_published,
    published_address,
    published_document,
    read_published,
    write_published,
)
from measured.project import Project
from measured.pyodide import (
    CORE_FILES,
    EDITOR,
    EDITOR_SITE_PATH,
    FETCHED,
    SITE_DIRECTORY,
    VERSION,
    core_files,
)
from measured.render import (
    RunHere,
    keep_out_of_search,
    label_table_cells,
    render_page,
)

_state: dict[str, Any] = {}


def on_config(config: Any) -> Any:
    """Read the project and the measurements at the start of every build."""
    root = Path(config.config_file_path).resolve().parent
    try:
        _state["project"] = Project(root)
    except ContributorError as error:
        raise PluginError(str(error)) from None
    measurements = Measurements.load(root)
    _state["pyodide"] = pyodide = core_files(root)
    _state["run_here"] = None
    if any(name.split("/")[-1] == "offline" for name in config.plugins):
        LOG.info("the file:// copy has no Run buttons: Pyodide needs a server")
    elif pyodide is None:
        LOG.info(
            "Pyodide's files are not installed (`npm ci`, which `make install` runs "
            "where npm is found): the pages have no Run buttons"
        )
    else:

        def size(names: Any) -> float:
            return sum((pyodide / name).stat().st_size for name in names) / 1e6

        scripts = [name for name in CORE_FILES if name not in FETCHED]
        _state["run_here"] = RunHere(
            megabytes=size(FETCHED), script_megabytes=size(scripts)
        )
    editor = root / EDITOR
    _state["editor"] = editor if editor.is_file() else None
    config.extra["run_here"] = _state["run_here"] is not None and {
        "pyodide": VERSION,
        "bytes": sum((pyodide / name).stat().st_size for name in FETCHED),
        "editor": _state["editor"] is not None,
    }
    publishing = os.environ.get("MEASURED_REQUIRE_FIGURES") == "1"
    _state["publishing"] = publishing
    if publishing:
        missing = missing_figures(_state["project"], measurements)
        if missing:
            raise PluginError(
                "this build publishes the site, and every claim, chart and timeline "
                "needs a passing figure from `make test` first:\n  "
                + "\n  ".join(missing)
            )
    site = config.extra.get("published") or None
    _state["measurements"] = dataclasses.replace(
        with_published(root, site, measurements, publishing), site=site
    )
    return config


def with_published(
    root: Path, site_url: str | None, measurements: Measurements, publishing: bool
) -> Measurements:
    """The build's own figures, with the published site's for what it lacks, and
    each claim's published history; the publishing build reads the file it replaces
    afresh, and stops if the site answers with anything but that file or a 404
    (its history would be lost)."""
    project = _state["project"]
    _state["previous"] = None
    if not site_url:
        LOG.info("no published site to read figures from (extra.published is empty)")
        return measurements
    if publishing:
        url = published_address(site_url)
        try:
            previous = fetch_published(url)
        except PublishedUnreadable as error:
            raise PluginError(
                f"this build publishes the site with the figures of the earlier "
                f"published runs, but {error}. Publish without them, starting each "
                "claim's history again, with MEASURED_PUBLISHED= (empty)."
            ) from None
        _state["previous"] = previous
        if previous is None:
            LOG.info("%s has no published figures yet: each history starts here", url)
            return measurements
        return measurements.with_published(previous, project, url)
    document, said = read_published(root, site_url)
    LOG.info("figures of the published site: %s", said)
    if document is None:
        return measurements
    return measurements.with_published(document, project, published_address(site_url))


def missing_figures(project: Project, measurements: Measurements) -> list[str]:
    """Each claim, chart and timeline of the site without a passing measurement."""
    found = []
    for page in project.pages:
        for claim in page.claims:
            figures = measurements.claims.get(claim.id)
            if figures is None:
                found.append(
                    f"{claim.page}:{claim.line}: claim {claim.id!r} was not measured"
                )
            elif not figures["passed"]:
                found.append(
                    f"{claim.page}:{claim.line}: claim {claim.id!r} failed: measured "
                    f"{figures['figure']}, outside its bound"
                )
        for chart in page.charts:
            gone = [s for s in chart.snippets if measurements.claim_run(s) is None]
            if gone:
                found.append(
                    f"{chart.page}:{chart.line}: chart {chart.id!r} has no run of "
                    + ", ".join(f"snippets/{s}" for s in gone)
                )
        for marker in page.markers:
            if (
                marker.name == "timeline"
                and marker.argument not in measurements.timelines
            ):
                found.append(
                    f"{page.path}:{marker.line}: timeline of snippets/{marker.argument} "
                    "has no instrumented run"
                )
    return found


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
    """Expand the markers of one page, and name the line of each broken link."""
    project: Project = _state["project"]
    path = f"docs/{page.file.src_uri}"
    if page.file.abs_src_path:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        for problem in broken_links(path, source, page.file.src_uri, files):
            LOG.warning(problem)
    found = [p for p in project.pages if p.path == path]
    if not found:
        return markdown
    try:
        return render_page(
            markdown, found[0], project, _state["measurements"], _state["run_here"]
        )
    except ContributorError as error:
        raise PluginError(str(error)) from None


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Label each table cell with its column's header, for the stacked tables of
    a phone's screen, and keep code, figures and notes out of the search index."""
    return keep_out_of_search(label_table_cells(html), f"docs/{page.file.src_uri}")


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
    """Write the file of figures into the publishing build's site; copy Pyodide's
    core files, and the editor, into the site, where the Run buttons load them."""
    if _state.get("publishing"):
        written = write_published(
            Path(config.site_dir),
            published_document(
                _state["project"], _state["measurements"], _state["previous"]
            ),
        )
        LOG.info("wrote every figure, with its history, to %s", written)
    if _state.get("run_here") is None:
        return
    target = Path(config.site_dir) / SITE_DIRECTORY
    target.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        shutil.copy2(_state["pyodide"] / name, target / name)
    if _state["editor"] is not None:
        editor = Path(config.site_dir) / EDITOR_SITE_PATH
        editor.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(_state["editor"], editor)

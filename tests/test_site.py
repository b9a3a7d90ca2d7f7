"""The site builds with --strict, and the built pages show what the suite measured."""

from __future__ import annotations

import ast
import difflib
import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import PROJECT, ROOT, without_figures

from measured.charts import MEASURES, describe
from measured.interpreters import SUPPORTED
from measured.measurements import Measurements
from measured.project import Page
from measured.recordings import oldest_version, recording_path
from measured.timeline import MAX_ROWS, summary

pytestmark = [pytest.mark.last, pytest.mark.page("*"), pytest.mark.xdist_group("site")]


def page_html_raw(built: Path, page: str) -> str:
    relative = Path(page).relative_to("docs").with_suffix("")
    if relative.name == "index":
        relative = relative.parent
    return (built / relative / "index.html").read_text()


def page_html(built: Path, page: str) -> str:
    return html.unescape(page_html_raw(built, page))


def code_text(fragment: str) -> str:
    """What a reader copies from a rendered code block: its text, without markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


VARIANT_NOTE = re.compile(
    r'^\s*(?:</div>\s*)?<p class="variant-note"[^>]*>.*?</p>', re.DOTALL
)
RUN_NOTE = re.compile(r'^\s*(?:</div>\s*)?<p class="run-note"[^>]*>.*?</p>', re.DOTALL)


def test_a_reader_copies_exactly_the_snippet_and_its_output(
    built: Path, pages: list[Page]
) -> None:
    """The code block under each snippet's title is the file, byte for byte; the
    block after it is the command, whose copy button copies it without the `$ `
    prompt; the block after that, labelled Output and without a copy button, is the
    recording the newest Python is held to (where versions differ, the newest
    versions' tab comes first)."""
    wrong = []
    for page in pages:
        raw = page_html_raw(built, page.path)
        for snippet in page.shows:
            title = f'<span class="filename">snippets/{snippet}</span>'
            after = raw.split(title, 1)[1]
            code = code_text(after.split("<code>", 1)[1].split("</code>", 1)[0])
            if code != (ROOT / "snippets" / snippet).read_text():
                wrong.append(
                    f"{page.path}: the code shown for snippets/{snippet} differs"
                )
            command = PROJECT.settings(snippet).command(snippet)
            # a variant's line under its code, which says which lines are highlighted
            block = VARIANT_NOTE.sub("", after.split("</pre>", 1)[1], count=1)
            opening = re.search(r"<div ([^>]*)>", block)
            shown = code_text(block.split("<code>", 1)[1].split("</code>", 1)[0])
            if (
                opening is None
                or "command" not in opening[1]
                or f'data-copy="{html.escape(command)}"' not in opening[1]
                or shown.rstrip("\n") != f"$ {command}"
            ):
                wrong.append(
                    f"{page.path}: the command shown for snippets/{snippet} is not "
                    f"`$ {command}` copying as `{command}`"
                )
            # the line under the command of a snippet without a Run button
            output = RUN_NOTE.sub("", block.split("</pre>", 1)[1], count=1)
            opening = re.search(
                r'<div class="([^"]*)"[^>]*><span class="filename">'
                r"Output\b",
                output,
            )
            shown = code_text(output.split("<code>", 1)[1].split("</code>", 1)[0])
            newest = recording_path(ROOT, snippet, SUPPORTED[-1])
            settings = PROJECT.settings(snippet)
            if SUPPORTED[-1] == oldest_version(settings) or not newest.is_file():
                newest = recording_path(ROOT, snippet)
            expected = newest.read_text()
            if opening is None or not {"output", "no-copy"} <= set(opening[1].split()):
                wrong.append(
                    f"{page.path}: the output of snippets/{snippet} is not labelled "
                    "Output, or has a copy button"
                )
            if shown.rstrip("\n") != expected.rstrip("\n"):
                wrong.append(
                    f"{page.path}: the output shown for snippets/{snippet} differs"
                )
    assert not wrong, "\n".join(wrong)


def test_site_builds_strictly(built: Path) -> None:
    assert (built / "index.html").is_file()


def common_lines(first: list[str], second: list[str]) -> int:
    """The length of the longest common subsequence of two lists of lines."""
    previous = [0] * (len(second) + 1)
    for line in first:
        current = [0]
        for index, other in enumerate(second):
            current.append(
                previous[index] + 1
                if line == other
                else max(previous[index + 1], current[index])
            )
        previous = current
    return previous[-1]


def shown_plain(source: str) -> set[int]:
    """The 1-based lines of a snippet a variant never highlights: blank lines and
    its module docstring, which every snippet has of its own."""
    lines = source.splitlines()
    plain = {n for n, line in enumerate(lines, start=1) if not line.strip()}
    body = ast.parse(source).body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
    ):
        plain.update(range(body[0].lineno, (body[0].end_lineno or 0) + 1))
    return plain


def test_each_variant_highlights_the_lines_that_differ_from_its_base(
    built: Path, pages: list[Page]
) -> None:
    """Every snippet a page shows as a variant (`variant_of=`) has exactly the lines
    that differ from its base highlighted, blank lines and the docstring aside,
    judged without the build's own diff: no blank or docstring line is
    highlighted, the other lines left plain appear in the base in the same order,
    and there are as many highlighted lines as the variant has such lines outside
    its longest common subsequence with the base (no line the base has is
    highlighted needlessly); the line under the code gives that count."""
    wrong = []
    for page in pages:
        raw = page_html_raw(built, page.path)
        for marker in page.markers:
            if marker.name != "run" or marker.variant_of is None:
                continue
            variant = (ROOT / "snippets" / str(marker.argument)).read_text()
            base_text = (ROOT / "snippets" / marker.variant_of).read_text()
            title = f'<span class="filename">snippets/{marker.argument}</span>'
            after = raw.split(title, 1)[1]
            code = after.split("<code>", 1)[1].split("</code>", 1)[0]
            lit = {
                number
                for number, text in enumerate(code.split("\n"), start=1)
                if '<span class="hll">' in text
            }
            skip = shown_plain(variant)
            lines = [
                line
                for n, line in enumerate(variant.splitlines(), start=1)
                if n not in skip
            ]
            base_skip = shown_plain(base_text)
            base = [
                line
                for n, line in enumerate(base_text.splitlines(), start=1)
                if n not in base_skip
            ]
            plain = [
                line
                for n, line in enumerate(variant.splitlines(), start=1)
                if n not in lit and n not in skip
            ]
            where = f"{page.path}: snippets/{marker.argument}"
            if not lit and lines == base:
                pass  # the same code run another way: the note says no line differs
            elif not lit:
                wrong.append(f"{where} is a variant with no line highlighted")
            if lit & skip:
                wrong.append(f"{where}: a blank or docstring line is highlighted")
            if common_lines(plain, base) != len(plain):
                wrong.append(
                    f"{where}: a line left plain is not in {marker.variant_of}"
                )
            if len(lit) != len(lines) - common_lines(lines, base):
                wrong.append(
                    f"{where}: {len(lit)} lines highlighted, but "
                    f"{len(lines) - common_lines(lines, base)} differ from "
                    f"{marker.variant_of}"
                )
            note = re.search(r'<p class="variant-note"[^>]*>(.*?)</p>', after)
            said = note and re.search(r"the (\d+) lines? that differ|No line", note[1])
            if not said or int(said[1] or 0) != len(lit):
                wrong.append(f"{where}: the line under the code miscounts")
    assert not wrong, "\n".join(wrong)


def test_pages_show_snippets_outputs_and_figures(
    built: Path, pages: list[Page]
) -> None:
    measurements = Measurements.load(ROOT)
    if not measurements.claims:
        without_figures("no measurements here: `make test` measures before it builds")
    missing = []
    for page in pages:
        text = page_html(built, page.path)
        for snippet in page.shows:
            if f"snippets/{snippet}" not in text:
                missing.append(f"{page.path}: snippet {snippet} not shown")
        for claim in page.claims:
            figures = measurements.claims.get(claim.id)
            if figures is None:
                missing.append(f"{page.path}: claim {claim.id!r} has no measurement")
                continue
            state = "passed" if figures["passed"] else "failed"
            box = re.search(
                rf'<div class="claim claim--(\w+)" id="claim-{re.escape(claim.id)}">'
                r"(.*?)</div>",
                text,
                re.DOTALL,
            )
            if box is None:
                missing.append(f"{page.path}: claim {claim.id!r} is not shown")
            elif box[1] != state:
                missing.append(
                    f"{page.path}: claim {claim.id!r} {state} but is shown {box[1]}"
                )
            elif (
                f'<strong class="claim__figure">{figures["figure"]}</strong>'
                not in box[2]
            ):
                missing.append(f"{page.path}: claim {claim.id!r} shows no figure")
    assert not missing, "\n".join(missing)


def test_pages_draw_their_charts_and_timelines_from_this_run(
    built: Path, pages: list[Page]
) -> None:
    """Each chart states every bar's figure from this run's measurements, and each
    timeline names every task of its instrumented run; none is left as a note."""
    measurements = Measurements.load(ROOT)
    if not measurements.runs:
        without_figures("no measurements here: `make test` measures before it builds")
    wrong = []
    for page in pages:
        text = page_html(built, page.path)
        for chart in page.charts:
            runs = {name: measurements.claim_run(name) for name in chart.snippets}
            if any(run is None for run in runs.values()):
                wrong.append(f"{page.path}: chart {chart.id!r} has no measurement")
                continue
            expected = describe(
                chart,
                {
                    name: MEASURES[chart.measure].value(run)
                    for name, run in runs.items()
                },  # type: ignore[arg-type]
            )
            if '<svg class="measured-chart"' not in text or expected not in text:
                wrong.append(
                    f"{page.path}: chart {chart.id!r} is not drawn from this run"
                )
        for marker in page.markers:
            if marker.name != "timeline":
                continue
            data = measurements.timelines.get(str(marker.argument))
            if data is None:
                wrong.append(
                    f"{page.path}: no timeline of {marker.argument} in this run"
                )
            elif "; ".join(summary(data)[:MAX_ROWS]) not in text:
                wrong.append(f"{page.path}: the timeline of {marker.argument} differs")
    assert not wrong, "\n".join(wrong)


def test_the_publishing_build_refuses_a_failed_or_missing_figure() -> None:
    """With MEASURED_REQUIRE_FIGURES=1 (`make build` in CI), every claim without a
    passing figure is named with its page and line, and so is every chart and
    timeline without its run."""
    from measured.site import missing_figures

    claims = list(PROJECT.claims.values())
    failed, missing = claims[0], claims[1]
    measurements = Measurements(
        claims={
            claim.id: {"passed": claim is not failed, "figure": "9.99 s"}
            for claim in claims
            if claim is not missing
        },
        runs={},
        checked={},
    )
    found = missing_figures(PROJECT, measurements)
    assert (
        f"{failed.page}:{failed.line}: claim {failed.id!r} failed: measured 9.99 s, "
        "outside its bound"
    ) in found
    assert f"{missing.page}:{missing.line}: claim {missing.id!r} was not measured" in (
        found
    )
    assert not [
        line
        for line in found
        if "claim" in line and line.split("'")[1] not in (failed.id, missing.id)
    ]
    # no runs and no timelines: every chart and every timeline is named, by its line
    charts = [chart for page in PROJECT.pages for chart in page.charts]
    timelines = [
        (page.path, marker)
        for page in PROJECT.pages
        for marker in page.markers
        if marker.name == "timeline"
    ]
    assert charts and timelines, "the guide has charts and timelines to check"
    for chart in charts:
        assert any(
            line.startswith(f"{chart.page}:{chart.line}: chart {chart.id!r}")
            for line in found
        ), chart.id
    for path, marker in timelines:
        assert (
            f"{path}:{marker.line}: timeline of snippets/{marker.argument} has no "
            "instrumented run"
        ) in found, marker.argument


class Article(HTMLParser):
    """What a page's article holds, its theme's chrome set aside: its text, its
    element ids, and how many elements carry each class. Backlinks of the harness
    reference (mkdocstrings' `doc-backlink*`) are left out: Zensical's
    mkdocstrings support draws them differently (the contributing guide's "Two
    builders")."""

    SKIPPED_CLASS = "doc-backlink"
    CHROME_IDS = frozenset({"__skip"})
    """Ids a theme puts inside the article: Zensical's skip link's target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.classes: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        inside = tag == "article" or bool(self.open)
        skipped = any(c.startswith(self.SKIPPED_CLASS) for c in classes) or (
            bool(self.open) and self.open[-1][1]
        )
        if not inside or tag in VOID:
            if inside and not skipped:
                self.count(found, classes)
            return
        self.open.append((tag, skipped))
        if not skipped:
            self.count(found, classes)

    def count(self, found: dict[str, str | None], classes: list[str]) -> None:
        if found.get("id") and found["id"] not in self.CHROME_IDS:
            self.ids.add(str(found["id"]))
        self.classes.update(classes)

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag not in VOID:
            # the innermost open element of that name closes (HTML lets some go unclosed)
            for index in range(len(self.open) - 1, -1, -1):
                if self.open[index][0] == tag:
                    del self.open[index:]
                    break

    def handle_data(self, data: str) -> None:
        if self.open and not self.open[-1][1]:
            self.text.append(data)

    @classmethod
    def of(cls, path: Path) -> Article:
        article = cls()
        article.feed(path.read_text())
        return article

    def words(self) -> str:
        return " ".join("".join(self.text).split())


VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
SHOWN = (
    "run-here",
    "claim",
    "highlight",
    "tabbed-set",
    "measured-figure--chart",
    "measured-figure--timeline",
)
"""What every page must show under both builders, by class: Run blocks, claims,
code blocks, output tabs, charts and timelines."""


def test_both_builders_show_the_same_pages(built_by_both: tuple[Path, Path]) -> None:
    """MkDocs and Zensical build the same `mkdocs.yml` into the same pages: each
    page's article has the same text, the same anchors, and as many programs, output
    tabs, claims, charts, timelines and Run blocks. Both are built from one copy of
    the measurements (a fresh CI run failed when the second build, later in the
    check phase, labelled outputs the first had as "as recorded")."""
    built, built_by_zensical = built_by_both
    pages = {p.relative_to(built) for p in built.rglob("index.html")}
    other = {
        p.relative_to(built_by_zensical) for p in built_by_zensical.rglob("index.html")
    }
    assert pages == other, (
        f"only MkDocs built {sorted(map(str, pages - other))}; "
        f"only Zensical built {sorted(map(str, other - pages))}"
    )
    differ = []
    for page in sorted(pages):
        first, second = Article.of(built / page), Article.of(built_by_zensical / page)
        if not first.words():
            differ.append(f"{page}: no article text (the comparison read nothing)")
        if first.words() != second.words():
            matcher = difflib.SequenceMatcher(
                None, a := first.words(), b := second.words()
            )
            where = [
                f"{a[i1:i2][:60]!r} -> {b[j1:j2][:60]!r}"
                for op, i1, i2, j1, j2 in matcher.get_opcodes()
                if op != "equal"
            ]
            differ.append(f"{page}: text differs: {'; '.join(where[:3])}")
        if first.ids != second.ids:
            differ.append(
                f"{page}: anchors only MkDocs has {sorted(first.ids - second.ids)[:5]}, "
                f"only Zensical {sorted(second.ids - first.ids)[:5]}"
            )
        for name in SHOWN:
            if first.classes[name] != second.classes[name]:
                differ.append(
                    f"{page}: {first.classes[name]} .{name} under MkDocs, "
                    f"{second.classes[name]} under Zensical"
                )
    shown = Counter[str]()
    for page in pages:
        shown.update(Article.of(built / page).classes)
    # a build without figures (a page check without `make test`) draws no chart or
    # timeline; every build shows claims, code and tabs
    assert all(shown[name] for name in SHOWN[1:4]), (
        f"the site shows none of some: {shown}"
    )
    assert not differ, "\n".join(differ)
    assert (built_by_zensical / "assets/pyodide").is_dir() == (
        built / "assets/pyodide"
    ).is_dir()


class Links(HTMLParser):
    """Every link and every element id of a built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))


def test_every_link_of_the_site_leads_somewhere(built: Path) -> None:
    """Each link of each built page to the site itself, in prose or in raw HTML (which
    no builder rewrites, and `--strict` does not check), leads to a file of the site,
    and its anchor to an element of that page. The claims index's links led to `.md`
    files for a month before a reader's trial found them."""
    pages = {}
    for path in built.rglob("*.html"):
        if path.name == "404.html":  # served at any address: its links are absolute
            continue
        parsed = Links()
        parsed.feed(path.read_text())
        pages[path] = parsed
    wrong = []
    for path, parsed in sorted(pages.items()):
        for href in parsed.links:
            parts = urlsplit(href)
            if (
                parts.scheme
                or parts.netloc
                or href.startswith(("mailto:", "javascript:"))
            ):
                continue
            target = (path.parent / parts.path).resolve() if parts.path else path
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            where = f"{path.relative_to(built)}: {href}"
            if not target.is_file():
                wrong.append(f"{where} leads to no file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    wrong.append(f"{where}: no #{parts.fragment} there")
    assert not wrong, f"{len(wrong)} broken links:\n" + "\n".join(wrong[:40])

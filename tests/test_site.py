"""The site builds with --strict, and the built pages show what the suite measured."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import PROJECT, ROOT
from measured.charts import MEASURES, describe
from measured.measurements import Measurements
from measured.recordings import recording_path
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


def test_a_reader_copies_exactly_the_snippet_and_its_output(built: Path) -> None:
    """The code block under each snippet's title is the file, byte for byte, and the
    console block after it is the command and the recording."""
    wrong = []
    for page in PROJECT.pages:
        raw = page_html_raw(built, page.path)
        for snippet in page.shows:
            title = f'<span class="filename">snippets/{snippet}</span>'
            after = raw.split(title, 1)[1]
            code = code_text(after.split("<code>", 1)[1].split("</code>", 1)[0])
            if code != (ROOT / "snippets" / snippet).read_text():
                wrong.append(
                    f"{page.path}: the code shown for snippets/{snippet} differs"
                )
            console = code_text(after.split("<code>", 2)[2].split("</code>", 1)[0])
            command = PROJECT.settings(snippet).command(snippet)
            expected = f"$ {command}\n" + recording_path(ROOT, snippet).read_text()
            if console.rstrip("\n") != expected.rstrip("\n"):
                wrong.append(
                    f"{page.path}: the output shown for snippets/{snippet} differs"
                )
    assert not wrong, "\n".join(wrong)


def test_site_builds_strictly(built: Path) -> None:
    assert (built / "index.html").is_file()


def test_pages_show_snippets_outputs_and_figures(built: Path) -> None:
    measurements = Measurements.load(ROOT)
    if not measurements.claims:
        pytest.skip("no measurements here: `make test` measures before it builds")
    missing = []
    for page in PROJECT.pages:
        text = page_html(built, page.path)
        for snippet in page.shows:
            if f"snippets/{snippet}" not in text:
                missing.append(f"{page.path}: snippet {snippet} not shown")
        for claim in page.claims:
            figures = measurements.claims.get(claim.id)
            if figures is None:
                missing.append(f"{page.path}: claim {claim.id!r} has no measurement")
            elif f"Measured: {figures['figure']}" not in text.replace(
                "<strong>", ""
            ).replace("</strong>", ""):
                missing.append(f"{page.path}: claim {claim.id!r} shows no figure")
    assert not missing, "\n".join(missing)


def test_pages_draw_their_charts_and_timelines_from_this_run(built: Path) -> None:
    """Each chart states every bar's figure from this run's measurements, and each
    timeline names every task of its instrumented run; none is left as a note."""
    measurements = Measurements.load(ROOT)
    if not measurements.runs:
        pytest.skip("no measurements here: `make test` measures before it builds")
    wrong = []
    for page in PROJECT.pages:
        text = page_html(built, page.path)
        for chart in page.charts:
            runs = {name: measurements.primary_run(name) for name in chart.snippets}
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

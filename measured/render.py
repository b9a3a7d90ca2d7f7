"""Turn a page's marker lines into Markdown for the site build.

| marker | becomes |
|---|---|
| `{{ run("basics/a.py") }}` | the snippet, titled with its path, then a console block with the command and its recorded output |
| `{{ claim("id") }}` | the claim's sentence, its bound and reason, and the figure of the last test run |
| `{{ claims_index() }}` | a table of every claim on the site with its latest figure |

The snippet and its recording are embedded with `pymdownx.snippets` (`--8<--`), which
has `check_paths: true`, so a missing file fails the build and names it. What a reader
sees is the file the suite ran, byte for byte.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Any

from measured.charts import MEASURES, Chart
from measured.charts import draw as draw_chart
from measured.claims import KINDS, Claim
from measured.errors import ContributorError
from measured.interpreters import SUPPORTED
from measured.measurements import Measurements
from measured.project import MARKER, Page, Project, read_markers
from measured.recordings import oldest_version, recording_path
from measured.timeline import draw as draw_timeline


def render_run(
    project: Project, page: Page, snippet: str, line: int, measurements: Measurements
) -> list[str]:
    """The snippet's code block, its console block, and the Pythons that checked it.

    Where newer Pythons print something else, the console block becomes one tab per
    recording.
    """
    if not (project.root / "snippets" / snippet).is_file():
        raise ContributorError(
            page.path, f"shows snippets/{snippet}, which does not exist", line
        )
    shared = recording_path(project.root, snippet)
    if not shared.is_file():
        raise ContributorError(
            page.path,
            f"{shared.relative_to(project.root).as_posix()} has not been recorded; "
            "run `pytest --update-examples`",
            line,
        )
    settings = project.settings(snippet)
    command = settings.command(snippet)

    def console(recording: Path) -> list[str]:
        relative = recording.relative_to(project.root).as_posix()
        return ["```console", f"$ {command}", f'--8<-- "{relative}"', "```"]

    lines = [
        f'```python title="snippets/{snippet}"',
        f'--8<-- "snippets/{snippet}"',
        "```",
        "",
    ]
    own = [
        (version, recording_path(project.root, snippet, version))
        for version in SUPPORTED
        if recording_path(project.root, snippet, version).is_file()
    ]
    if not own:
        lines.extend(console(shared))
    else:
        for version, recording in [(oldest_version(settings), shared), *own]:
            lines.extend([f'=== "Python {version}"', ""])
            lines.extend(f"    {text}" for text in console(recording))
            lines.append("")
    checked = measurements.checked.get(snippet)
    lines.append("")
    if settings.unsafe:
        lines.extend(
            ['!!! danger "Unsafe on purpose"', "", f"    {settings.unsafe}", ""]
        )
    if checked:
        lines.append(
            f'<small class="checked-on">Output checked on CPython {", ".join(checked)} '
            "in the last test run.</small>"
        )
    else:
        lines.append(
            '<small class="checked-on">Output not checked in this build: '
            "`make test` checks it.</small>"
        )
    return lines


def python_and_machine(figures: dict[str, Any]) -> str:
    """Where a figure was measured, such as `CPython 3.11, Linux, 2 CPUs`."""
    version = ".".join(str(figures["python"]).split(".")[:2])
    cpus = figures["cpus"]
    return (
        f"{figures['implementation']} {version}, {figures['system']}, "
        f"{cpus} CPU{'s' if cpus != 1 else ''}"
    )


def measured_sentence(claim: Claim, measurements: Measurements) -> str:
    """The figure of the last test run, or a plain note that there is none."""
    figures = measurements.claims.get(claim.id)
    if figures is None:
        return "Not measured in this build: `make test` measures it."
    shows = figures.get("shows") or {
        name: f"{seconds:.2f} s" for name, seconds in figures["seconds"].items()
    }
    detail = ""
    if claim.baseline:
        per = f", over {claim.per:,}" if claim.per else ""
        detail = (
            f" ({shows[claim.snippet]} against {shows[claim.baseline]}"
            f" for `{posixpath.basename(claim.baseline)}`{per})"
        )
    elif claim.kind not in ("seconds",):
        detail = f" ({shows[claim.snippet]})"
    where = python_and_machine(figures)
    if figures.get("repeats", 1) > 1:
        each = " of each program" if claim.baseline else ""
        detail += f", the fastest of {figures['repeats']} runs{each}"
    if not figures["passed"]:
        return f"**Failed in the last run:** {figures['figure']}{detail} on {where}."
    return (
        f"Measured: **{figures['figure']}**{detail} on {where}; checked on every build."
    )


def render_claim(claim: Claim, measurements: Measurements) -> list[str]:
    """The claim as an admonition: sentence, figure, bound and its reason."""
    figures = measurements.claims.get(claim.id, {})
    cpus = figures.get("free_cores")
    body = [
        f"**{claim.says}**",
        "",
        measured_sentence(claim, measurements),
        f"Bound: {claim.describe_bounds(cpus)}, because {claim.because[:1].lower()}"
        f"{claim.because[1:]}",
    ]
    lines = [
        f'<span id="claim-{claim.id}"></span>',
        "",
        '!!! claim "Measured claim"',
        "",
    ]
    for text in body:
        lines.append(f"    {text}  " if text else "")
    return lines


def render_chart(chart: Chart, measurements: Measurements) -> list[str]:
    """A chart drawn from the last test run, or a note that this build has no figures."""
    runs = {name: measurements.primary_run(name) for name in chart.snippets}
    missing = [name for name, run in runs.items() if run is None]
    if missing:
        return [
            f'!!! note "Chart not drawn in this build: {chart.title}"',
            "",
            f"    `make test` measures {', '.join(f'`{m}`' for m in missing)} and "
            "draws this chart from the figures.",
        ]
    figures = next(iter(runs.values()))
    assert figures is not None
    repeats = {run.get("repeats", 1) for run in runs.values()}  # type: ignore[union-attr]
    fastest = ""
    if max(repeats) > 1:
        upto = "" if len(repeats) == 1 else "up to "
        fastest = f", the fastest of {upto}{max(repeats)} runs of each"
    return [
        f'<figure class="measured-figure" id="chart-{chart.id}">',
        draw_chart(chart, runs),  # type: ignore[arg-type]
        f"<figcaption><strong>{html.escape(chart.title)}.</strong> "
        f"{MEASURES[chart.measure].axis.capitalize()} of each program, measured by the last "
        f"test run on {python_and_machine(figures)}{fastest}; drawn when the site "
        "was built.</figcaption>",
        "</figure>",
    ]


TIMELINE_HOW = "docs/debugging/seeing-what-runs.md#how-the-timelines-are-drawn"
"""Where the site explains how a timeline is made, linked under every timeline."""


def render_timeline(snippet: str, measurements: Measurements, page: Page) -> list[str]:
    """A timeline of the snippet's instrumented run, or a note that there is none."""
    data = measurements.timelines.get(snippet)
    if data is None:
        return [
            f'!!! note "Timeline not drawn in this build: snippets/{snippet}"',
            "",
            "    `make test` runs the program under the event-loop tracer and draws "
            "what each task did from that run.",
        ]
    target, anchor = TIMELINE_HOW.split("#")
    how = f"{posixpath.relpath(target, posixpath.dirname(page.path))}#{anchor}"
    ident = "timeline-" + re.sub(r"\W+", "-", snippet.removesuffix(".py"))
    where = python_and_machine(data)
    return [
        f'<figure class="measured-figure" id="{ident}">',
        draw_timeline(data, ident),
        f"<figcaption>What each task of <code>snippets/{snippet}</code> did, from an "
        f"instrumented run of the unchanged program in the last test run ({where}): "
        "a filled bar is a step of the task on the event loop's thread, the line "
        "between steps is the time it waited.</figcaption>",
        "</figure>",
        "",
        f'<small class="figure-how">[How this picture is made]({how})</small>',
    ]


def render_index(project: Project, measurements: Measurements, page: Page) -> list[str]:
    """A table of every claim on the site, each linked to where it is stated."""
    lines = [
        "| Claim | Snippet | Bound | Last measured |",
        "|---|---|---|---|",
    ]
    here = posixpath.dirname(page.path)
    for claim in project.claims.values():
        link = posixpath.relpath(claim.page, here)
        figures = measurements.claims.get(claim.id)
        if figures is None:
            measured = "not measured in this build"
        else:
            status = "" if figures["passed"] else " (failed)"
            measured = f"{figures['figure']}{status}, {python_and_machine(figures)}"
        says = claim.says.replace("|", "\\|")
        kind = KINDS[claim.kind].key
        lines.append(
            f"| [{says}]({link}#claim-{claim.id}) | `{claim.snippet}` "
            f"| {kind}: {claim.describe_bounds(figures and figures.get('free_cores'))} | {measured} |"
        )
    return lines


API_PAGE = "docs/reference/asyncio.md"
"""The page that renders the reference of every `asyncio` name the guide uses."""

API_ENTRY = re.compile(r"^::: (asyncio\.\w+)\s*$", re.MULTILINE)
INLINE_NAME = re.compile(r"(?<![\[`])`(asyncio\.\w+)`(?![\]`(])")


def api_names(project: Project) -> set[str]:
    """The `asyncio` names with an entry on the reference page."""
    page = project.root / API_PAGE
    return set(API_ENTRY.findall(page.read_text())) if page.exists() else set()


def link_api_names(line: str, names: set[str]) -> str:
    """Turn each inline-code mention of a referenced name into an autorefs link.

    `` `asyncio.gather` `` becomes `` [`asyncio.gather`][asyncio.gather] ``; a name
    the reference does not cover is left alone.
    """
    return INLINE_NAME.sub(
        lambda m: f"[`{m[1]}`][{m[1]}]" if m[1] in names else m[0], line
    )


EXAMPLE_SETTING = re.compile(
    r'\s+(?:test|lint|upgrade|isort|requires|output|group|duration)="[^"]*"'
)
"""pytest-examples' settings on a fence line, such as `test="skip"`."""


def strip_example_settings(line: str) -> str:
    """Drop pytest-examples' settings from a fence's opening line.

    They tell the suite how to treat an inline example; the page's Markdown does not
    know them and would show the fence as text.
    """
    if line.lstrip().startswith(("```", "~~~")):
        return EXAMPLE_SETTING.sub("", line)
    return line


def render_page(
    markdown: str, page: Page, project: Project, measurements: Measurements
) -> str:
    """Replace every marker line of a page's Markdown body with what it stands for.

    Args:
        markdown: The page body as mkdocs hands it over (front matter removed).
        page: The page as the harness read it, for its claims and path.
        project: The whole project, for snippet settings and the claims index.
        measurements: The figures of the last test run (possibly none).
    """
    claims = {claim.id: claim for claim in page.claims}
    charts = {chart.id: chart for chart in page.charts}
    markers = {m.line: m for m in read_markers(page.path, markdown)}
    names = api_names(project) if page.path != API_PAGE else set()
    out: list[str] = []
    in_fence = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            line = strip_example_settings(line)
        marker = markers.get(number)
        if marker is None or not MARKER.match(line.strip()):
            linkable = not in_fence and not line.lstrip().startswith("#")
            out.append(link_api_names(line, names) if linkable and names else line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        file_line = number + page.body_offset
        if marker.name == "run":
            block = render_run(
                project, page, str(marker.argument), file_line, measurements
            )
        elif marker.name == "chart":
            if marker.argument not in charts:
                raise ContributorError(
                    page.path,
                    f"places chart {marker.argument!r}, which its front matter does not declare",
                    file_line,
                )
            block = render_chart(charts[str(marker.argument)], measurements)
        elif marker.name == "timeline":
            block = render_timeline(str(marker.argument), measurements, page)
        elif marker.name == "claim":
            if marker.argument not in claims:
                raise ContributorError(
                    page.path,
                    f"places claim {marker.argument!r}, which its front matter does not declare",
                    file_line,
                )
            block = render_claim(claims[str(marker.argument)], measurements)
        else:
            block = render_index(project, measurements, page)
        out.extend(f"{indent}{text}" if text else "" for text in block)
    return "\n".join(out) + "\n"

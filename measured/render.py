"""Turn a page's marker lines into Markdown for the site build.

| marker | becomes |
|---|---|
| `{{ run("basics/a.py") }}` | the snippet, titled with its path; the command in a block of its own, whose copy button copies it without the `$ `; the recorded output, labelled Output, without a copy button |
| `{{ run("basics/b.py", variant_of="basics/a.py") }}` | the same, with the lines of `b.py` that differ from `a.py` highlighted, and a line under the code that says so |
| `{{ claim("id") }}` | the claim's sentence, one line with its mark, figure, bound, runs and Python, and its reasoning folded away |
| `{{ claims_index() }}` | a table of every claim on the site, marked as its page marks it |

The snippet and its recording are embedded with `pymdownx.snippets` (`--8<--`), which
has `check_paths: true`, so a missing file fails the build and names it. What a reader
sees is the file the suite ran, byte for byte.
"""

from __future__ import annotations

import ast
import difflib
import html
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

from measured.charts import MEASURES, Chart
from measured.charts import draw as draw_chart
from measured.claims import KINDS, Claim
from measured.errors import ContributorError
from measured.exercises import Exercise
from measured.interpreters import SUPPORTED, minor, version_key
from measured.measurements import Measurements
from measured.project import (
    MARKER,
    SHOWING,
    Page,
    Project,
    read_markers,
    reading_order,
)
from measured.pyodide import PYTHON as PYODIDE_PYTHON
from measured.pyodide import VERSION as PYODIDE_VERSION
from measured.pyodide import decide
from measured.python_docs import address as docs_address
from measured.recordings import oldest_version, recording_path
from measured.settings import RunSettings
from measured.timeline import MARKS
from measured.timeline import draw as draw_timeline
from measured.timeline import legend as timeline_legend
from measured.timeline import mark as timeline_mark


def render_run(
    project: Project,
    page: Page,
    snippet: str,
    line: int,
    measurements: Measurements,
    run_here: RunHere | None = None,
    about: bool = True,
    variant_of: str | None = None,
    exercise: Exercise | None = None,
) -> list[str]:
    """The snippet's code block, its console block, and the Pythons that checked it;
    with `variant_of`, the lines that differ from that snippet highlighted; with
    `run_here`, and where the snippet can run in a browser, its Run button
    (with `about`, the page's one explanation of running in the browser), and where it
    cannot, one line under its command that says why.

    Where newer Pythons print something else, the console block becomes one tab per
    recording. With `exercise`, the snippet is its starter: the Run block gets a Check
    button, and the goal and what meeting it prints follow (see
    [`render_goal`][measured.render.render_goal]).
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
    checked = measurements.checked.get(snippet) or []

    def compared_with(version: str) -> Path:
        """The recording a run on `version` is compared with."""
        own = recording_path(project.root, snippet, minor(version))
        if minor(version) != oldest_version(settings) and own.is_file():
            return own
        return shared

    def output(recording: Path, *same: Path) -> list[str]:
        """The output block of `recording`, which also stands for the recordings
        `same` (other versions that printed the same text)."""
        versions = [v for v in checked if compared_with(v) in (recording, *same)]
        # by minor version, in ranges: five full versions wrap the title on a phone,
        # and push what follows (the home page's claim) below the first screen
        minors = [v for v in SUPPORTED if v in {minor(c) for c in versions}]
        label = (
            f"Output, checked on CPython {version_ranges(minors)}"
            if versions
            else "Output, as recorded"
        )
        relative = recording.relative_to(project.root).as_posix()
        return [
            f'``` {{ .text .output .no-copy title="{label}" }}',
            f'--8<-- "{relative}"',
            "```",
        ]

    # The command has a block of its own, and copying it copies the bare command
    # (`data-copy`), without the `$ ` prompt; the output has no copy button.
    highlight, note = "", []
    if variant_of is not None:
        base = project.root / "snippets" / variant_of
        if not base.is_file():
            raise ContributorError(
                page.path,
                f"shows snippets/{snippet} as a variant of snippets/{variant_of}, "
                "which does not exist",
                line,
            )
        changed, gone, docstring = difference(
            base.read_text(), (project.root / "snippets" / snippet).read_text()
        )
        if changed:
            highlight = f' hl_lines="{line_ranges(changed)}"'
        note = [
            "",
            variant_note(variant_of, len(changed), gone, docstring=docstring),
            "{: .variant-note }",
        ]
    lines = [
        f'```python title="snippets/{snippet}"{highlight}',
        f'--8<-- "snippets/{snippet}"',
        "```",
        *note,
        "",
        f'``` {{ .console .command data-copy="{html.escape(command, quote=True)}" }}',
        f"$ {command}",
        "```",
        "",
    ]
    verdict = decide(project.root, snippet, settings) if run_here is not None else None
    if verdict is not None and not verdict.runnable:
        # where other blocks have a Run button, this one says why it has none
        lines.extend([*terminal_only(verdict.reason), ""])
    # one tab per distinct output, named after every version that prints it, the
    # newest versions' first: what most readers run is what the page opens on
    oldest = version_key(oldest_version(settings))
    tabs: dict[str, tuple[list[str], list[Path]]] = {}
    for version in SUPPORTED:
        if version_key(version) < oldest:
            continue
        recording = compared_with(version)
        versions, recordings = tabs.setdefault(recording.read_text(), ([], []))
        versions.append(version)
        if recording not in recordings:
            recordings.append(recording)
    ordered = sorted(
        tabs.values(), key=lambda tab: version_key(tab[0][-1]), reverse=True
    )
    if len(ordered) == 1:
        lines.extend(output(*ordered[0][1]))
    else:
        for versions, recordings in ordered:
            lines.extend([f'=== "Python {version_ranges(versions)}"', ""])
            lines.extend(f"    {text}" for text in output(*recordings))
            lines.append("")
    lines.append("")
    checks = None
    if exercise is not None:
        claims = {claim.id: claim for claim in page.claims}
        low, high = exercise.bounds(claims)
        checks = Check(
            f"{page.path}#{snippet}", low, high, exercise.expected(project.root)
        )
    if run_here is not None and verdict is not None and verdict.runnable:
        lines.extend(
            [
                *render_run_here(
                    snippet, run_here, page, settings, about=about, check=checks
                ),
                "",
            ]
        )
    if exercise is not None:
        starter = next((c for c in page.claims if c.id == exercise.fails), None)
        if starter is not None:  # how the starter misses the goal, measured
            lines.extend([*render_claim(starter, measurements, page), ""])
        runs_here = bool(run_here and verdict and verdict.runnable)
        lines.extend(render_goal(exercise, page, project.root, runs_here))
    if settings.unsafe:
        lines.extend(
            ['!!! danger "Unsafe on purpose"', "", f"    {settings.unsafe}", ""]
        )
    return lines


def difference(base: str, variant: str) -> tuple[list[int], int, bool]:
    """The lines of `variant` that differ from `base` (1-based, as `hl_lines` counts
    them), how many lines of `base` it drops without a line in their place, as
    `difflib` matches the two files line by line, and whether their module
    docstrings differ. Blank lines and the module docstring are never counted as
    differing: every snippet has a docstring of its own, and a highlighted blank
    line shows nothing, so either would dilute the lines that changed.

    >>> difference("a\\nb\\nc\\nd\\n", "a\\nB\\nc\\nnew\\n")
    ([2, 4], 0, False)
    >>> difference("a\\nb\\nc\\n", "a\\nc\\n")
    ([], 1, False)
    >>> difference("'''One.'''\\na\\n", "'''Two.'''\\n\\na\\nb\\n")
    ([4], 0, True)
    """
    old, new = base.splitlines(), variant.splitlines()
    old_doc, new_doc = docstring_lines(base), docstring_lines(variant)

    def counted(lines: list[str], doc: range, number: int) -> bool:
        return bool(lines[number - 1].strip()) and number not in doc

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    changed: list[int] = []
    gone = 0
    for tag, first, last, start, end in matcher.get_opcodes():
        if tag != "equal":
            lines = [n for n in range(start + 1, end + 1) if counted(new, new_doc, n)]
            changed.extend(lines)
            # base lines that no line of the variant stands in for
            dropped = [
                n for n in range(first + 1, last + 1) if counted(old, old_doc, n)
            ]
            gone += max(0, len(dropped) - len(lines))
    differs = [old[n - 1] for n in old_doc] != [new[n - 1] for n in new_doc]
    return changed, gone, differs


def docstring_lines(source: str) -> range:
    """The 1-based lines of a module's docstring, or none if it has none.

    >>> docstring_lines("'''A\\nmodule.'''\\nx = 1\\n")
    range(1, 3)
    """
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return range(0)
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        return range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1)
    return range(0)


def line_ranges(numbers: list[int]) -> str:
    """Line numbers as `hl_lines` takes them: runs of consecutive lines as ranges.

    >>> line_ranges([2, 3, 4, 7, 9, 10])
    '2-4 7 9-10'
    """
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return " ".join(
        str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs
    )


def variant_note(base: str, changed: int, gone: int, *, docstring: bool = False) -> str:
    """The line under a variant's code: what its highlight shows, in words, so that
    the difference does not rest on a colour alone. Its count is the number of
    lines highlighted; a docstring that differs is said, not highlighted."""
    lines = f"{changed} line{'s' if changed != 1 else ''}"
    text = (
        f"Highlighted: the {lines} that differ{'s' if changed == 1 else ''} "
        f"from `snippets/{base}`"
        if changed
        else f"No line differs from `snippets/{base}`"
    )
    if docstring:
        text += " besides the docstring"
    if gone:
        text += f"; {gone} of its lines {'are' if gone != 1 else 'is'} gone"
    return text + "."


def version_ranges(versions: list[str]) -> str:
    """`3.11 to 3.13, 3.15` for those versions: runs of consecutive supported versions
    joined by "to".

    >>> version_ranges(["3.11", "3.12", "3.13", "3.15"])
    '3.11 to 3.13, 3.15'
    """
    runs: list[list[str]] = []
    for version in versions:
        if runs and SUPPORTED.index(version) == SUPPORTED.index(runs[-1][-1]) + 1:
            runs[-1].append(version)
        else:
            runs.append([version])
    return ", ".join(
        run[0] if len(run) == 1 else f"{run[0]} to {run[-1]}" for run in runs
    )


@dataclass(frozen=True)
class RunHere:
    """What a Run button says about the Python it loads.

    Attributes:
        megabytes: The size of the files Pyodide fetches to start (its
            WebAssembly, standard library and lock file), which the page counts
            while they load.
        script_megabytes: The size of its two JavaScript modules.
        bytes: The fetched files' size in bytes, which the page's loading count
            reaches.
        editor: The build ships the code editor; without it, Edit opens a plain
            text box.
    """

    megabytes: float
    script_megabytes: float = 0.0
    bytes: int = 0
    editor: bool = False


RUN_HERE_HOW = "contributing/#run-it-in-the-browser"
"""Where the site says which programs run in a browser, and how that is decided,
by its address under the site root (pages with Run buttons are served, with
directory URLs; the `file://` copy has none)."""

TIME_LIMIT = 60
"""Seconds a program may run in the reader's browser before it is stopped; a snippet
whose `timeout` is longer gets that."""


def terminal_only(reason: str) -> list[str]:
    """The line under the command of a snippet that has no Run button: why, as a
    Markdown paragraph (raw HTML would be wrapped in another paragraph in a tab)."""
    return [f"Terminal only: {reason}", "{: .run-note }"]


@dataclass(frozen=True)
class Check:
    """What an exercise's Check button holds a reader's program to.

    Attributes:
        key: The exercise's name in the reader's browser storage, where a pass is
            kept (`docs/core/exercises.md#core/exercise_x.py`).
        low: The fewest seconds the goal allows: the work cannot take less.
        high: The most seconds the goal allows.
        expected: What the program must print, exactly: the solution's recording.
    """

    key: str
    low: float
    high: float
    expected: str


def render_goal(
    exercise: Exercise, page: Page, root: Path, in_browser: bool
) -> list[str]:
    """An exercise's goal, under its starter: the goal claim's sentence, the lines a
    program that meets it prints (the solution's recording), and the check script
    for a terminal, folded where the page's Check can run the exercise."""
    claims = {claim.id: claim for claim in page.claims}
    says = re.sub(r"^Goal:\s*", "", claims[exercise.goal].says)
    solution = recording_path(root, exercise.solution).relative_to(root).as_posix()
    command = f"python {exercise.check_name} {Path(exercise.starter).name}"
    script = exercise.check_script(claims, root)
    return [
        f"**Goal:** {says}",
        "{: .exercise-goal }",
        "",
        '``` { .text .output .no-copy title="What a program that meets the goal prints" }',
        f'--8<-- "{solution}"',
        "```",
        "",
        f'{"???" if in_browser else "!!!"} note "Check it in a terminal"',
        f"    Save this script as `{exercise.check_name}` beside your program, and run "
        "it with the Python you use. It runs your program, times it, and compares "
        "what it prints with the goal"
        + (", as the Check button does." if in_browser else "."),
        "",
        f'    ```python title="{exercise.check_name}"',
        *(f"    {line}" if line else "" for line in script.splitlines()),
        "    ```",
        "",
        f'    ``` {{ .console .command data-copy="{html.escape(command, quote=True)}" }}',
        f"    $ {command}",
        "    ```",
        "",
    ]


def render_run_here(
    snippet: str,
    run_here: RunHere,
    page: Page,
    settings: RunSettings | None = None,
    *,
    about: bool = True,
    check: Check | None = None,
) -> list[str]:
    """The Run, Stop, Edit and Reset buttons under a snippet's output, the editor,
    the block its output goes to in the reader's browser, and (with `about`, once per
    page) what to expect of it.

    The buttons do nothing until `javascripts/run-here.mjs` loads, on the first
    click (the page's template loads it); it reads which Pyodide to start, and
    whether there is an editor, from the block.
    """
    how = site_link(page, RUN_HERE_HOW)
    label = html.escape(
        f"Edit snippets/{snippet}. Tab indents; Escape leaves the editor.", quote=True
    )
    limit = max(TIME_LIMIT, round(settings.timeout)) if settings else TIME_LIMIT
    goal, check_button = "", ""
    if check is not None:
        goal = (
            f' data-exercise="{html.escape(check.key, quote=True)}" '
            f'data-goal-low="{check.low:g}" data-goal-high="{check.high:g}" '
            # one line: a blank line would end the raw HTML block
            f'data-goal-output="{html.escape(check.expected, quote=True).replace(chr(10), "&#10;")}"'
        )
        check_button = (
            '<button type="button" class="md-button md-button--primary '
            'run-here__check">Check</button> '
        )
    lines = [
        f'<div class="run-here" data-snippet="{html.escape(snippet, quote=True)}" '
        f'data-python="{PYODIDE_PYTHON}" data-pyodide="{PYODIDE_VERSION}" '
        f'data-bytes="{run_here.bytes}" data-editor="{str(run_here.editor).lower()}" '
        f'data-limit="{limit}"{goal}>',
        '<textarea class="run-here__editor" spellcheck="false" autocapitalize="off" '
        f'aria-label="{label}" hidden></textarea>',
        '<p class="run-here__keys" hidden>Tab indents. Press <kbd>Esc</kbd> to leave '
        "the editor.</p>",
        '<p class="run-here__buttons">' + check_button + '<button type="button" '
        f'class="md-button{"" if check else " md-button--primary"} run-here__run">'
        "Run in your browser</button> "
        '<button type="button" class="md-button run-here__stop" hidden>Stop</button> '
        '<button type="button" class="md-button run-here__edit">Edit</button> '
        '<button type="button" class="md-button run-here__reset" hidden>Reset</button>'
        "</p>",
        '<p class="run-here__label" aria-live="polite" hidden></p>',
        '<pre class="run-here__output" role="log" tabindex="0" hidden></pre>',
        *(
            [
                '<p class="run-here__verdict" role="status" hidden></p>',
                '<p class="run-here__passed" hidden><span></span>'
                '<button type="button" class="md-button run-here__forget">'
                "Forget</button></p>",
            ]
            if check
            else []
        ),
    ]
    if about:
        lines.extend(
            [
                '<details class="run-here__help"><summary>About running it here'
                "</summary>",
                f"<p>A program you run here runs in your browser, beside this page, "
                f"on Python {PYODIDE_PYTHON} compiled to WebAssembly (Pyodide "
                f"{PYODIDE_VERSION}). The first Run loads that Python, "
                f"{run_here.megabytes:.1f} MB and {run_here.script_megabytes:.1f} MB of "
                "scripts, from this site, and your browser keeps them for later visits; nothing is installed, and nothing leaves your "
                "browser. Waits behave as in a terminal: "
                "<code>await asyncio.sleep()</code> lets the other tasks run, and "
                "<code>time.sleep()</code> holds the thread, and with it the event "
                "loop, for its full time. When <code>main()</code> returns, the tasks "
                "it left are cancelled and its async generators closed, as "
                "<code>asyncio.run()</code> does; where the browser cannot do that, the "
                "output's label says <code>asyncio.run(x)</code> ran as "
                "<code>await x</code>. The time shown is measured in the browser, "
                "whose timers are coarser than a terminal's, and starts when Python "
                "is ready; in a tab in the background, the browser may run timers "
                "late.</p>",
                "<p>Stop ends a program at once, and one still running after "
                f"{TIME_LIMIT} s is stopped. Edit a program and run it again; Reset "
                "brings back the file and clears the output. Only programs that wait "
                "get a Run button: in a browser, Python cannot start threads or "
                "processes, open sockets or receive signals "
                '(<a href="https://docs.python.org/3.14/library/intro.html#wasm-'
                'availability">Python on WebAssembly</a>), and this page loads only '
                "the standard library; a program without a button says why under its "
                f'command. <a href="{how}">Which programs run here</a>.</p>',
                "</details>",
            ]
        )
    return [*lines, "</div>"]


def python_and_machine(figures: dict[str, Any]) -> str:
    """Where a figure was measured, such as `CPython 3.15.2, Linux, 2 CPUs`."""
    version = figures["python"]
    cpus = figures["cpus"]
    return (
        f"{figures['implementation']} {version}, {figures['system']}, "
        f"{cpus} CPU{'s' if cpus != 1 else ''}"
    )


PASSED, FAILED = "✓", "✗"
UNMEASURED = "\N{EM DASH}"
"""The mark of a claim without a figure in this build: neutral, since nothing failed
(only a failed claim gets `FAILED`, in the danger colour)."""
DASH = "\N{EN DASH}"

NUMBER = re.compile(r"^(-?[\d,.]+)(.*)$")


def inline(text: str) -> str:
    """A sentence from front matter as inline HTML (`code`, emphasis)."""
    converted = markdown.markdown(text)
    return converted.removeprefix("<p>").removesuffix("</p>")


def bound_range(claim: Claim, low: float, high: float) -> str:
    """A claim's bound as a range, such as `3.00–3.40 s` or `1.50–1.75×`, and
    `(the top only stops a hang)` where the claim declares a `guard`."""  # noqa: RUF002
    unit = KINDS[claim.kind].unit
    first, last = unit.format(low), unit.format(high)
    a, b = NUMBER.match(first), NUMBER.match(last)
    text = f"{a[1]}{DASH}{last}" if a and b and a[2] == b[2] else f"{first} to {last}"
    guard = " (the top only stops a hang)" if claim.guard else ""
    return text + (" each" if claim.per else "") + guard


def runs_text(claim: Claim, figures: dict[str, Any]) -> str:
    """How many runs the figure is the fastest of: `fastest of 3 runs`, `1 run`."""
    repeats = figures.get("repeats", 1)
    each = " each" if claim.baseline else ""
    if repeats > 1:
        return f"fastest of {repeats} runs{each}"
    return f"1 run{each}"


def what_is_measured(claim: Claim, figures: dict[str, Any] | None) -> str:
    """What the figure is, in a reader's words, as HTML."""
    name = f"<code>{html.escape(posixpath.basename(claim.snippet))}</code>"
    base = (
        f"<code>{html.escape(posixpath.basename(claim.baseline))}</code>"
        if claim.baseline
        else ""
    )
    shows: dict[str, str] = {}
    if figures is not None:
        shows = figures.get("shows") or {
            snippet: f"{seconds:.2f} s"
            for snippet, seconds in figures.get("seconds", {}).items()
        }
    mine, theirs = shows.get(claim.snippet), shows.get(claim.baseline or "")
    if mine and theirs:  # each program's own figure, after its name
        name, base = f"{name} ({mine})", f"{base} ({theirs})"
    per = (
        f", divided by {claim.per:,}, the number of units it adds" if claim.per else ""
    )
    whole = (
        "the whole process, from the start of <code>python</code> to its exit, "
        "interpreter start-up included"
    )
    printed = (
        " A time the program prints itself covers only its <code>main()</code>, so "
        "it reads a little lower."
    )
    if claim.kind == "seconds":
        return f"The figure is the wall time of {whole}.{printed}"
    if claim.kind == "speedup":
        return (
            f"The figure is the wall time of {base} divided by that of {name}: each "
            f"is the time of {whole}, both measured in the same run.{printed}"
        )
    if claim.kind == "ratio":
        return (
            f"The figure is the wall time of {name} divided by that of {base}: each "
            f"is the time of {whole}, both measured in the same run.{printed}"
        )
    if claim.kind in ("extra_us", "extra_seconds"):
        return (
            f"The figure is the wall time of {name} minus that of {base}{per}: each "
            f"is the time of {whole}, both measured in the same run."
        )
    if claim.kind == "peak_mib":
        return (
            "The figure is the peak resident memory of the whole process, the "
            "interpreter included, as <code>/usr/bin/time -v</code> reports it."
        )
    if claim.kind == "extra_kib":
        return (
            f"The figure is the peak resident memory of {name} minus that of "
            f"{base}{per}. Both were measured in the same run, so the interpreter's "
            "own memory cancels out."
        )
    if claim.kind == "cores":
        return (
            "The figure is the CPU time of the process and the children it waited "
            f"for, divided by its wall time{f' ({mine})' if mine else ''}: how many "
            "cores it kept busy on average."
        )
    return f"The figure is the {html.escape(KINDS[claim.kind].meaning)}."


BOUNDS_HOW = "claims/#how-a-bound-is-set"
"""Where the site says, once, how every claim's bound is set (the floor, and the
margin for start-up), by its address under the site root."""


def page_address(path: str) -> str:
    """The address under the site root of the page at `path`:
    `docs/basics/overlap.md` is `basics/overlap/`, `docs/index.md` is empty."""
    address = path.removeprefix("docs/").removesuffix(".md")
    if address == "index" or address.endswith("/index"):
        address = posixpath.dirname(address)
    return f"{address}/" if address else ""


def site_link(page: Page | None, target: str) -> str:
    """A link from `page` to `target`, an address under the site root
    (`claims/#how-a-bound-is-set`), as the served page needs it."""
    if page is None:
        return target
    here = page_address(page.path).rstrip("/")
    path, _, anchor = target.partition("#")
    link = f"{posixpath.relpath(path or '.', here or '.')}/"
    return f"{link}#{anchor}" if anchor else link


def claim_state(figures: dict[str, Any] | None) -> str:
    """`passed`, `failed`, `published` or `unmeasured`: the modifier of the claim's
    CSS class. `published` is a figure this build did not measure, shown from the
    published site, where it passed: neutral, like `unmeasured`, since this build
    checked nothing; only a failed claim is `failed`."""
    if figures is None:
        return "unmeasured"
    if not figures["passed"]:
        return "failed"
    return "published" if figures.get("source") == "published" else "passed"


def day(timestamp: float) -> str:
    """A date as a reader reads it, in UTC: `6 Dec 2025`."""
    moment = time.gmtime(timestamp)
    return f"{moment.tm_mday} {time.strftime('%b %Y', moment)}"


def commit_link(figures: dict[str, Any], digits: int = 7) -> str:
    """The commit a figure was measured from, as HTML: its first `digits` hex digits
    as code, linked to the commit where the figures give its address, and `with
    local changes` where the checkout had some; empty where unknown."""
    commit = figures.get("commit")
    if not commit:
        return ""
    text = f"<code>{html.escape(commit[:digits])}</code>"
    if figures.get("commit_url"):
        text = f'<a href="{html.escape(figures["commit_url"], quote=True)}">{text}</a>'
    return text + (" with local changes" if figures.get("changed") else "")


def measured_when(figures: dict[str, Any]) -> str:
    """When, from which commit and on what a figure was measured, as HTML: `measured
    on 6 Dec 2025 at <code>3f2c1ab</code>, CPython 3.15.2, Linux, 2 CPUs`."""
    when = f" on {day(figures['measured_at'])}" if figures.get("measured_at") else ""
    commit = commit_link(figures)
    at = f" at {commit}" if commit else ""
    if not when and not at:
        return f"measured on {python_and_machine(figures)}"
    return f"measured{when}{at}, {python_and_machine(figures)}"


def measured_where(figures: dict[str, Any]) -> str:
    """Where a chart's or a timeline's run was measured, and, for one this build did
    not measure, that it is the published site's, with its date and commit."""
    where = python_and_machine(figures)
    if figures.get("source") != "published":
        return where
    return f"the published site's run, {measured_when(figures)}"


def sparkline(values: list[float], low: float, high: float) -> str:
    """Figures, oldest first, as a small SVG: a dot each, joined, over the band of
    the bound (cut at the plot's top when the bound reaches far above). It draws
    what the list beside it says, so screen readers skip it."""
    width, height, pad = max(48, 10 * len(values)), 24, 3
    bottom, top = min(*values, low), max(values)
    if top - bottom < 1e-9:
        top = bottom + 1
    span = top - bottom

    def y(value: float) -> float:
        return round(pad + (height - 2 * pad) * (top - value) / span, 1)

    step = (width - 2 * pad) / max(1, len(values) - 1)
    points = [(round(pad + step * i, 1), y(v)) for i, v in enumerate(values)]
    band_top = y(min(high, top + span / 2))
    band = (
        f'<rect class="claim__spark-bound" x="0" y="{max(0.0, band_top)}" '
        f'width="{width}" height="{max(0.0, y(low) - max(0.0, band_top))}"/>'
    )
    line = " ".join(f"{x},{y_}" for x, y_ in points)
    dots = "".join(f'<circle cx="{x}" cy="{y_}" r="2"/>' for x, y_ in points)
    return (
        f'<svg class="claim__spark" aria-hidden="true" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">{band}'
        f'<polyline points="{line}"/>{dots}</svg>'
    )


def history_of(
    claim: Claim, figures: dict[str, Any] | None, measurements: Measurements
) -> list[str]:
    """The claim's figures in the earlier published runs, newest first, as HTML: a
    sparkline and a list of figure, date and commit; the figure shown above is
    not repeated. Empty without any."""
    shown = (figures or {}).get("commit"), (figures or {}).get("measured_at")
    earlier = [
        entry
        for entry in measurements.history.get(claim.id, [])
        if (entry.get("commit"), entry.get("measured_at")) != shown
    ]
    if not earlier:
        return []
    items = []
    for entry in earlier:
        commit = commit_link(entry)
        when = day(entry["measured_at"]) if entry.get("measured_at") else ""
        items.append(
            f"<li><strong>{html.escape(str(entry['figure']))}</strong>"
            f"{f', {when}' if when else ''}{f', at {commit}' if commit else ''}</li>"
        )
    values = [e["value"] for e in reversed(earlier) if e.get("value") is not None]
    low, high = claim.limits()
    if figures is not None:
        values.append(figures["value"])
        low, high = figures["low"], figures["high"]
    count = len(earlier)
    title = f"<strong>Earlier published figure{'s' if count > 1 else ''}</strong>"
    if len(values) > 1:
        drawn = sparkline(values, low, high)
        ending = ", ending at the figure above" if figures is not None else ""
        title += f", newest first; drawn oldest to newest{ending}: {drawn}"
    return [
        f'<p class="claim__earlier">{title}</p>',
        f'<ol class="claim__history">{"".join(items)}</ol>',
    ]


CLAIM_STYLE = "claim.css"
"""The stylesheet, under `measured/assets/`, of the claims' date line and history,
and of a published figure's neutral box; `render_page` embeds it once, before a
page's first claim."""
CLAIM_STYLE_MARK = '<style class="claim-style">'
CLAIM_OPENING = '<div class="claim claim--'
"""How a claim's block begins, in whatever marker placed it (an exercise shows its
starter's claim)."""


def claim_style() -> list[str]:
    """`CLAIM_STYLE` as a `<style>` element, one line per rule, without blank lines
    (a blank line would end the raw HTML block inside a tab)."""
    css = (Path(__file__).parent / "assets" / CLAIM_STYLE).read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules = [" ".join(rule.split()) + "}" for rule in css.split("}") if rule.strip()]
    return [CLAIM_STYLE_MARK, *rules, "</style>", ""]


def published_page(site: str, claim: Claim) -> str:
    """The address of `claim`'s box on the published site."""
    return f"{site.rstrip('/')}/{page_address(claim.page)}#claim-{claim.id}"


def render_claim(
    claim: Claim, measurements: Measurements, page: Page | None = None
) -> list[str]:
    """The claim as one HTML block: its sentence; one line with the mark, the figure,
    the bound and the runs; one line with when, from which commit and on what it
    was measured; then, folded away, its reasoning, the details of the run, and its
    figures in earlier published runs.

    The block is `div.claim` with `claim--passed`, `claim--failed`,
    `claim--published` (the published site's figure, in a build that did not
    measure it: neutral) or `claim--unmeasured`; the browser tests and the
    stylesheet rely on these names.
    """
    figures = measurements.claims.get(claim.id)
    state = claim_state(figures)
    sep = ' <span class="claim__sep" aria-hidden="true">·</span> '
    when = ""
    if figures is None:
        low, high = claim.limits()
        bound = bound_range(claim, low, high)
        result = (
            f'<span class="claim__mark" aria-hidden="true">{UNMEASURED}</span> '
            '<strong class="claim__status">not measured in this build</strong>'
            f"{sep}bound {bound}{sep}<code>make test</code> measures it"
        )
        if measurements.site and claim.id not in measurements.outdated:
            address = published_page(measurements.site, claim)
            result += f'{sep}<a href="{html.escape(address, quote=True)}">the published figure</a>'
        if claim.id in measurements.outdated:
            when = (
                "The published figure is of an earlier version of this claim or "
                "its program."
            )
    else:
        low, high = figures["low"], figures["high"]
        bound = bound_range(claim, low, high)
        figure = (
            f'<strong class="claim__figure">{html.escape(figures["figure"])}</strong>'
        )
        runs = f"{sep}{runs_text(claim, figures)}"
        # a bound over `cpus` says, where it is read, how many cores it was set for:
        # a pool that ran no faster passes on a machine with one core free
        free = figures.get("free_cores") if claim.uses_cpus else None
        shown = bound
        if free and claim.free_cores == "threads":
            shown += f" for threads that got {free:g} cores"
        elif free:
            shown += f" with {free:g} cores free"
        if figures["passed"]:
            result = (
                f'<span class="claim__mark" role="img" aria-label="passed">{PASSED}'
                f"</span> {figure}, bound {shown}{runs}"
            )
        else:
            result = (
                f'<span class="claim__mark" aria-hidden="true">{FAILED}</span> '
                f'<strong class="claim__status">failed</strong>: {figure}, outside '
                f"the bound {shown}{runs}"
            )
        when = measured_when(figures)
        if state == "published":
            when = f"Published figure, {when}"
        else:
            when = when[0].upper() + when[1:]
    why = [f"<p>{what_is_measured(claim, figures)}</p>"]
    why.append(
        f"<p><strong>Why {bound}.</strong> {inline(claim.because)} "
        f'<a href="{site_link(page, BOUNDS_HOW)}">How a bound is set</a>.</p>'
    )
    if claim.guard:
        why.append(
            "<p><strong>The upper bound only stops a hang.</strong> "
            f"{inline(claim.guard)}</p>"
        )
    if claim.uses_cpus:
        free = figures.get("free_cores") if figures else None
        threads = claim.free_cores == "threads"
        free_to = (
            "the share of cores that threads taking turns on the GIL get"
            if threads
            else "the cores free to the program"
        )
        if not free:  # a build without figures
            now = ""
        elif threads:
            now = f" Such threads got {free:g} cores when it ran, so it was {bound}."
        else:
            now = f" With {free:g} cores free when it ran, it was {bound}."
        why.append(
            f"<p>The bound depends on {free_to}: from "
            f"<code>{html.escape(str(claim.bounds[0]))}</code> to "
            f"<code>{html.escape(str(claim.bounds[1]))}</code>, where "
            f"<code>cpus</code> is that number.{now}</p>"
        )
    if figures is not None:
        why.append(f"<p>{run_details(claim, figures, measurements)}</p>")
    history = history_of(claim, figures, measurements)
    summary = (
        "What is measured, why this bound, and earlier figures"
        if history
        else "What is measured, and why this bound"
    )
    return [
        f'<div class="claim claim--{state}" id="claim-{claim.id}">',
        f'<p class="claim__says">{inline(claim.says)}</p>',
        f'<p class="claim__result">{result}</p>',
        *([f'<p class="claim__when">{when}</p>'] if when else []),
        f'<details class="claim__why"><summary>{summary}</summary>',
        *why,
        *history,
        "</details>",
        "</div>",
    ]


ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"]


def run_details(
    claim: Claim, figures: dict[str, Any], measurements: Measurements
) -> str:
    """The details of the run a figure is from, as HTML: the time, the whole commit,
    the workflow run, the interpreter and machine, the runs and attempts, and, for
    the published site's figure, that this build did not measure it."""
    parts = ["<strong>The run.</strong> Measured"]
    if figures.get("measured_at"):
        moment = time.gmtime(figures["measured_at"])
        parts.append(
            f" on {day(figures['measured_at'])} at {time.strftime('%H:%M', moment)} UTC"
        )
    commit = commit_link(figures, digits=12)
    if commit:
        parts.append(f" from commit {commit}")
    parts.append(f", on {python_and_machine(figures)}: {runs_text(claim, figures)}")
    attempts = figures.get("attempts", 1)
    if attempts > 1:
        nth = ORDINALS[attempts - 1] if attempts <= len(ORDINALS) else f"{attempts}th"
        parts.append(f", on its {nth} attempt")
    parts.append(".")
    if figures.get("run_url"):
        parts.append(
            f' <a href="{html.escape(figures["run_url"], quote=True)}">The workflow '
            "run that measured it</a>."
        )
    if figures.get("source") == "published":
        url = (measurements.published or {}).get("url")
        where = (
            f' (<a href="{html.escape(url, quote=True)}">its figures</a>)'
            if url
            else ""
        )
        parts.append(
            " This build did not measure it: the figure is the published site's"
            f"{where}, and <code>make test</code> measures it here."
        )
    return "".join(parts)


def render_chart(chart: Chart, measurements: Measurements) -> list[str]:
    """A chart drawn from the last test run, or a note that this build has no figures."""
    runs = {name: measurements.claim_run(name) for name in chart.snippets}
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
    # the title reads first, above the bars; what they measure, and where, under them
    return [
        f'<figure class="measured-figure measured-figure--chart" id="chart-{chart.id}">',
        '<figcaption class="measured-figure__title">'
        f"{html.escape(chart.title)}</figcaption>",
        draw_chart(chart, runs),  # type: ignore[arg-type]
        f'<p class="measured-figure__note">'
        f"{MEASURES[chart.measure].axis.capitalize()} of each program, "
        f"{chart_source(chart, runs)}{fastest}; "  # type: ignore[arg-type]
        "drawn when the site was built.</p>",
        "</figure>",
    ]


def chart_source(chart: Chart, runs: dict[str, dict[str, Any]]) -> str:
    """Which run a chart's bars come from: `measured by the last test run on …`, or,
    for the bars this build did not measure, the published site's run, with its
    date and commit."""
    mine = [run for run in runs.values() if run.get("source") != "published"]
    theirs = {
        name: run for name, run in runs.items() if run.get("source") == "published"
    }
    if not theirs:
        return f"measured by the last test run on {python_and_machine(mine[0])}"
    published = "the published site's run, " + figures_summary(list(theirs.values()))
    if not mine:
        return f"from {published}"
    labels = {snippet: label for label, snippet in chart.bars}
    names = ", ".join(f"“{html.escape(labels.get(n, n))}”" for n in theirs)
    return (
        f"measured by the last test run on {python_and_machine(mine[0])}, and "
        f"{names} from {published}"
    )


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
    where = measured_where(data)
    keys = "".join(
        "<li>"
        + (
            timeline_mark(kind)
            if kind in MARKS
            else f'<span class="timeline-legend__key timeline-legend__key--{kind}">'
            "</span>"
        )
        + f"{html.escape(words)}</li>"
        for kind, words in timeline_legend(data)
    )
    return [
        f'<figure class="measured-figure measured-figure--timeline" id="{ident}">',
        f'<ul class="timeline-legend">{keys}</ul>',
        draw_timeline(data, ident),
        f"<figcaption>What each task of <code>snippets/{snippet}</code> did, from a "
        f"run of the unchanged program with the event loop's steps timed ({where}): "
        "a filled bar is a step of the task on the event loop's thread (drawn at "
        "least a few pixels wide, however short); between steps, a hatched box is "
        "a wait at a lock, semaphore or queue, timed where the task called it, and "
        "a dashed line any other wait. The mark after the last step says whether "
        "the task returned, raised or was cancelled.</figcaption>",
        "</figure>",
        "",
        f'<small class="figure-how">[How this picture is made]({how})</small>',
    ]


INDEX_FILTER = (
    '<p class="claims-filter" hidden><label>Filter the claims '
    '<input type="search" class="claims-filter__input" autocomplete="off" '
    'spellcheck="false" placeholder="a word, a name, a page"></label> '
    '<span class="claims-filter__count" aria-live="polite"></span></p>'
)
"""The claims index's filter box: hidden until its script
(`measured/assets/claims-index.js`, in the page) makes it work, so a reader without
scripts sees no dead box."""


def figures_summary(figures: list[dict[str, Any]]) -> str:
    """When, from which commit and on what figures were measured, as one phrase:
    `measured on 6 Dec 2025 at <code>3f2c1ab</code>, on CPython 3.15.2, Linux, 2
    CPUs`, with a range of dates, and every machine and up to three commits,
    where they differ."""
    days = sorted({day(f["measured_at"]) for f in figures if f.get("measured_at")})
    when = ""
    if days:
        first = min(f["measured_at"] for f in figures if f.get("measured_at"))
        last = max(f["measured_at"] for f in figures if f.get("measured_at"))
        when = (
            f" on {day(first)}"
            if day(first) == day(last)
            else f" from {day(first)} to {day(last)}"
        )
    commits = {}
    for f in figures:
        if f.get("commit"):
            commits.setdefault(f["commit"], commit_link(f))
    named = list(commits.values())
    if len(named) > 3:
        more = len(named) - 3
        named = [*named[:3], f"{more} more commit{'s' if more > 1 else ''}"]
    at = f" at {', '.join(named)}" if named else ""
    machines = "; ".join(sorted({python_and_machine(f) for f in figures}))
    return f"measured{when}{at}, on {machines}"


def render_index(project: Project, measurements: Measurements, page: Page) -> list[str]:
    """Every claim on the site, under a heading for each section of the site in its
    reading order (the nav's), then in the order of its page's declarations: the
    sentence (identifiers as code), a link to the page that makes it, the result as
    the page marks it (`✓` passed, `✗ failed`, a neutral dash where this build has no
    figure), and the bound. Where the claims were measured is said once, above; a
    filter box narrows the rows as a reader types."""
    order = reading_order(project.root)
    section_of = {path: section for path, section, _ in order}
    nav_title = {path: title for path, _, title in order if title}
    rank = {path: index for index, (path, _, _) in enumerate(order)}
    pages = {p.path: p for p in project.pages}
    claims = sorted(
        project.claims.values(),
        key=lambda claim: rank.get(claim.page, len(rank)),  # stable: declaration order
    )
    here_figures = [
        f for f in measurements.claims.values() if f.get("source") != "published"
    ]
    published = [
        f for f in measurements.claims.values() if f.get("source") == "published"
    ]
    machines = sorted({python_and_machine(figures) for figures in here_figures})
    published_machines = sorted({python_and_machine(f) for f in published})
    if not machines and not published:
        where = (
            "This build has no figures: each row shows its bound, and `make test` "
            "measures every claim."
        )
    elif not machines:
        where = (
            "This build measured no claim: every figure below is the published "
            f"site's, {figures_summary(published)}. The runs each is the fastest of "
            "are in its row, and `make test` measures them here."
        )
    else:
        mine = figures_summary(here_figures)
        where = (
            f"Every figure below is from the last test run, {mine}"
            if not published
            else f"The figures below are from the last test run, {mine}, except "
            "those marked *published*, which this build did not measure: they are "
            f"the published site's, {figures_summary(published)}"
        )
        where += ". The runs each is the fastest of are in its row"
        if len(machines) > 1:
            where += ", and where it was measured, if not on the first"
        where += "."
    assets = Path(__file__).parent / "assets"
    lines = [
        "<style>",
        (assets / "claims-index.css").read_text().strip(),
        "</style>",
        "",
        where,
        "",
        INDEX_FILTER,
        "",
    ]
    sections: dict[str, list[Claim]] = {}
    for claim in claims:
        sections.setdefault(section_of.get(claim.page, "Other pages"), []).append(claim)
    for section, members in sections.items():
        lines.extend(
            [
                '<div class="claims-section" markdown="1">',
                "",
                f"### {section}",
                "",
                '<table class="claims-index">',
                "<thead><tr><th>Claim</th><th>Page</th><th>Result</th><th>Bound</th>"
                "</tr></thead><tbody>",
            ]
        )
        for claim in members:
            # the served page's address: raw HTML, which no builder rewrites
            link = site_link(page, f"{page_address(claim.page)}#claim-{claim.id}")
            figures = measurements.claims.get(claim.id)
            state = claim_state(figures)
            if figures is None:
                low, high = claim.limits()
                result = f"{UNMEASURED} not measured in this build"
                runs = ""
            else:
                low, high = figures["low"], figures["high"]
                figure = html.escape(figures["figure"])
                result = (
                    f"{PASSED} {figure}"
                    if figures["passed"]
                    else f"{FAILED} failed: {figure}"
                )
                machine = python_and_machine(figures)
                if state == "published":
                    first = published_machines[0]
                    elsewhere = ", published" if machines else ""
                else:
                    first = machines[0]
                    elsewhere = ""
                if machine != first:
                    elsewhere += f", {machine}"
                runs = f'<small class="claims-index__runs">{runs_text(claim, figures)}{elsewhere}</small>'
            owner = pages.get(claim.page)
            title = nav_title.get(claim.page) or (owner.title if owner else None)
            # plain text: a link's underline would run through code set in it
            title = html.escape((title or claim.page).replace("`", ""))
            lines.append(
                f'<tr id="index-{claim.id}" data-claim="{claim.id}">'
                f'<td data-label="Claim">{inline(claim.says)}</td>'
                f'<td data-label="Page"><a href="{link}">{title}</a></td>'
                f'<td data-label="Result"><span class="claim-status '
                f'claim-status--{state}">{result}</span>{" " + runs if runs else ""}</td>'
                f'<td data-label="Bound">{bound_range(claim, low, high)}</td></tr>'
            )
        lines.extend(["</tbody></table>", "", "</div>", ""])
    # after the rows it filters: it runs as the page loads, and again when instant
    # navigation brings the page in
    script = (assets / "claims-index.js").read_text().strip()
    return [*lines, "<script>", script, "</script>"]


API_PAGE = "docs/reference/asyncio.md"
"""The page that renders the reference of every `asyncio` name the guide uses."""

API_ENTRY = re.compile(
    r"^(?:::: |#{2,6} .*\{ *#)(asyncio(?:\.\w+)+)(?: *\})?\s*$", re.MULTILINE
)
"""An entry of the reference page: `::: asyncio.gather`, rendered from the source of
the Python that builds the site, or, for a name that Python lacks (newer), a heading
with the name as its anchor, `## asyncio.capture_call_graph { #asyncio.capture_call_graph }`."""

INLINE_NAME = re.compile(
    r"(?<![\[`\w])`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?)`(?![\]`(])"
)
"""Inline code that is a dotted name, `asyncio.gather` or `asyncio.all_tasks()`, and
not already a link's text."""
LINK_TEXT = re.compile(r"\[[^\[\]]*\]")
"""The text of a link, `[the docs]`, in which code stays as it is."""


def link_api_names(
    line: str, address: Callable[[str], str | None] = docs_address
) -> str:
    """Link each inline-code mention of a standard-library name to its entry on
    docs.python.org.

    `` `asyncio.gather` `` becomes
    `` [`asyncio.gather`](https://docs.python.org/3/library/asyncio-task.html#asyncio.gather) ``;
    `` `loop.run_in_executor` `` links to `asyncio.loop.run_in_executor`'s entry. A
    name the map (`measured/python_docs.py`) does not hold is left alone, and so is
    one that is already a link.
    """

    inside = [m.span() for m in LINK_TEXT.finditer(line)]

    def link(match: re.Match[str]) -> str:
        if any(start < match.start() < end for start, end in inside):
            return match[0]  # a link's text already
        target = address(match[1])
        return f"[`{match[1]}`]({target})" if target else match[0]

    return INLINE_NAME.sub(link, line)


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
    markdown: str,
    page: Page,
    project: Project,
    measurements: Measurements,
    run_here: RunHere | None = None,
) -> str:
    """Replace every marker line of a page's Markdown body with what it stands for.

    Args:
        markdown: The page body as mkdocs hands it over (front matter removed).
        page: The page as the harness read it, for its claims and path.
        project: The whole project, for snippet settings and the claims index.
        measurements: The figures of the last test run (possibly none).
        run_here: Where the build ships Pyodide: each snippet that can run in a
            browser gets a Run button. None: no page has one.
    """
    claims = {claim.id: claim for claim in page.claims}
    charts = {chart.id: chart for chart in page.charts}
    markers = {m.line: m for m in read_markers(page.path, markdown)}
    # the reference page links each of its entries itself
    names = page.path != API_PAGE
    out: list[str] = []
    in_fence = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            line = strip_example_settings(line)
        marker = markers.get(number)
        if marker is None or not MARKER.match(line.strip()):
            linkable = not in_fence and not line.lstrip().startswith("#")
            out.append(link_api_names(line) if linkable and names else line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        file_line = number + page.body_offset
        if marker.name in SHOWING:
            exercise = None
            if marker.name == "exercise":
                exercise = page.exercises.get(str(marker.argument))
                if exercise is None:
                    raise ContributorError(
                        page.path,
                        f"places exercise {marker.argument!r}, which its front matter "
                        "does not declare under `exercises:`",
                        file_line,
                    )
            # the page explains running in the browser once, at its first Run button
            about = not any('class="run-here__help"' in text for text in out)
            block = render_run(
                project,
                page,
                str(marker.argument),
                file_line,
                measurements,
                run_here,
                about,
                marker.variant_of,
                exercise,
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
            block = render_claim(claims[str(marker.argument)], measurements, page)
        else:
            block = render_index(project, measurements, page)
        shows_claim = any(CLAIM_OPENING in text for text in block)
        if shows_claim and not any(CLAIM_STYLE_MARK in text for text in out):
            block = [*claim_style(), *block]
        out.extend(f"{indent}{text}" if text else "" for text in block)
    return "\n".join(out) + "\n"


TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
CELL = re.compile(r"<td\b")


def label_table_cells(page_html: str) -> str:
    """Give each body cell of a page's tables the header of its column, as
    `data-label`, so that on a phone, where a table of three columns or more is
    stacked into one card per row (`extra.css`), each cell still says which
    column it belongs to. Tables with a class of their own (the claims index) are
    left as they are."""

    def label(table: re.Match[str]) -> str:
        body = table[1]
        head, _, rows = body.partition("</thead>")
        headers = [
            html.escape(html.unescape(re.sub(r"<[^>]+>", "", cell)).strip(), quote=True)
            for cell in HEADER_CELL.findall(head)
        ]
        if not headers or not rows:
            return table[0]

        def label_row(row: re.Match[str]) -> str:
            count = iter(range(len(headers) * 2))
            return (
                "<tr>"
                + CELL.sub(
                    lambda cell: (
                        f'<td data-label="{headers[i]}"'
                        if (i := next(count)) < len(headers)
                        else cell[0]
                    ),
                    row[1],
                )
                + "</tr>"
            )

        return f"<table>{head}</thead>{ROW.sub(label_row, rows)}</table>"

    return TABLE.sub(label, page_html)


SEARCH_SKIPS = re.compile(
    r'<(div|p|details|figure|small) class="((?:[^"]*\s)?(?:highlight|tabbed-labels|'
    r"run-here|run-note|variant-note|measured-figure|figure-how|claim__result|"
    r'claim__why)(?:\s[^"]*)?)"'
)
"""The opening tags of what a search result's preview should not quote: code
blocks (programs, commands, outputs), tab labels, Run buttons, the notes under a
block, figures, and a claim's result line and reasoning."""

MEMBER_HEADING = re.compile(r'<(h[2-6]) id="(asyncio(?:\.\w+){2,})"')
"""A heading of the reference page for a member of a class (`asyncio.Task.cancel`)."""


def keep_out_of_search(page_html: str, path: str) -> str:
    """Mark what the site's search leaves out of its index (`data-search-exclude`,
    which the theme's search plugin skips): on every page, the blocks a result's
    preview would otherwise quote instead of the page's prose, so that a preview
    reads as sentences; on the asyncio reference, the entries for members of a
    class, so that a reader's search lands on the teaching pages first (the class
    and function entries stay, lowered by the page's `search: boost`)."""
    marked = SEARCH_SKIPS.sub(r'<\1 class="\2" data-search-exclude', page_html)
    if path == API_PAGE:
        marked = MEMBER_HEADING.sub(r'<\1 id="\2" data-search-exclude', marked)
    return marked

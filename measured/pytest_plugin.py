"""The suite as a pytest plugin: each page of the guide is a test file.

`pytest docs/basics/what-is-async.md` collects the page as a
[`PageFile`][measured.pytest_plugin.PageFile], and its items are what the page
shows, each also marked with its kind (`-m claim`):

| Item | Node id | What it checks |
| --- | --- | --- |
| [`Output`][measured.pytest_plugin.Output] | `docs/basics/what-is-async.md::output[basics/overlap.py@3.12]` | the program prints its recording on that Python |
| [`ClaimCheck`][measured.pytest_plugin.ClaimCheck] | `docs/basics/what-is-async.md::claim[overlap-takes-longest-wait]` | the claim holds, as measured |
| [`Timeline`][measured.pytest_plugin.Timeline] | `docs/basics/what-is-async.md::timeline[basics/sequential.py]` | its timeline is this run's trace |
| [`ExerciseCheck`][measured.pytest_plugin.ExerciseCheck] | `docs/basics/exercises.md::exercise[basics/exercise_downloads.py@3.12]` | the starter misses its goal, the solution meets it |
| [`InlineExample`][measured.pytest_plugin.InlineExample] | `docs/<page>.md::example[<first line>-<last line>]` | a fenced example prints what its `#>` lines say |

A program shown on two pages is checked once, as an item of the first page (or of
each page named on the command line, if the first is not). Claims, timelines,
exercises and the outputs that load could change carry the `measure` marker: they
are made in the measuring phase
([`MeasuringPhase`][measured.pytest_plugin.MeasuringPhase]), all at once, as
`measured.schedule` orders them, and each item asserts on what the engine recorded
for it. The root `conftest.py` loads this plugin; `tests/conftest.py` holds the
fixtures of the suite's other tests.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_examples import find_examples

from measured import postgres
from measured.claims import Claim, ClaimFailed
from measured.errors import ContributorError
from measured.examples import check_example, write_updates
from measured.exercises import Exercise
from measured.interpreters import Interpreter, find_interpreters, version_key
from measured.measurements import timeline_path
from measured.measuring import Engine, HungElsewhere
from measured.processes import importable, suite_id
from measured.project import Page, Project
from measured.pythons import missing_packages
from measured.runner import Run
from measured.schedule import cost, measured_first, phase_jobs, run_jobs
from measured.settings import installed_nowhere
from measured.store import trace_file

ROOT = Path(__file__).resolve().parent.parent
"""The checkout this plugin belongs to (a copied sample project has its own)."""


@dataclass
class Suite:
    """What every test of one session shares: the project, the Pythons found here,
    and the measuring engine."""

    project: Project
    """Lenient: a page whose front matter has a mistake fails one test (the
    integrity test names it), and every other page's tests still run."""
    interpreters: list[Interpreter]
    engine: Engine
    """Every run it makes is kept for this run of the suite (both phases of `make
    test`), and outside CI reused from earlier runs whose inputs have not changed."""

    @property
    def primary(self) -> Interpreter:
        return next(python for python in self.interpreters if python.primary)

    @property
    def newest(self) -> Interpreter:
        """The newest Python found: it measures the claims and draws the timelines."""
        return self.interpreters[-1]


@functools.cache
def suite() -> Suite:
    """This process's suite, made on first use (a reader's own pytest session on a
    snippet never makes it)."""
    project = Project(ROOT, lenient=True)
    engine = Engine(
        ROOT, project.settings, reuse=not os.environ.get("CI"), suite=suite_id()
    )
    return Suite(project, find_interpreters(), engine)


# --- why a program cannot run here ---------------------------------------------------


def unreadable(snippet: str, broken: ContributorError) -> str:
    """Why a snippet is skipped: its page's front matter has a mistake, which a
    failure reports (once: here only its place)."""
    where = f"{broken.path}:{broken.line}" if broken.line else broken.path
    return (
        f"snippets/{snippet}: its page cannot be read ({where}; its message is "
        "among the failures)"
    )


def skip_if_unrunnable(snippet: str, python: Interpreter) -> None:
    """Skip, with the reason, a snippet that needs a newer Python, a missing module or
    a server that cannot start here."""
    project = suite().project
    broken = project.broken(snippet)
    if broken is not None:
        pytest.skip(unreadable(snippet, broken))
    settings = project.settings(snippet)
    if settings.python and version_key(python.minor) < version_key(settings.python):
        pytest.skip(f"snippets/{snippet} needs Python {settings.python}")
    missing = [m for m in settings.requires if not importable(python.path, m)]
    # a module no Python here has: a misspelling or a package never added (issue 30)
    nowhere = [
        m
        for m in missing
        if not any(importable(p.path, m) for p in suite().interpreters)
    ]
    if nowhere and os.environ.get("CI"):
        pytest.fail(installed_nowhere(snippet, nowhere, ci=True), pytrace=False)
    if nowhere:
        warnings.warn(installed_nowhere(snippet, nowhere), stacklevel=1)
    if "postgres" in settings.needs and (why := postgres.unavailable()):
        # CI publishes these snippets' figures: there, a missing server is a failure
        fail_or_skip = pytest.fail if os.environ.get("CI") else pytest.skip
        fail_or_skip(f"snippets/{snippet} needs PostgreSQL: {why}")
    if missing:
        why = "; ".join(missing_packages(python.minor, ROOT).values())
        pytest.skip(
            f"snippets/{snippet} needs {', '.join(missing)}, not installed for "
            f"Python {python.version} ({python.path})" + (f": {why}" if why else "")
        )


def runnable(snippet: str, python: Interpreter) -> bool:
    try:
        skip_if_unrunnable(snippet, python)
    except pytest.skip.Exception:
        return False
    return True


def claim_python(claim: Claim) -> Interpreter | None:
    """The Python a claim is measured with: the newest found here that runs all its
    programs (one whose package has no build for the newest is measured on the
    newest that has it)."""
    for python in sorted(
        suite().interpreters, key=lambda p: version_key(p.version), reverse=True
    ):
        try:
            for snippet in claim.snippets:
                skip_if_unrunnable(snippet, python)
        except (pytest.skip.Exception, pytest.fail.Exception):
            continue
        return python
    return None


# --- the measuring phase --------------------------------------------------------------


def params_of(item: pytest.Item) -> dict[str, Any]:
    """An item's parameters: a page item's own, or a parametrized test's."""
    if isinstance(item, PageItem):
        return item.params
    return dict(getattr(getattr(item, "callspec", None), "params", {}))


def selected(
    session: pytest.Session, *names: str, measuring: bool = False
) -> list[tuple[Any, ...]]:
    """The values of the parameters `names` of every test this session runs (only the
    `measure`-marked ones with `measuring`), so that the first test to need a
    measurement can have the engine make all of them at once, scheduled together.
    Under xdist each worker runs a share of the tests, so nothing is gathered."""
    if hasattr(session.config, "workerinput"):
        return []
    found = []
    for item in session.items:
        params = params_of(item)
        if all(name in params for name in names) and (
            not measuring or item.get_closest_marker("measure") is not None
        ):
            found.append(tuple(params[name] for name in names))
    return found


class MeasuringPhase:
    """Everything the measuring phase of this session does, made together on first
    use: every selected claim, output check (of snippets whose output load could
    change) and timeline. The engine schedules them as one set of jobs (waiting
    programs side by side, CPU-bound ones alone), so that no kind of job waits for
    another's CPU-bound programs to end. Each item then asserts on what the engine
    recorded for it."""

    def __init__(self, session: pytest.Session, directory: Path) -> None:
        self.session = session
        self.directory = directory
        self.checks: dict[tuple[str, str], Run | ContributorError] = {}
        self.traces: dict[str, Run | ContributorError] = {}

    def measure(
        self,
        claim: str | None = None,
        check: tuple[str, Interpreter] | None = None,
        trace: str | None = None,
    ) -> None:
        """Measure what is asked and everything else selected that is not done yet."""
        project, engine = suite().project, suite().engine
        claims = [c for c in [claim] if c] + [
            c for (c,) in selected(self.session, "claim_id")
        ]
        checks = [c for c in [check] if c] + selected(
            self.session, "snippet", "python", measuring=True
        )
        if self.session.config.getoption("update_examples"):
            checks = []  # re-recorded by each item instead (`check_output(update=...)`)
        traces = [t for t in [trace] if t] + [
            t for (t,) in selected(self.session, "timeline_of")
        ]
        todo: dict[Interpreter, list[Claim]] = {}
        for name in dict.fromkeys(claims):
            python = claim_python(project.claims[name])
            if name not in engine.verdicts and python is not None:
                todo.setdefault(python, []).append(project.claims[name])
        run_jobs(
            phase_jobs(
                engine,
                traces=[
                    name
                    for name in dict.fromkeys(traces)
                    if name not in self.traces and project.broken(name) is None
                ],
                trace_python=suite().newest,
                directory=self.directory,
                claims=todo,
                checks=[
                    (name, py)
                    for name, py in dict.fromkeys(checks)
                    if (name, py.path) not in self.checks and runnable(name, py)
                ],
                alone=project.alone,
                traced=self.traces,
                checked=self.checks,
            )
        )

    def verdict(self, claim_id: str) -> Any:
        """The claim's verdict, or the contributor's mistake that kept it from one."""
        engine = suite().engine
        if claim_id not in engine.verdicts:
            self.measure(claim=claim_id)
        return engine.verdicts[claim_id]

    def check(self, snippet: str, python: Interpreter) -> Run:
        """The output check of a program whose output load could change."""
        if (snippet, python.path) not in self.checks:
            self.measure(check=(snippet, python))
        found = self.checks[(snippet, python.path)]
        if isinstance(found, ContributorError):
            raise found
        return found

    def trace(self, snippet: str) -> tuple[Run, Path]:
        """The run a timeline is drawn from, and the trace it wrote."""
        broken = suite().project.broken(snippet)
        if broken is not None:
            pytest.skip(unreadable(snippet, broken))
        if snippet not in self.traces:
            self.measure(trace=snippet)
        found = self.traces[snippet]
        if isinstance(found, ContributorError):
            raise found
        return found, trace_file(self.directory, snippet)


PHASE = pytest.StashKey[MeasuringPhase]()


def measuring_phase(session: pytest.Session) -> MeasuringPhase:
    """This session's measuring phase, made on first use; its traces' folder is
    removed when the session ends."""
    if PHASE not in session.stash:
        directory = Path(tempfile.mkdtemp(prefix="measured-traces-"))
        session.stash[PHASE] = MeasuringPhase(session, directory)
    return session.stash[PHASE]


# --- a page and its items -------------------------------------------------------------


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Any:
    """A page of the guide (`docs/**/*.md`) is a test file."""
    if file_path.suffix == ".md" and file_path.resolve().is_relative_to(ROOT / "docs"):
        return PageFile.from_parent(parent, path=file_path)
    return None


class PageFile(pytest.File):
    """One page: its programs' outputs, claims, timelines, exercises and inline
    examples, in that order."""

    def collect(self) -> Iterator[pytest.Item]:
        path = self.path.resolve().relative_to(ROOT).as_posix()
        project = suite().project
        page = next(p for p in project.pages if p.path == path)
        pythons = suite().interpreters
        groups = project.groups()
        lines = {m.argument: m.line for m in reversed(page.markers) if m.argument}
        showing = project.pages_showing()
        named = set(getattr(self.config.option, "measured_pages", None) or [])

        def mine(snippet: str) -> bool:
            """A program shown on two pages is checked once, by the first; a page
            named on the command line checks it too if the first is not named. A
            program whose file is missing has no item: the project's agreement
            names the page's line that shows it."""
            if not (ROOT / "snippets" / snippet).is_file():
                return False
            first = showing[snippet][0]
            return first == page.path or (bool(named) and first not in named)

        for name in filter(mine, dict.fromkeys(page.shows)):
            for python in pythons:
                yield Output.from_parent(
                    self,
                    name=f"output[{name}@{python.minor}]",
                    page=page,
                    line=lines.get(name),
                    params={"snippet": name, "python": python},
                    group=f"{groups.get(name, name)} on {python.minor}",
                )
        for claim in page.claims:
            yield ClaimCheck.from_parent(
                self,
                name=f"claim[{claim.id}]",
                page=page,
                line=claim.line,
                params={"claim_id": claim.id},
            )
        timelines = [str(m.argument) for m in page.markers if m.name == "timeline"]
        for name in filter(mine, dict.fromkeys(timelines)):
            yield Timeline.from_parent(
                self,
                name=f"timeline[{name}]",
                page=page,
                line=lines.get(name),
                params={"timeline_of": name},
            )
        for exercise in page.exercises.values():
            for python in pythons:
                yield ExerciseCheck.from_parent(
                    self,
                    name=f"exercise[{exercise.starter}@{python.minor}]",
                    page=page,
                    line=lines.get(exercise.starter),
                    params={"exercise": exercise, "python": python},
                )
        for example in find_examples(self.path):
            yield InlineExample.from_parent(
                self,
                name=f"example[{example.start_line}-{example.end_line}]",
                page=page,
                line=example.start_line,
                params={"example": example},
            )


class PageItem(pytest.Item):
    """A check of one thing a page shows. Its `params` name what it checks, as a
    parametrized test's would."""

    kind = ""

    def __init__(
        self,
        *,
        page: Page,
        params: dict[str, Any],
        line: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.page = page
        self.params = params
        self.line = line
        self.add_marker(pytest.mark.page(page.path))
        self.add_marker(getattr(pytest.mark, self.kind))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.line - 1 if self.line else None  # pytest counts from 0
        return self.path, line, self.nodeid.split("::", 1)[1]

    @property
    def phase(self) -> MeasuringPhase:
        return measuring_phase(self.session)

    @property
    def updating(self) -> bool:
        return bool(self.config.getoption("update_examples"))


class Output(PageItem):
    """A program runs as a reader would run it, on one Python, and prints its
    recording: the same words, and times within their tolerance.

    Programs whose output load could change are checked in the measuring phase,
    where nothing heavy runs beside them (`measured.schedule.measured_first`); the
    rest run beside the other checks of the second phase, and a time printed late
    is tried again."""

    kind = "output"

    def __init__(self, *, group: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        name = self.params["snippet"]
        # no "@" in a group name: xdist reads what follows the last "@" as the group
        self.add_marker(pytest.mark.xdist_group(group))
        project = suite().project
        if measured_first(project, name):
            self.add_marker(pytest.mark.measure)
            self.add_marker(pytest.mark.weight(cost(project, [name])))

    def runtest(self) -> None:
        snippet, python = self.params["snippet"], self.params["python"]
        skip_if_unrunnable(snippet, python)
        engine = suite().engine
        measuring = self.get_closest_marker("measure") is not None
        written = len(engine.recorded)
        try:
            if measuring and not self.updating:
                self.phase.check(
                    snippet, python
                )  # checked with the others of its phase
            else:
                engine.check_output(snippet, python, update=self.updating)
        except HungElsewhere as hung:  # reported once, by the Python it hung on
            pytest.skip(str(hung))
        finally:  # for the session's summary, from an xdist worker too
            said = self.user_properties
            said += [("recorded", line) for line in engine.recorded[written:]]
            source = engine.reused(snippet, python)
            if source:
                said.append(
                    ("reused", f"snippets/{snippet} on {python.minor} ({source})")
                )


class ClaimCheck(PageItem):
    """A claim holds: the measuring engine measured it, and the item asserts on the
    verdict it recorded."""

    kind = "claim"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        claim = suite().project.claims[self.params["claim_id"]]
        self.add_marker(pytest.mark.measure)
        self.add_marker(pytest.mark.weight(cost(suite().project, claim.snippets)))

    def runtest(self) -> None:
        claim = suite().project.claims[self.params["claim_id"]]
        if claim_python(claim) is None:
            for snippet in claim.snippets:  # skips, saying what is missing
                skip_if_unrunnable(snippet, suite().newest)
        verdict = self.phase.verdict(claim.id)
        if isinstance(verdict, ContributorError):
            raise verdict
        if not verdict.passed:
            raise ClaimFailed(verdict)


class Timeline(PageItem):
    """A timeline is drawn from a real, instrumented run of its program, under
    `measured.timeline`, which must print the program's recording; the engine
    records the trace for the build, and the item checks that what it recorded is
    this run's trace, on this Python."""

    kind = "timeline"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        name = self.params["timeline_of"]
        self.add_marker(pytest.mark.measure)
        self.add_marker(pytest.mark.weight(cost(suite().project, [name])))

    def runtest(self) -> None:
        snippet = self.params["timeline_of"]
        try:
            run, trace = self.phase.trace(snippet)
        except ContributorError as error:
            raise ContributorError(
                f"snippets/{snippet}",
                f"failed when run for its timeline, under measured.timeline:\n{error}",
            ) from None
        recorded = json.loads(timeline_path(ROOT, snippet).read_text())
        traced = json.loads(trace.read_text())
        assert recorded["tasks"] == traced["tasks"], (
            f"snippets/{snippet}: stale timeline"
        )
        assert recorded["snippet"] == snippet
        assert recorded["implementation"] == run.implementation


class ExerciseCheck(PageItem):
    """An exercise, on one Python, judged as the check script its page gives a
    reader judges a program: the starter misses the goal for the reason the
    exercise is about, and the solution meets it (a solution too slow, which load
    explains, runs again). Its programs' runs are their output checks', made in
    the measuring phase, so judging them costs little."""

    kind = "exercise"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_marker(pytest.mark.measure)
        self.add_marker(pytest.mark.weight(0.1))

    def runtest(self) -> None:
        exercise: Exercise = self.params["exercise"]
        python: Interpreter = self.params["python"]
        for snippet in (exercise.starter, exercise.solution):
            skip_if_unrunnable(snippet, python)
        claims = {claim.id: claim for claim in self.page.claims}
        goal = exercise.bounds(claims)
        try:
            for snippet in (exercise.starter, exercise.solution):
                self.phase.check(snippet, python)
            suite().engine.prove_exercise(
                exercise, python, goal, exercise.expected(ROOT)
            )
        except HungElsewhere as hung:
            pytest.skip(str(hung))


class InlineExample(PageItem):
    """A short fenced example runs, prints what its `#>` comments say, and passes
    the same ruff rules as the snippets. A fragment that cannot run on its own is
    marked on its fence, as in pydantic's docs: ```` ```py test="skip" ````."""

    kind = "example"

    def runtest(self) -> None:
        check_example(self, self.params["example"], ROOT)


# --- the session ----------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Measure first, with nothing else running. In one session that does
    everything (`pytest docs/core/tasks.md`), build the site last, from the figures;
    spread over xdist's workers (the second phase of `make test`), start the site
    builds and the browser first: they are the longest work, and the figures they
    show were measured in the first phase.

    A page check spread over workers (`pytest -n 2 docs/core/tasks.md`) measures in
    the same session as it builds: its measuring items join the site's group, on
    one worker, which measures first and builds last."""
    workers = hasattr(config, "workerinput")
    targeted = bool(getattr(config.option, "measured_pages", None))
    spread = workers and not targeted
    if workers and targeted:
        for item in items:
            if item.get_closest_marker("measure") is not None:
                item.add_marker(pytest.mark.xdist_group("site"), append=False)
    items.sort(
        key=lambda item: (
            item.get_closest_marker("measure") is None,
            (item.get_closest_marker("last") is None) == (not spread),
        )
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Report a contributor's mistake as its message alone, without a traceback."""
    try:
        return (yield)
    except ContributorError as error:
        message = str(error)
    # failed outside the `except`: raised inside it, pytest would print the message
    # twice, joined by "During handling of the above exception"
    pytest.fail(message, pytrace=False)


@pytest.hookimpl(tryfirst=True)  # before the check for processes left running
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop the PostgreSQL server this process started for its snippets, if any,
    remove the measuring phase's traces, and write the inline examples re-recorded."""
    postgres.stop()
    if PHASE in session.stash:
        shutil.rmtree(session.stash[PHASE].directory, ignore_errors=True)
    write_updates()

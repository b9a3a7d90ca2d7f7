"""Shared pieces of the suite: the project, one run per snippet, readable failures.

Contributors never edit this: pages, snippets and front matter drive every test.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import measured.site
from measured import postgres
from measured.claims import Claim, Verdict
from measured.errors import ContributorError
from measured.interpreters import (
    Interpreter,
    find_interpreters,
    version_key,
)
from measured.measurements import DIRECTORY
from measured.measuring import Engine
from measured.processes import importable, suite_id
from measured.project import Page, Project
from measured.pythons import missing_packages
from measured.runner import Run
from measured.schedule import phase_jobs, run_jobs
from measured.settings import installed_nowhere
from measured.store import trace_file

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project(ROOT, lenient=True)
"""Lenient: a page whose front matter has a mistake fails one test (the integrity
test names it), and every other page's tests still run."""
INTERPRETERS = find_interpreters()
PRIMARY = next(python for python in INTERPRETERS if python.primary)
NEWEST = INTERPRETERS[-1]
"""The newest Python found: it measures the claims and draws the timelines."""


ENGINE = Engine(
    ROOT, PROJECT.settings, reuse=not os.environ.get("CI"), suite=suite_id()
)
"""This session's measuring engine: every run it makes is kept for this run of the
suite (both phases of `make test`), and outside CI reused from earlier runs whose
inputs have not changed."""


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
    broken = PROJECT.broken(snippet)
    if broken is not None:
        pytest.skip(unreadable(snippet, broken))
    settings = PROJECT.settings(snippet)
    if settings.python and version_key(python.minor) < version_key(settings.python):
        pytest.skip(f"snippets/{snippet} needs Python {settings.python}")
    missing = [m for m in settings.requires if not importable(python.path, m)]
    # a module no Python here has: a misspelling or a package never added (issue 30)
    nowhere = [
        m for m in missing if not any(importable(p.path, m) for p in INTERPRETERS)
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


@pytest.hookimpl(tryfirst=True)  # before the check for processes left running
def pytest_sessionfinish() -> None:
    """Stop the PostgreSQL server this process started for its snippets, if any."""
    postgres.stop()


@pytest.fixture(scope="session")
def pages(request: pytest.FixtureRequest) -> list[Page]:
    """The pages this session checks: those named on the command line
    (`pytest docs/core/tasks.md`), or every page."""
    named = getattr(request.config.option, "measured_pages", None)
    return [page for page in PROJECT.pages if not named or page.path in named]


@pytest.fixture(scope="session")
def engine() -> Engine:
    return ENGINE


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
        params = getattr(getattr(item, "callspec", None), "params", {})
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
    another's CPU-bound programs to end. Each test then asserts on what the engine
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
        claims = [c for c in [claim] if c] + [
            c for (c,) in selected(self.session, "claim_id")
        ]
        checks = [c for c in [check] if c] + selected(
            self.session, "snippet", "python", measuring=True
        )
        if self.session.config.getoption("update_examples"):
            checks = []  # re-recorded by each test instead (`check_output(update=...)`)
        traces = [t for t in [trace] if t] + [
            t for (t,) in selected(self.session, "timeline_of")
        ]
        todo: dict[Interpreter, list[Claim]] = {}
        for name in dict.fromkeys(claims):
            python = claim_python(PROJECT.claims[name])
            if name not in ENGINE.verdicts and python is not None:
                todo.setdefault(python, []).append(PROJECT.claims[name])
        run_jobs(
            phase_jobs(
                ENGINE,
                traces=[
                    name
                    for name in dict.fromkeys(traces)
                    if name not in self.traces and PROJECT.broken(name) is None
                ],
                trace_python=NEWEST,
                directory=self.directory,
                claims=todo,
                checks=[
                    (name, py)
                    for name, py in dict.fromkeys(checks)
                    if (name, py.path) not in self.checks and runnable(name, py)
                ],
                alone=PROJECT.alone,
                traced=self.traces,
                checked=self.checks,
            )
        )


@pytest.fixture(scope="session")
def measuring(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> MeasuringPhase:
    return MeasuringPhase(request.session, tmp_path_factory.mktemp("traces"))


class Verdicts:
    """The claims of this session, each measured in the measuring phase."""

    def __init__(self, phase: MeasuringPhase) -> None:
        self.phase = phase

    def __getitem__(self, claim_id: str) -> Verdict | ContributorError:
        if claim_id not in ENGINE.verdicts:
            self.phase.measure(claim=claim_id)
        return ENGINE.verdicts[claim_id]


class OutputChecks:
    """The output checks of the measuring phase (snippets whose output load could
    change)."""

    def __init__(self, phase: MeasuringPhase) -> None:
        self.phase = phase

    def __getitem__(self, job: tuple[str, Interpreter]) -> Run:
        snippet, python = job
        if (snippet, python.path) not in self.phase.checks:
            self.phase.measure(check=job)
        found = self.phase.checks[(snippet, python.path)]
        if isinstance(found, ContributorError):
            raise found
        return found


def runnable(snippet: str, python: Interpreter) -> bool:
    try:
        skip_if_unrunnable(snippet, python)
    except pytest.skip.Exception:
        return False
    return True


@pytest.fixture(scope="session")
def output_checks(measuring: MeasuringPhase) -> OutputChecks:
    return OutputChecks(measuring)


class Traces:
    """The timelines of this session, traced in the measuring phase; each test checks
    and stores its own."""

    def __init__(self, phase: MeasuringPhase) -> None:
        self.phase = phase

    def __getitem__(self, snippet: str) -> tuple[Run, Path]:
        broken = PROJECT.broken(snippet)
        if broken is not None:
            pytest.skip(unreadable(snippet, broken))
        if snippet not in self.phase.traces:
            self.phase.measure(trace=snippet)
        found = self.phase.traces[snippet]
        if isinstance(found, ContributorError):
            raise found
        return found, trace_file(self.phase.directory, snippet)


@pytest.fixture(scope="session")
def traces(measuring: MeasuringPhase) -> Traces:
    return Traces(measuring)


def claim_python(claim: Claim) -> Interpreter | None:
    """The Python a claim is measured with: the newest found here that runs all its
    programs (one whose package has no build for the newest is measured on the
    newest that has it)."""
    for python in sorted(
        INTERPRETERS, key=lambda p: version_key(p.version), reverse=True
    ):
        try:
            for snippet in claim.snippets:
                skip_if_unrunnable(snippet, python)
        except (pytest.skip.Exception, pytest.fail.Exception):
            continue
        return python
    return None


@pytest.fixture(scope="session")
def verdicts(measuring: MeasuringPhase) -> Verdicts:
    return Verdicts(measuring)


def build_site(
    out: Path, site_url: str | None = None, builder: str = "mkdocs", root: Path = ROOT
) -> Path:
    """Build the site with --strict into `out`, for `site_url` if given."""
    done = measured.site.build_site(root, out, site_url, builder=builder)
    if done.returncode:
        pytest.fail(
            f"{builder} build --strict failed:\n{done.stdout}{done.stderr}",
            pytrace=False,
        )
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with --strict from the measurements of this run."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def built_by_zensical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site, built by the second builder, Zensical."""
    return build_site(tmp_path_factory.mktemp("zensical"), builder="zensical")


@pytest.fixture(scope="session")
def built_by_both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site built by MkDocs and by Zensical from one copy of this run's
    measurements: the check phase records outputs while it runs, and an output's
    label ("checked on CPython …") follows what was recorded when its page was
    built."""
    root = tmp_path_factory.mktemp("frozen") / "root"
    root.mkdir()
    # copies: the measurements, frozen; the pages, which Zensical wants inside the
    # folder of its configuration (it resolves links); the configurations
    copied = {"docs", "mkdocs.yml", "zensical.yml", DIRECTORY}
    left_out = {".git", ".venv", ".artifacts", ".zensical", ".cache", "site"}
    for entry in ROOT.iterdir():
        if entry.name not in copied | left_out:
            (root / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", root / "docs")
    for name in ("mkdocs.yml", "zensical.yml"):
        shutil.copy2(ROOT / name, root / name)
    if (ROOT / DIRECTORY).is_dir():
        shutil.copytree(
            ROOT / DIRECTORY,
            root / DIRECTORY,
            ignore=shutil.ignore_patterns(".*", "failures", "cache", "suite"),
        )
    folder = tmp_path_factory.mktemp("both")
    return (
        build_site(folder / "mkdocs", root=root),
        build_site(folder / "zensical", builder="zensical", root=root),
    )


@pytest.fixture(scope="session")
def updating(request: pytest.FixtureRequest) -> bool:
    """Whether `--update-examples` asks to re-record outputs instead of comparing."""
    return bool(request.config.getoption("update_examples"))


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


def without_figures(reason: str) -> None:
    """Skip a check of figures where none were measured (`make test-site` alone, on
    a contributor's machine); fail in CI, where the measuring came first (`make
    test`) or its jobs handed their figures over, and none here means that broke."""
    if os.environ.get("CI"):
        pytest.fail(
            f"{reason}; in CI the figures are measured first (`make test`) or "
            "downloaded from the measure jobs (the workflow's site job)",
            pytrace=False,
        )
    pytest.skip(reason)


SITE_BUILD_WEIGHT = 4
"""What `tests/test_site.py`'s strict builds weigh when `--shard` deals the site's
tests out, against a browser job's 1 (`tests/browser/browsing.py`'s `SHARE_WEIGHT`)."""


def together(items: list[pytest.Item]) -> None:
    """Mark the tests that must share a runner under `--shard` (the root
    conftest's `shares`): a browser test goes with the job it reads first (a page's
    visit, the search session), so each job runs in one share only; the tests of
    the strict builds (both builders') go together."""
    for item in items:
        keys = getattr(getattr(item, "function", None), "browses", None)
        if keys is not None:
            params = item.callspec.params if hasattr(item, "callspec") else {}
            try:
                jobs = keys(**params)
            except Exception:  # the test says what is missing when it runs
                continue
            if jobs:
                # imported here: this file is imported before the package's tests
                from browser.browsing import SHARE_WEIGHT

                weight = SHARE_WEIGHT.get(jobs[0][0], 1)
                item.add_marker(pytest.mark.together(repr(jobs[0]), weight=weight))
        elif item.nodeid.startswith(
            ("tests/test_site.py::", "tests/test_builders.py::")
        ):
            item.add_marker(pytest.mark.together("site", weight=SITE_BUILD_WEIGHT))


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
    the same session as it builds: its measuring tests join the site's group, on
    one worker, which measures first and builds last."""
    if config.getoption("measured_shard", None) is not None:
        together(items)
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

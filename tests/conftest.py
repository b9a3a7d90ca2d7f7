"""Shared pieces of the suite: the project, one run per snippet, readable failures.

Contributors never edit this: pages, snippets and front matter drive every test.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from measured.errors import ContributorError
from measured.interpreters import (
    Interpreter,
    find_interpreters,
    missing_versions,
    version_key,
)
from measured.measurements import DIRECTORY, record_run
from measured.project import Project
from measured.runner import Run, importable, run_snippet, suite_id

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project(ROOT)
INTERPRETERS = find_interpreters()
PRIMARY = next(python for python in INTERPRETERS if python.primary)
CPUS_CLAIMED = {claim.snippet for claim in PROJECT.claims.values() if claim.uses_cpus}


class Runs:
    """Each snippet runs at most once per interpreter and worker; its snippet test and
    its claims share that run. A failure to run is remembered and raised to each.

    Snippets marked `alone` run several times on the suite's own Python, where claims
    are measured, and keep the fastest run, as `timeit` does. The programs a claim
    compares run in alternation (A, B, A, B, ...), so that a slow spell of the machine
    falls on both alike rather than on all the runs of one."""

    def __init__(self) -> None:
        self._done: dict[tuple[str, str], Run | ContributorError] = {}

    def get(self, snippet: str, python: Interpreter = PRIMARY) -> Run:
        return self.measure([snippet], python)[snippet]

    def measure(
        self, snippets: Sequence[str], python: Interpreter = PRIMARY
    ) -> dict[str, Run]:
        """Run the snippets not run yet, in alternation; return every one's run."""
        for snippet in snippets:
            skip_if_unrunnable(snippet, python)
        todo = [name for name in snippets if (name, python.path) not in self._done]
        # the programs one claim compares run the same number of times
        repeats = dict.fromkeys(
            todo, max((repeat_count(name, python) for name in todo), default=0)
        )
        done: dict[str, list[Run]] = {name: [] for name in todo}
        failed: dict[str, ContributorError] = {}
        for turn in range(max(repeats.values(), default=0)):
            for name in todo:
                if name in failed or turn >= repeats[name]:
                    continue
                try:
                    run = run_snippet(
                        ROOT,
                        name,
                        PROJECT.settings(name),
                        python=python.path,
                        # a bound over `cpus` needs the cores free to each run
                        measure_free_cores=python.primary and name in CPUS_CLAIMED,
                    )
                    if done[name] and run.output != done[name][0].output:
                        raise ContributorError(
                            f"snippets/{name}",
                            "printed something else on another run: its output is "
                            "not deterministic",
                        )
                except ContributorError as error:
                    failed[name] = error
                else:
                    done[name].append(run)
        for name in todo:
            if name in failed:
                self._done[(name, python.path)] = failed[name]
                continue
            fastest = min(done[name], key=lambda run: run.seconds)
            run = dataclasses.replace(fastest, repeats=len(done[name]))
            record_run(ROOT, run, primary=python.primary)
            self._done[(name, python.path)] = run
        found = {name: self._done[(name, python.path)] for name in snippets}
        for result in found.values():
            if isinstance(result, ContributorError):
                raise result
        return found  # type: ignore[return-value]


def skip_if_unrunnable(snippet: str, python: Interpreter) -> None:
    """Skip, with the reason, a snippet that needs a newer Python or a missing module."""
    settings = PROJECT.settings(snippet)
    if settings.python and version_key(python.minor) < version_key(settings.python):
        pytest.skip(f"snippets/{snippet} needs Python {settings.python}")
    missing = [m for m in settings.requires if not importable(python.path, m)]
    if missing:
        pytest.skip(
            f"snippets/{snippet} needs {', '.join(missing)}, not installed for "
            f"Python {python.version} ({python.path})"
        )


def repeat_count(snippet: str, python: Interpreter) -> int:
    """How many times to run a snippet: its `repeat:`, or 3 if it runs alone and 5 if
    a claim's bound depends on `cpus` (a pool needs every core at once, so anything
    else the machine does slows it twice as surely), on the suite's own Python; once
    on the others, which only check its output."""
    settings = PROJECT.settings(snippet)
    if settings.repeat:
        return settings.repeat
    if not (python.primary and PROJECT.alone(snippet)):
        return 1
    return 5 if snippet in CPUS_CLAIMED else 3


@pytest.fixture(scope="session")
def runs() -> Runs:
    return Runs()


def build_site(out: Path, site_url: str | None = None) -> Path:
    """Build the site with --strict into `out`, for `site_url` if given."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with --strict from the measurements of this run."""
    return build_site(tmp_path_factory.mktemp("site"))


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
        pytest.fail(str(error), pytrace=False)


def pytest_configure(config: pytest.Config) -> None:
    global _CONFIG
    _CONFIG = config
    suite_id()  # before xdist starts its workers, so they inherit it
    # a reader's terminal delivers Ctrl-C; a suite started in the background inherits
    # SIGINT ignored, and so would every snippet it starts
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


_CONFIG: pytest.Config | None = None


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep every failure on disk, for `make stress` to list with its figures."""
    if not report.failed or (_CONFIG is not None and hasattr(_CONFIG, "workerinput")):
        return
    lines = [line for line in report.longreprtext.splitlines() if line.startswith("E ")]
    message = "\n".join(lines) if lines else report.longreprtext
    name = hashlib.sha1(report.nodeid.encode()).hexdigest()[:16]
    path = ROOT / DIRECTORY / "failures" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"test": report.nodeid, "message": message[:2000]}))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run `last` tests (the site build) after everything that measures."""
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Print the figures the issue asks for: snippet time summed, and the slowest."""
    if hasattr(config, "workerinput"):
        return
    found = ", ".join(f"{python.version} ({python.path})" for python in INTERPRETERS)
    terminalreporter.write_sep("-", "interpreters")
    terminalreporter.write_line(f"snippets checked with CPython {found}")
    for version in missing_versions():
        terminalreporter.write_line(
            f"CPython {version}: not found on this machine, so no snippet was checked "
            "with it (install it, or list it in MEASURED_PYTHONS)"
        )
    weights = [
        json.loads(path.read_text())
        for path in sorted((ROOT / ".artifacts" / "page-weights").glob("*.json"))
    ]
    if weights:
        terminalreporter.write_sep("-", "first load of each page (browser tests)")
        for weight in sorted(weights, key=lambda w: w["page"]):
            terminalreporter.write_line(
                f"/{weight['page']:<40} {weight['requests']:>3} requests "
                f"{weight['bytes'] / 1024:>7.0f} KiB"
            )
    found = sorted((ROOT / DIRECTORY / "runs").glob("*.json"))
    if not found:
        return
    runs = [json.loads(path.read_text()) for path in found]
    total = sum(run["seconds"] for run in runs)
    slowest = max(runs, key=lambda run: run["seconds"])
    terminalreporter.write_sep("-", "snippet timings (all phases so far)")
    terminalreporter.write_line(
        f"{len(runs)} snippet runs, sum of wall times {total:.2f} s, slowest "
        f"snippets/{slowest['snippet']} {slowest['seconds']:.2f} s"
    )

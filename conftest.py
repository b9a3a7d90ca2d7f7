"""`pytest docs/core/tasks.md`: check one page, and only what it shows; and what the
session reports at its end.

Each page is a test file of the suite's plugin, `measured/pytest_plugin.py`, loaded
here. Given pages as arguments, pytest runs their items (each snippet they show on
every Python found, their claims, their timelines, exercises and inline examples)
and the tests under `tests/` that belong to them, then the cross-checks and the
strict site build (marked `page("*")`). Everything else (harness tests, browser
tests) is left out.

Given snippets (`pytest --update-examples snippets/basics/overlap.py`), it runs
those snippets' output checks on every Python, and nothing else: with
`--update-examples`, that records exactly them. A page with `--update-examples`
records its snippets and inline examples, and runs nothing else.

The session's reporting lives here, not in `tests/conftest.py`: this file is loaded
by the session that reports (under pytest-xdist, the controller, which collects no
test and so never loads `tests/conftest.py` for a page check). Each mistake is
reported once, with every Python it happened on.

`--python 3.12` (repeatable) keeps, of the tests run once per Python (those with a
`python` parameter), only that version's; every other test stays. CI's
`make test-python-3.12` job is built on it.

`--shard 2/3` keeps the second of three shares of the selected tests, so that three
runners can share one job (CI's measuring job is split this way: `make
test-measure-2`). A page's tests stay together, and pages are dealt out by what their
tests cost (each test's `weight` marker, in seconds; see `measured.schedule.cost`),
largest first, each to the share with the least so far.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import time
from pathlib import Path

import pytest

from measured.interpreters import (
    SUPPORTED,
    find_interpreters,
    missing_versions,
    version_key,
)
from measured.measurements import DIRECTORY
from measured.processes import left_running, suite_id
from measured.store import forget_old_suites

ROOT = Path(__file__).resolve().parent
GROUPED = "MEASURED_XDIST_GROUPS"
"""Set by a session that turned `-n N` into `--dist loadgroup`, for its workers."""
UPDATED_BY = {"output", "example"}
"""The kinds of page item `--update-examples` re-records with; a page or snippet
named with it runs only these."""

pytest_plugins = ["measured.pytest_plugin"]
"""The suite: each page a test file (`measured/pytest_plugin.py`)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--python",
        action="append",
        default=[],
        metavar="3.X",
        dest="measured_python",
        help="of the tests run once per Python, run only this version's (repeat "
        f"for more; one of {', '.join(SUPPORTED)}); other tests are unaffected",
    )
    parser.addoption(
        "--shard",
        default=None,
        metavar="K/N",
        dest="measured_shard",
        type=shard_option,
        help="run only the Kth of N shares of the selected tests, a page's tests "
        "together (N runners share one job this way)",
    )


def shard_option(text: str) -> tuple[int, int]:
    """`2/3` as (2, 3); anything else is a usage error naming the option."""
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise pytest.UsageError(f"--shard {text}: write K/N with 1 <= K <= N, as 2/3")
    return int(match[1]), int(match[2])


def shares(items: list[pytest.Item], count: int) -> list[list[pytest.Item]]:
    """`items` dealt out into `count` shares of about equal weight, the same for
    every runner that collects the same tests. Tests marked `together` with one key
    stay in one share and weigh the marker's `weight` once (the browser's tests that
    read one page's visit); otherwise each page's tests (or, for a test of no page,
    its file's) stay in one share, each test weighing its `weight` marker's seconds
    (the measuring phase's, from `measured.schedule.cost`), or 1."""
    groups: dict[str, list[pytest.Item]] = {}
    fixed: dict[str, float] = {}
    for item in items:
        together = item.get_closest_marker("together")
        if together is not None:
            key = f"together {together.args[0]}"
            fixed[key] = max(fixed.get(key, 0), together.kwargs.get("weight", 1))
        else:
            marked = sorted(str(m.args[0]) for m in item.iter_markers("page"))
            key = marked[0] if marked else item.nodeid.split("::")[0]
        groups.setdefault(key, []).append(item)

    def weight(key: str) -> float:
        if key in fixed:
            return fixed[key]
        return sum(_weight(item) for item in groups[key])

    dealt: list[list[pytest.Item]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for key in sorted(groups, key=lambda k: (-weight(k), k)):
        least = loads.index(min(loads))
        dealt[least] += groups[key]
        loads[least] += weight(key)
    return dealt


def _weight(item: pytest.Item) -> float:
    marker = item.get_closest_marker("weight")
    return float(marker.args[0]) if marker is not None else 1.0


def a_snippets_own_tests(config: pytest.Config) -> bool:
    """Whether this session is a pytest snippet's own (`python -m pytest -q
    snippets/debugging/test_x.py`, as its page tells a reader to run it): the
    suite's options, reports and clean-up stay out of it, as from a reader's."""
    if config.getoption("update_examples", False) or not config.args:
        return False
    base = Path(config.invocation_params.dir)
    for arg in config.args:
        path = (base / arg.split("::")[0]).resolve()
        name = path.name
        if not (
            path.is_relative_to(ROOT / "snippets")
            and (name.startswith("test_") or name.endswith("_test.py"))
        ):
            return False
    return True


def pytest_configure(config: pytest.Config) -> None:
    config.option.measured_pages, config.option.measured_snippets = [], []
    if a_snippets_own_tests(config):
        config.measured_own_tests = True  # type: ignore[attr-defined]
        return
    # Ask every Python once, here, before pytest-xdist starts its workers: they
    # inherit the answers (see measured.interpreters.KNOWN) instead of each starting
    # every interpreter again, which a loaded machine can make take many seconds.
    _CONFIG[:] = [config]
    # `-n 2` alone deals tests out one by one: the site would be built on each
    # worker, and a snippet's Pythons split from their group; the suite's groups
    # (`xdist_group`) hold only with --dist loadgroup, which `make test` passes
    if getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"
        os.environ[GROUPED] = "1"  # for the workers, which read --dist from argv
    if hasattr(config, "workerinput") and os.environ.get(GROUPED):
        config.option.loadgroup = True
    found = {python.minor for python in find_interpreters()}
    for version in config.option.measured_python:
        if version not in SUPPORTED:
            raise pytest.UsageError(
                f"--python {version}: not a supported version ({', '.join(SUPPORTED)})"
            )
        if version not in found:
            raise pytest.UsageError(
                f"--python {version}: CPython {version} is not found on this machine "
                f"(found: {', '.join(sorted(found))}); `make install` installs it "
                "where it can"
            )
    suite_id()  # before xdist starts its workers, so they inherit it
    if not hasattr(config, "workerinput"):
        forget_old_suites(ROOT)
    # a reader's terminal delivers Ctrl-C; a suite started in the background inherits
    # SIGINT ignored, and so would every snippet it starts
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    pages, snippets, rest = [], [], []
    for arg in config.args:
        path = Path(arg.split("::")[0])
        resolved = (Path(config.invocation_params.dir) / path).resolve()
        if path.suffix == ".md" and resolved.is_relative_to(ROOT / "docs"):
            if not resolved.is_file():
                raise pytest.UsageError(f"{arg}: no such page")
            pages.append(resolved.relative_to(ROOT).as_posix())
        elif path.suffix == ".py" and resolved.is_relative_to(ROOT / "snippets"):
            if not resolved.is_file():
                raise pytest.UsageError(f"{arg}: no such snippet")
            snippets.append(resolved.relative_to(ROOT / "snippets").as_posix())
        else:
            rest.append(arg)
    config.option.measured_pages = pages
    config.option.measured_snippets = snippets
    updating = config.getoption("update_examples", False)
    if snippets:  # their pages, wherever they are shown
        config.args[:] = [str(ROOT / "docs"), *rest]
    elif pages:  # and the cross-checks, unless recording
        given = [a for a in config.args if a not in rest]
        config.args[:] = given + (rest or ([] if updating else [str(ROOT / "tests")]))


@pytest.hookimpl(trylast=True)  # after `-m`: the shares are dealt of what runs
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    _choose(config, items)
    shard = config.getoption("measured_shard", None)
    if shard is not None:
        number, count = shard
        mine = {id(item) for item in shares(items, count)[number - 1]}
        config.hook.pytest_deselected(items=[i for i in items if id(i) not in mine])
        items[:] = [item for item in items if id(item) in mine]


def _choose(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the tests of the pages, snippets and Pythons named on the command line."""
    pages, snippets = config.option.measured_pages, config.option.measured_snippets
    versions = set(config.option.measured_python)
    if not pages and not snippets and not versions:
        return
    from measured.pytest_plugin import params_of  # registered above, rewritten then

    updating = config.getoption("update_examples", False)
    wanted = set(pages) | ({"*"} if pages and not updating else set())
    keep, drop = [], []
    for item in items:
        marked = {str(m.args[0]) for m in item.iter_markers("page")}
        params = params_of(item)
        kind = getattr(item, "kind", None)
        python = params.get("python")
        chosen = (
            not (pages or snippets)
            or bool(marked & wanted)
            or (kind == "output" and params.get("snippet") in snippets)
        )
        # (an empty parametrization has no Python: NOTSET)
        if versions and getattr(python, "minor", None) not in (None, *versions):
            chosen = False  # --python: another version's run
        if (pages or snippets) and updating and kind not in UPDATED_BY:
            chosen = False  # recording: claims, timelines and builds read, not write
        (keep if chosen else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


# --- what the session reports -------------------------------------------------------

_STARTED = time.time()
"""When this session started: its summaries report only what it wrote since."""
_MISTAKES: dict[str, dict] = {}
"""Each mistake reported, by its first line with versions masked: where it was first
reported, and every Python it happened on."""
_RECORDED: set[str] = set()
_REUSED: set[str] = set()
PYTHON_OF_TEST = re.compile(r"\[[^\]]*@(3\.\d+)\]")
XDIST_GROUP = re.compile(r"(?<=\])@.*$")
"""The group pytest-xdist's loadgroup appends to a test's id, left out of messages."""
VERSIONS = re.compile(r"\b3\.\d+(\.\d+)?\b")


def _reporting(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and not hasattr(
        config, "measured_own_tests"
    )


_CONFIG: list[pytest.Config] = []


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Gather what the tests said (recordings written, runs reused), report each
    mistake once, and keep every failure on disk, for `make stress` to list."""
    if not _CONFIG or not _reporting(_CONFIG[0]):
        return
    for name, value in report.user_properties:
        {"recorded": _RECORDED, "reused": _REUSED}.get(name, set()).add(str(value))
    if not report.failed:
        return
    text = report.longreprtext
    test = XDIST_GROUP.sub("", report.nodeid)
    _keep_failure(test, text)
    mistakes = [VERSIONS.sub("N", line) for line in mistake_lines(text)]
    python = PYTHON_OF_TEST.search(test)
    for key in mistakes:
        seen = _MISTAKES.setdefault(
            key, {"test": test, "pythons": set(), "tests": set()}
        )
        seen["tests"].add(test)
        if python:
            seen["pythons"].add(python[1])
    firsts = {_MISTAKES[key]["test"] for key in mistakes}
    if mistakes and test not in firsts:  # every one reported already
        report.longrepr = (
            f"the same mistake as {', '.join(sorted(firsts))}: its message is printed "
            "there, once (the end of the session lists every test and Python it failed)"
        )


MISTAKE = re.compile(r"^(?:(?:ERROR|WARNING|INFO) +- +)?((docs|snippets)/\S|Doc file )")
"""A line that names a mistake: `docs/a.md:3: ...`, `snippets/a.py: ...` (as the
project, the runner and the build's log print them), or mkdocs' `Doc file ...`."""


def mistake_lines(text: str) -> list[str]:
    """The lines of a failure that name a mistake, without the build log's level."""
    found = []
    for line in text.splitlines():
        match = MISTAKE.match(line)
        if match:
            found.append(line[match.start(1) :].rstrip())
    return found


def _keep_failure(test: str, text: str) -> None:
    lines = [line for line in text.splitlines() if line.startswith("E ")]
    message = "\n".join(lines) if lines else text
    name = hashlib.sha1(test.encode()).hexdigest()[:16]
    path = ROOT / DIRECTORY / "failures" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"test": test, "message": message[:2000]}))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the session, nothing a snippet started may still run or listen."""
    if not _reporting(session.config):
        return
    leftovers = left_running(suite_id())
    if leftovers:
        session.config.get_terminal_writer().line(
            "still running after the suite (now killed):\n" + "\n".join(leftovers),
            red=True,
        )
        for line in leftovers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line.split()[1].rstrip(":")), signal.SIGKILL)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def plural(count: int, word: str) -> str:
    """`1 snippet run`, `2 snippet runs`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Each mistake once with its Pythons, the recordings written, the runs reused,
    the interpreters, and the figures measured now: snippet time summed, the
    slowest."""
    if not _reporting(config):
        return
    write = terminalreporter.write_line
    repeated = {
        key: seen
        for key, seen in _MISTAKES.items()
        if len(seen["tests"]) > 1 and not key.startswith("Doc file ")
    }
    if repeated:
        terminalreporter.write_sep("-", "mistakes that failed several tests")
        for key, seen in repeated.items():
            pythons = ", ".join(sorted(seen["pythons"], key=version_key))
            where = f", on Python {pythons}" if pythons else ""
            write(
                f"{key.split(': ')[0]}: failed {len(seen['tests'])} tests{where}; "
                f"its message is under {seen['test']}"
            )
    if config.getoption("update_examples", False):
        terminalreporter.write_sep("-", "recordings")
        unchanged = "no snippet recording changed (inline examples report their own)"
        lines = sorted(set(_RECORDED))
        if all(line.startswith("kept ") for line in lines):
            write(unchanged)
        for line in lines:
            write(line)
    if _REUSED:
        terminalreporter.write_sep("-", "runs reused, not made anew")
        write(
            f"{plural(len(_REUSED), 'check')} compared a run made before, by an "
            "earlier session whose inputs were the same (CI=1 runs everything anew) "
            "or by this suite's other phase:"
        )
        grouped: dict[tuple[str, str], list[str]] = {}
        for line in _REUSED:  # "snippets/a.py on 3.12 (.measurements/cache/)"
            snippet, _, rest = line.partition(" on ")
            version, _, source = rest.partition(" ")
            grouped.setdefault((snippet, source), []).append(version)
        for (snippet, source), versions in sorted(grouped.items()):
            on = ", ".join(sorted(versions, key=version_key))
            write(f"  {snippet} on {on} {source}")
    chosen = set(config.option.measured_python)  # --python: only these were checked
    interpreters = [p for p in find_interpreters() if not chosen or p.minor in chosen]
    found = ", ".join(f"{python.version} ({python.path})" for python in interpreters)
    terminalreporter.write_sep("-", "interpreters")
    write(f"snippets checked with CPython {found}")
    for version in missing_versions():
        write(
            f"CPython {version}: not found on this machine, so no snippet was checked "
            "with it (install it, or list it in MEASURED_PYTHONS)"
        )

    def this_session(paths: list[Path]) -> list[Path]:
        """Only what this session wrote: a targeted run reports its own figures."""
        return [path for path in paths if path.stat().st_mtime >= _STARTED]

    weights = [
        json.loads(path.read_text())
        for path in this_session(
            sorted((ROOT / ".artifacts" / "page-weights").glob("*.json"))
        )
    ]
    if weights:
        terminalreporter.write_sep("-", "first load of each page (browser tests)")
        for weight in sorted(weights, key=lambda w: w["page"]):
            write(
                f"/{weight['page']:<40} {weight['requests']:>3} requests "
                f"{weight['bytes'] / 1024:>7.0f} KiB"
            )
    found_runs = this_session(sorted((ROOT / DIRECTORY / "runs").glob("*.json")))
    if not found_runs:
        return
    runs = [json.loads(path.read_text()) for path in found_runs]
    total = sum(run["seconds"] for run in runs)
    slowest = max(runs, key=lambda run: run["seconds"])
    terminalreporter.write_sep("-", "snippet timings (the figures measured now)")
    write(
        f"{plural(len(runs), 'snippet run')}, sum of wall times {total:.2f} s, "
        f"slowest snippets/{slowest['snippet']} {slowest['seconds']:.2f} s"
    )

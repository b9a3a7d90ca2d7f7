"""The suite around the harness: its pytest plugin (`measured/pytest_plugin.py`: each
page a test file, a contributor's mistake as its message alone) and the root
`conftest.py` (what a command line selects, what the session reports), each in a
pytest session of its own on a throwaway copy of the project; and pytest-xdist's
groups."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INTERPRETERS, PRIMARY, ROOT

from harness.conftest import (
    GATHER_EXAMPLE,
    TINY_PAGE,
    copy_project,
    copy_suite,
    page,
    run_pytest,
    write,
)
from measured.processes import SUITE, suite_id

# --- a mistake's message, printed once ------------------------------------------------


def test_a_contributors_mistake_prints_once(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    copy_suite(root)
    write(
        root,
        "tests/test_mistake.py",
        "from measured.errors import ContributorError\n\n\n"
        "def test_mistake():\n"
        "    raise ContributorError('docs/index.md', 'a mistake', 3)\n",
    )
    done = run_pytest(root, "-n", "0", "tests/test_mistake.py")
    assert done.returncode == 1, done.stdout
    assert "During handling" not in done.stdout
    failures = done.stdout.split("= FAILURES =")[1].split("short test summary")[0]
    assert failures.count("docs/index.md:3: a mistake") == 1, done.stdout


def test_a_run_failure_is_reported_once_with_every_python_it_happened_on(
    tmp_path: Path,
) -> None:
    """An import error fails the snippet's test on each Python: its message is
    printed once, the other tests point to it, and the session's end names every
    Python it happened on; with pytest-xdist too."""
    if len(INTERPRETERS) < 2:
        pytest.skip("needs two Pythons")
    pythons = INTERPRETERS[:2]
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write('\n{{ run("demo/broken.py") }}\n')
    write(root, "snippets/demo/broken.py", "import nothing_here\n")
    write(root, "snippets/demo/broken.out", "x\n")
    for workers in ("0", "2"):
        done = run_pytest(
            root,
            "-n",
            workers,
            "-m",
            "output",
            "docs",
            "-k",
            "broken",
            env={"MEASURED_PYTHONS": ":".join(p.path for p in pythons)},
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert "2 failed" in done.stdout, done.stdout
        assert done.stdout.count("No module named 'nothing_here'") == 1, done.stdout
        versions = ", ".join(p.minor for p in pythons)
        assert (
            f"snippets/demo/broken.py: failed 2 tests, on Python {versions}; its "
            "message is under docs/index.md::output["
        ) in done.stdout, done.stdout


# --- what a command line selects ------------------------------------------------------


def hello_project(tmp_path: Path) -> Path:
    """A sample project whose home page shows `demo/hello.py` and a claim on it."""
    root = copy_project(tmp_path)
    claim = (
        "claims:\n  - id: quick\n    snippet: demo/hello.py\n    says: Quick.\n"
        "    seconds: [0.0, 30.0]\n    because: It prints.\n"
    )
    write(
        root,
        "docs/index.md",
        page(claim, TINY_PAGE + '\n{{ run("demo/hello.py") }}\n{{ claim("quick") }}\n'),
    )
    write(root, "snippets/demo/hello.py", 'print("hello")\n')
    return root


def test_a_page_is_a_test_file_whose_items_are_what_it_shows(tmp_path: Path) -> None:
    """`pytest docs/index.md` collects the page: each program it shows on each
    Python, each claim, each inline example. A program shown on two pages is
    checked once, by the first, unless only the second is named; a program whose
    file is missing has no item (the project's agreement names the marker), and
    the page's other items are still collected."""
    root = hello_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 2\n```\n")
    write(
        root,
        "docs/other.md",
        '# Another page\n\n{{ run("demo/hello.py") }}\n\n{{ run("demo/gone.py") }}\n',
    )
    fence = (root / "docs" / "index.md").read_text().count("\n") - 3

    def collected(*args: str) -> list[str]:
        done = run_pytest(root, "--collect-only", "-m", "not last", *args)
        assert done.returncode == 0, done.stdout + done.stderr
        return [line for line in done.stdout.splitlines() if "::" in line]

    minor = PRIMARY.minor
    assert sorted(collected("docs")) == [
        "docs/index.md::claim[quick]",
        f"docs/index.md::example[{fence}-{fence + 3}]",
        f"docs/index.md::output[{GATHER_EXAMPLE}@{minor}]",
        f"docs/index.md::output[demo/hello.py@{minor}]",
    ]
    assert f"docs/other.md::output[demo/hello.py@{minor}]" in collected("docs/other.md")


def test_recording_one_snippet_runs_only_it_and_says_what_it_wrote(
    tmp_path: Path,
) -> None:
    """`pytest --update-examples snippets/<name>.py` records that snippet and
    nothing else, and names what it wrote; the session's summaries, with the runs
    it reused, print under pytest-xdist too, in words that agree with their count."""
    root = hello_project(tmp_path)
    env = {"CI": ""}  # runs reused from an earlier session, as on a laptop
    for workers in ("0", "2"):
        (root / "snippets/demo/hello.out").unlink(missing_ok=True)
        done = run_pytest(
            root, "-n", workers, "--update-examples", "snippets/demo/hello.py", env=env
        )
        assert done.returncode == 0, done.stdout + done.stderr
        # one test: no claim, no build, no other snippet (xdist's workers deselect)
        assert re.search(r"\b1 passed\b", done.stdout), done.stdout
        assert "failed" not in done.stdout and "error" not in done.stdout
        assert f"wrote snippets/demo/hello.out (Python {PRIMARY.minor})" in (
            done.stdout
        ), done.stdout
        assert (root / "snippets/demo/hello.out").read_text() == "hello\n"
    done = run_pytest(root, "-n", "0", "-m", "claim", "docs", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\n1 snippet run, sum of wall times" in done.stdout, done.stdout
    env[SUITE] = f"{suite_id()}-later"  # another run of the suite: from the cache
    done = run_pytest(root, "-n", "2", "-m", "output", "docs", "-k", "hello", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\n1 check compared a run made before" in done.stdout, done.stdout
    assert (
        f"\n  snippets/demo/hello.py on {PRIMARY.minor} (.measurements/cache/)\n"
        in done.stdout
    ), done.stdout


def test_a_page_check_spread_over_workers_builds_once_after_measuring(
    tmp_path: Path,
) -> None:
    """`pytest -n 2 docs/<page>.md`: the site's tests keep their group (one build),
    and the page's claims join it, measured before the build that shows them."""
    root = hello_project(tmp_path)
    write(root, "snippets/demo/hello.out", "hello\n")
    done = run_pytest(
        root,
        "-n",
        "2",
        "-vv",  # run_pytest's -q takes one off
        "docs/index.md",
        "-k",
        "quick or builds_strictly or outputs_and_figures",
        env={"CI": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {
        line.split()[0]
        for line in done.stdout.splitlines()
        if line.startswith("[gw") and " PASSED " in line
    }
    assert len(workers) == 1, done.stdout  # one worker: one build, after the claim
    assert "PASSED docs/index.md::claim[quick]@site" in done.stdout


def test_a_pytest_snippet_run_as_its_page_says_is_a_session_of_its_own() -> None:
    """`python -m pytest -q snippets/debugging/test_x.py`, from the repository root
    as its page says, runs that file's tests only: the suite's root conftest does
    not turn the path into a request to check the snippet (which would run the
    snippet again, inside itself), add its reports, or clean up another suite's
    processes at its end."""
    snippet = "debugging/test_timeout_fast.py"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", f"snippets/{snippet}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MEASURED_SUITE": "someone-else-s-suite"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.fullmatch(r"\.\.\s+\[100%\]\n2 passed in [\d.]+s\n", done.stdout), (
        done.stdout
    )


# --- pytest-xdist's groups ------------------------------------------------------------


def test_xdist_groups_keep_their_tests_on_one_worker(tmp_path: Path) -> None:
    """The site is built once and the browser started once only if pytest-xdist keeps
    a group on one worker; a pytest that xdist cannot group with fails here."""
    write(
        tmp_path,
        "test_groups.py",
        "import os\nimport pytest\n\n\n"
        "@pytest.mark.xdist_group('one')\n"
        "@pytest.mark.parametrize('n', range(8))\n"
        "def test_worker(n):\n"
        "    with open('workers.txt', 'a') as out:\n"
        "        out.write(os.environ['PYTEST_XDIST_WORKER'] + '\\n')\n",
    )
    pytest_args = ["-q", "-p", "no:cacheprovider", "-p", "xdist", "-n", "2"]
    pytest_args += ["--dist", "loadgroup", "test_groups.py"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        # only xdist: the other plugins would only slow the three processes down
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workers = (tmp_path / "workers.txt").read_text().split()
    assert len(workers) == 8 and len(set(workers)) == 1, workers

"""The harness catches each mistake a contributor can make, with a clear message.

These tests break things on purpose, in throwaway copies of the project, and check
that the suite notices, names the file (and line) at fault, and leaves nothing
running.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import INTERPRETERS, PRIMARY, ROOT
from harness.conftest import (
    TINY_PAGE,
    build,
    contributing_example,
    copy_project,
    copy_suite,
    page,
    run_pytest,
    serving,
    write,
)

from measured import postgres
from measured.measurements import (
    DIRECTORY,
    FRESH_FOR,
    PUBLISHED,
    Measurements,
    published_document,
    record_verdict,
)
from measured.processes import SUITE, left_running, suite_id
from measured.project import Project
from measured.render import day, render_claim
from measured.runner import Run, check_run, run_snippet
from measured.settings import RunSettings

# --- the build ----------------------------------------------------------------------


def test_a_failing_inline_example_names_its_page_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    shutil.copytree(
        ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 3\n```\n")
    lines = (root / "docs" / "index.md").read_text().count("\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_examples.py",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        # a suite of its own: its end must not count this suite's snippets as left
        env={**os.environ, SUITE: f"{suite_id()}-{root.parent.name}"},
    )
    assert done.returncode == 1, done.stdout
    assert f"docs/index.md:{lines - 3}" in done.stdout
    assert "1 failed" in done.stdout


# --- the measuring engine: noise only adds time --------------------------------------


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


# --- issue 20: each mistake caught with one clear message -------------------------


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


def test_an_inline_example_that_raises_names_its_page_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nx = 1\nprint(x / 0)\n```\n")
    line = (root / "docs" / "index.md").read_text().count("\n") - 1
    for args in (["-n", "0"], ["-n", "2"]):
        done = run_pytest(root, *args, "tests/test_examples.py")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "INTERNALERROR" not in done.stdout + done.stderr
        assert (
            f"docs/index.md:{line}: ZeroDivisionError: division by zero" in done.stdout
        ), done.stdout
        assert "1 failed" in done.stdout


def test_an_inline_example_that_prints_otherwise_names_update_examples(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 3\n```\n")
    fence = (root / "docs" / "index.md").read_text().count("\n") - 3
    done = run_pytest(root, "-n", "0", "tests/test_examples.py")
    assert done.returncode == 1, done.stdout
    assert (
        f"docs/index.md:{fence}: the example prints otherwise than its `#>` lines say"
    ) in done.stdout
    assert (
        "If the new output is right, record it with --update-examples: "
        ".venv/bin/pytest -n 0 -p no:cacheprovider "
        f"'tests/test_examples.py::test_inline_example[docs/index.md:{fence}-"
    ) in done.stdout


def test_interpreters_are_asked_once_per_session_and_not_by_snippets(
    tmp_path: Path,
) -> None:
    """The session's answers reach its workers, so none starts an interpreter to ask
    again (beside busy programs that took longer than a probe's timeout, and a worker
    crashed); a snippet's environment does not carry them."""
    import measured.interpreters as interpreters
    from measured.processes import reader_environment

    python = shutil.which("python3")
    assert python is not None
    found = interpreters.probe(python)
    assert found is not None and "asyncio" in found["modules"]
    inherited = json.loads(os.environ[interpreters.KNOWN])
    assert inherited[python] == found

    # a worker that inherits the answers never runs the interpreter again
    shim = tmp_path / "python3"
    shim.write_text(f'#!/bin/sh\ntouch {tmp_path / "ran"}\nexec {python} "$@"\n')
    shim.chmod(0o755)
    code = (
        "import sys; from measured.interpreters import probe;"
        "found = probe(sys.argv[1]); print(found['version'] if found else None)"
    )

    def ask(**inherited: object) -> str:
        """What a process started with `inherited` answers of the shim."""
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if inherited:
            env[interpreters.KNOWN] = json.dumps(inherited)
        done = subprocess.run(
            [sys.executable, "-c", code, str(shim)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout.strip()

    assert ask() == found["version"] and (tmp_path / "ran").exists()
    (tmp_path / "ran").unlink()
    assert ask(**{str(shim): found}) == found["version"]
    assert not (tmp_path / "ran").exists()
    assert interpreters.KNOWN not in reader_environment(RunSettings())


# --- issue 30: a contributor's mistakes, round 2 ------------------------------------


def test_a_page_showing_a_missing_snippet_is_named_not_a_collection_crash(
    tmp_path: Path,
) -> None:
    """With Pyodide installed, the browser tests decide at import which snippets
    can run in a page; a snippet that does not exist must not stop collection
    before the project's own message is printed."""
    from measured.pyodide import CORE_FILES, INSTALLED, decide

    assert not decide(tmp_path, "basics/missing.py", RunSettings()).runnable
    root = copy_project(tmp_path)
    for name in CORE_FILES:  # what `npm ci` installs, enough for the decision
        write(root, f"{INSTALLED}/{name}", "")
    with (root / "docs" / "index.md").open("a") as index:
        index.write('\n{{ run("basics/missing.py") }}\n')
    line = (root / "docs" / "index.md").read_text().count("\n")
    done = run_pytest(
        root,
        "-n",
        "0",
        "tests/test_integrity.py",
        "tests/test_browser.py",
        "-k",
        "agree",
    )
    output = done.stdout + done.stderr
    assert "FileNotFoundError" not in output, output
    assert done.returncode == 1, output
    assert (
        f"docs/index.md:{line}: shows snippets/basics/missing.py, which does not exist"
        in done.stdout
    ), output


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
            "tests/test_snippets.py",
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
            "message is under tests/test_snippets.py::"
        ) in done.stdout, done.stdout


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
    done = run_pytest(root, "-n", "0", "tests/test_claims.py", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\n1 snippet run, sum of wall times" in done.stdout, done.stdout
    env[SUITE] = f"{suite_id()}-later"  # another run of the suite: from the cache
    done = run_pytest(root, "-n", "2", "tests/test_snippets.py", "-k", "hello", env=env)
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
        "claim_holds or builds_strictly or outputs_and_figures",
        env={"CI": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {
        line.split()[0]
        for line in done.stdout.splitlines()
        if line.startswith("[gw") and " PASSED " in line
    }
    assert len(workers) == 1, done.stdout  # one worker: one build, after the claim
    assert "PASSED tests/test_claims.py::test_claim_holds[quick]@site" in done.stdout


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


# --- the published figures ----------------------------------------------------------


OVERLAP_CLAIM = (
    "claims:\n  - id: overlap\n    snippet: basics/overlap.py\n"
    "    says: The two waits overlap.\n    seconds: [3.0, 3.4]\n"
    "    because: The longer sleep is 3 s.\n"
)


def claim_project(tmp_path: Path) -> Path:
    """A sample project whose one page shows `GATHER_EXAMPLE` and a claim on it,
    `overlap` (3.0 to 3.4 s), and has no figures yet."""
    root = copy_project(tmp_path)
    write(
        root,
        "docs/index.md",
        page(OVERLAP_CLAIM, TINY_PAGE + '\n{{ claim("overlap") }}\n'),
    )
    return root


def record_figure(root: Path, seconds: float) -> dict[str, Any]:
    """Store the outcome of the claim `overlap` for a run of `seconds`, as the suite
    does after measuring it, and return what was stored."""
    claim = Project(root).claims["overlap"]
    run = Run(
        snippet=claim.snippet,
        output="",
        stderr="",
        exit_code=0,
        seconds=seconds,
        peak_rss_kib=0,
        python="3.11.7",
        implementation="CPython",
    )
    record_verdict(root, claim.check({claim.snippet: run}))
    return json.loads((root / DIRECTORY / "claims" / "overlap.json").read_text())


def claim_box(root: Path) -> tuple[str, str]:
    """The state (`passed`, `published`, ...) and the HTML of the claim `overlap` as
    the built home page shows it."""
    text = (root / "site" / "index.html").read_text()
    box = re.search(
        r'<div class="claim claim--(\w+)" id="claim-overlap">(.*?)</div>', text, re.S
    )
    assert box is not None, text
    return box[1], box[2]


def publish(root: Path, previous: str) -> dict[str, Any]:
    """The publishing build of `root`, reading the file it replaces from the site
    `previous`; the file of figures it wrote into its site."""
    done = build(root, published=previous, publishing=True)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "site" / PUBLISHED).read_text())


def test_publishing_writes_every_figure_and_carries_the_earlier_ones_over(
    tmp_path: Path,
) -> None:
    """The publishing build writes each figure with its date, machine, Python and
    runs into the site; the next one keeps it as the claim's history, newest first,
    and its page lists it under the claim."""
    root = claim_project(tmp_path)
    first = record_figure(root, 3.1)
    (tmp_path / "nothing").mkdir()
    with serving(tmp_path / "nothing") as empty:  # answers 404: nothing published
        document = publish(root, empty)
    figures = document["claims"]["overlap"]
    assert figures["figure"] == "3.10 s" and figures["passed"], figures
    assert figures["measured_at"] == first["measured_at"]
    assert (figures["python"], figures["repeats"]) == ("3.11.7", 1)
    assert {"system", "cpus", "commit", "fingerprint"} <= figures.keys()
    assert [e["figure"] for e in document["history"]["overlap"]] == ["3.10 s"]
    shutil.copytree(root / "site", tmp_path / "published")
    second = record_figure(root, 3.2)
    with serving(tmp_path / "published") as site:
        document = publish(root, site)
    history = document["history"]["overlap"]
    assert [e["figure"] for e in history] == ["3.20 s", "3.10 s"], history
    assert [e["measured_at"] for e in history] == [
        second["measured_at"],
        first["measured_at"],
    ]
    state, box = claim_box(root)
    assert state == "passed", box
    assert "Earlier published figure" in box and "<strong>3.10 s</strong>" in box, box


def test_a_build_without_figures_shows_the_published_ones_neutral_and_no_cross(
    tmp_path: Path,
) -> None:
    """A build that measured nothing (`make serve` on a fresh clone) reads the
    published site's figures, keeps a copy, and shows a claim that passed there
    with its figure, date and machine, in neutral styling and without the failure's
    cross; when the site cannot be reached it uses its copy, and without one it
    says "not measured in this build"."""
    publisher = claim_project(tmp_path / "publisher")
    measured = record_figure(publisher, 3.1)
    publish(publisher, "")
    clone = claim_project(tmp_path / "clone")
    copy = clone / DIRECTORY / "published" / PUBLISHED
    with serving(publisher / "site") as site:
        done = build(clone, published=site)
        assert done.returncode == 0, done.stderr
    state, box = claim_box(clone)
    assert state == "published", box
    assert '<strong class="claim__figure">3.10 s</strong>' in box, box
    assert f"Published figure, measured on {day(measured['measured_at'])}" in box
    assert "CPython 3.11.7" in box, box
    assert not any(cross in box for cross in "✗✘×✕✖❌"), box
    assert "failed" not in box and "not measured" not in box, box
    assert copy.is_file()
    # the site is gone, and the copy is recent: used without asking the site again
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    assert "as copied 0 min ago" in done.stderr, done.stderr
    assert "could not reach" not in done.stderr, done.stderr
    assert claim_box(clone)[0] == "published"
    # the site is gone and the copy is old: the copy still serves, its date shown
    fetched = copy.with_name("fetched.json")
    stale = json.loads(fetched.read_text())
    fetched.write_text(json.dumps(stale | {"at": stale["at"] - FRESH_FOR - 1}))
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    assert "could not reach" in done.stderr, done.stderr
    assert claim_box(clone)[0] == "published"
    # no copy, no site: neutral, no cross, and a link to the published figure
    shutil.rmtree(clone / DIRECTORY / "published")
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    state, box = claim_box(clone)
    assert state == "unmeasured" and "not measured in this build" in box, box
    assert not any(cross in box for cross in "✗✘×✕✖❌"), box
    assert f'<a href="{site.rstrip("/")}/#claim-' in box, box
    assert "the published figure</a>" in box, box


def test_a_figure_measured_here_wins_over_the_published_one(tmp_path: Path) -> None:
    """Where this build measured a claim, its own figure shows, passed or failed,
    and the page says so; a published figure of a program that changed since is
    not shown as this program's."""
    project = Project(ROOT)
    claim = project.claims["overlap-takes-longest-wait"]
    common = {"python": "3.11.7", "implementation": "CPython", "system": "Linux"}
    common |= {"cpus": 2, "repeats": 1, "low": 3.0, "high": 3.4, "attempts": 1}

    def figures(value: float, passed: bool, at: float) -> dict[str, Any]:
        return common | {
            "id": claim.id,
            "value": value,
            "figure": f"{value:.2f} s",
            "passed": passed,
            "measured_at": at,
            "seconds": {claim.snippet: value},
        }

    published = published_document(
        project,
        Measurements(
            claims={claim.id: figures(3.05, True, 1.7e9)}, runs={}, checked={}
        ),
        None,
    )

    def shown(local: dict[str, Any] | None) -> tuple[str, str]:
        mine = Measurements(
            claims={claim.id: local} if local else {}, runs={}, checked={}
        )
        html_ = "\n".join(render_claim(claim, mine.with_published(published, project)))
        return re.search(r'claim claim--(\w+)"', html_)[1], html_  # type: ignore[index]

    state, text = shown(None)
    assert state == "published" and "3.05 s" in text and "Published figure" in text
    state, text = shown(figures(3.2, True, 1.8e9))
    assert state == "passed" and "3.20 s" in text, text
    assert "Measured on" in text and "Published figure" not in text, text
    state, text = shown(figures(5.1, False, 1.8e9))
    assert state == "failed", text
    assert '<strong class="claim__figure">5.10 s</strong>' in text, text
    # the published figure is only among the earlier ones, folded away
    assert "<li><strong>3.05 s</strong>" in text, text
    # the program changed since it was published: its figure is not this program's
    changed = json.loads(json.dumps(published))
    changed["claims"][claim.id]["fingerprint"] = "0" * 16
    mine = Measurements(claims={}, runs={}, checked={})
    text = "\n".join(render_claim(claim, mine.with_published(changed, project)))
    assert "claim--unmeasured" in text and "earlier version" in text, text


# --- issue 32: a throwaway PostgreSQL server for the snippets that need one ---------


DATABASE_SNIPPET = """\
import asyncio
import os

import asyncpg


async def main() -> None:
    connection = await asyncpg.connect(os.environ["DATABASE_URL"], timeout=10)
    print(await connection.fetchval("SELECT 1 + 1"), os.environ["DATABASE_URL"])
    await connection.close()


asyncio.run(main())
"""


def needs_postgres() -> None:
    why = postgres.unavailable()
    if why:
        pytest.skip(f"no PostgreSQL here: {why}")


def test_a_snippet_that_needs_postgres_gets_one_shared_server(tmp_path: Path) -> None:
    needs_postgres()
    write(tmp_path, "snippets/demo/db.py", DATABASE_SNIPPET)
    settings = RunSettings(needs=("postgres",))
    runs = [run_snippet(tmp_path, "demo/db.py", settings) for _ in range(2)]
    for run in runs:
        check_run(run, settings)
    # the session's one server, on a socket in its own directory, for both runs
    assert {run.output for run in runs} == {f"2 {postgres.url()}\n"}
    assert "?host=/" in postgres.url()
    assert Path(postgres.url().split("host=")[1], "data").is_dir()


def postgres_processes(suite: str) -> list[str]:
    return [line for line in left_running(suite) if "postgres" in line]


def start_in_a_child(suite: str) -> tuple[subprocess.Popen[str], Path]:
    """A process that starts a cluster, says where, and waits."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nfrom measured import postgres\n"
            "print(postgres.url(), flush=True)\ntime.sleep(120)\n",
        ],
        cwd=ROOT,
        env={**os.environ, SUITE: suite, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    directory = Path(child.stdout.readline().strip().split("host=")[1])
    assert directory.is_dir() and postgres_processes(suite)
    return child, directory


def test_a_cluster_is_gone_after_ctrl_c_and_swept_after_a_kill() -> None:
    """Ctrl-C stops the server and removes its directory; a process killed outright
    cannot, and the next start (any process's) stops and removes what it left."""
    needs_postgres()
    suite = f"{suite_id()}-postgres-{os.getpid()}"
    child, directory = start_in_a_child(suite)
    child.send_signal(signal.SIGINT)
    child.wait(timeout=60)
    assert not directory.exists()
    assert postgres_processes(suite) == []
    child, directory = start_in_a_child(suite)
    child.kill()
    child.wait(timeout=10)
    assert directory.exists() and postgres_processes(suite), "left by the kill"
    assert directory in postgres.sweep()
    assert not directory.exists()
    assert postgres_processes(suite) == []


def test_without_postgres_its_snippets_are_skipped_and_the_others_run_outside_ci(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    front = "snippets:\n  demo/db.py:\n    needs: [postgres]\n"
    body = '{{ run("demo/db.py") }}\n\n{{ run("demo/plain.py") }}\n'
    write(root, "docs/index.md", page(front, body))
    write(root, "snippets/demo/db.py", DATABASE_SNIPPET)
    write(root, "snippets/demo/db.out", "2\n")
    write(root, "snippets/demo/plain.py", 'print("plain")\n')
    write(root, "snippets/demo/plain.out", "plain\n")
    nowhere = tmp_path / "no-postgres-here"
    nowhere.mkdir()
    args = ("-n", "0", "tests/test_snippets.py", "-k", "demo")
    done = run_pytest(root, *args, env={postgres.PROGRAMS: str(nowhere)})
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 skipped" in done.stdout, done.stdout
    assert (
        "snippets/demo/db.py needs PostgreSQL: PostgreSQL's `initdb` and `pg_ctl` "
        f"are not found in {postgres.PROGRAMS}: install PostgreSQL's server"
    ) in " ".join(done.stdout.split()), done.stdout
    # in CI, which publishes these snippets' figures, the same is a failure
    done = run_pytest(root, *args, env={postgres.PROGRAMS: str(nowhere), "CI": "1"})
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 passed" in done.stdout, done.stdout


def test_the_guides_message_for_a_missing_postgres_is_real(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(postgres.PROGRAMS, raising=False)
    monkeypatch.setattr(postgres, "programs", lambda: None)
    shown = contributing_example("snippets/network/db_pool_waves.py needs PostgreSQL")
    assert (
        shown
        == f"snippets/network/db_pool_waves.py needs PostgreSQL: {postgres.unavailable()}"
    )

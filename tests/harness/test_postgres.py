"""The throwaway PostgreSQL server for the snippets that need one
(`measured/postgres.py`): one shared server, gone after Ctrl-C and swept after a
kill; without PostgreSQL, its snippets skipped outside CI and failed in it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from harness.conftest import contributing_example, copy_project, page, run_pytest, write
from measured import postgres
from measured.processes import SUITE, left_running, suite_id
from measured.runner import check_run, run_snippet
from measured.settings import RunSettings

# --- one server for the snippets that need it -----------------------------------------


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


# --- a cluster gone after Ctrl-C, swept after a kill ----------------------------------


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


# --- without PostgreSQL ---------------------------------------------------------------


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
    args = ("-n", "0", "-m", "output", "docs", "-k", "demo")
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

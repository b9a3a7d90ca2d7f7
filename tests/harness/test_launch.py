"""The launcher every snippet starts from (`measured/launch.py`): a signal sent
once the program says it is running, or ready, and the processes a snippet leaves
behind, killed and named wherever they went."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from pathlib import Path

import psutil
import pytest

from harness.conftest import write
from measured.errors import ContributorError
from measured.processes import left_running, suite_id
from measured.runner import SnippetFailed, check_run, run_snippet
from measured.settings import RunSettings

# --- a signal sent once the program is running ----------------------------------------


SLOW_START = """import sys
import time

time.sleep(0.6)  # a start as slow as a starved machine's
try:  # entered before the first line: the signal may come right after it
    print("running")
    time.sleep(5)
except KeyboardInterrupt:
    print("to stderr", file=sys.stderr)
    print("interrupted")
"""


def test_a_signal_waits_until_the_program_says_it_is_running(tmp_path: Path) -> None:
    """Sent 0.2 s after the start, the signal waits for the program's first line:
    it interrupts the program, not its start-up; the output keeps its order."""
    write(tmp_path, "snippets/demo/slow.py", SLOW_START)
    settings = RunSettings(signal="SIGINT", signal_after=0.2, stderr=True)
    run = run_snippet(tmp_path, "demo/slow.py", settings)
    check_run(run, settings)
    assert run.output == "running\nto stderr\ninterrupted\n", run.output
    assert 0.6 <= run.seconds < 3, run.seconds
    fast = RunSettings(signal="SIGINT", signal_after=1.0, stderr=True)
    run = run_snippet(tmp_path, "demo/slow.py", fast)  # running by then: on time
    assert run.output == "running\nto stderr\ninterrupted\n", run.output
    assert 1.0 <= run.seconds < 3, run.seconds


READY_LATE = """import time

print("pool: open")  # its first line comes before a slow start-up
try:
    time.sleep(0.8)  # opening a server, on a starved machine
    print("serving; press Ctrl-C to stop")
    time.sleep(5)
except KeyboardInterrupt:
    print("stopped by Ctrl-C")
"""


def test_a_signal_can_wait_for_the_line_that_says_the_program_is_ready(
    tmp_path: Path,
) -> None:
    """A program that prints before a slow start-up names its ready line
    (`signal_ready`): sent 0.2 s after the start, the signal waits for that line,
    not the first, and interrupts the serving program, never its start-up. Its
    `signal_after` still holds as a floor."""
    write(tmp_path, "snippets/demo/ready.py", READY_LATE)
    settings = RunSettings(signal="SIGINT", signal_after=0.2, signal_ready="serving")
    run = run_snippet(tmp_path, "demo/ready.py", settings)
    check_run(run, settings)
    assert (
        run.output == "pool: open\nserving; press Ctrl-C to stop\nstopped by Ctrl-C\n"
    )
    assert 0.8 <= run.seconds < 3, run.seconds
    later = dataclasses.replace(settings, signal_after=1.5)  # ready by then: on time
    run = run_snippet(tmp_path, "demo/ready.py", later)
    assert run.output.endswith("serving; press Ctrl-C to stop\nstopped by Ctrl-C\n")
    assert 1.5 <= run.seconds < 3.5, run.seconds
    with pytest.raises(ContributorError, match="signal_ready says when"):
        RunSettings.from_mapping({"signal_ready": "serving"}, "docs/a.md", 4)


# --- processes left behind, killed and named ------------------------------------------


def test_a_snippet_that_leaves_a_process_behind_fails(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/leak.py",
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n",
    )
    run = run_snippet(tmp_path, "demo/leak.py")
    with pytest.raises(SnippetFailed, match="left processes running"):
        check_run(run, RunSettings())


def test_a_server_that_escapes_the_session_is_killed_and_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/server.py",
        "import os, socket, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()  # leaves the snippet's session\n"
        "    server = socket.create_server(('127.0.0.1', 0))\n"
        "    time.sleep(600)\n",
    )
    start = time.perf_counter()
    run = run_snippet(tmp_path, "demo/server.py", RunSettings(timeout=10))
    assert time.perf_counter() - start < 10
    with pytest.raises(SnippetFailed, match="left processes running after it exited"):
        check_run(run, RunSettings())
    assert not [line for line in left_running(suite_id()) if "demo/server.py" in line]


def test_a_server_in_a_new_session_with_an_empty_environment_is_killed_and_named(
    tmp_path: Path,
) -> None:
    """Neither its session nor its environment leads back to the snippet: the
    launcher, the snippet's child subreaper, finds it below itself."""
    write(
        tmp_path,
        "snippets/demo/server.py",
        "import subprocess\nimport sys\n\n"
        "subprocess.Popen(\n"
        "    [\n"
        "        sys.executable,\n"
        "        '-c',\n"
        "        'import socket, time; "
        'server = socket.create_server(("127.0.0.1", 0)); time.sleep(600)\',\n'
        "    ],\n"
        "    start_new_session=True,\n"
        "    env={},\n"
        ")\n",
    )
    before = {p.pid for p in psutil.process_iter()}
    start = time.perf_counter()
    run = run_snippet(tmp_path, "demo/server.py", RunSettings(timeout=10))
    assert time.perf_counter() - start < 10
    with pytest.raises(SnippetFailed, match="left processes running after it exited"):
        check_run(run, RunSettings())
    assert any("socket.create_server" in line for line in run.left_behind)
    escaped = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if proc.pid not in before and "socket.create_server" in " ".join(
                proc.cmdline()
            ):
                escaped.append(proc)
    for proc in escaped:  # a failure must not leave it listening
        proc.kill()
    assert not escaped

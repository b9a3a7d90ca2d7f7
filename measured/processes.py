"""Process control: the environment a snippet runs in, and finding and killing every
process it started.

Each snippet starts in a new session with [`MARKER`][measured.processes.MARKER] in its
environment, so that everything it starts can be found again: by session while it
stays in it, and by the marker when it leaves. A process that leaves both (a server
started with `start_new_session=True, env={}`) is still found: the snippet's
launcher (see `measured/launch.py`) is its child subreaper, so every orphan below the
snippet is reparented to the launcher, which kills and names it when the snippet
ends. [`kill_tree`][measured.processes.kill_tree]
ends a run's whole tree, and [`left_running`][measured.processes.left_running] lists
whatever a run of the suite left behind.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psutil

from measured.interpreters import KNOWN, probe
from measured.settings import RunSettings


def interpreter(python: str) -> dict[str, str]:
    """Version and install paths of an interpreter, to describe runs and shorten paths."""
    found = probe(python)
    if found is None:
        raise RuntimeError(f"{python} does not run")
    return {key: str(value) for key, value in found.items() if key != "modules"}


def installed(python: str) -> frozenset[str]:
    """The top-level modules the interpreter at `python` can import (see
    [`probe`][measured.interpreters.probe], which asks it once)."""
    found = probe(python)
    if found is None:
        raise RuntimeError(f"{python} does not run")
    return frozenset(found["modules"])


def importable(python: str, module: str) -> bool:
    """Whether `module` (its top-level package) is installed for `python`."""
    return module.split(".")[0] in installed(python)


def reader_environment(settings: RunSettings, token: str = "1") -> dict[str, str]:
    """The environment a snippet runs in: the caller's, minus Python's own variables.

    `PYTHONUNBUFFERED=1` keeps stdout and stderr in the order the program wrote them,
    as a terminal shows them. `CI` is removed and `COLUMNS=80` set, so a test
    summary prints the same on a laptop and in a CI job. [`MARKER`][measured.processes.MARKER] is inherited by every
    process the snippet starts, so [`left_running`][measured.processes.left_running]
    can find them all at the end of the suite.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    env.pop(KNOWN, None)  # the suite's, not the reader's
    # a reader's terminal, not a CI job: pytest prints more when it sees CI set, and
    # wraps to the terminal's width
    for name in ("CI", "BUILD_NUMBER", "COLUMNS", "LINES"):
        env.pop(name, None)
    env["COLUMNS"] = "80"
    env["PYTHONUNBUFFERED"] = "1"
    env[MARKER] = token
    env.update(settings.env)
    return env


LAUNCHER = Path(__file__).with_name("launch.py")
"""The small program that starts each snippet and reports its own figures."""

MARKER = "MEASURED_SNIPPET"
"""An environment variable set for every snippet, and so for all it starts."""


SUITE = "MEASURED_SUITE"
"""An environment variable naming one run of the suite (`make test` sets it for both of
its phases); every snippet's marker starts with it, so a check finds only what this
run of the suite left behind, not another suite's snippets running beside it."""


def suite_id() -> str:
    """This run of the suite's id, created on first use and inherited by workers."""
    return os.environ.setdefault(SUITE, uuid.uuid4().hex[:12])


def left_running(suite: str | None = None) -> list[str]:
    """Every process a snippet started that is still running, with its listening ports.

    A snippet's processes all carry [`MARKER`][measured.processes.MARKER] in their
    environment, even those that left the snippet's session. With `suite`, only the
    processes of that run of the suite are listed.

    Args:
        suite: A run of the suite's id, as [`suite_id`][measured.processes.suite_id] gives.
    """
    found = []
    for proc in psutil.process_iter():
        try:
            token = proc.environ().get(MARKER, "")
            if not token or (suite and not token.startswith(f"{suite}/")):
                continue
            ports = sorted(
                conn.laddr.port
                for conn in proc.net_connections(kind="inet")
                if conn.status == psutil.CONN_LISTEN
            )
            listening = (
                f", listening on port {', '.join(map(str, ports))}" if ports else ""
            )
            found.append(f"pid {proc.pid}: {' '.join(proc.cmdline())}{listening}")
        except (psutil.Error, OSError):
            continue
    return found


def _marked_processes(session_id: int, token: str | None) -> list[psutil.Process]:
    """Every live process in a snippet's session or carrying its run's token."""
    found = []
    for proc in psutil.process_iter():
        try:
            if os.getsid(proc.pid) == session_id or (
                token and proc.environ().get(MARKER) == token
            ):
                found.append(proc)
        except (ProcessLookupError, PermissionError, psutil.Error, OSError):
            continue
    return found


def kill_tree(pid: int, token: str | None = None) -> list[str]:
    """Kill `pid`, its descendants, its session and its run; return what was killed.

    A snippet starts in a session of its own, so a grandchild that lost its parent
    is found by its session id; one that also left the session is found by the
    run's `token` in its environment.
    """
    victims: dict[int, psutil.Process] = {}
    try:
        root = psutil.Process(pid)
        victims[root.pid] = root
        victims.update({child.pid: child for child in root.children(recursive=True)})
    except psutil.NoSuchProcess:
        pass
    victims.update({proc.pid: proc for proc in _marked_processes(pid, token)})
    names = []
    # descendants first, the snippet's own process last, so none is orphaned midway
    for proc in sorted(victims.values(), key=lambda p: p.pid == pid):
        try:
            names.append(" ".join(proc.cmdline()) or proc.name())
            proc.kill()
        except psutil.Error:
            continue
    # the snippet's own process is reaped by `run_snippet` (for its resource usage);
    # waiting here would reap it first
    psutil.wait_procs([p for p in victims.values() if p.pid != pid], timeout=5)
    return names

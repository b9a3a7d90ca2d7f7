"""Run one snippet the way a reader would, and say how it ended.

A reader copies `snippets/basics/overlap.py` and types
`python snippets/basics/overlap.py` at the repository root. [`run_snippet`][measured.runner.run_snippet]
does exactly that in a new process and session, under a hard timeout, and measures
the whole process: its wall time (what `time python ...` reports), its CPU time and
its peak resident memory. [`check_run`][measured.runner.check_run] says whether it
ended well. Comparing its output is [`measured.recordings`][]' job; deciding how often
to run it, and when, is [`measured.measuring`][]'s.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measured import postgres
from measured.errors import ContributorError
from measured.processes import (
    LAUNCHER,
    interpreter,
    kill_tree,
    reader_environment,
    suite_id,
)
from measured.settings import RunSettings, missing_module_hint


@dataclass(frozen=True)
class Run:
    """What one run of a snippet did.

    Attributes:
        snippet: The snippet's name under `snippets/`, such as `basics/overlap.py`.
        output: What it printed, with paths shortened (stdout, plus stderr when the
            settings record it).
        stderr: What it wrote to stderr when that is not part of `output`.
        exit_code: The process's exit code (negative: killed by that signal).
        seconds: Wall time of the whole process, from start to exit.
        peak_rss_kib: The peak resident memory of the process, in KiB, as
            `/usr/bin/time -v` reports it ("Maximum resident set size"): the larger of
            the process's own peak and that of its largest waited-for child.
        cpu_seconds: CPU time (user plus system) of the process and every child it
            waited for, such as the workers of a process pool, and of the helpers
            that ended by themselves after it (a forkserver, with its workers).
        python: The interpreter's version, such as `3.11.7`.
        implementation: The interpreter's name, such as `CPython`.
        left_behind: Processes the snippet started that were still running after it
            exited (they have been killed).
        repeats: How many runs of this snippet the measuring engine made for one
            figure; this run is the best of them (the fastest, for time).
        free_cores: The cores free to a new session just before the claim was
            measured, by [`free_cores`][measured.measuring.free_cores]; `None` when
            not measured.
    """

    snippet: str
    output: str
    stderr: str
    exit_code: int
    seconds: float
    peak_rss_kib: int
    python: str
    implementation: str
    cpu_seconds: float = 0.0
    left_behind: tuple[str, ...] = ()
    repeats: int = 1
    free_cores: float | None = None


class SnippetTimeout(ContributorError):
    """A snippet ran past its timeout; its whole process tree has been killed.

    Load could explain it (a starved program runs late), so the measuring engine
    gives it one more run; no more, as a hang costs its whole timeout each time."""

    load = True


class SnippetFailed(ContributorError):
    """A snippet exited with the wrong code, wrote unexpected stderr or left a
    process behind. `load` says whether load could explain it (see
    [`check_run`][measured.runner.check_run])."""

    load = False


TIMED_OUT = re.compile(r"\b(TimeoutError|CancelledError)\b")
"""In a traceback: a timeout that fired, which load can move to another place."""


def shorten_paths(text: str, root: Path, python: str) -> str:
    """Shorten the machine-specific paths in `text` the same way on every machine.

    The repository root disappears (`snippets/basics/a.py`, as in the command the
    page shows; Python itself prints the full path), the standard library becomes
    `<stdlib>` and installed packages `<site-packages>`. The home page tells
    readers so, once.
    """
    paths = interpreter(python)
    replacements = [
        (f"{root.resolve()}{os.sep}", ""),
        (f"{paths['purelib']}{os.sep}", f"<site-packages>{os.sep}"),
        (f"{paths['stdlib']}{os.sep}", f"<stdlib>{os.sep}"),
    ]
    # the longest first: a virtual environment's site-packages may lie inside the root
    for long, short in sorted(replacements, key=lambda pair: -len(pair[0])):
        text = text.replace(long, short)
    return text


ADDRESS = re.compile(r"\b0x[0-9a-f]{6,}\b")
"""A memory address, as in `<Task pending ... at 0x7f3c2a1b9e40>`: never the same twice."""


PYTEST_DURATION = re.compile(r" in \d+\.\d+s\b")


def normalize(text: str, settings: RunSettings) -> str:
    """Replace what changes from run to run: addresses, test durations (for `pytest`
    snippets), then the snippet's own patterns."""
    text = ADDRESS.sub("0x...", text)
    if settings.pytest:  # a test summary's duration, "2 passed in 0.31s"
        text = PYTEST_DURATION.sub(" in N.NNs", text)
    for pattern, replacement in settings.normalize:
        text = re.sub(pattern, replacement, text)
    return text


def run_snippet(
    root: Path,
    snippet: str,
    settings: RunSettings | None = None,
    python: str = sys.executable,
    trace: Path | None = None,
) -> Run:
    """Run `snippets/<snippet>` from `root`, as `python snippets/<snippet>` would.

    Args:
        root: The repository root (the reader's working directory).
        snippet: The snippet's name under `snippets/`, such as `basics/overlap.py`.
        settings: How to run it; the defaults when `None`.
        python: The interpreter to run it with.
        trace: Where to write a timeline of the run: the unchanged program then
            runs under [`measured.timeline`][measured.timeline], which times every
            step of every task on the event loop.

    Returns:
        The run, with its output already shortened.

    Raises:
        SnippetTimeout: It ran past `settings.timeout`. Its process tree is killed
            before this is raised, so nothing is left running.
        ContributorError: It needs PostgreSQL (`needs: ["postgres"]`), and no
            server could start.
    """
    settings = settings or RunSettings()
    path = f"snippets/{snippet}"
    if not (root / path).is_file():
        raise ContributorError(path, "no such snippet")
    info = interpreter(python)
    argv = [python, *settings.argv(snippet)]
    if trace is not None:
        if settings.pytest or settings.mypy:
            raise ContributorError(
                path, "a pytest or mypy snippet cannot be drawn as a timeline"
            )
        tracer = ["-m", "measured.timeline", str(trace.resolve())]
        argv = [python, *settings.flags, *tracer, path]
    token = f"{suite_id()}/{snippet}#{uuid.uuid4().hex[:12]}"
    services: dict[str, str] = {}
    if "postgres" in settings.needs:  # started before the clock, once per process
        try:
            services[postgres.VARIABLE] = postgres.url()
        except postgres.Unavailable as error:
            raise ContributorError(path, f"needs PostgreSQL: {error}") from None
    # started from a small launcher, so that its peak memory is its own (see
    # measured.launch); the launcher reports the program's figures on this pipe
    report, report_w = os.pipe()
    interrupt = settings.signal or "-"  # sent by the launcher, on the program's clock
    after = str(settings.signal_after)
    ready = settings.signal_ready or ""  # the line it waits for; "": the first
    # where it was, should it hang (see measured/on_hang/sitecustomize.py)
    hang_report = Path(tempfile.mkdtemp(prefix="measured-hang-")) / "report"
    environment = reader_environment(settings, token)
    environment.update(services)
    environment.setdefault("PYTHONPATH", str(ON_HANG))
    environment["MEASURED_HANG_REPORT"] = str(hang_report)
    if settings.mypy:  # a cache of its own: no other run's, none left in the checkout
        environment["MYPY_CACHE_DIR"] = str(hang_report.parent / "mypy_cache")
    start = time.perf_counter()
    launcher = [python, "-I", "-S", str(LAUNCHER), str(report_w)]
    proc = subprocess.Popen(
        [*launcher, interrupt, after, ready, *argv],
        pass_fds=(report_w,),
        cwd=root,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if settings.stderr else subprocess.PIPE,
        start_new_session=True,
    )
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: Any) -> None:
        chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=("out", proc.stdout), daemon=True)]
    if proc.stderr is not None:
        readers.append(
            threading.Thread(target=drain, args=("err", proc.stderr), daemon=True)
        )
    for reader in readers:
        reader.start()
    timed_out = threading.Event()

    def on_timeout() -> None:
        timed_out.set()
        ask_where(proc.pid, hang_report)
        kill_tree(proc.pid, token)

    timers = [threading.Timer(settings.timeout, on_timeout)]
    for timer in timers:
        timer.daemon = True
        timer.start()
    os.close(report_w)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    with os.fdopen(report, "rb") as pipe:
        figures, *killed = pipe.read().decode(errors="replace").split("\n")
    reported = figures.split()
    if len(reported) == 4:  # the launcher saw the program end
        seconds, cpu_seconds = float(reported[0]), float(reported[2])
        peak_rss_kib, exit_code = int(reported[1]), int(reported[3])
    else:
        cpu_seconds = usage.ru_utime + usage.ru_stime
        peak_rss_kib, exit_code = usage.ru_maxrss, os.waitstatus_to_exitcode(status)
    for timer in timers:
        timer.cancel()
    if timed_out.is_set():
        timers[0].join()  # let the timeout finish killing the tree before going on
    proc.returncode = exit_code
    # what the launcher, the snippet's subreaper, killed below it, and anything that
    # got away from it (a process that left before the launcher could see it)
    left_behind = (
        () if timed_out.is_set() else tuple([*killed, *kill_tree(proc.pid, token)])
    )
    for reader in readers:
        reader.join(timeout=5)
    if not any(reader.is_alive() for reader in readers):
        # a reader still blocked (on a pipe held by an unkillable process) would
        # block close(); its daemon thread is left to the interpreter instead
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()

    def text(name: str) -> str:
        raw = chunks.get(name, b"").decode("utf-8", errors="replace")
        return normalize(shorten_paths(raw, root, python), settings)

    where = hang_report.read_text() if hang_report.exists() else ""
    shutil.rmtree(hang_report.parent, ignore_errors=True)
    if timed_out.is_set():
        where = where.removesuffix("end\n")
        where = normalize(shorten_paths(where, root, python), settings) or (
            "(it did not say: it was outside Python code, or ran without this harness's start-up hook)\n"
        )
        raise SnippetTimeout(
            path,
            f"still running after its {settings.timeout:g} s timeout on Python "
            f"{info['version']}; its process tree was killed. Where it was:\n"
            f"{where}"
            "If it waits for something that never happens (an event never set, a "
            "task never done), that is the bug; if it needs longer, give it a "
            f"`timeout:` (seconds) in its page's `snippets:` settings ({snippet}: "
            f"{{timeout: 60}}). Output so far:\n{text('out')}{text('err')}",
        )
    return Run(
        snippet=snippet,
        output=text("out"),
        stderr=text("err"),
        exit_code=proc.returncode,
        seconds=seconds,
        peak_rss_kib=peak_rss_kib,
        cpu_seconds=cpu_seconds,
        python=info["version"],
        implementation=info["implementation"],
        left_behind=left_behind,
    )


ON_HANG = Path(__file__).with_name("on_hang")
"""The folder of the `sitecustomize` that says where a snippet was at its timeout."""


def ask_where(launcher: int, report: Path, patience: float = 2.0) -> None:
    """Ask the program below `launcher` where it is (SIGUSR2, answered by
    measured/on_hang/sitecustomize.py into `report`), and wait for its answer."""
    try:
        children = Path(f"/proc/{launcher}/task/{launcher}/children").read_text()
        program = int(children.split()[0])
        os.kill(program, signal.SIGUSR2)
    except (OSError, IndexError, ValueError):
        return
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if report.exists() and report.read_text().endswith("end\n"):
            return
        time.sleep(0.02)


def check_run(run: Run, settings: RunSettings) -> None:
    """Fail unless the run ended as its settings say and cleaned up after itself.

    Only a failure load could explain is marked `load` (the engine runs it
    again): another exit code after a `TimeoutError` or `CancelledError` (a
    timeout that fired elsewhere), stderr whose every line prints a time (debug
    mode's slow step). An import error, a leftover process are the same every run.

    Raises:
        SnippetFailed: Wrong exit code, unexpected stderr, or processes left behind.
    """
    path = f"snippets/{run.snippet}"
    expected = settings.exit_code_on(run.python)
    if run.exit_code != expected:
        error = SnippetFailed(
            path,
            f"exited with code {run.exit_code}, expected {expected} on Python "
            f"{run.python}.\n"
            f"stdout:\n{run.output}\nstderr:\n{run.stderr}"
            + (
                f"\n{hint}"
                if (hint := missing_module_hint(run.snippet, run.stderr))
                else ""
            ),
        )
        # a timeout that fires in another place under load ends it otherwise; an
        # import error, a typo or a changed exit code is the same on every run
        error.load = bool(TIMED_OUT.search(run.output + run.stderr))
        raise error
    if run.stderr:
        error = SnippetFailed(
            path,
            "wrote to stderr, which its page does not show (set `stderr: true` in "
            f"its page's `snippets:` settings to record it):\n{run.stderr}",
        )
        # debug mode's report of a slow step (each line prints its time) is load
        from measured.recordings import TIME  # it compares outputs, with this runner

        error.load = all(TIME.search(line) for line in run.stderr.splitlines())
        raise error
    if run.left_behind:
        raise SnippetFailed(
            path,
            "left processes running after it exited (now killed): "
            + "; ".join(run.left_behind),
        )

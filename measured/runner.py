"""Run one snippet the way a reader would, and compare what it printed.

A reader copies `snippets/basics/overlap.py` and types
`python snippets/basics/overlap.py` at the repository root. [`run_snippet`][measured.runner.run_snippet]
does exactly that in a new process and session, under a hard timeout, and measures
the whole process: its wall time (what `time python ...` reports) and its peak
resident memory.

How a snippet runs is declared once, in the `snippets:` map of the front matter of
the page that shows it, and read into [`RunSettings`][measured.runner.RunSettings].
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from measured.errors import ContributorError
from measured.interpreters import OLDEST, minor, probe, version_key

DEFAULT_TIMEOUT = 30.0
"""Seconds a snippet may run before it is killed, unless its settings say otherwise."""

UPDATE_HINT = "if the new output is right, record it with `pytest --update-examples`"


@dataclass(frozen=True)
class RunSettings:
    """How one snippet runs, from the `snippets:` map of a page's front matter.

    Every field has a default, so most snippets need no entry at all:

    ```yaml
    snippets:
      basics/cpu_processes.py:
        alone: true      # CPU-bound: measured after the parallel part
        timeout: 60
      core/slow_callback.py:
        flags: ["-X", "dev"]
        stderr: true     # the page is about what goes to stderr
    ```

    Attributes:
        timeout: Seconds before the snippet's whole process tree is killed.
        flags: Interpreter flags, placed before the snippet's path (`-X dev`).
        env: Extra environment variables, shown before the command on the page.
        exit_code: The exit code the program must end with.
        stderr: Record stderr too, merged with stdout in the order it was written.
            Without it, anything on stderr is an error: the page would hide it.
        alone: Run after the parallel part of the suite, with the CPU to itself.
        python: The oldest Python that runs the snippet, such as `"3.12"`.
        pytest: Run the file with `python -m pytest` instead of `python`.
        signal: A signal name (`SIGINT`) sent to the program after `signal_after` s.
        signal_after: Seconds to wait before sending `signal`.
        repeat: How many times to run the snippet for its claims; the fastest run
            counts, as with `timeit`. Default: 3 for snippets that run alone (a
            CPU-bound program's one run is at the mercy of whatever else the machine
            does), 1 for the rest. Claims are measured on the suite's own Python, so
            other versions run an alone snippet once, to check its output. Every run
            must print the same.
        unsafe: Why the snippet shows an unsafe habit on purpose (an unbounded
            queue, say). The safety checks skip it, and its page says so beside it.
        requires: Modules from outside the standard library that the snippet
            imports, such as `["httpx"]`. On a Python where one of them is not
            installed, the snippet is skipped with that reason.
        normalize: Pairs of `[regex, replacement]` applied to the output before it is
            compared, for figures that change from run to run, such as
            `["took \\d+\\.\\d+ seconds", "took N seconds"]`. Say so on the page.
            Memory addresses (`at 0x7f...`) are always shortened to `0x...`.
    """

    timeout: float = DEFAULT_TIMEOUT
    flags: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    exit_code: int = 0
    stderr: bool = False
    alone: bool = False
    python: str | None = None
    pytest: bool = False
    signal: str | None = None
    signal_after: float = 1.0
    normalize: tuple[tuple[str, str], ...] = ()
    requires: tuple[str, ...] = ()
    unsafe: str | None = None
    repeat: int | None = None

    @classmethod
    def from_mapping(
        cls, data: Any, where: str | Path, line: int | None = None
    ) -> RunSettings:
        """Build settings from front matter, naming `where` and `line` on a mistake."""
        if not isinstance(data, Mapping):
            raise ContributorError(where, "snippet settings must be a mapping", line)
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ContributorError(
                where,
                f"unknown snippet setting {', '.join(map(repr, unknown))}; "
                f"known settings are {', '.join(sorted(known))}",
                line,
            )
        values = dict(data)
        if "flags" in values:
            values["flags"] = tuple(str(flag) for flag in values["flags"])
        if "requires" in values:
            values["requires"] = tuple(str(module) for module in values["requires"])
        if "env" in values:
            values["env"] = {str(k): str(v) for k, v in values["env"].items()}
        if "normalize" in values:
            pairs = values["normalize"]
            if not isinstance(pairs, list) or not all(
                isinstance(pair, list) and len(pair) == 2 for pair in pairs
            ):
                raise ContributorError(
                    where,
                    "`normalize` must be a list of [regex, replacement] pairs",
                    line,
                )
            for pattern, _ in pairs:
                try:
                    re.compile(pattern)
                except re.error as error:
                    raise ContributorError(
                        where, f"bad regex {pattern!r} in `normalize`: {error}", line
                    ) from None
            values["normalize"] = tuple((str(p), str(r)) for p, r in pairs)
        if "signal" in values and not hasattr(signal.Signals, str(values["signal"])):
            raise ContributorError(where, f"unknown signal {values['signal']!r}", line)
        settings = cls(**values)
        if settings.timeout <= 0:
            raise ContributorError(where, "timeout must be a positive number", line)
        return settings

    def argv(self, snippet: str) -> list[str]:
        """The command after `python`, such as `["-X", "dev", "snippets/a/b.py"]`."""
        module = ["-m", "pytest", "-q"] if self.pytest else []
        return [*self.flags, *module, f"snippets/{snippet}"]

    def command(self, snippet: str) -> str:
        """The command as a reader types it, shown on the page after `$`."""
        env = " ".join(f"{key}={value}" for key, value in self.env.items())
        words = ["python", *self.argv(snippet)]
        return f"{env} {' '.join(words)}".strip()


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
            waited for, such as the workers of a process pool.
        python: The interpreter's version, such as `3.11.7`.
        implementation: The interpreter's name, such as `CPython`.
        left_behind: Processes the snippet started that were still running after it
            exited (they have been killed).
        repeats: How many runs this one is the fastest of.
        free_cores: The cores free to a new session just before the run, measured by
            [`free_cores`][measured.runner.free_cores]; `None` when not measured.
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
    """A snippet ran past its timeout; its whole process tree has been killed."""


class SnippetFailed(ContributorError):
    """A snippet exited with the wrong code, wrote unexpected stderr or left a
    process behind."""


class OutputChanged(ContributorError):
    """A snippet printed something other than its recording; the message is a diff."""


def interpreter(python: str) -> dict[str, str]:
    """Version and install paths of an interpreter, to describe runs and shorten paths."""
    found = probe(python)
    if found is None:
        raise RuntimeError(f"{python} does not run")
    return {key: str(value) for key, value in found.items()}


@functools.cache
def importable(python: str, module: str) -> bool:
    """Whether `module` imports on the interpreter at `python`."""
    done = subprocess.run([python, "-I", "-c", f"import {module}"], capture_output=True)
    return done.returncode == 0


def shorten_paths(text: str, root: Path, python: str) -> str:
    """Shorten the machine-specific paths in `text` the same way on every machine.

    The repository root disappears (`snippets/basics/a.py`, as the reader typed it),
    the standard library becomes `<stdlib>` and installed packages `<site-packages>`.
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


def reader_environment(settings: RunSettings, token: str = "1") -> dict[str, str]:
    """The environment a snippet runs in: the caller's, minus Python's own variables.

    `PYTHONUNBUFFERED=1` keeps stdout and stderr in the order the program wrote them,
    as a terminal shows them. `CI` is removed and `COLUMNS=80` set, so a test
    summary prints the same on a laptop and in a CI job. [`MARKER`][measured.runner.MARKER] is inherited by every
    process the snippet starts, so [`left_running`][measured.runner.left_running]
    can find them all at the end of the suite.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
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

    A snippet's processes all carry [`MARKER`][measured.runner.MARKER] in their
    environment, even those that left the snippet's session. With `suite`, only the
    processes of that run of the suite are listed.

    Args:
        suite: A run of the suite's id, as [`suite_id`][measured.runner.suite_id] gives.
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


SPINNER = """
import os, resource, sys, time
start = time.perf_counter()
deadline = start + float(sys.argv[2])
for _ in range(int(sys.argv[1])):
    if os.fork() == 0:
        while time.perf_counter() < deadline:
            pass
        os._exit(0)
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print((usage.ru_utime + usage.ru_stime) / wall)
"""


def free_cores(seconds: float = 1.0) -> float:
    """How many cores a program started now would get: the `cpus` of a claim's bound.

    A snippet runs in a session of its own. Where the kernel shares the CPUs between
    sessions (Linux's autogroup scheduling), other busy sessions take their share
    however many processes the snippet starts: beside two CPU burners on two cores, a
    pool of four workers gets one core. So the runner asks the machine instead of
    counting its cores: it starts one spinning process per core, in a new session, for
    `seconds`, and divides their CPU time by the wall time. That is about
    `os.cpu_count()` on an idle machine, and about 1 beside `make stress`'s burners.
    A second is long enough for the kernel to settle the shares: a third of one read
    anywhere from 0.8 to 1.0 beside the burners.

    Returns:
        The cores free, to two decimals, at least 0.01 and at most `os.cpu_count()`.
    """
    cpus = os.cpu_count() or 1
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", SPINNER, str(cpus), str(seconds)],
        capture_output=True,
        text=True,
        start_new_session=True,
        timeout=seconds + 30,
        check=True,
    )
    return min(float(cpus), max(0.01, round(float(done.stdout), 2)))


def run_snippet(
    root: Path,
    snippet: str,
    settings: RunSettings | None = None,
    python: str = sys.executable,
    trace: Path | None = None,
    measure_free_cores: bool = False,
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
        measure_free_cores: Measure [`free_cores`][measured.runner.free_cores] just
            before the run, for claims whose bounds depend on `cpus`.

    Returns:
        The run, with its output already shortened.

    Raises:
        SnippetTimeout: It ran past `settings.timeout`. Its process tree is killed
            before this is raised, so nothing is left running.
    """
    settings = settings or RunSettings()
    path = f"snippets/{snippet}"
    if not (root / path).is_file():
        raise ContributorError(path, "no such snippet")
    info = interpreter(python)
    argv = [python, *settings.argv(snippet)]
    if trace is not None:
        if settings.pytest:
            raise ContributorError(
                path, "a pytest snippet cannot be drawn as a timeline"
            )
        tracer = ["-m", "measured.timeline", str(trace.resolve())]
        argv = [python, *settings.flags, *tracer, path]
    token = f"{suite_id()}/{snippet}#{uuid.uuid4().hex[:12]}"
    cores = free_cores() if measure_free_cores else None
    # started from a small launcher, so that its peak memory is its own (see
    # measured.launch); the launcher reports the program's figures on this pipe
    report, report_w = os.pipe()
    interrupt = settings.signal or "-"  # sent by the launcher, on the program's clock
    after = str(settings.signal_after)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [python, "-I", "-S", str(LAUNCHER), str(report_w), interrupt, after, *argv],
        pass_fds=(report_w,),
        cwd=root,
        env=reader_environment(settings, token),
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
        kill_tree(proc.pid, token)

    timers = [threading.Timer(settings.timeout, on_timeout)]
    for timer in timers:
        timer.daemon = True
        timer.start()
    os.close(report_w)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    with os.fdopen(report, "rb") as pipe:
        reported = pipe.read().split()
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
    left_behind = () if timed_out.is_set() else tuple(kill_tree(proc.pid, token))
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

    if timed_out.is_set():
        raise SnippetTimeout(
            path,
            f"still running after its {settings.timeout:g} s timeout; its process "
            f"tree was killed. Output so far:\n{text('out')}{text('err')}",
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
        free_cores=cores,
    )


def recording_path(root: Path, snippet: str, version: str | None = None) -> Path:
    """Where a snippet's recorded output lives, beside it.

    `overlap.out` holds the output on the oldest Python that runs the snippet. Where
    a newer Python prints something else (an error message that changed, say), its
    output is in `overlap.3.13.out`, by minor version.
    """
    base = root / "snippets" / Path(snippet).with_suffix("")
    return base.with_name(
        f"{base.name}.{version}.out" if version else f"{base.name}.out"
    )


def oldest_version(settings: RunSettings) -> str:
    """The oldest Python a snippet runs on: 3.11, or what its settings require."""
    wanted = minor(settings.python) if settings.python else OLDEST
    return max(wanted, OLDEST, key=version_key)


def expected_recording(root: Path, run: Run, settings: RunSettings) -> Path:
    """The recording a run is compared with: its version's own, or the shared one."""
    version = minor(run.python)
    own = recording_path(root, run.snippet, version)
    if version != oldest_version(settings) and own.exists():
        return own
    return recording_path(root, run.snippet)


def check_run(run: Run, settings: RunSettings) -> None:
    """Fail unless the run ended as its settings say and cleaned up after itself.

    Raises:
        SnippetFailed: Wrong exit code, unexpected stderr, or processes left behind.
    """
    path = f"snippets/{run.snippet}"
    if run.exit_code != settings.exit_code:
        raise SnippetFailed(
            path,
            f"exited with code {run.exit_code}, expected {settings.exit_code}.\n"
            f"stdout:\n{run.output}\nstderr:\n{run.stderr}",
        )
    if run.stderr:
        raise SnippetFailed(
            path,
            "wrote to stderr, which its page does not show (set `stderr: true` in "
            f"its page's `snippets:` settings to record it):\n{run.stderr}",
        )
    if run.left_behind:
        raise SnippetFailed(
            path,
            "left processes running after it exited (now killed): "
            + "; ".join(run.left_behind),
        )


def compare_output(
    root: Path, run: Run, settings: RunSettings | None = None, update: bool = False
) -> None:
    """Compare a run's output with its recording, or record it when `update` is set.

    On the oldest Python that runs the snippet, recording writes `<name>.out`. On a
    newer one it writes `<name>.<version>.out` only where the output differs from
    `<name>.out`, and removes it where it no longer does.

    Raises:
        OutputChanged: The output differs; the message is a unified diff.
    """
    settings = settings or RunSettings()
    recording = expected_recording(root, run, settings)
    if update:
        shared = recording_path(root, run.snippet)
        own = recording_path(root, run.snippet, minor(run.python))
        if minor(run.python) == oldest_version(settings):
            target = shared
        elif shared.exists() and shared.read_text() == run.output:
            own.unlink(missing_ok=True)
            return
        else:
            target = own
        if not target.exists() or target.read_text() != run.output:
            target.write_text(run.output)
        return
    name = recording.relative_to(root).as_posix()
    if not recording.exists():
        raise OutputChanged(name, f"no recorded output yet; {UPDATE_HINT}")
    expected = recording.read_text()
    if expected != run.output:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                run.output.splitlines(keepends=True),
                fromfile=f"{name} (recorded)",
                tofile=f"python{minor(run.python)} snippets/{run.snippet} (this run)",
            )
        )
        raise OutputChanged(name, f"the output changed; {UPDATE_HINT}\n{diff}")

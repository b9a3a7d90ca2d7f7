"""Start a snippet from a small process, so its peak memory is its own.

On Linux a process's peak resident memory (`ru_maxrss`) includes what it held before
`exec`: a child forked from the test runner starts with the runner's 50 MiB or more,
and a 10 MiB program would be reported at 50. `/usr/bin/time` avoids this by being
small itself; this launcher does the same. The runner starts it with
`python -I -S` (about 8 MiB, less than any Python program it starts). It forks,
execs the snippet's command, forwards SIGINT and SIGTERM to it, waits, and writes
the snippet's own wall time, peak memory, CPU time and exit status to a pipe.

A snippet that a page interrupts (`signal: SIGINT`, `signal_after: 0.5`) gets its
signal from the launcher too, timed from the same start as its wall time, so a
claim's floor of "0.5 s after it starts" holds exactly. The signal also waits for
the program's first line of output, its way of saying it is running: on a starved
machine, Python alone can take longer than half a second to start, and a Ctrl-C
then would interrupt its imports, not the program the page is about. A program that
prints before a slow start-up (opening a pool, then a server) names the line that
says it is ready (`signal_ready: "serving"`), and the signal waits for a line with
that text instead. Its output passes through the launcher for this, stdout and
stderr together when the page records them together, so their order is kept.

The launcher is also the snippet's *child subreaper* (Linux's
`prctl(PR_SET_CHILD_SUBREAPER)`): a process the snippet starts and leaves behind is
reparented to the launcher rather than to init, whatever it does to its session or
environment (`start_new_session=True, env={}`). When the snippet ends, the launcher
gives its helpers [`GRACE`][measured.launch.GRACE] seconds to end by themselves (a
process pool's forkserver does, a moment after its program), reaps them, and counts
their CPU time with the program's. Then it kills every process still below it and
reports their command lines after its figures, one a line, for the runner to fail
the run with.

Usage: `python -I -S launch.py FD SIGNAL AFTER READY COMMAND...`, with `-` for no
signal and an empty READY for the first line (the runner does this; readers never
do).
"""

import contextlib
import os
import select
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """Have orphaned descendants reparented to this process (Linux only)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (ImportError, OSError, AttributeError):  # not Linux: the session is all
        pass


def live_descendants(me: int) -> list[int]:
    """Every live process below `me`, read from /proc (zombies left out)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields and fields[0] not in (b"Z", b"X"):
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, frontier = [], [me]
    while frontier:
        below = children.get(frontier.pop(), [])
        found.extend(below)
        frontier.extend(below)
    return found


def command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read().rstrip(b"\0").split(b"\0")
        return b" ".join(words).decode(errors="replace") or str(pid)
    except OSError:
        return str(pid)


GRACE = 2.0
"""Seconds the processes a program leaves behind get to end by themselves.

A process pool's helpers end on their own once the program has ended, but not at
the same instant: the forkserver (Linux's default start method from Python 3.14) and
the resource tracker each notice that their parent has gone, and exit. Only a
process still running after this grace is reported as left behind."""


class Usage:
    """The CPU time and peak memory of the processes the launcher reaps after the
    program: its helpers, such as the forkserver, whose own waited-for children
    are a process pool's workers."""

    def __init__(self) -> None:
        self.cpu = 0.0
        self.maxrss = 0

    def reap(self) -> None:
        while True:
            try:
                pid, _, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.cpu += usage.ru_utime + usage.ru_stime
            self.maxrss = max(self.maxrss, usage.ru_maxrss)


def settle(usage: Usage) -> None:
    """Reap the program's helpers as they end by themselves, for up to
    [`GRACE`][measured.launch.GRACE] seconds."""
    deadline = time.monotonic() + GRACE
    while live_descendants(os.getpid()) and time.monotonic() < deadline:
        usage.reap()
        time.sleep(0.005)
    usage.reap()


def kill_left_behind(usage: Usage) -> list[str]:
    """Kill and reap every process still below the launcher; name each one."""
    me, names = os.getpid(), {}
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = live_descendants(me)
        if not found:
            break
        for pid in found:
            names.setdefault(pid, command_line(pid))
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        usage.reap()
        time.sleep(0.01)
    usage.reap()
    return list(names.values())


def relay_then_interrupt(
    source: int, pid: int, sent: signal.Signals, due: float, wanted: bytes = b""
) -> None:
    """Copy the program's output to the launcher's own until the program ends, and
    send it `sent` at `due` (on the `perf_counter` clock) or, if it has not printed
    its first line by then (the first line containing `wanted`, if given), as soon
    as it has. On a starved machine Python can take longer than `due` to start; a
    signal then would land in its imports, not in the program the page shows."""
    ended = os.pidfd_open(pid)
    watched = [source]
    ready = signalled = False
    line = b""  # the line being written, until it ends
    while True:
        wait = max(due - time.perf_counter(), 0) if not signalled else None
        if not ready and wait == 0:
            wait = None  # due, but not running yet: wait for its first line
        readable, _, _ = select.select([*watched, ended], [], [], wait)
        if source in readable:
            data = os.read(source, 65536)
            if not ready:
                *ended_lines, line = (line + data).split(b"\n")
                ready = any(wanted in each for each in ended_lines)
            if data:
                os.write(1, data)
            else:  # it closed its output, and runs on
                watched, ready = [], True
        if ended in readable:  # what it wrote before it ended, and no more
            os.set_blocking(source, False)
            with contextlib.suppress(BlockingIOError):
                while data := os.read(source, 65536):
                    os.write(1, data)
            os.close(source)
            os.close(ended)
            return
        if ready and not signalled and time.perf_counter() >= due:
            with contextlib.suppress(OSError):
                os.kill(pid, sent)
            signalled = True


def main() -> None:
    report = int(sys.argv[1])
    interrupt, after, ready = sys.argv[2], float(sys.argv[3]), sys.argv[4]
    command = sys.argv[5:]
    become_subreaper()
    # a program that is interrupted writes through the launcher, which sends the
    # signal only once the program has said it is running (its first line)
    said = os.pipe() if interrupt != "-" and hasattr(os, "pidfd_open") else None
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(report)
        if said is not None:
            os.close(said[0])
            merged = os.path.sameopenfile(1, 2)  # stdout and stderr: one recording
            os.dup2(said[1], 1)
            if merged:
                os.dup2(said[1], 2)
            os.close(said[1])
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda received, _: os.kill(pid, received))
    if said is not None:
        os.close(said[1])
        relay_then_interrupt(
            said[0], pid, signal.Signals[interrupt], start + after, ready.encode()
        )
    elif interrupt != "-":  # no pidfd (not Linux): on the clock alone
        sent = signal.Signals[interrupt]
        signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, sent))
        signal.setitimer(
            signal.ITIMER_REAL, max(after - (time.perf_counter() - start), 1e-3)
        )
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    code = os.waitstatus_to_exitcode(status)
    helpers = Usage()
    settle(helpers)
    left = "".join(f"\n{line}" for line in kill_left_behind(helpers))
    cpu = usage.ru_utime + usage.ru_stime + helpers.cpu
    peak = max(usage.ru_maxrss, helpers.maxrss)
    os.write(report, f"{seconds} {peak} {cpu} {code}{left}".encode())
    os.close(report)
    os._exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()

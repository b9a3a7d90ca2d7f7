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
claim's floor of "0.5 s after it starts" holds exactly.

Usage: `python -I -S launch.py FD SIGNAL AFTER COMMAND...`, with `-` for no signal
(the runner does this; readers never do).
"""

import os
import signal
import sys
import time


def main() -> None:
    report = int(sys.argv[1])
    interrupt, after = sys.argv[2], float(sys.argv[3])
    command = sys.argv[4:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(report)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda received, _: os.kill(pid, received))
    if interrupt != "-":
        sent = signal.Signals[interrupt]
        signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, sent))
        signal.setitimer(
            signal.ITIMER_REAL, max(after - (time.perf_counter() - start), 1e-3)
        )
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    os.write(report, f"{seconds} {usage.ru_maxrss} {cpu} {code}".encode())
    os.close(report)
    os._exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()

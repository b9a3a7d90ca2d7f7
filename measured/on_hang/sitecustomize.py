"""Says where a snippet was when its timeout came; loaded into each snippet.

The runner puts this folder on the snippet's `PYTHONPATH` (no `-X` flag, nothing in
the command the page shows), with `MEASURED_HANG_REPORT` naming a file. Python
imports `sitecustomize` at start-up; this one takes its folder and both variables
back out of the program's `sys.path` and environment (so the program, and what it
starts, see the reader's), hands over to the interpreter's own `sitecustomize` if
there is one, and installs a SIGUSR2 handler. It prints nothing, so a program that
ends in time prints what it prints anyway.

At the timeout, the runner sends SIGUSR2. The handler runs in the main thread, at
the next bytecode (a signal wakes an event loop's wait), and writes to the file the
lines of the program's own files (not the standard library's) on which each thread
stood, and those on which each pending asyncio task awaits, innermost last; then a
last line, `end`. The runner then kills the process tree.
"""

import os
import sys

_REPORT = os.environ.pop("MEASURED_HANG_REPORT", None)
_HERE = os.path.dirname(os.path.abspath(__file__))
if os.environ.get("PYTHONPATH") == _HERE:
    del os.environ["PYTHONPATH"]
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]
_ME = sys.modules.pop("sitecustomize")
try:  # the interpreter's own (Debian's, say), which this one hid
    import sitecustomize  # noqa: F401
except ImportError:
    sys.modules["sitecustomize"] = _ME


def _own(filename: str) -> bool:
    path = os.path.abspath(filename)
    return (
        path.startswith(os.getcwd() + os.sep)
        and os.sep + "site-packages" + os.sep not in path
        and not path.startswith(os.path.abspath(sys.prefix) + os.sep)
    )


def _line(frame) -> str:
    import linecache

    code = frame.f_code
    where = os.path.relpath(code.co_filename)
    text = linecache.getline(code.co_filename, frame.f_lineno).strip()
    return f"{where}, line {frame.f_lineno}, in {code.co_name}: {text}"


def _frames(frame) -> list:
    found = []
    while frame is not None:
        found.append(frame)
        frame = frame.f_back
    return found[::-1]


def _awaiting(coro) -> list:
    """The frames a coroutine awaits through, outermost first."""
    found = []
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        found.append(frame)
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return found


def _report(signum, frame) -> None:
    import threading

    lines = []
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    for ident, top in sys._current_frames().items():
        stack = _frames(frame if ident == threading.main_thread().ident else top)
        own = [_line(f) for f in stack if _own(f.f_code.co_filename)]
        lines.append(f"thread {names.get(ident, ident)!r}:")
        lines += [f"  {line}" for line in own] or ["  (in the standard library)"]
    # asyncio may be half imported: a program stopped while it still starts up
    events = getattr(sys.modules.get("asyncio"), "events", None)
    get_loop = getattr(events, "_get_running_loop", None)
    asyncio = sys.modules.get("asyncio") if get_loop else None
    loop = get_loop() if get_loop else None
    if loop is not None:
        for task in sorted(asyncio.all_tasks(loop), key=lambda t: t.get_name()):
            coro = task.get_coro()
            lines.append(
                f"task {task.get_name()!r} ({getattr(coro, '__qualname__', coro)}):"
            )
            own = [_line(f) for f in _awaiting(coro) if _own(f.f_code.co_filename)]
            lines += [f"  {line}" for line in own] or ["  (in the standard library)"]
    with open(_REPORT, "w") as report:
        report.write("\n".join(lines) + "\nend\n")


if _REPORT:
    import signal

    signal.signal(signal.SIGUSR2, _report)

"""Timelines of real runs: which task ran on the event loop, which waited, on what, and
how each ended.

The suite runs a snippet a second time, unchanged, under this module:

```console
$ python -m measured.timeline trace.json snippets/basics/overlap.py
```

Before the program starts, the tracer wraps `asyncio.events.Handle._run`, the one
place where the event loop calls every callback it has scheduled. A task advances
only through such callbacks (a step of its coroutine, or its wake-up when what it
awaited is done), and each of them is a method of the task, so the wrapper knows
which task ran, from when to when. Between two of its steps the task was waiting.
After a task's last step the wrapper notes how it ended: it returned, raised (the
exception's type, read without marking it retrieved) or was cancelled.

It also wraps the methods where a task waits for another task's turn at a lock, a
semaphore, a queue, an event, a condition or a barrier ([`WAITS`][measured.timeline.WAITS]):
a call during which the task stopped for at least one step is stored as a wait for
that primitive, from the call to its return. A wait inside another (the lock a
condition takes back) counts once, as the outer one. Every other wait (a sleep, I/O,
another task) is left as the time between steps.

Nothing in the snippet is changed. Callbacks that belong to no task (the loop's own
housekeeping) are not drawn, nor are the tasks asyncio starts for itself, such as the
clean-up `asyncio.run` does after `main` returns. At exit the tracer writes what it saw as JSON, which the
build draws with [`draw`][measured.timeline.draw].

The tracer part uses only the standard library, so every Python the suite checks can
run it.
"""

from __future__ import annotations

import atexit
import functools
import html
import json
import runpy
import sys
import time
from pathlib import Path
from typing import Any

MAX_ROWS = 24
"""The most tasks one picture shows; a program with more says how many it left out."""

WAITS = {
    "Lock.acquire": ("for the lock", "the lock"),
    "Semaphore.acquire": ("for the semaphore", "the semaphore"),
    "Queue.get": ("for an item from the queue", "the queue"),
    "Queue.put": ("for room in the queue", "the queue"),
    "Queue.join": ("for every item in the queue to be done", "the queue"),
    "Event.wait": ("for the event", "the event"),
    "Condition.wait": ("for the condition", "the condition"),
    "Barrier.wait": ("at the barrier", "the barrier"),
}
"""The asyncio methods the tracer times as waits, each with what a task calling it
waits for, in the words of the text alternative, and what it waits at, in the
legend's. Subclasses (`BoundedSemaphore`, `PriorityQueue`) inherit the wrapped
method."""


def trace(out: str, program: str, args: list[str]) -> None:
    """Run `program` as `__main__` with the event loop's callbacks timed; write `out`."""
    import asyncio
    import asyncio.events

    start = time.perf_counter()
    # tasks that asyncio starts for itself, such as asyncio.run's clean-up at exit
    library = str(Path(asyncio.__file__).parent)
    tasks: dict[asyncio.Task[Any], dict[str, Any]] = {}
    steps: dict[asyncio.Task[Any], int] = {}  # each task's steps so far
    waiting: set[asyncio.Task[Any]] = set()  # tasks inside a wrapped wait
    original = asyncio.events.Handle._run

    def timed_run(handle: asyncio.events.Handle) -> None:
        task = getattr(handle._callback, "__self__", None)
        if not isinstance(task, asyncio.Task):
            return original(handle)
        began = time.perf_counter() - start
        try:
            return original(handle)
        finally:
            ended = time.perf_counter() - start
            steps[task] = steps.get(task, 0) + 1
            record = tasks.get(task)
            if record is None:
                coro = task.get_coro()
                code = getattr(coro, "cr_code", None)
                inside = code is not None and code.co_filename.startswith(library)
                record = tasks[task] = {
                    "name": task.get_name(),
                    "coroutine": getattr(coro, "__qualname__", type(coro).__name__),
                    "ran": [],
                    "waited": [],
                    "asyncio's own": inside,
                }
            record["ran"].append([round(began, 6), round(ended, 6)])
            if task.done() and "ended" not in record:
                record.update(outcome(task))

    def outcome(task: asyncio.Task[Any]) -> dict[str, str]:
        if task.cancelled():
            return {"ended": "cancelled"}
        # `_exception`, not `exception()`, which would mark it retrieved and so
        # silence the "never retrieved" report the program would otherwise print
        if not hasattr(task, "_exception"):
            return {}
        error = task._exception
        if error is None:
            return {"ended": "returned"}
        return {"ended": "raised", "raised": type(error).__qualname__}

    def timed_wait(cls: type, method: str) -> None:
        wrapped = getattr(cls, method)

        @functools.wraps(wrapped)
        async def wait(self: Any, *args: Any, **kwargs: Any) -> Any:
            task = asyncio.current_task()
            if task is None or task in waiting:
                return await wrapped(self, *args, **kwargs)
            waiting.add(task)
            before, began = steps.get(task, 0), time.perf_counter() - start
            try:
                return await wrapped(self, *args, **kwargs)
            finally:
                waiting.discard(task)
                if steps.get(task, 0) > before and task in tasks:  # it stopped
                    ended = time.perf_counter() - start
                    tasks[task]["waited"].append(
                        [round(began, 6), round(ended, 6), f"{cls.__name__}.{method}"]
                    )

        setattr(cls, method, wait)

    def write() -> None:
        data = {
            "program": program,
            "python": sys.version.split()[0],
            "end": round(time.perf_counter() - start, 6),
            "tasks": sorted(
                (
                    {k: v for k, v in task.items() if k != "asyncio's own"}
                    for task in tasks.values()
                    if not task["asyncio's own"]
                ),
                key=lambda t: t["ran"][0][0],
            ),
        }
        Path(out).write_text(json.dumps(data))

    for name in WAITS:
        kind, method = name.split(".")
        timed_wait(getattr(asyncio, kind), method)
    asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]
    atexit.register(write)
    sys.argv = [program, *args]
    sys.path[0] = str(Path(program).resolve().parent)
    runpy.run_path(program, run_name="__main__")


# --- drawing ----------------------------------------------------------------------

ROW = 40
"""Height of one task's row: its label on one line, its lane of bars under it."""
LABEL_Y = 13
BAR_Y = 19
BAR_HEIGHT = 12
LEFT, RIGHT = 0.5, 97.0
"""Where the time axis starts and ends, in percent of the picture's width: short of
the right edge by room for the mark of a task that ends last (11 px on a phone)."""
MIN_BAR = 10
"""The narrowest step, in thousandths of the width: 3.6 px on a phone."""


def _ticks(end: float) -> list[float]:
    """Round tick positions for an axis from 0 to `end` seconds, at most 6 steps, so
    their labels stay apart on a phone."""
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60):
        if end / step <= 6:
            break
    count = int(end / step + 1e-9)
    return [round(i * step, 6) for i in range(count + 1)]


def waits_of(task: dict[str, Any]) -> list[tuple[float, float, str, str]]:
    """The task's waits at a lock, semaphore or queue ([`WAITS`][measured.timeline.WAITS]),
    as (from, to, what it waited for, what it waited at); none in a trace of an
    older tracer."""
    return [
        (begin, end, *WAITS.get(name, (f"in {name}", name)))
        for begin, end, name in task.get("waited", [])
    ]


def ending(task: dict[str, Any]) -> str:
    """How the task ended, in words: `returned`, `raised ConnectionError`, `was
    cancelled`; empty when the trace does not say."""
    ended = task.get("ended")
    if ended == "raised":
        return f"raised {task.get('raised', 'an exception')}"
    return {"returned": "returned", "cancelled": "was cancelled"}.get(ended or "", "")


def summary(data: dict[str, Any]) -> list[str]:
    """One sentence per task: when it started and ended, how long it ran, what it
    waited for, and how it ended.

    The picture's text alternative says the same.
    """
    lines = []
    for task in data["tasks"]:
        first, last = task["ran"][0][0], task["ran"][-1][1]
        busy = sum(end - begin for begin, end in task["ran"])
        waited: dict[str, float] = {}
        for begin, end, what, _ in waits_of(task):
            waited[what] = waited.get(what, 0.0) + end - begin
        at = "".join(f", waited {s:.2f} s {what}" for what, s in waited.items())
        rest = " and the rest on other awaits" if at else ", waited the rest"
        ended = ending(task)
        lines.append(
            f"{task['name']} ({task['coroutine']}) from {first:.2f} s to {last:.2f} s: "
            f"ran {busy * 1000:.1f} ms in {len(task['ran'])} step"
            f"{'s' if len(task['ran']) != 1 else ''}{at}{rest}"
            + (f"; {ended}" if ended else "")
        )
    return lines


def legend(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys the picture of `data` needs, in order, as (kind, words): `running`
    and `waiting` always; `blocked` when a task waited at a lock, semaphore or
    queue; `returned`, `raised`, `cancelled` for the ends it shows."""
    shown = data["tasks"][:MAX_ROWS]
    keys = [
        ("running", "running on the event loop's thread"),
        ("waiting", "waiting: a sleep, I/O, another task"),
    ]
    primitives = dict.fromkeys(
        primitive for task in shown for _, _, _, primitive in waits_of(task)
    )
    if primitives:
        keys.append(("blocked", "waiting for " + " or ".join(primitives)))
    ends = {task.get("ended") for task in shown}
    for kind, words in (
        ("returned", "returned"),
        ("raised", "raised an exception"),
        ("cancelled", "cancelled"),
    ):
        if kind in ends:
            keys.append((kind, words))
    return keys


MARKS = {
    "returned": '<circle class="end__edge" r="5.5"/><circle r="4"/>',
    "raised": '<circle class="end__edge" r="6"/><path d="M-4-4 4 4M-4 4 4-4"/>',
    "cancelled": (
        '<circle class="end__edge" r="6"/><circle r="4.5"/><path d="M-3 3 3-3"/>'
    ),
}
"""The mark at the end of a task's last step, centred on (0, 0), by how it ended:
a dot for returned, a cross for raised, a slashed ring for cancelled, so they
differ in shape, not only in colour. `.end__edge` is a disc of the page's colour
that keeps a mark clear of the bar under it."""


def mark(kind: str) -> str:
    """A mark of `MARKS` as a small SVG of its own, for the legend."""
    return (
        f'<svg class="end end--{kind}" width="14" height="14" viewBox="-7 -7 14 14" '
        f'aria-hidden="true">{MARKS[kind]}</svg>'
    )


def draw(data: dict[str, Any], ident: str) -> str:
    """The timeline as an inline SVG: one row per task, bars where it ran.

    The picture has no `viewBox`: positions along the time axis are percentages of
    its width and text keeps its size in pixels, so on a phone the lanes get
    narrower while the labels stay as legible as on a desktop. Each step is a bar
    at least `MIN_BAR` thousandths of the width wide, with a stroke of 2 px
    (`.running` in the stylesheet), so a step of a few microseconds still shows as a
    filled bar. Between steps, a wait at a lock, semaphore or queue is a hatched
    box (`.blocked`), any other wait a dashed line (`.waiting`). A mark at the end
    of the last step says how the task ended (`MARKS`); a task that raised or was
    cancelled says so in its label too. Colours come from the theme's CSS
    variables, so it reads in the light and the dark scheme.
    """
    shown = data["tasks"][:MAX_ROWS]
    hidden = len(data["tasks"]) - len(shown)
    end = max([data["end"], *(t["ran"][-1][1] for t in shown)], default=1.0) or 1.0
    ticks = _ticks(end)
    scale_end = max(end, ticks[-1])

    def x(seconds: float) -> float:
        return LEFT + (RIGHT - LEFT) * seconds / scale_end

    axis_y = ROW * len(shown) + 4
    height = axis_y + 44 + (18 if hidden else 0)
    title = (
        f"Timeline of {data['program']}: {len(data['tasks'])} tasks over {end:.2f} s"
    )
    desc = "; ".join(summary({**data, "tasks": shown}))
    if hidden:
        desc += f"; and {hidden} more tasks, not drawn"
    parts = [
        f'<svg class="measured-timeline" width="100%" height="{height}" '
        f'font-size="12" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{html.escape(title)}</title>',
        f'<desc id="{ident}-desc">{html.escape(desc)}</desc>',
    ]
    # Waits at a lock, semaphore or queue are drawn in the picture itself, in
    # percentages of its width, under the lanes (see `blocked` below): their
    # hatching keeps its angle and spacing in pixels at any width.
    if any(task.get("waited") for task in shown):
        parts.append(
            f'<defs><pattern id="{ident}-hatch" width="5" height="5" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<line class="hatch" x1="0" y1="0" x2="0" y2="5"/></pattern></defs>'
        )
    # Bars, lines and the grid are drawn in a nested picture 1000 units wide that
    # stretches to the width (`preserveAspectRatio="none"`); its strokes keep their
    # width in pixels (`vector-effect`). Text stays outside it, so it never stretches.
    lanes = [
        f'<svg class="lanes" width="100%" height="{axis_y}" '
        f'viewBox="0 0 1000 {axis_y}" preserveAspectRatio="none">'
    ]
    for tick in ticks:
        at = x(tick)
        anchor = "start" if tick == 0 else "end" if at > RIGHT - 3 else "middle"
        lanes.append(
            f'<line class="grid" x1="{at * 10:.1f}" y1="0" x2="{at * 10:.1f}" '
            f'y2="{axis_y}" vector-effect="non-scaling-stroke"/>'
        )
        parts.append(
            f'<text class="tick" x="{at:.2f}%" y="{axis_y + 16}" '
            f'text-anchor="{anchor}">{tick:g} s</text>'
        )
    parts.append(
        f'<line class="axis" x1="{LEFT}%" y1="{axis_y}" x2="{RIGHT}%" y2="{axis_y}"/>'
        f'<text class="axis-title" x="{LEFT}%" y="{axis_y + 36}">'
        "seconds since the program started</text>"
    )
    blocked, marks = [], []
    for row, task in enumerate(shown):
        y = row * ROW
        first, last = task["ran"][0][0], task["ran"][-1][1]
        label = f"{task['name']} · {task['coroutine']}"
        if task.get("ended") in ("raised", "cancelled"):
            label += f" · {ending(task)}"
        if len(label) > 48:
            label = label[:47] + "…"
        lane = y + BAR_Y + BAR_HEIGHT / 2
        parts.append(
            f'<text class="label" x="{LEFT}%" y="{y + LABEL_Y}">'
            f"{html.escape(label)}</text>"
        )
        # the dashed line runs where the task waited on anything but a lock,
        # semaphore or queue: from its first step to its last, less those waits
        gaps, at = [], first
        for begin, finish, *_ in sorted(waits_of(task)):
            gaps.append((at, begin))
            at = max(at, finish)
        gaps.append((at, last))
        for begin, finish in gaps:
            if finish > begin:
                lanes.append(
                    f'<line class="waiting" x1="{x(begin) * 10:.2f}" y1="{lane}" '
                    f'x2="{x(finish) * 10:.2f}" y2="{lane}" '
                    'vector-effect="non-scaling-stroke"/>'
                )
        for begin, finish, what, _ in waits_of(task):
            blocked.append(
                f'<rect class="blocked" x="{x(begin):.2f}%" y="{y + BAR_Y}" '
                f'width="{x(finish) - x(begin):.2f}%" height="{BAR_HEIGHT}" '
                f'fill="url(#{ident}-hatch)"><title>waiting {html.escape(what)}'
                "</title></rect>"
            )
        right = 0.0
        for begin, finish in task["ran"]:
            width = max((x(finish) - x(begin)) * 10, MIN_BAR)
            right = x(begin) * 10 + width
            lanes.append(
                f'<rect class="running" x="{x(begin) * 10:.2f}" y="{y + BAR_Y}" '
                f'width="{width:.2f}" height="{BAR_HEIGHT}" '
                'vector-effect="non-scaling-stroke"/>'
            )
        if task.get("ended") in MARKS:
            # centred just past the right edge of the last bar (and its stroke)
            marks.append(
                f'<svg class="end end--{task["ended"]}" x="{right / 10:.2f}%" '
                f'y="{lane}" width="1" height="1" overflow="visible">'
                f'<g transform="translate(6 0)">{MARKS[task["ended"]]}</g></svg>'
            )
    lanes.append("</svg>")
    at = next(i for i, part in enumerate(parts) if part.startswith("<text"))
    parts[at:at] = blocked + lanes  # the steps' bars over the hatching
    parts.extend(marks)
    if hidden:
        parts.append(
            f'<text class="more" x="{LEFT}%" y="{axis_y + 56}">'
            f"and {hidden} more tasks, not drawn</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def main() -> None:
    """`python -m measured.timeline OUT.json PROGRAM [ARGS...]`."""
    if len(sys.argv) < 3:
        sys.exit("usage: python -m measured.timeline OUT.json PROGRAM [ARGS...]")
    trace(sys.argv[1], sys.argv[2], sys.argv[3:])


if __name__ == "__main__":
    main()

"""Timelines of real runs: which task ran on the event loop, which waited, and when.

The suite runs a snippet a second time, unchanged, under this module:

```console
$ python -m measured.timeline trace.json snippets/basics/overlap.py
```

Before the program starts, the tracer wraps `asyncio.events.Handle._run`, the one
place where the event loop calls every callback it has scheduled. A task advances
only through such callbacks (a step of its coroutine, or its wake-up when what it
awaited is done), and each of them is a method of the task, so the wrapper knows
which task ran, from when to when. Between two of its steps the task was waiting.
Nothing in the snippet is changed. Callbacks that belong to no task (the loop's own
housekeeping) are not drawn, nor are the tasks asyncio starts for itself, such as the
clean-up `asyncio.run` does after `main` returns. At exit the tracer writes what it saw as JSON, which the
build draws with [`draw`][measured.timeline.draw].

The tracer part uses only the standard library, so every Python the suite checks can
run it.
"""

from __future__ import annotations

import atexit
import html
import json
import runpy
import sys
import time
from pathlib import Path
from typing import Any

MAX_ROWS = 24
"""The most tasks one picture shows; a program with more says how many it left out."""


def trace(out: str, program: str, args: list[str]) -> None:
    """Run `program` as `__main__` with the event loop's callbacks timed; write `out`."""
    import asyncio
    import asyncio.events

    start = time.perf_counter()
    # tasks that asyncio starts for itself, such as asyncio.run's clean-up at exit
    library = str(Path(asyncio.__file__).parent)
    tasks: dict[asyncio.Task[Any], dict[str, Any]] = {}
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
            record = tasks.get(task)
            if record is None:
                coro = task.get_coro()
                code = getattr(coro, "cr_code", None)
                inside = code is not None and code.co_filename.startswith(library)
                record = tasks[task] = {
                    "name": task.get_name(),
                    "coroutine": getattr(coro, "__qualname__", type(coro).__name__),
                    "ran": [],
                    "asyncio's own": inside,
                }
            record["ran"].append([round(began, 6), round(ended, 6)])

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
LEFT, RIGHT = 0.5, 99.0
"""Where the time axis starts and ends, in percent of the picture's width."""
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


def summary(data: dict[str, Any]) -> list[str]:
    """One sentence per task: when it started and ended, and how long it ran.

    The picture's text alternative, and the table under it, say the same.
    """
    lines = []
    for task in data["tasks"]:
        first, last = task["ran"][0][0], task["ran"][-1][1]
        busy = sum(end - begin for begin, end in task["ran"])
        lines.append(
            f"{task['name']} ({task['coroutine']}) from {first:.2f} s to {last:.2f} s: "
            f"ran {busy * 1000:.1f} ms in {len(task['ran'])} step"
            f"{'s' if len(task['ran']) != 1 else ''}, waited the rest"
        )
    return lines


def draw(data: dict[str, Any], ident: str) -> str:
    """The timeline as an inline SVG: one row per task, bars where it ran.

    The picture has no `viewBox`: positions along the time axis are percentages of
    its width and text keeps its size in pixels, so on a phone the lanes get
    narrower while the labels stay as legible as on a desktop. Each step is a bar
    at least `MIN_BAR` thousandths of the width wide, with a stroke of 2 px
    (`.running` in the stylesheet), so a step of a few microseconds still shows as a
    filled bar. Colours come from the theme's CSS variables, so it reads in the
    light and the dark scheme.
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
    for row, task in enumerate(shown):
        y = row * ROW
        first, last = task["ran"][0][0], task["ran"][-1][1]
        label = f"{task['name']} · {task['coroutine']}"
        if len(label) > 48:
            label = label[:47] + "…"
        lane = y + BAR_Y + BAR_HEIGHT / 2
        parts.append(
            f'<text class="label" x="{LEFT}%" y="{y + LABEL_Y}">'
            f"{html.escape(label)}</text>"
        )
        lanes.append(
            f'<line class="waiting" x1="{x(first) * 10:.2f}" y1="{lane}" '
            f'x2="{x(last) * 10:.2f}" y2="{lane}" vector-effect="non-scaling-stroke"/>'
        )
        for begin, finish in task["ran"]:
            width = max((x(finish) - x(begin)) * 10, MIN_BAR)
            lanes.append(
                f'<rect class="running" x="{x(begin) * 10:.2f}" y="{y + BAR_Y}" '
                f'width="{width:.2f}" height="{BAR_HEIGHT}" '
                'vector-effect="non-scaling-stroke"/>'
            )
    lanes.append("</svg>")
    parts[3:3] = lanes
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

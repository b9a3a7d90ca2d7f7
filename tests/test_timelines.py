"""What the guide's timelines say: waits at a lock, a semaphore or a queue, and how
tasks ended, read from the traces the measuring phase made.

Each timeline is drawn from a real, instrumented run of its snippet: the page's
`timeline[...]` item (`measured/pytest_plugin.py`) checks that. The snippet runs
unchanged under `measured.timeline`, which times each step of each task on the
event loop, and must print the snippet's recording (times within their
tolerance), so the picture shows the program the page shows, doing what it always
does. Timelines are drawn in the measuring phase, where nothing heavy runs beside
them (a waiting program's trace beside other waiting programs, a CPU-bound one's
alone): the picture shows the program's own timing, not its neighbours'.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import INTERPRETERS, PROJECT, ROOT, Traces

from measured.measurements import Measurements, machine
from measured.render import render_timeline
from measured.timeline import ROW, WAITS, draw, legend, summary

# --- what the pictures say: waits at a lock, semaphore or queue; how tasks ended ---

LIMIT = "patterns/limit_semaphore.py"
"""Twelve jobs behind `Semaphore(4)`: four get in at once, eight queue at it."""
QUEUE = "patterns/queue_workers.py"
"""Workers on a bounded queue: the producer waits for room, and for `join`."""
FAILS = "core/many_taskgroup_fails.py"
"""A TaskGroup whose third task raises: main returns, the two downloads are cancelled."""


def on_its_pages(snippet: str) -> list[pytest.MarkDecorator]:
    """Measured alone, like the traces, and checked with the pages that show it."""
    pages = PROJECT.pages_showing().get(snippet, [])
    return [pytest.mark.measure, *(pytest.mark.page(page) for page in pages)]


def traced(traces: Traces, snippet: str) -> dict:
    """The trace the suite draws the snippet's timeline from."""
    _, trace = traces[snippet]
    return json.loads(trace.read_text())


def row_of(svg: str, task: int) -> str:
    """The SVG elements of the `task`th row (0 first): those whose `y` lies in it."""
    top, bottom = task * ROW, (task + 1) * ROW
    return "".join(
        element
        for element in re.findall(r"<(?:rect|line|svg|text)\b[^>]*>", svg)
        if (y := re.search(r'\by1?="([\d.]+)"', element))
        and top <= float(y[1]) < bottom
    )


WAITING = """
import asyncio


async def holder(lock, event):
    async with lock:  # free: taken in its first step
        event.set()
        await asyncio.sleep(0.2)


async def consume(queue):
    await asyncio.sleep(0.1)
    queue.get_nowait()
    queue.task_done()


async def fail():
    raise ValueError("on purpose")


async def idle():
    await asyncio.sleep(10)


async def main():
    lock, event, queue = asyncio.Lock(), asyncio.Event(), asyncio.Queue()
    await asyncio.sleep(0)  # main's next step
    async with lock:  # free: taken at once, in a later step
        pass
    holding = asyncio.create_task(holder(lock, event))
    await event.wait()  # until holder has the lock
    async with lock:  # held: about 0.2 s
        pass
    queue.put_nowait(1)
    consumer = asyncio.create_task(consume(queue))
    await queue.join()  # about 0.1 s, waiting in an Event.wait of its own
    forever = asyncio.create_task(idle())
    failing = asyncio.create_task(fail())
    await asyncio.sleep(0.01)
    forever.cancel()
    await asyncio.wait([forever, failing, holding, consumer])


asyncio.run(main())
"""
"""A program that waits at an event, a held lock and a queue's join (which waits at
an event inside), takes a free lock without waiting, and ends tasks each way."""


@pytest.fixture(scope="module", params=INTERPRETERS, ids=lambda p: p.version)
def waiting_trace(request: pytest.FixtureRequest, tmp_path_factory) -> dict:
    """`WAITING` traced on each Python the suite runs: the tracer wraps private
    parts of asyncio, so each version is checked."""
    folder = tmp_path_factory.mktemp("waiting")
    (folder / "waiting.py").write_text(WAITING)
    out = folder / "trace.json"
    done = subprocess.run(
        [
            request.param.path,
            "-m",
            "measured.timeline",
            str(out),
            str(folder / "waiting.py"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return {t["coroutine"]: t for t in json.loads(out.read_text())["tasks"]}


@pytest.mark.measure
def test_the_tracer_times_the_waits_a_task_stopped_at_once_each(
    waiting_trace: dict,
) -> None:
    """main's waits are the event, the held lock and the queue's join, in order, the
    lock's at least holder's 0.2 s sleep; the free lock, taken without stopping,
    and the event inside `join` are not waits of their own."""
    waits = waiting_trace["main"]["waited"]
    assert [what for _, _, what in waits] == [
        "Event.wait",
        "Lock.acquire",
        "Queue.join",
    ]
    assert waits[1][1] - waits[1][0] >= 0.19
    assert waits[2][1] - waits[2][0] >= 0.09
    assert waiting_trace["holder"]["waited"] == []


@pytest.mark.measure
def test_the_tracer_notes_each_way_a_task_ends(waiting_trace: dict) -> None:
    """Returned, raised with its exception's type, cancelled: on every Python."""
    ends = {
        name: (task.get("ended"), task.get("raised"))
        for name, task in waiting_trace.items()
    }
    assert ends == {
        "main": ("returned", None),
        "holder": ("returned", None),
        "consume": ("returned", None),
        "idle": ("cancelled", None),
        "fail": ("raised", "ValueError"),
    }


@pytest.mark.parametrize("snippet", [pytest.param(LIMIT, marks=on_its_pages(LIMIT))])
def test_the_tracer_times_a_wait_at_the_semaphore_and_not_a_sleep(
    snippet: str, traces: Traces
) -> None:
    """The four jobs that find the semaphore free wait at nothing but their sleep;
    the other eight each wait once at `Semaphore.acquire`, four for at least the
    first jobs' 1 s sleep and four for at least two of them."""
    jobs = [t for t in traced(traces, snippet)["tasks"] if t["coroutine"] == "job"]
    assert len(jobs) == 12
    assert [t["waited"] for t in jobs[:4]] == [[]] * 4
    waits = [t["waited"] for t in jobs[4:]]
    assert all(len(w) == 1 and w[0][2] == "Semaphore.acquire" for w in waits), waits
    lengths = sorted(end - begin for ((begin, end, _),) in waits)
    assert all(s >= 0.99 for s in lengths[:4]) and all(s >= 1.99 for s in lengths[4:])


@pytest.mark.parametrize("snippet", [pytest.param(LIMIT, marks=on_its_pages(LIMIT))])
def test_a_job_queued_at_the_semaphore_looks_unlike_one_sleeping_inside(
    snippet: str, traces: Traces
) -> None:
    """A wait at the semaphore is a hatched box where the dashed line of any other
    wait would be; the legend names it; a job that never queued has no box."""
    data = traced(traces, snippet)
    rows = [t["coroutine"] for t in data["tasks"]]
    first, queued = rows.index("job"), rows.index("job") + 4
    svg = draw(data, "t")
    assert 'class="blocked"' not in row_of(svg, first)
    queued_row = row_of(svg, queued)
    box = re.search(
        r'<rect class="blocked" x="([\d.]+)%"[^>]*width="([\d.]+)%"[^>]*>', queued_row
    )
    assert box and 'fill="url(#t-hatch)"' in box[0] and "<pattern" in svg, queued_row
    left, right = float(box[1]), float(box[1]) + float(box[2])
    sleeps = False
    for x1, x2 in re.findall(
        r'<line class="waiting" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"',
        queued_row,
    ):  # the lanes' units are tenths of a percent
        assert float(x2) / 10 <= left + 0.01 or float(x1) / 10 >= right - 0.01
        sleeps = sleeps or float(x1) / 10 >= right - 0.01
    assert sleeps, "no dashed line after the wait at the semaphore: the job's sleep"
    assert ("blocked", "waiting for the semaphore") in legend(data)


@pytest.mark.parametrize("snippet", [pytest.param(FAILS, marks=on_its_pages(FAILS))])
def test_the_tracer_notes_how_each_task_ended(snippet: str, traces: Traces) -> None:
    """main returned, the failing task raised its ConnectionError, and the group
    cancelled both downloads."""
    ends = {
        (t["coroutine"], t.get("ended"), t.get("raised"))
        for t in traced(traces, snippet)["tasks"]
    }
    assert ends == {
        ("main", "returned", None),
        ("download", "cancelled", None),
        ("fail_after", "raised", "ConnectionError"),
    }


@pytest.mark.parametrize("snippet", [pytest.param(FAILS, marks=on_its_pages(FAILS))])
def test_each_task_s_end_is_marked_with_how_it_ended(
    snippet: str, traces: Traces
) -> None:
    """Each row ends in the mark of its task's end, a raised or cancelled task says
    so in its label, and the legend keys the three marks."""
    data = traced(traces, snippet)
    svg = draw(data, "t")
    for row, task in enumerate(data["tasks"]):
        shown = row_of(svg, row)
        assert re.findall(r'class="end end--(\w+)"', shown) == [task["ended"]], shown
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)<', svg)
    assert sum(label.endswith("· was cancelled") for label in labels) == 2
    assert sum(label.endswith("· raised ConnectionError") for label in labels) == 1
    assert [k for k, _ in legend(data)][2:] == ["returned", "raised", "cancelled"]


@pytest.mark.parametrize(
    "snippet",
    [pytest.param(s, marks=on_its_pages(s)) for s in (LIMIT, FAILS, QUEUE)],
)
def test_the_text_alternative_lists_each_task_s_waits_and_end(
    snippet: str, traces: Traces
) -> None:
    """What the picture shows, a screen reader hears: each task's waits at a lock,
    semaphore or queue with their length, and how it ended, in words that need no
    escaping (the site's check finds them verbatim); the legend above it in words."""
    data = traced(traces, snippet)
    desc = re.search(r'<desc id="t-desc">([^<]*)</desc>', draw(data, "t"))
    assert desc and desc[1] == "; ".join(summary(data)), desc
    for task, said in zip(data["tasks"], desc[1].split("; Task-"), strict=True):
        waited: dict[str, float] = {}
        for begin, end, name in task["waited"]:
            waited[WAITS[name][0]] = waited.get(WAITS[name][0], 0) + end - begin
        for what, seconds in waited.items():
            assert f"waited {seconds:.2f} s {what}" in said, said
        assert said.endswith(
            {"returned": "; returned", "cancelled": "; was cancelled"}.get(
                task["ended"], f"; raised {task.get('raised')}"
            )
        ), said
    run, _ = traces[snippet]
    stored = {**data, "implementation": run.implementation, **machine()}
    page = next(p for p in PROJECT.pages if snippet in p.shows)
    shown = "\n".join(
        render_timeline(snippet, Measurements({}, {}, {}, {snippet: stored}), page)
    )
    for _, words in legend(data):
        assert f"{words}</li>" in shown.replace("&#x27;", "'")


@pytest.mark.measure  # this file's tests run in the measuring phase (Makefile)
def test_a_trace_of_an_older_tracer_draws_without_waits_or_marks() -> None:
    """A published trace from before the tracer timed waits and ends (no `waited`,
    no `ended`) is drawn as it was: bars and dashed lines, no box, no mark."""
    data = {
        "program": "snippets/demo/a.py",
        "end": 1.0,
        "tasks": [{"name": "Task-1", "coroutine": "main", "ran": [[0, 0.1], [0.9, 1]]}],
    }
    svg = draw(data, "t")
    assert 'class="running"' in svg and 'class="waiting"' in svg
    assert "blocked" not in svg and "end--" not in svg and "<pattern" not in svg
    assert [k for k, _ in legend(data)] == ["running", "waiting"]
    assert summary(data)[0].endswith("waited the rest")

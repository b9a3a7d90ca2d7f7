"""The schedule (`measured/schedule.py`): waiting programs side by side, heavy ones
and retries alone, every kind of job in one schedule."""

from __future__ import annotations

import itertools
import json
import threading
import time
from pathlib import Path

import pytest
from conftest import PRIMARY, ROOT

from harness.conftest import demo_claim, write
from measured.measuring import Engine
from measured.runner import Run
from measured.schedule import Job, run_jobs
from measured.settings import RunSettings

# --- the schedule: waiting programs side by side, heavy ones and retries alone --------


def test_a_retry_runs_alone_and_first_runs_side_by_side() -> None:
    """Five waiting claims measured side by side: the one late on its first run
    (`late`), and the one whose first run exits with another code (`exits`, a run
    that is not kept), run again only when no other run is in progress, and no run
    starts while they run. First runs overlap one another."""

    claims = [
        demo_claim(name, snippet=f"demo/{name}.py", seconds=[0.2, 0.3])
        for name in ("late", "exits", "b", "c", "d")
    ]
    spans: list[tuple[str, float, float]] = []
    late = iter([0.5, 0.25])  # late on its first run only
    codes = iter([1, 0])  # another exit code on its first run only

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        start = time.perf_counter()
        # b outlasts the others, and exits's retry is due while late's first runs
        time.sleep({"demo/b.py": 1.0, "demo/late.py": 0.4}.get(snippet, 0.2))
        seconds = next(late) if snippet == "demo/late.py" else 0.25
        code = next(codes) if snippet == "demo/exits.py" else 0
        spans.append((snippet, start, time.perf_counter()))
        stderr = "TimeoutError\n" if code else ""  # a timeout fired elsewhere
        return Run(snippet, "", stderr, code, seconds, 1000, "3.11.7", "CPython")

    engine = Engine(ROOT, lambda _: RunSettings(), record=False, run=run)
    verdicts = engine.measure_claims(claims, PRIMARY, alone=lambda _: False)
    assert all(v.passed for v in verdicts.values()), verdicts
    assert verdicts["late"].attempts == verdicts["exits"].attempts == 2, verdicts
    assert len(spans) == 7, spans
    retries = [
        [span for span in spans if span[0] == f"demo/{name}.py"][1]
        for name in ("late", "exits")
    ]
    for retry in retries:
        others = [span for span in spans if span is not retry]
        assert all(end <= retry[1] or start >= retry[2] for _, start, end in others), (
            f"a run overlapped the retry {retry}: {spans}"
        )
    firsts = [span for span in spans if span not in retries]
    overlapping = [
        (one[0], two[0])
        for one, two in itertools.combinations(firsts, 2)
        if one[1] < two[2] and two[1] < one[2]
    ]
    assert overlapping, f"no first runs overlapped: {spans}"


def test_one_schedule_overlaps_every_kind_of_waiting_job_and_runs_heavy_ones_alone(
    tmp_path: Path,
) -> None:
    """The measuring phase hands claims, output checks and traces to one schedule:
    waiting programs of all three kinds run side by side, and each CPU-bound one
    runs after them, with nothing beside it.

    Each waiting program's run waits until all three have started, so the test does
    not depend on how fast a loaded machine starts threads: side by side, they all
    start; one after another, the first waits in vain."""
    for name in ("claim", "check", "trace", "heavy_claim", "heavy_check"):
        write(tmp_path, f"snippets/demo/{name}.py", "print('ok')\n")
        write(tmp_path, f"snippets/demo/{name}.out", "ok\n")
    spans: list[tuple[str, float, float]] = []
    together = threading.Barrier(3)
    alone: list[str] = []  # waiting programs that no other one joined within 10 s

    def run(
        root: Path, snippet: str, settings: RunSettings, python: str, trace=None
    ) -> Run:
        start = time.perf_counter()
        if "heavy" in snippet:
            time.sleep(0.3)
        else:
            try:
                together.wait(timeout=10)
            except threading.BrokenBarrierError:
                alone.append(snippet)
        if trace is not None:  # as the tracer does: one task, its steps
            trace.write_text(json.dumps({"tasks": [{"name": "main", "steps": []}]}))
        spans.append((snippet, start, time.perf_counter()))
        return Run(snippet, "ok\n", "", 0, 0.3, 1000, "3.11.7", "CPython")

    def heavy(snippet: str) -> bool:
        return "heavy" in snippet

    engine = Engine(tmp_path, lambda _: RunSettings(), record=False, run=run)
    checks: dict = {}
    traced: dict = {}
    run_jobs(
        [
            *engine.claim_jobs(
                [
                    demo_claim(name, snippet=f"demo/{name}.py", seconds=[0.2, 0.4])
                    for name in ("claim", "heavy_claim")
                ],
                PRIMARY,
                heavy,
            ),
            *engine.check_jobs(
                [("demo/check.py", PRIMARY), ("demo/heavy_check.py", PRIMARY)],
                heavy,
                checks,
            ),
            *engine.trace_jobs(["demo/trace.py"], PRIMARY, tmp_path, heavy, traced),
        ]
    )
    assert all(v.passed for v in engine.verdicts.values()), engine.verdicts
    assert not [
        r for r in [*checks.values(), *traced.values()] if not isinstance(r, Run)
    ]
    light = [span for span in spans if "heavy" not in span[0]]
    assert len(light) == 3 and len(spans) == 5, spans
    assert not alone, (
        f"the claim, the output check and the trace did not all run at once: {alone} "
        f"waited 10 s for the others to start"
    )
    assert max(start for _, start, _ in light) < min(end for _, _, end in light), (
        f"the claim, the output check and the trace did not all overlap: {light}"
    )
    for name, start, end in spans:
        if "heavy" in name:
            others = [span for span in spans if span[0] != name]
            assert all(e <= start or s >= end for _, s, e in others), (
                f"{name} did not run alone: {spans}"
            )


def test_a_job_that_raises_does_not_stop_the_others() -> None:
    """One job's unexpected error (not a contributor's mistake) is raised after every
    other job, light and heavy, has run."""
    done: list[str] = []

    def broken() -> None:
        raise OSError("no such interpreter")

    jobs = [
        Job(False, broken),
        Job(False, lambda: done.append("light")),
        Job(True, lambda: done.append("heavy")),
    ]
    with pytest.raises(OSError, match="no such interpreter"):
        run_jobs(jobs)
    assert sorted(done) == ["heavy", "light"], done


# --- durations: each snippet's usual time, for dealing CI's shares ---------------------


def test_durations_keep_a_figure_the_last_suite_did_not_measure(tmp_path: Path) -> None:
    """`make durations` writes the last suite's median for what ran there, keeps the
    committed figure of a snippet reused from the cache (no new run), and drops the
    figure of a snippet that no longer exists."""
    import dataclasses

    from measured.schedule import DURATIONS, write_durations

    for name in ("demo/ran.py", "demo/reused.py"):
        write(tmp_path, f"snippets/{name}", "print('hi')\n")
    path = tmp_path / DURATIONS
    path.parent.mkdir(parents=True)
    old = {"demo/ran.py": 9.9, "demo/reused.py": 1.2, "demo/deleted.py": 3.0}
    path.write_text(json.dumps(old))
    runs = tmp_path / ".measurements" / "suite" / "abc" / "demo__ran.py@1234"
    runs.mkdir(parents=True)
    for n, seconds in enumerate([0.52, 0.61, 0.58], start=1):
        run = Run("demo/ran.py", "hi\n", "", 0, seconds, 1000, "3.11.7", "CPython")
        (runs / f"{n}.json").write_text(json.dumps(dataclasses.asdict(run)))

    write_durations(tmp_path)

    assert json.loads(path.read_text()) == {"demo/ran.py": 0.6, "demo/reused.py": 1.2}

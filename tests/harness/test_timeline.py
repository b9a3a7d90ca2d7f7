"""The tracer and the drawing of a timeline (`measured/timeline.py`), on the
guide's overlap.py and sequential.py.

Not `tests/test_timelines.py`, which draws every timeline the guide shows."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT

from measured.recordings import compare_output
from measured.runner import run_snippet
from measured.timeline import draw as draw_timeline

# --- what the tracer sees -------------------------------------------------------------


def test_a_timeline_sees_overlap_and_its_absence(tmp_path: Path) -> None:
    """The tracer, on the unchanged program, finds the two waits overlapping in
    overlap.py and one task doing both in turn in sequential.py."""
    overlap = tmp_path / "overlap.json"
    run = run_snippet(ROOT, "basics/overlap.py", trace=overlap)
    compare_output(ROOT, run)  # its recording, times within their tolerance
    tasks = json.loads(overlap.read_text())["tasks"]
    assert [t["coroutine"] for t in tasks] == ["main", "wait", "wait"]
    short, long = tasks[1]["ran"], tasks[2]["ran"]
    assert abs(short[0][0] - long[0][0]) < 0.1  # both start at once, load or not
    assert 2.0 <= short[-1][0] < long[-1][0]
    sequential = tmp_path / "sequential.json"
    run_snippet(ROOT, "basics/sequential.py", trace=sequential)
    (main,) = json.loads(sequential.read_text())["tasks"]
    assert main["ran"][-1][0] >= 5.0
    svg = draw_timeline(json.loads(overlap.read_text()), "t")
    assert svg.count('class="running"') == sum(len(t["ran"]) for t in tasks)
    assert f"Task-2 (wait) from {short[0][0]:.2f} s to {short[-1][1]:.2f} s" in svg

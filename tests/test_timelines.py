"""Every timeline on the site is drawn from a real, instrumented run of its snippet.

The snippet runs unchanged under `measured.timeline`, which times each step of each
task on the event loop. The run must print the snippet's recording (times within
their tolerance), so the picture shows the program the page shows, doing what it
always does. Timelines are drawn in the measuring phase, where nothing heavy runs
beside them (a waiting program's trace beside other waiting programs, a CPU-bound
one's alone): the picture shows the program's own timing, not its neighbours'.
"""

from __future__ import annotations

import json

import pytest
from conftest import PROJECT, ROOT, Traces

from measured.errors import ContributorError
from measured.measurements import machine, timeline_path


def timeline_params():
    pages = PROJECT.pages_showing()
    for name in PROJECT.timelines():
        marks = [pytest.mark.measure]
        marks += [pytest.mark.page(page) for page in pages.get(name, [])]
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("timeline_of", list(timeline_params()))
def test_timeline_is_drawn_from_a_real_run(timeline_of: str, traces: Traces) -> None:
    snippet = timeline_of
    try:
        run, trace = traces[snippet]
    except ContributorError as error:
        raise ContributorError(
            f"snippets/{snippet}",
            f"failed when run for its timeline, under measured.timeline:\n{error}",
        ) from None
    data = json.loads(trace.read_text())
    if not data["tasks"]:
        raise ContributorError(
            f"snippets/{snippet}", "ran no asyncio task, so it has no timeline to draw"
        )
    data.update(snippet=snippet, implementation=run.implementation, **machine())
    path = timeline_path(ROOT, snippet)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))

"""Every timeline on the site is drawn from a real, instrumented run of its snippet.

The snippet runs unchanged under `measured.timeline`, which times each step of each
task on the event loop. The run must print exactly the snippet's recording, so the
picture shows the program the page shows, doing what it always does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PRIMARY, PROJECT, ROOT

from measured.errors import ContributorError
from measured.measurements import machine, timeline_path
from measured.runner import check_run, compare_output, run_snippet


def timeline_params():
    groups = PROJECT.groups()
    for name in PROJECT.timelines():
        # alone: the picture shows the program's own timing, not its neighbours'
        marks = [pytest.mark.xdist_group(groups.get(name, name)), pytest.mark.alone]
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("snippet", list(timeline_params()))
def test_timeline_is_drawn_from_a_real_run(snippet: str, tmp_path: Path) -> None:
    settings = PROJECT.settings(snippet)
    path = timeline_path(ROOT, snippet)
    path.parent.mkdir(parents=True, exist_ok=True)
    trace = tmp_path / "trace.json"
    run = run_snippet(ROOT, snippet, settings, python=PRIMARY.path, trace=trace)
    check_run(run, settings)
    try:
        compare_output(ROOT, run, settings)
    except ContributorError as error:
        raise ContributorError(
            f"snippets/{snippet}",
            "printed something else when run for its timeline, under "
            f"measured.timeline:\n{error}",
        ) from None
    data = json.loads(trace.read_text())
    if not data["tasks"]:
        raise ContributorError(
            f"snippets/{snippet}", "ran no asyncio task, so it has no timeline to draw"
        )
    data.update(snippet=snippet, implementation=run.implementation, **machine())
    path.write_text(json.dumps(data))

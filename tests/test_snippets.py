"""Every snippet runs as a reader would run it, and prints exactly its recording."""

from __future__ import annotations

import pytest
from conftest import PROJECT, ROOT, Runs

from measured.runner import check_run, compare_output


def snippet_params():
    groups = PROJECT.groups()
    for name in PROJECT.snippets():
        marks = [pytest.mark.xdist_group(groups[name])]
        if PROJECT.alone(name):
            marks.append(pytest.mark.alone)
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("snippet", list(snippet_params()))
def test_snippet_prints_its_recording(snippet: str, runs: Runs, updating: bool) -> None:
    run = runs.get(snippet)
    check_run(run, PROJECT.settings(snippet))
    compare_output(ROOT, run, update=updating)

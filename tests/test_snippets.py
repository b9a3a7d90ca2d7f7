"""Every snippet runs as a reader would run it, under every supported Python found
here, and prints exactly its recording."""

from __future__ import annotations

import pytest
from conftest import INTERPRETERS, PROJECT, ROOT, Runs

from measured.interpreters import Interpreter
from measured.measurements import record_check
from measured.runner import check_run, compare_output


def snippet_params():
    groups = PROJECT.groups()
    for name in PROJECT.snippets():
        for python in INTERPRETERS:
            # the primary interpreter's run is shared with the snippet's claims
            group = groups[name] if python.primary else f"{name}@{python.minor}"
            marks = [pytest.mark.xdist_group(group)]
            if PROJECT.alone(name):
                marks.append(pytest.mark.alone)
            yield pytest.param(name, python, id=f"{name}@{python.minor}", marks=marks)


@pytest.mark.parametrize(("snippet", "python"), list(snippet_params()))
def test_snippet_prints_its_recording(
    snippet: str, python: Interpreter, runs: Runs, updating: bool
) -> None:
    run = runs.get(snippet, python)
    settings = PROJECT.settings(snippet)
    check_run(run, settings)
    compare_output(ROOT, run, settings, update=updating)
    record_check(ROOT, run)

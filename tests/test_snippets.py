"""Every snippet runs as a reader would run it, under every supported Python found
here, and prints its recording: the same words, and times within their tolerance.

Snippets whose output load could change are checked in the measuring phase, where
nothing heavy runs beside them: CPU-bound ones (`alone: true`) that print times, each
alone, and those in asyncio's debug mode, whose slow-step report depends on timing,
side by side with other waiting programs. The rest run beside the other checks of
the second phase, and a time printed late is tried again.

Each exercise is proved on every Python, judged as the check script its page gives
readers judges a program (`measured/exercise_check.py`): its starter misses the goal,
its solution meets it.
"""

from __future__ import annotations

import pytest
from conftest import (
    INTERPRETERS,
    PROJECT,
    ROOT,
    Engine,
    OutputChecks,
    skip_if_unrunnable,
)

from measured.exercises import Exercise
from measured.interpreters import Interpreter
from measured.measuring import HungElsewhere
from measured.project import Page
from measured.schedule import cost, measured_first


def snippet_params():
    pages = PROJECT.pages_showing()
    groups = PROJECT.groups()
    for name in PROJECT.snippets():
        for python in INTERPRETERS:
            # no "@" in a group name: xdist reads what follows the last "@" as the group
            marks = [pytest.mark.xdist_group(f"{groups[name]} on {python.minor}")]
            if measured_first(PROJECT, name):
                marks += [
                    pytest.mark.measure,
                    pytest.mark.weight(cost(PROJECT, [name])),
                ]
            marks += [pytest.mark.page(page) for page in pages.get(name, [])]
            yield pytest.param(name, python, id=f"{name}@{python.minor}", marks=marks)


@pytest.mark.parametrize(("snippet", "python"), list(snippet_params()))
def test_snippet_prints_its_recording(
    request: pytest.FixtureRequest,
    snippet: str,
    python: Interpreter,
    engine: Engine,
    updating: bool,
    output_checks: OutputChecks,
) -> None:
    skip_if_unrunnable(snippet, python)
    measuring = request.node.get_closest_marker("measure") is not None
    written = len(engine.recorded)
    try:
        if measuring and not updating:
            output_checks[snippet, python]  # checked with the others of its phase
        else:
            engine.check_output(snippet, python, update=updating)
    except HungElsewhere as hung:  # reported once, by the Python it hung on
        pytest.skip(str(hung))
    finally:  # for the session's summary, from an xdist worker too
        said = request.node.user_properties
        said += [("recorded", line) for line in engine.recorded[written:]]
        source = engine.reused(snippet, python)
        if source:
            said.append(("reused", f"snippets/{snippet} on {python.minor} ({source})"))


def exercise_params():
    for page in PROJECT.pages:
        for exercise in page.exercises.values():
            for python in INTERPRETERS:
                yield pytest.param(
                    page,
                    exercise,
                    python,
                    id=f"{exercise.starter}@{python.minor}",
                    # with the programs' own output checks, in the measuring phase
                    # (their runs are the output checks': judging them costs little)
                    marks=[
                        pytest.mark.page(page.path),
                        pytest.mark.measure,
                        pytest.mark.weight(0.1),
                    ],
                )


@pytest.mark.parametrize(("page", "exercise", "python"), list(exercise_params()))
def test_an_exercise_s_starter_misses_its_goal_and_its_solution_meets_it(
    page: Page,
    exercise: Exercise,
    python: Interpreter,
    engine: Engine,
    output_checks: OutputChecks,
) -> None:
    """Each exercise, on each Python, judged as the check script its page gives a
    reader judges a program: the starter misses the goal for the reason the
    exercise is about, and the solution meets it (a solution too slow, which load
    explains, runs again)."""
    for snippet in (exercise.starter, exercise.solution):
        skip_if_unrunnable(snippet, python)
    claims = {claim.id: claim for claim in page.claims}
    goal = exercise.bounds(claims)
    try:
        for snippet in (exercise.starter, exercise.solution):
            # their runs, made in the measuring phase's schedule, side by side with
            # other waiting programs: the runs the proof judges first
            output_checks[snippet, python]
        engine.prove_exercise(exercise, python, goal, exercise.expected(ROOT))
    except HungElsewhere as hung:
        pytest.skip(str(hung))

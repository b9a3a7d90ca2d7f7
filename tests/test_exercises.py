"""Exercises (`measured/exercises.py`), on the sample project in `tests/sample/`: how a
page declares one, every way the declaration can disagree with its claims and
recordings (each named with its file and line), and what the page shows."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from measured.errors import ContributorError
from measured.measurements import Measurements
from measured.project import Project
from measured.render import RunHere, render_page

SAMPLE = Path(__file__).resolve().parent / "sample"
PAGE = "docs/exercise.md"
STARTER = "demo/exercise_waits.py"
SOLUTION = "demo/exercise_waits_solved.py"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample project, to break."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    return root


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in Project(root).problems()]


def edit(root: Path, path: str, old: str, new: str) -> int:
    """Replace `old` in a file of the project; the line where `new` begins."""
    file = root / path
    text = file.read_text()
    assert old in text, old
    text = text.replace(old, new, 1)
    file.write_text(text)
    return text[: text.index(new)].count("\n") + 1


def test_the_sample_exercise_agrees_with_its_claims_and_recordings() -> None:
    project = Project(SAMPLE)
    assert problems(SAMPLE) == []
    page = next(page for page in project.pages if page.path == PAGE)
    exercise = page.exercises[STARTER]
    assert (exercise.solution, exercise.goal) == (SOLUTION, "sample-exercise-goal")
    assert exercise.bounds({claim.id: claim for claim in page.claims}) == (0.3, 0.45)
    # the starter counts as shown, by its exercise marker
    assert page.shows == [STARTER, SOLUTION]


def test_a_starter_whose_claim_allows_the_goal_is_refused(sample: Path) -> None:
    """The starter's claim proves it misses the goal only if its lower bound is above
    the goal's upper one."""
    line = edit(sample, PAGE, "seconds: [0.5, 0.7]", "seconds: [0.4, 0.7]")
    assert (
        f"{PAGE}:{line}: exercise '{STARTER}': the starter's claim "
        "'sample-exercise-starter' allows 0.4 s, within the goal's 0.3-0.45 s"
    ) in "\n".join(problems(sample))


def test_a_goal_must_be_a_time_claim_on_the_solution(sample: Path) -> None:
    edit(sample, PAGE, "goal: sample-exercise-goal", "goal: sample-exercise-starter")
    assert any(
        "its goal 'sample-exercise-starter' must be a `seconds` claim on "
        f"snippets/{SOLUTION}" in problem
        for problem in problems(sample)
    )
    edit(sample, PAGE, "goal: sample-exercise-starter", "goal: sample-exercise-gaol")
    assert any(
        "its goal 'sample-exercise-gaol' is not a claim of this page "
        "(did you mean 'sample-exercise-goal'?)" in problem
        for problem in problems(sample)
    )


def test_a_starter_that_fails_on_output_must_print_something_else(
    sample: Path,
) -> None:
    edit(sample, PAGE, "fails: sample-exercise-starter", "fails: output")
    found = problems(sample)
    assert any("the starter's recording prints what the solution's" in p for p in found)
    (sample / "snippets/demo/exercise_waits.out").write_text("long done\nshort done\n")
    assert problems(sample) == []
    edit(sample, PAGE, "fails: output", "fails: outptu")
    assert any("(did you mean 'output'?)" in p for p in problems(sample))


def test_a_starter_that_fails_by_exit_code_must_expect_one(sample: Path) -> None:
    edit(sample, PAGE, "fails: sample-exercise-starter", "fails: exit")
    assert any(
        "`fails: exit`, but the starter's settings expect exit code 0" in p
        for p in problems(sample)
    )
    edit(
        sample,
        PAGE,
        "exercises:",
        f"snippets:\n  {STARTER}:\n    exit_code: 1\nexercises:",
    )
    assert problems(sample) == []


def test_a_solution_that_prints_a_time_is_refused(sample: Path) -> None:
    """The page compares the reader's output with the solution's exactly."""
    (sample / "snippets/demo/exercise_waits_solved.out").write_text(
        "short done\nlong done after 0.3 s\n"
    )
    assert any(
        f"snippets/{SOLUTION} prints a time" in problem for problem in problems(sample)
    )


def test_an_exercise_must_be_placed_and_its_solution_shown(sample: Path) -> None:
    edit(sample, PAGE, '{{ exercise("demo/exercise_waits.py") }}', "")
    found = problems(sample)
    assert any(f"exercise '{STARTER}': is never placed" in p for p in found)
    assert any(
        f"snippets/{STARTER}" in p and "no page shows this snippet" in p for p in found
    )
    edit(
        sample, PAGE, "\n\n{{ claim", f'\n{{{{ exercise("{STARTER}") }}}}\n\n{{{{ claim'
    )
    edit(sample, PAGE, f'{{{{ run("{SOLUTION}") }}}}', "")
    assert any(
        f'the page does not show its solution; add {{{{ run("{SOLUTION}") }}}}' in p
        for p in problems(sample)
    )


def test_a_mistake_in_a_declaration_names_its_line(sample: Path) -> None:
    line = edit(sample, PAGE, "    fails: sample", "    fials: sample")
    with pytest.raises(ContributorError) as raised:
        Project(sample)
    assert str(raised.value).startswith(
        f"{PAGE}:{line}: unknown exercise key 'fials' (did you mean 'fails'?)"
    )


def test_the_page_shows_the_starter_with_a_check_and_the_goal() -> None:
    """The starter's block carries what Check holds the reader's program to: the
    goal's bounds and the solution's recording, exactly."""
    project = Project(SAMPLE)
    page = next(page for page in project.pages if page.path == PAGE)
    body = (SAMPLE / PAGE).read_text().split("---\n", 2)[2].lstrip("\n")
    page.body_offset = (SAMPLE / PAGE).read_text().count("\n") - body.count("\n")
    shown = render_page(
        body,
        page,
        project,
        Measurements(claims={}, runs={}, checked={}),
        RunHere(megabytes=1.0),
    )
    block = re.search(
        r'<div class="run-here" data-snippet="demo/exercise_waits.py".*', shown
    )
    assert block is not None
    expected = (SAMPLE / "snippets/demo/exercise_waits_solved.out").read_text()
    escaped = html.escape(expected, quote=True).replace("\n", "&#10;")
    assert f'data-goal-output="{escaped}"' in block[0]
    assert 'data-goal-low="0.3" data-goal-high="0.45"' in block[0]
    assert f'data-exercise="{PAGE}#{STARTER}"' in block[0]
    assert shown.count('class="md-button md-button--primary run-here__check"') == 1
    assert "**Goal:** both waits in at most 0.45 s, printing the same lines." in shown
    assert '--8<-- "snippets/demo/exercise_waits_solved.out"' in shown
    # the solution is an ordinary program: Run, no Check
    solution = re.search(
        r'<div class="run-here" data-snippet="demo/exercise_waits_solved.py".*', shown
    )
    assert solution is not None and "data-exercise" not in solution[0]

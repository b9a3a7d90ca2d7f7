"""Exercises (`measured/exercises.py`), on the sample project in `tests/sample/`: how a
page declares one, every way the declaration can disagree with its claims and
recordings (each named with its file and line), and what the page shows."""

from __future__ import annotations

import html
import platform
import re
import shutil
import sys
from pathlib import Path

import pytest

from measured.errors import ContributorError
from measured.exercises import run_check
from measured.interpreters import Interpreter
from measured.measurements import Measurements
from measured.measuring import Engine
from measured.project import Project
from measured.render import RunHere, render_page

SAMPLE = Path(__file__).resolve().parents[1] / "sample"
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
    assert exercise.bounds({claim.id: claim for claim in page.claims}) == (0.7, 1.1)
    # the starter counts as shown, by its exercise marker
    assert page.shows == [STARTER, SOLUTION]


def fails_by(root: Path, how: str) -> None:
    """Make the sample's starter miss its goal by `how` (`output`, `exit`), which
    needs no claim on it: its claim goes."""
    page = root / PAGE
    text = page.read_text()
    start = text.index("  - id: sample-exercise-starter")
    end = text.index("  - id: sample-exercise-goal")
    text = text[:start] + text[end:]
    page.write_text(text.replace("fails: sample-exercise-starter", f"fails: {how}"))


def test_a_starter_whose_claim_allows_the_goal_is_refused(sample: Path) -> None:
    """The starter's claim proves it misses the goal only if its lower bound is above
    the goal's upper one."""
    line = edit(sample, PAGE, "seconds: [1.2, 1.6]", "seconds: [1.1, 1.6]")
    assert (
        f"{PAGE}:{line}: exercise '{STARTER}': the starter's claim "
        "'sample-exercise-starter' allows 1.1 s, within the goal's 0.7-1.1 s"
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
    fails_by(sample, "output")
    found = problems(sample)
    assert any("the starter's recording prints what the solution's" in p for p in found)
    (sample / "snippets/demo/exercise_waits.out").write_text("long done\nshort done\n")
    assert problems(sample) == []
    edit(sample, PAGE, "fails: output", "fails: outptu")
    assert any("(did you mean 'output'?)" in p for p in problems(sample))


def test_a_starter_that_fails_by_exit_code_must_expect_one(sample: Path) -> None:
    fails_by(sample, "exit")
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
    marker = f'{{{{ exercise("{STARTER}") }}}}'
    edit(sample, PAGE, marker, "")
    found = problems(sample)
    assert any(f"exercise '{STARTER}': is never placed" in p for p in found)
    assert any(
        f"snippets/{STARTER}" in p and "no page shows this snippet" in p for p in found
    )
    edit(sample, PAGE, "??? success", f"{marker}\n\n??? success")
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
    assert 'data-goal-low="0.7" data-goal-high="1.1"' in block[0]
    assert f'data-exercise="{PAGE}#{STARTER}"' in block[0]
    assert shown.count('class="md-button md-button--primary run-here__check"') == 1
    assert "**Goal:** both waits in at most 1.1 s, printing the same lines." in shown
    assert '--8<-- "snippets/demo/exercise_waits_solved.out"' in shown
    # the starter, then how it misses the goal (its claim), then the goal
    starter = shown.index('data-snippet="demo/exercise_waits.py"')
    missed = shown.index('id="claim-sample-exercise-starter"')
    assert starter < missed < shown.index("**Goal:**")
    assert shown.count('<style class="claim-style">') == 1
    assert shown.index('<style class="claim-style">') < missed
    # the solution is an ordinary program: Run, no Check
    solution = re.search(
        r'<div class="run-here" data-snippet="demo/exercise_waits_solved.py".*', shown
    )
    assert solution is not None and "data-exercise" not in solution[0]


def prove(root: Path) -> str:
    """The suite's proof of the sample exercise on this Python, by the check
    script's judgement of the programs' runs."""
    project = Project(root)
    page = next(page for page in project.pages if page.path == PAGE)
    exercise = page.exercises[STARTER]
    engine = Engine(root, project.settings, record=False)
    goal = exercise.bounds({c.id: c for c in page.claims})
    return engine.prove_exercise(exercise, THIS_PYTHON, goal, exercise.expected(root))


THIS_PYTHON = Interpreter(sys.executable, platform.python_version(), primary=True)


def script_for(root: Path, tmp: Path) -> Path:
    """The sample exercise's check script, as its page shows it, saved to a file."""
    project = Project(root)
    page = next(page for page in project.pages if page.path == PAGE)
    exercise = page.exercises[STARTER]
    script = tmp / exercise.check_name
    script.write_text(exercise.check_script({c.id: c for c in page.claims}, root))
    return script


@pytest.mark.measure
def test_the_check_script_fails_the_starter_and_passes_the_solution(
    tmp_path: Path,
) -> None:
    """The script a reader copies, run as a reader runs it, says what the page's
    Check says; `prove_exercise` is the suite's proof on each Python."""
    script = script_for(SAMPLE, tmp_path)
    assert script.name == "check_waits.py"
    demo = SAMPLE / "snippets/demo"
    code, verdict = run_check(script, demo / "exercise_waits.py", sys.executable)
    assert code == 1 and re.fullmatch(
        r"✗ Not yet: too slow, \d+\.\d\d s; the goal is 0\.70\N{EN DASH}1\.10 s\.",
        verdict,
    ), verdict
    code, solved = run_check(script, demo / "exercise_waits_solved.py", sys.executable)
    assert code == 0, solved
    # the suite's proof judges the programs' own runs as the script does
    assert prove(SAMPLE).startswith("✓ Goal met: ")
    assert re.fullmatch(
        r"✓ Goal met: [01]\.\d\d s, within 0\.70\N{EN DASH}1\.10 s, and the same 2 lines\.",
        solved,
    ), solved


def test_the_proof_fails_a_starter_that_meets_its_goal(
    sample: Path, tmp_path: Path
) -> None:
    """An exercise whose starter is already fixed teaches nothing: the proof names
    the starter and what the script said. (The exercise here misses its goal on
    output, so that the fixed starter's time, which load may push over the goal,
    cannot make it miss for the declared reason.)"""
    fails_by(sample, "output")
    demo = sample / "snippets/demo"
    (demo / "exercise_waits.out").write_text("long done\nshort done\n")
    shutil.copy(demo / "exercise_waits_solved.py", demo / "exercise_waits.py")
    with pytest.raises(ContributorError) as raised:
        prove(sample)
    assert str(raised.value).startswith(
        f"snippets/{STARTER}: the starter should miss its goal with 'wrong output at "
        f"line' (`fails: output` in docs/exercise.md), but on Python {THIS_PYTHON.version} "
        "the check said: "
    )


def test_the_proof_fails_a_solution_that_misses_its_goal(
    sample: Path, tmp_path: Path
) -> None:
    """A wrong line fails at once; a solution made slow fails after its attempts."""
    solved = sample / "snippets/demo/exercise_waits_solved.py"
    text = solved.read_text()
    solved.write_text(
        text.replace('print(f"{name} done")', 'print(f"{name}: finished")')
    )
    with pytest.raises(ContributorError) as raised:
        prove(sample)
    assert "the solution misses its goal" in str(raised.value)
    assert (
        "wrong output at line 1: the goal prints “short done”, yours printed "
        "“short: finished”"
    ) in str(raised.value)


def test_a_starter_checked_in_the_page_needs_a_solution_that_runs_there(
    sample: Path,
) -> None:
    """Check in the page could not pass a fix that starts a thread: such a starter
    runs in a terminal, with the check script, and says why."""
    solved = sample / "snippets/demo/exercise_waits_solved.py"
    solved.write_text(
        solved.read_text().replace(
            'group.create_task(wait("long", 0.7))',
            'group.create_task(asyncio.to_thread(print, "long done"))',
        )
    )
    assert any(
        "the starter runs in a browser, but its solution cannot (runs a function in a "
        "thread (`asyncio.to_thread`))" in p
        for p in problems(sample)
    )

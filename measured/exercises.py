"""Exercises: a program with a problem, a goal stated as a claim, and a Check.

A page declares each exercise in its front matter, under `exercises:`, keyed by the
starter program the reader is given, and places it with `{{ exercise("core/x.py") }}`:

```yaml
exercises:
  core/exercise_downloads.py:
    solution: core/exercise_downloads_solved.py
    goal: exercise-downloads-goal        # a `seconds` claim on the solution
    fails: exercise-downloads-starter    # how the starter misses the goal
```

- `goal` names a `seconds` claim of the same page on the solution. Its bounds are
  the reader's: the page's Check passes a program that takes between them and prints
  exactly what the solution's recording holds.
- `fails` says why the starter misses that goal, and the suite proves it: the id of
  a `seconds` claim on the starter whose lower bound is above the goal's upper one
  (a starter that keeps its claim is too slow for the goal), `output` (its
  recording differs from the solution's), or `exit` (its settings expect an
  exit code other than 0, the solution's).

The marker shows the starter as `run` does, with a Check button beside Run, then the
goal and the lines the goal prints. The page places the solution itself, in a folded
block, with `run` and the goal's `claim`.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measured.claims import Claim, evaluate_bound
from measured.errors import ContributorError
from measured.pyodide import decide
from measured.recordings import TIME, recording_path
from measured.settings import RunSettings, did_you_mean, key_line

KEYS = ("solution", "goal", "fails")
CHECK_SCRIPT = Path(__file__).with_name("exercise_check.py")
"""The terminal's Check: each exercise's page gives a copy with its goal filled in
([`Exercise.check_script`][measured.exercises.Exercise.check_script])."""

FAILS = ("output", "exit")
"""The ways a starter may miss its goal besides a claim on its time."""

MISSES = {"output": "wrong output at line", "exit": "it ended with an exception"}
"""What a Check's verdict on the starter says, by `fails` (a claim: "too slow")."""


class GoalMissed(ContributorError):
    """The check script said a program misses its exercise's goal. Only a time too
    slow is one that load could explain (`load`), and gets another attempt."""

    load = False


def run_check(
    script: Path, program: Path, python: str, timeout: float = 90
) -> tuple[int, str]:
    """Run an exercise's check script on `program` with `python`, as a reader does
    (`python check_x.py exercise_x.py`, in the program's folder): its exit code, and
    its verdict, the last line it printed."""
    done = subprocess.run(
        [python, str(script), program.name],
        cwd=program.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    return done.returncode, (lines[-1] if lines else done.stderr.strip())


@dataclass(frozen=True)
class Exercise:
    """One exercise, as declared in a page's front matter.

    Attributes:
        starter: The program the reader is given, such as `core/exercise_x.py`.
        page: The page that declares it.
        line: The line of its declaration.
        solution: The reference solution, which meets the goal.
        goal: The id of the `seconds` claim on the solution whose bounds the
            reader's program must meet.
        fails: How the starter misses the goal: a claim id, `output` or `exit`.
    """

    starter: str
    page: str
    line: int
    solution: str
    goal: str
    fails: str

    @classmethod
    def from_mapping(cls, starter: Any, data: Any, page: str, line: int) -> Exercise:
        """Read one exercise; a mistake names the page and line."""

        def fail(message: str, key: Any = None) -> ContributorError:
            return ContributorError(page, message, key_line(data, key, line))

        if not isinstance(data, Mapping):
            raise fail(f"exercise {starter!r} must be a mapping with {', '.join(KEYS)}")
        unknown = sorted(set(data) - set(KEYS), key=str)
        if unknown:
            raise fail(
                f"unknown exercise key {', '.join(map(repr, unknown))}"
                f"{did_you_mean(unknown, KEYS)}; known keys are {', '.join(KEYS)}",
                unknown[0],
            )
        for key in KEYS:
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise fail(f"exercise {starter!r} needs `{key}`, a string", key)
        return cls(
            str(starter), page, line, data["solution"], data["goal"], data["fails"]
        )

    def bounds(self, claims: Mapping[str, Claim]) -> tuple[float, float]:
        """The goal's `[low, high]` in seconds, as the reader's Check applies them."""
        low, high = claims[self.goal].bounds
        return evaluate_bound(low, 1), evaluate_bound(high, 1)

    def expected(self, root: Path) -> str:
        """What a program that meets the goal prints: the solution's recording."""
        return recording_path(root, self.solution).read_text()

    @property
    def misses(self) -> str:
        """What the Check says of the starter, in its words: why it misses the goal."""
        return MISSES.get(self.fails, "too slow")

    @property
    def check_name(self) -> str:
        """The check script's file name: `check_downloads.py` for
        `exercise_downloads.py`."""
        return "check_" + Path(self.starter).name.removeprefix("exercise_")

    def check_script(self, claims: Mapping[str, Claim], root: Path) -> str:
        """The terminal's Check for this exercise: `measured/exercise_check.py` with
        the goal's bounds and output filled in, as the page shows it and the suite
        runs it on every Python."""
        low, high = self.bounds(claims)
        expected = self.expected(root)
        text = CHECK_SCRIPT.read_text().replace("check.py", self.check_name, 1)
        literal = (
            f'"""\\\n{expected}"""'
            if '"""' not in expected
            and "\\" not in expected
            and expected.endswith("\n")
            else repr(expected)
        )
        text = re.sub(
            r"^GOAL = \(.*?\)",
            lambda _: f"GOAL = ({low:g}, {high:g})",
            text,
            flags=re.M,
        )
        return re.sub(
            r'^EXPECTED = ".*?"  # (.*)$',
            lambda m: f"# {m[1]}:\nEXPECTED = {literal}",
            text,
            flags=re.M,
        )


def problems(
    page: Any, root: Path, settings: Mapping[str, RunSettings]
) -> Iterator[ContributorError]:
    """Every way a page's exercises disagree with its claims, markers and recordings.

    Args:
        page: A [`Page`][measured.project.Page].
        root: The repository root.
        settings: How each snippet runs, by name (its page's `snippets:`).
    """
    claims = {claim.id: claim for claim in page.claims}
    placed = {m.argument: m.line for m in page.markers if m.name == "exercise"}
    runs = {m.argument for m in page.markers if m.name == "run"}
    for name, line in placed.items():
        if name not in page.exercises:
            yield ContributorError(
                page.path,
                f"places exercise {name!r}, which its front matter does not declare "
                f"under `exercises:`{did_you_mean(name, page.exercises)}",
                line,
            )
    for exercise in page.exercises.values():

        def wrong(
            message: str, line: int = exercise.line, starter: str = exercise.starter
        ) -> ContributorError:
            return ContributorError(page.path, f"exercise {starter!r}: {message}", line)

        if exercise.starter not in placed:
            yield wrong(
                f'is never placed; add {{{{ exercise("{exercise.starter}") }}}}'
            )
        if exercise.solution not in runs:
            yield wrong(
                f"the page does not show its solution; add "
                f'{{{{ run("{exercise.solution}") }}}} (in a folded block)'
            )
        goal = claims.get(exercise.goal)
        if goal is None:
            yield wrong(
                f"its goal {exercise.goal!r} is not a claim of this page"
                + did_you_mean(exercise.goal, claims)
            )
            continue
        if goal.kind != "seconds" or goal.snippet != exercise.solution:
            yield wrong(
                f"its goal {exercise.goal!r} must be a `seconds` claim on "
                f"snippets/{exercise.solution}, the time the reader's program is held to",
                goal.line,
            )
            continue
        low, high = exercise.bounds(claims)
        solution = recording_path(root, exercise.solution)
        starter = recording_path(root, exercise.starter)
        if not solution.is_file() or not starter.is_file():
            continue  # the missing recording is reported with its snippet
        if TIME.search(solution.read_text()):
            yield wrong(
                f"snippets/{exercise.solution} prints a time, but the page compares "
                "the reader's output with it line by line: print no times"
            )
        for snippet in (exercise.solution, exercise.starter):
            both = settings.get(snippet, RunSettings())
            if both.stderr:
                yield wrong(
                    f"snippets/{snippet} records its standard error, but the Check "
                    "compares standard output only: drop `stderr: true`"
                )
        versions = sorted(
            solution.parent.glob(f"{Path(exercise.solution).stem}.3.*.out")
        )
        if versions:
            yield wrong(
                f"snippets/{exercise.solution} prints differently on some Pythons "
                f"({versions[0].name}), but the page has one expected output"
            )
        solved = settings.get(exercise.solution, RunSettings())
        given = settings.get(exercise.starter, RunSettings())
        if decide(root, exercise.starter, given).runnable:
            why = decide(root, exercise.solution, solved)
            if not why.runnable:
                yield wrong(
                    f"the starter runs in a browser, but its solution cannot ({why.reason}): "
                    "the page's Check could not pass a right answer; give "
                    f"snippets/{exercise.starter} a `browser:` reason, such as "
                    '"its fix runs ... which a browser cannot"'
                )
        if solved.exit_code != 0:
            yield wrong(f"snippets/{exercise.solution}, the solution, must exit with 0")
        if exercise.fails == "output":
            if starter.read_text() == solution.read_text():
                yield wrong(
                    "`fails: output`, but the starter's recording prints what the "
                    "solution's does, so the starter meets the goal's output"
                )
        elif exercise.fails == "exit":
            if settings.get(exercise.starter, RunSettings()).exit_code == 0:
                yield wrong(
                    "`fails: exit`, but the starter's settings expect exit code 0; "
                    f"give snippets/{exercise.starter} its `exit_code:`"
                )
        else:
            slow = claims.get(exercise.fails)
            if slow is None:
                yield wrong(
                    f"`fails` is {', '.join(FAILS)} or a claim of this page on the "
                    f"starter, not {exercise.fails!r}"
                    + did_you_mean(exercise.fails, [*claims, *FAILS])
                )
            elif slow.kind != "seconds" or slow.snippet != exercise.starter:
                yield wrong(
                    f"`fails: {exercise.fails}` must be a `seconds` claim on "
                    f"snippets/{exercise.starter}",
                    slow.line,
                )
            elif evaluate_bound(slow.bounds[0], 1) <= high:
                yield wrong(
                    f"the starter's claim {slow.id!r} allows "
                    f"{evaluate_bound(slow.bounds[0], 1):g} s, within the goal's "
                    f"{low:g}-{high:g} s: a starter that keeps it may meet the goal; "
                    "its lower bound must be above the goal's upper one",
                    slow.bounds_line,
                )

"""The measuring engine: what to run for each figure, output check, timeline and
exercise, and what the runs mean.

Every figure on the site comes from here. The engine asks
[`measured.schedule`][] when a run may start and how often a check is tried, and
[`measured.store`][] for the runs already made; it writes what the build shows
through [`measured.measurements`][], and nothing else writes it. The rules, briefly
(each is stated once, in the module that applies it):

- A time below a claim's lower bound fails at once: no noise makes a program
  faster. A time above may be noise, and gets the schedule's further attempts
  ([`attempts`][measured.schedule.attempts]); a real regression fails them all.
- A comparison (a ratio, a speed-up, a cost per task) can be pushed either way,
  and the machine's speed drifts between moments. So it judges runs of its two
  programs made back to back, in one attempt, for that claim alone: never one
  program's run from one moment against the other's from another (another claim's
  run, an output check's, an earlier attempt's). Outside its bounds, the next
  attempt makes a new pair.
- A printed time later than its tolerance, a word that depends on timing, an exit
  code that timing decides: the output check runs the snippet again, and passes on
  the first run that matches. Nothing else runs again.
- A recording is made from two runs on each Python (the second side by side: it is
  no retry), and refused, with the lines that moved, where their words differ.
- The cores free to a pool are measured by [`free_cores`][measured.measuring.free_cores]
  in each attempt of a claim over `cpus`, in its first program's turn, just before
  that program starts, and such a claim makes runs of its own.

Each figure records how many runs it is the best of, and each verdict on which
attempt it passed, so the page can say "fastest of 2 runs".
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from measured.claims import KINDS, Claim, Verdict
from measured.errors import ContributorError
from measured.exercise_check import judge
from measured.exercises import Exercise, GoalMissed
from measured.interpreters import Interpreter
from measured.measurements import (
    record_check,
    record_run,
    record_timeline,
    record_verdict,
)
from measured.recordings import (
    OutputChanged,
    compare_output,
    compare_times,
    expected_recording,
    unstable,
)
from measured.runner import Run, SnippetTimeout, check_run, run_snippet
from measured.schedule import (
    ATTEMPTS,
    LATER,
    Job,
    Outside,
    Turns,
    attempts,
    group_claims,
    later_attempt,
    retry_may_help,
    run_jobs,
    times_each,
)
from measured.settings import RunSettings
from measured.store import Store, trace_file

SPINNER = """
import os, resource, sys, time
start = time.perf_counter()
deadline = start + float(sys.argv[2])
for _ in range(int(sys.argv[1])):
    if os.fork() == 0:
        while time.perf_counter() < deadline:
            pass
        os._exit(0)
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print((usage.ru_utime + usage.ru_stime) / wall)
"""

THREAD_SPINNER = """
import resource, sys, threading, time
start = time.perf_counter()
deadline = start + float(sys.argv[2])
def spin():
    while time.perf_counter() < deadline:
        pass
threads = [threading.Thread(target=spin) for _ in range(int(sys.argv[1]))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
usage = resource.getrusage(resource.RUSAGE_SELF)
print((usage.ru_utime + usage.ru_stime) / (time.perf_counter() - start))
"""


def free_cores(seconds: float = 1.0, threads: bool = False) -> float:
    """How many cores a program started now would get: the `cpus` of a claim's bound.

    A snippet runs in a session of its own. Where the kernel shares the CPUs between
    sessions (Linux's autogroup scheduling), other busy sessions take their share
    however many processes the snippet starts: beside two CPU burners on two cores, a
    pool of four workers gets one core. A process pinned to one core
    (`taskset -c 0`) gets one core whatever `os.cpu_count()` says. So the engine asks
    the machine instead of counting its cores: it starts one spinning process per
    core, in a new session, for `seconds`, and divides their CPU time by the wall
    time.

    With `threads`, it asks what a program of threads taking turns on the GIL would
    get: one process, with one spinning thread per core (at least four). On an idle
    machine that is about one core. Beside busy programs it is less than a free
    process gets, because every hand-over of the GIL waits until the scheduler runs
    the thread that takes it, and meanwhile no thread computes: beside two CPU
    burners on two cores (in the session that runs the suite), four such threads
    kept 0.74 to 1.01 of a core busy in 14 tries, where spinning processes got 0.99.

    Args:
        seconds: How long the spinners run.
        threads: Measure with threads sharing the GIL instead of processes.

    Returns:
        The cores free, to two decimals, at least 0.01 and at most `os.cpu_count()`.
    """
    cpus = os.cpu_count() or 1
    code, count = (THREAD_SPINNER, max(4, cpus)) if threads else (SPINNER, cpus)
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(count), str(seconds)],
        capture_output=True,
        text=True,
        start_new_session=True,
        timeout=seconds + 30,
        check=True,
    )
    return min(float(cpus), max(0.01, round(float(done.stdout), 2)))


class Engine:
    """Runs snippets for figures, output checks, timelines and exercises.

    Args:
        root: The repository root.
        settings: How each snippet runs, by name (usually `Project.settings`).
        record: Write checked outputs, verdicts and timelines under `.measurements/`
            for the build (harness tests pass `False`).
        reuse: Reuse runs from earlier sessions whose inputs have not changed
            (never in CI: there, everything is measured afresh).
        suite: Share runs with the other sessions of this run of the suite (the
            phases of `make test`), under `.measurements/suite/<suite>/`.
        run: How to run one snippet (the runner; harness tests pass their own).
        cores: How to measure free cores ([`free_cores`][measured.measuring.free_cores]).
        later: Seconds, at least, between a claim's last attempt and its attempt
            at the end of the phase ([`LATER`][measured.schedule.LATER]).
    """

    def __init__(
        self,
        root: Path,
        settings: Callable[[str], RunSettings],
        record: bool = True,
        reuse: bool = False,
        run: Callable[..., Run] = run_snippet,
        cores: Callable[..., float] = free_cores,
        suite: str | None = None,
        later: float = LATER,
    ) -> None:
        self.root = root
        self.later = later
        self.settings = settings
        self.record = record
        self.store = Store(root, settings, reuse=reuse, suite=suite)
        """Every run this session made or reused ([`Store`][measured.store.Store])."""
        self._run = run
        self._cores = cores
        self._guard = threading.Lock()
        self.recorded: list[str] = []
        """What recording (`check_output(update=True)`) wrote or removed."""
        self.turns = Turns()
        self._started: dict[tuple[str, ...], int] = {}
        self.verdicts: dict[str, Verdict | ContributorError] = {}

    @property
    def suite(self) -> str | None:
        """The run of the suite whose runs this engine shares."""
        return self.store.suite

    @suite.setter
    def suite(self, suite: str | None) -> None:
        self.store.suite = suite

    # --- one snippet ---------------------------------------------------------------

    def runs(self, snippet: str, python: Interpreter) -> list[Run]:
        """Every run of `snippet` on `python` made (or reused) this session."""
        return self.store.runs(snippet, python)

    def reused(self, snippet: str, python: Interpreter) -> str | None:
        """Where the first run of `snippet` on `python` came from, if this session
        did not make it ([`Store.reused`][measured.store.Store.reused])."""
        return self.store.reused(snippet, python)

    @contextlib.contextmanager
    def _turn(
        self, key: tuple[str, ...], kept: int = 0, beside: bool = False
    ) -> Iterator[None]:
        """A turn for a run of `key` (see [`Turns`][measured.schedule.Turns]): side by
        side for its first run, alone for any later one. Runs that ended otherwise
        than their settings say count (they are not kept), and so do the `kept` runs
        shared or reused from before. `beside`: a later run that is no retry (the
        second run of a recording, which only looks for output that changes from
        run to run) runs side by side too."""
        with self._guard:
            later = bool(self._started.get(key) or kept) and not beside
            self._started[key] = self._started.get(key, 0) + 1
        with self.turns.alone() if later else self.turns.side_by_side():
            yield

    def run(
        self,
        snippet: str,
        python: Interpreter,
        beside: bool = False,
        before: Callable[[], None] | None = None,
    ) -> Run:
        """Run `snippet` once more on `python`, check how it ended, and keep the run.

        Its first run this session may run beside others; a later one waits for a
        turn alone (see [`Turns`][measured.schedule.Turns]), unless `beside`.
        `before` is done in the run's turn, just before the program starts (the
        spinners of [`free_cores`][measured.measuring.free_cores]).

        A snippet that hung is remembered (for this suite's other workers too)."""
        settings = self.settings(snippet)
        kept = len(self.store.runs(snippet, python))
        with self._turn((snippet, python.path), kept=kept, beside=beside):
            if before is not None:
                before()
            try:
                run = self._run(self.root, snippet, settings, python=python.path)
            except SnippetTimeout:
                self.store.mark_hung(snippet, python)
                raise
        check_run(run, settings)
        self.store.keep(snippet, python, run)
        return run

    def nth_run(
        self,
        snippet: str,
        python: Interpreter,
        n: int = 1,
        fresh: bool = False,
        beside: bool = False,
        before: Callable[[], None] | None = None,
    ) -> Run:
        """The `n`th run of `snippet` this session: one made already (by a claim or an
        output check, or kept by the store from before), else a new one. Attempt
        `n` of anything uses run `n`, so no run is made twice.

        A snippet that hung on one Python is not run on another (the hang would
        cost its whole timeout on each): [`HungElsewhere`][measured.measuring.HungElsewhere]
        is raised instead, which the suite reports as a skip.

        Args:
            fresh: Never reuse a run from an earlier session (a bound over `cpus`
                needs the run and the free cores measured together).
            beside: A new run may run side by side with others (it is no retry).
            before: Done in the turn of the first new run, if one is made, just
                before it starts (see [`run`][measured.measuring.Engine.run]).
        """
        hung = self.store.hung_on(snippet)
        if hung is not None and hung != python.version:
            raise HungElsewhere(
                f"snippets/{snippet}",
                f"not run on Python {python.version}: it hung on Python {hung} "
                "(see that test's message, with where it was)",
            )
        with self.store.lock(snippet, python):
            self.store.restore(snippet, python, fresh=fresh)
            missing = n - len(self.store.runs(snippet, python))
            if beside and missing > 1:  # no retry: all at once
                with ThreadPoolExecutor(missing) as pool:
                    list(
                        pool.map(
                            lambda _: self.run(snippet, python, True), range(missing)
                        )
                    )
            while len(self.store.runs(snippet, python)) < n:
                self.run(snippet, python, beside=beside, before=before)
                before = None
            return self.store.runs(snippet, python)[n - 1]

    def check_output(
        self, snippet: str, python: Interpreter, update: bool = False
    ) -> Run:
        """Compare the snippet's output with its recording, one-sidedly for times.

        Load can change what a program prints: a printed time comes out late, a
        heartbeat misses its beat, debug mode reports a step that took over 0.1 s.
        Such a difference runs again (see [`attempts`][measured.schedule.attempts]),
        and passes on the first run that matches; any other fails at once.

        With `update`, the snippet runs twice (the second run side by side: it is
        no retry), and an output that differs between the two is refused with the
        lines that moved; the recording is rewritten where its words changed or a
        time left its tolerance. Where the faster run's times stay within the
        tolerance but are later by more than one step of the recorded number's last
        digit, a third run, in a turn of its own, decides whether load or the
        program moved them; if the fastest of the three is still that late, the
        session's end names the recording kept. Without `update`, runs of this
        session that differ between themselves (as `update` refuses) fail the check
        too.

        Raises:
            SnippetFailed: A run ended otherwise than its settings say.
            OutputUnstable: Two runs on this Python printed different words.
            OutputLate: Every run printed a time later than its tolerance allows.
            OutputChanged: The output differs from its recording.
        """
        settings = self.settings(snippet)

        def attempt(n: int) -> Run:
            if update and n == 1:  # two runs, side by side: no retry
                self.nth_run(snippet, python, 2, beside=True)
                self._stable(snippet, python, settings)
                run = min(self.runs(snippet, python)[:2], key=lambda r: r.seconds)
                if self._moved_later(run, settings):  # the runs' load, or the program?
                    third = self.nth_run(snippet, python, 3)  # a run of its own decides
                    self._stable(snippet, python, settings)
                    run = min(run, third, key=lambda r: r.seconds)
                    if moved := self._moved_later(run, settings):
                        self.recorded.append(moved)
            else:
                m = self._after_failures(snippet, python, n)
                run = self.nth_run(snippet, python, m)
            done = compare_output(self.root, run, settings, update=update)
            if done:
                self.recorded.append(done)
            return run

        try:
            run = attempts(attempt)
        except OutputChanged:
            self._stable(snippet, python, settings)  # the likelier cause, if so
            raise
        self._stable(snippet, python, settings)
        if self.record:
            record_check(self.root, run)
        return run

    def _moved_later(self, run: Run, settings: RunSettings) -> str:
        """The note for the session's end when recording keeps a recording over this
        run: the same words, and a time later than recorded by more than one step of
        its last digit but within the tolerance; "" otherwise."""
        recording = expected_recording(self.root, run, settings)
        if not recording.exists():
            return ""
        expected = recording.read_text()
        if not compare_times(expected, run.output, settings.tolerance).same:
            return ""  # recording rewrites it
        moved = compare_times(expected, run.output, None)
        if not moved.only_late:
            return ""
        lines = "; ".join(
            f"line {n}: {got}, recorded {want}" for n, want, got in moved.late
        )
        return (
            f"kept {recording.relative_to(self.root)} (Python {run.python}): its "
            f"fastest of three runs printed later times, within the {settings.tolerance:g} s "
            f"tolerance ({lines}); if you changed the program, delete the recording "
            "and record again"
        )

    def prove_exercise(
        self,
        exercise: Exercise,
        python: Interpreter,
        goal: tuple[float, float],
        expected: str,
    ) -> str:
        """Prove an exercise on one Python, judged as the check script a reader
        copies judges a program ([`judge`][measured.exercise_check.judge]): its
        starter misses the goal for the reason the exercise is about, and its
        solution meets it. The runs are the programs' own, as any check's: the
        output checks' runs where they were made. A solution too slow, which load
        explains, gets the one retry loop's further runs.

        Returns:
            The solution's verdict.

        Raises:
            GoalMissed: The starter met the goal, or missed it otherwise than
                declared; or the solution missed it.
        """
        run = self.nth_run(exercise.starter, python)
        _, verdict = judge(run.exit_code, run.seconds, run.output, goal, expected)
        if exercise.misses not in verdict:
            raise GoalMissed(
                f"snippets/{exercise.starter}",
                f"the starter should miss its goal with {exercise.misses!r} "
                f"(`fails: {exercise.fails}` in {exercise.page}), but on Python "
                f"{python.version} the check said: {verdict}",
            )

        def attempt(n: int) -> str:
            m = self._after_failures(exercise.solution, python, n)
            run = self.nth_run(exercise.solution, python, m)
            passed, verdict = judge(
                run.exit_code, run.seconds, run.output, goal, expected
            )
            if not passed:
                missed = GoalMissed(
                    f"snippets/{exercise.solution}",
                    f"the solution misses its goal ({exercise.page}) on Python "
                    f"{python.version}: {verdict}",
                )
                missed.load = verdict.startswith("✗ Not yet: too slow") and (
                    ". And " not in verdict
                )
                raise missed
            return verdict

        return attempts(attempt)

    def _stable(self, snippet: str, python: Interpreter, settings: RunSettings) -> None:
        """Fail if two runs of this session on `python` printed different words that
        load cannot explain: no recording can hold such an output."""
        error = unstable(self.runs(snippet, python), settings.tolerance)
        if error is not None:
            raise error

    def check_jobs(
        self,
        checks: Iterable[tuple[str, Interpreter]],
        alone: Callable[[str], bool],
        found: dict[tuple[str, str], Run | ContributorError],
    ) -> list[Job]:
        """A job of [`check_output`][measured.measuring.Engine.check_output] for each
        (snippet, Python), for [`run_jobs`][measured.schedule.run_jobs] to schedule
        with others: heavy for a CPU-bound snippet (`alone(snippet)`). Each puts the
        run that matched, or the error, in `found`, under (snippet, interpreter
        path)."""

        def check(snippet: str, python: Interpreter) -> None:
            try:
                found[(snippet, python.path)] = self.check_output(snippet, python)
            except ContributorError as error:
                found[(snippet, python.path)] = error

        return [
            Job(alone(snippet), functools.partial(check, snippet, python))
            for snippet, python in checks
        ]

    def trace(self, snippet: str, python: Interpreter, trace: Path) -> Run:
        """Run `snippet` under the event-loop tracer, writing its trace to `trace`,
        and check its output as [`check_output`][measured.measuring.Engine.check_output]
        does, in the same retry loop; then record the trace as the snippet's
        timeline for the build (with `record`).

        Raises:
            ContributorError: The run failed its output check, or ran no task."""
        settings = self.settings(snippet)

        def attempt(n: int) -> Run:
            with self._turn(("trace", snippet, python.path)):
                run = self._run(
                    self.root, snippet, settings, python=python.path, trace=trace
                )
            check_run(run, settings)
            compare_output(self.root, run, settings)
            return run

        run = attempts(attempt)
        data = json.loads(trace.read_text())
        if not data["tasks"]:
            raise ContributorError(
                f"snippets/{snippet}",
                "ran no asyncio task, so it has no timeline to draw",
            )
        if self.record:
            record_timeline(self.root, snippet, run.implementation, data)
        return run

    # --- claims ----------------------------------------------------------------------

    def _best(
        self, claim: Claim, snippet: str, python: Interpreter, first: int = 0
    ) -> Run:
        """The snippet's best run so far for this claim's kind (from its `first`
        run on, counting from 0), with how many it beat."""
        runs = self.runs(snippet, python)[first:]
        best = min(runs, key=KINDS[claim.kind].best)
        return dataclasses.replace(best, repeats=len(runs))

    def measure_claim(
        self, claim: Claim, python: Interpreter, later: bool = False
    ) -> Verdict:
        """Measure one claim: one run of each program, and more only where noise may
        have pushed the figure out of its bounds (see the module's rules), in the
        one retry loop ([`attempts`][measured.schedule.attempts]).

        A claim over `cpus` has its free cores measured in its first program's turn,
        just before that program starts, and makes runs of its own: its figure
        never comes from a run another claim made earlier, with the cores as they
        were then. A comparison makes runs of its own too, new ones on each
        attempt, and judges only those: its two programs' runs made back to back
        (the verdict keeps the earlier attempts' figures, for its message).

        Args:
            later: The one attempt more, `ATTEMPTS + 1`, that the end of the
                measuring phase gives a claim whose attempts all ended outside its
                bounds on the side noise pushes it (see
                [`later_attempt`][measured.schedule.later_attempt]); it
                goes on from the runs already made.
        """
        threads = claim.free_cores == "threads"
        pairs = KINDS[claim.kind].needs_baseline  # judged on runs made back to back
        fresh = claim.uses_cpus or pairs  # never a run from an earlier session
        cpus: list[float | None] = [None]
        runs: dict[str, Run] = {}
        # each attempt's figure, for a comparison's message, the phase's included
        before = self.verdicts.get(claim.id) if later else None
        figures = [*before.earlier, before.value] if isinstance(before, Verdict) else []
        asked = dict.fromkeys(claim.snippets, 0)  # this claim's nth run of each
        if later or fresh:  # after every run made so far (a run reused from an
            # earlier session does not count: a fresh claim drops it)
            asked = {s: self.store.made_here(s, python) for s in claim.snippets}
        # the first run of each program that this claim may judge
        own = dict(asked) if fresh else dict.fromkeys(claim.snippets, 0)
        if later:  # the best so far, or for a fresh claim what sizes its next runs
            runs = {s: self._best(claim, s, python) for s in claim.snippets}

        def free() -> None:  # in the program's turn, as the spinners are a run
            cpus[0] = self._cores(threads=threads)

        def attempt(n: int) -> Verdict:
            cpus[0] = None  # the load may have changed since the last attempt
            times = times_each(runs)
            if pairs:  # this attempt's own runs, and no earlier one
                asked.update((s, self.store.made_here(s, python)) for s in asked)
                own.update(asked)
            for snippet in claim.snippets:  # alternating: A, B, A, B, ...
                for _ in range(times.get(snippet, 1)):
                    asked[snippet] += 1
                    m = self._after_failures(snippet, python, asked[snippet])
                    before = free if claim.uses_cpus and cpus[0] is None else None
                    self.nth_run(snippet, python, m, fresh=fresh, before=before)
                runs[snippet] = self._best(claim, snippet, python, own[snippet])
            if claim.uses_cpus and cpus[0] is None:  # no new run: measure now
                free()
            verdict = claim.check(runs, cpus=cpus[0], attempts=n)
            if pairs:
                verdict = dataclasses.replace(verdict, earlier=tuple(figures))
                figures.append(verdict.value)
            if not verdict.passed and retry_may_help(verdict):
                raise Outside(verdict, last=n >= ATTEMPTS)
            return verdict

        try:
            return attempts(attempt, first=ATTEMPTS + 1 if later else 1)
        except Outside as outside:
            return outside.verdict

    def _after_failures(self, snippet: str, python: Interpreter, n: int) -> int:
        """Run `n`, or the next new run where earlier ones failed (a failed run is
        not kept, so there are fewer runs than attempts)."""
        return min(n, len(self.runs(snippet, python)) + 1)

    def measure_claims(
        self, claims: Iterable[Claim], python: Interpreter, alone: Callable[[str], bool]
    ) -> dict[str, Verdict | ContributorError]:
        """Measure every claim, scheduled so that nothing heavy runs beside a figure.

        Claims that share a snippet form a group, measured in order on one thread.
        Groups of waiting programs run side by side,
        [`WAITING_AT_ONCE`][measured.schedule.WAITING_AT_ONCE] at a time; then each
        group with a CPU-bound program (`alone(snippet)`) runs by itself.

        Returns:
            Claim id to its verdict, or to the error that stopped its snippet.
        """
        claims = list(claims)
        run_jobs(self.claim_jobs(claims, python, alone))
        return {claim.id: self.verdicts[claim.id] for claim in claims}

    def claim_jobs(
        self, claims: Iterable[Claim], python: Interpreter, alone: Callable[[str], bool]
    ) -> list[Job]:
        """The jobs of [`measure_claims`][measured.measuring.Engine.measure_claims],
        one per group of claims that share a snippet, for
        [`run_jobs`][measured.schedule.run_jobs] to schedule with others; each
        puts its verdicts in `verdicts`. A group with claims that earn an attempt
        at the end of the phase ([`later_attempt`][measured.schedule.later_attempt])
        returns the job that makes it, due [`LATER`][measured.schedule.LATER] s
        after its last run."""

        def measure(group: Sequence[Claim], later: bool = False) -> Job | None:
            again = []
            for claim in group:
                try:
                    verdict: Verdict | ContributorError = self.measure_claim(
                        claim, python, later=later
                    )
                except ContributorError as error:
                    verdict = error
                if isinstance(verdict, Verdict) and later_attempt(verdict):
                    again.append(claim)
                self.verdicts[claim.id] = verdict
                if self.record and isinstance(verdict, Verdict):
                    record_verdict(self.root, verdict)
                    for run in (verdict.run, verdict.baseline):
                        if run is not None:
                            record_run(self.root, run)
            if not again or later:
                return None
            due = time.monotonic() + self.later
            return Job(True, functools.partial(measure, again, True), due)

        return [
            Job(
                any(alone(s) for c in group for s in c.snippets),
                functools.partial(measure, group),
            )
            for group in group_claims(claims)
        ]

    def trace_jobs(
        self,
        snippets: Iterable[str],
        python: Interpreter,
        directory: Path,
        alone: Callable[[str], bool],
        found: dict[str, Run | ContributorError],
    ) -> list[Job]:
        """A job per snippet that traces it for its timeline, into
        `directory/<slug>.json` (see [`trace`][measured.measuring.Engine.trace]), for
        [`run_jobs`][measured.schedule.run_jobs] to schedule with others: heavy for a
        CPU-bound snippet. Each puts its run, or its error, in `found`."""

        def trace(snippet: str) -> None:
            try:
                found[snippet] = self.trace(
                    snippet, python, trace_file(directory, snippet)
                )
            except ContributorError as error:
                found[snippet] = error

        return [
            Job(alone(snippet), functools.partial(trace, snippet))
            for snippet in snippets
        ]


class HungElsewhere(SnippetTimeout):
    """The snippet hung on another Python of this suite, so it is not run again."""

    load = False

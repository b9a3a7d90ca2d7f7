"""The measuring engine: when each snippet runs, how often, and what is kept.

Every figure on the site comes from here. The engine is built on one fact about
noise: **load only adds time.** No program finishes before its physical floor, and a
busy machine only makes it later. So:

- A time below a claim's lower bound fails at once: no noise makes a program faster.
- A time above the upper bound may be noise. The snippet runs again, up to
  [`ATTEMPTS`][measured.measuring.ATTEMPTS] runs in all, and the claim passes on the
  first run inside its bounds. A real regression (a blocking call, waits that no
  longer overlap) is late on every run and fails.
- A claim still outside its bounds on the side noise pushes it after those runs
  gets one more attempt at the end of the measuring phase, at least
  [`LATER`][measured.measuring.LATER] s after its last (see
  [`run_jobs`][measured.measuring.run_jobs]): a slowdown of the whole machine can
  outlast runs made back to back. A real regression fails that one too.
- A comparison (a ratio, a speed-up, a cost per task) can be pushed either way,
  since noise may slow either program. Outside its bounds, both programs run again,
  alternating, and each keeps its fastest run. On such a retry the shorter program
  runs as many times as fit in one run of the longer (up to
  [`SHORT_RUNS`][measured.measuring.SHORT_RUNS]), so that both meet a burst of load
  over the same span of time: a half-second baseline beside a two-second program
  would otherwise have a quarter of its chances to run between bursts.
- A printed time later than the tolerance is the same kind of noise, and so is a
  word that depends on timing (a heartbeat's missed beat, debug mode's report of a
  slow step), and so is an exit code that timing decides (a timeout that fires in
  one place or another): the output check, or the claim, runs the snippet again,
  and passes on the first run that matches. Nothing else runs again: a changed
  word, an import error, a process left running fail on their first run. One
  retry loop, [`Engine.attempts`][measured.measuring.Engine.attempts], serves every
  kind of check. A hang gets one more run, and no run on another Python.
- A recording is made from two runs on each Python (the second side by side: it
  is no retry), and refused, with the lines that moved, where their words differ:
  no recording can hold an output that changes from run to run.
- Programs that mostly wait overlap one another for their first runs, up to
  [`WAITING_AT_ONCE`][measured.measuring.WAITING_AT_ONCE] at a time (they need
  little CPU). A later run of a program (a retry, or a repeat of a comparison's
  short program) waits until this engine's runs in progress have ended, and no run
  starts until it has ended (see [`Turns`][measured.measuring.Turns]); programs of
  other processes, such as the other workers of the second phase of `make test`,
  may still run beside it. CPU-bound ones (`alone: true`) run one at a time with
  nothing beside them. The cores free to
  a pool are measured by [`free_cores`][measured.measuring.free_cores] in each
  attempt of a claim over `cpus`, in its first program's turn, just before that
  program starts: the spinners take the turn the program would, and the claim
  makes runs of its own rather than use one another claim made earlier.

Each figure records how many runs it is the best of, and each verdict on which
attempt it passed, so the page can say "fastest of 2 runs". Runs are shared, so that
no program runs twice for the same purpose:

- within one run of the suite (both phases of `make test`, which share one
  [`suite_id`][measured.processes.suite_id]), under `.measurements/suite/<id>/`: the
  output check of a snippet in the second phase uses the run a claim made in the
  first, and runs it again only for a later attempt;
- outside CI, across runs of the suite, under `.measurements/cache/`, keyed by
  everything that could change a run: the snippet, its settings, the interpreter,
  the harness and the lock. In CI every run is new.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from measured.claims import KINDS, Claim, Verdict
from measured.errors import ContributorError
from measured.exercise_check import judge
from measured.exercises import Exercise, GoalMissed
from measured.interpreters import Interpreter
from measured.measurements import DIRECTORY, record_check, record_run, record_verdict
from measured.recordings import OutputChanged, OutputLate, compare_output, unstable
from measured.runner import Run, SnippetTimeout, check_run, run_snippet
from measured.settings import RunSettings

T = TypeVar("T")

ATTEMPTS = 3
"""Runs a snippet gets for one figure or one output check, at most. A real
regression fails all of them; noise rarely lasts through three."""

LATER = 60.0
"""Seconds, at least, between a claim's last attempt and one more at the end of the
measuring phase (see [`run_jobs`][measured.measuring.run_jobs]): a slowdown of the
whole machine that lasted a minute outlived three attempts back to back."""

SHORT_RUNS = 4
"""Runs the shorter program of a comparison gets in one retry, at most: as many as fit
in one run of the longer."""

WAITING_AT_ONCE = 3 * len(os.sched_getaffinity(0))
"""Jobs of waiting programs run side by side (a group of claims that share a snippet,
an output check, or a timeline): three per core this process may use. Each job runs
one program at a time, and the programs sleep on timers and sockets and need the CPU
mostly to start, so six share two cores; on one core (`taskset -c 0`), three do."""


class Turns:
    """When a run may start, among one engine's runs: a program's first run side by
    side with other first runs, and any later one (a retry, or a repeat of a
    comparison's short program) alone.

    A later run exists because an earlier one was outside its bounds or printed
    something else, or to give a comparison's short program the same span of load as
    the long one; the runs beside it would be load this engine adds. So it waits
    until the engine's runs in progress end, and no new run starts until it has
    ended. Turns order one engine's runs only: under pytest-xdist each worker has an
    engine of its own, and a retry there runs beside the other workers' tests. The
    claims are measured in one process, in the first phase of `make test`.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._side_by_side = 0
        self._alone = False
        self._waiting = 0  # for a turn alone; new runs side by side wait for them

    @contextlib.contextmanager
    def side_by_side(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._alone and not self._waiting)
            self._side_by_side += 1
        try:
            yield
        finally:
            with self._changed:
                self._side_by_side -= 1
                self._changed.notify_all()

    @contextlib.contextmanager
    def alone(self) -> Iterator[None]:
        with self._changed:
            self._waiting += 1
            self._changed.wait_for(lambda: not self._alone and not self._side_by_side)
            self._waiting -= 1
            self._alone = True
        try:
            yield
        finally:
            with self._changed:
                self._alone = False
                self._changed.notify_all()


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


def retry_may_help(verdict: Verdict) -> bool:
    """Whether a claim outside its bounds may be noise, by its kind's direction.

    `up`: noise only raises the value (a time, a peak of memory), so only a value
    above the upper bound is tried again. `down`: noise only lowers it (cores kept
    busy). `both`: a comparison of two programs, either of which noise may slow.
    A bound over `cpus` may also be off because the load changed between measuring
    the free cores and the run, so such a claim is always tried again.
    """
    if verdict.claim.uses_cpus:
        return True  # the free cores are measured anew before the retry
    noise = KINDS[verdict.claim.kind].noise
    if noise == "up":
        return verdict.value > verdict.high
    if noise == "down":
        return verdict.value < verdict.low
    return True


class Engine:
    """Runs snippets for figures and output checks, and keeps every run it made.

    Args:
        root: The repository root.
        settings: How each snippet runs, by name (usually `Project.settings`).
        store: Write runs, checks and verdicts under `.measurements/` for the build.
        reuse: Reuse runs from earlier sessions whose inputs have not changed
            (never in CI: there, everything is measured afresh).
        suite: Share runs with the other sessions of this run of the suite (the
            phases of `make test`), under `.measurements/suite/<suite>/`.
        run: How to run one snippet (the runner; harness tests pass their own).
        cores: How to measure free cores ([`free_cores`][measured.measuring.free_cores]).
        later: Seconds, at least, between a claim's last attempt and its attempt
            at the end of the phase ([`LATER`][measured.measuring.LATER]).
    """

    def __init__(
        self,
        root: Path,
        settings: Callable[[str], RunSettings],
        store: bool = True,
        reuse: bool = False,
        run: Callable[..., Run] = run_snippet,
        cores: Callable[..., float] = free_cores,
        suite: str | None = None,
        later: float = LATER,
    ) -> None:
        self.root = root
        self.later = later
        self.suite = suite
        self.settings = settings
        self.store = store
        self.reuse = reuse
        self._run = run
        self._cores = cores
        self._runs: dict[tuple[str, str], list[Run]] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()
        self._reused: set[tuple[str, str]] = set()
        self._hung: dict[str, str] = {}
        self._from_suite: set[tuple[str, str]] = set()
        self.recorded: list[str] = []
        """What recording (`check_output(update=True)`) wrote or removed."""
        self.turns = Turns()
        self._started: dict[tuple[str, ...], int] = {}
        self.verdicts: dict[str, Verdict | ContributorError] = {}

    # --- one snippet ---------------------------------------------------------------

    def _lock(self, key: tuple[str, str]) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def runs(self, snippet: str, python: Interpreter) -> list[Run]:
        """Every run of `snippet` on `python` made (or reused) this session."""
        return list(self._runs.get((snippet, python.path), []))

    @contextlib.contextmanager
    def _turn(
        self, key: tuple[str, ...], kept: int = 0, beside: bool = False
    ) -> Iterator[None]:
        """A turn for a run of `key` (see [`Turns`][measured.measuring.Turns]): side by
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
        turn alone (see [`Turns`][measured.measuring.Turns]), unless `beside`.
        `before` is done in the run's turn, just before the program starts (the
        spinners of [`free_cores`][measured.measuring.free_cores]).

        A snippet that hung is remembered (for this suite's other workers too)."""
        settings = self.settings(snippet)
        key = (snippet, python.path)
        with self._turn(key, kept=len(self._runs.get(key, [])), beside=beside):
            if before is not None:
                before()
            try:
                run = self._run(self.root, snippet, settings, python=python.path)
            except SnippetTimeout:
                self._mark_hung(snippet, python)
                raise
        check_run(run, settings)
        with self._guard:
            runs = self._runs.setdefault((snippet, python.path), [])
            runs.append(run)
            n = len(runs)
        if self.reuse:
            self._save(snippet, python, run)
        if self.suite:
            self._share(snippet, python, run, n)
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
        output check, or reused from an earlier session for the first), else a new
        one. Attempt `n` of anything uses run `n`, so no run is made twice.

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
        key = (snippet, python.path)
        hung = self._hung_on(snippet)
        if hung is not None and hung != python.version:
            raise HungElsewhere(
                f"snippets/{snippet}",
                f"not run on Python {python.version}: it hung on Python {hung} "
                "(see that test's message, with where it was)",
            )
        with self._lock(key):
            if fresh and key in self._reused:
                self._reused.discard(key)
                self._runs[key] = self._runs[key][1:]
            if not self._runs.get(key) and self.suite:
                shared = self._shared(snippet, python)
                if shared:
                    self._runs[key] = shared
                    self._from_suite.add(key)
            if not self._runs.get(key) and self.reuse and not fresh:
                cached = self._load(snippet, python)
                if cached is not None:
                    self._runs[key] = [cached]
                    self._reused.add(key)
            missing = n - len(self._runs.get(key, []))
            if beside and missing > 1:  # no retry: all at once
                with ThreadPoolExecutor(missing) as pool:
                    list(
                        pool.map(
                            lambda _: self.run(snippet, python, True), range(missing)
                        )
                    )
            while len(self._runs.get(key, [])) < n:
                self.run(snippet, python, beside=beside, before=before)
                before = None
            return self._runs[key][n - 1]

    def reused(self, snippet: str, python: Interpreter) -> str | None:
        """Where the first run of `snippet` on `python` came from, if this session
        did not make it: `.measurements/cache/` (an earlier session, with the same
        inputs) or `this suite's other phase`."""
        if (snippet, python.path) in self._reused:
            return f"{DIRECTORY}/cache/"
        if (snippet, python.path) in self._from_suite:
            return "this suite's other phase"
        return None

    @staticmethod
    def attempts(do: Callable[[int], T], first: int = 1) -> T:
        """The one retry loop, for every kind of check: `do(attempt)` for attempt 1,
        2, ..., until it returns, or until it fails in a way load cannot explain.

        Only a failure marked `load` gets another attempt: a printed time later than
        its tolerance, a word load can change (see
        [`load_could_explain`][measured.recordings.load_could_explain]), a timeout
        that fired elsewhere, a claim outside its bounds on the side load pushes
        it. An import error, a changed word, a leftover process, a missing
        recording fail at once. A hang gets one more run, not
        [`ATTEMPTS`][measured.measuring.ATTEMPTS]: each costs its whole timeout.
        `first`: the number of the first attempt; past `ATTEMPTS`, the loop makes
        that one attempt only (a claim's attempt at the end of the measuring phase).
        """
        attempt = first - 1
        while True:
            attempt += 1
            try:
                return do(attempt)
            except ContributorError as error:
                allowed = 2 if isinstance(error, SnippetTimeout) else ATTEMPTS
                if getattr(error, "load", False) and attempt < allowed:
                    continue
                if attempt == first or isinstance(error, _Outside):
                    raise
                raise _on_every_run(error, attempt) from None

    def check_output(
        self, snippet: str, python: Interpreter, update: bool = False
    ) -> Run:
        """Compare the snippet's output with its recording, one-sidedly for times.

        Load can change what a program prints: a printed time comes out late, a
        heartbeat misses its beat, debug mode reports a step that took over 0.1 s.
        Such a difference runs again (see [`attempts`][measured.measuring.Engine.attempts]),
        and passes on the first run that matches; any other fails at once.

        With `update`, the snippet runs twice (the second run side by side: it is
        no retry), and an output that differs between the two is refused with the
        lines that moved; the recording is rewritten only where its words changed or
        a time left its tolerance. Without it, runs of this session that differ in
        that way fail the check too.

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
            else:
                m = self._after_failures(snippet, python, n)
                run = self.nth_run(snippet, python, m)
            done = compare_output(self.root, run, settings, update=update)
            if done:
                self.recorded.append(done)
            return run

        try:
            run = self.attempts(attempt)
        except OutputChanged:
            self._stable(snippet, python, settings)  # the likelier cause, if so
            raise
        self._stable(snippet, python, settings)
        if self.store:
            record_check(self.root, run)
        return run

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

        return self.attempts(attempt)

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
        (snippet, Python), for [`run_jobs`][measured.measuring.run_jobs] to schedule
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
        """Run `snippet` under the event-loop tracer, writing its timeline to `trace`,
        and check its output as [`check_output`][measured.measuring.Engine.check_output]
        does, in the same retry loop."""
        settings = self.settings(snippet)

        def attempt(n: int) -> Run:
            with self._turn(("trace", snippet, python.path)):
                run = self._run(
                    self.root, snippet, settings, python=python.path, trace=trace
                )
            check_run(run, settings)
            compare_output(self.root, run, settings)
            return run

        return self.attempts(attempt)

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
        one retry loop ([`attempts`][measured.measuring.Engine.attempts]).

        A claim over `cpus` has its free cores measured in its first program's turn,
        just before that program starts, and makes runs of its own: its figure
        never comes from a run another claim made earlier, with the cores as they
        were then.

        Args:
            later: The one attempt more, `ATTEMPTS + 1`, that the end of the
                measuring phase gives a claim whose attempts all ended outside its
                bounds on the side noise pushes it (see
                [`later_attempt`][measured.measuring.Engine.later_attempt]); it
                goes on from the runs already made.
        """
        threads = claim.free_cores == "threads"
        cpus: list[float | None] = [None]
        runs: dict[str, Run] = {}
        asked = dict.fromkeys(claim.snippets, 0)  # this claim's nth run of each
        if later or claim.uses_cpus:  # after every run made so far (a run reused
            # from an earlier session does not count: a bound over cpus drops it)
            asked = {
                s: len(self.runs(s, python)) - ((s, python.path) in self._reused)
                for s in claim.snippets
            }
        # the first run of each program that this claim may judge
        own = dict(asked) if claim.uses_cpus else dict.fromkeys(claim.snippets, 0)
        if later and not claim.uses_cpus:
            runs = {s: self._best(claim, s, python) for s in claim.snippets}

        def free() -> None:  # in the program's turn, as the spinners are a run
            cpus[0] = self._cores(threads=threads)

        def attempt(n: int) -> Verdict:
            cpus[0] = None  # the load may have changed since the last attempt
            times = self._times_each(runs)
            for snippet in claim.snippets:  # alternating: A, B, A, B, ...
                for _ in range(times.get(snippet, 1)):
                    asked[snippet] += 1
                    m = self._after_failures(snippet, python, asked[snippet])
                    before = free if claim.uses_cpus and cpus[0] is None else None
                    self.nth_run(
                        snippet, python, m, fresh=claim.uses_cpus, before=before
                    )
                runs[snippet] = self._best(claim, snippet, python, own[snippet])
            if claim.uses_cpus and cpus[0] is None:  # no new run: measure now
                free()
            verdict = claim.check(runs, cpus=cpus[0], attempts=n)
            if not verdict.passed and retry_may_help(verdict):
                raise _Outside(verdict, last=n >= ATTEMPTS)
            return verdict

        try:
            return self.attempts(attempt, first=ATTEMPTS + 1 if later else 1)
        except _Outside as outside:
            return outside.verdict

    @staticmethod
    def later_attempt(verdict: Verdict) -> bool:
        """Whether a claim's verdict earns one more attempt at the end of the
        measuring phase: it failed on every attempt, on the side noise pushes it
        (a time too slow; a comparison either way). A slowdown of the whole machine
        can outlast attempts made back to back; a real regression fails this one
        too."""
        return (
            not verdict.passed
            and verdict.attempts == ATTEMPTS
            and retry_may_help(verdict)
        )

    def _after_failures(self, snippet: str, python: Interpreter, n: int) -> int:
        """Run `n`, or the next new run where earlier ones failed (a failed run is
        not kept, so there are fewer runs than attempts)."""
        return min(n, len(self.runs(snippet, python)) + 1)

    @staticmethod
    def _times_each(best: dict[str, Run]) -> dict[str, int]:
        """How many runs each program of a comparison gets in the next attempt: the
        shorter one as many as fit in one run of the longer, up to
        [`SHORT_RUNS`][measured.measuring.SHORT_RUNS]; one each on a first attempt."""
        if len(best) < 2:
            return {}
        short, long = sorted(best, key=lambda name: best[name].seconds)
        fit = best[long].seconds // max(best[short].seconds, 1e-3)
        return {short: int(min(SHORT_RUNS, max(1, fit)))}

    def measure_claims(
        self, claims: Iterable[Claim], python: Interpreter, alone: Callable[[str], bool]
    ) -> dict[str, Verdict | ContributorError]:
        """Measure every claim, scheduled so that nothing heavy runs beside a figure.

        Claims that share a snippet form a group, measured in order on one thread.
        Groups of waiting programs run side by side,
        [`WAITING_AT_ONCE`][measured.measuring.WAITING_AT_ONCE] at a time; then each
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
        [`run_jobs`][measured.measuring.run_jobs] to schedule with others; each
        puts its verdicts in `verdicts`. A group with claims that earn an attempt
        at the end of the phase ([`later_attempt`][measured.measuring.Engine.later_attempt])
        returns the job that makes it, due [`LATER`][measured.measuring.LATER] s
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
                if isinstance(verdict, Verdict) and self.later_attempt(verdict):
                    again.append(claim)
                self.verdicts[claim.id] = verdict
                if self.store and isinstance(verdict, Verdict):
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
        [`run_jobs`][measured.measuring.run_jobs] to schedule with others: heavy for a
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

    # --- sharing within one run of the suite -------------------------------------------

    def _hung_file(self, snippet: str) -> Path:
        name = snippet.replace("/", "__")
        return self.root / DIRECTORY / "suite" / str(self.suite) / "hung" / name

    def _mark_hung(self, snippet: str, python: Interpreter) -> None:
        with self._guard:
            self._hung.setdefault(snippet, python.version)
        if self.suite:  # the other workers of this suite, which check other Pythons
            path = self._hung_file(snippet)
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text(python.version)

    def _hung_on(self, snippet: str) -> str | None:
        """The Python `snippet` hung on in this suite, if it hung."""
        if snippet not in self._hung and self.suite:
            path = self._hung_file(snippet)
            if path.exists():
                return path.read_text() or None
        return self._hung.get(snippet)

    def _shared_dir(self, snippet: str, python: Interpreter) -> Path:
        name = f"{snippet.replace('/', '__')}@{self._key(snippet, python)}"
        return self.root / DIRECTORY / "suite" / str(self.suite) / name

    def _share(self, snippet: str, python: Interpreter, run: Run, n: int) -> None:
        directory = self._shared_dir(snippet, python)
        directory.mkdir(parents=True, exist_ok=True)
        temporary = directory / f".{n}.{os.getpid()}"
        temporary.write_text(json.dumps(dataclasses.asdict(run)))
        temporary.replace(directory / f"{n}.json")

    def _shared(self, snippet: str, python: Interpreter) -> list[Run]:
        """The runs another session of this suite made, in order."""
        directory = self._shared_dir(snippet, python)
        runs = []
        for n in range(1, len(list(directory.glob("*.json"))) + 1):
            path = directory / f"{n}.json"
            if not path.exists():
                break
            runs.append(_read_run(path))
        return runs

    # --- reuse across sessions (local only) ------------------------------------------

    def _key(self, snippet: str, python: Interpreter) -> str:
        digest = hashlib.sha256()
        digest.update(repr(self.settings(snippet)).encode())
        digest.update(python.path.encode())
        digest.update(interpreter_identity(python.path).encode())
        digest.update((self.root / "snippets" / snippet).read_bytes())
        digest.update(harness_identity(self.root).encode())
        return digest.hexdigest()[:24]

    def _cache_path(self, snippet: str, python: Interpreter) -> Path:
        name = f"{snippet.replace('/', '__')}@{self._key(snippet, python)}.json"
        return self.root / DIRECTORY / "cache" / name

    def _save(self, snippet: str, python: Interpreter, run: Run) -> None:
        path = self._cache_path(snippet, python)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(dataclasses.asdict(run)))
        temporary.replace(path)

    def _load(self, snippet: str, python: Interpreter) -> Run | None:
        path = self._cache_path(snippet, python)
        if not path.exists():
            return None
        return _read_run(path)


class HungElsewhere(SnippetTimeout):
    """The snippet hung on another Python of this suite, so it is not run again."""

    load = False


class _Outside(ContributorError):
    """A claim's figure outside its bounds on the side load pushes it: another
    attempt may pass (the verdict is kept, to return after the last)."""

    def __init__(self, verdict: Verdict, last: bool) -> None:
        super().__init__(verdict.claim.page, "outside its bounds", verdict.claim.line)
        self.verdict = verdict
        self.load = not last


def _on_every_run(error: ContributorError, runs: int) -> ContributorError:
    """The error of a snippet that failed the same way on every attempt, saying so."""
    if isinstance(error, OutputChanged):
        how = "late" if isinstance(error, OutputLate) else "different"
        prefix = f"{how} on all {runs} runs"
    else:
        prefix = f"on all {runs} runs" if runs > 2 else "on both runs"
    again = type(error)(error.path, f"{prefix}: {error.message}", error.line)
    again.load = getattr(error, "load", False)
    return again


def forget_old_suites(root: Path, hours: float = 6.0) -> None:
    """Delete the shared runs of earlier runs of the suite (those untouched for
    `hours`; a suite running beside this one keeps its own)."""
    for directory in (root / DIRECTORY / "suite").glob("*"):
        if time.time() - directory.stat().st_mtime > hours * 3600:
            shutil.rmtree(directory, ignore_errors=True)


def _read_run(path: Path) -> Run:
    data: dict[str, Any] = json.loads(path.read_text())
    data["left_behind"] = tuple(data["left_behind"])
    return Run(**data)


@dataclasses.dataclass(frozen=True)
class Job:
    """One piece of measuring work: a group of claims, an output check, or a trace.

    `heavy` jobs hold a CPU-bound program (`alone: true`), or one compared with a
    CPU-bound program (`alone` applies to a snippet's whole group), and run by
    themselves. `do` may return a job for the end of the phase (a claim's later
    attempt), which starts no sooner than its `due` (on the `time.monotonic`
    clock)."""

    heavy: bool
    do: Callable[[], Job | None]
    due: float = 0.0


def run_jobs(jobs: Iterable[Job]) -> None:
    """Do every job, whatever made it: the light ones side by side,
    [`WAITING_AT_ONCE`][measured.measuring.WAITING_AT_ONCE] at a time (a later run of
    a program pauses them, see [`Turns`][measured.measuring.Turns]), then each heavy
    one by itself, in the order given, with nothing else running; then, by
    themselves too, the jobs those returned for the end of the phase, each once it
    is due (a claim that failed every attempt on the side noise pushes it gets one
    more, at least [`LATER`][measured.measuring.LATER] s after its last).

    The first phase of `make test` hands all its claims, output checks and traces
    to one call, so that waiting programs of every kind share the pool, instead of
    one kind of job waiting for the heavy ones of another to end.

    A job that raises does not stop the others: every job runs, and the first
    error is raised at the end."""
    errors: list[BaseException] = []
    later: list[Job] = []

    def do(job: Job) -> None:
        time.sleep(max(0.0, job.due - time.monotonic()))
        try:
            after = job.do()
        except Exception as error:  # raised after the rest have run
            errors.append(error)
            return
        if after is not None:
            later.append(after)

    jobs = list(jobs)
    with ThreadPoolExecutor(WAITING_AT_ONCE) as pool:
        list(pool.map(do, [job for job in jobs if not job.heavy]))
    for job in jobs:
        if job.heavy:
            do(job)
    for job in sorted(later, key=lambda job: job.due):
        do(job)
    if errors:
        raise errors[0]


def trace_file(directory: Path, snippet: str) -> Path:
    """Where [`Engine.trace_jobs`][measured.measuring.Engine.trace_jobs] write the
    timeline of `snippet`."""
    return directory / f"{snippet.replace('/', '__')}.json"


def group_claims(claims: Iterable[Claim]) -> list[list[Claim]]:
    """Claims that share a snippet, in groups: each group is measured on one thread,
    so a snippet's runs are never made by two claims at once."""
    groups: list[tuple[set[str], list[Claim]]] = []
    for claim in claims:
        touching = [g for g in groups if g[0] & set(claim.snippets)]
        merged: tuple[set[str], list[Claim]] = (set(claim.snippets), [claim])
        for group in touching:
            groups.remove(group)
            merged[0].update(group[0])
            merged[1][:0] = group[1]
        groups.append(merged)
    return [members for _, members in groups]


_IDENTITIES: dict[str, str] = {}


def interpreter_identity(python: str) -> str:
    """The interpreter's full version and build, for cache keys."""
    if python not in _IDENTITIES:
        _IDENTITIES[python] = subprocess.run(
            [python, "-I", "-c", "import sys; print(sys.version)"],
            capture_output=True,
            text=True,
        ).stdout
    return _IDENTITIES[python]


@functools.cache
def harness_identity(root: Path) -> str:
    """A digest of the harness and the lock: a change to either re-measures all."""
    digest = hashlib.sha256()
    for path in sorted((root / "measured").glob("*.py")):
        digest.update(path.read_bytes())
    lock = root / "requirements.lock"
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()

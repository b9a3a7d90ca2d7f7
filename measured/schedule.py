"""When each program runs, and how often: the one schedule of the measuring.

The [measuring engine][measured.measuring] says what to run for a figure, an output
check, a timeline or an exercise; this module decides when those runs happen and how
many each gets. Its rules rest on one fact about noise: **load only adds time.**

- **How often.** [`attempts`][measured.schedule.attempts] is the one retry loop, for
  every kind of check: only a failure that load could explain (a time too slow, a
  printed time late, a word or an exit code that timing decides) gets another
  attempt, up to [`ATTEMPTS`][measured.schedule.ATTEMPTS] in all; a hang gets one
  more; anything else fails on its first run. A claim still outside its bounds on the
  side noise pushes it gets one attempt more at the end of the phase, at least
  [`LATER`][measured.schedule.LATER] s after its last. On a comparison's retry the
  shorter program runs as often as fits in one run of the longer
  ([`times_each`][measured.schedule.times_each]), so both meet the same span of load.
- **When.** Work comes as [`Job`][measured.schedule.Job]s (a group of claims that
  share a snippet, an output check, a trace), and
  [`run_jobs`][measured.schedule.run_jobs] runs every kind together: waiting programs
  side by side, [`WAITING_AT_ONCE`][measured.schedule.WAITING_AT_ONCE] at a time,
  then each CPU-bound one alone, then the later attempts once due. Within that,
  [`Turns`][measured.schedule.Turns] gives a program's first run a turn side by side
  and any later run (a retry) a turn alone.
- **What runs together.** Claims that share a snippet form one group
  ([`group_claims`][measured.schedule.group_claims]), measured in order on one
  thread, so no snippet's runs are made by two claims at once.
- **Which runner.** CI shares the measuring phase out over runners
  (`--shard K/N`), whole pages each, by what each test costs
  ([`cost`][measured.schedule.cost]): its programs' times, from the committed
  `tests/durations.json` (`make durations` writes it after a measuring run).
- **Which phase.** The measuring phase (`make test-measure`, first in `make test`)
  runs with nothing heavy beside it: every claim and timeline, and the output
  checks that load could change ([`measured_first`][measured.schedule.measured_first]).
  The check phase runs the rest across workers, beside the site's build and the
  browser.

What ran is kept by [`measured.store`][]; what a run means for a claim or a recording
is [`measured.claims`][]' and [`measured.recordings`][]'.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import re
import statistics
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from measured.errors import ContributorError
from measured.recordings import TIME, OutputChanged, OutputLate
from measured.runner import SnippetTimeout

if TYPE_CHECKING:
    from measured.claims import Claim, Verdict
    from measured.interpreters import Interpreter
    from measured.measuring import Engine
    from measured.project import Project
    from measured.runner import Run

T = TypeVar("T")

ATTEMPTS = 3
"""Runs a snippet gets for one figure or one output check, at most. A real
regression fails all of them; noise rarely lasts through three."""

LATER = 60.0
"""Seconds, at least, between a claim's last attempt and one more at the end of the
measuring phase (see [`run_jobs`][measured.schedule.run_jobs]): a slowdown of the
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


def attempts(do: Callable[[int], T], first: int = 1) -> T:
    """The one retry loop, for every kind of check: `do(attempt)` for attempt 1,
    2, ..., until it returns, or until it fails in a way load cannot explain.

    Only a failure marked `load` gets another attempt: a printed time later than
    its tolerance, a word load can change (see
    [`load_could_explain`][measured.recordings.load_could_explain]), a timeout
    that fired elsewhere, a claim outside its bounds on the side load pushes
    it. An import error, a changed word, a leftover process, a missing
    recording fail at once. A hang gets one more run, not
    [`ATTEMPTS`][measured.schedule.ATTEMPTS]: each costs its whole timeout.
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
            if attempt == first or isinstance(error, Outside):
                raise
            raise _on_every_run(error, attempt) from None


def retry_may_help(verdict: Verdict) -> bool:
    """Whether a claim outside its bounds may be noise, by its kind's direction.

    `up`: noise only raises the value (a time, a peak of memory), so only a value
    above the upper bound is tried again. `down`: noise only lowers it (cores kept
    busy). `both`: a comparison of two programs, either of which noise may slow.
    A bound over `cpus` may also be off because the load changed between measuring
    the free cores and the run, so such a claim is always tried again.
    """
    from measured.claims import KINDS  # claims' kinds say which way noise pushes

    if verdict.claim.uses_cpus:
        return True  # the free cores are measured anew before the retry
    noise = KINDS[verdict.claim.kind].noise
    if noise == "up":
        return verdict.value > verdict.high
    if noise == "down":
        return verdict.value < verdict.low
    return True


def later_attempt(verdict: Verdict) -> bool:
    """Whether a claim's verdict earns one more attempt at the end of the
    measuring phase: it failed on every attempt, on the side noise pushes it
    (a time too slow; a comparison either way). A slowdown of the whole machine
    can outlast attempts made back to back; a real regression fails this one
    too."""
    return (
        not verdict.passed and verdict.attempts == ATTEMPTS and retry_may_help(verdict)
    )


class Outside(ContributorError):
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
    [`WAITING_AT_ONCE`][measured.schedule.WAITING_AT_ONCE] at a time (a later run of
    a program pauses them, see [`Turns`][measured.schedule.Turns]), then each heavy
    one by itself, in the order given, with nothing else running; then, by
    themselves too, the jobs those returned for the end of the phase, each once it
    is due (a claim that failed every attempt on the side noise pushes it gets one
    more, at least [`LATER`][measured.schedule.LATER] s after its last).

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


def times_each(best: dict[str, Run]) -> dict[str, int]:
    """How many runs each program of a comparison gets in the next attempt: the
    shorter one as many as fit in one run of the longer, up to
    [`SHORT_RUNS`][measured.schedule.SHORT_RUNS]; one each on a first attempt."""
    if len(best) < 2:
        return {}
    short, long = sorted(best, key=lambda name: best[name].seconds)
    fit = best[long].seconds // max(best[short].seconds, 1e-3)
    return {short: int(min(SHORT_RUNS, max(1, fit)))}


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


def phase_jobs(
    engine: Engine,
    *,
    traces: Iterable[str],
    trace_python: Interpreter,
    directory: Path,
    claims: dict[Interpreter, list[Claim]],
    checks: Iterable[tuple[str, Interpreter]],
    alone: Callable[[str], bool],
    traced: dict,
    checked: dict,
) -> list[Job]:
    """The measuring phase's work, every kind in one list, for one
    [`run_jobs`][measured.schedule.run_jobs], in the order its jobs start:

    1. the traces for the timelines (on `trace_python`), into `traced`: queued
       last, a 3 s trace kept the pool busy for seconds after every other waiting
       job had ended (a heavy trace, if a page ever draws one, then runs before
       the heavy claims);
    2. the claims, by the Python each is measured on: a claim's job comes before
       the output checks of its snippets (both are heavy or both light, as `alone`
       applies to a group), so an output check reuses the claim's runs, and a claim
       over `cpus` does not judge a run made before it measured the free cores;
    3. the output checks, into `checked`.
    """
    jobs = engine.trace_jobs(traces, trace_python, directory, alone, traced)
    jobs += [
        job
        for python, group in claims.items()
        for job in engine.claim_jobs(group, python, alone)
    ]
    jobs += engine.check_jobs(checks, alone, checked)
    return jobs


# --- which phase ----------------------------------------------------------------------

DEBUG_IN_SOURCE = re.compile(r"IsolatedAsyncioTestCase|debug=True|set_debug\(True\)")
"""Code that turns on asyncio's debug mode itself: unittest's async test case runs
each test on a loop in debug mode (in the check phase, a step of 0.11 s was reported)."""


def measured_first(project: Project, snippet: str) -> bool:
    """Whether the snippet's output checks run in the measuring phase, with nothing
    heavy beside them: those whose output load could change beyond the tolerance on
    printed times.

    - A CPU-bound snippet (`alone`) that prints times.
    - One in asyncio's debug mode (by flag, environment or its own code), which
      reports any step that happens to take over 0.1 s.
    - An exercise's starter and solution: their runs there are the ones their proof
      judges against the goal's time (in the check phase, a solution of 1.0 s took
      1.6 s on each of its three runs).
    """
    settings = project.settings(snippet)
    source = project.root / "snippets" / snippet
    debug = (
        "dev" in settings.flags
        or "PYTHONASYNCIODEBUG" in settings.env
        or bool(DEBUG_IN_SOURCE.search(source.read_text()))
    )
    exercised = {
        name
        for page in project.pages
        for exercise in page.exercises.values()
        for name in (exercise.starter, exercise.solution)
    }
    return (
        debug
        or (project.alone(snippet) and _prints_times(source))
        or snippet in exercised
    )


def _prints_times(source: Path) -> bool:
    """Whether any recording of the snippet prints a time, which load could delay."""
    return any(
        TIME.search(path.read_text())
        for path in source.parent.glob(f"{source.stem}.*out")
    )


# --- which runner -------------------------------------------------------------------

DURATIONS = "tests/durations.json"
"""Each snippet's usual wall time, in seconds, for dealing the measuring out over
CI's runners; committed, so that every runner deals the same shares. `make
durations` rewrites it from the runs of the last measuring phase."""

LIGHT = 1 / 6
"""What a second of a waiting program costs the phase: it runs beside five others
(the pool of [`WAITING_AT_ONCE`][measured.schedule.WAITING_AT_ONCE] on two cores). A
fixed figure, not the pool of this machine: every runner must deal the same shares."""


@functools.cache
def _durations(root: Path) -> dict[str, float]:
    path = root / DURATIONS
    return json.loads(path.read_text()) if path.exists() else {}


def cost(project: Project, snippets: Iterable[str]) -> float:
    """The seconds the measuring phase spends on a test that runs `snippets` once
    each: a CPU-bound one's whole time (it runs alone), a sixth of a waiting one's
    ([`LIGHT`][measured.schedule.LIGHT]). A snippet not in
    [`DURATIONS`][measured.schedule.DURATIONS] (a new one) costs the median."""
    known = _durations(project.root)
    usual = statistics.median(known.values()) if known else 1.0
    return sum(
        known.get(snippet, usual) * (1.0 if project.alone(snippet) else LIGHT)
        for snippet in snippets
    )


def write_durations(root: Path) -> Path:
    """Write [`DURATIONS`][measured.schedule.DURATIONS] from the runs of the last run
    of the suite here: each snippet's median wall time, to a tenth of a second.

    A snippet that did not run there keeps its figure from the file, while its
    program still exists: a run reused from the local cache leaves no new time,
    and dropping it would deal it out as a new snippet (the median)."""
    from measured.measurements import DIRECTORY
    from measured.store import run_seconds

    suites = sorted(
        (root / DIRECTORY / "suite").glob("*"), key=lambda p: p.stat().st_mtime
    )
    if not suites:
        raise SystemExit("no runs kept here: run `make test-measure` first")
    seconds = run_seconds(suites[-1:])
    path = root / DURATIONS
    before = json.loads(path.read_text()) if path.exists() else {}
    kept = {
        name: figure
        for name, figure in before.items()
        if name not in seconds and (root / "snippets" / name).exists()
    }
    measured = {name: round(statistics.median(s), 1) for name, s in seconds.items()}
    path.write_text(
        json.dumps(dict(sorted({**kept, **measured}.items())), indent=1) + "\n"
    )
    return path


if __name__ == "__main__":  # `make durations`
    print(f"wrote {write_durations(Path.cwd())}")

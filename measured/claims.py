"""Claims: a sentence a reader could check with a stopwatch, and the check itself.

A page declares its claims once, in its front matter, and places each one in its
prose with `{{ claim("id") }}`. The sentence readers see and the bound the suite
checks come from the same declaration, so they cannot drift apart.

```yaml
claims:
  - id: overlap-takes-longest-wait
    snippet: basics/overlap.py
    says: The program takes about 3 s, as long as its longest wait.
    seconds: [3.0, 3.4]
    because: 3.0 s is the longer sleep; 0.4 s covers start-up and scheduling.
  - id: processes-scale-with-cores
    snippet: basics/cpu_processes.py
    baseline: basics/cpu_coroutines.py
    speedup: ["0.7 * min(4, cpus)", "1.15 * min(4, cpus)"]
    says: ...
    because: ...
```

Each claim has exactly one *kind* key, which holds its bounds `[low, high]`. The
kinds are in [`KINDS`][measured.claims.KINDS]; adding one is adding an entry there.
A bound is a number or an arithmetic expression over `cpus`, with `min` and `max`.
`cpus` is the number of cores free to the snippet, measured just before its run by
[`free_cores`][measured.measuring.free_cores]: `os.cpu_count()` on an idle machine, fewer
when other programs keep cores busy. Where it was not measured (a build without
figures), it is `os.cpu_count()`. A claim on threads that take turns on the GIL
says `free_cores: threads`, and `cpus` is then measured with such threads (see
`free_cores`): beside busy programs they get less than a free process would.
"""

from __future__ import annotations

import ast
import operator
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measured.errors import ContributorError
from measured.runner import Run
from measured.settings import did_you_mean, key_line


@dataclass(frozen=True)
class Kind:
    """One way of checking a claim.

    Attributes:
        key: The front-matter key that holds the bounds, such as `seconds`.
        unit: How a value is written, as a format string (`"{:.2f} s"`).
        needs_baseline: Whether the claim compares its snippet with a `baseline`.
        measure: Computes the claim's value from the snippet's run and, for
            comparisons, the baseline's run.
        meaning: What the value is, for contributors and the claims index.
        shows: What one program's run contributes, as the page writes it beside the
            figure (`3.09 s`, `41.2 MiB`).
        takes_per: Whether the claim may divide its value by `per:`, the number of
            units the snippet has more than its baseline (tasks, threads), to give
            the cost of one unit.
        noise: Which way a busy machine can push the value: `up` (a time, a peak of
            memory: only higher), `down` (cores kept busy: only lower) or `both` (a
            comparison of two programs, either of which may be slowed). The
            measuring engine tries again only a value that noise could explain.
        best: Orders one program's runs, best first: the run its figure keeps
            (the fastest, or for memory the smallest).
        widest: How far above the lower bound the upper may be, as a multiple of
            it, so that the claim can still fail (see
            [`Claim.cannot_fail`][measured.claims.Claim.cannot_fail]).
        allowance: Added to that, in the kind's unit: for `seconds`, the start-up
            and scheduling of a whole process, which a short program's floor
            does not cover.
    """

    key: str
    unit: str
    needs_baseline: bool
    measure: Callable[[Run, Run | None], float]
    meaning: str
    shows: Callable[[Run], str] = lambda run: f"{run.seconds:.2f} s"
    takes_per: bool = False
    noise: str = "both"
    best: Callable[[Run], float] = lambda run: run.seconds
    widest: float = 4.0
    allowance: float = 0.0


def _mib(run: Run) -> str:
    return f"{run.peak_rss_kib / 1024:.1f} MiB"


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            "seconds",
            "{:.2f} s",
            False,
            lambda run, _: run.seconds,
            "wall time of the snippet's whole process",
            noise="up",
            widest=2.0,
            allowance=0.5,
        ),
        Kind(
            "speedup",
            "{:.2f}×",
            True,
            lambda run, base: base.seconds / run.seconds,  # type: ignore[union-attr]
            "baseline's wall time divided by the snippet's, measured in the same run",
        ),
        Kind(
            "ratio",
            "{:.2f}×",
            True,
            lambda run, base: run.seconds / base.seconds,  # type: ignore[union-attr]
            "snippet's wall time divided by the baseline's, measured in the same run",
        ),
        Kind(
            "peak_mib",
            "{:.1f} MiB",
            False,
            lambda run, _: run.peak_rss_kib / 1024,
            "peak resident memory of the snippet's whole process, in MiB, as "
            "`/usr/bin/time -v` reports it",
            shows=_mib,
            noise="up",
            best=lambda run: run.peak_rss_kib,
            widest=2.0,
        ),
        Kind(
            "extra_kib",
            "{:,.1f} KiB",
            True,
            lambda run, base: run.peak_rss_kib - base.peak_rss_kib,  # type: ignore[union-attr]
            "snippet's peak resident memory minus the baseline's, in KiB (divided by "
            "`per` when given: the memory of one unit)",
            shows=_mib,
            takes_per=True,
            best=lambda run: run.peak_rss_kib,
        ),
        Kind(
            "extra_us",
            "{:,.1f} µs",
            True,
            lambda run, base: (run.seconds - base.seconds) * 1e6,  # type: ignore[union-attr]
            "snippet's wall time minus the baseline's, in microseconds (divided by "
            "`per` when given: the time of one unit)",
            takes_per=True,
        ),
        Kind(
            "extra_seconds",
            "{:.2f} s",
            True,
            lambda run, base: run.seconds - base.seconds,  # type: ignore[union-attr]
            "snippet's wall time minus the baseline's, in seconds: what a wait "
            "adds, with start-up cancelled out",
        ),
        Kind(
            "cores",
            "{:.2f} cores",
            False,
            lambda run, _: run.cpu_seconds / run.seconds,
            "CPU time of the snippet's process and its waited-for children, divided "
            "by its wall time: how many cores it kept busy on average",
            shows=lambda run: f"{run.cpu_seconds:.2f} s of CPU in {run.seconds:.2f} s",
            noise="down",
            widest=2.0,
        ),
    ]
}
"""Every kind of claim the harness knows, by the front-matter key that selects it."""

COMMON_KEYS = (
    "id",
    "snippet",
    "baseline",
    "per",
    "free_cores",
    "says",
    "because",
    "guard",
)
FREE_CORES = ("processes", "threads")
"""How `cpus` may be measured: with one process per core, or with threads that share
the GIL (`free_cores:` on a claim; processes unless it says otherwise)."""

CPUS = re.compile(r"\bcpus\b")

BOUNDS_RULE = "docs/contributing/index.md#bounds-that-can-fail"
"""Where the contributing guide states the rule that
[`Claim.cannot_fail`][measured.claims.Claim.cannot_fail] checks."""

CPUS_CHECKED = (1, 2, 3, 4, 6, 8, 16, 64)
"""The free cores a bound over `cpus` is checked with: it must hold on any machine."""

_OPERATORS: dict[type, Callable[..., float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.USub: operator.neg,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {"min": min, "max": max}


def evaluate_bound(bound: int | float | str, cpus: float) -> float:
    """Evaluate a bound: a number, or arithmetic over `cpus` with `min` and `max`.

    >>> evaluate_bound("0.7 * min(4, cpus)", cpus=2)
    1.4

    Raises:
        ValueError: The expression uses anything else.
    """
    if isinstance(bound, bool):
        raise ValueError(f"{bound!r} is not a number")
    if isinstance(bound, int | float):
        return float(bound)

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id == "cpus":
            return float(cpus)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.operand))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCTIONS
            and not node.keywords
        ):
            return _FUNCTIONS[node.func.id](*(walk(arg) for arg in node.args))
        raise ValueError(f"{ast.unparse(node)!r} is not allowed in a bound")

    try:
        tree = ast.parse(str(bound), mode="eval")
    except SyntaxError as error:
        raise ValueError(f"{bound!r} is not an expression") from error
    return walk(tree.body)


@dataclass(frozen=True)
class Claim:
    """One claim, as declared in a page's front matter.

    Attributes:
        id: Unique on the site; the page places it with `{{ claim("id") }}`.
        page: The page that declares it, such as `docs/basics/what-is-async.md`.
        line: The line of the declaration in that page.
        snippet: The snippet measured, such as `basics/overlap.py`.
        baseline: The snippet compared against, for comparison kinds.
        kind: The kind of check, a key of [`KINDS`][measured.claims.KINDS].
        bounds: The declared `[low, high]`, as written (numbers or expressions),
            for one unit when `per` is given.
        per: For kinds that take it, how many units (tasks, threads) the snippet has
            more than its baseline; the value is divided by it.
        says: The sentence readers see.
        because: Why the bounds are what they are: the physical limit and the margin.
        free_cores: How `cpus` is measured for it, one of
            [`FREE_CORES`][measured.claims.FREE_CORES].
        guard: Why the upper bound is far above the lower: it only stops a hang,
            and the lower bound is what the claim checks. The page shows it.
        bounds_line: The line of the bounds' key (`seconds:`) in the page.
    """

    id: str
    page: str
    line: int
    snippet: str
    baseline: str | None
    kind: str
    bounds: tuple[int | float | str, int | float | str]
    says: str
    because: str
    per: int | None = None
    free_cores: str = "processes"
    guard: str | None = None
    bounds_line: int = 0

    @classmethod
    def from_mapping(cls, data: Any, page: str, line: int) -> Claim:
        """Read one claim from front matter; a mistake names the page and line."""

        def fail(message: str, key: Any = None) -> ContributorError:
            """The mistake, on the line of `key` where it is about one key."""
            return ContributorError(page, message, key_line(data, key, line))

        if not isinstance(data, Mapping):
            raise fail("a claim must be a mapping with id, snippet, says and because")
        unknown = sorted(set(data) - set(COMMON_KEYS) - set(KINDS), key=str)
        if unknown:
            suggestion = did_you_mean(unknown, [*COMMON_KEYS, *KINDS])
            raise fail(
                f"unknown claim key {', '.join(map(repr, unknown))}{suggestion}; known keys are "
                f"{', '.join(COMMON_KEYS)} and one kind of {', '.join(KINDS)}",
                min(unknown, key=lambda key: key_line(data, key, line) or 0),
            )
        for key in ("id", "snippet", "says", "because"):
            if not str(data.get(key) or "").strip():
                raise fail(f"the claim needs `{key}`", key)
        for key in ("id", "snippet", "baseline", "says", "because", "guard"):
            if key in data and not isinstance(data[key], str):
                raise fail(
                    f"claim key `{key}` must be a string, not {data[key]!r}", key
                )
        kinds = [key for key in KINDS if key in data]
        if len(kinds) != 1:
            raise fail(f"a claim needs exactly one of {', '.join(KINDS)}")
        kind = KINDS[kinds[0]]
        if kind.needs_baseline != ("baseline" in data):
            need = "needs" if kind.needs_baseline else "takes no"
            raise fail(f"a `{kind.key}` claim {need} `baseline`", kind.key)
        per = data.get("per")
        if per is not None and (
            not kind.takes_per
            or isinstance(per, bool)
            or not isinstance(per, int)
            or per < 1
        ):
            takers = ", ".join(k.key for k in KINDS.values() if k.takes_per)
            raise fail(
                f"`per` must be a whole number of at least 1, on a claim of kind {takers}",
                "per",
            )
        bounds = data[kind.key]
        if (
            not isinstance(bounds, list | tuple)
            or len(bounds) != 2
            or not all(
                isinstance(bound, int | float | str) and not isinstance(bound, bool)
                for bound in bounds
            )
        ):
            raise fail(
                f"`{kind.key}` must be a list of two bounds, [low, high], each a "
                f"number or an expression over cpus, not {bounds!r}",
                kind.key,
            )
        free_cores = data.get("free_cores", "processes")
        if free_cores not in FREE_CORES:
            raise fail(
                f"`free_cores` must be {' or '.join(FREE_CORES)}, not {free_cores!r}",
                "free_cores",
            )
        claim = cls(
            id=str(data["id"]),
            page=page,
            line=line,
            snippet=str(data["snippet"]),
            baseline=str(data["baseline"]) if "baseline" in data else None,
            kind=kind.key,
            bounds=(bounds[0], bounds[1]),
            says=str(data["says"]).strip(),
            because=str(data["because"]).strip(),
            per=per,
            free_cores=free_cores,
            guard=str(data["guard"]).strip() if "guard" in data else None,
            bounds_line=key_line(data, kind.key, line) or line,
        )
        try:
            low, high = claim.limits()
        except ValueError as error:
            raise fail(f"bad bound in `{kind.key}`: {error}", kind.key) from None
        if "free_cores" in data and not claim.uses_cpus:
            raise fail(
                "`free_cores` says how `cpus` is measured, but no bound uses cpus",
                "free_cores",
            )
        if not 0 <= low < high:
            raise fail(
                f"bounds of `{kind.key}` are inverted or empty: low {low:g} must be "
                f"at least 0 and below high {high:g}",
                kind.key,
            )
        return claim

    def cannot_fail(self) -> str | None:
        """Why the bounds would pass an honest mistake, or None where they can fail.

        The rule, stated once in the contributing guide ([`BOUNDS_RULE`][measured.claims.BOUNDS_RULE]):
        the lower bound is above 0, and the upper bound is at most the kind's
        `widest` times the lower plus its `allowance`, for every number of free
        cores in [`CPUS_CHECKED`][measured.claims.CPUS_CHECKED]. A claim whose
        upper bound only stops a hang says so in `guard:` and is held to the lower
        bound alone.
        """
        kind = KINDS[self.kind]
        declared = f"`{self.kind}: [{self.bounds[0]}, {self.bounds[1]}]`"
        for cpus in CPUS_CHECKED if self.uses_cpus else (None,):
            low, high = self.limits(cpus)
            where = f" with cpus = {cpus}" if cpus else ""
            if low <= 0:
                plus = (
                    f" + {kind.unit.format(kind.allowance)}" if kind.allowance else ""
                )
                top = (
                    ""
                    if self.guard
                    else (
                        f", and the upper bound at most {kind.widest:g} × that floor{plus}"
                    )
                )
                return (
                    f"claim {self.id!r} cannot fail: {declared} has a lower bound of "
                    f"{low:g}{where}, which any figure passes; make it the floor the "
                    f"program cannot go below, derived from what it does{top} (the "
                    f"rule: {BOUNDS_RULE})"
                )
            most = kind.widest * low + kind.allowance
            if high > most and not self.guard:
                plus = (
                    f" + {kind.unit.format(kind.allowance)}" if kind.allowance else ""
                )
                return (
                    f"claim {self.id!r} cannot fail: {declared} has an upper bound of "
                    f"{kind.unit.format(high)}{where}, more than {kind.widest:g} × "
                    f"the lower{plus} = {kind.unit.format(most)}, so a program that "
                    "stopped doing what `says:` says would still pass; make it the "
                    "floor plus the margin `because:` states, or, where the upper "
                    "bound only stops a hang, say so in `guard:` (the rule: "
                    f"{BOUNDS_RULE})"
                )
        return None

    @property
    def uses_cpus(self) -> bool:
        """Whether a bound depends on `cpus`, so the run must measure the free cores."""
        return any(
            isinstance(bound, str) and CPUS.search(bound) for bound in self.bounds
        )

    def limits(self, cpus: float | None = None) -> tuple[float, float]:
        """The bounds as numbers, with `cpus` cores free (this machine's by default)."""
        cpus = cpus or os.cpu_count() or 1
        return evaluate_bound(self.bounds[0], cpus), evaluate_bound(
            self.bounds[1], cpus
        )

    @property
    def cpus_meaning(self) -> str:
        """What `cpus` stands for in this claim's bounds, in words."""
        if self.free_cores == "threads":
            return "the share of cores that threads taking turns on the GIL got"
        return "the cores free"

    @property
    def snippets(self) -> tuple[str, ...]:
        """The snippets this claim measures: its own, and its baseline if any."""
        return (
            (self.snippet,) if self.baseline is None else (self.snippet, self.baseline)
        )

    def describe_bounds(self, cpus: float | None = None) -> str:
        """The bounds in words, such as `3.00 s to 3.40 s` or `1.40× to 2.30×`.

        Args:
            cpus: The free cores measured for the run; without it, bounds over
                `cpus` are given for all of this machine's CPUs, and say so.
        """
        unit = KINDS[self.kind].unit
        low, high = self.limits(cpus)
        text = f"{unit.format(low)} to {unit.format(high)}"
        if self.per:
            text += " each"
        if self.uses_cpus:
            where = (
                f"cpus = {os.cpu_count() or 1}, this machine's CPUs"
                if cpus is None
                else f"cpus = {cpus:g}, {self.cpus_meaning} when it ran"
            )
            text += f" (from {self.bounds[0]} to {self.bounds[1]}, {where})"
        return text

    def check(
        self, runs: Mapping[str, Run], cpus: float | None = None, attempts: int = 1
    ) -> Verdict:
        """Judge the claim from `runs` (snippet name to its best run so far).

        Args:
            runs: The snippet's run and, for comparisons, the baseline's.
            cpus: The cores free when it was measured, for bounds over `cpus`.
            attempts: Which attempt of the measuring engine this is.
        """
        kind = KINDS[self.kind]
        run = runs[self.snippet]
        base = runs[self.baseline] if self.baseline else None
        value = kind.measure(run, base) / (self.per or 1)
        cpus = cpus if self.uses_cpus else None
        low, high = self.limits(cpus)
        passed = low <= value <= high
        return Verdict(self, value, low, high, passed, run, base, cpus, attempts)


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one claim in this run.

    Attributes:
        claim: The claim checked.
        value: Its measured figure, in the kind's unit.
        low: The lower bound, as a number, for this run.
        high: The upper bound, as a number, for this run.
        passed: Whether `low <= value <= high`.
        run: The snippet's run.
        baseline: The baseline's run, for comparison kinds.
        cpus: The free cores the bounds were computed with, for bounds over `cpus`.
        attempts: The measuring engine's attempts until this verdict: 1 when the
            first run of each program settled it.
        earlier: A comparison's figures on its earlier attempts, each from its own
            runs made back to back, first to last.
    """

    claim: Claim
    value: float
    low: float
    high: float
    passed: bool
    run: Run
    baseline: Run | None
    cpus: float | None = None
    attempts: int = 1
    earlier: tuple[float, ...] = ()

    @property
    def figure(self) -> str:
        """The measured value in the claim's unit, such as `3.01 s`."""
        each = " each" if self.claim.per else ""
        return KINDS[self.claim.kind].unit.format(self.value) + each

    def explain(self) -> str:
        """Why the claim failed, naming the page, the line and the snippets."""
        claim = self.claim
        shows = KINDS[claim.kind].shows
        timing = f"snippets/{claim.snippet}: {shows(self.run)}"
        if self.baseline is not None:
            timing += f"; baseline snippets/{claim.baseline}: {shows(self.baseline)}"
        if claim.per:
            timing += f"; divided by per = {claim.per:,}"
        unit = KINDS[claim.kind].unit
        if self.earlier:
            runs = (
                f"on the last of {self.attempts} attempts, each its own runs made "
                "back to back; before it: "
                + ", ".join(unit.format(value) for value in self.earlier)
            )
        elif self.attempts > 1:
            runs = f"best of all {self.attempts} attempts"
        elif KINDS[claim.kind].noise == "up" and self.value < self.low:
            runs = "on its first run; below the floor, where load cannot put it"
        else:
            runs = "on its first run"
        return (
            f"claim {claim.id!r} failed for snippets/{claim.snippet}: measured "
            f"{self.figure} ({runs}), outside "
            f"{claim.describe_bounds(self.cpus)} ({timing}).\n"
            f"  says: {claim.says}\n  because: {claim.because}\n"
            "  If the program still does what `says:` says, the bound may be wrong: "
            f"move it only by the rule ({BOUNDS_RULE}), never to fit one run."
        )


class ClaimFailed(ContributorError):
    """A claim's measured figure fell outside its bounds."""

    def __init__(self, verdict: Verdict):
        self.verdict = verdict
        super().__init__(
            Path(verdict.claim.page), verdict.explain(), verdict.claim.line
        )

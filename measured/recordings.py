"""Recordings: where a snippet's recorded output lives, and how a run is compared
with it.

Words must match exactly. A time the program prints (`1.1 s`, `250 ms`) matches
within a tolerance that is one-sided: load only ever makes a program later, so a
printed time may be up to `tolerance` seconds later than recorded (default
[`DEFAULT_TOLERANCE`][measured.settings.DEFAULT_TOLERANCE]), and at most one step of
its last printed digit earlier (the recording may have rounded up).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from measured.errors import ContributorError
from measured.interpreters import OLDEST, minor, version_key
from measured.runner import Run
from measured.settings import RunSettings


def update_hint(snippet: str) -> str:
    """How to record one snippet's output anew, and nothing else."""
    return (
        "if the new output is right, record it with "
        f"`.venv/bin/pytest --update-examples snippets/{snippet}`"
    )


class OutputChanged(ContributorError):
    """A snippet printed something other than its recording; the message is a diff.

    `load` says whether load could explain the difference (see
    [`load_could_explain`][measured.recordings.load_could_explain]): only then does
    the measuring engine run the snippet again."""

    load = False


class OutputLate(OutputChanged):
    """A snippet printed its recording's words, but a time later than the tolerance
    allows: what load does to an honest program, so the run may be tried again."""

    load = True


class OutputUnstable(OutputChanged):
    """A snippet printed something else on two runs with the same Python: no
    recording can hold its output."""


UNSTABLE_HINT = (
    "make it print the same on every run (the order of a set or dict, an id(), "
    "a time printed without a tolerance are the usual causes)"
)


def lines_that_moved(first: str, second: str, limit: int = 5) -> list[str]:
    """The lines where two outputs differ, as `  line 2: 'a' / 'b'` (first, second)."""
    a, b = first.splitlines(), second.splitlines()
    found = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            one = a[i1 + k] if i1 + k < i2 else "(nothing)"
            other = b[j1 + k] if j1 + k < j2 else "(nothing)"
            found.append(f"  line {min(i1 + k, len(a)) + 1}: {one!r} / {other!r}")
    return found[:limit] + (
        [f"  ... and {len(found) - limit} more"] if len(found) > limit else []
    )


def unstable(runs: list[Run], tolerance: float) -> OutputUnstable | None:
    """The error for runs of one snippet on one Python whose words differ in a way
    load cannot explain (the order of a set, an id()), or None.

    Neither run is the recording, so load may have turned either into the other:
    the first may be the one with debug mode's report of a slow step, or the one
    whose heartbeat kept every beat."""
    for first, second in itertools.pairwise(runs):
        mismatch = compare_times(first.output, second.output, tolerance)
        a, b = first.output, second.output
        if mismatch.words and not (
            load_could_explain(a, b) or load_could_explain(b, a)
        ):
            return OutputUnstable(
                f"snippets/{first.snippet}",
                f"printed something else on two runs with Python {first.python}, "
                f"so no recording can hold its output; {UNSTABLE_HINT}. The lines "
                "that moved (one run / another):\n"
                + "\n".join(lines_that_moved(first.output, second.output)),
            )
    return None


def scrambled(first: str, second: str) -> bool:
    """Whether two recordings differ only in the order of what their lines print,
    `{'a', 'b'}` against `{'b', 'a'}`: a set's or a dict's order, which changes from
    run to run, recorded twice, and not a difference between two Pythons."""
    a, b = first.splitlines(), second.splitlines()
    if len(a) != len(b):
        return False
    pairs = [
        (x, y) for x, y in zip(a, b, strict=True) if TIME.sub("", x) != TIME.sub("", y)
    ]
    return bool(pairs) and all(sorted(x) == sorted(y) for x, y in pairs)


def load_could_explain(expected: str, printed: str) -> bool:
    """Whether load could have turned `expected` into `printed`.

    Lines that differ only in their times pair up. What is left must be what load
    does: a line missing that repeats (a heartbeat that missed a beat, `tick at
    0.3 s`), or a line added that repeats or prints a time, or that is debug mode's
    report of a slow step ([`SLOW_STEP`][measured.recordings.SLOW_STEP]), whose
    time a snippet's `normalize:` may have replaced. A changed word, a line gone
    for good, lines in another order (the order of a set) cannot be load.

    >>> load_could_explain("beat\\nbeat\\nwoke at 0.5 s", "beat\\nwoke at 0.6 s")
    True
    >>> load_could_explain("total: 1.0 s", "totl: 1.0 s")
    False
    >>> load_could_explain("done", "Executing <Task pending> took N seconds\\ndone")
    True
    """
    a, b = expected.splitlines(), printed.splitlines()
    if a != b and sorted(a) == sorted(b):
        return False  # the same lines, in another order
    shape = [[TIME.sub("\x00", line) for line in lines] for lines in (a, b)]
    count = Counter(shape[0]) + Counter(shape[1])
    matcher = difflib.SequenceMatcher(a=shape[0], b=shape[1], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = Counter(shape[0][i1:i2]), Counter(shape[1][j1:j2])
        paired = removed & added  # the same line, other times
        if any(count[line] < 2 for line in removed - paired):
            return False
        if any(
            count[line] < 2 and "\x00" not in line and not SLOW_STEP.match(line)
            for line in added - paired
        ):
            return False
    return True


SLOW_STEP = re.compile(r"Executing <.+> took \S+ seconds$")
"""asyncio's report, in debug mode, of a step that held the loop longer than
`slow_callback_duration` (0.1 s): on a busy machine any step can take that long."""


TIME = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:\.\d+)?)(?P<space> ?)"
    r"(?P<unit>ms|µs|us|s|seconds?|min)(?![\w])"
)
"""A time in a program's output: a number and a unit, such as `1.1 s` or `250 ms`."""

SECONDS_PER = {"min": 60.0, "s": 1.0, "second": 1.0, "seconds": 1.0}
SECONDS_PER.update({"ms": 1e-3, "µs": 1e-6, "us": 1e-6})


@dataclass(frozen=True)
class Mismatch:
    """How a run's output differs from its recording.

    Attributes:
        words: Whether anything but the printed times differs (words, units, the
            number of times, other numbers).
        late: Printed times later than recorded by more than the tolerance (one
            step of the last digit with `tolerance=None`), as `(line, recorded,
            printed)`.
        early: Printed times earlier than recorded by more than one step of the last
            digit, as `(line, recorded, printed)`.
    """

    words: bool
    late: tuple[tuple[int, str, str], ...] = ()
    early: tuple[tuple[int, str, str], ...] = ()

    @property
    def same(self) -> bool:
        """Whether the run matches its recording."""
        return not (self.words or self.late or self.early)

    @property
    def only_late(self) -> bool:
        """Whether the only difference is lateness: load, which a new run may miss."""
        return bool(self.late) and not (self.words or self.early)


def _times(text: str) -> tuple[str, list[tuple[int, re.Match[str]]]]:
    """The text with every time replaced by its unit alone, and the times by line."""
    found = []
    for match in TIME.finditer(text):
        found.append((text.count("\n", 0, match.start()) + 1, match))
    skeleton = TIME.sub(lambda m: f"\x00{m['space']}{m['unit']}", text)
    return skeleton, found


def compare_times(expected: str, printed: str, tolerance: float | None) -> Mismatch:
    """Compare an output with its recording: words exactly, times one-sidedly.

    A printed time matches its recorded one when it is at most `tolerance` seconds
    later, and at most one step of the recorded number's last digit earlier
    (`1.1 s` recorded allows `1.0 s` to `1.5 s` with the default 0.4 s). With
    `tolerance=None` it matches only within one step either way (`1.0 s` to
    `1.2 s`).

    >>> compare_times("beat at 1.7 s", "beat at 1.8 s", 0.4).same
    True
    >>> compare_times("beat at 1.7 s", "beat at 2.7 s", 0.4).only_late
    True
    >>> compare_times("beat at 1.7 s", "beep at 1.7 s", 0.4).words
    True
    >>> compare_times("beat at 1.7 s", "beat at 2.0 s", None).only_late
    True
    """
    if expected == printed:
        return Mismatch(words=False)
    skeleton_expected, times_expected = _times(expected)
    skeleton_printed, times_printed = _times(printed)
    if skeleton_expected != skeleton_printed:
        return Mismatch(words=True)
    late, early = [], []
    for (line, want), (_, got) in zip(times_expected, times_printed, strict=True):
        scale = SECONDS_PER[want["unit"]]
        recorded, actual = float(want["number"]) * scale, float(got["number"]) * scale
        digits = len(want["number"].partition(".")[2])
        step = 10.0**-digits * scale
        pair = (line, want.group(0), got.group(0))
        if actual > recorded + (step if tolerance is None else tolerance) + 1e-9:
            late.append(pair)
        elif actual < recorded - step - 1e-9:
            early.append(pair)
    return Mismatch(words=False, late=tuple(late), early=tuple(early))


def recording_path(root: Path, snippet: str, version: str | None = None) -> Path:
    """Where a snippet's recorded output lives, beside it.

    `overlap.out` holds the output on the oldest Python that runs the snippet. Where
    a newer Python prints something else (an error message that changed, say), its
    output is in `overlap.3.13.out`, by minor version.
    """
    base = root / "snippets" / Path(snippet).with_suffix("")
    return base.with_name(
        f"{base.name}.{version}.out" if version else f"{base.name}.out"
    )


def oldest_version(settings: RunSettings) -> str:
    """The oldest Python a snippet runs on: 3.11, or what its settings require."""
    wanted = minor(settings.python) if settings.python else OLDEST
    return max(wanted, OLDEST, key=version_key)


def expected_recording(root: Path, run: Run, settings: RunSettings) -> Path:
    """The recording a run is compared with: its version's own, or the shared one."""
    version = minor(run.python)
    own = recording_path(root, run.snippet, version)
    if version != oldest_version(settings) and own.exists():
        return own
    return recording_path(root, run.snippet)


def compare_output(
    root: Path, run: Run, settings: RunSettings | None = None, update: bool = False
) -> str | None:
    """Compare a run's output with its recording, or record it when `update` is set.

    Words are compared exactly and printed times within `settings.tolerance`, as
    [`compare_times`][measured.recordings.compare_times] does. Recording rewrites a
    file only when its words change or a time leaves its tolerance, so a re-record
    never churns a recording over noise (the engine names a recording it kept over
    times printed later but within the tolerance:
    [`check_output`][measured.measuring.Engine.check_output]). On the oldest Python
    that runs the snippet, recording writes `<name>.out`. On a newer one it writes
    `<name>.<version>.out` only where the output differs from `<name>.out`, and
    removes it where it no longer does.

    Returns:
        With `update`, what it wrote or removed (`wrote snippets/a/b.out (Python
        3.11)`), or None where the recording stays as it is.

    Raises:
        OutputLate: Only printed times differ, later than the tolerance: the
            measuring engine runs the snippet again.
        OutputChanged: Anything else differs; the message is a unified diff.
    """
    settings = settings or RunSettings()
    recording = expected_recording(root, run, settings)
    if update:
        shared = recording_path(root, run.snippet)
        own = recording_path(root, run.snippet, minor(run.python))

        def matches(path: Path) -> bool:
            return (
                path.exists()
                and compare_times(path.read_text(), run.output, settings.tolerance).same
            )

        if minor(run.python) == oldest_version(settings):
            target = shared
        elif matches(shared):
            if own.exists():
                own.unlink()
                return f"removed {own.relative_to(root)} (Python {minor(run.python)} prints {shared.name})"
            return None
        else:
            target = own
        if matches(target):
            return None
        how = "rewrote" if target.exists() else "wrote"
        target.write_text(run.output)
        return f"{how} {target.relative_to(root)} (Python {minor(run.python)})"
    name = recording.relative_to(root).as_posix()
    if not recording.exists():
        raise OutputChanged(name, f"no recorded output yet; {update_hint(run.snippet)}")
    expected = recording.read_text()
    mismatch = compare_times(expected, run.output, settings.tolerance)
    shared = recording_path(root, run.snippet)
    if (
        recording != shared
        and shared.exists()
        and scrambled(shared.read_text(), expected)
    ):
        raise OutputUnstable(
            name,
            f"differs from {shared.name} only in the order of what its lines print, "
            "as a set's or a dict's order differs from run to run: one output "
            f"recorded twice, not what another Python prints; delete {recording.name} "
            f"and {UNSTABLE_HINT}. The lines (one recording / the other):\n"
            + "\n".join(lines_that_moved(shared.read_text(), expected)),
        )
    if mismatch.same:
        return
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            run.output.splitlines(keepends=True),
            fromfile=f"{name} (recorded)",
            tofile=f"python{minor(run.python)} snippets/{run.snippet} (this run)",
        )
    )
    if mismatch.words:
        lines = expected.splitlines()
        moved = sorted(lines) == sorted(run.output.splitlines())
        hint = (
            "the same lines in another order (if that changes from run to run, "
            f"{UNSTABLE_HINT}); "
            if moved
            else ""
        )
        error = OutputChanged(
            name, f"the output changed; {hint}{update_hint(run.snippet)}\n{diff}"
        )
        error.load = load_could_explain(expected, run.output)
        raise error
    times = [
        f"  line {line}: printed {got}, recorded {want}: {how}"
        for pairs, how in (
            (mismatch.late, f"more than {settings.tolerance:g} s later"),
            (mismatch.early, "earlier than the recording allows"),
        )
        for line, want, got in pairs
    ]
    what = "later" if mismatch.only_late else "other"
    error = OutputLate if mismatch.only_late else OutputChanged
    raise error(
        name,
        f"the words match, but it printed {what} times than recorded "
        f"(tolerance: {settings.tolerance:g} s later, or one step of the last digit "
        f"earlier); {update_hint(run.snippet)}\n" + "\n".join(times) + f"\n{diff}",
    )

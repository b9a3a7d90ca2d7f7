"""A run's output against its recording (`measured/recordings.py`): the diff of a
changed output, printed times matched one-sidedly within a tolerance, a recording of
its own for a Python that prints otherwise, and output that differs between runs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import PRIMARY

from harness.conftest import printed, write
from measured.measuring import Engine
from measured.recordings import (
    OutputChanged,
    OutputLate,
    OutputUnstable,
    compare_output,
    unstable,
)
from measured.runner import Run, run_snippet
from measured.settings import RunSettings

# --- a changed output -----------------------------------------------------------------


def test_a_changed_output_fails_with_a_diff(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/greet.py", "print('hello')\nprint('world')\n")
    write(tmp_path, "snippets/demo/greet.out", "hello\nthere\n")
    run = run_snippet(tmp_path, "demo/greet.py")
    with pytest.raises(OutputChanged) as caught:
        compare_output(tmp_path, run)
    message = str(caught.value)
    assert message.startswith("snippets/demo/greet.out: the output changed")
    assert "-there\n+world\n" in message
    compare_output(tmp_path, run, update=True)
    assert (tmp_path / "snippets/demo/greet.out").read_text() == "hello\nworld\n"


# --- printed times: later within a tolerance, never earlier ---------------------------


@pytest.mark.parametrize(
    ("output", "error"),
    [
        ("woke at 0.5 s\n", None),
        ("woke at 0.6 s\n", None),  # 0.1 s late: load
        ("woke at 0.4 s\n", None),  # one step of the last digit early: rounding
        ("woke at 1.5 s\n", OutputLate),  # a full second late
        ("woke at 0.3 s\n", OutputChanged),  # earlier than any honest run
        ("slept at 0.5 s\n", OutputChanged),  # a changed word
        ("woke at 0.5 ms\n", OutputChanged),  # a changed unit
    ],
)
def test_printed_times_match_one_sidedly_and_words_exactly(
    tmp_path: Path, output: str, error: type[Exception] | None
) -> None:
    write(tmp_path, "snippets/demo/nap.out", "woke at 0.5 s\n")
    if error is None:
        compare_output(tmp_path, printed(output), RunSettings())
        return
    with pytest.raises(error) as caught:
        compare_output(tmp_path, printed(output), RunSettings())
    message = str(caught.value)
    assert message.startswith("snippets/demo/nap.out: ")
    assert f"-woke at 0.5 s\n+{output}" in message  # the diff
    if error is OutputChanged and "woke at" in output and " s\n" in output:
        assert "earlier than the recording allows" in message
    if error is OutputLate:
        assert "line 1: printed 1.5 s, recorded 0.5 s: more than 0.4 s later" in message


def test_a_snippet_can_declare_its_tolerance(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/nap.out", "woke at 0.5 s\n")
    compare_output(tmp_path, printed("woke at 1.5 s\n"), RunSettings(tolerance=1.0))
    with pytest.raises(OutputLate):
        compare_output(tmp_path, printed("woke at 0.7 s\n"), RunSettings(tolerance=0.1))


def test_recording_again_keeps_a_recording_within_its_tolerance(tmp_path: Path) -> None:
    recording = write(tmp_path, "snippets/demo/nap.out", "woke at 0.5 s\n")
    compare_output(tmp_path, printed("woke at 0.6 s\n"), RunSettings(), update=True)
    assert recording.read_text() == "woke at 0.5 s\n"
    compare_output(tmp_path, printed("woke at 1.5 s\n"), RunSettings(), update=True)
    assert recording.read_text() == "woke at 1.5 s\n"
    compare_output(tmp_path, printed("slept at 1.5 s\n"), RunSettings(), update=True)
    assert recording.read_text() == "slept at 1.5 s\n"


def test_recording_says_when_it_keeps_a_time_the_program_now_prints_later(
    tmp_path: Path,
) -> None:
    """Two runs side by side can both be late from their own load: a time later
    than the recording's by more than a step, within the tolerance, gets a run of
    its own, and the session's end names the recording kept over it; a time within
    a step makes no third run and no note."""
    write(tmp_path, "snippets/demo/nap.py", "print('woke at 0.3 s')\n")
    recording = write(tmp_path, "snippets/demo/nap.out", "woke at 0.1 s\n")
    engine = Engine(tmp_path, lambda _: RunSettings(), record=False)
    engine.check_output("demo/nap.py", PRIMARY, update=True)
    assert recording.read_text() == "woke at 0.1 s\n"
    assert len(engine.runs("demo/nap.py", PRIMARY)) == 3
    assert engine.recorded == [
        f"kept snippets/demo/nap.out (Python {PRIMARY.version}): its fastest of three "
        "runs printed later times, within the 0.4 s tolerance (line 1: 0.3 s, "
        "recorded 0.1 s); if you changed the program, delete the recording and "
        "record again"
    ]
    write(tmp_path, "snippets/demo/nap.out", "woke at 0.2 s\n")
    again = Engine(tmp_path, lambda _: RunSettings(), record=False)
    again.check_output("demo/nap.py", PRIMARY, update=True)
    assert len(again.runs("demo/nap.py", PRIMARY)) == 2
    assert again.recorded == []


# --- a recording per Python, and output that changes from run to run ------------------


def test_a_newer_python_that_prints_otherwise_gets_its_own_recording(
    tmp_path: Path,
) -> None:
    def run_on(version: str, output: str) -> Run:
        return Run("demo/a.py", output, "", 0, 0.1, 1000, version, "CPython")

    write(tmp_path, "snippets/demo/a.py", "")
    compare_output(tmp_path, run_on("3.11.7", "old message\n"), update=True)
    compare_output(tmp_path, run_on("3.12.1", "old message\n"), update=True)
    compare_output(tmp_path, run_on("3.13.0", "new message\n"), update=True)
    recorded = sorted(p.name for p in (tmp_path / "snippets/demo").glob("*.out"))
    assert recorded == ["a.3.13.out", "a.out"]
    compare_output(tmp_path, run_on("3.12.1", "old message\n"))
    compare_output(tmp_path, run_on("3.13.0", "new message\n"))
    with pytest.raises(
        OutputChanged, match=r"^snippets/demo/a.3.13.out: the output changed"
    ):
        compare_output(tmp_path, run_on("3.13.0", "old message\n"))


def test_recording_refuses_output_that_changes_from_run_to_run(tmp_path: Path) -> None:
    """A set's order changes with each process: recording runs the program twice
    on each Python and writes nothing where the two differ; a check notices two
    recordings of one such output (a bogus version tab)."""
    write(
        tmp_path, "snippets/demo/order.py", "print({f'item{i}' for i in range(20)})\n"
    )
    engine = Engine(tmp_path, lambda _: RunSettings(), record=False)
    with pytest.raises(OutputUnstable) as caught:
        engine.check_output("demo/order.py", PRIMARY, update=True)
    message = str(caught.value)
    assert message.startswith(
        "snippets/demo/order.py: printed something else on two runs with Python "
        f"{PRIMARY.version}, so no recording can hold its output; make it print the "
        "same on every run (the order of a set or dict, an id(), a time printed "
        "without a tolerance are the usual causes)"
    ), message
    assert "\n  line 1: \"{'item" in message, message
    assert not list((tmp_path / "snippets" / "demo").glob("*.out"))
    write(tmp_path, "snippets/demo/steady.py", "print(sorted({3, 1, 2}))\n")
    engine.check_output("demo/steady.py", PRIMARY, update=True)
    assert len(engine.runs("demo/steady.py", PRIMARY)) == 2
    assert (tmp_path / "snippets/demo/steady.out").read_text() == "[1, 2, 3]\n"
    write(tmp_path, "snippets/demo/order.out", "{'a', 'b'}\n")
    write(tmp_path, "snippets/demo/order.3.12.out", "{'b', 'a'}\n")
    run = dataclasses.replace(printed("{'b', 'a'}\n"), snippet="demo/order.py")
    with pytest.raises(OutputUnstable, match=r"differs from order\.out only in the"):
        compare_output(tmp_path, dataclasses.replace(run, python="3.12.1"))


SLOW_STEP = (
    "Executing <Task finished name='Task-1' coro=<main() done> result=None> "
    "took 0.102 seconds"
)
"""Debug mode's report of a step over 0.1 s, which a loaded machine adds to a run."""


@pytest.mark.parametrize("reported_first", [True, False])
def test_two_runs_one_with_a_slow_step_reported_are_not_unstable(
    reported_first: bool,
) -> None:
    """Of two runs, either may be the one load slowed: a run with debug mode's
    slow-step report beside one without is no output that changes from run to
    run, in either order (robust-ci's cold run refused one when the report came
    first). A changed word beside it still is."""
    plain = printed("checked out 2 orders\n")
    reported = printed(f"{SLOW_STEP}\nchecked out 2 orders\n")
    runs = [reported, plain] if reported_first else [plain, reported]
    assert unstable(runs, tolerance=0.2) is None
    changed = printed(f"{SLOW_STEP}\nchecked out 3 orders\n")
    runs = [changed, plain] if reported_first else [plain, changed]
    assert isinstance(unstable(runs, tolerance=0.2), OutputUnstable)


def test_a_slow_step_reported_with_its_time_normalized_could_be_load(
    tmp_path: Path,
) -> None:
    """A snippet may replace the report's time (`took N seconds`), which leaves no
    time in the line; it is still debug mode's report of a slow step, which load
    adds (robust-ci's loaded run refused one, on 3.14, without running the program
    again). The failure says load could explain it, so the check runs it again;
    any other added line cannot be load."""
    write(tmp_path, "snippets/demo/dev.out", "config loaded\n")
    settings = RunSettings(normalize=(("took \\d+\\.\\d+ seconds", "took N seconds"),))
    report = "Executing <Task pending name='Task-1' coro=<main()>> took N seconds"
    for added, load in ((report, True), ("Executing the plan", False)):
        run = printed(f"{added}\nconfig loaded\n")
        run = dataclasses.replace(run, snippet="demo/dev.py")
        with pytest.raises(OutputChanged) as caught:
            compare_output(tmp_path, run, settings)
        assert caught.value.load is load, added

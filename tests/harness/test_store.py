"""The store (`measured/store.py`): runs reused across sessions, and shared between
the two phases of one suite."""

from __future__ import annotations

from pathlib import Path

from conftest import PRIMARY

from harness.conftest import NAP, write
from measured.measuring import Engine
from measured.runner import Run
from measured.settings import RunSettings

# --- runs reused: across sessions, and between the phases of one suite ----------------


def test_unchanged_work_is_reused_and_changed_work_runs_again(tmp_path: Path) -> None:
    """Outside CI, a run is reused while its inputs are the same; any change to the
    snippet (or its settings, the interpreter, the harness or the lock) runs it again."""
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "pass"))
    made = []

    def counted(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        made.append(snippet)
        return Run(snippet, "woke at 0.5 s\n", "", 0, 0.6, 1000, "3.11.7", "CPython")

    def engine() -> Engine:
        return Engine(tmp_path, lambda _: RunSettings(), reuse=True, run=counted)

    engine().nth_run("demo/nap.py", PRIMARY)
    engine().nth_run("demo/nap.py", PRIMARY)
    assert len(made) == 1
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "print()"))
    engine().nth_run("demo/nap.py", PRIMARY)
    assert len(made) == 2
    # a bound over `cpus` needs its run and the free cores measured together
    engine().nth_run("demo/nap.py", PRIMARY, fresh=True)
    assert len(made) == 3


def test_the_phases_of_one_suite_share_their_runs(tmp_path: Path) -> None:
    """The output check of the second phase uses the run a claim made in the first
    (same suite id, even in CI), and makes a new run only for a later attempt; another
    run of the suite measures afresh."""
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "pass"))
    made = []

    def counted(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        made.append(snippet)
        seconds = 0.6 + len(made) / 10
        return Run(snippet, "woke\n", "", 0, seconds, 1000, "3.11.7", "CPython")

    def phase(suite: str) -> Engine:
        return Engine(tmp_path, lambda _: RunSettings(), run=counted, suite=suite)

    first = phase("make-1").nth_run("demo/nap.py", PRIMARY)
    second = phase("make-1")
    assert second.nth_run("demo/nap.py", PRIMARY) == first
    assert len(made) == 1
    assert second.nth_run("demo/nap.py", PRIMARY, 2).seconds == 0.8
    assert len(made) == 2
    assert phase("make-1").runs("demo/nap.py", PRIMARY) == []  # nothing loaded yet
    assert phase("make-1").nth_run("demo/nap.py", PRIMARY, 2).seconds == 0.8
    assert phase("make-2").nth_run("demo/nap.py", PRIMARY) != first
    assert len(made) == 3

"""One run of a snippet (`measured/runner.py`): how it ended (its exit code, its
stderr, its output normalized), its timeout and what a hang reports, and mypy's
report as a snippet's output."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import time
from pathlib import Path

import psutil
import pytest
from conftest import PRIMARY

from harness.conftest import (
    contributing_example,
    copy_project,
    figures_masked,
    page,
    run_pytest,
    write,
)
from measured.errors import ContributorError
from measured.measuring import Engine
from measured.processes import suite_id
from measured.project import Project
from measured.recordings import OutputChanged, compare_output
from measured.runner import Run, SnippetFailed, SnippetTimeout, check_run, run_snippet
from measured.settings import RunSettings

# --- how a run ended: its exit code, its stderr, its output ---------------------------


def test_a_snippet_that_raises_fails_with_its_traceback(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/boom.py", "raise SystemExit('no such file')\n")
    write(tmp_path, "snippets/demo/crash.py", "1 / 0\n")
    with pytest.raises(SnippetFailed, match="exited with code 1, expected 0"):
        check_run(run_snippet(tmp_path, "demo/boom.py"), RunSettings())
    run = run_snippet(tmp_path, "demo/crash.py")
    assert 'File "snippets/demo/crash.py", line 1' in run.stderr  # paths shortened
    with pytest.raises(SnippetFailed) as caught:
        check_run(run, RunSettings())
    assert str(caught.value).startswith("snippets/demo/crash.py: exited with code 1")
    assert "ZeroDivisionError" in str(caught.value)


def test_recorded_stderr_keeps_the_order_it_was_written_in(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/both.py",
        "import sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')\n",
    )
    run = run_snippet(tmp_path, "demo/both.py", RunSettings(stderr=True))
    assert run.output == "one\ntwo\nthree\n"
    with pytest.raises(SnippetFailed, match="wrote to stderr"):
        check_run(run_snippet(tmp_path, "demo/both.py"), RunSettings())


def test_output_is_normalized_by_the_snippets_own_patterns(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/noisy.py",
        "import time\nprint(object())\nprint(f'took {time.perf_counter() % 1:.3f} seconds')\n",
    )
    settings = RunSettings.from_mapping(
        {"normalize": [[r"took \d\.\d+ seconds", "took N seconds"]]}, "docs/a.md", 3
    )
    run = run_snippet(tmp_path, "demo/noisy.py", settings)
    assert run.output == "<object object at 0x...>\ntook N seconds\n"
    with pytest.raises(ContributorError, match=r"^docs/a.md:3: bad regex"):
        RunSettings.from_mapping({"normalize": [["(", ""]]}, "docs/a.md", 3)


# --- timeouts and hangs ---------------------------------------------------------------


def test_a_hanging_snippet_is_killed_with_its_children(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/hang.py",
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        "print('child', child.pid, flush=True)\n"
        "time.sleep(600)\n",
    )
    start = time.perf_counter()
    with pytest.raises(SnippetTimeout) as caught:
        run_snippet(tmp_path, "demo/hang.py", RunSettings(timeout=2))
    assert time.perf_counter() - start < 10
    message = str(caught.value)
    assert message.startswith(
        "snippets/demo/hang.py: still running after its 2 s timeout"
    )
    child_pid = int(message.split("child ")[1].split()[0])
    with contextlib.suppress(psutil.NoSuchProcess):  # gone, as it should be
        assert psutil.Process(child_pid).status() == psutil.STATUS_ZOMBIE


def test_a_hang_names_the_timeout_setting(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/hang.py", "import time\ntime.sleep(600)\n")
    with pytest.raises(SnippetTimeout) as caught:
        run_snippet(tmp_path, "demo/hang.py", RunSettings(timeout=1))
    assert (
        "if it needs longer, give it a `timeout:` (seconds) in its page's "
        "`snippets:` settings (demo/hang.py: {timeout: 60})"
    ) in str(caught.value)


HANG = """import asyncio


async def wait_for(ready: asyncio.Event) -> None:
    await ready.wait()


async def main() -> None:
    ready = asyncio.Event()
    print("waiting", flush=True)
    async with asyncio.TaskGroup() as group:
        group.create_task(wait_for(ready), name="waiter")


if __name__ == "__main__":
    asyncio.run(main())
"""
"""A program awaiting an event that is never set."""


@pytest.mark.measure
def test_a_hang_says_where_it_was_and_is_not_run_on_another_python(
    tmp_path: Path,
) -> None:
    """At its timeout a program is asked where it is; the message gives each
    thread's and each pending task's line, and the hang is not run again on the
    other Pythons of the suite (its workers share what hung).

    Measured with nothing heavy beside it: in the check phase of a fresh clone, the
    program was still importing asyncio when its 1 s timeout fired (and the report
    of where it was failed on the half-imported module; it now says less)."""
    write(tmp_path, "snippets/demo/hang.py", HANG)
    with pytest.raises(SnippetTimeout) as caught:
        run_snippet(tmp_path, "demo/hang.py", RunSettings(timeout=1))
    message = str(caught.value)
    assert "task 'waiter' (wait_for):\n" in message, message
    assert (
        "  snippets/demo/hang.py, line 5, in wait_for: await ready.wait()\n" in message
    )
    # a program that ends in time prints what it prints, nothing of the hook
    write(tmp_path, "snippets/demo/paths.py", "import os, sys\nprint(sys.path[1:2])\n")
    run = run_snippet(tmp_path, "demo/paths.py", RunSettings(timeout=10))
    check_run(run, RunSettings())
    assert "on_hang" not in run.output
    runs: list[str] = []

    def hanging(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        runs.append(python)
        raise SnippetTimeout(f"snippets/{snippet}", "still running")

    suite = f"{suite_id()}-hang"
    engine = Engine(tmp_path, lambda _: RunSettings(), record=False, run=hanging)
    engine.suite = suite
    with pytest.raises(SnippetTimeout):
        engine.check_output("demo/hang.py", PRIMARY)
    assert runs == [PRIMARY.path] * 2  # one more run: load can make it late
    other = dataclasses.replace(PRIMARY, path="/other/python3.99", version="3.99.0")
    worker = Engine(tmp_path, lambda _: RunSettings(), record=False, run=hanging)
    worker.suite = suite  # another worker of the same suite
    with pytest.raises(SnippetTimeout, match=f"it hung on Python {PRIMARY.version}"):
        worker.check_output("demo/hang.py", other)
    assert runs == [PRIMARY.path] * 2


def test_the_guides_messages_for_a_setting_a_hang_and_a_raising_example_are_real(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "docs/basics/my-page.md",
        page("snippets:\n  a.py:\n    timeout: ten\n"),
    )
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value) == contributing_example(
        "docs/basics/my-page.md:4: snippet"
    )
    write(tmp_path, "snippets/basics/hang.py", HANG)
    with pytest.raises(SnippetTimeout) as timeout:
        run_snippet(tmp_path, "basics/hang.py", RunSettings(timeout=1))
    shown = contributing_example("snippets/basics/hang.py: still running")
    assert figures_masked(str(timeout.value)) == figures_masked(shown)
    root = copy_project(tmp_path / "inline")
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 / 0)\n```\n")
    done = run_pytest(root, "-n", "0", "-m", "example", "docs")
    raised = re.search(r"docs/index\.md:\d+: ZeroDivisionError: .*", done.stdout)
    assert raised, done.stdout
    shown = contributing_example("docs/basics/my-page.md:42: ZeroDivisionError")
    assert figures_masked(raised[0]) == figures_masked(
        shown.replace("basics/my-page.md", "index.md")
    )


# --- mypy's report as a snippet's output ----------------------------------------------


def test_a_mypy_snippet_records_the_type_checkers_report(tmp_path: Path) -> None:
    """`mypy: true` runs `python -m mypy --strict` on the snippet instead of the
    program: mypy's report is the output compared with the recording, and its exit
    code the one checked. The page shows that command, a Python without mypy skips
    the snippet, and no cache is left in the checkout."""
    mistake = (
        "async def size() -> int:\n"
        "    return 1\n\n\n"
        "async def main() -> None:\n"
        "    total: int = size()\n"
    )
    write(tmp_path, "snippets/demo/typed.py", mistake)
    settings = RunSettings.from_mapping({"mypy": True, "exit_code": 1}, "docs/a.md", 3)
    assert settings.requires == ("mypy",)
    assert (
        settings.command("demo/typed.py")
        == "python -m mypy --strict snippets/demo/typed.py"
    )
    run = run_snippet(tmp_path, "demo/typed.py", settings)
    check_run(run, settings)
    report = run.output.splitlines()
    assert report[0].startswith(
        "snippets/demo/typed.py:6: error: Incompatible types in assignment"
    )
    assert '"Coroutine[Any, Any, int]"' in report[0]
    assert report[-1] == "Found 1 error in 1 file (checked 1 source file)"
    assert not (tmp_path / ".mypy_cache").exists()
    write(tmp_path, "snippets/demo/typed.out", run.output)
    compare_output(tmp_path, run)
    # the await added: mypy passes it, and the recording of the mistake no longer holds
    write(tmp_path, "snippets/demo/typed.py", mistake.replace("= size", "= await size"))
    fixed = run_snippet(tmp_path, "demo/typed.py", settings)
    assert fixed.output == "Success: no issues found in 1 source file\n"
    with pytest.raises(SnippetFailed, match="exited with code 0, expected 1"):
        check_run(fixed, settings)
    with pytest.raises(OutputChanged):
        compare_output(tmp_path, fixed)
    with pytest.raises(ContributorError, match=r"^docs/a\.md:3: .*pytest or mypy"):
        RunSettings.from_mapping({"mypy": True, "pytest": True}, "docs/a.md", 3)

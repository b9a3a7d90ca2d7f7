"""Which snippets get a Run button: the decision of `measured.pyodide`, with its reason.

The browser tests (`tests/browser/test_run.py`) run every snippet this decides is
runnable in Chromium and compare its output with the recording; these check the
decision itself, program by program, without a browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from harness.conftest import SAMPLE, copy_project, run_pytest, write
from measured.measurements import Measurements
from measured.project import Project, split_front_matter
from measured.pyodide import (
    CORE_FILES,
    core_files,
    decide,
    read,
    recording_for_browser,
)
from measured.render import RunHere, render_page, render_run
from measured.settings import RunSettings

WAITS = """
import asyncio


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(asyncio.sleep(0.1))
    await asyncio.wait_for(asyncio.sleep(0), timeout=1)


if __name__ == "__main__":
    asyncio.run(main())
"""


def program(body: str, imports: str = "import asyncio") -> str:
    """A snippet whose `main()` holds `body` (one line)."""
    return (
        f"{imports}\n\n\nasync def main() -> None:\n    {body}\n\n\n"
        'if __name__ == "__main__":\n    asyncio.run(main())\n'
    )


def test_a_program_that_only_waits_is_runnable() -> None:
    assert read(WAITS).runnable


NOT_RUNNABLE = [
    # (the program, the kind of reason, a word its reason names)
    (program("await asyncio.to_thread(print)"), "threads", "to_thread"),
    (program("await loop.run_in_executor(None, print)"), "threads", "run_in_executor"),
    (program("pass", "import asyncio\nimport threading"), "threads", "threading"),
    (
        program(
            "pass", "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor"
        ),
        "threads",
        "ThreadPoolExecutor",
    ),
    (
        program(
            "pass", "import asyncio\nfrom concurrent.futures import ProcessPoolExecutor"
        ),
        "processes",
        "ProcessPoolExecutor",
    ),
    (
        program("await asyncio.create_subprocess_exec('ls')"),
        "processes",
        "create_subprocess_exec",
    ),
    (program("pass", "import asyncio\nimport subprocess"), "processes", "subprocess"),
    (
        program("await asyncio.open_connection('127.0.0.1', 1)"),
        "network",
        "open_connection",
    ),
    (
        program("await asyncio.start_server(print, '127.0.0.1', 0)"),
        "network",
        "start_server",
    ),
    (program("pass", "import asyncio\nimport socket"), "network", "socket"),
    (program("pass", "import asyncio\nimport signal"), "signals", "signal"),
    (program("loop.add_signal_handler(2, print)"), "signals", "add_signal_handler"),
    (program("pass", "import asyncio\nimport httpx"), "third-party", "httpx"),
    (program("print(open(__file__).read())"), "files", "__file__"),
    (program("print(input())"), "stdin", "input"),
    (program("asyncio.new_event_loop()"), "loops", "new_event_loop"),
    (
        program("pass").replace(
            "asyncio.run(main())", "asyncio.run(main(), debug=True)"
        ),
        "debug",
        "debug mode",
    ),
    (program("asyncio.get_running_loop().set_debug(True)"), "debug", "debug mode"),
    (program("asyncio.Runner()"), "loops", "Runner"),
    (
        "import asyncio\n\n\ndef total() -> None:\n    asyncio.run(asyncio.sleep(0))\n\n\n"
        'if __name__ == "__main__":\n    asyncio.run(asyncio.sleep(0))\n',
        "loops",
        "asyncio.run",
    ),
]


@pytest.mark.parametrize(("source", "kind", "named"), NOT_RUNNABLE)
def test_a_program_a_browser_cannot_run_is_named_with_its_reason(
    source: str, kind: str, named: str
) -> None:
    verdict = read(source)
    assert not verdict.runnable
    assert (verdict.kind, named in verdict.reason) == (kind, True), verdict
    assert verdict.line is not None and verdict.line >= 1


def test_asyncio_sleep_and_one_guarded_run_stay_runnable() -> None:
    assert read(
        program("await asyncio.sleep(1)", "import asyncio\nimport time")
    ).runnable


@pytest.mark.parametrize(
    "source",
    [
        program("time.sleep(1)", "import asyncio\nimport time"),
        program("sleep(1)", "import asyncio\nfrom time import sleep"),
    ],
)
def test_time_sleep_is_runnable_since_it_blocks_in_the_browser_too(
    source: str,
) -> None:
    """The page's worker makes `time.sleep` hold the thread and the loop, as in a
    terminal (`tests/browser/test_run_blocking_and_stopping.py` checks the times)."""
    assert read(source).runnable


SETTINGS = [
    (RunSettings(pytest=True), "tests"),
    (RunSettings(requires=("httpx",)), "third-party"),
    (RunSettings(signal="SIGINT"), "signals"),
    (RunSettings(flags=("-X", "dev")), "flags"),
    (RunSettings(env={"PYTHONASYNCIODEBUG": "1"}), "flags"),
    (RunSettings(alone=True), "cpu-bound"),
    (RunSettings(exit_code=1, stderr=True), "traceback"),
    # a traceback up to 3.14, Pyodide's Python, and a clean exit from 3.15 on
    (RunSettings(exit_code={"3.11": 1, "3.15": 0}, stderr=True), "traceback"),
    (RunSettings(python="3.15"), "newer"),
    (RunSettings(browser="prints a task's repr"), "differs"),
]


@pytest.mark.parametrize(("settings", "kind"), SETTINGS)
def test_settings_a_browser_cannot_honour_decide_first(
    settings: RunSettings, kind: str
) -> None:
    verdict = decide(ROOT, "basics/overlap.py", settings)
    assert (verdict.runnable, verdict.kind) == (False, kind)
    assert verdict.reason


def test_a_runnable_snippet_gets_a_run_button_and_another_none() -> None:
    """On the sample project: its overlap program runs in a browser, its program
    that hands a read to a thread says why it does not, and neither gets a button
    or a note where the site has no Run buttons."""
    project = Project(SAMPLE)
    empty = type("Empty", (), {"checked": {}})()
    page = next(p for p in project.pages if "demo/overlap.py" in p.shows)
    shown = "\n".join(
        render_run(project, page, "demo/overlap.py", 1, empty, RunHere(13.0))  # type: ignore[arg-type]
    )
    assert 'class="run-here"' in shown and "Python 3.14" in shown
    assert "run-here" not in "\n".join(
        render_run(project, page, "demo/overlap.py", 1, empty, None)  # type: ignore[arg-type]
    )
    blocked = "demo/in_a_thread.py"
    page = next(p for p in project.pages if blocked in p.shows)
    shown = "\n".join(
        render_run(project, page, blocked, 1, empty, RunHere(13.0))  # type: ignore[arg-type]
    )
    assert "run-here" not in shown
    reason = decide(SAMPLE, blocked, project.settings(blocked)).reason
    assert reason == "runs a function in a thread (`asyncio.to_thread`)", reason
    assert "Terminal only: " in shown and "{: .run-note }" in shown, shown
    assert reason.split("`")[0] in shown, (reason, shown)
    # without Run buttons anywhere, no note either
    assert "run-note" not in "\n".join(
        render_run(project, page, blocked, 1, empty, None)  # type: ignore[arg-type]
    )


def test_the_explanation_of_running_here_comes_once_per_page() -> None:
    """On the sample project's exercise page, which shows two runnable programs."""
    project = Project(SAMPLE)
    page = next(p for p in project.pages if p.path == "docs/exercise.md")
    runnable = {
        s for s in page.shows if decide(SAMPLE, s, project.settings(s)).runnable
    }
    assert len(runnable) > 1, page.shows
    empty = Measurements.load(SAMPLE / "nowhere")
    _, body, _ = split_front_matter((SAMPLE / page.path).read_text())
    shown = render_page(body, page, project, empty, RunHere(13.0))
    assert shown.count('class="run-here"') > 1, page.path
    assert shown.count('class="run-here__help"') == 1, page.path


def test_the_browser_compares_with_what_cpython_3_14_is_compared_with(
    tmp_path: Path,
) -> None:
    """Pyodide runs CPython 3.14: its run is held to the recording a 3.14 run is,
    its own where 3.14 printed otherwise, never an older version's."""
    (tmp_path / "snippets" / "a").mkdir(parents=True)
    for name in ("b.out", "b.3.13.out", "b.3.14.out", "b.3.15.out"):
        (tmp_path / "snippets" / "a" / name).write_text(name)
    found = recording_for_browser(tmp_path, "a/b.py", RunSettings())
    assert found.name == "b.3.14.out"
    (tmp_path / "snippets" / "a" / "b.3.14.out").unlink()
    assert recording_for_browser(tmp_path, "a/b.py", RunSettings()).name == "b.out"
    # a snippet for 3.14 and later has one recording: `b.out` is 3.14's
    newer = RunSettings(python="3.14")
    assert recording_for_browser(tmp_path, "a/b.py", newer).name == "b.out"


def test_without_pyodide_s_files_there_are_no_run_buttons(tmp_path: Path) -> None:
    assert core_files(tmp_path) is None
    folder = tmp_path / "node_modules" / "pyodide"
    folder.mkdir(parents=True)
    for name in CORE_FILES[:-1]:
        (folder / name).write_text("")
    assert core_files(tmp_path) is None
    (folder / CORE_FILES[-1]).write_text("")
    assert core_files(tmp_path) == folder


# --- a missing snippet, named before the browser tests decide -------------------------


def test_a_page_showing_a_missing_snippet_is_named_not_a_collection_crash(
    tmp_path: Path,
) -> None:
    """With Pyodide installed, the browser tests decide at import which snippets
    can run in a page; a snippet that does not exist must not stop collection
    before the project's own message is printed."""
    from measured.pyodide import CORE_FILES, INSTALLED, decide

    assert not decide(tmp_path, "basics/missing.py", RunSettings()).runnable
    root = copy_project(tmp_path)
    for name in CORE_FILES:  # what `npm ci` installs, enough for the decision
        write(root, f"{INSTALLED}/{name}", "")
    with (root / "docs" / "index.md").open("a") as index:
        index.write('\n{{ run("basics/missing.py") }}\n')
    line = (root / "docs" / "index.md").read_text().count("\n")
    done = run_pytest(
        root,
        "-n",
        "0",
        "tests/test_integrity.py",
        "tests/browser",
        "-k",
        "agree",
    )
    output = done.stdout + done.stderr
    assert "FileNotFoundError" not in output, output
    assert done.returncode == 1, output
    assert (
        f"docs/index.md:{line}: shows snippets/basics/missing.py, which does not exist"
        in done.stdout
    ), output

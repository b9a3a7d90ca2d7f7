"""The harness catches each mistake a contributor can make, with a clear message.

These tests break things on purpose, in throwaway copies of the project, and check
that the suite notices, names the file (and line) at fault, and leaves nothing
running.
"""

from __future__ import annotations

from pathlib import Path

from harness.conftest import copy_project, run_pytest, write

from measured.settings import RunSettings

# --- issue 30: a contributor's mistakes, round 2 ------------------------------------


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
        "tests/test_browser.py",
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

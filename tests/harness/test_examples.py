"""Inline examples (`measured/examples.py`): a page's `example[...]` items, each in
a pytest session of its own on a throwaway copy of the project, name the page's line
of an example that fails or raises, and say how to record a changed output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from harness.conftest import copy_project, copy_suite, run_pytest
from measured.processes import SUITE, suite_id


def test_a_failing_inline_example_names_its_page_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    copy_suite(root)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 3\n```\n")
    lines = (root / "docs" / "index.md").read_text().count("\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "example",
            "docs",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        # a suite of its own: its end must not count this suite's snippets as left
        env={**os.environ, SUITE: f"{suite_id()}-{root.parent.name}"},
    )
    assert done.returncode == 1, done.stdout
    assert f"docs/index.md:{lines - 3}" in done.stdout
    assert "1 failed" in done.stdout


def test_an_inline_example_that_raises_names_its_page_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nx = 1\nprint(x / 0)\n```\n")
    line = (root / "docs" / "index.md").read_text().count("\n") - 1
    for args in (["-n", "0"], ["-n", "2"]):
        done = run_pytest(root, *args, "-m", "example", "docs")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "INTERNALERROR" not in done.stdout + done.stderr
        assert (
            f"docs/index.md:{line}: ZeroDivisionError: division by zero" in done.stdout
        ), done.stdout
        assert "1 failed" in done.stdout


def test_an_inline_example_that_prints_otherwise_names_update_examples(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 3\n```\n")
    fence = (root / "docs" / "index.md").read_text().count("\n") - 3
    done = run_pytest(root, "-n", "0", "-m", "example", "docs")
    assert done.returncode == 1, done.stdout
    assert (
        f"docs/index.md:{fence}: the example prints otherwise than its `#>` lines say"
    ) in done.stdout
    assert (
        "If the new output is right, record it with --update-examples: "
        ".venv/bin/pytest -n 0 -p no:cacheprovider "
        f"'docs/index.md::example[{fence}-"
    ) in done.stdout

"""Inline examples: a short fenced example in a page runs, prints what its `#>`
comments say, and passes the same ruff rules as the snippets.

pytest-examples finds and runs them; `pytest --update-examples` rewrites their `#>`
lines, as pytest-examples' own fixture would, at the end of the session. Snippet
embeds are not inline examples: the build expands them, and their outputs are
checked as programs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytest_examples import CodeExample, EvalExample

TO_UPDATE: list[CodeExample] = []
"""The examples this process re-recorded, written at the end of its session."""


def ruff_problems(root: Path, example: CodeExample) -> str:
    """What ruff's check and format say of an example, under pyproject.toml's rules.

    The `#>` lines are pytest-examples' print checks, not code: ruff format would
    rewrite them as `# >`, so they are left out of the format check.
    """
    name = f"{example.path.relative_to(root)}:{example.start_line}.py"
    code = "".join(
        line
        for line in example.source.splitlines(keepends=True)
        if not line.lstrip().startswith("#>")
    )
    found = []
    for args, source in (
        (["check", "--no-fix", "--output-format", "concise"], example.source),
        (["format", "--diff"], code),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "--stdin-filename", name, "-"],
            input=source,
            cwd=root,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            found.append(done.stdout + done.stderr)
    return "\n".join(found)


def raised_where(root: Path, error: Exception, example: CodeExample) -> str:
    """`docs/<page>.md:<line>: ZeroDivisionError: division by zero`, for an
    exception an inline example raised, at the page's line that raised it."""
    line = example.start_line
    traceback = error.__traceback__
    while traceback is not None:
        # pytest-examples moves the example's frames to the page's lines
        if traceback.tb_frame.f_code.co_filename == str(example.path):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    error.__traceback__ = None
    page = example.path.relative_to(root).as_posix()
    return f"{page}:{line}: {type(error).__name__}: {error}"


def check_example(item: pytest.Item, example: CodeExample, root: Path) -> None:
    """Run `example` as `item`, or re-record its `#>` lines with
    `--update-examples`; fail with the page's line and what differs."""
    if example.prefix_settings().get("test") == "skip":
        pytest.skip('marked test="skip" on its fence')
    page = example.path.relative_to(root).as_posix()
    with tempfile.TemporaryDirectory() as folder:
        evaluator = EvalExample(
            tmp_path=Path(folder),
            pytest_request=SimpleNamespace(config=item.config, node=item),  # type: ignore[arg-type]
        )
        try:
            if evaluator.update_examples:
                evaluator.run_print_update(example)
                TO_UPDATE.extend(evaluator.to_update)
            else:
                evaluator.run_print_check(example)
        except pytest.fail.Exception as failed:
            if not str(failed.msg).startswith("Print output changed"):
                raise
            message = (
                f"{page}:{example.start_line}: the example prints otherwise than its "
                f"`#>` lines say:\n{failed.msg}\nIf the new output is right, record "
                "it with --update-examples: .venv/bin/pytest -n 0 -p no:cacheprovider "
                f"'{item.nodeid}' --update-examples"
            )
        except Exception as error:  # the example raised
            message = raised_where(root, error, example)
        else:
            message = None
    if message:
        # failed here, outside the `except`, and without the example's traceback:
        # pytest-examples 0.0.18 rewrites its frames with a line table that makes
        # pytest's traceback printer raise StopIteration (an INTERNALERROR)
        pytest.fail(message, pytrace=False)
    problems = ruff_problems(root, example)
    if problems:
        pytest.fail(f"{example.path}:{example.start_line}: {problems}", pytrace=False)


def write_updates() -> None:
    """Rewrite the `#>` lines of the examples re-recorded in this process; the
    summary of what changed is printed at the session's end, by pytest-examples."""
    if not TO_UPDATE:
        return
    import pytest_examples
    from pytest_examples.modify_files import _modify_files

    pytest_examples.summary = _modify_files(TO_UPDATE)
    TO_UPDATE.clear()

"""Short inline examples in the pages run, print what their `#>` comments say, and
pass the same ruff rules as the snippets.

A fragment that cannot run on its own is marked on its fence, as in pydantic's docs:
```` ```py test="skip" ````. Snippet embeds are not inline examples: the site build
expands them, and `test_snippets.py` runs them.
"""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest
from conftest import ROOT
from pytest_examples import CodeExample, EvalExample, find_examples


def ruff_problems(example: CodeExample) -> str:
    """What ruff's check and format say of an example, under pyproject.toml's rules.

    The `#>` lines are pytest-examples' print checks, not code: ruff format would
    rewrite them as `# >`, so they are left out of the format check.
    """
    name = f"{example.path.relative_to(ROOT)}:{example.start_line}.py"
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
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            found.append(done.stdout + done.stderr)
    return "\n".join(found)


def raised_where(error: Exception, example: CodeExample) -> str:
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
    page = example.path.relative_to(ROOT).as_posix()
    return f"{page}:{line}: {type(error).__name__}: {error}"


def example_params():
    for example in find_examples(str(ROOT / "docs")):
        page = example.path.relative_to(ROOT).as_posix()
        yield pytest.param(example, id=str(example), marks=pytest.mark.page(page))


@pytest.mark.parametrize("example", list(example_params()))
def test_inline_example(
    request: pytest.FixtureRequest, example: CodeExample, eval_example: EvalExample
) -> None:
    if example.prefix_settings().get("test") == "skip":
        pytest.skip('marked test="skip" on its fence')
    page = example.path.relative_to(ROOT).as_posix()
    try:
        if eval_example.update_examples:
            eval_example.run_print_update(example)
        else:
            eval_example.run_print_check(example)
    except pytest.fail.Exception as failed:
        if not str(failed.msg).startswith("Print output changed"):
            raise
        message = (
            f"{page}:{example.start_line}: the example prints otherwise than its "
            f"`#>` lines say:\n{failed.msg}\nIf the new output is right, record it "
            f"with --update-examples: .venv/bin/pytest -n 0 -p no:cacheprovider "
            f"'{request.node.nodeid}' --update-examples"
        )
    except Exception as error:  # the example raised
        message = raised_where(error, example)
    else:
        message = None
    if message:
        # failed here, outside the `except`, and without the example's traceback:
        # pytest-examples 0.0.18 rewrites its frames with a line table that makes
        # pytest's traceback printer raise StopIteration (an INTERNALERROR)
        pytest.fail(message, pytrace=False)
    problems = ruff_problems(example)
    if problems:
        pytest.fail(f"{example.path}:{example.start_line}: {problems}", pytrace=False)


def harness_modules() -> list[str]:
    """The harness's modules whose docstrings hold `>>>` examples."""
    return sorted(
        path.stem
        for path in (ROOT / "measured").glob("*.py")
        if ">>> " in path.read_text()
    )


@pytest.mark.parametrize("module", harness_modules())
def test_the_harness_s_docstring_examples_hold(module: str) -> None:
    """The harness's reference pages show its docstrings' `>>>` examples: each runs,
    and prints what it says (two in `measured.pyodide` did not, and nothing ran
    them)."""
    found = doctest.testmod(
        importlib.import_module(f"measured.{module}"),
        optionflags=doctest.ELLIPSIS,
        report=False,
    )
    assert found.attempted, f"measured/{module}.py: no example ran"
    assert not found.failed, (
        f"measured/{module}.py: {found.failed} of its {found.attempted} docstring "
        "examples print otherwise than they say (python -m doctest -v measured/"
        f"{module}.py)"
    )

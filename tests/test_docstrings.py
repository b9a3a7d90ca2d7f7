"""The harness's docstring examples: each `>>>` example in `measured/` runs and
prints what it says. (A page's inline examples are its `example[...]` items, run by
the suite's pytest plugin: `measured/examples.py`.)
"""

from __future__ import annotations

import doctest
import importlib

import pytest
from conftest import ROOT


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

"""`pytest docs/core/tasks.md`: check one page, and only what it shows.

Given pages as arguments, pytest runs the suite's tests (under `tests/`) that belong
to them: each snippet they show on every Python found, their claims, their
timelines and inline examples, then the cross-checks and the strict site build
(marked `page("*")`). Everything else (harness tests, browser tests) is left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from measured.interpreters import find_interpreters

ROOT = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    # Ask every Python once, here, before pytest-xdist starts its workers: they
    # inherit the answers (see measured.interpreters.KNOWN) instead of each starting
    # every interpreter again, which a loaded machine can make take many seconds.
    find_interpreters()
    pages, rest = [], []
    for arg in config.args:
        path = Path(arg.split("::")[0])
        resolved = (Path(config.invocation_params.dir) / path).resolve()
        if path.suffix == ".md" and resolved.is_relative_to(ROOT / "docs"):
            if not resolved.is_file():
                raise pytest.UsageError(f"{arg}: no such page")
            pages.append(resolved.relative_to(ROOT).as_posix())
        else:
            rest.append(arg)
    config.option.measured_pages = pages
    if pages:
        config.args[:] = rest or [str(ROOT / "tests")]


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    pages = config.option.measured_pages
    if not pages:
        return
    wanted = set(pages) | {"*"}
    keep, drop = [], []
    for item in items:
        marked = {str(m.args[0]) for m in item.iter_markers("page")}
        (keep if marked & wanted else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep

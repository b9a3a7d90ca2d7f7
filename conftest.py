"""`pytest docs/core/tasks.md`: check one page, and only what it shows.

Given pages as arguments, pytest runs the suite's tests (under `tests/`) that belong
to them: each snippet they show on every Python found, their claims, their
timelines and inline examples, then the cross-checks and the strict site build
(marked `page("*")`). Everything else (harness tests, browser tests) is left out.

`--python 3.12` (repeatable) keeps, of the tests run once per Python (those with a
`python` parameter), only that version's; every other test stays. CI's
`make test-python-3.12` job is built on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from measured.interpreters import SUPPORTED, find_interpreters

ROOT = Path(__file__).resolve().parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--python",
        action="append",
        default=[],
        metavar="3.X",
        dest="measured_python",
        help="of the tests run once per Python, run only this version's (repeat "
        f"for more; one of {', '.join(SUPPORTED)}); other tests are unaffected",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Ask every Python once, here, before pytest-xdist starts its workers: they
    # inherit the answers (see measured.interpreters.KNOWN) instead of each starting
    # every interpreter again, which a loaded machine can make take many seconds.
    found = {python.minor for python in find_interpreters()}
    for version in config.option.measured_python:
        if version not in SUPPORTED:
            raise pytest.UsageError(
                f"--python {version}: not a supported version ({', '.join(SUPPORTED)})"
            )
        if version not in found:
            raise pytest.UsageError(
                f"--python {version}: CPython {version} is not found on this machine "
                f"(found: {', '.join(sorted(found))}); `make install` installs it "
                "where it can"
            )
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
    versions = set(config.option.measured_python)
    if not pages and not versions:
        return
    wanted = set(pages) | {"*"}
    keep, drop = [], []
    for item in items:
        marked = {str(m.args[0]) for m in item.iter_markers("page")}
        python = getattr(item, "callspec", None) and item.callspec.params.get("python")
        chosen = (not pages or marked & wanted) and (
            not versions or python is None or python.minor in versions
        )
        (keep if chosen else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep

"""The fixtures of the suite's tests under `tests/`: the pages a session checks,
the measuring phase's traces, the site built by each builder. Pages themselves are
checked by the suite's pytest plugin, `measured/pytest_plugin.py`, which holds the
project, the Pythons found and the measuring engine; their names are re-exported
here for the tests that read them (`from conftest import PROJECT, ROOT`).

Contributors never edit this: pages, snippets and front matter drive every test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import measured.site
from measured.measurements import DIRECTORY
from measured.project import Page
from measured.pytest_plugin import ROOT, MeasuringPhase, measuring_phase, suite
from measured.runner import Run

__all__ = ["ROOT"]

PROJECT = suite().project
INTERPRETERS = suite().interpreters
PRIMARY = suite().primary


@pytest.fixture(scope="session")
def pages(request: pytest.FixtureRequest) -> list[Page]:
    """The pages this session checks: those named on the command line
    (`pytest docs/core/tasks.md`), or every page."""
    named = getattr(request.config.option, "measured_pages", None)
    return [page for page in PROJECT.pages if not named or page.path in named]


@pytest.fixture(scope="session")
def measuring(request: pytest.FixtureRequest) -> MeasuringPhase:
    return measuring_phase(request.session)


class Traces:
    """The timelines of this session, traced in the measuring phase."""

    def __init__(self, phase: MeasuringPhase) -> None:
        self.phase = phase

    def __getitem__(self, snippet: str) -> tuple[Run, Path]:
        return self.phase.trace(snippet)


@pytest.fixture(scope="session")
def traces(measuring: MeasuringPhase) -> Traces:
    return Traces(measuring)


def build_site(
    out: Path, site_url: str | None = None, builder: str = "mkdocs", root: Path = ROOT
) -> Path:
    """Build the site with --strict into `out`, for `site_url` if given."""
    done = measured.site.build_site(root, out, site_url, builder=builder)
    if done.returncode:
        pytest.fail(
            f"{builder} build --strict failed:\n{done.stdout}{done.stderr}",
            pytrace=False,
        )
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with --strict from the measurements of this run."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def built_by_zensical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site, built by the second builder, Zensical."""
    return build_site(tmp_path_factory.mktemp("zensical"), builder="zensical")


@pytest.fixture(scope="session")
def built_by_both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site built by MkDocs and by Zensical from one copy of this run's
    measurements: the check phase records outputs while it runs, and an output's
    label ("checked on CPython …") follows what was recorded when its page was
    built."""
    root = tmp_path_factory.mktemp("frozen") / "root"
    root.mkdir()
    # copies: the measurements, frozen; the pages, which Zensical wants inside the
    # folder of its configuration (it resolves links); the configurations
    copied = {"docs", "mkdocs.yml", "zensical.yml", DIRECTORY}
    left_out = {".git", ".venv", ".artifacts", ".zensical", ".cache", "site"}
    for entry in ROOT.iterdir():
        if entry.name not in copied | left_out:
            (root / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", root / "docs")
    for name in ("mkdocs.yml", "zensical.yml"):
        shutil.copy2(ROOT / name, root / name)
    if (ROOT / DIRECTORY).is_dir():
        shutil.copytree(
            ROOT / DIRECTORY,
            root / DIRECTORY,
            ignore=shutil.ignore_patterns(".*", "failures", "cache", "suite"),
        )
    folder = tmp_path_factory.mktemp("both")
    return (
        build_site(folder / "mkdocs", root=root),
        build_site(folder / "zensical", builder="zensical", root=root),
    )


def without_figures(reason: str) -> None:
    """Skip a check of figures where none were measured (`make test-site` alone, on
    a contributor's machine); fail in CI, where the measuring came first (`make
    test`) or its jobs handed their figures over, and none here means that broke."""
    if os.environ.get("CI"):
        pytest.fail(
            f"{reason}; in CI the figures are measured first (`make test`) or "
            "downloaded from the measure jobs (the workflow's site job)",
            pytrace=False,
        )
    pytest.skip(reason)


SITE_BUILD_WEIGHT = 4
"""What `tests/test_site.py`'s strict builds weigh when `--shard` deals the site's
tests out, against a browser job's 1 (`tests/browser/browsing.py`'s `SHARE_WEIGHT`)."""


def together(items: list[pytest.Item]) -> None:
    """Mark the tests that must share a runner under `--shard` (the root
    conftest's `shares`): a browser test goes with the job it reads first (a page's
    visit, the search session), so each job runs in one share only; the tests of
    the strict builds (both builders') go together."""
    for item in items:
        keys = getattr(getattr(item, "function", None), "browses", None)
        if keys is not None:
            params = item.callspec.params if hasattr(item, "callspec") else {}
            try:
                jobs = keys(**params)
            except Exception:  # the test says what is missing when it runs
                continue
            if jobs:
                # imported here: this file is imported before the package's tests
                from browser.browsing import SHARE_WEIGHT

                weight = SHARE_WEIGHT.get(jobs[0][0], 1)
                item.add_marker(pytest.mark.together(repr(jobs[0]), weight=weight))
        elif item.nodeid.startswith(
            ("tests/test_site.py::", "tests/test_builders.py::")
        ):
            item.add_marker(pytest.mark.together("site", weight=SITE_BUILD_WEIGHT))


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    if config.getoption("measured_shard", None) is not None:
        together(items)

"""Pages, snippets, recordings, claims and the navigation agree; the code is clean."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PROJECT, ROOT
from mkdocs.config import load_config

from measured.safety import check_snippets

LINTED = ["snippets", "measured", "tests", "conftest.py"]

pytestmark = pytest.mark.page("*")


def nav_pages() -> list[str]:
    """Every page named in the `nav:` of mkdocs.yml, relative to `docs/`."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    found: list[str] = []

    def walk(entry: object) -> None:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for value in entry:
                walk(value)

    walk(config["nav"])
    return found


def test_pages_snippets_and_claims_agree() -> None:
    problems = [str(problem) for problem in PROJECT.problems(nav_pages())]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *LINTED],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_code_is_ruff_clean() -> None:
    done = ruff("check", "--no-fix", "--output-format", "concise")
    if done.returncode:
        pytest.fail(
            f"ruff check found problems:\n{done.stdout}{done.stderr}", pytrace=False
        )


def test_code_is_ruff_formatted() -> None:
    done = ruff("format", "--check", "--diff")
    if done.returncode:
        pytest.fail(
            "ruff format would change these files (run `.venv/bin/ruff format`):\n"
            f"{done.stdout}{done.stderr}",
            pytrace=False,
        )


def test_snippets_are_safe_to_copy() -> None:
    on_purpose = [name for name in PROJECT.snippets() if PROJECT.settings(name).unsafe]
    problems = [str(problem) for problem in check_snippets(ROOT, on_purpose)]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_workflows_are_valid() -> None:
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflow under .github/workflows"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *workflows,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.fail(f"invalid workflow:\n{done.stdout}{done.stderr}", pytrace=False)

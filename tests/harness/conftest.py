"""Helpers shared by the harness's own tests: a throwaway copy of the project, files
written into it, pages and claims of a test's own, the guide's example messages, a
strict build, a nested pytest session, a real HTTP server.

Imported by name (`from harness.conftest import copy_project, write`): this is the
module `harness.conftest`; `from conftest import ...` still means `tests/conftest.py`,
the suite's own.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import PRIMARY, ROOT

from measured.claims import Claim
from measured.processes import SUITE, suite_id
from measured.project import Project
from measured.runner import Run

GATHER_EXAMPLE = "basics/overlap.py"
"""The article's example: two waits of 2 s and 3 s under asyncio.gather."""


TINY_PAGE = f"""# A page

Two waits overlap:

{{{{ run("{GATHER_EXAMPLE}") }}}}
"""


SAMPLE = ROOT / "tests" / "sample"
"""The small sample project: a page with a program and a claim, and a page with
an exercise."""


def copy_project(tmp_path: Path) -> Path:
    """A throwaway project with the real harness, theme and configuration, and one
    page (`docs/index.md`, in the navigation) that shows `GATHER_EXAMPLE`: a strict
    build of it takes a second, where the whole site takes fifteen."""
    root = tmp_path / "project"
    for name in ("measured", "overrides", "docs/stylesheets", "docs/assets"):
        shutil.copytree(
            ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    config = (ROOT / "mkdocs.yml").read_text()
    write(
        root, "mkdocs.yml", config[: config.index("\nnav:")] + "\nnav:\n  - index.md\n"
    )
    write(root, "docs/index.md", TINY_PAGE)
    for recorded in (ROOT / "snippets").glob(GATHER_EXAMPLE.replace(".py", ".*")):
        write(
            root,
            f"snippets/{recorded.relative_to(ROOT / 'snippets')}",
            recorded.read_text(),
        )
    return root


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def page(front_matter: str, body: str = "") -> str:
    return f"---\n{front_matter.strip()}\n---\n\n# A page\n\n{body}"


def problems_of(root: Path) -> list[str]:
    return [str(problem) for problem in Project(root).problems()]


def demo_claim(name: str, **fields: Any) -> Claim:
    """A claim of a harness test's own, on line 4 of `docs/a.md`, with placeholder
    words: `fields` give its snippets and its bounds."""
    return Claim.from_mapping(
        {"id": name, **fields, "says": "s", "because": "b"}, "docs/a.md", 4
    )


GIL_CLAIM = {
    "id": "gil",
    "snippet": "demo/threads.py",
    "cores": ["0.8 * min(1, cpus)", 1.15],
    "free_cores": "threads",
    "says": "s",
    "because": "b",
}
"""A claim on threads that take turns on the GIL, as compute_threads.py's."""


def printed(output: str) -> Run:
    return Run("demo/nap.py", output, "", 0, 0.6, 1000, "3.11.7", "CPython")


def contributing_example(start: str) -> str:
    """The text block of the contributing guide that starts with `start`."""
    guide = (ROOT / "docs/contributing/index.md").read_text()
    blocks = re.findall(r"^```text\n(.*?)^```$", guide, re.MULTILINE | re.DOTALL)
    found = [block.strip() for block in blocks if block.startswith(start)]
    assert found, f"docs/contributing/index.md shows no message starting {start!r}"
    return found[0]


def figures_masked(text: str) -> str:
    """The text with every number replaced, so that only its wording is compared."""
    return re.sub(r"\d+(\.\d+)*", "N", text.strip())


def build(
    root: Path, published: str = "", publishing: bool = False
) -> subprocess.CompletedProcess[str]:
    """A strict build of `root` into `root/site`, filling in the figures it lacks from
    the site `published` (none: empty), as the publishing build where `publishing`."""
    env = {**os.environ, "MEASURED_PUBLISHED": published}
    env.pop("MEASURED_REQUIRE_FIGURES", None)
    if publishing:
        env["MEASURED_REQUIRE_FIGURES"] = "1"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--site-dir",
            str(root / "site"),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )


def copy_suite(root: Path) -> None:
    """Give a copied project the real suite (tests/, conftest.py, pyproject.toml)."""
    if not (root / "tests").exists():
        shutil.copytree(
            ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
        shutil.copy(ROOT / "conftest.py", root / "conftest.py")


def run_pytest(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real suite's pytest in a copied project (see `copy_project`), as a
    suite of its own: its end must not count this suite's snippets as left. It
    checks with this suite's Python only (finding the others takes half its time)."""
    copy_suite(root)
    # a suite id of its own: at its end a session kills what its suite left running,
    # and another test's nested session may be running beside it (under xdist)
    nested = {
        SUITE: f"{suite_id()}-{root.parent.name}",
        "MEASURED_PYTHONS": PRIMARY.path,
    }
    # outside CI unless a test says otherwise: in CI, pytest's summary repeats each
    # failure's whole message, which would change what these tests count
    outer = {k: v for k, v in os.environ.items() if k not in ("CI", "BUILD_NUMBER")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**outer, **nested, **(env or {})},
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving `directory`, by its address; closed
    (the port refuses connections) when the block ends."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


NAP = '''"""Waits half a second."""

import asyncio
import threading
import time


async def main() -> None:
    start = time.perf_counter()
    await asyncio.sleep(0.5)
    BLOCK
    print(f"woke at {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
'''

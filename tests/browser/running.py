"""What the Run-button tests share: the seed, which pages can run, and a reader's
hands on a Run block (click Run, paste into the editor, wait for the run's end).
They are `test_run.py`, `test_run_blocking_and_stopping.py`, `test_run_edges.py`,
`test_run_loading.py`, `test_exercise_check.py`, and the colour schemes and touch
targets of `test_navigation.py`."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import PROJECT, ROOT

from browser.browsing import PATIENCE_MS, page_url, script
from measured.pyodide import core_files, decide

SEED = "basics/overlap.py"
"""Two waits of 2 s and 3 s under `gather`: about 3 s, never less."""
CACHED = ("pyodide.asm.wasm", "python_stdlib.zip")
"""Pyodide's largest files, which a later visit takes from the browser's cache."""
STUCK = (
    "import asyncio\n\n\nasync def main() -> None:\n    print('started')\n"
    "    while True:\n        await asyncio.sleep(0.5)\n\n\n"
    'if __name__ == "__main__":\n    asyncio.run(main())\n'
)
"""A program that never ends, as a reader's edit makes one."""


def runnable(snippet: str) -> bool:
    return decide(ROOT, snippet, PROJECT.settings(snippet)).runnable


def run_urls() -> list[str]:
    """The pages that show a snippet a browser can run."""
    return [page_url(p.path) for p in PROJECT.pages if any(map(runnable, p.shows))]


RUN_URLS = run_urls() if core_files(ROOT) else []
SEED_URL = page_url(
    next((p.path for p in PROJECT.pages if SEED in p.shows), "docs/index.md")
)


def needs_run_buttons() -> None:
    if not RUN_URLS:
        pytest.skip("Pyodide's files are not installed (npm ci): no Run buttons")


@dataclass
class Ran:
    """One click on a Run button, and what the page showed when it ended."""

    snippet: str
    state: str
    output: str
    label: str
    seconds: float
    first_output_ms: float | None
    ready_ms: float | None
    exit: str
    ended: float = field(default_factory=time.perf_counter)
    """when the test saw it end (`time.perf_counter`)"""


async def click_run(page: Any, box: Any) -> Ran:
    """Click a block's Run button as a reader does, and wait until the run ends."""
    await page.evaluate(script("reveal"), await box.element_handle())
    await box.locator(".run-here__run").click()
    handle = await box.element_handle()
    async with asyncio.timeout(PATIENCE_MS / 1000):
        await page.evaluate(script("ended"), handle)
    return Ran(**await page.evaluate(script("ran"), handle))


async def ended_within(page: Any, box: Any, seconds: float) -> Ran | None:
    """Wait up to `seconds` for the block's run to end: its result, or None."""
    handle = await box.element_handle()
    try:
        async with asyncio.timeout(seconds):
            await page.evaluate(script("ended"), handle)
    except TimeoutError:
        return None
    return Ran(**await page.evaluate(script("ran"), handle))


async def put_in_editor(page: Any, box: Any, source: str) -> None:
    """Open a block's editor (unless it is open) and replace its text with `source`,
    as a reader pastes a program: select all, then paste."""
    await page.evaluate(script("reveal"), await box.element_handle())
    edit = box.locator(".run-here__edit")
    if await edit.is_visible():
        await edit.click()
    await box.locator(".run-here__cm .cm-content").fill(source)


async def shown_code(box: Any) -> str | None:
    return await box.evaluate(script("shown-code"))


async def run_edited(page: Any, box: Any, source: str) -> Ran:
    """Open a block's editor, put `source` in it, and run it."""
    await put_in_editor(page, box, source)
    return await click_run(page, box)


def snippet_box(page: Any, snippet: str) -> Any:
    return page.locator(f'.run-here[data-snippet="{snippet}"]').first

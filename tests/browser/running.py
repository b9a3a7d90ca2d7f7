"""What the tests of the Run buttons share (`test_run.py`, `test_run_blocking_and_
stopping.py`, `test_run_edges.py`, `test_run_loading.py`, `test_exercise_check.py`,
and the colour schemes and touch targets of `test_navigation.py`): the seed, which
pages can run, and a reader's hands on a Run block (click Run, paste into the
editor, wait for the run's end)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import PROJECT, ROOT

from browser.browsing import PATIENCE_MS, REVEAL, page_url
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


RAN = """
(box) => ({
  snippet: box.dataset.snippet,
  state: box.dataset.state,
  output: box.querySelector(".run-here__output").textContent,
  label: box.querySelector(".run-here__label").textContent,
  seconds: Number(box.dataset.seconds || "NaN"),
  first_output_ms: box.dataset.firstOutputMs ? Number(box.dataset.firstOutputMs) : null,
  ready_ms: box.dataset.readyMs ? Number(box.dataset.readyMs) : null,
  exit: box.dataset.exit || "",
})
"""
ENDED = """
(box) => new Promise((done) => {
  // resolves when the run has ended: told by the page's change of data-state, not
  // by asking on every frame (which keeps the page drawing frames while it runs)
  const ended = () => ["done", "failed", "stopped"].includes(box.dataset.state);
  if (ended()) return done();
  const watch = new MutationObserver(() => {
    if (ended()) {
      watch.disconnect();
      done();
    }
  });
  watch.observe(box, { attributes: true, attributeFilter: ["data-state"] });
})
"""
FOLLOW = """
(url) => {
  // follow a link to the next page, as a reader clicks one: instant navigation
  // fetches the page and swaps its content in, keeping the page's scripts
  const article = document.querySelector("article");
  article.dataset.left = "yes";
  const link = Object.assign(document.createElement("a"), { href: url });
  article.append(link);
  link.click();
}
"""
ARRIVED = """
(url) => location.href.split("#")[0] === url  // navigation.tracking may add an #anchor
  && !document.querySelector("article[data-left]")
  && document.querySelector("article") !== null
"""
STARTED = """
(box) => box.dataset.state === "running"
  && box.querySelector(".run-here__output").textContent.includes("started")
"""
SHOWN_CODE = """
(box) => {
  // the program the block shows: its editor's lines where the editor is shown,
  // else the file
  const view = box.querySelector(".run-here__cm");
  if (view && view.checkVisibility()) {
    return [...view.querySelectorAll(".cm-line")].map((line) => line.textContent).join("\\n")
      + "\\n";
  }
  const area = box.querySelector("textarea");
  if (!area.hidden && area.checkVisibility()) return area.value;
  let el = box.previousElementSibling;
  for (; el; el = el.previousElementSibling) {
    const title = el.querySelector(":scope > span.filename, .highlight > span.filename");
    if (title && title.textContent.trim() === "snippets/" + box.dataset.snippet) {
      const code = title.closest(".highlight");
      return code.checkVisibility() ? code.querySelector("pre > code").textContent : null;
    }
  }
  return null;
}
"""


async def click_run(page: Any, box: Any) -> Ran:
    """Click a block's Run button as a reader does, and wait until the run ends."""
    await page.evaluate(REVEAL, await box.element_handle())
    await box.locator(".run-here__run").click()
    handle = await box.element_handle()
    async with asyncio.timeout(PATIENCE_MS / 1000):
        await page.evaluate(ENDED, handle)
    return Ran(**await page.evaluate(RAN, handle))


async def ended_within(page: Any, box: Any, seconds: float) -> Ran | None:
    """Wait up to `seconds` for the block's run to end: its result, or None."""
    handle = await box.element_handle()
    try:
        async with asyncio.timeout(seconds):
            await page.evaluate(ENDED, handle)
    except TimeoutError:
        return None
    return Ran(**await page.evaluate(RAN, handle))


async def put_in_editor(page: Any, box: Any, source: str) -> None:
    """Open a block's editor (unless it is open) and replace its text with `source`,
    as a reader pastes a program: select all, then paste."""
    await page.evaluate(REVEAL, await box.element_handle())
    edit = box.locator(".run-here__edit")
    if await edit.is_visible():
        await edit.click()
    await box.locator(".run-here__cm .cm-content").fill(source)


async def shown_code(box: Any) -> str | None:
    return await box.evaluate(SHOWN_CODE)


async def run_edited(page: Any, box: Any, source: str) -> Ran:
    """Open a block's editor, put `source` in it, and run it."""
    await put_in_editor(page, box, source)
    return await click_run(page, box)


def snippet_box(page: Any, snippet: str) -> Any:
    return page.locator(f'.run-here[data-snippet="{snippet}"]').first

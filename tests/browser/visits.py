"""The visit of each page: one load at 1280×900, as a first-time reader's, on which
every reading of that page is taken (its errors, weight, accessibility, copy
buttons, claim boxes, then the same page at a phone's width), so that no test loads
a page twice. Tests of several concerns read it (`tests/browser/test_pages.py`,
`test_claim_boxes.py`, `test_run.py`): the package's conftest imports this module,
so its job is registered whichever of them are collected."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import PROJECT

from browser.browsing import (
    ARTIFACTS,
    NEXT_FRAME,
    PATIENCE_MS,
    PHONE,
    Browser,
    job,
    open_page,
    page_url,
    script,
)

KEY_PAGES = ["basics/what-is-async/", "core/event-loop/", "claims/"]
"""The pages a visit screenshots whole (`.artifacts/screenshots/`)."""
MIN_LABEL_PX = 11
"""The smallest text of a chart or timeline, as rendered on a phone."""
RUNNABLE = "core/many_taskgroup_fails.py"
"""A cheap snippet whose command, copied from its page, is run."""
RUNNABLE_URL = page_url(
    next(p.path for p in PROJECT.pages if RUNNABLE in p.shows)
    if any(RUNNABLE in p.shows for p in PROJECT.pages)
    else "docs/index.md"
)


def figure_urls() -> list[str]:
    """The pages that draw a chart or a timeline."""
    return [
        page_url(page.path)
        for page in PROJECT.pages
        if page.charts or any(m.name == "timeline" for m in page.markers)
    ]


FIGURE_URLS = figure_urls()


READ_ONLY_ON: dict[str, list[str]] = {
    "index": ["claims/"],
    "screenshot": KEY_PAGES,
    "pasted": [RUNNABLE_URL],
    "phone_labels": FIGURE_URLS,
}
"""The readings a visit takes on some pages only, by the `Visit` field each fills,
with the pages it takes them on (every other reading is taken on every page). Each
is taken in the same load as the rest: one load per page, whatever its tests read."""


@dataclass
class Visit:
    """What one visit of a page at 1280×900 found."""

    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bytes: int = 0
    violations: list[str] = field(default_factory=list)
    scrolling: list[dict[str, Any]] = field(default_factory=list)
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)
    copies: list[tuple[str, str]] = field(default_factory=list)
    """(snippet, what its code block's copy button copied)"""
    consoles: list[tuple[str, str | None]] = field(default_factory=list)
    """(a console block's text, what its copy button copied, None without one)"""
    pasted: str | None = None
    """what the clipboard held after a reader's click on the copy button of
    `RUNNABLE`'s command, on its page"""
    screenshot: Path | None = None
    page_size: tuple[int, int] = (0, 0)
    """the page's whole width and height in CSS pixels, when the screenshot was taken"""
    phone_labels: list[dict[str, Any]] = field(default_factory=list)
    """the rendered size of every chart's and timeline's text at 390×844"""
    phone_commands: list[dict[str, Any]] = field(default_factory=list)
    """the command blocks a phone (390×844) cannot show whole (`js/commands-cut.js`)"""
    runs_here: dict[str, Any] = field(default_factory=dict)
    """each snippet's Run button or note (`js/runs-here.js`), and the count of the
    explanations of running in the browser"""
    copy_labels: list[dict[str, Any]] = field(default_factory=list)
    """each copy button's label, with the title of its block (`js/copy-labels.js`)"""


@job("visit")
async def visit(browser: Browser, url: str) -> Visit:
    """Load a page at 1280×900 like a first-time reader, then look at everything."""
    found = Visit(url)
    async with browser.tab() as page:
        traffic = await open_page(browser, page, url, found.errors)
        try:
            async with asyncio.timeout(PATIENCE_MS / 1000):
                await traffic.quiet.wait()
        except TimeoutError:
            pending = [request.url for request in traffic.pending]
            raise AssertionError(
                f"/{url}: requests unfinished {PATIENCE_MS / 1000:.0f} s after load: "
                f"{pending}"
            ) from None
        found.requests = list(traffic.requests)
        found.bytes = await traffic.weight()
        weights = ARTIFACTS / "page-weights"
        weights.mkdir(parents=True, exist_ok=True)
        (weights / f"{url.strip('/').replace('/', '_') or 'home'}.json").write_text(
            json.dumps(
                {"page": url, "requests": len(found.requests), "bytes": found.bytes}
            )
        )
        found.scrolling = await page.evaluate(script("scrolling-programs"))
        found.runs_here = await page.evaluate(script("runs-here"))
        found.copy_labels = await page.evaluate(script("copy-labels"))
        found.claims = await page.evaluate(script("claim-boxes"))
        if url in READ_ONLY_ON["index"]:
            found.index = await page.evaluate(script("index-rows"))
        if url in READ_ONLY_ON["screenshot"]:
            shots = ARTIFACTS / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            found.screenshot = shots / f"{url.strip('/').replace('/', '_')}.png"
            found.page_size = tuple(
                await page.evaluate(
                    "() => [document.documentElement.scrollWidth,"
                    " document.documentElement.scrollHeight]"
                )
            )
            await page.screenshot(path=str(found.screenshot), full_page=True)
        results = await browser.axe(page)
        found.violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        info = next(p for p in PROJECT.pages if page_url(p.path) == url)
        # a copy command acts on the focused page: copy with this page in front,
        # one page at a time (each takes milliseconds)
        async with browser.clipboard.alone():
            copied = None
            # a page another visit opens meanwhile takes the focus, and a copy
            # command then copies nothing: the blocks left empty get more tries
            for _ in range(3):
                await page.bring_to_front()
                again = await page.evaluate(script("copy-all"))
                if copied is None:
                    copied = again
                    continue
                for name, text in again["snippets"].items():
                    copied["snippets"][name] = copied["snippets"].get(name) or text
                copied["consoles"] = [
                    [shown, text or other]
                    for (shown, text), (_, other) in zip(
                        copied["consoles"], again["consoles"], strict=True
                    )
                ]
        found.copies = [
            (snippet, copied["snippets"].get(f"snippets/{snippet}") or "")
            for snippet in info.shows
        ]
        found.consoles = [(shown, text) for shown, text in copied["consoles"]]
        if url in READ_ONLY_ON["pasted"]:
            block = page.locator(
                "div.language-console.highlight", has_text=f"snippets/{RUNNABLE}"
            ).first
            found.pasted = await browser.paste(page, block)
        found.failed = list(traffic.failed)
        # the same page turned into a phone's: the layout follows the width (CSS
        # media queries), so no second load is needed to measure it
        await page.set_viewport_size(PHONE)
        await page.evaluate(NEXT_FRAME)
        found.phone_commands = await page.evaluate(script("commands-cut"))
        if url in READ_ONLY_ON["phone_labels"]:
            found.phone_labels = await page.evaluate(
                script("figure-labels"), MIN_LABEL_PX
            )
    return found

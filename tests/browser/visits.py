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
    REVEAL,
    Browser,
    job,
    open_page,
    page_url,
)

KEY_PAGES = ["basics/what-is-async/", "core/event-loop/", "claims/"]
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
    """the command blocks a phone (390×844) cannot show whole (`COMMANDS_CUT`)"""
    runs_here: dict[str, Any] = field(default_factory=dict)
    """each snippet's Run button or note (`RUNS_HERE`), and the count of the
    explanations of running in the browser"""
    copy_labels: list[dict[str, Any]] = field(default_factory=list)
    """each copy button's label, with the title of its block (`COPY_LABELS`)"""


COPY_ALL = (
    """
() => {
  // click every copy button of the page's programs and console blocks, in the page,
  // and keep what each click copied (null: the block has no copy button)
  const reveal = """
    + REVEAL
    + """;
  const copy = (block) => {
    const button = block.querySelector("button[data-md-type=copy]");
    if (!button) return null;
    if (!block.checkVisibility()) reveal(block);
    window.__copied = null;
    button.click();
    return window.__copied;
  };
  const snippets = {};
  for (const block of document.querySelectorAll(".highlight")) {
    const title = block.querySelector(":scope > span.filename");
    const name = title ? title.textContent.trim() : "";
    if (name.startsWith("snippets/") && !(name in snippets)) snippets[name] = copy(block);
  }
  const consoles = [...document.querySelectorAll("div.language-console.highlight")]
    .map((block) => [block.querySelector("pre > code").textContent, copy(block)]);
  return { snippets, consoles };
}
"""
)
SCROLLING = """
() => [...document.querySelectorAll(".highlight")]
  .map((block) => [block.querySelector(":scope > .filename"), block.querySelector("pre > code")])
  .filter(([title, code]) => title && code && title.textContent.trim().startsWith("snippets/"))
  .map(([title, code]) => ({
    snippet: title.textContent.trim(),
    scrollWidth: code.scrollWidth,
    clientWidth: code.clientWidth,
  }))
  .filter((block) => block.scrollWidth > block.clientWidth)
"""

RUNS_HERE = """
() => {
  // for each snippet the page shows, the blocks after its code up to the next
  // snippet's: whether one is a Run button, and the text of any note
  const found = {};
  const titles = [...document.querySelectorAll(".highlight > span.filename")]
    .filter((title) => title.textContent.trim().startsWith("snippets/"));
  for (const title of titles) {
    const name = title.textContent.trim().slice("snippets/".length);
    const entry = (found[name] = found[name] || { run: false, notes: [] });
    let el = title.closest(".highlight");
    for (el = el.nextElementSibling; el; el = el.nextElementSibling) {
      const next = el.querySelector(":scope > span.filename, .highlight > span.filename");
      if (next && next.textContent.trim().startsWith("snippets/")) break;
      if (el.matches(".run-here")) entry.run = true;
      if (el.matches(".run-note")) entry.notes.push(el.textContent.trim());
    }
  }
  return { snippets: found, helps: document.querySelectorAll(".run-here__help").length };
}
"""

COPY_LABELS = """
() => [...document.querySelectorAll(".highlight button[data-md-type=copy]")].map((b) => {
  const block = b.closest(".highlight");
  const title = block.querySelector(":scope > .filename");
  return {
    title: title ? title.textContent.trim() : null,
    console: block.classList.contains("language-console"),
    label: b.getAttribute("aria-label"),
  };
})
"""
CLAIM_BOXES = """
() => {
  // a colour is the danger colour when it is a saturated red, and not transparent
  const red = (colour) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(colour || "");
    if (!m) return false;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).map(Number);
    if (a < 0.5) return false;
    const max = Math.max(r, g, b), min = Math.min(r, g, b);
    if (max === 0 || (max - min) / max < 0.5) return false;
    let hue;
    if (max === r) hue = (60 * ((g - b) / (max - min)) + 360) % 360;
    else if (max === g) hue = 60 * ((b - r) / (max - min)) + 120;
    else hue = 60 * ((r - g) / (max - min)) + 240;
    return hue <= 20 || hue >= 340;
  };
  const found = {};
  for (const box of document.querySelectorAll(".claim[id^='claim-']")) {
    const parts = [box, ...box.querySelectorAll("*")].filter(
      (el) => !el.closest("details:not([open]) > :not(summary)"));
    let text = box.innerText;
    const colours = [];
    for (const el of parts) {
      for (const pseudo of [null, "::before", "::after"]) {
        const style = getComputedStyle(el, pseudo);
        if (pseudo && style.content && style.content !== "none") text += style.content;
        colours.push(style.color, style.borderLeftColor, style.backgroundColor);
      }
    }
    found[box.id.slice("claim-".length)] = {
      classes: box.className,
      text,
      danger: colours.filter(red),
    };
  }
  return found;
}
"""

INDEX_ROWS = """
() => Object.fromEntries([...document.querySelectorAll("tr a[href*='#claim-']")]
  .map((a) => [a.getAttribute("href").split("#claim-")[1], a.closest("tr").innerText]))
"""

LABELS = """
(least) => [...document.querySelectorAll("figure.measured-figure svg")].map((svg) => {
  const sizes = [...svg.querySelectorAll("text")]
    .filter((t) => t.textContent.trim() && t.getBBox().width > 0)
    .map((t) => {
      const m = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      return { text: t.textContent.trim(), px: Math.round(px * 10) / 10 };
    });
  return {
    figure: svg.closest("figure").id,
    labels: sizes.length,
    small: sizes.filter((s) => s.px < least).slice(0, 5),
  };
})
"""
COMMANDS_CUT = """
() => {
  // each command block whose text a phone cannot see whole: it scrolls sideways,
  // or a character lies under the block's copy button
  const cut = [];
  for (const code of document.querySelectorAll(".highlight.command pre > code")) {
    if (!code.checkVisibility()) continue;
    const pre = code.parentElement;
    const button = pre.querySelector(".md-clipboard");
    const box = button ? button.getBoundingClientRect() : null;
    const range = document.createRange();
    range.selectNodeContents(code);
    const under = box && [...range.getClientRects()].some((r) =>
      r.width > 0 && r.right > box.left && r.left < box.right
        && r.bottom > box.top && r.top < box.bottom);
    if (code.scrollWidth > code.clientWidth + 1 || pre.scrollWidth > pre.clientWidth + 1
        || under) {
      cut.push({ text: code.textContent.trim(), scrolls: code.scrollWidth > code.clientWidth + 1,
                 under_copy: !!under });
    }
  }
  return cut;
}
"""


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
        found.scrolling = await page.evaluate(SCROLLING)
        found.runs_here = await page.evaluate(RUNS_HERE)
        found.copy_labels = await page.evaluate(COPY_LABELS)
        found.claims = await page.evaluate(CLAIM_BOXES)
        if url in READ_ONLY_ON["index"]:
            found.index = await page.evaluate(INDEX_ROWS)
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
                again = await page.evaluate(COPY_ALL)
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
        found.phone_commands = await page.evaluate(COMMANDS_CUT)
        if url in READ_ONLY_ON["phone_labels"]:
            found.phone_labels = await page.evaluate(LABELS, MIN_LABEL_PX)
    return found

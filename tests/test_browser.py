"""The built site, used in a real browser: Chromium driven by Playwright.

Playwright's own browser download is not reachable everywhere, so these tests drive
the Chromium the machine has (`.ci/run` installs Debian's `chromium` when it is
missing). Where there is none, they are skipped with a message that says so.

How the module runs, so that it stays quick on a two-core machine:

- the site is built once, and one Chromium serves every test;
- Playwright's async API drives that Chromium on an event loop of its own thread.
  When the module starts, every page visit the selected tests need starts at once,
  `AT_ONCE` pages open at a time (two per usable core), each in a fresh browser
  context (an empty cache, so a page's weight is its first load). A test waits for
  the visit it reads, then asserts on what the visit found;
- the Run buttons are clicked in `RUN_CHAINS` chains of pages, one Python each: a
  chain loads its first page fresh, then follows a link to each next one, so
  Pyodide boots once per chain, not once per page;
- nothing waits a fixed time: a visit waits for the page's load event and for the
  last request the page started; a search waits until the page has drawn the
  search worker's answer to the whole query; a run waits for the page to mark it
  ended (a MutationObserver, so the page is not polled on every frame).

The build reads a copy of the measurements in which one claim, `FAILED_CLAIM`, has
failed (measured 2 s over its upper bound), so the same build shows what a failed
claim looks like; when the copy has no timeline of `TRACED`, that snippet is traced
first, so a timeline is drawn even on a fresh clone.

Screenshots, page weights and the search results go to `.artifacts/` (not committed).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import http.server
import json
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT, ROOT, without_figures

from measured.measurements import (
    DIRECTORY,
    Measurements,
    machine,
    published_document,
    record_verdict,
    timeline_path,
    write_published,
)
from measured.measuring import ATTEMPTS, LATER
from measured.project import Page
from measured.pyodide import (
    EDITOR_SITE_PATH,
    FETCHED,
    SITE_DIRECTORY,
    core_files,
    decide,
    recording_for_browser,
)
from measured.recordings import compare_times
from measured.render import day
from measured.runner import Run, normalize
from measured.site import build_site

# Everything computed below at import reads the project only through PROJECT (whose
# pages' mistakes are the integrity test's to report) and tolerates what a page
# lacks: a collection error here would hide the project's own message.
pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

ARTIFACTS = ROOT / ".artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AT_ONCE = 2 * len(os.sched_getaffinity(0))
"""Pages open at the same time: two per core this process may use, enough to keep
the cores busy while pages wait, and no more on a one-core machine."""
PATIENCE_MS = 300_000
"""How long any one browser step may take before the test says which step hung.
Nothing waits this long on purpose: every wait ends at the event it waits for, and
on a starved machine (one core shared with the rest of the suite) a step can take
tens of seconds, so this only catches a page that will never get there."""
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
KEY_PAGES = ["basics/what-is-async/", "core/event-loop/", "claims/"]
MAX_FIRST_LOAD_KIB = 500
"""A page's first load, every request, uncompressed."""
MIN_LABEL_PX = 11
"""The smallest text of a chart or timeline, as rendered on a phone."""
FAILED_CLAIM = "overlap-takes-longest-wait"
"""The claim the build's measurements say failed."""
UNMEASURED_CLAIM = "home-overlap-takes-longest-wait"
"""A claim the build's measurements lack, as a build before `make test` lacks all."""
TRACED = "core/many_taskgroup_fails.py"
"""A timeline traced for the build when the measurements lack it (0.1 s)."""
RUNNABLE = "core/many_taskgroup_fails.py"
"""A cheap snippet whose command, copied from its page, is run."""
CROSSES = "✗✘×✕✖❌"
WATCH_SEARCH = """
(() => {
  // Count the queries posted to the search worker and its answers, so a test can
  // wait until the results shown are those of the whole query it typed.
  const Native = window.Worker;
  // Keep the pages of the last answer, in order, so a test can wait until the list
  // drawn on the page is that answer's, not an earlier one's.
  const state = (window.__search = {
    asked: 0, answered: 0, last: null, ready: false, pages: null,
  });
  if (!Native) return;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const type = event.data && event.data.type;
        if (type === 1) state.ready = true;
        if (type === 3) {
          state.answered += 1;
          state.pages = event.data.data.items.map((group) => group[0].location);
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) {
        state.asked += 1;
        state.last = message.data;
        state.pages = null;
      }
      return super.postMessage(message, ...rest);
    }
  };
})();
"""
WATCH_COPY = """
// Keep what the last copy command put on the clipboard: Clipboard.js, behind every
// copy button, selects the text in a hidden textarea and runs the copy command.
document.addEventListener("copy", (event) => {
  const t = event.target;
  window.__copied = t && typeof t.value === "string"
    ? t.value.substring(t.selectionStart, t.selectionEnd)
    : String(getSelection());
}, true);
"""
REVEAL = """
(block) => {
  // open the collapsed sections and content tabs a block is in, as a reader would
  for (let el = block; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") el.open = true;
    if (el.classList.contains("tabbed-block")) {
      const index = [...el.parentElement.children].indexOf(el);
      el.closest(".tabbed-set").querySelectorAll(":scope > input")[index].click();
    }
  }
}
"""
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
SEARCH_DRAWN = """
(query) => {
  // the worker has answered the whole query, and the page has drawn that answer:
  // the first ten results (drawn at once; the rest wait for scrolling), in its order
  const state = window.__search;
  if (state.last !== query || state.answered < state.asked || !state.pages) return false;
  const want = state.pages.slice(0, 10);
  // each result is drawn as its page's link (with the `?h=` of search.highlight),
  // then its sections' links: compare pages
  const page = (address) => decodeURI(address.split("#")[0]);
  const drawn = [...document.querySelectorAll(".md-search-result__item")]
    .map((item) => item.querySelector("a"))
    .map((link) => (link ? page(link.pathname) : ""));
  // the search box is used on the home page, the root its addresses are relative to
  return drawn.length === want.length
    && drawn.every((path, i) => path === page(new URL(want[i], location.href).pathname));
}
"""


def chromium() -> str | None:
    """The machine's Chromium, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def page_url(path: str) -> str:
    """The address of a page under the site root, such as `core/tasks/`."""
    relative = Path(path).relative_to("docs").with_suffix("")
    if relative.name == "index":
        return "" if relative.parent == Path(".") else f"{relative.parent.as_posix()}/"
    return f"{relative.as_posix()}/"


def urls() -> list[str]:
    """The address of every page under the site root."""
    return [page_url(page.path) for page in PROJECT.pages]


def figure_urls() -> list[str]:
    """The pages that draw a chart or a timeline."""
    return [
        page_url(page.path)
        for page in PROJECT.pages
        if page.charts or any(m.name == "timeline" for m in page.markers)
    ]


FIGURE_URLS = figure_urls()


# --- the site: built once, from measurements with one failed claim ----------------


def stage(into: Path) -> Path:
    """A root to build from: the repository's files, linked, with its own copy of the
    measurements, in which `FAILED_CLAIM` failed, `UNMEASURED_CLAIM` has no figure and
    `TRACED` has a timeline."""
    root = into / "root"
    root.mkdir()
    skipped = {"mkdocs.yml", DIRECTORY, ".git", ".venv", ".artifacts", "site"}
    for entry in ROOT.iterdir():
        if entry.name not in skipped:
            (root / entry.name).symlink_to(entry)
    # a copy, not a link: the hook reads the measurements beside the config file
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if (ROOT / DIRECTORY).is_dir():
        shutil.copytree(
            ROOT / DIRECTORY,
            root / DIRECTORY,
            ignore=shutil.ignore_patterns(".*", "failures", "cache", "suite"),
        )
    (root / DIRECTORY / "claims" / f"{UNMEASURED_CLAIM}.json").unlink(missing_ok=True)
    claim = PROJECT.claims[FAILED_CLAIM]
    slow = Run(
        snippet=claim.snippet,
        output="",
        stderr="",
        exit_code=0,
        seconds=claim.limits()[1] + 2.0,
        peak_rss_kib=0,
        python=platform.python_version(),
        implementation=platform.python_implementation(),
    )
    verdict = claim.check({claim.snippet: slow})
    assert not verdict.passed, f"{FAILED_CLAIM} should fail at {slow.seconds:.2f} s"
    record_verdict(root, verdict)
    timeline = timeline_path(root, TRACED)
    if not timeline.is_file():
        timeline.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "measured.timeline",
                str(timeline),
                f"snippets/{TRACED}",
            ],
            cwd=ROOT,
            capture_output=True,
            timeout=60,
            check=False,
        )
        data = json.loads(timeline.read_text())
        data.update(
            snippet=TRACED, implementation=platform.python_implementation(), **machine()
        )
        timeline.write_text(json.dumps(data))
    return root


def build(root: Path, out: Path, site_url: str) -> None:
    """Build the staged root with --strict into `out`, for `site_url`; it shows a
    failed claim, so it does not require every figure to pass."""
    done = build_site(root, out, site_url)
    if done.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stderr}", pytrace=False)


# --- one browser, driven from a thread of its own ---------------------------------


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


class Traffic:
    """The requests of one page, to wait for the last one and to weigh them."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.responses: list[Any] = []
        self.pending: set[Any] = set()
        self.quiet = asyncio.Event()
        self.quiet.set()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._failed)
        page.on("response", self._answered)

    def _started(self, request: Any) -> None:
        self.requests.append(request.url)
        if request.url.startswith(("data:", "blob:")):
            return
        self.pending.add(request)
        self.quiet.clear()

    def _ended(self, request: Any) -> None:
        self.pending.discard(request)
        if not self.pending:
            self.quiet.set()

    def _failed(self, request: Any) -> None:
        self.failed.append(f"{request.url}: {request.failure}")
        self._ended(request)

    def _answered(self, response: Any) -> None:
        self.responses.append(response)
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    async def weight(self) -> int:
        """The bytes of every response so far, as the page received them unpacked."""

        async def size(response: Any) -> int:
            try:
                return len(await response.body())
            except Exception:  # a redirect or a cancelled request has no body
                return 0

        return sum(await asyncio.gather(*(size(r) for r in self.responses)))


class Clipboard:
    """The clipboard every page of the browser shares: a page copies or reads it
    back alone, in front, since a copy command acts on the focused page."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def alone(self) -> AsyncIterator[None]:
        async with self.lock:
            yield


class Browser:
    """One Chromium for the module; jobs are coroutines run on its thread's loop, each
    started once (`start`) and read by any number of tests (`result`)."""

    def __init__(self, executable: str) -> None:
        self.site = ""
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.jobs: dict[tuple[Any, ...], concurrent.futures.Future[Any]] = {}
        self.born = time.perf_counter()
        self.timings: list[dict[str, Any]] = []
        self.launched = self.submit(self._launch(executable))

    def submit(self, coroutine: Any) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    async def _launch(self, executable: str) -> None:
        from playwright.async_api import async_playwright

        self.playwright = await async_playwright().start()
        self.chromium = await self.playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS
        )
        self.slots = asyncio.Semaphore(AT_ONCE)
        self.tokens_checked: set[str] = set()
        self.clipboard = Clipboard()

    def start(self, key: tuple[Any, ...]) -> concurrent.futures.Future[Any]:
        if key not in self.jobs:
            self.jobs[key] = self.submit(self._timed(key))
        return self.jobs[key]

    async def _timed(self, key: tuple[Any, ...]) -> Any:
        """Do a job, and keep when it started and ended (`.artifacts/browser-jobs.json`)."""
        started = time.perf_counter()
        try:
            return await JOBS[key[0]](self, *key[1:])
        finally:
            self.timings.append(
                {
                    "job": key[0],
                    "of": list(key[1:]) if key[0] == "run" else key[1:],
                    "started_s": round(started - self.born, 2),
                    "seconds": round(time.perf_counter() - started, 2),
                }
            )

    def result(self, *key: Any) -> Any:
        return self.start(key).result()

    def close(self) -> None:
        if self.timings:
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / "browser-jobs.json").write_text(
                json.dumps(sorted(self.timings, key=lambda t: t["started_s"]), indent=1)
            )
        for job in self.jobs.values():
            job.cancel()
        with contextlib.suppress(Exception):
            self.launched.result()
            self.submit(self._close()).result(timeout=60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=60)

    async def _close(self) -> None:
        await self.chromium.close()
        await self.playwright.stop()

    @contextlib.asynccontextmanager
    async def tab(
        self, viewport: dict[str, int] = DESKTOP, *, touch: bool = False
    ) -> AsyncIterator[Any]:
        """A page in a fresh context (empty cache), one of `AT_ONCE` open at a time;
        with `touch`, a phone's touch screen (a coarse pointer)."""
        async with self.slots:
            context = await self.chromium.new_context(
                viewport=viewport, has_touch=touch, is_mobile=touch
            )
            context.set_default_timeout(PATIENCE_MS)
            context.set_default_navigation_timeout(PATIENCE_MS)
            try:
                await context.grant_permissions(
                    ["clipboard-read", "clipboard-write"], origin=self.site.rstrip("/")
                )
                await context.add_init_script(WATCH_SEARCH)
                await context.add_init_script(WATCH_COPY)
                yield await context.new_page()
            finally:
                await context.close()

    async def axe(self, page: Any) -> Any:
        """Run axe-core on the page, with every rule.

        Colour contrast costs most of axe's time, and most of that goes to the spans
        of highlighted code. A code token's colours come from its class, on the same
        code background on every page, so each class is checked on the first page
        that shows it; on other pages, axe checks everything but the code's text."""
        from axe_playwright_python.async_playwright import Axe

        tokens = set(await page.evaluate(TOKEN_CLASSES))
        if tokens <= self.tokens_checked:
            return await Axe().run(page, context={"exclude": [[".highlight code"]]})
        self.tokens_checked |= tokens
        return await Axe().run(page)

    async def paste(self, page: Any, block: Any) -> str:
        """Click a code block's copy button, as a reader does, and read back what
        the clipboard, which every page shares, then holds."""
        button = block.locator("button[data-md-type=copy]")
        async with self.clipboard.alone():
            await page.evaluate("navigator.clipboard.writeText('')")
            await button.click()
            return await page.evaluate("navigator.clipboard.readText()")


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

TOKEN_CLASSES = """
() => [...new Set([...document.querySelectorAll(".highlight code span[class]")]
  .map((span) => span.className))]
"""

NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => done()))"

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


async def open_page(
    browser: Browser, page: Any, url: str, errors: list[str]
) -> Traffic:
    """Load `url` in `page` as a reader does, keeping its console errors and uncaught
    exceptions in `errors`; returns the page's traffic, watched from the start."""
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    traffic = Traffic(page)
    await page.goto(browser.site + url, wait_until="load")
    return traffic


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
        if url == "claims/":
            found.index = await page.evaluate(INDEX_ROWS)
        if url in KEY_PAGES:
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
        if url == RUNNABLE_URL:
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
        if url in FIGURE_URLS:
            found.phone_labels = await page.evaluate(LABELS, MIN_LABEL_PX)
    return found


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


async def search(browser: Browser) -> dict[str, list[list[str]]]:
    """Put each query into the search box, as a reader pastes one, one after
    another; keep the links of each result, in order."""
    found = {}
    async with browser.tab() as page:
        await page.goto(browser.site, wait_until="load")
        box = page.locator("input.md-search__input")
        await box.click()
        for query in dict.fromkeys([*SEARCHES, *MESSAGES, *(q for q, _ in FINDS)]):
            # the query goes in at once, as pasted, and one key press (End) asks
            # for it: the search asks the worker on a key press, so typing it key
            # by key would ask for every prefix, and only the whole query is read
            await box.fill(query)
            await box.press("End")
            await page.wait_for_function(SEARCH_DRAWN, arg=query)
            found[query] = await page.eval_on_selector_all(
                ".md-search-result__item",
                "items => items.map(i => [...i.querySelectorAll('a')].map(a => a.href))",
            )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search.json").write_text(json.dumps(found, indent=2))
    return found


async def dark_mode(browser: Browser) -> tuple[str | None, str | None]:
    async with browser.tab() as page:
        await page.goto(browser.site, wait_until="load")
        before = await page.locator("body").get_attribute("data-md-color-scheme")
        await page.locator(
            "form[data-md-component=palette] label:visible"
        ).first.click()
        after = await page.locator("body").get_attribute("data-md-color-scheme")
        return before, after


async def instant_navigation(browser: Browser) -> tuple[bool, str]:
    async with browser.tab() as page:
        await page.goto(browser.site, wait_until="load")
        await page.evaluate("window.__stillHere = true")
        await page.locator(
            "nav.md-nav--primary a[href*='basics/what-is-async']"
        ).first.click()
        await page.wait_for_url("**/basics/what-is-async/")
        await page.locator("h1", has_text="What async is").first.wait_for()
        return (
            await page.evaluate("window.__stillHere === true"),
            await page.locator("h1").first.inner_text(),
        )


SECTION_LINKS = "debugging/mistakes-by-message/"
"""The hub whose table links to sections of other pages."""


async def section_links(browser: Browser) -> list[tuple[str, str, int]]:
    """Tap each of the hub's table links right after scrolling to it, as a reader on
    a phone does, and read where instant navigation landed: (wanted anchor, the
    address's anchor, the heading's distance from the top)."""
    found = []
    async with browser.tab(PHONE, touch=True) as page:
        for index in (1, 5, 10):
            await page.goto(browser.site + SECTION_LINKS, wait_until="networkidle")
            link = page.locator("article table a[href*='/debugging/']").nth(index)
            wanted = (await link.get_attribute("href") or "").split("#")[1]
            await link.scroll_into_view_if_needed()
            await link.tap()
            await page.wait_for_function(
                "(id) => document.getElementById(id) !== null",
                arg=wanted,
                timeout=30_000,
            )
            await page.wait_for_timeout(1500)  # the theme's scroll-tracking debounce
            # the theme scrolls to the heading once its page is in; on a busy machine
            # that came after the debounce (the heading still at 1,106 px), so wait
            # for it as a reader does, up to 10 s, and read where it ends up
            with contextlib.suppress(Exception):
                await page.wait_for_function(
                    "(id) => { const top = document.getElementById(id)"
                    ".getBoundingClientRect().top; return top >= 0 && top < 200; }",
                    arg=wanted,
                    timeout=10_000,
                )
            found.append(
                (
                    wanted,
                    await page.evaluate("location.hash.slice(1)"),
                    await page.evaluate(
                        "(id) => Math.round(document.getElementById(id)"
                        ".getBoundingClientRect().top)",
                        wanted,
                    ),
                )
            )
    return found


# --- Run buttons: snippets run in the page, on Pyodide --------------------------------

SEED = "basics/overlap.py"
"""Two waits of 2 s and 3 s under `gather`: about 3 s, never less."""
SEED_SECONDS = (3.0, 3.5)
SEQUENTIAL_SECONDS = (5.0, 5.5)
"""The seed edited to await one wait after the other: about 5 s, never less."""
OVERLAPPED = 'await asyncio.gather(wait("short", 2), wait("long", 3))'
ONE_AFTER_ANOTHER = 'await wait("short", 2)\n    await wait("long", 3)'
PYODIDE_STDLIB = "/lib/python3.14/"
"""Where Pyodide keeps the standard library: `<stdlib>/` in a recording."""


def runnable(snippet: str) -> bool:
    return decide(ROOT, snippet, PROJECT.settings(snippet)).runnable


def run_urls() -> list[str]:
    """The pages that show a snippet a browser can run."""
    return [page_url(p.path) for p in PROJECT.pages if any(map(runnable, p.shows))]


RUN_URLS = run_urls() if core_files(ROOT) else []
SEED_URL = page_url(
    next((p.path for p in PROJECT.pages if SEED in p.shows), "docs/index.md")
)
RUN_CHAINS = len(os.sched_getaffinity(0))
"""Pythons the Run tests boot: one per core this process may use. Each boots on the
first page of its chain, loaded fresh; the chain then follows a link to each of its
other pages, as a reader who reads on does, and instant navigation keeps the page's
scripts, and so its Python (booting one costs seconds of CPU)."""


def run_chains() -> list[tuple[str, ...]]:
    """`RUN_URLS` dealt into `RUN_CHAINS` chains with about as many Run buttons each
    (the longest pages first, each to the chain with fewest); the seed's page opens
    the first, so its first click is measured on an empty cache."""
    buttons = {
        page_url(p.path): len(set(filter(runnable, p.shows))) for p in PROJECT.pages
    }
    chains: list[list[str]] = [[] for _ in range(min(RUN_CHAINS, len(RUN_URLS)))]
    if not chains:
        return []
    chains[0].append(SEED_URL)
    for url in sorted(RUN_URLS, key=lambda u: -buttons[u]):
        if url != SEED_URL:
            min(chains, key=lambda c: sum(buttons[u] for u in c)).append(url)
    return [tuple(chain) for chain in chains]


CHAINS = run_chains()


def chain_of(url: str) -> tuple[str, ...]:
    return next(chain for chain in CHAINS if url in chain)


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


@dataclass
class RunVisit:
    """Every Run button of a page clicked, one after another."""

    url: str
    loaded: bool = True
    """whether the page was loaded fresh (the first of its chain), or reached by a
    link from the chain's previous page"""
    runs: dict[str, list[Ran]] = field(default_factory=dict)
    """each snippet's runs, the first, then one more for each late one"""
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    first_click_bytes: int = 0
    edited: list[Ran] = field(default_factory=list)
    """the seed, edited to sequential awaits (its page only)"""
    reset_restores: bool | None = None
    tab_inserts: str | None = None
    line_numbers: list[str] = field(default_factory=list)
    """the numbers in the editor's gutter, for the edited seed"""
    escape_leaves_for: str | bool | None = None
    """where Escape in the editor moved the focus: the Run button of that snippet"""


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


def as_shown(ran: Ran) -> str:
    """A run's output as the suite compares it: Pyodide's standard library shortened
    as a terminal's is, then the snippet's own normalizing."""
    text = ran.output.replace(PYODIDE_STDLIB, "<stdlib>/")
    return normalize(text, PROJECT.settings(ran.snippet))


def differs(ran: Ran) -> bool:
    """The run printed something other than the recording. As in the suite, any
    difference runs the program again: load can change a timing-dependent program's
    words too, and a program whose output really changed differs on every run."""
    settings = PROJECT.settings(ran.snippet)
    expected = recording_for_browser(ROOT, ran.snippet, settings).read_text()
    return not compare_times(expected, as_shown(ran), settings.tolerance).same


async def click_run(page: Any, box: Any) -> Ran:
    """Click a block's Run button as a reader does, and wait until the run ends."""
    await page.evaluate(REVEAL, await box.element_handle())
    await box.locator(".run-here__run").click()
    handle = await box.element_handle()
    async with asyncio.timeout(PATIENCE_MS / 1000):
        await page.evaluate(ENDED, handle)
    return Ran(**await page.evaluate(RAN, handle))


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


async def run_chain(browser: Browser, chain: tuple[str, ...]) -> dict[str, RunVisit]:
    """Load the chain's first page fresh, and click each of its Run buttons; then
    follow a link to each next page and click its buttons too (see `run_page`)."""
    ran: dict[str, RunVisit] = {}
    async with browser.tab() as page:
        errors: list[str] = []
        traffic = await open_page(browser, page, chain[0], errors)
        await page.evaluate("window.__sameDocument = true")
        for url in chain:
            found = ran[url] = RunVisit(url, loaded=url == chain[0])
            since = len(traffic.requests)
            if not found.loaded:
                await page.evaluate(FOLLOW, browser.site + url)
                await page.wait_for_function(ARRIVED, arg=browser.site + url)
                if not await page.evaluate("window.__sameDocument === true"):
                    found.errors.append(f"/{url}: the link reloaded the page")
            await run_page(page, traffic, found)
            found.requests = traffic.requests[since:]
            found.errors += errors
            errors.clear()
    return ran


async def run_page(page: Any, traffic: Traffic, found: RunVisit) -> None:
    """Click each Run button of the page in turn, again (up to `ATTEMPTS` runs) while
    a run differs from its recording; on the seed's page, also edit, run and reset
    it. Keep the weight of what the first click loaded."""
    await traffic.quiet.wait()
    loaded = await traffic.weight()
    boxes = page.locator(".run-here")
    for index in range(await boxes.count()):
        box = boxes.nth(index)
        ran = await click_run(page, box)
        if index == 0:
            await traffic.quiet.wait()
            found.first_click_bytes = await traffic.weight() - loaded
        runs = found.runs.setdefault(ran.snippet, [ran])
        slow = ran.snippet == SEED and ran.seconds >= SEED_SECONDS[1]
        while (differs(ran) or slow) and len(runs) < ATTEMPTS:
            ran = await click_run(page, box)
            runs.append(ran)
            slow = ran.snippet == SEED and ran.seconds >= SEED_SECONDS[1]
        if ran.snippet == SEED and not found.edited:
            await seed_edited(page, box, found)
    await traffic.quiet.wait()


async def seed_edited(page: Any, box: Any, found: RunVisit) -> None:
    """Edit the seed to await one wait after the other and run it (again while it
    is late); in the editor, count the line numbers, check that Tab indents by four
    spaces and that Escape leaves for the Run button; then reset it."""
    await put_in_editor(
        page,
        box,
        (ROOT / "snippets" / SEED).read_text().replace(OVERLAPPED, ONE_AFTER_ANOTHER),
    )
    ran = await click_run(page, box)
    found.edited.append(ran)
    while ran.seconds >= SEQUENTIAL_SECONDS[1] and len(found.edited) < ATTEMPTS:
        ran = await click_run(page, box)
        found.edited.append(ran)
    found.line_numbers = await box.locator(
        ".cm-lineNumbers .cm-gutterElement"
    ).evaluate_all(
        "(cells) => cells.filter((c) => c.offsetHeight > 0).map((c) => c.textContent)"
    )
    await box.locator(".run-here__cm .cm-content").click()
    await page.keyboard.press("Control+Home")
    await page.keyboard.press("Tab")
    found.tab_inserts = (await shown_code(box) or "")[:11]  # 4 spaces, 7 of the file
    await page.keyboard.press("Escape")
    found.escape_leaves_for = await page.evaluate(
        "() => document.activeElement.matches('.run-here__run') "
        "&& document.activeElement.closest('.run-here').dataset.snippet"
    )
    await box.locator(".run-here__reset").click()
    found.reset_restores = (
        await shown_code(box) == (ROOT / "snippets" / SEED).read_text()
        and not await box.locator(".run-here__cm").is_visible()
    )


@dataclass
class SeedLater:
    """The seed, and the seed edited to sequential awaits, run once more each at the
    end of the module's work (see `seed_later`)."""

    seed: Ran | None = None
    edited: Ran | None = None
    errors: list[str] = field(default_factory=list)


async def seed_later(browser: Browser) -> SeedLater:
    """One more run of the seed and of its edit, for a timing late on all its
    `ATTEMPTS` runs: once every other job of the module has ended, and at least
    `LATER` s after the seed's last run, in a fresh page. It is the attempt the
    measuring engine gives a claim at the end of its phase: a slowdown of the whole
    machine can outlast runs back to back, as the check phase's programs beside
    the browser did on one core. A real regression is late on it too."""
    others = [
        asyncio.wrap_future(job)
        for key, job in browser.jobs.items()
        if key != ("later",)
    ]
    await asyncio.wait(others)
    found = browser.jobs[("run", chain_of(SEED_URL))].result()[SEED_URL]
    last = max(ran.ended for ran in [*found.runs[SEED], *found.edited])
    await asyncio.sleep(max(0.0, last + LATER - time.perf_counter()))
    later = SeedLater()
    async with browser.tab() as page:
        await open_page(browser, page, SEED_URL, later.errors)
        box = snippet_box(page, SEED)
        later.seed = await click_run(page, box)
        source = (ROOT / "snippets" / SEED).read_text()
        await put_in_editor(page, box, source.replace(OVERLAPPED, ONE_AFTER_ANOTHER))
        later.edited = await click_run(page, box)
    return later


def with_later(
    browser: Browser, runs: list[Ran], bounds: tuple[float, float], which: str
) -> list[Ran]:
    """`runs`, and the run of `seed_later` (`which`: `seed` or `edited`) where all
    `ATTEMPTS` runs were late: load may explain a time over the upper bound, never
    one under the lower."""
    if len(runs) < ATTEMPTS or runs[-1].seconds < bounds[1]:
        return runs
    return [*runs, getattr(browser.result("later"), which)]


# --- blocking calls, Stop, the time limit, Reset, and what runs is what is shown ------

BLOCKING = "basics/blocking_sleep.py"
"""Two `time.sleep` calls under `gather`: 5.0 s on CPython, since neither lets the
loop run the other; 3.0 s where `time.sleep` yields to the event loop."""
BLOCKING_SECONDS = (5.0, 5.5)
WAIT_TASKS = "compare/wait_tasks.py"
"""Ten tasks that each `await asyncio.sleep(0.3)`: 0.3 s together."""
WAIT_TASKS_BLOCKING_SECONDS = 2.9
"""The same with `time.sleep(0.3)` added before each wait, as compare/waiting's
pitfall tells the reader: the sleeps run one after another, 3.0 s (2.9 s leaves the
browser's coarse timers a margin); 0.3 s where the sleep lets the loop run on."""
STUCK = (
    "import asyncio\n\n\nasync def main() -> None:\n    print('started')\n"
    "    while True:\n        await asyncio.sleep(0.5)\n\n\n"
    'if __name__ == "__main__":\n    asyncio.run(main())\n'
)
"""A program that never ends, as a reader's edit makes one."""
STUCK_LIMIT_S = 3
"""The time limit the test gives the stuck program's block (60 s on the site)."""
FREED_WITHIN_S = 60
"""How long another block may take to run once the stuck one is stopped: its boot
and run, on a loaded machine; without Stop it would wait for ever."""
EDITED_MARK = "print('edited, and shown')"
EDITOR_MODULE = "assets/editor/editor.mjs"
"""the editor module the page imports on Edit"""
STOP_URL = SEED_URL
OTHER_URL = "compare/waiting/"


@dataclass
class Blocking:
    """Programs that block, pasted or edited into a page's editor, as a reader does."""

    pasted: Ran | None = None
    """`BLOCKING`'s text pasted into the seed's editor"""
    own: Ran | None = None
    """`BLOCKING` run by its own Run button, where it has one"""
    wait_tasks: Ran | None = None
    """`WAIT_TASKS` with `time.sleep(0.3)` added"""
    errors: list[str] = field(default_factory=list)


def with_blocking_sleep(source: str) -> str:
    """`WAIT_TASKS` with the pitfall's `time.sleep(0.3)` before each wait."""
    edited = source.replace("import asyncio\n", "import asyncio\nimport time\n", 1)
    edited = edited.replace(
        "    await asyncio.sleep(seconds)",
        "    time.sleep(0.3)\n    await asyncio.sleep(seconds)",
        1,
    )
    assert edited.count("time.sleep(0.3)") == 1, source
    return edited


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


async def blocking(browser: Browser) -> Blocking:
    """Paste `BLOCKING` into the seed's editor and run it (every version of the page
    has that editor); run it by its own button where it has one; then follow a link
    to `WAIT_TASKS`'s page and run it with `time.sleep(0.3)` added."""
    found = Blocking()
    async with browser.tab() as page:
        await open_page(browser, page, SEED_URL, found.errors)
        text = (ROOT / "snippets" / BLOCKING).read_text()
        found.pasted = await run_edited(page, snippet_box(page, SEED), text)
        if await page.locator(f'.run-here[data-snippet="{BLOCKING}"]').count():
            found.own = await click_run(page, snippet_box(page, BLOCKING))
        url = page_url(next(p.path for p in PROJECT.pages if WAIT_TASKS in p.shows))
        await page.evaluate(FOLLOW, browser.site + url)
        await page.wait_for_function(ARRIVED, arg=browser.site + url)
        box = snippet_box(page, WAIT_TASKS)
        text = (ROOT / "snippets" / WAIT_TASKS).read_text()
        found.wait_tasks = await run_edited(page, box, with_blocking_sleep(text))
    return found


EXERCISES = [
    (page, exercise)
    for page in PROJECT.pages
    for exercise in page.exercises.values()
    if runnable(exercise.starter)
]
"""Every exercise a reader checks in the page, with its page."""

VERDICT = """
(box) => ({
  verdict: box.dataset.verdict || "",
  text: box.querySelector(".run-here__verdict").textContent,
  seconds: Number(box.dataset.seconds || "NaN"),
  passed: box.querySelector(".run-here__passed").hidden
    ? "" : box.querySelector(".run-here__passed").textContent,
})
"""


@dataclass
class Checked:
    """What an exercise's Check said of a wrong attempt and of a right one."""

    wrong: dict[str, Any] = field(default_factory=dict)
    """the starter, typed into the editor"""
    right: list[dict[str, Any]] = field(default_factory=list)
    """the solution, typed into the editor: one Check, and more while it is too slow"""
    kept: str = ""
    """the pass the page shows after a reload (local storage)"""
    forgotten: bool = False
    """the pass is gone after Forget, and stays gone after a reload"""
    errors: list[str] = field(default_factory=list)


async def click_check(page: Any, box: Any) -> dict[str, Any]:
    """Click an exercise's Check as a reader does; its verdict once the run ends."""
    await page.evaluate(REVEAL, await box.element_handle())
    await box.locator(".run-here__check").click()
    handle = await box.element_handle()
    async with asyncio.timeout(PATIENCE_MS / 1000):
        await page.evaluate(ENDED, handle)
    return dict(await page.evaluate(VERDICT, handle))


async def exercise(browser: Browser, path: str, starter: str) -> Checked:
    """Type the starter (a wrong attempt) into the exercise's editor and Check it;
    then the solution, Checked again while it comes out too slow (load), up to
    `ATTEMPTS`; then reload the page for the kept pass, and Forget it."""
    found = Checked()
    page_of = next(p for p in PROJECT.pages if p.path == path)
    solution = page_of.exercises[starter].solution
    url = page_url(path)
    async with browser.tab() as page:
        await open_page(browser, page, url, found.errors)
        box = snippet_box(page, starter)
        await put_in_editor(page, box, (ROOT / "snippets" / starter).read_text())
        found.wrong = await click_check(page, box)
        await put_in_editor(page, box, (ROOT / "snippets" / solution).read_text())
        for _ in range(ATTEMPTS):
            found.right.append(await click_check(page, box))
            if "too slow" not in found.right[-1]["text"]:
                break
        await page.reload(wait_until="load")
        box = snippet_box(page, starter)
        passed = box.locator(".run-here__passed")
        if await passed.is_visible():
            found.kept = await passed.text_content() or ""
            await page.evaluate(REVEAL, await box.element_handle())
            await box.locator(".run-here__forget").click()
            await passed.wait_for(state="hidden")  # as a reader sees it go
            await page.reload(wait_until="load")
            found.forgotten = (
                not await snippet_box(page, starter)
                .locator(".run-here__passed")
                .is_visible()
            )
    return found


@dataclass
class Stopping:
    """A stuck program, stopped by Stop, by the time limit, and by leaving its page."""

    other_waits: str = ""
    """the state of another block's run while the stuck program runs"""
    stuck_after_stop: Ran | None = None
    other_after_stop: Ran | None = None
    limited: Ran | None = None
    other_after_limit: Ran | None = None
    after_leaving: Ran | None = None
    """a block of the next page, run while the stuck program was left running"""
    reset: dict[str, Any] = field(default_factory=dict)
    """what a block showed after a run, an edit and Reset"""
    shown_runs: dict[str, Any] = field(default_factory=dict)
    """after an edit (and a click on any Edit-like button still shown): the code
    the page shows, and what Run printed"""
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def ended_within(page: Any, box: Any, seconds: float) -> Ran | None:
    """Wait up to `seconds` for the block's run to end: its result, or None."""
    handle = await box.element_handle()
    try:
        async with asyncio.timeout(seconds):
            await page.evaluate(ENDED, handle)
    except TimeoutError:
        return None
    return Ran(**await page.evaluate(RAN, handle))


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
AFTER_RESET = """
(box) => ({
  output: box.querySelector(".run-here__output").textContent,
  output_shown: box.querySelector(".run-here__output").checkVisibility(),
  label_shown: box.querySelector(".run-here__label").checkVisibility(),
  editor_shown: box.querySelector("textarea").checkVisibility()
    || !!(box.querySelector(".run-here__cm") || { checkVisibility: () => false }).checkVisibility(),
})
"""


async def start_stuck(page: Any, box: Any) -> None:
    """Put `STUCK` in the block's editor, click Run, and wait until it prints."""
    await put_in_editor(page, box, STUCK)
    await box.locator(".run-here__run").click()
    await page.wait_for_function(
        STARTED, arg=await box.element_handle(), timeout=PATIENCE_MS
    )


async def stopping(browser: Browser) -> Stopping:
    """On the seed's page: run another block, Reset it, and edit it (is the code
    shown the code Run runs?); then run a program that never ends, run the other
    block (it waits), Stop the first (the other runs); run it again under a time
    limit of `STUCK_LIMIT_S` (it is stopped, and another block runs); run it again
    and follow a link (a block of the next page runs)."""
    found = Stopping()
    async with browser.tab() as page:
        await open_page(browser, page, STOP_URL, found.errors)
        boxes = page.locator(".run-here")
        stuck = snippet_box(page, SEED)
        other = boxes.first
        if await other.get_attribute("data-snippet") == SEED:
            other = boxes.nth(1)
        # first, on another block: Reset after a run, and what runs is what is shown
        await page.evaluate(REVEAL, await other.element_handle())
        await click_run(page, other)
        # the editor module arrives only after Reset, as on a slow link (a loaded
        # machine once showed the editor after Reset, and Run then ran the file)
        held = asyncio.Event()

        async def hold(route: Any) -> None:
            await held.wait()
            await route.continue_()

        await page.route(f"**/{EDITOR_MODULE}", hold)
        async with page.expect_response(f"**/{EDITOR_MODULE}") as arrived:
            await other.locator(".run-here__edit").click()
            await other.locator(".run-here__reset").click()
            held.set()
        await arrived.value
        await page.unroute(f"**/{EDITOR_MODULE}")
        for _ in range(3):  # the module is evaluated and Edit's code goes on
            await page.evaluate(NEXT_FRAME)
        found.reset = await other.evaluate(AFTER_RESET)
        # edit a program, then click whatever Edit-like button is still shown (it
        # once read "Show the file"), and run: what runs must be what is shown
        source = ROOT / "snippets" / str(await other.get_attribute("data-snippet"))
        edited = source.read_text().replace(
            "async def main() -> None:\n",
            f"async def main() -> None:\n    {EDITED_MARK}\n",
            1,
        )
        await put_in_editor(page, other, edited)
        edit = other.locator(".run-here__edit")
        if await edit.is_visible():
            await edit.click()
        shown = await other.evaluate(SHOWN_CODE)
        ran = await click_run(page, other)
        found.shown_runs = {
            "shown_is_edited": shown is not None and EDITED_MARK in shown,
            "ran_edited": "edited, and shown" in ran.output,
            "label": ran.label,
        }
        await other.locator(".run-here__reset").click()
        await start_stuck(page, stuck)
        await other.locator(".run-here__run").click()
        await page.evaluate(NEXT_FRAME)
        found.other_waits = await other.get_attribute("data-state") or ""
        try:
            await stuck.locator(".run-here__stop").click(timeout=10_000)
        except Exception as error:  # no Stop button to click
            found.problems.append(f"no Stop button to click: {type(error).__name__}")
        found.stuck_after_stop = await ended_within(page, stuck, 10)
        found.other_after_stop = await ended_within(page, other, FREED_WITHIN_S)
        if found.other_after_stop is None:
            return found
        await stuck.evaluate(f"(box) => {{ box.dataset.limit = '{STUCK_LIMIT_S}'; }}")
        await start_stuck(page, stuck)
        found.limited = await ended_within(page, stuck, STUCK_LIMIT_S + 30)
        if found.limited is None:
            return found
        found.other_after_limit = await click_run(page, other)
        await stuck.evaluate("(box) => { box.dataset.limit = '60'; }")
        await start_stuck(page, stuck)
        await page.evaluate(FOLLOW, browser.site + OTHER_URL)
        await page.wait_for_function(ARRIVED, arg=browser.site + OTHER_URL)
        box = page.locator(".run-here").first
        await page.evaluate(REVEAL, await box.element_handle())
        await box.locator(".run-here__run").click()
        found.after_leaving = await ended_within(page, box, FREED_WITHIN_S)
    return found


# --- loading Python: progress, intent, and the browser's cache ------------------------

LABELS_SEEN = """
(box) => {
  // keep every text the block's label shows, as it changes
  window.__labels = [];
  const label = box.querySelector(".run-here__label");
  new MutationObserver(() => window.__labels.push(label.textContent))
    .observe(label, { childList: true, characterData: true, subtree: true });
}
"""
PROGRESS = re.compile(r"Loading Python… (\d+\.\d) of (\d+\.\d) MB")
CACHED = ("pyodide.asm.wasm", "python_stdlib.zip")
"""Pyodide's largest files, which a later visit takes from the browser's cache."""


@dataclass
class Loading:
    """A first visit's Run, and a later visit's in the same browser, with the
    pointer resting on the button before the click."""

    before_click: list[str] = field(default_factory=list)
    """Pyodide's files requested while the pointer rested on Run, before a click"""
    labels: list[str] = field(default_factory=list)
    first: Ran | None = None
    later: Ran | None = None
    later_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def loading(browser: Browser) -> Loading:
    """On the seed's page, fresh: click Run and keep every label the block shows.
    Then load the page again in the same browser, rest the pointer on Run until
    Python starts to load, and click."""
    found = Loading()
    async with browser.tab() as page:
        traffic = await open_page(browser, page, SEED_URL, found.errors)
        await traffic.quiet.wait()
        box = snippet_box(page, SEED)
        await page.evaluate(REVEAL, await box.element_handle())
        await page.evaluate(LABELS_SEEN, await box.element_handle())
        found.first = await click_run(page, box)
        found.labels = await page.evaluate("window.__labels")
        await page.reload(wait_until="load")
        since = len(traffic.requests)
        box = snippet_box(page, SEED)
        await page.evaluate(REVEAL, await box.element_handle())
        async with page.expect_request(lambda r: f"/{SITE_DIRECTORY}/" in r.url):
            await box.locator(".run-here__run").hover()
        found.before_click = [
            r for r in traffic.requests[since:] if SITE_DIRECTORY in r
        ]
        found.later = await click_run(page, box)
        found.later_requests = traffic.requests[since:]
    return found


# --- both colour schemes, and a phone's touch screen -----------------------------------

SCHEME_URLS = [SEED_URL, "claims/", ""]
"""Pages axe checks in each colour scheme: the seed's, with its editor open and a
run's output shown, the claims index, and the home page."""
TOUCH_TARGET_PX = 44


async def scheme(browser: Browser, url: str, colours: str) -> list[str]:
    """axe's serious and critical findings on `url` in the `colours` scheme (the
    reader's system setting), with the seed's editor open and its output shown."""
    errors: list[str] = []
    async with browser.tab() as page:
        await page.emulate_media(color_scheme=colours)
        await open_page(browser, page, url, errors)
        if url == SEED_URL and RUN_URLS:
            box = snippet_box(page, SEED)
            await put_in_editor(
                page, box, STUCK.replace("while True", "for _ in range(1)")
            )
            await click_run(page, box)
        from axe_playwright_python.async_playwright import Axe

        results = await Axe().run(page)
        return errors + [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]


TARGETS = """
() => [...document.querySelectorAll(".run-here button, .highlight button[data-md-type=copy]")]
  .filter((b) => b.checkVisibility())
  .map((b) => {
    const r = b.getBoundingClientRect();
    return { button: b.getAttribute("aria-label") || b.textContent.trim(),
             width: r.width, height: r.height };
  })
"""


async def touch(browser: Browser) -> list[dict[str, Any]]:
    """The size of every Run-block button and copy button of the seed's page, on a
    390 px touch screen (a coarse pointer), with the editor open."""
    async with browser.tab(PHONE, touch=True) as page:
        await page.goto(browser.site + SEED_URL, wait_until="load")
        box = snippet_box(page, SEED)
        await page.evaluate(REVEAL, await box.element_handle())
        await box.locator(".run-here__edit").click()
        return await page.evaluate(TARGETS)


# --- what asyncio.run does at the end, in the browser as in a terminal ------------------

LEFTOVERS = """\
import asyncio

feeds = []


async def ticks():
    try:
        while True:
            yield 1
            await asyncio.sleep(0.01)
    finally:
        print("generator closed")


async def forever() -> None:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("leftover task cancelled")
        raise


async def main() -> None:
    feeds.append(asyncio.create_task(forever()))
    feed = ticks()
    feeds.append(feed)
    await anext(feed)
    await asyncio.sleep(0)
    print("main returns")


asyncio.run(main())
print("after asyncio.run")
"""
"""A task left running and an async generator left open when `main()` returns:
`asyncio.run` cancels the one and closes the other."""


async def leftovers(browser: Browser) -> tuple[Ran, Ran]:
    """`LEFTOVERS` run twice in one page's Python (one loop serves every run)."""
    errors: list[str] = []
    async with browser.tab() as page:
        await open_page(browser, page, SEED_URL, errors)
        box = snippet_box(page, SEED)
        first = await run_edited(page, box, LEFTOVERS)
        return first, await click_run(page, box)


# --- what a reader's edits meet: floods, unfinished lines, leftovers, the impossible ---

EDGES = {
    "flood": 'i = 0\nwhile True:\n    print("line", i)\n    i += 1\n',
    "many": 'for i in range(300_000):\n    print("line", i)\n',
    "unfinished": 'for _ in range(3):\n    print(".", end="", flush=True)\nprint("x", end="")\n',
    "patches": 'import asyncio\nasyncio.sleep = lambda *args: print("patched")\n',
    "syntax": "total = (\n",
    "input": 'name = input("name? ")\n',
    "socket": 'import socket\nsocket.create_connection(("127.0.0.1", 9), timeout=1)\n',
    "to_thread": (
        "import asyncio\nimport time\n\n\nasync def main() -> None:\n"
        '    await asyncio.to_thread(time.sleep, 0.1)\n    print("back")\n\n\n'
        "asyncio.run(main())\n"
    ),
    "nested": (
        "import asyncio\n\n\nasync def inner() -> None:\n    pass\n\n\n"
        "async def main() -> None:\n    asyncio.run(inner())\n\n\nasyncio.run(main())\n"
    ),
}
"""Programs a reader might paste, each a case the browser once got wrong."""
FLOOD_STOP_S = 10
"""How long Stop may take on a program that prints without end (the page must stay
responsive; it once froze for minutes)."""


@dataclass
class Edges:
    ran: dict[str, Ran] = field(default_factory=dict)
    flood_stop_s: float | None = None
    after_patch: Ran | None = None
    """the seed, unedited, run after an edited program patched asyncio.sleep"""
    queued_edit: Ran | None = None
    """a block edited while it waited for another block's program"""
    focus: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


FOCUSED = "() => document.activeElement.className"


async def edges(browser: Browser) -> Edges:
    """On the seed's page, run each of `EDGES` in the editor of another block;
    stop the flood; run the seed after the patch; edit a block while it waits; and
    follow the focus through Run, the end of a run, and Reset, as a keyboard user."""
    found = Edges()
    async with browser.tab() as page:
        await open_page(browser, page, SEED_URL, found.errors)
        seed = snippet_box(page, SEED)
        boxes = page.locator(".run-here")
        other = boxes.first
        if await other.get_attribute("data-snippet") == SEED:
            other = boxes.nth(1)
        for name, source in EDGES.items():
            if name == "flood":
                await put_in_editor(page, other, source)
                await other.locator(".run-here__run").click()
                await page.wait_for_function(
                    STARTED.replace("started", "line 1"),
                    arg=await other.element_handle(),
                )
                clicked = time.perf_counter()
                await other.locator(".run-here__stop").click(timeout=PATIENCE_MS)
                found.ran[name] = await ended_within(page, other, PATIENCE_MS / 1000)
                found.flood_stop_s = time.perf_counter() - clicked
            else:
                found.ran[name] = await run_edited(page, other, source)
            if name == "patches":
                found.after_patch = await click_run(page, seed)
        # a block edited while another block's program runs runs the edited code
        await put_in_editor(page, other, STUCK)
        await other.locator(".run-here__run").click()
        await page.wait_for_function(STARTED, arg=await other.element_handle())
        await seed.locator(".run-here__run").click()
        await put_in_editor(
            page,
            seed,
            (ROOT / "snippets" / SEED).read_text()
            + 'print("edited while it waited")\n',
        )
        await other.locator(".run-here__stop").click()
        found.queued_edit = await ended_within(page, seed, PATIENCE_MS / 1000)
        # the keyboard: Enter on Run, the run's end, Reset
        await seed.locator(".run-here__reset").click()
        await seed.locator(".run-here__run").focus()
        await page.keyboard.press("Enter")
        await page.evaluate(NEXT_FRAME)
        found.focus["running"] = await page.evaluate(FOCUSED)
        await ended_within(page, seed, PATIENCE_MS / 1000)
        found.focus["ended"] = await page.evaluate(FOCUSED)
        await seed.locator(".run-here__edit").click()
        await seed.locator(".run-here__reset").focus()
        await page.keyboard.press("Enter")
        found.focus["reset"] = await page.evaluate(FOCUSED)
    return found


# --- a reader's first minute: the home page's first screen --------------------------

FIRST_SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": PHONE}
"""The first screens a reader lands on: a laptop's, and a phone's."""
START_PATHS = [
    "basics/what-is-async/",
    "debugging/mistakes-by-message/",
    "compare/waiting/",
]
"""Where the home page's first ways in lead: new to async, an error message, threads,
tasks or processes."""
FIRST_SCREEN = """
() => {
  const seen = (el) => el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
  const h1 = document.querySelector("article h1");
  const lead = h1 && h1.nextElementSibling;
  const program = document.querySelector(".highlight > .filename");
  const output = document.querySelector(".highlight.output");
  const claim = document.querySelector(".claim");
  const top = (el) => (el ? el.getBoundingClientRect().top : null);
  const name = document.querySelector(".md-header__topic:first-child .md-ellipsis");
  return {
    title: seen(h1) ? h1.textContent.replace("¶", "").trim() : null,
    lead: seen(lead) ? lead.textContent.trim() : null,
    program: program && program.textContent.trim(),
    tops: { program: top(program), output: top(output), claim: top(claim) },
    height: innerHeight,
    name: name && { text: name.textContent.trim(), cut: name.scrollWidth > name.clientWidth
      || name.scrollHeight > name.clientHeight + 1 },
    paths: [...document.querySelectorAll(".home-paths a")].map((a) => a.pathname),
    // the ways in a reader can see without scrolling
    seen_paths: [...document.querySelectorAll("article a")]
      .filter((a) => seen(a) && a.getBoundingClientRect().bottom <= innerHeight)
      .map((a) => a.pathname),
  };
}
"""


async def first_screen(browser: Browser, size: str) -> dict[str, Any]:
    """What the home page shows on a reader's first screen of `size`."""
    async with browser.tab(FIRST_SCREENS[size], touch=size == "phone") as page:
        await page.goto(browser.site, wait_until="load")
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(shots / f"home-first-screen-{size}.png"))
        return await page.evaluate(FIRST_SCREEN)


# --- the sidebar's title and the Tab order after the search box ---------------------

SIDEBAR_TITLE = """
() => {
  // scroll the menu so that a link sits right under the sticky site title, and say
  // what covers the title's band and what shows under its edge
  const wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap");
  const title = document.querySelector(".md-sidebar--primary .md-nav--primary > .md-nav__title");
  const links = [...wrap.querySelectorAll(".md-nav__link")].filter((a) => a.checkVisibility());
  const band = () => title.getBoundingClientRect();
  const link = links[Math.min(6, links.length - 1)];
  wrap.scrollTop += link.getBoundingClientRect().top - band().bottom + 2;
  const r = band();
  const covered = [];
  for (let y = r.top + 1; y < r.bottom; y += 2) {
    const hit = document.elementFromPoint(r.left + 10, y);
    if (!title.contains(hit)) covered.push(hit && hit.textContent.trim().slice(0, 30));
  }
  const style = getComputedStyle(title);
  return {
    covered,
    background: style.backgroundColor,
    glow: style.boxShadow,
    link: link.textContent.trim(),
  };
}
"""
AFTER_SEARCH = """
() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  return {
    element: el.className || el.tagName,
    text: el.textContent.trim().slice(0, 40),
    visible: el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      && r.width > 0 && r.height > 0,
  };
}
"""


async def keyboard_and_sidebar(browser: Browser) -> dict[str, Any]:
    """At 1280×800, on a long page: the sticky site title with a link scrolled under
    it, and where Tab lands from the search box, twice."""
    async with browser.tab(FIRST_SCREENS["desktop"]) as page:
        await page.goto(browser.site + "core/tasks/", wait_until="load")
        found = {"title": await page.evaluate(SIDEBAR_TITLE), "tabs": []}
        await page.locator("input.md-search__input").focus()
        for _ in range(2):
            await page.keyboard.press("Tab")
            found["tabs"].append(await page.evaluate(AFTER_SEARCH))
        return found


# --- the claims index: by section, filtered, on a phone ------------------------------

INDEX_PAGE = """
() => {
  const table = document.querySelector("table.claims-index");
  const rows = [...document.querySelectorAll("table.claims-index tbody tr")];
  const shown = () => rows.filter((row) => row.checkVisibility());
  const wide = [...document.querySelectorAll(".claims-section, .claims-section *")]
    .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible")
    .map((el) => el.tagName + "." + el.className);
  return {
    sections: [...document.querySelectorAll(".claims-section > h3")]
      .map((h) => h.textContent.replace("¶", "").trim()),
    rows: rows.length,
    shown: shown().length,
    page: { scroll: document.documentElement.scrollWidth, width: innerWidth },
    wide,
    machine_in_rows: rows.filter((row) => /CPUs?\b/.test(row.textContent)).length,
    code_in_rows: document.querySelectorAll("table.claims-index td code").length,
    code_in_links: document.querySelectorAll("table.claims-index a code").length,
    filter: !!table && !!document.querySelector(".claims-filter:not([hidden]) input"),
  };
}
"""
FILTERED = """
(word) => {
  const rows = [...document.querySelectorAll("table.claims-index tbody tr")]
    .filter((row) => row.checkVisibility());
  return {
    shown: rows.length,
    without: rows.filter((row) => !(row.textContent + " " + row.dataset.claim)
      .toLowerCase().includes(word)).length,
    sections: [...document.querySelectorAll(".claims-section")]
      .filter((section) => section.checkVisibility()).length,
    count: document.querySelector(".claims-filter__count").textContent,
  };
}
"""


async def claims_index(browser: Browser) -> dict[str, Any]:
    """The claims index on a phone: its sections, its width, and its filter."""
    async with browser.tab(PHONE, touch=True) as page:
        await page.goto(browser.site + "claims/", wait_until="load")
        found = await page.evaluate(INDEX_PAGE)
        box = page.locator(".claims-filter__input")
        found["filtered"] = {}
        for word in ("to_thread", "no claim says this"):
            await box.fill(word)
            found["filtered"][word] = await page.evaluate(FILTERED, word)
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        await box.fill("")
        await page.screenshot(
            path=str(shots / "claims-index-phone.png"), full_page=True
        )
        return found


# --- a build that measured nothing, beside a published site ---------------------------

PUBLISHED_CLAIM = UNMEASURED_CLAIM
"""The claim that passed in the published run, read by a build that measured none."""


def published_run(publisher: Path) -> dict[str, Any]:
    """The file of figures a publishing build writes after a run in which
    `PUBLISHED_CLAIM` passed, measured in the middle of its bound."""
    claim = PROJECT.claims[PUBLISHED_CLAIM]
    middle = Run(
        snippet=claim.snippet,
        output="",
        stderr="",
        exit_code=0,
        seconds=sum(claim.limits()) / 2,
        peak_rss_kib=0,
        python=platform.python_version(),
        implementation=platform.python_implementation(),
    )
    verdict = claim.check({claim.snippet: middle})
    assert verdict.passed, f"{PUBLISHED_CLAIM} should pass at {middle.seconds:.2f} s"
    record_verdict(publisher, verdict)
    return published_document(PROJECT, Measurements.load(publisher), None)


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving `directory`, by its address."""
    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


async def published_build(browser: Browser) -> dict[str, Any]:
    """Build the repository's pages with no measurements of their own (as `make
    serve` on a fresh clone), reading the published figures from a site served on
    127.0.0.1; then read the claim boxes of `PUBLISHED_CLAIM`'s page and the claims
    index, as a reader's browser shows them."""
    base = Path(tempfile.mkdtemp(prefix="measured-published-"))
    try:
        root, published, out = base / "root", base / "published", base / "site"
        for folder in (root, published):
            folder.mkdir()
        skipped = {"mkdocs.yml", DIRECTORY, ".git", ".venv", ".artifacts", "site"}
        for entry in ROOT.iterdir():
            if entry.name not in skipped:
                (root / entry.name).symlink_to(entry)
        shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        document = published_run(base / "publisher")
        write_published(published, document)
        with serving(published) as publisher, serving(out) as site:
            done = await asyncio.to_thread(
                build_site, root, out, site, published=publisher
            )
            if done.returncode:
                raise AssertionError(f"mkdocs build --strict failed:\n{done.stderr}")
            url = page_url(PROJECT.claims[PUBLISHED_CLAIM].page)
            async with browser.tab() as page:
                await page.goto(site + url, wait_until="load")
                claims = await page.evaluate(CLAIM_BOXES)
                shots = ARTIFACTS / "screenshots"
                shots.mkdir(parents=True, exist_ok=True)
                box = page.locator(f"#claim-{PUBLISHED_CLAIM}")
                await box.screenshot(path=str(shots / "published-claim.png"))
                await page.goto(site + "claims/", wait_until="load")
                index = await page.evaluate(INDEX_ROWS)
        return {
            "log": done.stderr,
            "claims": claims,
            "index": index,
            "figures": document["claims"][PUBLISHED_CLAIM],
        }
    finally:
        shutil.rmtree(base, ignore_errors=True)


JOBS: dict[str, Callable[..., Any]] = {
    "edges": edges,
    "loading": loading,
    "scheme": scheme,
    "touch": touch,
    "leftovers": leftovers,
    "blocking": blocking,
    "stopping": stopping,
    "run": run_chain,
    "later": seed_later,
    "visit": visit,
    "search": search,
    "dark": dark_mode,
    "instant": instant_navigation,
    "section links": section_links,
    "first_screen": first_screen,
    "keyboard": keyboard_and_sidebar,
    "claims_index": claims_index,
    "published": published_build,
    "exercise": exercise,
}


SHARE_WEIGHT = {"published": 3, "stopping": 4, "edges": 2, "run": 2, "leftovers": 2}
"""How much one job weighs when `--shard` deals the browser's tests out (others
weigh 1, as one page's visit does): a share starts the jobs of its own tests."""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def browses(keys: Callable[..., list[tuple[Any, ...]]]) -> Callable[[Any], Any]:
    """Declare the jobs a test reads, given its parameters, so the module starts
    them all at once before the first test waits for one."""

    def mark(test: Any) -> Any:
        test.browses = keys
        return test

    return mark


@pytest.fixture(scope="module")
def browser(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    """Chromium, the site built once and served on 127.0.0.1 at an ephemeral port
    (built for that address: instant navigation only treats links to the site's own
    address as internal), and every job the selected tests read, started."""
    executable = chromium()
    if executable is None:
        pytest.skip(
            "no Chromium on this machine: browser tests skipped (apt-get install chromium)"
        )
    chrome = Browser(executable)  # starts while the site builds
    try:
        out = tmp_path_factory.mktemp("served")
        handler = functools.partial(Quiet, directory=str(out))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        chrome.site = f"http://127.0.0.1:{server.server_address[1]}/"
        build(stage(tmp_path_factory.mktemp("staged")), out, chrome.site)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        chrome.launched.result()
        module = sys.modules[__name__]
        wanted: dict[tuple[Any, ...], None] = {}
        for item in request.session.items:
            keys = getattr(getattr(item, "function", None), "browses", None)
            if keys is not None and getattr(item, "module", None) is module:
                params = item.callspec.params if hasattr(item, "callspec") else {}
                wanted.update(dict.fromkeys(keys(**params)))

        def cost(key: tuple[Any, ...]) -> float:
            """Longest first: the one long search session, then the largest pages."""
            if key[0] != "visit":
                return float("inf")
            return (out / key[1] / "index.html").stat().st_size

        for key in sorted(wanted, key=cost, reverse=True):
            chrome.start(key)
        yield chrome
        server.shutdown()
        server.server_close()
    finally:
        chrome.close()


# --- every page ---------------------------------------------------------------------


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_page_loads_cleanly_and_is_accessible(browser: Browser, url: str) -> None:
    """No console error, no failed request, no request to another host, and no
    serious or critical accessibility violation (axe-core)."""
    found: Visit = browser.result("visit", url)
    assert not found.errors, f"{url}: console errors: {found.errors}"
    assert not found.failed, f"{url}: failed requests: {found.failed}"
    foreign = [
        r
        for r in found.requests
        if urlsplit(r).hostname != "127.0.0.1" and not r.startswith("data:")
    ]
    assert not foreign, f"{url}: requests to third-party hosts: {foreign}"
    assert not found.violations, f"{url}:\n" + "\n".join(found.violations)


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_first_load_is_light(browser: Browser, url: str) -> None:
    """Every request of a page's first load, uncompressed, adds up to at most
    `MAX_FIRST_LOAD_KIB` (the search index loads only when a reader searches, and
    the Run buttons' module and Python only on a click)."""
    found: Visit = browser.result("visit", url)
    early = [
        r
        for r in found.requests
        if "run-here" in r or SITE_DIRECTORY in r or EDITOR_SITE_PATH in r
    ]
    assert not early, f"/{url}: loaded before any click: {early}"
    assert found.bytes <= MAX_FIRST_LOAD_KIB * 1024, (
        f"/{url}: first load is {found.bytes / 1024:.0f} KiB in "
        f"{len(found.requests)} requests, over {MAX_FIRST_LOAD_KIB} KiB"
    )


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_no_program_scrolls_sideways_at_1280_px(browser: Browser, url: str) -> None:
    found: Visit = browser.result("visit", url)
    assert not found.scrolling, (
        f"/{url} at 1280 px: these programs scroll sideways (scrollWidth > "
        f"clientWidth): {found.scrolling}"
    )


def page_at(url: str) -> Page:
    """The page served at `url`."""
    return next(page for page in PROJECT.pages if page_url(page.path) == url)


def showing_urls() -> list[str]:
    """The address of every page that shows a snippet."""
    return [page_url(page.path) for page in PROJECT.pages if page.shows]


# each page's checks read that page's visit alone, so that `--shard` can deal the
# visits out (a test reading every visit would start them all in its share)
@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", showing_urls())
def test_copy_buttons_copy_exactly_the_snippet(browser: Browser, url: str) -> None:
    copies = browser.result("visit", url).copies
    assert copies, f"/{url}: no snippet's copy button found"
    for snippet, copied in copies:
        # byte for byte, the final newline too: a pasted file is the file
        expected = (ROOT / "snippets" / snippet).read_text()
        assert copied == expected, f"{url}: copying {snippet}"


def commands(shown: str) -> str:
    """The commands of a console block, as a reader pastes them: its `$ ` lines
    without the prompt, and none of the output."""
    return "\n".join(
        line.removeprefix("$ ") for line in shown.splitlines() if line.startswith("$ ")
    )


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", showing_urls())
def test_copying_a_console_block_gives_only_its_commands(
    browser: Browser, url: str
) -> None:
    """The copy button of a console block copies its commands without `$ ` and
    without output lines, and each snippet's command is one of them."""
    problems = []
    checked = 0
    info = page_at(url)
    found: Visit = browser.result("visit", url)
    copied_here = set()
    for shown, copied in found.consoles:
        if copied is None:
            continue
        checked += 1
        copied_here.add(copied)
        if not commands(shown) or copied != commands(shown):
            problems.append(
                f"/{url}: copying the console block {shown!r} gave {copied!r}, "
                f"not {commands(shown)!r}"
            )
    for snippet in info.shows:
        command = PROJECT.settings(snippet).command(snippet)
        if command not in copied_here:
            problems.append(
                f"/{url}: no console block copies the command of "
                f"snippets/{snippet}, {command!r} (copied: {sorted(copied_here)})"
            )
    assert checked, "no console block has a copy button"
    assert not problems, "\n".join(problems)


RUNNABLE_URL = page_url(
    next(p.path for p in PROJECT.pages if RUNNABLE in p.shows)
    if any(RUNNABLE in p.shows for p in PROJECT.pages)
    else "docs/index.md"
)


@browses(lambda: [("visit", RUNNABLE_URL)])
def test_a_copied_command_runs(browser: Browser) -> None:
    """The command copied from the page, pasted into a shell at the repository's
    root (with the project's environment active), runs the snippet."""
    command = PROJECT.settings(RUNNABLE).command(RUNNABLE)
    found: Visit = browser.result("visit", RUNNABLE_URL)
    copied = [c for _, c in found.consoles if c and RUNNABLE in c]
    assert copied, f"/{RUNNABLE_URL}: no console block copies {command!r}"
    assert found.pasted == copied[0], (
        f"/{RUNNABLE_URL}: the clipboard holds {found.pasted!r} after a click on "
        f"the copy button, not {copied[0]!r}"
    )
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(
        copied[0],
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, (
        f"`{copied[0]}` exited with {done.returncode}:\n{done.stdout}{done.stderr}"
    )


FAILED_URL = page_url(
    PROJECT.claims[FAILED_CLAIM].page
    if FAILED_CLAIM in PROJECT.claims
    else "docs/index.md"
)


@browses(lambda: [("visit", FAILED_URL), ("visit", "claims/")])
def test_a_failed_claim_is_unmistakable(browser: Browser) -> None:
    """The claim the build's measurements say failed shows a cross, the danger
    colour and the word "failed", and no claim that passed looks like it."""
    claims = browser.result("visit", FAILED_URL).claims
    box = claims.get(FAILED_CLAIM)
    assert box is not None, f"/{FAILED_URL}: no .claim#claim-{FAILED_CLAIM} block"
    assert "claim--failed" in box["classes"].split(), box["classes"]
    assert "failed" in box["text"].lower(), box["text"]
    assert any(cross in box["text"] for cross in CROSSES), box["text"]
    assert box["danger"], f"no part of the failed claim is red: {box}"
    limit = f"{PROJECT.claims[FAILED_CLAIM].limits()[1] + 2.0:.2f}"
    assert limit in box["text"], f"the figure {limit} is not shown: {box['text']}"
    for other, seen in claims.items():
        if other == FAILED_CLAIM:
            continue
        assert "claim--failed" not in seen["classes"].split(), other
        if "claim--passed" in seen["classes"].split():
            assert not seen["danger"], f"{other} passed but is coloured red: {seen}"
    row = browser.result("visit", "claims/").index.get(FAILED_CLAIM, "")
    assert "failed" in row.lower(), f"claims index row: {row!r}"


# --- phones ---------------------------------------------------------------------------


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", FIGURE_URLS)
def test_figure_labels_are_readable_at_390_px(browser: Browser, url: str) -> None:
    figures = browser.result("visit", url).phone_labels
    drawn = [f for f in figures if f["labels"]]
    if not drawn:
        without_figures(f"/{url}: no chart or timeline drawn in this build (make test)")
    small = [f for f in drawn if f["small"]]
    assert not small, (
        f"/{url} at 390 px: text under {MIN_LABEL_PX} px as rendered: {small}"
    )


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_commands_show_whole_on_a_phone(browser: Browser, url: str) -> None:
    """At 390 px each command to type shows whole: it wraps instead of scrolling,
    and no character of it lies under the copy button."""
    cut = browser.result("visit", url).phone_commands
    assert not cut, f"/{url} at 390 px: {cut}"


TRACED_URL = page_url(
    next(
        (
            p.path
            for p in PROJECT.pages
            if any(m.name == "timeline" and m.argument == TRACED for m in p.markers)
        ),
        "docs/index.md",
    )
)


@browses(lambda: [("visit", TRACED_URL)])
def test_a_timeline_is_drawn_for_the_phone_check(browser: Browser) -> None:
    """The label check above has at least the traced timeline to measure."""
    figures = browser.result("visit", TRACED_URL).phone_labels
    assert any(f["figure"].startswith("timeline-") and f["labels"] for f in figures)


# --- search ---------------------------------------------------------------------------

SEARCHES = {
    # what a reader types: the page they want first
    "gather vs TaskGroup": "core/waiting-for-many/",
    "run blocking function": "patterns/blocking-code/",
    "coroutine was never awaited": "debugging/coroutine-and-task-messages/",
    "timeout": "core/timeouts-and-cancellation/",
    "limit concurrency semaphore": "patterns/limit-concurrency/",
    "cpu bound processes": "patterns/cpu-bound-work/",
    "def or async def fastapi": "bridging/web-frameworks/",
    "queue producer consumer": "patterns/producers-consumers/",
    "retry with backoff": "patterns/retries-and-rate-limits/",
    "asyncio.run from a running loop": "debugging/event-loop-messages/",
    # the queries a reader tried in issue 31, which landed elsewhere then
    "cancel a task": "core/timeouts-and-cancellation/",
    "timeout for many tasks": "core/timeouts-and-cancellation/",
    "aiohttp session": "network/http-clients/",
    "run sync function in thread": "patterns/blocking-code/",
    # the queries a second reader tried in issue 31, which landed elsewhere then
    "limit concurrent requests": "patterns/limit-concurrency/",
    "timeout for a request": "core/timeouts-and-cancellation/",
    "requests library blocks event loop": "patterns/blocking-code/",
    "CERTIFICATE_VERIFY_FAILED": "network/tls/",
    "You cannot call this from an async context - use a thread or sync_to_async.": (
        "bridging/django/"
    ),
    # the smoke check on both builders (tests/test_builders.py) found this one
    # landing on uvloop's page under mkdocs-material
    "event loop": "core/event-loop/",
}


@browses(lambda query: [("search",)])
@pytest.mark.parametrize("query", SEARCHES)
def test_search_lands_on_the_page_a_reader_wants(browser: Browser, query: str) -> None:
    results = browser.result("search")[query]
    assert results, f"{query!r}: no result"
    first = urlsplit(results[0][0]).path
    want = urlsplit(browser.site + SEARCHES[query]).path
    top = [urlsplit(r[0]).path for r in results[:5]]
    assert first == want, f"{query!r}: first result {first}, not {want}; top 5: {top}"


FINDS = [
    ("TaskGroup", "/core/waiting-for-many/"),
    ("never awaited", "runtimewarning-coroutine-was-never-awaited"),
]
"""A search, and a page's address or a section's anchor among its results."""


@browses(lambda query, expected: [("search",)])
@pytest.mark.parametrize(("query", "expected"), FINDS)
def test_search_finds(browser: Browser, query: str, expected: str) -> None:
    links = [
        urlsplit(link) for item in browser.result("search")[query] for link in item
    ]
    found = ({link.path for link in links} | {link.fragment for link in links}) - {""}
    assert expected in found, f"{query!r}: {expected} not among {links[:8]}"


MESSAGES = {
    "coroutine was never awaited": (
        "coroutine-and-task-messages",
        "runtimewarning-coroutine-was-never-awaited",
    ),
    "Task was destroyed but it is pending!": (
        "coroutine-and-task-messages",
        "task-was-destroyed-but-it-is-pending",
    ),
    "Task exception was never retrieved": (
        "coroutine-and-task-messages",
        "task-exception-was-never-retrieved",
    ),
    "asyncio.run() cannot be called from a running event loop": (
        "event-loop-messages",
        "runtimeerror-asynciorun-cannot-be-called-from-a-running-event-loop",
    ),
    "got Future attached to a different loop": (
        "event-loop-messages",
        "attached-to-a-different-loop",
    ),
    "There is no current event loop": (
        "event-loop-messages",
        "there-is-no-current-event-loop",
    ),
    "event loop is closed": (
        "event-loop-messages",
        "runtimeerror-event-loop-is-closed",
    ),
}


@browses(lambda message, where: [("search",)])
@pytest.mark.parametrize(("message", "where"), MESSAGES.items())
def test_searching_a_message_lands_on_its_entry(
    browser: Browser, message: str, where: tuple[str, str]
) -> None:
    page, anchor = where
    links = [
        urlsplit(link) for item in browser.result("search")[message] for link in item
    ]
    top = [(link.path, link.fragment) for link in links[:6]]
    assert any(
        path.endswith(f"/debugging/{page}/") and anchor in fragment
        for path, fragment in top
    ), top


# --- the rest of the site's behaviour -------------------------------------------------


@browses(lambda: [("dark",)])
def test_dark_mode_toggle_switches_the_scheme(browser: Browser) -> None:
    before, after = browser.result("dark")
    assert {before, after} == {"default", "slate"}


@browses(lambda: [("section links",)])
def test_a_link_to_another_pages_section_lands_on_it(browser: Browser) -> None:
    """A reader taps a message in the hub's table just after scrolling to it: the
    new page's address names that section, and its heading sits under the header.
    With the theme's scroll tracking on, the address kept the hub's `#try-it`."""
    landed = browser.result("section links")
    assert len(landed) == 3, landed
    for wanted, address, top in landed:
        assert address == wanted, (wanted, address)
        assert 0 <= top < 200, (wanted, top)


@browses(lambda: [("instant",)])
def test_instant_navigation_keeps_the_page_alive(browser: Browser) -> None:
    still_here, heading = browser.result("instant")
    assert still_here, "the click reloaded the page"
    assert "What async is" in heading


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", KEY_PAGES)
def test_screenshot_of_a_key_page(browser: Browser, url: str) -> None:
    """The screenshot is the whole page, and shows something: as wide and as tall
    as the page was, with many different rows of pixels (a blank or cut-off page
    has few)."""
    visit = browser.result("visit", url)
    assert visit.screenshot is not None, f"/{url}: no screenshot"
    width, height, rows = png_rows(visit.screenshot)
    assert (width, height) == visit.page_size, (url, (width, height), visit.page_size)
    assert rows >= height // 10, f"/{url}: {rows} different rows of {height}"


def png_rows(path: Path) -> tuple[int, int, int]:
    """A PNG's width, height and number of different rows of pixels (as stored,
    after the PNG's per-row filter)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + length]))
        at += 12 + length
    header = next(body for kind, body in chunks if kind == b"IHDR")
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour] * depth // 8
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = 1 + width * channels
    rows = {pixels[i : i + stride] for i in range(0, len(pixels), stride)}
    return width, height, len(rows)


# --- Run buttons ------------------------------------------------------------------------


def runs_needed(url: str) -> list[tuple[Any, ...]]:
    return [("run", chain_of(url))] if RUN_URLS else []


def ran_on(browser: Browser, url: str) -> RunVisit:
    """What the Run buttons of the page at `url` did, in its chain."""
    return browser.result("run", chain_of(url))[url]


def needs_run_buttons() -> None:
    if not RUN_URLS:
        pytest.skip("Pyodide's files are not installed (npm ci): no Run buttons")


@browses(runs_needed)
@pytest.mark.parametrize("url", RUN_URLS or ["(none)"])
def test_each_runnable_snippet_prints_its_recording_in_the_browser(
    browser: Browser, url: str
) -> None:
    """Every Run button of the page runs its snippet on Pyodide and prints the
    recording's words, with printed times within the snippet's tolerance; a run that
    differs is tried again, up to `ATTEMPTS` runs, as the suite does."""
    needs_run_buttons()
    found = ran_on(browser, url)
    info = next(p for p in PROJECT.pages if page_url(p.path) == url)
    assert not found.errors, f"/{url}: console errors, or a reload: {found.errors}"
    problems = []
    for snippet in dict.fromkeys(filter(runnable, info.shows)):
        runs = found.runs.get(snippet)
        if not runs:
            problems.append(f"/{url}: no Run button for snippets/{snippet}")
            continue
        ran = runs[-1]
        settings = PROJECT.settings(snippet)
        recording = recording_for_browser(ROOT, snippet, settings)
        mismatch = compare_times(
            recording.read_text(), as_shown(ran), settings.tolerance
        )
        if ran.state != "done" or not mismatch.same:
            problems.append(
                f"/{url}: snippets/{snippet} in the browser ({ran.state}, "
                f"{len(runs)} run(s), exit {ran.exit}): printed\n{ran.output}\n"
                f"not {recording.relative_to(ROOT)}:\n{recording.read_text()}"
            )
        assert "Pyodide" in ran.label and "Python 3.14" in ran.label, ran.label
    assert not problems, "\n".join(problems)


def inside(figure: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= figure < bounds[1]


@browses(lambda: runs_needed(SEED_URL))
def test_the_seed_overlaps_in_the_browser_in_about_3_s(browser: Browser) -> None:
    """At least 3.0 s (the longer wait) and under 3.5 s, measured in the browser; a
    later run may be load, so it runs again, up to `ATTEMPTS` runs, then once more
    when the module's work has ended (`seed_later`); an earlier one fails at once."""
    needs_run_buttons()
    runs = ran_on(browser, SEED_URL).runs[SEED]
    assert runs[0].seconds >= SEED_SECONDS[0], f"faster than its waits: {runs}"
    runs = with_later(browser, runs, SEED_SECONDS, "seed")
    figures = [round(r.seconds, 3) for r in runs]
    assert inside(runs[-1].seconds, SEED_SECONDS), (
        f"snippets/{SEED} in the browser: {figures} s, not in [3.0, 3.5)"
    )
    assert "total: 3." in runs[-1].output, runs[-1].output


@browses(
    lambda path, starter: (
        [("exercise", path, starter)] if EXERCISES and RUN_URLS else []
    )
)
@pytest.mark.parametrize(
    ("path", "starter"),
    [(page.path, e.starter) for page, e in EXERCISES] or [("(none)", "(none)")],
    ids=lambda value: value.removeprefix("docs/"),
)
def test_an_exercise_s_check_fails_the_starter_and_passes_the_solution(
    browser: Browser, path: str, starter: str
) -> None:
    """A reader types the starter into the editor and presses Check: ✗, for the
    reason the exercise is about; then the solution: ✓ with its figure, and the pass
    is kept in this browser until Forget."""
    needs_run_buttons()
    if not EXERCISES:
        pytest.skip("no page has an exercise a browser can check")
    declared = next(p for p in PROJECT.pages if p.path == path).exercises[starter]
    found: Checked = browser.result("exercise", path, starter)
    assert not found.errors, found.errors
    why, fails = declared.misses, declared.fails
    assert found.wrong["verdict"] == "failed", found.wrong
    assert (
        found.wrong["text"].startswith("✗ Not yet: ") and why in found.wrong["text"]
    ), (
        f"snippets/{starter}, typed in and Checked: {found.wrong['text']!r}, which "
        f"should say {why!r} (`fails: {fails}`)"
    )
    right = found.right[-1]
    assert right["verdict"] == "passed", (
        f"the solution of snippets/{starter}, typed in and Checked: "
        f"{[r['text'] for r in found.right]}"
    )
    assert re.fullmatch(
        r"✓ Goal met: \d+\.\d\d s, within .+ and the same \d+ lines?\.", right["text"]
    ), right
    assert "You met this goal in this browser on " in found.kept, found.kept
    assert found.forgotten, "Forget left the pass on the page"


@browses(lambda: runs_needed(SEED_URL))
def test_the_seed_edited_to_sequential_awaits_takes_about_5_s(browser: Browser) -> None:
    needs_run_buttons()
    found = ran_on(browser, SEED_URL)
    edited = found.edited
    assert edited and edited[0].seconds >= SEQUENTIAL_SECONDS[0], edited
    edited = with_later(browser, edited, SEQUENTIAL_SECONDS, "edited")
    figures = [round(r.seconds, 3) for r in edited]
    assert inside(edited[-1].seconds, SEQUENTIAL_SECONDS), (
        f"the edited seed in the browser: {figures} s, not in [5.0, 5.5)"
    )
    assert "total: 5." in edited[-1].output, edited[-1].output
    assert "(edited)" in edited[-1].label, edited[-1].label
    opening = (ROOT / "snippets" / SEED).read_text()[:7]
    assert found.tab_inserts == "    " + opening, found.tab_inserts
    lines = (ROOT / "snippets" / SEED).read_text().count("\n")
    assert found.line_numbers[:lines] == [str(n) for n in range(1, lines + 1)], (
        f"the editor's line numbers: {found.line_numbers}"
    )
    assert found.escape_leaves_for == SEED, (
        f"Escape in the editor moved the focus to {found.escape_leaves_for!r}, not "
        f"to the Run button of snippets/{SEED}"
    )
    assert found.reset_restores, "Reset did not bring back the file"


@browses(lambda chain: [("run", chain)] if RUN_URLS else [])
@pytest.mark.parametrize(
    "chain", CHAINS or [()], ids=lambda chain: chain[0] if chain else "none"
)
def test_running_asks_only_this_site_and_loads_python_once(
    browser: Browser, chain: tuple[str, ...]
) -> None:
    """No request leaves 127.0.0.1 while programs run; Pyodide loads from the site on
    the first click, and a page reached by a link from it downloads none of
    Pyodide's large files again (a Python an edit ran in is replaced, from the
    browser's Cache Storage)."""
    needs_run_buttons()
    problems = []
    for url in chain:
        found = ran_on(browser, url)
        foreign = [
            r
            for r in found.requests
            if urlsplit(r).hostname != "127.0.0.1"
            and not r.startswith(("data:", "blob:"))
        ]
        if foreign:
            problems.append(f"/{url}: requests to other hosts: {foreign}")
        pyodide = [r for r in found.requests if f"/{SITE_DIRECTORY}/" in r]
        if found.loaded and not pyodide:
            problems.append(f"/{url}: Pyodide was not loaded from the site")
        # a Python an edited program ran in is replaced by a fresh one, which takes
        # Pyodide's large files from the browser's Cache Storage, not the network
        again = [r for r in pyodide if r.endswith(CACHED)]
        if not found.loaded and again:
            problems.append(
                f"/{url}, reached by a link: Pyodide downloaded again: {again}"
            )
    assert not problems, "\n".join(problems)
    if SEED_URL not in chain:
        return
    seed = ran_on(browser, SEED_URL)
    first = next(iter(seed.runs.values()))[0]
    report = {
        "page": SEED_URL,
        "first_click_bytes": seed.first_click_bytes,
        "first_snippet": first.snippet,
        "first_click_to_python_ready_ms": first.ready_ms,
        "first_click_to_first_output_ms": first.first_output_ms,
        "seed_seconds": [r.seconds for r in seed.runs[SEED]],
        "seed_edited_seconds": [r.seconds for r in seed.edited],
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "run-here.json").write_text(json.dumps(report, indent=2))


def needs_blocks(url: str) -> None:
    needs_run_buttons()
    if url not in RUN_URLS:
        pytest.skip(f"/{url} has no Run button in this build")


@browses(lambda: [("blocking",)] if RUN_URLS else [])
def test_time_sleep_blocks_the_loop_in_the_browser(browser: Browser) -> None:
    """`BLOCKING`, pasted into an editor and by its own button, prints its CPython
    recording, `total: 5.0 s`, and takes at least 5 s: `time.sleep` holds the thread
    and the event loop for its full time, as in a terminal."""
    needs_run_buttons()
    found: Blocking = browser.result("blocking")
    expected = (ROOT / "snippets" / BLOCKING.replace(".py", ".out")).read_text()
    for how, ran in (
        ("pasted into the seed's editor", found.pasted),
        ("own", found.own),
    ):
        if ran is None and how == "own":
            continue
        assert ran is not None and ran.state == "done", f"{how}: {ran}"
        same = compare_times(expected, ran.output, PROJECT.settings(BLOCKING).tolerance)
        assert same.same, f"{BLOCKING} ({how}) printed\n{ran.output}not\n{expected}"
        assert ran.seconds >= BLOCKING_SECONDS[0], (
            f"{BLOCKING} ({how}) took {ran.seconds:.2f} s: its sleeps overlapped"
        )
    assert found.own is not None, f"{BLOCKING} has no Run button of its own"
    assert not found.errors, found.errors


@browses(lambda: [("blocking",)] if RUN_URLS else [])
def test_the_pitfall_s_time_sleep_makes_tasks_take_turns(browser: Browser) -> None:
    """compare/waiting's pitfall: `WAIT_TASKS` with `time.sleep(0.3)` added takes
    about 3 s in the browser, as in a terminal, not 0.3 s."""
    needs_run_buttons()
    ran = browser.result("blocking").wait_tasks
    assert ran is not None and ran.state == "done", ran
    assert "10 waits done" in ran.output, ran.output
    assert ran.seconds >= WAIT_TASKS_BLOCKING_SECONDS, (
        f"{WAIT_TASKS} with time.sleep(0.3): {ran.seconds:.2f} s, not about 3 s"
    )


@browses(lambda: [("stopping",)] if RUN_URLS else [])
def test_stop_ends_a_stuck_program_and_frees_the_queue(browser: Browser) -> None:
    """A program that never ends has a Stop button; while it runs another block
    waits, and once it is stopped the other block runs."""
    needs_blocks(STOP_URL)
    found: Stopping = browser.result("stopping")
    assert not found.problems, found.problems
    assert found.other_waits not in ("done", "failed"), found.other_waits
    assert found.stuck_after_stop and found.stuck_after_stop.state == "stopped", (
        found.stuck_after_stop
    )
    assert "Stopped" in found.stuck_after_stop.label, found.stuck_after_stop.label
    assert found.stuck_after_stop.output.startswith("started"), found.stuck_after_stop
    ran = found.other_after_stop
    assert ran is not None, (
        f"another block did not run within {FREED_WITHIN_S} s of the Stop"
    )
    assert ran.state == "done" and ran.output, ran


@browses(lambda: [("stopping",)] if RUN_URLS else [])
def test_a_program_is_stopped_at_its_time_limit(browser: Browser) -> None:
    """A program still running at its block's time limit is stopped with a message
    that says so, and the next Run runs."""
    needs_blocks(STOP_URL)
    found: Stopping = browser.result("stopping")
    ran = found.limited
    assert ran is not None, f"still running {STUCK_LIMIT_S + 30} s after its limit"
    assert ran.state == "stopped", ran
    assert f"after {STUCK_LIMIT_S} s" in ran.label, ran.label
    assert ran.seconds >= STUCK_LIMIT_S, ran
    assert found.other_after_limit and found.other_after_limit.state == "done", (
        found.other_after_limit
    )


@browses(lambda: [("stopping",)] if RUN_URLS else [])
def test_a_program_left_running_does_not_block_the_next_page(browser: Browser) -> None:
    """A stuck program left running when the reader follows a link never holds up
    a Run button of the next page (instant navigation keeps the page's scripts)."""
    needs_blocks(STOP_URL)
    found: Stopping = browser.result("stopping")
    ran = found.after_leaving
    assert ran is not None, (
        f"/{OTHER_URL}: a Run did not end within {FREED_WITHIN_S} s, behind the "
        "program left running"
    )
    assert ran.state == "done" and ran.output, ran


@browses(lambda: [("stopping",)] if RUN_URLS else [])
def test_reset_puts_the_file_back_and_clears_the_output(browser: Browser) -> None:
    needs_blocks(STOP_URL)
    found: Stopping = browser.result("stopping")
    assert found.reset, "not reached: a run before it did not end"
    assert found.reset == {
        "output": "",
        "output_shown": False,
        "label_shown": False,
        "editor_shown": False,
    }, found.reset


@browses(lambda: [("stopping",)] if RUN_URLS else [])
def test_the_code_shown_is_the_code_that_runs(browser: Browser) -> None:
    """After an edit, whatever button the block still shows, the page shows the
    edited program, and Run runs it."""
    needs_blocks(STOP_URL)
    found: Stopping = browser.result("stopping")
    assert found.shown_runs, "not reached: a run before it did not end"
    assert found.shown_runs["ran_edited"], found.shown_runs
    assert found.shown_runs["shown_is_edited"], (
        f"Run ran the edited program while the page showed another: {found.shown_runs}"
    )


def plain(reason: str) -> str:
    """A reason as the page shows it: its `code` as text."""
    return reason.replace("`", "")


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_every_block_says_whether_it_runs_here(browser: Browser, url: str) -> None:
    """Each snippet a page shows has a Run button, or, under its command, one line
    "Terminal only: <the reason measured.pyodide gives>"; a page with Run buttons
    explains running in the browser once."""
    needs_run_buttons()
    problems = []
    info = page_at(url)
    found = browser.result("visit", url).runs_here
    for snippet in dict.fromkeys(info.shows):
        verdict = decide(ROOT, snippet, PROJECT.settings(snippet))
        seen = found["snippets"].get(snippet)
        if seen is None:
            problems.append(f"/{url}: snippets/{snippet} not found on the page")
        elif verdict.runnable and not seen["run"]:
            problems.append(f"/{url}: snippets/{snippet} has no Run button")
        elif not verdict.runnable:
            want = f"Terminal only: {plain(verdict.reason)}"
            if seen["run"] or want not in seen["notes"]:
                problems.append(
                    f"/{url}: snippets/{snippet} shows {seen}, not the note {want!r}"
                )
    runs = any(runnable(s) for s in info.shows)
    if found["helps"] != (1 if runs else 0):
        problems.append(
            f"/{url}: {found['helps']} explanations of running in the browser"
        )
    assert not problems, "\n".join(problems)


@browses(lambda url: [("visit", url)])
@pytest.mark.parametrize("url", urls())
def test_copy_buttons_say_what_they_copy(browser: Browser, url: str) -> None:
    """A program's copy button is labelled "Copy <file name>", a console block's
    "Copy command (<the program it runs>)" (or "commands"), any other "Copy code"."""
    problems = []
    for button in browser.result("visit", url).copy_labels:
        label = button["label"] or ""
        if button["title"]:
            right = label == f"Copy {button['title'].split('/')[-1]}"
        elif button["console"]:
            right = (
                re.fullmatch(r"Copy commands?( \([\w.-]+\.py\))?", label) is not None
            )
        else:
            right = label == "Copy code"
        if not right:
            problems.append(f"{button}: labelled {label!r}")
    assert not problems, f"/{url}:\n" + "\n".join(problems)


@browses(lambda: [("loading",)] if RUN_URLS else [])
def test_python_loads_on_intent_with_progress_and_later_from_the_cache(
    browser: Browser,
) -> None:
    """While Python loads, the block counts the megabytes that have arrived, up to
    the total the site ships; resting the pointer on Run starts loading Python
    before the click; a later visit runs without downloading Pyodide's largest
    files again. The first and later start times go to .artifacts/run-here-loading.json."""
    needs_run_buttons()
    found: Loading = browser.result("loading")
    assert not found.errors, found.errors
    assert found.before_click, "the pointer on Run did not start loading Python"
    total = sum((core_files(ROOT) / name).stat().st_size for name in FETCHED) / 1e6
    counts = [m.groups() for m in map(PROGRESS.search, found.labels) if m]
    assert counts, f"no progress among the labels shown: {found.labels}"
    assert {t for _, t in counts} == {f"{total:.1f}"}, counts
    assert [float(n) for n, _ in counts] == sorted(float(n) for n, _ in counts), counts
    assert found.first and found.first.state == "done", found.first
    assert found.later and found.later.state == "done", found.later
    again = [r for r in found.later_requests if r.endswith(CACHED)]
    assert not again, f"a later visit downloaded again: {again}"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "run-here-loading.json").write_text(
        json.dumps(
            {
                "first_click_to_python_ready_ms": found.first.ready_ms,
                "first_click_to_first_output_ms": found.first.first_output_ms,
                "later_click_to_python_ready_ms": found.later.ready_ms,
                "later_click_to_first_output_ms": found.later.first_output_ms,
                "labels": sorted(set(found.labels)),
            },
            indent=2,
        )
    )


@browses(lambda scheme: [("scheme", url, scheme) for url in SCHEME_URLS])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_colour_schemes_are_accessible(browser: Browser, scheme: str) -> None:
    """axe finds no serious or critical violation in either colour scheme, on the
    seed's page with its editor open and a run's output shown, the claims index
    and the home page."""
    problems = {
        f"/{url}": found
        for url in SCHEME_URLS
        if (found := browser.result("scheme", url, scheme))
    }
    assert not problems, f"{scheme} scheme: {json.dumps(problems, indent=1)}"


@browses(lambda: [("touch",)] if RUN_URLS else [])
def test_buttons_are_44_px_targets_on_a_touch_screen(browser: Browser) -> None:
    needs_run_buttons()
    small = [
        b
        for b in browser.result("touch")
        if min(b["width"], b["height"]) < TOUCH_TARGET_PX - 0.5
    ]
    assert not small, f"smaller than {TOUCH_TARGET_PX} px on a touch screen: {small}"


@browses(lambda: [("leftovers",)] if RUN_URLS else [])
def test_asyncio_run_cleans_up_in_the_browser_as_in_a_terminal(
    browser: Browser,
) -> None:
    """`LEFTOVERS` prints in the browser what CPython prints: the leftover task is
    cancelled and the open async generator closed when `main()` returns, on the
    second run as on the first."""
    needs_run_buttons()
    terminal = subprocess.run(
        [sys.executable, "-c", LEFTOVERS], capture_output=True, text=True, timeout=60
    )
    assert terminal.returncode == 0, terminal.stderr
    for ran in browser.result("leftovers"):
        assert ran.state == "done" and ran.exit in ("", "0"), ran
        assert ran.output == terminal.stdout, (
            f"in the browser:\n{ran.output}\nin a terminal:\n{terminal.stdout}"
        )


@browses(lambda: [("edges",)] if RUN_URLS else [])
def test_a_program_that_prints_without_end_can_be_stopped(browser: Browser) -> None:
    """The page stays responsive to Stop, and shows a bounded part of the output;
    a long finite flood says how many lines it left out."""
    needs_run_buttons()
    found: Edges = browser.result("edges")
    assert found.flood_stop_s is not None and found.flood_stop_s < FLOOD_STOP_S, (
        f"Stop took {found.flood_stop_s} s on a program printing without end"
    )
    assert found.ran["flood"].state == "stopped", found.ran["flood"]
    many = found.ran["many"]
    assert many.state == "done", many
    assert re.search(r"… and [\d,]+ more lines, not shown here\n$", many.output), (
        many.output[-200:]
    )


@browses(lambda: [("edges",)] if RUN_URLS else [])
def test_a_line_without_a_newline_shows_in_its_own_block(browser: Browser) -> None:
    found: Edges = browser.result("edges")
    needs_run_buttons()
    assert found.ran["unfinished"].output == "...x", found.ran["unfinished"]
    assert found.after_patch and "...x" not in found.after_patch.output, (
        found.after_patch
    )


@browses(lambda: [("edges",)] if RUN_URLS else [])
def test_an_edited_program_s_changes_do_not_reach_the_next_program(
    browser: Browser,
) -> None:
    """An edit that patched asyncio.sleep leaves the next, unedited program a
    Python of its own: it prints its recording."""
    needs_run_buttons()
    ran = browser.result("edges").after_patch
    expected = (ROOT / "snippets" / SEED.replace(".py", ".out")).read_text()
    assert ran and ran.state == "done", ran
    assert compare_times(expected, ran.output, PROJECT.settings(SEED).tolerance).same, (
        f"after a patching edit, {SEED} printed\n{ran.output}"
    )


@browses(lambda: [("edges",)] if RUN_URLS else [])
def test_a_block_edited_while_it_waits_runs_the_edit(browser: Browser) -> None:
    needs_run_buttons()
    ran = browser.result("edges").queued_edit
    assert ran and "edited while it waited" in ran.output, ran
    assert "(edited)" in ran.label, ran.label


@browses(lambda: [("edges",)] if RUN_URLS else [])
def test_what_a_browser_cannot_do_says_so(browser: Browser) -> None:
    """A syntax error shows no frame of the page's driver; input(), a socket and a
    nested asyncio.run fail with a message that says why; to_thread notes that it
    holds the loop."""
    needs_run_buttons()
    found: Edges = browser.result("edges")
    syntax = found.ran["syntax"].output
    assert syntax.startswith('  File "snippets/') and "Traceback" not in syntax, syntax
    assert "ast.py" not in syntax and "SyntaxError" in syntax, syntax
    assert "cannot read a keyboard in a browser page" in found.ran["input"].output
    assert "cannot open network connections" in found.ran["socket"].output
    to_thread = found.ran["to_thread"].output
    assert (
        to_thread.startswith("Note: a browser page has no threads")
        and "back" in to_thread
    )
    nested = found.ran["nested"].output
    assert (
        "RuntimeError: asyncio.run() cannot be called from a running event loop"
        in nested
    )


@browses(lambda: [("edges",)] if RUN_URLS else [])
def test_the_focus_stays_on_a_button_that_can_act(browser: Browser) -> None:
    """Enter on Run moves the focus to Stop; the run's end moves it back to Run;
    Reset moves it to Edit: never to the page's body."""
    needs_run_buttons()
    focus = browser.result("edges").focus
    assert "run-here__stop" in focus["running"], focus
    assert "run-here__run" in focus["ended"], focus
    assert "run-here__edit" in focus["reset"], focus


@browses(lambda size: [("first_screen", size)])
@pytest.mark.parametrize("size", FIRST_SCREENS)
def test_the_home_page_s_first_screen_explains_itself(
    browser: Browser, size: str
) -> None:
    """On a laptop's 1280×800 and a phone's 390×844, without scrolling: a visible
    title and a promise naming its readers; the program, its output and the top of
    its measured claim; ways in for the three readers who arrive most, on that
    screen too; and the site's name in the header in full."""
    found = browser.result("first_screen", size)
    assert found["title"] == "Async Python, Measured", found
    assert found["lead"] and "Python developers" in found["lead"], found
    assert found["program"] == "snippets/basics/overlap.py", found
    for part, top in found["tops"].items():
        assert top is not None and 0 <= top < found["height"], (
            f"{size}: the {part} starts at y = {top}, below the first screen "
            f"({found['height']} px): {found['tops']}"
        )
    assert found["name"] == {"text": "Async Python, Measured", "cut": False}, found
    for path in START_PATHS:
        assert any(link.endswith(f"/{path}") for link in found["paths"]), (
            f"no way in to /{path} on the home page: {found['paths']}"
        )
        assert any(link.endswith(f"/{path}") for link in found["seen_paths"]), (
            f"{size}: no way in to /{path} on the first screen: {found['seen_paths']}"
        )


@browses(lambda: [("keyboard",)])
def test_the_sidebar_s_title_hides_what_scrolls_under_it(browser: Browser) -> None:
    """With the menu scrolled, the sticky site title is an opaque band: no link shows
    through it, and no translucent glow under it lays over the next label."""
    title = browser.result("keyboard")["title"]
    assert not title["covered"], title
    alpha = re.findall(r"[\d.]+", title["background"])[3:4] or ["1"]
    assert float(alpha[0]) == 1, f"the title's background is see-through: {title}"
    assert title["glow"] == "none", (
        f"a glow under the title covers {title['link']!r} only in part: {title}"
    )


@browses(lambda: [("keyboard",)])
def test_tab_from_the_search_box_lands_on_something_visible(browser: Browser) -> None:
    """Tab from the search box goes to something a reader sees, not to the closed
    results' box ("Initializing search")."""
    tabs = browser.result("keyboard")["tabs"]
    unseen = [tab for tab in tabs if not tab["visible"]]
    assert not unseen, f"Tab after the search box lands on unseen elements: {tabs}"


def index_sections() -> list[str]:
    """The sections of the nav that have claims, in the nav's order."""
    from measured.project import reading_order

    having = {claim.page for claim in PROJECT.claims.values()}
    return list(
        dict.fromkeys(
            section for path, section, _ in reading_order(ROOT) if path in having
        )
    )


@browses(lambda: [("claims_index",)])
def test_the_claims_index_reads_in_the_site_s_order_and_fits_a_phone(
    browser: Browser,
) -> None:
    """At 390 px: a heading for each section in the menu's order, every claim in a
    row, nothing wider than the screen, the machine never repeated in a row, names
    from code set as code outside any link's underline."""
    found = browser.result("claims_index")
    assert found["sections"] == index_sections(), found["sections"]
    assert found["rows"] == len(PROJECT.claims) == found["shown"], found
    assert found["page"]["scroll"] <= found["page"]["width"], found["page"]
    assert not found["wide"], f"scrolls sideways at 390 px: {found['wide']}"
    assert found["machine_in_rows"] == 0, found
    assert found["code_in_rows"] and not found["code_in_links"], found


@browses(lambda: [("claims_index",)])
def test_the_claims_index_filters_as_a_reader_types(browser: Browser) -> None:
    found = browser.result("claims_index")
    assert found["filter"], "no working filter box on the claims index"
    some = found["filtered"]["to_thread"]
    assert 0 < some["shown"] < found["rows"] and some["without"] == 0, some
    assert some["count"] == f"{some['shown']} of {found['rows']} claims", some
    none = found["filtered"]["no claim says this"]
    assert none["shown"] == 0 and none["sections"] == 0, none


@browses(lambda: [("visit", page_url(PROJECT.claims[UNMEASURED_CLAIM].page))])
def test_a_claim_without_a_figure_is_neutral(browser: Browser) -> None:
    """A build without the claim's figure (as `make serve` before `make test`) says
    "not measured in this build" without the failure's cross or its red."""
    url = page_url(PROJECT.claims[UNMEASURED_CLAIM].page)
    box = browser.result("visit", url).claims.get(UNMEASURED_CLAIM)
    assert box is not None, f"/{url}: no .claim#claim-{UNMEASURED_CLAIM}"
    assert "claim--unmeasured" in box["classes"].split(), box
    assert "not measured in this build" in box["text"], box
    assert not any(cross in box["text"] for cross in CROSSES), box
    assert not box["danger"], f"an unmeasured claim is coloured red: {box}"


@browses(lambda: [("published",)])
def test_a_build_without_figures_shows_the_published_ones_neutral_and_no_cross(
    browser: Browser,
) -> None:
    """A build with no measurements of its own, given a published site on
    127.0.0.1, shows the claim that passed there with its figure and its line of
    provenance (published, when, on what), in neutral styling: no cross and no red,
    on its page and in the claims index; the claims it has no figure for are
    neutral too."""
    found = browser.result("published")
    figures = found["figures"]
    assert "figures of the published site" in found["log"], found["log"]
    box = found["claims"].get(PUBLISHED_CLAIM)
    assert box is not None, f"no .claim#claim-{PUBLISHED_CLAIM}: {found['claims']}"
    assert "claim--published" in box["classes"].split(), box
    assert figures["figure"] in box["text"], box
    provenance = f"Published figure, measured on {day(figures['measured_at'])}"
    assert provenance in box["text"], box
    assert f"CPython {figures['python']}" in box["text"], box
    for name, seen in found["claims"].items():
        assert not any(cross in seen["text"] for cross in CROSSES), (name, seen)
        assert not seen["danger"], f"{name} is coloured red: {seen}"
        assert "failed" not in seen["text"].lower(), (name, seen)
        if name != PUBLISHED_CLAIM:
            assert "claim--unmeasured" in seen["classes"].split(), (name, seen)
    row = found["index"].get(PUBLISHED_CLAIM, "")
    assert figures["figure"] in row, f"claims index row: {row!r}"
    assert not any(cross in row for cross in CROSSES), f"claims index row: {row!r}"

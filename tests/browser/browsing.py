"""What every browser test shares: the constants every concern uses, the site's
staging and build, one Chromium driven from a thread of its own (`Browser`), and the
jobs the tests read (`job`, `browses`). How the package runs, and where each concern
lives: `tests/browser/__init__.py`."""

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
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from conftest import PROJECT, ROOT

from measured.measurements import (
    DIRECTORY,
    record_timeline,
    record_verdict,
    timeline_path,
)
from measured.project import Page
from measured.runner import Run
from measured.site import build_site

# Everything this package computes at import reads the project only through PROJECT
# (whose pages' mistakes are the integrity test's to report) and tolerates what a
# page lacks: a collection error here would hide the project's own message.

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
FAILED_CLAIM = "overlap-takes-longest-wait"
"""The claim the build's measurements say failed."""
UNMEASURED_CLAIM = "home-overlap-takes-longest-wait"
"""A claim the build's measurements lack, as a build before `make test` lacks all."""
TRACED = "core/many_taskgroup_fails.py"
"""A timeline traced for the build when the measurements lack it (0.1 s)."""
CROSSES = "✗✘×✕✖❌"
"""The crosses a failed claim may show: no other claim shows any."""
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => done()))"
"""Resolves once the page has drawn its next frame."""
JS = Path(__file__).parent / "js"
"""The JavaScript the tests run in the pages, one file each (`script`); a one-line
function stays in the Python that runs it (`NEXT_FRAME`)."""
INCLUDED = re.compile(r"/\* (\S+)\.js \*/ null")
"""In a script, `/* <name>.js */ null` stands for that file's function."""


@functools.cache
def script(name: str) -> str:
    """The JavaScript of `js/<name>.js`, as Playwright takes it: a function
    expression for `evaluate` and `wait_for_function` (`() => ...`, `(arg) =>
    ...`), or a script for `add_init_script`. Where one script uses another's
    function, `/* <name>.js */ null` in it stands for that function (copy-all.js
    opens sections with reveal.js's)."""
    text = (JS / f"{name}.js").read_text(encoding="utf-8")
    return INCLUDED.sub(lambda found: script(found[1]), text)


def page_url(path: str) -> str:
    """The address of a page under the site root, such as `core/tasks/`."""
    relative = Path(path).relative_to("docs").with_suffix("")
    if relative.name == "index":
        return "" if relative.parent == Path(".") else f"{relative.parent.as_posix()}/"
    return f"{relative.as_posix()}/"


def urls() -> list[str]:
    """The address of every page under the site root."""
    return [page_url(page.path) for page in PROJECT.pages]


def page_at(url: str) -> Page:
    """The page served at `url`."""
    return next(page for page in PROJECT.pages if page_url(page.path) == url)


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
        trace = json.loads(timeline.read_text())
        record_timeline(root, TRACED, platform.python_implementation(), trace)
    return root


def build(root: Path, out: Path, site_url: str) -> None:
    """Build the staged root with --strict into `out`, for `site_url`; it shows a
    failed claim, so it does not require every figure to pass."""
    done = build_site(root, out, site_url)
    if done.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stderr}", pytrace=False)


# --- the jobs: coroutines the tests read, each started once ------------------------

Job = TypeVar("Job", bound=Callable[..., Awaitable[Any]])

JOBS: dict[str, Callable[..., Awaitable[Any]]] = {}
"""Every job a test may read, by the first part of its key (`("visit", url)` is
`visit(browser, url)`). Each concern's module registers its own jobs with `@job`
when it is imported: the `browser` fixture starts jobs by key once collection has
ended, and by then every module whose tests were collected has been imported, so
every job a collected test declares is registered. The visit of each page, read by
several concerns, is registered by `visits`, which the package's conftest imports."""


def job(name: str) -> Callable[[Job], Job]:
    """Register a coroutine as the job `name`: `browser.result(name, *args)` awaits
    `coroutine(browser, *args)`, once, however many tests read it."""

    def register(coroutine: Job) -> Job:
        assert name not in JOBS, f"two browser jobs named {name!r}"
        JOBS[name] = coroutine
        return coroutine

    return register


def browses(keys: Callable[..., list[tuple[Any, ...]]]) -> Callable[[Any], Any]:
    """Declare the jobs a test reads, given its parameters, so the `browser` fixture
    starts them all at once before the first test waits for one."""

    def mark(test: Any) -> Any:
        test.browses = keys
        return test

    return mark


STARTS = (
    "search",
    "dark",
    "section links",
    "instant",
    "run",
    "exercise",
    "blocking",
    "stopping",
    "loading",
    "scheme",
    "touch",
    "leftovers",
    "edges",
    "first_screen",
    "keyboard",
    "claims_index",
    "published",
)
"""The order the `browser` fixture starts the jobs other than the pages' visits in,
all before the visits: the order the tests that read them had when they were one
module, which the suite's timings were taken with (`AT_ONCE` pages are open at a
time, and the first started are the first served: the long search session first,
the Run buttons' chains soon after). A job not listed starts after these, still
before the visits."""

SHARE_WEIGHT = {"published": 3, "stopping": 4, "edges": 2, "run": 2, "leftovers": 2}
"""How much one job weighs when `--shard` deals the browser's tests out (others
weigh 1, as one page's visit does): a share starts the jobs of its own tests
(`together` in `tests/conftest.py` reads it)."""


# --- one browser, driven from a thread of its own ---------------------------------


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
    """One Chromium for the session; jobs are coroutines run on its thread's loop,
    each started once (`start`) and read by any number of tests (`result`)."""

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
                await context.add_init_script(script("watch-search"))
                await context.add_init_script(script("watch-copy"))
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

        tokens = set(await page.evaluate(script("token-classes")))
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


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

"""Every Run button, clicked in `RUN_CHAINS` chains of pages, one Python each: each
program prints its recording; the seed overlaps in about 3 s, and edited to await
one wait after the other takes about 5 s; running asks only this site and loads
Python once per chain; and every block says whether it runs here."""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT, ROOT

from browser.browsing import (
    ARTIFACTS,
    Browser,
    Traffic,
    browses,
    job,
    open_page,
    page_at,
    page_url,
    script,
    urls,
)
from browser.running import (
    CACHED,
    RUN_URLS,
    SEED,
    SEED_URL,
    Ran,
    click_run,
    needs_run_buttons,
    put_in_editor,
    runnable,
    shown_code,
    snippet_box,
)
from measured.pyodide import SITE_DIRECTORY, decide, recording_for_browser
from measured.recordings import compare_times
from measured.runner import normalize
from measured.schedule import ATTEMPTS, LATER

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

SEED_SECONDS = (3.0, 3.5)
"""The seed (`running.SEED`) under `gather`: about 3 s, never less."""
SEQUENTIAL_SECONDS = (5.0, 5.5)
"""The seed edited to await one wait after the other: about 5 s, never less."""
OVERLAPPED = 'await asyncio.gather(wait("short", 2), wait("long", 3))'
ONE_AFTER_ANOTHER = 'await wait("short", 2)\n    await wait("long", 3)'
PYODIDE_STDLIB = "/lib/python3.14/"
"""Where Pyodide keeps the standard library: `<stdlib>/` in a recording."""
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


@job("run")
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
                await page.evaluate(script("follow"), browser.site + url)
                await page.wait_for_function(script("arrived"), arg=browser.site + url)
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


@job("later")
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


# --- the tests ------------------------------------------------------------------------


def runs_needed(url: str) -> list[tuple[Any, ...]]:
    return [("run", chain_of(url))] if RUN_URLS else []


def ran_on(browser: Browser, url: str) -> RunVisit:
    """What the Run buttons of the page at `url` did, in its chain."""
    return browser.result("run", chain_of(url))[url]


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

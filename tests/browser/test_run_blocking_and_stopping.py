"""Programs that block or never end, as a reader pastes or edits them: `time.sleep`
holds the loop in the browser as in a terminal; Stop, the time limit and leaving
the page each end a stuck program and free the queue; Reset puts the file back;
and the code shown is the code that runs."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import PROJECT, ROOT

from browser.browsing import (
    NEXT_FRAME,
    PATIENCE_MS,
    Browser,
    browses,
    job,
    open_page,
    page_url,
    script,
)
from browser.running import (
    RUN_URLS,
    SEED,
    SEED_URL,
    STUCK,
    Ran,
    click_run,
    ended_within,
    needs_run_buttons,
    put_in_editor,
    run_edited,
    snippet_box,
)
from measured.recordings import compare_times

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

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


@job("blocking")
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
        await page.evaluate(script("follow"), browser.site + url)
        await page.wait_for_function(script("arrived"), arg=browser.site + url)
        box = snippet_box(page, WAIT_TASKS)
        text = (ROOT / "snippets" / WAIT_TASKS).read_text()
        found.wait_tasks = await run_edited(page, box, with_blocking_sleep(text))
    return found


@dataclass
class Stopping:
    """A stuck program, stopped by Stop, by the time limit, and by leaving its page."""

    other_waits: str = ""
    """the state of another block's run while the stuck program runs"""
    stuck_after_stop: Ran | None = None
    other_after_stop: Ran | None = None
    limited: Ran | None = None
    limited_not_ended: dict[str, Any] = field(default_factory=dict)
    """what the stuck block showed when its limited run had not ended in time"""
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


async def start_stuck(page: Any, box: Any, *, wait: bool = True) -> None:
    """Put `STUCK` in the block's editor, click Run, and wait until it prints while
    it runs. Under a time limit shorter than a loaded machine takes to start it,
    the run may be stopped before the wait sees it running (`wait=False`: the
    caller waits for the stop instead)."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    await put_in_editor(page, box, STUCK)
    await box.locator(".run-here__run").click()
    if not wait:
        return
    handle = await box.element_handle()
    try:
        await page.wait_for_function(script("started"), arg=handle, timeout=PATIENCE_MS)
    except PlaywrightTimeout:
        shown = Ran(**await page.evaluate(script("ran"), handle))
        raise AssertionError(
            f"the stuck program was not seen running and printing 'started' within "
            f"{PATIENCE_MS / 1000:g} s of its Run; its block shows {shown}"
        ) from None


@job("stopping")
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
        await page.evaluate(script("reveal"), await other.element_handle())
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
        found.reset = await other.evaluate(script("after-reset"))
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
        shown = await other.evaluate(script("shown-code"))
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
        await start_stuck(page, stuck, wait=False)
        found.limited = await ended_within(page, stuck, STUCK_LIMIT_S + 30)
        if found.limited is None:
            found.limited_not_ended = await page.evaluate(
                script("ran"), await stuck.element_handle()
            )
            return found
        found.other_after_limit = await click_run(page, other)
        await stuck.evaluate("(box) => { box.dataset.limit = '60'; }")
        await start_stuck(page, stuck)
        await page.evaluate(script("follow"), browser.site + OTHER_URL)
        await page.wait_for_function(script("arrived"), arg=browser.site + OTHER_URL)
        box = page.locator(".run-here").first
        await page.evaluate(script("reveal"), await box.element_handle())
        await box.locator(".run-here__run").click()
        found.after_leaving = await ended_within(page, box, FREED_WITHIN_S)
    return found


# --- the tests ------------------------------------------------------------------------


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
    assert ran is not None, (
        f"not ended {STUCK_LIMIT_S + 30} s after its Run, with a {STUCK_LIMIT_S} s "
        f"limit; its block shows {found.limited_not_ended}"
    )
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

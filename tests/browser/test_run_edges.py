"""What a reader's edits meet in a Run block: `asyncio.run`'s clean-up of what
`main()` leaves behind, a flood of output, a line without its newline, a program
that patches asyncio, what a browser cannot do, a block edited while it waits, and
where the focus goes."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass, field

import pytest
from conftest import PROJECT, ROOT

from browser.browsing import (
    NEXT_FRAME,
    PATIENCE_MS,
    Browser,
    browses,
    job,
    open_page,
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


@job("leftovers")
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


@job("edges")
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
                    script("started").replace("started", "line 1"),
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
        await page.wait_for_function(
            script("started"), arg=await other.element_handle()
        )
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


# --- the tests ------------------------------------------------------------------------


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

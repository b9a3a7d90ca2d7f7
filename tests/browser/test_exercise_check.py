"""An exercise's Check, as a reader uses it: the starter typed into the editor
fails for the reason the exercise is about, the solution passes with its figure,
and the pass is kept in this browser until Forget."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import PROJECT, ROOT

from browser.browsing import (
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
    needs_run_buttons,
    put_in_editor,
    runnable,
    snippet_box,
)
from measured.schedule import ATTEMPTS

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

EXERCISES = [
    (page, exercise)
    for page in PROJECT.pages
    for exercise in page.exercises.values()
    if runnable(exercise.starter)
]
"""Every exercise a reader checks in the page, with its page."""


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
    await page.evaluate(script("reveal"), await box.element_handle())
    await box.locator(".run-here__check").click()
    handle = await box.element_handle()
    async with asyncio.timeout(PATIENCE_MS / 1000):
        await page.evaluate(script("ended"), handle)
    return dict(await page.evaluate(script("verdict"), handle))


@job("exercise")
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
            await page.evaluate(script("reveal"), await box.element_handle())
            await box.locator(".run-here__forget").click()
            await passed.wait_for(state="hidden")  # as a reader sees it go
            await page.reload(wait_until="load")
            found.forgotten = (
                not await snippet_box(page, starter)
                .locator(".run-here__passed")
                .is_visible()
            )
    return found


# --- the tests ------------------------------------------------------------------------


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

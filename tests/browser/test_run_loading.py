"""Loading Python for a Run button: the block counts the megabytes as they arrive,
resting the pointer on Run starts loading before the click, and a later visit takes
Pyodide's largest files from the browser's cache."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest
from conftest import ROOT

from browser.browsing import ARTIFACTS, Browser, browses, job, open_page, script
from browser.running import (
    CACHED,
    RUN_URLS,
    SEED,
    SEED_URL,
    Ran,
    click_run,
    needs_run_buttons,
    snippet_box,
)
from measured.pyodide import FETCHED, SITE_DIRECTORY, core_files

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

# --- loading Python: progress, intent, and the browser's cache ------------------------

PROGRESS = re.compile(r"Loading Python… (\d+\.\d) of (\d+\.\d) MB")


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


@job("loading")
async def loading(browser: Browser) -> Loading:
    """On the seed's page, fresh: click Run and keep every label the block shows.
    Then load the page again in the same browser, rest the pointer on Run until
    Python starts to load, and click."""
    found = Loading()
    async with browser.tab() as page:
        traffic = await open_page(browser, page, SEED_URL, found.errors)
        await traffic.quiet.wait()
        box = snippet_box(page, SEED)
        await page.evaluate(script("reveal"), await box.element_handle())
        await page.evaluate(script("labels-seen"), await box.element_handle())
        found.first = await click_run(page, box)
        found.labels = await page.evaluate("window.__labels")
        await page.reload(wait_until="load")
        since = len(traffic.requests)
        box = snippet_box(page, SEED)
        await page.evaluate(script("reveal"), await box.element_handle())
        async with page.expect_request(lambda r: f"/{SITE_DIRECTORY}/" in r.url):
            await box.locator(".run-here__run").hover()
        found.before_click = [
            r for r in traffic.requests[since:] if SITE_DIRECTORY in r
        ]
        found.later = await click_run(page, box)
        found.later_requests = traffic.requests[since:]
    return found


# --- the tests ------------------------------------------------------------------------


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

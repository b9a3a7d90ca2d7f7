"""The search box: each query, pasted as a reader pastes one, lands on the page or
the section the reader wants (one search session reads every query)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from browser.browsing import ARTIFACTS, Browser, browses, job, script

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

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

FINDS = [
    ("TaskGroup", "/core/waiting-for-many/"),
    ("never awaited", "runtimewarning-coroutine-was-never-awaited"),
]
"""A search, and a page's address or a section's anchor among its results."""

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


@job("search")
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
            await page.wait_for_function(script("search-drawn"), arg=query)
            found[query] = await page.eval_on_selector_all(
                ".md-search-result__item",
                "items => items.map(i => [...i.querySelectorAll('a')].map(a => a.href))",
            )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search.json").write_text(json.dumps(found, indent=2))
    return found


# --- the tests ------------------------------------------------------------------------


@browses(lambda query: [("search",)])
@pytest.mark.parametrize("query", SEARCHES)
def test_search_lands_on_the_page_a_reader_wants(browser: Browser, query: str) -> None:
    results = browser.result("search")[query]
    assert results, f"{query!r}: no result"
    first = urlsplit(results[0][0]).path
    want = urlsplit(browser.site + SEARCHES[query]).path
    top = [urlsplit(r[0]).path for r in results[:5]]
    assert first == want, f"{query!r}: first result {first}, not {want}; top 5: {top}"


@browses(lambda query, expected: [("search",)])
@pytest.mark.parametrize(("query", "expected"), FINDS)
def test_search_finds(browser: Browser, query: str, expected: str) -> None:
    links = [
        urlsplit(link) for item in browser.result("search")[query] for link in item
    ]
    found = ({link.path for link in links} | {link.fragment for link in links}) - {""}
    assert expected in found, f"{query!r}: {expected} not among {links[:8]}"


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

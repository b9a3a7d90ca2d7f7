"""The site as each builder builds it, in a real browser: the smoke checks a reader
meets first (search, a Run button, a copy button, tabs) pass on MkDocs' build and on
Zensical's (`docs/contributing/index.md#two-builders`). `tests/browser/`
checks MkDocs' build in depth."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT, ROOT
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from measured.pyodide import recording_for_browser
from measured.recordings import compare_times
from measured.runner import normalize

# not part of a page check (`pytest docs/<page>.md`): they check the builders, not a page
pytestmark = [pytest.mark.last, pytest.mark.xdist_group("site")]

PAGE = "core/tasks/"
SNIPPET = "core/task_overlap.py"
"""The first program of `PAGE`, which runs in a browser."""
TABS_PAGE = "debugging/coroutine-and-task-messages/"
QUERY, FIRST = "event loop", "core/event-loop/"
"""A reader's search, and the page its first result must be."""
ATTEMPTS = 3
"""Runs of `SNIPPET` before a printed time later than its tolerance fails: load only
makes a program later (the suite's own rule for outputs)."""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each builder's site, served on 127.0.0.1 at an ephemeral port."""
    folder: Path = request.getfixturevalue(
        "built" if request.param == "mkdocs" else "built_by_zensical"
    )
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


ERRORS: list[str] = []
"""The script errors of the current test's page."""


@pytest.fixture
def page(chromium: Browser, site: str) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site.rstrip("/")
    )
    tab = context.new_page()
    ERRORS.clear()
    tab.on("pageerror", lambda error: ERRORS.append(str(error)))
    yield tab
    context.close()


def test_search_lands_on_the_page_about_it(page: Page, site: str) -> None:
    page.goto(site)
    opener = page.locator(".md-search__button")
    if opener.count():  # Zensical: a button opens a dialog, its box in a shadow root
        opener.click()
        box = page.locator("input[role=combobox]")
    else:  # mkdocs-material: the box is in the header
        box = page.locator("[data-md-component=search-query]")
    try:
        box.wait_for(state="visible", timeout=15_000)
    except PlaywrightTimeout as error:
        raise AssertionError(f"no search box shown on {site}") from error
    # typed into the box itself, not wherever the focus is: the dialog's box takes
    # the focus by `autofocus`, which need not have happened when the click returns
    # (a cold CI job's Zensical search once showed no result within 15 s)
    box.press_sequentially(QUERY)
    # Zensical's results, then mkdocs-material's; they change as the query is typed,
    # so the first is read once it has held for half a second
    first = page.locator("ol[role=listbox] a, .md-search-result__link").first
    first.wait_for(timeout=15_000)
    href, held = first.get_attribute("href") or "", 0
    while held < 5:
        page.wait_for_timeout(100)
        now = first.get_attribute("href") or ""
        href, held = now, held + 1 if now == href else 0
    assert href.split("?")[0].split("#")[0].endswith(f"/{FIRST}"), href
    assert not ERRORS, ERRORS


def test_a_run_button_runs_the_program(page: Page, site: str) -> None:
    settings = PROJECT.settings(SNIPPET)
    expected = recording_for_browser(ROOT, SNIPPET, settings).read_text()
    page.goto(f"{site}{PAGE}")
    box = page.locator(f'.run-here[data-snippet="{SNIPPET}"]')
    printed = ""
    for _ in range(ATTEMPTS):
        box.locator(".run-here__run").click()
        page.wait_for_function(
            "(box) => ['done', 'failed', 'stopped'].includes(box.dataset.state)",
            arg=box.element_handle(),
            timeout=120_000,
        )
        assert box.get_attribute("data-state") == "done", box.inner_text()
        printed = normalize(
            box.locator(".run-here__output").text_content() or "", settings
        )
        mismatch = compare_times(expected, printed, settings.tolerance)
        if mismatch.same or not mismatch.only_late:
            break
    assert compare_times(expected, printed, settings.tolerance).same, (
        f"snippets/{SNIPPET} printed\n{printed}\nnot\n{expected}"
    )
    assert not ERRORS, ERRORS


def test_a_copy_button_copies_the_whole_file(page: Page, site: str) -> None:
    page.goto(f"{site}{PAGE}")
    block = page.locator(
        ".highlight", has=page.locator(f'.filename:text-is("snippets/{SNIPPET}")')
    ).first
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == (ROOT / "snippets" / SNIPPET).read_text()


def test_tabs_switch_what_they_show(page: Page, site: str) -> None:
    page.goto(f"{site}{TABS_PAGE}")
    tabs = page.locator(".tabbed-set").first
    labels, blocks = (
        tabs.locator(".tabbed-labels > label"),
        tabs.locator(".tabbed-block"),
    )
    assert (
        labels.count() >= 2
        and blocks.nth(0).is_visible()
        and not blocks.nth(1).is_visible()
    )
    labels.nth(1).click()
    assert blocks.nth(1).is_visible() and not blocks.nth(0).is_visible()

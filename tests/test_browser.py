"""The built site, used in a real browser: Chromium driven by Playwright.

Playwright's own browser download is not reachable everywhere, so these tests drive
the Chromium the machine has (`.ci/run` installs Debian's `chromium` when it is
missing). Where there is none, they are skipped with a message that says so.

Screenshots and page weights go to `.artifacts/` (not committed).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT, ROOT, build_site

pytestmark = [pytest.mark.last, pytest.mark.browser]

ARTIFACTS = ROOT / ".artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KEY_PAGES = ["basics/what-is-async/", "core/event-loop/", "claims/"]


def chromium() -> str | None:
    """The machine's Chromium, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def urls() -> list[str]:
    """The address of every page under the site root, such as `core/tasks/`."""
    found = []
    for page in PROJECT.pages:
        path = Path(page.path).relative_to("docs").with_suffix("")
        found.append(
            ""
            if path.name == "index" and path.parent == Path(".")
            else f"{(path.parent if path.name == 'index' else path).as_posix()}/"
        )
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site, served on 127.0.0.1 at an ephemeral port, and built for that address
    (instant navigation only treats links to the site's own address as internal)."""
    out = tmp_path_factory.mktemp("served")
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(out)
    )
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    build_site(out, f"http://127.0.0.1:{server.server_address[1]}/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    if executable is None:
        pytest.skip(
            "no Chromium on this machine: browser tests skipped (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, site: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site.rstrip("/")
    )
    opened = context.new_page()
    yield opened
    context.close()


@pytest.mark.parametrize("url", urls())
def test_page_loads_cleanly_and_is_accessible(page, site: str, url: str) -> None:
    """No console error, no request to another host, and no serious or critical
    accessibility violation (axe-core); the page's first-load weight is kept."""
    errors: list[str] = []
    requests: list[str] = []
    sizes: list[int] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))

    def measure(response) -> None:
        try:
            sizes.append(len(response.body()))
        except Exception:  # a redirect or a cancelled request has no body
            sizes.append(0)

    page.on("response", measure)
    page.goto(site + url, wait_until="networkidle")
    assert not errors, f"{url}: console errors: {errors}"
    foreign = [
        r
        for r in requests
        if urlsplit(r).hostname != "127.0.0.1" and not r.startswith("data:")
    ]
    assert not foreign, f"{url}: requests to third-party hosts: {foreign}"
    weights = ARTIFACTS / "page-weights"
    weights.mkdir(parents=True, exist_ok=True)
    (weights / f"{url.strip('/').replace('/', '_') or 'home'}.json").write_text(
        json.dumps({"page": url, "requests": len(requests), "bytes": sum(sizes)})
    )
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"{url}:\n" + "\n".join(serious)


def test_copy_buttons_copy_exactly_the_snippet(page, site: str) -> None:
    checked = 0
    for page_info, url in zip(PROJECT.pages, urls(), strict=True):
        if not page_info.shows:
            continue
        page.goto(site + url, wait_until="networkidle")
        for snippet in page_info.shows:
            block = page.locator(
                f'.highlight:has(> span.filename:text-is("snippets/{snippet}"))'
            ).first
            if not block.is_visible():  # inside a content tab: open that tab first
                index = block.evaluate(
                    "b => { const t = b.closest('.tabbed-block');"
                    " return [...t.parentElement.children].indexOf(t); }"
                )
                tabs = block.locator(
                    "xpath=ancestor::div[contains(@class, 'tabbed-set')][1]"
                )
                tabs.locator(".tabbed-labels > label").nth(index).click()
            block.locator("button[data-md-type=copy]").click()
            copied = page.evaluate("navigator.clipboard.readText()")
            expected = (ROOT / "snippets" / snippet).read_text()
            assert copied.rstrip("\n") == expected.rstrip("\n"), (
                f"{url}: copying {snippet}"
            )
            checked += 1
    assert checked, "no page shows a snippet"


@pytest.mark.parametrize(
    ("query", "expected"), [("TaskGroup", "core/"), ("never awaited", "")]
)
def test_search_finds(page, site: str, query: str, expected: str) -> None:
    page.goto(site, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    links = [link.get_attribute("href") for link in results.locator("a").all()]
    assert any(expected in (link or "") for link in links), links


def test_dark_mode_toggle_switches_the_scheme(page, site: str) -> None:
    page.goto(site, wait_until="networkidle")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def test_instant_navigation_keeps_the_page_alive(page, site: str) -> None:
    page.goto(site, wait_until="networkidle")
    page.evaluate("window.__stillHere = true")
    page.locator("nav.md-nav--primary a[href*='basics/what-is-async']").first.click()
    page.wait_for_url("**/basics/what-is-async/")
    page.locator("h1").first.wait_for()
    assert page.evaluate("window.__stillHere === true"), "the click reloaded the page"
    assert "What async is" in page.locator("h1").first.inner_text()


@pytest.mark.parametrize("url", KEY_PAGES)
def test_screenshot_of_a_key_page(page, site: str, url: str) -> None:
    page.goto(site + url, wait_until="networkidle")
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(shots / f"{url.strip('/').replace('/', '_')}.png"), full_page=True
    )
    assert os.path.getsize(shots / f"{url.strip('/').replace('/', '_')}.png") > 10_000


MESSAGES = {
    "coroutine was never awaited": "runtimewarning-coroutine-was-never-awaited",
    "Task was destroyed but it is pending!": "task-was-destroyed-but-it-is-pending",
    "Task exception was never retrieved": "task-exception-was-never-retrieved",
    "asyncio.run() cannot be called from a running event loop": (
        "runtimeerror-asynciorun-cannot-be-called-from-a-running-event-loop"
    ),
    "got Future attached to a different loop": "attached-to-a-different-loop",
    "There is no current event loop": "there-is-no-current-event-loop",
}


@pytest.mark.parametrize(("message", "anchor"), MESSAGES.items())
def test_searching_a_message_lands_on_its_entry(
    page, site: str, message: str, anchor: str
) -> None:
    page.goto(site, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type(message, delay=5)
    page.wait_for_timeout(500)  # let the results settle on the whole query
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    links = [
        urlsplit(a.get_attribute("href") or "") for a in results.locator("a").all()
    ]
    top = [(link.path, link.fragment) for link in links[:6]]
    assert any(
        path.endswith("/debugging/mistakes-by-message/") and anchor in fragment
        for path, fragment in top
    ), top

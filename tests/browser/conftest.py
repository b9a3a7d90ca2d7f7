"""The `browser` fixture: the site built once, one Chromium for every browser test
of the session, and every job the session's tests read started at once."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest

# the visit of each page is read by tests of several concerns: importing it here
# registers its job whichever of them are collected
from browser import visits  # noqa: F401
from browser.browsing import STARTS, Browser, Quiet, build, stage


def chromium() -> str | None:
    """The machine's Chromium, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    """Chromium, the site built once and served on 127.0.0.1 at an ephemeral port
    (built for that address: instant navigation only treats links to the site's own
    address as internal), and every job the session's tests read, started: one
    Chromium serves every browser test file. Each job is registered by the module of
    the tests that read it, imported when they were collected (`browsing.JOBS`)."""
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
        wanted: dict[tuple[Any, ...], None] = {}
        for item in request.session.items:
            keys = getattr(getattr(item, "function", None), "browses", None)
            if keys is not None:
                params = item.callspec.params if hasattr(item, "callspec") else {}
                wanted.update(dict.fromkeys(keys(**params)))

        def order(key: tuple[Any, ...]) -> tuple[int, int, int]:
            """The jobs other than the pages' visits first, in `STARTS`' order; then
            the visits, the largest pages first."""
            if key[0] != "visit":
                rank = STARTS.index(key[0]) if key[0] in STARTS else len(STARTS)
                return (0, rank, 0)
            return (1, 0, -(out / key[1] / "index.html").stat().st_size)

        for key in sorted(wanted, key=order):
            chrome.start(key)
        yield chrome
        server.shutdown()
        server.server_close()
    finally:
        chrome.close()

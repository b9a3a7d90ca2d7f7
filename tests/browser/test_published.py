"""A build that measured nothing (as `make serve` on a fresh clone), beside a
published site on 127.0.0.1: it shows the published figures, neutral, with their
provenance, and no cross."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.server
import platform
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, ROOT

from browser.browsing import (
    ARTIFACTS,
    CROSSES,
    UNMEASURED_CLAIM,
    Browser,
    Quiet,
    browses,
    job,
    page_url,
    script,
)
from measured.measurements import (
    DIRECTORY,
    Measurements,
    published_document,
    record_verdict,
    write_published,
)
from measured.render import day
from measured.runner import Run
from measured.site import build_site

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

PUBLISHED_CLAIM = UNMEASURED_CLAIM
"""The claim that passed in the published run, read by a build that measured none."""


def published_run(publisher: Path) -> dict[str, Any]:
    """The file of figures a publishing build writes after a run in which
    `PUBLISHED_CLAIM` passed, measured in the middle of its bound."""
    claim = PROJECT.claims[PUBLISHED_CLAIM]
    middle = Run(
        snippet=claim.snippet,
        output="",
        stderr="",
        exit_code=0,
        seconds=sum(claim.limits()) / 2,
        peak_rss_kib=0,
        python=platform.python_version(),
        implementation=platform.python_implementation(),
    )
    verdict = claim.check({claim.snippet: middle})
    assert verdict.passed, f"{PUBLISHED_CLAIM} should pass at {middle.seconds:.2f} s"
    record_verdict(publisher, verdict)
    return published_document(PROJECT, Measurements.load(publisher), None)


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving `directory`, by its address."""
    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@job("published")
async def published_build(browser: Browser) -> dict[str, Any]:
    """Build the repository's pages with no measurements of their own (as `make
    serve` on a fresh clone), reading the published figures from a site served on
    127.0.0.1; then read the claim boxes of `PUBLISHED_CLAIM`'s page and the claims
    index, as a reader's browser shows them."""
    base = Path(tempfile.mkdtemp(prefix="measured-published-"))
    try:
        root, published, out = base / "root", base / "published", base / "site"
        for folder in (root, published):
            folder.mkdir()
        skipped = {"mkdocs.yml", DIRECTORY, ".git", ".venv", ".artifacts", "site"}
        for entry in ROOT.iterdir():
            if entry.name not in skipped:
                (root / entry.name).symlink_to(entry)
        shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        document = published_run(base / "publisher")
        write_published(published, document)
        with serving(published) as publisher, serving(out) as site:
            done = await asyncio.to_thread(
                build_site, root, out, site, published=publisher
            )
            if done.returncode:
                raise AssertionError(f"mkdocs build --strict failed:\n{done.stderr}")
            url = page_url(PROJECT.claims[PUBLISHED_CLAIM].page)
            async with browser.tab() as page:
                await page.goto(site + url, wait_until="load")
                claims = await page.evaluate(script("claim-boxes"))
                shots = ARTIFACTS / "screenshots"
                shots.mkdir(parents=True, exist_ok=True)
                box = page.locator(f"#claim-{PUBLISHED_CLAIM}")
                await box.screenshot(path=str(shots / "published-claim.png"))
                await page.goto(site + "claims/", wait_until="load")
                index = await page.evaluate(script("index-rows"))
        return {
            "log": done.stderr,
            "claims": claims,
            "index": index,
            "figures": document["claims"][PUBLISHED_CLAIM],
        }
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- the tests ------------------------------------------------------------------------


@browses(lambda: [("published",)])
def test_a_build_without_figures_shows_the_published_ones_neutral_and_no_cross(
    browser: Browser,
) -> None:
    """A build with no measurements of its own, given a published site on
    127.0.0.1, shows the claim that passed there with its figure and its line of
    provenance (published, when, on what), in neutral styling: no cross and no red,
    on its page and in the claims index; the claims it has no figure for are
    neutral too."""
    found = browser.result("published")
    figures = found["figures"]
    assert "figures of the published site" in found["log"], found["log"]
    box = found["claims"].get(PUBLISHED_CLAIM)
    assert box is not None, f"no .claim#claim-{PUBLISHED_CLAIM}: {found['claims']}"
    assert "claim--published" in box["classes"].split(), box
    assert figures["figure"] in box["text"], box
    provenance = f"Published figure, measured on {day(figures['measured_at'])}"
    assert provenance in box["text"], box
    assert f"CPython {figures['python']}" in box["text"], box
    for name, seen in found["claims"].items():
        assert not any(cross in seen["text"] for cross in CROSSES), (name, seen)
        assert not seen["danger"], f"{name} is coloured red: {seen}"
        assert "failed" not in seen["text"].lower(), (name, seen)
        if name != PUBLISHED_CLAIM:
            assert "claim--unmeasured" in seen["classes"].split(), (name, seen)
    row = found["index"].get(PUBLISHED_CLAIM, "")
    assert figures["figure"] in row, f"claims index row: {row!r}"
    assert not any(cross in row for cross in CROSSES), f"claims index row: {row!r}"

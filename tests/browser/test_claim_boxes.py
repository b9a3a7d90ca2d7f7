"""How a claim's box shows its verdict, as the visit of its page found it: the build
reads measurements in which `FAILED_CLAIM` failed and `UNMEASURED_CLAIM` has no
figure (`browsing.stage`)."""

from __future__ import annotations

import pytest
from conftest import PROJECT

from browser.browsing import (
    CROSSES,
    FAILED_CLAIM,
    UNMEASURED_CLAIM,
    Browser,
    browses,
    page_url,
)

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]

FAILED_URL = page_url(
    PROJECT.claims[FAILED_CLAIM].page
    if FAILED_CLAIM in PROJECT.claims
    else "docs/index.md"
)


@browses(lambda: [("visit", FAILED_URL), ("visit", "claims/")])
def test_a_failed_claim_is_unmistakable(browser: Browser) -> None:
    """The claim the build's measurements say failed shows a cross, the danger
    colour and the word "failed", and no claim that passed looks like it."""
    claims = browser.result("visit", FAILED_URL).claims
    box = claims.get(FAILED_CLAIM)
    assert box is not None, f"/{FAILED_URL}: no .claim#claim-{FAILED_CLAIM} block"
    assert "claim--failed" in box["classes"].split(), box["classes"]
    assert "failed" in box["text"].lower(), box["text"]
    assert any(cross in box["text"] for cross in CROSSES), box["text"]
    assert box["danger"], f"no part of the failed claim is red: {box}"
    limit = f"{PROJECT.claims[FAILED_CLAIM].limits()[1] + 2.0:.2f}"
    assert limit in box["text"], f"the figure {limit} is not shown: {box['text']}"
    for other, seen in claims.items():
        if other == FAILED_CLAIM:
            continue
        assert "claim--failed" not in seen["classes"].split(), other
        if "claim--passed" in seen["classes"].split():
            assert not seen["danger"], f"{other} passed but is coloured red: {seen}"
    row = browser.result("visit", "claims/").index.get(FAILED_CLAIM, "")
    assert "failed" in row.lower(), f"claims index row: {row!r}"


@browses(lambda: [("visit", page_url(PROJECT.claims[UNMEASURED_CLAIM].page))])
def test_a_claim_without_a_figure_is_neutral(browser: Browser) -> None:
    """A build without the claim's figure (as `make serve` before `make test`) says
    "not measured in this build" without the failure's cross or its red."""
    url = page_url(PROJECT.claims[UNMEASURED_CLAIM].page)
    box = browser.result("visit", url).claims.get(UNMEASURED_CLAIM)
    assert box is not None, f"/{url}: no .claim#claim-{UNMEASURED_CLAIM}"
    assert "claim--unmeasured" in box["classes"].split(), box
    assert "not measured in this build" in box["text"], box
    assert not any(cross in box["text"] for cross in CROSSES), box
    assert not box["danger"], f"an unmeasured claim is coloured red: {box}"

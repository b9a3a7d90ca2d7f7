"""The claims index on a phone: a section for each of the menu's, every claim in a
row, nothing wider than the screen, and a filter that narrows the rows as a reader
types."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PROJECT, ROOT

from browser.browsing import ARTIFACTS, PHONE, Browser, browses, job, script

pytestmark = [pytest.mark.last, pytest.mark.browser, pytest.mark.xdist_group("browser")]


@job("claims_index")
async def claims_index(browser: Browser) -> dict[str, Any]:
    """The claims index on a phone: its sections, its width, and its filter."""
    async with browser.tab(PHONE, touch=True) as page:
        await page.goto(browser.site + "claims/", wait_until="load")
        found = await page.evaluate(script("index-page"))
        box = page.locator(".claims-filter__input")
        found["filtered"] = {}
        for word in ("to_thread", "no claim says this"):
            await box.fill(word)
            found["filtered"][word] = await page.evaluate(
                script("index-filtered"), word
            )
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        await box.fill("")
        await page.screenshot(
            path=str(shots / "claims-index-phone.png"), full_page=True
        )
        return found


# --- the tests ------------------------------------------------------------------------


def index_sections() -> list[str]:
    """The sections of the nav that have claims, in the nav's order."""
    from measured.project import reading_order

    having = {claim.page for claim in PROJECT.claims.values()}
    return list(
        dict.fromkeys(
            section for path, section, _ in reading_order(ROOT) if path in having
        )
    )


@browses(lambda: [("claims_index",)])
def test_the_claims_index_reads_in_the_site_s_order_and_fits_a_phone(
    browser: Browser,
) -> None:
    """At 390 px: a heading for each section in the menu's order, every claim in a
    row, nothing wider than the screen, the machine never repeated in a row, names
    from code set as code outside any link's underline."""
    found = browser.result("claims_index")
    assert found["sections"] == index_sections(), found["sections"]
    assert found["rows"] == len(PROJECT.claims) == found["shown"], found
    assert found["page"]["scroll"] <= found["page"]["width"], found["page"]
    assert not found["wide"], f"scrolls sideways at 390 px: {found['wide']}"
    assert found["machine_in_rows"] == 0, found
    assert found["code_in_rows"] and not found["code_in_links"], found


@browses(lambda: [("claims_index",)])
def test_the_claims_index_filters_as_a_reader_types(browser: Browser) -> None:
    found = browser.result("claims_index")
    assert found["filter"], "no working filter box on the claims index"
    some = found["filtered"]["to_thread"]
    assert 0 < some["shown"] < found["rows"] and some["without"] == 0, some
    assert some["count"] == f"{some['shown']} of {found['rows']} claims", some
    none = found["filtered"]["no claim says this"]
    assert none["shown"] == 0 and none["sections"] == 0, none

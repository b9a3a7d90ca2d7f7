"""Every claim on the site holds: the measuring engine measured it, and each test
asserts on the verdict it recorded.

Claims are measured in the first phase of `make test`, with nothing heavy running
beside them; `measured.measuring` decides when each program runs and how often.
"""

from __future__ import annotations

import pytest
from conftest import NEWEST, PROJECT, Verdicts, claim_python, skip_if_unrunnable

from measured.claims import ClaimFailed
from measured.errors import ContributorError
from measured.schedule import cost


def claim_params():
    for claim in PROJECT.claims.values():
        marks = [pytest.mark.measure, page_mark(claim.page)]
        marks.append(pytest.mark.weight(cost(PROJECT, claim.snippets)))
        yield pytest.param(claim.id, id=claim.id, marks=marks)


def page_mark(page: str) -> pytest.MarkDecorator:
    return pytest.mark.page(page)


@pytest.mark.parametrize("claim_id", list(claim_params()))
def test_claim_holds(claim_id: str, verdicts: Verdicts) -> None:
    claim = PROJECT.claims[claim_id]
    if claim_python(claim) is None:
        for (
            snippet
        ) in claim.snippets:  # skips, saying which Python or module is missing
            skip_if_unrunnable(snippet, NEWEST)
    verdict = verdicts[claim_id]
    if isinstance(verdict, ContributorError):
        raise verdict
    if not verdict.passed:
        raise ClaimFailed(verdict)

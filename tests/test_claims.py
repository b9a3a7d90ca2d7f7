"""Every claim on the site holds in this run; its figure is stored for the build."""

from __future__ import annotations

import pytest
from conftest import PROJECT, ROOT, Runs

from measured.claims import ClaimFailed
from measured.measurements import record_verdict
from measured.runner import check_run


def claim_params():
    groups = PROJECT.groups()
    # claims over `cpus` first, so that their programs alternate with their baselines
    # before another claim has measured a baseline on its own
    for claim in sorted(PROJECT.claims.values(), key=lambda claim: not claim.uses_cpus):
        marks = [pytest.mark.xdist_group(groups.get(claim.snippet, claim.snippet))]
        if PROJECT.alone(claim.snippet):
            marks.append(pytest.mark.alone)
        yield pytest.param(claim.id, id=claim.id, marks=marks)


@pytest.mark.parametrize("claim_id", list(claim_params()))
def test_claim_holds(claim_id: str, runs: Runs) -> None:
    claim = PROJECT.claims[claim_id]
    measured = runs.measure(claim.snippets)
    for name, run in measured.items():
        check_run(run, PROJECT.settings(name))
    verdict = claim.check(measured)
    record_verdict(ROOT, verdict)
    if not verdict.passed:
        raise ClaimFailed(verdict)

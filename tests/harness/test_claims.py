"""The rules for claims (`measured/claims.py`), on claims of the tests' own: a
claim's declaration and its mistakes, bounds that can fail, what a claim measures,
and the guide's gather claims failing when their program stops overlapping.

Not `tests/test_claims.py`, which measures every claim of the guide."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import PRIMARY, PROJECT, ROOT

from harness.conftest import (
    GATHER_EXAMPLE,
    GIL_CLAIM,
    contributing_example,
    copy_project,
    demo_claim,
    figures_masked,
    page,
    problems_of,
    write,
)
from measured.claims import BOUNDS_RULE, KINDS, Claim, ClaimFailed, Verdict
from measured.errors import ContributorError
from measured.measurements import Measurements
from measured.measuring import Engine
from measured.project import Project
from measured.recordings import OutputLate
from measured.render import render_claim
from measured.runner import Run, run_snippet
from measured.schedule import ATTEMPTS

# --- a claim's declaration, each mistake named by its line ----------------------------


@pytest.mark.parametrize(
    ("claim", "error"),
    [
        (
            "seconds: [3.0, 3.4]\n    speed: 2",
            "docs/a.md:9: unknown claim key 'speed'",  # the key's line
        ),
        (
            "seconds: [3.4, 3.0]",
            "docs/a.md:8: bounds of `seconds` are inverted or empty",
        ),
        ("seconds: [3.0]", "docs/a.md:8: `seconds` must be a list of two bounds"),
        ("speedup: [1, 2]", "docs/a.md:8: a `speedup` claim needs `baseline`"),
        ('seconds: [1, "cpus ** 2"]', "docs/a.md:8: bad bound in `seconds`"),
    ],
)
def test_a_malformed_claim_names_its_page_and_line(
    tmp_path: Path, claim: str, error: str
) -> None:
    front = (
        "title: A\nclaims:\n  - id: demo\n    snippet: demo/a.py\n"
        f"    says: It takes 3 s.\n    because: physics.\n    {claim}\n"
    )
    write(tmp_path, "docs/a.md", page(front))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value).startswith(error)


@pytest.mark.parametrize(
    ("claim", "error"),
    [
        (
            "peak_mib: [10, 20]\n    per: 100",
            "docs/a.md:9: `per` must be a whole number of at least 1, on a claim of kind",
        ),
        (
            "baseline: demo/b.py\n    extra_kib: [1, 2]\n    per: 0",
            "docs/a.md:10: `per` must be a whole number",
        ),
        ("extra_us: [1, 2]", "docs/a.md:8: a `extra_us` claim needs `baseline`"),
    ],
)
def test_a_malformed_memory_claim_names_its_page_and_line(
    tmp_path: Path, claim: str, error: str
) -> None:
    front = (
        "title: A\nclaims:\n  - id: demo\n    snippet: demo/a.py\n"
        f"    says: It uses 10 MiB.\n    because: physics.\n    {claim}\n"
    )
    write(tmp_path, "docs/a.md", page(front))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value).startswith(error)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("says: [a, b]", "5: claim key `says` must be a string"),
        ("snippet: 3", "4: claim key `snippet` must be a string"),
        ("seconds: [3.0, [4]]", "7: `seconds` must be a list of two bounds"),
        ("seconds: [true, 4]", "7: `seconds` must be a list of two bounds"),
    ],
)
def test_a_claim_field_of_the_wrong_type_names_its_page_and_line(
    tmp_path: Path, field: str, message: str
) -> None:
    fields = {
        "id": "id: c",
        "snippet": "snippet: demo/a.py",
        "says": "says: It is quick.",
        "because": "because: It sleeps.",
        "seconds": "seconds: [1.0, 1.4]",
    }
    fields[field.split(":")[0]] = field
    claim = "\n    ".join(fields.values())
    write(tmp_path, "docs/a.md", page(f"claims:\n  - {claim}\n"))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value).startswith(f"docs/a.md:{message}"), caught.value


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"free_cores": "fibres"}, "`free_cores` must be processes or threads"),
        ({"cores": [0.5, 1.15]}, "`free_cores` says how `cpus` is measured, but no"),
    ],
)
def test_a_wrong_free_cores_names_the_claim(change: dict, error: str) -> None:
    data = dict(GIL_CLAIM)
    with pytest.raises(ContributorError, match=re.escape(f"docs/a.md:4: {error}")):
        Claim.from_mapping({**data, **change}, "docs/a.md", 4)


# --- bounds that can fail -------------------------------------------------------------


CANNOT_FAIL = (
    "claims:\n  - id: overlap-takes-longest-wait\n    snippet: basics/overlap.py\n"
    "    says: About 3 s.\n    because: The 3 s sleep.\n    seconds: {bounds}\n"
    "{more}"
)


def test_a_claim_that_cannot_fail_is_refused_with_the_rule(tmp_path: Path) -> None:
    """A lower bound of 0 and an upper bound far above the floor pass any honest
    mistake: each is named on the line of its bounds, with the guide's rule; a
    `guard:` declares an upper bound that only stops a hang, and the page shows it."""
    root = copy_project(tmp_path)
    body = (
        '{{ run("basics/overlap.py") }}\n\n{{ claim("overlap-takes-longest-wait") }}\n'
    )

    def problems(bounds: str, more: str = "") -> list[str]:
        front = CANNOT_FAIL.format(bounds=bounds, more=more)
        write(root, "docs/basics/my-page.md", page(front, body))
        return [p for p in problems_of(root) if "my-page" in p]

    assert problems("[0, 100]") == [
        "docs/basics/my-page.md:7: claim 'overlap-takes-longest-wait' cannot fail: "
        "`seconds: [0, 100]` has a lower bound of 0, which any figure passes; make "
        "it the floor the program cannot go below, derived from what it does, and "
        "the upper bound at most 2 × that floor + 0.50 s (the rule: "
        "docs/contributing/index.md#bounds-that-can-fail)"
    ]
    too_high = problems("[3.0, 100]")
    assert too_high == [contributing_example("docs/basics/my-page.md:7: claim")]
    assert problems("[3.0, 6.5]") == []  # 2 × 3.0 s + 0.5 s
    assert problems("[3.0, 6.6]") != []
    assert problems('["3.0 / min(4, cpus)", 3.1]') != []  # too wide with 4 cores
    guard = "    guard: Only a hang could take longer.\n"
    assert problems("[0, 100]", guard) != []  # the lower bound still checks
    assert problems("[3.0, 100]", guard) == []
    claim = Project(root).claims["overlap-takes-longest-wait"]
    shown = "\n".join(render_claim(claim, Measurements(claims={}, runs={}, checked={})))
    assert "bound 3.00–100.00 s (the top only stops a hang)" in shown  # noqa: RUF001
    assert "only stops a hang.</strong> Only a hang could take longer." in shown


def test_the_guides_widest_bounds_are_the_harness_own() -> None:
    """The contributing guide's table of how far above the lower bound the upper may
    be is the one `KINDS` holds."""
    guide = (ROOT / "docs/contributing/index.md").read_text()
    section = guide.split("{ #bounds-that-can-fail }")[1].split("\n### ")[0]
    shown = {}
    for kinds, most in re.findall(r"^ *\| (`.*`) \| (\d.*) \|$", section, re.M):
        for key in re.findall(r"`(\w+)`", kinds):
            shown[key] = most
    wanted = {}
    for key, kind in KINDS.items():
        plus = f" + {kind.unit.format(kind.allowance)}" if kind.allowance else ""
        wanted[key] = f"{kind.widest:g} × low{plus}".replace("0.50 s", "0.5 s")
    assert shown == wanted


def test_bounds_over_cpus_use_the_cores_free_to_the_run() -> None:
    """A pool's speedup of 1.0 holds when one core was free, fails when two were, and
    the message gives the free cores the bound was computed with."""
    claim = demo_claim(
        "pool",
        snippet="demo/pool.py",
        baseline="demo/one.py",
        speedup=["0.7 * min(4, cpus)", "1.15 * min(4, cpus)"],
    )
    assert claim.uses_cpus

    def run(name: str, seconds: float) -> Run:
        return Run(name, "", "", 0, seconds, 1000, "3.11.7", "CPython")

    runs = {
        "demo/pool.py": run("demo/pool.py", 2.0),
        "demo/one.py": run("demo/one.py", 2.0),
    }
    assert claim.check(runs, cpus=1.0).passed
    failed = claim.check(runs, cpus=2.0)
    assert not failed.passed
    assert (
        "1.40× to 2.30× (from 0.7 * min(4, cpus) to 1.15 * min(4, cpus), cpus = 2, the cores free when it ran)"
        in failed.explain()
    )
    assert f"move it only by the rule ({BOUNDS_RULE})" in failed.explain()


# --- what a claim measures: memory, cores ---------------------------------------------


def test_memory_claims_measure_the_whole_process_and_fail_when_it_grows(
    tmp_path: Path,
) -> None:
    """A per-unit memory claim divides the difference from the baseline; a program
    that holds 7 KiB more per unit fails it. Ten thousand units of 1 KiB make 10 MiB,
    so the few hundred KiB by which two runs of the same interpreter differ move the
    figure by a few hundredths of a KiB each: a thousand units were not enough."""
    write(tmp_path, "snippets/demo/idle.py", "blocks = []\nprint('done')\n")
    write(
        tmp_path,
        "snippets/demo/small.py",
        "blocks = [bytearray(1024) for _ in range(10_000)]\nprint('done')\n",
    )
    write(
        tmp_path,
        "snippets/demo/big.py",
        "blocks = [bytearray(8 * 1024) for _ in range(10_000)]\nprint('done')\n",
    )
    front = (
        "claims:\n  - id: each\n    snippet: demo/small.py\n    baseline: demo/idle.py\n"
        "    per: 10000\n    extra_kib: [0.9, 4]\n    says: About 1 KiB each.\n"
        "    because: physics.\n  - id: whole\n    snippet: demo/small.py\n"
        "    peak_mib: [1, 40]\n    says: Under 40 MiB.\n    because: physics.\n"
    )
    write(tmp_path, "docs/a.md", page(front))
    claims = Project(tmp_path).claims
    runs = {
        name: run_snippet(tmp_path, name)
        for name in ("demo/idle.py", "demo/small.py", "demo/big.py")
    }
    each, whole = claims["each"], claims["whole"]
    assert each.check(runs).passed, each.check(runs).explain()
    assert whole.check(runs).passed, whole.check(runs).explain()
    runs["demo/small.py"] = runs["demo/big.py"]
    failed = each.check(runs)
    assert not failed.passed
    assert failed.figure.endswith(" KiB each")
    message = str(ClaimFailed(failed))
    assert message.startswith("docs/a.md:3: claim 'each' failed")
    assert "divided by per = 10,000" in message
    assert not whole.check(runs).passed


def test_the_cores_claim_counts_the_cpu_of_waited_for_children(tmp_path: Path) -> None:
    """Two processes that each spin for 0.5 s keep about two cores busy, or one when
    there is one; a program that only sleeps keeps none."""
    write(
        tmp_path,
        "snippets/demo/spin.py",
        "import time\nfrom multiprocessing import Pool\n\n\n"
        "def spin(seconds):\n    end = time.process_time() + seconds\n"
        "    while time.process_time() < end:\n        pass\n\n\n"
        "if __name__ == '__main__':\n    with Pool(2) as pool:\n"
        "        pool.map(spin, [0.5, 0.5])\n",
    )
    write(tmp_path, "snippets/demo/nap.py", "import time\ntime.sleep(0.5)\n")
    spin = run_snippet(tmp_path, "demo/spin.py")
    nap = run_snippet(tmp_path, "demo/nap.py")
    assert spin.cpu_seconds >= 1.0
    assert nap.cpu_seconds / nap.seconds < 0.5


# --- a regression fails the guide's claims --------------------------------------------


def sequential_gather(source: str) -> str:
    """Rewrite a snippet so that `asyncio.gather` awaits its arguments one by one."""
    helper = (
        "async def sequential_gather(*waits):\n"
        "    return [await wait for wait in waits]\n\n\n"
    )
    guard = 'if __name__ == "__main__":'
    assert "asyncio.gather(" in source and guard in source
    source = source.replace("asyncio.gather(", "sequential_gather(")
    return source.replace(guard, helper + guard)


def blocking_sleep(source: str) -> str:
    """Rewrite a snippet so that it also blocks for 2 s after its work."""
    return source + "\nimport time  # noqa\n\ntime.sleep(2)\n"


@pytest.mark.parametrize("mutate", [sequential_gather, blocking_sleep])
def test_the_gather_claims_fail_when_the_example_stops_overlapping(
    tmp_path: Path, mutate
) -> None:
    claims = [c for c in PROJECT.claims.values() if c.snippet == GATHER_EXAMPLE]
    assert any(c.kind == "seconds" for c in claims)
    source = (ROOT / "snippets" / GATHER_EXAMPLE).read_text()
    write(tmp_path, f"snippets/{GATHER_EXAMPLE}", mutate(source))
    for name in {c.baseline for c in claims if c.baseline}:
        write(tmp_path, f"snippets/{name}", (ROOT / "snippets" / name).read_text())
    # every attempt the engine allows, each program run alternately: a real regression
    # is late on all of them
    # and the one more at the end of the phase (here without its minute's wait)
    engine = Engine(tmp_path, PROJECT.settings, record=False, later=0.0)
    verdicts = engine.measure_claims(claims, PRIMARY, lambda _: False)
    for claim in claims:
        verdict = verdicts[claim.id]
        assert isinstance(verdict, Verdict), verdict
        assert not verdict.passed, f"{claim.id} still passes at {verdict.figure}"
        if claim.kind == "seconds":
            assert (
                verdict.attempts == ATTEMPTS + 1
            )  # late every time: noise cannot explain it
        message = str(ClaimFailed(verdict))
        assert message.startswith(
            f"{claim.page}:{claim.line}: claim {claim.id!r} failed"
        )
        assert f"snippets/{GATHER_EXAMPLE}" in message
        if claim.id == "overlap-takes-longest-wait":  # the guide shows its message
            shown = contributing_example(f"{claim.page}:{claim.line}: ")
            assert figures_masked(message.splitlines()[0]) == figures_masked(shown)
    if mutate is sequential_gather:  # and the diff of the output it then prints
        recording = f"snippets/{GATHER_EXAMPLE}".replace(".py", ".out")
        shutil.copy(ROOT / recording, tmp_path / recording)
        with pytest.raises(OutputLate) as caught:
            engine.check_output(GATHER_EXAMPLE, PRIMARY)
        shown = contributing_example(f"{recording}: late on all")
        assert figures_masked(str(caught.value)) == figures_masked(shown)

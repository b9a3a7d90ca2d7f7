"""The harness catches each mistake a contributor can make, with a clear message.

These tests break things on purpose, in throwaway copies of the project, and check
that the suite notices, names the file (and line) at fault, and leaves nothing
running.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import html
import http.server
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from conftest import INTERPRETERS, PRIMARY, PROJECT, ROOT

from measured import postgres
from measured.claims import KINDS, Claim, ClaimFailed, Verdict
from measured.errors import ContributorError
from measured.measurements import (
    DIRECTORY,
    FRESH_FOR,
    PUBLISHED,
    Measurements,
    published_document,
    record_verdict,
)
from measured.measuring import ATTEMPTS, Engine, Job, free_cores, run_jobs
from measured.processes import SUITE, left_running, suite_id
from measured.project import Project
from measured.recordings import (
    OutputChanged,
    OutputLate,
    OutputUnstable,
    compare_output,
)
from measured.render import (
    API_ENTRY,
    API_PAGE,
    day,
    keep_out_of_search,
    label_table_cells,
    link_api_names,
    render_chart,
    render_claim,
    render_run,
    render_timeline,
    strip_example_settings,
)
from measured.runner import (
    Run,
    SnippetFailed,
    SnippetTimeout,
    check_run,
    run_snippet,
)
from measured.safety import check_snippets
from measured.settings import RunSettings, missing_module_hint
from measured.timeline import draw as draw_timeline

GATHER_EXAMPLE = "basics/overlap.py"
"""The article's example: two waits of 2 s and 3 s under asyncio.gather."""


TINY_PAGE = f"""# A page

Two waits overlap:

{{{{ run("{GATHER_EXAMPLE}") }}}}
"""


def copy_project(tmp_path: Path) -> Path:
    """A throwaway project with the real harness, theme and configuration, and one
    page (`docs/index.md`, in the navigation) that shows `GATHER_EXAMPLE`: a strict
    build of it takes a second, where the whole site takes fifteen."""
    root = tmp_path / "project"
    for name in ("measured", "overrides", "docs/stylesheets", "docs/assets"):
        shutil.copytree(
            ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    config = (ROOT / "mkdocs.yml").read_text()
    write(
        root, "mkdocs.yml", config[: config.index("\nnav:")] + "\nnav:\n  - index.md\n"
    )
    write(root, "docs/index.md", TINY_PAGE)
    for recorded in (ROOT / "snippets").glob(GATHER_EXAMPLE.replace(".py", ".*")):
        write(
            root,
            f"snippets/{recorded.relative_to(ROOT / 'snippets')}",
            recorded.read_text(),
        )
    return root


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def demo_claim(name: str, **fields: Any) -> Claim:
    """A claim of a harness test's own, on line 4 of `docs/a.md`, with placeholder
    words: `fields` give its snippets and its bounds."""
    return Claim.from_mapping(
        {"id": name, **fields, "says": "s", "because": "b"}, "docs/a.md", 4
    )


def page(front_matter: str, body: str = "") -> str:
    return f"---\n{front_matter.strip()}\n---\n\n# A page\n\n{body}"


# --- the runner -----------------------------------------------------------------


def test_a_hanging_snippet_is_killed_with_its_children(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/hang.py",
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        "print('child', child.pid, flush=True)\n"
        "time.sleep(600)\n",
    )
    start = time.perf_counter()
    with pytest.raises(SnippetTimeout) as caught:
        run_snippet(tmp_path, "demo/hang.py", RunSettings(timeout=2))
    assert time.perf_counter() - start < 10
    message = str(caught.value)
    assert message.startswith(
        "snippets/demo/hang.py: still running after its 2 s timeout"
    )
    child_pid = int(message.split("child ")[1].split()[0])
    with contextlib.suppress(psutil.NoSuchProcess):  # gone, as it should be
        assert psutil.Process(child_pid).status() == psutil.STATUS_ZOMBIE


def test_a_changed_output_fails_with_a_diff(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/greet.py", "print('hello')\nprint('world')\n")
    write(tmp_path, "snippets/demo/greet.out", "hello\nthere\n")
    run = run_snippet(tmp_path, "demo/greet.py")
    with pytest.raises(OutputChanged) as caught:
        compare_output(tmp_path, run)
    message = str(caught.value)
    assert message.startswith("snippets/demo/greet.out: the output changed")
    assert "-there\n+world\n" in message
    compare_output(tmp_path, run, update=True)
    assert (tmp_path / "snippets/demo/greet.out").read_text() == "hello\nworld\n"


def test_a_snippet_that_raises_fails_with_its_traceback(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/boom.py", "raise SystemExit('no such file')\n")
    write(tmp_path, "snippets/demo/crash.py", "1 / 0\n")
    with pytest.raises(SnippetFailed, match="exited with code 1, expected 0"):
        check_run(run_snippet(tmp_path, "demo/boom.py"), RunSettings())
    run = run_snippet(tmp_path, "demo/crash.py")
    assert 'File "snippets/demo/crash.py", line 1' in run.stderr  # paths shortened
    with pytest.raises(SnippetFailed) as caught:
        check_run(run, RunSettings())
    assert str(caught.value).startswith("snippets/demo/crash.py: exited with code 1")
    assert "ZeroDivisionError" in str(caught.value)


def test_recorded_stderr_keeps_the_order_it_was_written_in(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/both.py",
        "import sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')\n",
    )
    run = run_snippet(tmp_path, "demo/both.py", RunSettings(stderr=True))
    assert run.output == "one\ntwo\nthree\n"
    with pytest.raises(SnippetFailed, match="wrote to stderr"):
        check_run(run_snippet(tmp_path, "demo/both.py"), RunSettings())


SLOW_START = """import sys
import time

time.sleep(0.6)  # a start as slow as a starved machine's
print("running")
print("to stderr", file=sys.stderr)
try:
    time.sleep(5)
except KeyboardInterrupt:
    print("interrupted")
"""


def test_a_signal_waits_until_the_program_says_it_is_running(tmp_path: Path) -> None:
    """Sent 0.2 s after the start, the signal waits for the program's first line:
    it interrupts the program, not its start-up; the output keeps its order."""
    write(tmp_path, "snippets/demo/slow.py", SLOW_START)
    settings = RunSettings(signal="SIGINT", signal_after=0.2, stderr=True)
    run = run_snippet(tmp_path, "demo/slow.py", settings)
    check_run(run, settings)
    assert run.output == "running\nto stderr\ninterrupted\n", run.output
    assert 0.6 <= run.seconds < 3, run.seconds
    fast = RunSettings(signal="SIGINT", signal_after=1.0, stderr=True)
    run = run_snippet(tmp_path, "demo/slow.py", fast)  # running by then: on time
    assert run.output == "running\nto stderr\ninterrupted\n", run.output
    assert 1.0 <= run.seconds < 3, run.seconds


READY_LATE = """import time

print("pool: open")  # its first line comes before a slow start-up
try:
    time.sleep(0.8)  # opening a server, on a starved machine
    print("serving; press Ctrl-C to stop")
    time.sleep(5)
except KeyboardInterrupt:
    print("stopped by Ctrl-C")
"""


def test_a_signal_can_wait_for_the_line_that_says_the_program_is_ready(
    tmp_path: Path,
) -> None:
    """A program that prints before a slow start-up names its ready line
    (`signal_ready`): sent 0.2 s after the start, the signal waits for that line,
    not the first, and interrupts the serving program, never its start-up. Its
    `signal_after` still holds as a floor."""
    write(tmp_path, "snippets/demo/ready.py", READY_LATE)
    settings = RunSettings(signal="SIGINT", signal_after=0.2, signal_ready="serving")
    run = run_snippet(tmp_path, "demo/ready.py", settings)
    check_run(run, settings)
    assert (
        run.output == "pool: open\nserving; press Ctrl-C to stop\nstopped by Ctrl-C\n"
    )
    assert 0.8 <= run.seconds < 3, run.seconds
    later = dataclasses.replace(settings, signal_after=1.5)  # ready by then: on time
    run = run_snippet(tmp_path, "demo/ready.py", later)
    assert run.output.endswith("serving; press Ctrl-C to stop\nstopped by Ctrl-C\n")
    assert 1.5 <= run.seconds < 3.5, run.seconds
    with pytest.raises(ContributorError, match="signal_ready says when"):
        RunSettings.from_mapping({"signal_ready": "serving"}, "docs/a.md", 4)


def test_a_snippet_that_leaves_a_process_behind_fails(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/leak.py",
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n",
    )
    run = run_snippet(tmp_path, "demo/leak.py")
    with pytest.raises(SnippetFailed, match="left processes running"):
        check_run(run, RunSettings())


# --- claims -----------------------------------------------------------------------


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
    engine = Engine(tmp_path, PROJECT.settings, store=False, later=0.0)
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


def contributing_example(start: str) -> str:
    """The text block of the contributing guide that starts with `start`."""
    guide = (ROOT / "docs/contributing/index.md").read_text()
    blocks = re.findall(r"^```text\n(.*?)^```$", guide, re.MULTILINE | re.DOTALL)
    found = [block.strip() for block in blocks if block.startswith(start)]
    assert found, f"docs/contributing/index.md shows no message starting {start!r}"
    return found[0]


def figures_masked(text: str) -> str:
    """The text with every number replaced, so that only its wording is compared."""
    return re.sub(r"\d+(\.\d+)*", "N", text.strip())


# --- pages, snippets and front matter ---------------------------------------------


def problems_of(root: Path) -> list[str]:
    return [str(problem) for problem in Project(root).problems()]


def test_an_orphan_snippet_is_named(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    write(root, "snippets/basics/forgotten.py", "print('nobody shows me')\n")
    assert (
        "snippets/basics/forgotten.py: no page shows this snippet; "
        'add {{ run("basics/forgotten.py") }} to a page'
    ) in problems_of(root)


def test_a_page_that_shows_a_missing_snippet_is_named(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("title: A", '{{ run("demo/missing.py") }}\n'))
    assert problems_of(tmp_path) == [
        "docs/a.md:7: shows snippets/demo/missing.py, which does not exist"
    ]


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


def test_a_claim_on_a_missing_snippet_and_an_unplaced_claim_are_named(
    tmp_path: Path,
) -> None:
    front = (
        "claims:\n  - id: demo\n    snippet: demo/gone.py\n"
        "    says: It takes 3 s.\n    because: physics.\n    seconds: [3, 4]\n"
    )
    write(tmp_path, "docs/a.md", page(front, '{{ claim("other") }}\n'))
    assert problems_of(tmp_path) == [
        "docs/a.md:12: places claim 'other', which this page's front matter does not declare",
        "docs/a.md:3: claim 'demo' is never placed; add {{ claim(\"demo\") }}",
        "docs/a.md:3: claim 'demo' measures snippets/demo/gone.py, which does not exist",
    ]


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


@pytest.mark.measure
def test_free_cores_fall_when_other_sessions_compute() -> None:
    """`cpus` in a bound is what the machine has free. Where the kernel shares the
    cores between sessions, a machine whose `free_cores()` is `idle` has about
    `cores / idle - 1` busy sessions; three more sessions of CPU burners, one
    burner per core in each, leave a new session `cores / (cores / idle + 3)`:
    a quarter of the machine on an idle one, a third of what it had beside `make
    stress`'s two burners. The test allows a quarter more than that, whatever the
    load was before (a fixed fraction fails on a machine already busier than two
    burners make it: 0.22 beside 0.32, against 0.6 of it).

    `idle` is the larger of the figures just before and just after the burners: a
    burst of other work during one of them (0.54 before, 0.47 beside, in a fresh
    clone beside a contributor's tests) makes the machine look busier than it was
    beside the burners. That failure is one load explains, so it is measured again,
    up to `ATTEMPTS` times; a `free_cores()` blind to the burners fails every time."""
    cores = len(os.sched_getaffinity(0))  # one under `taskset -c 0`
    spin = (
        "import os\nfor _ in range(os.cpu_count() - 1):\n"
        "    if os.fork() == 0:\n        break\nwhile True:\n    pass\n"
    )
    tries = []
    for _ in range(ATTEMPTS):
        before = free_cores()
        sessions = [
            subprocess.Popen([sys.executable, "-c", spin], start_new_session=True)
            for _ in range(3)
        ]
        try:
            time.sleep(0.2)
            beside = free_cores()
        finally:
            for session in sessions:  # each is a process group of its own
                os.killpg(session.pid, signal.SIGKILL)
                session.wait()
        idle = max(before, free_cores())
        expected = cores / (cores / idle + 3)
        tries.append((round(before, 2), round(idle, 2), beside, round(expected, 2)))
        if 0 < beside <= 1.25 * expected:
            break
    assert 0 < beside <= 1.25 * expected, f"(before, idle, beside, expected): {tries}"


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


GIL_CLAIM = {
    "id": "gil",
    "snippet": "demo/threads.py",
    "cores": ["0.8 * min(1, cpus)", 1.15],
    "free_cores": "threads",
    "says": "s",
    "because": "b",
}
"""A claim on threads that take turns on the GIL, as compute_threads.py's."""


def test_a_claim_on_threads_measures_its_cpus_with_threads(tmp_path: Path) -> None:
    """`free_cores: threads` makes the engine ask what threads sharing the GIL get,
    and the bound and its message use that figure."""
    data = dict(GIL_CLAIM)
    claim = Claim.from_mapping(data, "docs/a.md", 4)
    asked = []

    def cores(threads: bool = False) -> float:
        asked.append(threads)
        return 0.75 if threads else 1.0

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        return Run(snippet, "", "", 0, 2.0, 1000, "3.11.7", "CPython", cpu_seconds=1.3)

    engine = Engine(
        tmp_path, lambda _: RunSettings(), store=False, run=run, cores=cores
    )
    verdict = engine.measure_claim(claim, PRIMARY)
    assert asked == [True] and verdict.passed and verdict.cpus == 0.75
    assert "the share of cores that threads taking turns on the GIL got" in (
        claim.describe_bounds(0.75)
    )
    processes = Claim.from_mapping({**data, "free_cores": "processes"}, "docs/a.md", 4)
    assert (
        not Engine(tmp_path, lambda _: RunSettings(), store=False, run=run, cores=cores)
        .measure_claim(processes, PRIMARY)
        .passed
    )  # 0.65 cores < 0.8 of a free core


def test_a_claim_over_cpus_measures_its_cores_just_before_its_own_run() -> None:
    """Two claims on the same two programs, the second over `cpus` (as
    task-cost-time-per-thread follows task-cost-memory-per-thread): the second
    does not judge the runs the first made before its cores were measured, even
    a faster one. It measures them in its program's turn, then runs both programs
    anew, and its figure is the best of its own runs."""
    events: list[tuple[str, Any]] = []

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        events.append(("run", snippet))
        seconds = 0.1  # the baseline; the threads faster on their first run
        if snippet == "demo/threads.py":
            seconds = 0.5 if ("run", snippet) in events[:-1] else 0.3
        return Run(snippet, "", "", 0, seconds, 1000, "3.11.7", "CPython")

    def cores(threads: bool = False) -> float:
        events.append(("cores", threads))
        return 1.0

    programs = {"snippet": "demo/threads.py", "baseline": "demo/base.py", "per": 1000}
    claims = [
        demo_claim("memory", **programs, extra_us=[1, 1000]),
        demo_claim(
            "time",
            **programs,
            extra_us=[1, "1000 / min(1, cpus)"],
            free_cores="threads",
        ),
    ]
    engine = Engine(ROOT, lambda _: RunSettings(), store=False, run=run, cores=cores)
    verdicts = engine.measure_claims(claims, PRIMARY, alone=lambda _: True)
    assert all(isinstance(v, Verdict) and v.passed for v in verdicts.values())
    firsts = [("run", "demo/threads.py"), ("run", "demo/base.py")]
    assert events == [*firsts, ("cores", True), *firsts], events
    time_per = verdicts["time"]
    assert time_per.cpus == 1.0 and time_per.run.seconds == 0.5, time_per
    assert time_per.run.repeats == 1  # the best of its own runs only


def test_the_free_core_spinners_take_turns_like_a_run() -> None:
    """A claim over `cpus` late on its first run: before its retry, which runs
    alone, the spinners that measure its free cores wait for the runs in progress
    to end too, and no run starts beside them."""
    spans: list[tuple[str, float, float]] = []
    late = iter([0.5, 0.25])

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        start = time.perf_counter()
        time.sleep(1.0 if snippet == "demo/b.py" else 0.3)
        spans.append((snippet, start, time.perf_counter()))
        seconds = next(late) if snippet == "demo/late.py" else 0.25
        return Run(snippet, "", "", 0, seconds, 1000, "3.11.7", "CPython")

    def cores(threads: bool = False) -> float:
        start = time.perf_counter()
        time.sleep(0.1)
        spans.append(("spinners", start, time.perf_counter()))
        return 1.0

    claims = [
        demo_claim("late", snippet="demo/late.py", seconds=[0.2, "0.3 * min(1, cpus)"]),
        demo_claim("b", snippet="demo/b.py", seconds=[0.2, 0.3]),
        demo_claim("c", snippet="demo/c.py", seconds=[0.2, 0.3]),
    ]
    engine = Engine(ROOT, lambda _: RunSettings(), store=False, run=run, cores=cores)
    verdicts = engine.measure_claims(claims, PRIMARY, alone=lambda _: False)
    assert all(v.passed for v in verdicts.values()), verdicts
    assert verdicts["late"].attempts == 2
    spinners = [span for span in spans if span[0] == "spinners"]
    assert len(spinners) == 2, spans
    retry = spinners[1]
    others = [span for span in spans if span[0] not in ("spinners", "demo/late.py")]
    assert all(end <= retry[1] or start >= retry[2] for _, start, end in others), (
        f"the retry's spinners ran beside another program: {spans}"
    )


def test_a_claim_over_cpus_renders_with_and_without_its_figure() -> None:
    """A build without figures (make serve before make test) shows the bound over
    `cpus` in words; with its figure, the page says what cpus was when it ran, in
    the result line too."""
    claim = Claim.from_mapping(GIL_CLAIM, "docs/a.md", 4)
    bare = "\n".join(render_claim(claim, Measurements(claims={}, runs={}, checked={})))
    assert "the share of cores that threads taking turns on the GIL get" in bare
    assert "when it ran" not in bare
    figures = {"free_cores": 0.75, "passed": True, "value": 0.7, "low": 0.6}
    figures |= {"high": 1.15, "figure": "0.70 cores", "attempts": 1, "repeats": 1}
    figures |= {"python": "3.11.7", "implementation": "CPython", "system": "Linux"}
    figures |= {"cpus": 2, "seconds": {"demo/threads.py": 2.0}}
    figures |= {"shows": {"demo/threads.py": "1.40 s of CPU in 2.00 s"}}
    measured = Measurements(claims={"gil": figures}, runs={}, checked={})
    shown = "\n".join(render_claim(claim, measured))
    assert "Such threads got 0.75 cores when it ran" in shown
    # the result line itself says what the bound was set for: a reader who sees a
    # tick beside a figure below "as many times as there are cores" sees why
    result = next(line for line in shown.splitlines() if "claim__result" in line)
    assert "for threads that got 0.75 cores" in result, result


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


@pytest.mark.measure
def test_threads_sharing_the_gil_get_about_one_core_at_most() -> None:
    """However many cores are free, threads that take turns on the GIL keep at most
    about one busy: the `cpus` of a claim on such threads."""
    assert 0 < free_cores(threads=True) <= 1.1


# --- charts and timelines ---------------------------------------------------------


@pytest.mark.parametrize(
    ("chart", "error"),
    [
        (
            "measure: speed\n    bars: []",
            "docs/a.md:3: a chart's `measure` must be one of",
        ),
        ("measure: seconds\n    bars: []", "docs/a.md:3: a chart needs `bars`"),
        (
            "measure: seconds\n    bars:\n      - label: a\n        file: demo/a.py",
            "docs/a.md:3: each bar needs exactly `label` and `snippet`",
        ),
        (
            "measure: seconds\n    colour: red",
            "docs/a.md:3: unknown chart key 'colour'",
        ),
    ],
)
def test_a_malformed_chart_names_its_page_and_line(
    tmp_path: Path, chart: str, error: str
) -> None:
    write(
        tmp_path,
        "docs/a.md",
        page(f"charts:\n  - id: demo\n    title: A\n    {chart}\n"),
    )
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value).startswith(error)


def test_misplaced_charts_and_timelines_are_named(tmp_path: Path) -> None:
    front = (
        "charts:\n  - id: demo\n    title: A\n    measure: seconds\n    bars:\n"
        "      - label: gone\n        snippet: demo/gone.py\n"
    )
    write(tmp_path, "snippets/demo/a.py", "print('a')\n")
    body = '{{ run("demo/a.py") }}\n\n{{ chart("other") }}\n\n{{ timeline("demo/b.py") }}\n'
    write(tmp_path, "docs/a.md", page(front, body))
    assert problems_of(tmp_path) == [
        "docs/a.md:15: places chart 'other', which this page's front matter does not declare",
        "docs/a.md:17: draws a timeline of snippets/demo/b.py, which this page does "
        'not show; add {{ run("demo/b.py") }} first',
        "docs/a.md:3: chart 'demo' is never placed; add {{ chart(\"demo\") }}",
        "docs/a.md:3: chart 'demo' draws snippets/demo/gone.py, which does not exist",
    ]


def test_a_build_without_measurements_shows_notes_instead_of_figures(
    tmp_path: Path,
) -> None:
    project = Project(ROOT)
    empty = Measurements.load(tmp_path)
    chart = next(iter(project.charts.values()))
    assert render_chart(chart, empty)[0].startswith(
        '!!! note "Chart not drawn in this build'
    )
    snippet = project.timelines()[0]
    page_of = next(p for p in project.pages if snippet in p.shows)
    assert render_timeline(snippet, empty, page_of)[0].startswith(
        '!!! note "Timeline not drawn in this build'
    )


def test_a_chart_s_title_is_above_its_bars() -> None:
    """A reader meets what a chart compares before its bars: the title opens the
    figure, and the note on what was measured, and where, comes after the drawing."""
    chart = next(iter(Project(ROOT).charts.values()))
    runs = {
        snippet: {
            "snippet": snippet,
            "python": "3.11.7",
            "implementation": "CPython",
            "system": "Linux",
            "cpus": 2,
            "seconds": 0.5 + index,
            "peak_rss_kib": 20_000,
            "cpu_seconds": 0.1,
        }
        for index, snippet in enumerate(chart.snippets)
    }
    shown = "\n".join(
        render_chart(chart, Measurements(claims={}, runs=runs, checked={}))
    )
    title = shown.find(f">{html.escape(chart.title)}</figcaption>")
    assert 0 <= title < shown.find("<svg"), shown
    assert shown.find("measured by the last test run") > shown.find("</svg>"), shown


def test_an_unmeasured_claim_is_neutral_not_failed() -> None:
    """A build without figures (`make serve` on a fresh clone) says a claim was not
    measured, without the failure's cross: only a failed claim gets it."""
    claim = next(iter(Project(ROOT).claims.values()))
    shown = "\n".join(render_claim(claim, Measurements(claims={}, runs={}, checked={})))
    assert 'class="claim claim--unmeasured"' in shown
    assert "not measured in this build" in shown
    assert not any(cross in shown for cross in "✗✘×✕✖❌"), shown


def test_a_timeline_sees_overlap_and_its_absence(tmp_path: Path) -> None:
    """The tracer, on the unchanged program, finds the two waits overlapping in
    overlap.py and one task doing both in turn in sequential.py."""
    overlap = tmp_path / "overlap.json"
    run = run_snippet(ROOT, "basics/overlap.py", trace=overlap)
    compare_output(ROOT, run)  # its recording, times within their tolerance
    tasks = json.loads(overlap.read_text())["tasks"]
    assert [t["coroutine"] for t in tasks] == ["main", "wait", "wait"]
    short, long = tasks[1]["ran"], tasks[2]["ran"]
    assert abs(short[0][0] - long[0][0]) < 0.1  # both start at once, load or not
    assert 2.0 <= short[-1][0] < long[-1][0]
    sequential = tmp_path / "sequential.json"
    run_snippet(ROOT, "basics/sequential.py", trace=sequential)
    (main,) = json.loads(sequential.read_text())["tasks"]
    assert main["ran"][-1][0] >= 5.0
    svg = draw_timeline(json.loads(overlap.read_text()), "t")
    assert svg.count('class="running"') == sum(len(t["ran"]) for t in tasks)
    assert f"Task-2 (wait) from {short[0][0]:.2f} s to {short[-1][1]:.2f} s" in svg


def test_an_unknown_snippet_setting_is_named(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("snippets:\n  demo/a.py:\n    timout: 3\n"))
    with pytest.raises(
        ContributorError, match=r"^docs/a.md:4: unknown snippet setting 'timout'"
    ):
        Project(tmp_path)


def test_a_page_missing_from_the_navigation_is_named(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("title: A"))
    assert [str(p) for p in Project(tmp_path).problems(nav_pages=[])] == [
        "docs/a.md: is not in the `nav:` of mkdocs.yml, so no menu of the site leads "
        "to it; list it there, under its section: `- a.md`"
    ]


def test_a_page_without_a_title_is_named_once(tmp_path: Path) -> None:
    """The theme would title it after its file name; a `#` in a code block or a
    `##` heading is not a title."""
    body = "## Not a title\n\n```python\n# a comment\n```\n"
    write(tmp_path, "docs/basics/untitled.md", f"---\ntitle: A\n---\n\n{body}")
    assert problems_of(tmp_path) == [
        "docs/basics/untitled.md: has no title; begin it with a `# Title` line "
        "(without one, the site titles it after its file name, 'untitled')"
    ]
    write(tmp_path, "docs/basics/untitled.md", f"# Titled\n\n{body}")
    assert problems_of(tmp_path) == []


# --- the build ----------------------------------------------------------------------


def build(
    root: Path, published: str = "", publishing: bool = False
) -> subprocess.CompletedProcess[str]:
    """A strict build of `root` into `root/site`, filling in the figures it lacks from
    the site `published` (none: empty), as the publishing build where `publishing`."""
    env = {**os.environ, "MEASURED_PUBLISHED": published}
    env.pop("MEASURED_REQUIRE_FIGURES", None)
    if publishing:
        env["MEASURED_REQUIRE_FIGURES"] = "1"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--site-dir",
            str(root / "site"),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )


def test_deleting_an_embedded_snippet_fails_the_build_and_names_it(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    (root / "snippets" / GATHER_EXAMPLE).unlink()
    done = build(root)
    assert done.returncode != 0
    assert f"shows snippets/{GATHER_EXAMPLE}, which does not exist" in done.stderr


HIGHLIGHTED = re.compile(r'<span class="hll">')


def highlighted_lines(built_page: str, snippet: str) -> list[int]:
    """The 1-based lines of the code block titled `snippets/<snippet>` in a built
    page that the reader sees highlighted."""
    after = built_page.split(f'<span class="filename">snippets/{snippet}</span>', 1)[1]
    code = after.split("<code>", 1)[1].split("</code>", 1)[0]
    return [
        number
        for number, text in enumerate(code.split("\n"), start=1)
        if HIGHLIGHTED.search(text)
    ]


def test_a_variant_highlights_exactly_the_lines_that_differ_from_its_base(
    tmp_path: Path,
) -> None:
    """A snippet shown with `variant_of=` has the lines it changed or added
    highlighted in the built page, and no other: not its docstring, which every
    snippet has of its own, nor a blank line; a line under it says how many, that
    the docstring differs, and how many of the base's lines it drops, blank ones
    not counted."""
    root = copy_project(tmp_path)
    base = (root / "snippets" / GATHER_EXAMPLE).read_text().splitlines(keepends=True)
    variant = [
        '"""The same waits,\n',  # 1-2: a docstring of its own, on two lines
        'with one line changed, one added, one gone."""\n',
        *base[1:8],  # 3-9: the same
        '    print(f"{name} finished after {seconds} s")\n',  # 10: changed
        # base line 10, `return name`, is gone
        base[10],  # 11: the same blank line; base line 12, blank, is gone
        *base[12:14],  # 12-13: the same
        '    print("starting")\n',  # 14: added
        "\n",  # 15: a blank line added
        *base[14:],  # the same to the end
    ]
    name = GATHER_EXAMPLE.replace(".py", "_variant.py")
    write(root, f"snippets/{name}", "".join(variant))
    write(
        root,
        f"snippets/{name.replace('.py', '.out')}",
        (root / "snippets" / GATHER_EXAMPLE.replace(".py", ".out")).read_text(),
    )
    with (root / "docs" / "index.md").open("a") as index:
        index.write(f'\n{{{{ run("{name}", variant_of="{GATHER_EXAMPLE}") }}}}\n')
    done = build(root)
    assert done.returncode == 0, done.stderr
    built = (root / "site" / "index.html").read_text()
    assert highlighted_lines(built, name) == [10, 14]
    assert highlighted_lines(built, GATHER_EXAMPLE) == []  # the base stays plain
    note = re.search(r'<p class="variant-note"[^>]*>(.*?)</p>', built)
    assert note is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", note[1])) == (
        f"Highlighted: the 2 lines that differ from snippets/{GATHER_EXAMPLE} "
        "besides the docstring; 1 of its lines is gone."
    )


def test_a_variant_of_a_missing_snippet_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "docs/a.md",
        page(
            "title: A",
            '{{ run("demo/fix.py", variant_of="demo/mistkae.py") }}\n\n'
            '{{ run("demo/mistake.py", colour="red") }}\n',
        ),
    )
    write(tmp_path, "snippets/demo/fix.py", "print('hi')\n")
    write(tmp_path, "snippets/demo/mistake.py", "print('hello')\n")
    with pytest.raises(ContributorError, match="takes no argument 'colour'"):
        Project(tmp_path)
    write(
        tmp_path,
        "docs/a.md",
        page(
            "title: A",
            '{{ run("demo/fix.py", variant_of="demo/mistkae.py") }}\n\n'
            '{{ run("demo/mistake.py") }}\n',
        ),
    )
    assert problems_of(tmp_path) == [
        "docs/a.md:7: shows snippets/demo/fix.py as a variant of "
        "snippets/demo/mistkae.py, which does not exist "
        "(did you mean snippets/demo/mistake.py?)"
    ]


def test_a_snippet_named_after_a_standard_module_is_named(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("title: A", '{{ run("demo/queue.py") }}\n'))
    write(tmp_path, "snippets/demo/queue.py", "print('hi')\n")
    assert problems_of(tmp_path) == [
        "snippets/demo/queue.py: shares its name with the standard library's `queue`, "
        "which it hides from every snippet in its folder; rename it"
    ]


def test_output_is_normalized_by_the_snippets_own_patterns(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/noisy.py",
        "import time\nprint(object())\nprint(f'took {time.perf_counter() % 1:.3f} seconds')\n",
    )
    settings = RunSettings.from_mapping(
        {"normalize": [[r"took \d\.\d+ seconds", "took N seconds"]]}, "docs/a.md", 3
    )
    run = run_snippet(tmp_path, "demo/noisy.py", settings)
    assert run.output == "<object object at 0x...>\ntook N seconds\n"
    with pytest.raises(ContributorError, match=r"^docs/a.md:3: bad regex"):
        RunSettings.from_mapping({"normalize": [["(", ""]]}, "docs/a.md", 3)


def test_a_newer_python_that_prints_otherwise_gets_its_own_recording(
    tmp_path: Path,
) -> None:
    def run_on(version: str, output: str) -> Run:
        return Run("demo/a.py", output, "", 0, 0.1, 1000, version, "CPython")

    write(tmp_path, "snippets/demo/a.py", "")
    compare_output(tmp_path, run_on("3.11.7", "old message\n"), update=True)
    compare_output(tmp_path, run_on("3.12.1", "old message\n"), update=True)
    compare_output(tmp_path, run_on("3.13.0", "new message\n"), update=True)
    recorded = sorted(p.name for p in (tmp_path / "snippets/demo").glob("*.out"))
    assert recorded == ["a.3.13.out", "a.out"]
    compare_output(tmp_path, run_on("3.12.1", "old message\n"))
    compare_output(tmp_path, run_on("3.13.0", "new message\n"))
    with pytest.raises(
        OutputChanged, match=r"^snippets/demo/a.3.13.out: the output changed"
    ):
        compare_output(tmp_path, run_on("3.13.0", "old message\n"))


def test_each_output_tab_names_the_pythons_checked_against_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    recording = root / "snippets" / GATHER_EXAMPLE.replace(".py", ".out")
    changed = recording.read_text() + "a line 3.13 added\n"
    recording.with_suffix(".3.13.out").write_text(changed)
    # 3.14 printed what 3.13 printed: one tab for both, named after 3.13
    recording.with_suffix(".3.14.out").write_text(changed)
    project = Project(root)
    checked = {GATHER_EXAMPLE: ["3.11.7", "3.12.1", "3.13.0", "3.14.10"]}
    measurements = Measurements(claims={}, runs={}, checked=checked)
    shown = "\n".join(
        render_run(project, project.pages[0], GATHER_EXAMPLE, 5, measurements)
    )
    assert 'title="Output, checked on CPython 3.11 to 3.12"' in shown
    assert 'title="Output, checked on CPython 3.13 to 3.14"' in shown
    # the newest first; 3.15 has no recording of its own, so it printed `.out`'s
    assert re.findall(r'=== "(Python [^"]+)"', shown) == [
        "Python 3.11 to 3.12, 3.15",
        "Python 3.13 to 3.14",
    ]


def test_unsafe_habits_in_a_snippet_are_named_by_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/unsafe.py",
        "import asyncio\n"
        "import httpx\n"
        "\n"
        "\n"
        "async def main() -> None:\n"
        "    server = await asyncio.start_server(print, '0.0.0.0', 0)\n"
        "    reader, writer = await asyncio.open_connection('127.0.0.1', 8000)\n"
        "    jobs = asyncio.Queue()\n"
        "    client = httpx.AsyncClient(verify=False)\n",
    )
    assert [str(problem) for problem in check_snippets(tmp_path)] == [
        "snippets/demo/unsafe.py:6: `start_server` must name a loopback host "
        "('127.0.0.1'), so the snippet never listens on or reaches another machine",
        "snippets/demo/unsafe.py:7: `main` awaits `asyncio.open_connection(...)` with "
        "no timeout of its own; wrap that await in `async with asyncio.timeout(...)` "
        "(a timeout around another wait does not cover it)",
        "snippets/demo/unsafe.py:8: `Queue()` is unbounded; give it a `maxsize` so a "
        "fast producer waits instead of filling memory",
        "snippets/demo/unsafe.py:9: `verify=False` turns off TLS verification",
    ]
    assert check_snippets(tmp_path, on_purpose=["demo/unsafe.py"]) == []


def test_each_network_wait_needs_its_own_timeout_and_only_asyncio_serves(
    tmp_path: Path,
) -> None:
    """A `wait_for` around the connection does not cover the read after it; a
    function of the snippet's own named `start_server` is not asyncio's."""
    write(
        tmp_path,
        "snippets/demo/waits.py",
        "import asyncio\n"
        "import socket\n"
        "from asyncio import start_server as serve\n"
        "\n"
        "\n"
        "async def start_server(host: str) -> None:\n"
        "    print(host)\n"
        "\n"
        "\n"
        "async def main() -> None:\n"
        "    await start_server('example.org')\n"
        "    opening = asyncio.open_connection('127.0.0.1', 80)\n"
        "    reader, writer = await asyncio.wait_for(opening, 1)\n"
        "    await reader.readline()\n"
        "    async with asyncio.timeout(1):\n"
        "        await reader.readexactly(4)\n"
        "    loop = asyncio.get_running_loop()\n"
        "    await loop.create_server(asyncio.Protocol, '0.0.0.0', 0)\n"
        "    await asyncio.get_running_loop().create_server(asyncio.Protocol)\n"
        "    await serve(print, 'localhost', 0)\n"
        "    await serve(print, '', 0)\n"
        "    socket.create_server(('127.0.0.1', 0)).close()\n"
        "    await loop.create_server(asyncio.Protocol, '127.0.0.1', 0)\n",
    )
    problems = [str(problem) for problem in check_snippets(tmp_path)]
    assert [problem.split(": `")[0] for problem in problems] == [
        "snippets/demo/waits.py:14",
        "snippets/demo/waits.py:18",
        "snippets/demo/waits.py:19",
        "snippets/demo/waits.py:21",
    ], problems
    assert problems[0] == (
        "snippets/demo/waits.py:14: `main` awaits `reader.readline(...)` with no "
        "timeout of its own; wrap that await in `async with asyncio.timeout(...)` (a "
        "timeout around another wait does not cover it)"
    )
    assert problems[1].startswith("snippets/demo/waits.py:18: `create_server` must")
    assert problems[3].startswith("snippets/demo/waits.py:21: `serve` must")


def test_a_pool_closed_by_with_inside_a_coroutine_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/pools.py",
        "import asyncio\n"
        "from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor\n"
        "\n"
        "\n"
        "async def threads() -> None:\n"
        "    with ThreadPoolExecutor(max_workers=2) as pool:\n"
        "        await asyncio.get_running_loop().run_in_executor(pool, print)\n"
        "\n"
        "\n"
        "async def processes() -> None:\n"
        "    pool = ProcessPoolExecutor()\n"
        "    with pool:\n"
        "        pass\n"
        "\n"
        "\n"
        "async def fixed() -> None:\n"
        "    pool = ThreadPoolExecutor()\n"
        "    try:\n"
        "        await asyncio.get_running_loop().run_in_executor(pool, print)\n"
        "    finally:\n"
        "        await asyncio.to_thread(pool.shutdown)\n"
        "\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    with ThreadPoolExecutor() as pool:  # outside the loop: fine\n"
        "        asyncio.run(fixed())\n",
    )
    problems = [str(problem) for problem in check_snippets(tmp_path)]
    assert [problem.split(": `")[0] for problem in problems] == [
        "snippets/demo/pools.py:6",
        "snippets/demo/pools.py:12",
    ]
    assert problems[0].startswith(
        "snippets/demo/pools.py:6: `with ThreadPoolExecutor` inside the coroutine "
        "`threads`: leaving the block calls `shutdown(wait=True)` on the loop's thread"
    )
    assert "`with pool` inside the coroutine `processes`" in problems[1]
    assert check_snippets(tmp_path, on_purpose=["demo/pools.py"]) == []


def test_a_cancelled_task_that_is_never_awaited_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/cancel.py",
        "import asyncio\n"
        "\n"
        "\n"
        "async def forgotten() -> None:\n"
        "    beating = asyncio.create_task(asyncio.sleep(1))\n"
        "    await asyncio.sleep(0)\n"
        "    beating.cancel()\n"
        "\n"
        "\n"
        "async def awaited() -> None:\n"
        "    task = asyncio.create_task(asyncio.sleep(1))\n"
        "    task.cancel()\n"
        "    await asyncio.gather(task, return_exceptions=True)\n"
        "\n"
        "\n"
        "async def waited_for(pending: set[asyncio.Task[None]]) -> None:\n"
        "    for task in pending:\n"
        "        task.cancel()\n"
        "    await asyncio.wait(pending)\n"
        "\n"
        "\n"
        "async def in_a_group() -> None:\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        task = group.create_task(asyncio.sleep(1))\n"
        "        task.cancel()\n"
        "\n"
        "\n"
        "async def awaited_before_only() -> None:\n"
        "    task = asyncio.ensure_future(asyncio.sleep(1))\n"
        "    await asyncio.sleep(0)\n"
        "    await asyncio.wait([task], timeout=0)\n"
        "    task.cancel()\n"
        "\n"
        "\n"
        "async def not_a_task() -> None:\n"
        "    alarm = asyncio.get_running_loop().call_later(1, print)\n"
        "    alarm.cancel()  # a timer handle: nothing to await\n",
    )
    assert [str(problem) for problem in check_snippets(tmp_path)] == [
        "snippets/demo/cancel.py:7: `beating.cancel()` in `forgotten` is never "
        "awaited: cancelling only asks; `await beating` (catching `CancelledError`) "
        "or cancel it inside the `TaskGroup` that owns it, so its cleanup runs before "
        "you go on",
        "snippets/demo/cancel.py:32: `task.cancel()` in `awaited_before_only` is never "
        "awaited: cancelling only asks; `await task` (catching `CancelledError`) or "
        "cancel it inside the `TaskGroup` that owns it, so its cleanup runs before "
        "you go on",
    ]


def test_a_server_that_escapes_the_session_is_killed_and_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "snippets/demo/server.py",
        "import os, socket, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()  # leaves the snippet's session\n"
        "    server = socket.create_server(('127.0.0.1', 0))\n"
        "    time.sleep(600)\n",
    )
    start = time.perf_counter()
    run = run_snippet(tmp_path, "demo/server.py", RunSettings(timeout=10))
    assert time.perf_counter() - start < 10
    with pytest.raises(SnippetFailed, match="left processes running after it exited"):
        check_run(run, RunSettings())
    assert not [line for line in left_running(suite_id()) if "demo/server.py" in line]


def test_a_failing_inline_example_names_its_page_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    shutil.copytree(
        ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 3\n```\n")
    lines = (root / "docs" / "index.md").read_text().count("\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_examples.py",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        # a suite of its own: its end must not count this suite's snippets as left
        env={**os.environ, SUITE: f"{suite_id()}-{root.parent.name}"},
    )
    assert done.returncode == 1, done.stdout
    assert f"docs/index.md:{lines - 3}" in done.stdout
    assert "1 failed" in done.stdout


def test_broken_links_fail_the_build_and_name_themselves(tmp_path: Path) -> None:
    """A link to a page that is not there and a cross-reference to a name no
    inventory has: one strict build names both (it reports every warning)."""
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\nSee [a page that is not there](basics/nowhere.md).\n")
        index.write("\nSee [`asyncio.teleport`][asyncio.teleport].\n")
        index.write("\nSee [the home page](indx.md#top) and `[not a link](x.md)`.\n")
    lines = (root / "docs" / "index.md").read_text().splitlines()
    nowhere = next(n for n, line in enumerate(lines, 1) if "nowhere" in line)
    done = build(root)
    assert done.returncode != 0
    assert (
        f"docs/index.md:{nowhere}: links to basics/nowhere.md, which is not a page "
        "of the site"
    ) in done.stderr
    assert (
        f"docs/index.md:{nowhere + 4}: links to indx.md#top, which is not a page of "
        "the site (did you mean index.md#top?)"
    ) in done.stderr
    assert "links to x.md" not in done.stderr  # inline code is not a link
    assert "asyncio.teleport" in done.stderr


def test_a_broken_links_suggestion_is_the_link_to_write_from_its_page() -> None:
    from types import SimpleNamespace

    from measured.mkdocs_hook import broken_links

    files = [SimpleNamespace(src_uri=uri) for uri in ("index.md", "core/tasks.md")]
    text = "See [tasks](../core/taks.md#cancel) and [home](../indx.md).\n"
    assert broken_links("docs/basics/a.md", text, "basics/a.md", files) == [
        "docs/basics/a.md:1: links to ../core/taks.md#cancel, which is not a page of "
        "the site (did you mean ../core/tasks.md#cancel?)",
        "docs/basics/a.md:1: links to ../indx.md, which is not a page of the site "
        "(did you mean ../index.md?)",
    ]


def test_inline_mentions_of_standard_names_link_to_docs_python_org() -> None:
    task = "https://docs.python.org/3/library/asyncio-task.html"
    line = "Use `asyncio.gather`, not `asyncio.wait_forever`, then [`asyncio.run`][]."
    assert link_api_names(line) == (
        f"Use [`asyncio.gather`]({task}#asyncio.gather), not `asyncio.wait_forever`, "
        "then [`asyncio.run`][]."
    )
    # a method, a call, the event loop's methods as the Python docs name them, and
    # a name of another module the map covers
    line = (
        "End it with `asyncio.TaskGroup.cancel`, list `asyncio.all_tasks()`, "
        "hand `time.sleep` to `loop.run_in_executor`."
    )
    assert link_api_names(line) == (
        f"End it with [`asyncio.TaskGroup.cancel`]({task}#asyncio.TaskGroup.cancel), "
        f"list [`asyncio.all_tasks()`]({task}#asyncio.all_tasks), hand "
        "[`time.sleep`](https://docs.python.org/3/library/time.html#time.sleep) to "
        "[`loop.run_in_executor`](https://docs.python.org/3/library/"
        "asyncio-eventloop.html#asyncio.loop.run_in_executor)."
    )
    # a file name, a variable's method, and code already in a link stay as they are
    line = "Run `overlap.py`; `task.cancel()`; [the `asyncio.run` docs](x)."
    assert link_api_names(line) == line
    page = "::: asyncio.run\n\n## asyncio.capture_call_graph { #asyncio.capture_call_graph }\n"
    assert API_ENTRY.findall(page) == ["asyncio.run", "asyncio.capture_call_graph"]


def test_search_previews_quote_prose_and_the_reference_keeps_its_members_out() -> None:
    page = (
        '<h2 id="a">A</h2><p>Prose.</p><div class="tabbed-labels"><label>Mistake'
        '</label></div><div class="language-python highlight"><pre><code>x = 1'
        '</code></pre></div><p class="variant-note">Highlighted</p>'
        '<p class="claim__says">A claim.</p><p class="claim__result">bound</p>'
    )
    marked = keep_out_of_search(page, "docs/core/tasks.md")
    assert marked.count("data-search-exclude") == 4
    assert '<p class="claim__says">A claim.</p>' in marked
    assert "<p>Prose.</p>" in marked
    reference = (
        '<h2 id="asyncio.Task" class="d"></h2><h3 id="asyncio.Task.cancel" class="d">'
    )
    assert keep_out_of_search(reference, API_PAGE) == (
        '<h2 id="asyncio.Task" class="d"></h2>'
        '<h3 id="asyncio.Task.cancel" data-search-exclude class="d">'
    )


def test_table_cells_carry_their_columns_header() -> None:
    table = (
        "<table>\n<thead>\n<tr>\n<th></th>\n<th>threads</th>\n<th><code>tasks</code></th>"
        "\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>runs on</td>\n<td>a thread</td>\n"
        '<td style="text-align: left">the loop</td>\n</tr>\n</tbody>\n</table>'
    )
    labelled = label_table_cells(table)
    assert re.findall(r"<td[^>]*>", labelled) == [
        '<td data-label="">',
        '<td data-label="threads">',
        '<td data-label="tasks" style="text-align: left">',
    ]
    assert label_table_cells('<table class="claims-index"><td>') == (
        '<table class="claims-index"><td>'
    )


def test_example_settings_leave_the_fence_a_code_block() -> None:
    assert strip_example_settings('```python test="skip"') == "```python"
    assert (
        strip_example_settings('```py title="a.py" test="skip"') == '```py title="a.py"'
    )
    assert strip_example_settings('text test="skip"') == 'text test="skip"'


# --- the measuring engine: noise only adds time --------------------------------------

NAP = '''"""Waits half a second."""

import asyncio
import threading
import time


async def main() -> None:
    start = time.perf_counter()
    await asyncio.sleep(0.5)
    BLOCK
    print(f"woke at {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
'''

NAP_CLAIM = Claim.from_mapping(
    {
        "id": "nap",
        "snippet": "demo/nap.py",
        "seconds": [0.5, 0.9],
        "says": "It takes about half a second.",
        "because": "0.5 s is its sleep; 0.4 s covers start-up.",
    },
    "docs/a.md",
    4,
)


def stalling_first_run(seconds: float):
    """A runner that stops the snippet's process with SIGSTOP for `seconds` during
    its first run only, as a busy machine might, then lets it go on with SIGCONT."""
    calls = []

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        calls.append(snippet)
        if len(calls) > 1:
            return run_snippet(root, snippet, settings, python=python)
        stopper = threading.Thread(
            target=stall, args=(root, snippet, seconds), daemon=True
        )
        stopper.start()
        try:
            return run_snippet(root, snippet, settings, python=python)
        finally:
            stopper.join()

    return run


def stall(root: Path, snippet: str, seconds: float) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for proc in psutil.process_iter(["cmdline", "cwd"]):
            command = proc.info["cmdline"] or []
            launcher = any(part.endswith("launch.py") for part in command)
            # this test's program, not another test's of the same name (under xdist)
            here = proc.info["cwd"] == str(root)
            if command[-1:] == [f"snippets/{snippet}"] and not launcher and here:
                time.sleep(0.3)  # inside its half-second sleep
                proc.send_signal(signal.SIGSTOP)
                time.sleep(seconds)
                proc.send_signal(signal.SIGCONT)
                return
        time.sleep(0.01)
    raise AssertionError(f"snippets/{snippet} never started")


@pytest.mark.measure
def test_a_run_stalled_once_passes_on_a_later_attempt_and_says_so(
    tmp_path: Path,
) -> None:
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "pass"))
    engine = Engine(
        tmp_path, lambda _: RunSettings(), store=False, run=stalling_first_run(1.0)
    )
    verdict = engine.measure_claim(NAP_CLAIM, PRIMARY)
    first = engine.runs("demo/nap.py", PRIMARY)[0]
    assert first.seconds >= 1.3, first  # stopped at 0.3 s for 1 s: it held it up
    assert verdict.passed, verdict.explain()
    assert verdict.attempts == 2
    assert verdict.run.repeats == 2  # the page says: fastest of 2 runs
    assert verdict.value < 0.9


SLOW_WHILE = """import os, time

time.sleep(1.2 if os.path.exists("MARKER") else 0.5)  # slow while the machine is
"""


@pytest.mark.measure
def test_a_slowdown_that_outlasts_the_attempts_passes_at_the_end_of_the_phase(
    tmp_path: Path,
) -> None:
    """Two programs slow while a marker file exists, as a whole machine is under a
    slowdown that lasts a minute: both are late on their three attempts back to
    back. The slowdown of one passes (its marker is removed after its third run),
    and its attempt at the end of the phase, spaced from its last, passes; the
    other stays slow for good, a real regression, and fails that attempt too."""
    claims = []
    for name in ("passing", "lasting"):
        write(tmp_path, f"snippets/demo/{name}.py", SLOW_WHILE.replace("MARKER", name))
        write(tmp_path, name, "")
        claims.append(demo_claim(name, snippet=f"demo/{name}.py", seconds=[0.5, 0.9]))
    spans: dict[str, list[tuple[float, float]]] = {"passing": [], "lasting": []}

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        start = time.monotonic()
        done = run_snippet(root, snippet, settings, python=python)
        name = snippet.removeprefix("demo/").removesuffix(".py")
        spans[name].append((start, time.monotonic()))
        if name == "passing" and len(spans[name]) == ATTEMPTS:
            (root / name).unlink()  # the slowdown has passed
        return done

    engine = Engine(tmp_path, lambda _: RunSettings(), store=False, run=run, later=1.0)
    verdicts = engine.measure_claims(claims, PRIMARY, alone=lambda _: False)
    passing, lasting = verdicts["passing"], verdicts["lasting"]
    assert isinstance(passing, Verdict) and isinstance(lasting, Verdict)
    assert passing.passed and passing.attempts == ATTEMPTS + 1, passing.explain()
    assert passing.value < 0.9 and passing.run.repeats == ATTEMPTS + 1
    assert not lasting.passed and lasting.attempts == ATTEMPTS + 1
    assert f"best of all {ATTEMPTS + 1} attempts" in lasting.explain()
    for name, made in spans.items():
        assert len(made) == ATTEMPTS + 1, (name, made)
        assert made[-1][0] - made[-2][1] >= 1.0, f"{name}: not spaced: {made}"
    # at the end of the phase: after every other run
    last_firsts = max(end for made in spans.values() for _, end in made[:ATTEMPTS])
    assert min(made[-1][0] for made in spans.values()) >= last_firsts


def test_a_real_blocking_call_fails_every_attempt(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "time.sleep(2)"))
    engine = Engine(tmp_path, lambda _: RunSettings(), store=False)
    verdict = engine.measure_claim(NAP_CLAIM, PRIMARY)
    assert not verdict.passed
    assert verdict.attempts == ATTEMPTS
    assert len(engine.runs("demo/nap.py", PRIMARY)) == ATTEMPTS
    assert verdict.value >= 2.5
    assert f"best of all {ATTEMPTS} attempts" in verdict.explain()


def test_a_retried_comparison_runs_the_short_program_as_often_as_fits() -> None:
    """A burst of load that slows a short baseline on each of its three alternating
    runs would fail a ratio, three attempts of one run each. On a retry the baseline
    runs as many times as fit in one run of the longer program, so it meets the same
    span of time: it gets five runs, the claim passes on the third attempt, and the
    figure says how many runs each is the best of."""
    claim = demo_claim(
        "four", snippet="demo/four.py", baseline="demo/one.py", ratio=[3.0, 4.4]
    )
    baseline = iter([0.75, 0.75, 0.75, 0.5, 0.5, 0.5])  # slowed on its first three
    made = []

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        made.append(snippet)
        seconds = 1.9 if snippet == "demo/four.py" else next(baseline)
        return Run(snippet, "", "", 0, seconds, 1000, "3.11.7", "CPython")

    engine = Engine(ROOT, lambda _: RunSettings(), store=False, run=run)
    verdict = engine.measure_claim(claim, PRIMARY)
    assert verdict.passed and verdict.attempts == 3, verdict.explain()
    retry = ["demo/four.py", "demo/one.py", "demo/one.py"]  # 1.9 // 0.75 = 2
    assert made == ["demo/four.py", "demo/one.py", *retry, *retry]
    assert verdict.baseline.repeats == 5 and verdict.baseline.seconds == 0.5
    assert verdict.run.repeats == 3


def test_a_retry_runs_alone_and_first_runs_side_by_side() -> None:
    """Five waiting claims measured side by side: the one late on its first run
    (`late`), and the one whose first run exits with another code (`exits`, a run
    that is not kept), run again only when no other run is in progress, and no run
    starts while they run. First runs overlap one another."""

    claims = [
        demo_claim(name, snippet=f"demo/{name}.py", seconds=[0.2, 0.3])
        for name in ("late", "exits", "b", "c", "d")
    ]
    spans: list[tuple[str, float, float]] = []
    late = iter([0.5, 0.25])  # late on its first run only
    codes = iter([1, 0])  # another exit code on its first run only

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        start = time.perf_counter()
        # b outlasts the others, and exits's retry is due while late's first runs
        time.sleep({"demo/b.py": 1.0, "demo/late.py": 0.4}.get(snippet, 0.2))
        seconds = next(late) if snippet == "demo/late.py" else 0.25
        code = next(codes) if snippet == "demo/exits.py" else 0
        spans.append((snippet, start, time.perf_counter()))
        stderr = "TimeoutError\n" if code else ""  # a timeout fired elsewhere
        return Run(snippet, "", stderr, code, seconds, 1000, "3.11.7", "CPython")

    engine = Engine(ROOT, lambda _: RunSettings(), store=False, run=run)
    verdicts = engine.measure_claims(claims, PRIMARY, alone=lambda _: False)
    assert all(v.passed for v in verdicts.values()), verdicts
    assert verdicts["late"].attempts == verdicts["exits"].attempts == 2, verdicts
    assert len(spans) == 7, spans
    retries = [
        [span for span in spans if span[0] == f"demo/{name}.py"][1]
        for name in ("late", "exits")
    ]
    for retry in retries:
        others = [span for span in spans if span is not retry]
        assert all(end <= retry[1] or start >= retry[2] for _, start, end in others), (
            f"a run overlapped the retry {retry}: {spans}"
        )
    firsts = [span for span in spans if span not in retries]
    overlapping = [
        (one[0], two[0])
        for one, two in itertools.combinations(firsts, 2)
        if one[1] < two[2] and two[1] < one[2]
    ]
    assert overlapping, f"no first runs overlapped: {spans}"


def test_one_schedule_overlaps_every_kind_of_waiting_job_and_runs_heavy_ones_alone(
    tmp_path: Path,
) -> None:
    """The measuring phase hands claims, output checks and traces to one schedule:
    waiting programs of all three kinds run side by side, and each CPU-bound one
    runs after them, with nothing beside it."""
    for name in ("claim", "check", "trace", "heavy_claim", "heavy_check"):
        write(tmp_path, f"snippets/demo/{name}.py", "print('ok')\n")
        write(tmp_path, f"snippets/demo/{name}.out", "ok\n")
    spans: list[tuple[str, float, float]] = []

    def run(root: Path, snippet: str, settings: RunSettings, python: str, **_) -> Run:
        start = time.perf_counter()
        time.sleep(0.3)
        spans.append((snippet, start, time.perf_counter()))
        return Run(snippet, "ok\n", "", 0, 0.3, 1000, "3.11.7", "CPython")

    def heavy(snippet: str) -> bool:
        return "heavy" in snippet

    engine = Engine(tmp_path, lambda _: RunSettings(), store=False, run=run)
    checks: dict = {}
    traced: dict = {}
    run_jobs(
        [
            *engine.claim_jobs(
                [
                    demo_claim(name, snippet=f"demo/{name}.py", seconds=[0.2, 0.4])
                    for name in ("claim", "heavy_claim")
                ],
                PRIMARY,
                heavy,
            ),
            *engine.check_jobs(
                [("demo/check.py", PRIMARY), ("demo/heavy_check.py", PRIMARY)],
                heavy,
                checks,
            ),
            *engine.trace_jobs(["demo/trace.py"], PRIMARY, tmp_path, heavy, traced),
        ]
    )
    assert all(v.passed for v in engine.verdicts.values()), engine.verdicts
    assert not [
        r for r in [*checks.values(), *traced.values()] if not isinstance(r, Run)
    ]
    light = [span for span in spans if "heavy" not in span[0]]
    assert len(light) == 3 and len(spans) == 5, spans
    assert max(start for _, start, _ in light) < min(end for _, _, end in light), (
        f"the claim, the output check and the trace did not all overlap: {light}"
    )
    for name, start, end in spans:
        if "heavy" in name:
            others = [span for span in spans if span[0] != name]
            assert all(e <= start or s >= end for _, s, e in others), (
                f"{name} did not run alone: {spans}"
            )


def test_a_job_that_raises_does_not_stop_the_others() -> None:
    """One job's unexpected error (not a contributor's mistake) is raised after every
    other job, light and heavy, has run."""
    done: list[str] = []

    def broken() -> None:
        raise OSError("no such interpreter")

    jobs = [
        Job(False, broken),
        Job(False, lambda: done.append("light")),
        Job(True, lambda: done.append("heavy")),
    ]
    with pytest.raises(OSError, match="no such interpreter"):
        run_jobs(jobs)
    assert sorted(done) == ["heavy", "light"], done


def test_an_exit_code_that_timing_decides_is_run_again(tmp_path: Path) -> None:
    """Under a stall, a timeout can fire in another place and the program ends with
    another exit code: that run is tried again like a changed output, and passes on
    the first that ends as its settings say. One that always ends otherwise fails,
    saying it did on every run."""
    write(tmp_path, "snippets/demo/leak.py", "raise SystemExit(1)\n")
    write(tmp_path, "snippets/demo/leak.out", "stopped\nTimeoutError\n")
    codes = iter([0, 1])

    def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        output = "stopped\nTimeoutError\n"
        return Run(snippet, output, "", next(codes), 0.3, 1000, "3.11.7", "CPython")

    settings = RunSettings(exit_code=1, stderr=True)
    engine = Engine(tmp_path, lambda _: settings, store=False, run=run)
    assert engine.check_output("demo/leak.py", PRIMARY).exit_code == 1

    def always(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        output = "stopped\nTimeoutError\n"
        return Run(snippet, output, "", 0, 0.3, 1000, "3.11.7", "CPython")

    engine = Engine(tmp_path, lambda _: settings, store=False, run=always)
    with pytest.raises(SnippetFailed, match=f"on all {ATTEMPTS} runs: exited with"):
        engine.check_output("demo/leak.py", PRIMARY)
    claim = demo_claim("leak", snippet="demo/leak.py", seconds=[0.2, 0.6])
    with pytest.raises(SnippetFailed, match=f"on all {ATTEMPTS} runs"):
        engine.measure_claim(claim, PRIMARY)
    codes = iter([0, 1])
    engine = Engine(tmp_path, lambda _: settings, store=False, run=run)
    verdict = engine.measure_claim(claim, PRIMARY)
    assert verdict.passed and verdict.attempts == 2


def test_a_time_below_the_floor_fails_at_once() -> None:
    """Nothing makes a program faster than its floor: no second run is made."""
    made = []

    def too_fast(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        made.append(snippet)
        return Run(snippet, "", "", 0, 0.2, 1000, "3.11.7", "CPython")

    engine = Engine(ROOT, lambda _: RunSettings(), store=False, run=too_fast)
    verdict = engine.measure_claim(NAP_CLAIM, PRIMARY)
    assert not verdict.passed and verdict.value == 0.2
    assert made == ["demo/nap.py"]
    assert "on its first run" in verdict.explain()


def test_a_comparison_outside_its_bounds_runs_both_programs_again() -> None:
    """A ratio may be pushed either way: both programs run again, alternating, and
    each keeps its fastest run; a real regression fails all attempts."""
    made = []
    times = {"demo/fast.py": [2.0, 1.0, 1.0], "demo/slow.py": [2.0, 2.0, 2.0]}

    def timed(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        made.append(snippet)
        seconds = times[snippet][sum(name == snippet for name in made) - 1]
        return Run(snippet, "", "", 0, seconds, 1000, "3.11.7", "CPython")

    claim = demo_claim(
        "twice", snippet="demo/fast.py", baseline="demo/slow.py", speedup=[1.8, 2.2]
    )
    engine = Engine(ROOT, lambda _: RunSettings(), store=False, run=timed)
    verdict = engine.measure_claim(claim, PRIMARY)
    assert verdict.passed and verdict.value == 2.0 and verdict.attempts == 2
    assert made == ["demo/fast.py", "demo/slow.py"] * 2
    assert verdict.run.repeats == verdict.baseline.repeats == 2


def printed(output: str) -> Run:
    return Run("demo/nap.py", output, "", 0, 0.6, 1000, "3.11.7", "CPython")


@pytest.mark.parametrize(
    ("output", "error"),
    [
        ("woke at 0.5 s\n", None),
        ("woke at 0.6 s\n", None),  # 0.1 s late: load
        ("woke at 0.4 s\n", None),  # one step of the last digit early: rounding
        ("woke at 1.5 s\n", OutputLate),  # a full second late
        ("woke at 0.3 s\n", OutputChanged),  # earlier than any honest run
        ("slept at 0.5 s\n", OutputChanged),  # a changed word
        ("woke at 0.5 ms\n", OutputChanged),  # a changed unit
    ],
)
def test_printed_times_match_one_sidedly_and_words_exactly(
    tmp_path: Path, output: str, error: type[Exception] | None
) -> None:
    write(tmp_path, "snippets/demo/nap.out", "woke at 0.5 s\n")
    if error is None:
        compare_output(tmp_path, printed(output), RunSettings())
        return
    with pytest.raises(error) as caught:
        compare_output(tmp_path, printed(output), RunSettings())
    message = str(caught.value)
    assert message.startswith("snippets/demo/nap.out: ")
    assert f"-woke at 0.5 s\n+{output}" in message  # the diff
    if error is OutputChanged and "woke at" in output and " s\n" in output:
        assert "earlier than the recording allows" in message
    if error is OutputLate:
        assert "line 1: printed 1.5 s, recorded 0.5 s: more than 0.4 s later" in message


def test_a_snippet_can_declare_its_tolerance(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/nap.out", "woke at 0.5 s\n")
    compare_output(tmp_path, printed("woke at 1.5 s\n"), RunSettings(tolerance=1.0))
    with pytest.raises(OutputLate):
        compare_output(tmp_path, printed("woke at 0.7 s\n"), RunSettings(tolerance=0.1))


def test_recording_again_keeps_a_recording_within_its_tolerance(tmp_path: Path) -> None:
    recording = write(tmp_path, "snippets/demo/nap.out", "woke at 0.5 s\n")
    compare_output(tmp_path, printed("woke at 0.6 s\n"), RunSettings(), update=True)
    assert recording.read_text() == "woke at 0.5 s\n"
    compare_output(tmp_path, printed("woke at 1.5 s\n"), RunSettings(), update=True)
    assert recording.read_text() == "woke at 1.5 s\n"
    compare_output(tmp_path, printed("slept at 1.5 s\n"), RunSettings(), update=True)
    assert recording.read_text() == "slept at 1.5 s\n"


@pytest.mark.measure
def test_a_late_printed_time_is_run_again(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "pass"))
    write(tmp_path, "snippets/demo/nap.out", "woke at 0.5 s\n")
    engine = Engine(
        tmp_path, lambda _: RunSettings(), store=False, run=stalling_first_run(1.0)
    )
    engine.check_output("demo/nap.py", PRIMARY)
    assert len(engine.runs("demo/nap.py", PRIMARY)) == 2


def test_unchanged_work_is_reused_and_changed_work_runs_again(tmp_path: Path) -> None:
    """Outside CI, a run is reused while its inputs are the same; any change to the
    snippet (or its settings, the interpreter, the harness or the lock) runs it again."""
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "pass"))
    made = []

    def counted(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        made.append(snippet)
        return Run(snippet, "woke at 0.5 s\n", "", 0, 0.6, 1000, "3.11.7", "CPython")

    def engine() -> Engine:
        return Engine(tmp_path, lambda _: RunSettings(), reuse=True, run=counted)

    engine().nth_run("demo/nap.py", PRIMARY)
    engine().nth_run("demo/nap.py", PRIMARY)
    assert len(made) == 1
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "print()"))
    engine().nth_run("demo/nap.py", PRIMARY)
    assert len(made) == 2
    # a bound over `cpus` needs its run and the free cores measured together
    engine().nth_run("demo/nap.py", PRIMARY, fresh=True)
    assert len(made) == 3


def test_the_phases_of_one_suite_share_their_runs(tmp_path: Path) -> None:
    """The output check of the second phase uses the run a claim made in the first
    (same suite id, even in CI), and makes a new run only for a later attempt; another
    run of the suite measures afresh."""
    write(tmp_path, "snippets/demo/nap.py", NAP.replace("BLOCK", "pass"))
    made = []

    def counted(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        made.append(snippet)
        seconds = 0.6 + len(made) / 10
        return Run(snippet, "woke\n", "", 0, seconds, 1000, "3.11.7", "CPython")

    def phase(suite: str) -> Engine:
        return Engine(tmp_path, lambda _: RunSettings(), run=counted, suite=suite)

    first = phase("make-1").nth_run("demo/nap.py", PRIMARY)
    second = phase("make-1")
    assert second.nth_run("demo/nap.py", PRIMARY) == first
    assert len(made) == 1
    assert second.nth_run("demo/nap.py", PRIMARY, 2).seconds == 0.8
    assert len(made) == 2
    assert phase("make-1").runs("demo/nap.py", PRIMARY) == []  # nothing loaded yet
    assert phase("make-1").nth_run("demo/nap.py", PRIMARY, 2).seconds == 0.8
    assert phase("make-2").nth_run("demo/nap.py", PRIMARY) != first
    assert len(made) == 3


def test_xdist_groups_keep_their_tests_on_one_worker(tmp_path: Path) -> None:
    """The site is built once and the browser started once only if pytest-xdist keeps
    a group on one worker; a pytest that xdist cannot group with fails here."""
    write(
        tmp_path,
        "test_groups.py",
        "import os\nimport pytest\n\n\n"
        "@pytest.mark.xdist_group('one')\n"
        "@pytest.mark.parametrize('n', range(8))\n"
        "def test_worker(n):\n"
        "    with open('workers.txt', 'a') as out:\n"
        "        out.write(os.environ['PYTEST_XDIST_WORKER'] + '\\n')\n",
    )
    pytest_args = ["-q", "-p", "no:cacheprovider", "-p", "xdist", "-n", "2"]
    pytest_args += ["--dist", "loadgroup", "test_groups.py"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        # only xdist: the other plugins would only slow the three processes down
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workers = (tmp_path / "workers.txt").read_text().split()
    assert len(workers) == 8 and len(set(workers)) == 1, workers


def test_a_different_output_runs_again_only_where_load_could_explain_it(
    tmp_path: Path,
) -> None:
    """Load can change a timing-dependent program's words (a missed heartbeat);
    a changed word cannot be load, and fails on its first run."""
    write(tmp_path, "snippets/demo/nap.out", "beat\nbeat\nwoke at 0.5 s\n")
    outputs = ["beat\nwoke at 0.6 s\n", "beat\nbeat\nwoke at 0.5 s\n"]

    def printing(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        return printed(outputs.pop(0) if outputs else "slept\n")

    engine = Engine(tmp_path, lambda _: RunSettings(), store=False, run=printing)
    engine.check_output("demo/nap.py", PRIMARY)
    assert len(engine.runs("demo/nap.py", PRIMARY)) == 2
    changed = Engine(tmp_path, lambda _: RunSettings(), store=False, run=printing)
    with pytest.raises(OutputChanged) as caught:
        changed.check_output("demo/nap.py", PRIMARY)
    assert "on all" not in str(caught.value)
    assert "+slept" in str(caught.value)
    assert len(changed.runs("demo/nap.py", PRIMARY)) == 1


def test_only_a_failure_load_could_explain_is_run_again(tmp_path: Path) -> None:
    """An import error, a changed word, a leftover process, a missing recording
    fail on their first run; a late time gets every attempt, a hang one more."""
    write(tmp_path, "snippets/demo/a.out", "total: 1.0 s\n")
    runs: list[str] = []

    def runner(**how: Any):
        def run(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
            runs.append(snippet)
            if how.get("hang"):
                raise SnippetTimeout(f"snippets/{snippet}", "still running")
            fields = {"output": "total: 1.0 s\n", "stderr": "", "exit_code": 0}
            fields.update(how)
            return dataclasses.replace(printed(""), snippet=snippet, **fields)

        return run

    cases = {
        "an import error": (
            {"exit_code": 1, "stderr": "ModuleNotFoundError: No module named 'x'\n"},
            SnippetFailed,
            1,
        ),
        "a changed word": ({"output": "totl: 1.0 s\n"}, OutputChanged, 1),
        "a leftover process": ({"left_behind": ("sleep 600",)}, SnippetFailed, 1),
        "a late time": ({"output": "total: 2.0 s\n"}, OutputLate, ATTEMPTS),
        "a hang": ({"hang": True}, SnippetTimeout, 2),
    }
    for case, (how, error, expected) in cases.items():
        runs.clear()
        engine = Engine(
            tmp_path, lambda _: RunSettings(), store=False, run=runner(**how)
        )
        with pytest.raises(error):
            engine.check_output("demo/a.py", PRIMARY)
        assert len(runs) == expected, case
    runs.clear()
    engine = Engine(tmp_path, lambda _: RunSettings(), store=False, run=runner())
    with pytest.raises(OutputChanged, match="no recorded output yet"):
        engine.check_output("demo/b.py", PRIMARY)
    assert len(runs) == 1, "a missing recording"


# --- issue 20: each mistake caught with one clear message -------------------------


def copy_suite(root: Path) -> None:
    """Give a copied project the real suite (tests/, conftest.py, pyproject.toml)."""
    if not (root / "tests").exists():
        shutil.copytree(
            ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
        shutil.copy(ROOT / "conftest.py", root / "conftest.py")


def run_pytest(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real suite's pytest in a copied project (see `copy_project`), as a
    suite of its own: its end must not count this suite's snippets as left. It
    checks with this suite's Python only (finding the others takes half its time)."""
    copy_suite(root)
    # a suite id of its own: at its end a session kills what its suite left running,
    # and another test's nested session may be running beside it (under xdist)
    nested = {
        SUITE: f"{suite_id()}-{root.parent.name}",
        "MEASURED_PYTHONS": PRIMARY.path,
    }
    # outside CI unless a test says otherwise: in CI, pytest's summary repeats each
    # failure's whole message, which would change what these tests count
    outer = {k: v for k, v in os.environ.items() if k not in ("CI", "BUILD_NUMBER")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**outer, **nested, **(env or {})},
    )


def test_a_contributors_mistake_prints_once(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    copy_suite(root)
    write(
        root,
        "tests/test_mistake.py",
        "from measured.errors import ContributorError\n\n\n"
        "def test_mistake():\n"
        "    raise ContributorError('docs/index.md', 'a mistake', 3)\n",
    )
    done = run_pytest(root, "-n", "0", "tests/test_mistake.py")
    assert done.returncode == 1, done.stdout
    assert "During handling" not in done.stdout
    failures = done.stdout.split("= FAILURES =")[1].split("short test summary")[0]
    assert failures.count("docs/index.md:3: a mistake") == 1, done.stdout


def test_a_package_installed_nowhere_fails_in_ci_and_warns_locally(
    tmp_path: Path,
) -> None:
    """A misspelled `requires:` would skip its snippet and claims in silence."""
    root = copy_project(tmp_path)
    front = "snippets:\n  demo/needs.py:\n    requires: [htttpx]\n"
    write(root, "docs/index.md", page(front, '{{ run("demo/needs.py") }}\n'))
    write(root, "snippets/demo/needs.py", "import htttpx\n")
    message = (
        "snippets/demo/needs.py: its `requires:` names `htttpx`, which no Python here "
        "has installed, so the snippet and its claims are skipped; correct the name, "
        "or add the package to `dependencies` in pyproject.toml and run `make lock` "
        "and `make install`"
    )
    in_ci = message.replace(
        "so the snippet and its claims are skipped",
        "and in CI (`CI` set) that fails the run, since every snippet must run",
    )
    args = ("-n", "0", "tests/test_snippets.py", "-k", "needs")
    done = run_pytest(root, *args, env={"CI": "1"})
    assert done.returncode == 1, done.stdout
    assert in_ci in done.stdout, done.stdout
    done = run_pytest(root, *args, "-W", "error::UserWarning", env={"CI": ""})
    assert done.returncode == 1, done.stdout  # a warning, here made an error
    assert message in done.stdout, done.stdout
    done = run_pytest(root, *args, env={"CI": ""})
    assert done.returncode == 0, done.stdout
    assert "warnings summary" in done.stdout and "htttpx" in done.stdout


def test_a_missing_module_says_how_to_declare_it() -> None:
    stderr = "Traceback ...\nModuleNotFoundError: No module named 'httpx.client'\n"
    assert missing_module_hint("network/get.py", stderr) == (
        "`httpx` is not installed for this Python. If the snippet needs a package from "
        "outside the standard library, add it to `dependencies` in pyproject.toml "
        "(then `make lock` and `make install`), and declare it in its page's "
        '`snippets:` settings (network/get.py: {requires: ["httpx"]}), so a Python '
        "without it skips the snippet and says why."
    )
    assert missing_module_hint("network/get.py", "ZeroDivisionError\n") == ""


def test_an_inline_example_that_raises_names_its_page_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nx = 1\nprint(x / 0)\n```\n")
    line = (root / "docs" / "index.md").read_text().count("\n") - 1
    for args in (["-n", "0"], ["-n", "2"]):
        done = run_pytest(root, *args, "tests/test_examples.py")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "INTERNALERROR" not in done.stdout + done.stderr
        assert (
            f"docs/index.md:{line}: ZeroDivisionError: division by zero" in done.stdout
        ), done.stdout
        assert "1 failed" in done.stdout


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("timeout: ten", "snippet setting `timeout` must be a number of seconds"),
        ("flags: -X dev", "snippet setting `flags` must be a list of strings"),
        ("env: [A]", "snippet setting `env` must be a mapping of names to values"),
        ("exit_code: one", "snippet setting `exit_code` must be a whole number"),
        ("alone: yes please", "snippet setting `alone` must be true or false"),
        (
            "python: 3.12",
            'snippet setting `python` must be a quoted version, such as "3.12"',
        ),
        ("signal_after: soon", "snippet setting `signal_after` must be a number"),
        (
            "requires: httpx",
            "snippet setting `requires` must be a list of module names",
        ),
        ("tolerance: [1]", "snippet setting `tolerance` must be a number of seconds"),
        (
            "needs: postgres",
            "snippet setting `needs` must be a list of services the suite starts",
        ),
    ],
)
def test_a_setting_of_the_wrong_type_names_its_page_and_line(
    tmp_path: Path, setting: str, message: str
) -> None:
    write(tmp_path, "docs/a.md", page(f"snippets:\n  demo/a.py:\n    {setting}\n"))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value).startswith(f"docs/a.md:4: {message}")


def test_every_setting_has_its_type_checked() -> None:
    from measured.settings import SETTING_TYPES

    assert set(SETTING_TYPES) == set(RunSettings.__dataclass_fields__)


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


def test_a_hang_names_the_timeout_setting(tmp_path: Path) -> None:
    write(tmp_path, "snippets/demo/hang.py", "import time\ntime.sleep(600)\n")
    with pytest.raises(SnippetTimeout) as caught:
        run_snippet(tmp_path, "demo/hang.py", RunSettings(timeout=1))
    assert (
        "if it needs longer, give it a `timeout:` (seconds) in its page's "
        "`snippets:` settings (demo/hang.py: {timeout: 60})"
    ) in str(caught.value)


def test_an_inline_example_that_prints_otherwise_names_update_examples(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 3\n```\n")
    fence = (root / "docs" / "index.md").read_text().count("\n") - 3
    done = run_pytest(root, "-n", "0", "tests/test_examples.py")
    assert done.returncode == 1, done.stdout
    assert (
        f"docs/index.md:{fence}: the example prints otherwise than its `#>` lines say"
    ) in done.stdout
    assert (
        "If the new output is right, record it with --update-examples: "
        ".venv/bin/pytest -n 0 -p no:cacheprovider "
        f"'tests/test_examples.py::test_inline_example[docs/index.md:{fence}-"
    ) in done.stdout


def test_misspelled_names_suggest_the_close_match(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("snippets:\n  demo/a.py:\n    timout: 3\n"))
    with pytest.raises(
        ContributorError, match=r"'timout' \(did you mean 'timeout'\?\)"
    ):
        Project(tmp_path)
    claim = (
        "claims:\n  - id: c\n    snippet: demo/a.py\n    says: Quick.\n"
        "    because: It sleeps.\n    secnds: [1.0, 1.4]\n"
    )
    write(tmp_path, "docs/a.md", page(claim))
    with pytest.raises(
        ContributorError,
        match=r"^docs/a.md:7: unknown claim key 'secnds' \(did you mean 'seconds'\?\)",
    ):
        Project(tmp_path)
    write(tmp_path, "docs/a.md", page("title: A", '{{ run("demo/overlpa.py") }}\n'))
    write(tmp_path, "snippets/demo/overlap.py", "print('hi')\n")
    assert problems_of(tmp_path)[0] == (
        "docs/a.md:7: shows snippets/demo/overlpa.py, which does not exist "
        "(did you mean snippets/demo/overlap.py?)"
    )


def test_settings_for_a_snippet_the_page_does_not_show_give_their_line(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "docs/a.md",
        page(
            "title: A\nsnippets:\n  demo/overlap.py:\n    timeout: 3\n  demo/overlpa.py: {}\n",
            '{{ run("demo/overlap.py") }}\n',
        ),
    )
    write(tmp_path, "snippets/demo/overlap.py", "print('hi')\n")
    assert problems_of(tmp_path) == [
        "docs/a.md:6: has settings for snippets/demo/overlpa.py, but does not show it "
        "(did you mean snippets/demo/overlap.py?)"
    ]


def test_a_build_error_names_the_markers_line_on_a_page_with_front_matter(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    write(
        root,
        "docs/index.md",
        page(
            "title: A page\n",
            f'Two waits overlap:\n\n{{{{ run("{GATHER_EXAMPLE}") }}}}\n',
        ),
    )
    text = (root / "docs" / "index.md").read_text()
    line = text.splitlines().index(f'{{{{ run("{GATHER_EXAMPLE}") }}}}') + 1
    (root / "snippets" / GATHER_EXAMPLE).unlink()
    done = build(root)
    assert done.returncode != 0
    assert (
        f"docs/index.md:{line}: shows snippets/{GATHER_EXAMPLE}, which does not exist"
        in done.stderr
    ), done.stderr


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("The answer: 3 s.", 'says: "The answer: 3 s."'),
        ("`asyncio.run` starts it.", 'says: "`asyncio.run` starts it."'),
    ],
)
def test_a_yaml_error_says_to_quote_the_value(
    tmp_path: Path, value: str, hint: str
) -> None:
    front = f"claims:\n  - id: c\n    says: {value}\n"
    write(tmp_path, "docs/a.md", page(front))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    message = str(caught.value)
    assert message.startswith("docs/a.md:4: front matter is not valid YAML: "), message
    assert message.endswith(f"; if that value is text, quote it: {hint}"), message


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        (
            "claims:\n  - id: c\n    snippet: basics/overlap.py\n    says: Quick.\n"
            "    because: It sleeps.\n    seconds: [3.0, 3.4]\n    speed: 2\n",
            "docs/broken.md:8: unknown claim key 'speed'",
        ),
        (
            "title: [A page\n",
            "docs/broken.md:3: front matter is not valid YAML: while parsing a flow "
            "sequence (line 2, column 8); expected ',' or ']', but got '<stream end>' "
            "(line 3, column 1)",
        ),
    ],
)
def test_a_front_matter_mistake_fails_one_test_and_the_rest_still_run(
    tmp_path: Path, front_matter: str, message: str
) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 2\n```\n")
    write(root, "docs/broken.md", page(front_matter, '{{ run("demo/shown.py") }}\n'))
    write(root, "snippets/demo/shown.py", "print('hi')\n")
    done = run_pytest(
        root,
        "-n",
        "0",
        "tests/test_integrity.py",
        "tests/test_examples.py",
        "tests/test_snippets.py",
        "-k",
        "agree or inline_example or shown",
    )
    assert "ImportError" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert done.returncode == 1, done.stdout
    assert re.search(r"\b1 failed, 1 passed, \d+ skipped\b", done.stdout), done.stdout
    # its snippets are not run with settings that could not be read
    where = message.split(": ")[0]
    assert f"snippets/demo/shown.py: its page cannot be read ({where};" in done.stdout
    assert done.stdout.count(message) == 1, done.stdout
    assert "FAILED tests/test_integrity.py::test_pages_snippets_and_claims_agree" in (
        done.stdout
    )
    assert message in done.stdout, done.stdout


def test_a_server_in_a_new_session_with_an_empty_environment_is_killed_and_named(
    tmp_path: Path,
) -> None:
    """Neither its session nor its environment leads back to the snippet: the
    launcher, the snippet's child subreaper, finds it below itself."""
    write(
        tmp_path,
        "snippets/demo/server.py",
        "import subprocess\nimport sys\n\n"
        "subprocess.Popen(\n"
        "    [\n"
        "        sys.executable,\n"
        "        '-c',\n"
        "        'import socket, time; "
        'server = socket.create_server(("127.0.0.1", 0)); time.sleep(600)\',\n'
        "    ],\n"
        "    start_new_session=True,\n"
        "    env={},\n"
        ")\n",
    )
    before = {p.pid for p in psutil.process_iter()}
    start = time.perf_counter()
    run = run_snippet(tmp_path, "demo/server.py", RunSettings(timeout=10))
    assert time.perf_counter() - start < 10
    with pytest.raises(SnippetFailed, match="left processes running after it exited"):
        check_run(run, RunSettings())
    assert any("socket.create_server" in line for line in run.left_behind)
    escaped = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if proc.pid not in before and "socket.create_server" in " ".join(
                proc.cmdline()
            ):
                escaped.append(proc)
    for proc in escaped:  # a failure must not leave it listening
        proc.kill()
    assert not escaped


HANG = """import asyncio


async def wait_for(ready: asyncio.Event) -> None:
    await ready.wait()


async def main() -> None:
    ready = asyncio.Event()
    print("waiting", flush=True)
    async with asyncio.TaskGroup() as group:
        group.create_task(wait_for(ready), name="waiter")


if __name__ == "__main__":
    asyncio.run(main())
"""
"""A program awaiting an event that is never set."""


def test_the_guides_messages_for_a_setting_a_hang_and_a_raising_example_are_real(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "docs/basics/my-page.md",
        page("snippets:\n  a.py:\n    timeout: ten\n"),
    )
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value) == contributing_example(
        "docs/basics/my-page.md:4: snippet"
    )
    write(tmp_path, "snippets/basics/hang.py", HANG)
    with pytest.raises(SnippetTimeout) as timeout:
        run_snippet(tmp_path, "basics/hang.py", RunSettings(timeout=1))
    shown = contributing_example("snippets/basics/hang.py: still running")
    assert figures_masked(str(timeout.value)) == figures_masked(shown)
    root = copy_project(tmp_path / "inline")
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 / 0)\n```\n")
    done = run_pytest(root, "-n", "0", "tests/test_examples.py")
    raised = re.search(r"docs/index\.md:\d+: ZeroDivisionError: .*", done.stdout)
    assert raised, done.stdout
    shown = contributing_example("docs/basics/my-page.md:42: ZeroDivisionError")
    assert figures_masked(raised[0]) == figures_masked(
        shown.replace("basics/my-page.md", "index.md")
    )


def test_interpreters_are_asked_once_per_session_and_not_by_snippets(
    tmp_path: Path,
) -> None:
    """The session's answers reach its workers, so none starts an interpreter to ask
    again (beside busy programs that took longer than a probe's timeout, and a worker
    crashed); a snippet's environment does not carry them."""
    import measured.interpreters as interpreters
    from measured.processes import reader_environment

    python = shutil.which("python3")
    assert python is not None
    found = interpreters.probe(python)
    assert found is not None and "asyncio" in found["modules"]
    inherited = json.loads(os.environ[interpreters.KNOWN])
    assert inherited[python] == found

    # a worker that inherits the answers never runs the interpreter again
    shim = tmp_path / "python3"
    shim.write_text(f'#!/bin/sh\ntouch {tmp_path / "ran"}\nexec {python} "$@"\n')
    shim.chmod(0o755)
    code = (
        "import sys; from measured.interpreters import probe;"
        "found = probe(sys.argv[1]); print(found['version'] if found else None)"
    )

    def ask(**inherited: object) -> str:
        """What a process started with `inherited` answers of the shim."""
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if inherited:
            env[interpreters.KNOWN] = json.dumps(inherited)
        done = subprocess.run(
            [sys.executable, "-c", code, str(shim)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout.strip()

    assert ask() == found["version"] and (tmp_path / "ran").exists()
    (tmp_path / "ran").unlink()
    assert ask(**{str(shim): found}) == found["version"]
    assert not (tmp_path / "ran").exists()
    assert interpreters.KNOWN not in reader_environment(RunSettings())


# --- issue 30: a contributor's mistakes, round 2 ------------------------------------


def test_a_page_showing_a_missing_snippet_is_named_not_a_collection_crash(
    tmp_path: Path,
) -> None:
    """With Pyodide installed, the browser tests decide at import which snippets
    can run in a page; a snippet that does not exist must not stop collection
    before the project's own message is printed."""
    from measured.pyodide import CORE_FILES, INSTALLED, decide

    assert not decide(tmp_path, "basics/missing.py", RunSettings()).runnable
    root = copy_project(tmp_path)
    for name in CORE_FILES:  # what `npm ci` installs, enough for the decision
        write(root, f"{INSTALLED}/{name}", "")
    with (root / "docs" / "index.md").open("a") as index:
        index.write('\n{{ run("basics/missing.py") }}\n')
    line = (root / "docs" / "index.md").read_text().count("\n")
    done = run_pytest(
        root,
        "-n",
        "0",
        "tests/test_integrity.py",
        "tests/browser",
        "-k",
        "agree",
    )
    output = done.stdout + done.stderr
    assert "FileNotFoundError" not in output, output
    assert done.returncode == 1, output
    assert (
        f"docs/index.md:{line}: shows snippets/basics/missing.py, which does not exist"
        in done.stdout
    ), output


@pytest.mark.measure
def test_a_hang_says_where_it_was_and_is_not_run_on_another_python(
    tmp_path: Path,
) -> None:
    """At its timeout a program is asked where it is; the message gives each
    thread's and each pending task's line, and the hang is not run again on the
    other Pythons of the suite (its workers share what hung).

    Measured with nothing heavy beside it: in the check phase of a fresh clone, the
    program was still importing asyncio when its 1 s timeout fired (and the report
    of where it was failed on the half-imported module; it now says less)."""
    write(tmp_path, "snippets/demo/hang.py", HANG)
    with pytest.raises(SnippetTimeout) as caught:
        run_snippet(tmp_path, "demo/hang.py", RunSettings(timeout=1))
    message = str(caught.value)
    assert "task 'waiter' (wait_for):\n" in message, message
    assert (
        "  snippets/demo/hang.py, line 5, in wait_for: await ready.wait()\n" in message
    )
    # a program that ends in time prints what it prints, nothing of the hook
    write(tmp_path, "snippets/demo/paths.py", "import os, sys\nprint(sys.path[1:2])\n")
    run = run_snippet(tmp_path, "demo/paths.py", RunSettings(timeout=10))
    check_run(run, RunSettings())
    assert "on_hang" not in run.output
    runs: list[str] = []

    def hanging(root: Path, snippet: str, settings: RunSettings, python: str) -> Run:
        runs.append(python)
        raise SnippetTimeout(f"snippets/{snippet}", "still running")

    suite = f"{suite_id()}-hang"
    engine = Engine(tmp_path, lambda _: RunSettings(), store=False, run=hanging)
    engine.suite = suite
    with pytest.raises(SnippetTimeout):
        engine.check_output("demo/hang.py", PRIMARY)
    assert runs == [PRIMARY.path] * 2  # one more run: load can make it late
    other = dataclasses.replace(PRIMARY, path="/other/python3.99", version="3.99.0")
    worker = Engine(tmp_path, lambda _: RunSettings(), store=False, run=hanging)
    worker.suite = suite  # another worker of the same suite
    with pytest.raises(SnippetTimeout, match=f"it hung on Python {PRIMARY.version}"):
        worker.check_output("demo/hang.py", other)
    assert runs == [PRIMARY.path] * 2


def test_recording_refuses_output_that_changes_from_run_to_run(tmp_path: Path) -> None:
    """A set's order changes with each process: recording runs the program twice
    on each Python and writes nothing where the two differ; a check notices two
    recordings of one such output (a bogus version tab)."""
    write(
        tmp_path, "snippets/demo/order.py", "print({f'item{i}' for i in range(20)})\n"
    )
    engine = Engine(tmp_path, lambda _: RunSettings(), store=False)
    with pytest.raises(OutputUnstable) as caught:
        engine.check_output("demo/order.py", PRIMARY, update=True)
    message = str(caught.value)
    assert message.startswith(
        "snippets/demo/order.py: printed something else on two runs with Python "
        f"{PRIMARY.version}, so no recording can hold its output; make it print the "
        "same on every run (the order of a set or dict, an id(), a time printed "
        "without a tolerance are the usual causes)"
    ), message
    assert "\n  line 1: \"{'item" in message, message
    assert not list((tmp_path / "snippets" / "demo").glob("*.out"))
    write(tmp_path, "snippets/demo/steady.py", "print(sorted({3, 1, 2}))\n")
    engine.check_output("demo/steady.py", PRIMARY, update=True)
    assert len(engine.runs("demo/steady.py", PRIMARY)) == 2
    assert (tmp_path / "snippets/demo/steady.out").read_text() == "[1, 2, 3]\n"
    write(tmp_path, "snippets/demo/order.out", "{'a', 'b'}\n")
    write(tmp_path, "snippets/demo/order.3.12.out", "{'b', 'a'}\n")
    run = dataclasses.replace(printed("{'b', 'a'}\n"), snippet="demo/order.py")
    with pytest.raises(OutputUnstable, match=r"differs from order\.out only in the"):
        compare_output(tmp_path, dataclasses.replace(run, python="3.12.1"))


def test_a_run_failure_is_reported_once_with_every_python_it_happened_on(
    tmp_path: Path,
) -> None:
    """An import error fails the snippet's test on each Python: its message is
    printed once, the other tests point to it, and the session's end names every
    Python it happened on; with pytest-xdist too."""
    if len(INTERPRETERS) < 2:
        pytest.skip("needs two Pythons")
    pythons = INTERPRETERS[:2]
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write('\n{{ run("demo/broken.py") }}\n')
    write(root, "snippets/demo/broken.py", "import nothing_here\n")
    write(root, "snippets/demo/broken.out", "x\n")
    for workers in ("0", "2"):
        done = run_pytest(
            root,
            "-n",
            workers,
            "tests/test_snippets.py",
            "-k",
            "broken",
            env={"MEASURED_PYTHONS": ":".join(p.path for p in pythons)},
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert "2 failed" in done.stdout, done.stdout
        assert done.stdout.count("No module named 'nothing_here'") == 1, done.stdout
        versions = ", ".join(p.minor for p in pythons)
        assert (
            f"snippets/demo/broken.py: failed 2 tests, on Python {versions}; its "
            "message is under tests/test_snippets.py::"
        ) in done.stdout, done.stdout


def hello_project(tmp_path: Path) -> Path:
    """A sample project whose home page shows `demo/hello.py` and a claim on it."""
    root = copy_project(tmp_path)
    claim = (
        "claims:\n  - id: quick\n    snippet: demo/hello.py\n    says: Quick.\n"
        "    seconds: [0.0, 30.0]\n    because: It prints.\n"
    )
    write(
        root,
        "docs/index.md",
        page(claim, TINY_PAGE + '\n{{ run("demo/hello.py") }}\n{{ claim("quick") }}\n'),
    )
    write(root, "snippets/demo/hello.py", 'print("hello")\n')
    return root


def test_recording_one_snippet_runs_only_it_and_says_what_it_wrote(
    tmp_path: Path,
) -> None:
    """`pytest --update-examples snippets/<name>.py` records that snippet and
    nothing else, and names what it wrote; the session's summaries, with the runs
    it reused, print under pytest-xdist too, in words that agree with their count."""
    root = hello_project(tmp_path)
    env = {"CI": ""}  # runs reused from an earlier session, as on a laptop
    for workers in ("0", "2"):
        (root / "snippets/demo/hello.out").unlink(missing_ok=True)
        done = run_pytest(
            root, "-n", workers, "--update-examples", "snippets/demo/hello.py", env=env
        )
        assert done.returncode == 0, done.stdout + done.stderr
        # one test: no claim, no build, no other snippet (xdist's workers deselect)
        assert re.search(r"\b1 passed\b", done.stdout), done.stdout
        assert "failed" not in done.stdout and "error" not in done.stdout
        assert f"wrote snippets/demo/hello.out (Python {PRIMARY.minor})" in (
            done.stdout
        ), done.stdout
        assert (root / "snippets/demo/hello.out").read_text() == "hello\n"
    done = run_pytest(root, "-n", "0", "tests/test_claims.py", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\n1 snippet run, sum of wall times" in done.stdout, done.stdout
    env[SUITE] = f"{suite_id()}-later"  # another run of the suite: from the cache
    done = run_pytest(root, "-n", "2", "tests/test_snippets.py", "-k", "hello", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\n1 check compared a run made before" in done.stdout, done.stdout
    assert (
        f"\n  snippets/demo/hello.py on {PRIMARY.minor} (.measurements/cache/)\n"
        in done.stdout
    ), done.stdout


def test_a_page_check_spread_over_workers_builds_once_after_measuring(
    tmp_path: Path,
) -> None:
    """`pytest -n 2 docs/<page>.md`: the site's tests keep their group (one build),
    and the page's claims join it, measured before the build that shows them."""
    root = hello_project(tmp_path)
    write(root, "snippets/demo/hello.out", "hello\n")
    done = run_pytest(
        root,
        "-n",
        "2",
        "-vv",  # run_pytest's -q takes one off
        "docs/index.md",
        "-k",
        "claim_holds or builds_strictly or outputs_and_figures",
        env={"CI": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {
        line.split()[0]
        for line in done.stdout.splitlines()
        if line.startswith("[gw") and " PASSED " in line
    }
    assert len(workers) == 1, done.stdout  # one worker: one build, after the claim
    assert "PASSED tests/test_claims.py::test_claim_holds[quick]@site" in done.stdout


def test_a_mypy_snippet_records_the_type_checkers_report(tmp_path: Path) -> None:
    """`mypy: true` runs `python -m mypy --strict` on the snippet instead of the
    program: mypy's report is the output compared with the recording, and its exit
    code the one checked. The page shows that command, a Python without mypy skips
    the snippet, and no cache is left in the checkout."""
    mistake = (
        "async def size() -> int:\n"
        "    return 1\n\n\n"
        "async def main() -> None:\n"
        "    total: int = size()\n"
    )
    write(tmp_path, "snippets/demo/typed.py", mistake)
    settings = RunSettings.from_mapping({"mypy": True, "exit_code": 1}, "docs/a.md", 3)
    assert settings.requires == ("mypy",)
    assert (
        settings.command("demo/typed.py")
        == "python -m mypy --strict snippets/demo/typed.py"
    )
    run = run_snippet(tmp_path, "demo/typed.py", settings)
    check_run(run, settings)
    report = run.output.splitlines()
    assert report[0].startswith(
        "snippets/demo/typed.py:6: error: Incompatible types in assignment"
    )
    assert '"Coroutine[Any, Any, int]"' in report[0]
    assert report[-1] == "Found 1 error in 1 file (checked 1 source file)"
    assert not (tmp_path / ".mypy_cache").exists()
    write(tmp_path, "snippets/demo/typed.out", run.output)
    compare_output(tmp_path, run)
    # the await added: mypy passes it, and the recording of the mistake no longer holds
    write(tmp_path, "snippets/demo/typed.py", mistake.replace("= size", "= await size"))
    fixed = run_snippet(tmp_path, "demo/typed.py", settings)
    assert fixed.output == "Success: no issues found in 1 source file\n"
    with pytest.raises(SnippetFailed, match="exited with code 0, expected 1"):
        check_run(fixed, settings)
    with pytest.raises(OutputChanged):
        compare_output(tmp_path, fixed)
    with pytest.raises(ContributorError, match=r"^docs/a\.md:3: .*pytest or mypy"):
        RunSettings.from_mapping({"mypy": True, "pytest": True}, "docs/a.md", 3)


def programs_beside_a_mypy_report() -> list[Any]:
    """Each snippet run as a program on a page that also shows mypy's report of
    another: such a page teaches types, so its programs pass `mypy --strict` too."""
    pages = PROJECT.pages_showing()
    typing_pages = {
        page
        for snippet, shown in pages.items()
        if PROJECT.settings(snippet).mypy
        for page in shown
    }
    return [
        pytest.param(
            snippet,
            id=snippet,
            marks=[pytest.mark.page(page) for page in beside],
        )
        for snippet, shown in sorted(pages.items())
        if (beside := sorted(typing_pages.intersection(shown)))
        and not PROJECT.settings(snippet).mypy
    ]


@pytest.mark.parametrize("snippet", programs_beside_a_mypy_report())
def test_a_program_beside_a_mypy_report_passes_mypy_strict(snippet: str) -> None:
    settings = dataclasses.replace(PROJECT.settings(snippet), mypy=True, exit_code=0)
    run = run_snippet(ROOT, snippet, settings, PRIMARY.path)
    assert run.output == "Success: no issues found in 1 source file\n", (
        f"snippets/{snippet}: its page shows what mypy reports, so the programs it "
        f"runs must pass `python -m mypy --strict snippets/{snippet}`, which said:\n"
        f"{run.output}{run.stderr}"
    )


def test_a_pytest_snippet_run_as_its_page_says_is_a_session_of_its_own() -> None:
    """`python -m pytest -q snippets/debugging/test_x.py`, from the repository root
    as its page says, runs that file's tests only: the suite's root conftest does
    not turn the path into a request to check the snippet (which would run the
    snippet again, inside itself), add its reports, or clean up another suite's
    processes at its end."""
    snippet = "debugging/test_timeout_fast.py"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", f"snippets/{snippet}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MEASURED_SUITE": "someone-else-s-suite"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.fullmatch(r"\.\.\s+\[100%\]\n2 passed in [\d.]+s\n", done.stdout), (
        done.stdout
    )


def test_a_version_recording_without_the_shared_one_is_named(tmp_path: Path) -> None:
    """A snippet that failed on one Python while recording can leave `x.3.12.out`
    without `x.out`: the page check names it, rather than crashing on the missing
    file."""
    root = copy_project(tmp_path)
    write(root, "docs/index.md", page("", '{{ run("demo/leaky.py") }}\n'))
    write(root, "snippets/demo/leaky.py", 'print("done")\n')
    write(root, "snippets/demo/leaky.3.12.out", "done\n")
    assert [p for p in problems_of(root) if "leaky" in p] == [
        "snippets/demo/leaky.3.12.out: a recording for Python 3.12 without "
        "leaky.out, the recording every other version is compared with; record the "
        "snippet: `.venv/bin/pytest --update-examples snippets/demo/leaky.py`"
    ]


# --- the published figures ----------------------------------------------------------

OVERLAP_CLAIM = (
    "claims:\n  - id: overlap\n    snippet: basics/overlap.py\n"
    "    says: The two waits overlap.\n    seconds: [3.0, 3.4]\n"
    "    because: The longer sleep is 3 s.\n"
)


def claim_project(tmp_path: Path) -> Path:
    """A sample project whose one page shows `GATHER_EXAMPLE` and a claim on it,
    `overlap` (3.0 to 3.4 s), and has no figures yet."""
    root = copy_project(tmp_path)
    write(
        root,
        "docs/index.md",
        page(OVERLAP_CLAIM, TINY_PAGE + '\n{{ claim("overlap") }}\n'),
    )
    return root


def record_figure(root: Path, seconds: float) -> dict[str, Any]:
    """Store the outcome of the claim `overlap` for a run of `seconds`, as the suite
    does after measuring it, and return what was stored."""
    claim = Project(root).claims["overlap"]
    run = Run(
        snippet=claim.snippet,
        output="",
        stderr="",
        exit_code=0,
        seconds=seconds,
        peak_rss_kib=0,
        python="3.11.7",
        implementation="CPython",
    )
    record_verdict(root, claim.check({claim.snippet: run}))
    return json.loads((root / DIRECTORY / "claims" / "overlap.json").read_text())


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving `directory`, by its address; closed
    (the port refuses connections) when the block ends."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def claim_box(root: Path) -> tuple[str, str]:
    """The state (`passed`, `published`, ...) and the HTML of the claim `overlap` as
    the built home page shows it."""
    text = (root / "site" / "index.html").read_text()
    box = re.search(
        r'<div class="claim claim--(\w+)" id="claim-overlap">(.*?)</div>', text, re.S
    )
    assert box is not None, text
    return box[1], box[2]


def publish(root: Path, previous: str) -> dict[str, Any]:
    """The publishing build of `root`, reading the file it replaces from the site
    `previous`; the file of figures it wrote into its site."""
    done = build(root, published=previous, publishing=True)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "site" / PUBLISHED).read_text())


def test_publishing_writes_every_figure_and_carries_the_earlier_ones_over(
    tmp_path: Path,
) -> None:
    """The publishing build writes each figure with its date, machine, Python and
    runs into the site; the next one keeps it as the claim's history, newest first,
    and its page lists it under the claim."""
    root = claim_project(tmp_path)
    first = record_figure(root, 3.1)
    (tmp_path / "nothing").mkdir()
    with serving(tmp_path / "nothing") as empty:  # answers 404: nothing published
        document = publish(root, empty)
    figures = document["claims"]["overlap"]
    assert figures["figure"] == "3.10 s" and figures["passed"], figures
    assert figures["measured_at"] == first["measured_at"]
    assert (figures["python"], figures["repeats"]) == ("3.11.7", 1)
    assert {"system", "cpus", "commit", "fingerprint"} <= figures.keys()
    assert [e["figure"] for e in document["history"]["overlap"]] == ["3.10 s"]
    shutil.copytree(root / "site", tmp_path / "published")
    second = record_figure(root, 3.2)
    with serving(tmp_path / "published") as site:
        document = publish(root, site)
    history = document["history"]["overlap"]
    assert [e["figure"] for e in history] == ["3.20 s", "3.10 s"], history
    assert [e["measured_at"] for e in history] == [
        second["measured_at"],
        first["measured_at"],
    ]
    state, box = claim_box(root)
    assert state == "passed", box
    assert "Earlier published figure" in box and "<strong>3.10 s</strong>" in box, box


def test_a_build_without_figures_shows_the_published_ones_neutral_and_no_cross(
    tmp_path: Path,
) -> None:
    """A build that measured nothing (`make serve` on a fresh clone) reads the
    published site's figures, keeps a copy, and shows a claim that passed there
    with its figure, date and machine, in neutral styling and without the failure's
    cross; when the site cannot be reached it uses its copy, and without one it
    says "not measured in this build"."""
    publisher = claim_project(tmp_path / "publisher")
    measured = record_figure(publisher, 3.1)
    publish(publisher, "")
    clone = claim_project(tmp_path / "clone")
    copy = clone / DIRECTORY / "published" / PUBLISHED
    with serving(publisher / "site") as site:
        done = build(clone, published=site)
        assert done.returncode == 0, done.stderr
    state, box = claim_box(clone)
    assert state == "published", box
    assert '<strong class="claim__figure">3.10 s</strong>' in box, box
    assert f"Published figure, measured on {day(measured['measured_at'])}" in box
    assert "CPython 3.11.7" in box, box
    assert not any(cross in box for cross in "✗✘×✕✖❌"), box
    assert "failed" not in box and "not measured" not in box, box
    assert copy.is_file()
    # the site is gone, and the copy is recent: used without asking the site again
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    assert "as copied 0 min ago" in done.stderr, done.stderr
    assert "could not reach" not in done.stderr, done.stderr
    assert claim_box(clone)[0] == "published"
    # the site is gone and the copy is old: the copy still serves, its date shown
    fetched = copy.with_name("fetched.json")
    stale = json.loads(fetched.read_text())
    fetched.write_text(json.dumps(stale | {"at": stale["at"] - FRESH_FOR - 1}))
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    assert "could not reach" in done.stderr, done.stderr
    assert claim_box(clone)[0] == "published"
    # no copy, no site: neutral, no cross, and a link to the published figure
    shutil.rmtree(clone / DIRECTORY / "published")
    done = build(clone, published=site)
    assert done.returncode == 0, done.stderr
    state, box = claim_box(clone)
    assert state == "unmeasured" and "not measured in this build" in box, box
    assert not any(cross in box for cross in "✗✘×✕✖❌"), box
    assert f'<a href="{site.rstrip("/")}/#claim-' in box, box
    assert "the published figure</a>" in box, box


def test_a_figure_measured_here_wins_over_the_published_one(tmp_path: Path) -> None:
    """Where this build measured a claim, its own figure shows, passed or failed,
    and the page says so; a published figure of a program that changed since is
    not shown as this program's."""
    project = Project(ROOT)
    claim = project.claims["overlap-takes-longest-wait"]
    common = {"python": "3.11.7", "implementation": "CPython", "system": "Linux"}
    common |= {"cpus": 2, "repeats": 1, "low": 3.0, "high": 3.4, "attempts": 1}

    def figures(value: float, passed: bool, at: float) -> dict[str, Any]:
        return common | {
            "id": claim.id,
            "value": value,
            "figure": f"{value:.2f} s",
            "passed": passed,
            "measured_at": at,
            "seconds": {claim.snippet: value},
        }

    published = published_document(
        project,
        Measurements(
            claims={claim.id: figures(3.05, True, 1.7e9)}, runs={}, checked={}
        ),
        None,
    )

    def shown(local: dict[str, Any] | None) -> tuple[str, str]:
        mine = Measurements(
            claims={claim.id: local} if local else {}, runs={}, checked={}
        )
        html_ = "\n".join(render_claim(claim, mine.with_published(published, project)))
        return re.search(r'claim claim--(\w+)"', html_)[1], html_  # type: ignore[index]

    state, text = shown(None)
    assert state == "published" and "3.05 s" in text and "Published figure" in text
    state, text = shown(figures(3.2, True, 1.8e9))
    assert state == "passed" and "3.20 s" in text, text
    assert "Measured on" in text and "Published figure" not in text, text
    state, text = shown(figures(5.1, False, 1.8e9))
    assert state == "failed", text
    assert '<strong class="claim__figure">5.10 s</strong>' in text, text
    # the published figure is only among the earlier ones, folded away
    assert "<li><strong>3.05 s</strong>" in text, text
    # the program changed since it was published: its figure is not this program's
    changed = json.loads(json.dumps(published))
    changed["claims"][claim.id]["fingerprint"] = "0" * 16
    mine = Measurements(claims={}, runs={}, checked={})
    text = "\n".join(render_claim(claim, mine.with_published(changed, project)))
    assert "claim--unmeasured" in text and "earlier version" in text, text


# --- issue 32: a throwaway PostgreSQL server for the snippets that need one ---------

DATABASE_SNIPPET = """\
import asyncio
import os

import asyncpg


async def main() -> None:
    connection = await asyncpg.connect(os.environ["DATABASE_URL"], timeout=10)
    print(await connection.fetchval("SELECT 1 + 1"), os.environ["DATABASE_URL"])
    await connection.close()


asyncio.run(main())
"""


def needs_postgres() -> None:
    why = postgres.unavailable()
    if why:
        pytest.skip(f"no PostgreSQL here: {why}")


def test_a_snippet_that_needs_postgres_gets_one_shared_server(tmp_path: Path) -> None:
    needs_postgres()
    write(tmp_path, "snippets/demo/db.py", DATABASE_SNIPPET)
    settings = RunSettings(needs=("postgres",))
    runs = [run_snippet(tmp_path, "demo/db.py", settings) for _ in range(2)]
    for run in runs:
        check_run(run, settings)
    # the session's one server, on a socket in its own directory, for both runs
    assert {run.output for run in runs} == {f"2 {postgres.url()}\n"}
    assert "?host=/" in postgres.url()
    assert Path(postgres.url().split("host=")[1], "data").is_dir()


def test_needs_names_a_service_the_suite_can_start(tmp_path: Path) -> None:
    front = "snippets:\n  demo/a.py:\n    timeout: 5\n    needs: [postgress]\n"
    write(tmp_path, "docs/a.md", page(front))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value) == (
        "docs/a.md:5: `needs` names 'postgress' (did you mean 'postgres'?), which "
        "the suite cannot start; it starts 'postgres'"
    )


def postgres_processes(suite: str) -> list[str]:
    return [line for line in left_running(suite) if "postgres" in line]


def start_in_a_child(suite: str) -> tuple[subprocess.Popen[str], Path]:
    """A process that starts a cluster, says where, and waits."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nfrom measured import postgres\n"
            "print(postgres.url(), flush=True)\ntime.sleep(120)\n",
        ],
        cwd=ROOT,
        env={**os.environ, SUITE: suite, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    directory = Path(child.stdout.readline().strip().split("host=")[1])
    assert directory.is_dir() and postgres_processes(suite)
    return child, directory


def test_a_cluster_is_gone_after_ctrl_c_and_swept_after_a_kill() -> None:
    """Ctrl-C stops the server and removes its directory; a process killed outright
    cannot, and the next start (any process's) stops and removes what it left."""
    needs_postgres()
    suite = f"{suite_id()}-postgres-{os.getpid()}"
    child, directory = start_in_a_child(suite)
    child.send_signal(signal.SIGINT)
    child.wait(timeout=60)
    assert not directory.exists()
    assert postgres_processes(suite) == []
    child, directory = start_in_a_child(suite)
    child.kill()
    child.wait(timeout=10)
    assert directory.exists() and postgres_processes(suite), "left by the kill"
    assert directory in postgres.sweep()
    assert not directory.exists()
    assert postgres_processes(suite) == []


def test_without_postgres_its_snippets_are_skipped_and_the_others_run_outside_ci(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path)
    front = "snippets:\n  demo/db.py:\n    needs: [postgres]\n"
    body = '{{ run("demo/db.py") }}\n\n{{ run("demo/plain.py") }}\n'
    write(root, "docs/index.md", page(front, body))
    write(root, "snippets/demo/db.py", DATABASE_SNIPPET)
    write(root, "snippets/demo/db.out", "2\n")
    write(root, "snippets/demo/plain.py", 'print("plain")\n')
    write(root, "snippets/demo/plain.out", "plain\n")
    nowhere = tmp_path / "no-postgres-here"
    nowhere.mkdir()
    args = ("-n", "0", "tests/test_snippets.py", "-k", "demo")
    done = run_pytest(root, *args, env={postgres.PROGRAMS: str(nowhere)})
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 skipped" in done.stdout, done.stdout
    assert (
        "snippets/demo/db.py needs PostgreSQL: PostgreSQL's `initdb` and `pg_ctl` "
        f"are not found in {postgres.PROGRAMS}: install PostgreSQL's server"
    ) in " ".join(done.stdout.split()), done.stdout
    # in CI, which publishes these snippets' figures, the same is a failure
    done = run_pytest(root, *args, env={postgres.PROGRAMS: str(nowhere), "CI": "1"})
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 passed" in done.stdout, done.stdout


def test_the_guides_message_for_a_missing_postgres_is_real(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(postgres.PROGRAMS, raising=False)
    monkeypatch.setattr(postgres, "programs", lambda: None)
    shown = contributing_example("snippets/network/db_pool_waves.py needs PostgreSQL")
    assert (
        shown
        == f"snippets/network/db_pool_waves.py needs PostgreSQL: {postgres.unavailable()}"
    )

"""The figures (`measured/measurements.py`): what the publishing build writes, and
what a build shows of the published figures beside its own, on a throwaway project
served by a real HTTP server."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from conftest import ROOT

from harness.conftest import TINY_PAGE, build, copy_project, page, serving, write
from measured.measurements import (
    DIRECTORY,
    FRESH_FOR,
    PUBLISHED,
    Measurements,
    published_document,
    record_verdict,
    write_json,
)
from measured.project import Project
from measured.render import day, render_claim
from measured.runner import Run

# --- the published figures ------------------------------------------------------------


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
    # the site is gone, and the copy is recent: used without asking the site again,
    # and its age in whole minutes, as the build's clock read it (a loaded build
    # may take over half a minute)
    copied = json.loads(copy.with_name("fetched.json").read_text())["copied_at"]
    start = time.time()
    done = build(clone, published=site)
    ages = range(round((start - copied) / 60), round((time.time() - copied) / 60) + 1)
    assert done.returncode == 0, done.stderr
    said = re.search(r"as copied (\d+) min ago", done.stderr)
    assert said and int(said[1]) in ages, (ages, done.stderr)
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


# --- writing a figure ----------------------------------------------------------------


def test_threads_that_write_one_file_at_once_all_succeed_and_leave_it_whole(
    tmp_path: Path,
) -> None:
    # --update-examples once failed here: two threads of one process wrote one
    # snippet's cache file through the same temporary name, and the second rename
    # found it gone
    path = tmp_path / "figures" / "one.json"
    start = threading.Barrier(8)

    def write(n: int) -> None:
        start.wait()
        for i in range(50):
            write_json(path, {"writer": n, "i": i, "padding": "x" * 10_000})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(8)))  # re-raises a writer's error
    assert json.loads(path.read_text())["i"] == 49
    assert [p.name for p in path.parent.iterdir()] == ["one.json"]

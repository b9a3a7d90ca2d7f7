"""The figures of the last test run, written by the suite and read by the build.

The suite writes one small JSON file per snippet run and per checked claim under
`.measurements/` (not committed). The site build reads them to print each claim's
figure beside its sentence. A build without them (a plain `make serve` on a fresh
clone) shows the claims without figures instead of failing.

Each file is written whole and renamed into place, so parallel test workers never
leave a half-written file for the build to read.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measured.claims import KINDS, Verdict
from measured.interpreters import version_key
from measured.runner import Run

DIRECTORY = ".measurements"
"""Where the measurements live, relative to the repository root."""


def machine() -> dict[str, Any]:
    """The machine a figure was measured on: operating system and CPU count."""
    return {"system": platform.system(), "cpus": os.cpu_count() or 1}


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(data, indent=2, sort_keys=True))
    temporary.replace(path)


def _slug(snippet: str) -> str:
    return snippet.replace("/", "__").removesuffix(".py")


def record_run(root: Path, run: Run) -> None:
    """Store the figures of one snippet run that a claim measured, for the charts."""
    _write(
        root / DIRECTORY / "runs" / f"{_slug(run.snippet)}@{run.python}.json",
        {
            "snippet": run.snippet,
            "seconds": run.seconds,
            "peak_rss_kib": run.peak_rss_kib,
            "cpu_seconds": run.cpu_seconds,
            "repeats": run.repeats,
            "free_cores": run.free_cores,
            "python": run.python,
            "implementation": run.implementation,
            "exit_code": run.exit_code,
            "measured_at": time.time(),
            **machine(),
        },
    )


def record_check(root: Path, run: Run) -> None:
    """Store that a snippet printed its recording on this run's Python."""
    version = ".".join(run.python.split(".")[:2])
    _write(
        root / DIRECTORY / "checked" / f"{_slug(run.snippet)}@{version}.json",
        {
            "snippet": run.snippet,
            "python": run.python,
            "implementation": run.implementation,
        },
    )


def record_verdict(root: Path, verdict: Verdict) -> None:
    """Store the outcome of one claim, passed or failed, with its figure."""
    claim = verdict.claim
    _write(
        root / DIRECTORY / "claims" / f"{claim.id}.json",
        {
            "id": claim.id,
            "value": verdict.value,
            "figure": verdict.figure,
            "low": verdict.low,
            "high": verdict.high,
            "passed": verdict.passed,
            "seconds": {
                run.snippet: run.seconds
                for run in (verdict.run, verdict.baseline)
                if run is not None
            },
            "shows": {
                run.snippet: KINDS[claim.kind].shows(run)
                for run in (verdict.run, verdict.baseline)
                if run is not None
            },
            "python": verdict.run.python,
            "implementation": verdict.run.implementation,
            "repeats": verdict.run.repeats,
            "attempts": verdict.attempts,
            "free_cores": verdict.cpus,
            "measured_at": time.time(),
            **machine(),
        },
    )


def timeline_path(root: Path, snippet: str) -> Path:
    """Where the timeline of a snippet's instrumented run is stored."""
    return root / DIRECTORY / "timelines" / f"{_slug(snippet)}.json"


@dataclass(frozen=True)
class Measurements:
    """Everything the last test run measured.

    Attributes:
        claims: Claim id to its stored outcome.
        runs: `snippet@version` (`basics/overlap.py@3.11.7`) to its run's figures.
        checked: Snippet name to the Python versions it printed its recording on.
        timelines: Snippet name to the timeline of its instrumented run.
    """

    claims: dict[str, dict[str, Any]]
    runs: dict[str, dict[str, Any]]
    checked: dict[str, list[str]]
    timelines: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    def claim_run(self, snippet: str) -> dict[str, Any] | None:
        """The snippet's run that its claims measured (on the newest Python that
        runs it), which the charts draw."""
        found = [run for run in self.runs.values() if run["snippet"] == snippet]
        return max(found, key=lambda run: version_key(run["python"]), default=None)

    @classmethod
    def load(cls, root: Path) -> Measurements:
        """Read the stored figures; empty when the suite has not run here."""
        base = root / DIRECTORY

        def read(kind: str, key: str) -> dict[str, dict[str, Any]]:
            found = {}
            for path in sorted((base / kind).glob("*.json")):
                data = json.loads(path.read_text())
                found[data[key]] = data
            return found

        checked: dict[str, list[str]] = {}
        for path in sorted((base / "checked").glob("*.json")):
            data = json.loads(path.read_text())
            checked.setdefault(data["snippet"], []).append(data["python"])
        for versions in checked.values():
            versions.sort(key=lambda v: tuple(int(p) for p in v.split(".")))
        runs = {}
        for path in sorted((base / "runs").glob("*.json")):
            data = json.loads(path.read_text())
            runs[f"{data['snippet']}@{data['python']}"] = data
        timelines = {
            data["snippet"]: data
            for data in (
                json.loads(path.read_text())
                for path in sorted((base / "timelines").glob("*.json"))
            )
        }
        return cls(
            claims=read("claims", "id"), runs=runs, checked=checked, timelines=timelines
        )

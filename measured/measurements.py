"""The figures of the last test run, written by the suite and read by the build.

The suite writes one small JSON file per snippet run and per checked claim under
`.measurements/` (not committed). The site build reads them to print each claim's
figure beside its sentence. A build without them (a plain `make serve` on a fresh
clone) shows the claims without figures instead of failing.

Each file is written whole and renamed into place, so parallel test workers never
leave a half-written file for the build to read.
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measured.claims import Verdict
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
    """Store the figures of one snippet run."""
    _write(
        root / DIRECTORY / "runs" / f"{_slug(run.snippet)}@{run.python}.json",
        {
            "snippet": run.snippet,
            "seconds": run.seconds,
            "peak_rss_kib": run.peak_rss_kib,
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
            "python": verdict.run.python,
            "implementation": verdict.run.implementation,
            "repeats": verdict.run.repeats,
            "measured_at": time.time(),
            **machine(),
        },
    )


@dataclass(frozen=True)
class Measurements:
    """Everything the last test run measured.

    Attributes:
        claims: Claim id to its stored outcome.
        runs: `snippet@version` (`basics/overlap.py@3.11.7`) to its run's figures.
        checked: Snippet name to the Python versions it printed its recording on.
    """

    claims: dict[str, dict[str, Any]]
    runs: dict[str, dict[str, Any]]
    checked: dict[str, list[str]]

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
        return cls(claims=read("claims", "id"), runs=runs, checked=checked)

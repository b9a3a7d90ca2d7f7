"""The figures of the last test run, written by the suite and read by the build; and
the figures of the published site, which a build without its own reads back.

The suite writes one small JSON file per snippet run and per checked claim under
`.measurements/` (not committed), each with when, where and from which commit it
was measured. The site build reads them to print each claim's figure beside its
sentence.

The publishing build writes every figure it shows into the site, as
[`PUBLISHED`][measured.measurements.PUBLISHED] (`measurements.json`), with the
figures of the earlier published runs (up to [`HISTORY`][measured.measurements.HISTORY]
per claim) carried over from the file it replaces. A build without a figure of its
own (`make serve` on a fresh clone) reads that file from the published site (the
`published` address in `mkdocs.yml`), keeps a copy under
`.measurements/published/`, and shows the published figure, saying so; a figure
measured here always wins. Nothing in either file is typed or committed by hand.

Each file is written whole and renamed into place, so parallel test workers never
leave a half-written file for the build to read.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import platform
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measured.claims import KINDS, Claim, Verdict
from measured.interpreters import version_key
from measured.project import Project
from measured.runner import Run

DIRECTORY = ".measurements"
"""Where the measurements live, relative to the repository root."""


def machine() -> dict[str, Any]:
    """The machine a figure was measured on: operating system and CPU count."""
    return {"system": platform.system(), "cpus": os.cpu_count() or 1}


@functools.cache
def _provenance(root: Path) -> dict[str, Any]:
    out = {"commit": None, "changed": False, "commit_url": None, "run_url": None}
    try:
        out["commit"] = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
        out["changed"] = bool(status.strip())
    except (OSError, subprocess.SubprocessError):
        out["commit"] = os.environ.get("GITHUB_SHA") or None
    server, repository = (
        os.environ.get("GITHUB_SERVER_URL"),
        os.environ.get("GITHUB_REPOSITORY"),
    )
    if server and repository:
        if out["commit"] and not out["changed"]:
            out["commit_url"] = f"{server}/{repository}/commit/{out['commit']}"
        if os.environ.get("GITHUB_RUN_ID"):
            out["run_url"] = (
                f"{server}/{repository}/actions/runs/{os.environ['GITHUB_RUN_ID']}"
            )
    return out


def provenance(root: Path) -> dict[str, Any]:
    """Which code a figure was measured from: the checkout's `commit`, whether it had
    `changed` files beside it (then no `commit_url`), and in GitHub Actions the
    addresses of the commit and of the workflow run. Asked once per process."""
    return dict(_provenance(root.resolve()))


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write `data` to `path` whole or not at all, so that a reader never sees half
    a file: through a temporary file of its own beside it, then a rename. Two
    threads or processes may write the same path at once; the last rename wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as temporary:
            temporary.write(json.dumps(data, indent=2, sort_keys=True))
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _slug(snippet: str) -> str:
    return snippet.replace("/", "__").removesuffix(".py")


def record_run(root: Path, run: Run) -> None:
    """Store the figures of one snippet run that a claim measured, for the charts."""
    write_json(
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
            **provenance(root),
        },
    )


def record_check(root: Path, run: Run) -> None:
    """Store that a snippet printed its recording on this run's Python."""
    version = ".".join(run.python.split(".")[:2])
    write_json(
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
    write_json(
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
            **provenance(root),
        },
    )


def record_timeline(
    root: Path, snippet: str, implementation: str, trace: dict[str, Any]
) -> None:
    """Store the timeline of a snippet's instrumented run (the tracer's `trace`), with
    the snippet, the Python implementation it ran on and the machine, for the build
    to draw."""
    data = {**trace, "snippet": snippet, "implementation": implementation}
    write_json(timeline_path(root, snippet), {**data, **machine()})


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
    history: dict[str, list[dict[str, Any]]] = dataclasses.field(default_factory=dict)
    """Claim id to its figures in the published runs, newest first (see
    [`with_published`][measured.measurements.Measurements.with_published])."""
    published: dict[str, Any] | None = None
    """What the published file says of itself (`published_at`, `commit`,
    `commit_url`, `run_url`) and where it was read (`url`, `copied_at`); None
    when this build read none."""
    outdated: frozenset[str] = frozenset()
    """Claims whose published figure this build does not show: the claim's kind,
    bounds or programs changed since it was measured."""
    site: str | None = None
    """The published site's address (`extra.published`), where a reader of a build
    that lacks a figure can see it, even when its figures file could not be read."""

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

    def with_published(
        self, document: dict[str, Any], project: Project, url: str | None = None
    ) -> Measurements:
        """These figures, with the published ones of `document` for what this build
        did not measure: a claim, a chart's run or a timeline measured here always
        wins, whether it passed or failed. A published figure is shown only while
        its claim and programs are those it was measured on (their
        [`fingerprint`][measured.measurements.fingerprint]); each one taken is
        marked `"source": "published"`."""
        claims = dict(self.claims)
        outdated = set()
        for name, figures in document.get("claims", {}).items():
            claim = project.claims.get(name)
            if claim is None or name in claims:
                continue
            if figures.get("fingerprint") != fingerprint(project, claim):
                outdated.add(name)
                continue
            claims[name] = {**figures, "source": "published"}

        def current(data: dict[str, Any]) -> bool:
            snippet = data.get("snippet", "")
            return data.get("fingerprint") == program_fingerprint(project, snippet)

        measured_here = {run["snippet"] for run in self.runs.values()}
        runs = dict(self.runs)
        for key, run in document.get("runs", {}).items():
            if run.get("snippet") not in measured_here and current(run):
                runs[key] = {**run, "source": "published"}
        timelines = dict(self.timelines)
        for snippet, data in document.get("timelines", {}).items():
            if snippet not in timelines and current(data):
                timelines[snippet] = {**data, "source": "published"}
        about = ("published_at", "commit", "commit_url", "run_url")
        return dataclasses.replace(
            self,
            claims=claims,
            runs=runs,
            timelines=timelines,
            history={
                name: list(entries)
                for name, entries in document.get("history", {}).items()
                if name in project.claims
            },
            published={key: document.get(key) for key in about}
            | {"url": url, "copied_at": document.get("copied_at")},
            outdated=frozenset(outdated),
        )


# --- the published figures ---------------------------------------------------------

PUBLISHED = "measurements.json"
"""The file of figures the publishing build writes at the root of the site."""
FORMAT = 1
"""The version of that file's layout; a build ignores a file of another."""
HISTORY = 10
"""How many published figures of each claim the file keeps, the newest first."""
FRESH_FOR = 3600
"""Seconds a build reuses its copy of the published file before asking again."""
RETRY_AFTER = 600
"""Seconds a build waits before asking again after the site could not be reached."""
TIMEOUT = 5
"""Seconds a build waits for the published site to answer."""
HISTORY_KEYS = (
    "figure",
    "value",
    "low",
    "high",
    "passed",
    "repeats",
    "measured_at",
    "commit",
    "commit_url",
    "run_url",
    "python",
    "implementation",
    "system",
    "cpus",
    "fingerprint",
)
"""What the file keeps of each earlier figure."""


def program_fingerprint(project: Project, snippet: str) -> str | None:
    """A digest of what running `snippet` means: its file and the command that runs
    it. None when there is no such file."""
    path = project.root / "snippets" / snippet
    if not snippet or not path.is_file():
        return None
    digest = hashlib.sha256(path.read_bytes())
    digest.update(b"\0" + project.settings(snippet).command(snippet).encode())
    return digest.hexdigest()[:16]


def fingerprint(project: Project, claim: Claim) -> str:
    """A digest of what a claim's figure depends on: its kind, bounds and units, and
    its programs' [`program_fingerprint`][measured.measurements.program_fingerprint]s."""
    data = {
        "kind": claim.kind,
        "bounds": [str(bound) for bound in claim.bounds],
        "per": claim.per,
        "free_cores": claim.free_cores,
        "programs": [
            program_fingerprint(project, claim.snippet),
            program_fingerprint(project, claim.baseline or ""),
        ],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def published_document(
    project: Project,
    measurements: Measurements,
    previous: dict[str, Any] | None,
    now: float | None = None,
) -> dict[str, Any]:
    """The file the publishing build writes into the site: every figure this build
    measured, each with its [`fingerprint`][measured.measurements.fingerprint], and
    for each claim its figures of the last `HISTORY` published runs, this one first,
    carried over from `previous`, the file this one replaces."""
    earlier = (previous or {}).get("history", {})
    claims: dict[str, dict[str, Any]] = {}
    history: dict[str, list[dict[str, Any]]] = {}
    for name, claim in project.claims.items():
        figures = measurements.claims.get(name)
        if figures is None or figures.get("source") == "published":
            continue
        entry = {**figures, "fingerprint": fingerprint(project, claim)}
        claims[name] = entry
        point = {key: entry.get(key) for key in HISTORY_KEYS}
        same = (point["commit"], point["measured_at"])
        history[name] = [
            point,
            *(
                e
                for e in earlier.get(name, [])
                if (e.get("commit"), e.get("measured_at")) != same
            ),
        ][:HISTORY]

    where = provenance(project.root)

    def with_fingerprint(data: dict[str, Any]) -> dict[str, Any] | None:
        # a timeline does not say which commit it ran: the one this build is of,
        # in CI the one the measure job checked out in the same workflow run
        found = program_fingerprint(project, data.get("snippet", ""))
        return {**where, **data, "fingerprint": found} if found else None

    runs = {
        key: entry
        for key, run in measurements.runs.items()
        if run.get("source") != "published" and (entry := with_fingerprint(run))
    }
    timelines = {
        snippet: entry
        for snippet, data in measurements.timelines.items()
        if data.get("source") != "published" and (entry := with_fingerprint(data))
    }
    return {
        "format": FORMAT,
        "published_at": time.time() if now is None else now,
        "commit": where["commit"],
        "commit_url": where["commit_url"],
        "run_url": where["run_url"],
        "claims": claims,
        "runs": runs,
        "timelines": timelines,
        "history": history,
    }


def write_published(site: Path, document: dict[str, Any]) -> Path:
    """Write the file of figures into the built site, and return its path."""
    path = site / PUBLISHED
    path.write_text(json.dumps(document, sort_keys=True, separators=(",", ":")))
    return path


def published_address(site_url: str) -> str:
    """Where the published site keeps its file of figures."""
    return f"{site_url.rstrip('/')}/{PUBLISHED}"


class PublishedUnreadable(Exception):
    """The published file of figures could not be read: the message says why."""


def fetch_published(url: str, timeout: float = TIMEOUT) -> dict[str, Any] | None:
    """The published file of figures at `url`; None when the site has none yet
    (it answers 404).

    Raises:
        PublishedUnreadable: The site could not be reached, or answered with
            something else than such a file.
    """
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise PublishedUnreadable(
            f"{url} answered {error.code} {error.reason}"
        ) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise PublishedUnreadable(f"could not reach {url}: {reason}") from None
    try:
        document = json.loads(body)
    except ValueError:
        raise PublishedUnreadable(f"{url} is not a JSON file") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PublishedUnreadable(
            f"{url} is not a file of published figures in format {FORMAT}"
        )
    return document


def read_published(
    root: Path, site_url: str, now: float | None = None
) -> tuple[dict[str, Any] | None, str]:
    """The published figures, for a build that lacks some of its own, and what
    happened, for the build's log.

    The copy under `.measurements/published/` serves for `FRESH_FOR` seconds after
    it was fetched (`RETRY_AFTER` after the site could not be reached); then the
    site is asked again, and a new copy replaces the old. When the site cannot be
    reached, the last copy from the same address serves, its figures still dated;
    without one, None, and the claims show "not measured in this build".
    """
    url = published_address(site_url)
    folder = root / DIRECTORY / "published"
    copy, state_path = folder / PUBLISHED, folder / "fetched.json"
    now = time.time() if now is None else now
    try:
        state = json.loads(state_path.read_text())
    except (OSError, ValueError):
        state = {}
    if not isinstance(state, dict) or state.get("url") != url:
        state = {}
    cached = None
    if state.get("copied_at") is not None:
        try:
            cached = json.loads(copy.read_text()) | {"copied_at": state["copied_at"]}
        except (OSError, ValueError):
            cached = None
    wait = FRESH_FOR if state.get("ok") else RETRY_AFTER
    copied = f"as copied {_ago(now, state['copied_at'])}" if cached else ""
    if state and now - state.get("at", 0) < wait:
        if cached is not None:
            return cached, f"the published figures of {url}, {copied}"
        problem = state.get("problem", "none yet")
        return None, f"no published figures at {url} ({problem}, asked recently)"
    try:
        document = fetch_published(url)
    except PublishedUnreadable as error:
        write_json(
            state_path,
            {**state, "url": url, "at": now, "ok": False, "problem": str(error)},
        )
        if cached is not None:
            return cached, f"{error}: the published figures {copied}"
        return None, f"{error}: the claims this build did not measure show no figure"
    if document is None:
        copy.unlink(missing_ok=True)
        write_json(
            state_path,
            {
                "url": url,
                "at": now,
                "ok": True,
                "problem": "none yet",
                "copied_at": None,
            },
        )
        return None, f"{url} has no published figures yet"
    write_json(copy, document)
    write_json(state_path, {"url": url, "at": now, "ok": True, "copied_at": now})
    return document | {"copied_at": now}, f"read the published figures from {url}"


def _ago(now: float, then: float) -> str:
    minutes = max(0, round((now - then) / 60))
    if minutes < 120:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} days ago"

"""What ran: every run of every snippet, kept so that no program runs twice for the
same purpose.

The [measuring engine][measured.measuring] asks this store for a snippet's `n`th run
before it makes one, and hands it each new run. Runs are kept at three reaches:

- **this session**, in memory: attempt `n` of any check uses run `n`, so a claim and
  an output check of one snippet share its runs;
- **this run of the suite** (both phases of `make test`, which share one
  [`suite_id`][measured.processes.suite_id]), under `.measurements/suite/<id>/`: the
  second phase's output check of a snippet uses the run a claim made in the first.
  A snippet that hung is marked there too, so that no other worker runs it on
  another Python;
- **earlier runs of the suite**, outside CI only, under `.measurements/cache/`, keyed
  by everything that could change a run: the snippet, its settings, the interpreter,
  the harness and the lock. In CI every run is new.

The figures the build shows (verdicts, checked outputs, timelines) are
[`measured.measurements`][]', written by the engine alone: no test writes what the
build reads.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measured.interpreters import Interpreter
from measured.measurements import DIRECTORY, write_json
from measured.runner import Run
from measured.settings import RunSettings


class Store:
    """The runs of one session, and the ones it shares with and reuses from others.

    Args:
        root: The repository root.
        settings: How each snippet runs, by name (part of a run's cache key).
        reuse: Reuse runs from earlier sessions whose inputs have not changed.
        suite: Share runs with the other sessions of this run of the suite.
    """

    def __init__(
        self,
        root: Path,
        settings: Callable[[str], RunSettings],
        reuse: bool = False,
        suite: str | None = None,
    ) -> None:
        self.root = root
        self.settings = settings
        self.reuse = reuse
        self.suite = suite
        self._runs: dict[tuple[str, str], list[Run]] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()
        self._reused: set[tuple[str, str]] = set()
        self._from_suite: set[tuple[str, str]] = set()
        self._hung: dict[str, str] = {}

    def lock(self, snippet: str, python: Interpreter) -> threading.Lock:
        """The lock that one maker of `snippet`'s runs on `python` holds at a time."""
        with self._guard:
            return self._locks.setdefault((snippet, python.path), threading.Lock())

    def runs(self, snippet: str, python: Interpreter) -> list[Run]:
        """Every run of `snippet` on `python` made (or reused) this session."""
        return list(self._runs.get((snippet, python.path), []))

    def keep(self, snippet: str, python: Interpreter, run: Run) -> int:
        """Keep a new run, for this session, this suite and (with `reuse`) later
        sessions; returns which run of this session it is, from 1."""
        with self._guard:
            runs = self._runs.setdefault((snippet, python.path), [])
            runs.append(run)
            n = len(runs)
        if self.reuse:
            self._save(snippet, python, run)
        if self.suite:
            self._share(snippet, python, run, n)
        return n

    def restore(self, snippet: str, python: Interpreter, fresh: bool = False) -> None:
        """Where this session has no run of `snippet` yet, take the ones this suite's
        other phase made, or else one from an earlier session (not if `fresh`, which
        also drops one taken before: a bound over `cpus` needs its run and the free
        cores measured together). Called under [`lock`][measured.store.Store.lock]."""
        key = (snippet, python.path)
        if fresh and key in self._reused:
            self._reused.discard(key)
            self._runs[key] = self._runs[key][1:]
        if not self._runs.get(key) and self.suite:
            shared = self._shared(snippet, python)
            if shared:
                self._runs[key] = shared
                self._from_suite.add(key)
        if not self._runs.get(key) and self.reuse and not fresh:
            cached = self._load(snippet, python)
            if cached is not None:
                self._runs[key] = [cached]
                self._reused.add(key)

    def made_here(self, snippet: str, python: Interpreter) -> int:
        """How many of the session's runs of `snippet` were made in this run of the
        suite (a run reused from an earlier session is not)."""
        key = (snippet, python.path)
        return len(self._runs.get(key, [])) - (key in self._reused)

    def reused(self, snippet: str, python: Interpreter) -> str | None:
        """Where the first run of `snippet` on `python` came from, if this session
        did not make it: `.measurements/cache/` (an earlier session, with the same
        inputs) or `this suite's other phase`."""
        if (snippet, python.path) in self._reused:
            return f"{DIRECTORY}/cache/"
        if (snippet, python.path) in self._from_suite:
            return "this suite's other phase"
        return None

    # --- hangs, for every session of the suite -------------------------------------

    def mark_hung(self, snippet: str, python: Interpreter) -> None:
        """Remember that `snippet` hung on `python`, for this suite's other workers
        too (they check other Pythons)."""
        with self._guard:
            self._hung.setdefault(snippet, python.version)
        if self.suite:
            path = self._hung_file(snippet)
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text(python.version)

    def hung_on(self, snippet: str) -> str | None:
        """The Python `snippet` hung on in this suite, if it hung."""
        if snippet not in self._hung and self.suite:
            path = self._hung_file(snippet)
            if path.exists():
                return path.read_text() or None
        return self._hung.get(snippet)

    def _hung_file(self, snippet: str) -> Path:
        name = snippet.replace("/", "__")
        return self.root / DIRECTORY / "suite" / str(self.suite) / "hung" / name

    # --- sharing within one run of the suite ---------------------------------------

    def _shared_dir(self, snippet: str, python: Interpreter) -> Path:
        name = f"{snippet.replace('/', '__')}@{self._key(snippet, python)}"
        return self.root / DIRECTORY / "suite" / str(self.suite) / name

    def _share(self, snippet: str, python: Interpreter, run: Run, n: int) -> None:
        write_json(
            self._shared_dir(snippet, python) / f"{n}.json", dataclasses.asdict(run)
        )

    def _shared(self, snippet: str, python: Interpreter) -> list[Run]:
        """The runs another session of this suite made, in order."""
        directory = self._shared_dir(snippet, python)
        runs = []
        for n in range(1, len(list(directory.glob("*.json"))) + 1):
            path = directory / f"{n}.json"
            if not path.exists():
                break
            runs.append(_read_run(path))
        return runs

    # --- reuse across sessions (local only) ----------------------------------------

    def _key(self, snippet: str, python: Interpreter) -> str:
        digest = hashlib.sha256()
        digest.update(repr(self.settings(snippet)).encode())
        digest.update(python.path.encode())
        digest.update(interpreter_identity(python.path).encode())
        digest.update((self.root / "snippets" / snippet).read_bytes())
        digest.update(harness_identity(self.root).encode())
        return digest.hexdigest()[:24]

    def _cache_path(self, snippet: str, python: Interpreter) -> Path:
        name = f"{snippet.replace('/', '__')}@{self._key(snippet, python)}.json"
        return self.root / DIRECTORY / "cache" / name

    def _save(self, snippet: str, python: Interpreter, run: Run) -> None:
        write_json(self._cache_path(snippet, python), dataclasses.asdict(run))

    def _load(self, snippet: str, python: Interpreter) -> Run | None:
        path = self._cache_path(snippet, python)
        if not path.exists():
            return None
        return _read_run(path)


def run_seconds(suites: list[Path]) -> dict[str, list[float]]:
    """The wall time of every run kept in these suites' folders
    (`.measurements/suite/<id>/`), by snippet: what
    [`write_durations`][measured.schedule.write_durations] summarises."""
    found: dict[str, list[float]] = {}
    for suite in suites:
        for directory in suite.glob("*@*"):
            snippet = directory.name.split("@")[0].replace("__", "/")
            for path in directory.glob("*.json"):
                found.setdefault(snippet, []).append(_read_run(path).seconds)
    return found


def forget_old_suites(root: Path, hours: float = 6.0) -> None:
    """Delete the shared runs of earlier runs of the suite (those untouched for
    `hours`; a suite running beside this one keeps its own)."""
    for directory in (root / DIRECTORY / "suite").glob("*"):
        if time.time() - directory.stat().st_mtime > hours * 3600:
            shutil.rmtree(directory, ignore_errors=True)


def trace_file(directory: Path, snippet: str) -> Path:
    """Where a traced run of `snippet` writes its trace, in `directory` (the engine
    then records it for the build as its timeline)."""
    return directory / f"{snippet.replace('/', '__')}.json"


def _read_run(path: Path) -> Run:
    data: dict[str, Any] = json.loads(path.read_text())
    data["left_behind"] = tuple(data["left_behind"])
    return Run(**data)


_IDENTITIES: dict[str, str] = {}


def interpreter_identity(python: str) -> str:
    """The interpreter's full version and build, for cache keys."""
    if python not in _IDENTITIES:
        _IDENTITIES[python] = subprocess.run(
            [python, "-I", "-c", "import sys; print(sys.version)"],
            capture_output=True,
            text=True,
        ).stdout
    return _IDENTITIES[python]


@functools.cache
def harness_identity(root: Path) -> str:
    """A digest of the harness and the lock: a change to either re-measures all."""
    digest = hashlib.sha256()
    for path in sorted((root / "measured").glob("*.py")):
        digest.update(path.read_bytes())
    lock = root / "requirements.lock"
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()

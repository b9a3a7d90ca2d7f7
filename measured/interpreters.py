"""Which Pythons the suite checks snippets with.

Snippets promise to run on CPython 3.11 and later, so the suite runs each one under
every such interpreter it finds: the one that runs the suite, then for each other
version the environment `make install` gave it in `.pythons/` (see
[`measured.pythons`][], which installs the same lock into each), else one on `PATH`
as `python3.X` or installed by pyenv. The newest of them measures the claims. Set
`MEASURED_PYTHONS` to a `:`-separated list of interpreter paths to choose them
yourself.

A version the suite cannot find is not an error: the suite says which ones it
missed, and checks the rest.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import pkgutil
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPPORTED = ("3.11", "3.12", "3.13", "3.14", "3.15")
"""The CPython versions the site's snippets promise to run on."""

OLDEST = SUPPORTED[0]

PROJECT_PYTHONS = Path(__file__).resolve().parent.parent / ".pythons"
"""Where `make install` puts a launcher per version (`.pythons/python3.14`), each
running that version in an environment installed from `requirements.lock`."""


def minor(version: str) -> str:
    """`3.12` for `3.12.1`."""
    return ".".join(version.split(".")[:2])


def version_key(version: str) -> tuple[int, ...]:
    """A sortable form of `3.12` or `3.12.1`."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


@dataclass(frozen=True)
class Interpreter:
    """One Python the suite runs snippets with.

    Attributes:
        path: The executable.
        version: Its full version, such as `3.12.1`.
        primary: Whether it runs the suite itself.
        newest: Whether it is the newest the suite found: claims, timelines and
            charts are measured with it.
    """

    path: str
    version: str
    primary: bool = False
    newest: bool = False

    @property
    def minor(self) -> str:
        """The version without its patch level, such as `3.12`."""
        return minor(self.version)


PROBE = """
import json, pkgutil, platform, sys, sysconfig
print(json.dumps({
    "version": platform.python_version(),
    "implementation": platform.python_implementation(),
    "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "modules": sorted({*sys.builtin_module_names, *(m.name for m in pkgutil.iter_modules())}),
    **sysconfig.get_paths(),
}))
"""
"""What an interpreter is asked about itself, in one process: what it is, its install
paths, and the top-level modules it can import (found without importing any)."""

PROBE_TIMEOUT = 60
"""Seconds an interpreter has to answer. On a quiet machine it answers in well under
a second; on a loaded one a probe has been seen to take over 20 s. One that has not
answered by then counts as one that does not run: the suite leaves it out and names
the version it missed."""

KNOWN = "MEASURED_INTERPRETERS"
"""The environment variable in which a process hands what it learned of each
interpreter (`{path: answer}`, as JSON) to the processes it starts: pytest-xdist's
workers and nested runs of the suite. So a session starts each other interpreter
once (the root `conftest.py` asks them all before pytest-xdist starts its workers),
and its workers agree on which interpreters there are. Snippets do not get it."""


def _known() -> dict[str, dict[str, Any] | None]:
    try:
        known = json.loads(os.environ.get(KNOWN, "{}"))
    except ValueError:
        return {}
    return known if isinstance(known, dict) else {}


def _here() -> dict[str, Any]:
    """What the interpreter running this code would answer to [`PROBE`][measured.interpreters.PROBE]."""
    modules = {*sys.builtin_module_names, *(m.name for m in pkgutil.iter_modules())}
    return {
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "modules": sorted(modules),
        **sysconfig.get_paths(),
    }


@functools.cache
def probe(path: str) -> dict[str, Any] | None:
    """What an interpreter says of itself, or None if it cannot be started, exits with
    an error, prints something other than JSON, or has not answered within
    [`PROBE_TIMEOUT`][measured.interpreters.PROBE_TIMEOUT] seconds.

    Its `version` and `implementation`, whether it is `free_threaded`, its install
    paths (`stdlib`, `purelib`, ...), which the runner shortens in output, and the
    `modules` it can import. The suite's own interpreter answers in this process, and
    an answer this process inherited (see [`KNOWN`][measured.interpreters.KNOWN]) is
    not asked again: on a loaded machine, starting an interpreter can take many seconds.
    """
    known = _known()
    if path in known:
        return known[path]
    found = _here() if path == sys.executable else _ask(path)
    os.environ[KNOWN] = json.dumps({**_known(), path: found})
    return found


def _ask(path: str) -> dict[str, Any] | None:
    """Start the interpreter at `path` and read its answer to
    [`PROBE`][measured.interpreters.PROBE], or None (see `probe`)."""
    try:
        done = subprocess.run(
            [path, "-I", "-c", PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
        )
        return json.loads(done.stdout) if done.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def _describe(path: str) -> tuple[str, bool] | None:
    """The version of a CPython at `path` and whether it has the GIL, or None."""
    found = probe(path)
    if found is None or found["implementation"] != "CPython":
        return None
    return str(found["version"]), not found["free_threaded"]


def on_machine(version: str) -> list[str]:
    """Where a CPython `version` (`3.12`) may be outside this project: `python3.12`
    on `PATH`, then pyenv's builds of it, the newest patch first."""
    found = []
    on_path = shutil.which(f"python{version}")
    if on_path:
        found.append(on_path)
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    builds = [
        path
        for path in pyenv.glob(f"versions/{version}.*/bin/python{version}")
        if re.fullmatch(rf"{re.escape(version)}\.\d+", path.parent.parent.name)
    ]
    builds.sort(key=lambda path: version_key(path.parent.parent.name), reverse=True)
    return found + [str(path) for path in builds]


def _candidates() -> list[str]:
    chosen = os.environ.get("MEASURED_PYTHONS")
    if chosen:
        return [path for path in chosen.split(":") if path]
    found = []
    for version in SUPPORTED:
        # the environment `make install` made, with the project's packages
        launcher = PROJECT_PYTHONS / f"python{version}"
        if launcher.is_file() and os.access(launcher, os.X_OK):
            found.append(str(launcher))
        else:
            found += on_machine(version)
    return found


@functools.cache
def find_interpreters() -> tuple[Interpreter, ...]:
    """Every supported CPython found here, one per minor version, oldest first.

    The interpreter running the suite always comes first for its own minor version;
    free-threaded builds are left out (their behaviour is a page's subject, not a
    check of every snippet).
    """
    primary = _describe(sys.executable)
    assert primary is not None, "the suite itself must run on CPython"
    by_minor = {
        minor(primary[0]): Interpreter(sys.executable, primary[0], primary=True)
    }
    candidates = list(dict.fromkeys(_candidates()))
    # asked at the same time, one per core: a start can take a second (a
    # `python3.X` on PATH may be a pyenv shim, a script); the answers join `KNOWN`
    # here, on this thread
    unknown = [p for p in candidates if p not in _known() and p != sys.executable]
    if unknown:
        cores = len(os.sched_getaffinity(0))
        with ThreadPoolExecutor(min(len(unknown), cores)) as pool:
            asked = dict(zip(unknown, pool.map(_ask, unknown), strict=True))
        os.environ[KNOWN] = json.dumps({**_known(), **asked})
    for path in candidates:
        described = _describe(path)
        if described is None or not described[1]:
            continue
        version = described[0]
        if minor(version) not in SUPPORTED:
            continue
        current = by_minor.get(minor(version))
        # a launcher in `.pythons/` is found first and kept: it has the packages
        if current is None or (
            not current.primary
            and not Path(current.path).is_relative_to(PROJECT_PYTHONS)
            and version_key(version) > version_key(current.version)
        ):
            by_minor[minor(version)] = Interpreter(path, version)
    found = sorted(by_minor.values(), key=lambda i: version_key(i.version))
    found[-1] = dataclasses.replace(found[-1], newest=True)
    return tuple(found)


def newest() -> Interpreter:
    """The newest CPython found: the one that measures claims, timelines and charts."""
    return find_interpreters()[-1]


def missing_versions() -> list[str]:
    """The supported versions the suite found no interpreter for."""
    found = {interpreter.minor for interpreter in find_interpreters()}
    return [version for version in SUPPORTED if version not in found]

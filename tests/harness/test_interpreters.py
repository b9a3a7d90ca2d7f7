"""Finding the Pythons (`measured/interpreters.py`): each asked once per session,
its answers inherited by the workers and kept from the snippets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from measured.settings import RunSettings

# --- each interpreter asked once ------------------------------------------------------


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

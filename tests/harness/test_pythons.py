"""Every supported Python, with the project's packages: `measured.pythons`, which
`make install` runs, and how the suite then finds and uses what it installed.

On a small sample: a lock of two local wheels (no package index), a real virtual
environment, and launchers in a throwaway `.pythons/`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import INTERPRETERS, ROOT

import measured.interpreters as interpreters
from measured.launch import GRACE
from measured.pythons import (
    LAUNCHER_ON_MACHINE,
    install_lock,
    missing_packages,
    requirements,
)
from measured.runner import check_run, run_snippet
from measured.settings import RunSettings


def wheel(folder: Path, name: str, tag: str) -> str:
    """Build a one-module wheel `name-1.0-<tag>.whl` in `folder`; return its hash line."""
    dist = f"{name}-1.0.dist-info"
    files = {
        f"{name}.py": b"ANSWER = 42\n",
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n".encode(),
        f"{dist}/WHEEL": f"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: {tag}\n".encode(),
    }
    record = "".join(
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}\n"
        for path, data in files.items()
    )
    files[f"{dist}/RECORD"] = (record + f"{dist}/RECORD,,\n").encode()
    path = folder / f"{name}-1.0-{tag}.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    return f"--hash=sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}"


def test_the_lock_splits_into_one_block_per_package_with_its_hashes() -> None:
    blocks = requirements(ROOT / "requirements.lock")
    assert "uvloop" in blocks and "httpx" in blocks
    assert blocks["httpx"].startswith("httpx==")
    assert all("--hash=sha256:" in block for block in blocks.values())


def test_a_package_with_no_build_for_a_version_is_named_and_the_rest_install(
    tmp_path: Path,
) -> None:
    """One package that has no wheel for this Python costs only that package, and
    the report names it with its version and the Python's."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    good = wheel(wheels, "goodpkg", "py3-none-any")
    only_future = wheel(wheels, "futurepkg", "cp399-cp399-linux_x86_64")
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        f"--no-index\n--find-links {wheels}\n"
        f"goodpkg==1.0 \\\n    {good}\n"
        f"futurepkg==1.0 \\\n    {only_future}\n"
    )
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin/python")]
    failed = install_lock(pip, tmp_path, tmp_path, lock, "3.11")
    assert list(failed) == ["futurepkg"]
    assert failed["futurepkg"].startswith(
        "futurepkg==1.0 has no build for CPython 3.11"
    )
    done = subprocess.run(
        [str(venv / "bin/python"), "-c", "import goodpkg; print(goodpkg.ANSWER)"],
        capture_output=True,
        text=True,
    )
    assert done.stdout == "42\n"


def test_the_missing_packages_are_read_back_by_version(tmp_path: Path) -> None:
    (tmp_path / ".pythons").mkdir()
    (tmp_path / ".pythons/missing.json").write_text(
        '{"3.15": {"uvloop": "uvloop==0.23.0 has no build for CPython 3.15: ..."}}'
    )
    assert missing_packages("3.15", tmp_path) == {
        "uvloop": "uvloop==0.23.0 has no build for CPython 3.15: ..."
    }
    assert missing_packages("3.14", tmp_path) == {}
    assert missing_packages("3.14", tmp_path / "elsewhere") == {}


def test_a_launcher_in_pythons_comes_before_path_and_pyenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`.pythons/python3.X` has the project's packages; a `python3.X` on PATH or in
    pyenv of the same version would not, so it is not even asked."""
    launchers, on_path = tmp_path / ".pythons", tmp_path / "bin"
    for folder in (launchers, on_path):
        folder.mkdir()
        path = folder / "python3.13"
        path.write_text(
            LAUNCHER_ON_MACHINE.format(
                version="3.13", base="x", python_q=sys.executable
            )
        )
        path.chmod(0o755)
    monkeypatch.setattr(interpreters, "PROJECT_PYTHONS", launchers)
    monkeypatch.setenv("PATH", f"{on_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    monkeypatch.delenv("MEASURED_PYTHONS", raising=False)
    found = interpreters._candidates()
    assert str(launchers / "python3.13") in found
    assert str(on_path / "python3.13") not in found


def test_the_newest_python_found_measures() -> None:
    assert INTERPRETERS[-1].newest
    assert [p.newest for p in INTERPRETERS].count(True) == 1
    assert INTERPRETERS[-1].version == max(
        (p.version for p in INTERPRETERS), key=interpreters.version_key
    )


def test_an_exit_code_can_change_from_a_version_on() -> None:
    settings = RunSettings(exit_code={"3.11": 1, "3.15": 0})
    assert [
        settings.exit_code_on(v) for v in ("3.11.7", "3.14.10", "3.15.2", "3.16")
    ] == [1, 1, 0, 0]
    assert RunSettings(exit_code=2).exit_code_on("3.15") == 2


def test_a_helper_that_ends_by_itself_after_the_program_is_not_left_behind(
    tmp_path: Path,
) -> None:
    """A pool's forkserver ends a moment after its program; one that ends within
    the grace is no leak, and its CPU time counts with the program's. One that
    outlives the grace is killed and named."""
    # the helper's sum is done before the program ends (it waits for the helper's
    # line), so under any load the helper outlives it by its sleep alone
    helper = (
        "import time; sum(range(10**7)); print('summed', flush=True); time.sleep({})"
    )
    program = (
        "import subprocess, sys\n"
        f"helper = subprocess.Popen([sys.executable, '-c', {helper.format(GRACE / 10)!r}],"
        " stdout=subprocess.PIPE)\n"
        "helper.stdout.readline()\n"
    )
    (tmp_path / "snippets/demo").mkdir(parents=True)
    (tmp_path / "snippets/demo/helper.py").write_text(program)
    run = run_snippet(tmp_path, "demo/helper.py")
    check_run(run, RunSettings())
    assert run.cpu_seconds > 0.1  # the helper's sum, counted after the program ended
    (tmp_path / "snippets/demo/leak.py").write_text(
        program.replace(repr(helper.format(GRACE / 10)), repr(helper.format(GRACE * 5)))
    )
    run = run_snippet(tmp_path, "demo/leak.py")
    assert run.left_behind and "time.sleep" in run.left_behind[0]

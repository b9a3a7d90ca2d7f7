"""Every supported CPython, each with the project's packages: `make install` runs this.

The suite checks every snippet on every version in
[`SUPPORTED`][measured.interpreters.SUPPORTED]. For each version other than the one
`.venv` runs on, this module finds a CPython on `PATH` (`python3.14`) or in pyenv, and
gives it a virtual environment of its own, installed from the same hashed
`requirements.lock` as `.venv`, so no snippet is skipped for a missing package. It
writes one small launcher per version into `.pythons/` (not committed):

```console
$ .pythons/python3.14 snippets/basics/overlap.py
```

Where a version is found nowhere and the machine allows it (root, with Debian's
`debootstrap` or `apt-get` to install it), the versions still missing come from
Debian unstable, which packages the newest CPythons: `debootstrap` makes a small
Debian root once, under [`cache_dir`][measured.pythons.cache_dir], and later installs
reuse it. A program runs there in a mount namespace of its own (`unshare --mount`),
with the checkout, `/tmp`, `/dev`, `/proc` and `/sys` of this machine bound into the
root at the same paths, so it reads and writes the same files, in the same working
directory, as any other Python here; its processes are this machine's processes.

A version that cannot be had here (no root, say) is reported and left out: the suite
says which versions it did not check. So is a package with no build for a version:
`.pythons/missing.json` names it, and the snippets that need it are skipped with
that reason.

Usage: `python -m measured.pythons [--check]` (`--check` says what is there and
installs nothing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from measured.interpreters import SUPPORTED, minor, on_machine

ROOT = Path(__file__).resolve().parent.parent
DIRECTORY = ".pythons"
"""Where the launchers live, relative to the repository root (`.pythons/python3.14`)."""

MISSING = "missing.json"
"""In `.pythons/`: `{version: {package: why}}` for packages that did not install."""

SUITE = "unstable"
"""The Debian suite the newest CPythons come from."""

INSIDE = ".measured-debian-root"
"""A file at the top of the Debian root: a launcher that finds it is inside."""

CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")


def cache_dir() -> Path:
    """Where the Debian root and the environments are kept between clones: the
    `MEASURED_CACHE` environment variable, or `~/.cache/async-python-measured`."""
    chosen = os.environ.get("MEASURED_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "async-python-measured"


def lock_digest(root: Path = ROOT) -> str:
    """A short digest of `requirements.lock`: environments are kept per lock."""
    return hashlib.sha256((root / "requirements.lock").read_bytes()).hexdigest()[:12]


def say(message: str) -> None:
    print(f"pythons: {message}", flush=True)


ASK_VERSION = (
    "import platform as p; print(p.python_implementation(), p.python_version())"
)


def version_of(command: Sequence[str]) -> str | None:
    """The full version of the CPython that `command` starts, or None."""
    try:
        done = subprocess.run(
            [*command, "-c", ASK_VERSION],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    words = done.stdout.split()
    if done.returncode or len(words) < 2 or words[0] != "CPython":
        return None
    return words[1]


def found_on_machine(version: str) -> str | None:
    """A CPython `version` (`3.12`) on `PATH` or in pyenv, newest patch first."""
    for path in on_machine(version):
        found = version_of([path])
        if found and minor(found) == version:
            return path
    return None


# ---------------------------------------------------------------- the Debian root


def debian_root() -> Path:
    return cache_dir() / "debian-unstable"


def can_build_root() -> str | None:
    """Why a Debian root cannot be made here, or None if it can."""
    if sys.platform != "linux":
        return "a Debian root needs Linux"
    if os.geteuid() != 0:
        return "a Debian root needs root (debootstrap, chroot and unshare)"
    for tool in ("unshare", "chroot", "mount"):
        if not shutil.which(tool):
            return f"`{tool}` is not installed"
    if not shutil.which("debootstrap") and not shutil.which("apt-get"):
        return "neither debootstrap nor apt-get (to install it) is here"
    return None


def in_root(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run `command` inside the root (for installing, not for snippets)."""
    return subprocess.run(
        ["chroot", str(root), *command], capture_output=True, text=True
    )


def root_has(root: Path, version: str) -> bool:
    return (root / "usr" / "bin" / f"python{version}").exists() and (
        version_of(["chroot", str(root), f"/usr/bin/python{version}"]) is not None
    )


def make_root(versions: list[str]) -> Path | None:
    """A Debian unstable root with `python3.X` and its venv module for each of
    `versions`, made once and extended when a version is new to it."""
    root = debian_root()
    packages = [f"python{v}" for v in versions] + [f"python{v}-venv" for v in versions]
    if not (root / ".complete").exists():
        if not shutil.which("debootstrap"):
            say("installing Debian's debootstrap")
            subprocess.run(["apt-get", "update", "-qq"], check=False)
            done = subprocess.run(
                ["apt-get", "install", "-y", "-qq", "debootstrap"],
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            )
            if done.returncode:
                say("could not install debootstrap")
                return None
        partial = root.with_name(root.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        say(
            f"making a Debian {SUITE} root for CPython {', '.join(versions)} in {root} (once; a few minutes)"
        )
        start = time.monotonic()
        done = subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                f"--include=ca-certificates,{','.join(packages)}",
                SUITE,
                str(partial),
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            say(f"debootstrap failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
            return None
        shutil.rmtree(root, ignore_errors=True)
        partial.rename(root)
        (root / ".complete").touch()
        say(f"Debian root made in {time.monotonic() - start:.0f} s")
    (root / INSIDE).touch()
    wanted = [v for v in versions if not root_has(root, v)]
    if wanted:
        say(f"installing CPython {', '.join(wanted)} into the Debian root")
        extra = [f"python{v}" for v in wanted] + [f"python{v}-venv" for v in wanted]
        for command in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", *extra],
        ):
            done = in_root(root, *command)
            if done.returncode:
                say(f"{' '.join(command)} failed in the root:\n{done.stderr[-2000:]}")
                return None
    return root


LAUNCHER_IN_ROOT = """#!/bin/sh
# CPython {version} from a Debian root that `make install` made ({root}).
# Runs as any Python here would: in the caller's working directory, with this
# checkout, /tmp, /dev, /proc and /sys bound into the root at the same paths.
# Started from inside the root (the snippet's launcher runs there), it runs directly.
[ -e /{marker} ] && exec {python_q} "$@"
exec unshare --mount --propagation private /bin/sh -c '
root=$1; checkout=$2; python=$3; shift 3; here=$(pwd)
for dir in /dev /proc /sys /tmp "$checkout" "$here"; do
  case "$dir" in /) continue ;; esac
  mkdir -p "$root$dir" && mount --rbind "$dir" "$root$dir" || exit 70
done
exec chroot "$root" /bin/sh -c "cd \\"\\$0\\" && exec \\"\\$@\\"" "$here" "$python" "$@"
' launcher {root_q} {checkout_q} {python_q} "$@"
"""

LAUNCHER_ON_MACHINE = """#!/bin/sh
# CPython {version} ({base}), in an environment installed from requirements.lock.
exec {python_q} "$@"
"""


# ---------------------------------------------------------------- environments


def requirements(lock: Path) -> dict[str, str]:
    """Each requirement of the lock, by name, as a requirements file of its own: its
    lines (with their hashes), after the lock's options (`--find-links ...`)."""
    options: list[str] = []
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lock.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line.startswith("-"):
            options.append(stripped)
        elif not line[0].isspace():
            current = blocks.setdefault(line.split("==")[0].strip(), [line])
        elif current is not None:
            current.append(line)
    return {name: "\n".join([*options, *lines]) for name, lines in blocks.items()}


def install_lock(
    pip: list[str], scratch: Path, seen: Path, lock: Path, version: str
) -> dict[str, str]:
    """Install `lock` with `pip`; return `{package: why}` for what would not install.

    The files pip reads are written to `scratch`, which pip sees as `seen` (the same
    folder, or the root's `/tmp`). The whole lock goes in at once; if that fails,
    each package alone, so that a package with no build for `version` costs only
    that package, and is named."""
    base = [*pip, "install", "--quiet", "--disable-pip-version-check"]
    base += ["--require-hashes", "--no-deps", "-r"]
    name = f"measured-lock-{os.getpid()}.txt"
    (scratch / name).write_text(lock.read_text())
    try:
        done = subprocess.run([*base, str(seen / name)], capture_output=True, text=True)
        if done.returncode == 0:
            return {}
        failed: dict[str, str] = {}
        for package, block in requirements(lock).items():
            (scratch / name).write_text(block + "\n")
            alone = subprocess.run(
                [*base, str(seen / name)], capture_output=True, text=True
            )
            if alone.returncode:
                pinned = next(x for x in block.split() if "==" in x).split(";")[0]
                errors = [x for x in alone.stderr.splitlines() if "error" in x.lower()]
                why = errors[-1].strip() if errors else alone.stderr.strip()[-300:]
                failed[package] = f"{pinned} has no build for CPython {version}: {why}"
        return failed
    finally:
        (scratch / name).unlink(missing_ok=True)


def missing_packages(version: str, root: Path = ROOT) -> dict[str, str]:
    """The packages of the lock that did not install for `version` (`3.15`), each
    with why, as the last `make install` found."""
    path = root / DIRECTORY / MISSING
    try:
        return dict(json.loads(path.read_text()).get(version, {}))
    except (OSError, ValueError):
        return {}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, install nothing")
    args = parser.parse_args(argv)
    return install(ROOT, check=args.check)


def install(root: Path, check: bool = False) -> int:
    """Give every supported version but `.venv`'s an environment and a launcher."""
    start = time.monotonic()
    here = minor(sys.version.split()[0])
    out = root / DIRECTORY
    out.mkdir(exist_ok=True)
    lock = root / "requirements.lock"
    digest = lock_digest(root)
    wanted = [v for v in SUPPORTED if v != here]
    on_machine = {v: found_on_machine(v) for v in wanted}
    from_debian = [v for v, path in on_machine.items() if path is None]
    debian: Path | None = None
    if from_debian:
        why = can_build_root()
        if why is not None:
            say(
                f"CPython {', '.join(from_debian)} not found here, and {why}: the suite will not check them"
            )
        elif check:
            say(f"CPython {', '.join(from_debian)} would come from a Debian root")
        else:
            debian = make_root(from_debian)
    if check:
        for version, path in on_machine.items():
            say(f"CPython {version}: {path or 'not on this machine'}")
        return 0
    missing: dict[str, dict[str, str]] = {}
    for version in wanted:
        path = on_machine[version]
        if path is None and debian is None:
            (out / f"python{version}").unlink(missing_ok=True)
            continue
        if path is not None:
            home = cache_dir() / "venvs" / digest / version
            seen_as = home
            base = [path]
        else:
            assert debian is not None
            seen_as = Path("/opt/measured") / digest / version
            home = debian / seen_as.relative_to("/")
            base = ["chroot", str(debian), f"/usr/bin/python{version}"]
        mark = home / ".complete"
        if not mark.exists():
            shutil.rmtree(home, ignore_errors=True)
            home.parent.mkdir(parents=True, exist_ok=True)
            began = time.monotonic()
            done = subprocess.run(
                [*base, "-m", "venv", str(seen_as)], capture_output=True, text=True
            )
            if done.returncode:
                say(
                    f"CPython {version}: could not make a virtual environment: {done.stderr.strip()[-500:]}"
                )
                continue
            if path is None:
                # pip in the root trusts what this machine trusts
                shutil.copyfile(CA_BUNDLE, debian / "etc/ssl/certs/ca-certificates.crt")
                pip = ["chroot", str(debian), str(seen_as / "bin/python"), "-m", "pip"]
                failed = install_lock(pip, debian / "tmp", Path("/tmp"), lock, version)
            else:
                pip = [str(home / "bin/python"), "-m", "pip"]
                failed = install_lock(pip, out, out, lock, version)
            mark.write_text(json.dumps(failed))
            say(
                f"CPython {version}: environment installed in {time.monotonic() - began:.0f} s"
            )
        failed = json.loads(mark.read_text())
        if failed:
            missing[version] = failed
            for why in failed.values():
                say(f"  {why}")
        python = seen_as / "bin" / "python"
        launcher = out / f"python{version}"
        if path is not None:
            text = LAUNCHER_ON_MACHINE.format(
                version=version, base=path, python_q=shlex.quote(str(python))
            )
        else:
            assert debian is not None
            text = LAUNCHER_IN_ROOT.format(
                version=version,
                root=debian,
                root_q=shlex.quote(str(debian)),
                checkout_q=shlex.quote(str(root)),
                python_q=shlex.quote(str(python)),
                marker=INSIDE,
            )
        launcher.write_text(text)
        launcher.chmod(0o755)
        found = version_of([str(launcher)])
        say(
            f"CPython {version}: {found or 'DOES NOT RUN'} ({launcher.relative_to(root)})"
        )
    (out / MISSING).write_text(json.dumps(missing, indent=2, sort_keys=True))
    say(f"done in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A throwaway PostgreSQL server for the snippets that need one.

A snippet whose page gives it `needs: ["postgres"]` reads the address of a
PostgreSQL server from `DATABASE_URL`, as a reader's program reads its own. The
runner asks [`url`][measured.postgres.url] for it. The first call in a process
starts a cluster of its own: `initdb` into a new temporary directory, with trust
authentication, and `pg_ctl start` with the server listening only on a Unix socket
in that directory, so no port can clash with another program and no other user can
connect. Later calls share that cluster. [`stop`][measured.postgres.stop] stops it
and removes the directory: the suite calls it at the end of its session (Ctrl-C
included), and it is registered with `atexit` for any other caller.

A process killed outright (SIGKILL) cannot stop its server. Its directory names the
process that made it, so the next start in any process stops that server and removes
the directory; the server also shuts itself down within a minute of its directory's
removal (PostgreSQL checks its `postmaster.pid` file). Every server process carries
the suite's [`MARKER`][measured.processes.MARKER], so the suite's check for
processes left running finds one that outlived its session.

PostgreSQL's programs are looked for in `MEASURED_POSTGRES_BIN` when it is set, then
on `PATH`, then where Debian installs them, `/usr/lib/postgresql/<version>/bin`.
PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres`
user (which Debian's package creates), or to `nobody`.

`python -m measured.postgres` (a step of `make install`) says which PostgreSQL the
suite will use, installs Debian's `postgresql` where none is found and `apt-get` can
as root, and otherwise says how to install it; the snippets that need it are then
skipped, with that reason.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from measured.processes import MARKER, suite_id

VARIABLE = "DATABASE_URL"
"""The environment variable that gives a snippet its server's URL."""

PROGRAMS = "MEASURED_POSTGRES_BIN"
"""An environment variable naming the directory of `initdb` and `pg_ctl`, where they
are neither on `PATH` nor where Debian puts them."""

PREFIX = "measured-postgres-"
"""The start of each cluster's temporary directory's name."""

HOW = (
    "install PostgreSQL's server (Debian and Ubuntu: `sudo apt-get install "
    "postgresql`; macOS: `brew install postgresql`), or name the directory of its "
    f"`initdb` and `pg_ctl` in {PROGRAMS}, then run `make install` again"
)


def programs() -> Path | None:
    """The directory of PostgreSQL's `initdb` and `pg_ctl`, or None if not found."""
    named = os.environ.get(PROGRAMS)
    candidates = [Path(named)] if named else []
    if not named:
        found = shutil.which("initdb")
        if found:
            candidates.append(Path(found).resolve().parent)
        debian = Path("/usr/lib/postgresql").glob("*/bin")
        candidates += sorted(debian, key=_version, reverse=True)
    for directory in candidates:
        if all(os.access(directory / name, os.X_OK) for name in ("initdb", "pg_ctl")):
            return directory
    return None


def _version(bindir: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name))


def server_user() -> str | None:
    """The user the server runs as: None for the caller's own; as root, `postgres`
    or `nobody`, since PostgreSQL refuses to run as root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name).pw_name
    return None


def unavailable() -> str | None:
    """Why no PostgreSQL server can be started here, or None if one can."""
    if programs() is None:
        where = f"in {PROGRAMS}" if os.environ.get(PROGRAMS) else "here"
        return f"PostgreSQL's `initdb` and `pg_ctl` are not found {where}: {HOW}"
    if os.geteuid() == 0 and server_user() is None:
        return (
            "PostgreSQL refuses to run as root, and there is no `postgres` or "
            "`nobody` user to run it as"
        )
    return None


class Unavailable(RuntimeError):
    """A server was asked for where none can start, or one failed to."""


@dataclass(frozen=True)
class Cluster:
    """One throwaway cluster: its directory holds its data (`data/`), its log
    (`server.log`), its socket and `owner`, the process that made it.

    Attributes:
        directory: The temporary directory, removed by `stop`.
        bindir: The directory of `initdb` and `pg_ctl`.
        user: The user the server runs as (None: the caller).
        owner: The process id of the process that started it.
    """

    directory: Path
    bindir: Path
    user: str | None
    owner: int

    @property
    def url(self) -> str:
        """The URL a client connects with: user `postgres`, database `postgres`,
        over the Unix socket in the cluster's directory."""
        return f"postgresql://postgres@/postgres?host={self.directory}"

    def _run(
        self, *command: str, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        # its own session: a Ctrl-C in the terminal reaches the suite, which stops
        # the server, not the server directly
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTHON", "PG"))
        }
        environment[MARKER] = f"{suite_id()}/postgres"
        return subprocess.run(
            [str(self.bindir / command[0]), *command[1:]],
            cwd=self.directory,
            env=environment,
            user=self.user,
            capture_output=True,
            text=True,
            timeout=timeout,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
        )

    def server_pid(self) -> int | None:
        """The server's process id, from its `postmaster.pid`, if it runs."""
        try:
            pid = int(
                (self.directory / "data" / "postmaster.pid").read_text().split()[0]
            )
        except (OSError, ValueError, IndexError):
            return None
        return pid if psutil.pid_exists(pid) else None

    def stop(self) -> None:
        """Stop the server (fast shutdown: sessions are ended, not waited for) and
        remove the directory; a server that does not stop in 30 s is killed."""
        pid = self.server_pid()
        if pid is not None:
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                data = str(self.directory / "data")
                self._run("pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "30", "stop")
            _end(pid)
        shutil.rmtree(self.directory, ignore_errors=True)


def _end(pid: int) -> None:
    """Make sure the server `pid` and its processes are gone: SIGQUIT (PostgreSQL's
    immediate shutdown), then SIGKILL to whatever is left."""
    try:
        server = psutil.Process(pid)
        family = [server, *server.children(recursive=True)]
    except psutil.Error:
        return
    with contextlib.suppress(psutil.Error):
        server.send_signal(signal.SIGQUIT)
    _, alive = psutil.wait_procs(family, timeout=5)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(alive, timeout=5)


def _owner_alive(directory: Path) -> bool:
    """Whether the process that made a cluster's directory still runs (the same
    process: its start time is recorded beside its id)."""
    try:
        pid, started = (directory / "owner").read_text().split()
    except (OSError, ValueError):
        # no owner file yet: a cluster being made; give it a minute
        with contextlib.suppress(OSError):
            return time.time() - directory.stat().st_mtime < 60
        return False
    try:
        return psutil.Process(int(pid)).create_time() == float(started)
    except (ValueError, psutil.Error):
        return False


def sweep(parent: Path | None = None) -> list[Path]:
    """Stop and remove every cluster whose maker is gone (killed before it could
    stop its server); return their directories."""
    swept = []
    for directory in (parent or _parent()).glob(f"{PREFIX}*"):
        if not directory.is_dir() or _owner_alive(directory):
            continue
        bindir = programs() or Path("/nonexistent")
        Cluster(directory, bindir, server_user(), 0).stop()
        swept.append(directory)
    return swept


def _parent() -> Path:
    # /tmp where there is one: a socket's path must stay short (about 100 bytes),
    # and the Debian root that runs some Pythons here binds /tmp, not $TMPDIR
    return Path("/tmp") if Path("/tmp").is_dir() else Path(tempfile.gettempdir())


SETTINGS = """
# a throwaway cluster for the suite (measured/postgres.py)
listen_addresses = ''
unix_socket_directories = '{directory}'
max_connections = 200
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
"""
"""Appended to the cluster's `postgresql.conf`: only the Unix socket, in its own
directory; room for several snippets' pools at once; no waiting on the disk (the
data is thrown away)."""


def start(parent: Path | None = None) -> Cluster:
    """Make and start a new cluster, after sweeping away the abandoned ones.

    Raises:
        Unavailable: PostgreSQL is not found, or the cluster did not start (with
            the end of its log).
    """
    why = unavailable()
    if why:
        raise Unavailable(why)
    sweep(parent)
    bindir, user = programs(), server_user()
    assert bindir is not None
    directory = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent or _parent()))
    me = psutil.Process()
    (directory / "owner").write_text(f"{me.pid} {me.create_time()}\n")
    if user is not None:
        os.chown(directory, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
    cluster = Cluster(directory, bindir, user, me.pid)
    try:
        data = str(directory / "data")
        done = cluster._run(
            "initdb", "-D", data, "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        if done.returncode:
            raise Unavailable(f"initdb failed:\n{done.stdout}{done.stderr}")
        with (directory / "data" / "postgresql.conf").open("a") as conf:
            conf.write(SETTINGS.format(directory=directory))
        log = directory / "server.log"
        done = cluster._run(
            "pg_ctl", "-D", data, "-l", str(log), "-w", "-t", "60", "start"
        )
        if done.returncode:
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise Unavailable(f"pg_ctl start failed:\n{done.stdout}{done.stderr}{tail}")
    except BaseException:
        cluster.stop()
        raise
    return cluster


_lock = threading.Lock()
_shared: list[Cluster] = []
_failed: list[str] = []


def url() -> str:
    """The URL of this process's shared cluster, started on the first call.

    Raises:
        Unavailable: No server can start here, or this process's failed to (it
            is not tried again).
    """
    with _lock:
        if _failed:
            raise Unavailable(_failed[0])
        if not _shared:
            try:
                _shared.append(start())
            except Unavailable as error:
                _failed.append(str(error))
                raise
            atexit.register(stop)
        return _shared[0].url


def stop() -> None:
    """Stop this process's shared cluster, if it started one, and remove it."""
    with _lock:
        while _shared:
            cluster = _shared.pop()
            if cluster.owner == os.getpid():  # not a forked child's to stop
                cluster.stop()


def install() -> int:
    """`make install`'s step: say which PostgreSQL the suite uses, install Debian's
    where none is found and apt-get can as root, or say how."""
    found = programs()
    named = os.environ.get(PROGRAMS)  # a directory of your choice: nothing to install
    if found is None and not named and os.geteuid() == 0 and shutil.which("apt-get"):
        print("postgres: installing Debian's postgresql (for the database snippets)")
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "postgresql"],
        ):
            subprocess.run(command, env=environment, stdout=subprocess.DEVNULL)
        found = programs()
    why = unavailable()
    if why:
        print(f"postgres: {why}; until then the snippets that need it are skipped")
        return 0
    assert found is not None
    version = subprocess.run(
        [str(found / "pg_ctl"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    print(f"postgres: {version} ({found}), a throwaway cluster per test run")
    return 0


if __name__ == "__main__":
    sys.exit(install())

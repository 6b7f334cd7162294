"""Servers on loopback for tests and benchmarks: a free port, a bounded wait, a throwaway PostgreSQL cluster."""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    """Whether ``condition()`` holds within ``timeout`` seconds.

    For what another process or thread does on its own time (a hub's log, its files, a worker's
    state), where there is no signal to wait on: checked again every ``interval`` until the bound.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> None:
    def healthy() -> bool:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"hub exited early ({proc.returncode})")
        try:
            return httpx.get(url + "/healthz", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    if not wait_until(healthy, timeout):
        raise RuntimeError(f"hub at {url} did not become healthy")


def find_pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


class PgCluster:
    """A throwaway PostgreSQL cluster in a temporary folder (run as ``postgres`` when we are root)."""

    def __init__(self) -> None:
        bindir = find_pg_bin()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL is not installed (no initdb found)")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="onramp-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.user_prefix: list[str] = []
        if os.geteuid() == 0:
            owner = _unprivileged_user()
            uid, gid = owner.pw_uid, owner.pw_gid
            os.chown(self.dir, uid, gid)
            self.dir.chmod(0o700)
            self.user_prefix = (
                ["runuser", "-u", owner.pw_name, "--"]
                if shutil.which("runuser")
                else ["su", owner.pw_name, "-s", "/bin/sh", "-c"]
            )
        self._run(
            [
                str(bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "onramp",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ]
        )
        opts = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-t",
                "60",
                "-o",
                opts,
                "start",
            ]
        )
        self.url = f"postgresql+psycopg://onramp@127.0.0.1:{self.port}/postgres"
        self._n = 0

    def _run(self, argv: list[str]) -> None:
        if self.user_prefix and self.user_prefix[0] == "su":
            argv = [*self.user_prefix, " ".join(shlex.quote(a) for a in argv)]
        else:
            argv = [*self.user_prefix, *argv]
        subprocess.run(argv, check=True, capture_output=True, text=True, cwd=self.dir)

    def new_database(self) -> str:
        """A fresh, empty database in the cluster; returns its URL."""
        import psycopg

        self._n += 1
        name = f"hub_{os.getpid()}_{self._n}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=onramp dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://onramp@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.dir, ignore_errors=True)


def _unprivileged_user() -> pwd.struct_passwd:
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise FileNotFoundError("no unprivileged user (postgres or nobody) to run PostgreSQL as")

"""Real hubs for tests: a uvicorn subprocess on 127.0.0.1, on SQLite or a private PostgreSQL cluster.

Also simulated laptops (each its own data folder and SQLite database) and
helpers to make organisations and enrolment codes straight in the hub's store.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import ROOT
from tests.helpers import wait_until


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


class HubProcess:
    """``python -m hub serve`` of this checkout, on a random free loopback port."""

    def __init__(self, database_url: str, *extra: str, workers: int = 1) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.log_path = Path(tempfile.mkstemp(prefix="onramp-hub-", suffix=".log")[1])
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hub", "--database-url", database_url, "serve", "--port", str(self.port),
             "--workers", str(workers), *extra],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, text=True,
        )
        try:
            wait_for_health(self.url, self.proc)
        except Exception:
            self.stop()
            raise
        self._engine = None

    @property
    def engine(self):
        """The hub's store, opened from the test process (for setting up and for checking)."""
        if self._engine is None:
            from hub.store import open_store

            self._engine = open_store(self.database_url, migrate=False)
        return self._engine

    def org(self, name: str) -> str:
        from hub import admin

        admin.create_org(self.engine, name)
        return name

    def code(self, org: str, valid_for: timedelta = timedelta(hours=1)) -> str:
        from hub import admin

        return admin.make_enrol_code(self.engine, org, valid_for)[0]

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def output(self) -> str:
        """What the hub printed (tracebacks of a failure, for a test's report)."""
        return self.log_path.read_text(errors="replace")


# PostgreSQL ---------------------------------------------------------------------------------------


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
            self.user_prefix = ["runuser", "-u", owner.pw_name, "--"] if shutil.which("runuser") else \
                ["su", owner.pw_name, "-s", "/bin/sh", "-c"]
        self._run([str(bindir / "initdb"), "-D", str(self.data), "-U", "onramp", "--auth=trust",
                   "--encoding=UTF8", "--locale=C", "--no-sync"])
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.dir} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run([str(bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w",
                   "-t", "60", "-o", opts, "start"])
        self.url = f"postgresql+psycopg://onramp@127.0.0.1:{self.port}/postgres"
        self._n = 0

    def _run(self, argv: list[str]) -> None:
        if self.user_prefix and self.user_prefix[0] == "su":
            argv = [*self.user_prefix, " ".join(_quote(a) for a in argv)]
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


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


_cluster: PgCluster | None = None
_cluster_error: str | None = None


def postgres_cluster() -> PgCluster | None:
    """One cluster for the whole test run (started on first use), or None with ``pg_unavailable()`` set."""
    global _cluster, _cluster_error
    if _cluster is None and _cluster_error is None:
        try:
            import psycopg  # noqa: F401

            _cluster = PgCluster()
            import atexit

            atexit.register(_cluster.stop)
        except (FileNotFoundError, ImportError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            _cluster_error = f"PostgreSQL cannot be started here ({detail.strip()[:300]}); `make test` installs it on Debian/Ubuntu as root"
    return _cluster


def pg_unavailable() -> str:
    return _cluster_error or ""


# Laptops ------------------------------------------------------------------------------------------


@dataclass
class Laptop:
    """A simulated laptop: its own data folder and database, syncing with a hub (maybe through a proxy)."""

    data_dir: Path
    hub_url: str = ""
    db: Any = None
    name: str = ""
    reports: list[Any] = field(default_factory=list)

    @classmethod
    def open(cls, data_dir: Path, name: str = "") -> Laptop:
        from desktop.models import open_database
        from desktop.paths import database_path

        return cls(data_dir=data_dir, db=open_database(database_path(data_dir)), name=name)

    def enrol(self, hub_url: str, code: str) -> str:
        from desktop.sync.engine import enrol

        self.hub_url = hub_url
        return enrol(self.db, hub_url, code, self.name)

    def point_at(self, url: str) -> None:
        """Talk to the hub through another address (a proxy), keeping the enrolment."""
        from desktop.models import SyncState

        with self.db.transaction() as s:
            s.get(SyncState, 1).hub_url = url

    def sync(self):
        from desktop.sync.engine import sync_once

        report = sync_once(self.db)
        self.reports.append(report)
        return report

    def skew_clock(self, hours: float) -> None:
        """Make this laptop's wall clock wrong by ``hours``."""
        from desktop.models.clock import HybridLogicalClock, _wall_millis
        from desktop.models.outbox import CLOCK_KEY

        offset = int(hours * 3600 * 1000)
        clock = HybridLogicalClock(self.db.clock.node, wall=lambda: _wall_millis() + offset)
        self.db.clock = clock
        self.db.session_factory.configure(info={CLOCK_KEY: clock})

    def close(self) -> None:
        self.db.close()


def shared_rows(db) -> dict[tuple[str, str], dict[str, Any]]:
    """Every shared row on a laptop, as wire fields without the id."""
    from desktop.models import SYNCED_MODELS
    from desktop.models.outbox import row_fields

    db = getattr(db, "db", db)  # a Laptop or its Database
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with db.transaction() as s:
        for model in SYNCED_MODELS:
            for obj in s.query(model):
                fields = row_fields(obj)
                fields.pop("id")
                out[(model.__tablename__, obj.id)] = fields
    return out


def hub_rows(engine, org: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Every complete row the hub holds for ``org``."""
    import json

    from sqlalchemy import select

    from hub.store import organisations, rows

    with engine.connect() as conn:
        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()
        return {
            (r.table_name, r.row_id): json.loads(r.data)
            for r in conn.execute(select(rows).where(rows.c.org_id == org_id, rows.c.complete.is_(True)))
        }

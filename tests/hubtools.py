"""Real hubs for tests: a uvicorn subprocess on 127.0.0.1, on SQLite or a private PostgreSQL cluster.

Also simulated laptops (each its own data folder and SQLite database) and
helpers to make organisations and enrolment codes straight in the hub's store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tools.local_servers import PgCluster, free_port, wait_for_health


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
            [
                sys.executable,
                "-m",
                "hub",
                "--database-url",
                database_url,
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._engine = None
        try:
            wait_for_health(self.url, self.proc)
        except Exception:
            self.stop()
            raise

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

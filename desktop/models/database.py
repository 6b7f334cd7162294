"""Opening the local database: pragmas, integrity check, migrations, this device's clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, PoolProxiedConnection, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.dbcheck import (  # re-exported: callers import them from here
    DatabaseCorrupt,
    DatabaseProblem,
    DatabaseUnreadable,
    check_integrity,
)
from desktop.models import outbox
from desktop.models.clock import HybridLogicalClock
from desktop.models.entities import SYNCED_MODELS
from desktop.models.local import Device


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    # WAL + FULL: an acknowledged sign-in survives a power cut.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def sqlite_driver(connection: PoolProxiedConnection) -> sqlite3.Connection:
    """The sqlite3 connection under SQLAlchemy's, for hot paths that skip its layers."""
    driver = connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):  # None once the connection is closed
        raise RuntimeError("the local database connection is closed")
    return driver


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


class Database:
    """One open local database: an engine, a session factory and this device's clock."""

    def __init__(self, path: Path, engine: Engine, clock: HybridLogicalClock) -> None:
        self.path = path
        self.engine = engine
        self.clock = clock
        self.session_factory = sessionmaker(bind=engine, expire_on_commit=False, info={outbox.CLOCK_KEY: clock})
        outbox.install(self.session_factory)

    @property
    def device_id(self) -> str:
        return self.clock.node

    def session(self) -> Session:
        return self.session_factory()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on error."""
        with self.session_factory() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path, *, check: bool = True, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path``, checked and migrated to the newest schema."""
    from desktop.models import migrations

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnreadable(path, f"The folder {path.parent} cannot be created: {exc}.") from exc
    if check:
        check_integrity(path)
    engine = make_engine(path)
    try:
        if migrate:
            migrations.upgrade_to_head(engine)
        clock = _load_clock(engine)
    except DatabaseProblem:
        engine.dispose()
        raise
    except sqlite3.DatabaseError as exc:  # pragma: no cover - caught by check_integrity first
        engine.dispose()
        raise DatabaseCorrupt(path, f"The database at {path} is damaged ({exc}).") from exc
    except Exception as exc:
        engine.dispose()
        if "readonly" in str(exc) or "unable to open" in str(exc):
            raise DatabaseUnreadable(path, f"The database at {path} cannot be written: {exc}.") from exc
        raise
    return Database(path, engine, clock)


def _load_clock(engine: Engine) -> HybridLogicalClock:
    with Session(engine) as session, session.begin():
        device = session.get(Device, 1)
        if device is None:
            device = Device(id=1)
            session.add(device)
            session.flush()
        latest = [device.last_clock] if device.last_clock else []
        for model in SYNCED_MODELS:
            value = session.scalar(select(func.max(model.updated_at)))
            if value:
                latest.append(value)
        clock = HybridLogicalClock(device.device_id)
        for value in latest:
            clock.observe(value)
        return clock

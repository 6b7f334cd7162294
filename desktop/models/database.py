"""Opening the local database: pragmas, integrity check, migrations, this device's clock.

SQLAlchemy is imported when the database is first used, not when this module is: the window
opens on a database whose schema is already current (``open_current_database``) and the
database thread loads SQLAlchemy while the window is already on screen.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from desktop.dbcheck import (  # re-exported: callers import them from here
    DatabaseCorrupt,
    DatabaseProblem,
    DatabaseUnreadable,
    check_integrity,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine, PoolProxiedConnection
    from sqlalchemy.orm import Session, sessionmaker

    from desktop.models.clock import HybridLogicalClock

T = TypeVar("T")


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
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


@dataclass
class _Open:
    """What using the database needs, made once: SQLAlchemy's engine, the session factory, the clock."""

    engine: Engine
    clock: HybridLogicalClock
    session_factory: sessionmaker[Session]


class Database:
    """One local database: an engine, a session factory and this device's clock.

    Made by ``open_database`` it is open already; made by ``open_current_database`` it opens on
    first use, from whichever thread uses it first (the database thread, at start-up).
    """

    def __init__(
        self,
        path: Path,
        engine: Engine | None = None,
        clock: HybridLogicalClock | None = None,
        *,
        verify: Callable[[], None] | None = None,
    ) -> None:
        self.path = path
        self._verify = verify  # raises the problem found with the file before it is used; run once
        self._lock = threading.Lock()
        self._open: _Open | None = None
        if engine is not None and clock is not None:
            self._open = self._make(engine, clock)

    @staticmethod
    def _make(engine: Engine, clock: HybridLogicalClock) -> _Open:
        from sqlalchemy.orm import sessionmaker

        from desktop.models import outbox

        factory = sessionmaker(bind=engine, expire_on_commit=False, info={outbox.CLOCK_KEY: clock})
        outbox.install(factory)
        return _Open(engine, clock, factory)

    def _opened(self) -> _Open:
        if self._open is None:
            with self._lock:
                if self._open is None:
                    self._verified()
                    self._open = self._make(*_engine_and_clock(self.path, migrate=False))
        return self._open

    def _verified(self) -> None:
        """Wait for the check of the file (started before the window) and raise what it found."""
        if self._verify is not None:
            self._verify()
            self._verify = None

    @property
    def is_open(self) -> bool:
        return self._open is not None

    @property
    def engine(self) -> Engine:
        return self._opened().engine

    @property
    def clock(self) -> HybridLogicalClock:
        return self._opened().clock

    @clock.setter
    def clock(self, clock: HybridLogicalClock) -> None:
        self._opened().clock = clock

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self._opened().session_factory

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

    def read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """``query(connection)`` on a read-only sqlite3 connection of its own, from any thread.

        For what the window shows first: it needs neither SQLAlchemy nor the database thread, nor waits
        for the check of the file (a read changes nothing, and SQLite reports a damaged page it meets);
        the first write does wait for it.
        """
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            conn.execute("PRAGMA query_only=ON")
            return query(conn)
        finally:
            conn.close()

    def close(self) -> None:
        if self._open is not None:
            self._open.engine.dispose()


def open_database(path: Path, *, check: bool = True, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path``, checked and migrated to the newest schema."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnreadable(path, f"The folder {path.parent} cannot be created: {exc}.") from exc
    if check:
        check_integrity(path)
    return Database(path, *_engine_and_clock(path, migrate))


def open_current_database(path: Path, verify: Callable[[], None] | None = None) -> Database | None:
    """The database at ``path``, to be opened on first use, when its schema is already the newest one.

    None when it is not (no file yet, or one to migrate or refuse): ``open_database`` handles those,
    with Alembic. ``verify`` raises the problem found with the file; it runs before its first use.
    """
    from desktop.models.migrations import is_current

    return Database(path, verify=verify) if is_current(path) else None


def _engine_and_clock(path: Path, migrate: bool) -> tuple[Engine, HybridLogicalClock]:
    from desktop.models import migrations

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
    return engine, clock


def _load_clock(engine: Engine) -> HybridLogicalClock:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from desktop.models.clock import HybridLogicalClock
    from desktop.models.entities import SYNCED_MODELS
    from desktop.models.local import Device

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

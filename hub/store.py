"""The hub's tables (SQLAlchemy Core), the engine, and its Alembic migrations.

Rows are kept as the JSON text of their fields, so a pull page is assembled
from stored text without decoding it. Every table is keyed by organisation:
nothing is read or written without one.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.exc import IntegrityError, OperationalError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)

organisations = Table(
    "organisations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    # The last sequence number a push of this organisation claimed (committed, or still being written).
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("created_at", DateTime, nullable=False),
    # The history mark at last_seq (claimed numbers included): the next claim chains on it.
    Column("last_mark", String(64), nullable=False, default="", server_default=""),
)

devices = Table(
    "devices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("device_id", String(64), nullable=False, index=True),  # the laptop's own id
    Column("name", String(200), nullable=False, default=""),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the token, never the token
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=True),
    Column("revoked_at", DateTime, nullable=True),
    # Left by migration 0002 (enrolment from a token, which never shipped); nothing sets or reads it.
    Column("issued_by", Integer, nullable=True, index=True),
)

enrol_codes = Table(
    "enrol_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime, nullable=True),
    Column("used_by", Integer, nullable=True),
)

rows = Table(
    "rows",
    metadata,
    Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("table_name", String(64), primary_key=True),
    Column("row_id", String(64), primary_key=True),
    # Null while the row is incomplete (a change arrived before its creation): not served yet.
    Column("seq", BigInteger, nullable=True),
    Column("version", String(128), nullable=False),
    Column("origin", String(64), nullable=False, default=""),
    Column("complete", Boolean, nullable=False, default=False),
    Column("data", Text, nullable=False),  # JSON object: field -> value
    Column("meta", Text, nullable=False),  # JSON object: field -> [seq, writer]
    Column("conflicts", Text, nullable=False, default="[]"),  # JSON list of FieldConflict
    Index("ix_rows_org_seq", "org_id", "seq", unique=True),
)

op_log = Table(
    "op_log",
    metadata,
    Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("op_id", String(64), primary_key=True),
    Column("device_id", String(64), nullable=False),
    Column("table_name", String(64), nullable=False),
    Column("row_id", String(64), nullable=False),
    Column("version", String(128), nullable=False),
    Column("known", BigInteger, nullable=False, default=0),  # how much of the row its author had seen
    Column("payload_hash", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("seq", BigInteger, nullable=True),
    Column("received_at", DateTime, nullable=False),
    # A running hash of the organisation's op_ids up to this op's seq: the history mark at seq.
    Column("chain", String(64), nullable=True),
    Index("ix_op_log_row_version", "org_id", "table_name", "row_id", "version"),
    Index("ix_op_log_org_seq", "org_id", "seq"),
)

# Sequence numbers claimed by a push still writing: pulls stop below the lowest. The push holds the
# advisory lock ``token`` until its transaction ends and deletes its claim in the transaction that writes
# its rows; a claim nobody holds (its push rolled back or cut off) is ignored, and cleared by the next claim.
seq_claims = Table(
    "seq_claims",
    metadata,
    Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("low", BigInteger, primary_key=True),
    Column("high", BigInteger, nullable=False),
    Column("token", BigInteger, nullable=False),
)

erased = Table(
    "erased",
    metadata,
    Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("participant_id", String(64), primary_key=True),
    Column("erased_at", DateTime, nullable=False),
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0009_seq_claims"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # Freed space is overwritten with zeros, so an erased person's details leave the file's pages.
    cur.execute("PRAGMA secure_delete=ON")
    cur.close()


def forget_erased_bytes(engine: Engine) -> None:
    """After a commit that erased someone: the old pages leave the write-ahead log too.

    SQLite: the log is copied into the file (whose freed space ``secure_delete`` zeroed) and
    truncated. That needs every reader to have finished, and while a checkpoint waits for them it
    holds the write lock: waiting here would stall every organisation's pushes behind one long
    pull. So it is tried once without waiting, and if readers are still there a background thread
    keeps trying (see ``_Checkpointer``); the push is answered either way. PostgreSQL keeps old row
    versions until VACUUM and in its WAL and backups until they roll over: see docs/hub.md, "Erasure".
    """
    if engine.dialect.name != "sqlite":
        return
    if not _truncate_wal(engine):
        _checkpointer(engine).request()


def _truncate_wal(engine: Engine) -> bool:
    """One ``wal_checkpoint(TRUNCATE)`` that never waits for a lock. True if the log is now empty."""
    raw = engine.raw_connection()  # outside any transaction, so it can checkpoint
    try:
        driver = raw.driver_connection
        if driver is None:  # the pool handed back a closed connection: the background thread tries again
            return False
        (waits,) = driver.execute("PRAGMA busy_timeout").fetchone()
        driver.execute("PRAGMA busy_timeout=0")
        try:
            busy, _pages, _copied = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            driver.execute(f"PRAGMA busy_timeout={int(waits)}")  # the pooled connection waits as before
    except sqlite3.Error:  # locked, or the file is gone: the background thread tries again
        return False
    finally:
        raw.close()
    return not busy


class _Checkpointer:
    """One daemon thread per engine that empties the write-ahead log once readers let it.

    Requests coalesce: however many erasures arrive while readers hold the log, one checkpoint
    that succeeds serves them all. Retries back off, so a long pull is not polled hard.
    """

    FIRST_WAIT = 0.05  # seconds
    LONGEST_WAIT = 2.0

    def __init__(self, engine: Engine) -> None:
        self._engine = weakref.ref(engine)
        self._wanted = threading.Event()
        self._stopped = threading.Event()
        weakref.finalize(engine, self._stop)  # the thread ends when the engine is gone
        self._thread = threading.Thread(target=self._run, name="onramp-hub-checkpoint", daemon=True)
        self._thread.start()

    def request(self) -> None:
        self._wanted.set()

    def _stop(self) -> None:
        self._stopped.set()
        self._wanted.set()

    def _run(self) -> None:
        log = logging.getLogger("onramp.hub")
        while True:
            self._wanted.wait()
            if self._stopped.is_set():
                return
            self._wanted.clear()  # a request from now on asks for a checkpoint after this one
            wait, warned = self.FIRST_WAIT, False
            while True:
                engine = self._engine()
                if engine is None:
                    return
                done = _truncate_wal(engine)
                del engine
                if done:
                    if warned:
                        log.info("The write-ahead log was emptied after an erasure: the erased details are gone.")
                    break
                if not warned:
                    log.warning(
                        "After an erasure the write-ahead log is still being read; it will be emptied "
                        "in the background as soon as the reads finish."
                    )
                    warned = True
                if self._stopped.wait(wait):
                    return
                wait = min(wait * 2, self.LONGEST_WAIT)


_checkpointers: weakref.WeakKeyDictionary[Engine, _Checkpointer] = weakref.WeakKeyDictionary()
_checkpointers_lock = threading.Lock()


def _checkpointer(engine: Engine) -> _Checkpointer:
    with _checkpointers_lock:
        found = _checkpointers.get(engine)
        if found is None:
            found = _checkpointers[engine] = _Checkpointer(engine)
        return found


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock up front, so two pushes never deadlock upgrading a read lock.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # READ COMMITTED whatever the server's default_transaction_isolation: a pull's horizon (hub.pull.served_to)
    # and a push's reads after its row locks (hub.merge) count on each statement seeing the latest commits.
    # Set as each connection's own default too, for statements run outside a transaction (a push's claim).
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, isolation_level="READ COMMITTED")
    event.listen(engine, "connect", _pg_read_committed)
    return engine


def _pg_read_committed(dbapi_conn, _record) -> None:
    with dbapi_conn.cursor() as cursor:
        cursor.execute("SET default_transaction_isolation TO 'read committed'")
    dbapi_conn.commit()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed on success, rolled back on error."""
    with engine.connect() as opened:
        conn = opened.execution_options(sqlite_begin="IMMEDIATE") if engine.dialect.name == "sqlite" else opened
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the hub's schema to the newest migration (safe to run from several processes at once)."""
    from alembic import command

    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(724311)"))  # one migrator at a time
        try:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # no table yet
            current = None
            conn.rollback()
        try:
            if current != HEAD:
                command.upgrade(alembic_config(engine), "head")
        finally:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(724311)"))
                conn.commit()


def _converted(conn: Connection, table: Table, names: Sequence[str], values: list[tuple]) -> list[tuple]:
    """Rows of values with the columns' own conversions for this driver (a value repeated is converted once)."""
    dialect = conn.dialect
    # The dialect's own type: a generic DateTime has no conversion of its own, SQLite's stores microseconds
    # too, so a stored time compares equal to the same time bound in a query.
    types = [table.c[n].type.dialect_impl(dialect) for n in names]
    processors = [
        (i, _quicker(kind, p)) for i, kind in enumerate(types) if (p := kind.bind_processor(dialect)) is not None
    ]
    if not processors or not values:
        return values
    # Column by column: rows are taken apart and put together again in C, and only the converted
    # columns are walked in Python.
    columns = list(zip(*values, strict=True))
    for i, process in processors:
        column = columns[i]
        if types[i]._type_affinity is Boolean and _ONLY_BOOLS.issuperset(map(type, column)):
            # True, False and None: each converted once, the column mapped in C.
            columns[i] = tuple(map({value: process(value) for value in _BOOLS}.__getitem__, column))
            continue
        last_in: Any = object()
        last_out: Any = None
        out = []
        for value in column:
            if value is not last_in:
                last_in, last_out = value, process(value)
            out.append(last_out)
        columns[i] = tuple(out)
    return list(zip(*columns, strict=True))


_BOOLS = (True, False, None)
_ONLY_BOOLS = frozenset(map(type, _BOOLS))


def _quicker(kind: Any, process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``process``, or the same conversion made in C where it is SQLite's DATETIME in its default storage
    format and the value a plain naive datetime (``isoformat`` writes exactly that text)."""
    if not isinstance(kind, SQLITE_DATETIME) or kind._storage_format != SQLITE_DATETIME._storage_format:
        return process

    def quicker(value: Any) -> Any:
        if type(value) is datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return process(value)

    return quicker


def placeholder(conn: Connection) -> str:
    """The driver's parameter mark, for raw SQL that runs on SQLite and PostgreSQL alike."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def select_in(conn: Connection, sql: str, params: tuple, ids: list[str], chunk: int = 1000) -> list[tuple]:
    """Rows of ``sql`` for every id: ``{mark}`` stands for one placeholder, ``{marks}`` for a chunk of ids."""
    mark = placeholder(conn)
    found: list[tuple] = []
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        statement = sql.format(mark=mark, marks=", ".join([mark] * len(part)))
        found += conn.exec_driver_sql(statement, (*params, *part)).fetchall()
    return found


def insert_rows(conn: Connection, table: Table, names: Sequence[str], values: list[tuple]) -> None:
    """INSERT many rows straight through the driver: the same conversions, none of the per-row overhead."""
    if not values:
        return
    values = _converted(conn, table, names, values)
    if conn.dialect.name == "postgresql":
        # COPY: several times less work for client and server than INSERTs, even pipelined ones.
        driver = conn.connection.driver_connection
        if driver is None:
            raise RuntimeError("the database connection is closed")
        import psycopg  # only here: the hub on SQLite does not need it

        cursor = driver.cursor()
        statement = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
        try:
            with cursor.copy(statement) as copy:
                for row in values:
                    copy.write_row(row)
        except psycopg.IntegrityError as exc:  # as SQLAlchemy reports it for any other statement
            raise IntegrityError(statement, None, exc) from exc
        except psycopg.errors.DeadlockDetected as exc:
            raise OperationalError(statement, None, exc) from exc
        return
    mark = placeholder(conn)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
    conn.exec_driver_sql(sql, values)


def update_rows(conn: Connection, table: Table, names: Sequence[str], keys: Sequence[str], values: list[tuple]) -> None:
    """UPDATE many rows by key: each tuple holds the new ``names`` values, then the ``keys`` values."""
    if not values:
        return
    mark = placeholder(conn)
    sql = (
        f"UPDATE {table.name} SET {', '.join(f'{n} = {mark}' for n in names)} "
        f"WHERE {' AND '.join(f'{k} = {mark}' for k in keys)}"
    )
    conn.exec_driver_sql(sql, _converted(conn, table, [*names, *keys], values))


def open_store(url: str, migrate: bool = True) -> Engine:
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return engine


def worth_trying_again(exc: BaseException) -> bool:
    """Whether a write transaction failed only because another one got there first: a key it stored
    first, or PostgreSQL ending one of two transactions waiting on each other. Nothing was stored."""
    if isinstance(exc, IntegrityError):
        return True
    return isinstance(exc, OperationalError) and getattr(exc.orig, "sqlstate", None) == "40P01"

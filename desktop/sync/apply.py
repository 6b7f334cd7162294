"""Storing rows pulled from the hub: set-based, straight through the driver.

A page holds thousands of rows; the ORM would cost more than the rest of a
sync together. Rows are written with plain INSERT and UPDATE statements that
use each column's own conversions, so what lands on disk is what the ORM would
have written. Rows from the hub write no outbox entries.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Table, inspect, select, update
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.models import MODEL_BY_TABLE, Conflict, Database, utcnow
from desktop.models.base import Synced, table_of
from desktop.models.outbox import applying_remote
from desktop.sync import protocol as P
from desktop.sync.erasure import purge_erased_in

CHUNK = 500  # ids per IN (...) list
CONFLICT_NAMESPACE = uuid.UUID("6b0f3c52-52d6-4f4e-9d61-0d1f2b1f7a10")

Converter = Callable[[Any], Any] | None


@contextmanager
def remote_session(db: Database) -> Iterator[Session]:
    """A transaction for rows from the hub, foreign keys unchecked: a row may arrive before one it points at."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
        conn.commit()
        try:
            with (
                db.session_factory(bind=conn) as session,
                session.begin(),
                applying_remote(session),
            ):
                yield session
        finally:
            conn.rollback()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def by_table(changes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Changes grouped by their table, each group in the order given."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        grouped.setdefault(change["table"], []).append(change)
    return grouped


def apply_tables(session: Session, grouped: dict[str, list[dict[str, Any]]]) -> set[str]:
    """Store each table's changes (``apply_rows``); the tables written. A table from a newer On-Ramp is skipped."""
    written: set[str] = set()
    for table, changes in grouped.items():
        model = MODEL_BY_TABLE.get(table)
        if model is None:
            continue
        apply_rows(session, model, table, changes)
        written.add(table)
    return written


def apply_changes(session: Session, grouped: dict[str, list[dict[str, Any]]]) -> set[str]:
    """Store pulled changes (``apply_tables``), erasures first: each person they name is purged
    (``purge_person``) while this laptop's rows still show what pointed at them, then the rest."""
    erasures = grouped.get(P.ERASURE_TABLE, [])
    written = apply_tables(session, {P.ERASURE_TABLE: erasures}) if erasures else set()
    purge_erased_in(session, erasures)
    return written | apply_tables(session, {t: c for t, c in grouped.items() if t != P.ERASURE_TABLE})


@dataclass(frozen=True)
class TablePlan:
    """How the wire's fields of one table become driver values."""

    table: Table
    convert: dict[str, Converter]  # content column -> wire value to driver value (None: as is)
    defaults: dict[str, Callable[[], Any]]  # column -> its default, for rows that lack it
    shapes: dict[tuple[str, ...], RowShape]  # filled as rows with a new set of fields arrive


@dataclass(frozen=True)
class RowShape:
    """Rows whose fields come in this order: which to keep and which to convert."""

    names: tuple[str, ...]  # the known columns among them, in order
    keep: tuple[int, ...] | None  # their positions among the row's values (None: all, in order)
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position in ``names``, converter)


def _shape(plan: TablePlan, fields: tuple[str, ...]) -> RowShape:
    shape = plan.shapes.get(fields)
    if shape is None:
        # A field from a newer On-Ramp is left out until this laptop is updated.
        kept = [i for i, name in enumerate(fields) if name in plan.convert]
        names = tuple(fields[i] for i in kept)
        converters = tuple((i, convert) for i, n in enumerate(names) if (convert := plan.convert[n]) is not None)
        shape = RowShape(names, None if len(kept) == len(fields) else tuple(kept), converters)
        plan.shapes[fields] = shape
    return shape


def _converter(column: Any, dialect: Dialect) -> Converter:
    if isinstance(column.type, JSON):
        # The same JSON the column's own processor would write, only compact and faster to make.
        keep_null = column.type.none_as_null
        return lambda value: None if value is None and keep_null else P.json_dumps(value)
    if isinstance(column.type, Boolean) and dialect.name == "sqlite":
        return None  # sqlite3 stores True and False as 1 and 0 itself
    impl = column.type.dialect_impl(dialect)
    process = impl.bind_processor(dialect)  # as ``_bind_processor``: the dialect's own type
    if isinstance(impl, SQLITE_DATETIME) and impl._storage_format == SQLITE_DATETIME._storage_format and process:
        return _sqlite_datetime(process)
    if isinstance(column.type, DateTime | Date):
        parse = datetime.fromisoformat if isinstance(column.type, DateTime) else date.fromisoformat

        def convert(value: Any, parse=parse, process=process) -> Any:
            if isinstance(value, str):
                value = parse(value)
            return process(value) if process is not None else value

        return convert
    return process


def _bind_processor(column: Any, dialect: Dialect) -> Converter:
    """The column's own conversion as this dialect's driver needs it (the dialect's type, not the
    generic one: SQLite's DateTime writes its own text, which sqlite3 would otherwise write its way)."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _sqlite_datetime(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """SQLite's DateTime text for the wire's naive ``YYYY-MM-DDTHH:MM:SS[.ffffff]``: checked by the
    protocol's own rule, then sliced, instead of being made a datetime and formatted again; anything else
    through ``process`` as before."""

    def convert(value: Any) -> Any:
        if type(value) is str and P.is_naive_datetime(value):
            if len(value) == 26:
                return f"{value[:10]} {value[11:]}"
            return f"{value[:10]} {value[11:]}.000000"
        return process(datetime.fromisoformat(value) if isinstance(value, str) else value)

    return convert


_PLANS: dict[tuple[type[Synced], str], TablePlan] = {}


def plan_for(model: type[Synced], dialect: Dialect) -> TablePlan:
    key = (model, dialect.name)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _make_plan(model, dialect)
    return plan


def _make_plan(model: type[Synced], dialect: Dialect) -> TablePlan:
    table = table_of(model)
    convert: dict[str, Converter] = {}
    defaults: dict[str, Callable[[], Any]] = {}
    for attr in inspect(model).column_attrs:
        column = attr.columns[0]
        if attr.key not in Synced.SYNC_META and attr.key != "id":
            convert[attr.key] = _converter(column, dialect)
        if column.default is not None:
            defaults[column.name] = _default_value(column.default, _bind_processor(column, dialect))
    return TablePlan(table, convert, defaults, {})


def _default_value(default: Any, process: Converter) -> Callable[[], Any]:
    """A column's Python-side default as the driver stores it (a callable default is called for each row)."""

    def value() -> Any:
        # SQLAlchemy wraps a callable default to take the execution context.
        raw = default.arg(None) if default.is_callable else default.arg
        return process(raw) if process is not None else raw

    return value


def _in_chunks(conn: Any, sql: str, ids: list[str], *params: Any) -> list[tuple]:
    """Run ``sql`` (whose last placeholder is ``IN ({})``) over ``ids`` a chunk at a time."""
    found: list[tuple] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found += conn.exec_driver_sql(sql.format(", ".join("?" * len(chunk))), (*params, *chunk)).fetchall()
    return found


def _anything_pending(conn: Any, table: str) -> bool:
    return (
        conn.exec_driver_sql(
            "SELECT 1 FROM outbox WHERE table_name = ? AND rejected_reason IS NULL LIMIT 1",
            (table,),
        ).first()
        is not None
    )


def apply_rows(session: Session, model: type[Synced], table: str, changes: list[dict[str, Any]]) -> None:
    """Insert the rows this laptop lacks and update the ones it has, keeping fields it has yet to push."""
    conn = session.connection()
    plan = plan_for(model, conn.dialect)
    name = plan.table.name
    ids = [c["row_id"] for c in changes]
    existing = {r[0] for r in _in_chunks(conn, f"SELECT id FROM {name} WHERE id IN ({{}})", ids)}
    pending: dict[str, set[str]] = {}
    if existing and _anything_pending(conn, table):
        for row_id, fields in _in_chunks(
            conn,
            "SELECT row_id, fields FROM outbox WHERE rejected_reason IS NULL AND table_name = ? AND row_id IN ({})",
            [i for i in ids if i in existing],
            table,
        ):
            pending.setdefault(row_id, set()).update(json.loads(fields or "{}").keys())
    inserts: dict[tuple[str, ...], list[tuple]] = {}
    updates: dict[tuple[str, ...], list[tuple]] = {}
    for change in changes:
        row_id = change["row_id"]
        fields = change["fields"]
        shape = _shape(plan, tuple(fields))
        values = list(fields.values())
        if shape.keep is not None:
            values = [values[i] for i in shape.keep]
        for i, convert in shape.converters:
            values[i] = convert(values[i])
        if row_id not in existing:
            inserts.setdefault(shape.names, []).append((*values, change["version"], change["origin"], row_id))
            existing.add(row_id)
        elif row_id not in pending:
            updates.setdefault(shape.names, []).append((*values, change["version"], change["origin"], row_id))
        else:
            # Fields with changes of ours still on their way to the hub keep our value for now.
            held = pending[row_id]
            kept = [(n, v) for n, v in zip(shape.names, values, strict=True) if n not in held]
            updates.setdefault(tuple(n for n, _v in kept), []).append(
                (*(v for _n, v in kept), change["version"], change["origin"], row_id)
            )
    for names, rows in inserts.items():
        _insert(conn, plan, (*names, "updated_at", "origin", "id"), rows)
    for names, rows in updates.items():
        _update(conn, plan, (*names, "updated_at", "origin"), rows)


# One statement for many rows, not one per row: a table with a full-text index behind a trigger
# (participants) flushes that index at the end of every statement, which made row-at-a-time
# writes several times slower than the rows themselves.
MAX_VARIABLES = 32_000  # SQLite allows 32,766 bound values in one statement


def _insert(conn: Any, plan: TablePlan, names: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows missing a column (from an older On-Ramp) take the column's default, as the ORM would."""
    missing = [(n, d) for n, d in plan.defaults.items() if n not in names]
    if missing:
        rows = [(*row, *(d() for _n, d in missing)) for row in rows]
        names = (*names, *(n for n, _d in missing))
    head = f"INSERT INTO {plan.table.name} ({', '.join(names)}) VALUES "
    for chunk, values in _chunks(rows, len(names)):
        conn.exec_driver_sql(head + values, tuple(chain.from_iterable(chunk)))


def _update(conn: Any, plan: TablePlan, names: tuple[str, ...], rows: list[tuple]) -> None:
    """Each row holds the new values of ``names``, then the id."""
    table = plan.table.name
    if sqlite3.sqlite_version_info < (3, 33):  # no UPDATE ... FROM: one statement per row
        sql = f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?"
        conn.exec_driver_sql(sql, rows)
        return
    assignments = ", ".join(f"{n} = v.column{i}" for i, n in enumerate(names, 1))
    head = f"UPDATE {table} SET {assignments} FROM (VALUES "
    tail = f") AS v WHERE {table}.id = v.column{len(names) + 1}"
    for chunk, values in _chunks(rows, len(names) + 1):
        conn.exec_driver_sql(head + values + tail, tuple(chain.from_iterable(chunk)))


def _chunks(rows: list[tuple], width: int) -> Iterator[tuple[list[tuple], str]]:
    """Rows in groups that fit one statement, each with its ``(?, ...), (?, ...)`` text."""
    per = max(1, MAX_VARIABLES // width)
    one = "(" + ", ".join("?" * width) + ")"
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        yield chunk, ", ".join([one] * len(chunk))


# Flagged conflicts -------------------------------------------------------------------------------------


def conflict_id(table: str, row_id: str, c: P.FieldConflict) -> str:
    return str(uuid.uuid5(CONFLICT_NAMESPACE, f"{table}/{row_id}/{c.field}/{c.by}/{c.seq}"))


def apply_conflicts(session: Session, changes: list[dict[str, Any]]) -> None:
    """Mirror the hub's flags: new ones become Conflict rows, settled ones are marked resolved."""
    conn = session.connection()
    wanted: dict[str, tuple[str, str, P.FieldConflict]] = {}
    for change in changes:
        for c in change["conflicts"]:
            wanted[conflict_id(change["table"], change["row_id"], c)] = (
                change["table"],
                change["row_id"],
                c,
            )
    if not wanted and conn.exec_driver_sql("SELECT 1 FROM conflicts WHERE resolved = 0 LIMIT 1").first() is None:
        return  # the usual case: nothing flagged here, nothing flagged in the page
    pulled = {(c["table"], c["row_id"]) for c in changes}
    settled = [
        cid
        for cid, table, row_id in _in_chunks(
            conn,
            "SELECT id, table_name, row_id FROM conflicts WHERE resolved = 0 AND row_id IN ({})",
            [c["row_id"] for c in changes],
        )
        if (table, row_id) in pulled and cid not in wanted
    ]
    for start in range(0, len(settled), CHUNK):
        conn.execute(update(Conflict).where(Conflict.id.in_(settled[start : start + CHUNK])).values(resolved=True))
    if not wanted:
        return
    new_ids = list(wanted)
    known: set[str] = set()
    for start in range(0, len(new_ids), CHUNK):
        known.update(conn.execute(select(Conflict.id).where(Conflict.id.in_(new_ids[start : start + CHUNK]))).scalars())
    for cid, (table, row_id, c) in wanted.items():
        if cid in known:
            continue
        session.add(
            Conflict(
                id=cid,
                table_name=table,
                row_id=row_id,
                field=c.field,
                local_value=json.dumps(c.kept, ensure_ascii=False),
                remote_value=json.dumps(c.other, ensure_ascii=False),
                detected_at=utcnow(),
            )
        )

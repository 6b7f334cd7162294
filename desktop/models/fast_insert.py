"""New shared rows written straight to SQLite, for hot paths: a kiosk sign-in, a folder of lessons.

The ORM's unit of work costs far more than the inserts themselves when many
rows are added at once. ``insert_new_rows`` stamps each row with the flush hook's
own function (``desktop.models.outbox.stamp_new_row``: Python-side defaults, a
fresh clock value, this device as origin, the outbox fields) and writes it with
its outbox entry in the session's own transaction, so the rows commit or roll
back with everything else. Values are converted by the columns' own SQLAlchemy
types, as the ORM converts them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.models.base import Synced, new_id, table_of, utcnow
from desktop.models.database import sqlite_driver
from desktop.models.local import OutboxEntry
from desktop.models.outbox import CLOCK_KEY, REMOTE_KEY, insert_entry_values, stamp_new_row

Processor = Callable[[Any], Any] | None
Batch = tuple[type[Synced], Iterable[Mapping[str, Any]]]

_OUTBOX_SQL = (
    "INSERT INTO outbox (op_id, table_name, row_id, op, fields, base_version, version, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class _Plan:
    """How rows of one table are inserted: its columns in table order, each with its converter to
    the stored value."""

    sql: str
    columns: tuple[tuple[str, Processor], ...]
    keys: frozenset[str]

    def converter(self, key: str) -> Processor:
        return next(convert for k, convert in self.columns if k == key)


_plans: dict[tuple[str, str], _Plan] = {}


def _required(convert: Processor) -> Callable[[Any], Any]:
    """The converter of a column the dialect must convert (a JSON or date column always is)."""
    if convert is None:
        raise RuntimeError("this database stores the outbox's JSON and dates without conversion")
    return convert


def _plan(table: Table, dialect: Dialect) -> _Plan:
    key = (table.name, dialect.name)
    plan = _plans.get(key)
    if plan is None:
        columns = tuple((c.key, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in table.columns)
        names = ", ".join(c.name for c in table.columns)
        marks = ", ".join("?" for _ in columns)
        plan = _plans[key] = _Plan(
            sql=f"INSERT INTO {table.name} ({names}) VALUES ({marks})",
            columns=columns,
            keys=frozenset(c.key for c in table.columns),
        )
    return plan


def insert_new_rows(session: Session, model: type[Synced], rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Insert new rows of ``model``, each with its outbox entry, as the flush hook would record them.

    ``rows`` map column names to values; columns left out (or None) take their
    defaults. Clock values are issued in the order of ``rows``. Returns the rows
    as stored, stamps included.
    """
    return insert_new_batches(session, [(model, rows)])[0]


def insert_new_batches(session: Session, batches: Sequence[Batch]) -> list[list[dict[str, Any]]]:
    """``insert_new_rows`` for several tables at once, inserted in the order given (parents
    first). A long text that several rows share (a lesson and its first version) is
    encoded for the outbox once."""
    if session.info.get(REMOTE_KEY):
        raise RuntimeError("rows from the hub keep their own clock values: add them through the ORM")
    clock = session.info[CLOCK_KEY]
    if session.new or session.dirty or session.deleted:
        session.flush()  # earlier changes first, so the outbox keeps the order they were made in
    connection = session.connection()
    dialect = connection.dialect
    outbox = _plan(table_of(OutboxEntry), dialect)
    encode_fields = _FieldsEncoder(_required(outbox.converter("fields")))
    created = _required(outbox.converter("created_at"))(utcnow())

    stored: list[list[dict[str, Any]]] = []
    inserts: list[tuple[str, list[tuple[Any, ...]]]] = []
    outbox_params: list[tuple[Any, ...]] = []
    for model, rows in batches:
        plan = _plan(table_of(model), dialect)
        table_name = model.__tablename__
        done: list[dict[str, Any]] = []
        params: list[tuple[Any, ...]] = []
        for values in rows:
            if not plan.keys.issuperset(values):
                raise ValueError(f"{table_name} has no column {sorted(set(values) - plan.keys)}")
            row, fields = stamp_new_row(model, values, clock)
            params.append(tuple(convert(row[key]) if convert else row[key] for key, convert in plan.columns))
            entry = insert_entry_values(model, row, fields)
            outbox_params.append(
                (
                    new_id(),
                    entry["table_name"],
                    entry["row_id"],
                    entry["op"],
                    encode_fields(entry["fields"]),
                    entry["base_version"],
                    entry["version"],
                    created,
                )
            )
            done.append(row)
        stored.append(done)
        inserts.append((plan.sql, params))
    driver = sqlite_driver(connection.connection)
    for sql, params in inserts:
        if params:
            driver.executemany(sql, params)
    if outbox_params:
        driver.executemany(_OUTBOX_SQL, outbox_params)
    return stored


_LONG = 512  # characters: texts this long are worth encoding only once


class _FieldsEncoder:
    """Outbox fields as the JSON column stores them, with each long text encoded once.

    The JSON of an object is its members' JSON joined by ", ", so runs of short
    fields are encoded together and long texts spliced in from a memo. The first
    call checks this gives exactly the column's own output, and falls back to it if not.
    """

    def __init__(self, to_json: Callable[[Any], str]) -> None:
        self._to_json = to_json
        self._memo: dict[str, str] = {}
        sample = {"a": 1, "text": 'é\n"x" ' * _LONG, "b": [True, None, {"c": 1.5}]}
        self._splices = self._spliced(sample) == to_json(sample)
        self._memo.clear()

    def __call__(self, fields: dict[str, Any]) -> str:
        if self._splices:
            return self._spliced(fields)
        return self._to_json(fields)

    def _spliced(self, fields: dict[str, Any]) -> str:
        parts: list[str] = []
        short: dict[str, Any] = {}
        for key, value in fields.items():
            if type(value) is str and len(value) >= _LONG:
                if short:
                    parts.append(self._to_json(short)[1:-1])
                    short = {}
                encoded = self._memo.get(value)
                if encoded is None:
                    encoded = self._memo[value] = self._to_json(value)
                parts.append(f"{self._to_json(key)}: {encoded}")
            else:
                short[key] = value
        if not parts:
            return self._to_json(fields)
        if short:
            parts.append(self._to_json(short)[1:-1])
        return "{" + ", ".join(parts) + "}"

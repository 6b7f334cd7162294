"""Stamping and recording every local change to a shared row.

JSON columns must be reassigned (``p.languages = [*p.languages, "es"]``), not
mutated in place, for the change to be seen.

A ``before_flush`` listener gives each new, changed or tombstoned shared row
a fresh clock value and this device as its origin, and appends an outbox
entry in the same transaction: a change is either saved with its outbox
entry or not saved at all.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from desktop.models.base import SENT_ONLY_WHEN_SET_KEY, Synced
from desktop.models.clock import HybridLogicalClock
from desktop.models.local import OutboxEntry

CLOCK_KEY = "onramp.clock"
REMOTE_KEY = "onramp.applying_remote"
PURGE_KEY = "onramp.allow_purge"


class HardDeleteError(RuntimeError):
    """Shared rows are tombstoned (``deleted = True``), never removed outright."""


_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_wire(value: Any) -> Any:
    """A column value as JSON: datetimes and dates as ISO 8601 text."""
    if type(value) in _PLAIN:  # most values: answered without the checks below
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    return value


def row_fields(obj: Synced) -> dict[str, Any]:
    """Every content column of a shared row, as JSON values (a column sent only when set, only then)."""
    return {
        key: to_wire(value)
        for key, column, is_meta in _columns(type(obj))
        if not is_meta and _travels(column, value := getattr(obj, key))
    }


def _travels(column: Any, value: Any) -> bool:
    """Whether a new row's ``value`` of ``column`` goes into its outbox entry (see SENT_ONLY_WHEN_SET)."""
    if not column.info.get(SENT_ONLY_WHEN_SET_KEY):
        return True
    default = python_default(column)
    return not (value == default or (value is None and default is NO_DEFAULT))


def _changed_fields(obj: Synced) -> tuple[dict[str, Any], str]:
    """Columns changed since load, and the version the change started from."""
    state = inspect(obj)
    changed: dict[str, Any] = {}
    base_version = ""
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if attr.key == "updated_at":
            base_version = (
                (history.deleted[0] if history.deleted else history.unchanged[0])
                if (history.deleted or history.unchanged)
                else ""
            )
            continue
        if attr.key in Synced.SYNC_META:
            continue
        if history.has_changes():
            changed[attr.key] = to_wire(getattr(obj, attr.key))
    return changed, base_version or ""


def _before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    clock: HybridLogicalClock | None = session.info.get(CLOCK_KEY)
    if clock is None:
        return  # a session not bound to a Database (e.g. Alembic) records nothing
    remote = session.info.get(REMOTE_KEY, False)

    for obj in list(session.deleted):
        if isinstance(obj, Synced) and not session.info.get(PURGE_KEY):
            raise HardDeleteError(f"{type(obj).__name__} rows are shared: set deleted=True instead of deleting")
    if remote:
        return

    entries: list[OutboxEntry] = []
    for obj in list(session.new):
        if not isinstance(obj, Synced):
            continue
        model = type(obj)
        row, fields = stamp_new_row(model, {key: getattr(obj, key) for key, _c, _m in _columns(model)}, clock)
        for key, value in row.items():
            if getattr(obj, key) is not value:
                setattr(obj, key, value)
        entries.append(insert_entry(model, row, fields))
    for obj in list(session.dirty):
        if not isinstance(obj, Synced) or not session.is_modified(obj):
            continue
        changed, base_version = _changed_fields(obj)
        if not changed:
            continue
        obj.updated_at = clock.now()
        obj.origin = clock.node
        op = "delete" if changed.get("deleted") is True else "update"
        entries.append(
            OutboxEntry(
                table_name=obj.__tablename__,
                row_id=obj.id,
                op=op,
                fields=changed,
                base_version=base_version,
                version=obj.updated_at,
            )
        )
    session.add_all(entries)


NO_DEFAULT: Any = object()


def python_default(column: Any) -> Any:
    """A fresh value of a column's Python-side default, or ``NO_DEFAULT`` if it has none."""
    default = column.default
    if default is None:
        return NO_DEFAULT
    if default.is_callable:
        return default.arg(None)
    if default.is_scalar:
        return default.arg
    return NO_DEFAULT


_COLUMNS: dict[type, tuple[tuple[str, Any, bool], ...]] = {}


def _columns(model: type[Synced]) -> tuple[tuple[str, Any, bool], ...]:
    """(key, column, whether it is sync bookkeeping) of a shared model, in the mapper's order."""
    found = _COLUMNS.get(model)
    if found is None:
        found = _COLUMNS[model] = tuple(
            (attr.key, attr.columns[0], attr.key in Synced.SYNC_META) for attr in inspect(model).column_attrs
        )
    return found


def stamp_new_row(
    model: type[Synced], values: Mapping[str, Any], clock: HybridLogicalClock
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new shared row as it is stored, and the fields its outbox entry carries.

    The one place a new row is stamped, for the flush hook and the fast insert path alike:
    columns left out (or None) take their Python-side defaults (the id among them), the row gets
    a fresh clock value and this device as its origin.
    """
    version = clock.now()
    row: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for key, column, is_meta in _columns(model):
        value: Any
        if is_meta:
            value = version if key == "updated_at" else clock.node
        else:
            value = values.get(key)
            default = python_default(column)
            if value is None and default is not NO_DEFAULT:
                value = default
            if _travels(column, value):
                fields[key] = to_wire(value)
        row[key] = value
    return row, fields


def insert_entry_values(model: type[Synced], row: Mapping[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """The outbox entry of a new row stamped by ``stamp_new_row``, as column values (the fast
    insert path writes these itself; ``insert_entry`` makes the ORM object of the same)."""
    return {
        "table_name": model.__tablename__,
        "row_id": row["id"],
        "op": "insert",
        "fields": fields,
        "base_version": "",
        "version": row["updated_at"],
    }


def insert_entry(model: type[Synced], row: Mapping[str, Any], fields: dict[str, Any]) -> OutboxEntry:
    """The outbox entry of a new row stamped by ``stamp_new_row``."""
    return OutboxEntry(**insert_entry_values(model, row, fields))


def install(_session_factory: Any = None) -> None:
    """Attach the listener to every ORM session, once per process.

    It is registered on the Session class rather than on each sessionmaker:
    SQLAlchemy's ``event.contains`` answers yes for a fresh sessionmaker, so a
    per-factory "install once" check would leave later databases with no outbox.
    Sessions without a clock (Alembic, other tools) are ignored by the listener.
    """
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)


@contextlib.contextmanager
def applying_remote(session: Session) -> Iterator[Session]:
    """Within this block, changes come from the hub: keep their clock values, write no outbox."""
    session.info[REMOTE_KEY] = True
    try:
        yield session
        session.flush()  # flush now, while the flag still holds, not at commit
    finally:
        session.info.pop(REMOTE_KEY, None)


@contextlib.contextmanager
def allowing_purge(session: Session) -> Iterator[Session]:
    """Within this block shared rows may be removed outright (erasure, remote purge)."""
    session.info[PURGE_KEY] = True
    try:
        yield session
        session.flush()  # flush now, while the flag still holds, not at commit
    finally:
        session.info.pop(PURGE_KEY, None)

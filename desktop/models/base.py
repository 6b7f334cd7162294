"""Declarative base and the sync metadata every shared row carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, FromClause, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names so Alembic migrations (batch mode on SQLite) can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """Primary keys are made on the laptop, so two offline laptops never collide."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def table_of(model: type[Any]) -> Table:
    """The ``Table`` a mapped class is declared on.

    SQLAlchemy types ``__table__`` as any ``FromClause`` (a mapping may target a join or a
    select); every model here is declared on one table, which code that reads its columns relies on.
    """
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a single table")
    return table


# A column added after laptops and hubs were in the field travels in a new row's insert only when it
# holds something other than its default: the receiver fills the default in (as it does for any
# column an older laptop does not know), so a hub not yet updated keeps accepting every other row.
SENT_ONLY_WHEN_SET_KEY = "sent_only_when_set"
SENT_ONLY_WHEN_SET: dict[str, Any] = {SENT_ONLY_WHEN_SET_KEY: True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


class Synced:
    """Mixin for rows shared through the hub.

    ``updated_at`` is a hybrid-logical-clock value, ``origin`` the device that
    made the last change, ``deleted`` a tombstone: shared rows are never
    removed outright, so the deletion itself can travel.
    """

    # Set by the mapped class this is mixed into (declared here so code that handles any synced
    # model, such as sync, is type-checked against them).
    __tablename__: Any
    __table__: ClassVar[FromClause]

    # Append-only facts keep every copy on conflict; edited records merge per field.
    sync_kind: ClassVar[str] = "edited"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    updated_at: Mapped[str] = mapped_column(String(64), default="", index=True)
    origin: Mapped[str] = mapped_column(String(36), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    # Columns that are bookkeeping, not content: never part of a change set.
    SYNC_META: ClassVar[frozenset[str]] = frozenset({"updated_at", "origin"})

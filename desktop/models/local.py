"""Local-only bookkeeping: this device, its outbox and its sync state. Never synced."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, new_id, utcnow


class Device(Base):
    """This laptop's identity. Exactly one row."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    device_id: Mapped[str] = mapped_column(String(36), default=new_id)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The latest hybrid-logical-clock value issued here; the clock resumes from it.
    last_clock: Mapped[str] = mapped_column(String(64), default="")
    # Written both here and beside the file: a mismatch means the file was copied or restored.
    instance_marker: Mapped[str] = mapped_column(String(36), default=new_id)


class OutboxEntry(Base):
    """One local change waiting to be pushed to the hub, oldest first."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(8))  # insert, update, delete
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    base_version: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set when the hub refused the op; kept for the host to see, never dropped silently.
    rejected_reason: Mapped[str | None] = mapped_column(Text, default=None)


class SyncState(Base):
    """Where this laptop stands with its hub. Exactly one row once enrolled."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    hub_url: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    device_token: Mapped[str] = mapped_column(Text, default="")
    pull_cursor: Mapped[int] = mapped_column(Integer, default=0)
    # The hub's mark for the history up to ``pull_cursor``; a hub that later disagrees was restored.
    pull_mark: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # The hub's position and mark after the newest push it acknowledged (checked like the cursor).
    pushed_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    pushed_mark: Mapped[str] = mapped_column(String(64), default="", server_default="")
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")


class Conflict(Base):
    """A field changed two ways on two laptops: both values kept for a person to choose."""

    __tablename__ = "conflicts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(64))
    local_value: Mapped[Any] = mapped_column(Text)
    remote_value: Mapped[Any] = mapped_column(Text)
    detected_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(default=False)


class QuarantinedChange(Base):
    """A pulled row this app cannot use (it breaks the shared schema): kept aside, never applied."""

    __tablename__ = "quarantined_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    field: Mapped[str] = mapped_column(String(64), default="", server_default="")  # at fault; "" for the row
    reason: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)  # the change as received, JSON text
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# The lesson commons, as this laptop last received it from its hub (filled after each sync's pull) ----------


class CommonsEntry(Base):
    """One published version of a commons lesson, as the hub's catalogue gave it. ``search_text`` is
    what the Commons view's search looks in, folded (``desktop.text.fold``) once when stored."""

    __tablename__ = "commons_entries"
    __table_args__ = (Index("ix_commons_entries_lesson_number", "commons_lesson_id", "number"),)

    version_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    commons_lesson_id: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(32), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    tags: Mapped[list[str]] = mapped_column(default=list)
    licence: Mapped[str] = mapped_column(String(32))
    authors: Mapped[list[str]] = mapped_column(default=list)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    source_version_id: Mapped[str | None] = mapped_column(String(64), default=None)
    parent_version_id: Mapped[str | None] = mapped_column(String(64), default=None)
    published_at: Mapped[str] = mapped_column(String(40), default="")  # as the hub wrote it (ISO 8601)
    text: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")


class CommonsRemoved(Base):
    """A commons lesson its organisation unpublished: gone from the catalogue (copies already taken stay)."""

    __tablename__ = "commons_removed"

    commons_lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class CommonsUsage(Base):
    """How much a commons lesson was used, across organisations (the hub's aggregates, never people)."""

    __tablename__ = "commons_usage"

    commons_lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    organisations: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[float | None] = mapped_column(Float, default=None)  # None: fewer than 5 exit cards


class CommonsState(Base):
    """Where this laptop's copy of the catalogue stands with ``hub_url``. Exactly one row once fetched."""

    __tablename__ = "commons_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    hub_url: Mapped[str] = mapped_column(Text, default="")
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)  # the catalogue's ``last_seq`` stored here
    usage_etag: Mapped[str] = mapped_column(Text, default="")

"""The hub's typed projection of the records the reports read, so it runs the laptop's reports.

The ``rows`` table keeps each synced record as JSON text, which is right for pulls and wrong for
reports. For each table the laptop's reports domain reads, ``report_<table>`` holds the complete,
current rows of every organisation with the laptop's own columns (same names, same types, taken
from ``desktop.models.entities``), keyed by ``(org_id, id)``. ``hub.merge`` keeps it in step inside
each push's transaction; migration 0004 fills it from the rows already stored.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table

from desktop.models.base import table_of
from desktop.models.entities import (
    ExitCard,
    FollowUp,
    Intervention,
    LadderStep,
    Lesson,
    Participant,
    SignIn,
    TasterSession,
    Venue,
)
from hub.store import metadata

# The laptop's tables the reports read, by name.
LAPTOP_TABLES: dict[str, Table] = {
    table_of(m).name: table_of(m)
    for m in (Venue, TasterSession, Lesson, Participant, SignIn, ExitCard, Intervention, FollowUp, LadderStep)
}


# The laptop's "signed in lately" lists read this one; no report asks by the time of signing in.
_SCREENS_ONLY = {"ix_sign_ins_recent"}


def _kept_indexes(laptop: Table) -> list[Index]:
    """The laptop's indexes the reports use: its covering (several-column) indexes, and those on a
    reference to another record not already led by one of them. Bookkeeping and lookup indexes
    (updated_at, the kiosk's search key) serve the laptop's screens, not reports."""
    several = [i for i in laptop.indexes if len(i.columns) > 1 and i.name not in _SCREENS_ONLY]
    led = {next(iter(i.columns)).name for i in several}
    single = [
        i
        for i in laptop.indexes
        if len(i.columns) == 1 and (c := next(iter(i.columns))).foreign_keys and c.name not in led
    ]
    return sorted(several + single, key=lambda i: str(i.name))


def _projection_of(laptop: Table) -> Table:
    """``report_<name>``: ``org_id`` and the laptop's columns (no references: rows arrive in any order)."""
    name = f"report_{laptop.name}"
    columns = [Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True)]
    columns += [
        Column(c.name, c.type.copy(), primary_key=c.primary_key, nullable=c.nullable and not c.primary_key)
        for c in laptop.columns
    ]
    indexes = [
        Index(f"ix_report_{str(i.name).removeprefix('ix_')}", "org_id", *(c.name for c in i.columns))
        for i in _kept_indexes(laptop)
    ]
    return Table(name, metadata, *columns, *indexes)


PROJECTED: dict[str, Table] = {name: _projection_of(laptop) for name, laptop in LAPTOP_TABLES.items()}

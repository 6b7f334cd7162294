"""CSV export of the tables a host or organiser cares about, readable in a spreadsheet as it is.

Beside each id stands what a person knows it by (the venue's name, the session's and lessons'
titles, the person's name); each barrier has its own 0/1 column, headed with its label; times are
ISO 8601 in the laptop's local time with its offset (2026-11-28T14:05:00+01:00). UTF-8 with a BOM,
so spreadsheet apps read accents right.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import (
    Database,
    ExitCard,
    Lesson,
    PairingGroup,
    PairingRound,
    Participant,
    SignIn,
    TasterSession,
    Venue,
)
from desktop.models.base import Synced
from desktop.vocabulary import BARRIER_LABELS, BARRIERS

EXPORTS: tuple[tuple[str, type[Synced]], ...] = (
    ("venues", Venue),
    ("sessions", TasterSession),
    ("participants", Participant),
    ("sign_ins", SignIn),
    ("exit_cards", ExitCard),
    ("pairings", PairingGroup),
)
_HIDDEN = {"updated_at", "origin", "search_key", "phone_last4"}
# Stored as the venue's wall-clock time; every other time is stored in UTC.
_WALL_CLOCK = {(TasterSession, "starts_at")}


@dataclass
class Names:
    """What each id is called, read once for the whole export (deleted rows too: old rows still name them)."""

    venues: dict[str, str]
    sessions: dict[str, tuple[str, str]]  # id -> (title, venue id)
    lessons: dict[str, str]
    people: dict[str, str]
    rounds: dict[str, str]  # pairing round id -> session id

    @classmethod
    def read(cls, s: Session) -> Names:
        return cls(
            venues=dict(s.execute(select(Venue.id, Venue.name)).all()),
            sessions={
                i: (t, v)
                for i, t, v in s.execute(select(TasterSession.id, TasterSession.title, TasterSession.venue_id))
            },
            lessons=dict(s.execute(select(Lesson.id, Lesson.title)).all()),
            people={
                i: f"{first} {last}".strip()
                for i, first, last in s.execute(select(Participant.id, Participant.first_name, Participant.last_name))
            },
            rounds=dict(s.execute(select(PairingRound.id, PairingRound.session_id)).all()),
        )

    def session_title(self, session_id: str | None) -> str:
        return self.sessions.get(session_id or "", ("", ""))[0]

    def session_venue(self, session_id: str | None) -> str:
        return self.venues.get(self.sessions.get(session_id or "", ("", ""))[1], "")


# Columns added after a column holding ids: (header, value from the row's own value).
Extra = tuple[str, Callable[[Names, Any], str]]


def _beside(column: str) -> list[Extra]:
    """The readable columns that follow ``column``."""
    join = "; ".join
    if column == "venue_id":
        return [("venue_name", lambda n, v: n.venues.get(v, ""))]
    if column == "session_id":
        return [("session_title", Names.session_title), ("venue_name", Names.session_venue)]
    if column == "round_id":
        return [
            ("session_title", lambda n, v: n.session_title(n.rounds.get(v))),
            ("venue_name", lambda n, v: n.session_venue(n.rounds.get(v))),
        ]
    if column == "lesson_ids":
        return [("lesson_titles", lambda n, v: join(n.lessons.get(i, "") for i in v or []))]
    if column == "participant_id":
        return [("participant_name", lambda n, v: n.people.get(v, "") if v else "")]
    if column == "member_ids":
        return [("member_names", lambda n, v: join(n.people.get(i, "") for i in v or []))]
    return []


def local_time(value: datetime, wall_clock: bool = False) -> str:
    """ISO 8601 in the laptop's local time with its offset: 2026-11-28T14:05:00+01:00."""
    aware = value.astimezone() if wall_clock else value.replace(tzinfo=UTC).astimezone()
    return aware.isoformat(timespec="seconds")


# A spreadsheet runs a cell that starts with one of these as a formula: a name typed at the kiosk as
# "=HYPERLINK(…)" must open as the text it is. A leading apostrophe is how spreadsheets mark text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """``value`` as a spreadsheet shows it, never run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _cell(value: object, wall_clock: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, datetime):
        return local_time(value, wall_clock)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return as_text("; ".join(value))
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def table_rows(s: Session, model: type[Synced], names: Names) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of one table, as they go into its CSV file."""
    # The id first, as a spreadsheet reader expects; "deleted" never holds anything but no here.
    columns = ["id", *(c.key for c in inspect(model).column_attrs if c.key not in _HIDDEN | {"id", "deleted"})]
    header: list[str] = []
    for column in columns:
        if column == "barriers":
            header += [_("Barrier: {label}").format(label=_(BARRIER_LABELS[b])) for b in BARRIERS]
            continue
        header.append(column)
        header += [title for title, _value in _beside(column)]
    rows = []
    for record in s.scalars(select(model).where(model.deleted.is_(False))):
        row: list[str] = []
        for column in columns:
            value = getattr(record, column)
            if column == "barriers":
                row += ["1" if b in (value or []) else "0" for b in BARRIERS]
                continue
            row.append(_cell(value, (model, column) in _WALL_CLOCK))
            row += [as_text(readable(names, value)) for _title, readable in _beside(column)]
        rows.append(row)
    return header, rows


def export_csv(db: Database, out_dir: Path) -> list[tuple[Path, int]]:
    """One UTF-8 CSV (with BOM, so spreadsheet apps read accents right) per table; tombstones left out."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with db.session() as s:
        names = Names.read(s)
        for name, model in EXPORTS:
            header, rows = table_rows(s, model, names)
            path = out_dir / f"{name}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows(rows)
            written.append((path, len(rows)))
    return written

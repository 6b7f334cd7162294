"""Needs attention: what an organiser should put right soon, each item saying what is missing and where.

- upcoming sessions (the next UPCOMING_DAYS days) with no helper, no lesson, or at a venue whose
  access notes are empty;
- laptops that have not synced for QUIET_LAPTOP_DAYS days;
- closed sessions of the last UNCOUNTED_DAYS days with no headcount: nobody signed in and the host
  gave no estimate.

No person's name appears: only venues, dates, session titles and laptops' names. Everything is read
through a Scope, as on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from desktop.i18n import N_
from desktop.reports import definitions as d
from desktop.reports.definitions import Tables
from hub.boards.health import LaptopSync, laptops_in_scope
from hub.boards.venues import venue_labels
from hub.projection import report_tables
from hub.scope import Scope
from hub.store import organisations

UPCOMING_DAYS = 30
QUIET_LAPTOP_DAYS = 30
UNCOUNTED_DAYS = 365

NO_HELPER, NO_LESSON, NO_ACCESS_NOTES = "helper", "lesson", "access_notes"
MISSING_LABELS = {
    NO_HELPER: N_("No helper"),
    NO_LESSON: N_("No lesson chosen"),
    NO_ACCESS_NOTES: N_("The venue has no access notes"),
}
RULES = N_(
    "Sessions in the next {upcoming} days with no helper, no lesson, or at a venue with no access notes "
    "(how to get in, step-free access, where to go). Laptops that have not synced with the hub for "
    "{laptops} days or more. Closed sessions of the last {uncounted} days with no headcount: nobody signed "
    "in and the host gave no estimate of how many came."
)


@dataclass(frozen=True)
class SessionGap:
    """An upcoming session and what it still lacks (keys of MISSING_LABELS)."""

    session_id: str
    starts_at: datetime
    venue_name: str
    title: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Uncounted:
    """A closed session nobody signed in to and with no estimate from the host."""

    session_id: str
    starts_at: datetime
    venue_name: str
    title: str


@dataclass(frozen=True)
class OrgAttention:
    org_id: int
    name: str
    upcoming: list[SessionGap]
    laptops: list[LaptopSync]  # not synced for QUIET_LAPTOP_DAYS days (or never)
    uncounted: list[Uncounted]

    @property
    def is_empty(self) -> bool:
        return not (self.upcoming or self.laptops or self.uncounted)


def needs_attention(conn: Connection, scope: Scope, *, now: datetime) -> list[OrgAttention]:
    """What needs attention in every organisation ``scope`` may read, by organisation name.

    ``now`` is venue-local time, as sessions' start times are; laptops' sync times are the hub's (UTC):
    a few hours either way does not matter at QUIET_LAPTOP_DAYS days.
    """
    names = dict(
        conn.execute(
            select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(sorted(scope.orgs)))
        ).all()
    )
    found = [org_attention(conn, scope, org_id, name, now=now) for org_id, name in names.items()]
    return sorted(found, key=lambda o: o.name.casefold())


def org_attention(conn: Connection, scope: Scope, org_id: int, name: str, *, now: datetime) -> OrgAttention:
    """NotFound when ``org_id`` is not the viewer's to read."""
    t = report_tables(scope, org_id)
    venues = _venues(conn, t, venue_labels(conn, scope, org_id))
    return OrgAttention(
        org_id,
        name,
        _upcoming(conn, t, venues, now),
        _quiet_laptops(conn, scope, org_id, now),
        _uncounted(conn, t, venues, now),
    )


def _venues(conn: Connection, t: Tables, labels: dict[str, str]) -> dict[str, tuple[str, str]]:
    """venue id -> (name, access notes) of the venues in ``t`` (only those the viewer may read), each
    named as ``labels`` (``venues.venue_labels``) tells it apart."""
    v = t.venues
    rows = conn.execute(select(v.c.id, v.c.name, v.c.access_notes).where(v.c.deleted.is_(False)))
    return {venue_id: (labels.get(venue_id, name), notes or "") for venue_id, name, notes in rows}


def missing_for(helpers: Sequence[str], lesson_ids: Sequence[str], access_notes: str) -> tuple[str, ...]:
    """What an upcoming session lacks, in the order MISSING_LABELS lists it."""
    missing = []
    if not [h for h in helpers if h.strip()]:
        missing.append(NO_HELPER)
    if not lesson_ids:
        missing.append(NO_LESSON)
    if not access_notes.strip():
        missing.append(NO_ACCESS_NOTES)
    return tuple(missing)


def _upcoming(conn: Connection, t: Tables, venues: dict[str, tuple[str, str]], now: datetime) -> list[SessionGap]:
    s = t.sessions
    rows = conn.execute(
        select(s.c.id, s.c.starts_at, s.c.venue_id, s.c.title, s.c.helpers, s.c.lesson_ids)
        .where(
            s.c.deleted.is_(False),
            s.c.status != "closed",
            s.c.starts_at >= now,
            s.c.starts_at < now + timedelta(days=UPCOMING_DAYS),
            s.c.venue_id.in_(sorted(venues)),
        )
        .order_by(s.c.starts_at, s.c.id)
    )
    gaps = []
    for session_id, starts_at, venue_id, title, helpers, lesson_ids in rows:
        venue_name, notes = venues[venue_id]
        missing = missing_for(helpers or [], lesson_ids or [], notes)
        if missing:
            gaps.append(SessionGap(session_id, starts_at, venue_name, title or "", missing))
    return gaps


def _quiet_laptops(conn: Connection, scope: Scope, org_id: int, now: datetime) -> list[LaptopSync]:
    since = now - timedelta(days=QUIET_LAPTOP_DAYS)
    laptops = laptops_in_scope(conn, scope, org_id)
    return [laptop for laptop in laptops if (laptop.last_seen_at or laptop.enrolled_at) <= since]


def _uncounted(conn: Connection, t: Tables, venues: dict[str, tuple[str, str]], now: datetime) -> list[Uncounted]:
    s = t.sessions
    held = d.held_sessions(t).subquery("held")
    rows = conn.execute(
        select(s.c.id, s.c.starts_at, s.c.venue_id, s.c.title)
        .where(
            s.c.deleted.is_(False),
            s.c.status == "closed",
            s.c.starts_at >= now - timedelta(days=UNCOUNTED_DAYS),
            s.c.starts_at <= now,
            s.c.venue_id.in_(sorted(venues)),
            s.c.id.not_in(select(held.c.id)),
        )
        .order_by(s.c.starts_at.desc(), s.c.id)
    )
    return [Uncounted(session_id, at, venues[venue_id][0], title or "") for session_id, at, venue_id, title in rows]

"""What the Today page shows: today's sessions, the week ahead, and who came lately."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.sessions.wording import session_is_over


@dataclass(frozen=True)
class SessionSummary:
    id: str
    title: str
    venue: str
    starts_at: datetime
    duration_minutes: int
    status: str
    signed_in: int
    capacity: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def is_over(self, now: datetime) -> bool:
        return session_is_over(self.status, self.ends_at, now)


@dataclass(frozen=True)
class TodayOverview:
    today: list[SessionSummary]
    upcoming: list[SessionSummary]
    people_last_30_days: int


# SQLAlchemy's way of keeping a date and time in SQLite: text that sorts as the time does.
_STORED = "%Y-%m-%d %H:%M:%S.%f"

_SUMMARIES = """
SELECT s.id, s.title, v.name, s.starts_at, s.duration_minutes, s.status, coalesce(n.signed_in, 0), s.capacity
FROM sessions AS s
JOIN venues AS v ON v.id = s.venue_id
LEFT JOIN (
    SELECT session_id, count(*) AS signed_in FROM sign_ins
    WHERE voided = 0 AND deleted = 0
      AND session_id IN (SELECT id FROM sessions WHERE starts_at >= :start AND starts_at < :end)
    GROUP BY session_id
) AS n ON n.session_id = s.id
WHERE s.deleted = 0 AND s.starts_at >= :start AND s.starts_at < :end
ORDER BY s.starts_at
"""

_PEOPLE_SINCE = "SELECT count(DISTINCT participant_id) FROM sign_ins WHERE signed_in_at >= ? AND voided = 0"


def _summaries(conn: sqlite3.Connection, start: datetime, end: datetime) -> list[SessionSummary]:
    rows = conn.execute(_SUMMARIES, {"start": start.strftime(_STORED), "end": end.strftime(_STORED)})
    return [
        SessionSummary(sid, title, venue, datetime.fromisoformat(starts), minutes, status, n, capacity)
        for sid, title, venue, starts, minutes, status, n, capacity in rows
    ]


def today_overview(conn: sqlite3.Connection, on: date | None = None) -> TodayOverview:
    """Read with plain sqlite3 (``Database.read``): the window shows it first, before SQLAlchemy has loaded."""
    day = on or date.today()
    start = datetime.combine(day, datetime.min.time())
    tomorrow = start + timedelta(days=1)
    (people,) = conn.execute(_PEOPLE_SINCE, ((start - timedelta(days=30)).strftime(_STORED),)).fetchone()
    return TodayOverview(
        today=_summaries(conn, start, tomorrow),
        upcoming=_summaries(conn, tomorrow, tomorrow + timedelta(days=14)),
        people_last_30_days=int(people or 0),
    )

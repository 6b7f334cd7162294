"""What the Today page shows: today's sessions, the week ahead, and who came lately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import SignIn, TasterSession, Venue
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


def _summaries(session: Session, start: datetime, end: datetime) -> list[SessionSummary]:
    in_range = select(TasterSession.id).where(TasterSession.starts_at >= start, TasterSession.starts_at < end)
    counts = (
        select(SignIn.session_id, func.count().label("n"))
        .where(SignIn.voided.is_(False), SignIn.deleted.is_(False), SignIn.session_id.in_(in_range))
        .group_by(SignIn.session_id)
        .subquery()
    )
    rows = session.execute(
        select(TasterSession, Venue.name, func.coalesce(counts.c.n, 0))
        .join(Venue, Venue.id == TasterSession.venue_id)
        .outerjoin(counts, counts.c.session_id == TasterSession.id)
        .where(
            TasterSession.deleted.is_(False),
            TasterSession.starts_at >= start,
            TasterSession.starts_at < end,
        )
        .order_by(TasterSession.starts_at)
    )
    return [
        SessionSummary(ts.id, ts.title, venue, ts.starts_at, ts.duration_minutes, ts.status, n, ts.capacity)
        for ts, venue, n in rows
    ]


def today_overview(session: Session, on: date | None = None) -> TodayOverview:
    day = on or date.today()
    start = datetime.combine(day, datetime.min.time())
    tomorrow = start + timedelta(days=1)
    people = session.scalar(
        select(func.count(func.distinct(SignIn.participant_id))).where(
            SignIn.signed_in_at >= start - timedelta(days=30), SignIn.voided.is_(False)
        )
    )
    return TodayOverview(
        today=_summaries(session, start, tomorrow),
        upcoming=_summaries(session, tomorrow, tomorrow + timedelta(days=14)),
        people_last_30_days=int(people or 0),
    )

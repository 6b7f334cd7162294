"""What a chapter changed, and what followed: each intervention's venue before and after, in equal windows.

The windows are equal stretches of calendar time, not equal numbers of sessions: how many sessions
were held is itself something a change can move (a crèche that lets a session run every week), so
it is compared, not fixed. Each window is as long as the shorter of two stretches: from the first
session held at the venue up to the change, and from the change up to today (or its last day, if it
stopped). So the before window never reaches back before the venue began, and the after window never
holds days that have not happened or that came after the change stopped.

Every number comes from ``report.build_report`` over the window's sessions, so it is counted by the
same rules as the Reports page (``definitions``); every rate carries its counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.reports import definitions as d
from desktop.reports.definitions import LAPTOP, Tables
from desktop.reports.filters import ReportFilter
from desktop.reports.report import build_report, share
from desktop.vocabulary import BARRIER_LABELS, INTERVENTION_LABELS

# Below these, on either side, a difference can come from chance alone.
MIN_SESSIONS = 5
MIN_EXIT_CARDS = 20

HOW_WE_COMPARED = N_(
    "Each change is compared over two windows of the same length: the days just before it started and the "
    "days from its start. Each window is as long as the shorter of the time from the venue's first session "
    "to the change and the time from the change to today (or to its last day, if it stopped)."
)
SMALL_NUMBERS = N_(
    "With fewer than {sessions} sessions or {cards} exit cards on either side, a difference can come from "
    "chance alone, such as a few people more or less on one rainy day. Read it as a hint, not as proof."
)


def how_we_compared() -> list[str]:
    """The comparison explained in the current language, with its thresholds."""
    return [_(HOW_WE_COMPARED), _(SMALL_NUMBERS).format(sessions=MIN_SESSIONS, cards=MIN_EXIT_CARDS)]


@dataclass(frozen=True)
class Rate:
    """``part`` out of ``whole``, kept as counts so every rate can show what it is made of."""

    part: int
    whole: int

    @property
    def value(self) -> float:
        return share(self.part, self.whole)


@dataclass(frozen=True)
class Window:
    """The venue's numbers over ``start``..``end`` (both included); no days (start None) when there is
    nothing to compare."""

    start: date | None = None
    end: date | None = None
    sessions_held: int = 0
    visits: int = 0
    estimated: int = 0  # people the host counted by eye, at sessions nobody signed in to
    people: int = 0
    first_timers: int = 0
    returners: int = 0
    exit_cards: int = 0
    barrier_cards: int = 0  # exit cards naming the barrier the change answers

    @property
    def return_rate(self) -> Rate:
        return Rate(self.returners, self.people)

    @property
    def barrier_rate(self) -> Rate:
        return Rate(self.barrier_cards, self.exit_cards)


@dataclass(frozen=True)
class InterventionEffect:
    intervention_id: str
    venue_id: str
    kind: str
    description: str
    starts_on: date
    ends_on: date | None
    barrier: str  # the barrier it answers, a key of BARRIER_LABELS; "" none
    days: int  # the length of each window
    before: Window
    after: Window
    warnings: list[str] = field(default_factory=list)  # in the language current when it was built

    @property
    def kind_label(self) -> str:
        return _(INTERVENTION_LABELS.get(self.kind, self.kind))

    @property
    def barrier_label(self) -> str:
        return _(BARRIER_LABELS[self.barrier]) if self.barrier in BARRIER_LABELS else ""

    @property
    def too_small(self) -> bool:
        return bool(self.warnings)


def window_days(first_session: date | None, starts_on: date, ends_on: date | None, today: date) -> int:
    """The length in days of each window (0: nothing to compare). See the module's explanation."""
    if first_session is None or first_session >= starts_on:
        return 0
    last_day = min(today, ends_on) if ends_on is not None else today
    days_before = (starts_on - first_session).days
    days_after = (last_day - starts_on).days + 1
    return max(0, min(days_before, days_after))


def intervention_effects(
    session: Session,
    report_filter: ReportFilter | None = None,
    *,
    today: date,
    t: Tables = LAPTOP,
) -> list[InterventionEffect]:
    """Each intervention the filter covers (at its venues, started in its date range), oldest first, with
    its before and after windows. The filter's lessons and languages narrow the sessions compared."""
    f = report_filter or ReportFilter()
    iv = t.interventions
    where: list[ColumnElement[bool]] = [iv.c.deleted.is_(False)]
    if f.venue_ids:
        where.append(iv.c.venue_id.in_(f.venue_ids))
    if f.start is not None:
        where.append(iv.c.starts_on >= f.start)
    if f.end is not None:
        where.append(iv.c.starts_on <= f.end)
    held = d.held_sessions(t).subquery("held")
    # The first session held at the venue, before the change started: where its before window may begin.
    first_held = (
        select(func.min(held.c.starts_at))
        .where(held.c.venue_id == iv.c.venue_id, held.c.starts_at < iv.c.starts_on)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            iv.c.id, iv.c.venue_id, iv.c.kind, iv.c.description, iv.c.starts_on, iv.c.ends_on, iv.c.barrier, first_held
        )
        .where(*where)
        .order_by(iv.c.starts_on, iv.c.id)
    ).all()
    return [
        _effect(session, f, t, today, *row[:7], _as_date(row[7]))
        for row in rows  # one per intervention: a chapter records a handful
    ]


def _as_date(value: datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):  # an aggregate over a subquery may come back as SQLite's text
        value = datetime.fromisoformat(value)
    return value.date()


def _effect(
    session: Session,
    f: ReportFilter,
    t: Tables,
    today: date,
    intervention_id: str,
    venue_id: str,
    kind: str,
    description: str,
    starts_on: date,
    ends_on: date | None,
    barrier: str,
    first_session: date | None,
) -> InterventionEffect:
    days = window_days(first_session, starts_on, ends_on, today)
    before, after = Window(), Window()
    if days:
        span = timedelta(days=days)
        before = _window(session, f, t, venue_id, barrier, starts_on - span, starts_on - timedelta(days=1))
        after = _window(session, f, t, venue_id, barrier, starts_on, starts_on + span - timedelta(days=1))
    warnings = _warnings(days, first_session, before, after, barrier)
    return InterventionEffect(
        intervention_id, venue_id, kind, description, starts_on, ends_on, barrier, days, before, after, warnings
    )


def _window(
    session: Session, f: ReportFilter, t: Tables, venue_id: str, barrier: str, start: date, end: date
) -> Window:
    covered = ReportFilter(start, end, (venue_id,), f.lesson_ids, f.languages)
    report = build_report(session, covered, t=t)
    return Window(
        start=start,
        end=end,
        sessions_held=report.sessions_held,
        visits=report.visits,
        estimated=report.headcount_by_source["estimate"],
        people=report.people,
        first_timers=report.first_timers,
        returners=report.returners,
        exit_cards=report.exit_cards,
        barrier_cards=report.barriers.get(barrier, 0),
    )


def _warnings(days: int, first_session: date | None, before: Window, after: Window, barrier: str) -> list[str]:
    if not days:
        if first_session is None:
            return [_("No session was held at this venue before the change, so there is nothing to compare it with.")]
        return [_("The change started too recently to compare: wait until sessions have been held since.")]
    warnings = []
    if min(before.sessions_held, after.sessions_held) < MIN_SESSIONS:
        warnings.append(
            _(
                "Sessions held: {before} before the change and {after} after it. With fewer than {n} on either "
                "side, they are too few to tell whether the change made a difference."
            ).format(before=before.sessions_held, after=after.sessions_held, n=MIN_SESSIONS)
        )
    if barrier and min(before.exit_cards, after.exit_cards) < MIN_EXIT_CARDS:
        warnings.append(
            _(
                "Exit cards: {before} before the change and {after} after it. With fewer than {n} on either "
                "side, the barrier's share can differ by chance alone."
            ).format(before=before.exit_cards, after=after.exit_cards, n=MIN_EXIT_CARDS)
        )
    return warnings

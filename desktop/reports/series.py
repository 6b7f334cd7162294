"""Numbers for the Reports page's charts: attendance and barriers month by month, and the ladder funnel.

Each series is a plain dataclass with its numbers and a ``table()``: the same numbers as rows and
columns, for a screen reader beside the chart and for a CSV. Every number is counted by the rules in
``definitions`` with one SQL aggregate per series (grouped by month), so a month's numbers are the
ones ``report.build_report`` gives for that month. Months run over the filter's date range (or from
the first to the last month with anything in it), empty months included, so a chart shows a gap as
a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, cast, extract, func, select
from sqlalchemy.orm import Session

from desktop.dates import month_name
from desktop.i18n import N_, _, current_language
from desktop.reports import definitions as d
from desktop.reports.definitions import LAPTOP, Tables
from desktop.reports.filters import ReportFilter
from desktop.reports.ladder import STAGE_NAMES
from desktop.reports.report import HEADCOUNT_SOURCES, share
from desktop.vocabulary import BARRIER_LABELS, BARRIERS, PATHWAY_STAGES, SIGN_IN_SOURCES

# How each headcount source is named in a table's column (the Reports page's words).
SOURCE_NAMES = {
    "kiosk": N_("Signed in at the kiosk"),
    "host": N_("Signed in by the host"),
    "paper": N_("From a paper sheet"),
    "estimate": N_("The host's estimate"),
}

Cell = str | int | float  # a row's label, a count, or a share (a fraction from 0 to 1)
YearMonth = tuple[int, int]


@dataclass(frozen=True)
class Table:
    """A chart's numbers as a table. The first cell of each row is its label; counts are ints and shares
    fractions (``percent`` shows one as the page does)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def percent(fraction: float) -> str:
    """A share as the page shows it: "25%"."""
    return _("{n}%").format(n=round(fraction * 100))


def month_label(year: int, month: int) -> str:
    """ "January 2026" ("enero de 2026"), in the current language."""
    return _("{month} {year}").format(month=month_name(month, current_language()), year=year)


@dataclass(frozen=True)
class AttendanceMonth:
    year: int
    month: int
    sessions_held: int = 0
    visits: int = 0
    # Sign-ins by where they were taken (kiosk, host, paper), and "estimate": the people the host counted
    # by eye at sessions nobody signed in to.
    by_source: dict[str, int] = field(default_factory=lambda: dict.fromkeys(HEADCOUNT_SOURCES, 0))

    @property
    def label(self) -> str:
        return month_label(self.year, self.month)


@dataclass(frozen=True)
class AttendanceSeries:
    filter: ReportFilter
    months: list[AttendanceMonth]

    def table(self) -> Table:
        return Table(
            _("Attendance by month"),
            (_("Month"), _("Sessions held"), _("Visits"), *(_(SOURCE_NAMES[s]) for s in HEADCOUNT_SOURCES)),
            tuple(
                (m.label, m.sessions_held, m.visits, *(m.by_source[s] for s in HEADCOUNT_SOURCES)) for m in self.months
            ),
        )


@dataclass(frozen=True)
class BarrierMonth:
    year: int
    month: int
    exit_cards: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BARRIERS, 0))  # cards naming each

    @property
    def label(self) -> str:
        return month_label(self.year, self.month)

    def rate(self, key: str) -> float:
        """The barrier rate (``definitions.BARRIER_RATE``): cards naming it out of the month's exit cards."""
        return share(self.counts.get(key, 0), self.exit_cards)


@dataclass(frozen=True)
class BarrierSeries:
    filter: ReportFilter
    months: list[BarrierMonth]

    def table(self) -> Table:
        """One row a month: its exit cards, then each barrier's share of them."""
        return Table(
            _("Barriers by month, as a share of exit cards"),
            (_("Month"), _("Exit cards"), *(_(BARRIER_LABELS[b]) for b in BARRIERS)),
            tuple((m.label, m.exit_cards, *(m.rate(b) for b in BARRIERS)) for m in self.months),
        )


@dataclass(frozen=True)
class LadderFunnel:
    """How many of the people who came are at each step, as of the end of the filter's range."""

    filter: ReportFilter
    people: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PATHWAY_STAGES, 0))

    def table(self) -> Table:
        return Table(
            _("People at each step of the ladder"),
            (_("Step"), _("People")),
            tuple((_(STAGE_NAMES[s]), self.people[s]) for s in PATHWAY_STAGES),
        )


# Months -------------------------------------------------------------------------------------------


def _month_columns(starts_at: ColumnElement[datetime]) -> tuple[ColumnElement[int], ColumnElement[int]]:
    return (
        cast(extract("year", starts_at), Integer).label("year"),
        cast(extract("month", starts_at), Integer).label("month"),
    )


def _month_range(first: YearMonth, last: YearMonth) -> list[YearMonth]:
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def months_of(f: ReportFilter, seen: set[YearMonth]) -> list[YearMonth]:
    """Every month of the filter's range; where it is open, from the first to the last month ``seen``."""
    if not seen and (f.start is None or f.end is None):
        return []
    first = (f.start.year, f.start.month) if f.start else min(seen)
    last = (f.end.year, f.end.month) if f.end else max(seen)
    return _month_range(first, last)


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return cast(func.coalesce(func.sum(cast(condition, Integer)), 0), Integer)


# The series -------------------------------------------------------------------------------------


def attendance_series(
    session: Session, report_filter: ReportFilter | None = None, t: Tables = LAPTOP
) -> AttendanceSeries:
    """Sessions held, visits and headcount by source, month by month (counted as ``build_report`` does)."""
    f = report_filter or ReportFilter()
    si, ts = t.sign_ins, t.sessions
    year, month = _month_columns(ts.c.starts_at)
    signed: dict[YearMonth, tuple[int, ...]] = {
        (y, m): tuple(int(n or 0) for n in rest)
        for y, m, *rest in session.execute(
            select(
                year,
                month,
                func.count(func.distinct(si.c.session_id)),
                *(_count_where(si.c.source == source) for source in SIGN_IN_SOURCES),
            )
            .select_from(d.visit_join(t))
            .where(d.live_sign_in(t), ts.c.deleted.is_(False), f.session_clause(ts))
            .group_by(year, month)
        )
    }
    # A visit is one person at one session: distinct (person, session) pairs, counted per month.
    pairs = (
        select(si.c.participant_id, si.c.session_id, year, month)
        .select_from(d.visit_join(t))
        .where(d.visit_clause(t), f.session_clause(ts))
        .distinct()
        .subquery("visit_pairs")
    )
    visits: dict[YearMonth, int] = {
        (y, m): int(n)
        for y, m, n in session.execute(
            select(pairs.c.year, pairs.c.month, func.count()).group_by(pairs.c.year, pairs.c.month)
        )
    }
    estimated = _estimates_by_month(session, f, t)
    months = []
    for key in months_of(f, set(signed) | set(visits) | set(estimated)):
        held, *by_sign_in = signed.get(key, (0,) * (1 + len(SIGN_IN_SOURCES)))
        est_sessions, est_people = estimated.get(key, (0, 0))
        by_source = dict(zip(SIGN_IN_SOURCES, by_sign_in, strict=True)) | {"estimate": est_people}
        months.append(AttendanceMonth(key[0], key[1], held + est_sessions, visits.get(key, 0), by_source))
    return AttendanceSeries(f, months)


def _estimates_by_month(session: Session, f: ReportFilter, t: Tables) -> dict[YearMonth, tuple[int, int]]:
    """(sessions, people) counted by the host's estimate, per month; the same sessions as
    ``report.estimated_headcount`` (whose total this sums to)."""
    ts = t.sessions
    year, month = _month_columns(ts.c.starts_at)
    signed = select(t.sign_ins.c.session_id).where(d.live_sign_in(t))
    return {
        (y, m): (int(n), int(people or 0))
        for y, m, n, people in session.execute(
            select(year, month, func.count(), func.sum(ts.c.headcount_estimate))
            .where(
                ts.c.deleted.is_(False),
                ts.c.headcount_estimate.is_not(None),
                ts.c.id.not_in(signed),
                f.session_clause(ts),
            )
            .group_by(year, month)
        )
    }


def barrier_series(session: Session, report_filter: ReportFilter | None = None, t: Tables = LAPTOP) -> BarrierSeries:
    """Exit cards and the cards naming each barrier, month by month (by the month of the session)."""
    f = report_filter or ReportFilter()
    year, month = _month_columns(t.sessions.c.starts_at)
    counted = {
        (y, m): (int(cards), dict(zip(BARRIERS, (int(n or 0) for n in named), strict=True)))
        for y, m, cards, *named in session.execute(
            select(year, month, func.count(), *(_count_where(d.names_barrier(b, t)) for b in BARRIERS))
            .select_from(d.exit_card_join(t))
            .where(d.exit_card_clause(f, t))
            .group_by(year, month)
        )
    }
    months = [
        BarrierMonth(y, m, *counted[(y, m)]) if (y, m) in counted else BarrierMonth(y, m)
        for y, m in months_of(f, set(counted))
    ]
    return BarrierSeries(f, months)


def ladder_funnel(session: Session, report_filter: ReportFilter | None = None, t: Tables = LAPTOP) -> LadderFunnel:
    """People who came to the sessions the filter covers, by their step (``definitions.stage_rank``)."""
    f = report_filter or ReportFilter()
    people, roles, person = d.people_in_window(f, t), d.ladder_roles(f, t), t.participants
    rank = d.stage_rank(people, roles, person.c.stage)
    row = session.execute(
        select(*(_count_where(rank == i) for i in range(len(PATHWAY_STAGES)))).select_from(
            people.outerjoin(person, person.c.id == people.c.participant_id).outerjoin(
                roles, roles.c.participant_id == people.c.participant_id
            )
        )
    ).one()
    return LadderFunnel(f, {stage: int(n or 0) for stage, n in zip(PATHWAY_STAGES, row, strict=True)})

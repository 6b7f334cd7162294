"""The report for any date range (/report and /report.csv): one table a measure, a column a month and a total.

Every number is the laptop's: each month's column and the total column are ``build_counts`` (the
counts of ``build_report``, which the tables show, without the ladder and remarks they do not) of the
laptop's reports domain, run over the hub's typed projection (``projection.report_tables``, scoped to
the viewer) for that month's days of the range and for the whole range. So an organisation's report
here equals its synced laptop's report for the same filter. People, first-timers and returners are
counted per column (someone who came in January and in March is one person in each of those months
and one person in the total), so a total of people is not the sum of its months.

``measure_tables`` turns the columns into the text tables the page, the printed page and the CSV all
show; it takes plain ``Report`` objects, so the same tables can be made from a laptop's own reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _, current_language
from desktop.reports.filters import ReportFilter, describe
from desktop.reports.interventions import Rate
from desktop.reports.report import HEADCOUNT_SOURCES, Report, build_counts
from desktop.reports.series import SOURCE_NAMES, month_label
from desktop.reports.tables import (
    NO_SESSIONS,
    RATING_NAMES,
    TextTable,
    csv_delimiter,
    csv_text,
    filter_names,
    rate_text,
)
from desktop.vocabulary import BARRIER_LABELS, BARRIERS, RATINGS
from hub.accounts_store import chapter_venues, chapters, user_chapters
from hub.boards.venues import venue_labels
from hub.projection import report_tables
from hub.scope import Scope
from hub.store import organisations

MOST_MONTHS = 24  # columns a report may have, so a table stays readable and quick to count
TOTAL = N_("Total")


@dataclass(frozen=True)
class Column:
    """One column of the report: its heading and the report of its days."""

    label: str
    report: Report


@dataclass(frozen=True)
class RangeReport:
    """The report of one date range: the filter in words, a column per month, and the whole range."""

    filter: ReportFilter
    filter_words: str
    months: tuple[Column, ...]
    total: Report

    @property
    def empty(self) -> bool:
        return self.total.sessions_held == 0

    def note(self) -> str:
        return _(NO_SESSIONS) if self.empty else ""

    def tables(self) -> list[TextTable]:
        return measure_tables([*self.months, Column(_(TOTAL), self.total)])

    def csv_bytes(self) -> bytes:
        """The tables on the screen as a CSV file (``tables.csv_text``: the filter in words first), UTF-8
        with a BOM; cells separated as the laptop's CSV does in the viewer's language."""
        text = csv_text(self.filter_words, self.tables(), self.note(), delimiter=csv_delimiter(current_language()))
        return text.encode("utf-8-sig")


def month_spans(start: date, end: date) -> list[tuple[int, int, date, date]]:
    """(year, month, first day, last day) of each month from ``start`` to ``end``, cut to the range."""
    spans = []
    first = start.replace(day=1)
    while first <= end:
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        spans.append((first.year, first.month, max(first, start), min(following - timedelta(days=1), end)))
        first = following
    return spans


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def range_report(conn: Connection, scope: Scope, org_id: int, report_filter: ReportFilter) -> RangeReport:
    """The report of ``report_filter`` (its ``start`` and ``end`` given) over the viewer's records of
    ``org_id``. NotFound for an organisation, or a venue, outside ``scope``."""
    f = report_filter
    if f.start is None or f.end is None:
        raise ValueError("a report on the hub covers a date range")
    for venue_id in f.venue_ids:
        scope.require_venue(org_id, venue_id)
    t = report_tables(scope, org_id)
    session = Session(bind=conn)
    months = tuple(
        Column(month_label(year, month), build_counts(session, _within(f, first, last), t=t))
        for year, month, first, last in month_spans(f.start, f.end)
    )
    names = filter_names(session, t) | venue_labels(conn, scope, org_id)  # alike venues told apart
    return RangeReport(f, describe(f, names), months, build_counts(session, f, t=t))


def _within(f: ReportFilter, start: date, end: date) -> ReportFilter:
    return ReportFilter(start, end, f.venue_ids, f.lesson_ids, f.languages)


def measure_tables(columns: Sequence[Column]) -> list[TextTable]:
    """A captioned table per measure, a column each of ``columns`` (the months, then the total)."""
    headers = (_("What"), *(c.label for c in columns))
    reports = [c.report for c in columns]

    def counts(label: str, pick: Callable[[Report], int]) -> tuple[str, ...]:
        return (label, *(str(pick(r)) for r in reports))

    def source(key: str) -> tuple[str, ...]:
        return counts(_(SOURCE_NAMES[key]), lambda r: r.headcount_by_source.get(key, 0))

    def rating(n: int) -> tuple[str, ...]:
        return counts(_(RATING_NAMES[n]), lambda r: r.ratings.get(n, 0))

    def barrier(key: str) -> tuple[str, ...]:
        return counts(_(BARRIER_LABELS[key]), lambda r: r.barriers.get(key, 0))

    return [
        TextTable(_("Sessions held"), headers, (counts(_("Sessions held"), lambda r: r.sessions_held),)),
        TextTable(
            _("Sign-ins by where they were taken, and the host's estimates"),
            headers,
            (
                *(source(s) for s in HEADCOUNT_SOURCES),
                counts(_("All sign-ins (estimates not included)"), lambda r: r.sign_ins),
            ),
        ),
        TextTable(
            _("People"),
            headers,
            (counts(_("Different people"), lambda r: r.people), counts(_("Visits"), lambda r: r.visits)),
        ),
        TextTable(_("First-timers"), headers, (counts(_("First-timers"), lambda r: r.first_timers),)),
        TextTable(
            _("Returners"),
            headers,
            (
                counts(_("Returners"), lambda r: r.returners),
                (_("Return rate"), *(rate_text(Rate(r.returners, r.people), hide_small=False) for r in reports)),
            ),
        ),
        TextTable(
            _("How was it? (exit cards)"),
            headers,
            (counts(_("Exit cards"), lambda r: r.exit_cards), *(rating(n) for n in reversed(RATINGS))),
        ),
        TextTable(
            _("What made it hard to come (exit cards naming each barrier)"),
            headers,
            (counts(_("Exit cards"), lambda r: r.exit_cards), *(barrier(b) for b in BARRIERS)),
        ),
    ]


# What the viewer may choose from ---------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A choice of where a report covers: a chapter (its venues the viewer may see) or one venue."""

    key: str  # "chapter:<id>" or "venue:<id>", the form's value
    name: str
    venue_ids: tuple[str, ...]


def places(conn: Connection, scope: Scope, org_id: int) -> tuple[list[Place], list[Place]]:
    """(chapters, venues) of ``org_id`` the viewer may choose, each by name. A coordinator's chapters
    are their own; a chapter's venues are those the viewer may see. NotFound outside ``scope``."""
    allowed = scope.venues_in(org_id)
    names = venue_labels(conn, scope, org_id)
    query = select(chapters.c.id, chapters.c.name).where(chapters.c.org_id == org_id)
    if allowed is not None:
        query = query.where(
            chapters.c.id.in_(select(user_chapters.c.chapter_id).where(user_chapters.c.user_id == scope.user_id))
        )
    found = conn.execute(query).all()
    members: dict[int, list[str]] = {int(i): [] for i, _n in found}
    for chapter_id, venue_id in conn.execute(
        select(chapter_venues.c.chapter_id, chapter_venues.c.venue_id).where(
            chapter_venues.c.chapter_id.in_(list(members))
        )
    ):
        if venue_id in names:
            members[int(chapter_id)].append(str(venue_id))
    chapter_places = [
        Place(f"chapter:{i}", str(n), tuple(sorted(members[int(i)]))) for i, n in found if members[int(i)]
    ]
    venue_places = [Place(f"venue:{i}", n, (i,)) for i, n in names.items()]
    return sorted(chapter_places, key=_by_name), sorted(venue_places, key=_by_name)


def _by_name(place: Place) -> str:
    return place.name.casefold()


def organisations_of(conn: Connection, scope: Scope) -> list[tuple[int, str]]:
    """(id, name) of the organisations whose records the viewer may read, by name."""
    found = conn.execute(
        select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(sorted(scope.orgs)))
    )
    return sorted(((int(i), str(n)) for i, n in found), key=lambda org: org[1].casefold())

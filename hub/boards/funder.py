"""The funder view: each opted-in organisation's figures, month by month (or quarter by quarter), suppressed.

A funder never reads a record. For each organisation that opted in to them, the laptop's own report
(``desktop.reports.report.build_report``, over the hub's typed projection of that organisation) is
run once per period and once over the whole range, so every number is counted by the laptop's
definitions. Each measure becomes one table (organisations down, periods across, with totals) and
goes through ``suppress`` before anything leaves this module: the page's tables and the CSV's tidy
rows are both read from the same suppressed tables, so they cannot disagree.

No venues below the organisation: a venue's counts are small more often than not, and its name with
"fewer than 10" beside it says more than it hides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desktop.dates import month_name
from desktop.i18n import N_, _, current_language
from desktop.reports import definitions as d
from desktop.reports.definitions import Tables
from desktop.reports.filters import ReportFilter
from desktop.reports.report import Report, build_report
from desktop.reports.tables import TextTable
from desktop.vocabulary import BARRIER_LABELS, BARRIERS
from hub import projection
from hub.boards.suppress import RULE, CountTable, Shown, SuppressedTable, suppress
from hub.scope import NotFound, Scope
from hub.store import organisations

MONTH, QUARTER = "month", "quarter"
GROUPINGS = {MONTH: N_("Month by month"), QUARTER: N_("Quarter by quarter")}
MOST_PERIODS = 36  # columns in one table; a longer range is asked for by quarter

SESSIONS_HELD = N_("A session was held when someone signed in to it, or its host said how many came.")
BARRIER_COUNT = N_(
    "Each barrier is counted as the number of exit cards that named it. A card can name several barriers, "
    "so these add up to more than the exit cards."
)
PEOPLE = N_(
    "People are counted once in each period they came, and once in the total for the whole range, so a "
    "total of people can be less than the sum of its months. Each organisation counts its own people."
)
ORGANISATIONS = N_(
    "Only organisations that chose to share their figures with you are included, with no venues, "
    "names or records of any one person."
)


@dataclass(frozen=True)
class Period:
    """A month or a quarter, cut to the chosen range (days included at both ends)."""

    start: date
    end: date
    grouping: str

    @property
    def label(self) -> str:
        """ "March 2026", or a quarter as its months: "January–March 2026"."""
        lang = current_language()
        if self.grouping == QUARTER:
            first = 3 * ((self.start.month - 1) // 3) + 1
            return _("{first}–{last} {year}").format(
                first=month_name(first, lang), last=month_name(first + 2, lang), year=self.start.year
            )
        return _("{month} {year}").format(month=month_name(self.start.month, lang), year=self.start.year)


def _next_period_start(day: date, grouping: str) -> date:
    months = 3 if grouping == QUARTER else 1
    first_month = day.month - (day.month - 1) % months
    year, month = divmod(first_month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def periods(start: date, end: date, grouping: str) -> list[Period]:
    """The months (or quarters) from ``start`` to ``end``, the first and last cut to the range."""
    out: list[Period] = []
    day = start
    while day <= end:
        following = _next_period_start(day, grouping)
        out.append(Period(day, min(end, following - timedelta(days=1)), grouping))
        day = following
    return out


@dataclass(frozen=True)
class Measure:
    key: str
    count: Callable[[Report], int]
    name: Callable[[], str]  # in the current language


def _barrier_measure(key: str) -> Measure:
    def name() -> str:
        return _("Exit cards naming “{barrier}”").format(barrier=_(BARRIER_LABELS[key]))

    return Measure(f"barrier_{key}", lambda r: r.barriers.get(key, 0), name)


MEASURES: tuple[Measure, ...] = (
    Measure("sessions_held", lambda r: r.sessions_held, lambda: _("Sessions held")),
    Measure("visits", lambda r: r.visits, lambda: _("Visits")),
    Measure("people", lambda r: r.people, lambda: _("Different people")),
    Measure("first_timers", lambda r: r.first_timers, lambda: _("First-timers")),
    Measure("returners", lambda r: r.returners, lambda: _("Returners")),
    Measure("exit_cards", lambda r: r.exit_cards, lambda: _("Exit cards")),
    *(_barrier_measure(b) for b in BARRIERS),
)


@dataclass(frozen=True)
class MeasureTable:
    """One measure for every organisation and period, as a funder may see it."""

    measure: Measure
    organisations: tuple[str, ...]
    periods: tuple[Period, ...]
    shown: SuppressedTable

    def caption(self) -> str:
        return self.measure.name()

    def text_table(self) -> TextTable:
        """The table on the page: an organisation a row, a period a column, totals last."""
        rows = [
            (name, *(s.text() for s in cells), total.text())
            for name, cells, total in zip(self.organisations, self.shown.cells, self.shown.row_totals, strict=True)
        ]
        rows.append((_("All organisations"), *(s.text() for s in self.shown.column_totals), self.shown.total.text()))
        headers = (_("Organisation"), *(p.label for p in self.periods), _("Total"))
        return TextTable(self.caption(), headers, tuple(rows))

    def tidy_rows(self, whole: Period) -> Iterator[tuple[str, ...]]:
        """The same cells, one row each: organisation, period, its first and last day, measure, value."""
        everyone = _("All organisations")
        lines: list[tuple[str, Sequence[Shown], Shown]] = [
            *zip(self.organisations, self.shown.cells, self.shown.row_totals, strict=True),
            (everyone, self.shown.column_totals, self.shown.total),
        ]
        for name, cells, total in lines:
            for period, shown in zip(self.periods, cells, strict=True):
                yield (
                    name,
                    period.label,
                    period.start.isoformat(),
                    period.end.isoformat(),
                    self.caption(),
                    shown.text(),
                )
            yield (name, _("Total"), whole.start.isoformat(), whole.end.isoformat(), self.caption(), total.text())


@dataclass(frozen=True)
class FunderFigures:
    start: date
    end: date
    grouping: str
    organisations: tuple[str, ...]  # names, in the order of the tables' rows
    tables: tuple[MeasureTable, ...]

    def text_tables(self) -> list[TextTable]:
        return [t.text_table() for t in self.tables]

    def csv_headers(self) -> tuple[str, ...]:
        return (_("Organisation"), _("Period"), _("From"), _("To"), _("Measure"), _("Value"))

    def csv_rows(self) -> list[tuple[str, ...]]:
        """The tidy feed: one row per organisation, period and measure (totals included), as on the page."""
        whole = Period(self.start, self.end, self.grouping)
        return [row for table in self.tables for row in table.tidy_rows(whole)]


def how_we_counted() -> list[str]:
    """The rules in words, in the current language: the laptop's definitions, then the suppression."""
    return [
        _(SESSIONS_HELD),
        _(d.VISIT),
        _(d.FIRST_TIMER),
        _(d.RETURNER),
        _(PEOPLE),
        _(BARRIER_COUNT),
        _(RULE),
        _(ORGANISATIONS),
    ]


def funder_orgs(conn: Connection, scope: Scope, org_ids: Sequence[int] | None = None) -> list[tuple[int, str]]:
    """(id, name) of the organisations a funder page adds up: ``org_ids`` (None: every one that opted in
    to this funder). NotFound for anyone but a funder, and for an organisation that did not opt in."""
    if not scope.is_funder:
        raise NotFound
    wanted = scope.require_aggregates(scope.aggregate_orgs if org_ids is None else org_ids)
    found = conn.execute(select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(wanted)))
    return sorted(((int(i), str(n)) for i, n in found), key=lambda org: org[1].casefold())


def _counting_tables(scope: Scope, org_id: int) -> Tables:
    """One opted-in organisation's whole projection, read here only to be counted and suppressed: the
    funder's scope, narrowed to that organisation's records, never leaves this module."""
    scope.require_aggregates([org_id])
    counting = replace(scope, orgs=frozenset({org_id}), venues=None, may_see_names=False)
    return projection.report_tables(counting, org_id)


def funder_figures(
    conn: Connection,
    scope: Scope,
    start: date,
    end: date,
    grouping: str = MONTH,
    org_ids: Sequence[int] | None = None,
) -> FunderFigures:
    """Every measure of the opted-in organisations from ``start`` to ``end`` (both included), suppressed."""
    orgs = funder_orgs(conn, scope, org_ids)
    spans = periods(start, end, grouping)
    session = Session(bind=conn)
    # [organisation] -> (a report per period, the report over the whole range)
    reports: list[tuple[list[Report], Report]] = []
    for org_id, _name in orgs:
        t = _counting_tables(scope, org_id)
        per_period = [build_report(session, ReportFilter(p.start, p.end), t=t) for p in spans]
        reports.append((per_period, build_report(session, ReportFilter(start, end), t=t)))
    tables = []
    for measure in MEASURES:
        cells = tuple(tuple(measure.count(r) for r in per_period) for per_period, _whole in reports)
        row_totals = tuple(measure.count(whole) for _per_period, whole in reports)
        # Records never cross organisations, so adding organisations up counts nobody twice.
        column_totals = tuple(sum(row[j] for row in cells) for j in range(len(spans)))
        counts = CountTable(cells, row_totals, column_totals, sum(row_totals))
        tables.append(MeasureTable(measure, tuple(n for _i, n in orgs), tuple(spans), suppress(counts)))
    return FunderFigures(start, end, grouping, tuple(n for _i, n in orgs), tuple(tables))

"""Every table of a report, as text, made once for the screen, the printed report and the CSV.

``report_tables`` turns a ``Report`` and its series into captioned tables whose cells are already the
words and numbers a reader sees, so the page, the PDF and the CSV cannot disagree: each shows the
same strings. Counts from 1 to 4 are shown as "fewer than 5" wherever the report leaves the host's
laptop (print and CSV): with so few, a reader could tell who they are. Zero is shown as it is: it
points at nobody, and a month with no sessions must not read as "some".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.export import as_text
from desktop.i18n import N_, _
from desktop.models import Lesson, Venue
from desktop.reports.filters import ReportFilter, describe
from desktop.reports.report import HEADCOUNT_SOURCES, Report, build_report
from desktop.reports.series import (
    SOURCE_NAMES,
    AttendanceSeries,
    BarrierSeries,
    Cell,
    LadderFunnel,
    Table,
    attendance_series,
    barrier_series,
    ladder_funnel,
    percent,
)
from desktop.vocabulary import BARRIER_LABELS, BARRIERS, RATINGS, WILL_RETURN

SMALL_COUNT = 5  # counts below this (and above zero) are printed as "fewer than 5"
FEWER_THAN = N_("fewer than {n}")

RATING_NAMES = {1: N_("Not good (sad face)"), 2: N_("All right (middle face)"), 3: N_("Good (happy face)")}
WILL_RETURN_NAMES = {"yes": N_("Yes"), "maybe": N_("Maybe"), "no": N_("No")}


def count_text(n: int, *, hide_small: bool = True) -> str:
    """A count as a reader sees it: "12", "0", or "fewer than 5" for 1 to 4 when ``hide_small``."""
    if hide_small and 0 < n < SMALL_COUNT:
        return _(FEWER_THAN).format(n=SMALL_COUNT)
    return str(n)


def cell_text(value: Cell, *, hide_small: bool = True) -> str:
    """One rule for every cell: a count by ``count_text``, a share as a percentage, a label as it is."""
    if isinstance(value, bool):  # a bool is an int to Python, never a count here
        return str(value)
    if isinstance(value, int):
        return count_text(value, hide_small=hide_small)
    if isinstance(value, float):
        return percent(value)
    return value


@dataclass(frozen=True)
class TextTable:
    """A captioned table whose every cell is the text a reader sees."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def as_text_table(table: Table, *, hide_small: bool = True) -> TextTable:
    """A series' table (numbers) as text, by the one rule of ``cell_text``."""
    rows = tuple(tuple(cell_text(c, hide_small=hide_small) for c in row) for row in table.rows)
    return TextTable(table.caption, table.headers, rows)


def summary_table(report: Report) -> Table:
    """The key figures: the numbers a board reads first."""
    return Table(
        _("Key figures"),
        (_("What"), _("Number")),
        (
            (_("Sessions held"), report.sessions_held),
            (_("Visits"), report.visits),
            (_("Different people"), report.people),
            (_("First-timers"), report.first_timers),
            (_("Returners"), report.returners),
            (_("Return rate"), report.return_rate),
            (_("Exit cards"), report.exit_cards),
        ),
    )


def headcount_table(report: Report) -> Table:
    return Table(
        _("Headcount by where it came from"),
        (_("Counted from"), _("People")),
        tuple((_(SOURCE_NAMES[s]), report.headcount_by_source.get(s, 0)) for s in HEADCOUNT_SOURCES),
    )


def ratings_table(report: Report) -> Table:
    return Table(
        _("How was it? (exit cards)"),
        (_("Answer"), _("Exit cards"), _("Share")),
        tuple((_(RATING_NAMES[r]), report.ratings.get(r, 0), report.rating_share(r)) for r in reversed(RATINGS)),
    )


def will_return_table(report: Report) -> Table:
    return Table(
        _("Will you come back? (exit cards)"),
        (_("Answer"), _("Exit cards"), _("Share")),
        tuple(
            (_(WILL_RETURN_NAMES[w]), report.will_return.get(w, 0), report.will_return_share(w)) for w in WILL_RETURN
        ),
    )


def barriers_table(report: Report) -> Table:
    return Table(
        _("What made it hard to come (exit cards)"),
        (_("Barrier"), _("Exit cards"), _("Share of exit cards")),
        tuple((_(BARRIER_LABELS[b]), report.barriers.get(b, 0), report.barrier_share(b)) for b in BARRIERS),
    )


def report_tables(
    report: Report,
    attendance: AttendanceSeries,
    barriers: BarrierSeries,
    funnel: LadderFunnel,
    *,
    hide_small: bool = True,
) -> list[TextTable]:
    """Every table of the report, in the order the page and the printed report show them."""
    tables = [
        summary_table(report),
        headcount_table(report),
        ratings_table(report),
        will_return_table(report),
        barriers_table(report),
        funnel.table(),
        attendance.table(),
        barriers.table(),
    ]
    return [as_text_table(t, hide_small=hide_small) for t in tables]


def csv_text(filter_words: str, tables: Sequence[TextTable]) -> str:
    """The tables as one CSV: the filter in words on the first line, then each table under its caption,
    a blank line between tables. Every cell is written formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([as_text(filter_words)])
    for table in tables:
        writer.writerow([])
        writer.writerow([as_text(table.caption)])
        writer.writerow([as_text(h) for h in table.headers])
        writer.writerows([as_text(c) for c in row] for row in table.rows)
    return out.getvalue()


@dataclass(frozen=True)
class ReportData:
    """One filtered report with its series and the filter in words: what the page, print and CSV show."""

    report: Report
    attendance: AttendanceSeries
    barriers: BarrierSeries
    funnel: LadderFunnel
    filter_words: str

    def tables(self, *, hide_small: bool = True) -> list[TextTable]:
        return report_tables(self.report, self.attendance, self.barriers, self.funnel, hide_small=hide_small)


def filter_names(session: Session) -> dict[str, str]:
    """Venue and lesson names by id, for ``describe``."""
    venues: dict[str, str] = dict(session.execute(select(Venue.id, Venue.name)).all())
    lessons: dict[str, str] = dict(session.execute(select(Lesson.id, Lesson.title)).all())
    return venues | lessons


def collect(session: Session, report_filter: ReportFilter) -> ReportData:
    """The report as it leaves the laptop: no names (``viewer_is_host`` False)."""
    return ReportData(
        build_report(session, report_filter, viewer_is_host=False),
        attendance_series(session, report_filter),
        barrier_series(session, report_filter),
        ladder_funnel(session, report_filter),
        describe(report_filter, filter_names(session)),
    )


def csv_bytes(data: ReportData) -> bytes:
    """The report's tables as a CSV file's bytes: UTF-8 with a BOM, so spreadsheet apps read accents right.

    The numbers are the screen's, byte for byte (small counts exact, as the host sees them); only the
    printed report, made to leave the chapter for a board or a funder, shows "fewer than 5"."""
    return csv_text(data.filter_words, data.tables(hide_small=False)).encode("utf-8-sig")

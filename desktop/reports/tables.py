"""Every table of a report, as text, made once for the screen, the printed report and the CSV.

``report_tables`` turns a ``Report`` and its series into captioned tables whose cells are already the
words and numbers a reader sees, so the page, the PDF and the CSV cannot disagree: each shows the
same strings. In the printed report, made to leave the chapter for a board or a funder, counts from
1 to 4 are shown as "fewer than 5": with so few, a reader could tell who they are. A share made of
such a count is hidden too ("—"): "fewer than 5 | 6%" of 64 cards would give the 4 back. Zero is
shown as it is: it points at nobody, and a month with no sessions must not read as "some".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.dates import month_name
from desktop.export import as_text
from desktop.i18n import N_, _, current_language, ngettext
from desktop.reports.definitions import LAPTOP, Tables
from desktop.reports.filters import ReportFilter, describe
from desktop.reports.interventions import InterventionEffect, Rate, Window, intervention_effects
from desktop.reports.report import HEADCOUNT_SOURCES, Report, build_report, share
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
HIDDEN_SHARE = "—"  # a share whose count reads "fewer than 5"
NO_SESSIONS = N_("No sessions were held in this period.")

RATING_NAMES = {1: N_("Not good (sad face)"), 2: N_("All right (middle face)"), 3: N_("Good (happy face)")}
WILL_RETURN_NAMES = {"yes": N_("Yes"), "maybe": N_("Maybe"), "no": N_("No")}


def count_text(n: int, *, hide_small: bool = True) -> str:
    """A count as a reader sees it: "12", "0", or "fewer than 5" for 1 to 4 when ``hide_small``."""
    if hide_small and 0 < n < SMALL_COUNT:
        return _(FEWER_THAN).format(n=SMALL_COUNT)
    return str(n)


def is_hidden(n: int, *, hide_small: bool = True) -> bool:
    return hide_small and 0 < n < SMALL_COUNT


def plural_of(n: int, *, hide_small: bool = True) -> int:
    """The number a count's words agree with: itself, or for "fewer than 5" the 5 it is said with."""
    return SMALL_COUNT if is_hidden(n, hide_small=hide_small) else n


class Share(float):
    """A share (a fraction from 0 to 1) that knows the count it is made of, so it can be hidden with it."""

    part: int

    def __new__(cls, part: int, whole: int) -> Share:
        made = super().__new__(cls, share(part, whole))
        made.part = part
        return made


def share_text(value: float, *, hidden: bool = False) -> str:
    return HIDDEN_SHARE if hidden else percent(value)


def rate_text(rate: Rate, *, hide_small: bool = True) -> str:
    """ "50% (4 of 8)": a rate with the counts it is made of; its share hidden with a hidden part."""
    if not rate.whole:
        return _("– (0 of 0)")
    return _("{percent} ({part} of {whole})").format(
        percent=share_text(rate.value, hidden=is_hidden(rate.part, hide_small=hide_small)),
        part=count_text(rate.part, hide_small=hide_small),
        whole=count_text(rate.whole, hide_small=hide_small),
    )


def cell_text(value: Cell, *, hide_small: bool = True, row_hides_shares: bool = False) -> str:
    """One rule for every cell: a count by ``count_text``, a share as a percentage, a label as it is.

    A share is hidden ("—") when its own count is hidden (a ``Share``) or, for a plain fraction whose
    count is unknown, when a count in its row is (``row_hides_shares``): either would give it back."""
    if isinstance(value, bool):  # a bool is an int to Python, never a count here
        return str(value)
    if isinstance(value, int):
        return count_text(value, hide_small=hide_small)
    if isinstance(value, Share):  # knows its own count: a share of none stays "0%"
        return share_text(value, hidden=is_hidden(value.part, hide_small=hide_small))
    if isinstance(value, float):
        return share_text(value, hidden=row_hides_shares)
    return value


def row_text(row: Sequence[Cell], *, hide_small: bool = True) -> tuple[str, ...]:
    counts = [c for c in row if isinstance(c, int) and not isinstance(c, bool)]
    hides = any(is_hidden(n, hide_small=hide_small) for n in counts)
    return tuple(cell_text(c, hide_small=hide_small, row_hides_shares=hides) for c in row)


@dataclass(frozen=True)
class TextTable:
    """A captioned table whose every cell is the text a reader sees."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # The columns made of shares only: the CSV writes each one's percentage as a plain number beside it.
    shares: tuple[int, ...] = field(default=(), compare=False)


def as_text_table(table: Table, *, hide_small: bool = True) -> TextTable:
    """A series' table (numbers) as text, by the one rule of ``cell_text``."""
    rows = tuple(row_text(row, hide_small=hide_small) for row in table.rows)
    shares = tuple(
        i for i in range(1, len(table.headers)) if table.rows and all(isinstance(row[i], float) for row in table.rows)
    )
    return TextTable(table.caption, table.headers, rows, shares)


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
            (_("Return rate"), Share(report.returners, report.people)),
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
        tuple(
            (_(RATING_NAMES[r]), report.ratings.get(r, 0), Share(report.ratings.get(r, 0), report.exit_cards))
            for r in reversed(RATINGS)
        ),
    )


def will_return_table(report: Report) -> Table:
    return Table(
        _("Will you come back? (exit cards)"),
        (_("Answer"), _("Exit cards"), _("Share")),
        tuple(
            (
                _(WILL_RETURN_NAMES[w]),
                report.will_return.get(w, 0),
                Share(report.will_return.get(w, 0), report.exit_cards),
            )
            for w in WILL_RETURN
        ),
    )


def barriers_table(report: Report) -> Table:
    return Table(
        _("What made it hard to come (exit cards)"),
        (_("Barrier"), _("Exit cards"), _("Share of exit cards")),
        tuple(
            (_(BARRIER_LABELS[b]), report.barriers.get(b, 0), Share(report.barriers.get(b, 0), report.exit_cards))
            for b in BARRIERS
        ),
    )


def barrier_months_table(barriers: BarrierSeries) -> Table:
    """``BarrierSeries.table`` with each share knowing its count, so a share of 1 to 4 cards is hidden."""
    table = barriers.table()
    rows: list[tuple[Cell, ...]] = []
    for m in barriers.months:
        shares: list[Cell] = [Share(m.counts.get(b, 0), m.exit_cards) for b in BARRIERS]
        rows.append((m.label, m.exit_cards, *shares))
    return Table(table.caption, table.headers, tuple(rows))


def day_text(day: date) -> str:
    """ "1 March 2026" ("1 de marzo de 2026"), in the current language."""
    return _("{day} {month} {year}").format(day=day.day, month=month_name(day.month, current_language()), year=day.year)


def attendance_text(window: Window, *, hide_small: bool = True) -> str:
    """Attendance per session (signed-in visits and the host's estimates), with the counts it is made of."""
    headcount = window.visits + window.estimated
    if not window.sessions_held:
        return _("– (0 of 0)")
    hidden = is_hidden(headcount, hide_small=hide_small) or is_hidden(window.sessions_held, hide_small=hide_small)
    average = HIDDEN_SHARE if hidden else f"{headcount / window.sessions_held:.1f}"
    return _("{average} ({came} to {sessions})").format(
        average=average,
        came=ngettext("{n} came", "{n} came", plural_of(headcount, hide_small=hide_small)).format(
            n=count_text(headcount, hide_small=hide_small)
        ),
        sessions=ngettext("{n} session", "{n} sessions", plural_of(window.sessions_held, hide_small=hide_small)).format(
            n=count_text(window.sessions_held, hide_small=hide_small)
        ),
    )


def interventions_table(
    effects: Sequence[InterventionEffect], names: Mapping[str, str], *, hide_small: bool = True
) -> TextTable:
    """What the chapter changed and what followed: each change's before and after, a row a measure, every
    rate with its counts; the warnings ("too few to tell") on the change's first row."""
    rows: list[tuple[str, ...]] = []
    for e in effects:
        venue = names.get(e.venue_id) or _("a venue")
        start = day_text(e.starts_on)
        when = start if e.ends_on is None else _("{start} to {end}").format(start=start, end=day_text(e.ends_on))
        b, a = e.before, e.after
        measures = [
            (
                _("Attendance per session"),
                attendance_text(b, hide_small=hide_small),
                attendance_text(a, hide_small=hide_small),
            ),
            (
                _("First-timers"),
                count_text(b.first_timers, hide_small=hide_small),
                count_text(a.first_timers, hide_small=hide_small),
            ),
            (
                _("Return rate"),
                rate_text(b.return_rate, hide_small=hide_small),
                rate_text(a.return_rate, hide_small=hide_small),
            ),
        ]
        if e.barrier_label:
            measures.append(
                (
                    _("Exit cards naming “{barrier}”").format(barrier=e.barrier_label),
                    rate_text(b.barrier_rate, hide_small=hide_small),
                    rate_text(a.barrier_rate, hide_small=hide_small),
                )
            )
        warning = " ".join(e.warnings)
        for i, measure in enumerate(measures):
            rows.append((e.kind_label, venue, when, *measure, warning if i == 0 else ""))
    return TextTable(
        _("What we changed, and what followed"),
        (_("Change"), _("Venue"), _("From"), _("What"), _("Before the change"), _("After the change"), _("Warning")),
        tuple(rows),
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
        barrier_months_table(barriers),
    ]
    return [as_text_table(t, hide_small=hide_small) for t in tables]


SHARE_NUMBER = N_("{column} (%)")  # the CSV's column of a share column's percentages as numbers
# Where the decimal mark is a comma, spreadsheet apps split a CSV at semicolons (Excel and LibreOffice
# take the list separator from the system's region): a comma-separated file would open as one column.
# So the CSV's separator follows the report's language: ";" for Spanish, "," for English.
DECIMAL_COMMA_LANGUAGES = ("es",)
_PERCENT = re.compile(r"(\d+)\s?%")  # ``series.percent``'s "{n}%" ("{n} %" in Spanish)


def csv_delimiter(language: str) -> str:
    return ";" if language in DECIMAL_COMMA_LANGUAGES else ","


def with_share_numbers(table: TextTable) -> TextTable:
    """``table`` with, after each of its share columns ("42%", text to a spreadsheet in some regions),
    a column of the same percentages as plain whole numbers ("42") that every spreadsheet reads as a
    number; a share the reader does not see ("—") is left empty there too."""

    def widen(cells: Sequence[str], number: Callable[[str], str]) -> tuple[str, ...]:
        return tuple(out for i, c in enumerate(cells) for out in ((c, number(c)) if i in table.shares else (c,)))

    def percentage(cell: str) -> str:
        found = _PERCENT.fullmatch(cell)
        return found.group(1) if found else ""

    headers = widen(table.headers, lambda h: _(SHARE_NUMBER).format(column=h))
    return TextTable(table.caption, headers, tuple(widen(row, percentage) for row in table.rows))


def csv_text(filter_words: str, tables: Sequence[TextTable], note: str = "", *, delimiter: str = ",") -> str:
    """The tables as one CSV: the filter in words on the first line (and ``note``, if any, on the next),
    then each table under its caption, a blank line between tables. Every cell is written formula-safe;
    each share column is followed by its percentages as numbers (``with_share_numbers``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([as_text(filter_words)])
    if note:
        writer.writerow([as_text(note)])
    for table in map(with_share_numbers, tables):
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
    interventions: tuple[InterventionEffect, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)  # venue names by id

    @property
    def empty(self) -> bool:
        """No sessions held: nothing to count, so the report says so instead of pages of zeros."""
        return self.report.sessions_held == 0

    def note(self) -> str:
        """The one plain line an empty report gives after the filter words ("" when sessions were held)."""
        return _(NO_SESSIONS) if self.empty else ""

    def tables(self, *, hide_small: bool = True) -> list[TextTable]:
        """The report's tables, the changes' last (none of the others for an empty period); the key
        figures first."""
        tables = (
            []
            if self.empty
            else report_tables(self.report, self.attendance, self.barriers, self.funnel, hide_small=hide_small)
        )
        if self.interventions:
            tables.append(interventions_table(self.interventions, self.names, hide_small=hide_small))
        return tables


def filter_names(session: Session, t: Tables = LAPTOP) -> dict[str, str]:
    """Venue and lesson names by id, for ``describe``."""
    v, le = t.venues, t.lessons
    venues: dict[str, str] = dict(session.execute(select(v.c.id, v.c.name)).all())
    lessons: dict[str, str] = dict(session.execute(select(le.c.id, le.c.title)).all())
    return venues | lessons


def collect(
    session: Session, report_filter: ReportFilter, *, today: date | None = None, t: Tables = LAPTOP
) -> ReportData:
    """The report as it leaves the laptop: no personal names (``viewer_is_host`` False). The hub passes
    its own ``t`` (``hub.projection.report_tables``) and gets the same report from its records."""
    names = filter_names(session, t)
    return ReportData(
        build_report(session, report_filter, viewer_is_host=False, t=t),
        attendance_series(session, report_filter, t),
        barrier_series(session, report_filter, t),
        ladder_funnel(session, report_filter, t),
        describe(report_filter, names),
        tuple(intervention_effects(session, report_filter, today=today or date.today(), t=t)),
        names,
    )


def csv_bytes(data: ReportData) -> bytes:
    """The report's tables as a CSV file's bytes: UTF-8 with a BOM, so spreadsheet apps read accents right.

    The numbers are the screen's, byte for byte (small counts exact, as the host sees them); only the
    printed report, made to leave the chapter for a board or a funder, shows "fewer than 5"."""
    delimiter = csv_delimiter(current_language())
    return csv_text(data.filter_words, data.tables(hide_small=False), data.note(), delimiter=delimiter).encode(
        "utf-8-sig"
    )

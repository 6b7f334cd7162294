"""Every report table, made once and shown the same on the page, in print and in the CSV.

The chapter of conftest.py is small: most of its counts are below 5, so they read "fewer than 5"
once the report leaves the laptop; the host's estimate of 12 at S9 does not.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from desktop.i18n import _, set_language
from desktop.learning import InterventionDraft, record_intervention
from desktop.reports import ReportFilter
from desktop.reports.interventions import Rate
from desktop.reports.tables import (
    SHARE_NUMBER,
    ReportData,
    Share,
    TextTable,
    as_text_table,
    barrier_months_table,
    cell_text,
    collect,
    count_text,
    csv_bytes,
    csv_text,
    rate_text,
)
from tests.conftest import run_onramp

FIRST_HALF = ReportFilter(date(2026, 1, 1), date(2026, 6, 30))


def _data(chapter, f: ReportFilter = FIRST_HALF) -> ReportData:
    with chapter.db.session() as s:
        return collect(s, f, today=date(2026, 6, 30))


def _tables_in(text: str, delimiter: str = ",") -> tuple[str, list[TextTable]]:
    """The filter line and the captioned tables of a CSV, as ``csv_text`` writes them (a note line after
    the filter, if any, is left out: ``_note_in`` reads it). Each share column's numbers ("42" beside
    "42%") are checked against it and left out, so the tables compare with the page's own."""
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    first, rest = rows[0][0], rows[1:]
    if rest and rest[0]:
        rest = rest[1:]
    tables, i = [], 0
    while i < len(rest):
        assert rest[i] == [], "tables are set apart by a blank line"
        caption, headers = rest[i + 1][0], rest[i + 2]
        i += 3
        body = []
        while i < len(rest) and rest[i]:
            body.append(rest[i])
            i += 1
        numbers = [c for c in range(1, len(headers)) if headers[c] == _(SHARE_NUMBER).format(column=headers[c - 1])]
        for c in numbers:
            assert all(row[c] == "".join(ch for ch in row[c - 1] if ch.isdigit()) for row in body)
        keep = [c for c in range(len(headers)) if c not in numbers]
        tables.append(
            TextTable(caption, tuple(headers[c] for c in keep), tuple(tuple(row[c] for c in keep) for row in body))
        )
    return first, tables


def _share_numbers(text: str, delimiter: str = ",") -> dict[str, list[float]]:
    """Each share-number column of a CSV by its header, its cells read as numbers."""
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    out: dict[str, list[float]] = {}
    for r, row in enumerate(rows):
        for c, header in enumerate(row):
            if c and header == _(SHARE_NUMBER).format(column=row[c - 1]):
                column = []
                for below in rows[r + 1 :]:
                    if not below:
                        break
                    column.append(float(below[c]))
                out.setdefault(header, column)
    return out


def test_counts_from_one_to_four_read_fewer_than_five_and_zero_reads_zero():
    set_language("en")
    assert [count_text(n) for n in (0, 1, 4, 5, 12)] == ["0", "fewer than 5", "fewer than 5", "5", "12"]
    assert count_text(3, hide_small=False) == "3"


def test_the_csv_holds_exactly_the_tables_the_page_shows_under_the_filter_in_words(chapter):
    set_language("en")
    data = _data(chapter)
    raw = csv_bytes(data)
    assert raw.startswith("\ufeff".encode())  # the BOM: spreadsheet apps then read accents right
    first, tables = _tables_in(raw.decode("utf-8-sig"))
    assert first == "Sessions from 1 January to 30 June 2026"
    assert tables == data.tables(hide_small=False)  # the page's own call: the same cells, byte for byte


def test_the_csv_numbers_are_the_reports_numbers(chapter):
    """Hand-counted (conftest.py): 7 held sessions in the first half (S9 by the host's estimate of 12);
    13 visits by 8 people, all first-timers; Ana, Cruz, Dee and Fay came back (4 of 8)."""
    set_language("en")
    data = _data(chapter)
    _first, tables = _tables_in(csv_bytes(data).decode("utf-8-sig"))
    by_caption = {t.caption: {row[0]: row[1:] for row in t.rows} for t in tables}
    figures = by_caption["Key figures"]
    assert data.report.sessions_held == 7 and figures["Sessions held"] == ("7",)
    assert figures["Visits"] == (count_text(data.report.visits),) == ("13",)
    assert figures["First-timers"] == ("8",) and figures["Return rate"] == ("50%",)
    headcount = by_caption["Headcount by where it came from"]
    assert headcount["The host's estimate"] == ("12",)
    assert headcount["From a paper sheet"] == ("1",)  # Cruz at S4
    assert by_caption["What made it hard to come (exit cards)"]["Childcare"] == ("2", "50%")  # c2, c5 of 4 cards
    month = by_caption["Attendance by month"]
    assert month["June 2026"] == ("1", "0", "0", "0", "0", "12")  # S9: held by the estimate alone
    assert month["April 2026"] == ("1", "1", "0", "0", "1", "0")  # S4: Cruz on paper


def test_every_series_table_is_in_the_report_tables_as_the_chart_shows_it(chapter):
    set_language("en")
    data = _data(chapter)
    tables = data.tables(hide_small=False)
    for series in (data.attendance, data.barriers, data.funnel):
        assert as_text_table(series.table(), hide_small=False) in tables


def test_in_print_a_share_made_of_a_hidden_count_is_hidden_with_it_and_the_csv_keeps_both(chapter):
    set_language("en")
    # 4 of 64 cards: "fewer than 5" beside "6%" would give the 4 back.
    assert rate_text(Rate(4, 64)) == "— (fewer than 5 of 64)"
    assert rate_text(Rate(4, 64), hide_small=False) == "6% (4 of 64)"
    assert rate_text(Rate(0, 64)) == "0% (0 of 64)" and rate_text(Rate(5, 64)) == "8% (5 of 64)"
    assert cell_text(Share(4, 64)) == "—" and cell_text(Share(4, 64), hide_small=False) == "6%"
    data = _data(chapter)
    printed = {t.caption: {row[0]: row[1:] for row in t.rows} for t in data.tables()}
    on_screen = {t.caption: {row[0]: row[1:] for row in t.rows} for t in data.tables(hide_small=False)}
    # 4 returners of 8 people: the return rate would give the hidden 4 back.
    assert printed["Key figures"]["Returners"] == ("fewer than 5",)
    assert printed["Key figures"]["Return rate"] == ("—",) and on_screen["Key figures"]["Return rate"] == ("50%",)
    assert printed["What made it hard to come (exit cards)"]["Childcare"] == ("fewer than 5", "—")
    assert printed["What made it hard to come (exit cards)"]["Cost"] == ("0", "0%")  # zero points at nobody
    # By month: February's one card named childcare; neither the card count nor the share is printed.
    february = printed["Barriers by month, as a share of exit cards"]["February 2026"]
    assert february[0] == "fewer than 5" and set(february[1:]) == {"—", "0%"}
    assert as_text_table(barrier_months_table(data.barriers), hide_small=False) == as_text_table(
        data.barriers.table(), hide_small=False
    )


def test_the_csv_holds_what_the_chapter_changed_before_and_after_with_counts_and_warnings(chapter):
    """A crèche at St Mary's from 1 April 2026; today 30 June. Its first session (10 Jan) is 81 days
    before, so each window is 81 days: 10 Jan to 31 Mar (S1, S2, S3) and 1 Apr to 20 Jun (S4, S5; S8 was
    not held). Childcare cards: c2 of c1-c3 before, c5 of c5 after."""
    set_language("en")
    with chapter.db.transaction() as s:
        record_intervention(s, InterventionDraft(chapter.venue["A"], "childcare", "A crèche", date(2026, 4, 1)))
    data = _data(chapter)
    _first, tables = _tables_in(csv_bytes(data).decode("utf-8-sig"))
    assert tables == data.tables(hide_small=False)
    changes = tables[-1]
    assert changes.caption == "What we changed, and what followed"
    assert changes.headers == (
        "Change", "Venue", "From", "What", "Before the change", "After the change", "Warning"
    )  # fmt: skip
    rows = {row[3]: row for row in changes.rows}
    assert {row[:3] for row in changes.rows} == {("Childcare (a crèche)", "St Mary's Library", "1 April 2026")}
    assert rows["Exit cards naming “Childcare”"][4:6] == ("33% (1 of 3)", "100% (1 of 1)")
    assert rows["Attendance per session"][4].endswith("came to 3 sessions)")
    assert rows["Attendance per session"][5].endswith("came to 2 sessions)")
    assert "Sessions held: 3 before the change and 2 after it." in changes.rows[0][6]
    assert all(row[6] == "" for row in changes.rows[1:])  # the warning once, on the change's first row
    printed = {row[3]: row for row in data.tables()[-1].rows}
    assert printed["Exit cards naming “Childcare”"][4] == "— (fewer than 5 of fewer than 5)"


def test_an_empty_period_csv_says_so_in_one_line_after_the_filter_and_has_no_tables(chapter):
    set_language("en")
    data = _data(chapter, ReportFilter(date(2025, 1, 1), date(2025, 12, 31)))
    rows = list(csv.reader(io.StringIO(csv_bytes(data).decode("utf-8-sig"))))
    assert rows == [["Sessions from 1 January to 31 December 2025"], ["No sessions were held in this period."]]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text():
    text = csv_text("=cmd", [TextTable("+caption", ("-h",), (("@x", "5"),))])
    assert text.splitlines() == ["'=cmd", "", "'+caption", "'-h", "'@x,5"]


def test_the_csv_speaks_spanish_with_the_filter_in_spanish(chapter):
    set_language("es")
    try:
        data = _data(chapter)
        text = csv_bytes(data).decode("utf-8-sig")
        first, tables = _tables_in(text, ";")
        numbers = _share_numbers(text, ";")
    finally:
        set_language("en")
    assert first == "Sesiones del 1 de enero al 30 de junio de 2026"
    # Semicolons: a Spanish-region spreadsheet, whose decimal mark is a comma, splits the columns there.
    assert "Sesiones realizadas;7" in text
    assert numbers["Proporción de tarjetas de salida (%)"][:3] == [25.0, 25.0, 50.0]  # horario, llegar, cuidado
    assert tables[0].caption == "Cifras clave"
    assert {row[0]: row[1:] for row in tables[0].rows}["Sesiones realizadas"] == ("7",)


def test_onramp_report_writes_the_csv_with_the_filter_line(chapter, data_dir, tmp_path):
    out = tmp_path / "report.csv"
    result = run_onramp(
        "report",
        "--out",
        str(out),
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--venue",
        "Union Hall",
        "--language",
        "en",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    first, tables = _tables_in(out.read_bytes().decode("utf-8-sig"))
    assert first == "Sessions from 1 January to 30 June 2026 at Union Hall"
    assert {r[0]: r[1:] for r in tables[0].rows}["Sessions held"] == ("2",)  # S6 and S9


def test_onramp_report_refuses_an_unknown_venue_and_names_the_known_ones(chapter, data_dir, tmp_path):
    result = run_onramp(
        "report", "--out", str(tmp_path / "r.csv"), "--venue", "Nowhere", "--language", "en", data_dir=data_dir
    )
    assert result.returncode == 2
    assert "St Mary's Library" in result.stderr and not (tmp_path / "r.csv").exists()


def test_each_share_column_has_its_percentages_beside_it_as_numbers(chapter):
    set_language("en")
    data = _data(chapter)
    text = csv_bytes(data).decode("utf-8-sig")
    # Of the 4 cards (conftest.py): time, getting here and "other" 1 each, childcare 2; in the kiosk's order.
    assert "Childcare,2,50%,50" in text.splitlines()
    numbers = _share_numbers(text)
    assert numbers["Share of exit cards (%)"] == [25.0, 25.0, 50.0, 0.0, 0.0, 0.0, 25.0]
    assert set(numbers) >= {"Share (%)", "Time (%)", "Childcare (%)"}

"""The Reports page shows the domain's numbers, section by section, for the filter chosen on it.

The database is the hand-counted chapter of tests/reports/conftest.py (two venues, January to June 2026).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from desktop.i18n import set_language
from desktop.reports import Preset, ReportFilter, build_report
from desktop.reports.definitions import how_we_counted
from desktop.reports.interventions import how_we_compared
from desktop.ui.reports.page import ReportsPage
from desktop.ui.reports.report_table import ReportTable
from tests.reports.conftest import chapter  # noqa: F401 - fixture


@pytest.fixture
def page(qtbot, ctx, chapter):
    shown = ReportsPage(ctx, "Reports")
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    shown.filter_bar.choose_period(Preset.ALL_TIME)
    return shown


def table(page: ReportsPage, caption: str) -> ReportTable:
    found = [t for t in page.findChildren(ReportTable) if t.isVisibleTo(page) and t.accessibleName() == caption]
    assert len(found) == 1, [t.accessibleName() for t in page.findChildren(ReportTable) if t.isVisibleTo(page)]
    return found[0]


def cells(view: ReportTable) -> dict[str, tuple[str, ...]]:
    """First cell of each row -> the rest of the row, as shown."""
    return {row[0]: row[1:] for row in view.text_table.rows}


def texts(page: ReportsPage) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]


def report_for(chapter, report_filter: ReportFilter):
    with chapter.db.transaction() as s:
        return build_report(s, report_filter, viewer_is_host=True)


def choose(box, value: str) -> None:
    box.setCurrentIndex(box.findData(value))


def test_the_filter_changes_the_numbers_shown_and_the_words_at_the_top(page, chapter):
    assert page.described.text() == "All sessions"
    everyone = cells(table(page, "Who came"))
    assert everyone["Different people"] == ("8",)  # Ana, Ben, Cruz, Dee, Eve, Fay, Gus, Hal

    choose(page.filter_bar.venue, chapter.venue["B"])
    assert page.described.text() == "All sessions at Union Hall"
    at_b = report_for(chapter, ReportFilter(venue_ids=(chapter.venue["B"],)))
    assert cells(table(page, "Who came"))["Different people"] == (str(at_b.people),) == ("2",)  # Fay, Gus
    attendance = cells(table(page, "Sessions and headcount by where it came from"))
    assert attendance["Sessions held"] == ("2",) and attendance["The host's estimate"] == ("12",)

    choose(page.filter_bar.venue, "")
    page.filter_bar.choose_period(Preset.CUSTOM)
    page.filter_bar.start.setDate(QDate(2026, 2, 1))
    page.filter_bar.end.setDate(QDate(2026, 3, 31))
    assert page.described.text() == "Sessions from 1 February to 31 March 2026"
    assert cells(table(page, "Sessions and headcount by where it came from"))["Sessions held"] == ("2",)  # S2, S3

    choose(page.filter_bar.language, "es")
    assert page.described.text() == "Sessions from 1 February to 31 March 2026, in Spanish"
    assert cells(table(page, "Who came"))["Different people"] == ("1",)  # Ana at S3


def test_each_section_shows_the_domains_numbers(page, chapter):
    report = report_for(chapter, ReportFilter())
    attendance = cells(table(page, "Sessions and headcount by where it came from"))
    assert attendance == {
        "Sessions held": (str(report.sessions_held),),
        "Signed in at the kiosk": (str(report.headcount_by_source["kiosk"]),),
        "Signed in by the host": (str(report.headcount_by_source["host"]),),
        "From a paper sheet": (str(report.headcount_by_source["paper"]),),
        "The host's estimate": ("12",),
    }
    people = cells(table(page, "Who came"))
    assert people["First-timers"] == (str(report.first_timers),)
    rate = f"{round(100 * report.returners / report.people)}% ({report.returners} of {report.people})"
    assert people["Return rate (returners out of everyone who came)"] == (rate,)

    # Four exit cards stand (c1, c2, c3, c5): two happy faces, one middle, one sad.
    ratings = cells(table(page, "How was it? (exit cards)"))
    assert ratings["Good (happy face)"] == ("2", "50%") and ratings["Not good (sad face)"] == ("1", "25%")
    assert cells(table(page, "Will you come back? (exit cards)"))["Maybe"] == ("1", "25%")
    barriers = cells(table(page, "What made it hard to come (exit cards)"))
    assert barriers["Childcare"] == ("2", "50%") and barriers["Getting here"] == ("1", "25%")
    assert barriers["Something else"] == ("1", "25%")

    remarks = table(page, "Comments and “Something else” answers, newest first").text_table
    assert remarks.headers == ("What they wrote", "Kind", "Written", "Session", "Signed by")
    assert [(r[0], r[1], r[4]) for r in remarks.rows] == [
        ("Loved it", "Comment", "Eve Doe"),
        ("The bus stopped running", "Something else", ""),
        ("Evenings are hard", "Comment", "Dee Doe"),
    ]
    # Each chart sits with its section, its own table of the same numbers under it.
    assert {name: slot.count() for name, slot in page.chart_slots.items()} == {"attendance": 1, "people": 1, "said": 1}
    shown = texts(page)
    for paragraph in (*how_we_counted(3), *how_we_compared()):
        assert paragraph in shown
    assert "No change recorded at these venues in this period. “Record a change…” adds one." in shown


def test_a_recorded_change_appears_in_the_changes_section(page, chapter):
    page.record_button.click()
    dialog = page.dialog
    assert dialog is not None
    choose(dialog.venue, chapter.venue["A"])
    choose(dialog.kind, "childcare")
    dialog.description.setText("A crèche in the back room")
    dialog.starts.setDate(QDate(2026, 4, 1))
    dialog.buttons.accepted.emit()

    caption = "Childcare (a crèche) at St Mary's Library, from Wed 1 Apr 2026"
    change = table(page, caption)
    assert change.accessibleDescription() == "A crèche in the back room"
    effect = page.view.effects[0]
    rows = cells(change)
    assert rows["Sessions held"] == (str(effect.before.sessions_held), str(effect.after.sessions_held))
    before, after = effect.before.barrier_rate, effect.after.barrier_rate
    assert rows["Exit cards naming “Childcare”"][1] == f"{round(100 * after.value)}% ({after.part} of {after.whole})"
    assert rows["Exit cards naming “Childcare”"][0].endswith(f"({before.part} of {before.whole})")
    # So few sessions and cards: the page says plainly that the difference may be chance.
    assert effect.warnings and all(w in texts(page) for w in effect.warnings)


def test_the_page_speaks_spanish(qtbot, ctx, chapter):
    set_language("es")
    try:
        page = ReportsPage(ctx, "Informes")
        qtbot.addWidget(page)
        page.show()
        page.filter_bar.choose_period(Preset.ALL_TIME)
        choose(page.filter_bar.venue, chapter.venue["A"])
        assert page.described.text() == "Todas las sesiones en St Mary's Library"
        assert page.record_button.text().replace("&", "") == "Registrar un cambio…"
        people = cells(table(page, "Quién vino"))
        assert people["Personas distintas"] == ("7",)
    finally:
        set_language("en")


def test_the_filter_bar_offers_the_chapters_venues_lessons_and_languages(page, chapter):
    bar = page.filter_bar
    assert [bar.venue.itemText(i) for i in range(bar.venue.count())] == [
        "Every venue",
        "St Mary's Library",
        "Union Hall",
    ]
    assert [bar.lesson.itemData(i) for i in range(bar.lesson.count())][1:] == sorted(
        chapter.lesson.values(), key=lambda i: {chapter.lesson["L2"]: 0, chapter.lesson["L1"]: 1}[i]
    )
    assert [bar.language.itemData(i) for i in range(bar.language.count())] == ["", "en", "es"]
    assert not bar.start.isEnabled()
    bar.choose_period(Preset.CUSTOM)
    assert bar.start.isEnabled() and bar.end.isEnabled()
    assert bar.report_filter().start == bar.start.date().toPython() and isinstance(bar.report_filter().end, date)

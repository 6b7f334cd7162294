"""The Reports page's charts: each holds its series' numbers in a table, and draws in large text and Spanish."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication

from desktop.i18n import set_language
from desktop.reports.series import attendance_series, barrier_series, ladder_funnel
from desktop.reports.tables import as_text_table
from desktop.ui.reports.charts import BAR_COLOUR, SOURCE_COLOURS, AttendanceChart, BarrierChart, LadderChart
from tests.reports.conftest import chapter  # noqa: F401 - the hand-counted chapter


@pytest.fixture
def series(chapter):
    with chapter.db.session() as s:
        return attendance_series(s), barrier_series(s), ladder_funnel(s)


@pytest.fixture
def large_text(qapp) -> Iterator[None]:
    """The app's large-text mode: the application font half as large again (desktop.app.LARGE_TEXT_SCALE)."""
    normal = QFont(qapp.font())
    large = QFont(normal)
    large.setPointSizeF(normal.pointSizeF() * 1.5)
    qapp.setFont(large)
    yield
    qapp.setFont(normal)


def _charts(series):
    attendance, barriers, funnel = series
    return AttendanceChart(attendance), BarrierChart(barriers), LadderChart(funnel)


def _image(chart, qtbot) -> QImage:
    """The chart's drawing, with the chart laid out 1280 pixels wide."""
    qtbot.addWidget(chart)
    chart.resize(1280, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    return chart.plot.grab().toImage()


def _has_colour(image: QImage, colour: str) -> bool:
    wanted = QColor(colour).rgb()
    return any(image.pixel(x, y) == wanted for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))


def test_each_charts_table_holds_its_series_numbers_named_by_its_caption(qapp, qtbot, series):
    set_language("en")
    for chart, one in zip(_charts(series), series, strict=True):
        qtbot.addWidget(chart)
        expected = as_text_table(one.table(), hide_small=False)
        assert chart.table.text_table == expected
        assert chart.table.accessibleName() == expected.caption
        assert chart.plot.accessibleName()
    charts = _charts(series)
    attendance = charts[0].table
    june = next(row for row in attendance.text_table.rows if row[0] == "June 2026")
    assert june[-1] == "12"  # the host's estimate at S9 (conftest.py)
    assert attendance.model().data(attendance.model().index(5, 6)) == "12"


def test_the_attendance_chart_draws_each_source_in_large_text_at_1280_wide(qapp, qtbot, series, large_text):
    set_language("en")
    chart = _charts(series)[0]
    image = _image(chart, qtbot)
    assert image.width() == 1280 and image.height() > 0
    # Kiosk sign-ins (solid), and the host's estimate drawn as an outline in its own colour.
    assert _has_colour(image, SOURCE_COLOURS["kiosk"]) and _has_colour(image, SOURCE_COLOURS["estimate"])


def test_large_text_makes_the_charts_taller(qapp, qtbot, series):
    set_language("en")
    normal = [c.plot.sizeHint().height() for c in _charts(series)]
    font = QFont(qapp.font())
    large = QFont(font)
    large.setPointSizeF(font.pointSizeF() * 1.5)
    QApplication.setFont(large)
    try:
        bigger = [c.plot.sizeHint().height() for c in _charts(series)]
    finally:
        QApplication.setFont(font)
    assert all(b > n for b, n in zip(bigger, normal, strict=True))


def test_barrier_and_ladder_charts_draw_their_bars_in_spanish(qapp, qtbot, series, large_text):
    set_language("es")
    try:
        _attendance, barriers, ladder = _charts(series)
        assert barriers.table.text_table.headers[:2] == ("Mes", "Tarjetas de salida")
        for chart in (barriers, ladder):
            assert _has_colour(_image(chart, qtbot), BAR_COLOUR)
    finally:
        set_language("en")

"""The Reports page's charts: attendance by month, barriers and the ladder funnel, each above its table.

Each chart is drawn with QPainter (no charting library: nothing added to the bundle) in the widget's
own font, so large text makes its words larger too. Its table (``series.table()`` as text, the same
words as the CSV) sits below it: a screen reader skips the picture and reads the table. Nothing is
said by colour alone: each headcount source has its own fill pattern and a legend in words, and
every bar carries its label and its number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.dates import month_name
from desktop.i18n import _, current_language
from desktop.reports.ladder import STAGE_NAMES
from desktop.reports.report import HEADCOUNT_SOURCES, share
from desktop.reports.series import SOURCE_NAMES, AttendanceSeries, BarrierSeries, LadderFunnel, percent
from desktop.reports.tables import as_text_table, count_text
from desktop.ui.reports.report_table import ReportTable, captioned
from desktop.vocabulary import BARRIER_LABELS, BARRIERS

# One colour and one pattern per source, as in the printed report; each colour keeps 3:1 or more
# against a white background, and the patterns tell the sources apart without colour.
SOURCE_COLOURS = {"kiosk": "#1d4f7a", "host": "#8f4a00", "paper": "#5e3c99", "estimate": "#4d4d4d"}
SOURCE_PATTERNS = {
    "kiosk": Qt.BrushStyle.SolidPattern,
    "host": Qt.BrushStyle.VerPattern,
    "paper": Qt.BrushStyle.HorPattern,
    "estimate": Qt.BrushStyle.NoBrush,
}
BAR_COLOUR = "#1d4f7a"


class Plot(QWidget):
    """The drawing part of a chart: a picture for sighted readers, its numbers in the table beside it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setAccessibleDescription(_("A chart; the table below it holds the same numbers."))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def sizeHint(self) -> QSize:
        return QSize(round(self.line() * 30), round(self.plot_height()))

    def minimumSizeHint(self) -> QSize:
        return QSize(round(self.line() * 16), round(self.plot_height()))

    def plot_height(self) -> float:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self.updateGeometry()  # a larger font asks for a taller chart

    def begin(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        return painter


def _nice_step(top: float, ticks: int = 4) -> int:
    raw = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _piece(painter: QPainter, rect: QRectF, source: str) -> None:
    colour = QColor(SOURCE_COLOURS[source])
    painter.save()
    painter.setPen(QPen(colour, 1.2))
    painter.setBrush(QBrush(Qt.GlobalColor.white))
    painter.drawRect(rect)
    painter.setBrush(QBrush(colour, SOURCE_PATTERNS[source]))
    painter.drawRect(rect)
    painter.restore()


class AttendancePlot(Plot):
    """Stacked bars, one a month, split by where the headcount came from, under a legend in words."""

    def __init__(self, series: AttendanceSeries) -> None:
        super().__init__(series.table().caption)
        self.series = series

    def _legend(self, width: float) -> list[tuple[float, int, str, str]]:
        """(x, line, source, name) of each legend entry, wrapped to ``width``."""
        metrics, line_h = QFontMetricsF(self.font()), self.line()
        entries, x, line = [], 0.0, 0
        for source in HEADCOUNT_SOURCES:
            name = _(SOURCE_NAMES[source])
            needed = line_h * 1.6 + metrics.horizontalAdvance(name)
            if x and x + needed > width:
                x, line = 0.0, line + 1
            entries.append((x, line, source, name))
            x += needed
        return entries

    def plot_height(self) -> float:
        lines = 1 + max((line for _x, line, _s, _n in self._legend(max(self.width(), 200))), default=0)
        return self.line() * (lines * 1.4 + 14)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.height() != round(self.plot_height()):
            self.updateGeometry()  # the legend may take another line at this width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self.begin()
        metrics, line_h = QFontMetricsF(self.font()), self.line()
        width = float(self.width())
        entries = self._legend(width)
        for x, line, source, name in entries:
            y = line * line_h * 1.4
            _piece(painter, QRectF(x + 1, y + line_h * 0.2, line_h * 0.9, line_h * 0.7), source)
            painter.drawText(QPointF(x + line_h * 1.2, y + metrics.ascent()), name)
        top = (1 + max(line for _x, line, _s, _n in entries)) * line_h * 1.4 + line_h * 0.5
        months = self.series.months
        totals = [sum(m.by_source[s] for s in HEADCOUNT_SOURCES) for m in months]
        peak = max(totals, default=0) or 1
        step = _nice_step(peak)
        scale = step * math.ceil(peak / step)
        left = metrics.horizontalAdvance(str(scale)) + line_h * 0.6
        bottom = self.height() - line_h * 1.6
        plot_w, plot_h = width - left - 2, bottom - top
        grid = self.palette().color(QPalette.ColorRole.Mid)
        for k in range(0, scale + 1, step):
            y = bottom - plot_h * k / scale
            painter.save()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(left, y), QPointF(left + plot_w, y))
            painter.restore()
            label = str(k)
            painter.drawText(
                QPointF(left - line_h * 0.3 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2.5), label
            )
        if not months:
            painter.drawText(QRectF(left, top, plot_w, plot_h), Qt.AlignmentFlag.AlignCenter, _("No sessions"))
            return
        slot = plot_w / len(months)
        bar = slot * 0.7
        widest = metrics.horizontalAdvance("Mmm 0000") + line_h
        every = max(1, math.ceil(widest / slot))
        for i, month in enumerate(months):
            x, y = left + i * slot + (slot - bar) / 2, bottom
            for source in HEADCOUNT_SOURCES:
                n = month.by_source[source]
                if n:
                    h = plot_h * n / scale
                    _piece(painter, QRectF(x, y - h, bar, h), source)
                    y -= h
            if i % every == 0:
                short = month_name(month.month, current_language())[:3]
                label = f"{short} {month.year}" if i == 0 or month.month == 1 else short
                painter.drawText(
                    QPointF(x + bar / 2 - metrics.horizontalAdvance(label) / 2, bottom + metrics.ascent() + 2), label
                )
        painter.drawLine(QPointF(left, bottom), QPointF(left + plot_w, bottom))


class BarsPlot(Plot):
    """Horizontal bars, each with its label on the left and its value in words on the right."""

    def __init__(self, name: str, rows: Sequence[tuple[str, float, str]], *, centred: bool = False) -> None:
        super().__init__(name)
        self.rows, self.centred = list(rows), centred  # (label, length from 0 to 1, value)

    def plot_height(self) -> float:
        return self.line() * 1.5 * len(self.rows) + 4

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self.begin()
        metrics, line_h = QFontMetricsF(self.font()), self.line()
        label_w = max((metrics.horizontalAdvance(label) for label, _l, _v in self.rows), default=0) + line_h * 0.5
        value_w = max((metrics.horizontalAdvance(value) for _l, _f, value in self.rows), default=0) + line_h * 0.5
        plot_w = max(self.width() - label_w - value_w, line_h)
        colour = QColor(BAR_COLOUR)
        for i, (label, length, value) in enumerate(self.rows):
            y = i * line_h * 1.5 + 2
            baseline = y + (line_h * 1.5 + metrics.ascent() - metrics.descent()) / 2
            painter.drawText(QPointF(label_w - line_h * 0.3 - metrics.horizontalAdvance(label), baseline), label)
            bar_w = plot_w * max(0.0, min(1.0, length))
            x = label_w + ((plot_w - bar_w) / 2 if self.centred else 0)
            painter.fillRect(QRectF(x, y + line_h * 0.2, bar_w, line_h * 1.1), colour)
            painter.drawText(QPointF(label_w + plot_w + line_h * 0.3, baseline), value)


class Chart(QWidget):
    """A chart above the table of its numbers; ``table`` is the table view a screen reader reads."""

    def __init__(self, plot: Plot, table_widget: QWidget, note: str = "") -> None:
        super().__init__()
        self.plot = plot
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(plot)
        if note:  # what the picture shows, when it is not exactly what the table lists
            words = QLabel(note)
            words.setWordWrap(True)
            layout.addWidget(words)
        layout.addWidget(table_widget)
        found = table_widget.findChild(ReportTable)
        assert found is not None
        self.table: ReportTable = found


class AttendanceChart(Chart):
    """Visits a month, stacked by where the headcount came from (kiosk, host, paper, the host's estimate)."""

    def __init__(self, series: AttendanceSeries, *, hide_small: bool = False) -> None:
        super().__init__(AttendancePlot(series), captioned(as_text_table(series.table(), hide_small=hide_small)))


class BarrierChart(Chart):
    """Each barrier's share of exit cards over the whole period; its table gives them month by month."""

    def __init__(self, series: BarrierSeries, *, hide_small: bool = False) -> None:
        cards = sum(m.exit_cards for m in series.months)
        rates = {b: share(sum(m.counts.get(b, 0) for m in series.months), cards) for b in BARRIERS}
        peak = max(rates.values(), default=0.0) or 1.0
        rows = [(_(BARRIER_LABELS[b]), rates[b] / peak, percent(rates[b])) for b in BARRIERS]
        name = _("What made it hard to come: share of exit cards")
        note = _("The bars show the whole period; the table shows each month.")
        super().__init__(BarsPlot(name, rows), captioned(as_text_table(series.table(), hide_small=hide_small)), note)


class LadderChart(Chart):
    """The ladder as a funnel: the people at each step, the count beside each bar."""

    def __init__(self, funnel: LadderFunnel, *, hide_small: bool = False) -> None:
        peak = max(funnel.people.values(), default=0) or 1
        rows = [(_(STAGE_NAMES[s]), n / peak, count_text(n, hide_small=hide_small)) for s, n in funnel.people.items()]
        table = funnel.table()
        super().__init__(
            BarsPlot(table.caption, rows, centred=True), captioned(as_text_table(table, hide_small=hide_small))
        )

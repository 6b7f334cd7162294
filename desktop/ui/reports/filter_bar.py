"""The Reports page's filter: a period (or two dates), a venue, a lesson and a language."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QRect, QSize, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLayoutItem, QSizePolicy, QWidget

from desktop.i18n import _
from desktop.languages import language_label
from desktop.reports.choices import FilterChoices
from desktop.reports.filters import Preset, ReportFilter, preset_range
from desktop.ui.widgets import without_mnemonic
from desktop.ui.wrapping_layout import WrappingLayout

DEFAULT_PRESET = Preset.THIS_YEAR


def _combo(min_chars: int = 12) -> QComboBox:
    box = QComboBox()
    # As wide as its longest item, so the chosen words show whole in large text and Spanish;
    # the bar wraps rather than cutting them, and a name wider than the page is narrowed to it.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    box.setMinimumContentsLength(min_chars)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return box


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class PairFlow(WrappingLayout):
    """Labels above their pickers, side by side, wrapping onto another row when the page is too narrow.

    Items come in pairs (label, picker); each pair is as wide as the wider of the two, never wider than
    the bar. Tab order is the order the pickers were made in, which is the order they are shown in."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 10, gap: int = 2) -> None:
        super().__init__(parent)
        self._spacing = spacing  # between pairs, across and down
        self._gap = gap  # between a label and its picker

    def add_pair(self, label: QWidget, field: QWidget) -> None:
        self.addWidget(label)
        self.addWidget(field)

    def sizeHint(self) -> QSize:
        """All pairs in one row."""
        pairs = self._pairs()
        width = sum(self._pair_width(label, field) for label, field in pairs) + self._spacing * max(0, len(pairs) - 1)
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        """One pair a row; a long venue or lesson name does not hold the window open, it is narrowed."""
        widest = max((min(self._pair_width(*pair), self._narrowest_cap()) for pair in self._pairs()), default=0)
        return QSize(widest, self.heightForWidth(widest))

    def _narrowest_cap(self) -> int:
        parent = self.parentWidget()
        return 24 * (parent.fontMetrics().averageCharWidth() if parent is not None else 8)

    def _pairs(self) -> list[tuple[QLayoutItem, QLayoutItem]]:
        return list(zip(self._items[0::2], self._items[1::2], strict=True))

    @staticmethod
    def _pair_width(label: QLayoutItem, field: QLayoutItem) -> int:
        return max(label.sizeHint().width(), field.sizeHint().width())

    def _arrange(self, rect: QRect, place: bool) -> int:
        """Lay the pairs out left to right in ``rect``, wrapping; the height they take."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, row_height = area.x(), area.y(), 0
        for label, field in self._pairs():
            width = min(self._pair_width(label, field), max(1, area.width()))
            label_height, field_height = label.sizeHint().height(), field.sizeHint().height()
            if x > area.x() and x + width > area.x() + area.width():
                x, y, row_height = area.x(), y + row_height + self._spacing, 0
            if place:
                label.setGeometry(QRect(x, y, width, label_height))
                field.setGeometry(QRect(x, y + label_height + self._gap, width, field_height))
            x += width + self._spacing
            row_height = max(row_height, label_height + self._gap + field_height)
        return y + row_height - area.y() + margins.top() + margins.bottom()


class FilterBar(QWidget):
    """Labels above their pickers, in a row that wraps. ``changed`` carries the new filter."""

    changed = Signal(object)  # ReportFilter

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self._filling = False
        flow = PairFlow(self)
        flow.setContentsMargins(0, 0, 0, 0)
        self.period = _combo(10)
        for preset in Preset:
            self.period.addItem(_(preset.label), preset)
        self.period.setCurrentIndex(self.period.findData(DEFAULT_PRESET))
        self.start, self.end = _date_edit(), _date_edit()
        first, last = preset_range(DEFAULT_PRESET, today)
        start, end = first or today, last or today
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))
        self.venue, self.lesson, self.language = _combo(), _combo(), _combo(8)
        self.fields: list[tuple[QLabel, QWidget]] = []
        for text, widget in (
            (_("&Period"), self.period),
            (_("Fro&m"), self.start),
            (_("T&o"), self.end),
            (_("Ve&nue"), self.venue),
            (_("&Lesson"), self.lesson),
            (_("Lan&guage"), self.language),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(without_mnemonic(text))
            flow.add_pair(label, widget)
            self.fields.append((label, widget))
        self.set_choices(FilterChoices())
        self._show_dates()
        self.period.currentIndexChanged.connect(self._period_changed)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._emit)
        for box in (self.venue, self.lesson, self.language):
            box.currentIndexChanged.connect(self._emit)

    def set_choices(self, choices: FilterChoices) -> None:
        """Fill the venue, lesson and language pickers from the records, keeping what was chosen."""
        self._filling = True
        try:
            _fill(self.venue, _("Every venue"), choices.venues)
            _fill(self.lesson, _("Every lesson"), choices.lessons)
            _fill(self.language, _("Every language"), [(c, language_label(c)) for c in choices.languages])
        finally:
            self._filling = False

    def report_filter(self) -> ReportFilter:
        preset = self.period.currentData()
        venue, lesson, language = (box.currentData() or "" for box in (self.venue, self.lesson, self.language))
        narrowed = {
            "venue_ids": (venue,) if venue else (),
            "lesson_ids": (lesson,) if lesson else (),
            "languages": (language,) if language else (),
        }
        if preset is Preset.CUSTOM:
            start, end = self.start.date().toPython(), self.end.date().toPython()
            assert isinstance(start, date) and isinstance(end, date)
            return ReportFilter(start, max(start, end), **narrowed)
        return ReportFilter.preset(preset, self.today, **narrowed)

    def choose_period(self, preset: Preset) -> None:
        self.period.setCurrentIndex(self.period.findData(preset))

    def _period_changed(self) -> None:
        self._show_dates()
        self._emit()

    def _show_dates(self) -> None:
        """The two dates are for "Choose dates"; other periods show the days they cover, greyed."""
        preset = self.period.currentData()
        custom = preset is Preset.CUSTOM
        if not custom:
            first, last = preset_range(preset, self.today)
            self._filling = True
            try:
                if first is not None and last is not None:
                    self.start.setDate(QDate(first.year, first.month, first.day))
                    self.end.setDate(QDate(last.year, last.month, last.day))
            finally:
                self._filling = False
        for edit in (self.start, self.end):
            edit.setEnabled(custom)

    def _emit(self) -> None:
        if not self._filling:
            self.changed.emit(self.report_filter())


def _fill(box: QComboBox, every: str, items: list[tuple[str, str]]) -> None:
    chosen = box.currentData() or ""
    box.clear()
    box.addItem(every, "")
    for value, text in items:
        box.addItem(text, value)
    box.setCurrentIndex(max(0, box.findData(chosen)))

"""The Reports page's filter: a period (or two dates), a venue, a lesson and a language."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QLabel, QSizePolicy, QWidget

from desktop.i18n import _
from desktop.languages import language_label
from desktop.reports.choices import FilterChoices
from desktop.reports.filters import Preset, ReportFilter, preset_range
from desktop.ui.widgets import without_mnemonic

DEFAULT_PRESET = Preset.THIS_YEAR


def _combo(min_chars: int = 12) -> QComboBox:
    box = QComboBox()
    # A long venue or lesson name must not push the bar wider than a 1280-pixel screen.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(min_chars)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return box


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class FilterBar(QWidget):
    """Labels above their pickers, in one row. ``changed`` carries the new filter."""

    changed = Signal(object)  # ReportFilter

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self._filling = False
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.period = _combo(10)
        for preset in Preset:
            self.period.addItem(_(preset.label), preset)
        self.period.setCurrentIndex(self.period.findData(DEFAULT_PRESET))
        self.start, self.end = _date_edit(), _date_edit()
        first, last = preset_range(DEFAULT_PRESET, today)
        self.start.setDate(QDate(first or today))
        self.end.setDate(QDate(last or today))
        self.venue, self.lesson, self.language = _combo(), _combo(), _combo(8)
        self.fields: list[tuple[QLabel, QWidget]] = []
        for column, (text, widget) in enumerate(
            (
                (_("&Period"), self.period),
                (_("Fro&m"), self.start),
                (_("T&o"), self.end),
                (_("Ve&nue"), self.venue),
                (_("&Lesson"), self.lesson),
                (_("Lan&guage"), self.language),
            )
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(without_mnemonic(text))
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 1, column)
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
                    self.start.setDate(QDate(first))
                    self.end.setDate(QDate(last))
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

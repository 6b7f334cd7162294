"""Pickers for languages: shown by name, stored as codes (``desktop.languages``), never free text.

A stored code that is not on the list stays on offer, ticked or chosen as it was, so saving
a form never drops it without a word.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QWidget

from desktop.i18n import _
from desktop.languages import OTHER, language_choices, language_label, normalise_codes

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class LanguageList(QListWidget):
    """Every language a person (or a venue) speaks: tick as many as apply."""

    def __init__(self, codes: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.set_codes(codes)
        # About six rows show at once (whatever the text size); the rest scroll.
        self.setMaximumHeight(self.sizeHintForRow(0) * 6 + 2 * self.frameWidth())

    def set_codes(self, codes: Iterable[str]) -> None:
        chosen = normalise_codes(codes)
        self.clear()
        for code, label in language_choices(chosen):
            item = QListWidgetItem(label)
            item.setData(CODE_ROLE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.addItem(item)
        first = next((i for i in range(self.count()) if self.item(i).checkState() == Qt.CheckState.Checked), 0)
        self.setCurrentRow(first)
        self.scrollToItem(self.item(first))

    def codes(self) -> list[str]:
        """The ticked codes, in list order."""
        return [
            self.item(i).data(CODE_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def tick(self, code: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(CODE_ROLE) == code:
                self.item(i).setCheckState(Qt.CheckState.Checked)


class LanguageBox(QComboBox):
    """One language (a preferred language, a session's language): by name, optionally none."""

    def __init__(
        self, code: str = "", *, allow_none: bool = False, allow_other: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if allow_none:
            self.addItem(_("Not given"), "")
        for choice_code, label in language_choices([code] if code and code != OTHER else []):
            self.addItem(label, choice_code)
        if allow_other or code == OTHER:
            self.addItem(language_label(OTHER), OTHER)
        self.set_code(code)

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index < 0 and code:
            self.addItem(language_label(code), code)  # kept as stored, never silently changed
            index = self.count() - 1
        self.setCurrentIndex(max(0, index))

    def code(self) -> str:
        return self.currentData() or ""

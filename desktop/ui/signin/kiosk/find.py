"""Finding yourself by a few letters of your name, without seeing anyone else's details."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from desktop.i18n import _
from desktop.signin.lookup import MAX_MATCHES, LookupResult
from desktop.ui.a11y import announce
from desktop.ui.signin.kiosk.common import Screen, button, label, set_text
from desktop.ui.widgets import content_scroll


class FindScreen(Screen):
    """Returning people type part of their name or the last 4 digits of their phone."""

    query_changed = Signal(str)
    chosen = Signal(str, str)  # participant id, the label shown
    back = Signal()
    new = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.search_label = label()
        self.search = QLineEdit()
        self.search.setMaxLength(60)
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.status = label("hint")
        self.status.setAccessibleName("")
        self.results: list[QPushButton] = []
        self._ids: list[str] = []
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.search_label)
        self.layout_.addWidget(self.search)
        self.layout_.addWidget(self.status)
        # Two names to a row, in the screen's one scroll area: "Back" and "I'm new here" stay below it,
        # always on screen, even with five names in large text on a small laptop.
        names = QWidget()
        grid = QGridLayout(names)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        for i in range(MAX_MATCHES):
            b = button(secondary=True)
            b.hide()
            b.clicked.connect(lambda _=False, n=i: self._choose(n))
            self.results.append(b)
            grid.addWidget(b, i // 2, i % 2)
        grid.setRowStretch(MAX_MATCHES, 1)
        self.names_scroll = content_scroll(names)
        for b in self.results:  # a name reached by Tab is scrolled into view
            b.installEventFilter(self)
        self.layout_.addWidget(self.names_scroll, 1)
        row = QHBoxLayout()
        self.back_button = button(secondary=True)
        self.new_button = button(secondary=True)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.new_button)
        self.layout_.addLayout(row)
        self.search.textChanged.connect(self.query_changed)
        self.search.returnPressed.connect(self._enter)
        self.back_button.clicked.connect(self.back)
        self.new_button.clicked.connect(self.new)
        self._last: LookupResult | None = None

    def retranslate(self) -> None:
        self.title.setText(_("Find your name"))
        self.search_label.setText(_("Type the first letters of your name, or the last 4 digits of your phone:"))
        self.search.setAccessibleName(_("Your name or the last 4 digits of your phone"))
        clear = self.search.findChild(QToolButton)  # the line edit's clear button, nameless unless named
        if clear is not None:
            clear.setAccessibleName(_("Clear the search"))
        self.search.setPlaceholderText(_("For example: Ana, or 4567"))
        set_text(self.back_button, _("Back"))
        set_text(self.new_button, _("I'm new here"))
        self.show_results(self._last)

    def first_focus(self) -> QWidget:
        return self.search

    def reset(self) -> None:
        self.search.clear()
        self.show_results(None)

    def show_results(self, result: LookupResult | None) -> None:
        self._last = result
        matches = result.matches if result else []
        self._ids = [m.participant_id for m in matches]
        for i, b in enumerate(self.results):
            if i < len(matches):
                set_text(b, matches[i].label, _("Sign in as {name}").format(name=matches[i].label))
                b.show()
            else:
                b.hide()
        if result is None or result.too_short:
            text = _("Type at least 3 letters of your name, or the last 4 digits of your phone.")
        elif not matches:
            text = _("We couldn't find that name. Check the spelling, or choose “I'm new here”.")
        elif result.more:
            text = _("Tap your name. Not there? Keep typing to narrow it down.")
        else:
            text = _("Tap your name.")
        said = self.status.text()
        self.status.setText(text)
        self.status.setAccessibleName(text)
        if text != said and result is not None and not result.too_short and self.isVisible():
            announce(self.status, text)  # "We couldn't find that name" must reach a screen reader too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.names_scroll.ensureWidgetVisible(watched)
        return super().eventFilter(watched, event)

    def _choose(self, index: int) -> None:
        if index < len(self._ids):
            self.chosen.emit(self._ids[index], self.results[index].text())

    def _enter(self) -> None:
        if len(self._ids) == 1:  # one match: Enter signs in
            self._choose(0)
        elif self._ids:
            self.results[0].setFocus()

"""Small widgets shared by pages: headings that follow the text size, empty-state notes."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.a11y import LiveLabel, announce


class Heading(QLabel):
    """A page or section heading, sized relative to the app font so large-text mode scales it."""

    def __init__(self, text: str, level: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._scale = {1: 1.6, 2: 1.25, 3: 1.1}.get(level, 1.0)
        self.setAccessibleName(text)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._watched: QWidget | None = None
        self._apply_font()

    def _apply_font(self) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * self._scale)
        font.setBold(True)
        if font != self.font():
            self.setFont(font)

    # Qt tells only top-level windows that the application font changed (children follow by font
    # inheritance, which a heading's own font opts out of), so a heading listens at its window.
    def showEvent(self, event: QShowEvent) -> None:
        window = self.window()
        if window is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched = window
        self._apply_font()  # the text size may have changed while this heading was hidden
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply_font()
        return super().eventFilter(watched, event)


class Note(LiveLabel):
    """A calm, wrapped explanation: empty states, hints, placeholders, a page's status line.

    A screen reader hears a note's new text when it changes (a page's status line says what just
    happened); its accessible name is the text it shows, and a caption becomes its description.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)


class Card(QFrame):
    """A bordered box holding one thing (a session, a group)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 10, 12, 10)


def format_datetime(value, pattern: str = "ddd d MMM, HH:mm") -> str:
    """A date and time in the app's current language ("vie 27 nov, 10:00" in Spanish)."""
    from PySide6.QtCore import QDateTime, QLocale

    from desktop.i18n import current_language

    return QLocale(current_language()).toString(QDateTime(value), pattern)


class ElidedLabel(QLabel):
    """One line of text that ends in "…" where there is no room, rather than being cut off mid-letter.

    Its tooltip and accessible name keep the whole text, so nothing is lost to a mouse or a screen reader.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setMinimumWidth(1)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleName(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment()), shown)


def content_scroll(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area that resizes it to fit and is never a Tab stop itself:
    the controls inside are the stops, so a screen reader never lands on a nameless frame."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(content)
    return scroll


def without_mnemonic(text: str) -> str:
    """A control's text as it is read: "&Sync now" -> "Sync now" ("&&" is a real ampersand)."""
    return re.sub(r"&(.)", r"\1", text)


def set_button_text(button: QAbstractButton, text: str, description: str = "") -> None:
    """Change a button's text and, with it, the name a screen reader hears.

    A name copied from the text once (so every control has one) is left behind when the text changes
    later: "Mark as helper" would still be heard as "Helper". Every change of a named button's text
    goes through here.
    """
    button.setText(text)
    button.setAccessibleName(without_mnemonic(text))
    if description:
        button.setToolTip(description)
        button.setAccessibleDescription(description)


# A folder or file on this computer: "/home/…/", "C:\\…", "~/…", or a file name with a data extension.
# A web address ("https://hub.example.org/v1") is not one: its slashes follow a colon, a slash or a letter.
_PATH = re.compile(
    r"(?<![\w:/.])(?:~)?/[\w.-]+/|\b[A-Za-z]:\\|\\\\\w|(?:^|\s)~/"
    r"|\b[\w-]+\.(?:sqlite3?|db|bak|zip|pdf|csv|log|md|json|po)\b",
)


def looks_like_path(text: str) -> bool:
    """Whether ``text`` shows a file or folder path, which a host has no use for in a message."""
    return _PATH.search(text) is not None


def show_status(widget: QWidget, text: str, timeout_ms: int = 8000) -> None:
    """Say ``text`` in the status bar of ``widget``'s window for a while, and to a screen reader.

    Every status message goes through here. A message naming a file or folder is refused (ValueError):
    say what happened instead ("Backup saved."); where things are kept is for the pages that manage them.
    """
    if looks_like_path(text):
        raise ValueError(f"a status message must not show a file path: {text!r}")
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, timeout_ms)
        announce(window.statusBar(), text)
    else:
        announce(widget, text)

"""What a screen reader hears when something changes: announcements and labels that announce themselves.

A label whose text changes is silent to a screen reader unless the change is announced. ``announce``
sends Qt's accessibility announcement event (AT-SPI reads it aloud on Linux, at once for errors);
``LiveLabel`` is a label that announces its own new text whenever it changes while it can be seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

POLITE = QAccessible.AnnouncementPoliteness.Polite
ASSERTIVE = QAccessible.AnnouncementPoliteness.Assertive  # errors: interrupt whatever is being read


@dataclass(frozen=True)
class Announcement:
    widget: QWidget
    text: str
    assertive: bool


# Who else hears each announcement (tests, a log): the accessibility update handler itself is not
# reachable from Python, so this is how an announcement can be observed without a screen reader.
_listeners: list[Callable[[Announcement], None]] = []


def add_listener(listener: Callable[[Announcement], None]) -> None:
    _listeners.append(listener)


def remove_listener(listener: Callable[[Announcement], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have a screen reader say ``text`` now, on behalf of ``widget``; ``assertive`` for errors."""
    text = text.strip()
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(ASSERTIVE if assertive else POLITE)
    QAccessible.updateAccessibility(event)
    for listener in list(_listeners):
        listener(Announcement(widget, text, assertive))


class LiveLabel(QLabel):
    """A label that announces its new text when it changes and can be seen (or as soon as it is shown).

    Its accessible name is always the text it shows. A caption given with ``setAccessibleName``
    ("Lessons status") becomes its accessible description instead, so it never hides the text.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *, assertive: bool = False) -> None:
        super().__init__(text, parent)
        self.assertive = assertive
        self._unannounced = ""  # text set while hidden, said once the label is shown
        super().setAccessibleName(text)

    def setText(self, text: str, *, quiet: bool = False) -> None:
        """Show ``text``, and announce it if it is new; ``quiet`` for a change that is no news (the
        minute in "Synced at 14:05" moving on), which a screen reader still finds by reading the label."""
        changed = text != self.text()
        super().setText(text)
        super().setAccessibleName(text)
        if not changed or quiet:
            self._unannounced = "" if quiet else self._unannounced
            return
        if self.isVisible():
            self._unannounced = ""
            announce(self, text, assertive=self.assertive)
        else:
            self._unannounced = text

    def say(self, text: str) -> None:
        """Show ``text`` (hide the label when it is empty) and announce it, even when it repeats:
        a second wrong PIN is news too."""
        repeated = bool(text) and text == self.text() and self.isVisible()
        self.setText(text)
        self.setVisible(bool(text))
        if repeated:
            announce(self, text, assertive=self.assertive)

    def setAccessibleName(self, name: str) -> None:
        self.setAccessibleDescription(name)

    def clear(self) -> None:
        self.setText("")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._unannounced and self._unannounced == self.text():
            announce(self, self._unannounced, assertive=self.assertive)
        self._unannounced = ""

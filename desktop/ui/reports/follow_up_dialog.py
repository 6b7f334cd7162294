"""The host records that someone reached out to a person who stopped coming."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QLabel, QPlainTextEdit, QWidget

from desktop.i18n import _, current_language
from desktop.ops import learning as learning_ops
from desktop.ui.context import AppContext
from desktop.ui.sessions.dialogs import FormDialog


def day_edit(day: date | None = None) -> QDateEdit:
    """A day picker with a calendar, today unless told, never a day to come."""
    today = date.today()
    picked = day or today
    edit = QDateEdit(QDate(picked.year, picked.month, picked.day))
    edit.setCalendarPopup(True)
    edit.setLocale(QLocale(current_language()))  # month names in the app's language, not the system's
    edit.setDisplayFormat("d MMMM yyyy")
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    return edit


def note_edit() -> QPlainTextEdit:
    """A few lines of free text; Tab moves on rather than typing a tab."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(80)
    return edit


def picked_day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class FollowUpDialog(FormDialog):
    """When someone reached out to ``name`` and, if the host likes, what came of it. Saved as a follow-up mark."""

    def __init__(self, ctx: AppContext, participant_id: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Mark {name} as followed up").format(name=name), parent)
        self.participant_id = participant_id
        explain = QLabel(_("Someone reached out to {name}. The note is optional.").format(name=name))
        explain.setWordWrap(True)
        self.layout_.insertWidget(0, explain)
        self.day = self.add_row("on", _("&Day"), day_edit())
        self.note = self.add_row("note", _("&Note (optional)"), note_edit())

    def save(self) -> None:
        pid, day, note = self.participant_id, picked_day(self.day), self.note.toPlainText()
        self.run_save(lambda s: learning_ops.mark_followed_up(s, pid, day, note))

"""An update from the commons, offered: what it changes, line by line, and the host's choice.

Nothing is replaced unless the host chooses it. A lesson not changed here since it was taken offers
"Take the update" or "Not now"; a lesson changed here offers "Keep mine" (nothing changes), "Take
theirs" (a new version of the lesson; the history keeps mine) or "See both" (the update added as a
lesson of its own beside mine). The rules are in desktop.commons.updates.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.commons.updates import Change, UpdateOffer, diff_summary, readable_diff, update_for
from desktop.i18n import _
from desktop.ops import commons_updates as ops
from desktop.ui.context import AppContext
from desktop.ui.widgets import Note, set_button_text

# Light backgrounds that keep black text readable; the words "added"/"removed" say it without colour.
_BACKGROUNDS = {Change.ADDED: QColor("#e6f4ea"), Change.REMOVED: QColor("#fdecea")}


class CommonsUpdateDialog(QDialog):
    """A newer commons version of a lesson, with a readable diff and the host's answers."""

    def __init__(self, ctx: AppContext, offer: UpdateOffer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offer = offer
        self.new_lesson_id: str | None = None  # the lesson "See both" added
        self.setWindowTitle(_("An update is available: “{title}”").format(title=offer.lesson_title))
        self.setAccessibleName(self.windowTitle())
        self.resize(900, 650)

        about = Note(
            _("{organisation} published version {n} of “{title}”. This lesson was taken from version {taken}.").format(
                organisation=offer.organisation or _("Its authors"),
                n=offer.number,
                title=offer.title,
                taken=offer.taken_number,
            )
        )
        if offer.edited_here:
            choice = _(
                "You changed this lesson after you took it. Your changes stay as they are unless you choose "
                "Take theirs; See both adds the update as a lesson of its own beside yours."
            )
        else:
            choice = _("Nothing changes unless you choose Take the update. The lesson's history keeps this version.")
        self.choice = Note(choice)

        lines = readable_diff(offer.mine, offer.theirs)
        self.summary = Note(_("What the update changes: {summary}").format(summary=diff_summary(lines)))
        self.diff = QListWidget()
        self.diff.setAccessibleName(_("What the update changes, line by line"))
        self.diff.setWordWrap(True)
        for line in lines:
            mark = line.mark()
            text = line.text if line.text.strip() or not mark else _("(an empty line)")
            item = QListWidgetItem(f"{mark}: {text}" if mark else (text or " "))
            if line.change in _BACKGROUNDS:
                item.setBackground(QBrush(_BACKGROUNDS[line.change]))
                item.setForeground(QBrush(QColor("#0b0c0c")))
            self.diff.addItem(item)

        self.problem = Note("")
        self.buttons = QDialogButtonBox()
        if offer.edited_here:
            self.keep_button = self._button(_("&Keep mine"), _("Keep your lesson as it is"), self.reject)
            self.take_button = self._button(
                _("&Take theirs"), _("Replace your lesson's text with the update"), self.take
            )
            self.both_button: QPushButton | None = self._button(
                _("&See both"), _("Add the update as a lesson of its own beside yours"), self.see_both
            )
        else:
            self.take_button = self._button(
                _("&Take the update"), _("Use the update's text for this lesson"), self.take
            )
            self.keep_button = self._button(_("&Not now"), _("Leave the lesson as it is for now"), self.reject)
            self.both_button = None

        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.choice)
        layout.addWidget(self.summary)
        layout.addWidget(self.diff, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.keep_button.setDefault(True)  # Enter never replaces anything
        self.diff.setFocus()

    def _button(self, text: str, description: str, slot: Callable[[], object]) -> QPushButton:
        button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        set_button_text(button, text, description)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def take(self) -> None:
        lesson_id, version_id = self.offer.lesson_id, self.offer.version_id
        self.ctx.ops.run(lambda s: ops.take_update(s, lesson_id, version_id), lambda _id: self.accept(), self._failed)

    def see_both(self) -> None:
        lesson_id, version_id = self.offer.lesson_id, self.offer.version_id

        def added(new_id: str) -> None:
            self.new_lesson_id = new_id
            self.accept()

        self.ctx.ops.run(lambda s: ops.see_both(s, lesson_id, version_id), added, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.problem.setText(_("The update could not be used: {error}").format(error=error))


def offer_update(
    ctx: AppContext,
    lesson_id: str,
    parent: QWidget | None = None,
    on_open: Callable[[CommonsUpdateDialog], None] | None = None,
) -> None:
    """Open the update dialog for a lesson if an update is available (the hook for the Lessons page's
    "An update is available"); ``on_open`` receives the dialog, to follow what the host chose."""

    def loaded(offer: UpdateOffer | None, error: BaseException | None) -> None:
        if error is not None or offer is None:
            return
        dialog = CommonsUpdateDialog(ctx, offer, parent)
        if on_open is not None:
            on_open(dialog)
        dialog.open()

    ctx.db_runner.run(lambda s: update_for(s, lesson_id), loaded)

"""A person's own path, read-only: where and when they came, when they helped, the steps they took.

Opened from the host's lists on the Reports page and from the Sessions page's person dialog. The
words come from ``desktop.reports.ladder.person_path``; this dialog only lays them out.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.reports.ladder import PathStep, PathVisit, PersonPath, person_path
from desktop.ui.context import AppContext
from desktop.ui.reports.days import format_day
from desktop.ui.widgets import Heading, Note


def summary(path: PersonPath) -> str:
    """Where they are now, and the counts behind it, in one sentence."""
    came = ngettext("Came {n} time", "Came {n} times", len(path.visits)).format(n=len(path.visits))
    helped = ngettext("helped at {n} session", "helped at {n} sessions", path.helped).format(n=path.helped)
    return _("Now: {stage}. {came}, {helped}.").format(stage=path.stage_name, came=came, helped=helped)


def line(item: PathVisit | PathStep) -> str:
    """One visit or step, in words, starting with its day."""
    if isinstance(item, PathVisit):
        text = _("{day}: came to a session at {venue}").format(
            day=format_day(item.starts_at), venue=item.venue_name or _("a venue no longer on this laptop")
        )
        return text + (_(", and helped") if item.helped else "")
    text = f"{format_day(item.taken_on)}: {item.label}"
    if item.note:
        text += f" — {item.note}"
    if item.recorded_by:
        text += " " + _("(recorded by {name})").format(name=item.recorded_by)
    return text


def path_lines(path: PersonPath) -> list[str]:
    """The whole path in date order, one line each; a sentence when there is nothing yet."""
    lines = [line(item) for item in path.timeline]
    return lines or [_("No sessions or steps yet.")]


class PersonPathDialog(QDialog):
    """Shows one person's path; filled by ``show_path`` once it has loaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Their path"))
        self.setAccessibleName(_("Their path"))
        layout = QVBoxLayout(self)
        self.heading = Heading(_("Their path"), 2)
        layout.addWidget(self.heading)
        self.summary = Note(_("Loading…"))
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Sessions and steps, oldest first"))
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def show_path(self, path: PersonPath | None, error: BaseException | None = None) -> None:
        self.list.clear()
        if error is not None:
            self.summary.setText(_("Their path could not be shown: {error}").format(error=error))
            return
        if path is None:
            self.summary.setText(_("This person is no longer on this laptop."))
            return
        title = _("{name}'s path").format(name=path.full_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.heading.setText(title)
        self.heading.setAccessibleName(title)
        self.summary.setText(summary(path))
        self.list.addItems(path_lines(path))


def show_person_path(ctx: AppContext, participant_id: str, parent: QWidget | None = None) -> PersonPathDialog:
    """Open the path of ``participant_id`` (window-modal, without blocking) and load it off the UI thread."""
    dialog = PersonPathDialog(parent)
    dialog.open()
    ctx.db_runner.run(lambda s: person_path(s, participant_id), dialog.show_path)
    return dialog

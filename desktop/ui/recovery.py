"""When the database cannot be opened: say so plainly, offer the newest backup, or a new, empty database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.backup import Backup, damaged_copy_path, list_backups, reason_words
from desktop.i18n import _


class RecoveryDialog(QDialog):
    """Offers the backups, newest first, and (for a damaged file) a new, empty database as the last choice.

    After ``exec``: ``chosen`` is the backup to restore, ``start_new`` says the host asked for a new,
    empty database (the damaged one kept aside); neither means quit.
    """

    def __init__(self, message: str, backups_dir: Path, damaged: Path | None = None, where: Path | None = None) -> None:
        """``message`` is the problem in plain words; ``where`` the file, shown only when asked for."""
        super().__init__()
        self.setWindowTitle(_("On-Ramp cannot open its database"))
        self.setAccessibleName(self.windowTitle())
        self.chosen: Path | None = None
        self.start_new = False
        self.damaged = damaged
        layout = QVBoxLayout(self)
        text = QLabel(message + "\n\n" + _("Nothing will be deleted: the damaged file is kept, whatever you choose."))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        # Lines of a readable length, and a dialog never shorter than its words at that width: with
        # large text, Qt would otherwise size it for one line and cut the rest off.
        text.setMinimumWidth(text.fontMetrics().averageCharWidth() * 60)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(text)
        # The file's location is for whoever helps the host, so it is a line to copy, shown on request.
        self.where = QLineEdit(str(where or ""))
        self.where.setReadOnly(True)
        self.where.setAccessibleName(_("Where the database file is"))
        self.where.hide()
        self.show_where_button = QPushButton(_("Show where the file is"))
        self.show_where_button.setAccessibleName(_("Show where the file is"))
        self.show_where_button.clicked.connect(self._show_where)
        if self.where.text():
            layout.addWidget(self.show_where_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(self.where)
        self.backups: list[Backup] = list_backups(backups_dir)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Backups, newest first"))
        for b in self.backups:
            when = f"{b.taken_at:%Y-%m-%d %H:%M}"
            item = QListWidgetItem(_("{when} ({reason})").format(when=when, reason=reason_words(b.reason)))
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        if self.backups:
            layout.addWidget(QLabel(_("Restore a backup:")))
            layout.addWidget(self.list)
            self.list.setCurrentRow(0)
        else:
            self.list.hide()
            layout.addWidget(QLabel(_("There are no backups to restore.")))
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(_("Restore selected backup"))
        self.restore_button.setAccessibleName(_("Restore selected backup"))
        self.restore_button.clicked.connect(self._restore)
        if self.backups:
            buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.restore_button.setDefault(True)
        self.start_new_button = QPushButton(_("Start a new, empty database"))
        self.start_new_button.setAccessibleName(_("Start a new, empty database"))
        self.start_new_button.clicked.connect(self._start_new)
        if damaged is not None:  # only a damaged file: one too new or unreadable is not to be moved aside
            buttons.addButton(self.start_new_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        quit_button = QPushButton(_("Quit"))
        quit_button.setAccessibleName(_("Quit On-Ramp"))
        quit_button.clicked.connect(self.reject)
        buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)

    def _show_where(self) -> None:
        self.where.show()
        self.where.selectAll()
        self.where.setFocus()
        self.show_where_button.hide()

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
            self.accept()

    def _start_new(self) -> None:
        if self.damaged is None:
            return
        if confirm_start_new(self, self.damaged, has_backups=bool(self.backups)):
            self.start_new = True
            self.accept()


def confirm_start_new(parent: QWidget, damaged: Path, has_backups: bool) -> bool:
    """Ask, in plain words, before the damaged database is put aside for a new, empty one."""
    kept = damaged_copy_path(damaged)
    text = _(
        "On-Ramp will start again with a new, empty database: no sessions, people or sign-ins.\n\n"
        "The damaged file is not deleted. It will be kept as:\n{path}"
    ).format(path=kept)
    if has_backups:
        text += "\n\n" + _("Restoring a backup keeps more of your work. Start a new, empty database anyway?")
    answer = QMessageBox.question(
        parent,
        _("Start a new, empty database?"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell_where_kept(kept: Path) -> None:
    """After the move: where the damaged file is, so it can be found later (and given to someone to rescue)."""
    QMessageBox.information(
        None,
        _("A new, empty database"),
        _("On-Ramp has started a new, empty database.\n\nThe damaged file is kept at:\n{path}").format(path=kept),
    )

"""When the database cannot be opened: say so plainly and offer the newest backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop.backup import Backup, list_backups
from desktop.i18n import _


class RecoveryDialog(QDialog):
    """Offers the backups, newest first. ``chosen`` is the backup to restore, or None to quit."""

    def __init__(self, message: str, backups_dir: Path) -> None:
        super().__init__()
        self.setWindowTitle(_("On-Ramp cannot open its database"))
        self.setAccessibleName(self.windowTitle())
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        text = QLabel(
            message + "\n\n" + _("Nothing has been deleted. The damaged file will be kept beside the restored one.")
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.backups: list[Backup] = list_backups(backups_dir)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Backups, newest first"))
        for b in self.backups:
            item = QListWidgetItem(_("{when} ({reason})").format(when=f"{b.taken_at:%Y-%m-%d %H:%M}", reason=b.reason))
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        if self.backups:
            layout.addWidget(QLabel(_("Restore a backup:")))
            layout.addWidget(self.list)
            self.list.setCurrentRow(0)
        else:
            layout.addWidget(QLabel(_("There are no backups to restore.")))
        buttons = QDialogButtonBox()
        restore = QPushButton(_("Restore selected backup"))
        restore.setAccessibleName(_("Restore selected backup"))
        restore.setEnabled(bool(self.backups))
        restore.clicked.connect(self._restore)
        quit_button = QPushButton(_("Quit"))
        quit_button.setAccessibleName(_("Quit On-Ramp"))
        quit_button.clicked.connect(self.reject)
        buttons.addButton(restore, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
            self.accept()

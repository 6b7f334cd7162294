"""A damaged database is never silently replaced: the host is told and offered the newest backup."""

import argparse
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from desktop.app import AppController
from desktop.backup import take_backup
from desktop.models import Participant, open_database
from desktop.paths import backups_dir, database_path
from desktop.ui.recovery import RecoveryDialog


def make_damaged_database_with_a_backup(data_dir: Path) -> Path:
    db = open_database(database_path(data_dir))
    with db.transaction() as s:
        s.add(Participant(first_name="Siobhán"))
    take_backup(db.path, backups_dir(data_dir), "on-close")
    db.close()
    for side in ("-wal", "-shm"):
        Path(str(db.path) + side).unlink(missing_ok=True)
    db.path.write_bytes(b"\x00" * 8192)
    return db.path


def start(data_dir: Path) -> AppController:
    args = argparse.Namespace(data_dir=data_dir, demo=False, self_test=False, large_text=False, language="en")
    return AppController(QApplication.instance(), args)


def test_choosing_the_newest_backup_restores_it_and_keeps_the_damaged_file(qtbot, data_dir, monkeypatch):
    path = make_damaged_database_with_a_backup(data_dir)
    offered = []

    def choose_newest(dialog: RecoveryDialog) -> int:
        offered.append(len(dialog.backups))
        dialog._restore()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryDialog, "exec", choose_newest)
    controller = start(data_dir)
    assert controller.start()
    qtbot.addWidget(controller.window)
    assert offered == [1]
    with controller.ctx.db.session() as s:
        assert [p.first_name for p in s.query(Participant)] == ["Siobhán"]
    assert list(path.parent.glob("onramp.sqlite3.replaced-*"))
    controller.window.close()
    controller.shutdown(backup=False)


def test_declining_to_restore_quits_without_creating_a_new_database(data_dir, monkeypatch):
    path = make_damaged_database_with_a_backup(data_dir)
    monkeypatch.setattr(RecoveryDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    controller = start(data_dir)
    assert controller.start() is False
    assert path.read_bytes() == b"\x00" * 8192

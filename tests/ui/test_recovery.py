"""A damaged database is never silently replaced: the host is told and offered the newest backup."""

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

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


def make_damaged_database_without_backups(data_dir: Path) -> Path:
    db = open_database(database_path(data_dir))
    with db.transaction() as s:
        s.add(Participant(first_name="Nguyễn"))
    db.close()
    db.path.write_bytes(b"\x00" * 8192)
    return db.path


def test_with_no_backup_the_dialog_offers_a_new_empty_database_and_the_damaged_file_is_kept(
    qtbot, data_dir, monkeypatch
):
    path = make_damaged_database_without_backups(data_dir)
    asked, told = [], []

    def confirm(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    def click_start_new(dialog: RecoveryDialog) -> int:
        assert not dialog.backups and not dialog.restore_button.isVisibleTo(dialog)
        assert dialog.start_new_button.isVisibleTo(dialog)
        qtbot.mouseClick(dialog.start_new_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(QMessageBox, "question", confirm)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *rest: told.append(text))
    monkeypatch.setattr(RecoveryDialog, "exec", click_start_new)
    controller = start(data_dir)
    assert controller.start()
    qtbot.addWidget(controller.window)
    kept = list(data_dir.glob("onramp-damaged-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"\x00" * 8192
    assert str(kept[0]) in asked[0] and str(kept[0]) in told[0]  # said where, before and after
    with controller.ctx.db.session() as s:
        assert s.query(Participant).count() == 0
    assert path.exists()
    controller.window.close()
    controller.shutdown(backup=False)


def test_a_new_empty_database_is_the_last_choice_when_there_is_a_backup_and_cancelling_changes_nothing(
    qtbot, data_dir, monkeypatch
):
    path = make_damaged_database_with_a_backup(data_dir)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    dialog = RecoveryDialog("damaged", backups_dir(data_dir), damaged=path)
    qtbot.addWidget(dialog)
    dialog.show()
    left_to_right = sorted(dialog.findChildren(QPushButton), key=lambda b: b.mapTo(dialog, b.rect().topLeft()).x())
    assert [b.text() for b in left_to_right] == ["Restore selected backup", "Start a new, empty database", "Quit"]
    assert dialog.restore_button.isDefault()
    qtbot.mouseClick(dialog.start_new_button, Qt.MouseButton.LeftButton)
    assert not dialog.start_new and dialog.result() == QDialog.DialogCode.Rejected
    assert path.read_bytes() == b"\x00" * 8192 and not list(data_dir.glob("onramp-damaged-*"))


def test_a_database_that_is_only_unreadable_is_never_offered_to_be_replaced(qtbot, data_dir):
    dialog = RecoveryDialog("cannot be opened", backups_dir(data_dir), damaged=None)
    qtbot.addWidget(dialog)
    assert not dialog.start_new_button.isVisibleTo(dialog)


def test_after_restoring_the_early_check_of_the_damaged_file_is_not_heard_again(qtbot, data_dir, monkeypatch):
    """The start-up check (run while Qt loads) found the damage; the restored file opens without a second dialog."""
    from desktop.dbcheck import BackgroundCheck

    path = make_damaged_database_with_a_backup(data_dir)
    shown = []

    def restore_first_then_quit(dialog: RecoveryDialog) -> int:
        shown.append(dialog)
        if len(shown) > 1:
            return QDialog.DialogCode.Rejected
        dialog._restore()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryDialog, "exec", restore_first_then_quit)
    controller = start(data_dir)
    controller.args.precheck = BackgroundCheck(path)
    assert controller.start()
    qtbot.addWidget(controller.window)
    assert len(shown) == 1
    controller.window.close()
    controller.shutdown(backup=False)


def make_database_with_damaged_pages_and_a_backup(data_dir: Path) -> Path:
    """SQLite opens it, then finds its pages overwritten ("database disk image is malformed")."""
    db = open_database(database_path(data_dir))
    with db.transaction() as s:
        s.add_all(Participant(first_name=f"Zoë {i}", notes="x" * 400) for i in range(300))
    take_backup(db.path, backups_dir(data_dir), "on-close")
    db.close()
    data = bytearray(db.path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xab" * (4096 * 3)
    db.path.write_bytes(bytes(data))
    return db.path


def _texts_of(dialog: RecoveryDialog) -> list[str]:
    from PySide6.QtWidgets import QLabel

    texts = [dialog.windowTitle()]
    texts += [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    texts += [b.text() for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
    texts += [dialog.list.item(i).text() for i in range(dialog.list.count())]
    return texts


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_recovery_dialog_speaks_plain_translated_words_without_a_path_or_sqlite_jargon(
    qtbot, data_dir, monkeypatch, language
):
    from desktop.i18n import set_language

    path = make_database_with_damaged_pages_and_a_backup(data_dir)
    seen: list[list[str]] = []
    where: list[str] = []

    def look_then_quit(dialog: RecoveryDialog) -> int:
        seen.append(_texts_of(dialog))
        dialog.show_where_button.click()  # the location is there for whoever helps, on request
        where.append(dialog.where.text() if dialog.where.isVisibleTo(dialog) else "")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RecoveryDialog, "exec", look_then_quit)
    controller = start(data_dir)
    controller.args.language = language
    try:
        assert controller.start() is False
    finally:
        set_language("en")
    (texts,) = seen
    said = "\n".join(texts)
    assert str(data_dir) not in said and str(path.name) not in said
    for jargon in ("sqlite", "malformed", "on-close", "disk image"):
        assert jargon not in said.casefold()
    assert where == [str(path)]
    if language == "es":
        assert "Restaurar" in said and "dañad" in said  # the problem itself is in Spanish, not only the buttons
        assert "database" not in said and "damaged" not in said
    else:
        assert "On-Ramp's database file is damaged or is not an On-Ramp database." in said


@pytest.mark.parametrize("language", ["en", "es"])
def test_in_large_text_the_dialog_is_tall_enough_for_all_its_words(qtbot, data_dir, language):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel

    from desktop.i18n import set_language

    app = QApplication.instance()
    before = QFont(app.font())
    large = QFont(before)
    large.setPointSizeF(before.pointSizeF() * 1.5)
    set_language(language)
    app.setFont(large)
    try:
        from desktop.dbcheck import DatabaseCorrupt

        dialog = RecoveryDialog(
            DatabaseCorrupt(data_dir / "onramp.sqlite3").plain(),
            backups_dir(data_dir),
            damaged=data_dir / "onramp.sqlite3",
            where=data_dir / "onramp.sqlite3",
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for label in dialog.findChildren(QLabel):
            if label.isVisible() and label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), label.text()
    finally:
        app.setFont(before)
        set_language("en")

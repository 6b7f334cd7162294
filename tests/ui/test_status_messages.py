"""The status bar says what happened in plain words, never a file path, and a screen reader hears it."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton

from desktop.ui import a11y
from desktop.ui.widgets import looks_like_path, show_status
from tests.conftest import ROOT


@pytest.fixture
def heard():
    said: list[a11y.Announcement] = []
    a11y.add_listener(said.append)
    yield said
    a11y.remove_listener(said.append)


def status_texts(window: QMainWindow) -> list[str]:
    """Everything the status bar shows: its message and every label in it."""
    bar = window.statusBar()
    return [bar.currentMessage(), *(label.text() for label in bar.findChildren(QLabel))]


def test_every_status_message_in_the_app_goes_through_show_status():
    """One helper refuses paths and tells a screen reader; a direct showMessage would do neither."""
    direct = []
    for path in (ROOT / "desktop").rglob("*.py"):
        if path.name == "widgets.py" and path.parent.name == "ui":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.showMessage\(|statusBar\(\)\.add(Permanent)?Widget\(", line):
                direct.append(f"{path.relative_to(ROOT)}:{number}")
    # The main window builds the bar itself: its sync line (a LiveLabel) and, in the demo, a plain label.
    assert all(where.startswith("desktop/ui/main_window.py:") for where in direct), direct


@pytest.mark.parametrize(
    "text",
    [
        "Backup saved: /home/ana/.local/share/onramp/backups/onramp-20260303.sqlite3",
        "Backup saved: C:\\Users\\Ana\\AppData\\onramp.sqlite3",
        "Exported to ~/Documents/report.csv",
        "Saved onramp-20260303.sqlite3",
    ],
)
def test_a_status_message_with_a_path_is_refused(qtbot, text):
    window = QMainWindow()
    qtbot.addWidget(window)
    with pytest.raises(ValueError):
        show_status(window, text)
    assert window.statusBar().currentMessage() == ""


def test_a_plain_status_message_is_shown_and_heard(qtbot, heard):
    window = QMainWindow()
    qtbot.addWidget(window)
    button = QPushButton("Back up", window)
    show_status(button, "Backup saved at 14:05.")
    assert window.statusBar().currentMessage() == "Backup saved at 14:05."
    assert [(a.text, a.widget) for a in heard] == [("Backup saved at 14:05.", window.statusBar())]
    assert not looks_like_path("Syncing with https://hub.example.org/v1 at 14:05.")  # an address is not a path


def test_the_status_bar_shows_no_database_path(qtbot, ctx):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    texts = status_texts(window)
    assert not any(looks_like_path(t) or str(ctx.data_dir) in t for t in texts), texts


def test_backing_up_from_the_menu_says_so_with_the_time_and_no_path(controller, heard):
    controller.ctx.tasks.synchronous = True
    window = controller.window
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Back up now"]
    action.trigger()
    message = window.statusBar().currentMessage()
    assert re.fullmatch(r"Backup saved at \d\d:\d\d\.", message)
    assert message in [a.text for a in heard]
    assert not any(looks_like_path(t) for t in status_texts(window))


def test_closing_a_session_says_the_backup_was_saved_without_its_path(qtbot, ctx, planned, english, monkeypatch, heard):
    from desktop.signin.attendance import sign_in
    from desktop.ui.main_window import MainWindow
    from desktop.ui.sessions.page import SessionsPage

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.open_page(SessionsPage)
    with ctx.db.transaction() as s:  # someone came, so closing asks for no estimate of how many
        sign_in(s, planned["today"], planned["marcus"])
    page.show_session(planned["today"])
    page.close_button.click()
    assert window.statusBar().currentMessage() == "Session closed, and a backup was saved."
    assert "Session closed, and a backup was saved." in [a.text for a in heard]
    assert not any(looks_like_path(t) for t in status_texts(window))


def test_the_sync_line_is_named_by_what_it_says_and_heard_only_when_sync_changes_state(controller, heard):
    """A caption would hide the sentence from a screen reader; a minute-by-minute "Synced at …" is no news."""
    from datetime import datetime

    from desktop.sync.worker import OFFLINE, SYNCED, SYNCING, SyncStatus
    from desktop.ui.sync.controller import SyncController

    window = controller.window
    sync = SyncController.for_context(controller.ctx)
    label = window.sync_label
    assert label.accessibleName() == label.text() and label.accessibleDescription() == "Sync status"
    rounds = [
        SyncStatus(SYNCING),
        SyncStatus(SYNCED, at=datetime(2026, 3, 3, 14, 5)),
        SyncStatus(SYNCING),
        SyncStatus(SYNCED, at=datetime(2026, 3, 3, 14, 6)),
        SyncStatus(OFFLINE, "At 14:07 this laptop could not reach the hub at hub.example.org.", retry_in=120),
    ]
    for status in rounds:
        sync._show(status)
    assert label.text().startswith("At 14:07 this laptop could not reach the hub")
    assert label.accessibleName() == label.text()
    said = [a.text for a in heard if a.widget is label]
    assert said == ["Synced with the hub at 14:05.", label.text()]

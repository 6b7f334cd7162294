"""The Sessions page: planning sessions and the host's roster."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from desktop.backup import list_backups
from desktop.models import Participant, SignIn, TasterSession
from desktop.paths import backups_dir
from desktop.sessions.planning import SessionDraft
from desktop.signin.attendance import sign_in
from desktop.ui.sessions.dialogs import PastSessionsDialog, SessionDialog, load_session_choices
from desktop.ui.sessions.page import SessionsPage


@pytest.fixture
def page(qtbot, ctx, planned, english, db):
    with db.transaction() as s:
        sign_in(s, planned["today"], planned["marcus"])
    p = SessionsPage(ctx, "Sessions")
    qtbot.addWidget(p)
    p.show()
    p.show_session(planned["today"])
    return p


def names(page):
    return [r.name for r in page.roster_model.rows]


def choose(page, name):
    row = names(page).index(name)
    page.roster_view.setCurrentIndex(page.roster_model.index(row, 0))


def test_showing_a_session_lists_who_is_here_and_since_when(page, planned):
    assert page.current_id == planned["today"]
    assert page.detail_title.text() == "A flyer for your salon"
    assert names(page) == ["Marcus Johnson"]
    since = page.roster_model.data(page.roster_model.index(0, 1))
    assert len(since) == 5 and since[2] == ":"
    assert page.roster_model.data(page.roster_model.index(0, 2)) == "Here"


def test_a_walk_in_is_added_in_three_fields(qtbot, page):
    qtbot.keyClicks(page.walk_first, "Kwame")
    qtbot.keyClicks(page.walk_last, "Asante")
    page.walk_experience.setCurrentIndex(page.walk_experience.findData("some"))
    qtbot.mouseClick(page.walk_button, Qt.MouseButton.LeftButton)
    assert names(page) == ["Marcus Johnson", "Kwame Asante"]
    assert page.walk_first.text() == "" and page.walk_problem.isHidden()


def test_a_walk_in_updates_the_session_lists_count_as_well_as_the_roster(qtbot, page, planned):
    def count_in_list() -> int:
        row = next(r for r in page.sessions_model.rows if r.id == planned["today"])
        return row.signed_in

    assert count_in_list() == 1
    qtbot.keyClicks(page.walk_first, "Kwame")
    qtbot.mouseClick(page.walk_button, Qt.MouseButton.LeftButton)
    assert names(page) == ["Marcus Johnson", "Kwame"]
    assert count_in_list() == 2


def test_a_walk_in_without_a_name_gets_a_message_and_adds_nobody(qtbot, page):
    page.walk_first.setText("   ")
    qtbot.mouseClick(page.walk_button, Qt.MouseButton.LeftButton)
    assert page.walk_problem.text() == "Please type a first name." and not page.walk_problem.isHidden()
    assert names(page) == ["Marcus Johnson"]


def test_helper_sign_out_and_undo_from_the_roster(qtbot, page, monkeypatch, db, planned):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    choose(page, "Marcus Johnson")
    qtbot.mouseClick(page.helper_button, Qt.MouseButton.LeftButton)
    assert page.roster_model.rows[0].as_helper
    choose(page, "Marcus Johnson")
    qtbot.mouseClick(page.sign_out_button, Qt.MouseButton.LeftButton)
    assert not page.roster_model.rows[0].here
    choose(page, "Marcus Johnson")
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert names(page) == []
    with db.session() as s:
        assert s.scalars(select_signins(planned["today"])).one().voided


def select_signins(session_id):
    return select(SignIn).where(SignIn.session_id == session_id)


def test_the_host_sees_a_participants_past_sessions(page, monkeypatch):
    shown = {}
    monkeypatch.setattr(
        PastSessionsDialog,
        "exec",
        lambda self: shown.update(items=[self.list.item(i).text() for i in range(self.list.count())]) or 0,
    )
    choose(page, "Marcus Johnson")
    page.past_button.click()
    assert [i.split(" — ")[1].split(" (")[0] for i in shown["items"]] == ["A flyer for your salon", "Household budget"]


def test_closing_a_session_signs_everyone_out_and_takes_a_backup(page, monkeypatch, ctx, db, planned):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.close_button.click()
    with db.session() as s:
        assert s.get(TasterSession, planned["today"]).status == "closed"
    assert not page.roster_model.rows[0].here
    assert [b.reason for b in list_backups(backups_dir(ctx.data_dir))] == ["session-closed"]


def test_erasing_from_the_roster_leaves_an_anonymous_row(page, monkeypatch, db, planned):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    choose(page, "Marcus Johnson")
    page.erase_button.click()
    assert names(page) == ["Someone (details erased)"]
    with db.session() as s:
        assert s.get(Participant, planned["marcus"]).erased  # only the bare tombstone is left


def test_planning_a_session_through_the_dialog(qtbot, ctx, db, planned, english):
    with db.session() as s:
        choices = load_session_choices(s)
    dialog = SessionDialog(ctx, choices, SessionDraft(venue_id=planned["venue"], starts_at=datetime(2027, 3, 6, 10)))
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Spreadsheets for the food pantry")
    dialog.capacity.setValue(10)
    dialog.hosts.setText("Pat, Sam")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.session() as s:
        ts = s.get(TasterSession, dialog.result_value)
    assert (ts.title, ts.capacity, ts.hosts, ts.starts_at) == (
        "Spreadsheets for the food pantry",
        10,
        ["Pat", "Sam"],
        datetime(2027, 3, 6, 10),
    )


def test_a_bad_session_keeps_the_dialog_open_with_the_problem(qtbot, ctx, db, planned, english):
    with db.session() as s:
        choices = load_session_choices(s)
    dialog = SessionDialog(ctx, choices)
    qtbot.addWidget(dialog)
    dialog.hosts.setText("🎉")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "not “🎉”" in dialog.problems.text()


def test_a_failed_backup_after_closing_says_the_session_is_closed(page, monkeypatch, ctx, db, planned):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warned.append(text))
    backups_dir(ctx.data_dir).parent.mkdir(parents=True, exist_ok=True)
    backups_dir(ctx.data_dir).write_text("a file where the backups folder should be")
    page.close_button.click()
    assert len(warned) == 1 and warned[0].startswith("The session is closed, but the backup failed: ")
    with db.session() as s:
        assert s.get(TasterSession, planned["today"]).status == "closed"


def test_the_roster_shows_a_kiosk_sign_in_once_it_is_stored(page, ctx, db, planned):
    from desktop.ui.signin.kiosk.window import KioskWindow

    with db.transaction() as s:
        mariana = s.scalars(select(Participant.id).where(Participant.first_name == "Mariana")).one()
    kiosk = KioskWindow(ctx, planned["today"], preview=True)
    kiosk.find_screen.chosen.emit(mariana, "Mariana L.")
    assert kiosk.current_screen() is kiosk.confirm  # "Welcome back, Mariana L. — is that you?"
    kiosk.confirm.yes_button.click()
    assert kiosk.current_screen() is kiosk.message
    assert names(page) == ["Marcus Johnson", "Mariana Lopes"]
    kiosk.close()

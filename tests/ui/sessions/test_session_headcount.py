"""A closed session's headcount says where it came from, and a session nobody signed in to asks for an estimate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.i18n import set_language
from desktop.learning import set_headcount_estimate
from desktop.models import TasterSession
from desktop.sessions.planning import SessionDraft, close_session, create_session, open_session
from desktop.signin.attendance import sign_in, walk_in
from desktop.signin.people import ParticipantDraft, register_participant
from desktop.ui.sessions.headcount import EstimateDialog
from desktop.ui.sessions.page import SessionsPage


@pytest.fixture
def page(qtbot, ctx, planned, english):
    p = SessionsPage(ctx, "Sessions")
    qtbot.addWidget(p)
    p.show()
    return p


def a_session(db, venue_id: str, title: str = "Budgeting basics", *, closed: bool = False) -> str:
    with db.transaction() as s:
        ts = create_session(s, SessionDraft(venue_id=venue_id, title=title, starts_at=datetime.now().replace(hour=0)))
        open_session(s, ts.id)
        if closed:
            close_session(s, ts.id)
        return ts.id


def estimate_of(db, session_id: str) -> int | None:
    with db.session() as s:
        return s.get_one(TasterSession, session_id).headcount_estimate


@pytest.fixture
def answer(qtbot, monkeypatch) -> list[Callable[[EstimateDialog], None]]:
    """What the host does in each "How many came?" dialog, in turn; a dialog nobody expected fails the test."""
    answers: list[Callable[[EstimateDialog], None]] = []

    def fake_exec(dialog: EstimateDialog) -> int:
        assert answers, "the host was asked how many came"
        dialog.show()
        answers.pop(0)(dialog)
        return dialog.result()

    monkeypatch.setattr(EstimateDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return answers


def type_number(qtbot, text: str) -> Callable[[EstimateDialog], None]:
    def act(dialog: EstimateDialog) -> None:
        dialog.count.selectAll()
        qtbot.keyClicks(dialog.count, text)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    return act


def dont_know(qtbot) -> Callable[[EstimateDialog], None]:
    return lambda dialog: qtbot.mouseClick(dialog.dont_know, Qt.MouseButton.LeftButton)


def test_closing_a_session_nobody_signed_in_to_asks_how_many_came_and_keeps_the_answer(
    qtbot, page, db, planned, answer
):
    sid = a_session(db, planned["venue"])
    page.show_session(sid)
    asked: list[str] = []

    def look_then_answer(dialog: EstimateDialog) -> None:
        asked.append(dialog.windowTitle())
        asked.extend(label.text() for label in dialog.findChildren(type(page.headcount_note)))
        asked.append(dialog.count.accessibleName())
        type_number(qtbot, "15")(dialog)

    answer.append(look_then_answer)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert asked == ["How many came?", "Nobody signed in to this session.", "About how many people came?"]
    assert estimate_of(db, sid) == 15
    assert page.headcount_note.text() == "Headcount: About 15 (the host's estimate)"
    assert "about 15 came (estimate)" in page.detail_note.text() and "0 people" not in page.detail_note.text()
    assert page.roster_summary.text() == ""
    assert page.estimate_button.isVisible() and page.estimate_button.accessibleName() == "Change the estimate…"


def test_nobody_came_is_an_answer(qtbot, page, db, planned, answer):
    sid = a_session(db, planned["venue"])
    page.show_session(sid)
    answer.append(type_number(qtbot, "0"))
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert estimate_of(db, sid) == 0
    assert page.headcount_note.text() == "Headcount: Nobody came (the host's estimate)"


def test_i_dont_know_at_closing_keeps_no_estimate_and_the_page_offers_to_give_one_later(
    qtbot, page, db, planned, answer
):
    sid = a_session(db, planned["venue"])
    page.show_session(sid)
    answer.append(dont_know(qtbot))
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert answer == [] and estimate_of(db, sid) is None
    assert page.headcount_note.text() == "Headcount: Nobody signed in, and there is no estimate of how many came."
    assert "nobody signed in" in page.detail_note.text()
    assert page.estimate_button.isVisible() and page.estimate_button.accessibleName() == "Give an estimate…"
    answer.append(type_number(qtbot, "8"))
    qtbot.mouseClick(page.estimate_button, Qt.MouseButton.LeftButton)
    assert estimate_of(db, sid) == 8
    assert page.headcount_note.text() == "Headcount: About 8 (the host's estimate)"


def test_the_host_changes_an_estimate_later_and_i_dont_know_takes_it_back(qtbot, page, db, planned, answer):
    sid = a_session(db, planned["venue"], closed=True)
    with db.transaction() as s:
        set_headcount_estimate(s, sid, 12)
    page.show_session(sid)
    shown: list[int] = []

    def change(dialog: EstimateDialog) -> None:
        shown.append(dialog.count.value())
        type_number(qtbot, "20")(dialog)

    answer.append(change)
    qtbot.mouseClick(page.estimate_button, Qt.MouseButton.LeftButton)
    assert shown == [12] and estimate_of(db, sid) == 20
    assert page.headcount_note.text() == "Headcount: About 20 (the host's estimate)"
    answer.append(dont_know(qtbot))
    qtbot.mouseClick(page.estimate_button, Qt.MouseButton.LeftButton)
    assert estimate_of(db, sid) is None
    assert page.estimate_button.accessibleName() == "Give an estimate…"


def test_closing_a_session_people_signed_in_to_asks_nothing(qtbot, page, db, planned, answer):
    with db.transaction() as s:
        sign_in(s, planned["today"], planned["marcus"])
    page.show_session(planned["today"])
    assert page.headcount_note.isHidden() and page.estimate_button.isHidden()  # not closed yet
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)  # ``answer`` fails on any dialog
    assert page.current is not None and page.current.status == "closed"
    assert page.headcount_note.text() == "Headcount: 1 signed in at the kiosk"
    assert "1 person came" in page.detail_note.text()
    assert page.estimate_button.isHidden()


def test_a_closed_sessions_headcount_names_each_source_in_words(page, db, planned):
    sid = a_session(db, planned["venue"])
    with db.transaction() as s:
        sign_in(s, sid, planned["marcus"])
        for name in ("Ana", "Kwame", "Olena"):
            walk_in(s, sid, name)
        close_session(s, sid)
    with db.transaction() as s:  # typed in from the printed sheet after the session
        grace = register_participant(s, ParticipantDraft(first_name="Grace"))
        sign_in(s, sid, grace.id, source="paper", row_code="ABC-01")
    page.show_session(sid)
    assert page.headcount_note.text() == (
        "Headcount: 1 signed in at the kiosk, 3 added by the host, 1 from the paper sheet"
    )
    assert "5 people came" in page.detail_note.text()
    assert page.estimate_button.isHidden()  # counted from sign-ins, never from an estimate


def test_in_spanish_the_headcount_and_its_button_read_in_spanish(qtbot, ctx, db, planned):
    sid = a_session(db, planned["venue"], closed=True)
    with db.transaction() as s:
        set_headcount_estimate(s, sid, 15)
    set_language("es")
    try:
        p = SessionsPage(ctx, "Sesiones")
        qtbot.addWidget(p)
        p.show()
        p.show_session(sid)
        dialog = EstimateDialog(ctx, sid, 15, p)
        qtbot.addWidget(dialog)
        texts = (p.headcount_note.text(), p.estimate_button.text(), dialog.count.accessibleName())
    finally:
        set_language("en")
    assert texts[0].startswith("Asistencia: ") and "15" in texts[0] and "estimate" not in texts[0]
    assert texts[1].replace("&", "") == p.estimate_button.accessibleName() and "Change" not in texts[1]
    assert "?" in texts[2] and "came" not in texts[2]
    assert dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("estimate", [None, 12])
def test_the_estimate_button_and_dialog_keep_alt_letters_apart_and_are_read_by_their_words(
    qtbot, ctx, db, planned, language, estimate
):
    from tests.ui.test_alt_shortcuts import clashes
    from tests.ui.test_label_in_name import names_missing_their_words

    sid = a_session(db, planned["venue"], closed=True)
    with db.transaction() as s:
        set_headcount_estimate(s, sid, estimate)
    set_language(language)
    try:
        p = SessionsPage(ctx, "Sessions")
        qtbot.addWidget(p)
        p.show()
        p.show_session(sid)
        dialog = EstimateDialog(ctx, sid, estimate)  # its own window: the page's letters are not its own
        qtbot.addWidget(dialog)
        dialog.show()
        assert p.estimate_button.isVisible()
        for screen in (p, dialog):
            assert clashes(screen) == {}
            assert names_missing_their_words(screen) == []
    finally:
        set_language("en")

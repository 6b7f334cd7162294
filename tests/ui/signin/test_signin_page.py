"""The Sign-in page: the host's PIN, choosing a session, and handing the laptop over to the kiosk."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.models import TasterSession
from desktop.sessions.planning import SessionDraft, create_session
from desktop.settings import KIOSK_PIN_HASH
from desktop.ui.sessions.page import SessionsPage
from desktop.ui.signin.page import SignInPage


def test_the_kiosk_needs_a_pin_and_hides_the_host_pages_until_the_pin_is_typed(qtbot, ctx, planned, english):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page: SignInPage = window.show_page("signin")
    assert not page.start_button.isEnabled()  # no PIN yet
    page.pin.setText("12")
    page.pin_again.setText("12")
    page.save_pin_button.click()
    assert "4 to 8 digits" in page.problem.text() and not ctx.settings.get(KIOSK_PIN_HASH)
    page.pin.setText("975310")
    page.pin_again.setText("975310")
    page.save_pin_button.click()
    assert ctx.settings.get(KIOSK_PIN_HASH) and page.start_button.isEnabled()
    assert page.session.currentData() == planned["today"]
    page.start_button.click()
    kiosk = page.kiosk
    qtbot.addWidget(kiosk)
    assert kiosk.isVisible() and not window.isVisible()
    kiosk.pin.pin.setText("975310")
    kiosk.pin.entered.emit("975310")
    assert not kiosk.isVisible() and window.isVisible()


def test_start_the_kiosk_on_a_session_opens_sign_in_with_that_session_chosen(qtbot, ctx, db, planned, english):
    from desktop.sessions.planning import create_session
    from desktop.ui.main_window import MainWindow

    with db.transaction() as s:  # a planned session: the open one would be offered first
        later = create_session(s, SessionDraft(venue_id=planned["venue"], starts_at=datetime(2027, 3, 6, 10))).id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    sessions = window.open_page(SessionsPage)
    sessions.show_session(later)
    sessions.kiosk_button.click()
    signin = window.pages["signin"]
    assert isinstance(signin, SignInPage) and window.stack.currentWidget() is signin
    assert signin.session.currentData() == later


@pytest.fixture
def signin(qtbot, ctx, planned, english):
    """The Sign-in page in the main window, with a host PIN already set."""
    from desktop.signin.pin import hash_pin
    from desktop.ui.main_window import MainWindow

    ctx.settings.set(KIOSK_PIN_HASH, hash_pin("975310"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page: SignInPage = window.show_page("signin")
    yield page
    if page.kiosk is not None:
        page.kiosk.pin.entered.emit("975310")  # leave the kiosk as the host would


def asked(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:
    questions: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        questions.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


def status_of(db, session_id: str) -> str:
    with db.session() as s:
        return s.get(TasterSession, session_id).status


def test_starting_the_kiosk_for_a_session_not_today_asks_the_host_first(qtbot, signin, monkeypatch, db, planned):
    with db.transaction() as s:
        later = create_session(
            s, SessionDraft(venue_id=planned["venue"], title="Next spring", starts_at=datetime(2027, 3, 6, 10))
        ).id
    signin.choose_session(later)
    questions = asked(monkeypatch, QMessageBox.StandardButton.No)
    signin.start_button.click()
    assert len(questions) == 1 and "“Next spring” is on Sat 6 Mar 2027, 10:00, not today" in questions[0]
    assert signin.kiosk is None and status_of(db, later) == "planned"

    questions = asked(monkeypatch, QMessageBox.StandardButton.Yes)
    signin.start_button.click()
    assert len(questions) == 1
    qtbot.addWidget(signin.kiosk)
    assert signin.kiosk is not None and signin.kiosk.isVisible() and status_of(db, later) == "open"


def test_starting_the_kiosk_for_a_closed_session_asks_before_opening_it_again(qtbot, signin, monkeypatch, db, planned):
    window = signin.window()
    sessions = window.open_page(SessionsPage)
    sessions.show_session(planned["past"])
    assert sessions.kiosk_button.isEnabled()
    sessions.kiosk_button.click()
    assert window.stack.currentWidget() is signin and signin.session.currentData() == planned["past"]
    questions = asked(monkeypatch, QMessageBox.StandardButton.No)
    signin.start_button.click()
    assert len(questions) == 1 and "“Household budget” is closed" in questions[0]
    assert signin.kiosk is None and status_of(db, planned["past"]) == "closed"


def test_starting_the_kiosk_for_todays_open_session_asks_nothing(qtbot, signin, monkeypatch, db, planned):
    questions = asked(monkeypatch, QMessageBox.StandardButton.No)
    assert signin.session.currentData() == planned["today"]
    signin.start_button.click()
    assert questions == []
    qtbot.addWidget(signin.kiosk)
    assert signin.kiosk is not None and signin.kiosk.isVisible()

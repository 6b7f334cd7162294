"""The Sign-in page: the host's PIN, choosing a session, and handing the laptop over to the kiosk."""

from __future__ import annotations

from datetime import datetime

from desktop.sessions.planning import SessionDraft
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

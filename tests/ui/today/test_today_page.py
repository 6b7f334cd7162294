"""The Today page: today's sessions, the fortnight ahead, and a way into each."""

from __future__ import annotations


def test_today_page_shows_todays_demo_session(controller):
    page = controller.window.pages["today"]
    page.refresh()
    assert page.overview is not None
    assert [s.status for s in page.overview.today].count("open") == 1
    assert all(s.starts_at.date() == page.overview.today[0].starts_at.date() for s in page.overview.today)


def test_today_opens_the_session_on_the_sessions_page(qtbot, ctx, planned, english):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    ctx.events.open_session_requested.emit(planned["today"])
    page = window.pages["sessions"]
    assert window.stack.currentWidget() is page and page.current_id == planned["today"]
    assert page.detail_title.text() == "A flyer for your salon"


def test_a_closed_session_on_the_today_page_says_who_came_never_who_is_here(qtbot, ctx, db, planned, english):
    from datetime import datetime

    from desktop.sessions.planning import SessionDraft, close_session, create_session
    from desktop.signin.attendance import walk_in
    from desktop.ui.today.page import TodayPage

    with db.transaction() as s:
        morning = create_session(
            s, SessionDraft(venue_id=planned["venue"], title="This morning", starts_at=datetime.now().replace(hour=0))
        ).id
        for name in ("Ana", "Kwame", "Olena"):
            walk_in(s, morning, name)
        close_session(s, morning)
        walk_in(s, planned["today"], "Zoë")
    page = TodayPage(ctx, "Today")
    qtbot.addWidget(page)
    page.refresh()
    closed = page.card_texts[morning].text()
    assert "Closed · 3 people came" in closed
    assert "signed in" not in closed and "here" not in closed
    assert "Open · 1 of 12 signed in" in page.card_texts[planned["today"]].text()


def test_a_laptop_nobody_has_come_to_yet_says_so_in_words_not_with_a_zero(qtbot, ctx, english):
    from desktop.ui.today.page import TodayPage

    page = TodayPage(ctx, "Today")
    qtbot.addWidget(page)
    page.refresh()
    assert page.summary.text() == "No one has come to a session in the last 30 days yet."

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

"""The Sessions page's list and detail: dates in the reader's language, the order a host looks for,
the venue in view, sessions at the same minute told apart, and a closed session saying who came."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.i18n import set_language
from desktop.sessions.planning import SessionDraft, close_session, create_session
from desktop.sessions.venues import VenueDraft, create_venue
from desktop.signin.attendance import walk_in
from desktop.ui.sessions.page import SessionsPage

WHEN, VENUE, TITLE, STATUS, PEOPLE = range(5)


def plan(db, venue_id: str, title: str, starts_at: datetime) -> str:
    with db.transaction() as s:
        return create_session(s, SessionDraft(venue_id=venue_id, title=title, starts_at=starts_at)).id


def cells(page: SessionsPage, column: int) -> list[str]:
    model = page.sessions_model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@pytest.fixture
def page(qtbot, ctx, planned, english):
    p = SessionsPage(ctx, "Sessions")
    qtbot.addWidget(p)
    p.show()
    p.refresh()
    return p


def test_the_list_shows_dates_in_the_apps_language(qtbot, ctx, db, planned):
    plan(db, planned["venue"], "Thursday", datetime(2027, 3, 4, 10, 0))
    for language, expected in (("en", "Thu 4 Mar 2027, 10:00"), ("es", "jue 4 mar 2027, 10:00")):
        set_language(language)
        try:
            p = SessionsPage(ctx, "Sessions")
            qtbot.addWidget(p)
            p.refresh()
            assert expected in cells(p, WHEN)
            assert not any("2027-03-04" in text for text in cells(p, WHEN))
        finally:
            set_language("en")


def test_the_list_puts_upcoming_sessions_first_soonest_on_top_then_past_ones_most_recent_first(page, db, planned):
    now = datetime.now()
    for title, days in (("in a month", 30), ("last year", -365), ("next week", 7), ("last month", -30)):
        plan(db, planned["venue"], title, now + timedelta(days=days))
    page.refresh()
    titles = cells(page, TITLE)
    later = [t for t in titles if t in ("next week", "in a month")]
    earlier = [t for t in titles if t in ("last month", "last year")]
    assert later == ["next week", "in a month"] and earlier == ["last month", "last year"]
    assert titles.index("in a month") < titles.index("last month")
    assert titles.index("A flyer for your salon") < titles.index("next week")  # today's, still to come or on


def test_two_sessions_at_the_same_minute_are_told_apart_by_venue(qtbot, ctx, db, planned, english):
    from desktop.ui.signin.page import SignInPage

    with db.transaction() as s:
        hall = create_venue(s, VenueDraft(name="Zion Union Hall", kind="union_hall")).id
    same_minute = datetime(2027, 3, 4, 18, 0)
    salon_id = plan(db, planned["venue"], "Budgeting", same_minute)
    hall_id = plan(db, hall, "Budgeting", same_minute)
    page = SessionsPage(ctx, "Sessions")
    qtbot.addWidget(page)
    page.refresh()
    rows = {page.sessions_model.rows[i].id: i for i in range(page.sessions_model.rowCount())}
    model = page.sessions_model

    def visible(session_id: str) -> tuple[str, ...]:
        return tuple(model.data(model.index(rows[session_id], c)) for c in range(model.columnCount()))

    assert visible(salon_id) != visible(hall_id)
    assert visible(salon_id)[VENUE] == "Curl Up & Dye Salon" and visible(hall_id)[VENUE] == "Zion Union Hall"
    signin = SignInPage(ctx, "Sign-in")
    qtbot.addWidget(signin)
    signin.refresh()
    labels = {signin.session.itemData(i): signin.session.itemText(i) for i in range(signin.session.count())}
    assert labels[salon_id] != labels[hall_id]
    assert "Zion Union Hall" in labels[hall_id]


def test_a_closed_session_says_who_came_never_who_is_here_now(page, db, planned):
    with db.transaction() as s:
        ts = create_session(
            s, SessionDraft(venue_id=planned["venue"], title="Closed today", starts_at=datetime.now().replace(hour=0))
        )
        for name in ("Ana", "Kwame"):
            walk_in(s, ts.id, name)
        close_session(s, ts.id)
    page.show_session(ts.id)
    assert page.detail_title.text() == "Closed today"
    assert "2 people came" in page.detail_note.text() and "signed in" not in page.detail_note.text()
    assert page.roster_heading.text() == "Who came"
    assert page.roster_summary.text() == "2 people came, 0 helped, 2 came for the first time."
    row = page.sessions_model.row_of(ts.id)
    assert page.sessions_model.data(page.sessions_model.index(row, PEOPLE)) == "2 came"


def test_an_open_session_says_who_is_here_now(page, db, planned):
    with db.transaction() as s:
        walk_in(s, planned["today"], "Ana")
    page.show_session(planned["today"])
    assert page.roster_heading.text() == "Who is here"
    assert page.roster_summary.text().startswith("1 here now, 1 signed in")
    assert "1 of 12 signed in" in page.detail_note.text()


def visible_cards(page: SessionsPage):
    """Each visible row's drawn lines, laid out as the delegate lays them out at the row's real place."""
    from desktop.ui.sessions.session_list import card_lines

    view = page.sessions_view
    model = page.sessions_model
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        rect = view.visualRect(index)
        if rect.isValid() and rect.intersects(view.viewport().rect()):
            yield row, rect, card_lines(index, rect, view.font())


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
@pytest.mark.parametrize("language", ["en", "es"])
def test_with_large_text_every_visible_session_shows_its_whole_title_and_venue(qtbot, ctx, db, planned, language, size):
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow
    from desktop.ui.sessions.session_list import WRAP

    app = QApplication.instance()
    normal = app.font()
    large = app.font()
    large.setPointSizeF(normal.pointSizeF() * 1.5)  # as View ▸ Large text does
    with db.transaction() as s:
        hall = create_venue(s, VenueDraft(name="Greater Hope Baptist Church Fellowship Hall", kind="union_hall")).id
    long_title = "Making a flyer for your salon, your church or your union hall"
    plan(db, hall, long_title, datetime.now().replace(hour=18, minute=0) + timedelta(days=1))
    plan(db, planned["venue"], long_title, datetime.now().replace(hour=18, minute=0) + timedelta(days=1))
    set_language(language)
    app.setFont(large)
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        page = window.open_page(SessionsPage)
        qtbot.waitExposed(window)
        model, view = page.sessions_model, page.sessions_view
        seen = list(visible_cards(page))
        assert len(seen) >= 3
        for row, rect, lines in seen:
            when, state, title, venue = (line.text for line in lines)
            cell = [model.data(model.index(row, column)) for column in range(model.columnCount())]
            assert (when, title, venue) == (cell[WHEN], cell[TITLE], cell[VENUE])  # the model's whole text
            assert state == f"{cell[STATUS]} · {cell[PEOPLE]}"
            assert rect.left() >= 0 and rect.right() < view.viewport().width()  # no part off to the side
            for line in lines:
                font = QFont(view.font())
                font.setBold(line.bold)
                metrics = QFontMetrics(font)
                assert rect.contains(line.rect), line.text
                assert line.rect.height() >= metrics.boundingRect(line.rect, WRAP, line.text).height(), line.text
                # Wrapping never breaks inside a word, so each word must fit the width it is given.
                assert all(metrics.horizontalAdvance(w) <= line.rect.width() for w in line.text.split()), line.text
            assert not any(line.rect.intersects(other.rect) for line in lines for other in lines if other is not line)
    finally:
        app.setFont(normal)
        set_language("en")


def test_a_sessions_accessible_text_says_date_time_title_venue_and_status(page, db, planned):
    from PySide6.QtCore import Qt

    model = page.sessions_model
    row = model.row_of(planned["today"])
    spoken = model.data(model.index(row, 0), Qt.ItemDataRole.AccessibleTextRole)
    for column in (WHEN, TITLE, VENUE, STATUS):
        assert model.data(model.index(row, column)) in spoken, column
    assert spoken.index(model.data(model.index(row, TITLE))) < spoken.index(model.data(model.index(row, VENUE)))


def test_arrow_keys_move_through_the_sessions_and_show_each_one(qtbot, page, db, planned):
    from PySide6.QtCore import Qt

    model = page.sessions_model
    page.show_session(model.rows[0].id)
    page.sessions_view.setFocus()
    qtbot.keyClick(page.sessions_view, Qt.Key.Key_Down)
    assert page.current_id == model.rows[1].id
    assert page.detail_title.text() == model.rows[1].title
    qtbot.keyClick(page.sessions_view, Qt.Key.Key_End)
    assert page.current_id == model.rows[-1].id

"""The Handouts page starts on the latest session: the one under way, not the furthest in the future."""

from __future__ import annotations

from datetime import datetime, timedelta


def test_the_handouts_page_starts_on_the_session_under_way_not_the_furthest_in_the_future(qtbot, ctx, db, english):
    from desktop.sessions.planning import SessionDraft, create_session
    from desktop.sessions.venues import VenueDraft, create_venue
    from desktop.ui.handouts.page import HandoutsPage

    now = datetime.now()
    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Eastside Branch Library", kind="library")).id
        for title, starts in (("last week", now - timedelta(days=7)), ("next year", now + timedelta(days=365))):
            create_session(s, SessionDraft(venue_id=venue, title=title, starts_at=starts))
        under_way = create_session(
            s, SessionDraft(venue_id=venue, title="under way", starts_at=now - timedelta(minutes=10))
        ).id
    page = HandoutsPage(ctx, "Handouts")
    qtbot.addWidget(page)
    page.refresh()
    assert page.session.currentData() == under_way

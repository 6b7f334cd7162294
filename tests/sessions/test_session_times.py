"""When a session is: the latest one, today's or not, under way, over; and how its people are worded."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.handouts.data import find_session
from desktop.sessions.planning import (
    SessionDraft,
    close_session,
    create_session,
    kiosk_start_concern,
    latest_session,
    list_sessions,
    open_session,
    session_row,
    sessions_open_for_sign_in,
)
from desktop.sessions.venues import VenueDraft, create_venue
from desktop.sessions.wording import people_count, roster_summary
from desktop.signin.attendance import roster, walk_in

NOW = datetime(2026, 5, 14, 18, 30)  # a Thursday evening


@pytest.fixture
def english():
    from desktop.i18n import set_language

    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def venues(db) -> tuple[str, str]:
    with db.transaction() as s:
        salon = create_venue(s, VenueDraft(name="Curl Up & Dye Salon", kind="salon")).id
        hall = create_venue(s, VenueDraft(name="Zion Union Hall", kind="union_hall")).id
    return salon, hall


def plan(db, venue_id: str, title: str, starts_at: datetime, minutes: int = 90, status: str = "planned") -> str:
    with db.transaction() as s:
        sid = create_session(
            s, SessionDraft(venue_id=venue_id, title=title, starts_at=starts_at, duration_minutes=minutes)
        ).id
        if status == "open":
            open_session(s, sid)
        elif status == "closed":
            close_session(s, sid, now=NOW)
    return sid


def latest_title(db, now: datetime = NOW) -> str | None:
    with db.session() as s:
        found = latest_session(s, now)
        return found.title if found else None


def test_latest_is_the_session_under_way_not_the_furthest_in_the_future(db, venues):
    salon, _hall = venues
    plan(db, salon, "last week", NOW - timedelta(days=7), status="closed")
    plan(db, salon, "under way", NOW - timedelta(minutes=30))
    plan(db, salon, "later tonight", NOW + timedelta(hours=2))
    plan(db, salon, "next year", NOW + timedelta(days=365))
    assert latest_title(db) == "under way"


def test_latest_is_the_session_that_started_most_recently_when_none_is_under_way(db, venues):
    salon, _hall = venues
    plan(db, salon, "last month", NOW - timedelta(days=30), status="closed")
    plan(db, salon, "this morning", NOW.replace(hour=10), status="closed")
    plan(db, salon, "tomorrow", NOW + timedelta(days=1))
    assert latest_title(db) == "this morning"


def test_a_session_opened_early_today_is_under_way_before_its_start(db, venues):
    salon, _hall = venues
    plan(db, salon, "this morning", NOW.replace(hour=10))
    plan(db, salon, "opened early", NOW + timedelta(minutes=20), status="open")
    plan(db, salon, "planned tonight", NOW + timedelta(minutes=90))
    assert latest_title(db) == "opened early"


def test_latest_on_a_laptop_with_only_sessions_to_come_is_the_soonest(db, venues):
    salon, _hall = venues
    assert latest_title(db) is None
    plan(db, salon, "in a month", NOW + timedelta(days=30))
    plan(db, salon, "next week", NOW + timedelta(days=7))
    assert latest_title(db) == "next week"


def test_handouts_latest_session_is_the_same_session(db, venues):
    salon, _hall = venues
    plan(db, salon, "under way", NOW - timedelta(minutes=10))
    plan(db, salon, "next year", NOW + timedelta(days=365))
    with db.session() as s:
        assert find_session(s, "latest", NOW).title == "under way"


def test_the_list_puts_sessions_under_way_and_to_come_first_soonest_on_top_then_past_most_recent_first(db, venues):
    salon, _hall = venues
    for title, starts in (
        ("last month", NOW - timedelta(days=30)),
        ("next week", NOW + timedelta(days=7)),
        ("this morning", NOW.replace(hour=10)),
        ("under way", NOW - timedelta(minutes=30)),
        ("tomorrow", NOW + timedelta(days=1)),
        ("yesterday", NOW - timedelta(days=1)),
    ):
        plan(db, salon, title, starts)
    with db.session() as s:
        titles = [r.title for r in list_sessions(s, now=NOW)]
    assert titles == ["under way", "tomorrow", "next week", "this morning", "yesterday", "last month"]


def test_a_session_still_open_after_its_planned_end_stays_with_those_under_way(db, venues):
    salon, _hall = venues
    plan(db, salon, "ran over", NOW - timedelta(hours=3), minutes=90, status="open")
    plan(db, salon, "tomorrow", NOW + timedelta(days=1))
    plan(db, salon, "ended this afternoon", NOW - timedelta(hours=2), minutes=60)
    with db.session() as s:
        titles = [r.title for r in list_sessions(s, now=NOW)]
    assert titles == ["ran over", "tomorrow", "ended this afternoon"]


def test_two_sessions_at_the_same_minute_are_listed_in_one_order_by_venue(db, venues):
    salon, hall = venues
    plan(db, hall, "Budgeting", NOW + timedelta(days=2))
    plan(db, salon, "Budgeting", NOW + timedelta(days=2))
    with db.session() as s:
        rows = list_sessions(s, now=NOW)
    assert [r.venue for r in rows] == ["Curl Up & Dye Salon", "Zion Union Hall"]


@pytest.mark.parametrize(
    ("starts", "status", "concern"),
    [
        (NOW - timedelta(minutes=20), "open", ""),
        (NOW + timedelta(hours=3), "planned", ""),  # later today
        (NOW.replace(hour=0, minute=5) - timedelta(hours=1), "open", ""),  # runs past midnight into today
        (NOW - timedelta(days=1), "open", "past"),  # left open yesterday
        (NOW + timedelta(days=1), "planned", "future"),
        (NOW - timedelta(minutes=20), "closed", "closed"),
    ],
)
def test_starting_the_kiosk_for_a_session_not_today_or_closed_needs_a_second_look(db, venues, starts, status, concern):
    salon, _hall = venues
    sid = plan(db, salon, "t", starts, minutes=120, status=status)
    with db.session() as s:
        assert kiosk_start_concern(session_row(s, sid), NOW) == concern


def test_the_kiosk_list_keeps_a_closed_session_the_host_asked_for(db, venues):
    salon, _hall = venues
    closed = plan(db, salon, "closed", NOW - timedelta(hours=3), status="closed")
    planned = plan(db, salon, "planned", NOW + timedelta(days=1))
    with db.session() as s:
        assert [r.id for r in sessions_open_for_sign_in(s)] == [planned]
        assert {r.id for r in sessions_open_for_sign_in(s, also=closed)} == {planned, closed}


def test_a_closed_session_says_who_came_never_who_is_here_now(db, venues, english):
    salon, _hall = venues
    sid = plan(db, salon, "t", NOW - timedelta(hours=3), status="open")
    with db.transaction() as s:
        for name in ("Ana", "Kwame"):
            walk_in(s, sid, name)
    with db.transaction() as s:
        close_session(s, sid, now=NOW)
    with db.session() as s:
        row, people = session_row(s, sid), roster(s, sid)
    assert row.is_over(NOW)
    assert people_count(row.signed_in, row.capacity, row.is_over(NOW)) == "2 people came"
    summary = roster_summary(people, row.is_over(NOW))
    assert summary == "2 people came, 0 helped, 2 came for the first time."
    assert "here" not in summary


def test_a_session_under_way_says_who_is_here_now(db, venues, english):
    salon, _hall = venues
    sid = plan(db, salon, "t", NOW - timedelta(minutes=10), status="open")
    with db.transaction() as s:
        walk_in(s, sid, "Ana")
    with db.session() as s:
        row, people = session_row(s, sid), roster(s, sid)
    assert not row.is_over(NOW)
    assert people_count(row.signed_in, row.capacity, over=False) == "1 of 12 signed in"
    assert roster_summary(people, over=False) == "1 here now, 1 signed in, 0 helping, 1 here for the first time."


def test_one_person_who_came_is_counted_in_the_singular(english):
    assert people_count(1, 12, over=True) == "1 person came"


def test_a_planned_session_past_its_end_is_over_but_an_open_one_running_late_is_not(db, venues):
    salon, _hall = venues
    never_opened = plan(db, salon, "a", NOW - timedelta(hours=3))
    running_late = plan(db, salon, "b", NOW - timedelta(hours=3), status="open")
    with db.session() as s:
        assert session_row(s, never_opened).is_over(NOW)
        assert not session_row(s, running_late).is_over(NOW)

"""Planning: venues and sessions are created, edited, listed, opened and closed (with a backup)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.backup import back_up_now, list_backups
from desktop.models import Lesson, TasterSession, Venue
from desktop.paths import backups_dir
from desktop.sessions.planning import (
    ClosedSession,
    SessionDraft,
    back_up_closed_session,
    close_session,
    create_session,
    list_sessions,
    open_session,
    session_row,
    sessions_open_for_sign_in,
    update_session,
)
from desktop.sessions.venues import VenueDraft, create_venue, list_venues, remove_venue, update_venue
from desktop.signin.attendance import roster, walk_in
from desktop.signin.validation import InvalidInput


@pytest.fixture
def venue_id(db) -> str:
    with db.transaction() as s:
        return create_venue(
            s,
            VenueDraft(
                name="Fresh Cutz Barbershop",
                kind="barbershop",
                address="230 King Avenue",
                access_notes="Ramp at the side door",
                step_free=True,
                offers=["food"],
                languages="en, es",
            ),
        ).id


def test_a_venue_keeps_its_kind_access_offers_and_languages(db, venue_id):
    with db.session() as s:
        v = s.get(Venue, venue_id)
    assert (v.kind, v.step_free, v.offers, v.languages) == ("barbershop", True, ["food"], ["en", "es"])


def test_a_venue_can_be_edited_and_listed_by_name(db, venue_id):
    with db.transaction() as s:
        draft = VenueDraft.from_venue(s.get(Venue, venue_id))
        draft.name, draft.offers, draft.parking = "A Fresh Cutz", ["childcare", "food"], True
        update_venue(s, venue_id, draft)
        create_venue(s, VenueDraft(name="Zion Union Hall", kind="union_hall"))
    with db.session() as s:
        assert [v.name for v in list_venues(s)] == ["A Fresh Cutz", "Zion Union Hall"]
        assert s.get(Venue, venue_id).offers == ["childcare", "food"]


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (VenueDraft(name="  "), "name"),
        (VenueDraft(name="x" * 10_000), "name"),
        (VenueDraft(name="Hall", kind="castle"), "kind"),
        (VenueDraft(name="Hall", languages="english!"), "languages"),
        (VenueDraft(name="Hall", offers=["massage"]), "offers"),
    ],
)
def test_a_bad_venue_is_refused_with_the_field_named(db, draft, field):
    with pytest.raises(InvalidInput) as exc, db.transaction() as s:
        create_venue(s, draft)
    assert field in exc.value.problems


def test_a_session_keeps_lessons_hosts_helpers_capacity_and_language(db, venue_id):
    with db.transaction() as s:
        lesson = Lesson(slug="first-python", title="Your first Python program")
        s.add(lesson)
        s.flush()
        ts = create_session(
            s,
            SessionDraft(
                venue_id=venue_id,
                starts_at=datetime(2026, 5, 2, 18, 0, 33),
                duration_minutes=120,
                lesson_ids=[lesson.id, "not-a-lesson"],
                hosts="Pat Volunteer, Sam",
                helpers=["Ngozi"],
                capacity=16,
                language="es",
            ),
        )
    assert ts.title == "Your first Python program"  # from the lesson when left empty
    assert ts.lesson_ids == [lesson.id] and ts.hosts == ["Pat Volunteer", "Sam"] and ts.helpers == ["Ngozi"]
    assert (ts.capacity, ts.language, ts.status, ts.starts_at.second) == (16, "es", "planned", 0)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"venue_id": "nowhere"}, "venue_id"),
        ({"starts_at": None}, "starts_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"capacity": 10_000}, "capacity"),
        ({"hosts": ["🎉"]}, "hosts"),
        ({"title": "t" * 10_000}, "title"),
    ],
)
def test_a_bad_session_is_refused_and_nothing_is_saved(db, venue_id, change, field):
    draft = SessionDraft(venue_id=venue_id, starts_at=datetime.now())
    for key, value in change.items():
        setattr(draft, key, value)
    with pytest.raises(InvalidInput) as exc, db.transaction() as s:
        create_session(s, draft)
    assert field in exc.value.problems
    with db.session() as s:
        assert list_sessions(s) == []


def test_sessions_are_listed_upcoming_first_then_past_newest_first(db, venue_id):
    now = datetime.now()
    with db.transaction() as s:
        for title, days in (("past-old", -30), ("next-week", 7), ("past-recent", -2), ("tomorrow", 1)):
            create_session(s, SessionDraft(venue_id=venue_id, title=title, starts_at=now + timedelta(days=days)))
    with db.session() as s:
        assert [r.title for r in list_sessions(s)] == ["tomorrow", "next-week", "past-recent", "past-old"]


def test_a_session_can_be_edited(db, venue_id):
    with db.transaction() as s:
        ts = create_session(s, SessionDraft(venue_id=venue_id, title="Old", starts_at=datetime.now()))
        draft = SessionDraft.from_session(ts)
        draft.title, draft.capacity = "New title", 20
        update_session(s, ts.id, draft)
    with db.session() as s:
        row = session_row(s, ts.id)
    assert (row.title, row.capacity, row.venue) == ("New title", 20, "Fresh Cutz Barbershop")


def test_opening_and_closing_a_session_changes_its_status_and_signs_everyone_out(db, venue_id):
    with db.transaction() as s:
        ts = create_session(s, SessionDraft(venue_id=venue_id, starts_at=datetime.now()))
        open_session(s, ts.id)
        walk_in(s, ts.id, "Marcus")
    with db.transaction() as s:
        assert s.get(TasterSession, ts.id).status == "open"
        close_session(s, ts.id)
    with db.session() as s:
        assert s.get(TasterSession, ts.id).status == "closed"
        assert not roster(s, ts.id)[0].here


def _status_in(backup, session_id: str) -> str:
    import sqlite3

    conn = sqlite3.connect(backup)
    try:
        return conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()[0]
    finally:
        conn.close()


def test_closing_a_session_leaves_its_backup_until_the_closing_is_committed(db, data_dir, venue_id):
    from desktop.ops import sessions as session_ops

    with db.transaction() as s:
        ts = create_session(s, SessionDraft(venue_id=venue_id, starts_at=datetime.now()))
    with db.transaction() as s:
        done = session_ops.close_session(s, ts.id, data_dir)
        assert done.after_commit is not None
    assert done.value.backup is None and list_backups(backups_dir(data_dir)) == []  # left to the runner
    done.after_commit()
    assert [b.path for b in list_backups(backups_dir(data_dir))] == [done.value.backup]
    assert _status_in(done.value.backup, ts.id) == "closed"
    assert done.value.backup_problem == ""


def test_a_failed_backup_leaves_the_session_closed_and_says_why(db, data_dir, venue_id):
    backups_dir(data_dir).parent.mkdir(parents=True, exist_ok=True)
    backups_dir(data_dir).write_text("a file where the backups folder should be")
    with db.transaction() as s:
        ts = create_session(s, SessionDraft(venue_id=venue_id, starts_at=datetime.now()))
    with db.transaction() as s:
        closed = ClosedSession(ts.id, ts.title)
        close_session(s, ts.id)
    back_up_closed_session(closed, data_dir)
    assert closed.backup is None and closed.backup_problem
    with db.session() as s:
        assert s.get(TasterSession, ts.id).status == "closed"


def test_back_up_now_puts_the_backup_where_the_app_restores_from(db, data_dir, venue_id):
    path = back_up_now(data_dir)
    assert [(b.path, b.reason) for b in list_backups(backups_dir(data_dir))] == [(path, "manual")]


def test_the_kiosk_offers_open_sessions_first_then_planned_ones_soonest_first_and_never_closed_ones(db, venue_id):
    now = datetime.now().replace(second=0, microsecond=0)
    with db.transaction() as s:
        later = create_session(s, SessionDraft(venue_id=venue_id, title="Later", starts_at=now + timedelta(days=2)))
        sooner = create_session(s, SessionDraft(venue_id=venue_id, title="Sooner", starts_at=now + timedelta(days=1)))
        opened = create_session(s, SessionDraft(venue_id=venue_id, title="Open", starts_at=now + timedelta(days=3)))
        done = create_session(s, SessionDraft(venue_id=venue_id, title="Done", starts_at=now))
        open_session(s, opened.id)
        close_session(s, done.id)
    with db.session() as s:
        assert [r.id for r in sessions_open_for_sign_in(s)] == [opened.id, sooner.id, later.id]


def test_a_venue_with_sessions_is_kept_and_an_unused_one_can_go(db, venue_id):
    with db.transaction() as s:
        create_session(s, SessionDraft(venue_id=venue_id, starts_at=datetime.now()))
        spare = create_venue(s, VenueDraft(name="Spare room"))
    with pytest.raises(InvalidInput), db.transaction() as s:
        remove_venue(s, venue_id)
    with db.transaction() as s:
        remove_venue(s, spare.id)
    with db.session() as s:
        assert [v.id for v in list_venues(s)] == [venue_id]

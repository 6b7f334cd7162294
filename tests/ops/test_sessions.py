"""Operations on venues and sessions: what they write, and what they say they changed."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from desktop.backup import list_backups
from desktop.models import SignIn, TasterSession, Venue
from desktop.ops import Kind, OpChanges
from desktop.ops import sessions as session_ops
from desktop.ops import venues as venue_ops
from desktop.paths import backups_dir
from desktop.sessions.planning import SessionDraft
from desktop.sessions.venues import VenueDraft
from desktop.signin.attendance import walk_in
from desktop.signin.validation import InvalidInput
from tests.migrated_template import db, migrated_template  # noqa: F401 - fixtures


@pytest.fixture
def venue_id(db) -> str:
    with db.transaction() as s:
        return venue_ops.add_venue(s, VenueDraft(name="Eastside Library", kind="library")).value


def _draft(venue_id: str, title: str = "Spreadsheets for the food pantry") -> SessionDraft:
    return SessionDraft(venue_id=venue_id, title=title, starts_at=datetime(2027, 3, 6, 10))


def test_adding_and_editing_a_venue_changes_venues_only(db):
    with db.transaction() as s:
        added = venue_ops.add_venue(s, VenueDraft(name="Curl Up & Dye Salon", kind="salon"))
    with db.transaction() as s:
        edited = venue_ops.edit_venue(s, added.value, VenueDraft(name="Curl Up and Dye", kind="salon"))
    assert added.changes == edited.changes == OpChanges.of(Kind.VENUES)
    with db.session() as s:
        assert s.get(Venue, added.value).name == "Curl Up and Dye"


def test_planning_and_editing_a_session_name_that_session(db, venue_id):
    with db.transaction() as s:
        planned = session_ops.plan_session(s, _draft(venue_id))
    assert planned.changes == OpChanges.of(Kind.SESSIONS, session_id=planned.value)
    with db.transaction() as s:
        edited = session_ops.edit_session(s, planned.value, _draft(venue_id, "Budgets"))
    assert edited.changes == OpChanges.of(Kind.SESSIONS, session_id=planned.value)
    with db.session() as s:
        assert s.get(TasterSession, planned.value).title == "Budgets"


def test_a_session_that_does_not_pass_the_checks_is_refused(db, venue_id):
    with pytest.raises(InvalidInput), db.transaction() as s:
        session_ops.plan_session(s, SessionDraft(venue_id=venue_id, starts_at=None))
    with db.session() as s:
        assert s.query(TasterSession).count() == 0


def test_opening_a_session_changes_that_session(db, venue_id):
    with db.transaction() as s:
        sid = session_ops.plan_session(s, _draft(venue_id)).value
    with db.transaction() as s:
        done = session_ops.open_session(s, sid)
    assert done.changes == OpChanges.of(Kind.SESSIONS, session_id=sid)
    with db.session() as s:
        assert s.get(TasterSession, sid).status == "open"


def test_closing_signs_everyone_out_and_backs_up_after_the_commit(db, data_dir, venue_id):
    with db.transaction() as s:
        sid = session_ops.plan_session(s, _draft(venue_id)).value
        session_ops.open_session(s, sid)
        walk_in(s, sid, "Marcus")
    with db.transaction() as s:
        done = session_ops.close_session(s, sid, data_dir)
        assert done.value.backup is None  # nothing is backed up that might still roll back
    assert done.changes == OpChanges.of(Kind.SESSIONS, Kind.SIGN_INS, session_id=sid)
    assert done.after_commit is not None
    done.after_commit()  # what the runner does once the closing is committed, on the task pool
    assert [(b.path, b.reason) for b in list_backups(backups_dir(data_dir))] == [(done.value.backup, "session-closed")]
    conn = sqlite3.connect(done.value.backup)
    try:  # the backup holds the closing itself
        assert conn.execute("SELECT status FROM sessions WHERE id = ?", (sid,)).fetchone() == ("closed",)
        assert conn.execute("SELECT count(*) FROM sign_ins WHERE signed_out_at IS NULL").fetchone() == (0,)
    finally:
        conn.close()
    with db.session() as s:
        assert all(r.signed_out_at is not None for r in s.query(SignIn))

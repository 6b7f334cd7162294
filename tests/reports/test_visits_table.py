"""The ``visits`` and ``sign_in_tallies`` tables the Reports page reads stay equal to what the sign-ins
define (``definitions.visit_rows``, ``definitions.sign_in_tally_rows``) through every way sign-ins and
sessions change: the kiosk, the host, editing a session, sync and erasure."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text

from desktop.models import Participant, SignIn, TasterSession, new_id
from desktop.models.entities import SignInTally, Visit
from desktop.ops import sessions as session_ops
from desktop.ops import signin as signin_ops
from desktop.reports import ReportFilter, build_report
from desktop.reports import definitions as d
from desktop.sessions.planning import SessionDraft
from desktop.sync.apply import apply_changes, by_table, remote_session


def _stored(db: Any) -> set[tuple]:
    with db.session() as s:
        return {
            tuple(r) for r in s.execute(select(Visit.participant_id, Visit.session_id, Visit.starts_at, Visit.helped))
        }


def _defined(db: Any) -> set[tuple]:
    with db.session() as s:
        return {tuple(r) for r in s.execute(d.visit_rows())}


def _assert_in_step(db: Any) -> set[tuple]:
    """The visits stored, checked against their definition, as are the sign-in tallies."""
    stored = _stored(db)
    assert stored == _defined(db)
    with db.session() as s:
        tallies = {
            tuple(r) for r in s.execute(select(SignInTally.session_id, SignInTally.source, SignInTally.sign_ins))
        }
        assert tallies == {tuple(r) for r in s.execute(d.sign_in_tally_rows())}
    return stored


def _pairs(db: Any) -> set[tuple[str, str]]:
    return {(p, s) for p, s, _at, _helped in _assert_in_step(db)}


def test_visits_hold_the_hand_counted_chapters_visits(chapter):
    # S7 is deleted, Eve's S3 sign-in voided and Gus's S4 one deleted: none of them is a visit.
    p, s = chapter.person, chapter.session
    assert _pairs(chapter.db) == {
        (p["Ana"], s["S1"]),
        (p["Ben"], s["S1"]),
        (p["Dee"], s["S1"]),
        (p["Ana"], s["S2"]),
        (p["Cruz"], s["S2"]),
        (p["Dee"], s["S2"]),
        (p["Ana"], s["S3"]),
        (p["Cruz"], s["S4"]),
        (p["Eve"], s["S5"]),
        (p["Fay"], s["S5"]),
        (p["Hal"], s["S5"]),
        (p["Fay"], s["S6"]),
        (p["Gus"], s["S6"]),
    }
    helped = {(pid, sid) for pid, sid, _at, h in _stored(chapter.db) if h}
    assert helped == {(p["Ana"], s["S3"])}  # helper at one of her two S3 sign-ins
    with chapter.db.session() as t:
        tallies = {(sid, source): n for sid, source, n in t.execute(select(SignInTally.__table__))}
    # S2: three at the kiosk and the anonymous one the host signed in; S3: Eve's kiosk sign-in voided.
    assert (tallies[(s["S2"], "kiosk")], tallies[(s["S2"], "host")]) == (3, 1)
    assert (tallies[(s["S3"], "kiosk")], tallies[(s["S3"], "host")]) == (1, 1)
    assert (s["S4"], "kiosk") not in tallies  # Gus's sign-in there was deleted


def test_visits_follow_kiosk_sign_ins_helpers_and_cancelled_sign_ins(chapter):
    db, p, s = chapter.db, chapter.person, chapter.session
    with db.transaction() as t:
        done = signin_ops.sign_in(t, s["S5"], p["Ana"])
    assert (p["Ana"], s["S5"]) in _pairs(db)
    with db.transaction() as t:
        signin_ops.mark_helper(t, done.value.sign_in_id, True)
    assert (p["Ana"], s["S5"], chapter.starts["S5"], True) in _assert_in_step(db)
    with db.transaction() as t:
        signin_ops.undo_sign_in(t, done.value.sign_in_id)
    assert (p["Ana"], s["S5"]) not in _pairs(db)
    with db.transaction() as t:  # one of Ana's two S3 sign-ins cancelled: still one visit
        first = t.scalars(select(SignIn).where(SignIn.session_id == s["S3"], SignIn.participant_id == p["Ana"])).first()
        assert first is not None
        signin_ops.undo_sign_in(t, first.id)
    assert (p["Ana"], s["S3"]) in _pairs(db)


def test_visits_move_with_their_session_and_go_with_it(chapter):
    db, s = chapter.db, chapter.session
    later = chapter.starts["S1"] + timedelta(days=1)
    with db.transaction() as t:
        ts = t.get(TasterSession, s["S1"])
        assert ts is not None
        session_ops.edit_session(t, s["S1"], replace(SessionDraft.from_session(ts), starts_at=later))
    assert {at for _p, sid, at, _h in _assert_in_step(db) if sid == s["S1"]} == {later}
    with db.transaction() as t:
        ts = t.get(TasterSession, s["S1"])
        assert ts is not None
        ts.deleted = True
    assert all(sid != s["S1"] for _p, sid in _pairs(db))
    with db.transaction() as t:
        ts = t.get(TasterSession, s["S1"])
        assert ts is not None
        ts.deleted = False
    assert sum(sid == s["S1"] for _p, sid in _pairs(db)) == 3


def _change(db: Any, table: str, row_id: str, **fields: Any) -> dict[str, Any]:
    return {"table": table, "row_id": row_id, "fields": fields, "version": db.clock.now(), "origin": "other-laptop"}


def _sign_in_fields(session_id: str, participant_id: str, **more: Any) -> dict[str, Any]:
    base = {
        "session_id": session_id,
        "participant_id": participant_id,
        "signed_in_at": "2026-07-04T10:05:00",
        "signed_out_at": None,
        "as_helper": False,
        "first_visit": False,
        "came_with": "",
        "source": "kiosk",
        "voided": False,
        "row_code": "",
    }
    return base | more


def test_visits_follow_sign_ins_and_sessions_from_sync(chapter):
    db, p = chapter.db, chapter.person
    new_session, sign_in_id = new_id(), new_id()
    # The sign-in arrives before the session it is for (foreign keys are not checked while applying).
    with remote_session(db) as t:
        apply_changes(t, by_table([_change(db, "sign_ins", sign_in_id, **_sign_in_fields(new_session, p["Ben"]))]))
    assert all(sid != new_session for _p, sid in _pairs(db))
    session_fields = {
        "venue_id": chapter.venue["A"],
        "title": "",
        "starts_at": "2026-07-04T10:00:00",
        "duration_minutes": 90,
        "lesson_ids": [],
        "hosts": [],
        "helpers": [],
        "capacity": 12,
        "language": "en",
        "status": "closed",
        "notes": "",
    }
    with remote_session(db) as t:
        apply_changes(t, by_table([_change(db, "sessions", new_session, **session_fields)]))
    assert (p["Ben"], new_session, datetime(2026, 7, 4, 10), False) in _assert_in_step(db)
    with remote_session(db) as t:  # the other laptop deleted the session, then restored it
        apply_changes(t, by_table([_change(db, "sessions", new_session, deleted=True)]))
    assert all(sid != new_session for _p, sid in _pairs(db))
    with remote_session(db) as t:
        apply_changes(t, by_table([_change(db, "sessions", new_session, deleted=False)]))
    assert (p["Ben"], new_session) in _pairs(db)
    with remote_session(db) as t:  # and deleted the sign-in
        apply_changes(t, by_table([_change(db, "sign_ins", sign_in_id, deleted=True)]))
    assert (p["Ben"], new_session) not in _pairs(db)


def test_an_erased_person_leaves_no_visit_and_the_report_keeps_counting_sessions(chapter):
    db, p = chapter.db, chapter.person
    with db.session() as t:
        before = build_report(t, ReportFilter())
    with db.transaction() as t:
        signin_ops.erase_person(t, p["Dee"])
    assert all(pid != p["Dee"] for pid, _s in _pairs(db))
    with db.session() as t:
        after = build_report(t, ReportFilter())
        assert t.get(Participant, p["Dee"]) is None or t.get(Participant, p["Dee"]).erased
    assert (after.sessions_held, after.sign_ins) == (before.sessions_held, before.sign_ins)
    assert (after.people, after.visits) == (before.people - 1, before.visits - 2)


def test_an_erasure_from_sync_takes_the_persons_visits(chapter):
    db, p = chapter.db, chapter.person
    erasure = _change(db, "erasures", new_id(), participant_id=p["Ana"], requested_on="2026-07-01")
    with remote_session(db) as t:
        apply_changes(t, by_table([erasure]))
    assert all(pid != p["Ana"] for pid, _s in _pairs(db))


def test_every_trigger_behind_the_report_tables_survives_the_migrations(db):
    with db.session() as s:
        names = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    assert {
        "visits_sign_in_insert",
        "visits_sign_in_update",
        "visits_sign_in_delete",
        "visits_session_insert",
        "visits_session_update",
        "visits_session_delete",
        "sign_in_tallies_insert",
        "sign_in_tallies_update",
        "sign_in_tallies_delete",
    } <= names

"""Signing in and out, duplicates recognised, walk-ins, helpers, undo, the roster and past sessions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.models import OutboxEntry, SignIn
from desktop.models.outbox import row_fields
from desktop.sessions.planning import close_session
from desktop.signin.attendance import (
    SessionClosed,
    mark_helper,
    past_sessions,
    register_and_sign_in,
    roster,
    sign_in,
    sign_out,
    undo_sign_in,
    walk_in,
)
from desktop.signin.people import ParticipantDraft, register_participant


@pytest.fixture
def ana(db) -> str:
    with db.transaction() as s:
        return register_participant(s, ParticipantDraft(first_name="Ana", last_name="Souza")).id


def test_signing_in_twice_to_the_same_session_is_recognised_not_duplicated(db, open_session_id, ana):
    with db.transaction() as s:
        first = sign_in(s, open_session_id, ana)
    with db.transaction() as s:
        again = sign_in(s, open_session_id, ana)
    assert again.already and again.sign_in_id == first.sign_in_id
    with db.session() as s:
        assert len(s.scalars(select(SignIn).where(SignIn.session_id == open_session_id)).all()) == 1


def test_first_visit_is_marked_only_the_first_time(db, open_session_id, other_session_id, ana):
    with db.transaction() as s:
        assert sign_in(s, other_session_id, ana).first_visit
        assert not sign_in(s, open_session_id, ana).first_visit


def test_the_fast_sign_in_writes_the_same_row_and_outbox_entry_as_the_orm(db, open_session_id, ana):
    with db.transaction() as s:
        result = sign_in(s, open_session_id, ana)
    with db.session() as s:
        row = s.get(SignIn, result.sign_in_id)
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == row.id)).one()
        assert entry.op == "insert" and entry.version == row.updated_at and row.origin == db.device_id
        assert entry.fields == row_fields(row)


def test_a_closed_session_refuses_kiosk_sign_ins_but_the_host_can_add_from_paper(db, open_session_id, ana):
    with db.transaction() as s:
        close_session(s, open_session_id)
    with pytest.raises(SessionClosed), db.transaction() as s:
        sign_in(s, open_session_id, ana)
    with db.transaction() as s:
        assert not sign_in(s, open_session_id, ana, source="paper").already


def test_a_walk_in_is_added_in_three_fields(db, open_session_id):
    with db.transaction() as s:
        result = walk_in(s, open_session_id, "Kwame", "Asante", "a_little")
    with db.session() as s:
        (row,) = roster(s, open_session_id)
    assert (row.name, row.experience, row.source, row.participant_id) == (
        "Kwame Asante",
        "a_little",
        "host",
        result.participant_id,
    )


def test_the_roster_shows_who_is_here_and_since_when(db, open_session_id, ana):
    with db.transaction() as s:
        sign_in(s, open_session_id, ana)
        other = walk_in(s, open_session_id, "Yusuf")
        sign_out(s, other.sign_in_id)
    with db.session() as s:
        rows = {r.name: r for r in roster(s, open_session_id)}
    assert rows["Ana Souza"].here and rows["Ana Souza"].since is not None
    assert not rows["Yusuf"].here


def test_someone_who_signed_out_and_comes_back_is_here_again(db, open_session_id, ana):
    with db.transaction() as s:
        first = sign_in(s, open_session_id, ana)
        sign_out(s, first.sign_in_id)
    with db.transaction() as s:
        again = sign_in(s, open_session_id, ana)
    with db.session() as s:
        assert again.already and s.get(SignIn, first.sign_in_id).signed_out_at is None


def test_a_mistaken_sign_in_is_undone_and_leaves_the_roster(db, open_session_id, ana):
    with db.transaction() as s:
        result = sign_in(s, open_session_id, ana)
    with db.transaction() as s:
        undo_sign_in(s, result.sign_in_id)
    with db.session() as s:
        assert roster(s, open_session_id) == []
        assert s.get(SignIn, result.sign_in_id).voided  # kept, so the correction syncs
    with db.transaction() as s:
        assert not sign_in(s, open_session_id, ana).already  # can sign in properly afterwards


def test_marking_a_helper_shows_on_the_roster(db, open_session_id, ana):
    with db.transaction() as s:
        mark_helper(s, sign_in(s, open_session_id, ana).sign_in_id)
    with db.session() as s:
        assert roster(s, open_session_id)[0].as_helper


def test_a_participants_past_sessions_are_listed_newest_first(db, open_session_id, other_session_id, ana):
    with db.transaction() as s:
        sign_in(s, other_session_id, ana, source="paper")
        sign_in(s, open_session_id, ana)
    with db.session() as s:
        assert [v.title for v in past_sessions(s, ana)] == ["First Python", "Spreadsheets"]


def test_a_new_person_and_their_sign_in_are_saved_together(db, open_session_id):
    with db.transaction() as s:
        result = register_and_sign_in(s, open_session_id, ParticipantDraft(first_name="Imani", came_with="Jamal"))
    assert result.first_name == "Imani" and result.first_visit
    with db.session() as s:
        assert s.get(SignIn, result.sign_in_id).came_with == "Jamal"

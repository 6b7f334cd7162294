"""Operations on who comes: what they write, and what they say they changed."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from desktop.models import Erasure, ExitCard, Participant, SignIn
from desktop.ops import Kind, OpChanges
from desktop.ops import signin as signin_ops
from desktop.sessions.planning import SessionDraft, create_session, open_session
from desktop.sessions.venues import VenueDraft, create_venue
from desktop.signin.exit_cards import ExitCardDraft
from desktop.signin.people import ParticipantDraft, register_participant
from desktop.signin.validation import InvalidInput
from tests.migrated_template import db, migrated_template  # noqa: F401 - fixtures


@pytest.fixture
def session_id(db) -> str:
    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Union Hall 42", kind="union_hall"))
        ts = create_session(s, SessionDraft(venue_id=venue.id, title="First Python", starts_at=datetime.now()))
        open_session(s, ts.id)
        return ts.id


@pytest.fixture
def marcus(db) -> str:
    with db.transaction() as s:
        return register_participant(s, ParticipantDraft(first_name="Marcus", last_name="Johnson")).id


def test_a_returning_person_signing_in_changes_the_sign_ins_of_that_session(db, session_id, marcus):
    with db.transaction() as s:
        done = signin_ops.sign_in(s, session_id, marcus)
    assert done.changes == OpChanges.of(Kind.SIGN_INS, session_id=session_id)
    with db.session() as s:
        assert s.get(SignIn, done.value.sign_in_id).participant_id == marcus


def test_a_new_person_at_the_kiosk_changes_people_and_sign_ins(db, session_id):
    with db.transaction() as s:
        done = signin_ops.register_and_sign_in(s, session_id, ParticipantDraft(first_name="Zoë"), "I agree")
    assert done.changes == OpChanges.of(Kind.PARTICIPANTS, Kind.SIGN_INS, session_id=session_id)
    assert done.value.first_visit
    with db.session() as s:
        assert s.get(Participant, done.value.participant_id).first_name == "Zoë"


def test_a_walk_in_without_a_name_writes_nobody(db, session_id):
    with pytest.raises(InvalidInput), db.transaction() as s:
        signin_ops.walk_in(s, session_id, "  ")
    with db.session() as s:
        assert s.scalars(select(Participant)).all() == []


def test_helper_sign_out_and_undo_name_the_session_of_the_sign_in(db, session_id):
    with db.transaction() as s:
        sign_in_id = signin_ops.walk_in(s, session_id, "Kwame", "Asante", "some").value.sign_in_id
    for op in (
        lambda s: signin_ops.mark_helper(s, sign_in_id, True),
        lambda s: signin_ops.sign_out(s, sign_in_id),
        lambda s: signin_ops.undo_sign_in(s, sign_in_id),
    ):
        with db.transaction() as s:
            assert op(s).changes == OpChanges.of(Kind.SIGN_INS, session_id=session_id)
    with db.session() as s:
        row = s.get(SignIn, sign_in_id)
        assert (row.as_helper, row.signed_out_at is not None, row.voided) == (True, True, True)


def test_editing_a_person_changes_people(db, marcus):
    with db.transaction() as s:
        done = signin_ops.edit_person(s, marcus, ParticipantDraft(first_name="Marcus", last_name="Jones"))
    assert (done.value, done.changes) == (marcus, OpChanges.of(Kind.PARTICIPANTS))
    with db.session() as s:
        assert s.get(Participant, marcus).last_name == "Jones"


def test_an_exit_card_changes_the_exit_cards_of_that_session(db, session_id):
    draft = ExitCardDraft(rating=3, will_return="yes", barriers=["childcare"])
    with db.transaction() as s:
        done = signin_ops.record_exit_card(s, session_id, draft)
    assert done.changes == OpChanges.of(Kind.EXIT_CARDS, session_id=session_id)
    with db.session() as s:
        assert s.get(ExitCard, done.value).barriers == ["childcare"]


def test_merging_changes_everything_a_persons_history_is_in(db, session_id, marcus):
    with db.transaction() as s:
        duplicate = signin_ops.walk_in(s, session_id, "Marcus").value.participant_id
    with db.transaction() as s:
        done = signin_ops.merge_people(s, marcus, duplicate)
    assert done.changes == OpChanges.of(
        Kind.PARTICIPANTS, Kind.SIGN_INS, Kind.EXIT_CARDS, Kind.PAIRINGS, Kind.FOLLOW_UPS, Kind.LADDER_STEPS
    )
    with db.session() as s:
        assert s.scalars(select(SignIn.participant_id)).all() == [marcus]


def test_erasing_leaves_a_tombstone_and_an_empty_write_ahead_log(db, session_id, marcus):
    with db.transaction() as s:
        signin_ops.sign_in(s, session_id, marcus)
    with db.transaction() as s:
        done = signin_ops.erase_person(s, marcus)
    assert done.value.participant_ids == [marcus] and done.value.sign_ins_kept_anonymous == 1
    assert done.changes.touches(Kind.PARTICIPANTS, Kind.SIGN_INS) and done.changes.touches(Kind.OUTBOX)
    assert done.changes.session_id is None  # a person's visits span sessions
    wal = db.path.with_name(db.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # the old pages holding the name are gone
    with db.session() as s:
        assert s.get(Participant, marcus).erased
        assert s.scalars(select(Erasure.participant_id)).all() == [marcus]


def test_entering_paper_rows_changes_people_and_sign_ins_and_says_what_became_of_each_row(db, session_id):
    from desktop.handouts.data import session_short_code
    from desktop.signin.paper import PaperRow

    code = f"{session_short_code(session_id)}-01"
    with db.transaction() as s:
        done = signin_ops.enter_paper_rows(s, session_id, [PaperRow(code, "Ana"), PaperRow("1", "Ana")])
    assert done.changes == OpChanges.of(Kind.PARTICIPANTS, Kind.SIGN_INS, session_id=session_id)
    assert done.value.summary == "1 sign-in entered, 1 was already there."
    with db.session() as s:
        assert [(r.source, r.row_code) for r in s.scalars(select(SignIn))] == [("paper", code)]

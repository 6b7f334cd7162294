"""Merging duplicates loses nothing; erasing a person removes their details everywhere, counts stay."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.models import (
    Conflict,
    Erasure,
    ExitCard,
    OutboxEntry,
    PairingGroup,
    PairingRound,
    Participant,
    SignIn,
)
from desktop.models.outbox import row_fields
from desktop.signin.attendance import past_sessions, sign_in
from desktop.signin.erasure import erase_participant
from desktop.signin.exit_cards import ExitCardDraft, record_exit_card
from desktop.signin.lookup import find_returning
from desktop.signin.merge import merge_participants
from desktop.signin.people import NotFound, ParticipantDraft, register_participant
from desktop.sync import protocol as P


def _person(s, first, last="", **kw):
    return register_participant(s, ParticipantDraft(first_name=first, last_name=last, **kw)).id


def test_merging_joins_both_histories_and_the_duplicate_keeps_its_own_details(db, open_session_id, other_session_id):
    with db.transaction() as s:
        keep = _person(s, "Tamika", "Davis", experience="a_little")
        dup = _person(
            s,
            "Tamika",
            phone="555 123 9999",
            contact_consent=True,
            pronouns="she/her",
            access_needs="Large print",
        )
        sign_in(s, other_session_id, dup, source="paper")
        sign_in(s, open_session_id, keep)
        record_exit_card(s, other_session_id, ExitCardDraft(rating=3, will_return="yes", participant_id=dup))
    with db.transaction() as s:
        result = merge_participants(s, keep, dup)
    assert (result.sign_ins_moved, result.sign_ins_voided, result.exit_cards_moved) == (1, 0, 1)
    with db.session() as s:
        kept, merged = s.get(Participant, keep), s.get(Participant, dup)
        assert (kept.last_name, kept.phone, kept.pronouns, kept.access_needs, kept.experience) == (
            "Davis",
            "",
            "",
            "",
            "a_little",
        )
        assert not kept.contact_consent
        # Nothing lost: the duplicate's details stay on its own record, with the consent given for them.
        assert (merged.phone, merged.pronouns, merged.access_needs) == (
            "555 123 9999",
            "she/her",
            "Large print",
        )
        assert merged.contact_consent and merged.contact_consent_text
        assert {v.session_id for v in past_sessions(s, keep)} == {open_session_id, other_session_id}
        assert s.get(Participant, dup).merged_into == keep
        assert [m.participant_id for m in find_returning(s, "tami").matches] == [keep]
        assert s.scalar(select(func.count()).select_from(ExitCard).where(ExitCard.participant_id == keep)) == 1


def test_merging_two_sign_ins_to_the_same_session_keeps_one_live_and_the_other_voided(db, open_session_id):
    with db.transaction() as s:
        keep, dup = _person(s, "Jamal"), _person(s, "Jamal", "Harris")
        sign_in(s, open_session_id, keep)
        sign_in(s, open_session_id, dup)
    with db.transaction() as s:
        result = merge_participants(s, keep, dup)
    assert result.sign_ins_voided == 1
    with db.session() as s:
        rows = s.scalars(select(SignIn).where(SignIn.session_id == open_session_id)).all()
    assert len(rows) == 2 and {r.participant_id for r in rows} == {keep}
    assert sorted(r.voided for r in rows) == [False, True]


def test_differing_details_of_the_duplicate_stay_on_it_and_never_go_to_notes(db):
    with db.transaction() as s:
        keep = _person(s, "Luz", "Flores", pronouns="she/her")
        dup = _person(s, "Luz", "Flores-Cruz", pronouns="they/them")
    with db.transaction() as s:
        merge_participants(s, keep, dup)
    with db.session() as s:
        kept, merged = s.get(Participant, keep), s.get(Participant, dup)
    assert (kept.last_name, kept.pronouns, kept.notes) == ("Flores", "she/her", "")
    assert (merged.last_name, merged.pronouns) == ("Flores-Cruz", "they/them")


def test_signing_in_a_merged_record_signs_in_the_kept_one(db, open_session_id):
    with db.transaction() as s:
        keep, dup = _person(s, "Hope"), _person(s, "Hope", "E")
    with db.transaction() as s:
        merge_participants(s, keep, dup)
    with db.transaction() as s:
        assert sign_in(s, open_session_id, dup).participant_id == keep


def test_a_record_cannot_be_merged_with_itself(db):
    from desktop.signin.validation import InvalidInput

    with db.transaction() as s:
        pid = _person(s, "Faith")
    with pytest.raises(InvalidInput), db.transaction() as s:
        merge_participants(s, pid, pid)


@pytest.fixture
def erased_setup(db, open_session_id, other_session_id):
    """Rosa (with a merged duplicate) came twice, filled an exit card, was paired; then asks to be erased."""
    with db.transaction() as s:
        rosa = _person(
            s,
            "Rosa",
            "Parks",
            phone="+1 555 867 5309",
            contact_consent=True,
            access_needs="Step-free entrance",
            came_with="Her sister Dolores",
        )
        dup = _person(s, "Rosie", "Parks")
        friend = _person(s, "Dolores", "Cruz")
        friend_p = s.get(Participant, friend)
        friend_p.never_pair_with = [rosa]
        sign_in(s, open_session_id, rosa, came_with="Dolores")
        sign_in(s, other_session_id, dup, source="paper")
        sign_in(s, open_session_id, friend)
        record_exit_card(
            s,
            open_session_id,
            ExitCardDraft(rating=3, will_return="yes", participant_id=rosa, comment="Rosa here, loved it"),
        )
        rnd = PairingRound(session_id=open_session_id)
        s.add(rnd)
        s.flush()
        s.add(PairingGroup(round_id=rnd.id, member_ids=[rosa, friend], reason="friends"))
        s.add(
            Conflict(
                table_name="participants",
                row_id=rosa,
                field="phone",
                local_value="1",
                remote_value="2",
            )
        )
    with db.transaction() as s:
        merge_participants(s, rosa, dup)
    with db.transaction() as s:
        result = erase_participant(s, rosa, date(2026, 1, 5))
    return rosa, dup, friend, result


def test_erasure_leaves_the_person_and_their_merged_duplicate_as_bare_tombstones(db, erased_setup):
    rosa, dup, _friend, result = erased_setup
    assert set(result.participant_ids) == {rosa, dup}
    assert (result.sign_ins_kept_anonymous, result.exit_cards_kept_anonymous) == (2, 1)
    with db.session() as s:
        # What the hub keeps of them too: the id and the fact of erasure.
        assert row_fields(s.get(Participant, rosa)) == {"id": rosa, **P.participant_tombstone()}
        assert row_fields(s.get(Participant, dup)) == {"id": dup, **P.participant_tombstone()}
        assert find_returning(s, "rosa").matches == [] and find_returning(s, "5309").matches == []


def test_erasure_keeps_sign_ins_as_anonymous_counts(db, erased_setup, open_session_id, other_session_id):
    with db.session() as s:
        anonymous = s.scalars(select(SignIn).where(SignIn.participant_id.is_(None))).all()
    assert {a.session_id for a in anonymous} == {open_session_id, other_session_id}
    assert all(a.came_with == "" for a in anonymous)


def test_erasure_is_recorded_with_the_id_only_so_sync_carries_it(db, erased_setup):
    rosa, dup, _friend, _result = erased_setup
    with db.session() as s:
        erasures = s.scalars(select(Erasure)).all()
        assert {e.participant_id for e in erasures} == {rosa, dup}
        pending = s.scalars(select(OutboxEntry).where(OutboxEntry.table_name == "erasures")).all()
    assert {e.fields["participant_id"] for e in pending} == {rosa, dup}
    assert all(set(e.fields) == {"id", "deleted", "participant_id", "requested_on"} for e in pending)


def test_no_detail_of_an_erased_person_is_left_in_any_table_or_pending_op(db, erased_setup):
    rosa, dup, friend, _result = erased_setup
    with db.session() as s:
        assert s.get(Participant, friend).never_pair_with == []
        assert s.scalars(select(PairingGroup)).one().member_ids == [friend]
        assert s.scalar(select(func.count()).select_from(Conflict)) == 0
    db.close()
    conn = sqlite3.connect(db.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    secrets = ["Rosa", "Rosie", "867 5309", "8675309", "Step-free entrance", "Her sister", "loved it"]
    # The phone's last digits on their own (a look-up key), not inside an id or a clock value that
    # happens to hold them ("…-4d38-b4c8-5309214dfe01").
    last_digits = re.compile(r"(?<![0-9A-Za-z])5309(?![0-9A-Za-z])")
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            text = json.dumps(row, default=str, ensure_ascii=False)
            for secret in secrets:
                assert secret not in text, (table, secret)
            assert not last_digits.search(text), (table, "5309")
            if table not in ("erasures", "outbox", "participants"):
                assert rosa not in text and dup not in text, table
    tombstones = conn.execute(
        "SELECT id FROM participants WHERE id IN (?, ?) OR merged_into IN (?, ?) OR never_pair_with LIKE ?",
        (rosa, dup, rosa, dup, f"%{rosa}%"),
    ).fetchall()
    assert sorted(tombstones) == sorted([(rosa,), (dup,)])  # only their own, emptied records hold their ids
    for fields, table in conn.execute("SELECT fields, table_name FROM outbox"):
        if table != "erasures":
            assert rosa not in fields and dup not in fields, table
    conn.close()
    raw = db.path.read_bytes()
    for secret in ("Rosa", "Step-free entrance", "loved it"):
        assert secret.encode() not in raw, secret


def test_erasing_someone_already_erased_says_so(db, erased_setup):
    rosa, *_ = erased_setup
    with pytest.raises(NotFound), db.transaction() as s:
        erase_participant(s, rosa)


def test_exit_cards_may_be_anonymous_and_are_checked(db, open_session_id):
    from desktop.signin.validation import InvalidInput

    with db.transaction() as s:
        card = record_exit_card(
            s,
            open_session_id,
            ExitCardDraft(rating=2, will_return="maybe", barriers=["cost", "time", "time"]),
        )
    assert card.participant_id is None and card.barriers == ["time", "cost"]
    with pytest.raises(InvalidInput) as exc, db.transaction() as s:
        record_exit_card(
            s,
            open_session_id,
            ExitCardDraft(rating=7, will_return="perhaps", barriers=["weather"], comment="x" * 10_000),
        )
    assert set(exc.value.problems) == {"rating", "will_return", "barriers", "comment"}

"""Merging never spreads a person's details to another record, and never touches an erased person."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.models import Erasure, Participant
from desktop.models.outbox import applying_remote, row_fields
from desktop.signin.erasure import erase_participant
from desktop.signin.merge import merge_participants
from desktop.signin.people import (
    NotFound,
    ParticipantDraft,
    register_participant,
    update_participant,
)
from desktop.signin.validation import InvalidInput
from desktop.sync import protocol as P
from desktop.sync.erasure import purge_person


def _person(s, first, last="", **kw):
    return register_participant(s, ParticipantDraft(first_name=first, last_name=last, **kw)).id


def test_merging_never_copies_the_duplicates_details_into_any_field_or_note_of_the_kept_record(db):
    with db.transaction() as s:
        keep = _person(s, "Odalys")
        dup = _person(
            s,
            "Odalys",
            "Trevanion",
            phone="555 014 7733",
            email="odalys.t@example.org",
            contact_consent=True,
            pronouns="she/her",
            access_needs="Needs a hearing loop",
            came_with="Her neighbour Ignatius",
            is_minor=True,
            guardian_name="Perpetua Trevanion",
        )
        s.get(Participant, dup).notes = "Odalys prefers evening sessions"
    with db.transaction() as s:
        merge_participants(s, keep, dup)
    with db.session() as s:
        kept = row_fields(s.get(Participant, keep))
        merged = row_fields(s.get(Participant, dup))
    text = json.dumps(kept, ensure_ascii=False)
    for detail in (
        "Trevanion",
        "555 014 7733",
        "7733",
        "odalys.t@",
        "she/her",
        "hearing loop",
        "Ignatius",
        "Perpetua",
        "evening sessions",
    ):
        assert detail not in text, detail
    assert kept["is_minor"] is True  # what the records tell about taking part is joined
    # The duplicate keeps every one of its details: nothing is lost.
    assert merged["merged_into"] == keep
    assert {merged[name] for name in ("last_name", "phone", "email", "notes")} == {
        "Trevanion",
        "555 014 7733",
        "odalys.t@example.org",
        "Odalys prefers evening sessions",
    }


def test_merge_copies_nothing_the_protocol_lists_as_a_persons_details(db):
    with db.transaction() as s:
        keep = _person(s, "Bram")
        dup = _person(
            s,
            "Bram",
            "Okafor",
            phone="555 010 2020",
            contact_consent=True,
            access_needs="Step-free",
            came_with="Ada",
            pronouns="he/him",
        )
        s.get(Participant, dup).notes = "note"
    with db.transaction() as s:
        before = row_fields(s.get(Participant, keep))
        merge_participants(s, keep, dup)
    with db.session() as s:
        after = row_fields(s.get(Participant, keep))
    assert {n: after[n] for n in P.PERSONAL_FIELDS["participants"]} == {
        n: before[n] for n in P.PERSONAL_FIELDS["participants"]
    }


@pytest.mark.parametrize("how", ["erased here", "erasure pulled from the hub"])
def test_merging_into_or_from_an_erased_person_or_editing_them_is_refused_with_a_reason(db, how):
    with db.transaction() as s:
        gone = _person(s, "Wilhelmina", "Strand", phone="555 019 1919", contact_consent=True)
        other = _person(s, "Wilhelmina", "S")
    with db.transaction() as s:
        if how == "erased here":
            erase_participant(s, gone)
        else:
            with applying_remote(s):  # as a pulled page stores it
                s.add(Erasure(participant_id=gone, requested_on=date(2026, 1, 5)))
            purge_person(s, gone)
    for keep, dup in ((other, gone), (gone, other)):
        with pytest.raises(InvalidInput) as refused, db.transaction() as s:
            merge_participants(s, keep, dup)
        assert "erased" in refused.value.problems["merge"]
    with pytest.raises(NotFound) as refused, db.transaction() as s:
        update_participant(
            s,
            gone,
            ParticipantDraft(first_name="Wilhelmina", phone="555 019 1919", contact_consent=True),
        )
    assert str(refused.value)
    with db.session() as s:
        assert s.get(Participant, other).merged_into is None
        person = s.get(Participant, gone)
        assert person is None or (person.erased and person.first_name == "" and person.phone == "")

"""Operations on what a chapter learns from: what they write, what they refuse, what they say they changed."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.learning import InterventionDraft, needs_estimate
from desktop.models import Device, FollowUp, Intervention, LadderStep, OutboxEntry, Participant, TasterSession
from desktop.ops import Kind, OpChanges
from desktop.ops import learning as ops
from desktop.ops import sessions as session_ops
from desktop.ops import signin as signin_ops
from desktop.ops import venues as venue_ops
from desktop.sessions.planning import SessionDraft
from desktop.sessions.venues import VenueDraft
from desktop.signin.people import NotFound
from desktop.signin.validation import InvalidInput
from desktop.vocabulary import INTERVENTION_BARRIER, INTERVENTION_KINDS, LEARNING_TEXT_MAX
from tests.migrated_template import db, migrated_template  # noqa: F401 - fixtures


@pytest.fixture
def venue_id(db) -> str:
    with db.transaction() as s:
        return venue_ops.add_venue(s, VenueDraft(name="St Mary's Hall", kind="place_of_worship")).value


@pytest.fixture
def session_id(db, venue_id) -> str:
    with db.transaction() as s:
        draft = SessionDraft(venue_id=venue_id, title="Spreadsheets", starts_at=datetime(2027, 3, 6, 10))
        return session_ops.plan_session(s, draft).value


@pytest.fixture
def person_id(db) -> str:
    with db.transaction() as s:
        person = Participant(first_name="Siobhán", last_name="Ó Briain")
        s.add(person)
        s.flush()
        return person.id


def _outbox(db, table: str) -> list[OutboxEntry]:
    with db.session() as s:
        return list(s.query(OutboxEntry).filter_by(table_name=table).order_by(OutboxEntry.seq))


def test_an_intervention_is_recorded_with_its_kinds_usual_barrier_and_travels(db, venue_id):
    with db.transaction() as s:
        s.get(Device, 1).name = "Hall laptop"
        done = ops.record_intervention(
            s, InterventionDraft(venue_id, "childcare", "A crèche in the side room", date(2027, 3, 1))
        )
    assert done.changes == OpChanges.of(Kind.INTERVENTIONS)
    with db.session() as s:
        row = s.get(Intervention, done.value)
        assert (row.kind, row.barrier, row.starts_on, row.ends_on, row.recorded_by) == (
            "childcare",
            "childcare",
            date(2027, 3, 1),
            None,
            "Hall laptop",
        )
        assert row.updated_at and row.origin == s.get(Device, 1).device_id
    [entry] = _outbox(db, "interventions")
    assert (entry.op, entry.fields["description"], entry.fields["starts_on"]) == (
        "insert",
        "A crèche in the side room",
        "2027-03-01",
    )


def test_every_kind_of_change_has_a_usual_barrier_that_is_one_of_the_barriers_or_none():
    from desktop.vocabulary import BARRIERS, INTERVENTION_LABELS

    assert set(INTERVENTION_BARRIER) == set(INTERVENTION_KINDS) == set(INTERVENTION_LABELS)
    assert all(b == "" or b in BARRIERS for b in INTERVENTION_BARRIER.values())
    assert INTERVENTION_BARRIER["food"] == "cost"


def test_the_host_can_name_another_barrier_or_none(db, venue_id):
    with db.transaction() as s:
        moved = ops.record_intervention(
            s, InterventionDraft(venue_id, "time_changed", "Saturday mornings", date(2027, 4, 5), barrier="childcare")
        ).value
        other = ops.record_intervention(s, InterventionDraft(venue_id, "other", "New sign", date(2027, 4, 5))).value
    with db.session() as s:
        assert s.get(Intervention, moved).barrier == "childcare"
        assert s.get(Intervention, other).barrier == ""


def test_editing_and_ending_an_intervention_send_only_what_changed(db, venue_id):
    with db.transaction() as s:
        made = ops.record_intervention(s, InterventionDraft(venue_id, "food", "Soup", date(2027, 3, 1))).value
    with db.transaction() as s:
        edited = ops.edit_intervention(s, made, InterventionDraft(venue_id, "food", "Soup and bread", date(2027, 3, 1)))
    with db.transaction() as s:
        ended = ops.end_intervention(s, made, date(2027, 6, 30))
    assert edited.changes == ended.changes == OpChanges.of(Kind.INTERVENTIONS)
    insert, edit, end = _outbox(db, "interventions")
    assert (edit.op, edit.fields, end.fields) == (
        "update",
        {"description": "Soup and bread"},
        {"ends_on": "2027-06-30"},
    )
    assert edit.base_version == insert.version
    with db.transaction() as s:
        ops.remove_intervention(s, made)
    assert _outbox(db, "interventions")[-1].fields == {"deleted": True}
    with pytest.raises(NotFound), db.transaction() as s:
        ops.end_intervention(s, made, date(2027, 7, 1))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "bouncy_castle"}, "kind"),
        ({"description": "x" * (LEARNING_TEXT_MAX + 1)}, "description"),
        ({"starts_on": None}, "starts_on"),
        ({"starts_on": date(1850, 1, 1)}, "starts_on"),
        ({"ends_on": date(2027, 2, 1)}, "ends_on"),
        ({"barrier": "weather"}, "barrier"),
        ({"venue_id": "no-such-venue"}, "venue_id"),
    ],
)
def test_an_intervention_that_does_not_pass_the_checks_is_refused_and_nothing_is_saved(db, venue_id, change, field):
    draft = InterventionDraft(venue_id, "food", "Soup", date(2027, 3, 1))
    for name, value in change.items():
        setattr(draft, name, value)
    with pytest.raises(InvalidInput) as refused, db.transaction() as s:
        ops.record_intervention(s, draft)
    assert field in refused.value.problems
    with db.session() as s:
        assert s.query(Intervention).count() == 0


def test_a_follow_up_mark_names_the_person_the_day_and_who_reached_out(db, person_id):
    with db.transaction() as s:
        done = ops.mark_followed_up(s, person_id, date(2027, 5, 2), "Called; the bus changed. Back next month.", "Ana")
    assert done.changes == OpChanges.of(Kind.FOLLOW_UPS)
    with db.session() as s:
        row = s.get(FollowUp, done.value)
        assert (row.participant_id, row.followed_up_on, row.note, row.recorded_by) == (
            person_id,
            date(2027, 5, 2),
            "Called; the bus changed. Back next month.",
            "Ana",
        )
    assert _outbox(db, "follow_ups")[0].fields["participant_id"] == person_id


def test_a_follow_up_for_someone_erased_or_with_a_long_note_is_refused(db, person_id):
    with pytest.raises(InvalidInput), db.transaction() as s:
        ops.mark_followed_up(s, person_id, date(2027, 5, 2), "x" * (LEARNING_TEXT_MAX + 1))
    with db.transaction() as s:
        signin_ops.erase_person(s, person_id)
    with pytest.raises(NotFound), db.transaction() as s:
        ops.mark_followed_up(s, person_id, date(2027, 5, 2))
    with db.session() as s:
        assert s.query(FollowUp).count() == 0


def test_a_ladder_step_is_recorded_for_the_record_a_duplicate_was_merged_into(db, person_id, session_id):
    with db.transaction() as s:
        duplicate = Participant(first_name="Siobhan")
        s.add(duplicate)
        s.flush()
        duplicate_id = duplicate.id
        signin_ops.merge_people(s, person_id, duplicate_id)
    with db.transaction() as s:
        done = ops.record_ladder_step(s, duplicate_id, "co_hosted", date(2027, 3, 6), session_id, "Ran the pairs")
    assert done.changes == OpChanges.of(Kind.LADDER_STEPS, session_id=session_id)
    with db.session() as s:
        step = s.get(LadderStep, done.value)
        assert (step.participant_id, step.kind, step.taken_on, step.session_id, step.note) == (
            person_id,
            "co_hosted",
            date(2027, 3, 6),
            session_id,
            "Ran the pairs",
        )


@pytest.mark.parametrize(
    ("kind", "on", "session", "field"),
    [
        ("promoted_to_boss", date(2027, 3, 6), None, "kind"),
        ("helped", None, None, "on"),
        ("helped", date(2027, 3, 6), "no-such-session", "session_id"),
    ],
)
def test_a_ladder_step_that_does_not_pass_the_checks_is_refused(db, person_id, kind, on, session, field):
    with pytest.raises(InvalidInput) as refused, db.transaction() as s:
        ops.record_ladder_step(s, person_id, kind, on, session)
    assert field in refused.value.problems
    with db.session() as s:
        assert s.query(LadderStep).count() == 0


def test_a_closed_session_nobody_signed_in_to_asks_for_an_estimate_until_it_has_one(db, session_id):
    with db.session() as s:
        assert not needs_estimate(s, s.get(TasterSession, session_id))  # planned, not closed
    with db.transaction() as s:
        session_ops.close_session(s, session_id, db.path.parent)
    with db.session() as s:
        assert needs_estimate(s, s.get(TasterSession, session_id))
    with db.transaction() as s:
        done = ops.set_headcount_estimate(s, session_id, 14)
    assert done.changes == OpChanges.of(Kind.SESSIONS, session_id=session_id)
    with db.session() as s:
        ts = s.get(TasterSession, session_id)
        assert (ts.headcount_estimate, needs_estimate(s, ts)) == (14, False)
    assert _outbox(db, "sessions")[-1].fields == {"headcount_estimate": 14}


def test_a_session_people_signed_in_to_needs_no_estimate_and_refuses_one(db, session_id):
    with db.transaction() as s:
        signin_ops.walk_in(s, session_id, "Zoë")
        session_ops.close_session(s, session_id, db.path.parent)
    with db.session() as s:
        assert not needs_estimate(s, s.get(TasterSession, session_id))
    with pytest.raises(InvalidInput), db.transaction() as s:
        ops.set_headcount_estimate(s, session_id, 20)


@pytest.mark.parametrize("estimate", [-1, 1001, True, 2.5, "12"])
def test_an_estimate_out_of_range_or_not_a_whole_number_is_refused(db, session_id, estimate):
    with pytest.raises(InvalidInput), db.transaction() as s:
        ops.set_headcount_estimate(s, session_id, estimate)
    with db.session() as s:
        assert s.get(TasterSession, session_id).headcount_estimate is None


def test_merging_a_duplicate_brings_its_follow_ups_and_ladder_steps_to_the_record_kept(db, person_id):
    with db.transaction() as s:
        duplicate = Participant(first_name="Siobhan")
        s.add(duplicate)
        s.flush()
        duplicate_id = duplicate.id
        mark = ops.mark_followed_up(s, duplicate_id, date(2027, 5, 2)).value
        step = ops.record_ladder_step(s, duplicate_id, "helped", date(2027, 5, 9)).value
    with db.transaction() as s:
        done = signin_ops.merge_people(s, person_id, duplicate_id)
    assert done.changes.touches(Kind.FOLLOW_UPS) and done.changes.touches(Kind.LADDER_STEPS)
    with db.session() as s:
        assert s.get(FollowUp, mark).participant_id == s.get(LadderStep, step).participant_id == person_id


def test_erasing_a_person_says_their_follow_ups_and_ladder_steps_changed(db, person_id):
    with db.transaction() as s:
        mark = ops.mark_followed_up(s, person_id, date(2027, 5, 2), "Rang her at work").value
    with db.transaction() as s:
        done = signin_ops.erase_person(s, person_id)
    assert done.changes.touches(Kind.FOLLOW_UPS) and done.changes.touches(Kind.LADDER_STEPS)
    with db.session() as s:
        gone = s.get(FollowUp, mark)
        assert (gone.deleted, gone.participant_id, gone.note) == (True, None, "")
    # Never sent: what was waiting to go carries nothing about them either.
    assert all(
        e.fields.get("note", "") == "" and e.fields.get("participant_id") is None for e in _outbox(db, "follow_ups")
    )

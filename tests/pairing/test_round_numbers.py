"""Round numbers are the database's to give: one more than the session's highest round, wherever it was made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from desktop.models import PairingRound, Participant, SignIn, TasterSession, Venue
from desktop.pairing.model import Group
from desktop.pairing.store import change_round, current_round_number, load_inputs, next_round_number, start_round
from tests.sync.conftest import enrolled, hub, laptops, org  # noqa: F401 - fixtures
from tests.sync.scenarios import add_session, add_venue


def _session(db, title: str = "Union Hall taster") -> tuple[str, list[Group]]:
    with db.transaction() as s:
        venue = Venue(name="Union Hall")
        s.add(venue)
        s.flush()
        ts = TasterSession(venue_id=venue.id, title=title, starts_at=datetime(2026, 4, 2, 18, 0))
        people = [Participant(first_name=name) for name in ("Ana", "Bea", "Cy", "Dee")]
        s.add_all([ts, *people])
        s.flush()
        s.add_all(SignIn(session_id=ts.id, participant_id=p.id) for p in people)
        ids = [p.id for p in people]
        return ts.id, [Group((ids[0], ids[1]), "", 1), Group((ids[2], ids[3]), "", 2)]


def _numbers(db, session_id: str) -> list[int]:
    with db.transaction() as s:
        return sorted(s.scalars(select(PairingRound.number).where(PairingRound.session_id == session_id)))


def test_two_rounds_started_for_one_session_are_numbered_1_and_2(db):
    session_id, groups = _session(db)
    with db.transaction() as s:
        first = start_round(s, session_id, groups, seed=1)
    with db.transaction() as s:
        second = start_round(s, session_id, groups[::-1], seed=2)
    assert (first.number, second.number) == (1, 2)
    assert _numbers(db, session_id) == [1, 2]
    with db.transaction() as s:
        assert [r.number for r in load_inputs(s, session_id).today] == [1, 2]


def test_changing_a_round_keeps_its_number_and_the_next_round_follows_the_highest(db):
    session_id, groups = _session(db)
    with db.transaction() as s:
        start_round(s, session_id, groups)
        start_round(s, session_id, groups)
        changed = change_round(s, session_id, 1, groups[::-1])  # the host went back to round 1
        assert changed.number == 1
        assert next_round_number(s, session_id) == 3
    assert _numbers(db, session_id) == [1, 1, 2]


def test_a_change_before_any_round_is_round_1_and_later_changes_go_to_the_round_in_play(db):
    session_id, groups = _session(db)
    with db.transaction() as s:
        assert current_round_number(s, session_id) is None
        assert change_round(s, session_id, None, groups).number == 1
        start_round(s, session_id, groups)
        assert change_round(s, session_id, None, groups[::-1]).number == 2
    assert _numbers(db, session_id) == [1, 2, 2]


def test_each_session_numbers_its_own_rounds(db):
    one, groups = _session(db, "Monday")
    other, _groups = _session(db, "Tuesday")
    with db.transaction() as s:
        start_round(s, one, groups)
        start_round(s, one, groups)
        assert start_round(s, other, groups).number == 1


def test_a_laptop_goes_on_from_the_rounds_another_laptop_made_for_the_session(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    session_id = add_session(a, add_venue(a))
    with a.db.transaction() as s:
        assert start_round(s, session_id, []).number == 1
    a.sync()
    b.sync()
    with b.db.transaction() as s:
        assert start_round(s, session_id, []).number == 2, "round 1 is the other laptop's"
    b.sync()
    a.sync()
    with a.db.transaction() as s:
        assert next_round_number(s, session_id) == 3

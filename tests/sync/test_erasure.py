"""A person's right to be forgotten: the hub wins, every laptop forgets, stale laptops are refused."""

from __future__ import annotations

import json
from datetime import date

from desktop.models import Erasure, PairingGroup, PairingRound, Participant, SignIn
from desktop.signin.erasure import erase_participant
from desktop.sync import protocol as P
from desktop.sync.erasure import purge_person
from tests.hubtools import hub_rows, shared_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_person, add_session, add_venue, edit, get, outbox, sign_in


def _erase(laptop, person_id: str) -> None:
    with laptop.db.transaction() as s:
        erase_participant(s, person_id)


def _everything_mentioning(laptop, *needles: str) -> list[str]:
    """Every line of a laptop's database dump (rows, outbox, conflicts) that mentions a needle."""
    with laptop.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        return [line for line in raw.iterdump() if any(n in line for n in needles)]


def test_an_erasure_reaches_every_laptop_and_leaves_only_the_id(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    venue = add_venue(a)
    session = add_session(a, venue)
    jose = add_person(a, "José", "García", phone="555-0199", notes="Prefers Spanish")
    friend = add_person(a, "Zoë", "Williams", never_pair_with=[jose])
    sign_in(a, session, jose, came_with="Zoë")
    with a.db.transaction() as s:
        rnd = PairingRound(session_id=session)
        s.add(rnd)
        s.flush()
        s.add(PairingGroup(round_id=rnd.id, member_ids=[jose, friend]))
    a.sync(), b.sync()
    assert get(b, Participant, jose).first_name == "José"

    _erase(b, jose)
    b.sync(), a.sync()

    for laptop in (a, b):
        tomb = get(laptop, Participant, jose)
        assert (tomb.first_name, tomb.phone, tomb.notes, tomb.erased, tomb.deleted) == (
            "",
            "",
            "",
            True,
            True,
        )
        assert get(laptop, Participant, friend).never_pair_with == []
        with laptop.db.transaction() as s:
            visit = s.query(SignIn).one()
            assert (visit.participant_id, visit.came_with) == (
                None,
                "",
            )  # still counted, anonymously
            assert s.query(PairingGroup).one().member_ids == [friend]
        assert _everything_mentioning(laptop, "José", "555-0199", "Prefers Spanish") == []
    rows = hub_rows(hub.engine, org)
    assert rows[("participants", jose)] == P.participant_tombstone()
    assert shared_rows(a) == shared_rows(b)
    assert not any("José" in json.dumps(r, ensure_ascii=False) for r in rows.values())


def test_a_stale_laptop_pushing_after_an_erasure_is_refused_and_then_forgets(hub, org, laptops):
    a, stale = enrolled(hub, org, laptops(2))
    venue = add_venue(a)
    session = add_session(a, venue)
    jose = add_person(a, "José", "García")
    a.sync(), stale.sync()
    # Offline, the stale laptop changes José and signs him in; meanwhile he is erased.
    edit(stale, Participant, jose, phone="555-0142", pronouns="he/him")
    visit = sign_in(stale, session, jose, came_with="his cousin Luz")
    _erase(a, jose)
    a.sync()

    report = stale.sync()
    assert report.rejected == 1  # the change to José himself
    entries = outbox(stale)
    assert [(e.table_name, e.row_id, e.fields) for e in entries] == [("participants", jose, {})]
    assert "erased" in entries[0].rejected_reason
    rows = hub_rows(hub.engine, org)
    assert rows[("participants", jose)] == P.participant_tombstone()
    assert (
        rows[("sign_ins", visit)]["participant_id"],
        rows[("sign_ins", visit)]["came_with"],
    ) == (None, "")
    assert _everything_mentioning(stale, "555-0142", "he/him", "cousin Luz") == []
    a.sync()
    assert shared_rows(a) == shared_rows(stale)


def test_a_laptop_purges_changes_about_an_erased_person_it_had_not_sent(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    venue = add_venue(a)
    session = add_session(a, venue)
    a.sync(), b.sync()
    # b meets someone new and signs them in, offline; a hears (by another route) they want to be forgotten.
    newcomer = add_person(b, "Олена", "Коваленко", email="olena@example.org")
    visit = sign_in(b, session, newcomer, came_with="Олена's sister")
    with a.db.transaction() as s:  # a person a has never held: only the request is recorded, and sent
        s.add(Erasure(participant_id=newcomer, requested_on=date.today()))
        s.flush()
        purge_person(s, newcomer)
    a.sync()
    report = b.sync()  # pushes first: the hub refuses the person, strips the visit
    assert report.rejected == 1
    b.sync()
    assert _everything_mentioning(b, "Олена", "olena@example.org") == []
    assert hub_rows(hub.engine, org)[("sign_ins", visit)]["participant_id"] is None
    a.sync()
    assert shared_rows(a) == shared_rows(b)


def test_erasing_before_ever_syncing_sends_nothing_about_the_person(hub, org, laptops):
    (a,) = enrolled(hub, org, laptops(1))
    venue = add_venue(a)
    session = add_session(a, venue)
    person = add_person(a, "محمد", "الأحمد", phone="555-0100")
    sign_in(a, session, person)
    _erase(a, person)
    assert not any(e.table_name == "participants" for e in outbox(a))
    a.sync()
    rows = hub_rows(hub.engine, org)
    assert rows[("participants", person)] == P.participant_tombstone()
    assert "محمد" not in json.dumps(list(rows.values()), ensure_ascii=False)

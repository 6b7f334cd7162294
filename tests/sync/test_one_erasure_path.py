"""Erasing someone here and pulling their erasure from the hub leave the same rows, and nothing about them."""

from __future__ import annotations

import json
import sqlite3

from desktop.models import (
    ExitCard,
    OutboxEntry,
    PairingGroup,
    PairingRound,
    Participant,
    SignIn,
    SyncState,
)
from desktop.signin.erasure import erase_participant
from desktop.signin.merge import merge_participants
from desktop.signin.people import ParticipantDraft, register_participant
from desktop.sync.client import HubClient
from desktop.sync.engine import pull_all, push_pending
from tests.hubtools import shared_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_session, add_venue, edit, sign_in

SECRETS = (
    "Nguyễn",
    "Thị Hoa",
    "555-0142",
    "hoa@example.org",
    "Her cousin Lan",
    "Step-free",
    "Loved the pairs",
)


def _client(laptop) -> HubClient:
    with laptop.db.transaction() as s:
        state = s.get(SyncState, 1)
        return HubClient(state.hub_url, state.device_token)


def _local_rows(laptop) -> dict[str, list[tuple]]:
    """Flags and rows kept aside, without their local ids and times."""
    conn = sqlite3.connect(laptop.db.path)
    try:
        return {
            "conflicts": sorted(
                conn.execute("SELECT table_name, row_id, field, local_value, remote_value, resolved FROM conflicts")
            ),
            "quarantined_changes": sorted(
                conn.execute("SELECT table_name, row_id, seq, change FROM quarantined_changes")
            ),
        }
    finally:
        conn.close()


def _traces(laptop, ids: set[str]) -> list[str]:
    """Every line of the laptop's database that holds a detail of the person, or their id outside the
    bare record of them and the erasure requests."""
    allowed = ('INSERT INTO "participants"', 'INSERT INTO "erasures"')
    found = []
    with laptop.db.engine.connect() as conn:
        for line in conn.connection.driver_connection.iterdump():
            sending_erasure = line.startswith('INSERT INTO "outbox"') and "'erasures'" in line
            if any(s in line for s in SECRETS) or (
                any(i in line for i in ids) and not line.startswith(allowed) and not sending_erasure
            ):
                found.append(line)
    return found


def test_erasing_here_and_pulling_the_erasure_leave_identical_rows_and_no_trace(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    session = add_session(a, add_venue(a))
    with a.db.transaction() as s:
        hoa = register_participant(
            s,
            ParticipantDraft(
                first_name="Hoa",
                last_name="Nguyễn Thị Hoa",
                phone="555-0142",
                email="hoa@example.org",
                contact_consent=True,
                access_needs="Step-free entrance",
                came_with="Her cousin Lan",
            ),
        ).id
        dup = register_participant(s, ParticipantDraft(first_name="Hoa", last_name="Nguyễn")).id
        friend = register_participant(s, ParticipantDraft(first_name="Zoë", last_name="Williams")).id
    edit(a, Participant, friend, never_pair_with=[hoa])
    visit = sign_in(a, session, hoa, came_with="Her cousin Lan")
    sign_in(a, session, dup)
    with a.db.transaction() as s:
        merge_participants(s, hoa, dup)
        s.add(ExitCard(session_id=session, participant_id=hoa, rating=3, comment="Loved the pairs"))
        rnd = PairingRound(session_id=session)
        s.add(rnd)
        s.flush()
        s.add(PairingGroup(round_id=rnd.id, member_ids=[hoa, friend]))
    a.sync(), b.sync()
    # b has changes about her it has not sent yet: a new phone, and what her visit's note says.
    edit(b, Participant, hoa, phone="555-0142 ext 2")
    edit(b, SignIn, visit, came_with="Her cousin Lan, again")

    with a.db.transaction() as s:
        erased = set(erase_participant(s, hoa).participant_ids)
    assert erased == {hoa, dup}
    erased_here = shared_rows(a), _local_rows(a)
    with _client(a) as client:
        push_pending(a.db, client)  # the erasure reaches the hub; a pulls nothing back yet
    with _client(b) as client:
        pull_all(b.db, client)  # b learns of it from the hub, its own changes still unsent

    assert (shared_rows(b), _local_rows(b)) == erased_here
    assert shared_rows(b)[("participants", hoa)]["erased"] is True
    assert shared_rows(b)[("sign_ins", visit)]["participant_id"] is None
    for laptop in (a, b):
        assert _traces(laptop, erased) == []
    with b.db.session() as s:  # b's own changes are still waiting to be sent, with nothing about her
        pending = {e.table_name: json.dumps(e.fields, ensure_ascii=False) for e in s.query(OutboxEntry)}
    assert pending == {"sign_ins": '{"came_with": ""}'}

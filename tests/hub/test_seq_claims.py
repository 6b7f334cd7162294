"""Pushes to one organisation write at the same time on PostgreSQL, and pulls never skip a number.

Each push claims its block of sequence numbers before it writes; a later claim may commit before an
earlier one. A pull stops below the lowest claim still open, so no cursor passes a number that a
slower push fills in afterwards.
"""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from sqlalchemy import func, select

from desktop.sync import protocol as P
from hub.merge import PushBatch
from hub.pull import pull_page, served_to
from hub.store import reading, seq_claims, writing
from tests.helpers import wait_until
from tests.hub.pushes import fresh_org, pg_engine, rival_venue_edits, run_first, waiting  # noqa: F401  (fixtures: org_id, engine)
from tests.hub.pushes import venue_op as _op

pytestmark = pytest.mark.postgres


def _batch(org_id: int, device: str, ops: list[P.Op], while_writing=None) -> PushBatch:
    """A prepared push; ``while_writing`` runs once it has claimed its numbers, before it writes."""
    batch = PushBatch(org_id, device)
    batch.prepare(ops)
    if while_writing is not None:
        run_first(batch, "_write", while_writing)
    return batch


def _push(engine, org_id: int, device: str, ops: list[P.Op], while_writing=None) -> PushBatch:
    batch = _batch(org_id, device, ops, while_writing)
    with writing(engine) as conn:
        batch.apply(conn)
    return batch


def _pull(engine, org_id: int, since: int) -> tuple[list[int], int]:
    with reading(engine) as conn:
        body, cursor, _more = pull_page(conn, org_id, since, 1000, 10**9)
    return [c["seq"] for c in json.loads(body)["changes"]], cursor


def test_a_pull_stops_below_a_push_still_writing_though_a_later_claim_has_committed(engine, org_id):
    seen: dict[str, tuple[list[int], int]] = {}
    slow = [_op(str(uuid.uuid4())) for _ in range(3)]
    fast = [_op(str(uuid.uuid4())) for _ in range(2)]

    def meanwhile() -> None:  # the slow push has claimed 1-3; the fast one claims 4-5 and commits
        assert _push(engine, org_id, "laptop-b", fast).seq == 5
        seen["pulled"] = _pull(engine, org_id, 0)

    _push(engine, org_id, "laptop-a", slow, while_writing=meanwhile)
    assert seen["pulled"] == ([], 0)  # 4 and 5 are there, but 1-3 are not yet: nothing is served
    assert _pull(engine, org_id, 0) == ([1, 2, 3, 4, 5], 5)


def test_a_push_that_numbers_nothing_answers_where_the_organisation_is_complete(engine, org_id):
    first = [_op(str(uuid.uuid4()))]
    _push(engine, org_id, "laptop-a", first)  # seq 1
    answers: dict[str, int] = {}

    def meanwhile() -> None:  # claimed 2; a repeat of the first push numbers nothing
        answers["repeat"] = _push(engine, org_id, "laptop-a", first).seq

    _push(engine, org_id, "laptop-b", [_op(str(uuid.uuid4()))], while_writing=meanwhile)
    assert answers["repeat"] == 1  # not 2: 2 was still being written
    with reading(engine) as conn:
        assert served_to(conn, org_id) == 2


def test_a_claim_left_by_a_rolled_back_push_holds_no_pull_back(engine, org_id):
    class Lost(Exception):
        pass

    def fail() -> None:
        raise Lost

    with pytest.raises(Lost):
        _push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4()))], while_writing=fail)  # claimed 1, rolled back
    _push(engine, org_id, "laptop-b", [_op(str(uuid.uuid4()))])  # 2
    assert _pull(engine, org_id, 0) == ([2], 2)
    with reading(engine) as conn:  # the next claim cleared the one left behind
        assert conn.execute(select(func.count()).where(seq_claims.c.org_id == org_id)).scalar_one() == 0


def test_a_push_to_a_row_another_is_writing_waits_and_is_worked_out_on_what_that_one_wrote(engine, org_id):
    venue = str(uuid.uuid4())
    _push(engine, org_id, "laptop-a", [_op(venue)])  # seq 1, seen by both laptops
    edit_a, edit_b = rival_venue_edits(venue)
    results: dict[str, list] = {}

    def push_b() -> None:
        batch = _batch(org_id, "laptop-b", edit_b)
        with writing(engine) as conn:
            results["b"] = batch.apply(conn)

    def meanwhile() -> None:  # laptop-a holds the row: laptop-b waits for it
        results["thread"] = [threading.Thread(target=push_b)]
        results["thread"][0].start()
        assert wait_until(lambda: _waiting_on_a_row_lock(engine), timeout=30)

    _push(engine, org_id, "laptop-a", edit_a, while_writing=meanwhile)
    results["thread"][0].join(30)
    # laptop-a wrote first (seq 2); laptop-b changed the same field without having seen it.
    assert [r[1] for r in results["b"]] == ["conflict"]
    with reading(engine) as conn:
        body, cursor, _more = pull_page(conn, org_id, 0, 1000, 10**9)
    (change,) = json.loads(body)["changes"]
    assert change["seq"] == cursor == 3
    assert change["fields"]["name"] == "Barber shop on 5th" and change["fields"]["notes"] == "Ask for Luis"
    assert [(c["field"], c["kept"], c["other"]) for c in change["conflicts"]] == [
        ("name", "Barber shop on 5th", "Barbería El Corte")
    ]


def _waiting_on_a_row_lock(engine) -> bool:
    return waiting(engine, "wait_event_type = 'Lock' AND query LIKE '%%FOR UPDATE%%'")

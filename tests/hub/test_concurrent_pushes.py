"""Pushes to one organisation worked out at the same time, on PostgreSQL.

A push locks its rows, is worked out, then claims its sequence numbers. These
tests commit another push in exactly those gaps and check the outcome is the one
a strict one-after-the-other order gives: sequence numbers unique, in claim order
and without gaps, and field-level merges decided on what was really there.
"""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop.sync import protocol as P
from hub.merge import PushBatch, unpack_meta
from hub.pull import pull_page
from hub.store import op_log, organisations, reading, rows, writing
from tests.hub.pushes import fresh_org, pg_engine, rival_venue_edits, run_first  # noqa: F401  (fixtures: org_id, engine)
from tests.hub.pushes import venue_op as _op

pytestmark = pytest.mark.postgres


def _push(
    engine, org_id: int, device: str, ops: list[P.Op], before_lock=None, before_claim=None
) -> list[tuple[str, str, str]]:
    """Apply a push as the hub does (worked out again if another stored some of it first).

    ``before_lock`` runs (and commits elsewhere) before the push locks its rows; ``before_claim``
    after it is worked out, before it claims its sequence numbers. Each runs once.
    """
    prepared = PushBatch(org_id, device)
    prepared.prepare(ops)
    hooks = {"_lock_rows": before_lock, "_claim": before_claim}
    for _attempt in range(2):
        batch = prepared.again()
        for name, hook in hooks.items():
            if hook is not None:
                run_first(batch, name, hook)
        hooks = {}
        try:
            with writing(engine) as conn:
                return batch.apply(conn)
        except IntegrityError:
            continue
    raise AssertionError("worked out again, the push still clashed")


def _stored(engine, org_id: int) -> dict[str, dict]:
    with reading(engine) as conn:
        found = conn.execute(select(rows).where(rows.c.org_id == org_id)).all()
    return {
        r.row_id: {
            "seq": r.seq,
            "version": r.version,
            "data": json.loads(r.data),
            "meta": unpack_meta(r.meta, json.loads(r.data)),
            "conflicts": json.loads(r.conflicts),
        }
        for r in found
    }


def _pulled_seqs(engine, org_id: int) -> list[int]:
    with reading(engine) as conn:
        body, _cursor, _more = pull_page(conn, org_id, 0, 1000, 10**9)
    return [c["seq"] for c in json.loads(body)["changes"]]


def test_a_push_committed_in_the_gap_on_other_rows_moves_the_later_push_past_it(engine, org_id):
    mine, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    later = [_op(mine), _op(mine, "update", notes="Side door")]
    other = [_op(theirs, name="Union Hall 1199")]
    results = _push(engine, org_id, "laptop-a", later, before_claim=lambda: _push(engine, org_id, "laptop-b", other))
    assert [r[1] for r in results] == ["applied", "applied"]
    stored = _stored(engine, org_id)
    # laptop-b committed first and took 1; laptop-a's two ops took 2 and 3.
    assert stored[theirs]["seq"] == 1
    assert stored[mine]["seq"] == 3 and stored[mine]["version"].endswith("-hub:3")
    assert stored[mine]["meta"]["name"] == [2, "laptop-a"] and stored[mine]["meta"]["notes"] == [3, "laptop-a"]
    with reading(engine) as conn:
        logged = dict(conn.execute(select(op_log.c.op_id, op_log.c.seq).where(op_log.c.org_id == org_id)).all())
    assert [logged[o.op_id] for o in later] == [2, 3] and logged[other[0].op_id] == 1
    with reading(engine) as conn:
        assert conn.execute(select(organisations.c.last_seq).where(organisations.c.id == org_id)).scalar_one() == 3
    assert _pulled_seqs(engine, org_id) == [1, 3]


def test_a_push_committed_in_the_gap_on_the_same_row_is_merged_with_as_if_it_came_first(engine, org_id):
    venue = str(uuid.uuid4())
    _push(engine, org_id, "laptop-a", [_op(venue)])  # seq 1, seen by both laptops
    edit_a, edit_b = rival_venue_edits(venue)
    results = _push(engine, org_id, "laptop-a", edit_a, before_lock=lambda: _push(engine, org_id, "laptop-b", edit_b))
    # laptop-b's edit committed first; laptop-a changed the same field without having seen it.
    assert results[0][1] == "conflict"
    stored = _stored(engine, org_id)[venue]
    assert stored["data"]["name"] == "Barbería El Corte" and stored["data"]["notes"] == "Ask for Luis"
    assert [(c["field"], c["kept"], c["other"], c["seq"]) for c in stored["conflicts"]] == [
        ("name", "Barbería El Corte", "Barber shop on 5th", 3)
    ]
    assert stored["seq"] == 3 and _pulled_seqs(engine, org_id) == [3]


def test_the_same_ops_pushed_twice_at_once_are_stored_once(engine, org_id):
    ops = [_op(str(uuid.uuid4())) for _ in range(3)]
    results = _push(engine, org_id, "laptop-a", ops, before_claim=lambda: _push(engine, org_id, "laptop-a", ops))
    assert [r[1] for r in results] == ["duplicate"] * 3
    assert sorted(s["seq"] for s in _stored(engine, org_id).values()) == [1, 2, 3]

"""Claims racing on PostgreSQL where a claim statement has to wait on the organisation's row (or a stale
claim's) that another push's locked claim holds: it must find the row changed and claim the next block."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from sqlalchemy import func, select

from desktop.sync import protocol as P
from hub import merge
from hub.pull import pull_page
from hub.store import reading, seq_claims
from tests.helpers import wait_until
from tests.hub.pushes import apply_push, logged_in_order, new_org, store_defaulting_to, waiting
from tests.hub.pushes import venue_op as _op

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module", params=["read committed", "repeatable read"])
def engine(request):
    """A store whose database starts transactions at the given ``default_transaction_isolation``."""
    yield from store_defaulting_to(request.param)


def _push(engine, org_id: int, device: str, ops: list[P.Op], before_write=None) -> list[str]:
    """The statuses of a push applied as the hub does (``apply_push``), ``before_write`` run before it writes."""
    hooks = {"_write": before_write} if before_write is not None else {}
    return [r[1] for r in apply_push(engine, org_id, device, ops, **hooks)]


def _history(engine, org_id: int, rolled_back: list[str]) -> tuple[list[int], list[str]]:
    """The sequence numbers a pull from 0 serves, and the logged op_ids in order (``logged_in_order``)."""
    with reading(engine) as conn:
        body, _cursor, _more = pull_page(conn, org_id, 0, 1000, 10**9)
    return [c["seq"] for c in json.loads(body)["changes"]], logged_in_order(engine, org_id, rolled_back)


def _c_pushing(engine, org: int, c: P.Op) -> tuple[threading.Thread, list[object]]:
    """Laptop C's push, on a thread the test starts when it wants; what came of it (its statuses, or
    what it raised) once it has run."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(_push(engine, org, "laptop-c", [c]))
        except Exception as exc:  # reported by the test's assertion
            outcome.append(exc)

    return threading.Thread(target=run), outcome


def _claim_waiting(engine) -> bool:
    return waiting(engine, "wait_event_type = 'Lock' AND (query LIKE '%%bumped%%' OR query LIKE '%%cleared%%')")


@pytest.mark.parametrize("stale", [False, True], ids=["no stale claim", "a stale claim to clear"])
def test_a_claim_waiting_on_a_locked_claim_claims_the_next_block(engine, monkeypatch, stale):
    """A loses every race and claims with the organisation's row locked; meanwhile C's claim statement
    (or its clearing of a claim left by a rolled-back push) waits on that lock. Once A commits, C must
    claim the block after A's: both applied, no number skipped, the marks unbroken."""
    org = new_org(engine)
    rolled_back = []
    if stale:  # a push rolled back after its claim: its claim stays until the next claim clears it
        x = _op(str(uuid.uuid4()))
        rolled_back.append(x.op_id)
        with pytest.raises(RuntimeError):
            _push(engine, org, "laptop-x", [x], before_write=_fail)
    a, c = _op(str(uuid.uuid4())), _op(str(uuid.uuid4()))
    real = merge._chained
    a_tries: list[int] = []
    b_ids: list[str] = []
    thread, c_outcome = _c_pushing(engine, org, c)

    def racing(chain: str, op_ids: list[str]) -> list[str]:
        if a.op_id in op_ids:
            a_tries.append(1)
            if len(a_tries) <= merge.CLAIM_TRIES:  # A loses this race to B
                b = _op(str(uuid.uuid4()))
                b_ids.append(b.op_id)
                assert _push(engine, org, "laptop-b", [b]) == ["applied"]
            else:  # A claims with the organisation's row locked: C's claim comes now and waits
                thread.start()
                assert wait_until(lambda: _claim_waiting(engine), 10)
        return real(chain, op_ids)

    monkeypatch.setattr(merge, "_chained", racing)
    assert _push(engine, org, "laptop-a", [a]) == ["applied"]
    thread.join(30)
    assert c_outcome == [["applied"]], c_outcome
    seqs, ids = _history(engine, org, rolled_back)
    numbered = len(ids) + (1 if stale else 0)  # the rolled-back push's number stays in the history
    assert seqs == [s for s in range(1, numbered + 1) if not (stale and s == 1)]
    assert ids[-2:] == [a.op_id, c.op_id] and ids[: len(b_ids)] == b_ids
    with reading(engine) as conn:
        assert conn.execute(select(func.count()).where(seq_claims.c.org_id == org)).scalar_one() == 0


def _fail() -> None:
    raise RuntimeError("the hub fails between the claim and the write")


def test_a_clearing_waiting_on_a_locked_claim_clearing_the_same_stale_claim_claims_next(engine, monkeypatch):
    """A push rolled back after its claim; A then claims with the organisation's row locked and, in that
    transaction, deletes the stale claim. C's clearing of the same stale claim waits on A's delete: once A
    commits, C must find it gone and claim the block after A's."""
    org = new_org(engine)
    x = _op(str(uuid.uuid4()))
    with pytest.raises(RuntimeError):
        _push(engine, org, "laptop-x", [x], before_write=_fail)
    a, c = _op(str(uuid.uuid4())), _op(str(uuid.uuid4()))
    thread, c_outcome = _c_pushing(engine, org, c)
    real_insert = merge.insert

    def inserting(table, *args, **kwargs):
        if table is seq_claims and not thread.is_alive() and not c_outcome:
            # A's locked claim has deleted the stale claim, not committed: C's clearing comes now and waits
            monkeypatch.setattr(merge, "CLAIM_TRIES", tries)  # C claims as pushes do
            thread.start()
            assert wait_until(lambda: _claim_waiting(engine), 10)
        return real_insert(table, *args, **kwargs)

    tries = merge.CLAIM_TRIES
    monkeypatch.setattr(merge, "CLAIM_TRIES", 0)  # A claims with the row locked at once
    monkeypatch.setattr(merge, "insert", inserting)
    assert _push(engine, org, "laptop-a", [a]) == ["applied"]
    thread.join(30)
    assert c_outcome == [["applied"]], c_outcome
    seqs, ids = _history(engine, org, [x.op_id])
    assert seqs == [2, 3] and ids == [a.op_id, c.op_id]

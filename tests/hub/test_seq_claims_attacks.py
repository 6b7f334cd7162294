"""Attacks on pushes that write at the same time on PostgreSQL (seq_claims, row locks, advisory lock).

Each test commits another push (or kills the hub) in one of the gaps of a push under way, and checks
what must hold whatever the interleaving: no pull cursor skips a number, a dead push holds no pull
back, no committed change is lost, organisations never wait on each other, a retry is idempotent.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desktop.sync import protocol as P
from hub import admin
from hub.merge import PushBatch
from hub.projection import PROJECTED
from hub.pull import pull_page, served_to
from hub.store import open_store, organisations, reading, rows, seq_claims, writing
from tests.helpers import wait_until
from tests.hubtools import HubProcess, pg_unavailable, postgres_cluster

pytestmark = pytest.mark.postgres

VERSION = "1767225600000-000000-laptop"


@pytest.fixture(scope="module")
def database_url() -> str:
    cluster = postgres_cluster()
    if cluster is None:
        pytest.skip(pg_unavailable())
    return cluster.new_database()


@pytest.fixture(scope="module")
def engine(database_url):
    engine = open_store(database_url)
    yield engine
    engine.dispose()


def _new_org(engine) -> int:
    name = f"Org {uuid.uuid4()}"
    admin.create_org(engine, name)
    with reading(engine) as conn:
        return conn.execute(select(organisations.c.id).where(organisations.c.name == name)).scalar_one()


@pytest.fixture
def org_id(engine) -> int:
    return _new_org(engine)


def _op(row_id: str, kind: str = "insert", base: str = "", **fields) -> P.Op:
    if kind == "insert":
        fields.setdefault("name", "Curl Up & Dye Salon")
    return P.Op(
        op_id=str(uuid.uuid4()),
        table="venues",
        row_id=row_id,
        op=kind,
        fields=fields,
        base_version=base,
        version=VERSION,
    )


def _before(batch: PushBatch, name: str, hook: Callable[[], None]) -> None:
    method = getattr(batch, name)

    def late(*args):
        hook()
        return method(*args)

    setattr(batch, name, late)


def _push(engine, org_id: int, device: str, ops: list[P.Op], **hooks) -> list[tuple[str, str, str]]:
    """Apply a push as the hub does (worked out again on IntegrityError); each hook runs once,
    before the PushBatch method it is named after."""
    prepared = PushBatch(org_id, device)
    prepared.prepare(ops)
    for _attempt in range(3):
        batch = prepared.again()
        for name, hook in hooks.items():
            _before(batch, name, hook)
        hooks = {}
        try:
            with writing(engine) as conn:
                return batch.apply(conn)
        except IntegrityError:
            continue
    raise AssertionError("worked out again, the push still clashed")


def _pull_all(engine, org_id: int, since: int = 0) -> tuple[list[dict], int]:
    with reading(engine) as conn:
        body, cursor, _more = pull_page(conn, org_id, since, 1000, 10**9)
    return json.loads(body)["changes"], cursor


def _stored(engine, org_id: int, row_id: str) -> dict:
    with reading(engine) as conn:
        r = conn.execute(select(rows).where(rows.c.org_id == org_id, rows.c.row_id == row_id)).one()
    return {"seq": r.seq, "data": json.loads(r.data)}


def _claims(engine, org_id: int) -> int:
    with reading(engine) as conn:
        return conn.execute(select(func.count()).where(seq_claims.c.org_id == org_id)).scalar_one()


# A change to a row must never be lost -------------------------------------------------------------


def test_a_row_created_after_a_push_locked_its_rows_is_not_overwritten_with_what_that_push_read(engine, org_id):
    """Laptop C creates a venue; laptop B (a copy of C) creates it too, and laptop A edits it.

    B locks its rows while the venue is not stored yet (nothing to lock), C's creation commits, B
    reads the venue as C left it, claims, and A's edit commits before B writes. B must not write
    back its copy of C's venue over A's edit.
    """
    venue = str(uuid.uuid4())

    def c_creates() -> None:
        _push(engine, org_id, "laptop-c", [_op(venue)])  # seq 1

    def a_edits() -> None:
        base = P.hub_version(VERSION, 1)
        _push(engine, org_id, "laptop-a", [_op(venue, "update", base, access_notes="Ask for Luis")])

    _push(
        engine,
        org_id,
        "laptop-b",
        [_op(venue, address="12 High Street")],
        _read_last_seq=c_creates,  # right after B locked its rows
        _write=a_edits,  # B has claimed, not yet written
    )
    stored = _stored(engine, org_id, venue)
    assert stored["data"].get("access_notes") == "Ask for Luis"  # A's edit stands
    assert stored["data"].get("address") == "12 High Street"  # and B's creation was merged in
    changes, cursor = _pull_all(engine, org_id)
    assert [c["seq"] for c in changes] == [cursor] and cursor == stored["seq"]
    with reading(engine) as conn:
        last_seq = conn.execute(select(organisations.c.last_seq).where(organisations.c.id == org_id)).scalar_one()
    assert stored["seq"] == last_seq  # the row carries the organisation's newest number


# Organisations never wait on each other -----------------------------------------------------------


def test_a_push_to_another_organisation_does_not_wait_for_one_still_writing(engine, org_id):
    other = _new_org(engine)
    done: dict[str, list] = {}

    def other_pushes() -> None:
        done["other"] = _push(engine, other, "laptop-x", [_op(str(uuid.uuid4()))])

    def meanwhile() -> None:  # this organisation's push has claimed, holds its rows, not written
        thread = threading.Thread(target=other_pushes)
        thread.start()
        thread.join(30)
        assert not thread.is_alive(), "the other organisation's push waited for this one"

    erasure = P.Op(
        op_id=str(uuid.uuid4()),
        table=P.ERASURE_TABLE,
        row_id=str(uuid.uuid4()),
        op="insert",
        fields={"participant_id": str(uuid.uuid4()), "requested_on": "2026-01-01"},
        base_version="",
        version=VERSION,
    )
    # An erasure holds its organisation alone: still, not the other one.
    answer = _push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4())), erasure], _write=meanwhile)
    assert [r[1] for r in answer] == ["applied", "applied"]
    assert [r[1] for r in done["other"]] == ["applied"]
    assert [c["seq"] for c in _pull_all(engine, other)[0]] == [1]


# An erasure and the pushes under way ---------------------------------------------------------------


def test_an_erasure_waits_for_a_push_still_writing_and_both_commit_without_a_gap(engine, org_id):
    person = str(uuid.uuid4())
    erasure = P.Op(
        op_id=str(uuid.uuid4()),
        table=P.ERASURE_TABLE,
        row_id=str(uuid.uuid4()),
        op="insert",
        fields={"participant_id": person, "requested_on": "2026-01-01"},
        base_version="",
        version=VERSION,
    )
    done: dict[str, list] = {}

    def erase() -> None:
        done["erasure"] = _push(engine, org_id, "laptop-b", [erasure])

    thread = threading.Thread(target=erase)

    def meanwhile() -> None:  # this push has claimed its numbers; the erasure must wait for it
        thread.start()
        assert wait_until(lambda: _waiting_on_advisory(engine), timeout=30)

    _push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4())), _op(str(uuid.uuid4()))], _write=meanwhile)
    thread.join(30)
    assert [r[1] for r in done["erasure"]] == ["applied"], done
    changes, cursor = _pull_all(engine, org_id)
    with reading(engine) as conn:
        last_seq = conn.execute(select(organisations.c.last_seq).where(organisations.c.id == org_id)).scalar_one()
    assert cursor == last_seq and len(changes) == 4  # two venues, the erasure, the tombstone
    assert _claims(engine, org_id) == 0


def _waiting_on_advisory(engine) -> bool:
    with reading(engine) as conn:
        return bool(
            conn.exec_driver_sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'").scalar_one()
        )


# A retry racing its original ------------------------------------------------------------------------


def test_a_retry_committed_while_its_original_is_still_writing_is_stored_once(engine, org_id):
    ops = [_op(str(uuid.uuid4())), _op(str(uuid.uuid4()))]
    answers: dict[str, list] = {}

    def retry() -> None:  # the laptop timed out and sent the same ops again: this one commits first
        answers["retry"] = _push(engine, org_id, "laptop-a", ops)

    answers["original"] = _push(engine, org_id, "laptop-a", ops, _write=retry)
    assert [r[1] for r in answers["retry"]] == ["applied", "applied"]
    assert [r[1] for r in answers["original"]] == ["duplicate", "duplicate"]
    changes, cursor = _pull_all(engine, org_id)
    assert sorted(c["row_id"] for c in changes) == sorted(op.row_id for op in ops)
    with reading(engine) as conn:
        assert served_to(conn, org_id) == cursor  # the original's abandoned claim holds nothing back


# A hub killed mid-push ------------------------------------------------------------------------------


def test_a_hub_killed_between_its_claim_and_its_commit_holds_no_pull_back(database_url, engine):
    hub = HubProcess(database_url)
    try:
        name = f"Org {uuid.uuid4()}"
        hub.org(name)
        org = _org_named(engine, name)
        token = admin.enrol_with_code(engine, hub.code(name), "laptop-a", "Laptop A")[0]
        venue = str(uuid.uuid4())
        _push(engine, org, "laptop-a", [_op(venue)])  # 1
        body = {"ops": [_op(venue, "update", P.hub_version(VERSION, 1), address="12 High Street").model_dump()]}
        # Hold the hub's push after its claim: the venue's report row, which it replaces, is locked here.
        with engine.connect() as blocker:
            blocking = blocker.begin()
            blocker.execute(
                select(PROJECTED["venues"].c.id).where(PROJECTED["venues"].c.id == venue).with_for_update()
            ).one()

            def push() -> None:
                try:
                    answer = httpx.post(
                        f"{hub.url}/v1/sync/push", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60
                    )
                    answered.append(answer.status_code)
                except httpx.HTTPError:
                    pass  # the hub was killed under it

            answered: list[int] = []
            thread = threading.Thread(target=push)
            thread.start()
            assert wait_until(lambda: _claims(engine, org) == 1 and _waiting_on_a_lock(engine), timeout=30), (
                answered,
                hub.output(),
            )
            _push(engine, org, "laptop-b", [_op(str(uuid.uuid4()))])  # claims 3, commits
            assert [c["seq"] for c in _pull_all(engine, org)[0]] == [1]  # 2 still open: 3 not served
            hub.proc.kill()
            hub.proc.wait(30)
            blocking.rollback()
        thread.join(30)
        # The killed push's transaction is rolled back by PostgreSQL: its claim no longer counts.
        assert wait_until(lambda: [c["seq"] for c in _pull_all(engine, org)[0]] == [1, 3], timeout=30)
        _push(engine, org, "laptop-b", [_op(str(uuid.uuid4()))])  # 4: clears the dead claim
        assert [c["seq"] for c in _pull_all(engine, org, 3)[0]] == [4]
        assert _claims(engine, org) == 0
    finally:
        hub.stop()


def _org_named(engine, name: str) -> int:
    with reading(engine) as conn:
        return conn.execute(select(organisations.c.id).where(organisations.c.name == name)).scalar_one()


def _waiting_on_a_lock(engine) -> bool:
    with reading(engine) as conn:
        return bool(
            conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM%%'"
            ).scalar_one()
        )

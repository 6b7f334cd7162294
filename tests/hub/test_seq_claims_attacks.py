"""Attacks on pushes that write at the same time on PostgreSQL (seq_claims, row locks, advisory lock).

Each test commits another push (or kills the hub) in one of the gaps of a push under way, and checks
what must hold whatever the interleaving: no pull cursor skips a number, a dead push holds no pull
back, no committed change is lost, organisations never wait on each other, a retry is idempotent.
"""

from __future__ import annotations

import json
import secrets
import threading
import uuid
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import OperationalError

from desktop.sync import protocol as P
from hub import admin, merge, projection
from hub.projection import DERIVED, PROJECTED
from hub.pull import pull_page, served_to
from hub.store import open_store, organisations, reading, rows, seq_claims, worth_trying_again, writing
from tests.helpers import wait_until
from tests.hub.pushes import (  # noqa: F401  (fixture: org_id)
    VERSION,
    apply_push,
    fresh_org,
    logged_in_order,
    new_org,
    store_defaulting_to,
    waiting,
)
from tests.hub.pushes import venue_op as _op
from tests.hubtools import HubProcess, pg_unavailable, postgres_cluster

pytestmark = pytest.mark.postgres


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
        apply_push(engine, org_id, "laptop-c", [_op(venue)])  # seq 1

    def a_edits() -> None:
        base = P.hub_version(VERSION, 1)
        apply_push(engine, org_id, "laptop-a", [_op(venue, "update", base, access_notes="Ask for Luis")])

    apply_push(
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
    other = new_org(engine)
    done: dict[str, list] = {}

    def other_pushes() -> None:
        done["other"] = apply_push(engine, other, "laptop-x", [_op(str(uuid.uuid4()))])

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
    answer = apply_push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4())), erasure], _write=meanwhile)
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
        done["erasure"] = apply_push(engine, org_id, "laptop-b", [erasure])

    thread = threading.Thread(target=erase)

    def meanwhile() -> None:  # this push has claimed its numbers; the erasure must wait for it
        thread.start()
        assert wait_until(lambda: _waiting_on_advisory(engine), timeout=30)

    apply_push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4())), _op(str(uuid.uuid4()))], _write=meanwhile)
    thread.join(30)
    assert [r[1] for r in done["erasure"]] == ["applied"], done
    changes, cursor = _pull_all(engine, org_id)
    with reading(engine) as conn:
        last_seq = conn.execute(select(organisations.c.last_seq).where(organisations.c.id == org_id)).scalar_one()
    assert cursor == last_seq and len(changes) == 4  # two venues, the erasure, the tombstone
    assert _claims(engine, org_id) == 0


def _waiting_on_advisory(engine) -> bool:
    return waiting(engine, "wait_event = 'advisory'")


# A retry racing its original ------------------------------------------------------------------------


def test_a_retry_committed_while_its_original_is_still_writing_is_stored_once(engine, org_id):
    ops = [_op(str(uuid.uuid4())), _op(str(uuid.uuid4()))]
    answers: dict[str, list] = {}

    def retry() -> None:  # the laptop timed out and sent the same ops again: this one commits first
        answers["retry"] = apply_push(engine, org_id, "laptop-a", ops)

    answers["original"] = apply_push(engine, org_id, "laptop-a", ops, _write=retry)
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
        apply_push(engine, org, "laptop-a", [_op(venue)])  # 1
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
            apply_push(engine, org, "laptop-b", [_op(str(uuid.uuid4()))])  # claims 3, commits
            assert [c["seq"] for c in _pull_all(engine, org)[0]] == [1]  # 2 still open: 3 not served
            hub.proc.kill()
            hub.proc.wait(30)
            blocking.rollback()
        thread.join(30)
        # The killed push's transaction is rolled back by PostgreSQL: its claim no longer counts.
        assert wait_until(lambda: [c["seq"] for c in _pull_all(engine, org)[0]] == [1, 3], timeout=30)
        apply_push(engine, org, "laptop-b", [_op(str(uuid.uuid4()))])  # 4: clears the dead claim
        assert [c["seq"] for c in _pull_all(engine, org, 3)[0]] == [4]
        assert _claims(engine, org) == 0
    finally:
        hub.stop()


def _org_named(engine, name: str) -> int:
    with reading(engine) as conn:
        return conn.execute(select(organisations.c.id).where(organisations.c.name == name)).scalar_one()


def _waiting_on_a_lock(engine) -> bool:
    return waiting(engine, "wait_event_type = 'Lock' AND query LIKE 'DELETE FROM%%'")


# A claim no push holds ------------------------------------------------------------------------------


def test_a_claim_copied_into_a_backup_holds_no_pull_back_once_restored(engine, org_id):
    apply_push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4()))])  # 1
    # What a backup taken while a push was writing holds: its claim of 2-4, and the organisation's count.
    # Restored (here or into another cluster), no push holds that claim.
    with writing(engine) as conn:
        conn.execute(insert(seq_claims).values(org_id=org_id, low=2, high=4, token=secrets.randbits(63)))
        conn.execute(update(organisations).where(organisations.c.id == org_id).values(last_seq=4))
    apply_push(engine, org_id, "laptop-b", [_op(str(uuid.uuid4()))])  # 5
    assert [c["seq"] for c in _pull_all(engine, org_id)[0]] == [1, 5]
    assert _claims(engine, org_id) == 0  # the next claim cleared it


# Two pushes and one session's report rows -----------------------------------------------------------

SESSION_STARTS = "2026-03-05T18:00:00"


def _session_op(session: str) -> P.Op:
    fields = {"venue_id": str(uuid.uuid4()), "title": "Taster night", "starts_at": SESSION_STARTS}
    return P.Op(
        op_id=str(uuid.uuid4()),
        table="sessions",
        row_id=session,
        op="insert",
        fields={**fields, "duration_minutes": 90, "lesson_ids": [], "hosts": [], "helpers": [], "capacity": 12},
        base_version="",
        version=VERSION,
    )


def _sign_in_op(session: str, person: str, source: str = "kiosk") -> P.Op:
    fields: dict[str, object] = {"session_id": session, "participant_id": person, "signed_in_at": "2026-03-05T18:05:00"}
    fields.update(as_helper=False, first_visit=True, came_with="", source=source, voided=False, deleted=False)
    return P.Op(
        op_id=str(uuid.uuid4()),
        table="sign_ins",
        row_id=str(uuid.uuid4()),
        op="insert",
        fields={**fields, "row_code": "A1"},
        base_version="",
        version=VERSION,
    )


def _report_rows(engine, org_id: int) -> dict[str, set[tuple]]:
    with reading(engine) as conn:
        return {
            name: {
                tuple(r)
                for r in conn.execute(select(*[c for c in t.c if c.name != "org_id"]).where(t.c.org_id == org_id))
            }
            for name, t in DERIVED.items()
        }


def _waiting_on_any_lock(engine) -> bool:
    return waiting(engine, "wait_event_type = 'Lock' AND pid <> pg_backend_pid()")


def _once_refreshed_run(monkeypatch, engine, other: Callable[[], None]) -> list[threading.Thread]:
    """Once this thread's push has worked its session report rows out afresh (not committed), run
    ``other`` in a thread until it is done or waits on a lock; the thread, to join."""
    threads: list[threading.Thread] = []
    refresh = projection.refresh_derived

    def refresh_then_run_other(conn, org, sessions, *args, **kwargs) -> None:
        refresh(conn, org, sessions, *args, **kwargs)
        if threading.current_thread() is threading.main_thread() and not threads:
            threads.append(threading.Thread(target=other))
            threads[0].start()
            assert wait_until(lambda: not threads[0].is_alive() or _waiting_on_any_lock(engine), timeout=30)

    monkeypatch.setattr(projection, "refresh_derived", refresh_then_run_other)
    return threads


@pytest.mark.parametrize("before", [[], ["paper"]], ids=["a session nobody came to yet", "a session with sign-ins"])
def test_two_pushes_signing_people_in_to_one_session_at_once_both_count_in_its_report_rows(
    engine, org_id, monkeypatch, before
):
    session = str(uuid.uuid4())
    earlier = [_sign_in_op(session, str(uuid.uuid4()), source) for source in before]
    apply_push(engine, org_id, "laptop-a", [_session_op(session), *earlier])
    ana, kwame = str(uuid.uuid4()), str(uuid.uuid4())
    answers: dict[str, list] = {}

    def b_signs_in() -> None:  # A has counted the session's rows with Ana's sign-in, and not committed
        answers["b"] = apply_push(engine, org_id, "laptop-b", [_sign_in_op(session, kwame)])

    threads = _once_refreshed_run(monkeypatch, engine, b_signs_in)
    answers["a"] = apply_push(engine, org_id, "laptop-a", [_sign_in_op(session, ana)])
    threads[0].join(30)
    assert [r[1] for r in answers["a"]] == ["applied"] and [r[1] for r in answers["b"]] == ["applied"]
    found = _report_rows(engine, org_id)
    assert {(person, s) for person, s, *_ in found["visits"]} >= {(ana, session), (kwame, session)}
    tallies = {source: n for s, source, n in found["sign_in_tallies"] if s == session}
    assert tallies == {"kiosk": 2, **{source: before.count(source) for source in before}}


def test_two_transactions_waiting_on_each_other_are_worth_trying_again(engine):
    """PostgreSQL ends one of two transactions that wait on each other; the push it ended is worked out again."""
    first, second = engine.connect(), engine.connect()
    try:
        first.begin(), second.begin()
        first.exec_driver_sql("SELECT pg_advisory_xact_lock(1, 1)")
        second.exec_driver_sql("SELECT pg_advisory_xact_lock(1, 2)")
        failures: list[BaseException] = []

        def first_waits() -> None:
            try:
                first.exec_driver_sql("SELECT pg_advisory_xact_lock(1, 2)")
            except OperationalError as exc:
                failures.append(exc)

        thread = threading.Thread(target=first_waits)
        thread.start()
        assert wait_until(lambda: _waiting_on_advisory(engine), timeout=30)
        try:
            second.exec_driver_sql("SELECT pg_advisory_xact_lock(1, 1)")
        except OperationalError as exc:
            failures.append(exc)
        thread.join(30)
        assert len(failures) == 1 and worth_trying_again(failures[0])
    finally:
        first.close()
        second.close()


def test_a_push_claims_and_commits_while_another_is_still_writing_its_rows(engine, org_id, monkeypatch):
    """A push that has stored its rows holds a share of its organisation's key (they point at it);
    the next push's claim must not wait for it to commit."""
    keep_in_step = projection.keep_in_step
    threads: list[threading.Thread] = []
    answers: dict[str, list] = {}

    def b_pushes() -> None:
        answers["b"] = apply_push(engine, org_id, "laptop-b", [_op(str(uuid.uuid4()))])

    def stored_then_let_b_push(conn, org, changed) -> None:
        if threading.current_thread() is threading.main_thread() and not threads:
            threads.append(threading.Thread(target=b_pushes))
            threads[0].start()
            threads[0].join(30)
            assert not threads[0].is_alive(), "the second push waited for the first to commit"
        keep_in_step(conn, org, changed)

    monkeypatch.setattr(projection, "keep_in_step", stored_then_let_b_push)
    answers["a"] = apply_push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4()))])  # its rows are stored: 1
    assert [r[1] for r in answers["a"]] == ["applied"] and [r[1] for r in answers["b"]] == ["applied"]
    assert [c["seq"] for c in _pull_all(engine, org_id)[0]] == [1, 2]


# Found in review -------------------------------------------------------------------------------------


def test_a_push_refreshing_every_sessions_report_rows_waits_for_a_push_changing_another_session(
    engine, org_id, monkeypatch
):
    """Past ``WHOLE_ORG_AFTER`` sessions a push works out the organisation's derived rows afresh, every
    session's: it must not do so beside a push holding only its own session's lock. A (many sessions)
    rewrites every visit from what it sees; B cancels Ana's sign-in to another session and refreshes that
    session's visits, its DELETE waiting for A's. A commits; B's DELETE does not see the visit A wrote
    back, so Ana keeps a visit to a session her only sign-in to was cancelled, which neither order gives."""
    session, ana = str(uuid.uuid4()), str(uuid.uuid4())
    signed = _sign_in_op(session, ana)
    apply_push(engine, org_id, "laptop-a", [_session_op(session), signed])
    assert (ana, session) in {(p, s) for p, s, *_ in _report_rows(engine, org_id)["visits"]}
    cancel = P.Op(
        op_id=str(uuid.uuid4()),
        table="sign_ins",
        row_id=signed.row_id,
        op="update",
        fields={"voided": True},
        base_version="",
        version="1767225600001-000000-laptop",
    )
    monkeypatch.setattr(projection, "WHOLE_ORG_AFTER", 1)  # A's two sessions: the organisation afresh
    answers: dict[str, list] = {}

    def b_cancels() -> None:
        answers["b"] = apply_push(engine, org_id, "laptop-a", [cancel])

    threads = _once_refreshed_run(monkeypatch, engine, b_cancels)
    apply_push(engine, org_id, "laptop-c", [_session_op(str(uuid.uuid4())), _session_op(str(uuid.uuid4()))])
    threads[0].join(30)
    assert [r[1] for r in answers["b"]] == ["applied"]
    found = _report_rows(engine, org_id)
    assert (ana, session) not in {(p, s) for p, s, *_ in found["visits"]}
    assert not [n for s, _source, n in found["sign_in_tallies"] if s == session]


def test_a_push_touching_many_sessions_takes_a_bounded_number_of_locks(engine, org_id, monkeypatch):
    """A push's session locks live in PostgreSQL's shared lock table (max_locks_per_transaction, 64 per
    connection by default). One per session made a push of the protocol's 5,000 ops take up to 10,000
    entries: two or three such pushes at once (laptops syncing for the first time) ran it out, and every
    transaction then asking for a lock, pushes and pulls alike, failed with "out of shared memory"."""
    counted: list[int] = []
    refresh = projection.refresh_derived

    def count_then_refresh(conn, org, sessions, *args, **kwargs) -> None:
        counted.append(
            conn.exec_driver_sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            ).scalar_one()
        )
        refresh(conn, org, sessions, *args, **kwargs)

    monkeypatch.setattr(projection, "refresh_derived", count_then_refresh)
    apply_push(engine, org_id, "laptop-a", [_session_op(str(uuid.uuid4())) for _ in range(600)])
    assert counted and counted[0] <= 300, counted


@pytest.fixture(scope="module")
def repeatable_read_engine():
    """A store whose database starts transactions at REPEATABLE READ: the hub must not take its
    connections' isolation from there."""
    yield from store_defaulting_to("repeatable read")


def test_a_pull_on_a_database_defaulting_to_repeatable_read_skips_no_number(repeatable_read_engine):
    """``served_to`` asks which claims are open in a statement of its own so that the rows, read in the
    next, include every push it found ended: under REPEATABLE READ both read the transaction's first
    snapshot, taken before A committed, while the claim's lock is tested live. The page then serves B's 2
    without A's 1, and the laptop's cursor passes 1 for good."""
    engine = repeatable_read_engine
    org = new_org(engine)
    pull = engine.connect()
    try:

        def meanwhile() -> None:  # A has claimed 1; B claims 2 and commits; a pull begins
            apply_push(engine, org, "laptop-b", [_op(str(uuid.uuid4()))])
            pull.begin()
            pull.execute(select(organisations.c.last_seq).where(organisations.c.id == org)).scalar_one()

        apply_push(engine, org, "laptop-a", [_op(str(uuid.uuid4()))], _write=meanwhile)  # A commits 1
        body, cursor, _more = pull_page(pull, org, 0, 1000, 10**9)
        pull.rollback()
    finally:
        pull.close()
    served = [c["seq"] for c in json.loads(body)["changes"]]
    assert [seq for seq in (1, 2) if seq <= cursor] == served, (served, cursor)


def test_the_commons_usage_fingerprint_changes_when_a_push_commits(engine, org_id):
    """The commons' usage answer is cached by a fingerprint of what it depends on, the organisations'
    ``last_seq`` among them. A claim moves ``last_seq`` before the push writes its report rows: usage
    worked out in between is cached under the fingerprint the commit leaves, so the push's sessions are
    missing from every laptop's usage until some other push happens."""
    from hub import commons

    seen: dict[str, tuple] = {}

    def meanwhile() -> None:  # claimed, not committed
        with reading(engine) as conn:
            seen["claimed"] = commons._fingerprint(conn)

    apply_push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4()))], _write=meanwhile)
    with reading(engine) as conn:
        assert commons._fingerprint(conn) != seen["claimed"]


def test_a_push_whose_hub_stops_answering_after_its_claim_holds_pulls_back_only_a_moment(engine, org_id, monkeypatch):
    """A frozen hub, or one whose machine left the network, leaves its push's transaction idle after the claim:
    PostgreSQL ends it after ``PUSH_IDLE_LIMIT_S`` (a second here), and the organisation's pulls go on."""
    monkeypatch.setattr(merge, "PUSH_IDLE_LIMIT_S", 1.0)
    frozen, thawed = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def freeze() -> None:  # claimed 1, not written: the hub stops answering here
        frozen.set()
        thawed.wait(60)

    def push() -> None:
        try:
            apply_push(engine, org_id, "laptop-a", [_op(str(uuid.uuid4()))], _write=freeze)
        except Exception as exc:  # its connection was ended under it
            failures.append(exc)

    thread = threading.Thread(target=push)
    thread.start()
    try:
        assert frozen.wait(30)
        apply_push(engine, org_id, "laptop-b", [_op(str(uuid.uuid4()))])  # 2, committed
        assert wait_until(lambda: [c["seq"] for c in _pull_all(engine, org_id)[0]] == [2], timeout=30)
    finally:
        thawed.set()
        thread.join(30)
    assert len(failures) == 1  # the frozen push was not stored: its laptop sends it again


# Two claims at the same moment ----------------------------------------------------------------------


def _organisation_row_held(engine, org_id: int) -> bool:
    """Whether another transaction holds the organisation's row against a claim (asked without waiting)."""
    try:
        with reading(engine) as conn:
            conn.execute(
                select(organisations.c.id)
                .where(organisations.c.id == org_id)
                .with_for_update(nowait=True, key_share=True)
            ).one()
    except OperationalError:
        return True
    return False


def _racing(monkeypatch, engine, org_id: int, a_op_id: str, rounds: int) -> tuple[list[str], list[bool]]:
    """While laptop A's claim is between reading the organisation and claiming, laptop B pushes and commits
    a new venue, ``rounds`` times. B's op_ids in the order B pushed them, and for each of A's tries (filled as
    A goes) whether the organisation's row was held meanwhile."""
    real = merge._chained
    b_ops: list[str] = []
    a_tries: list[bool] = []

    def racing(chain: str, op_ids: list[str]) -> list[str]:
        if a_op_id in op_ids:
            a_tries.append(_organisation_row_held(engine, org_id))
            if len(a_tries) <= rounds:
                op = _op(str(uuid.uuid4()))
                b_ops.append(op.op_id)
                assert [r[1] for r in apply_push(engine, org_id, "laptop-b", [op])] == ["applied"]
        return real(chain, op_ids)

    monkeypatch.setattr(merge, "_chained", racing)
    return b_ops, a_tries


def test_a_push_that_loses_the_race_for_its_claim_claims_the_next_block_and_no_number_is_skipped(
    engine, org_id, monkeypatch
):
    first = _op(str(uuid.uuid4()))
    apply_push(engine, org_id, "laptop-x", [first])  # 1
    a = _op(str(uuid.uuid4()))
    b_ops, a_tries = _racing(monkeypatch, engine, org_id, a.op_id, rounds=1)
    assert [r[1] for r in apply_push(engine, org_id, "laptop-a", [a])] == ["applied"]
    assert a_tries == [False, False]  # read 1, lost to B's claim of 2, read 2 and claimed 3; nothing held
    assert [c["seq"] for c in _pull_all(engine, org_id)[0]] == [1, 2, 3]
    assert logged_in_order(engine, org_id) == [first.op_id, *b_ops, a.op_id]
    assert _claims(engine, org_id) == 0


def test_a_push_that_keeps_losing_the_race_for_its_claim_locks_the_organisation_and_claims(engine, org_id, monkeypatch):
    a = _op(str(uuid.uuid4()))
    b_ops, a_tries = _racing(monkeypatch, engine, org_id, a.op_id, rounds=merge.CLAIM_TRIES)
    assert [r[1] for r in apply_push(engine, org_id, "laptop-a", [a])] == ["applied"]
    # Every try lost, nothing held meanwhile; then the claim with the organisation's row held.
    assert a_tries == [False] * merge.CLAIM_TRIES + [True]
    seqs = [c["seq"] for c in _pull_all(engine, org_id)[0]]
    assert seqs == list(range(1, merge.CLAIM_TRIES + 2))
    assert logged_in_order(engine, org_id) == [*b_ops, a.op_id]

"""Networks that fail at the worst moment: through a fault-injecting proxy in front of a real hub."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.models import OutboxEntry, SyncState, Venue
from desktop.sync.client import HubUnreachable
from hub.store import op_log, organisations
from tests.hubtools import hub_rows, shared_rows
from tests.sync.conftest import enrolled
from tests.sync.faultproxy import FaultProxy
from tests.sync.scenarios import add_venue, outbox


@pytest.fixture
def proxy(hub):
    p = FaultProxy(hub.port)
    yield p
    p.stop()


def _script(*faults: str):
    """A plan that gives the listed faults to successive requests, then passes everything."""
    queue = list(faults)
    return lambda _m, _p: queue.pop(0) if queue else "pass"


def _ops_stored(hub, org: str) -> int:
    with hub.engine.connect() as conn:
        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()
        return conn.execute(select(func.count()).select_from(op_log).where(op_log.c.org_id == org_id)).scalar_one()


@pytest.mark.parametrize("fault", ["cut", "partial"])
def test_a_response_lost_after_the_hub_committed_makes_no_duplicate_on_retry(hub, org, laptops, proxy, fault):
    (laptop,) = enrolled(hub, org, laptops(1))
    ids = [add_venue(laptop, f"Venue {i}") for i in range(3)]
    laptop.point_at(proxy.url)
    proxy.plan = _script(fault)
    with pytest.raises(HubUnreachable):
        laptop.sync()
    assert len(outbox(laptop)) == 3  # not acknowledged, so still waiting
    assert _ops_stored(hub, org) == 3  # ...although the hub has them
    report = laptop.sync()
    assert (report.duplicates, report.pushed) == (3, 0)
    assert outbox(laptop) == []
    assert _ops_stored(hub, org) == 3
    assert sorted(k[1] for k in hub_rows(hub.engine, org)) == sorted(ids)


def test_a_push_replayed_by_the_network_is_applied_once(hub, org, laptops, proxy):
    (laptop,) = enrolled(hub, org, laptops(1))
    add_venue(laptop, "Local 1199 Union Hall")
    laptop.point_at(proxy.url)
    proxy.plan = _script("duplicate")
    report = laptop.sync()
    assert report.duplicates == 1  # the laptop saw the answer to the replay
    assert len(hub_rows(hub.engine, org)) == 1


def test_a_pull_killed_at_page_k_resumes_with_no_gap(hub, org, laptops, proxy):
    writer, reader = enrolled(hub, org, laptops(2))
    with writer.db.transaction() as s:
        s.add_all(Venue(name=f"Venue {i:03d}") for i in range(95))
    writer.sync()
    reader.point_at(proxy.url)
    # Pages of 10: the 4th pull (after three were stored) has its answer cut half way.
    from desktop.sync.engine import sync_once

    proxy.plan = _script("pass", "pass", "pass", "partial")  # GETs only: the outbox is empty, no push
    with pytest.raises(HubUnreachable):
        sync_once(reader.db, pull_limit=10)
    with reader.db.transaction() as s:
        cursor = s.get(SyncState, 1).pull_cursor
        have = s.scalar(select(func.count()).select_from(Venue))
    assert have == 30 and cursor > 0
    sync_once(reader.db, pull_limit=10)
    assert shared_rows(reader) == shared_rows(writer)
    pulls = [s for s in proxy.log if s.path == "/v1/sync/pull"]
    # Resumed at page 4, not from the start (page 5, asked for as page 4's head came, was dropped).
    assert len(pulls) == 4 + 1 + 7


def test_the_laptop_keeps_working_and_keeps_its_outbox_while_the_hub_is_unreachable(hub, org, laptops, proxy):
    (laptop,) = enrolled(hub, org, laptops(1))
    laptop.point_at(proxy.url)
    proxy.plan = lambda _m, _p: "drop"
    add_venue(laptop, "Eastside Branch Library")
    for _ in range(3):
        with pytest.raises(HubUnreachable):
            laptop.sync()
    add_venue(laptop, "Maple Community Centre")
    assert len(outbox(laptop)) == 2
    with laptop.db.transaction() as s:
        assert "could not reach the hub" in s.get(SyncState, 1).last_error
    proxy.plan = lambda _m, _p: "pass"
    laptop.sync()
    assert outbox(laptop) == [] and len(hub_rows(hub.engine, org)) == 2


def test_a_revoked_laptop_keeps_its_outbox_and_resumes_after_enrolling_again(hub, org, laptops):
    from hub import admin

    (laptop,) = enrolled(hub, org, laptops(1))
    add_venue(laptop, "Curl Up & Dye Salon")
    laptop.sync()
    admin.revoke(hub.engine, laptop.db.device_id)
    waiting = add_venue(laptop, "Fresh Cutz Barbershop")
    from desktop.sync.client import NotEnrolled

    with pytest.raises(NotEnrolled):
        laptop.sync()
    assert [e.row_id for e in outbox(laptop)] == [waiting]
    from desktop.sync.engine import NotEnrolledYet

    with pytest.raises(NotEnrolledYet):
        laptop.sync()
    laptop.enrol(hub.url, hub.code(org))
    laptop.sync()
    assert outbox(laptop) == [] and ("venues", waiting) in hub_rows(hub.engine, org)


def test_one_bad_change_is_shown_to_the_host_and_the_rest_go_through(hub, org, laptops):
    (laptop,) = enrolled(hub, org, laptops(1))
    first = add_venue(laptop, "Greater Hope Baptist Church")
    with laptop.db.transaction() as s:  # a change this hub cannot take (say, from a newer On-Ramp)
        s.add(
            OutboxEntry(
                table_name="venues",
                row_id=first,
                op="update",
                fields={"wheelchair_ramp": True},
                base_version="",
                version=laptop.db.clock.now(),
            )
        )
    last = add_venue(laptop, "Iglesia Nueva Vida")
    report = laptop.sync()
    assert (report.pushed, report.rejected) == (2, 1)
    from desktop.sync.engine import overview

    with laptop.db.transaction() as s:
        view = overview(s)
    assert view.pending == 0
    assert [(r.table, r.row_id, r.op) for r in view.rejected] == [("venues", first, "update")]
    assert "unknown field venues.wheelchair_ramp" in view.rejected[0].reason
    assert {("venues", first), ("venues", last)} <= set(hub_rows(hub.engine, org))
    laptop.sync()  # refused changes are not sent again, and not dropped
    with laptop.db.transaction() as s:
        assert len(overview(s).rejected) == 1


def test_a_change_too_large_for_the_hub_is_refused_alone(tmp_path_factory, laptops):
    from desktop.models import Lesson
    from tests.hubtools import HubProcess

    small = HubProcess(f"sqlite:///{tmp_path_factory.mktemp('hub') / 'hub.sqlite3'}", "--max-body-mb", "0.05")
    try:
        (laptop,) = enrolled(small, "Small", laptops(1))
        add_venue(laptop, "Before")
        with laptop.db.transaction() as s:
            s.add(Lesson(slug="huge", title="Huge", text="x" * 100_000))
        add_venue(laptop, "After")
        report = laptop.sync()
        assert (report.pushed, report.rejected) == (2, 1)
        assert sorted(t for t, _ in hub_rows(small.engine, "Small")) == ["venues", "venues"]
    finally:
        small.stop()

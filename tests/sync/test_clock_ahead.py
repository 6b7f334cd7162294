"""A laptop whose clock is years ahead: the hub stamps its changes with the hub's time, no other
laptop's clock follows it, its host is told to set the date, and merges come out as before."""

from __future__ import annotations

import time

from sqlalchemy import select

from desktop.models import Lesson, OutboxEntry, SyncState
from desktop.models.clock import AHEAD_TOLERANCE_MS, HybridLogicalClock
from desktop.sync import protocol as P
from hub.store import op_log, organisations, rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_lesson, edit, get, open_conflicts

YEARS_AHEAD = 3 * 365 * 24  # hours


def _millis(version: str) -> int:
    return P.split_clock(version)[0]


def _now() -> int:
    return time.time_ns() // 1_000_000


def _hub_versions(hub, org: str) -> list[str]:
    with hub.engine.connect() as conn:
        org_id = conn.execute(select(organisations.c.id).where(organisations.c.name == org)).scalar_one()
        return list(conn.execute(select(rows.c.version).where(rows.c.org_id == org_id)).scalars())


def test_a_laptop_years_ahead_does_not_stamp_the_organisation_in_the_future(hub, org, laptops):
    ahead, other = enrolled(hub, org, laptops(2))
    ahead.skew_clock(YEARS_AHEAD)
    lesson = add_lesson(ahead, "A flyer for your salon", minutes=60)
    ahead.sync(), other.sync()

    limit = _now() + P.CLOCK_TOLERANCE_MS
    assert all(_millis(v) <= limit for v in _hub_versions(hub, org))
    with hub.engine.connect() as conn:
        reasons = list(conn.execute(select(op_log.c.reason).where(op_log.c.row_id == lesson)).scalars())
    assert reasons and reasons[0].startswith(P.CLOCK_AHEAD_REASON)
    assert _millis(other.db.clock.last()) <= _now() + P.CLOCK_TOLERANCE_MS

    # The other laptop's own changes keep its own (right) time.
    edit(other, Lesson, lesson, minutes=90)
    with other.db.transaction() as s:
        assert _millis(s.query(OutboxEntry).one().version) <= _now() + P.CLOCK_TOLERANCE_MS

    # Merges do not look at clocks: different fields merge, the same field two ways is flagged.
    edit(ahead, Lesson, lesson, title="A flyer for your salon, as a web page")
    other.sync(), ahead.sync(), other.sync()
    for laptop in (ahead, other):
        got = get(laptop, Lesson, lesson)
        assert (got.title, got.minutes) == ("A flyer for your salon, as a web page", 90)
    edit(other, Lesson, lesson, level="intermediate")
    edit(ahead, Lesson, lesson, level="advanced")
    other.sync(), ahead.sync(), other.sync()
    for laptop in (ahead, other):
        assert get(laptop, Lesson, lesson).level == "intermediate"  # the first to reach the hub, whatever the clocks
        assert open_conflicts(laptop) == [("lessons", "level", "intermediate", "advanced")]
    assert all(_millis(v) <= _now() + P.CLOCK_TOLERANCE_MS for v in _hub_versions(hub, org))


def test_the_host_of_a_laptop_years_ahead_is_told_to_set_its_clock(hub, org, laptops):
    ahead, right = enrolled(hub, org, laptops(2))
    ahead.skew_clock(YEARS_AHEAD)
    add_lesson(ahead)
    report = ahead.sync()
    right.sync()

    with ahead.db.transaction() as s:
        shown = s.get(SyncState, 1).last_error
    assert "This laptop's clock is 1095 days ahead. Set the date and time" in shown
    assert shown in report.summary()
    with right.db.transaction() as s:
        assert s.get(SyncState, 1).last_error == ""


def test_a_clock_value_far_ahead_moves_a_laptop_clock_no_further_than_the_tolerance():
    assert AHEAD_TOLERANCE_MS == P.CLOCK_TOLERANCE_MS  # the laptop and the hub agree
    wall = 1_767_225_600_000
    clock = HybridLogicalClock("laptop", wall=lambda: wall)
    near = f"{wall + 60_000:013d}-000003-hub:7"  # a minute ahead: followed, as a hybrid clock does
    clock.observe(near)
    assert clock.now() > near
    clock.observe(f"{wall + 3 * 365 * 86_400_000:013d}-000000-hub:8")  # years ahead: only to the tolerance
    assert _millis(clock.now()) == wall + AHEAD_TOLERANCE_MS
    restarted = HybridLogicalClock("laptop", last=f"{wall + 10**11:013d}-000000-laptop", wall=lambda: wall)
    assert _millis(restarted.now()) == wall + AHEAD_TOLERANCE_MS

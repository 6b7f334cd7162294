"""Needs attention: upcoming sessions lacking a helper, a lesson or access notes; laptops quiet for 30
days; closed sessions with no headcount — each rule at its boundaries, on records a real laptop synced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from desktop.models import Lesson, Participant, SignIn, TasterSession, Venue
from hub import accounts
from hub.boards import attention as a
from hub.scope import NotFound, Scope, scope_of
from hub.store import devices, organisations, reading, writing
from tests.hubtools import Laptop
from tests.sync.conftest import enrolled

NOW = datetime(2026, 6, 30, 12, 0)


def test_what_an_upcoming_session_lacks_is_named_in_order():
    assert a.missing_for([], [], "") == (a.NO_HELPER, a.NO_LESSON, a.NO_ACCESS_NOTES)
    assert a.missing_for(["Sam"], ["l1"], "Ramp at the side door") == ()
    assert a.missing_for(["  "], ["l1"], "   ") == (a.NO_HELPER, a.NO_ACCESS_NOTES)  # blanks are nothing


@dataclass
class Records:
    org: str
    other_org: str
    eastside: str
    union: str


def _session(s, venue_id: str, title: str, at: datetime, **kw) -> TasterSession:
    session = TasterSession(venue_id=venue_id, title=title, starts_at=at, **kw)
    s.add(session)
    s.flush()
    return session


@pytest.fixture(scope="module")
def records(hub, tmp_path_factory) -> Records:
    folder = tmp_path_factory.mktemp("laptops")
    laptop, other = Laptop.open(folder / "a", name="Hall laptop"), Laptop.open(folder / "b", name="Far laptop")
    enrolled(hub, "Attention A", [laptop])
    enrolled(hub, "Attention B", [other])
    with laptop.db.transaction() as s:
        eastside = Venue(name="Eastside Library", access_notes="Ramp at the side door")
        union = Venue(name="Union Hall")
        lesson = Lesson(slug="web", title="Your first web page")
        zoe = Participant(first_name="Zoë", last_name="Nguyễn")
        s.add_all([eastside, union, lesson, zoe])
        s.flush()
        ready = {"helpers": ["Sam"], "lesson_ids": [lesson.id]}
        _session(s, eastside.id, "All set", datetime(2026, 7, 5, 18), **ready)
        _session(s, eastside.id, "No helper", datetime(2026, 7, 6, 18), lesson_ids=[lesson.id])
        _session(s, union.id, "Union evening", datetime(2026, 7, 7, 18), helpers=["Sam"])
        _session(s, eastside.id, "Starts now", NOW, lesson_ids=[lesson.id])
        _session(s, eastside.id, "Last day in", NOW + timedelta(days=30, minutes=-1), lesson_ids=[lesson.id])
        _session(s, eastside.id, "Too far off", NOW + timedelta(days=30), lesson_ids=[lesson.id])
        _session(s, eastside.id, "Closed, uncounted", datetime(2026, 6, 20, 10), status="closed", **ready)
        _session(s, eastside.id, "Closed, estimated", datetime(2026, 6, 21, 10), status="closed", headcount_estimate=8)
        signed = _session(s, eastside.id, "Closed, signed in", datetime(2026, 6, 22, 10), status="closed")
        s.add(SignIn(session_id=signed.id, participant_id=zoe.id))
        voided = _session(s, eastside.id, "Closed, sign-in voided", datetime(2026, 6, 23, 10), status="closed")
        s.add(SignIn(session_id=voided.id, participant_id=zoe.id, voided=True))
        _session(s, eastside.id, "Closed, deleted", datetime(2026, 6, 24, 10), status="closed", deleted=True)
        _session(s, eastside.id, "Never closed", datetime(2026, 6, 25, 10))
        _session(s, union.id, "Union, uncounted", datetime(2026, 6, 26, 10), status="closed")
        _session(s, eastside.id, "Closed long ago", datetime(2025, 6, 29, 10), status="closed")
        # For the page, which asks at the real time: NOW above is long past.
        today = datetime.now().replace(second=0, microsecond=0)
        _session(s, union.id, "Soon at Union Hall", today + timedelta(days=3), helpers=["Sam"])
        _session(s, eastside.id, "Last week, uncounted", today - timedelta(days=7), status="closed")
        ids = (eastside.id, union.id)
    with other.db.transaction() as s:
        far = Venue(name="Far Away Hall")
        s.add(far)
        s.flush()
        _session(s, far.id, "Far evening", datetime(2026, 7, 8, 18))
    for each in (laptop, other):
        each.sync()
        each.close()
    accounts.create_chapter(hub.engine, "Attention A", "East", [ids[0]])
    return Records("Attention A", "Attention B", ids[0], ids[1])


def scope_for(engine, email: str, role: str, **kw) -> Scope:
    _, token = accounts.create_user(engine, email, role, **kw)
    user = accounts.invited_user(engine, token)
    assert user is not None
    with reading(engine) as conn:
        return scope_of(conn, user)


def attention(hub, scope: Scope) -> list[a.OrgAttention]:
    with reading(hub.engine) as conn:
        return a.needs_attention(conn, scope, now=NOW)


def org_id(engine, name: str) -> int:
    with reading(engine) as conn:
        return conn.execute(select(organisations.c.id).where(organisations.c.name == name)).scalar_one()


def set_last_synced(engine, org: str, at: datetime) -> None:
    with writing(engine) as conn:
        conn.execute(update(devices).where(devices.c.org_id == org_id(engine, org)).values(last_seen_at=at))


def test_upcoming_sessions_say_what_they_lack_and_where(hub, records):
    scope = scope_for(hub.engine, "upcoming@example.org", "org_admin", org=records.org)
    (found,) = attention(hub, scope)
    listed = [(g.title, g.venue_name, g.starts_at, g.missing) for g in found.upcoming]
    assert listed == [
        ("Starts now", "Eastside Library", NOW, (a.NO_HELPER,)),
        ("No helper", "Eastside Library", datetime(2026, 7, 6, 18), (a.NO_HELPER,)),
        ("Union evening", "Union Hall", datetime(2026, 7, 7, 18), (a.NO_LESSON, a.NO_ACCESS_NOTES)),
        ("Last day in", "Eastside Library", NOW + timedelta(days=30, minutes=-1), (a.NO_HELPER,)),
    ]


def test_closed_sessions_with_no_headcount_are_listed_and_counted_ones_are_not(hub, records):
    scope = scope_for(hub.engine, "uncounted@example.org", "org_admin", org=records.org)
    (found,) = attention(hub, scope)
    assert [u.title for u in found.uncounted] == ["Union, uncounted", "Closed, sign-in voided", "Closed, uncounted"]


def test_a_laptop_quiet_for_thirty_days_needs_attention_and_one_a_minute_less_does_not(hub, records):
    scope = scope_for(hub.engine, "laptops@example.org", "org_admin", org=records.org)
    set_last_synced(hub.engine, records.org, NOW - timedelta(days=30))
    assert [laptop.name for laptop in attention(hub, scope)[0].laptops] == ["Hall laptop"]
    set_last_synced(hub.engine, records.org, NOW - timedelta(days=30, minutes=-1))
    assert attention(hub, scope)[0].laptops == []


def test_a_coordinator_sees_their_chapters_venues_only(hub, records):
    scope = scope_for(hub.engine, "east@example.org", "coordinator", org=records.org, chapter_names=["East"])
    (found,) = attention(hub, scope)
    venues = {g.venue_name for g in found.upcoming} | {u.venue_name for u in found.uncounted}
    assert venues == {"Eastside Library"}
    with reading(hub.engine) as conn, pytest.raises(NotFound):
        a.org_attention(conn, scope, org_id(hub.engine, records.other_org), "B", now=NOW)


def test_another_organisation_is_not_found_and_no_name_of_a_person_appears(hub, records):
    scope = scope_for(hub.engine, "names@example.org", "org_admin", org=records.org)
    found = attention(hub, scope)
    assert [o.name for o in found] == [records.org]
    assert "Zoë" not in repr(found) and "Nguyễn" not in repr(found)
    with reading(hub.engine) as conn, pytest.raises(NotFound):
        a.org_attention(conn, scope, org_id(hub.engine, records.other_org), "B", now=NOW)


def test_the_page_says_what_is_missing_and_where_and_another_organisation_answers_404(hub, records):
    from tests.hub.test_health_board import browser_of

    other = org_id(hub.engine, records.other_org)
    with browser_of(hub, "attention-page@example.org", "org_admin", org=records.org) as client:
        page = client.get("/attention")
        assert client.get(f"/attention?org={other}").status_code == 404
    assert page.status_code == 200
    for words in ("Soon at Union Hall", "No lesson chosen", "The venue has no access notes", "Last week, uncounted"):
        assert words in page.text
    assert "Far Away Hall" not in page.text and "Zoë" not in page.text

"""The health board: each status rule at its boundaries, the counts a synced laptop's records give,
and a coordinator who never sees another chapter's venue. Records reach the hub from real laptops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from desktop.models import Participant, SignIn, TasterSession, Venue
from hub import accounts
from hub.boards import health as h
from hub.scope import NotFound, Scope, scope_of
from hub.store import organisations, reading
from hub.web.auth import SESSION_COOKIE
from tests.sync.conftest import enrolled

NOW = datetime(2026, 6, 30, 12, 0)


# The rules, at their boundaries ----------------------------------------------------------------------


def test_months_before_keeps_the_day_or_takes_the_shorter_months_last():
    assert h.months_before(datetime(2026, 6, 30, 12), 6) == datetime(2025, 12, 30, 12)
    assert h.months_before(datetime(2026, 8, 31, 9), 6) == datetime(2026, 2, 28, 9)
    assert h.months_before(datetime(2026, 1, 15), 12) == datetime(2025, 1, 15)


def test_a_session_exactly_six_months_ago_is_active_and_a_minute_earlier_is_going_quiet():
    six = h.months_before(NOW, 6)
    assert h.status_of(six, NOW) == h.ACTIVE
    assert h.status_of(six - timedelta(minutes=1), NOW) == h.GOING_QUIET
    assert h.status_of(NOW, NOW) == h.ACTIVE


def test_a_session_exactly_twelve_months_ago_is_going_quiet_and_a_minute_earlier_is_dormant():
    twelve = h.months_before(NOW, 12)
    assert h.status_of(twelve, NOW) == h.GOING_QUIET
    assert h.status_of(twelve - timedelta(minutes=1), NOW) == h.DORMANT


def test_a_place_that_never_held_a_session_says_so_rather_than_dormant():
    assert h.status_of(None, NOW) == h.NOT_YET


def test_at_risk_when_recent_visits_fall_below_half_and_there_were_enough_to_compare():
    assert h.is_at_risk(h.ACTIVE, recent_visits=4, earlier_visits=10)
    assert not h.is_at_risk(h.ACTIVE, recent_visits=5, earlier_visits=10)  # exactly half is not below
    assert not h.is_at_risk(h.ACTIVE, recent_visits=0, earlier_visits=9)  # too few to compare
    assert h.is_at_risk(h.GOING_QUIET, recent_visits=0, earlier_visits=0)
    assert not h.is_at_risk(h.DORMANT, recent_visits=0, earlier_visits=50)  # already gone quiet


# On a real hub, from a real laptop ---------------------------------------------------------------------


@dataclass
class Place:
    venue_id: str
    people: dict[str, str]


def add_place(laptop, name: str, visits: dict[datetime, list[str]], people: dict[str, str] | None = None) -> Place:
    """A venue with a session at each time in ``visits``, signed in to by the people named (made when new)."""
    people = people if people is not None else {}
    with laptop.db.transaction() as s:
        venue = Venue(name=name, kind="library")
        s.add(venue)
        s.flush()
        for at, names in visits.items():
            session = TasterSession(venue_id=venue.id, title="Taster", starts_at=at, status="closed")
            s.add(session)
            s.flush()
            for first in names:
                if first not in people:
                    person = Participant(first_name=first)
                    s.add(person)
                    s.flush()
                    people[first] = person.id
                s.add(SignIn(session_id=session.id, participant_id=people[first]))
        return Place(venue.id, people)


def add_planned(laptop, venue_id: str, at: datetime) -> None:
    with laptop.db.transaction() as s:
        s.add(TasterSession(venue_id=venue_id, title="Planned", starts_at=at))


def user_scope(engine, email: str, role: str, **kw) -> Scope:
    _, token = accounts.create_user(engine, email, role, **kw)
    user = accounts.invited_user(engine, token)
    assert user is not None
    with reading(engine) as conn:
        return scope_of(conn, user)


def org_id(engine, name: str) -> int:
    with reading(engine) as conn:
        return conn.execute(select(organisations.c.id).where(organisations.c.name == name)).scalar_one()


@dataclass
class Network:
    org: str
    other_org: str
    venues: dict[str, str]
    other_venue: str


@pytest.fixture(scope="module")
def network(hub, tmp_path_factory) -> Network:
    """Organisation A (chapters North and South, and a venue in no chapter) and organisation B, each
    with its laptop, synced to the hub."""
    from tests.hubtools import Laptop

    folder = tmp_path_factory.mktemp("laptops")
    a, b = Laptop.open(folder / "a", name="Eastside laptop"), Laptop.open(folder / "b", name="Other laptop")
    enrolled(hub, "Health A", [a])
    enrolled(hub, "Health B", [b])
    people: dict[str, str] = {}
    ben_earlier = {datetime(2026, 1, 10, 10): ["Ben"]}
    eastside = add_place(a, "Eastside Library", {**ben_earlier, datetime(2026, 6, 1, 10): ["Ana", "Ben"]}, people)
    union = add_place(a, "Union Hall", {datetime(2025, 11, 15, 18): ["Cruz"]}, people)
    chapel = add_place(a, "Old Chapel", {datetime(2025, 1, 10, 18): ["Dee", "Ben"]}, people)
    salon = add_place(a, "New Salon", {})
    add_planned(a, salon.venue_id, datetime(2026, 7, 10, 18))
    ten = [f"P{i}" for i in range(10)]
    falling = add_place(a, "Market Hall", {datetime(2026, 2, 15, 10): ten, datetime(2026, 5, 15, 10): ten[:4]})
    steady = add_place(a, "Corn Exchange", {datetime(2026, 2, 15, 10): ten, datetime(2026, 5, 15, 10): ten[:5]})
    other = add_place(b, "Far Away Hall", {datetime(2026, 6, 1, 10): ["Zoë"]})
    for laptop in (a, b):
        laptop.sync()
        laptop.close()
    venues = {
        "eastside": eastside.venue_id,
        "union": union.venue_id,
        "chapel": chapel.venue_id,
        "salon": salon.venue_id,
        "falling": falling.venue_id,
        "steady": steady.venue_id,
    }
    accounts.create_chapter(hub.engine, "Health A", "North", [venues["eastside"], venues["union"]])
    accounts.create_chapter(hub.engine, "Health A", "South", [venues["chapel"]])
    return Network("Health A", "Health B", venues, other.venue_id)


def board_of(hub, scope: Scope) -> list[h.OrgHealth]:
    with reading(hub.engine) as conn:
        return h.health_board(conn, scope, now=NOW)


def venues_of(board: h.OrgHealth) -> dict[str, h.VenueHealth]:
    return {v.name: v for chapter in board.chapters for v in chapter.venues}


def test_each_venue_of_a_synced_laptop_gets_its_status(hub, network):
    scope = user_scope(hub.engine, "admin-status@example.org", "org_admin", org=network.org)
    (board,) = board_of(hub, scope)
    status = {name: v.health.status for name, v in venues_of(board).items()}
    assert status == {
        "Eastside Library": h.ACTIVE,
        "Union Hall": h.GOING_QUIET,
        "Old Chapel": h.DORMANT,
        "New Salon": h.NOT_YET,
        "Market Hall": h.ACTIVE,
        "Corn Exchange": h.ACTIVE,
    }


def test_at_risk_follows_the_visits_the_laptop_recorded(hub, network):
    scope = user_scope(hub.engine, "admin-risk@example.org", "org_admin", org=network.org)
    venues = venues_of(board_of(hub, scope)[0])
    at_risk = {name for name, v in venues.items() if v.health.at_risk}
    assert at_risk == {"Union Hall", "Market Hall"}  # going quiet; 4 visits after 10
    assert (venues["Market Hall"].health.recent_visits, venues["Market Hall"].health.earlier_visits) == (4, 10)
    assert (venues["Corn Exchange"].health.recent_visits, venues["Corn Exchange"].health.earlier_visits) == (5, 10)


def test_counts_are_the_reports_definitions_over_the_last_twelve_months(hub, network):
    scope = user_scope(hub.engine, "admin-counts@example.org", "org_admin", org=network.org)
    (board,) = board_of(hub, scope)
    eastside = venues_of(board)["Eastside Library"].health
    # Ana first came in June; Ben came in January and June, but first came to Old Chapel in 2025.
    assert (eastside.sessions_held, eastside.people, eastside.first_timers, eastside.returners) == (2, 2, 1, 1)
    assert eastside.return_rate == 0.5
    north = next(c for c in board.chapters if c.name == "North").health
    # Union Hall's November session adds Cruz, a first-timer.
    assert (north.sessions_held, north.people, north.first_timers, north.returners) == (3, 3, 2, 1)
    assert north.status == h.ACTIVE and north.at_risk is False
    chapel = venues_of(board)["Old Chapel"].health
    assert (chapel.sessions_held, chapel.people) == (0, 0)
    # Ana, Ben, Cruz, and ten people at each of Market Hall and Corn Exchange; all but Ben came first this year.
    whole = board.health
    assert (whole.people, whole.first_timers) == (23, 22)


def test_venues_in_no_chapter_are_listed_for_an_organisation_admin(hub, network):
    scope = user_scope(hub.engine, "admin-loose@example.org", "org_admin", org=network.org)
    (board,) = board_of(hub, scope)
    assert [c.name for c in board.chapters] == ["North", "South", ""]
    loose = board.chapters[-1]
    assert loose.chapter_id is None
    assert {v.name for v in loose.venues} == {"New Salon", "Market Hall", "Corn Exchange"}


def test_each_laptop_says_when_it_last_synced(hub, network):
    scope = user_scope(hub.engine, "admin-laptops@example.org", "org_admin", org=network.org)
    (board,) = board_of(hub, scope)
    assert [laptop.name for laptop in board.laptops] == ["Eastside laptop"]
    assert board.laptops[0].last_seen_at is not None


def test_a_coordinator_never_sees_another_chapters_venue(hub, network):
    scope = user_scope(hub.engine, "north@example.org", "coordinator", org=network.org, chapter_names=["North"])
    (board,) = board_of(hub, scope)
    assert [c.name for c in board.chapters] == ["North"]
    assert set(venues_of(board)) == {"Eastside Library", "Union Hall"}
    # The organisation's figures are those of the coordinator's venues only.
    assert (board.health.sessions_held, board.health.people) == (3, 3)
    with reading(hub.engine) as conn, pytest.raises(NotFound):
        h.org_health(conn, scope, org_id(hub.engine, network.other_org), "B", now=NOW)


def test_another_organisations_board_is_not_found(hub, network):
    scope = user_scope(hub.engine, "admin-other@example.org", "org_admin", org=network.org)
    assert [b.name for b in board_of(hub, scope)] == [network.org]
    with reading(hub.engine) as conn, pytest.raises(NotFound):
        h.org_health(conn, scope, org_id(hub.engine, network.other_org), "B", now=NOW)


def test_a_hub_admin_sees_every_organisation(hub, network):
    scope = user_scope(hub.engine, "hub-admin@example.org", "hub_admin")
    names = [b.name for b in board_of(hub, scope)]
    assert network.org in names and network.other_org in names


# Over HTTP, on the real hub process ---------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def browser_of(hub, email: str, role: str, **kw) -> httpx.Client:
    """A client signed in as a new account of ``role`` (the session cookie sign-in would set)."""
    _, token = accounts.create_user(hub.engine, email, role, **kw)
    accounts.accept_invite(hub.engine, token, PASSWORD)
    found = accounts.sign_in(hub.engine, email, PASSWORD, "test")
    assert found is not None
    client = httpx.Client(base_url=hub.url, headers={"Accept": "text/html"})
    client.cookies.set(SESSION_COOKIE, found[1])
    return client


def test_the_board_page_shows_status_in_words_and_each_laptops_last_sync(hub, network):
    with browser_of(hub, "page-admin@example.org", "org_admin", org=network.org) as client:
        page = client.get("/health")
    assert page.status_code == 200
    # The page asks at the real time: words that stay true however long after NOW the test runs.
    for words in ("Old Chapel", "Dormant", "No session held yet", "– (0 of 0)", "Eastside laptop", "today ("):
        assert words in page.text
    assert "Far Away Hall" not in page.text and "Other laptop" not in page.text


def test_another_organisations_board_answers_404_over_http(hub, network):
    other = org_id(hub.engine, network.other_org)
    with browser_of(hub, "page-probe@example.org", "org_admin", org=network.org) as client:
        assert client.get(f"/health?org={other}").status_code == 404
        assert client.get("/health?org=not-a-number").status_code == 404
        assert client.get(f"/health?org={org_id(hub.engine, network.org)}").status_code == 200


def test_a_coordinators_board_page_holds_their_chapters_venues_only(hub, network):
    with browser_of(hub, "page-north@example.org", "coordinator", org=network.org, chapter_names=["North"]) as client:
        page = client.get("/health")
    assert page.status_code == 200
    assert "Eastside Library" in page.text and "Union Hall" in page.text
    for elsewhere in ("Old Chapel", "Market Hall", "New Salon", "South"):
        assert elsewhere not in page.text


def test_a_funder_finds_no_health_board(hub, network):
    accounts.create_funder(hub.engine, "Health Fund")
    with browser_of(hub, "page-funder@example.org", "funder", funder="Health Fund") as client:
        assert client.get("/health").status_code == 404

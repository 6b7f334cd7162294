"""Leaders: the ladder funnel by chapter and venue, who is ready for the next step or stalled (names
only for those who may see them), and each host's load with its overload flag at the boundary.
Records reach the hub from real laptops."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime

import httpx
import pytest
from sqlalchemy import select

from desktop.models import Participant, SignIn, TasterSession, Venue
from hub import accounts
from hub.boards import leaders as lead
from hub.scope import NotFound, Scope, scope_of
from hub.store import organisations, reading
from hub.web.auth import SESSION_COOKIE
from hub.web.charts import BAR_MAX
from tests.sync.conftest import enrolled

TODAY = date(2026, 6, 30)
PASSWORD = "correct horse battery staple"


# The overload rule, at its boundary -----------------------------------------------------------------


def test_the_busiest_host_is_flagged_at_four_sessions_and_twice_the_next():
    assert lead.is_overloaded(4, 2)
    assert not lead.is_overloaded(4, 3)  # not twice as many
    assert lead.is_overloaded(4, 0)  # nobody else hosted
    assert not lead.is_overloaded(3, 0)  # too few to call a load
    assert not lead.is_overloaded(6, 6)  # two shared it


# A network of two organisations, synced from real laptops ----------------------------------------------


def add_place(laptop, name: str, sessions: list[tuple[datetime, list[str], list[str]]], people: dict[str, str]) -> str:
    """A venue with a session at each (time, hosts, people signed in: "*Name" signs in as helping)."""
    with laptop.db.transaction() as s:
        venue = Venue(name=name, kind="library")
        s.add(venue)
        s.flush()
        for at, hosts, names in sessions:
            session = TasterSession(venue_id=venue.id, title="Taster", starts_at=at, status="closed", hosts=hosts)
            s.add(session)
            s.flush()
            for name in names:
                first = name.lstrip("*")
                if first not in people:
                    person = Participant(first_name=first)
                    s.add(person)
                    s.flush()
                    people[first] = person.id
                s.add(SignIn(session_id=session.id, participant_id=people[first], as_helper=name.startswith("*")))
        return venue.id


def at(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 18, 0)


@dataclass
class Network:
    org: str
    other_org: str


@pytest.fixture(scope="module")
def network(hub, tmp_path_factory) -> Network:
    """Organisation A: chapter North (Eastside Library, Union Hall), chapter South (Old Chapel), New Salon
    in no chapter; organisation B: Far Away Hall.

    Aurelia came 4 times by February (ready to be asked to help, and stalled by 30 June); Bartholo came
    a 4th time in May (ready, not stalled); Delphine came 4 times in 2025 at Old Chapel (ready, stalled);
    Cruzita came once, Elidor once as a helper, Fayette once. Mirabel hosted Eastside's 5 sessions,
    Tobias Union Hall's 2 and Old Chapel's 4 (once spelled "tobias  "), Samwise New Salon's one."""
    from tests.hubtools import Laptop

    folder = tmp_path_factory.mktemp("leaders")
    a, b = Laptop.open(folder / "a", name="A laptop"), Laptop.open(folder / "b", name="B laptop")
    enrolled(hub, "Leaders A", [a])
    enrolled(hub, "Leaders B", [b])
    people: dict[str, str] = {}
    mirabel = ["Mirabel Host"]
    both = ["Aurelia", "Bartholo"]
    eastside = add_place(
        a,
        "Eastside Library",
        [
            (at(1, 10), mirabel, both),
            (at(1, 24), mirabel, both),
            (at(2, 7), mirabel, both),
            (at(2, 21), mirabel, ["Aurelia"]),
            (at(5, 16), mirabel, ["Bartholo"]),
        ],
        people,
    )
    union = add_place(
        a, "Union Hall", [(at(3, 3), ["Tobias Host"], ["Cruzita"]), (at(3, 10), ["Tobias Host"], ["*Elidor"])], people
    )
    chapel = add_place(
        a,
        "Old Chapel",
        [(at(m, 5, 2025), ["tobias  host" if m == 9 else "Tobias Host"], ["Delphine"]) for m in (6, 7, 8, 9)],
        people,
    )
    add_place(a, "New Salon", [(at(4, 4), ["Samwise Host"], ["Fayette"])], people)
    far = [(at(1, d), ["Zebedee Host"], ["Zoltana"]) for d in (5, 12, 19, 26)]
    add_place(b, "Far Away Hall", far, {})
    for laptop in (a, b):
        laptop.sync()
        laptop.close()
    accounts.create_chapter(hub.engine, "Leaders A", "North", [eastside, union])
    accounts.create_chapter(hub.engine, "Leaders A", "South", [chapel])
    return Network("Leaders A", "Leaders B")


def user_scope(engine, email: str, role: str, **kw) -> Scope:
    _, token = accounts.create_user(engine, email, role, **kw)
    user = accounts.invited_user(engine, token)
    assert user is not None
    with reading(engine) as conn:
        return scope_of(conn, user)


def board_of(hub, scope: Scope, start: date | None = None) -> list[lead.OrgLeaders]:
    with reading(hub.engine) as conn:
        return lead.leaders_board(conn, scope, start=start, end=TODAY, today=TODAY)


def org_id(engine, name: str) -> int:
    with reading(engine) as conn:
        return conn.execute(select(organisations.c.id).where(organisations.c.name == name)).scalar_one()


def names(people) -> list[str]:
    return [p.full_name for p in people]


def test_the_funnel_counts_each_chapter_and_venue_by_the_laptops_stage_rule(hub, network):
    scope = user_scope(hub.engine, "admin-funnel@example.org", "org_admin", org=network.org)
    (org,) = board_of(hub, scope)
    rows = {(row.kind, row.label): row.people for row in org.funnel}
    assert org.total.people == {"newcomer": 2, "returner": 3, "peer_helper": 1, "co_host": 0, "host": 0}
    assert rows[("chapter", "North")] == {"newcomer": 1, "returner": 2, "peer_helper": 1, "co_host": 0, "host": 0}
    assert rows[("venue", "Old Chapel")]["returner"] == 1
    assert rows[("chapter", "")]["newcomer"] == 1  # New Salon, in no chapter
    # From 1 January 2026 on, Delphine (2025 only) is no longer counted.
    (this_year,) = board_of(hub, scope, start=date(2026, 1, 1))
    assert this_year.total.people["returner"] == 2


def test_an_organisation_admin_sees_who_is_ready_and_who_is_stalled(hub, network):
    scope = user_scope(hub.engine, "admin-ready@example.org", "org_admin", org=network.org)
    (org,) = board_of(hub, scope)
    assert sorted(names(org.ready)) == ["Aurelia", "Bartholo", "Delphine"]
    assert {p.next_step for p in org.ready} == {"help"}
    assert sorted(names(org.stalled)) == ["Aurelia", "Delphine"]  # Bartholo was not ready 90 days ago
    assert (org.ready_count, org.stalled_count) == (3, 2)


def test_a_coordinator_sees_only_their_chapters_and_its_people(hub, network):
    scope = user_scope(hub.engine, "north@example.org", "coordinator", org=network.org, chapter_names=["North"])
    (org,) = board_of(hub, scope)
    assert [(row.kind, row.label) for row in org.funnel] == [
        ("chapter", "North"),
        ("venue", "Eastside Library"),
        ("venue", "Union Hall"),
    ]
    assert sorted(names(org.ready)) == ["Aurelia", "Bartholo"]
    assert names(org.stalled) == ["Aurelia"]
    assert {h.name for h in org.hosts} == {"Mirabel Host", "Tobias Host"}
    with reading(hub.engine) as conn, pytest.raises(NotFound):
        lead.org_leaders(conn, scope, org_id(hub.engine, network.other_org), "B", start=None, end=TODAY, today=TODAY)


def test_hosts_sessions_are_counted_per_name_and_the_far_busier_one_is_flagged(hub, network):
    admin = user_scope(hub.engine, "admin-hosts@example.org", "org_admin", org=network.org)
    (org,) = board_of(hub, admin)
    # Tobias: 2 at Union Hall and 4 at Old Chapel (one spelled in other capitals and spacing).
    assert [(h.name, h.sessions, h.overloaded) for h in org.hosts] == [
        ("Tobias Host", 6, False),  # not twice Mirabel's 5
        ("Mirabel Host", 5, False),
        ("Samwise Host", 1, False),
    ]
    north = user_scope(hub.engine, "north-hosts@example.org", "coordinator", org=network.org, chapter_names=["North"])
    (mine,) = board_of(hub, north)
    assert [(h.name, h.sessions, h.overloaded) for h in mine.hosts] == [
        ("Mirabel Host", 5, True),  # 5 is at least 4, and at least twice Tobias's 2 here
        ("Tobias Host", 2, False),
    ]


def test_a_hub_admin_reads_counts_and_never_a_name(hub, network):
    scope = user_scope(hub.engine, "hub-leaders@example.org", "hub_admin")
    found = {o.name: o for o in board_of(hub, scope)}
    a = found[network.org]
    assert (a.ready, a.stalled, a.hosts) == ([], [], [])
    assert (a.ready_count, a.stalled_count, a.host_count, a.busiest, a.overloaded_count) == (3, 2, 3, 6, 0)
    assert found[network.other_org].ready_count == 1


# Over HTTP, on the real hub process ---------------------------------------------------------------------

EVERY_NAME = ("Aurelia", "Bartholo", "Delphine", "Mirabel", "Tobias", "Samwise", "Zoltana", "Zebedee")


def browser_of(hub, email: str, role: str, **kw) -> httpx.Client:
    _, token = accounts.create_user(hub.engine, email, role, **kw)
    accounts.accept_invite(hub.engine, token, PASSWORD)
    found = accounts.sign_in(hub.engine, email, PASSWORD, "test")
    assert found is not None
    client = httpx.Client(base_url=hub.url, headers={"Accept": "text/html"})
    client.cookies.set(SESSION_COOKIE, found[1])
    return client


def page_of(hub, email: str, role: str, **kw) -> str:
    with browser_of(hub, email, role, **kw) as client:
        page = client.get("/leaders?period=all_time")
    assert page.status_code == 200
    return page.text


def test_the_page_names_people_for_an_organisation_admin_and_no_one_of_another_organisation(hub, network):
    text = page_of(hub, "page-admin@example.org", "org_admin", org=network.org)
    for name in ("Aurelia", "Bartholo", "Delphine", "Mirabel Host", "Tobias Host", "Stalled"):
        assert name in text
    assert "Zoltana" not in text and "Zebedee" not in text and "Far Away Hall" not in text
    other = page_of(hub, "page-other@example.org", "org_admin", org=network.other_org)
    assert "Zoltana" in other
    assert not any(name in other for name in EVERY_NAME if not name.startswith("Z"))


def test_the_page_names_a_coordinators_people_only(hub, network):
    text = page_of(hub, "page-north@example.org", "coordinator", org=network.org, chapter_names=["North"])
    assert "Aurelia" in text and "Mirabel Host" in text
    assert "Far more than the others:" in text  # Mirabel's flag, said in words
    for elsewhere in ("Delphine", "Old Chapel", "New Salon", "Samwise", "South", "Zoltana"):
        assert elsewhere not in text


def test_a_hub_admins_page_holds_no_name(hub, network):
    text = page_of(hub, "page-hub@example.org", "hub_admin")
    assert not any(name in text for name in EVERY_NAME)
    assert "People ready for the next step" in text


def test_a_funder_finds_no_leaders_page(hub, network):
    accounts.create_funder(hub.engine, "Leaders Fund")
    with browser_of(hub, "page-funder@example.org", "funder", funder="Leaders Fund") as client:
        assert client.get("/leaders").status_code == 404


def test_an_unknown_period_is_not_a_page(hub, network):
    with browser_of(hub, "page-period@example.org", "org_admin", org=network.org) as client:
        assert client.get("/leaders?period=forever").status_code == 404


def found(pattern: str, text: str) -> str:
    """The first match of ``pattern`` in the page (it must be there)."""
    match = re.search(pattern, text, re.S)
    assert match is not None, pattern
    return match.group(0)


def test_the_funnel_chart_on_the_page_draws_the_numbers_of_its_table(hub, network):
    text = page_of(hub, "page-chart@example.org", "org_admin", org=network.org)
    svg = ET.fromstring(found(r"<svg.*?</svg>", text))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title") is not None and svg.find(f"{ns}desc") is not None
    widths = [float(r.get("width", "")) for r in svg.iter(f"{ns}rect")]
    table = ET.fromstring(found(r"<table>.*?</table>", text))
    first_row = table.find("tbody/tr")
    assert first_row is not None
    numbers = [int(td.text or "") for td in first_row.findall("td")][:5]  # the five steps; then all people
    assert numbers == [2, 3, 1, 0, 0]
    assert widths == pytest.approx([n / max(numbers) * BAR_MAX for n in numbers], abs=0.01)
    desc = svg.find(f"{ns}desc")
    assert desc is not None and "Returner: 3" in (desc.text or "")

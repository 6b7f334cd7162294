"""The funder view's figures: the laptop's report of each opted-in organisation, suppressed, and nothing else.

Real laptops of three organisations sync with a real hub: Riverside Learning (two laptops, one at
Tiny Hall where only 3 people ever came) and Hillside Code Club opted in to the funder; Quiet
Corner Collective did not. The funder's figures are checked against the laptops' own reports.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import ExitCard, Participant, SignIn, TasterSession, Venue
from desktop.reports.filters import ReportFilter
from desktop.reports.report import build_report
from hub import accounts
from hub.accounts_store import COORDINATOR, FUNDER, ORG_ADMIN
from hub.boards.funder import MEASURES, QUARTER, funder_figures, funder_orgs, periods
from hub.boards.suppress import CountTable, suppress
from hub.scope import NotFound, Scope, scope_of
from hub.store import organisations
from tests.hubtools import HubProcess, Laptop

FROM, TO = date(2026, 1, 1), date(2026, 3, 31)

# Names that must never reach a funder (each one distinctive enough to search a page for).
FIRST = ["Wilhelmina", "Bartholomew", "Ottoline", "Cordelia", "Evander", "Florizel", "Gwendolyn", "Hortensia"]
LAST = ["Quarrington", "Featherstonehaugh", "Abernethy"]


def person_name(n: int) -> tuple[str, str]:
    return FIRST[n % len(FIRST)], f"{LAST[n % len(LAST)]}{n:02d}"


@dataclass
class Held:
    """One session at a laptop's venue: who came (person numbers) and the barriers on each exit card."""

    at: datetime
    people: Sequence[int]
    cards: Sequence[Sequence[str]] = ()


@dataclass
class LaptopPlan:
    venue: str
    sessions: list[Held]
    first_person: int = 0  # person numbers are this laptop's own people


@dataclass
class OrgPlan:
    name: str
    opted_in: bool
    laptops: list[LaptopPlan] = field(default_factory=list)


PLANS = [
    OrgPlan(
        "Riverside Learning",
        True,
        [
            LaptopPlan(
                "Central Library",
                [
                    Held(datetime(2026, 1, 10, 10), range(14), [["time"]] * 7 + [["travel", "time"]] * 3 + [[]] * 2),
                    Held(datetime(2026, 1, 24, 10), range(6)),
                    Held(datetime(2026, 2, 14, 10), [*range(10), *range(14, 26)], [["childcare"]] * 4),
                    Held(datetime(2026, 3, 14, 10), range(17), [["cost"]] * 11 + [["language"]] * 4),
                ],
            ),
            LaptopPlan("Tiny Hall", [Held(datetime(2026, 2, 21, 18), range(3), [["access"]] * 2)], first_person=100),
        ],
    ),
    OrgPlan(
        "Hillside Code Club",
        True,
        [LaptopPlan("Hillside Community Centre", [Held(datetime(2026, 1, 17, 11), range(12), [["time"]] * 12)])],
    ),
    OrgPlan(
        "Quiet Corner Collective",
        False,
        [LaptopPlan("Quiet Corner Room", [Held(datetime(2026, 2, 7, 14), range(37), [["other"]] * 20)])],
    ),
]
OPTED_IN = [p.name for p in PLANS if p.opted_in]
NOT_OPTED_IN = [p.name for p in PLANS if not p.opted_in]
FUNDER_NAME = "Northern Lights Fund"
PASSWORD = "correct horse battery staple"


def record(laptop: Laptop, plan: LaptopPlan) -> None:
    """The plan's venue, people, sessions, sign-ins and exit cards, on the laptop as the app stores them."""
    with laptop.db.transaction() as s:
        venue = Venue(name=plan.venue, kind="library")
        s.add(venue)
        s.flush()
        people: dict[int, Participant] = {}
        for held in plan.sessions:
            session = TasterSession(venue_id=venue.id, title="Taster", starts_at=held.at)
            s.add(session)
            s.flush()
            for n in held.people:
                if n not in people:
                    first, last = person_name(plan.first_person + n)
                    people[n] = Participant(first_name=first, last_name=last)
                    s.add(people[n])
                    s.flush()
                s.add(SignIn(session_id=session.id, participant_id=people[n].id, source="kiosk"))
            for barriers in held.cards:
                s.add(ExitCard(session_id=session.id, rating=3, will_return="yes", barriers=list(barriers)))


@dataclass
class World:
    hub: HubProcess
    laptops: dict[str, list[Laptop]]  # by organisation
    org_ids: dict[str, int]
    funder_email: str
    admin_email: str
    coordinator_email: str


def build_world(hub: HubProcess, data_dir: Path) -> Iterator[World]:
    """Every organisation's laptops record their plan and sync (twice, so each laptop holds its
    organisation's whole record); the funder and opt-ins are made in the hub's store."""
    laptops: dict[str, list[Laptop]] = {}
    try:
        for plan in PLANS:
            hub.org(plan.name)
            laptops[plan.name] = []
            for i, laptop_plan in enumerate(plan.laptops):
                laptop = Laptop.open(data_dir / f"{plan.name}-{i}", name=f"{plan.name} laptop {i}")
                laptops[plan.name].append(laptop)
                laptop.enrol(hub.url, hub.code(plan.name))
                record(laptop, laptop_plan)
        for _round in range(2):
            for org_laptops in laptops.values():
                for laptop in org_laptops:
                    laptop.sync()
        accounts.create_funder(hub.engine, FUNDER_NAME)
        for plan in PLANS:
            accounts.set_funder_opt_in(hub.engine, plan.name, FUNDER_NAME, plan.opted_in)
        funder_email, admin_email, coordinator_email = "fund@example.org", "admin@example.org", "coord@example.org"
        made = [
            accounts.create_user(hub.engine, funder_email, FUNDER, funder=FUNDER_NAME),
            accounts.create_user(hub.engine, "fondo@example.org", FUNDER, funder=FUNDER_NAME, language="es"),
            accounts.create_user(hub.engine, admin_email, ORG_ADMIN, org=OPTED_IN[0]),
            accounts.create_user(hub.engine, coordinator_email, COORDINATOR, org=OPTED_IN[0]),
        ]
        for _user_id, token in made:
            accounts.accept_invite(hub.engine, token, PASSWORD)
        with hub.engine.connect() as conn:
            org_ids = {str(n): int(i) for i, n in conn.execute(select(organisations.c.id, organisations.c.name))}
        yield World(hub, laptops, org_ids, funder_email, admin_email, coordinator_email)
    finally:
        for org_laptops in laptops.values():
            for laptop in org_laptops:
                laptop.close()


@pytest.fixture(scope="module")
def world(hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from build_world(hub, tmp_path_factory.mktemp("laptops"))


def scope_for(world: World, email: str) -> Scope:
    with world.hub.engine.connect() as conn:
        user = next(u for u in accounts.list_users(world.hub.engine) if u.email == email)
        return scope_of(conn, user)


def test_a_funder_adds_up_only_the_organisations_that_opted_in_to_them(world: World) -> None:
    scope = scope_for(world, world.funder_email)
    with world.hub.engine.connect() as conn:
        figures = funder_figures(conn, scope, FROM, TO)
        assert [name for _id, name in funder_orgs(conn, scope)] == sorted(OPTED_IN)
    assert figures.organisations == tuple(sorted(OPTED_IN))
    for table in figures.text_tables():
        assert [row[0] for row in table.rows] == [*sorted(OPTED_IN), "All organisations"]


def test_each_organisations_figures_are_its_laptops_own_report_suppressed(world: World) -> None:
    """The hub counts with the laptop's definitions: the laptop's report per month, suppressed the same way,
    gives the funder's table cell for cell."""
    org = OPTED_IN[0]
    laptop = world.laptops[org][0]  # synced twice: it holds the other laptop's Tiny Hall too
    spans = periods(FROM, TO, "month")
    with Session(laptop.db.engine) as s:
        monthly = [build_report(s, ReportFilter(p.start, p.end)) for p in spans]
        whole = build_report(s, ReportFilter(FROM, TO))
    scope = scope_for(world, world.funder_email)
    with world.hub.engine.connect() as conn:
        figures = funder_figures(conn, scope, FROM, TO, org_ids=[world.org_ids[org]])
    assert len(figures.tables) == len(MEASURES)
    for measure, table in zip(MEASURES, figures.tables, strict=True):
        cells = [measure.count(r) for r in monthly]
        expected = suppress(CountTable((tuple(cells),), (measure.count(whole),), tuple(cells), measure.count(whole)))
        assert table.shown == expected, measure.key
    # The numbers are the plan's: 20 visits in January at Central Library; February's 22 there and 3 at Tiny Hall.
    visits = next(t for t in figures.tables if t.measure.key == "visits").text_table()
    assert visits.rows[0][1:] == ("20", "25", "15", "60")


def test_quarters_add_up_the_same_records(world: World) -> None:
    scope = scope_for(world, world.funder_email)
    with world.hub.engine.connect() as conn:
        figures = funder_figures(conn, scope, FROM, TO, QUARTER)
    sessions = next(t for t in figures.tables if t.measure.key == "sessions_held").text_table()
    assert sessions.headers == ("Organisation", "January–March 2026", "Total")
    # Riverside held 5 sessions, Hillside 1: both "fewer than 10", and so is the 6 of both together.
    assert sessions.rows == (
        ("Hillside Code Club", "fewer than 10", "fewer than 10"),
        ("Riverside Learning", "fewer than 10", "fewer than 10"),
        ("All organisations", "fewer than 10", "fewer than 10"),
    )


def test_nobody_but_a_funder_and_no_organisation_that_did_not_opt_in(world: World) -> None:
    funder = scope_for(world, world.funder_email)
    with world.hub.engine.connect() as conn:
        with pytest.raises(NotFound):
            funder_figures(conn, funder, FROM, TO, org_ids=[world.org_ids[NOT_OPTED_IN[0]]])
        with pytest.raises(NotFound):
            funder_figures(conn, funder, FROM, TO, org_ids=[world.org_ids[OPTED_IN[0]], world.org_ids[NOT_OPTED_IN[0]]])
        for email in (world.admin_email, world.coordinator_email):
            with pytest.raises(NotFound):
                funder_figures(conn, scope_for(world, email), FROM, TO)

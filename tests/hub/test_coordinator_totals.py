"""A coordinator's figures are their chapters' venues only, and the pages say so: their total is "All your
venues", never "The whole organisation" (which an organisation admin's board still says)."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

import pytest

from desktop.models import Participant, SignIn, TasterSession, Venue
from hub import accounts
from tests.hub.test_health_board import browser_of
from tests.hubtools import Laptop
from tests.sync.conftest import enrolled

ORG = "Coordinated Org"


@pytest.fixture(scope="module")
def chapter_org(hub, tmp_path_factory) -> str:
    laptop = Laptop.open(tmp_path_factory.mktemp("coordinated") / "a", name="Coordinated laptop")
    enrolled(hub, ORG, [laptop])
    with laptop.db.transaction() as s:
        north, south = Venue(name="North Hall"), Venue(name="South Hall")
        person = Participant(first_name="Ada", last_name="Byron")
        s.add_all([north, south, person])
        s.flush()
        for venue in (north, south):
            held = TasterSession(venue_id=venue.id, title="Held", starts_at=datetime.now() - timedelta(days=3))
            s.add(held)
            s.flush()
            s.add(SignIn(session_id=held.id, participant_id=person.id))
        north_id = north.id
    laptop.sync()
    laptop.close()
    accounts.create_chapter(hub.engine, ORG, "North", [north_id])
    return ORG


def pages_of(hub, email: str, role: str, **kw) -> dict[str, str]:
    with browser_of(hub, email, role, org=ORG, **kw) as client:
        return {path: html.unescape(client.get(path).text) for path in ("/health", "/report", "/barriers")}


def test_a_coordinators_totals_say_all_your_venues_not_the_whole_organisation(hub, chapter_org):
    pages = pages_of(hub, "north-coordinator@example.org", "coordinator", chapter_names=["North"])
    assert "The whole organisation" not in pages["/health"]
    assert "All your venues" in pages["/health"]
    assert f"{ORG}: your venues and chapters" in pages["/health"]
    for path in ("/report", "/barriers"):
        assert f"<strong>{ORG}, all your venues:</strong>" in pages[path], path


def test_an_organisation_admins_totals_are_the_whole_organisation(hub, chapter_org):
    pages = pages_of(hub, "coordinated-admin@example.org", "org_admin")
    assert "The whole organisation" in pages["/health"] and "All your venues" not in pages["/health"]
    for path in ("/report", "/barriers"):
        assert f"<strong>{ORG}:</strong>" in pages[path], path

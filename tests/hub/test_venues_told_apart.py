"""Two venues of one organisation with the same name (two laptops each have a "Curl Up & Dye Salon") are
told apart wherever the hub names a venue: by their chapter, else their address, else a number."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from desktop.models import ExitCard, Participant, SignIn, TasterSession, Venue
from hub import accounts
from hub.boards.venues import NamedVenue, distinct_names
from tests.hub.test_health_board import browser_of
from tests.hubtools import Laptop
from tests.sync.conftest import enrolled

SALON = "Curl Up & Dye Salon"


def test_alike_names_take_their_chapter_first():
    named = distinct_names(
        [NamedVenue("a", SALON, "North", "1 Mill Lane"), NamedVenue("b", SALON, "South"), NamedVenue("c", "Library")]
    )
    assert named == {"a": f"{SALON} (North)", "b": f"{SALON} (South)", "c": "Library"}


def test_alike_names_in_one_chapter_take_their_address_on_one_line():
    named = distinct_names(
        [
            NamedVenue("a", SALON, "North", "12 High Street\nLeeds"),
            NamedVenue("b", "curl up & dye salon", "North", "3 Low Road, York"),
        ]
    )
    assert named == {"a": f"{SALON} (12 High Street, Leeds)", "b": "curl up & dye salon (3 Low Road, York)"}


def test_alike_names_with_nothing_else_to_tell_them_apart_are_numbered():
    named = distinct_names([NamedVenue("b", SALON), NamedVenue("a", SALON), NamedVenue("c", SALON, "North")])
    assert named == {"a": SALON, "b": f"{SALON} (2)", "c": f"{SALON} (3)"}


@dataclass
class Salons:
    org: str
    north: str
    south: str


@pytest.fixture(scope="module")
def salons(hub, tmp_path_factory) -> Salons:
    folder = tmp_path_factory.mktemp("salons")
    first, second = Laptop.open(folder / "a", name="North laptop"), Laptop.open(folder / "b", name="South laptop")
    enrolled(hub, "Two Salons", [first, second])
    soon = datetime.now().replace(second=0, microsecond=0) + timedelta(days=3)
    ids = []
    for laptop in (first, second):
        with laptop.db.transaction() as s:
            salon = Venue(name=SALON)
            person = Participant(first_name="Ada", last_name="Byron")
            s.add_all([salon, person])
            s.flush()
            held = TasterSession(venue_id=salon.id, title="Held", starts_at=soon - timedelta(days=10), status="closed")
            s.add_all([held, TasterSession(venue_id=salon.id, title="Soon", starts_at=soon)])
            s.flush()
            s.add_all(
                [
                    SignIn(session_id=held.id, participant_id=person.id),
                    ExitCard(session_id=held.id, rating=3, will_return="yes"),
                ]
            )
            ids.append(salon.id)
        laptop.sync()
        laptop.close()
    accounts.create_chapter(hub.engine, "Two Salons", "North", [ids[0]])
    accounts.create_chapter(hub.engine, "Two Salons", "South", [ids[1]])
    return Salons("Two Salons", ids[0], ids[1])


def test_the_where_choice_barriers_attention_and_health_board_tell_alike_venues_apart(hub, salons):
    with browser_of(hub, "salons@example.org", "org_admin", org=salons.org) as client:
        paths = ("/report", "/barriers", "/attention", "/health")
        pages = {path: html.unescape(client.get(path).text) for path in paths}
    north, south = f"{SALON} (North)", f"{SALON} (South)"
    assert f'value="venue:{salons.north}">{north}</option>' in pages["/report"]
    assert f'value="venue:{salons.south}">{south}</option>' in pages["/report"]
    for path in ("/barriers", "/attention", "/health"):
        assert north in pages[path] and south in pages[path], path


def test_leaders_name_a_salon_once_by_its_chapter(hub, salons):
    with browser_of(hub, "salon-leaders@example.org", "org_admin", org=salons.org) as client:
        page = html.unescape(client.get("/leaders").text)
    assert f"{SALON} (North)" in page and f"{SALON} (South)" in page
    assert "(North) (North)" not in page

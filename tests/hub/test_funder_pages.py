"""Point 8 of issue 16, over HTTP: a funder's every page and CSV, from a real hub holding real laptops' records.

Riverside Learning (with Tiny Hall, where only 3 people came) and Hillside Code Club opted in to the
funder; Quiet Corner Collective did not. Whatever a funder opens, no name, no per-person row, no
count from 1 to 9, no number that is not a multiple of 5, and nothing of Quiet Corner reaches them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest
from sqlalchemy import func, select

from desktop.vocabulary import BARRIERS
from hub.accounts_store import FUNDER, audit_log
from hub.boards.funder import MEASURES
from hub.web.nav import PAGES, pages_for
from tests.hub.test_funder import (
    FIRST,
    LAST,
    NOT_OPTED_IN,
    OPTED_IN,
    PASSWORD,
    PLANS,
    World,
    build_world,
)
from tests.hubtools import HubProcess

VENUES = [laptop.venue for plan in PLANS for laptop in plan.laptops]
HIDDEN_WORDS = {"en": ("fewer than 10", "not shown"), "es": ("menos de 10", "no se muestra")}
RANGE = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.fixture(scope="module")
def world(hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from build_world(hub, tmp_path_factory.mktemp("laptops"))


def signed_in(world: World, email: str) -> httpx.Client:
    """A client signed in through the real sign-in form (its double-submit token from the form's cookie)."""
    client = httpx.Client(base_url=world.hub.url, headers={"Accept": "text/html"}, timeout=30)
    client.get("/sign-in")
    answer = client.post(
        "/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": client.cookies["onramp_form"], "next": "/"},
    )
    assert answer.status_code == 303 and "sign-in" not in answer.headers["location"], answer.text
    return client


class Tables(HTMLParser):
    """Every table of a page: its caption, column headers (the <thead> row) and body rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] = []
        self._in_caption = self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "headers": [], "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self.tables:
            if self._in_head:
                self.tables[-1]["headers"] = self._row
            else:
                self.tables[-1]["rows"].append(self._row)

    def handle_data(self, data: str) -> None:
        if self._in_caption and self.tables:
            self.tables[-1]["caption"] += data.strip()
        elif self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> list[dict]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def assert_safe_figure(value: str, language: str = "en") -> None:
    """A figure a funder may see: words for a hidden one, else 0 or a multiple of 5 from 10 up."""
    if value in HIDDEN_WORDS[language]:
        return
    assert re.fullmatch(r"\d+", value), f"not a count: {value!r}"
    n = int(value)
    assert n == 0 or (n >= 10 and n % 5 == 0), f"an unsuppressed figure: {value!r}"


def assert_no_person_and_nothing_unshared(text: str) -> None:
    for first in FIRST:
        assert first not in text
    for last in LAST:
        assert last not in text
    for venue in VENUES:
        assert venue not in text, venue
    for org in NOT_OPTED_IN:
        assert org not in text


def funder_addresses(world: World) -> list[str]:
    """Every page a funder's menu offers, and the funder view in every shape it can be asked for."""
    addresses = ["/", *(page.path for page in pages_for(FUNDER))]
    for by in ("month", "quarter"):
        query = httpx.QueryParams({**RANGE, "by": by})
        addresses += [f"/funder?{query}", f"/funder.csv?{query}"]
        for org in OPTED_IN:
            one = query.set("org", str(world.org_ids[org]))
            addresses += [f"/funder?{one}", f"/funder.csv?{one}"]
    return addresses


@pytest.mark.parametrize("email, language", [("fund@example.org", "en"), ("fondo@example.org", "es")])
def test_no_funder_page_or_csv_holds_a_name_a_person_a_small_count_or_an_unshared_organisation(
    world: World, email: str, language: str
) -> None:
    client = signed_in(world, email)
    seen_tables = 0
    for address in funder_addresses(world):
        answer = client.get(address)
        assert answer.status_code == 200, address
        assert_no_person_and_nothing_unshared(answer.text)
        if address.startswith("/funder.csv"):
            rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
            header, body = rows[0], rows[1:]
            assert len(header) == 6  # organisation, period, from, to, measure, value: no column for a person
            orgs = 1 if "org=" in address else len(OPTED_IN)
            periods = 4 if "by=month" in address else 2
            assert len(body) == len(MEASURES) * (orgs + 1) * periods  # a row per organisation, period and measure
            for row in body:
                assert row[0] in (*OPTED_IN, "All organisations", "Todas las organizaciones")
                assert_safe_figure(row[5], language)
            continue
        for table in tables_of(answer.text):
            seen_tables += 1
            for row in table["rows"]:
                assert row[0] in (*OPTED_IN, "All organisations", "Todas las organizaciones"), row
                for value in row[1:]:
                    assert_safe_figure(value, language)
    assert seen_tables >= 2 * len(MEASURES)


def test_tiny_hall_s_3_visitors_read_fewer_than_10(world: World) -> None:
    client = signed_in(world, world.funder_email)
    org = OPTED_IN[0]
    page = client.get("/funder", params={**RANGE, "org": world.org_ids[org]}).text
    access = next(t for t in tables_of(page) if t["caption"] == "Exit cards naming “Access”")
    assert access["headers"] == ["Organisation", "January 2026", "February 2026", "March 2026", "Total"]
    # Only Tiny Hall's 2 cards named access: hidden, and so the row and column totals that would repeat them.
    assert access["rows"][0] == [org, "0", "fewer than 10", "0", "fewer than 10"]


def test_the_csv_holds_the_page_s_values_cell_for_cell(world: World) -> None:
    client = signed_in(world, world.funder_email)
    for by in ("month", "quarter"):
        page = client.get("/funder", params={**RANGE, "by": by}).text
        shown = {
            (t["caption"], row[0], header): value
            for t in tables_of(page)
            for row in t["rows"]
            for header, value in zip(t["headers"][1:], row[1:], strict=True)
        }
        feed = client.get("/funder.csv", params={**RANGE, "by": by})
        rows = list(csv.reader(io.StringIO(feed.content.decode("utf-8-sig"))))[1:]
        assert {(measure, org, period): value for org, period, _from, _to, measure, value in rows} == shown
        assert len(shown) == len(MEASURES) * (len(OPTED_IN) + 1) * (4 if by == "month" else 2)
        assert "fewer than 10" in shown.values()
        if by == "month":  # several months beside each other: secondary suppression hides some cells too
            assert "not shown" in shown.values()


def test_a_funder_asking_for_an_organisation_not_theirs_finds_nothing(world: World) -> None:
    client = signed_in(world, world.funder_email)
    quiet = world.org_ids[NOT_OPTED_IN[0]]
    for address in ("/funder", "/funder.csv"):
        for org in (str(quiet), "999999", "not-a-number"):
            answer = client.get(address, params={**RANGE, "org": org})
            assert answer.status_code == 404, (address, org)
            assert_no_person_and_nothing_unshared(answer.text)
    others = [page.path for page in PAGES if FUNDER not in page.roles]
    assert "/users" in others
    for address in others:  # pages of other roles: as if there were none
        assert client.get(address).status_code == 404, address


def test_an_organisation_admin_or_coordinator_cannot_open_the_funder_view(world: World) -> None:
    for email in (world.admin_email, world.coordinator_email):
        client = signed_in(world, email)
        for address in ("/funder", "/funder.csv"):
            assert client.get(address, params=RANGE).status_code == 404, (email, address)


def test_every_csv_download_is_in_the_audit_log_once_per_organisation(world: World) -> None:
    client = signed_in(world, world.funder_email)

    def exported() -> int:
        with world.hub.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(audit_log).where(audit_log.c.action == "CSV exported")
            ).scalar_one()

    before = exported()
    assert client.get("/funder.csv", params=RANGE).status_code == 200
    assert exported() == before + len(OPTED_IN)
    assert client.get("/funder", params=RANGE).status_code == 200  # looking is not exporting
    assert exported() == before + len(OPTED_IN)


def test_a_wrong_range_is_said_at_the_top_with_a_link_to_its_box(world: World) -> None:
    client = signed_in(world, world.funder_email)
    page = client.get("/funder", params={"start": "2026-03-01", "end": "2026-01-31"})
    assert page.status_code == 200
    assert 'href="#end"' in page.text and "The last day must be the same as or after the first day" in page.text
    assert not tables_of(page.text)
    assert client.get("/funder.csv", params={"start": "someday"}).status_code == 303


def test_barriers_are_named_as_the_kiosk_names_them(world: World) -> None:
    client = signed_in(world, world.funder_email)
    captions = [t["caption"] for t in tables_of(client.get("/funder", params=RANGE).text)]
    assert len([c for c in captions if c.startswith("Exit cards naming")]) == len(BARRIERS)
    assert "Exit cards naming “Getting here”" in captions

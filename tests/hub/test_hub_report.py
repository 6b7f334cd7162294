"""Point 4 of issue 16: the report for any date range, from a real hub holding what a real laptop synced.

The hub's /report.csv for a filter holds the laptop's own numbers for that filter (its report per month
and over the range, and its monthly series), the CSV is the very table on the page, a coordinator's
report counts their chapter's venues only, and another organisation's ids answer 404.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from desktop.demo import fill_demo
from desktop.i18n import language
from desktop.models import Venue
from desktop.reports.filters import ReportFilter, describe
from desktop.reports.report import HEADCOUNT_SOURCES, build_report
from desktop.reports.series import attendance_series, barrier_series, month_label
from desktop.reports.tables import filter_names
from desktop.vocabulary import BARRIERS
from hub import accounts
from hub.accounts_store import COORDINATOR, HUB_ADMIN, ORG_ADMIN, audit_log, chapters
from hub.boards.report import Column, RangeReport, month_spans
from hub.store import organisations
from tests.hubtools import HubProcess, Laptop

ORG = "Report Street Club"
OTHER_ORG = "Elsewhere Learning"
PASSWORD = "correct horse battery staple"
TODAY = date.today()
START = date(TODAY.year - 1 if TODAY.month < 12 else TODAY.year, TODAY.month % 12 + 1, 1)  # 12 months back
RANGE = {"from": START.isoformat(), "to": TODAY.isoformat()}


@dataclass
class World:
    hub: HubProcess
    laptop: Laptop  # the organisation's laptop, holding everything its organisation synced
    org_id: int
    other_org_id: int
    venues: list[str]  # the organisation's venue ids, by name
    east: list[str]  # the coordinator's chapter
    east_id: int
    west_id: int
    other_venue: str  # a venue of the other organisation
    emails: dict[str, str]


def _account(engine, email: str, role: str, org: str | None, lang: str = "en", **kw) -> str:
    _id, token = accounts.create_user(engine, email, role, org=org, language=lang, **kw)
    accounts.accept_invite(engine, token, PASSWORD)
    return email


def _synced(laptop: Laptop) -> None:
    for _ in range(20):
        report = laptop.sync()
        if not report.pushed and not report.pulled:
            return
    raise AssertionError("the laptop kept finding something to sync")


def _venue_ids(laptop: Laptop) -> list[str]:
    with laptop.db.transaction() as s:
        return list(s.scalars(select(Venue.id).order_by(Venue.name)))


def build_world(hub: HubProcess, folder: Path) -> Iterator[World]:
    """Two organisations' laptops synced to a real hub; a chapter East (two venues) and West (the rest);
    an organisation admin (English and Spanish), East's coordinator, and the other organisation's admin."""
    hub.org(ORG)
    hub.org(OTHER_ORG)
    laptop = Laptop.open(folder / "mine", name="report laptop")
    other = Laptop.open(folder / "other", name="other laptop")
    try:
        fill_demo(laptop.db, participants=40, sessions=48)
        fill_demo(other.db, participants=12, sessions=10, seed=5)
        laptop.enrol(hub.url, hub.code(ORG))
        other.enrol(hub.url, hub.code(OTHER_ORG))
        _synced(laptop)
        _synced(other)
        venues, other_venues = _venue_ids(laptop), _venue_ids(other)
        engine = hub.engine
        east_id = accounts.create_chapter(engine, ORG, "East", venues[:2])
        west_id = accounts.create_chapter(engine, ORG, "West", venues[2:])
        emails = {
            "admin": _account(engine, "admin@report.example", ORG_ADMIN, ORG),
            "admin-es": _account(engine, "admin-es@report.example", ORG_ADMIN, ORG, "es"),
            "east": _account(engine, "east@report.example", COORDINATOR, ORG, chapter_names=["East"]),
            "other": _account(engine, "admin@elsewhere.example", ORG_ADMIN, OTHER_ORG),
            "hub": _account(engine, "hub@report.example", HUB_ADMIN, None),
        }
        with engine.connect() as conn:
            ids = dict(conn.execute(select(organisations.c.name, organisations.c.id)).all())
        yield World(
            hub, laptop, ids[ORG], ids[OTHER_ORG], venues, venues[:2], east_id, west_id, other_venues[0], emails
        )
    finally:
        laptop.close()
        other.close()


@pytest.fixture(scope="module")
def world(hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from build_world(hub, tmp_path_factory.mktemp("laptops"))


@contextmanager
def signed_in(world: World, who: str) -> Iterator[httpx.Client]:
    """A client signed in through the real sign-in form."""
    with httpx.Client(base_url=world.hub.url, headers={"Accept": "text/html"}, timeout=60) as client:
        client.get("/sign-in")
        answer = client.post(
            "/sign-in",
            data={"email": world.emails[who], "password": PASSWORD, "csrf_token": client.cookies["onramp_form"]},
        )
        assert answer.status_code == 303 and "sign-in" not in answer.headers["location"], answer.text
        yield client


def laptop_report(world: World, f: ReportFilter) -> RangeReport:
    """The same report made on the laptop, from its own database, by the laptop's reports domain."""
    assert f.start and f.end
    with world.laptop.db.transaction() as s:
        months = tuple(
            Column(month_label(y, m), build_report(s, ReportFilter(a, b, f.venue_ids)))
            for y, m, a, b in month_spans(f.start, f.end)
        )
        return RangeReport(f, describe(f, filter_names(s)), months, build_report(s, f))


def csv_blocks(data: bytes, delimiter: str = ",") -> tuple[str, dict[str, list[list[str]]]]:
    """(the filter in words, {caption: [headers, *rows]}) of a report CSV."""
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    words, caption = lines[0][0], None
    blocks: dict[str, list[list[str]]] = {}
    for line in lines[1:]:
        if not line:
            caption = None
        elif caption is None:
            caption = line[0]
            blocks[caption] = []
        else:
            blocks[caption].append(line)
    return words, blocks


def numbers(block: list[list[str]], label: str) -> list[int]:
    """The monthly cells then the total of the row ``label``."""
    (row,) = [r for r in block[1:] if r[0] == label]
    return [int(c) for c in row[1:]]


def test_the_hubs_csv_holds_the_laptops_own_numbers_for_the_same_filter(world):
    with signed_in(world, "admin") as client:
        for where, venue_ids in (("", ()), (f"venue:{world.venues[0]}", (world.venues[0],))):
            answer = client.get("/report.csv", params={**RANGE, "org": world.org_id, "where": where})
            assert answer.status_code == 200, answer.text
            f = ReportFilter(START, TODAY, venue_ids)
            with language("en"):
                mine = laptop_report(world, f)
                assert answer.content == mine.csv_bytes()  # byte for byte, from the laptop's own records
            # And each number is the laptop's, counted as its Reports page counts it (series and report).
            _words, blocks = csv_blocks(answer.content)
            with world.laptop.db.transaction() as s:
                total = build_report(s, f)
                attendance, barriers = attendance_series(s, f).months, barrier_series(s, f).months
            assert total.sessions_held > 0 and total.first_timers and total.returners and total.exit_cards
            assert len(attendance) == len(month_spans(START, TODAY)) == len(blocks["Sessions held"][0]) - 2
            held = numbers(blocks["Sessions held"], "Sessions held")
            assert held == [m.sessions_held for m in attendance] + [total.sessions_held]
            sources = blocks["Sign-ins by where they were taken, and the host's estimates"]
            for source, label in zip(HEADCOUNT_SOURCES, [r[0] for r in sources[1:]], strict=False):
                assert numbers(sources, label) == [m.by_source[source] for m in attendance] + [
                    total.headcount_by_source[source]
                ]
            cards = blocks["What made it hard to come (exit cards naming each barrier)"]
            assert numbers(cards, "Exit cards") == [m.exit_cards for m in barriers] + [total.exit_cards]
            for key, row in zip(BARRIERS, cards[2:], strict=True):
                assert [int(c) for c in row[1:]] == [m.counts[key] for m in barriers] + [total.barriers[key]]
            assert numbers(blocks["People"], "Different people")[-1] == total.people
            assert numbers(blocks["First-timers"], "First-timers")[-1] == total.first_timers
            assert numbers(blocks["Returners"], "Returners")[-1] == total.returners


class Page(HTMLParser):
    """The tables of a page (caption, header row, body rows: the text of each cell) and its filter words."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.captions: list[str] = []
        self.words = ""
        self._cell: list[str] | None = None
        self._row: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "caption":
            self._in = "caption"
            self.captions.append("")
        elif tag == "p" and ("class", "filter-words") in attrs:
            self._in = "words"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("caption", "p"):
            self._in = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self.tables[-1].append(self._row)

    def handle_data(self, data: str) -> None:
        if self._in == "caption":
            self.captions[-1] += data.strip()
        elif self._in == "words":
            self.words += data
        elif self._cell is not None:
            self._cell.append(data)


def page_of(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.mark.parametrize(("who", "delimiter"), [("admin", ","), ("admin-es", ";")])
def test_the_csv_is_the_table_on_the_screen(world, who, delimiter):
    params = {**RANGE, "org": world.org_id, "where": f"chapter:{world.west_id}"}
    with signed_in(world, who) as client:
        page = page_of(client.get("/report", params=params).text)
        words, blocks = csv_blocks(client.get("/report.csv", params=params).content, delimiter)
    assert len(page.tables) == len(blocks) == 7
    assert page.captions == list(blocks)
    assert [page.tables[i] for i in range(7)] == list(blocks.values())  # every header and cell, as text
    assert words in " ".join(page.words.split())  # the filter in words on both


def test_each_csv_download_is_written_to_the_audit_log(world):
    def exports() -> int:
        with world.hub.engine.connect() as conn:
            return conn.execute(
                select(func.count()).where(audit_log.c.action == "CSV exported", audit_log.c.org_id == world.org_id)
            ).scalar_one()

    before = exports()
    with signed_in(world, "east") as client:
        assert client.get("/report.csv", params={**RANGE, "org": world.org_id}).status_code == 200
        assert client.get("/report", params={**RANGE, "org": world.org_id}).status_code == 200  # the page is not
    assert exports() == before + 1


def test_a_coordinators_report_never_counts_another_chapters_venue(world):
    with signed_in(world, "east") as client:
        theirs = client.get("/report.csv", params={**RANGE, "org": world.org_id})
        page = client.get("/report", params={**RANGE, "org": world.org_id}).text
        for where in (f"venue:{world.venues[-1]}", f"chapter:{world.west_id}"):
            asked = client.get("/report", params={**RANGE, "org": world.org_id, "where": where})
            assert asked.status_code == 404, where
            assert client.get("/report.csv", params={**RANGE, "where": where}).status_code == 404
    with language("en"):
        at_east = laptop_report(world, ReportFilter(START, TODAY, tuple(world.east))).csv_bytes()
        everything = laptop_report(world, ReportFilter(START, TODAY))
    # Their tables are the laptop's for East's venues (the words differ: "every venue you can see").
    assert csv_blocks(theirs.content)[1] == csv_blocks(at_east)[1]
    held = int(csv_blocks(theirs.content)[1]["Sessions held"][1][-1])
    assert 0 < held < everything.total.sessions_held
    with world.laptop.db.transaction() as s:
        names = dict(s.execute(select(Venue.id, Venue.name)).all())
    for venue_id in world.venues[2:]:
        assert escape(names[venue_id]) not in page  # no other chapter's venue is even offered
    assert escape(names[world.east[0]]) in page


def test_another_organisations_ids_answer_404(world):
    with signed_in(world, "admin") as client:
        for path in ("/report", "/report.csv", "/barriers"):
            assert client.get(path, params={**RANGE, "org": world.other_org_id}).status_code == 404, path
            assert client.get(path, params={**RANGE, "where": f"venue:{world.other_venue}"}).status_code == 404
            assert client.get(path, params={**RANGE, "org": "999999"}).status_code == 404
            assert client.get(path, params={**RANGE, "org": "x"}).status_code == 404
    with world.hub.engine.connect() as conn:
        theirs = conn.execute(select(chapters.c.id).where(chapters.c.org_id == world.org_id)).scalars().all()
    with signed_in(world, "other") as client:
        for chapter_id in theirs:
            assert client.get("/report", params={**RANGE, "where": f"chapter:{chapter_id}"}).status_code == 404


def test_a_place_kept_from_another_organisation_of_a_hub_admin_is_asked_again(world):
    """A hub admin sees every organisation: a place the form kept when they switched organisation is no secret,
    so the form asks again (an error at the top, linked to the field) instead of answering 404."""
    params = {**RANGE, "org": world.other_org_id, "where": f"venue:{world.venues[0]}"}
    with signed_in(world, "hub") as client:
        answer = client.get("/report", params=params)
        assert answer.status_code == 200
        assert 'href="#where"' in answer.text and 'aria-invalid="true"' in answer.text
        assert not page_of(answer.text).tables
        mine = client.get("/report", params={**RANGE, "org": world.org_id, "where": f"venue:{world.venues[0]}"})
        assert len(page_of(mine.text).tables) == 7


def test_a_range_the_form_cannot_read_is_explained_at_the_top_and_gives_no_csv(world):
    with signed_in(world, "admin") as client:
        answer = client.get("/report", params={"from": "2026-13-01", "to": "2025-01-01"})
        assert answer.status_code == 200
        assert 'href="#from"' in answer.text and "There is a problem" in answer.text
        too_long = {"from": "2020-01-01", "to": "2026-01-01"}
        assert 'href="#to"' in client.get("/report", params=too_long).text
        refused = client.get("/report.csv", params=too_long, follow_redirects=False)
        assert refused.status_code == 303 and refused.headers["location"].startswith("/report?")


def test_the_preset_periods_cover_whole_months(world):
    with signed_in(world, "admin") as client:
        html = client.get("/report").text
    assert f"from={date(TODAY.year, 1, 1)}&amp;to={date(TODAY.year, 12, 31)}" in html  # this year
    last = TODAY.replace(day=1) - timedelta(days=1)
    assert f"from={last.replace(day=1)}&amp;to={last}" in html  # last month

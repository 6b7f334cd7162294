"""Point 6 of issue 17: isolation holds across three organisations on a real hub with real laptops.

Each organisation's laptop pushes venues, sessions, people, sign-ins, exit cards and lessons it never
published (each marked with words of its own); the salon chapter publishes one lesson (and publishes and
withdraws another), which the union hall uses. Whatever the other organisations' laptops are answered
(pulls, the catalogue, usage) and whatever page their accounts can open on the hub's web side, nothing of
an organisation reaches another but its published lessons and the usage aggregates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from hub import accounts, commons
from hub.accounts_store import COORDINATOR, FUNDER, ORG_ADMIN
from hub.web.nav import pages_for
from tests.hub.commons_tools import Commons, hold_session, own_lesson, take_copy
from tests.hubtools import HubProcess, Laptop, shared_rows

PASSWORD = "correct horse battery staple"
SALON, HALL, LIBRARY = "Curl Up Salon Collective", "Local 1199 Learners", "Eastside Library Friends"
PUBLISHED_TITLE = "Flyer as a web page"


@dataclass
class Org:
    name: str
    laptop: Laptop
    # Words only this organisation's private records hold: people, places, comments, unpublished lessons.
    private: list[str]
    row_ids: set[str] = field(default_factory=set)
    org_id: int = 0
    accounts: dict[str, str] = field(default_factory=dict)  # role -> email


@dataclass
class World:
    hub: HubProcess
    orgs: dict[str, Org]
    published: dict[str, str]  # commons_lesson_id -> title, of the salon's lessons still published
    withdrawn: str  # the salon's lesson published then unpublished before anyone read the catalogue


def _private_records(org: Org, lesson_id: str, tag: str) -> None:
    """A venue, two sessions, people who signed in, exit cards with comments, and a lesson never published."""
    secret_lesson = own_lesson(org.laptop, f"{tag} budget secrets never published")
    hold_session(
        org.laptop,
        lesson_id,
        venue=f"{tag} Hall of Records",
        people=[f"{tag}ina {tag}quill", f"{tag}oscar {tag}marchetti"],
        ratings=[3, 3, 2],
        comment=f"{tag} comment about the heating",
    )
    hold_session(
        org.laptop,
        secret_lesson,
        venue=f"{tag} Back Room",
        people=[f"{tag}ella {tag}private"],
        ratings=[1],
        comment=f"{tag} second comment",
        when=datetime(2026, 3, 11, 18, 0),
    )
    org.private += [
        f"{tag} budget secrets",
        f"{tag} Hall of Records",
        f"{tag}ina",
        f"{tag}quill",
        f"{tag}oscar",
        f"{tag}marchetti",
        f"{tag} comment about the heating",
        f"{tag} Back Room",
        f"{tag}ella",
        f"{tag}private",
        f"{tag} second comment",
    ]


def _build(hub: HubProcess, tmp) -> Iterator[World]:
    orgs: dict[str, Org] = {}
    for name, tag in ((SALON, "Salonx"), (HALL, "Hallx"), (LIBRARY, "Libx")):
        hub.org(name)
        laptop = Laptop.open(tmp / tag, name=f"{tag} laptop")
        laptop.enrol(hub.url, hub.code(name))
        orgs[name] = Org(name, laptop, [])
    salon, hall, library = orgs[SALON], orgs[HALL], orgs[LIBRARY]
    try:
        commons.set_consent(hub.engine, SALON, True)
        salon_api = Commons(salon.laptop)
        flyer = own_lesson(salon.laptop, PUBLISHED_TITLE)
        published = salon_api.published(flyer, PUBLISHED_TITLE)
        withdrawn = salon_api.published("withdrawn-lesson", "Salonx withdrawn lesson")
        assert salon_api.unpublish(withdrawn["commons_lesson_id"]).status_code == 200
        salon.private.append("Salonx withdrawn lesson")

        hall_api = Commons(hall.laptop)
        entry = next(e for e in hall_api.everything()[0] if e["version_id"] == published["version_id"])
        hall_copy = take_copy(hall.laptop, entry)
        _private_records(salon, flyer, "Salonx")
        _private_records(hall, hall_copy, "Hallx")
        _private_records(library, own_lesson(library.laptop, "Libx own lesson"), "Libx")
        library.private.append("Libx own lesson")
        for org in orgs.values():
            report = org.laptop.sync()
            assert report.rejected == 0 and report.pushed > 0, report
            org.row_ids = {row_id for _table, row_id in shared_rows(org.laptop)}
        for api in (salon_api, hall_api):
            api.close()

        from sqlalchemy import select

        from hub.store import organisations

        with hub.engine.connect() as conn:
            ids = {r.name: r.id for r in conn.execute(select(organisations.c.name, organisations.c.id))}
        for org in orgs.values():
            org.org_id = ids[org.name]
        # Accounts of each organisation: its admin, a coordinator of its venues, a funder it shares figures with.
        for org in orgs.values():
            from desktop.models import Venue

            with org.laptop.db.transaction() as s:
                venues = [v.id for v in s.query(Venue)]
            slug = org.name.split()[0].lower()
            accounts.create_chapter(hub.engine, org.name, "All", venues)
            accounts.create_funder(hub.engine, f"{org.name} Fund")
            accounts.set_funder_opt_in(hub.engine, org.name, f"{org.name} Fund", True)
            for role, extra in (
                (ORG_ADMIN, {"org": org.name}),
                (COORDINATOR, {"org": org.name, "chapter_names": ["All"]}),
                (FUNDER, {"funder": f"{org.name} Fund"}),
            ):
                email = f"{role.replace('_', '-')}@{slug}.example"
                _user, token = accounts.create_user(hub.engine, email, role, **extra)
                accounts.accept_invite(hub.engine, token, PASSWORD)
                org.accounts[role] = email
        yield World(hub, orgs, {published["commons_lesson_id"]: PUBLISHED_TITLE}, withdrawn["commons_lesson_id"])
    finally:
        for org in orgs.values():
            org.laptop.close()


@pytest.fixture(scope="module")
def world(hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from _build(hub, tmp_path_factory.mktemp("isolation"))


def _others(world: World, reader: Org) -> list[Org]:
    return [org for org in world.orgs.values() if org is not reader]


def _assert_nothing_of(others: list[Org], text: str, where: str) -> None:
    for other in others:
        for words in other.private:
            assert words not in text, f"{where} shows {words!r} of {other.name}"
        leaked = other.row_ids & set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text))
        assert not leaked, f"{where} holds record ids of {other.name}: {sorted(leaked)[:3]}"


def test_the_world_holds_what_the_isolation_checks_look_for(world: World):
    """The checks below can fail: each organisation's own answers hold its private words and ids."""
    for org in world.orgs.values():
        pulled = _pulled(world, org)
        assert [words for words in org.private if words not in pulled and "withdrawn" not in words] == []
        assert org.row_ids and org.row_ids <= set(re.findall(r"[0-9a-f-]{36}", pulled))


def _token(org: Org) -> str:
    from desktop.models import SyncState

    with org.laptop.db.transaction() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        return state.device_token


def _pulled(world: World, org: Org) -> str:
    """Every pull page the organisation's laptop is given from the start, as the text that crossed the wire."""
    texts, since = [], 0
    with httpx.Client(base_url=world.hub.url, headers={"Authorization": f"Bearer {_token(org)}"}) as http:
        while True:
            answer = http.get("/v1/sync/pull", params={"since": since})
            assert answer.status_code == 200, answer.text
            texts.append(answer.text)
            page = answer.json()
            since = page["cursor"]
            if not page["more"]:
                return "\n".join(texts)


@pytest.mark.parametrize("reader", [SALON, HALL, LIBRARY])
def test_pulls_bring_an_organisation_nothing_of_another(world: World, reader: str):
    org = world.orgs[reader]
    _assert_nothing_of(_others(world, org), _pulled(world, org), f"a pull to {reader}")
    # And the laptop itself, synced, holds none of another organisation's records.
    org.laptop.sync()
    held = {row_id for _table, row_id in shared_rows(org.laptop)}
    for other in _others(world, org):
        assert not held & other.row_ids


@pytest.mark.parametrize("reader", [HALL, LIBRARY])
def test_the_catalogue_brings_only_published_lessons(world: World, reader: str):
    org = world.orgs[reader]
    api = Commons(org.laptop)
    try:
        raw = []
        after = 0
        while True:
            answer = api.http.get("/v1/commons/catalogue", params={"after": after, "limit": 1})
            raw.append(answer.text)
            page = answer.json()
            after = page["last_seq"]
            for entry in page["entries"]:
                assert world.published.get(entry["commons_lesson_id"]) == entry["title"]
                assert set(entry) == {
                    "version_id",
                    "commons_lesson_id",
                    "number",
                    "seq",
                    "title",
                    "level",
                    "language",
                    "minutes",
                    "tags",
                    "licence",
                    "authors",
                    "organisation",
                    "source_version_id",
                    "parent_version_id",
                    "published_at",
                    "text",
                }
            if not page["more"]:
                break
        _assert_nothing_of(_others(world, org), "\n".join(raw), f"the catalogue to {reader}")
        assert PUBLISHED_TITLE in "\n".join(raw)
    finally:
        api.close()


@pytest.mark.parametrize("reader", [SALON, HALL, LIBRARY])
def test_usage_brings_only_aggregates(world: World, reader: str):
    org = world.orgs[reader]
    api = Commons(org.laptop)
    try:
        answer = api.usage()
        assert answer.status_code == 200
        lessons = answer.json()["lessons"]
        assert set(lessons) == set(world.published)
        (figures,) = lessons.values()
        # The salon's session and the union hall's session with the published lesson; never the private ones.
        assert figures == {"sessions": 2, "organisations": 2, "rating": 2.67}
        _assert_nothing_of(_others(world, org), answer.text, f"usage to {reader}")
    finally:
        api.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _signed_in(world: World, email: str) -> httpx.Client:
    client = httpx.Client(base_url=world.hub.url, headers={"Accept": "text/html"}, timeout=30)
    client.get("/sign-in")
    answer = client.post(
        "/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": client.cookies["onramp_form"], "next": "/"},
    )
    assert answer.status_code == 303 and "sign-in" not in answer.headers["location"], answer.text
    return client


@pytest.mark.parametrize("reader", [HALL, LIBRARY])
@pytest.mark.parametrize("role", [ORG_ADMIN, COORDINATOR, FUNDER])
def test_no_page_another_organisations_accounts_can_open_shows_the_salons_records(world: World, reader: str, role: str):
    """Every page of the role's menu, each also asked for the salon's organisation, and every link on them."""
    org, salon = world.orgs[reader], world.orgs[SALON]
    client = _signed_in(world, org.accounts[role])
    try:
        asked = ["/"] + [page.path for page in pages_for(role)]
        asked += [f"{path}?org={salon.org_id}" for path in asked]
        asked += [f"/commons/{lesson_id}" for lesson_id in (*world.published, world.withdrawn)]
        seen: set[str] = set()
        opened = 0
        while asked:
            path = asked.pop(0)
            if path in seen or "sign-out" in path:
                continue
            seen.add(path)
            answer = client.get(path)
            if answer.status_code in (303, 404):
                continue
            assert answer.status_code == 200, f"{path}: {answer.status_code}"
            opened += 1
            _assert_nothing_of([salon], answer.text, f"{path} for {role} of {reader}")
            if "html" in answer.headers.get("content-type", "") and len(seen) < 150:
                links = _Links()
                links.feed(answer.text)
                for href in links.hrefs:
                    target = urlsplit(urljoin(world.hub.url + path, href))
                    if target.netloc == urlsplit(world.hub.url).netloc and target.path not in ("/sign-out",):
                        asked.append(target.path + (f"?{target.query}" if target.query else ""))
        assert opened >= len(pages_for(role))
    finally:
        client.close()

"""Fixtures for the hub's web pages in a real browser.

``web_hub``: a real ``onramp-hub serve`` on loopback (SQLite) holding what real laptops synced for two
organisations with chapters, a funder one of them opted in to, and one account of each role (in
English and in Spanish) made through ``hub.accounts`` with a known password.
``browser``: Debian's Chromium driven by Playwright (``executable_path``; never a downloaded browser).
``signed_in(role)``: a page signed in through the real sign-in form.
One hub and one browser per test module keep the suite quick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hub.accounts_store import COORDINATOR, FUNDER, HUB_ADMIN, ORG_ADMIN, ROLES
from tests.hubtools import HubProcess, Laptop, shared_rows
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM

ORG = "Northside Code Club"
OTHER_ORG = "Riverside Digital"
FUNDER_NAME = "City Learning Fund"
LANGUAGES = ("en", "es")
PASSWORD = "correct horse battery staple"  # every test account's: long enough for password_problem


@dataclass(frozen=True)
class Account:
    role: str
    email: str
    password: str
    language: str
    org: str | None = None


@dataclass
class WebHub:
    """The running hub, what the laptops synced to it, and who may sign in."""

    process: HubProcess
    accounts: dict[tuple[str, str], Account]
    org_ids: dict[str, int]
    # Per organisation: its laptops' venue ids, and the chapters (name -> venue ids) made of them.
    venues: dict[str, list[str]]
    chapters: dict[str, dict[str, list[str]]]
    other_org_admin: Account | None = None
    # Per organisation: every shared record its laptops hold, as (table, id).
    synced: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.process.url

    def account(self, role: str, language: str = "en") -> Account:
        return self.accounts[(role, language)]


def _laptop_with_demo(hub: HubProcess, org: str, folder: Path, name: str, **demo: Any) -> Laptop:
    """A laptop of ``org`` with believable records (made through the domain), pushed to the hub."""
    from desktop.demo import fill_demo

    laptop = Laptop.open(folder, name=name)
    fill_demo(laptop.db, **demo)
    laptop.enrol(hub.url, hub.code(org))
    report = laptop.sync()
    assert report.rejected == 0 and report.pushed > 0, report
    return laptop


def _venue_ids(laptop: Laptop) -> list[str]:
    from desktop.models import Venue

    with laptop.db.transaction() as s:
        return [v.id for v in s.query(Venue).order_by(Venue.name)]


def _make_account(engine: Any, role: str, language: str, org: str | None, **kw: Any) -> Account:
    from hub import accounts

    email = f"{role.replace('_', '-')}-{language}@{(org or 'hub').split()[0].lower()}.example"
    _user_id, token = accounts.create_user(
        engine, email, role, org=org, language=language, display_name=f"{role} {language}", **kw
    )
    accounts.accept_invite(engine, token, PASSWORD)
    return Account(role, email, PASSWORD, language, org)


def build_web_hub(tmp: Path) -> WebHub:
    """Start a hub, sync laptops of two organisations into it, make chapters, a funder and accounts."""
    from hub import accounts

    process = HubProcess(f"sqlite:///{tmp / 'hub.sqlite3'}")
    laptops: list[Laptop] = []
    try:
        for org in (ORG, OTHER_ORG):
            process.org(org)
        # Two laptops at the first organisation (its two halves), one at the other, each with its own demo.
        laptops = [
            _laptop_with_demo(process, ORG, tmp / "north-1", "North laptop 1"),
            _laptop_with_demo(process, ORG, tmp / "north-2", "North laptop 2", participants=24, sessions=20, seed=11),
            _laptop_with_demo(
                process, OTHER_ORG, tmp / "river-1", "River laptop", participants=30, sessions=24, seed=3
            ),
        ]
        synced = {
            ORG: set(shared_rows(laptops[0])) | set(shared_rows(laptops[1])),
            OTHER_ORG: set(shared_rows(laptops[2])),
        }
        venues = {ORG: _venue_ids(laptops[0]) + _venue_ids(laptops[1]), OTHER_ORG: _venue_ids(laptops[2])}
        chapters = {
            ORG: {"East": _venue_ids(laptops[0])[:4], "West": _venue_ids(laptops[0])[4:] + _venue_ids(laptops[1])},
            OTHER_ORG: {"Riverside": venues[OTHER_ORG]},
        }
        engine = process.engine
        for org, theirs in chapters.items():
            for name, ids in theirs.items():
                accounts.create_chapter(engine, org, name, ids)
        accounts.create_funder(engine, FUNDER_NAME)
        accounts.set_funder_opt_in(engine, ORG, FUNDER_NAME, True)  # the other organisation never opted in
        from hub.find_store import set_publishing

        set_publishing(engine, ORG, True, "Europe/London")  # its sessions are on the public /find page
        from hub.accounts import org_id_named
        from hub.commons import Draft, publish
        from hub.commons_public import set_commons_public
        from hub.store import writing

        with writing(engine) as conn:  # a lesson in the commons, whose pages are public (visited signed out too)
            text = '---\ntitle: "Flyer as a web page"\n---\n\n## Start\n\nOpen the editor.\n'
            lesson = Draft("sweep", "Flyer as a web page", "beginner", "en", 20, ["web"], text, "CC-BY-4.0", ["Ana"])
            publish(conn, org_id_named(conn, ORG), lesson, consent_needed=False)
        set_commons_public(engine, True)

        made: dict[tuple[str, str], Account] = {}
        for language in LANGUAGES:
            made[(HUB_ADMIN, language)] = _make_account(engine, HUB_ADMIN, language, None)
            made[(ORG_ADMIN, language)] = _make_account(engine, ORG_ADMIN, language, ORG)
            made[(COORDINATOR, language)] = _make_account(engine, COORDINATOR, language, ORG, chapter_names=["East"])
            made[(FUNDER, language)] = _make_account(engine, FUNDER, language, None, funder=FUNDER_NAME)
        other_admin = _make_account(engine, ORG_ADMIN, "en", OTHER_ORG)
        assert {role for role, _lang in made} == set(ROLES)

        with engine.connect() as conn:
            from sqlalchemy import select

            from hub.store import organisations

            org_ids = {r.name: r.id for r in conn.execute(select(organisations.c.name, organisations.c.id))}
        return WebHub(process, made, org_ids, venues, chapters, other_admin, synced)
    except BaseException:
        process.stop()
        raise
    finally:
        for laptop in laptops:
            laptop.close()


@pytest.fixture(scope="module")
def web_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebHub]:
    """A real hub on loopback with two organisations' synced records and an account of every role."""
    built = build_web_hub(tmp_path_factory.mktemp("web-hub"))
    yield built
    built.process.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, with a fresh profile that Playwright makes and removes (one per module)."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


def sign_in_by_form(page: Any, hub_url: str, account: Account) -> None:
    """Fill in and send the real sign-in form, as a person would, and wait to be let in.

    Fields are found by their names, not their labels, so the same steps work in either language.
    """
    page.goto(f"{hub_url}/sign-in")
    form = page.locator('form[action="/sign-in"]')
    form.locator("input[name=email]").fill(account.email)
    form.locator("input[name=password]").fill(account.password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "/sign-in" not in page.url, f"{account.email} was not signed in: {page.url}\n{page.inner_text('main')}"


@pytest.fixture(scope="module")
def signed_in(web_hub: WebHub, browser: Any) -> Iterator[Callable[..., Any]]:
    """``signed_in(role, language="en")`` -> a page of its own browser context, signed in through the form.

    Each (role, language) signs in once per module; its page is handed out again after that.
    ``fresh=True`` gives a new context every time (for tests that sign out).
    """
    kept: dict[tuple[str, str], Any] = {}
    contexts: list[Any] = []

    def open_page(role: str, language: str = "en", *, fresh: bool = False) -> Any:
        if not fresh and (role, language) in kept:
            return kept[(role, language)]
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
        contexts.append(context)
        page = context.new_page()
        sign_in_by_form(page, web_hub.url, web_hub.account(role, language))
        if not fresh:
            kept[(role, language)] = page
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def signed_out(browser: Any) -> Iterator[Any]:
    """A page of a fresh context with no session (a visitor, or someone whose session ended)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Show what the hub printed when a browser test fails (a traceback behind a 500)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call" and report.failed:
        built = getattr(item, "funcargs", {}).get("web_hub")
        if isinstance(built, WebHub):
            report.sections.append(("hub output", built.process.output()[-8000:]))

"""Every page of the web side, for every role that may see it, in a real browser (WCAG 2.2 AA).

The pages come from the registry in hub/web/nav.py, read when the tests are collected, so a page
added there is checked here with no change to this file. For each page and each role that may open
it: axe-core finds nothing (at full width, and in Spanish at 320 px too), nothing scrolls sideways at 320 px, there is
one h1, the skip link is the first Tab stop and moves focus to <main>, <html lang> is the viewer's
language (each page once in Spanish too), and nothing is loaded from anywhere but the hub. Every
role that may NOT see a page gets "Page not found"; someone signed out is sent to sign in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest

from hub import accounts
from hub.accounts_store import COORDINATOR, ROLES
from hub.web.nav import PAGES, pages_for
from tests.web.browser import (
    NARROW,
    axe_violations,
    explain,
    focused,
    horizontal_overflow,
    overflowing_elements,
    requests_outside,
)
from tests.web.conftest import ORG, WebHub

pytestmark = pytest.mark.slow

WIDE = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class Visit:
    path: str
    role: str
    language: str

    def __str__(self) -> str:
        return f"{self.path} as {self.role} ({self.language})"


def _visits() -> list[Any]:
    """(page, role) for every role that may see the page; and each page once more in Spanish."""
    found = []
    for path, roles in [("/", frozenset(ROLES)), *((page.path, page.roles) for page in PAGES)]:
        for role in sorted(roles):
            found.append(pytest.param(Visit(path, role, "en"), id=f"{path}-{role}-en"))
        first = sorted(roles)[0]
        found.append(pytest.param(Visit(path, first, "es"), id=f"{path}-{first}-es"))
    return found


def _forbidden() -> list[Any]:
    return [
        pytest.param(page.path, role, id=f"{page.path}-{role}")
        for page in PAGES
        for role in ROLES
        if role not in page.roles
    ]


def problems_on(page: Any, visit: Visit) -> list[str]:
    """Everything wrong with the page as loaded now, in words (an empty list: nothing)."""
    problems: list[str] = []
    page.set_viewport_size(WIDE)

    lang = page.evaluate("() => document.documentElement.lang")
    if lang != visit.language:
        problems.append(f'<html lang="{lang}">, but the viewer reads {visit.language!r}')

    headings = page.locator("h1").all_inner_texts()
    if len(headings) != 1 or not headings[0].strip():
        problems.append(f"there should be one h1 with words in it; there are: {headings}")

    violations = axe_violations(page)
    if violations:
        problems.append(explain(violations, "the page at full width"))

    # The keyboard's first stop is the skip link, and following it puts focus in <main>.
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    first = focused(page)
    if first is None or first.href != "#main":
        problems.append(f"the first Tab stop should be the skip link to #main; it is {first}")
    else:
        page.keyboard.press("Enter")
        after = focused(page)
        if after is None or not after.in_main:
            problems.append(f"the skip link should move focus to <main>; focus is on {after or 'the document'}")

    overflow = horizontal_overflow(page, NARROW)
    if overflow:
        problems.append(
            f"at {NARROW} px the page scrolls sideways by {overflow} px; too wide: {overflowing_elements(page)}"
        )
    if visit.language != "en":  # axe again at 320 px once per page, in the language with the longer words
        narrow = axe_violations(page)
        if narrow:
            problems.append(explain(narrow, f"the page at {NARROW} px"))
    page.set_viewport_size(WIDE)
    return problems


@pytest.mark.parametrize("visit", _visits())
def test_every_page_is_accessible_for_every_role_that_may_see_it(visit: Visit, web_hub: WebHub, signed_in: Any):
    page = signed_in(visit.role, visit.language)
    with requests_outside(page, web_hub.url) as outside:
        response = page.goto(web_hub.url + visit.path)
        assert response is not None and response.status == 200, f"{visit}: {response and response.status}"
        problems = problems_on(page, visit)
    if outside:
        problems.append(f"loaded from outside the hub: {outside}")
    assert not problems, f"{visit}:\n" + "\n".join(f"- {p}" for p in problems)


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/sign-in", "en"),
        ("/sign-in?lang=es", "es"),
        ("/no-such-page", "en"),
        *(
            (page.path + query, lang)
            for page in PAGES
            if page.public
            for query, lang in (("", "en"), ("?lang=es", "es"))
        ),
    ],
)
def test_the_signed_out_pages_are_accessible(path: str, language: str, web_hub: WebHub, signed_out: Any):
    response = signed_out.goto(web_hub.url + path)
    assert response is not None and response.status == (404 if "no-such" in path else 200)
    problems = problems_on(signed_out, Visit(path, "signed out", language))
    assert not problems, f"{path}:\n" + "\n".join(f"- {p}" for p in problems)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_forms_of_someone_not_yet_logged_in_are_accessible_with_their_errors_too(
    language: str, web_hub: WebHub, browser: Any
):
    """Log in and choosing a password from an invite: as they open, and sent empty (the error summary)."""
    _user, token = accounts.create_user(
        web_hub.process.engine, f"invited-{language}@north.example", COORDINATOR, org=ORG
    )
    context = browser.new_context(viewport=WIDE, locale=language)
    page = context.new_page()
    try:
        problems = []
        for path in ("/sign-in", f"/invite/{token}"):
            response = page.goto(web_hub.url + path)
            assert response is not None and response.status == 200, f"{path}: {response and response.status}"
            problems += [f"{path}: {p}" for p in problems_on(page, Visit(path, "signed out", language))]
            page.goto(web_hub.url + path)  # afresh: the skip link left #main in the address, which the form keeps
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            assert page.locator(".error-summary").count() == 1, f"{path} sent empty should show what is wrong"
            problems += [f"{path} (errors): {p}" for p in problems_on(page, Visit(path, "signed out", language))]
        assert not problems, "\n".join(f"- {p}" for p in problems)
    finally:
        context.close()


def test_the_page_not_found_is_accessible_to_someone_signed_in(web_hub: WebHub, signed_in: Any):
    page = signed_in("coordinator", "es")
    response = page.goto(web_hub.url + "/no-such-page")
    assert response is not None and response.status == 404
    problems = problems_on(page, Visit("/no-such-page", "coordinator", "es"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("path", "role"), _forbidden())
def test_a_page_a_role_may_not_see_is_not_found(path: str, role: str, web_hub: WebHub, signed_in: Any):
    page = signed_in(role)
    answer = page.request.get(web_hub.url + path, headers={"Accept": "text/html"}, max_redirects=0)
    assert answer.status == 404, f"{path} as {role}: {answer.status}"
    assert "text/html" in answer.headers["content-type"]


@pytest.mark.parametrize("path", [page.path for page in PAGES if not page.public])
def test_signed_out_every_page_sends_you_to_sign_in(path: str, web_hub: WebHub, signed_out: Any):
    answer = signed_out.request.get(web_hub.url + path, headers={"Accept": "text/html"}, max_redirects=0)
    assert answer.status in (302, 303, 307), f"{path}: {answer.status}"
    target = urlsplit(answer.headers["location"])
    assert target.path == "/sign-in", answer.headers["location"]


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_links_exactly_the_pages_the_role_may_open(role: str, web_hub: WebHub, signed_in: Any):
    page = signed_in(role)
    page.goto(web_hub.url + "/")
    linked = [urlsplit(href).path for href in page.locator("header nav a").evaluate_all("(a) => a.map(x => x.href)")]
    assert linked == ["/", *(p.path for p in pages_for(role))]

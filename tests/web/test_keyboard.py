"""The main flows by keyboard alone: Tab, typing and Enter, never the mouse (WCAG 2.1.1)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from hub import accounts
from hub.accounts_store import ORG_ADMIN
from hub.web.nav import pages_for
from tests.web.browser import focused, tab_to
from tests.web.conftest import ORG, PASSWORD, WebHub

pytestmark = pytest.mark.slow


def path_of(page: Any) -> str:
    return urlsplit(page.url).path


def label_of(page: Any, field: str) -> str:
    """What the page calls a field or button (the words change; the keyboard path must not)."""
    return page.locator(f'label[for="{field}"]').inner_text().strip()


def type_sign_in(page: Any, email: str, password: str) -> None:
    """From the top of the log-in page: Tab to each field, type into it, press Enter to send."""
    tab_to(page, label_of(page, "email"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    now = focused(page)
    assert now is not None and now.name == label_of(page, "password"), f"after the email address, Tab went to {now}"
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_log_in_open_a_page_from_the_menu_and_log_out_by_keyboard_alone(web_hub: WebHub, signed_out: Any):
    page = signed_out
    account = web_hub.account(ORG_ADMIN)
    page.goto(f"{web_hub.url}/sign-in")
    type_sign_in(page, account.email, account.password)
    assert path_of(page) == "/", page.inner_text("main")

    target = pages_for(ORG_ADMIN)[0]
    link = tab_to(page, target.title)
    assert not link.in_main, "the page should be reached from the menu, not the home page's list"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == target.path
    assert page.locator("h1").inner_text() == target.title

    tab_to(page, page.locator('form[action="/sign-out"] button').inner_text().strip())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == "/sign-in"
    page.goto(web_hub.url + target.path)
    assert path_of(page) == "/sign-in", "logged out, the page should ask to log in again"


def test_a_wrong_password_leads_by_keyboard_from_the_error_summary_to_the_field(web_hub: WebHub, signed_out: Any):
    page = signed_out
    page.goto(f"{web_hub.url}/sign-in")
    type_sign_in(page, web_hub.account(ORG_ADMIN).email, "not the password at all")
    assert path_of(page) == "/sign-in"
    problem = page.locator('.error-summary a[href="#email"]')
    assert problem.count() == 1, "the error summary should link to the email address field"
    tab_to(page, problem.inner_text().strip())
    page.keyboard.press("Enter")
    now = focused(page)
    assert now is not None and now.role == "input" and now.name == label_of(page, "email"), now


def test_accept_an_invite_by_keyboard_alone_and_arrive_logged_in(web_hub: WebHub, signed_out: Any):
    _user, token = accounts.create_user(web_hub.process.engine, "keyboard-invite@north.example", ORG_ADMIN, org=ORG)
    page = signed_out
    page.goto(f"{web_hub.url}/invite/{token}")
    tab_to(page, label_of(page, "password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    now = focused(page)
    assert now is not None and now.name == label_of(page, "confirm"), f"after the new password, Tab went to {now}"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == "/", page.inner_text("main")
    assert page.locator('form[action="/sign-out"]').count() == 1, "the new account should be logged in"

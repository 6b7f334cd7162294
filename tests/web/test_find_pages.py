"""Find a session in a real browser, signed out: the list and a session's own page pass the same checks as
every registered page (axe at full width and 320 px, one h1, the skip link, nothing loaded from elsewhere),
in English and Spanish, and the session is reached from the list by keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.handouts.flyer import FIND_PATH
from tests.web.browser import focused, requests_outside
from tests.web.conftest import WebHub
from tests.web.test_every_page import Visit, problems_on

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_sessions_public_page_is_accessible_and_reached_from_the_list_by_keyboard(
    language: str, web_hub: WebHub, browser: Any
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
    page = context.new_page()
    try:
        with requests_outside(page, web_hub.url) as outside:
            response = page.goto(f"{web_hub.url}{FIND_PATH}?lang={language}")
            assert response is not None and response.status == 200
            links = page.locator("main a[href^='/find/sessions/']")
            assert links.count() > 0, "the published organisation's upcoming sessions should be listed"
            target = links.first.get_attribute("href")
            for _ in range(50):  # Tab through the page until the first session's link has focus
                page.keyboard.press("Tab")
                now = focused(page)
                if now is not None and now.href == target:
                    break
            else:
                pytest.fail(f"the first session's link {target} was never reached by Tab")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url.endswith(target)
            problems = problems_on(page, Visit(target, "signed out", language))
        assert not outside, f"loaded from outside the hub: {outside}"
        assert not problems, "\n".join(f"- {p}" for p in problems)
    finally:
        context.close()

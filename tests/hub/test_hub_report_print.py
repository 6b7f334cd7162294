"""The printed report, in Debian's Chromium against a real hub: printing /report leaves out the menu, the
form, the periods and the download link, starts with the filter in words, and keeps each table whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.hub.test_hub_report import PASSWORD, RANGE, World, build_world
from tests.hubtools import HubProcess
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM


@pytest.fixture(scope="module")
def world(hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from build_world(hub, tmp_path_factory.mktemp("laptops"))


@pytest.fixture(scope="module")
def page(world: World) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        opened = context.new_page()
        opened.goto(f"{world.hub.url}/sign-in")
        opened.locator("input[name=email]").fill(world.emails["admin"])
        opened.locator("input[name=password]").fill(PASSWORD)
        with opened.expect_navigation():
            opened.locator('form[action="/sign-in"] button[type=submit]').click()
        yield opened
        browser.close()


VISIBLE = "el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0"


@pytest.mark.parametrize("path", ["/report", "/barriers"])
def test_printing_leaves_the_filter_in_words_and_whole_tables_only(world, page, path):
    page.goto(f"{world.hub.url}{path}?from={RANGE['from']}&to={RANGE['to']}&org={world.org_id}")
    hidden_when_printed = [".site-header", ".report-form", ".presets"]
    if path == "/report":
        hidden_when_printed.append(".report-actions")
    for selector in hidden_when_printed:
        assert page.locator(selector).evaluate(VISIBLE), f"{selector} is not even on the screen"
    page.emulate_media(media="print")
    try:
        for selector in hidden_when_printed:
            assert not page.locator(selector).evaluate(VISIBLE), f"{selector} is printed"
        first = page.locator("main > :is(p, h2, div, ul, form)").evaluate_all(
            f"els => els.filter({VISIBLE}).map(el => el.className)"
        )
        assert first[0] == "filter-words", first  # what the tables cover, in words, before anything else
        breaks = page.locator("main table").evaluate_all("els => els.map(el => getComputedStyle(el).breakInside)")
        assert breaks and set(breaks) == {"avoid"}
    finally:
        page.emulate_media(media="screen")

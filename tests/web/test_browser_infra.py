"""The browser tests' own tools find what they look for: axe's rules, sideways scrolling, Tab stops.

Each helper is shown a small page that breaks its rule and one that keeps it, so a sweep that passes
has really looked. The fixtures are checked too: Debian's Chromium, a hub holding what real laptops
synced, and an account of every role.
"""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from hub import accounts
from hub.accounts_store import ROLES
from tests.hubtools import hub_rows
from tests.web.browser import (
    CHROMIUM,
    axe_violations,
    explain,
    focused,
    horizontal_overflow,
    overflowing_elements,
    tab_through,
)
from tests.web.conftest import FUNDER_NAME, LANGUAGES, ORG, OTHER_ORG, WebHub

GOOD = """<!doctype html><html lang="en"><head><title>Fine</title></head><body>
<a href="#main">Skip to main content</a>
<nav aria-label="Pages"><ul><li style="padding: 12px 0"><a href="/one">One</a></li></ul></nav>
<main id="main" tabindex="-1"><h1>A page</h1><p>Words.</p>
<label for="q">Search</label><input id="q" name="q"><button>Go</button></main></body></html>"""

BAD = """<!doctype html><html><head><title>Bad</title></head><body>
<main><h1>A page</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input name="q">
<p style="color:#bbb;background:#fff">Faint words</p></main></body></html>"""

WIDE = """<!doctype html><html lang="en"><head><title>Wide</title></head><body>
<main><h1>Wide</h1><table class="figures"><tr><td style="min-width:600px">Too wide</td></tr></table></main></body></html>"""


@pytest.fixture(scope="module")
def blank(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_browser_is_debians_chromium_not_a_downloaded_one(browser: Any):
    said = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, check=True).stdout
    assert browser.version.split(".")[0] in said
    assert "ms-playwright" not in str(CHROMIUM.resolve())


def test_axe_finds_the_missing_language_alt_text_label_and_contrast(blank: Any):
    blank.set_content(BAD)
    found = {v.rule: v for v in axe_violations(blank)}
    assert {"html-has-lang", "image-alt", "label", "color-contrast"} <= set(found)
    message = explain(list(found.values()), "the bad page")
    assert "image-alt [critical]" in message and "img" in message


def test_axe_finds_nothing_on_a_page_that_keeps_the_rules(blank: Any):
    blank.set_content(GOOD)
    violations = axe_violations(blank)
    assert violations == [], explain(violations, "the good page")


def test_axe_checks_wcag_2_2_too_small_targets_side_by_side(blank: Any):
    tiny = '<a href="/{0}" style="display:inline-block;width:12px;height:12px;overflow:hidden">{0}</a>'
    blank.set_content(GOOD.replace("<p>Words.</p>", "<div>" + tiny.format("a") + tiny.format("b") + "</div>"))
    assert [v.rule for v in axe_violations(blank)] == ["target-size"]


def test_sideways_scrolling_at_320_px_is_measured_and_its_cause_named(blank: Any):
    blank.set_content(WIDE)
    assert horizontal_overflow(blank) > 200
    assert any(found.startswith("table.figures") for found in overflowing_elements(blank))
    blank.set_content(GOOD)
    assert horizontal_overflow(blank) == 0
    blank.set_viewport_size({"width": 1280, "height": 900})


def test_tab_stops_are_listed_in_order_by_their_accessible_names(blank: Any):
    blank.set_content(GOOD)
    stops = tab_through(blank)
    assert [(s.role, s.name) for s in stops] == [
        ("a", "Skip to main content"),
        ("a", "One"),
        ("input", "Search"),
        ("button", "Go"),
    ]
    assert [s.in_main for s in stops] == [False, False, True, True]
    blank.evaluate("() => document.activeElement.blur()")
    assert focused(blank) is None


def test_the_hub_holds_what_the_laptops_of_both_organisations_synced(web_hub: WebHub):
    for org in (ORG, OTHER_ORG):
        held = set(hub_rows(web_hub.process.engine, org))
        assert web_hub.synced[org] <= held
        tables = {table for table, _id in held}
        assert {"venues", "sessions", "sign_ins", "exit_cards", "participants"} <= tables
    assert all(web_hub.chapters[org] for org in (ORG, OTHER_ORG))


def test_every_role_has_an_account_in_each_language_that_signs_in(web_hub: WebHub):
    from hub.scope import scope_of
    from hub.store import reading

    engine = web_hub.process.engine
    for role in ROLES:
        for language in LANGUAGES:
            account = web_hub.account(role, language)
            let_in = accounts.sign_in(engine, account.email, account.password, "fixture-check")
            assert let_in is not None, account
            user = let_in[0].user
            assert (user.role, user.language) == (role, language)
            with reading(engine) as conn:
                scope = scope_of(conn, user)
            if role == "funder":
                assert scope.aggregate_orgs == {web_hub.org_ids[ORG]}, f"only {ORG} opted in to {FUNDER_NAME}"
            if role == "coordinator":
                assert scope.venues == set(web_hub.chapters[ORG]["East"])

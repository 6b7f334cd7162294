"""The hub's pages as their readers meet them: an organisation with nothing synced yet says so in words
instead of tables of zeros, the audit log says what happened in the reader's language (no stored keys,
role codes or ISO timestamps), and the barriers page answers "what keeps people away" in one line."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import httpx

from desktop.i18n import language
from desktop.reports.filters import ReportFilter
from hub.boards.barriers import BarrierCounts, Barriers
from tests.hub.test_leaders import browser_of

EMPTY_RANGE = {"from": "2026-01-01", "to": "2026-12-31"}


def text_of(page: httpx.Response) -> str:
    assert page.status_code == 200, page.text
    body = page.text.split("<main", 1)[1]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_a_new_organisations_leaders_and_barriers_say_there_is_nothing_yet_instead_of_tables_of_zeros(hub):
    hub.org("Just Started Club")
    with browser_of(hub, "new-admin@juststarted.example", "org_admin", org="Just Started Club") as client:
        leaders = client.get("/leaders")
        barriers = client.get("/barriers", params=EMPTY_RANGE)
    assert "Nobody came to a session in this period, so nobody is on the ladder yet" in text_of(leaders)
    assert "<svg" not in leaders.text and "<table" not in leaders.text
    assert "No exit cards were filled in at these sessions in this period" in text_of(barriers)
    assert "<table" not in barriers.text  # no rows of "– (0 of 0)"


def test_the_audit_log_says_what_happened_in_words_not_stored_keys_or_role_codes(hub):
    hub.org("Audited Club")
    for lang, made, role in (
        ("en", "Account made", "as Organisation admin"),
        ("es", "Cuenta creada", "(rol: Administración de la organización)"),
    ):
        email = f"audit-{lang}@audited.example"
        with browser_of(hub, email, "org_admin", org="Audited Club", language=lang) as client:
            shown = text_of(client.get("/audit"))
        assert made in shown and role in shown, shown
        for code in ("user created", "password set", "org_admin", "coordinator"):
            assert code not in shown
        assert not re.search(r"\d{4}-\d{2}-\d{2}", shown), "a date in words, not an ISO date"


def _barriers(cards: int, named: dict[str, int]) -> Barriers:
    total = BarrierCounts("All these sessions", cards, {**BarrierCounts("").named, **named})
    return Barriers(ReportFilter(date(2026, 1, 1), date(2026, 12, 31)), "", [], [], total, (), {})


def test_the_barriers_page_names_the_barrier_named_most_with_its_counts():
    with language("en"):
        assert _barriers(157, {"cost": 23, "childcare": 22}).headline() == (
            "Named most often: Cost, on 15% (23 of 157) of the exit cards."
        )
        assert "Childcare, Cost" in _barriers(40, {"cost": 5, "childcare": 5}).headline()
        assert _barriers(12, {}).headline() == "None of the 12 exit cards of these sessions named a barrier."
    with language("es"):
        assert _barriers(157, {"cost": 23}).headline().startswith("La más nombrada: Costo")

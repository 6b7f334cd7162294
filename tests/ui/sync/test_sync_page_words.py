"""Nothing on the Sync page is jargon: no HTTP codes, errno numbers, table or field names, UTC or file
paths, in any state a host can meet (failures, refused changes, records kept aside, values changed
two ways), in English and Spanish; and its times are this laptop's local times."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QTableView, QWidget

from desktop.i18n import set_language
from desktop.models import Lesson, OutboxEntry, Participant, SyncState, TasterSession, Venue
from desktop.sync.client import parse_page
from desktop.sync.engine import apply_page
from desktop.ui.widgets import looks_like_path
from tests.sync.conftest import enrolled, hub, laptops, org  # noqa: F401 - fixtures
from tests.sync.scenarios import add_lesson, add_person, add_session, add_venue, edit
from tests.ui.sync.test_sync_page import page_for  # noqa: F401 - fixture

ADDRESS = re.compile(r"https?://\S+|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?")
JARGON = {
    "an HTTP status": re.compile(r"\bHTTP\b|\b[1-5]\d\d\b"),
    "an errno": re.compile(r"errno|\[Errno", re.IGNORECASE),
    "UTC": re.compile(r"\bUTC\b|\d\d:\d\d(?::\d\d)?Z\b|\dT\d\d:\d\d"),
    "a snake_case name": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "a table.field name": re.compile(r"\b[a-z]+s\.[a-z_]+\b"),
    "a Python repr": re.compile(r"\w+Error\(|Exception\(|Traceback"),
}


def texts_of(page: QWidget) -> list[str]:
    """Every text a host can see or hear on the page: labels, buttons, names, tooltips, table cells."""
    found: list[str] = []
    for widget in (page, *page.findChildren(QWidget)):
        if not widget.isVisibleTo(page) and widget is not page:
            continue
        found += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QTableView) and (model := widget.model()) is not None:
            found += cells(model)
    return [t for t in found if t]


def cells(model: QAbstractItemModel) -> list[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    out = [
        str(model.headerData(c, Qt.Orientation.Horizontal, role) or "")
        for c in range(model.columnCount())
        for role in roles
    ]
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            out += [str(model.index(r, c).data(role) or "") for role in roles]
    return out


def jargon_in(texts: list[str]) -> list[str]:
    problems = []
    for text in texts:
        plain = ADDRESS.sub("ADDRESS", text)  # the hub's address is shown on purpose
        problems += [f"{what}: {text!r}" for what, pattern in JARGON.items() if pattern.search(plain)]
        if looks_like_path(plain):
            problems.append(f"a file path: {text!r}")
    return problems


@pytest.fixture
def language() -> Iterator[callable]:
    yield set_language
    set_language("en")


def _kept_aside_session(laptop) -> None:
    change = {
        "table": "sessions",
        "row_id": "s-bad",
        "seq": 1,
        "version": "1767225600000-000000-hub:1",
        "origin": "x",
        "fields": {"venue_id": "v1", "starts_at": "2026-05-02T18:00:00", "status": "postponed", "deleted": False},
        "conflicts": [],
    }
    apply_page(
        laptop.db, parse_page(json.dumps({"changes": [change], "cursor": 1, "more": False, "mark": ""}).encode())
    )


@pytest.mark.parametrize("code", ["en", "es"])
def test_no_jargon_anywhere_on_the_sync_page_whatever_happened(hub, laptops, page_for, qtbot, language, code):
    language(code)
    org = f"Eastside Coding Circle {code}"  # the fixture's name holds the test's, snake_case and all
    a, b = enrolled(hub, org, laptops(2))
    lesson_id = add_lesson(a, "Household budget")
    venue = add_venue(b, "Eastside Branch Library")
    a.sync(), b.sync()
    edit(a, Lesson, lesson_id, title="Budget in a spreadsheet")
    edit(b, Lesson, lesson_id, title="Presupuesto familiar")
    with b.db.transaction() as s:  # a detail this hub does not know: refused with the hub's own words
        s.add(
            OutboxEntry(
                table_name="venues", row_id=venue, op="update", fields={"colour": "teal"}, version=b.db.clock.now()
            )
        )
    a.sync(), b.sync()
    _kept_aside_session(b)
    page = page_for(b)
    assert page.rejected_table.isVisibleTo(page) and page.kept_table.isVisibleTo(page)
    assert page.conflicts_heading.isVisibleTo(page)
    assert jargon_in(texts_of(page)) == []

    # Every failure a sync round can meet, as the page shows it: the hub gone, then the laptop revoked.
    held = socket.socket()
    held.bind(("127.0.0.1", 0))  # never listened on: a connection is refused
    b.point_at(f"http://127.0.0.1:{held.getsockname()[1]}")
    try:
        for round_ in range(2):
            with qtbot.waitSignal(page.controller.status_changed, timeout=10_000):
                page.controller.worker.run_round()
            page.refresh()
            assert jargon_in(texts_of(page)) == [], round_
            assert page.live.text() and page.live.isVisibleTo(page)
    finally:
        held.close()
    from hub import admin

    b.point_at(hub.url)
    admin.revoke(hub.engine, b.db.device_id, org)
    with qtbot.waitSignal(page.controller.status_changed, timeout=10_000):
        page.controller.worker.run_round()
    page.refresh()
    assert page.enrol_card.isVisibleTo(page)
    assert jargon_in(texts_of(page)) == []


def test_last_sync_and_the_lists_show_local_time(laptops, page_for, db_utc_moment):
    (laptop,) = laptops(1)
    with laptop.db.transaction() as s:
        s.add(SyncState(id=1, hub_url="https://hub.example.org", last_sync_at=db_utc_moment))
    page = page_for(laptop)
    local = db_utc_moment.replace(tzinfo=UTC).astimezone()
    assert local.strftime("%H:%M") in page.last.text()
    assert "UTC" not in page.last.text()


@pytest.fixture
def db_utc_moment() -> datetime:
    return datetime(2026, 3, 3, 14, 5)  # as stored: naive UTC


def test_a_value_changed_two_ways_is_named_as_its_page_names_it(hub, org, laptops, page_for):
    a, b = enrolled(hub, org, laptops(2))
    lesson_id = add_lesson(a, "Household budget")
    a.sync(), b.sync()
    edit(a, Lesson, lesson_id, title="Budget in a spreadsheet")
    edit(b, Lesson, lesson_id, title="Presupuesto familiar")
    a.sync(), b.sync()
    page = page_for(b)
    names = [label.text() for label in page.findChildren(QLabel) if label.text().startswith("The lesson")]
    assert len(names) == 1 and names[0].endswith("”: its title")


@pytest.mark.parametrize("code", ["en", "es"])
def test_values_changed_two_ways_read_as_dates_yes_no_and_words(hub, laptops, page_for, language, code):
    """A time, a yes/no and a list changed two ways: each button shows the value as its page does."""
    language(code)
    a, b = enrolled(hub, f"Westside Coding Circle {code}", laptops(2))
    venue = add_venue(a)
    session_id, person = add_session(a, venue), add_person(a)
    a.sync(), b.sync()
    edit(a, TasterSession, session_id, starts_at=datetime(2026, 12, 1, 19, 0))
    edit(b, TasterSession, session_id, starts_at=datetime(2026, 12, 1, 17, 30))
    edit(a, Participant, person, contact_consent_at=datetime(2026, 7, 1, 10, 0))
    edit(b, Participant, person, contact_consent_at=datetime(2026, 7, 2, 9, 0))
    edit(a, Participant, person, photo_consent=True)
    edit(a, Venue, venue, offers=["childcare", "food"])
    edit(b, Participant, person, photo_consent=False)
    edit(b, Venue, venue, offers=["food"])
    a.sync(), b.sync()
    page = page_for(b)
    others = {page.sync_button, page.enrol_button, page.retry_button}
    buttons = [b for b in page.findChildren(QPushButton) if b not in others]  # one "Keep “…”" per value
    keep = [t for b in buttons for t in (b.text(), b.accessibleName(), b.accessibleDescription())]
    assert {c.field for c in page.conflicts} >= {"starts_at", "contact_consent_at", "photo_consent", "offers"}, [
        (c.field, c.kept, c.other) for c in page.conflicts
    ]
    assert len(buttons) == 2 * len(page.conflicts)
    assert jargon_in(texts_of(page) + keep) == []
    assert not [t for t in keep if "True" in t or "False" in t or "[" in t or "2026-" in t]


@pytest.mark.parametrize("code", ["en", "es"])
def test_a_laptop_not_yet_enrolled_counts_nothing_as_waiting(laptops, page_for, language, code):
    language(code)
    (laptop,) = laptops(1)
    for n in range(3):
        add_venue(laptop, f"Branch {n}")
    page = page_for(laptop)
    assert page.pending.text() and not any(ch.isdigit() for ch in page.pending.text())
    hub = {"en": "hub", "es": "servidor central"}[code]  # the glossary's word for it
    assert hub in page.pending.text() and page.pending.text() != page.where.text()

"""Find a session: the public page of upcoming sessions, its calendar feed and flyers, on a real hub with
records a real laptop synced. Only organisations that publish appear (another's session is 404 on every
address); no person's name or contact is anywhere; the calendar is valid RFC 5545 with the right times."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from desktop.models import Lesson, Participant, SignIn, TasterSession, Venue
from hub import ics
from hub.__main__ import main as hub_cli
from hub.accounts_store import audit_log
from hub.boards import find as f
from hub.store import reading
from tests.hubtools import Laptop
from tests.sync.conftest import enrolled

PUBLISHED = "Find Open Club"
HIDDEN = "Find Quiet Club"
ZONE = "America/New_York"
LESSON_TEXT = """---
title: Your first web page
---

::: objectives
- Write a heading and a paragraph
:::
"""
# Everything about people the laptop holds: none of it may be public.
PRIVATE = ("Zoë", "Nguyễn", "zoe@example.org", "07700 900123", "Marisol", "Sam Helper", "Key from", "Call Zoë")


@dataclass
class World:
    url: str
    database_url: str
    soon: str  # the published organisation's next session
    soon_at: datetime  # its wall-clock start
    past: str
    deleted: str
    hidden: str  # the other organisation's session


def _run(database_url: str, *args: str) -> int:
    return hub_cli(["--database-url", database_url, *args])


@pytest.fixture(scope="module")
def world(hub, tmp_path_factory) -> World:
    folder = tmp_path_factory.mktemp("find-laptops")
    laptop, other = Laptop.open(folder / "a", name="Open laptop"), Laptop.open(folder / "b", name="Quiet laptop")
    enrolled(hub, PUBLISHED, [laptop])
    enrolled(hub, HIDDEN, [other])
    soon_at = (datetime.now(ZoneInfo(ZONE)) + timedelta(days=10)).replace(
        hour=18, minute=30, second=0, microsecond=0, tzinfo=None
    )
    with laptop.db.transaction() as s:
        venue = Venue(
            name="Greater Hope, Church; Hall",
            address="412 Elm Street\nSpringfield",
            step_free=True,
            public_transport=True,
            offers=["childcare", "food"],
            languages=["es"],
            access_notes="Ramp at the side door",
            notes="Key from Zoë at the desk",
        )
        lesson = Lesson(slug="web", title="Your first web page", text=LESSON_TEXT)
        zoe = Participant(first_name="Zoë", last_name="Nguyễn", email="zoe@example.org", phone="07700 900123")
        s.add_all([venue, lesson, zoe])
        s.flush()
        people = {"hosts": ["Marisol"], "helpers": ["Sam Helper"], "notes": "Call Zoë first"}
        soon = TasterSession(
            venue_id=venue.id, title="Web evening", starts_at=soon_at, lesson_ids=[lesson.id], language="es", **people
        )
        past = TasterSession(venue_id=venue.id, title="Last month", starts_at=soon_at - timedelta(days=40))
        gone = TasterSession(venue_id=venue.id, title="Called off", starts_at=soon_at, deleted=True)
        s.add_all([soon, past, gone])
        s.flush()
        s.add(SignIn(session_id=soon.id, participant_id=zoe.id))
        ids = soon.id, past.id, gone.id
    with other.db.transaction() as s:
        far = Venue(name="Far Away Hall")
        s.add(far)
        s.flush()
        hidden = TasterSession(venue_id=far.id, title="Quiet evening", starts_at=soon_at)
        s.add(hidden)
        s.flush()
        hidden_id = hidden.id
    for each in (laptop, other):
        assert each.sync().rejected == 0
        each.close()
    assert _run(hub.database_url, "org", "publish-sessions", "--org", PUBLISHED, "on", "--timezone", ZONE) == 0
    return World(hub.url, hub.database_url, ids[0], soon_at, ids[1], ids[2], hidden_id)


def addresses(session_id: str) -> list[str]:
    page = f"/find/sessions/{session_id}"
    return [page, f"{page}/calendar.ics", f"{page}/flyer.pdf"]


def get(world: World, path: str) -> httpx.Response:
    return httpx.get(world.url + path, headers={"Accept": "text/html"})


def test_the_page_lists_the_published_upcoming_session_and_answers_its_questions(world):
    page = get(world, "/find")
    assert page.status_code == 200
    text = page.text
    assert "Web evening" in text and f"/find/sessions/{world.soon}" in text
    assert "Last month" not in text and "Called off" not in text  # over, or deleted
    assert "Quiet evening" not in text and "Far Away Hall" not in text and HIDDEN not in text
    session = get(world, f"/find/sessions/{world.soon}")
    assert session.status_code == 200
    for words in (
        "Greater Hope, Church; Hall",
        "412 Elm Street",
        "Ramp at the side door",
        "Spanish",
        "Your first web page",
        "Write a heading and a paragraph",
        f"{world.soon_at:%H:%M}",
    ):
        assert words in session.text, words
    shown = " ".join(re.sub(r"<[^>]+>", " ", session.text).split())  # the page's words, as read
    for answer in ("Step-free access Yes Ramp at the side door", "Childcare Yes", "Food Yes", "Language Spanish"):
        assert answer in shown, answer


def test_an_organisation_that_has_not_opted_in_is_not_found_anywhere_until_it_does(world):
    for path in addresses(world.hidden) + addresses(world.deleted) + addresses("no-such-session"):
        assert get(world, path).status_code == 404, path
    assert "Quiet evening" not in get(world, "/find.ics").text

    assert _run(world.database_url, "org", "publish-sessions", "--org", HIDDEN, "on", "--timezone", "UTC") == 0
    try:
        assert "Quiet evening" in get(world, "/find").text
        assert all(get(world, path).status_code == 200 for path in addresses(world.hidden))
    finally:
        assert _run(world.database_url, "org", "publish-sessions", "--org", HIDDEN, "off") == 0
    assert all(get(world, path).status_code == 404 for path in addresses(world.hidden))
    assert "Quiet evening" not in get(world, "/find").text


def test_no_name_or_contact_of_a_person_is_on_any_public_page_calendar_or_flyer(world):
    from pypdf import PdfReader

    shown = [get(world, path) for path in ["/find", "/find.ics", *addresses(world.soon), *addresses(world.past)]]
    assert all(r.status_code == 200 for r in shown)
    for response in shown:
        if response.headers["content-type"].startswith("application/pdf"):
            text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.content)).pages)
        else:
            text = response.text
        for private in PRIVATE:
            assert private not in text, (response.url, private)


def unfold(body: str) -> list[str]:
    """The content lines of an iCalendar text (RFC 5545 3.1), after checking every physical line's length."""
    assert body.endswith("\r\n")
    physical = body[:-2].split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in physical), [line for line in physical if len(line) > 75]
    assert "\n" not in "".join(physical) and "\r" not in "".join(physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def events(body: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfold(body):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return found


def test_the_calendar_feed_is_valid_icalendar_with_the_sessions_exact_times(world):
    answer = get(world, "/find.ics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    assert answer.text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    (event,) = [e for e in events(answer.text) if unescape(e["SUMMARY"]) == "Web evening"]
    start = world.soon_at.replace(tzinfo=ZoneInfo(ZONE)).astimezone(UTC)
    assert event["DTSTART"] == start.strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == (start + timedelta(minutes=90)).strftime("%Y%m%dT%H%M%SZ")
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert event["UID"] == f"{world.soon}@onramp-find"
    assert event["LOCATION"] == r"Greater Hope\, Church\; Hall\, 412 Elm Street\, Springfield"
    assert unescape(event["LOCATION"]) == "Greater Hope, Church; Hall, 412 Elm Street, Springfield"
    assert event["URL"] == f"{world.url}/find/sessions/{world.soon}"
    assert "Ramp at the side door" in unescape(event["DESCRIPTION"])
    one = get(world, f"/find/sessions/{world.soon}/calendar.ics")
    assert [e["UID"] for e in events(one.text)] == [event["UID"]]


def test_the_flyer_from_the_hub_shows_the_session_and_a_code_to_its_page(world):
    from pypdf import PdfReader

    answer = get(world, f"/find/sessions/{world.soon}/flyer.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(answer.content)).pages).split())
    for words in ("Web evening", "Greater Hope, Church; Hall", "412 Elm Street", f"{world.url}/find/sessions/"):
        assert words in text, words
    assert "Cuidado de niños Sí" in text  # a session in Spanish gets its flyer in Spanish


def test_a_session_is_listed_until_it_ends_and_not_a_minute_longer(hub, world):
    end = (world.soon_at + timedelta(minutes=90)).replace(tzinfo=ZoneInfo(ZONE))
    with reading(hub.engine) as conn:
        scope = f.public_scope(conn)
        before = [s.id for s in f.upcoming(conn, scope, end - timedelta(minutes=1))]
        after = [s.id for s in f.upcoming(conn, scope, end)]
    assert world.soon in before and world.soon not in after


def test_publishing_needs_a_known_time_zone_and_every_change_is_audited(hub, world, capsys):
    org = "Find Zone Club"
    assert hub_cli(["--database-url", world.database_url, "org", "create", org]) == 0
    assert _run(world.database_url, "org", "publish-sessions", "--org", org, "on") == 2
    assert "time zone" in capsys.readouterr().err
    assert _run(world.database_url, "org", "publish-sessions", "--org", org, "on", "--timezone", "Mars/Olympus") == 2
    assert _run(world.database_url, "org", "publish-sessions", "--org", org, "on", "--timezone", "Europe/Madrid") == 0
    assert _run(world.database_url, "org", "publish-sessions", "--org", org, "off") == 0
    assert _run(world.database_url, "org", "publish-sessions", "--org", org, "on") == 2  # off forgot the zone
    with reading(hub.engine) as conn:
        logged = [(r.action, r.detail) for r in conn.execute(select(audit_log).order_by(audit_log.c.id))]
    assert logged[-2:] == [("sessions published", "Europe/Madrid"), ("sessions unpublished", "")]


def test_icalendar_text_is_escaped_and_folded_without_splitting_a_character():
    assert ics.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    line = "DESCRIPTION:" + ics.escape_text("Guardería, comida; " * 12 + "王芳" * 30)
    folded = ics.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 3 and all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert physical[0] + "".join(p[1:] for p in physical[1:]) == line
    with pytest.raises(ValueError):
        ics.utc_stamp(datetime(2026, 1, 1))

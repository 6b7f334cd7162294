"""The flyer for a session: its answers read back from the PDF, in the session's language, with a QR code
to the hub's public page when the laptop is enrolled and without one when it is not; never a person."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from desktop.handouts.flyer import FlyerSession, LessonSummary, answers, flyer_pdf, session_page_url
from desktop.handouts.layout import Options
from desktop.handouts.request import HandoutRequest, gather, render
from desktop.i18n import language
from tests.handouts.conftest import pdf_reader, pdf_text

LESSON_TEXT = """---
title: Your first web page
teaching: 30
exercises: 30
---

::: objectives
- Write a heading and a paragraph
- Open your page in a browser
:::

Some text.
"""

INFO = FlyerSession(
    id="5b7c",
    title="Make your first web page",
    starts_at=datetime(2026, 7, 14, 18, 30),
    duration_minutes=90,
    language="en",
    venue_name="Greater Hope Baptist Church",
    venue_address="412 Elm Street\nSpringfield",
    public_transport=True,
    step_free=True,
    access_notes="Ramp at the side door",
    offers=("childcare",),
    lessons=(LessonSummary("Your first web page", ("Write a heading and a paragraph",)),),
    organisation="Northside Code Club",
    page_url="https://hub.example.org/find/sessions/5b7c",
)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_flyer_answers_when_where_access_childcare_food_language_and_what_happens():
    text = words(pdf_text(flyer_pdf(INFO, Options("a4", False, "en"))))
    for expected in (
        "Make your first web page",
        "Tuesday 14 July 2026, 18:30 to 20:00",
        "Greater Hope Baptist Church",
        "412 Elm Street",
        "Springfield",
        "Near public transport Yes",
        "Step-free access Yes",
        "Ramp at the side door",
        "Childcare Yes",
        "Food No",
        "Language English",
        "Your first web page",
        "Write a heading and a paragraph",
        "https://hub.example.org/find/sessions/5b7c",
        "Northside Code Club",
    ):
        assert expected in text, expected
    assert len(pdf_reader(flyer_pdf(INFO, Options("a4", False, "en"))).pages) == 1


def test_the_flyer_speaks_spanish_when_printed_in_spanish():
    text = words(pdf_text(flyer_pdf(INFO, Options("letter", False, "es"))))
    assert "martes 14 de julio de 2026, 18:30" in text
    assert "Cuándo" in text and "Inglés" in text


def test_without_a_page_the_flyer_has_no_qr_code_and_no_address_to_scan():
    plain = FlyerSession(**{**INFO.__dict__, "page_url": ""})
    text = words(pdf_text(flyer_pdf(plain, Options())))
    assert "Greater Hope Baptist Church" in text
    assert "http" not in text and "Scan" not in text


def test_answers_are_given_in_the_current_language():
    with language("es"):
        found = {a.question: a.answer for a in answers(INFO, "es")}
    assert found["Cuidado de niños"] == "Sí"


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None, reason="needs zbarimg")
def test_the_qr_code_reads_as_the_sessions_page(tmp_path: Path):
    (tmp_path / "flyer.pdf").write_bytes(flyer_pdf(INFO, Options()))
    subprocess.run(["pdftoppm", "-png", "-r", "150", tmp_path / "flyer.pdf", tmp_path / "page"], check=True)
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "page-1.png")], capture_output=True, text=True, check=True
    )
    assert read.stdout.strip() == INFO.page_url


def _laptop_session(db, *, enrolled: bool) -> str:
    from desktop.models import Lesson, Participant, SignIn, TasterSession, Venue
    from desktop.models.local import SyncState

    with db.transaction() as s:
        venue = Venue(
            name="Eastside Library",
            address="9 Mill Lane",
            step_free=True,
            offers=["food"],
            notes="Key from Zoë at the desk",
        )
        lesson = Lesson(slug="web", title="Your first web page", text=LESSON_TEXT)
        zoe = Participant(first_name="Zoë", last_name="Nguyễn", email="zoe@example.org", phone="07700 900123")
        s.add_all([venue, lesson, zoe])
        s.flush()
        ts = TasterSession(
            venue_id=venue.id,
            title="Web evening",
            starts_at=datetime(2026, 9, 1, 18),
            lesson_ids=[lesson.id],
            hosts=["Marisol Host"],
            helpers=["Sam Helper"],
            notes="Call Zoë first",
        )
        s.add(ts)
        s.flush()
        s.add(SignIn(session_id=ts.id, participant_id=zoe.id))
        if enrolled:
            s.add(SyncState(id=1, hub_url="https://hub.example.org/", organisation="Eastside", device_token="d.t"))
        return ts.id


@pytest.mark.parametrize("enrolled", [True, False])
def test_the_laptop_prints_the_same_flyer_with_its_hubs_page_only_when_enrolled(db, enrolled: bool):
    session_id = _laptop_session(db, enrolled=enrolled)
    request = HandoutRequest(kind="flyer", session_id=session_id)
    with db.transaction() as s:
        gathered = gather(s, request)
    text = words(pdf_text(render(gathered)))
    for expected in ("Web evening", "Eastside Library", "9 Mill Lane", "Open your page in a browser", "Food Yes"):
        assert expected in text, expected
    url = session_page_url("https://hub.example.org", session_id)
    assert url == f"https://hub.example.org/find/sessions/{session_id}"
    assert (url in text) is enrolled
    for private in ("Zoë", "Nguyễn", "zoe@example.org", "07700", "Marisol", "Sam Helper", "Key from", "Call"):
        assert private not in text, private

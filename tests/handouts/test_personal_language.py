"""Personal sheets speak the person's language: badges, take-home sheets and certificates follow each
participant's preferred language where handouts print in it, otherwise the session's."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest

from desktop.handouts.badges import badges_pdf
from desktop.handouts.cards import certificates_pdf
from desktop.handouts.data import Person, SessionInfo, collect_session
from desktop.handouts.layout import Options
from desktop.handouts.personal import language_for
from desktop.handouts.takehome import takehome_pdf
from tests.handouts.conftest import pdf_reader, pdf_text

ANA = Person("Ana", "Ruiz", language="es")  # prefers Spanish
BOB = Person("Bob", "Smith")  # said nothing
CHEN = Person("Chen", "Wei", language="zh")  # prefers a language handouts do not print in


@pytest.fixture
def english_session(session_info: SessionInfo) -> SessionInfo:
    return replace(session_info, language="en", people=[ANA, BOB, CHEN])


def page_of(data: bytes, name: str) -> str:
    """The text of the one page that names ``name``."""
    pages = [page.extract_text() or "" for page in pdf_reader(data).pages]
    (page,) = [text for text in pages if re.search(rf"\b{name}\b", text)]
    return page


@pytest.mark.parametrize(
    ("preferred", "session", "expected"),
    [("es", "en", "es"), ("es-MX", "en", "es"), ("zh", "es", "es"), ("", "es", "es"), ("", "fr", "en"), ("", "", "en")],
)
def test_a_sheet_speaks_the_persons_language_when_handouts_print_in_it(preferred, session, expected):
    assert language_for(Person("Ana", language=preferred), session) == expected


def test_each_badge_greets_in_its_persons_language(english_session):
    text = pdf_text(badges_pdf(english_session.people, Options(language="en"), english_session.title))
    assert re.search(r"Hola, me llamo\s+Ana", text)
    assert re.search(r"Hello, my name is\s+Bob", text)
    assert re.search(r"Hello, my name is\s+Chen", text)
    assert "Hola" not in text.replace("Hola, me llamo\nAna", "")


def test_no_photos_band_speaks_the_persons_language():
    text = pdf_text(badges_pdf([replace(ANA, photo_ok=False), replace(BOB, photo_ok=False)], Options(language="en")))
    assert "Sin fotos, por favor" in text and "No photos, please" in text


def test_each_take_home_sheet_is_in_its_persons_language(english_session):
    data = takehome_pdf(english_session, Options(language="en"))
    ana = page_of(data, "Ana")
    assert "¡Gracias por venir, Ana!" in ana and "sábado 14 de marzo de 2026" in ana
    assert "Thank you" not in ana and "Next session here" not in ana
    for name in ("Bob", "Chen"):
        page = page_of(data, name)
        assert f"Thank you for coming, {name}!" in page and "Saturday 14 March 2026" in page
        assert "Gracias" not in page
    assert pdf_reader(data).metadata.title.startswith("Take-home sheets")  # the document's own title: the session's


def test_each_certificate_is_in_its_persons_language(english_session):
    data = certificates_pdf(english_session, Options(language="en"))
    ana = page_of(data, "Ana")
    assert "Certificado de participación" in ana and "sábado 14 de marzo de 2026" in ana
    assert "Certificate" not in ana
    bob = page_of(data, "Bob")
    assert "Certificate of participation" in bob and "Saturday 14 March 2026" in bob
    assert pdf_reader(data).metadata.title.startswith("Certificates")


def test_a_spanish_session_gives_spanish_sheets_to_people_who_said_nothing(english_session):
    spanish = replace(english_session, language="es")
    data = certificates_pdf(spanish, Options(language="es"))
    assert "Certificado de participación" in page_of(data, "Bob")
    assert "Certificado de participación" in page_of(data, "Chen")


def test_the_preferred_language_comes_from_the_participants_record(db):
    from desktop.models import Participant, SignIn, TasterSession, Venue

    with db.transaction() as s:
        venue = Venue(name="Library")
        s.add(venue)
        s.flush()
        ts = TasterSession(venue_id=venue.id, title="Tuesday", starts_at=datetime(2026, 3, 14, 18), language="en")
        ana = Participant(first_name="Ana", language="es", languages=["es", "en"])
        bob = Participant(first_name="Bob")
        s.add_all([ts, ana, bob])
        s.flush()
        s.add_all([SignIn(session_id=ts.id, participant_id=p.id) for p in (ana, bob)])
        s.flush()
        info = collect_session(s, ts.id)
    assert {p.first_name: p.language for p in info.people} == {"Ana": "es", "Bob": ""}

"""One list of languages, named in both UI languages; the hard rule is "shares a language", any of them."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.i18n import set_language
from desktop.languages import LANGUAGES, language_choices, language_label, language_name, spoken_languages
from desktop.models import Participant, SignIn, TasterSession, Venue
from desktop.pairing import Person, pair
from desktop.pairing.store import load_inputs
from desktop.vocabulary import LANGUAGE_CODES


@pytest.fixture
def spanish():
    set_language("es")
    yield
    set_language("en")


def test_every_language_on_the_list_can_be_someones_preferred_language():
    assert {lang.code for lang in LANGUAGES} | {"other"} <= set(LANGUAGE_CODES)


def test_every_language_is_named_in_english_and_in_spanish(spanish):
    for lang in LANGUAGES:
        assert language_name(lang.code) != lang.name or lang.name in ("Hindi", "Igbo", "Urdu", "Yoruba"), lang
    assert language_name("vi") == "vietnamita"
    assert language_label("vi") == "Vietnamita (Tiếng Việt)"
    assert language_label("es") == "Español", "no repeat when the name is the language's own"


def test_a_stored_code_not_on_the_list_is_offered_as_it_is():
    codes = [code for code, _label in language_choices(["es", "tlh", "ES"])]
    assert codes.count("es") == 1 and codes[-1] == "tlh"
    assert language_name("tlh") == "tlh"


def test_the_preferred_language_is_one_of_those_spoken_and_another_language_matches_nobody():
    assert spoken_languages("es", ["en"]) == ("en", "es")
    assert spoken_languages("other", ["other"]) == ()
    a = Person("a", "Ana", languages=spoken_languages("other", []) or ("x-none",))
    b = Person("b", "Bo", languages=("other",))
    assert pair([a, b]).unplaced, "two people who each speak 'another language' may not share one"


def test_two_people_who_share_any_language_are_paired_whatever_they_prefer(db):
    with db.transaction() as s:
        venue = Venue(name="Library")
        s.add(venue)
        s.flush()
        ts = TasterSession(venue_id=venue.id, starts_at=datetime(2026, 5, 1, 18), language="en")
        s.add(ts)
        s.flush()
        # Hoa prefers Vietnamese but also speaks Spanish; Rosa's list is empty, her preference is Spanish.
        hoa = Participant(first_name="Hoa", language="vi", languages=["vi", "es"])
        rosa = Participant(first_name="Rosa", language="es", languages=[])
        s.add_all([hoa, rosa])
        s.flush()
        s.add_all([SignIn(session_id=ts.id, participant_id=p.id) for p in (hoa, rosa)])
        inputs = load_inputs(s, ts.id)
    people = {p.name: p for p in inputs.people}
    assert people["Rosa"].languages == ("es",), "her preferred language, not the session's English"
    result = pair(inputs.people)
    assert not result.unplaced and "Spanish" in result.groups[0].reason

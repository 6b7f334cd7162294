"""Bad input at the kiosk gets a clear message and saves nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.models import OutboxEntry, Participant, SignIn
from desktop.signin.attendance import register_and_sign_in
from desktop.signin.people import ParticipantDraft, register_participant
from desktop.signin.validation import InvalidInput, clean_email, clean_name, clean_phone


@pytest.mark.parametrize("name", ["", "   ", "\n\t  \n"])
def test_a_first_name_is_required_and_whitespace_does_not_count(name):
    with pytest.raises(InvalidInput) as exc:
        clean_name(name, "first_name", required=True)
    assert exc.value.problems == {"first_name": "Please type a first name."}


def test_a_ten_thousand_character_name_is_refused_with_the_limit():
    with pytest.raises(InvalidInput, match="at most 100 characters"):
        clean_name("a" * 10_000, "first_name", required=True)


def test_emoji_in_a_name_are_refused_with_the_character_named():
    with pytest.raises(InvalidInput, match="not “🎉”"):
        clean_name("Keisha 🎉", "first_name", required=True)


def test_emoji_are_fine_in_free_text_such_as_access_needs():
    from desktop.signin.validation import clean_text

    assert clean_text("Quiet corner please 🙏", "access_needs") == "Quiet corner please 🙏"


@pytest.mark.parametrize(
    "name",
    ["José", "Nguyễn Thị Hoa", "Zoë", "Siobhán O'Brien", "王芳", "Олена", "محمد", "דוד כהן", "Mary-Jane", "ميلاد‌نور"],
)
def test_names_in_every_script_are_accepted(name):
    assert clean_name(name, "first_name", required=True) == name


def test_right_to_left_direction_marks_pasted_with_a_name_are_removed():
    assert clean_name("\u202bمحمد\u202c\u200f", "first_name", required=True) == "محمد"


def test_combining_characters_are_composed_so_the_same_name_is_stored_the_same_way():
    decomposed = "Jose\u0301"
    assert clean_name(decomposed, "first_name", required=True) == "José"


def test_a_letter_buried_under_stacked_marks_is_refused():
    with pytest.raises(InvalidInput, match="too many accent marks"):
        clean_name("Z" + "\u0301\u0302\u0303\u0304\u0305\u0306" + "oe", "first_name", required=True)


def test_pasted_newlines_in_a_name_become_single_spaces():
    assert clean_name("Ana\r\n  Souza\n", "first_name", required=True) == "Ana Souza"


def test_a_name_with_no_letters_is_refused():
    with pytest.raises(InvalidInput, match="at least one letter"):
        clean_name("1234", "first_name", required=True)


@pytest.mark.parametrize(
    "phone", ["+1 555 123 4567", "555-123-4567", "(555) 123.4567", "+44 20 7946 0958", "٠٥٥٥١٢٣٤٥٦٧"]
)
def test_phones_with_spaces_dashes_brackets_and_plus_are_accepted(phone):
    assert clean_phone(phone) == phone


@pytest.mark.parametrize(
    ("phone", "message"),
    [("123", "too short"), ("1" * 20, "too long"), ("555-CALL-NOW", "not “C”"), ("555 123+4567", "not “\\+”")],
)
def test_bad_phones_get_a_clear_message(phone, message):
    with pytest.raises(InvalidInput, match=message):
        clean_phone(phone)


@pytest.mark.parametrize("email", ["ana@", "ana souza@example.org", "@example.org", "ana@example"])
def test_bad_emails_are_refused(email):
    with pytest.raises(InvalidInput, match="email address"):
        clean_email(email)


def test_every_problem_is_reported_at_once(db):
    draft = ParticipantDraft(first_name=" ", phone="12", email="nope", is_minor=True)
    with db.transaction() as s, pytest.raises(InvalidInput) as exc:
        register_participant(s, draft)
    assert set(exc.value.problems) == {"first_name", "phone", "email", "guardian_name"}


def test_a_phone_without_consent_to_contact_is_refused(db):
    with db.transaction() as s, pytest.raises(InvalidInput) as exc:
        register_participant(s, ParticipantDraft(first_name="Ana", phone="555 123 4567"))
    assert "contact_consent" in exc.value.problems


def _counts(db):
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Participant, SignIn, OutboxEntry))


@pytest.mark.parametrize(
    "draft",
    [
        ParticipantDraft(first_name=""),
        ParticipantDraft(first_name="x" * 10_000),
        ParticipantDraft(first_name="Ana", email="ana@", contact_consent=True),
        ParticipantDraft(first_name="Ana", phone="555-CALL", contact_consent=True),
        ParticipantDraft(first_name="Ana", access_needs="x" * 10_000),
    ],
)
def test_a_refused_registration_leaves_nothing_half_saved(db, open_session_id, draft):
    before = _counts(db)
    with pytest.raises(InvalidInput), db.transaction() as s:
        register_and_sign_in(s, open_session_id, draft)
    assert _counts(db) == before

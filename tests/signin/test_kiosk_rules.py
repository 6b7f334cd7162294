"""The kiosk's rules about people, tested without a window: how much a search reveals, who might
already be here before a new record is made, a double "I'm new", and details added after signing in."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.models import Participant, SignIn, new_id
from desktop.ops import signin as signin_ops
from desktop.signin.attendance import add_details, register_and_sign_in, sign_in
from desktop.signin.lookup import MAX_MATCHES, find_for_host, find_returning, same_first_name
from desktop.signin.people import ParticipantDraft, problems_in, register_participant


def _add(db, first, last="", phone=""):
    with db.transaction() as s:
        draft = ParticipantDraft(first_name=first, last_name=last, phone=phone, contact_consent=bool(phone))
        return register_participant(s, draft).id


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_two_letters_find_nobody_at_the_kiosk_three_do(db):
    pid = _add(db, "Marcus", "Johnson")
    with db.session() as s:
        assert find_returning(s, "ma").too_short and find_returning(s, "ma").matches == []
        assert find_returning(s, "Má ").too_short  # accents and spaces do not count as letters
        assert [m.label for m in find_returning(s, "mar").matches] == ["Marcus J."]
        assert [m.participant_id for m in find_returning(s, "MÁR").matches] == [pid]


def test_the_last_four_phone_digits_still_find_a_person_and_three_do_not(db):
    _add(db, "Grace", "Mensah", phone="555 010 7788")
    with db.session() as s:
        assert find_returning(s, "788").too_short
        assert [m.label for m in find_returning(s, "7788").matches] == ["Grace M."]


def test_a_three_letter_search_still_shows_at_most_five_first_names_and_initials(db):
    for i in range(7):
        _add(db, "Mariana", f"{chr(65 + i)}lves")
    with db.session() as s:
        result = find_returning(s, "mar")
    assert len(result.matches) == MAX_MATCHES and result.more
    assert all(m.label.startswith("Mariana ") and m.label.endswith(".") and len(m.label) == 10 for m in result.matches)


def test_the_hosts_own_search_still_starts_at_two_letters(db):
    _add(db, "Marcus", "Johnson")
    with db.session() as s:
        assert [m.name for m in find_for_host(s, "ma")] == ["Marcus Johnson"]


def test_same_first_name_is_accent_and_case_blind_and_ignores_other_first_names(db):
    jose = _add(db, "José", "Nguyễn")
    _add(db, "Josefina", "Ruiz")  # starts the same, is another name
    _add(db, "Ana", "José")  # José as a last name is not a first name
    with db.session() as s:
        assert [(m.participant_id, m.label) for m in same_first_name(s, new_id(), "  jose ")] == [(jose, "José N.")]
        assert same_first_name(s, new_id(), "Zoë") == []
        assert same_first_name(s, new_id(), "") == []


def test_same_first_name_puts_people_signed_in_here_first_and_shows_at_most_five(db, open_session_id):
    ids = [_add(db, "Ana", f"{chr(65 + i)}lves") for i in range(7)]
    with db.transaction() as s:
        sign_in(s, open_session_id, ids[6])
    with db.session() as s:
        found = same_first_name(s, open_session_id, "ANA")
    assert len(found) == MAX_MATCHES
    assert found[0].participant_id == ids[6] and found[0].label == "Ana G."
    assert all(m.label.startswith("Ana ") for m in found)


def test_im_new_twice_with_the_same_id_makes_one_record_and_one_sign_in(db, open_session_id):
    person_id = new_id()
    draft = ParticipantDraft(first_name="Amara")
    with db.transaction() as s:
        first = signin_ops.register_and_sign_in(s, open_session_id, draft, participant_id=person_id).value
    with db.transaction() as s:
        second = signin_ops.register_and_sign_in(s, open_session_id, draft, participant_id=person_id).value
    assert (first.participant_id, second.participant_id) == (person_id, person_id)
    assert second.already and second.sign_in_id == first.sign_in_id
    assert _count(db, Participant) == 1 and _count(db, SignIn) == 1


def test_details_added_after_signing_in_keep_the_first_name_and_reach_the_sign_in(db, open_session_id):
    with db.transaction() as s:
        result = register_and_sign_in(s, open_session_id, ParticipantDraft(first_name="Zoë"))
    details = ParticipantDraft(
        first_name="ignored", last_name="Williams", phone="555 222 3344", contact_consent=True, came_with="Lupe"
    )
    with db.transaction() as s:
        add_details(s, open_session_id, result.participant_id, details, consent_text="You may contact me")
    with db.session() as s:
        person = s.get(Participant, result.participant_id)
        assert (person.first_name, person.last_name, person.phone_last4) == ("Zoë", "Williams", "3344")
        assert person.contact_consent and person.contact_consent_text == "You may contact me"
        assert s.get(SignIn, result.sign_in_id).came_with == "Lupe"


def test_problems_in_names_each_field_that_needs_fixing_and_nothing_once_fixed():
    problems = problems_in(ParticipantDraft(first_name="Zoë", phone="555 12", is_minor=True))
    assert set(problems) == {"phone", "guardian_name"}
    assert problems_in(ParticipantDraft(first_name="Zoë", is_minor=True, guardian_name="Lupe")) == {}


def test_a_two_character_chinese_name_is_enough_to_find_its_person(db):
    """A wide character says as much as two letters; many Chinese names have two characters in all."""
    pid = _add(db, "王芳")
    with db.session() as s:
        assert find_returning(s, "王").too_short
        assert [m.participant_id for m in find_returning(s, "王芳").matches] == [pid]

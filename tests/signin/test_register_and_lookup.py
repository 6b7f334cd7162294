"""New people need only a first name; returning people find themselves, and only themselves."""

from __future__ import annotations

from datetime import datetime

from desktop.i18n import set_language
from desktop.models import Participant
from desktop.signin.lookup import MAX_MATCHES, find_returning
from desktop.signin.people import ParticipantDraft, register_participant, update_participant


def _add(db, first, last="", phone="", **kw):
    with db.transaction() as s:
        return register_participant(
            s, ParticipantDraft(first_name=first, last_name=last, phone=phone, contact_consent=bool(phone), **kw)
        ).id


def test_only_a_first_name_is_required(db):
    pid = _add(db, "Darnell")
    with db.session() as s:
        p = s.get(Participant, pid)
        assert (p.first_name, p.last_name, p.phone, p.contact_consent) == ("Darnell", "", "", False)


def test_consent_to_contact_is_stored_with_its_wording_and_time(db):
    before = datetime.utcnow()
    pid = _add(db, "Keisha", "Brown", phone="+1 555-222-3344")
    with db.session() as s:
        p = s.get(Participant, pid)
    assert p.contact_consent is True
    assert p.contact_consent_at >= before.replace(microsecond=0)
    assert "contact me" in p.contact_consent_text
    assert p.phone_last4 == "3344"


def test_consent_wording_is_stored_in_the_language_the_person_read(db):
    set_language("es")
    try:
        pid = _add(db, "Lupe", phone="555 987 6543")
    finally:
        set_language("en")
    with db.session() as s:
        text = s.get(Participant, pid).contact_consent_text
    assert "contact me" not in text and text  # Spanish wording


def test_a_returning_person_is_found_by_the_first_three_letters_of_their_first_name(db):
    pid = _add(db, "Marcus", "Johnson")
    with db.session() as s:
        result = find_returning(s, "mar")
    assert [m.participant_id for m in result.matches] == [pid]


def test_matches_show_only_first_name_and_last_initial(db):
    _add(db, "Marcus", "Johnson", phone="555 111 2222")
    with db.session() as s:
        assert [m.label for m in find_returning(s, "marc").matches] == ["Marcus J."]


def test_name_search_ignores_case_and_accents_and_matches_any_part_of_the_name(db):
    pid = _add(db, "Nguyễn", "Thị Hoa")
    with db.session() as s:
        for query in ("NGUY", "nguyen", "hoa", "thi h", "Thị"):
            assert [m.participant_id for m in find_returning(s, query).matches] == [pid], query


def test_search_finds_names_in_other_scripts(db):
    ids = {_add(db, "Олена", "Коваленко"), _add(db, "محمد", "الأحمد"), _add(db, "王芳")}
    with db.session() as s:
        found = {m.participant_id for q in ("оле", "محمد", "王芳") for m in find_returning(s, q).matches}
    assert found == ids


def test_apostrophes_and_hyphens_do_not_get_in_the_way(db):
    pid = _add(db, "Siobhán", "O'Brien")
    with db.session() as s:
        assert [m.participant_id for m in find_returning(s, "o'bri").matches] == [pid]
        assert [m.participant_id for m in find_returning(s, "obrien").matches] == [pid]  # same key, typed plain
        assert [m.participant_id for m in find_returning(s, "obrein").matches] == []  # still not fuzzy


def test_one_letter_shows_nothing_so_the_list_cannot_be_browsed(db):
    _add(db, "Ana")
    with db.session() as s:
        result = find_returning(s, "a")
    assert result.matches == [] and result.too_short


def test_at_most_five_matches_are_shown_and_more_is_flagged(db):
    for i in range(8):
        _add(db, f"Maria {chr(65 + i)}")
    with db.session() as s:
        result = find_returning(s, "mari")
    assert len(result.matches) == MAX_MATCHES and result.more


def test_a_returning_person_is_found_by_the_last_four_digits_of_their_phone(db):
    pid = _add(db, "Grace", "Mensah", phone="+233 (20) 555-7788")
    with db.session() as s:
        assert [m.participant_id for m in find_returning(s, "7788").matches] == [pid]
        assert [m.participant_id for m in find_returning(s, "555-7788").matches] == [pid]
        assert find_returning(s, "78").too_short


def test_search_punctuation_and_quotes_never_break_the_lookup(db):
    """Quotes and stars are ignored; search operators (OR, NEAR) are plain words, never syntax."""
    pid = _add(db, "Ana")
    found = {'"ana': [pid], 'ana"': [pid], "ana*": [pid], "an OR x": [], "NEAR(an)": [], "x" * 10_000: []}
    with db.session() as s:
        for query, ids in found.items():
            assert [m.participant_id for m in find_returning(s, query).matches] == ids, query
        for query in ("(", "—", "\n\n", "a-n"):
            assert find_returning(s, query).too_short, query


def test_an_edited_name_is_found_by_its_new_spelling_only(db):
    pid = _add(db, "Jon")
    with db.transaction() as s:
        update_participant(s, pid, ParticipantDraft(first_name="Jonathan", last_name="Eze"))
    with db.session() as s:
        assert [m.participant_id for m in find_returning(s, "eze").matches] == [pid]
        assert find_returning(s, "jon").matches  # prefix of the new name
        p = s.get(Participant, pid)
        assert p.search_key == "jonathan eze"


def test_the_lookup_keys_are_kept_even_when_a_writer_forgets_them(db):
    with db.transaction() as s:
        p = Participant(first_name="Zoë", last_name="Williams", phone="555 000 4321")
        s.add(p)
    with db.session() as s:
        assert s.get(Participant, p.id).search_key == "zoe williams"
        assert [m.participant_id for m in find_returning(s, "4321").matches] == [p.id]


def test_removing_consent_removes_its_wording_and_time(db):
    pid = _add(db, "Keisha", phone="555 222 3344")
    with db.transaction() as s:
        update_participant(s, pid, ParticipantDraft(first_name="Keisha"))
    with db.session() as s:
        p = s.get(Participant, pid)
    assert (p.phone, p.contact_consent, p.contact_consent_at, p.contact_consent_text) == ("", False, None, "")


def test_a_short_first_name_typed_in_full_finds_its_owner_and_nobody_else(db):
    li = _add(db, "Li")
    bo = _add(db, "Bo", "Andersson")
    _add(db, "Lisa", "Park")
    with db.session() as s:
        assert [m.participant_id for m in find_returning(s, "Li").matches] == [li]
        found = find_returning(s, "bo")
        assert [(m.participant_id, m.label) for m in found.matches] == [(bo, "Bo A.")]  # first name and initial
        assert find_returning(s, "L").too_short  # not a whole name: nothing shown
        assert find_returning(s, "B A").too_short  # two words are no whole first name


def test_at_most_five_people_share_a_short_first_name_in_the_results(db):
    for i in range(MAX_MATCHES + 2):
        _add(db, "Li", f"Family{i}")
    with db.session() as s:
        result = find_returning(s, "li")
    assert len(result.matches) == MAX_MATCHES and result.more


def test_apostrophes_and_hyphens_inside_a_name_are_ignored_alike_in_the_key_and_the_typed_text(db):
    obrien = _add(db, "Siobhan", "O'Brien")
    jean = _add(db, "Jean-Luc", "Picard")
    with db.session() as s:
        for typed in ("obr", "obrien", "O'Brien", "O’Br", "brien", "siobhan o'b"):
            assert [m.participant_id for m in find_returning(s, typed).matches] == [obrien], typed
        for typed in ("jeanl", "Jean-Luc", "luc", "jean luc"):
            assert [m.participant_id for m in find_returning(s, typed).matches] == [jean], typed


def test_a_first_name_typed_without_its_apostrophe_asks_is_one_of_these_you(db):
    from desktop.signin.lookup import same_first_name

    dee = _add(db, "D'Andre", "Lewis")
    with db.session() as s:
        assert [m.participant_id for m in same_first_name(s, "no-session", "dandre")] == [dee]
        assert [m.participant_id for m in same_first_name(s, "no-session", "D’Andre")] == [dee]


def test_a_hosts_edit_sets_every_language_spoken_and_a_kiosk_edit_only_adds_the_preferred_one(db):
    with db.transaction() as s:
        ana = register_participant(s, ParticipantDraft(first_name="Ana", language="es", languages=["pt", "es"]))
        assert ana.languages == ["pt", "es"]
        # The host's editor gives the whole list; the preferred language is always one of them.
        update_participant(s, ana.id, ParticipantDraft(first_name="Ana", language="en", languages=[" PT ", "fr"]))
        assert ana.languages == ["pt", "fr", "en"]
        # A form that knows only the preferred language (the kiosk) leaves the others as they are.
        update_participant(s, ana.id, ParticipantDraft(first_name="Ana", language="es"))
        assert ana.languages == ["pt", "fr", "en", "es"]

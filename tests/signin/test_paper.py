"""Paper sign-ins: the rows of a printed sheet typed in afterwards, each once, by the kiosk's own rules."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.handouts.data import session_short_code
from desktop.models import Participant, SignIn
from desktop.signin.attendance import undo_sign_in
from desktop.signin.paper import PaperRow, read_row_code, record_paper_rows
from desktop.signin.people import NotFound, consent_wording


def _code(session_id: str, n: int) -> str:
    return f"{session_short_code(session_id)}-{n:02d}"


def _sign_ins(s, session_id: str) -> list[SignIn]:
    return list(s.scalars(select(SignIn).where(SignIn.session_id == session_id).order_by(SignIn.row_code)))


def test_a_paper_row_becomes_a_new_person_signed_in_with_source_paper_and_its_row_code(db, open_session_id):
    code = _code(open_session_id, 7)
    with db.transaction() as s:
        result = record_paper_rows(s, open_session_id, [PaperRow(code, "Zoë", first_time=True)])
    assert [o.status for o in result.outcomes] == ["entered"]
    with db.session() as s:
        (row,) = _sign_ins(s, open_session_id)
        assert (row.source, row.row_code, row.first_visit) == ("paper", code, True)
        assert s.get(Participant, row.participant_id).first_name == "Zoë"


def test_an_unticked_first_time_box_is_recorded_as_a_return_visit(db, open_session_id):
    with db.transaction() as s:
        record_paper_rows(s, open_session_id, [PaperRow(_code(open_session_id, 1), "Marcus", first_time=False)])
    with db.session() as s:
        (row,) = _sign_ins(s, open_session_id)
        assert row.first_visit is False


def test_typing_the_same_row_again_is_recognised_and_writes_nothing_new(db, open_session_id):
    code = _code(open_session_id, 7)
    with db.transaction() as s:
        record_paper_rows(s, open_session_id, [PaperRow(code, "Ana")])
    with db.transaction() as s:
        again = record_paper_rows(s, open_session_id, [PaperRow("7", "Ana"), PaperRow(_code(open_session_id, 8), "Bo")])
    assert [o.status for o in again.outcomes] == ["already", "entered"]
    assert again.outcomes[0].message == "Row 7 was already entered, for Ana: nothing was changed."
    assert again.summary == "1 sign-in entered, 1 was already there."
    with db.session() as s:
        assert len(_sign_ins(s, open_session_id)) == 2
        assert s.scalar(select(func.count()).select_from(Participant)) == 2


def test_the_same_code_twice_in_one_batch_is_entered_once(db, open_session_id):
    code = _code(open_session_id, 3)
    with db.transaction() as s:
        result = record_paper_rows(s, open_session_id, [PaperRow(code, "Ana"), PaperRow(code.lower(), "Ana")])
    assert [o.status for o in result.outcomes] == ["entered", "already"]


def test_a_code_already_entered_for_someone_else_stays_a_problem_and_writes_nothing(db, open_session_id):
    with db.transaction() as s:
        record_paper_rows(s, open_session_id, [PaperRow("3", "Ana")])
    with db.transaction() as s:
        again = record_paper_rows(s, open_session_id, [PaperRow("03", "María José")])
    (outcome,) = again.outcomes
    assert outcome.status == "problem"
    assert outcome.message == "Row 3 is already Ana's. Check the code on the sheet for María José."
    assert again.summary == "0 sign-ins entered, 1 row needs fixing."
    with db.session() as s:
        assert [p.first_name for p in s.scalars(select(Participant))] == ["Ana"]


def test_a_code_typed_twice_in_one_batch_for_two_people_keeps_the_second_as_a_problem(db, open_session_id):
    with db.transaction() as s:
        result = record_paper_rows(s, open_session_id, [PaperRow("3", "Ana"), PaperRow("03", "María José")])
    assert [o.status for o in result.outcomes] == ["entered", "problem"]
    assert result.outcomes[1].message == "Row 3 is already Ana's. Check the code on the sheet for María José."


def test_a_row_typed_again_with_its_name_in_other_accents_or_case_is_already_entered(db, open_session_id):
    with db.transaction() as s:
        record_paper_rows(s, open_session_id, [PaperRow("4", "María José")])
    with db.transaction() as s:
        again = record_paper_rows(s, open_session_id, [PaperRow("4", " maria  JOSE ")])
    assert [o.status for o in again.outcomes] == ["already"]


def test_a_row_whose_sign_in_was_undone_can_be_entered_again(db, open_session_id):
    code = _code(open_session_id, 2)
    with db.transaction() as s:
        first = record_paper_rows(s, open_session_id, [PaperRow(code, "Ana")])
        undo_sign_in(s, first.outcomes[0].sign_in_id)
    with db.transaction() as s:
        again = record_paper_rows(s, open_session_id, [PaperRow(code, "Anna")])
    assert again.outcomes[0].status == "entered"


def test_a_code_from_another_sessions_sheet_is_refused_in_plain_words(db, open_session_id, other_session_id):
    wrong = _code(other_session_id, 4)
    assert session_short_code(other_session_id) != session_short_code(open_session_id)
    with db.transaction() as s:
        result = record_paper_rows(s, open_session_id, [PaperRow(wrong, "Ana"), PaperRow("", "Bo")])
    short = session_short_code(open_session_id)
    assert [o.status for o in result.outcomes] == ["problem", "problem"]
    assert result.outcomes[0].message == f"{wrong} is not from this session's sheet: its codes start with {short}-."
    assert result.outcomes[1].message == f"Type the code printed at the start of the row, such as {short}."
    with db.session() as s:
        assert _sign_ins(s, open_session_id) == []


@pytest.mark.parametrize("typed", ["7", "07", "{short}-07", "{short}07", " {lower} 7 ", "{short}-7"])
def test_a_code_is_read_however_the_host_types_it(open_session_id, typed):
    short = session_short_code(open_session_id)
    assert read_row_code(open_session_id, typed.format(short=short, lower=short.lower())) == (f"{short}-07", 7)


@pytest.mark.parametrize("typed", ["0", "1000", "seven", "{short}-", "{short}-x1", "²", "{short}-٣", "７"])
def test_something_that_is_not_a_row_code_is_refused(open_session_id, typed):
    from desktop.signin.paper import RowCodeProblem

    with pytest.raises(RowCodeProblem, match="is not a row code"):
        read_row_code(open_session_id, typed.format(short=session_short_code(open_session_id)))


def test_a_session_whose_code_is_all_digits_reads_its_codes_typed_without_a_dash():
    import itertools
    import uuid

    # About one session in a hundred has a code of digits only: find the first such id.
    session_id = next(i for i in (str(uuid.UUID(int=n)) for n in itertools.count()) if session_short_code(i).isdigit())
    short = session_short_code(session_id)
    for typed in (f"{short} 7", f"{short}07", "7", f"{short}-7"):
        assert read_row_code(session_id, typed) == (f"{short}-07", 7), typed


def test_a_row_without_a_first_name_is_left_out_and_the_good_rows_are_entered(db, open_session_id):
    with db.transaction() as s:
        result = record_paper_rows(
            s, open_session_id, [PaperRow(_code(open_session_id, 1), "  "), PaperRow(_code(open_session_id, 2), "Bo")]
        )
    assert [o.status for o in result.outcomes] == ["problem", "entered"]
    assert "first name" in result.outcomes[0].message
    assert result.summary == "1 sign-in entered, 1 row needs fixing."


def test_a_phone_from_the_slip_is_kept_only_with_the_contact_tick(db, open_session_id):
    with db.transaction() as s:
        result = record_paper_rows(
            s,
            open_session_id,
            [
                PaperRow(_code(open_session_id, 1), "Ana", contact="555 010 2345"),
                PaperRow(_code(open_session_id, 2), "Bo", contact_me=True, contact="bo@example.org"),
            ],
        )
    assert [o.status for o in result.outcomes] == ["problem", "entered"]
    assert result.outcomes[0].message == (
        "There is a phone or email but “Contact me” is not ticked: without the tick it cannot be kept."
    )
    with db.session() as s:
        people = s.scalars(select(Participant)).all()
        assert [(p.first_name, p.email, p.phone, p.contact_consent) for p in people] == [
            ("Bo", "bo@example.org", "", True)
        ]
        assert people[0].contact_consent_text == consent_wording("en")
        assert people[0].contact_consent_at is not None


def test_a_contact_tick_without_any_phone_or_email_keeps_no_consent(db, open_session_id):
    with db.transaction() as s:
        record_paper_rows(s, open_session_id, [PaperRow(_code(open_session_id, 1), "Ana", contact_me=True)])
    with db.session() as s:
        person = s.scalars(select(Participant)).one()
        assert (person.contact_consent, person.contact_consent_text) == (False, "")


def test_an_empty_photo_box_means_no_photos(db, open_session_id):
    with db.transaction() as s:
        record_paper_rows(
            s,
            open_session_id,
            [PaperRow(_code(open_session_id, 1), "Ana"), PaperRow(_code(open_session_id, 2), "Bo", photos_ok=True)],
        )
    with db.session() as s:
        assert {p.first_name: p.photo_consent for p in s.scalars(select(Participant))} == {"Ana": False, "Bo": True}


def test_rows_can_be_entered_after_the_session_has_closed(db, open_session_id):
    from desktop.sessions.planning import close_session

    with db.transaction() as s:
        close_session(s, open_session_id)
    with db.transaction() as s:
        result = record_paper_rows(s, open_session_id, [PaperRow(_code(open_session_id, 1), "Ana")])
    assert result.outcomes[0].status == "entered"


def test_rows_for_a_session_no_longer_here_say_so(db):
    with pytest.raises(NotFound, match="no longer on this laptop"), db.transaction() as s:
        record_paper_rows(s, "no-such-session", [PaperRow("1", "Ana")])

"""Operations on who comes: sign-ins (kiosk and host), people's details, exit cards, merges and erasure."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.ops.changes import Done, Kind, OpChanges
from desktop.signin import attendance, exit_cards, merge, people
from desktop.signin.attendance import SignInResult
from desktop.signin.erasure import ErasureResult, erase_participant
from desktop.signin.exit_cards import ExitCardDraft
from desktop.signin.merge import MergeResult
from desktop.signin.paper import PaperResult, PaperRow, record_paper_rows
from desktop.signin.people import ParticipantDraft


def sign_in(session: Session, session_id: str, participant_id: str) -> Done[SignInResult]:
    """A returning person signs in at the kiosk (signing in twice keeps the first sign-in)."""
    result = attendance.sign_in(session, session_id, participant_id)
    return Done(result, OpChanges.of(Kind.SIGN_INS, session_id=session_id))


def register_and_sign_in(
    session: Session,
    session_id: str,
    draft: ParticipantDraft,
    consent_text: str | None = None,
    participant_id: str | None = None,
) -> Done[SignInResult]:
    """A new person at the kiosk: their record and their sign-in, or neither.

    Given the same ``participant_id`` twice (a double tap on "I'm new"), the second makes no new record.
    """
    result = attendance.register_and_sign_in(
        session, session_id, draft, consent_text=consent_text, participant_id=participant_id
    )
    return Done(result, OpChanges.of(Kind.PARTICIPANTS, Kind.SIGN_INS, session_id=session_id))


def add_details(
    session: Session, session_id: str, participant_id: str, draft: ParticipantDraft, consent_text: str | None = None
) -> Done[str]:
    """The kiosk's optional "tell us a bit more", after the person has signed in; the value is their id."""
    person = attendance.add_details(session, session_id, participant_id, draft, consent_text=consent_text)
    return Done(person.id, OpChanges.of(Kind.PARTICIPANTS, Kind.SIGN_INS, session_id=session_id))


def walk_in(
    session: Session, session_id: str, first_name: str, last_name: str = "", experience: str = "never"
) -> Done[SignInResult]:
    """The host signs in someone new at the door."""
    result = attendance.walk_in(session, session_id, first_name, last_name, experience)
    return Done(result, OpChanges.of(Kind.PARTICIPANTS, Kind.SIGN_INS, session_id=session_id))


def enter_paper_rows(session: Session, session_id: str, rows: list[PaperRow]) -> Done[PaperResult]:
    """Rows of a paper sign-in sheet typed in by the host; a row entered before is recognised by its code."""
    result = record_paper_rows(session, session_id, rows)
    return Done(result, OpChanges.of(Kind.PARTICIPANTS, Kind.SIGN_INS, session_id=session_id))


def mark_helper(session: Session, sign_in_id: str, helper: bool) -> Done[None]:
    row = attendance.mark_helper(session, sign_in_id, helper)
    return Done(None, OpChanges.of(Kind.SIGN_INS, session_id=row.session_id))


def sign_out(session: Session, sign_in_id: str) -> Done[None]:
    row = attendance.sign_out(session, sign_in_id)
    return Done(None, OpChanges.of(Kind.SIGN_INS, session_id=row.session_id))


def undo_sign_in(session: Session, sign_in_id: str) -> Done[None]:
    """A sign-in made by mistake is voided (kept, so the correction travels through sync)."""
    row = attendance.undo_sign_in(session, sign_in_id)
    return Done(None, OpChanges.of(Kind.SIGN_INS, session_id=row.session_id))


def edit_person(session: Session, participant_id: str, draft: ParticipantDraft) -> Done[str]:
    """The host corrects a person's details; the value is the id of the record changed."""
    person = people.update_participant(session, participant_id, draft)
    return Done(person.id, OpChanges.of(Kind.PARTICIPANTS))


def record_exit_card(session: Session, session_id: str, draft: ExitCardDraft) -> Done[str]:
    """An exit card, from the kiosk or taken down by the host; the value is its id."""
    card = exit_cards.record_exit_card(session, session_id, draft)
    return Done(card.id, OpChanges.of(Kind.EXIT_CARDS, session_id=session_id))


def merge_people(session: Session, keep_id: str, duplicate_id: str) -> Done[MergeResult]:
    """Join a duplicate record's history (sign-ins, exit cards, pairings) to the record kept."""
    result = merge.merge_participants(session, keep_id, duplicate_id)
    changes = OpChanges.of(
        Kind.PARTICIPANTS, Kind.SIGN_INS, Kind.EXIT_CARDS, Kind.PAIRINGS, Kind.FOLLOW_UPS, Kind.LADDER_STEPS
    )
    return Done(result, changes)


def erase_person(session: Session, participant_id: str) -> Done[ErasureResult]:
    """Erase a person here and, through sync, everywhere.

    Besides their record, the rows that pointed at them, the changes not yet sent and the
    conflicts about them change; the write-ahead log is emptied once the erasure commits.
    """
    result = erase_participant(session, participant_id)
    changes = OpChanges.of(
        Kind.PARTICIPANTS,
        Kind.SESSIONS,
        Kind.SIGN_INS,
        Kind.EXIT_CARDS,
        Kind.PAIRINGS,
        Kind.FOLLOW_UPS,
        Kind.LADDER_STEPS,
        Kind.CONFLICTS,
        Kind.OUTBOX,
    )
    return Done(result, changes)

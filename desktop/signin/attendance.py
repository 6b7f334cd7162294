"""Signing in and out, walk-ins, helpers, undo, the host's roster and a person's past sessions.

``sign_in`` is the kiosk's hot path: a few indexed statements and one commit
(the caller's transaction; WAL with synchronous=FULL), so the kiosk says
welcome only once the sign-in would survive a power cut. It writes the row and
its outbox entry itself, exactly as the ORM's flush hook would.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Participant, SignIn, TasterSession, Venue, new_id, utcnow
from desktop.models.database import sqlite_driver
from desktop.models.fast_insert import insert_new_rows
from desktop.signin.people import (
    NotFound,
    ParticipantDraft,
    full_name,
    live_participant,
    register_participant,
    update_participant,
)
from desktop.signin.validation import InvalidInput
from desktop.vocabulary import SIGN_IN_SOURCES

SOURCES = SIGN_IN_SOURCES


class SessionClosed(InvalidInput):
    pass


@dataclass(frozen=True)
class SignInResult:
    sign_in_id: str
    participant_id: str
    first_name: str
    already: bool  # was already signed in to this session: nothing new was written
    first_visit: bool


def sign_in(
    session: Session,
    session_id: str,
    participant_id: str,
    *,
    source: str = "kiosk",
    as_helper: bool = False,
    came_with: str = "",
    now: datetime | None = None,
    row_code: str = "",
    first_visit: bool | None = None,
) -> SignInResult:
    """Sign a person in to a session. Signing in twice returns the first sign-in (``already``).

    ``row_code`` is a paper sheet's row; ``first_visit``, when given, is what the person said on paper
    (a new record knows no earlier visits, so "first time here?" cannot be worked out for them).
    """
    if session.new or session.dirty or session.deleted:
        session.flush()
    driver = sqlite_driver(session.connection().connection)
    row = driver.execute(
        "SELECT id, first_name, deleted, erased, merged_into FROM participants WHERE id = ?", (participant_id,)
    ).fetchone()
    if row is None or row[2] or row[3]:
        raise NotFound(_("That person's details are no longer on this laptop."))
    if row[4]:  # merged into another record: sign in the one that was kept
        participant_id = live_participant(session, participant_id).id
        row = driver.execute("SELECT id, first_name FROM participants WHERE id = ?", (participant_id,)).fetchone()
    first_name = row[1]
    status = driver.execute("SELECT status FROM sessions WHERE id = ? AND deleted = 0", (session_id,)).fetchone()
    if status is None:
        raise NotFound(_("That session is no longer on this laptop."))
    if status[0] == "closed" and source == "kiosk":
        raise SessionClosed.one("session", _("This session has closed. Please ask a host to sign you in."))
    existing = driver.execute(
        "SELECT id, signed_out_at FROM sign_ins WHERE session_id = ? AND participant_id = ? "
        "AND voided = 0 AND deleted = 0 LIMIT 1",
        (session_id, participant_id),
    ).fetchone()
    if existing is not None:
        if existing[1] is not None:  # signed out earlier and came back
            back = session.get_one(SignIn, existing[0])
            back.signed_out_at = None
            session.flush()
        return SignInResult(existing[0], participant_id, first_name, already=True, first_visit=False)
    been_before = driver.execute(
        "SELECT 1 FROM sign_ins WHERE participant_id = ? AND voided = 0 AND deleted = 0 LIMIT 1",
        (participant_id,),
    ).fetchone()
    sign_in_id = new_id()
    first = been_before is None if first_visit is None else first_visit
    values = {
        "id": sign_in_id,
        "deleted": False,
        "session_id": session_id,
        "participant_id": participant_id,
        "signed_in_at": now or utcnow(),
        "signed_out_at": None,
        "as_helper": bool(as_helper),
        "first_visit": first,
        "came_with": came_with,
        "source": source if source in SOURCES else "kiosk",
        "voided": False,
        "row_code": row_code,
    }
    insert_new_rows(session, SignIn, [values])
    return SignInResult(sign_in_id, participant_id, first_name, already=False, first_visit=first)


def register_and_sign_in(
    session: Session,
    session_id: str,
    draft: ParticipantDraft,
    *,
    source: str = "kiosk",
    consent_text: str | None = None,
    participant_id: str | None = None,
    row_code: str = "",
    first_visit: bool | None = None,
) -> SignInResult:
    """The kiosk's "I'm new here": one transaction, so a refused sign-in leaves no stray person.

    ``participant_id`` makes it safe to ask twice: the kiosk picks one id per new person, and a second
    "I'm new" with the same id (a double tap, a retry) signs in the record the first one made.
    """
    if participant_id and session.get(Participant, participant_id) is not None:
        return sign_in(session, session_id, participant_id, source=source)
    p = register_participant(session, draft, consent_text=consent_text, participant_id=participant_id)
    return sign_in(
        session, session_id, p.id, source=source, came_with=p.came_with, row_code=row_code, first_visit=first_visit
    )


def add_details(
    session: Session,
    session_id: str,
    participant_id: str,
    draft: ParticipantDraft,
    *,
    consent_text: str | None = None,
) -> Participant:
    """A person who has just signed in tells us a bit more (the kiosk's optional second screen).

    The first name stays as they signed in with; "came with" also goes on this session's sign-in,
    where pairing reads it.
    """
    person = live_participant(session, participant_id)
    draft = replace(draft, first_name=person.first_name)
    person = update_participant(session, person.id, draft, consent_text=consent_text)
    if person.came_with:
        row = session.scalars(
            select(SignIn).where(
                SignIn.session_id == session_id,
                SignIn.participant_id == person.id,
                SignIn.voided.is_(False),
                SignIn.deleted.is_(False),
            )
        ).first()
        if row is not None and not row.came_with:
            row.came_with = person.came_with
            session.flush()
    return person


def walk_in(
    session: Session, session_id: str, first_name: str, last_name: str = "", experience: str = "never"
) -> SignInResult:
    """The host adds someone at the door in three fields."""
    draft = ParticipantDraft(first_name=first_name, last_name=last_name, experience=experience or "never")
    return register_and_sign_in(session, session_id, draft, source="host")


def _sign_in_row(session: Session, sign_in_id: str) -> SignIn:
    row = session.get(SignIn, sign_in_id)
    if row is None or row.deleted:
        raise NotFound(_("That sign-in is no longer on this laptop."))
    return row


def sign_out(session: Session, sign_in_id: str, now: datetime | None = None) -> SignIn:
    row = _sign_in_row(session, sign_in_id)
    if row.signed_out_at is None:
        row.signed_out_at = now or utcnow()
    session.flush()
    return row


def mark_helper(session: Session, sign_in_id: str, helper: bool = True) -> SignIn:
    row = _sign_in_row(session, sign_in_id)
    row.as_helper = helper
    session.flush()
    return row


def undo_sign_in(session: Session, sign_in_id: str) -> SignIn:
    """A mistaken sign-in is voided, not removed: the correction itself travels through sync."""
    row = _sign_in_row(session, sign_in_id)
    row.voided = True
    session.flush()
    return row


@dataclass(frozen=True)
class RosterRow:
    sign_in_id: str
    participant_id: str | None
    name: str  # the host sees full names; the kiosk never shows this
    since: datetime
    signed_out_at: datetime | None
    as_helper: bool
    first_visit: bool
    experience: str
    source: str
    pronouns: str = ""
    access_needs: str = ""

    @property
    def here(self) -> bool:
        return self.signed_out_at is None


def roster(session: Session, session_id: str) -> list[RosterRow]:
    """Who signed in to a session (voided sign-ins left out), earliest first."""
    rows = session.execute(
        select(SignIn, Participant)
        .outerjoin(Participant, Participant.id == SignIn.participant_id)
        .where(SignIn.session_id == session_id, SignIn.voided.is_(False), SignIn.deleted.is_(False))
        .order_by(SignIn.signed_in_at)
    ).all()
    out = []
    for s, p in rows:
        name = full_name(p.first_name, p.last_name) if p is not None else _("Someone (details erased)")
        out.append(
            RosterRow(
                s.id,
                s.participant_id,
                name,
                s.signed_in_at,
                s.signed_out_at,
                s.as_helper,
                s.first_visit,
                p.experience if p is not None else "",
                s.source,
                p.pronouns if p is not None else "",
                p.access_needs if p is not None else "",
            )
        )
    return out


@dataclass(frozen=True)
class PastVisit:
    session_id: str
    title: str
    venue: str
    starts_at: datetime
    as_helper: bool


def past_sessions(session: Session, participant_id: str) -> list[PastVisit]:
    """The sessions a person came to, newest first (the host's view; never shown at the kiosk)."""
    rows = session.execute(
        select(TasterSession, Venue.name, SignIn.as_helper)
        .join(SignIn, SignIn.session_id == TasterSession.id)
        .join(Venue, Venue.id == TasterSession.venue_id)
        .where(SignIn.participant_id == participant_id, SignIn.voided.is_(False), SignIn.deleted.is_(False))
        .order_by(TasterSession.starts_at.desc())
    ).all()
    return [PastVisit(ts.id, ts.title, venue, ts.starts_at, helper) for ts, venue, helper in rows]

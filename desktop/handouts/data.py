"""What handouts need from the database, gathered into plain records.

Runs on the database thread (UI) or in the command; the records it returns are
then drawn anywhere. Only the people signed in to the session appear, with the
fields a handout prints: first name, last name (certificates), pronouns, the
photo choice and whether it was their first visit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Lesson, PairingGroup, PairingRound, Participant, SignIn, TasterSession, Venue
from desktop.reports.definitions import visit_counts
from desktop.sessions.planning import latest_session

# Letters and digits nobody mistakes for one another when copying by hand.
_CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"


class HandoutError(Exception):
    """Something a person can fix (no such session, nobody signed in); the message says what."""


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str = ""
    pronouns: str = ""
    photo_ok: bool | None = None  # None: not asked; False: no photos
    first_visit: bool = False
    helper: bool = False
    visits: int = 1  # sessions attended up to and including this one
    language: str = ""  # the language the person prefers, a BCP 47 code; "" when not known


@dataclass(frozen=True)
class LessonInfo:
    id: str
    slug: str
    title: str
    language: str = "en"
    minutes: int = 60
    text: str = ""
    source_path: str = ""


@dataclass(frozen=True)
class NextSession:
    title: str
    starts_at: datetime
    venue: str


@dataclass(frozen=True)
class TableGroup:
    number: int
    names: tuple[str, ...]


@dataclass
class SessionInfo:
    id: str
    title: str
    starts_at: datetime
    duration_minutes: int = 90
    language: str = "en"
    venue_name: str = ""
    venue_address: str = ""
    hosts: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    lessons: list[LessonInfo] = field(default_factory=list)
    next_session: NextSession | None = None
    tables: list[TableGroup] = field(default_factory=list)
    round_number: int | None = None

    @property
    def short_code(self) -> str:
        return session_short_code(self.id)


def session_short_code(session_id: str) -> str:
    """Three characters naming a session on paper (the sign-in sheet's row codes)."""
    digest = hashlib.sha1(session_id.encode()).digest()
    return "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in digest[:3])


def find_session(session: Session, ref: str, now: datetime | None = None) -> TasterSession:
    """A session by id, by the start of its id, or ``latest`` (see ``latest_session``)."""
    live = TasterSession.deleted.is_(False)
    ref = (ref or "").strip()
    if ref.lower() == "latest":
        found = latest_session(session, now)
        if found is None:
            raise HandoutError(_("There are no sessions yet. Plan one first, then print its handouts."))
        return found
    if not ref:
        raise HandoutError(_("Say which session: its id, or `latest`."))
    exact = session.get(TasterSession, ref)
    if exact is not None and not exact.deleted:
        return exact
    matches = session.scalars(
        select(TasterSession).where(live, TasterSession.id.startswith(ref, autoescape=True)).limit(2)
    ).all()
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise HandoutError(_("More than one session starts with {ref}; give more of its id.").format(ref=ref))
    raise HandoutError(_("No session with the id {ref}.").format(ref=ref))


def collect_session(session: Session, ref: str, now: datetime | None = None) -> SessionInfo:
    ts = find_session(session, ref, now)
    venue = session.get(Venue, ts.venue_id)
    info = SessionInfo(
        id=ts.id,
        title=ts.title or _("Taster session"),
        starts_at=ts.starts_at,
        duration_minutes=ts.duration_minutes or 0,
        language=ts.language or "en",
        venue_name=venue.name if venue else "",
        venue_address=venue.address if venue else "",
        hosts=list(ts.hosts or []),
    )
    rows = session.execute(
        select(SignIn, Participant)
        .join(Participant, Participant.id == SignIn.participant_id)
        .where(
            SignIn.session_id == ts.id,
            SignIn.voided.is_(False),
            SignIn.deleted.is_(False),
            Participant.deleted.is_(False),
            Participant.erased.is_(False),
        )
        .order_by(SignIn.signed_in_at)
    ).all()
    seen: set[str] = set()
    visits = _visits_until(session, [p.id for _s, p in rows], ts.starts_at)
    for sign_in, p in rows:
        if p.id in seen:  # signed in twice (kiosk and host): one badge, one certificate
            continue
        seen.add(p.id)
        info.people.append(
            Person(
                first_name=p.first_name,
                last_name=p.last_name,
                pronouns=p.pronouns,
                photo_ok=p.photo_consent,
                first_visit=sign_in.first_visit,
                helper=sign_in.as_helper,
                visits=max(1, visits.get(p.id, 1)),
                language=p.language or "",
            )
        )
    for lesson_id in ts.lesson_ids or []:
        lesson = session.get(Lesson, lesson_id)
        if lesson is not None and not lesson.deleted:
            info.lessons.append(lesson_info(lesson))
    nxt = session.scalars(
        select(TasterSession)
        .where(
            TasterSession.deleted.is_(False),
            TasterSession.venue_id == ts.venue_id,
            TasterSession.starts_at > max(ts.starts_at, (now or datetime.now()) - timedelta(hours=1)),
            TasterSession.status != "closed",
            TasterSession.id != ts.id,
        )
        .order_by(TasterSession.starts_at)
        .limit(1)
    ).first()
    if nxt is not None:
        info.next_session = NextSession(nxt.title, nxt.starts_at, info.venue_name)
    _collect_tables(session, ts.id, info)
    return info


def _visits_until(session: Session, person_ids: list[str], until: datetime) -> dict[str, int]:
    if not person_ids:
        return {}
    # Visits up to and including this session, by the one rule every count uses.
    return {pid: int(n) for pid, n in session.execute(visit_counts(person_ids, through=until))}


def _collect_tables(session: Session, session_id: str, info: SessionInfo, round_id: str | None = None) -> None:
    query = select(PairingRound).where(PairingRound.session_id == session_id, PairingRound.deleted.is_(False))
    if round_id:
        query = query.where(PairingRound.id == round_id)
    rnd = session.scalars(query.order_by(PairingRound.number.desc(), PairingRound.created_at.desc()).limit(1)).first()
    if rnd is None:
        return
    groups = session.scalars(
        select(PairingGroup)
        .where(PairingGroup.round_id == rnd.id, PairingGroup.deleted.is_(False))
        .order_by(PairingGroup.table_number)
    ).all()
    ids = {pid for g in groups for pid in g.member_ids or []}
    people = {
        p.id: p
        for p in session.scalars(select(Participant).where(Participant.id.in_(ids))).all()
        if not p.erased and not p.deleted
    }
    info.round_number = rnd.number
    for g in groups:
        names = tuple(people[pid].first_name for pid in g.member_ids or [] if pid in people)
        if names:
            info.tables.append(TableGroup(g.table_number, names))


def lesson_info(lesson: Lesson) -> LessonInfo:
    return LessonInfo(
        id=lesson.id,
        slug=lesson.slug,
        title=lesson.title,
        language=lesson.language or "en",
        minutes=lesson.minutes or 0,
        text=lesson.text or "",
        source_path=lesson.source_path or "",
    )


def find_lesson_row(session: Session, ref: str) -> Lesson:
    """A lesson in the library by id, slug (front-matter ``id``), or the start of its id."""
    from desktop.lessons.library import find_lesson

    ref = (ref or "").strip()
    lesson = find_lesson(session, ref) if ref else None
    if lesson is not None:
        return lesson
    if len(ref) >= 4:
        matches = session.scalars(
            select(Lesson).where(Lesson.deleted.is_(False), Lesson.id.startswith(ref, autoescape=True)).limit(2)
        ).all()
        if len(matches) == 1:
            return matches[0]
    raise HandoutError(_("No lesson with the id {ref} in the library.").format(ref=ref))


@dataclass(frozen=True)
class Choice:
    """A session or lesson as the Handouts page lists it."""

    id: str
    label: str
    language: str = "en"


def session_choices(session: Session, limit: int = 200) -> list[Choice]:
    rows = session.execute(
        select(TasterSession, Venue.name)
        .join(Venue, Venue.id == TasterSession.venue_id, isouter=True)
        .where(TasterSession.deleted.is_(False))
        .order_by(TasterSession.starts_at.desc())
        .limit(limit)
    ).all()
    return [
        Choice(ts.id, f"{ts.starts_at:%Y-%m-%d %H:%M} · {ts.title} · {venue or ''}".rstrip(" ·"), ts.language)
        for ts, venue in rows
    ]


def lesson_choices(session: Session) -> list[Choice]:
    rows = session.scalars(
        select(Lesson).where(Lesson.deleted.is_(False), Lesson.trashed_at.is_(None)).order_by(Lesson.title)
    ).all()
    return [Choice(lesson.id, lesson.title, lesson.language) for lesson in rows]

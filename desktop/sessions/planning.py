"""Planning sessions: when and where, which lessons, who hosts, how many, in which language; open and close."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.backup import back_up_now
from desktop.i18n import _
from desktop.models import SESSION_STATUSES, Lesson, SignIn, TasterSession, Venue
from desktop.sessions.venues import get_venue
from desktop.sessions.wording import session_is_over
from desktop.signin.people import NotFound
from desktop.signin.validation import LONG_TEXT_MAX, InvalidInput, clean_name, clean_text
from desktop.vocabulary import CAPACITY_RANGE, DURATION_RANGE, YEAR_RANGE

log = logging.getLogger(__name__)


@dataclass
class SessionDraft:
    venue_id: str = ""
    title: str = ""
    starts_at: datetime | None = None
    duration_minutes: int = 90
    lesson_ids: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    capacity: int = 12
    language: str = "en"
    notes: str = ""

    @classmethod
    def from_session(cls, ts: TasterSession) -> SessionDraft:
        return cls(**{f.name: getattr(ts, f.name) for f in fields(cls)})


def _clean_people(names: list[str] | str, field_name: str) -> list[str]:
    items = names.replace("\n", ",").split(",") if isinstance(names, str) else list(names)
    out: list[str] = []
    for item in items:
        name = clean_name(item, field_name, label=_("name"))
        if name and name not in out:
            out.append(name)
    return out


def clean_session(session: Session, draft: SessionDraft) -> SessionDraft:
    problems: dict[str, str] = {}
    out = SessionDraft()

    def take(name: str, fn) -> None:
        try:
            setattr(out, name, fn())
        except InvalidInput as exc:
            problems.update(exc.problems)

    try:
        out.venue_id = get_venue(session, draft.venue_id).id
    except NotFound:
        problems["venue_id"] = _("Please choose a venue (add one first if the list is empty).")
    take("title", lambda: clean_text(draft.title, "title", max_len=300, label=_("title")))
    if draft.starts_at is None:
        problems["starts_at"] = _("Please give a date and time.")
    elif not YEAR_RANGE[0] <= draft.starts_at.year <= YEAR_RANGE[1]:
        problems["starts_at"] = _("Please give a date between the years {lo} and {hi}.").format(
            lo=YEAR_RANGE[0], hi=YEAR_RANGE[1]
        )
    out.starts_at = draft.starts_at.replace(second=0, microsecond=0, tzinfo=None) if draft.starts_at else None
    lo, hi = DURATION_RANGE
    if not isinstance(draft.duration_minutes, int) or not lo <= draft.duration_minutes <= hi:
        problems["duration_minutes"] = _("A session lasts between {lo} minutes and {hi} hours.").format(
            lo=lo, hi=hi // 60
        )
    out.duration_minutes = draft.duration_minutes
    lo, hi = CAPACITY_RANGE
    if not isinstance(draft.capacity, int) or not lo <= draft.capacity <= hi:
        problems["capacity"] = _("Capacity is a number of people from {lo} to {hi}.").format(lo=lo, hi=hi)
    out.capacity = draft.capacity
    take("hosts", lambda: _clean_people(draft.hosts, "hosts"))
    take("helpers", lambda: _clean_people(draft.helpers, "helpers"))
    take("notes", lambda: clean_text(draft.notes, "notes", max_len=LONG_TEXT_MAX, multiline=True, label=_("notes")))
    language = (draft.language or "en").strip().lower()
    if len(language) > 16 or not language.replace("-", "").isalpha():
        problems["language"] = _("Please choose a language.")
    out.language = language
    known = set(session.scalars(select(Lesson.id).where(Lesson.id.in_(draft.lesson_ids or []))))
    out.lesson_ids = [i for i in dict.fromkeys(draft.lesson_ids or []) if i in known]
    if problems:
        raise InvalidInput(problems)
    if not out.title:
        out.title = _lesson_title(session, out.lesson_ids) or _("Taster session")
    return out


def _lesson_title(session: Session, lesson_ids: list[str]) -> str:
    if not lesson_ids:
        return ""
    return session.scalar(select(Lesson.title).where(Lesson.id == lesson_ids[0])) or ""


def create_session(session: Session, draft: SessionDraft) -> TasterSession:
    clean = clean_session(session, draft)
    ts = TasterSession(**{f.name: getattr(clean, f.name) for f in fields(SessionDraft)}, status="planned")
    session.add(ts)
    session.flush()
    return ts


def get_session(session: Session, session_id: str) -> TasterSession:
    ts = session.get(TasterSession, session_id)
    if ts is None or ts.deleted:
        raise NotFound(_("That session is no longer on this laptop."))
    return ts


def update_session(session: Session, session_id: str, draft: SessionDraft) -> TasterSession:
    ts = get_session(session, session_id)
    clean = clean_session(session, draft)
    for f in fields(SessionDraft):
        new = getattr(clean, f.name)
        if getattr(ts, f.name) != new:
            setattr(ts, f.name, new)
    session.flush()
    return ts


def set_status(session: Session, session_id: str, status: str) -> TasterSession:
    if status not in SESSION_STATUSES:
        raise InvalidInput.one("status", _("Please choose a status."))
    ts = get_session(session, session_id)
    if ts.status != status:
        ts.status = status
        session.flush()
    return ts


def open_session(session: Session, session_id: str) -> TasterSession:
    return set_status(session, session_id, "open")


def close_session(session: Session, session_id: str, now: datetime | None = None) -> TasterSession:
    """Close a session; everyone still signed in is signed out at the closing time."""
    ts = set_status(session, session_id, "closed")
    when = now or datetime.utcnow().replace(tzinfo=None)
    for s in session.scalars(
        select(SignIn).where(
            SignIn.session_id == session_id,
            SignIn.signed_out_at.is_(None),
            SignIn.voided.is_(False),
            SignIn.deleted.is_(False),
        )
    ):
        s.signed_out_at = when
    session.flush()
    return ts


@dataclass
class ClosedSession:
    """A closed session and its backup, which is taken once the closing has committed."""

    session_id: str
    title: str
    backup: Path | None = None
    backup_problem: str = ""  # why no backup could be taken; the session is closed all the same


def back_up_closed_session(closed: ClosedSession, data_dir: Path) -> ClosedSession:
    """Take the backup a closed session is owed: call it once the closing has committed, so the
    backup holds it, and away from the database thread, which the copy would hold up.

    A failed backup does not undo the closing: its reason is kept in ``closed.backup_problem``.
    """
    try:
        closed.backup = back_up_now(data_dir, "session-closed")
    except Exception as exc:  # the closing is committed whatever happens to its backup
        log.warning("The backup after closing a session failed", exc_info=True)
        closed.backup_problem = str(exc) or type(exc).__name__
    return closed


@dataclass(frozen=True)
class SessionRow:
    id: str
    title: str
    venue_id: str
    venue: str
    starts_at: datetime
    duration_minutes: int
    status: str
    capacity: int
    language: str
    signed_in: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def is_over(self, now: datetime) -> bool:
        return session_is_over(self.status, self.ends_at, now)


def list_sessions(
    session: Session,
    status: str | None = None,
    venue_id: str | None = None,
    session_id: str | None = None,
    now: datetime | None = None,
) -> list[SessionRow]:
    """Sessions with their sign-in counts: those under way or to come first, soonest at the top,
    then those that have ended, most recent first. An open session is under way until the host
    closes it, however long it runs past its planned end."""
    counts = (
        select(SignIn.session_id, func.count().label("n"))
        .where(SignIn.voided.is_(False), SignIn.deleted.is_(False))
        .group_by(SignIn.session_id)
        .subquery()
    )
    query = (
        select(TasterSession, Venue.name, func.coalesce(counts.c.n, 0))
        .join(Venue, Venue.id == TasterSession.venue_id)
        .outerjoin(counts, counts.c.session_id == TasterSession.id)
        .where(TasterSession.deleted.is_(False))
    )
    if status:
        query = query.where(TasterSession.status == status)
    if venue_id:
        query = query.where(TasterSession.venue_id == venue_id)
    if session_id:
        query = query.where(TasterSession.id == session_id)
    rows = [
        SessionRow(
            ts.id,
            ts.title,
            ts.venue_id,
            venue,
            ts.starts_at,
            ts.duration_minutes,
            ts.status,
            ts.capacity,
            ts.language,
            n,
        )
        for ts, venue, n in session.execute(query)
    ]
    now = now or datetime.now()
    # Two sessions at the same minute keep one order: by venue, then title.
    rows.sort(key=lambda r: (r.venue.casefold(), r.title.casefold(), r.id))

    def under_way(r: SessionRow) -> bool:
        return r.status == "open" or r.ends_at > now

    upcoming = sorted((r for r in rows if under_way(r)), key=lambda r: r.starts_at)
    past = sorted((r for r in rows if not under_way(r)), key=lambda r: r.starts_at, reverse=True)
    return upcoming + past


def sessions_open_for_sign_in(session: Session, also: str | None = None) -> list[SessionRow]:
    """Sessions people can sign in to at the kiosk: open ones first, then planned ones, soonest first.

    ``also`` keeps one more session in the list whatever its status: the one the host asked the
    kiosk for, even if it is closed (starting the kiosk then asks first; see ``kiosk_start_concern``).
    """
    rows = [r for r in list_sessions(session) if r.status != "closed" or r.id == also]
    return sorted(rows, key=lambda r: (r.status != "open", r.starts_at))


KioskConcern = Literal["", "closed", "past", "future"]


def is_today(starts_at: datetime, ends_at: datetime, now: datetime) -> bool:
    """Whether a session happens today: it starts today, or started yesterday and runs past midnight."""
    return starts_at.date() <= now.date() <= ends_at.date()


def kiosk_start_concern(row: SessionRow, now: datetime) -> KioskConcern:
    """Why starting the kiosk for this session deserves the host's second look, or "" when it does not.

    The kiosk is for the session in the room: one that is closed, or not today, is most likely a slip
    of the finger (the wrong line in a list), so the host is asked before people sign in to it.
    """
    if row.status == "closed":
        return "closed"
    if is_today(row.starts_at, row.ends_at, now):
        return ""
    return "past" if row.ends_at <= now else "future"


def latest_session(session: Session, now: datetime | None = None) -> TasterSession | None:
    """The session a host means by "the latest": the one under way, else the one that started most recently.

    Under way means between its start and its end, or opened for sign-in today (hosts open a session
    before people arrive). A laptop with only sessions to come gets the soonest of them; none gives None.
    Never the session furthest in the future.
    """
    now = now or datetime.now()
    live = TasterSession.deleted.is_(False)
    start_of_today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    end_of_today = start_of_today + timedelta(days=1)
    # A session under way started at most its longest possible length ago.
    recent = session.scalars(
        select(TasterSession).where(
            live,
            TasterSession.starts_at >= min(start_of_today, now - timedelta(minutes=DURATION_RANGE[1])),
            TasterSession.starts_at < end_of_today,
        )
    ).all()
    under_way = [
        ts
        for ts in recent
        if ts.starts_at <= now < ts.starts_at + timedelta(minutes=ts.duration_minutes)
        or (ts.status == "open" and is_today(ts.starts_at, ts.starts_at, now))
    ]
    if under_way:
        return max(under_way, key=lambda ts: (ts.starts_at, ts.id))
    started = select(TasterSession).where(live, TasterSession.starts_at <= now)
    found = session.scalars(started.order_by(TasterSession.starts_at.desc(), TasterSession.id.desc()).limit(1)).first()
    if found is not None:
        return found
    soonest = select(TasterSession).where(live).order_by(TasterSession.starts_at, TasterSession.id).limit(1)
    return session.scalars(soonest).first()


def session_row(session: Session, session_id: str) -> SessionRow:
    for row in list_sessions(session, session_id=session_id):
        return row
    raise NotFound(_("That session is no longer on this laptop."))


def lesson_choices(session: Session) -> list[tuple[str, str]]:
    """(id, title) of lessons a session can use."""
    return [
        (i, t)
        for i, t in session.execute(
            select(Lesson.id, Lesson.title)
            .where(Lesson.deleted.is_(False), Lesson.trashed_at.is_(None))
            .order_by(Lesson.title)
        )
    ]

"""Who stopped coming, for the host: the people ``definitions.lapsed_people`` finds, with the contact
route each of them agreed to and whether someone has already reached out.

Only the host sees this list, and only people who agreed to be contacted are on it: someone who did
not agree is never listed, even without a phone or e-mail shown. Erased, deleted and merged-away
records never appear (an erased person's visits have no name left to list).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import FromClause, and_, func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_
from desktop.reports import definitions as d
from desktop.reports.definitions import LAPTOP, Tables
from desktop.settings import LAPSED_AFTER_SESSIONS
from desktop.signin.people import full_name, short_name

# What the list is and is not, in the words shown above it (marked with N_; show it through ``_``).
WHO_IS_LISTED = N_(
    "Only people who agreed to be contacted are listed, with the phone number or e-mail they gave. "
    "A follow-up counts when it was made after their last visit."
)


@dataclass(frozen=True)
class LapsedPerson:
    """One person who stopped coming. ``followed_up_on`` is None when nobody has reached out since
    their last visit; ``phone`` and ``email`` are empty when they gave none."""

    participant_id: str
    full_name: str
    short_name: str  # first name and last initial ("Ana S."), for narrow places
    venue_id: str
    venue_name: str
    last_visit_at: datetime
    visits: int
    phone: str
    email: str
    followed_up_on: date | None
    followed_up_by: str


def contactable_person(t: Tables = LAPTOP) -> FromClause:
    """A person who may be listed and contacted: agreed to contact, still on record, not erased, not
    merged into another record."""
    p = t.participants
    return (
        select(p)
        .where(p.c.deleted.is_(False), p.c.erased.is_(False), p.c.merged_into.is_(None), p.c.contact_consent.is_(True))
        .subquery("contactable_person")
    )


def latest_follow_ups(t: Tables = LAPTOP) -> FromClause:
    """Each person's latest follow-up mark: (participant_id, followed_up_on, recorded_by)."""
    follow_ups = t.follow_ups
    ranked = d.newest_first_per_person(
        follow_ups,
        follow_ups.c.followed_up_on,
        follow_ups.c.followed_up_on,
        follow_ups.c.recorded_by,
        name="ranked_follow_ups",
    )
    return (
        select(ranked.c.participant_id, ranked.c.followed_up_on, ranked.c.recorded_by)
        .where(ranked.c.rank == 1)
        .subquery("latest_follow_up")
    )


def lapsed_list(
    session: Session,
    *,
    viewer_is_host: bool,
    sessions_missed: int = LAPSED_AFTER_SESSIONS.default,
    as_of: datetime | None = None,
    venue_ids: Sequence[str] = (),
    t: Tables = LAPTOP,
) -> list[LapsedPerson]:
    """The people who stopped coming (see ``definitions.LAPSED``) and agreed to be contacted, the most
    recently lost first; empty unless the viewer is the host."""
    if not viewer_is_host:
        return []
    lapsed = d.lapsed_people(sessions_missed, as_of=as_of, venue_ids=venue_ids, t=t).subquery("lapsed")
    person, latest, venues = contactable_person(t), latest_follow_ups(t), t.venues
    # A mark made before their last visit was about an earlier absence, not this one.
    since_last_visit = and_(
        latest.c.participant_id == lapsed.c.participant_id,
        latest.c.followed_up_on >= func.date(lapsed.c.last_visit_at),
    )
    rows = session.execute(
        select(
            lapsed.c.participant_id,
            person.c.first_name,
            person.c.last_name,
            lapsed.c.usual_venue_id,
            venues.c.name,
            lapsed.c.last_visit_at,
            lapsed.c.visits,
            person.c.phone,
            person.c.email,
            latest.c.followed_up_on,
            latest.c.recorded_by,
        )
        .select_from(
            lapsed.join(person, person.c.id == lapsed.c.participant_id)
            .outerjoin(venues, venues.c.id == lapsed.c.usual_venue_id)
            .outerjoin(latest, since_last_visit)
        )
        .order_by(lapsed.c.last_visit_at.desc(), person.c.first_name, person.c.last_name, lapsed.c.participant_id)
    )
    return [
        LapsedPerson(
            participant_id=pid,
            full_name=full_name(first, last),
            short_name=short_name(first, last),
            venue_id=venue_id,
            venue_name=venue_name or "",
            last_visit_at=last_at,
            visits=int(visits),
            phone=(phone or "").strip(),
            email=(email or "").strip(),
            followed_up_on=followed_on,
            followed_up_by=followed_by or "",
        )
        for pid, first, last, venue_id, venue_name, last_at, visits, phone, email, followed_on, followed_by in rows
    ]

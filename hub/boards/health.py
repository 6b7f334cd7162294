"""The health board: is each organisation, chapter and venue active, going quiet or dormant, and at risk?

Every count comes from the laptop's reports domain (``desktop.reports.definitions``) run over the
hub's typed projection, so a venue's sessions held, people, first-timers and returners here are the
numbers its laptop's Reports page shows for the same months. Everything is read through a Scope:
a coordinator's board holds their chapters' venues and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, Connection, Integer, String, case, cast, column, func, select, values

from desktop.i18n import N_
from desktop.reports import definitions as d
from desktop.reports.definitions import Tables
from desktop.reports.filters import ReportFilter
from hub.accounts_store import chapter_venues, chapters, user_chapters
from hub.boards.venues import venue_labels
from hub.projection import report_tables
from hub.scope import Scope
from hub.store import devices, organisations

# A venue is active when it held a session in the last QUIET_AFTER months, going quiet when its
# latest was QUIET_AFTER to DORMANT_AFTER months ago, dormant when longer ago than that.
QUIET_AFTER_MONTHS = 6
DORMANT_AFTER_MONTHS = 12
# At risk: going quiet, or visits of the last RECENT_MONTHS under half those of the RECENT_MONTHS
# before, when those were at least FEWEST_TO_COMPARE (fewer are too few to tell a fall from chance).
RECENT_MONTHS = 3
FEWEST_TO_COMPARE = 10
# The months the counts (sessions held, people, first-timers, returners) cover, up to today.
COUNTED_MONTHS = 12

ACTIVE, GOING_QUIET, DORMANT, NOT_YET = "active", "going_quiet", "dormant", "not_yet"
STATUS_LABELS = {
    ACTIVE: N_("Active"),
    GOING_QUIET: N_("Going quiet"),
    DORMANT: N_("Dormant"),
    NOT_YET: N_("No session held yet"),
}
STATUS_RULE = N_(
    "Active: a session was held in the last {quiet} months. Going quiet: the latest session was held "
    "{quiet} to {dormant} months ago. Dormant: no session held in the last {dormant} months. A session "
    "counts as held when someone signed in to it or the host gave an estimate of how many came."
)
AT_RISK_RULE = N_(
    "At risk: going quiet, or an active place whose visits in the last {recent} months were fewer than "
    "half of its visits in the {recent} months before (when those were at least {fewest}; fewer are too "
    "few to compare). A visit is one person signed in to one session."
)
COUNTS_RULE = N_(
    "Sessions held, people, first-timers and returners count the sessions of the last {months} months, "
    "as the laptop's Reports page counts them. The return rate is returners out of all the people who came."
)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when it is shorter)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last_day = (following - date(year, month, 1)).days
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def status_of(last_session_at: datetime | None, now: datetime) -> str:
    """ACTIVE, GOING_QUIET, DORMANT or NOT_YET by the latest session held (see ``STATUS_RULE``)."""
    if last_session_at is None:
        return NOT_YET
    if last_session_at >= months_before(now, QUIET_AFTER_MONTHS):
        return ACTIVE
    if last_session_at >= months_before(now, DORMANT_AFTER_MONTHS):
        return GOING_QUIET
    return DORMANT


def is_at_risk(status: str, recent_visits: int, earlier_visits: int) -> bool:
    """See ``AT_RISK_RULE``. A dormant place is not "at risk": it has already gone quiet."""
    if status == GOING_QUIET:
        return True
    fell = earlier_visits >= FEWEST_TO_COMPARE and recent_visits * 2 < earlier_visits
    return status == ACTIVE and fell


@dataclass(frozen=True)
class Health:
    """One place's (venue, chapter or organisation) status and counts."""

    status: str
    last_session_at: datetime | None
    sessions_held: int = 0
    people: int = 0
    first_timers: int = 0
    returners: int = 0
    recent_visits: int = 0  # visits of the last RECENT_MONTHS
    earlier_visits: int = 0  # visits of the RECENT_MONTHS before those

    @property
    def at_risk(self) -> bool:
        return is_at_risk(self.status, self.recent_visits, self.earlier_visits)

    @property
    def return_rate(self) -> float:
        return self.returners / self.people if self.people else 0.0


@dataclass(frozen=True)
class VenueHealth:
    venue_id: str
    name: str
    health: Health


@dataclass(frozen=True)
class ChapterHealth:
    chapter_id: int | None  # None: the organisation's venues in no chapter
    name: str
    health: Health
    venues: list[VenueHealth]


@dataclass(frozen=True)
class LaptopSync:
    name: str
    last_seen_at: datetime | None  # None: enrolled, never synced
    enrolled_at: datetime


@dataclass(frozen=True)
class OrgHealth:
    org_id: int
    name: str
    health: Health
    chapters: list[ChapterHealth]
    laptops: list[LaptopSync] = field(default_factory=list)


@dataclass(frozen=True)
class _Activity:
    """What one venue did: its latest session held, and its visits in the two comparison windows."""

    last_session_at: datetime | None = None
    sessions_held: int = 0
    recent_visits: int = 0
    earlier_visits: int = 0


def health_board(conn: Connection, scope: Scope, *, now: datetime) -> list[OrgHealth]:
    """The board of every organisation ``scope`` may read, by name. ``now`` is venue-local time, as
    sessions' start times are."""
    names = dict(
        conn.execute(
            select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(sorted(scope.orgs)))
        ).all()
    )
    boards = [org_health(conn, scope, org_id, name, now=now) for org_id, name in names.items()]
    return sorted(boards, key=lambda b: b.name.casefold())


def org_health(conn: Connection, scope: Scope, org_id: int, name: str, *, now: datetime) -> OrgHealth:
    """One organisation's board: the organisation, each of its chapters (the viewer's, for a
    coordinator) and each venue in them, and its laptops. NotFound outside ``scope``."""
    allowed = scope.venues_in(org_id)
    t = report_tables(scope, org_id)
    venue_names = venue_labels(conn, scope, org_id)  # two venues called alike are told apart
    groups = _chapters(conn, scope, org_id)
    in_a_chapter = {v for _, _, ids in groups for v in ids}
    loose = sorted(set(venue_names) - in_a_chapter)
    if loose and allowed is None:  # a coordinator sees their chapters only
        groups.append((None, "", loose))
    shown = [
        sorted((v for v in ids if v in venue_names), key=lambda v: venue_names[v].casefold()) for _, _, ids in groups
    ]
    # Every place on the board as the venues it is made of: each venue, each chapter, the organisation.
    places = [[v] for v in venue_names] + shown + [sorted(venue_names)]
    healths = iter(_healths(conn, t, places, now))
    venues = {v: VenueHealth(v, venue_names[v], next(healths)) for v in venue_names}
    chapter_boards = [
        ChapterHealth(chapter_id, chapter_name, next(healths), [venues[v] for v in ids])
        for (chapter_id, chapter_name, _), ids in zip(groups, shown, strict=True)
    ]
    return OrgHealth(org_id, name, next(healths), chapter_boards, laptops_in_scope(conn, scope, org_id))


def _chapters(conn: Connection, scope: Scope, org_id: int) -> list[tuple[int | None, str, list[str]]]:
    """(id, name, venue ids) of the organisation's chapters, by name; a coordinator's own only."""
    query = select(chapters.c.id, chapters.c.name).where(chapters.c.org_id == org_id)
    if scope.venues is not None:
        mine = select(user_chapters.c.chapter_id).where(user_chapters.c.user_id == scope.user_id)
        query = query.where(chapters.c.id.in_(mine))
    found = conn.execute(query).all()
    members: dict[int, list[str]] = {chapter_id: [] for chapter_id, _ in found}
    rows = conn.execute(
        select(chapter_venues.c.chapter_id, chapter_venues.c.venue_id).where(
            chapter_venues.c.chapter_id.in_(list(members))
        )
    )
    for chapter_id, venue_id in rows:
        members[chapter_id].append(venue_id)
    return [(chapter_id, name, members[chapter_id]) for chapter_id, name in sorted(found, key=lambda c: c[1])]


def _activity(conn: Connection, t: Tables, now: datetime) -> dict[str, _Activity]:
    """Per venue: the latest session held up to ``now``, sessions held in the counted months, and visits
    in the last RECENT_MONTHS and the RECENT_MONTHS before (as ``definitions`` defines both)."""
    counted_from = datetime.combine(months_before(now, COUNTED_MONTHS).date(), datetime.min.time())
    held = d.held_sessions(t).where(t.sessions.c.starts_at <= now).subquery("held")
    latest = conn.execute(
        select(held.c.venue_id, func.max(held.c.starts_at), _count_where(held.c.starts_at >= counted_from)).group_by(
            held.c.venue_id
        )
    )
    recent_from = months_before(now, RECENT_MONTHS)
    earlier_from = months_before(now, 2 * RECENT_MONTHS)
    # One row per visit (a person at a session), however many times they signed in to it, with its venue.
    visit = (
        select(t.visits.c.starts_at, t.sessions.c.venue_id)
        .join_from(t.visits, t.sessions, t.sessions.c.id == t.visits.c.session_id)
        .where(t.visits.c.starts_at >= earlier_from, t.visits.c.starts_at <= now)
        .subquery("visit")
    )
    visits = {
        venue_id: (int(recent), int(earlier))
        for venue_id, recent, earlier in conn.execute(
            select(
                visit.c.venue_id,
                _count_where(visit.c.starts_at >= recent_from),
                _count_where(visit.c.starts_at < recent_from),
            ).group_by(visit.c.venue_id)
        )
    }
    found: dict[str, _Activity] = {}
    for venue_id, last_at, held_count in latest:
        recent, earlier = visits.pop(venue_id, (0, 0))
        found[venue_id] = _Activity(last_at, int(held_count), recent, earlier)
    for venue_id, (recent, earlier) in visits.items():  # visits to sessions held, so none are left: belt and braces
        found[venue_id] = _Activity(None, 0, recent, earlier)
    return found


def _healths(conn: Connection, t: Tables, places: Sequence[Sequence[str]], now: datetime) -> list[Health]:
    """The health of each place (the venue ids it is made of), in order: its latest session and visits
    add up over its venues; its people, first-timers and returners are counted afresh (one person at
    two venues is one), for every place in one query."""
    activity = _activity(conn, t, now)
    counted = ReportFilter(months_before(now, COUNTED_MONTHS).date(), now.date())
    active = [i for i, venue_ids in enumerate(places) if any(v in activity for v in venue_ids)]
    people = _people(conn, t, counted, {i: places[i] for i in active})
    found = []
    for i, venue_ids in enumerate(places):
        done = [activity[v] for v in venue_ids if v in activity]
        last = max((a.last_session_at for a in done if a.last_session_at is not None), default=None)
        counts = people.get(i, (0, 0, 0))
        found.append(
            Health(
                status_of(last, now),
                last,
                sessions_held=sum(a.sessions_held for a in done),
                people=counts[0],
                first_timers=counts[1],
                returners=counts[2],
                recent_visits=sum(a.recent_visits for a in done),
                earlier_visits=sum(a.earlier_visits for a in done),
            )
        )
    return found


def _people(
    conn: Connection, t: Tables, counted: ReportFilter, places: Mapping[int, Sequence[str]]
) -> dict[int, tuple[int, int, int]]:
    """place -> (people, first-timers, returners) at its venues, by the reports' definitions: the
    columns ``people_in_window`` gives a person (their first visit ever, and their first and number of
    visits the filter covers, here at the place's venues) judged by ``is_first_timer`` and ``is_returner``.
    Every place at once: each visit is read once."""
    if not places:
        return {}
    member = (
        values(column("place", Integer), column("venue_id", String), name="places", literal_binds=True)
        .data([(place, venue_id) for place, venue_ids in places.items() for venue_id in venue_ids])
        .cte("places")
    )
    v, earlier = t.visits, t.visits.alias("earlier")
    # The first visit ever of each person who came (the visits of the rest are not read).
    firsts = (
        select(earlier.c.participant_id, func.min(earlier.c.starts_at).label("first_at"))
        .where(earlier.c.participant_id.in_(select(v.c.participant_id).where(counted.date_clause(v))))
        .group_by(earlier.c.participant_id)
        .subquery("firsts")
    )
    # Each visit the counted months cover, with its venue and the person's first visit beside it: read
    # once, so no person is matched against every place (which a misjudged few would redo for each).
    covered = (
        select(v.c.participant_id, v.c.starts_at, t.sessions.c.venue_id, firsts.c.first_at)
        .join_from(v, t.sessions, t.sessions.c.id == v.c.session_id)
        .join(firsts, firsts.c.participant_id == v.c.participant_id)
        .where(counted.date_clause(v))
        .cte("covered")
        .prefix_with("MATERIALIZED")
    )
    # A person's visits at a place (a row of visits is one person at one session).
    people = (
        select(
            member.c.place,
            func.max(covered.c.first_at).label("first_at"),
            func.min(covered.c.starts_at).label("first_in_window"),
            func.count().label("visits_in_window"),
        )
        .join_from(covered, member, member.c.venue_id == covered.c.venue_id)
        .group_by(member.c.place, covered.c.participant_id)
        .subquery("people")
    )
    rows = conn.execute(
        select(
            people.c.place,
            func.count(),
            _count_where(d.is_first_timer(people)),
            _count_where(d.is_returner(people)),
        ).group_by(people.c.place)
    )
    return {int(place): (int(n), int(first), int(again)) for place, n, first, again in rows}


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return cast(func.coalesce(func.sum(case((condition, 1), else_=0)), 0), Integer)


def laptops_in_scope(conn: Connection, scope: Scope, org_id: int) -> list[LaptopSync]:
    """The organisation's laptops still enrolled, longest unsynced first; for a coordinator, those that
    recorded a session at one of their venues (a laptop belongs to an organisation, not a venue)."""
    query = select(devices.c.name, devices.c.last_seen_at, devices.c.created_at).where(
        devices.c.org_id == org_id, devices.c.revoked_at.is_(None)
    )
    if scope.venues_in(org_id) is not None:
        sessions = report_tables(scope, org_id).sessions  # the coordinator's venues' sessions only
        query = query.where(devices.c.device_id.in_(select(sessions.c.origin)))
    found = [LaptopSync(name, seen, enrolled) for name, seen, enrolled in conn.execute(query)]
    return sorted(found, key=lambda laptop: (laptop.last_seen_at is not None, laptop.last_seen_at or datetime.min))

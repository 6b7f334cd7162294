"""What the public "Find a session" page shows: the upcoming sessions of organisations that publish them.

Read from the typed projection (``report_sessions``, ``report_venues``, ``report_lessons``) through a
``Scope`` like every other page: ``public_scope`` holds exactly the organisations that opted in
(``hub.find_store``), so a session of any other organisation is ``NotFound``, as if it did not exist.
Only the session, its venue and its lessons are read: never hosts, helpers, sign-ins or counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, or_, select

from desktop.handouts.flyer import FlyerSession, LessonSummary, flyer_session, lesson_summary, session_page_url
from hub.find_store import publishing
from hub.projection import PROJECTED
from hub.scope import NotFound, Scope
from hub.store import organisations

PUBLIC = "public"  # the Scope's role for someone nobody signed in as
AHEAD = timedelta(days=366)  # how far ahead the page lists sessions
MOST = 200  # sessions listed at most (the nearest first)

_sessions = PROJECTED["sessions"]
_venues = PROJECTED["venues"]
_lessons = PROJECTED["lessons"]


def public_scope(conn: Connection) -> Scope:
    """What anyone may see: the organisations that publish their sessions, and no names."""
    return Scope(user_id=0, role=PUBLIC, orgs=frozenset(publishing(conn)), may_see_names=False)


def local_now(zone: str, now: datetime) -> datetime:
    """``now`` (aware) on the wall clock of ``zone``, as the sessions' times are kept (naive)."""
    return now.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def moment(info: FlyerSession, wall_clock: datetime) -> datetime:
    """A wall-clock time of the session's venue as an exact (aware) moment."""
    return wall_clock.replace(tzinfo=ZoneInfo(info.timezone or "UTC"))


def _query(scope: Scope) -> Any:
    return (
        select(_sessions, _venues.c.name.label("venue_name"), organisations.c.name.label("org_name"))
        .join(_venues, and_(_venues.c.org_id == _sessions.c.org_id, _venues.c.id == _sessions.c.venue_id))
        .join(organisations, organisations.c.id == _sessions.c.org_id)
        .where(
            _sessions.c.org_id.in_(sorted(scope.orgs)),
            _sessions.c.deleted.is_(False),
            _venues.c.deleted.is_(False),
        )
    )


def _venue_of(conn: Connection, org_id: int, venue_id: str) -> Any:
    return conn.execute(select(_venues).where(_venues.c.org_id == org_id, _venues.c.id == venue_id)).first()


def _lesson_summaries(conn: Connection, org_id: int, ids: Iterable[str], with_objectives: bool) -> list[LessonSummary]:
    wanted = [str(i) for i in ids or ()]
    if not wanted:
        return []
    found = {
        r.id: r
        for r in conn.execute(
            select(_lessons.c.id, _lessons.c.title, _lessons.c.text, _lessons.c.slug, _lessons.c.language).where(
                _lessons.c.org_id == org_id, _lessons.c.id.in_(wanted), _lessons.c.deleted.is_(False)
            )
        )
    }
    out = []
    for lesson_id in wanted:
        row = found.get(lesson_id)
        if row is None:
            continue
        if with_objectives:
            out.append(lesson_summary(row.title, row.text or "", row.slug or "", row.language or "en"))
        else:
            out.append(LessonSummary(row.title))
    return out


def _info(conn: Connection, row: Any, zones: dict[int, str], base_url: str, with_objectives: bool) -> FlyerSession:
    venue = _venue_of(conn, row.org_id, row.venue_id)
    return flyer_session(
        row,
        venue,
        _lesson_summaries(conn, row.org_id, row.lesson_ids, with_objectives),
        organisation=row.org_name,
        page_url=session_page_url(base_url, row.id) if base_url else "",
        timezone=zones.get(row.org_id, ""),
    )


def upcoming(conn: Connection, scope: Scope, now: datetime, base_url: str = "") -> list[FlyerSession]:
    """The sessions of the scope's organisations that have not ended yet, soonest first (within a year)."""
    if not scope.orgs:
        return []
    zones = {org_id: zone for org_id, zone in publishing(conn).items() if org_id in scope.orgs}
    windows = []
    for org_id, zone in zones.items():
        here = local_now(zone, now)
        # From a day back (a session under way is still worth finding) to a year ahead; exact end below.
        windows.append(
            and_(
                _sessions.c.org_id == org_id,
                _sessions.c.starts_at >= here - timedelta(days=1),
                _sessions.c.starts_at <= here + AHEAD,
            )
        )
    if not windows:
        return []
    query = _query(scope).where(or_(*windows), _sessions.c.status != "closed").order_by(_sessions.c.starts_at)
    found = []
    for row in conn.execute(query.limit(MOST * 2)):
        info = _info(conn, row, zones, base_url, with_objectives=False)
        if moment(info, info.ends_at) > now:
            found.append(info)
    found.sort(key=lambda info: (moment(info, info.starts_at), info.venue_name, info.id))
    return found[:MOST]


def public_session(conn: Connection, scope: Scope, session_id: str, base_url: str = "") -> FlyerSession:
    """One session of a publishing organisation, with its lessons' objectives; else NotFound."""
    row = conn.execute(_query(scope).where(_sessions.c.id == session_id).limit(1)).first()
    if row is None:
        raise NotFound
    scope.require_org(row.org_id)
    zones = publishing(conn)
    return _info(conn, row, zones, base_url, with_objectives=True)


def has_ended(info: FlyerSession, now: datetime) -> bool:
    return moment(info, info.ends_at) <= now

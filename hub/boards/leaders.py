"""Leaders: the ladder across chapters, who is ready for the next step or stalled, and each host's load.

Every rule is the laptop's, run over the hub's typed projection (``projection.report_tables``): a
person's step is ``definitions.stage_rank`` (through ``series.ladder_funnel``) and "ready for the next
step" is ``reports.ladder.ready_for_next_step``. Two rules are the hub's own, stated in words below:
"stalled" and "far more sessions than the others". Names of people (participants and hosts) are read
only for a viewer whose Scope may see them; a hub admin gets the counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desktop.i18n import N_
from desktop.reports import definitions as d
from desktop.reports.definitions import Tables
from desktop.reports.filters import ReportFilter
from desktop.reports.ladder import ReadyPerson, ready_for_next_step
from desktop.reports.series import ladder_funnel
from desktop.vocabulary import PATHWAY_STAGES
from hub.accounts_store import chapter_venues, chapters, user_chapters
from hub.boards.venues import venue_labels
from hub.projection import report_tables
from hub.scope import Scope
from hub.store import organisations

# Stalled: ready for the same next step this many days ago and still, with no step recorded since.
STALLED_AFTER_DAYS = 90
# A host ran far more than the others: the most sessions, at least this many, and at least
# OVERLOAD_TIMES as many as the next busiest host of the venues shown (none: zero).
OVERLOAD_AT_LEAST = 4
OVERLOAD_TIMES = 2

STALLED_RULE = N_(
    "Stalled: someone who was already ready for the same next step {days} days ago and still is, "
    "with no step recorded for them since (not asked, not agreed, not declined)."
)
OVERLOAD_RULE = N_(
    "Far more than the others: the host who ran the most sessions in this period, when that is {least} "
    "or more and at least {times} times as many as any other host of the same venues (or nobody else "
    "hosted there). A host is anyone named as a host of a session that was held; a session with two hosts "
    "counts for each of them."
)
NO_CHAPTER = N_("Venues in no chapter")


def is_overloaded(most: int, next_most: int) -> bool:
    """Whether the busiest host (``most`` sessions) ran far more than the next busiest (see OVERLOAD_RULE)."""
    return most >= OVERLOAD_AT_LEAST and most >= OVERLOAD_TIMES * next_most


@dataclass(frozen=True)
class FunnelRow:
    """How many of the people who came to a place's sessions in the period are at each step."""

    label: str  # a chapter's or venue's name ("" for the organisation's total)
    kind: str  # "chapter", "venue" or "total"
    people: dict[str, int]  # stage -> people, for every stage of PATHWAY_STAGES
    chapter: str = ""  # a venue row's chapter (its name, or "" for no chapter)


@dataclass(frozen=True)
class HostLoad:
    name: str
    sessions: int
    overloaded: bool = False


@dataclass(frozen=True)
class OrgLeaders:
    org_id: int
    name: str
    funnel: list[FunnelRow]
    total: FunnelRow
    ready_count: int
    stalled_count: int
    host_count: int
    overloaded_count: int
    busiest: int  # the most sessions one host ran (0: none)
    # Filled only when the viewer may see names; empty for a hub admin.
    ready: list[ReadyPerson] = field(default_factory=list)
    stalled: list[ReadyPerson] = field(default_factory=list)
    hosts: list[HostLoad] = field(default_factory=list)


def leaders_board(conn: Connection, scope: Scope, *, start: date | None, end: date, today: date) -> list[OrgLeaders]:
    """One section per organisation ``scope`` may read, by name: the funnel of people who came in
    [start, end] (both included; start None: ever), hosts' sessions held in it, and who is ready or
    stalled as of ``today``."""
    names = dict(
        conn.execute(
            select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(sorted(scope.orgs)))
        ).all()
    )
    found = [
        org_leaders(conn, scope, org_id, name, start=start, end=end, today=today) for org_id, name in names.items()
    ]
    return sorted(found, key=lambda o: o.name.casefold())


def org_leaders(
    conn: Connection, scope: Scope, org_id: int, name: str, *, start: date | None, end: date, today: date
) -> OrgLeaders:
    """One organisation's section (its chapters and venues in ``scope``). NotFound outside ``scope``."""
    allowed = scope.venues_in(org_id)
    t = report_tables(scope, org_id)
    venue_names = venue_labels(conn, scope, org_id)  # alike venues told apart
    groups = _chapters(conn, scope, org_id)
    loose = sorted(set(venue_names) - {v for _, ids in groups for v in ids})
    if loose and allowed is None:  # a coordinator sees their chapters only
        groups.append(("", loose))
    with Session(bind=conn) as session:
        rows: list[FunnelRow] = []
        for chapter_name, ids in groups:
            shown = sorted((v for v in ids if v in venue_names), key=lambda v: venue_names[v].casefold())
            label = chapter_name or ""
            rows.append(FunnelRow(label, "chapter", _funnel(session, t, start, end, shown)))
            rows += [
                FunnelRow(venue_names[v], "venue", _funnel(session, t, start, end, [v]), chapter=label) for v in shown
            ]
        total = FunnelRow("", "total", _funnel(session, t, start, end, sorted(venue_names)))
        ready, stalled = _ready_and_stalled(session, t, sorted(venue_names), allowed, today)
    loads = host_loads(conn, t, sorted(venue_names), start, end)
    names_shown = scope.may_see_names
    return OrgLeaders(
        org_id,
        name,
        rows,
        total,
        ready_count=len(ready),
        stalled_count=len(stalled),
        host_count=len(loads),
        overloaded_count=sum(load.overloaded for load in loads),
        busiest=max((load.sessions for load in loads), default=0),
        ready=ready if names_shown else [],
        stalled=stalled if names_shown else [],
        hosts=loads if names_shown else [],
    )


def _funnel(session: Session, t: Tables, start: date | None, end: date, venue_ids: Sequence[str]) -> dict[str, int]:
    if not venue_ids:  # an empty venue filter would mean "every venue"
        return dict.fromkeys(PATHWAY_STAGES, 0)
    return ladder_funnel(session, ReportFilter(start, end, venue_ids=tuple(venue_ids)), t).people


def _ready_and_stalled(
    session: Session, t: Tables, venue_ids: Sequence[str], allowed: frozenset[str] | None, today: date
) -> tuple[list[ReadyPerson], list[ReadyPerson]]:
    """The laptop's "ready for the next step" as of today, and those of them stalled (STALLED_RULE)."""
    if allowed is not None and not venue_ids:
        return [], []
    # A coordinator's people are those who came to their venues; an organisation's, anyone who came.
    picked = tuple(venue_ids) if allowed is not None else ()
    ready = ready_for_next_step(session, ReportFilter(end=today, venue_ids=picked), viewer_is_host=True, t=t)
    if not ready:
        return [], []
    since = today - timedelta(days=STALLED_AFTER_DAYS)
    earlier = ready_for_next_step(session, ReportFilter(end=since, venue_ids=picked), viewer_is_host=True, t=t)
    waiting = {(p.participant_id, p.next_step) for p in earlier}
    step = t.ladder_steps
    ids = [p.participant_id for p in ready if (p.participant_id, p.next_step) in waiting]
    stepped = set(
        session.execute(
            select(step.c.participant_id).where(
                step.c.participant_id.in_(ids), step.c.deleted.is_(False), step.c.taken_on > since
            )
        ).scalars()
    )
    stalled = [p for p in ready if (p.participant_id, p.next_step) in waiting and p.participant_id not in stepped]
    return ready, stalled


def host_loads(conn: Connection, t: Tables, venue_ids: Sequence[str], start: date | None, end: date) -> list[HostLoad]:
    """Sessions held in [start, end] at these venues per host named on them, busiest first; the busiest
    flagged when they ran far more than the next (``is_overloaded``). The same name in other capitals
    or spacing is one host."""
    if not venue_ids:
        return []
    held = d.held_sessions(t).subquery("held")
    ts = t.sessions
    query = (
        select(ts.c.hosts)
        .select_from(ts.join(held, held.c.id == ts.c.id))
        .where(ts.c.venue_id.in_(list(venue_ids)), ts.c.starts_at < datetime.combine(end + timedelta(days=1), time.min))
    )
    if start is not None:
        query = query.where(ts.c.starts_at >= datetime.combine(start, time.min))
    counts: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for (hosts,) in conn.execute(query):
        for key, shown in {
            " ".join(h.split()).casefold(): " ".join(h.split()) for h in hosts or [] if h.strip()
        }.items():
            counts[key] = counts.get(key, 0) + 1
            spelled.setdefault(key, shown)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], spelled[kv[0]].casefold()))
    flagged = bool(ranked) and is_overloaded(ranked[0][1], ranked[1][1] if len(ranked) > 1 else 0)
    return [HostLoad(spelled[key], n, overloaded=flagged and i == 0) for i, (key, n) in enumerate(ranked)]


def _chapters(conn: Connection, scope: Scope, org_id: int) -> list[tuple[str, list[str]]]:
    """(name, venue ids) of the organisation's chapters, by name; a coordinator's own only."""
    query = select(chapters.c.id, chapters.c.name).where(chapters.c.org_id == org_id)
    if scope.venues is not None:
        query = query.where(
            chapters.c.id.in_(select(user_chapters.c.chapter_id).where(user_chapters.c.user_id == scope.user_id))
        )
    found = conn.execute(query).all()
    members: dict[int, list[str]] = {chapter_id: [] for chapter_id, _ in found}
    for chapter_id, venue_id in conn.execute(
        select(chapter_venues.c.chapter_id, chapter_venues.c.venue_id).where(
            chapter_venues.c.chapter_id.in_(list(members))
        )
    ):
        members[chapter_id].append(venue_id)
    return [(name, members[chapter_id]) for chapter_id, name in sorted(found, key=lambda c: c[1].casefold())]

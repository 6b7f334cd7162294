"""The rules behind every report, each written once: a visit, a first-timer, a returner, a lapsed
person, a barrier rate and a person's stage on the ladder.

Each rule is a SQLAlchemy Core building block (a condition, a column expression
or a select) plus its explanation in plain words, shown under "how we counted".
Everything is plain SQL that SQLite and PostgreSQL both run, over tables shaped
like the laptop's, so the hub can compute the same numbers from its own store:
it passes a ``Tables`` naming its projection (or selects of it already scoped to
one organisation, aliased with the tables' names).

The host's headcount estimate for a session nobody signed in to makes it a
held session; recorded ladder steps (helped, co-hosted, hosted) raise a
person's step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CTE,
    Boolean,
    ColumnElement,
    FromClause,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    Subquery,
    and_,
    case,
    cast,
    func,
    or_,
    select,
    true,
)

from desktop.i18n import N_, _
from desktop.models import (
    ExitCard,
    FollowUp,
    Intervention,
    LadderStep,
    Lesson,
    Participant,
    SignIn,
    TasterSession,
    Venue,
)
from desktop.models.entities import SignInTally, Visit
from desktop.reports.filters import ReportFilter
from desktop.vocabulary import PATHWAY_STAGES


@dataclass(frozen=True)
class Tables:
    """Where the records are: tables (or aliased selects) with the laptop's columns."""

    sign_ins: FromClause
    sessions: FromClause
    exit_cards: FromClause
    participants: FromClause
    ladder_steps: FromClause
    visits: FromClause
    """One row per visit, shaped as ``visit_rows``: on the laptop a table SQLite triggers keep in step
    with sign-ins and sessions; on the hub, ``visit_rows`` of its own tables (a select of distinct
    (participant_id, session_id) from the sign-ins that count), aliased ``visits``."""
    sign_in_tallies: FromClause
    """Standing sign-ins per session and source, shaped as ``sign_in_tally_rows``: on the laptop a table
    triggers keep in step with sign-ins; on the hub, ``sign_in_tally_rows`` of its own sign-ins."""
    venues: FromClause
    lessons: FromClause
    interventions: FromClause
    follow_ups: FromClause


LAPTOP = Tables(
    SignIn.__table__,
    TasterSession.__table__,
    ExitCard.__table__,
    Participant.__table__,
    LadderStep.__table__,
    visits=Visit.__table__,
    sign_in_tallies=SignInTally.__table__,
    venues=Venue.__table__,
    lessons=Lesson.__table__,
    interventions=Intervention.__table__,
    follow_ups=FollowUp.__table__,
)

# What each rule means, in the words shown under "how we counted" (marked with N_; see how_we_counted()).
VISIT = N_(
    "A visit is one person signed in to one session. Signing in twice to the same session "
    "(at the kiosk and by the host) is one visit; cancelled sign-ins and deleted sessions do not count."
)
FIRST_TIMER = N_("A first-timer is someone whose first visit ever was to one of these sessions.")
RETURNER = N_(
    "A returner is someone who came to one of these sessions and had come before: an earlier visit, "
    "or a second visit among these sessions. Someone who first came in this period and came again in it "
    "is both a first-timer and a returner. The return rate is returners out of all the people who came."
)
LAPSED = N_(
    "Someone has stopped coming when they came at least twice and have not come to any of the last "
    "{n} sessions held at the venue they came to most, nor anywhere else since those began. "
    "A session counts as held when someone signed in to it or the host gave an estimate of how many came."
)
BARRIER_RATE = N_(
    "A barrier's share is the number of exit cards that named it out of all the exit cards from these "
    "sessions. A card can name several barriers, so the shares can add up to more than 100%."
)
STAGE = N_(
    "Each person's step on the ladder: a newcomer has come once; a returner has come twice or more; "
    "a peer helper has helped at a session at least once (marked when signing in, or recorded as a step); "
    "a co-host has co-hosted a session and a host has hosted one (recorded as steps). "
    "A step the host set on the person's record is never lowered by the counts."
)
EXPLANATIONS = {
    "visit": VISIT,
    "first_timer": FIRST_TIMER,
    "returner": RETURNER,
    "lapsed": LAPSED,
    "barrier_rate": BARRIER_RATE,
    "stage": STAGE,
}


def how_we_counted(lapsed_after: int) -> list[str]:
    """Every rule's explanation in the current language, in the order a reader meets them."""
    return [_(text).format(n=lapsed_after) for text in EXPLANATIONS.values()]


# A visit ----------------------------------------------------------------------------------------------


def newest_first_per_person(
    records: FromClause,
    day: ColumnElement[Any],
    *columns: ColumnElement[Any],
    where: Sequence[ColumnElement[bool]] = (),
    name: str,
) -> Subquery:
    """``columns`` of each person's live records in ``records``, numbered newest first as ``rank`` (1 is
    the latest): by ``day``, then by when recorded, then by id, so two records of one day keep one order."""
    order = (day.desc(), records.c.created_at.desc(), records.c.id.desc())
    return (
        select(
            records.c.participant_id,
            *columns,
            func.row_number().over(partition_by=records.c.participant_id, order_by=order).label("rank"),
        )
        .where(records.c.deleted.is_(False), records.c.participant_id.is_not(None), *where)
        .subquery(name)
    )


def live_sign_in(t: Tables = LAPTOP) -> ColumnElement[bool]:
    """A sign-in that stands: not cancelled (voided), not deleted. Anonymous ones (erased people) included."""
    return and_(t.sign_ins.c.voided.is_(False), t.sign_ins.c.deleted.is_(False))


def visit_clause(t: Tables = LAPTOP) -> ColumnElement[bool]:
    """A visit: a standing sign-in by a known person to a session still on record.

    Use with ``t.sign_ins`` joined to ``t.sessions`` (``visit_join``). The same person's several
    sign-ins to one session are one visit: count ``DISTINCT session_id`` per person.
    """
    return and_(live_sign_in(t), t.sign_ins.c.participant_id.is_not(None), t.sessions.c.deleted.is_(False))


def visit_join(t: Tables = LAPTOP) -> FromClause:
    return t.sign_ins.join(t.sessions, t.sessions.c.id == t.sign_ins.c.session_id)


def visit_rows(t: Tables = LAPTOP) -> Select[str, str, datetime, bool]:
    """(participant_id, session_id, starts_at, helped): one row per visit, with the session's start and
    whether they were marked helping at any of their sign-ins to it. What ``Tables.visits`` holds; the
    laptop's triggers (migration 0009_visits) keep its table equal to this select."""
    si = t.sign_ins
    return (
        select(
            si.c.participant_id,
            si.c.session_id,
            t.sessions.c.starts_at,
            cast(func.max(cast(si.c.as_helper, Integer)), Boolean).label("helped"),
        )
        .select_from(visit_join(t))
        .where(visit_clause(t))
        .group_by(si.c.participant_id, si.c.session_id, t.sessions.c.starts_at)
    )


def sign_in_tally_rows(t: Tables = LAPTOP) -> Select[str, str, int]:
    """(session_id, source, sign_ins): how many standing sign-ins (``live_sign_in``, anonymous ones
    included) each session has from each source. What ``Tables.sign_in_tallies`` holds; the laptop's
    triggers (migration 0010_report_tallies) keep its table equal to this select."""
    si = t.sign_ins
    return (
        select(si.c.session_id, si.c.source, func.count().label("sign_ins"))
        .where(live_sign_in(t))
        .group_by(si.c.session_id, si.c.source)
    )


def covered_visit(f: ReportFilter, t: Tables = LAPTOP) -> ColumnElement[bool]:
    """A row of ``t.visits`` to a session the filter covers (its date read from the visit itself)."""
    parts = [f.date_clause(t.visits)]
    if f.picks_kinds:
        ts = t.sessions
        parts.append(t.visits.c.session_id.in_(select(ts.c.id).where(f.session_clause(ts))))
    return and_(*parts)


def visit_counts(
    person_ids: Sequence[str],
    *,
    before: datetime | None = None,
    through: datetime | None = None,
    t: Tables = LAPTOP,
) -> Select[str, int]:
    """(participant_id, visits) for these people, counting sessions that started before ``before``
    (not included) or up to ``through`` (included). People with no visit have no row."""
    v = t.visits
    bounds = [v.c.starts_at < before] if before is not None else []
    bounds += [v.c.starts_at <= through] if through is not None else []
    return (
        select(v.c.participant_id, func.count().label("visits"))
        .where(v.c.participant_id.in_(person_ids), *bounds)
        .group_by(v.c.participant_id)
    )


# First-timers, returners and each person's step, over the sessions a filter covers -------------------


def people_in_window(f: ReportFilter, t: Tables = LAPTOP, *, ladder: bool = True) -> CTE:
    """One row per person with a visit to a session the filter covers, with the visits that decide
    whether they are a first-timer or a returner and their step on the ladder.

    Columns: ``participant_id``; ``first_at`` (their first visit ever); ``first_in_window``;
    ``visits_in_window``; ``visits`` and ``helped`` (sessions visited, and helped at, up to the end of
    the filter's range, at any venue). Materialized: each person's row is worked out once, however many
    counts read it. ``ladder=False`` leaves out ``visits`` and ``helped``, which only ``stage_rank`` reads.
    A filter from the very beginning (no start, no venue, lesson or language) leaves out ``first_at`` and
    ``first_in_window``: everyone's first visit is one it covers, and ``is_first_timer`` and
    ``is_returner`` know it without finding each person's first visit among all of theirs.
    """
    v = t.visits
    ends = [v.c.starts_at < f.ends_before] if f.ends_before is not None else []
    if f.start is None and not f.picks_kinds:
        # The filter covers every visit up to its end: one pass over them answers everything.
        return (
            select(
                v.c.participant_id,
                func.count().label("visits_in_window"),
                *(
                    (func.count().label("visits"), func.sum(cast(v.c.helped, Integer)).label("helped"))
                    if ladder
                    else ()
                ),
            )
            .where(*ends)
            .group_by(v.c.participant_id)
            .cte("people_in_window")
            .prefix_with("MATERIALIZED")
        )
    window = (
        select(
            v.c.participant_id,
            func.min(v.c.starts_at).label("first_in_window"),
            func.count().label("visits_in_window"),
        )
        .where(covered_visit(f, t))
        .group_by(v.c.participant_id)
        .subquery("window")
    )
    # The rest of each person's visits, read from the per-person indexes (a few look-ups per person
    # who came, not a pass over everyone's visits).
    theirs = v.alias("theirs")
    own = theirs.c.participant_id == window.c.participant_id
    before_end = [theirs.c.starts_at < f.ends_before] if f.ends_before is not None else []
    return (
        select(
            window.c.participant_id,
            select(func.min(theirs.c.starts_at)).where(own).scalar_subquery().label("first_at"),
            window.c.first_in_window,
            window.c.visits_in_window,
            *(
                (
                    select(func.count()).where(own, *before_end).scalar_subquery().label("visits"),
                    select(func.count())
                    .where(own, theirs.c.helped.is_(True), *before_end)
                    .scalar_subquery()
                    .label("helped"),
                )
                if ladder
                else ()
            ),
        )
        .cte("people_in_window")
        .prefix_with("MATERIALIZED")
    )


def _covers_every_first_visit(people: FromClause) -> bool:
    """``people_in_window`` of a filter from the very beginning: it leaves out each person's first visit,
    since every one of them is covered."""
    return "first_at" not in people.c


def is_first_timer(people: FromClause) -> ColumnElement[bool]:
    """Their first visit ever is one the filter covers. (Two sessions starting at the same minute,
    one covered and one not, count as covered: the tie is too rare to weigh.)"""
    if _covers_every_first_visit(people):
        return true()
    return people.c.first_in_window == people.c.first_at


def is_returner(people: FromClause) -> ColumnElement[bool]:
    """A covered visit that was not their first: two covered visits, or a first visit before them."""
    if _covers_every_first_visit(people):
        return people.c.visits_in_window >= 2
    return or_(people.c.visits_in_window >= 2, people.c.first_in_window > people.c.first_at)


def _rank(stage: SQLColumnExpression[str]) -> ColumnElement[int]:
    return case({name: rank for rank, name in enumerate(PATHWAY_STAGES)}, value=stage, else_=0)


def ladder_roles(f: ReportFilter, t: Tables = LAPTOP) -> Subquery:
    """One row per person with recorded ladder steps up to the end of the filter's range: how many
    times they ``helped``, ``co_hosted`` and ``hosted``. Outer-join it on ``participant_id``."""
    step = t.ladder_steps
    until = [step.c.taken_on <= f.end] if f.end is not None else []

    def times(kind: str) -> ColumnElement[int]:
        return func.count(case((step.c.kind == kind, 1))).label(kind)

    return (
        select(step.c.participant_id, times("helped"), times("co_hosted"), times("hosted"))
        .where(step.c.deleted.is_(False), step.c.participant_id.is_not(None), *until)
        .group_by(step.c.participant_id)
        .subquery("ladder_roles")
    )


def recorded_stages(t: Tables = LAPTOP) -> Subquery:
    """(participant_id, stage) of the people whose step the host set above newcomer (a few): outer-join
    it for ``stage_rank``'s ``recorded_stage``. Grouped, so SQLite sets it aside once with an index of its
    own, and matching it to thousands of people is a look-up in a small index, not in the people table."""
    person = t.participants
    return (
        select(person.c.id.label("participant_id"), func.max(person.c.stage).label("stage"))
        .where(person.c.stage.in_(PATHWAY_STAGES[1:]))
        .group_by(person.c.id)
        .subquery("recorded_stages")
    )


def stage_rank(people: FromClause, roles: FromClause, recorded_stage: SQLColumnExpression[str]) -> ColumnElement[int]:
    """The person's step as an index into ``PATHWAY_STAGES``: the higher of what their visits and roles
    show (``people_in_window`` outer-joined to ``ladder_roles``) and what the host set on the person
    (``Participant.stage``)."""

    def took(kind: str) -> ColumnElement[bool]:
        return func.coalesce(roles.c[kind], 0) >= 1

    by_visits = case(
        (people.c.helped >= 1, PATHWAY_STAGES.index("peer_helper")),
        (people.c.visits >= 2, PATHWAY_STAGES.index("returner")),
        else_=PATHWAY_STAGES.index("newcomer"),
    )
    counted = case(
        (took("hosted"), PATHWAY_STAGES.index("host")),
        (took("co_hosted"), PATHWAY_STAGES.index("co_host")),
        (took("helped"), PATHWAY_STAGES.index("peer_helper")),
        else_=by_visits,
    )
    recorded = _rank(recorded_stage)
    # Most people have no recorded role and no step set by the host: their visits alone decide, read
    # without weighing the rest (the whole rule, for each of thousands of people and once per step
    # counted, was most of the report's work).
    newcomer = PATHWAY_STAGES[0]
    by_visits_alone = and_(roles.c.participant_id.is_(None), func.coalesce(recorded_stage, newcomer) == newcomer)
    return cast(case((by_visits_alone, by_visits), (recorded > counted, recorded), else_=counted), Integer)


# A barrier rate ---------------------------------------------------------------------------------------


def exit_card_clause(f: ReportFilter, t: Tables = LAPTOP) -> ColumnElement[bool]:
    """Exit cards from the sessions the filter covers. Use with ``t.exit_cards`` joined to ``t.sessions``."""
    return and_(t.exit_cards.c.deleted.is_(False), t.sessions.c.deleted.is_(False), f.session_clause(t.sessions))


def exit_card_join(t: Tables = LAPTOP) -> FromClause:
    return t.exit_cards.join(t.sessions, t.sessions.c.id == t.exit_cards.c.session_id)


def names_barrier(key: str, t: Tables = LAPTOP) -> ColumnElement[bool]:
    """The card names barrier ``key``. Barriers are a JSON list of keys from a closed set
    (``vocabulary.BARRIERS``), so the quoted key matches it and nothing else, on SQLite and PostgreSQL."""
    return cast(t.exit_cards.c.barriers, String).like(f'%"{key}"%')


# Lapsed -----------------------------------------------------------------------------------------------


def held_sessions(t: Tables = LAPTOP) -> Select[str, str, datetime]:
    """(id, venue_id, starts_at) of each session that was held: still on record, and signed in to
    or given the host's headcount estimate (asked for when nobody signed in)."""
    # Asked per session (an index look-up): PostgreSQL cannot turn an IN within an OR into a join, and
    # past its work_mem it matches each session against the whole list of sign-ins instead.
    signed = select(t.sign_ins.c.session_id).where(t.sign_ins.c.session_id == t.sessions.c.id, live_sign_in(t)).exists()
    return select(t.sessions.c.id, t.sessions.c.venue_id, t.sessions.c.starts_at).where(
        t.sessions.c.deleted.is_(False),
        or_(signed, t.sessions.c.headcount_estimate.is_not(None)),
    )


def lapsed_people(
    sessions_missed: int, *, as_of: datetime | None = None, venue_ids: Sequence[str] = (), t: Tables = LAPTOP
) -> Select[str, str, int, datetime]:
    """(participant_id, usual_venue_id, visits, last_visit_at) of everyone who has stopped coming as of
    ``as_of`` (not included; None: everything on record): see ``LAPSED``. ``venue_ids`` keeps those whose
    usual venue is one of them. The venue they came to most is their usual one (on a tie, the latest)."""
    sessions_missed = max(1, sessions_missed)
    starts_at = t.sessions.c.starts_at
    until = [starts_at < as_of] if as_of is not None else []
    per_venue = (
        select(
            t.sign_ins.c.participant_id,
            t.sessions.c.venue_id,
            func.count(func.distinct(t.sign_ins.c.session_id)).label("n"),
            func.max(starts_at).label("last_at"),
        )
        .select_from(visit_join(t))
        .where(visit_clause(t), *until)
        .group_by(t.sign_ins.c.participant_id, t.sessions.c.venue_id)
        .subquery("per_venue")
    )
    person = per_venue.c.participant_id
    ranked = select(
        person,
        per_venue.c.venue_id,
        func.row_number()
        .over(partition_by=person, order_by=(per_venue.c.n.desc(), per_venue.c.last_at.desc()))
        .label("rank"),
        func.sum(per_venue.c.n).over(partition_by=person).label("visits"),
        func.max(per_venue.c.last_at).over(partition_by=person).label("last_visit_at"),
    ).subquery("ranked")
    held = held_sessions(t).where(*until).subquery("held")
    recent = select(
        held.c.venue_id,
        held.c.starts_at,
        func.row_number().over(partition_by=held.c.venue_id, order_by=held.c.starts_at.desc()).label("back"),
    ).subquery("recent")
    # The start of the Nth latest session held at each venue; a venue that held fewer has no row.
    cutoff = select(recent.c.venue_id, recent.c.starts_at).where(recent.c.back == sessions_missed).subquery("cutoff")
    query = (
        select(
            ranked.c.participant_id,
            ranked.c.venue_id.label("usual_venue_id"),
            cast(ranked.c.visits, Integer).label("visits"),
            ranked.c.last_visit_at,
        )
        .join(cutoff, cutoff.c.venue_id == ranked.c.venue_id)
        .where(ranked.c.rank == 1, ranked.c.visits >= 2, ranked.c.last_visit_at < cutoff.c.starts_at)
    )
    if venue_ids:
        query = query.where(ranked.c.venue_id.in_(venue_ids))
    return query

"""Who is ready for the next step on the ladder, and a person's own path along it.

A person's step is ``definitions.stage_rank`` (the one stage rule). On top of it, one rule says who
is ready to be asked to take the next step, with its thresholds named below and stated in plain
words by ``ready_rule()``: the host sees the names with the reason, and records what happened as a
ladder step (``desktop.ops.learning.record_ladder_step``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, Integer, Subquery, and_, case, cast, func, literal, or_, select, union
from sqlalchemy.orm import Session

from desktop.i18n import N_, _, ngettext
from desktop.reports import definitions as d
from desktop.reports.definitions import LAPTOP, Tables
from desktop.reports.filters import ReportFilter
from desktop.signin.people import full_name, short_name
from desktop.vocabulary import LADDER_STEP_LABELS, PATHWAY_STAGES

# The thresholds of "ready for the next step", each a number of times.
VISITS_BEFORE_ASKING_TO_HELP = 4  # came this often and never helped: ready to be asked to help
HELPED_BEFORE_ASKING_TO_CO_HOST = 2  # helped this often and never co-hosted: ready to be asked to co-host
CO_HOSTED_BEFORE_ASKING_TO_HOST = 2  # co-hosted this often and never hosted: ready to be asked to host

# One person's step, in words (the Reports page names the groups in the plural).
STAGE_NAMES = {
    "newcomer": N_("Newcomer"),
    "returner": N_("Returner"),
    "peer_helper": N_("Peer helper"),
    "co_host": N_("Co-host"),
    "host": N_("Host"),
}
# The next step someone is ready for: its words, and the recorded steps that show they were already asked.
NEXT_STEPS = ("help", "co_host", "host")
NEXT_STEP_NAMES = {
    "help": N_("Ready to be asked to help"),
    "co_host": N_("Ready to be asked to co-host"),
    "host": N_("Ready to be asked to host"),
}
ALREADY_ASKED = {
    "help": ("invited_to_help", "agreed_to_help"),
    "co_host": ("invited_to_co_host", "agreed_to_co_host"),
    "host": ("invited_to_host",),
}
# A person whose latest recorded step is one of these is left alone until they take another.
NOT_NOW = ("declined", "paused")

READY_RULE = N_(
    "Ready for the next step: someone who came {visits} times or more and has not helped yet can be asked "
    "to help; someone who helped {helped} times or more and has not co-hosted yet can be asked to co-host; "
    "someone who co-hosted {co_hosted} times or more and has not hosted yet can be asked to host. "
    "Helping counts each session once, whether it was marked when signing in or recorded as a step. "
    "Not listed: people already asked to take that step, and people whose latest step is "
    "“{declined}” or “{paused}”."
)


def ready_rule() -> str:
    """The rule in plain words, in the current language, with its thresholds."""
    return _(READY_RULE).format(
        visits=VISITS_BEFORE_ASKING_TO_HELP,
        helped=HELPED_BEFORE_ASKING_TO_CO_HOST,
        co_hosted=CO_HOSTED_BEFORE_ASKING_TO_HOST,
        declined=_(LADDER_STEP_LABELS[NOT_NOW[0]]),
        paused=_(LADDER_STEP_LABELS[NOT_NOW[1]]),
    )


def reason(next_step: str, visits: int, helped: int, co_hosted: int) -> str:
    """Why someone is ready for ``next_step``, in a sentence of the current language."""
    if next_step == "help":
        text = ngettext("Came {n} time and has not helped yet.", "Came {n} times and has not helped yet.", visits)
        return text.format(n=visits)
    if next_step == "co_host":
        text = ngettext(
            "Helped {n} time and has not co-hosted yet.", "Helped {n} times and has not co-hosted yet.", helped
        )
        return text.format(n=helped)
    text = ngettext(
        "Co-hosted {n} time and has not hosted yet.", "Co-hosted {n} times and has not hosted yet.", co_hosted
    )
    return text.format(n=co_hosted)


# Building blocks ----------------------------------------------------------------------------------


def times_helped(f: ReportFilter, t: Tables = LAPTOP, *, participant_id: str | None = None) -> Subquery:
    """(participant_id, helped): the sessions each person helped at up to the end of the filter's range,
    marked when signing in (``as_helper``) or recorded as a "helped" step, each session counted once;
    a "helped" step with no session is one time of its own. A shared building block (the hub can pass its
    ``Tables``). ``participant_id`` counts for that person alone."""
    si, step, starts_at = t.sign_ins, t.ladder_steps, t.sessions.c.starts_at
    ends = [starts_at < f.ends_before] if f.ends_before is not None else []
    until = [step.c.taken_on <= f.end] if f.end is not None else []
    if participant_id is not None:
        ends.append(si.c.participant_id == participant_id)
        until.append(step.c.participant_id == participant_id)
    marked = (
        select(si.c.participant_id, si.c.session_id.label("at"))
        .select_from(d.visit_join(t))
        .where(d.visit_clause(t), si.c.as_helper.is_(True), *ends)
    )
    recorded = select(
        step.c.participant_id, func.coalesce(step.c.session_id, literal("step:") + step.c.id).label("at")
    ).where(step.c.deleted.is_(False), step.c.participant_id.is_not(None), step.c.kind == "helped", *until)
    # UNION (not UNION ALL) drops a step recorded for a session the person was already marked helping at.
    both = union(marked, recorded).subquery("helped_at")
    return (
        select(both.c.participant_id, func.count().label("helped"))
        .group_by(both.c.participant_id)
        .subquery("times_helped")
    )


def step_history(f: ReportFilter, t: Tables = LAPTOP) -> Subquery:
    """(participant_id, latest_kind, asked_<next step> for each next step) from the recorded steps up to
    the end of the filter's range: the kind of each person's latest step and whether they were asked."""
    step = t.ladder_steps
    until = [step.c.taken_on <= f.end] if f.end is not None else []
    ranked = d.newest_first_per_person(step, step.c.taken_on, step.c.kind, where=until, name="ranked_steps")

    def asked(next_step: str) -> ColumnElement[int]:
        return func.max(case((ranked.c.kind.in_(ALREADY_ASKED[next_step]), 1), else_=0)).label(f"asked_{next_step}")

    return (
        select(
            ranked.c.participant_id,
            func.max(case((ranked.c.rank == 1, ranked.c.kind))).label("latest_kind"),
            *(asked(n) for n in NEXT_STEPS),
        )
        .group_by(ranked.c.participant_id)
        .subquery("step_history")
    )


# Ready for the next step --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadyPerson:
    """Someone ready to be asked to take ``next_step`` ("help", "co_host" or "host")."""

    participant_id: str
    full_name: str
    short_name: str
    stage: str  # their step now, a key of PATHWAY_STAGES
    next_step: str
    visits: int
    helped: int
    co_hosted: int

    @property
    def stage_name(self) -> str:
        return _(STAGE_NAMES[self.stage])

    @property
    def next_step_name(self) -> str:
        return _(NEXT_STEP_NAMES[self.next_step])

    @property
    def reason(self) -> str:
        """Why, in the current language ("Came 5 times and has not helped yet.")."""
        return reason(self.next_step, self.visits, self.helped, self.co_hosted)


def ready_for_next_step(
    session: Session, report_filter: ReportFilter | None = None, *, viewer_is_host: bool, t: Tables = LAPTOP
) -> list[ReadyPerson]:
    """The people who came to the sessions the filter covers and are ready for their next step, as of the
    end of its range (see ``ready_rule``): the furthest along first. Empty unless the viewer is the host."""
    if not viewer_is_host:
        return []
    f = report_filter or ReportFilter()
    people, roles, helped, steps = (
        d.people_in_window(f, t),
        d.ladder_roles(f, t),
        times_helped(f, t),
        step_history(f, t),
    )
    person = t.participants
    rank = d.stage_rank(people, roles, person.c.stage)
    n_helped = func.coalesce(helped.c.helped, 0)
    n_co_hosted = cast(func.coalesce(roles.c.co_hosted, 0), Integer)
    peer_helper, co_host = PATHWAY_STAGES.index("peer_helper"), PATHWAY_STAGES.index("co_host")
    next_step = case(
        (and_(rank < peer_helper, people.c.visits >= VISITS_BEFORE_ASKING_TO_HELP), "help"),
        (and_(rank == peer_helper, n_helped >= HELPED_BEFORE_ASKING_TO_CO_HOST), "co_host"),
        (and_(rank == co_host, n_co_hosted >= CO_HOSTED_BEFORE_ASKING_TO_HOST), "host"),
    )
    candidates = (
        select(
            people.c.participant_id,
            person.c.first_name,
            person.c.last_name,
            rank.label("rank"),
            next_step.label("next_step"),
            people.c.visits,
            n_helped.label("helped"),
            n_co_hosted.label("co_hosted"),
            steps.c.latest_kind,
            *(func.coalesce(steps.c[f"asked_{n}"], 0).label(f"asked_{n}") for n in NEXT_STEPS),
        )
        .select_from(
            people.join(person, person.c.id == people.c.participant_id)
            .outerjoin(roles, roles.c.participant_id == people.c.participant_id)
            .outerjoin(helped, helped.c.participant_id == people.c.participant_id)
            .outerjoin(steps, steps.c.participant_id == people.c.participant_id)
        )
        .where(person.c.deleted.is_(False), person.c.erased.is_(False), person.c.merged_into.is_(None))
        .subquery("candidates")
    )
    c = candidates.c
    not_asked = or_(*(and_(c.next_step == n, c[f"asked_{n}"] == 0) for n in NEXT_STEPS))
    rows = session.execute(
        select(c.participant_id, c.first_name, c.last_name, c.rank, c.next_step, c.visits, c.helped, c.co_hosted)
        .where(
            c.next_step.is_not(None),
            not_asked,
            or_(c.latest_kind.is_(None), c.latest_kind.not_in(NOT_NOW)),
        )
        .order_by(c.rank.desc(), c.visits.desc(), c.first_name, c.last_name, c.participant_id)
    )
    return [
        ReadyPerson(
            pid, full_name(first, last), short_name(first, last), PATHWAY_STAGES[rank], step, visits, helped, co_hosted
        )
        for pid, first, last, rank, step, visits, helped, co_hosted in rows
    ]


# A person's own path -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PathVisit:
    session_id: str
    starts_at: datetime
    venue_id: str
    venue_name: str
    helped: bool  # marked as helping when signing in


@dataclass(frozen=True)
class PathStep:
    kind: str  # a key of LADDER_STEP_LABELS
    taken_on: date
    note: str
    recorded_by: str

    @property
    def label(self) -> str:
        return _(LADDER_STEP_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True)
class PersonPath:
    """A person's own history: where and when they came, how often they helped, and their recorded steps,
    each in date order, with their step on the ladder now."""

    participant_id: str
    full_name: str
    stage: str
    visits: list[PathVisit] = field(default_factory=list)
    steps: list[PathStep] = field(default_factory=list)
    helped: int = 0  # sessions helped at (marked or recorded, each session once)

    @property
    def stage_name(self) -> str:
        return _(STAGE_NAMES[self.stage])

    @property
    def timeline(self) -> list[PathVisit | PathStep]:
        """Visits and steps together in date order; on one day the visit comes before the step it led to."""

        def when(item: PathVisit | PathStep) -> tuple[date, int]:
            return (item.starts_at.date(), 0) if isinstance(item, PathVisit) else (item.taken_on, 1)

        return sorted([*self.visits, *self.steps], key=when)


MERGES_FOLLOWED = 10  # a chain of merged records longer than this is broken data, not a person


def _kept_record(session: Session, participant_id: str, t: Tables) -> tuple[str, str, str, str] | None:
    """(id, first name, last name, recorded stage) of the person, following merges to the record kept;
    None when they are erased, deleted or not on record."""
    p = t.participants
    current: str | None = participant_id
    for _hop in range(MERGES_FOLLOWED):
        row = session.execute(
            select(p.c.id, p.c.first_name, p.c.last_name, p.c.stage, p.c.merged_into).where(
                p.c.id == current, p.c.deleted.is_(False), p.c.erased.is_(False)
            )
        ).one_or_none()
        if row is None:
            return None
        if not row.merged_into:
            return row.id, row.first_name, row.last_name, row.stage
        current = row.merged_into
    return None


def person_path(session: Session, participant_id: str, *, t: Tables = LAPTOP) -> PersonPath | None:
    """The path of one person (a merged-away id leads to the record kept); None if they are erased or gone."""
    kept = _kept_record(session, participant_id, t)
    if kept is None:
        return None
    pid, first, last, recorded_stage = kept
    si, ts, step, venues = t.sign_ins, t.sessions, t.ladder_steps, t.venues
    visits = [
        PathVisit(session_id, starts_at, venue_id, venue_name or "", bool(helped))
        for session_id, starts_at, venue_id, venue_name, helped in session.execute(
            select(ts.c.id, ts.c.starts_at, ts.c.venue_id, venues.c.name, func.max(cast(si.c.as_helper, Integer)))
            .select_from(d.visit_join(t).outerjoin(venues, venues.c.id == ts.c.venue_id))
            .where(d.visit_clause(t), si.c.participant_id == pid)
            .group_by(ts.c.id, ts.c.starts_at, ts.c.venue_id, venues.c.name)
            .order_by(ts.c.starts_at, ts.c.id)
        )
    ]
    steps = [
        PathStep(kind, taken_on, note or "", recorded_by or "")
        for kind, taken_on, note, recorded_by in session.execute(
            select(step.c.kind, step.c.taken_on, step.c.note, step.c.recorded_by)
            .where(step.c.participant_id == pid, step.c.deleted.is_(False))
            .order_by(step.c.taken_on, step.c.created_at, step.c.id)
        )
    ]
    everything = ReportFilter()
    helped = times_helped(everything, t, participant_id=pid)
    roles = d.ladder_roles(everything, t)
    # The stage rule reads a person's ``visits`` and ``helped`` as ``people_in_window`` shapes them.
    one = (
        select(
            literal(pid).label("participant_id"),
            literal(len(visits)).label("visits"),
            literal(sum(v.helped for v in visits)).label("helped"),
        )
    ).subquery("one_person")
    rank = session.scalar(
        select(d.stage_rank(one, roles, literal(recorded_stage))).select_from(
            one.outerjoin(roles, roles.c.participant_id == one.c.participant_id)
        )
    )
    n_helped = session.scalar(select(helped.c.helped)) or 0
    return PersonPath(pid, full_name(first, last), PATHWAY_STAGES[int(rank or 0)], visits, steps, int(n_helped))

"""One report over the sessions a filter covers: attendance, what people said, and the ladder.

Every number comes from a handful of SQL aggregates built from the rules in
``definitions`` (no loop over sign-ins in Python), so the report stays quick on
years of a busy chapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, FromClause, Integer, case, cast, func, literal, select
from sqlalchemy.orm import Session

from desktop.reports import definitions as d
from desktop.reports.definitions import LAPTOP, Tables
from desktop.reports.filters import ReportFilter
from desktop.vocabulary import BARRIERS, PATHWAY_STAGES, RATINGS, SIGN_IN_SOURCES, WILL_RETURN

# Where a session's headcount came from: the three kinds of sign-in, and the host's estimate.
HEADCOUNT_SOURCES = (*SIGN_IN_SOURCES, "estimate")
REMARKS_SHOWN = 500  # the newest comments listed; ``remarks_total`` says how many there are


def share(part: int, whole: int) -> float:
    """``part`` out of ``whole`` as a fraction (0.0 when there is nothing to share)."""
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class Remark:
    """A comment from an exit card. ``kind`` is "other" when the card named the "Other" barrier
    (the comment then says what it was), else "comment". ``name`` is empty unless the card was
    signed and the viewer is the host."""

    text: str
    kind: str
    written_at: datetime
    session_starts_at: datetime
    venue_id: str
    name: str = ""


@dataclass
class Report:
    """The numbers of one report. Counts are ints; each ``*_share`` is a fraction of its whole."""

    filter: ReportFilter
    sessions_held: int = 0
    headcount_by_source: dict[str, int] = field(default_factory=lambda: dict.fromkeys(HEADCOUNT_SOURCES, 0))
    visits: int = 0
    people: int = 0
    first_timers: int = 0
    returners: int = 0
    exit_cards: int = 0
    ratings: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    will_return: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WILL_RETURN, 0))
    barriers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BARRIERS, 0))
    ladder: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PATHWAY_STAGES, 0))
    remarks: list[Remark] = field(default_factory=list)  # newest first, at most REMARKS_SHOWN
    remarks_total: int = 0

    @property
    def sign_ins(self) -> int:
        """Standing sign-ins of every kind (estimates are not sign-ins)."""
        return sum(n for source, n in self.headcount_by_source.items() if source != "estimate")

    @property
    def return_rate(self) -> float:
        return share(self.returners, self.people)

    def rating_share(self, rating: int) -> float:
        return share(self.ratings.get(rating, 0), self.exit_cards)

    def will_return_share(self, answer: str) -> float:
        return share(self.will_return.get(answer, 0), self.exit_cards)

    def barrier_share(self, key: str) -> float:
        """The barrier rate: cards naming it out of all exit cards (see ``definitions.BARRIER_RATE``)."""
        return share(self.barriers.get(key, 0), self.exit_cards)


def build_report(
    session: Session, report_filter: ReportFilter | None = None, *, viewer_is_host: bool = False, t: Tables = LAPTOP
) -> Report:
    """The report for ``report_filter`` (None: all time). Names go with remarks only for the host."""
    f = report_filter or ReportFilter()
    report = Report(f)
    _attendance(session, f, t, report)
    _people(session, f, t, report)
    _exit_cards(session, f, t, report)
    _remarks(session, f, t, report, viewer_is_host)
    return report


def build_counts(session: Session, report_filter: ReportFilter | None = None, *, t: Tables = LAPTOP) -> Report:
    """``build_report``'s counts only, for a page that shows no more (the hub's report by month): the
    same numbers, without each person's step on the ladder (``ladder`` stays at zero) or the newest
    remarks (``remarks`` stays empty; ``remarks_total`` is counted)."""
    f = report_filter or ReportFilter()
    report = Report(f)
    _attendance(session, f, t, report)
    _people(session, f, t, report, ladder=False)
    _exit_cards(session, f, t, report)
    return report


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return cast(func.coalesce(func.sum(cast(condition, Integer)), 0), Integer)


def _attendance(session: Session, f: ReportFilter, t: Tables, report: Report) -> None:
    # From the per-session tallies of standing sign-ins (a few rows a session), not the sign-ins themselves.
    tally, ts = t.sign_in_tallies, t.sessions
    row = session.execute(
        select(
            func.count(func.distinct(tally.c.session_id)),
            *(
                cast(func.coalesce(func.sum(case((tally.c.source == source, tally.c.sign_ins), else_=0)), 0), Integer)
                for source in SIGN_IN_SOURCES
            ),
        )
        .select_from(tally.join(ts, ts.c.id == tally.c.session_id))
        .where(ts.c.deleted.is_(False), f.session_clause(ts))
    ).one()
    report.sessions_held = int(row[0] or 0)
    for source, n in zip(SIGN_IN_SOURCES, row[1:], strict=True):
        report.headcount_by_source[source] = int(n or 0)
    sessions, people = estimated_headcount(session, f, t)
    report.sessions_held += sessions
    report.headcount_by_source["estimate"] = people


def estimated_headcount(session: Session, f: ReportFilter, t: Tables = LAPTOP) -> tuple[int, int]:
    """(sessions, people) the hosts counted by eye: covered sessions nobody signed in to, with an estimate.

    A session with sign-ins is counted from them, never from an estimate, so nobody counts twice.
    """
    ts = t.sessions
    # Asked per session with an estimate (a few), not as one list of every session signed in to.
    signed = select(t.sign_ins.c.session_id).where(t.sign_ins.c.session_id == ts.c.id, d.live_sign_in(t)).exists()
    sessions, people = session.execute(
        select(func.count(), func.coalesce(func.sum(ts.c.headcount_estimate), 0)).where(
            ts.c.deleted.is_(False),
            ts.c.headcount_estimate.is_not(None),
            ~signed,
            f.session_clause(ts),
        )
    ).one()
    return int(sessions or 0), int(people or 0)


def _people(session: Session, f: ReportFilter, t: Tables, report: Report, *, ladder: bool = True) -> None:
    people = d.people_in_window(f, t, ladder=ladder)
    counts = (
        func.count(),
        func.coalesce(func.sum(people.c.visits_in_window), 0),
        _count_where(d.is_first_timer(people)),
        _count_where(d.is_returner(people)),
    )
    if not ladder:
        row = session.execute(select(*counts).select_from(people)).one()
        report.people, report.visits, report.first_timers, report.returners = (int(n or 0) for n in row)
        return
    roles, recorded = d.ladder_roles(f, t), d.recorded_stages(t)
    rank = d.stage_rank(people, roles, recorded.c.stage)
    row = session.execute(
        select(*counts, *(_count_where(rank == i) for i in range(len(PATHWAY_STAGES)))).select_from(
            people.outerjoin(recorded, recorded.c.participant_id == people.c.participant_id).outerjoin(
                roles, roles.c.participant_id == people.c.participant_id
            )
        )
    ).one()
    report.people, report.visits, report.first_timers, report.returners = (int(n or 0) for n in row[:4])
    for stage, n in zip(PATHWAY_STAGES, row[4:], strict=True):
        report.ladder[stage] = int(n or 0)


def _exit_cards(session: Session, f: ReportFilter, t: Tables, report: Report) -> None:
    card = t.exit_cards
    row = session.execute(
        select(
            func.count(),
            *(_count_where(card.c.rating == r) for r in RATINGS),
            *(_count_where(card.c.will_return == w) for w in WILL_RETURN),
            *(_count_where(d.names_barrier(b, t)) for b in BARRIERS),
            _count_where(_has_comment(card)),
        )
        .select_from(d.exit_card_join(t))
        .where(d.exit_card_clause(f, t))
    ).one()
    values = iter(int(n or 0) for n in row)
    report.exit_cards = next(values)
    for r in RATINGS:
        report.ratings[r] = next(values)
    for w in WILL_RETURN:
        report.will_return[w] = next(values)
    for b in BARRIERS:
        report.barriers[b] = next(values)
    report.remarks_total = next(values)


def _has_comment(card: FromClause) -> ColumnElement[bool]:
    return func.trim(card.c.comment) != ""


def _remarks(session: Session, f: ReportFilter, t: Tables, report: Report, viewer_is_host: bool) -> None:
    """The newest comments (``remarks_total`` is counted with the exit cards, in the same pass)."""
    card, person, ts = t.exit_cards, t.participants, t.sessions
    written = (d.exit_card_clause(f, t), _has_comment(card))
    # A card is signed when it names its writer; the name is shown to the host only, and never once erased.
    name = (
        func.coalesce(func.trim(person.c.first_name + " " + person.c.last_name), "") if viewer_is_host else literal("")
    )
    rows = session.execute(
        select(
            card.c.comment,
            d.names_barrier("other", t),
            card.c.created_at,
            ts.c.starts_at,
            ts.c.venue_id,
            name,
        )
        .select_from(
            d.exit_card_join(t).outerjoin(
                person,
                (person.c.id == card.c.participant_id) & person.c.erased.is_(False) & person.c.deleted.is_(False),
            )
        )
        .where(*written)
        .order_by(card.c.created_at.desc(), card.c.id.desc())
        .limit(REMARKS_SHOWN)
    )
    report.remarks = [
        Remark(text.strip(), "other" if other else "comment", at, starts_at, venue_id, name or "")
        for text, other, at, starts_at, venue_id, name in rows
    ]

"""Pairing and the database: who is present, what happened before, and each round kept as it was.

Rounds are append-only records that sync: a change to the current round
(a drag, a lock, latecomers) is stored as a new ``PairingRound`` row with the
same number, and the newest row of each number is the one that counts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from desktop.languages import spoken_languages
from desktop.models import PairingGroup, PairingRound, Participant, SignIn, TasterSession, Venue
from desktop.pairing.model import Group, History, Pairing, Person
from desktop.reports.definitions import visit_counts
from desktop.text import fold

HELPER_STAGES = ("peer_helper", "co_host", "host")


@dataclass(frozen=True)
class SessionChoice:
    id: str
    title: str
    venue: str
    starts_at: datetime
    present: int


@dataclass(frozen=True)
class StoredGroup:
    members: tuple[str, ...]
    table: int
    reason: str
    locked: bool


@dataclass(frozen=True)
class StoredRound:
    id: str
    number: int
    seed: int
    groups: tuple[StoredGroup, ...]


@dataclass
class PairingInputs:
    """Everything pairing needs for one session, read in one go."""

    session_id: str
    title: str
    people: list[Person]
    earlier: list[list[list[str]]] = field(default_factory=list)  # other sessions' rounds
    today: list[StoredRound] = field(default_factory=list)  # this session's rounds, oldest first

    @property
    def current(self) -> StoredRound | None:
        return self.today[-1] if self.today else None

    def history(self, *, amending: bool) -> History:
        """History for a new round (today's rounds count as this session), or for changing the current one."""
        rounds = self.today[:-1] if amending else self.today
        return History.from_rounds(self.earlier, [[g.members for g in r.groups] for r in rounds])


def present_clause() -> tuple[ColumnElement[bool], ...]:
    """Who counts as present, for the session picker's count and the page alike: a sign-in that stands
    (not voided, not signed out) by someone still on record. Use with ``SignIn`` joined to ``Participant``."""
    return (
        SignIn.voided.is_(False),
        SignIn.deleted.is_(False),
        SignIn.signed_out_at.is_(None),
        Participant.deleted.is_(False),
        Participant.erased.is_(False),
    )


def sessions_for_pairing(session: Session, limit: int = 40) -> list[SessionChoice]:
    """Sessions people signed in to, newest first, with how many are present now."""
    # Sessions anyone signed in to stay listed after they leave, then with nobody present.
    here_now = case((and_(*present_clause()), SignIn.participant_id))
    present = (
        select(SignIn.session_id, func.count(func.distinct(here_now)).label("n"))
        .join(Participant, Participant.id == SignIn.participant_id)
        .where(SignIn.voided.is_(False), SignIn.deleted.is_(False))
        .group_by(SignIn.session_id)
        .subquery()
    )
    rows = session.execute(
        select(TasterSession, Venue.name, present.c.n)
        .join(present, present.c.session_id == TasterSession.id)
        .join(Venue, Venue.id == TasterSession.venue_id)
        .where(TasterSession.deleted.is_(False))
        .order_by(TasterSession.starts_at.desc())
        .limit(limit)
    )
    return [SessionChoice(ts.id, ts.title, venue, ts.starts_at, int(n)) for ts, venue, n in rows]


def _split_names(text: str) -> list[str]:
    return [t for t in (fold(x) for x in re.split(r",|;|&|\+|/|\band\b|\by\b", text)) if t]


def _display_names(participants: list[Participant]) -> dict[str, str]:
    """First names, with a last initial where two people share a first name."""
    counts: dict[str, int] = defaultdict(int)
    for p in participants:
        counts[fold(p.first_name)] += 1
    names: dict[str, str] = {}
    for p in participants:
        name = p.first_name.strip() or "?"
        if counts[fold(p.first_name)] > 1 and p.last_name.strip():
            name = f"{name} {p.last_name.strip()[0]}."
        names[p.id] = name
    return names


def load_inputs(session: Session, session_id: str) -> PairingInputs:
    ts = session.get(TasterSession, session_id)
    if ts is None or ts.deleted:
        raise LookupError(session_id)
    rows = session.execute(
        select(SignIn, Participant)
        .join(Participant, Participant.id == SignIn.participant_id)
        .where(SignIn.session_id == session_id, *present_clause())
        .order_by(SignIn.signed_in_at)
    ).all()
    sign_in: dict[str, SignIn] = {}
    participants: dict[str, Participant] = {}
    for si, p in rows:
        if p.id not in participants:
            participants[p.id] = p
            sign_in[p.id] = si
        elif si.as_helper:
            sign_in[p.id] = si
    ids = list(participants)
    # Visits before this session, by the one rule every count uses.
    visits = {pid: int(n) for pid, n in session.execute(visit_counts(ids, before=ts.starts_at))} if ids else {}
    names = _display_names(list(participants.values()))
    by_name: dict[str, list[str]] = defaultdict(list)
    for p in participants.values():
        by_name[fold(p.first_name)].append(p.id)
        by_name[fold(f"{p.first_name} {p.last_name}")].append(p.id)
    people = []
    for pid, p in participants.items():
        si = sign_in[pid]
        came_with = []
        for token in _split_names(si.came_with or p.came_with):
            found = [x for x in dict.fromkeys(by_name.get(token, [])) if x != pid]
            if len(found) == 1:
                came_with.append(found[0])
        # Everyone they speak, the preferred one included; someone with none given has the session's.
        languages = spoken_languages(p.language or "", p.languages or []) or (ts.language or "en",)
        people.append(
            Person(
                id=pid,
                name=names[pid],
                experience=p.experience or "never",
                languages=languages,
                helper=si.as_helper or p.stage in HELPER_STAGES,
                visits=int(visits.get(pid, 0)),
                came_with=tuple(came_with),
                never_pair=tuple(x for x in p.never_pair_with if x != pid),
                access_needs=bool(p.access_needs.strip()),
            )
        )
    earlier, today = _rounds(session, session_id, set(ids))
    return PairingInputs(session_id, ts.title, people, earlier, today)


def _rounds(session: Session, session_id: str, present: set[str]) -> tuple[list[list[list[str]]], list[StoredRound]]:
    """The newest row of each (session, round number); other sessions reduced to the people present."""
    rounds = session.scalars(
        select(PairingRound)
        .where(PairingRound.deleted.is_(False))
        .order_by(PairingRound.created_at, PairingRound.updated_at)
    ).all()
    newest: dict[tuple[str, int], PairingRound] = {}
    for r in rounds:
        newest[(r.session_id, r.number)] = r  # later rows replace earlier ones
    chosen = {r.id: r for r in newest.values()}
    groups: dict[str, list[PairingGroup]] = defaultdict(list)
    if chosen:
        for g in session.scalars(
            select(PairingGroup).where(PairingGroup.round_id.in_(list(chosen)), PairingGroup.deleted.is_(False))
        ):
            groups[g.round_id].append(g)
    earlier: list[list[list[str]]] = []
    today: list[StoredRound] = []
    for (sid, number), r in sorted(newest.items(), key=lambda kv: (kv[0][0] != session_id, kv[0][1])):
        mine = sorted(groups[r.id], key=lambda g: g.table_number)
        if sid == session_id:
            today.append(
                StoredRound(
                    r.id,
                    number,
                    r.seed,
                    tuple(StoredGroup(tuple(g.member_ids), g.table_number, g.reason, g.locked) for g in mine),
                )
            )
        else:
            relevant = [[m for m in g.member_ids if m in present] for g in mine]
            relevant = [g for g in relevant if len(g) >= 2]
            if relevant:
                earlier.append(relevant)
    today.sort(key=lambda r: r.number)
    return earlier, today


@dataclass(frozen=True)
class SavedRound:
    """A round as just stored: its row id and the number the host sees."""

    id: str
    number: int


def next_round_number(session: Session, session_id: str) -> int:
    """The number a new round of this session takes: one more than its highest round.

    Rounds another laptop made (and sync brought here) count, so two laptops pairing the
    same session go on from each other's rounds instead of both starting at 1.
    """
    highest = session.scalar(
        select(func.max(PairingRound.number)).where(
            PairingRound.session_id == session_id, PairingRound.deleted.is_(False)
        )
    )
    return (highest or 0) + 1


def current_round_number(session: Session, session_id: str) -> int | None:
    """The number of the session's round in play (its highest), or None before the first."""
    number = next_round_number(session, session_id) - 1
    return number or None


def start_round(
    session: Session,
    session_id: str,
    groups: list[Group] | tuple[Group, ...],
    *,
    seed: int = 0,
    options: dict | None = None,
) -> SavedRound:
    """Record a new round of the session, numbered after every round it already has."""
    number = next_round_number(session, session_id)
    return SavedRound(save_round(session, session_id, number, groups, seed=seed, options=options), number)


def change_round(
    session: Session,
    session_id: str,
    number: int | None,
    groups: list[Group] | tuple[Group, ...],
    *,
    seed: int = 0,
    options: dict | None = None,
) -> SavedRound:
    """Record a new version of round ``number`` (None: the round in play, or a first round)."""
    if number is None:
        number = current_round_number(session, session_id) or 1
    return SavedRound(save_round(session, session_id, number, groups, seed=seed, options=options), number)


def save_round(
    session: Session,
    session_id: str,
    number: int,
    groups: list[Group] | tuple[Group, ...],
    *,
    seed: int = 0,
    options: dict | None = None,
) -> str:
    """Record a round (or a new version of it) and its groups; returns the round's id."""
    rnd = PairingRound(
        session_id=session_id,
        number=number,
        seed=seed,
        options=dict(options or {}),
        score=sum(g.score for g in groups),
    )
    session.add(rnd)
    session.flush()
    session.add_all(
        PairingGroup(
            round_id=rnd.id,
            table_number=g.table,
            member_ids=list(g.members),
            reason=g.reason,
            locked=g.locked,
        )
        for g in groups
    )
    session.flush()
    return rnd.id


def save_pairing(session: Session, session_id: str, number: int, pairing: Pairing, options: dict | None = None) -> str:
    return save_round(session, session_id, number, pairing.groups, seed=pairing.seed, options=options)

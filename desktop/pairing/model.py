"""What pairing takes and gives: the people present, what happened before, and the groups made."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

EXPERIENCE_RANK = {"never": 0, "a_little": 1, "some": 2}


@dataclass(frozen=True)
class Person:
    """Someone present. ``came_with`` and ``never_pair`` hold ids of other people."""

    id: str
    name: str
    experience: str = "never"  # never, a_little, some
    languages: tuple[str, ...] = ()  # BCP 47 codes
    helper: bool = False
    visits: int = 0  # earlier sessions this person came to
    came_with: tuple[str, ...] = ()  # asked to be kept with these people
    never_pair: tuple[str, ...] = ()
    access_needs: bool = False  # seat this group at an easy-to-reach table

    @property
    def is_new(self) -> bool:
        return self.visits == 0 and self.experience == "never" and not self.helper

    @property
    def rank(self) -> int:
        """How far along: 0 for a first-timer who never coded, up to 16 for a seasoned helper."""
        base = EXPERIENCE_RANK.get(self.experience, 0) * 2 + min(self.visits, 6)
        return base + (6 if self.helper else 0)


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass
class History:
    """Who met whom before.

    ``meetings`` counts earlier groups two people shared (any session, any
    venue); ``this_session`` holds the pairs already together in an earlier
    round of today's session; ``trios`` counts each person's earlier groups of three.
    """

    meetings: dict[tuple[str, str], int] = field(default_factory=dict)
    this_session: set[tuple[str, str]] = field(default_factory=set)
    trios: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_rounds(
        cls,
        earlier: Iterable[Iterable[Iterable[str]]],
        this_session: Iterable[Iterable[Iterable[str]]] = (),
    ) -> History:
        """Build from rounds, each a list of groups of ids: earlier sessions, then today's earlier rounds."""
        history = cls()
        for rounds, today in ((earlier, False), (this_session, True)):
            for groups in rounds:
                for group in groups:
                    history.add_group(list(group), today)
        return history

    def add_group(self, members: list[str], this_session: bool = False) -> None:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                key = pair_key(a, b)
                self.meetings[key] = self.meetings.get(key, 0) + 1
                if this_session:
                    self.this_session.add(key)
        if len(members) >= 3:
            for m in members:
                self.trios[m] = self.trios.get(m, 0) + 1

    def met(self, a: str, b: str) -> int:
        return self.meetings.get(pair_key(a, b), 0)


@dataclass(frozen=True)
class Options:
    """``locked`` groups stay as they are; ``keep`` groups (the round being amended) change as little as possible."""

    seed: int = 0
    locked: tuple[tuple[str, ...], ...] = ()
    keep: tuple[tuple[str, ...], ...] = ()
    keep_came_with: bool = True


@dataclass(frozen=True)
class Group:
    members: tuple[str, ...]
    reason: str
    table: int = 0
    locked: bool = False
    score: int = 0


@dataclass(frozen=True)
class Problem:
    """A hard rule that could not hold, or a person who could not be placed, in plain words."""

    kind: str  # no_language, never_pair, came_with_too_many, came_with_conflict, unplaced, ...
    people: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Pairing:
    groups: tuple[Group, ...]
    unplaced: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    score: int = 0
    seed: int = 0

    def group_of(self, person_id: str) -> Group | None:
        for g in self.groups:
            if person_id in g.members:
                return g
        return None

    def partners(self) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for g in self.groups:
            for i, a in enumerate(g.members):
                for b in g.members[i + 1 :]:
                    out.add(pair_key(a, b))
        return out


PeopleById = Mapping[str, Person]

"""What an operation changed, so that each page reloads only what it shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Kind(StrEnum):
    """The kinds of records a page can show. Values are the synced tables' names where one exists."""

    VENUES = "venues"
    SESSIONS = "sessions"
    PARTICIPANTS = "participants"
    SIGN_INS = "sign_ins"
    EXIT_CARDS = "exit_cards"
    PAIRINGS = "pairings"
    LESSONS = "lessons"
    CONFLICTS = "conflicts"  # fields changed two ways, waiting for a person
    OUTBOX = "outbox"  # changes waiting to be sent, refused or kept aside


# Tables whose rows belong to a kind of their own name; any other synced table (e.g. a
# lesson's versions) reaches pages through the kind it belongs to.
_TABLE_KINDS: dict[str, Kind] = {
    "lesson_versions": Kind.LESSONS,
    "pairing_rounds": Kind.PAIRINGS,
    "pairing_groups": Kind.PAIRINGS,
    "erasures": Kind.PARTICIPANTS,
}


@dataclass(frozen=True)
class OpChanges:
    """The kinds of records an operation changed, and the one session it was about, if any."""

    kinds: frozenset[Kind] = frozenset()
    session_id: str | None = None

    @classmethod
    def of(cls, *kinds: Kind, session_id: str | None = None) -> OpChanges:
        return cls(frozenset(kinds), session_id)

    @classmethod
    def from_tables(cls, tables: Iterable[str]) -> OpChanges:
        """What a sync round changed, from the names of the tables it wrote to."""
        kinds: set[Kind] = set()
        for table in tables:
            kind = _TABLE_KINDS.get(table)
            if kind is None:
                try:
                    kind = Kind(table)
                except ValueError:
                    continue  # bookkeeping no page shows
            kinds.add(kind)
        return cls(frozenset(kinds))

    def touches(self, *kinds: Kind) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: OpChanges) -> OpChanges:
        """Both changes at once: still about one session only if neither names another."""
        sessions = {self.session_id, other.session_id} - {None}
        return OpChanges(self.kinds | other.kinds, sessions.pop() if len(sessions) == 1 else None)


NOTHING = OpChanges()


@dataclass(frozen=True)
class Done(Generic[T]):
    """An operation's result and what it changed."""

    value: T
    changes: OpChanges = field(default=NOTHING)

"""What an operation changed, so that each page reloads only what it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    INTERVENTIONS = "interventions"  # what a chapter changed at a venue
    FOLLOW_UPS = "follow_ups"  # someone reached out to a person who stopped coming
    LADDER_STEPS = "ladder_steps"  # steps people took towards hosting
    CONFLICTS = "conflicts"  # fields changed two ways, waiting for a person
    OUTBOX = "outbox"  # changes waiting to be sent, refused or kept aside
    HUB = "hub"  # this laptop's link to its hub: enrolment, the last sync


# Tables whose rows belong to a kind of their own name; any other synced table (e.g. a
# lesson's versions) reaches pages through the kind it belongs to.
_TABLE_KINDS: dict[str, Kind] = {
    "lesson_versions": Kind.LESSONS,
    "pairing_rounds": Kind.PAIRINGS,
    "pairing_groups": Kind.PAIRINGS,
    "erasures": Kind.PARTICIPANTS,
    "lesson_lineage": Kind.LESSONS,  # where a lesson came from in the commons
    "commons_entries": Kind.LESSONS,  # the commons catalogue, shown on the Lessons page
}


def kind_of_table(table: str) -> Kind | None:
    """The kind of record a synced table holds; None for bookkeeping no page shows."""
    kind = _TABLE_KINDS.get(table)
    if kind is not None:
        return kind
    try:
        return Kind(table)
    except ValueError:
        return None


@dataclass(frozen=True)
class OpChanges:
    """The kinds of records an operation changed, and the one session it was about, if any."""

    kinds: frozenset[Kind] = frozenset()
    session_id: str | None = None
    remote: bool = False  # made elsewhere and brought by sync, not by this window

    @classmethod
    def of(cls, *kinds: Kind, session_id: str | None = None) -> OpChanges:
        return cls(frozenset(kinds), session_id)

    @classmethod
    def from_tables(cls, tables: Iterable[str], *, remote: bool = True) -> OpChanges:
        """What changed, from the names of the tables written to: by a sync round, unless said otherwise."""
        kinds = {kind for kind in map(kind_of_table, tables) if kind is not None}
        return cls(frozenset(kinds), remote=remote)

    def touches(self, *kinds: Kind) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: OpChanges) -> OpChanges:
        """Both changes at once: still about one session only if neither names another."""
        sessions = {self.session_id, other.session_id} - {None}
        return OpChanges(
            self.kinds | other.kinds, sessions.pop() if len(sessions) == 1 else None, self.remote or other.remote
        )


NOTHING = OpChanges()


@dataclass(frozen=True)
class Done(Generic[T]):
    """An operation's result and what it changed.

    ``after_commit`` is the operation's own work that must wait until its changes are committed
    and must not hold the database thread (a backup copies the whole file): whoever runs the
    operation runs it after the commit, never after a rollback, and only then is ``value`` final.
    """

    value: T
    changes: OpChanges = field(default=NOTHING)
    after_commit: Callable[[], object] | None = None

"""Operations on pairing: each change the host makes to the board is stored as a round."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.ops.changes import Done, Kind, OpChanges
from desktop.pairing import store
from desktop.pairing.model import Group
from desktop.pairing.store import SavedRound


def start_round(session: Session, session_id: str, groups: list[Group], seed: int) -> Done[SavedRound]:
    """A new round of the session's pairs, numbered after every round it already has."""
    saved = store.start_round(session, session_id, groups, seed=seed)
    return Done(saved, OpChanges.of(Kind.PAIRINGS, session_id=session_id))


def change_round(
    session: Session, session_id: str, number: int | None, groups: list[Group], seed: int
) -> Done[SavedRound]:
    """Round ``number`` as the host changed it (None: the round in play, or a first one)."""
    saved = store.change_round(session, session_id, number, groups, seed=seed)
    return Done(saved, OpChanges.of(Kind.PAIRINGS, session_id=session_id))

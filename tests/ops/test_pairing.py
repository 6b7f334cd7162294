"""Pairing operations store each round and say it changed this session's pairings."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models import PairingGroup, PairingRound
from desktop.ops import Kind, OpChanges
from desktop.ops import pairing as ops
from tests.pairing.test_round_numbers import _session


def test_starting_a_round_stores_it_numbered_and_names_the_session(db):
    session_id, groups = _session(db)
    with db.transaction() as s:
        first = ops.start_round(s, session_id, groups, seed=7)
    with db.transaction() as s:
        second = ops.start_round(s, session_id, groups, seed=8)
        stored = s.scalars(select(PairingRound).where(PairingRound.id == second.value.id)).one()
        tables = sorted(s.scalars(select(PairingGroup.table_number).where(PairingGroup.round_id == stored.id)))
    assert (first.value.number, second.value.number) == (1, 2)
    assert (stored.number, stored.seed, tables) == (2, 8, [1, 2])
    assert first.changes == OpChanges.of(Kind.PAIRINGS, session_id=session_id)


def test_changing_a_round_stores_a_new_version_under_the_same_number(db):
    session_id, groups = _session(db)
    with db.transaction() as s:
        ops.start_round(s, session_id, groups, seed=1)
    with db.transaction() as s:
        done = ops.change_round(s, session_id, 1, groups[::-1], seed=1)
        numbers = sorted(s.scalars(select(PairingRound.number)))
    assert done.value.number == 1 and numbers == [1, 1]
    assert done.changes == OpChanges.of(Kind.PAIRINGS, session_id=session_id)

"""What an operation changed, in the terms pages refresh by."""

from __future__ import annotations

from desktop.models import SYNCED_MODELS
from desktop.ops import Kind, OpChanges


def test_every_synced_table_a_sync_round_writes_reaches_a_kind_a_page_refreshes_by():
    for model in SYNCED_MODELS:
        table = model.__tablename__  # type: ignore[attr-defined]
        assert OpChanges.from_tables([table]).kinds, f"a pulled change to {table} would refresh no page"


def test_changes_a_sync_round_brought_say_they_came_from_elsewhere():
    pulled = OpChanges.from_tables(["pairing_rounds"])
    assert pulled.remote and pulled.touches(Kind.PAIRINGS)
    assert not OpChanges.of(Kind.PAIRINGS).remote
    assert (pulled | OpChanges.of(Kind.LESSONS)).remote


def test_bookkeeping_tables_change_no_kind():
    assert not OpChanges.from_tables(["sync_state", "device"])


def test_joined_changes_stay_about_one_session_only_when_neither_names_another():
    signed_in = OpChanges.of(Kind.SIGN_INS, session_id="s1")
    lessons = OpChanges.of(Kind.LESSONS)
    assert (signed_in | lessons) == OpChanges.of(Kind.SIGN_INS, Kind.LESSONS, session_id="s1")
    other = OpChanges.of(Kind.PAIRINGS, session_id="s2")
    assert (signed_in | other).session_id is None
    assert (signed_in | other).touches(Kind.PAIRINGS)
    assert not (signed_in | other).touches(Kind.VENUES)

"""The host's board: moves and swaps are checked against the hard rules and can be undone."""

from __future__ import annotations

from desktop.pairing import Person
from desktop.pairing.board import Board


def people():
    return [
        Person("a", "Ana", languages=("es",), helper=True, visits=4),
        Person("b", "Bea", languages=("es",)),
        Person("c", "Cy", languages=("en",), visits=2),
        Person("d", "Dee", languages=("en",)),
        Person("e", "Eli", languages=("en", "es"), never_pair=("d",)),
    ]


def test_run_pairs_everyone_and_undo_restores_the_empty_board():
    board = Board(people())
    board.run()
    assert sum(len(g.members) for g in board.groups) == 5
    assert board.undo() and board.groups == []


def test_a_move_that_breaks_the_language_rule_is_refused_with_the_reason():
    board = Board(people())
    board.run()
    target = next(i for i, g in enumerate(board.groups) if "c" in g.members)
    refusal = board.move("b", target)
    assert refusal is not None and "share no language" in refusal.message


def test_a_move_onto_a_never_pair_partner_is_refused():
    board = Board(people())
    board.run()
    if "e" in next(g for g in board.groups if "d" in g.members).members:
        raise AssertionError("never-pair broken by the solver")
    target = next(i for i, g in enumerate(board.groups) if "d" in g.members)
    refusal = board.swap("e", next(m for m in board.groups[target].members if m != "d"))
    assert refusal is not None and "must not be paired" in refusal.message


def test_a_locked_group_cannot_be_changed_and_survives_repairing_the_rest():
    board = Board(people())
    board.run()
    board.toggle_lock(0)
    locked = board.groups[0].members
    other = next(m for g in board.groups[1:] for m in g.members)
    assert board.move(other, 0) is not None
    board.repair_rest()
    assert any(g.members == locked and g.locked for g in board.groups)


def test_a_good_swap_updates_both_reasons_and_can_be_undone():
    board = Board([Person(x, x.upper(), languages=("en",), visits=i) for i, x in enumerate("wxyz")])
    board.run()
    before = list(board.groups)
    a, b = board.groups[0].members[0], board.groups[1].members[0]
    assert board.swap(a, b) is None
    assert b in board.groups[0].members and a in board.groups[1].members
    for group, old in zip(board.groups[:2], before[:2], strict=True):
        assert group.reason != old.reason
        assert all(member.upper() in group.reason for member in group.members), group  # names its new members
    board.undo()
    assert board.groups == before


def test_latecomers_are_added_without_reshuffling():
    board = Board([Person(x, x.upper(), languages=("en",)) for x in "abcdef"])
    board.run()
    before = {frozenset(g.members) for g in board.groups}
    board.add_people([Person("late", "Lou", languages=("en",), helper=True)])
    after = {frozenset(g.members) for g in board.groups}
    assert len(before - after) == 1 and any("late" in g for g in after)

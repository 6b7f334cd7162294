"""The host's pairing board without a screen: groups, locks, moves checked against the hard rules, undo.

The Pairing page shows a ``Board`` and asks it before changing anything, so
every rule is enforced (and explained) in one place that tests can reach.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.i18n import _
from desktop.pairing.model import Group, History, Options, Pairing, Person
from desktop.pairing.reasons import explain
from desktop.pairing.rules import group_violations
from desktop.pairing.scoring import pair_points, third_points
from desktop.pairing.solver import pair


@dataclass(frozen=True)
class Refusal:
    """A change the board would not make, and why, in plain words."""

    message: str


class Board:
    def __init__(self, people: list[Person], history: History | None = None, seed: int = 0) -> None:
        self.people = {p.id: p for p in people}
        self.history = history or History()
        self.seed = seed
        self.groups: list[Group] = []
        self.unplaced: list[str] = []
        self.problems: list[str] = []
        self._undo: list[tuple[list[Group], list[str], list[str]]] = []

    # State ------------------------------------------------------------------------------

    def _push(self) -> None:
        self._undo.append((list(self.groups), list(self.unplaced), list(self.problems)))
        del self._undo[:-50]

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> bool:
        if not self._undo:
            return False
        self.groups, self.unplaced, self.problems = self._undo.pop()
        return True

    def load(self, groups: list[Group]) -> None:
        """Show groups as stored (no undo step: this is where the host starts from)."""
        known = [g for g in groups if all(m in self.people for m in g.members)]
        # Reasons are written afresh, in the language the host is using now.
        self.groups = sorted(
            (replace(g, reason=explain([self.people[m] for m in g.members], self.history)) for g in known),
            key=lambda g: g.table,
        )
        seated = {m for g in self.groups for m in g.members}
        self.unplaced = [pid for pid in self.people if pid not in seated]
        self.problems = []

    def _apply(self, result: Pairing) -> None:
        self.groups = list(result.groups)
        self.unplaced = list(result.unplaced)
        self.problems = [p.message for p in result.problems]

    def tables(self) -> dict[str, int]:
        return {m: g.table for g in self.groups for m in g.members}

    # Whole-board actions -------------------------------------------------------------------

    def run(self, seed: int | None = None) -> None:
        """Pair everyone afresh (locks are kept)."""
        self._push()
        if seed is not None:
            self.seed = seed
        locked = tuple(g.members for g in self.groups if g.locked)
        self._apply(
            pair(list(self.people.values()), self.history, Options(seed=self.seed, locked=locked), self.tables())
        )

    def repair_rest(self) -> None:
        """Keep the locked groups and pair everyone else again, avoiding their current partners where possible."""
        self._push()
        locked = tuple(g.members for g in self.groups if g.locked)
        self.seed += 1
        self._apply(
            pair(list(self.people.values()), self.history, Options(seed=self.seed, locked=locked), self.tables())
        )

    def add_people(self, newcomers: list[Person]) -> None:
        """Seat latecomers with the fewest changes to the groups already sitting together."""
        self._push()
        for p in newcomers:
            self.people[p.id] = p
        keep = tuple(g.members for g in self.groups if not g.locked)
        locked = tuple(g.members for g in self.groups if g.locked)
        self._apply(
            pair(
                list(self.people.values()),
                self.history,
                Options(seed=self.seed, locked=locked, keep=keep),
                self.tables(),
            )
        )

    # One group at a time ------------------------------------------------------------------------

    def toggle_lock(self, index: int) -> None:
        self._push()
        g = self.groups[index]
        self.groups[index] = replace(g, locked=not g.locked)

    def _regroup(self, members: list[str], like: Group) -> Group:
        people = [self.people[m] for m in members]
        score = pair_points(people[0], people[1], self.history, self.seed) if len(people) >= 2 else 0
        if len(people) >= 3:
            score += third_points(people[2], self.history, self.seed)
        return replace(like, members=tuple(members), reason=explain(people, self.history), score=score)

    def _check(self, members: list[str]) -> Refusal | None:
        broken = group_violations([self.people[m] for m in members])
        return Refusal(" ".join(broken)) if broken else None

    def move(self, person_id: str, target: int) -> Refusal | None:
        """Move someone into another group; refused (with the reason) if it would break a rule."""
        source = next((i for i, g in enumerate(self.groups) if person_id in g.members), None)
        name = self.people[person_id].name
        if source == target:
            return None
        dest = self.groups[target]
        if dest.locked or (source is not None and self.groups[source].locked):
            return Refusal(_("That group is locked. Unlock it first to change it."))
        if len(dest.members) >= 3:
            return Refusal(
                _("A group holds at most three people. Drop {name} onto a person to swap them instead.").format(
                    name=name
                )
            )
        new_dest = [*dest.members, person_id]
        refusal = self._check(new_dest)
        if refusal:
            return refusal
        if source is not None:
            left = [m for m in self.groups[source].members if m != person_id]
            if len(left) == 1:
                return Refusal(
                    _(
                        "Moving {name} would leave {other} alone. Drop {name} onto a person to swap them instead."
                    ).format(name=name, other=self.people[left[0]].name)
                )
        self._push()
        self.groups[target] = self._regroup(new_dest, dest)
        if source is not None:
            self.groups[source] = self._regroup(left, self.groups[source])
        else:
            self.unplaced.remove(person_id)
        self.problems = []
        return None

    def swap(self, a: str, b: str) -> Refusal | None:
        """Swap two people between their groups, if both groups still keep every rule."""
        ga = next((i for i, g in enumerate(self.groups) if a in g.members), None)
        gb = next((i for i, g in enumerate(self.groups) if b in g.members), None)
        if (ga is None and gb is None) or a == b:
            return None
        if gb is None:
            a, b, ga, gb = b, a, gb, ga
        if ga == gb:
            return None
        assert gb is not None
        if self.groups[gb].locked or (ga is not None and self.groups[ga].locked):
            return Refusal(_("That group is locked. Unlock it first to change it."))
        new_b = [a if m == b else m for m in self.groups[gb].members]
        refusal = self._check(new_b)
        if ga is not None:
            new_a = [b if m == a else m for m in self.groups[ga].members]
            refusal = refusal or self._check(new_a)
        if refusal:
            return refusal
        self._push()
        self.groups[gb] = self._regroup(new_b, self.groups[gb])
        if ga is not None:
            self.groups[ga] = self._regroup(new_a, self.groups[ga])
        else:  # someone unplaced takes b's seat; b is now the one waiting
            self.unplaced[self.unplaced.index(a)] = b
        self.problems = []
        return None

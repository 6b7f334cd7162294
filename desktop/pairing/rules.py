"""The hard rules: a shared language, never-pair lists, and friends kept together when they ask.

These are never traded against anything else. ``group_violations`` checks a
finished group; the solver only ever builds groups it would pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.i18n import _
from desktop.languages import OTHER, base_language
from desktop.pairing.model import PeopleById, Person


def languages_of(person: Person) -> frozenset[str]:
    """Every language the person speaks (base codes): two people can sit together when these meet."""
    return frozenset(base_language(c) for c in person.languages if c.strip() and c != OTHER)


def shared_languages(members: Sequence[Person]) -> frozenset[str]:
    """Languages every member speaks."""
    if not members:
        return frozenset()
    common = languages_of(members[0])
    for p in members[1:]:
        common &= languages_of(p)
    return common


def forbidden(a: Person, b: Person) -> bool:
    """Either asked never to be paired with the other."""
    return b.id in a.never_pair or a.id in b.never_pair


def came_together(a: Person, b: Person) -> bool:
    return b.id in a.came_with or a.id in b.came_with


def can_share_group(a: Person, b: Person, *, keep_came_with: bool = True) -> bool:
    """Two people may sit together: no never-pair, and a shared language (or they came together)."""
    if a.id == b.id or forbidden(a, b):
        return False
    if languages_of(a) & languages_of(b):
        return True
    return keep_came_with and came_together(a, b)


def _party_links(members: Sequence[Person]) -> dict[str, int]:
    """Which members came together, directly or through another member of the group."""
    label = {p.id: i for i, p in enumerate(members)}
    changed = True
    while changed:
        changed = False
        for a in members:
            for b in members:
                if a.id != b.id and came_together(a, b) and label[a.id] != label[b.id]:
                    low = min(label[a.id], label[b.id])
                    label[a.id] = label[b.id] = low
                    changed = True
    return label


def group_violations(members: Sequence[Person], *, keep_came_with: bool = True) -> list[str]:
    """Every hard rule a group breaks, in plain words (empty when the group is fine)."""
    out: list[str] = []
    party = _party_links(members) if keep_came_with else {p.id: i for i, p in enumerate(members)}
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if forbidden(a, b):
                out.append(_("{a} and {b} must not be paired.").format(a=a.name, b=b.name))
            elif not (languages_of(a) & languages_of(b)) and party[a.id] != party[b.id]:
                out.append(_("{a} and {b} share no language.").format(a=a.name, b=b.name))
    return out


def split_came_with(groups: Iterable[Sequence[str]], people: PeopleById) -> list[tuple[str, str]]:
    """Pairs who asked to be kept together but sit in different groups."""
    where: dict[str, int] = {}
    for index, members in enumerate(groups):
        for m in members:
            where[m] = index
    out: list[tuple[str, str]] = []
    for p in people.values():
        for other in p.came_with:
            if other in people and other != p.id and where.get(p.id) != where.get(other):
                out.append((p.id, other) if p.id < other else (other, p.id))
    return sorted(set(out))

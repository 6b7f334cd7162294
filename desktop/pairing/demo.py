"""Demo rounds made by the real pairing, so the demo shows real groups and reasons."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.models import Participant
from desktop.pairing.model import Group, History, Options, Person
from desktop.pairing.solver import pair


def demo_groups(present: Sequence[Participant], visits: dict[str, int], history: History, seed: int) -> list[Group]:
    """Pair the demo participants present, and add the round to ``history``."""
    people = [
        Person(
            id=p.id,
            name=p.first_name,
            experience=p.experience,
            languages=tuple(p.languages),
            helper=visits.get(p.id, 0) >= 3,
            visits=visits.get(p.id, 0),
        )
        for p in present
    ]
    result = pair(people, history, Options(seed=seed))
    for g in result.groups:
        history.add_group(list(g.members))
    return list(result.groups)

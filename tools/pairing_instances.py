"""Random but believable pairing instances, shared by the tests and the pairing benchmark."""

from __future__ import annotations

import random

from desktop.pairing import History, Person

LANGUAGE_MIX = (("en",), ("en",), ("en",), ("es",), ("en", "es"), ("vi", "en"), ("zh",), ("ar", "en"), ("uk", "en"))


def random_people(n: int, seed: int, *, never_pair_rate: float = 0.02) -> list[Person]:
    rng = random.Random(seed)
    ids = [f"p{i:04d}" for i in range(n)]
    people = []
    for i, pid in enumerate(ids):
        visits = rng.choice((0, 0, 0, 1, 2, 3, 5, 8))
        never = tuple(x for x in ids if x != pid and rng.random() < never_pair_rate / 10)
        people.append(
            Person(
                id=pid,
                name=f"Person {i}",
                experience=rng.choice(("never", "never", "a_little", "some")),
                languages=rng.choice(LANGUAGE_MIX),
                helper=visits >= 3 and rng.random() < 0.4,
                visits=visits,
                never_pair=never,
                access_needs=rng.random() < 0.05,
            )
        )
    return people


def random_history(people: list[Person], seed: int, rounds: int = 6) -> History:
    rng = random.Random(seed + 1)
    ids = [p.id for p in people]
    earlier = []
    for _ in range(rounds):
        sample = rng.sample(ids, k=min(len(ids), rng.randint(2, 14)))
        earlier.append([sample[i : i + 2] for i in range(0, len(sample) - 1, 2)])
    return History.from_rounds(earlier)

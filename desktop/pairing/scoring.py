"""The soft goals, as integer points: the solver maximises their sum.

- A newer person beside a more experienced one earns points; two first-timers
  together, or two helpers together (helpers spread across groups), lose some.
- Earlier partners lose points, more for each earlier meeting; a partner from
  an earlier round of the same session loses far more ("round 2 avoids round 1").
- The third member of a group of three is, where possible, a helper and
  someone who has not been in a group of three before (trios spread across sessions).
- A small jitter drawn from the seed varies the result between equally good groupings.

Integers keep the optimum exact and comparable with any other matching solver.
"""

from __future__ import annotations

import zlib

from desktop.pairing.model import History, Person

MIX_PER_RANK = 4
MIX_CAP = 12  # ranks; beyond this, more experience earns nothing more
BOTH_NEW = -40
BOTH_HELPERS = -60
HELPER_WITH_NEW = 20
REPEAT_STEP = 40  # the k-th earlier meeting costs k * REPEAT_STEP more than the one before
SAME_SESSION = 500
CAME_TOGETHER = 200  # for people who came in a party too big for one group
JITTER = 6

THIRD_HELPER = 60
THIRD_PER_RANK = 3
THIRD_NEW = -40
THIRD_AGAIN = 50  # per earlier group of three


def person_hash(seed: int, person_id: str) -> int:
    """Stable for a seed and a person (crc32, not the per-process salted hash())."""
    return zlib.crc32(f"{seed}\x1f{person_id}".encode())


def mix_hashes(ha: int, hb: int) -> int:
    """0..JITTER-1 for a pair, the same in either order and whoever else is present."""
    return (((ha ^ hb) * 2654435761) >> 16) % JITTER


def jitter(seed: int, a: str, b: str) -> int:
    return mix_hashes(person_hash(seed, a), person_hash(seed, b))


def repeat_penalty(history: History, a: str, b: str) -> int:
    k = history.met(a, b)
    penalty = REPEAT_STEP * k * (k + 1) // 2
    if k and (min(a, b), max(a, b)) in history.this_session:
        penalty += SAME_SESSION
    return penalty


def mix_points(a: Person, b: Person) -> int:
    points = MIX_PER_RANK * min(abs(a.rank - b.rank), MIX_CAP)
    if a.is_new and b.is_new:
        points += BOTH_NEW
    if a.helper and b.helper:
        points += BOTH_HELPERS
    if (a.helper and b.is_new) or (b.helper and a.is_new):
        points += HELPER_WITH_NEW
    return points


def pair_points(a: Person, b: Person, history: History, seed: int) -> int:
    """What putting ``a`` and ``b`` together is worth (hard rules are checked elsewhere)."""
    return mix_points(a, b) - repeat_penalty(history, a.id, b.id) + jitter(seed, a.id, b.id)


def third_points(c: Person, history: History, seed: int) -> int:
    """What having ``c`` as the third member of the group of three is worth."""
    points = THIRD_HELPER if c.helper else THIRD_PER_RANK * c.rank
    if c.is_new:
        points += THIRD_NEW
    points -= THIRD_AGAIN * history.trios.get(c.id, 0)
    return points + jitter(seed, c.id, "")


def join_points(c: Person, a: Person, b: Person, history: History) -> int:
    """How well ``c`` fits as third beside the pair ``a``, ``b``: used to pick the pair, not in the objective."""
    points = -THIRD_AGAIN * (history.trios.get(a.id, 0) + history.trios.get(b.id, 0))
    points -= repeat_penalty(history, c.id, a.id) + repeat_penalty(history, c.id, b.id)
    if c.helper:
        points += HELPER_WITH_NEW * (a.is_new + b.is_new) + BOTH_HELPERS * (a.helper + b.helper)
    points += MIX_PER_RANK * (min(abs(c.rank - a.rank), MIX_CAP) + min(abs(c.rank - b.rank), MIX_CAP)) // 2
    return points

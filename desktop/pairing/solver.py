"""``pair(people, history, options)``: groups of two (one of three when the count is odd), each with its reason.

How a grouping is found:

1. Locked groups stay as they are. People who came together and asked to be
   kept together form their own group (two or three of them).
2. Everyone else is a vertex of a graph whose edges are the pairs the hard
   rules allow, weighted by the soft goals (``scoring``). When their number is
   odd, one extra vertex stands for "third member of the group of three"; its
   edge to a person is worth what that person brings as a third.
3. An exact maximum-cardinality, maximum-weight matching of that graph
   (``matching``) gives the pairs and the third member, who then joins the
   pair where they fit best and every hard rule holds.
4. Whoever cannot be placed without breaking a hard rule is left out of the
   groups and named in ``problems`` with the reason — never put in a bad group.

The objective (``Pairing.score``) is the matching's total weight, the same
number ``networkx.max_weight_matching(G, maxcardinality=True)`` reaches on the
weights ``build_problem`` makes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.i18n import _
from desktop.languages import language_name
from desktop.pairing.matching import max_weight_matching
from desktop.pairing.model import Group, History, Options, Pairing, Person, Problem
from desktop.pairing.reasons import explain
from desktop.pairing.rules import came_together, can_share_group, forbidden, languages_of
from desktop.pairing.scoring import (
    BOTH_HELPERS,
    BOTH_NEW,
    CAME_TOGETHER,
    HELPER_WITH_NEW,
    MIX_CAP,
    MIX_PER_RANK,
    join_points,
    mix_hashes,
    pair_points,
    person_hash,
    repeat_penalty,
    third_points,
)

EXACT_LIMIT = 240  # above this many free people, solve in batches (exact within each), then the rest


@dataclass
class MatchingProblem:
    """The weighted graph over the free people; with ``third_slot`` its last vertex is the group-of-three seat."""

    people: list[Person]
    weights: list[list[int | None]]
    third_slot: bool


def build_problem(
    free: Sequence[Person],
    history: History,
    seed: int = 0,
    *,
    third_slot: bool | None = None,
    keep: Iterable[Sequence[str]] = (),
    parties: Iterable[Sequence[str]] = (),
    keep_came_with: bool = True,
) -> MatchingProblem:
    """Weights for the free people; ``None`` where the hard rules forbid the pair.

    A seat for a third member is added when the number of people who can be
    paired at all is odd (or as ``third_slot`` says).
    """
    people = sorted(free, key=lambda p: p.id)
    n = len(people)
    langs = [languages_of(p) for p in people]
    never = [set(p.never_pair) for p in people]
    friends = [set(p.came_with) for p in people] if keep_came_with else [set() for _ in people]
    allowed = [[False] * n for _ in range(n)]
    for i, a in enumerate(people):
        for j in range(i + 1, n):
            b = people[j]
            if a.id in never[j] or b.id in never[i]:
                continue
            if langs[i] & langs[j] or b.id in friends[i] or a.id in friends[j]:
                allowed[i][j] = allowed[j][i] = True
    if third_slot is None:
        third_slot = sum(any(row) for row in allowed) % 2 == 1
    slot = third_slot
    size = n + (1 if slot else 0)
    weights: list[list[int | None]] = [[None] * size for _ in range(size)]
    _fill_pair_points(people, allowed, weights, history, seed)
    if slot:
        for i, a in enumerate(people):
            weights[i][n] = weights[n][i] = third_points(a, history, seed)
    index = {p.id: i for i, p in enumerate(people)}
    for party in parties:
        members = [index[m] for m in party if m in index]
        for x in members:
            for y in members:
                if x < y and (w := weights[x][y]) is not None:
                    weights[x][y] = weights[y][x] = w + CAME_TOGETHER
    kept = [[index[m] for m in group if m in index] for group in keep]
    if any(len(g) >= 2 for g in kept):
        # Keeping an earlier group outranks every other goal: fewest changes first.
        values = [abs(w) for row in weights for w in row if w is not None]
        bonus = (2 * max(values, default=0) + 1) * (size // 2 + 2)
        for members in kept:
            if len(members) < 2:
                continue
            for x in members:
                for y in members:
                    if x < y and (w := weights[x][y]) is not None:
                        weights[x][y] = weights[y][x] = w + bonus
                if slot and len(members) >= 3 and (w := weights[x][n]) is not None:
                    weights[x][n] = weights[n][x] = w + bonus
    return MatchingProblem(people, weights, slot)


def _fill_pair_points(
    people: list[Person],
    allowed: list[list[bool]],
    weights: list[list[int | None]],
    history: History,
    seed: int,
) -> None:
    """``pair_points`` for every allowed pair, with per-person values worked out once (same numbers, faster)."""
    n = len(people)
    rank = [p.rank for p in people]
    new = [p.is_new for p in people]
    helper = [p.helper for p in people]
    hashes = [person_hash(seed, p.id) for p in people]
    met: dict[str, dict[str, int]] = {}
    for (x, y), k in history.meetings.items():
        met.setdefault(x, {})[y] = k
        met.setdefault(y, {})[x] = k
    for i, a in enumerate(people):
        row, ok = weights[i], allowed[i]
        ri, ni, hi, hsh = rank[i], new[i], helper[i], hashes[i]
        mine = met.get(a.id)
        for j in range(i + 1, n):
            if not ok[j]:
                continue
            points = MIX_PER_RANK * min(abs(ri - rank[j]), MIX_CAP) + mix_hashes(hsh, hashes[j])
            if ni and new[j]:
                points += BOTH_NEW
            if hi and helper[j]:
                points += BOTH_HELPERS
            if (hi and new[j]) or (helper[j] and ni):
                points += HELPER_WITH_NEW
            if mine and people[j].id in mine:
                points -= repeat_penalty(history, a.id, people[j].id)
            row[j] = weights[j][i] = points


def solve_problem(problem: MatchingProblem) -> tuple[list[tuple[Person, Person]], Person | None, list[Person], int]:
    """(pairs, third member or None, people left unmatched, objective)."""
    mate = max_weight_matching(problem.weights)
    people, n = problem.people, len(problem.people)
    pairs: list[tuple[Person, Person]] = []
    third: Person | None = None
    unmatched: list[Person] = []
    objective = 0
    for i in range(n):
        j = mate[i]
        if j == -1:
            unmatched.append(people[i])
        elif j == n:
            third = people[i]
            objective += _matched_weight(problem, i, j)
        elif i < j:
            pairs.append((people[i], people[j]))
            objective += _matched_weight(problem, i, j)
    return pairs, third, unmatched, objective


def _matched_weight(problem: MatchingProblem, i: int, j: int) -> int:
    weight = problem.weights[i][j]
    if weight is None:  # the matching never uses a forbidden pair
        raise AssertionError(f"forbidden pair {i}, {j} was matched")
    return weight


def _fits(c: Person, members: Sequence[Person], options: Options) -> bool:
    return all(can_share_group(c, m, keep_came_with=options.keep_came_with) for m in members)


def _solve_free(
    free: list[Person],
    history: History,
    options: Options,
    parties: list[list[str]],
    extra_pairs: Sequence[Sequence[Person]] = (),
) -> tuple[list[tuple[Person, Person]], list[Person], int]:
    """Pairs, then the people still to seat (the third member first), and the objective."""

    def build(people: Sequence[Person], third_slot: bool | None = None) -> MatchingProblem:
        return build_problem(
            people,
            history,
            options.seed,
            third_slot=third_slot,
            keep=options.keep,
            parties=parties,
            keep_came_with=options.keep_came_with,
        )

    if len(free) <= EXACT_LIMIT:
        problem = build(free)
        for _attempt in range(8):
            pairs, third, unmatched, objective = solve_problem(problem)
            if third is None or any(_fits(third, pr, options) for pr in [*pairs, *extra_pairs]):
                break
            # The chosen third shares no language with any pair: try again without them in that seat.
            index = problem.people.index(third)
            problem.weights[index][-1] = problem.weights[-1][index] = None
        return pairs, ([third] if third else []) + unmatched, objective
    # Very large gatherings: deal people into batches that each mix languages and
    # experience, solve each batch exactly, then match whoever is left over.
    ordered = sorted(free, key=lambda p: (sorted(languages_of(p)), p.rank, p.id))
    batches = -(-len(ordered) // 200)
    pairs, leftover, objective = [], [], 0
    for k in range(batches):
        part = ordered[k::batches]
        p, _third, rest, obj = solve_problem(build(part, third_slot=False))
        pairs += p
        leftover += rest
        objective += obj
    p, third, rest, obj = solve_problem(build(leftover))
    return pairs + p, ([third] if third else []) + rest, objective + obj


def _parties(free: list[Person], by_id: dict[str, Person]) -> list[list[str]]:
    """People linked by "came with", as connected groups (only links between people present)."""
    parent = {p.id: p.id for p in free}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in free:
        for other in p.came_with:
            if other in parent and other != p.id:
                parent[find(p.id)] = find(other)
    groups: dict[str, list[str]] = {}
    for p in free:
        groups.setdefault(find(p.id), []).append(p.id)
    return [sorted(g) for g in groups.values() if len(g) >= 2]


def _names(people: Sequence[Person]) -> str:
    names = [p.name for p in people]
    if len(names) <= 1:
        return "".join(names)
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def _why_unplaced(p: Person, everyone: Sequence[Person]) -> Problem:
    if not languages_of(p):
        return Problem(
            "no_language",
            (p.id,),
            _(
                "{name} has no language recorded, so nobody can be sure to share one. "
                "Add their languages, or seat them by hand."
            ).format(name=p.name),
        )
    speakers = [q for q in everyone if q.id != p.id and languages_of(p) & languages_of(q)]
    if not speakers:
        spoken = ", ".join(language_name(c) for c in sorted(languages_of(p)))
        return Problem(
            "no_language",
            (p.id,),
            _(
                "Nobody else here speaks {languages} like {name}. Seat {name} by hand, "
                "perhaps beside someone who can interpret."
            ).format(languages=spoken, name=p.name),
        )
    if all(forbidden(p, q) for q in speakers):
        return Problem(
            "never_pair",
            (p.id,),
            _(
                "Everyone here who shares a language with {name} is on a never-pair list with them. "
                "Seat {name} by hand."
            ).format(name=p.name),
        )
    return Problem(
        "unplaced",
        (p.id,),
        _(
            "{name} could not be placed: the people who share a language with them are all needed "
            "in other groups. Seat {name} by hand or swap someone."
        ).format(name=p.name),
    )


def _seat_the_unplaced(
    unplaced: list[Person],
    open_groups: list[list[Person]],
    groups_members: list[list[Person]],
    party_members: set[str],
    everyone: Sequence[Person],
    options: Options,
) -> tuple[list[Person], list[Problem]]:
    """Seat whoever the matching left out by changing a group or two, and say what that traded off.

    Someone left out sits with a person they can (who leaves their group): a group of three
    becomes two pairs, or the partner left behind joins another pair as its third. Only
    for a helper or returner, and only to break up two newcomers, may that partner be left
    without a group instead: newcomers never sit together while someone more experienced sits out.
    ``open_groups`` (and ``groups_members``, where new pairs go) change in place.
    """
    problems: list[Problem] = []
    changed = True
    while changed and unplaced:
        changed = False
        for x in sorted(unplaced, key=lambda p: (p.is_new, -p.rank, p.id)):
            move = _best_move(x, open_groups, party_members, options)
            if move is None:
                continue
            group, m, home = move
            group.remove(m)
            pair_ = [x, m]
            groups_members.append(pair_)
            open_groups.append(pair_)
            unplaced.remove(x)
            if len(group) == 2:
                message = _("{x} sits with {m} so that nobody is left without a group; {a} and {b} became a pair.")
                problems.append(
                    Problem(
                        "trade_off", (x.id, m.id), message.format(x=x.name, m=m.name, a=group[0].name, b=group[1].name)
                    )
                )
            elif home is not None:
                (o,) = group
                group.clear()
                home.append(o)
                message = _(
                    "{x} sits with {m} so that nobody is left without a group; {o} joined {a} and {b} "
                    "as a group of three."
                )
                problems.append(
                    Problem(
                        "trade_off",
                        (x.id, m.id, o.id),
                        message.format(x=x.name, m=m.name, o=o.name, a=home[0].name, b=home[1].name),
                    )
                )
            else:
                (o,) = group
                group.clear()
                unplaced.append(o)
                message = _(
                    "{x} sits with {m} rather than sit out: two newcomers are not paired while someone more "
                    "experienced has no group. Nobody else here can take {o}: seat {o} by hand."
                )
                problems.append(Problem("trade_off", (x.id, m.id, o.id), message.format(x=x.name, m=m.name, o=o.name)))
            changed = True
            break
    for dropped in [g for g in groups_members if not g]:
        groups_members.remove(dropped)
    for dropped in [g for g in open_groups if not g]:
        open_groups.remove(dropped)
    return unplaced, problems


def _best_move(
    x: Person, open_groups: list[list[Person]], party_members: set[str], options: Options
) -> tuple[list[Person], Person, list[Person] | None] | None:
    """(group, the member ``x`` sits with, the pair the one left behind joins or None), the kindest first."""
    best: tuple[tuple[int, str], tuple[list[Person], Person, list[Person] | None]] | None = None
    for group in open_groups:
        for m in group:
            if not can_share_group(x, m, keep_came_with=options.keep_came_with):
                continue
            if m.id in party_members or any(came_together(m, o) for o in group if o is not m):
                continue  # people who came together stay together
            rest = [o for o in group if o is not m]
            home: list[Person] | None = None
            if len(rest) == 2:
                cost = 0
            elif len(rest) == 1:
                home = next(
                    (g for g in open_groups if g is not group and len(g) == 2 and _fits(rest[0], g, options)), None
                )
                if home is not None:
                    cost = 1
                elif not x.is_new and m.is_new and rest[0].is_new:
                    cost = 2
                else:
                    continue
            else:
                continue
            key = (cost, m.id)
            if best is None or key < best[0]:
                best = (key, (group, m, home))
    return best[1] if best else None


def pair(
    people: Sequence[Person],
    history: History | None = None,
    options: Options | None = None,
    previous_tables: dict[str, int] | None = None,
) -> Pairing:
    """Group the people present. ``previous_tables`` (person id -> table) keeps table numbers steady."""
    history = history or History()
    options = options or Options()
    problems: list[Problem] = []

    by_id: dict[str, Person] = {}
    for p in people:
        if p.id in by_id:
            continue  # the same person signed in twice counts once
        by_id[p.id] = p
    everyone = sorted(by_id.values(), key=lambda p: p.id)
    if len(everyone) < 2:
        if everyone:
            problems.append(
                Problem(
                    "too_few",
                    (everyone[0].id,),
                    _("Only {name} is here: pairs need at least two people.").format(name=everyone[0].name),
                )
            )
        else:
            problems.append(Problem("too_few", (), _("Nobody is signed in yet, so there is nobody to pair.")))
        return Pairing((), tuple(p.id for p in everyone), tuple(problems), 0, options.seed)

    # 1. Locked groups stay; their members are out of play.
    taken: set[str] = set()
    fixed: list[tuple[list[Person], bool]] = []  # (members, locked)
    for group in options.locked:
        members = [by_id[m] for m in dict.fromkeys(group) if m in by_id and m not in taken]
        if len(members) >= 2:
            fixed.append((members, True))
            taken.update(m.id for m in members)

    # 2. Parties who came together.
    free = [p for p in everyone if p.id not in taken]
    if options.keep_came_with and taken:
        reported: set[frozenset[str]] = set()
        for p in everyone:
            for other in p.came_with:
                link = frozenset((p.id, other))
                if other in by_id and len(link & taken) == 1 and link not in reported:
                    reported.add(link)
                    q = by_id[other]
                    message = (
                        _("{a} and {b} came together, but they must not be paired.")
                        if forbidden(p, q)
                        else _("{a} came with {b}, whose group is locked. Unlock it to seat them together.")
                    )
                    problems.append(Problem("came_with_locked", (p.id, q.id), message.format(a=p.name, b=q.name)))
    too_big: list[list[str]] = []
    if options.keep_came_with:
        for party in _parties(free, by_id):
            members = [by_id[m] for m in party]
            clash = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :] if forbidden(a, b)]
            if clash:
                a, b = clash[0]
                problems.append(
                    Problem(
                        "came_with_conflict",
                        tuple(party),
                        _(
                            "{names} came together, but {a} and {b} must not be paired, so the group "
                            "they came with is not kept together."
                        ).format(names=_names(members), a=a.name, b=b.name),
                    )
                )
                continue
            if len(members) > 3:
                too_big.append(party)
                problems.append(
                    Problem(
                        "came_with_too_many",
                        tuple(party),
                        _(
                            "{names} came together, but a group holds at most three, so they are "
                            "spread over groups kept as close as possible."
                        ).format(names=_names(members)),
                    )
                )
                continue
            fixed.append((members, False))
            taken.update(party)
    free = [p for p in everyone if p.id not in taken]

    # 3. Match everyone else.
    party_pairs = [m for m, locked in fixed if not locked and len(m) == 2]
    pairs, to_seat, objective = _solve_free(free, history, options, too_big, party_pairs)

    # 4. Seat the third member (and anyone unmatched) beside the pair where they fit best.
    kept_with: dict[str, set[str]] = {}
    for group in options.keep:
        for m in group:
            kept_with.setdefault(m, set()).update(x for x in group if x != m)
    groups_members: list[list[Person]] = [list(pr) for pr in pairs]
    # The same lists: a third member appended here lands in the group itself.
    open_pairs = groups_members + [m for m, locked in fixed if not locked and len(m) == 2]
    unplaced: list[Person] = []
    for c in to_seat:
        best: tuple[int, int] | None = None
        for index, pr in enumerate(open_pairs):
            if len(pr) != 2 or not _fits(c, pr, options):
                continue
            points = join_points(c, pr[0], pr[1], history)
            points += 10_000 * sum(m.id in kept_with.get(c.id, set()) for m in pr)
            if best is None or points > best[0]:
                best = (points, index)
        if best is None:
            unplaced.append(c)
            continue
        open_pairs[best[1]].append(c)
    party_members = {p.id for members, locked in fixed if not locked for p in members}
    unplaced, trade_offs = _seat_the_unplaced(unplaced, open_pairs, groups_members, party_members, everyone, options)
    problems += trade_offs
    trios_made = sum(len(g) == 3 for g in open_pairs)
    if trios_made > 1:
        problems.append(
            Problem(
                "extra_trio",
                (),
                _(
                    "There are {n} groups of three, because otherwise someone would have been left without a group."
                ).format(n=trios_made),
            )
        )
    for p in unplaced:
        problems.append(_why_unplaced(p, everyone))

    # 5. Reasons and table numbers.
    all_groups: list[tuple[list[Person], bool]] = [(m, locked) for m, locked in fixed]
    all_groups += [(m, False) for m in groups_members]
    fixed_points = sum(pair_points(m[0], m[1], history, options.seed) for m, _locked in fixed if len(m) >= 2)
    tables = _assign_tables([m for m, _l in all_groups], previous_tables or {})
    groups = [
        Group(
            members=tuple(p.id for p in members),
            reason=explain(members, history),
            table=tables[i],
            locked=locked,
            score=_group_points(members, history, options.seed),
        )
        for i, (members, locked) in enumerate(all_groups)
    ]
    groups.sort(key=lambda g: g.table)
    return Pairing(
        tuple(groups),
        tuple(p.id for p in unplaced),
        tuple(problems),
        objective + fixed_points,
        options.seed,
    )


def _group_points(members: Sequence[Person], history: History, seed: int) -> int:
    if len(members) < 2:
        return 0
    points = pair_points(members[0], members[1], history, seed)
    if len(members) >= 3:
        points += third_points(members[2], history, seed)
    return points


def _assign_tables(groups: list[list[Person]], previous: dict[str, int]) -> list[int]:
    """Keep a group at the table most of its members already sit at; access needs first for new tables."""
    tables = [0] * len(groups)
    used: set[int] = set()
    for i, members in enumerate(groups):
        seen = [previous[p.id] for p in members if p.id in previous]
        if not seen:
            continue
        table = max(set(seen), key=lambda t: (seen.count(t), -t))
        if table not in used:
            tables[i] = table
            used.add(table)
    order = sorted(
        (i for i in range(len(groups)) if not tables[i]),
        key=lambda i: (not any(p.access_needs for p in groups[i]), [p.name for p in groups[i]]),
    )
    next_table = 1
    for i in order:
        while next_table in used:
            next_table += 1
        tables[i] = next_table
        used.add(next_table)
    return tables

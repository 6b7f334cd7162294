"""The matching solver reaches networkx's exact optimum on the same weights."""

from __future__ import annotations

import random

import pytest

from desktop.pairing import History, build_problem
from desktop.pairing.matching import max_weight_matching
from tests.pairing.nx_reference import networkx_optimum
from tools.pairing_instances import random_history, random_people


def _value(weights, mate):
    for i, j in enumerate(mate):
        if j >= 0:
            assert mate[j] == i, "the matching is symmetric"
            assert weights[i][j] is not None, "only allowed pairs are matched"
    pairs = [(i, j) for i, j in enumerate(mate) if j > i]
    return len(pairs), sum(weights[i][j] for i, j in pairs)


def _random_graph(rng: random.Random, n: int):
    density = rng.choice((0.05, 0.2, 0.5, 0.9, 1.0))
    low, high = rng.choice(((1, 1), (1, 3), (-5, 5), (-1000, 1000), (0, 10**6)))
    w: list[list[int | None]] = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < density:
                w[i][j] = w[j][i] = rng.randint(low, high)
    return w


def test_random_graphs_match_the_networkx_optimum_exactly():
    rng = random.Random(20240501)
    for _ in range(400):
        weights = _random_graph(rng, rng.randint(0, 30))
        assert _value(weights, max_weight_matching(weights)) == networkx_optimum(weights)


@pytest.mark.parametrize("seed", range(12))
def test_pairing_weights_of_up_to_sixty_people_reach_the_exact_optimum(seed):
    rng = random.Random(seed)
    people = random_people(rng.randint(2, 60), seed, never_pair_rate=rng.choice((0, 0.05, 0.3)))
    problem = build_problem(people, random_history(people, seed), seed)
    assert _value(problem.weights, max_weight_matching(problem.weights)) == networkx_optimum(problem.weights)


def test_tiny_and_empty_graphs():
    assert max_weight_matching([]) == []
    assert max_weight_matching([[None]]) == [-1]
    assert max_weight_matching([[None, None], [None, None]]) == [-1, -1]
    assert max_weight_matching([[None, 5], [5, None]]) == [1, 0]


def test_cardinality_comes_before_weight():
    # a-b is heavy, but taking it strands c and d; two light pairs place everyone.
    w = [[None, 100, 1, None], [100, None, None, 1], [1, None, None, None], [None, 1, None, None]]
    assert max_weight_matching(w) == [2, 3, 0, 1]


def test_history_does_not_change_exactness():
    people = random_people(41, 3)
    problem = build_problem(people, History(), 9)
    assert problem.third_slot
    assert _value(problem.weights, max_weight_matching(problem.weights)) == networkx_optimum(problem.weights)

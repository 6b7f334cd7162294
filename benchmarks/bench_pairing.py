"""pairing: ``pair()`` on 60 and 200 people against networkx ``max_weight_matching`` on the same weights.

For each size, a few believable gatherings (languages, experience, helpers,
never-pair lists, a history of earlier rounds). Ours is timed end to end
(weights, matching, reasons); networkx only for its matching call on the
graph of the very same weights (``maxcardinality=True``), so the comparison
favours networkx. Objectives are the matching's total weight.

Targets: at 60 people the same objective; at 200 people at least 99.5% of
networkx's objective in at most 1/5 of its time.
"""

from __future__ import annotations

import time
from functools import partial

import networkx as nx

from benchmarks.harness import Figure, median_time
from desktop.pairing import Options, build_problem, pair
from tools.pairing_instances import random_history, random_people

SEEDS = (1, 2, 3)


def _graph(weights: list[list[int | None]]) -> nx.Graph:
    n = len(weights)
    values = [w for row in weights for w in row if w is not None]
    offset = 1 - min(values)  # positive weights; the same optimum among maximum-cardinality matchings
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from(
        (i, j, w + offset) for i in range(n) for j in range(i + 1, n) if (w := weights[i][j]) is not None
    )
    return graph


def _measure(n: int) -> tuple[float, float, int, int]:
    ours_s = theirs_s = 0.0
    ours_obj = theirs_obj = 0
    for seed in SEEDS:
        people = random_people(n, seed)
        history = random_history(people, seed, rounds=12)
        options = Options(seed=seed)
        result = pair(people, history, options)
        ours_s += median_time(partial(pair, people, history, options), repeat=3, warmup=0)
        weights = build_problem(people, history, seed).weights
        graph = _graph(weights)
        start = time.perf_counter()
        matching = nx.max_weight_matching(graph, maxcardinality=True)
        theirs_s += time.perf_counter() - start
        ours_obj += result.score
        theirs_obj += sum(weights[a][b] for a, b in matching)
    return ours_s, theirs_s, ours_obj, theirs_obj


def run() -> list[Figure]:
    figures = []
    for n in (60, 200):
        ours_s, theirs_s, ours_obj, theirs_obj = _measure(n)
        per = len(SEEDS)
        time_target = 0.2 if n == 200 else None
        figures.append(
            Figure(
                f"pairing {n} people: time",
                ours_s / per * 1000,
                "ms",
                "networkx max_weight_matching, same weights",
                theirs_s / per * 1000,
                "ratio <= 0.2" if time_target else "(reported)",
                (ours_s / theirs_s <= time_target) if time_target else None,
            )
        )
        if n == 60:
            target, ok = "equal", ours_obj == theirs_obj
        else:
            target, ok = "ratio >= 0.995", ours_obj >= theirs_obj - 0.005 * abs(theirs_obj)
        figures.append(
            Figure(
                f"pairing {n} people: objective",
                ours_obj / per,
                "points",
                "networkx max_weight_matching, same weights",
                theirs_obj / per,
                target,
                ok,
            )
        )
    return figures

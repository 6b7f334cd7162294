"""The reference optimum: networkx on exactly the same weights."""

from __future__ import annotations

import networkx as nx


def networkx_optimum(weights: list[list[int | None]]) -> tuple[int, int]:
    """(pairs, total weight) of networkx's maximum-cardinality, maximum-weight matching."""
    n = len(weights)
    values = [w for row in weights for w in row if w is not None]
    # A constant added to every edge changes no maximum-cardinality optimum but keeps weights positive.
    offset = 1 - min(values) if values else 0
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for i in range(n):
        for j in range(i + 1, n):
            if (w := weights[i][j]) is not None:
                graph.add_edge(i, j, weight=w + offset)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return len(matching), sum(weights[a][b] for a, b in matching)

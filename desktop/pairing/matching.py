"""Exact maximum-cardinality, maximum-weight matching on a dense graph (Edmonds' blossoms, O(n^3)).

``max_weight_matching(weights)`` takes a symmetric matrix of integers, ``None``
where two vertices may not be matched, and returns a matching with as many
pairs as possible and, among those, the largest total weight — the same
optimum as ``networkx.max_weight_matching(G, maxcardinality=True)``.

How it is made fast enough for a few hundred people in pure Python:

- The graph is completed: a forbidden pair becomes an edge worth far less than
  any real edge, so the problem is a maximum-weight *perfect* matching, whose
  duals may start anywhere feasible. That allows a greedy warm start that
  matches most vertices before the first search.
- The search grows alternating trees from every unmatched vertex at once over
  dense rows, so each scan is a handful of C-level ``map`` calls rather than a
  Python loop over neighbours.
- Unmatched vertices stay "outer" from one stage to the next, so what their
  scans found is kept (``root_best``) instead of being recomputed after every
  augmentation; only the entries of vertices matched meanwhile are redone.

Duals are kept with weights doubled and all labels even, so every quantity
stays an integer and halving a slack never rounds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import add, itemgetter

INF = float("inf")


def max_weight_matching(weights: Sequence[Sequence[int | None]]) -> list[int]:
    """``mate[i]`` for each vertex (``-1`` when unmatched).

    As many pairs as the allowed edges permit, then the largest total weight.
    ``weights[i][j]`` must equal ``weights[j][i]``; ``None`` forbids the pair.
    """
    n = len(weights)
    if n < 2:
        return [-1] * n
    values = [w for row in weights for w in row if w is not None]
    if not values:
        return [-1] * n
    low, high = min(values), max(values)
    spread = high - low + 1
    # A real edge must outweigh any number of forbidden ones: K beats every
    # difference in total weight between two matchings of the same size.
    real_base = (n // 2 + 1) * spread + 1
    size = n + (n % 2)  # an extra vertex makes a perfect matching possible
    offset = real_base - low + 1
    internal = [[1 if w is None else w + offset for w in row] + [1] * (size - n) for row in weights]
    internal += [[1] * size for _ in range(size - n)]
    for i in range(size):
        internal[i][i] = 0
    solver = _Blossom(internal)
    solver.greedy_start()
    while solver.stage():
        pass
    mate = []
    for u in range(1, n + 1):
        v = solver.match[u]
        ok = v and v <= n and weights[u - 1][v - 1] is not None
        mate.append(v - 1 if ok else -1)
    return mate


class _Blossom:
    """Edmonds' algorithm for a maximum-weight perfect matching of a complete graph.

    Vertices are 1..n; 0 means "none"; blossoms are n+1..2n. ``weights`` is
    complete (every off-diagonal entry positive) and ``n`` is even.
    """

    def __init__(self, weights: Sequence[Sequence[int]]) -> None:
        n = len(weights)
        self.n = n
        size = 2 * n + 1
        # g_u/g_v/g_w[x][y]: the best original edge between top-level nodes x and y.
        self.g_u = [[0] * size for _ in range(size)]
        self.g_v = [[0] * size for _ in range(size)]
        self.g_w = [[0] * size for _ in range(size)]
        stride = n + 1
        self.stride = stride
        w_top = max((max(row) for row in weights), default=1)
        # Larger than any slack or encoded slack can grow (duals move by at most n * 4 * w_top).
        NO_EDGE = self.no_edge = 1 << max(62, (16 * (n + 2) * w_top * stride).bit_length() + 2)
        # Rows for the scans: -2w, and -2w * stride for the encoded slack.
        self.row_d = [[NO_EDGE] * (n + 1) for _ in range(n + 1)]
        self.row_s = [[NO_EDGE] * (n + 1) for _ in range(n + 1)]
        self.lab = [0] * size
        tail = [0] * n
        columns = [0, *range(1, n + 1), *tail]
        for i in range(1, n + 1):
            doubled = [2 * int(w) for w in weights[i - 1]]  # doubled: labels stay even
            doubled[i - 1] = 0
            self.g_u[i] = [0, *([i] * n), *tail]
            self.g_v[i] = list(columns)
            self.g_w[i] = [0, *doubled, *tail]
            rd = [NO_EDGE, *(-2 * w for w in doubled)]
            rd[i] = NO_EDGE
            rs = [x * stride for x in rd]
            rs[0] = rs[i] = NO_EDGE
            self.row_d[i] = rd
            self.row_s[i] = rs
            self.lab[i] = max(doubled)  # feasible: lab[u] + lab[v] >= 2w for every edge
        self.match = [0] * size
        self.st = list(range(size))
        self.pa = [0] * size
        self.S = [-1] * size
        self.vis = [0] * size
        self.vis_t = 0
        self.flower: list[list[int]] = [[] for _ in range(size)]
        self.leaves_of: list[list[int]] = [[x] if x <= n else [] for x in range(size)]
        self.flower_from = [[0] * (n + 1) for _ in range(size)]
        for u in range(1, n + 1):
            self.flower_from[u][u] = u
        self.n_x = n
        self.q: deque[int] = deque()
        # Kept across stages: a free vertex stays "outer" from one stage to the next, so
        # its slack contributions (``root_best``) stay valid until it is matched.
        self.D = 0  # every dual step so far; lab[u] + D is constant while u is outer
        self.root_best = [NO_EDGE] * (n + 1)
        self.root_scanned: set[int] = set()
        self.root_fixed: set[int] = set()  # free blossoms whose members' root_best excludes their own
        self.scanned: list[int] = []
        self.best = [NO_EDGE] * (n + 1)

    def greedy_start(self) -> None:
        """Match most vertices before the first search, along edges made tight by lowering labels.

        Each vertex's label is lowered as far as feasibility allows, which makes
        at least one of its edges tight; it is matched along a tight edge to a
        free vertex, or else along a tight edge to a matched vertex whose mate
        can move to another free vertex over a tight edge (a short augmenting path).
        """
        n, lab, match, row_d = self.n, self.lab, self.match, self.row_d
        no_edge = self.no_edge
        order = sorted(range(1, n + 1), key=lambda u: lab[u])
        for u in order:
            if match[u]:
                continue
            slacks = list(map(add, row_d[u], lab))  # lab[v] - 2w(u, v)
            slacks[0] = slacks[u] = no_edge
            least = min(slacks)
            lab[u] = -least  # now lab[u] + lab[v] - 2w >= 0, with equality somewhere
            tight = [v for v, x in enumerate(slacks) if x == least]
            free = [v for v in tight if not match[v]]
            if free:
                v = free[0]
                match[u], match[v] = v, u
                continue
        self._augment_tight()

    def _augment_tight(self) -> None:
        """Grow the matching along augmenting paths of tight edges (blossoms ignored: any path found is valid)."""
        n, lab, match, row_d = self.n, self.lab, self.match, self.row_d
        tight: list[list[int]] = [[] for _ in range(n + 1)]
        for u in range(1, n + 1):
            sums = list(map(add, row_d[u], lab))
            target = -lab[u]
            found = tight[u]
            v = -1
            while True:
                try:
                    v = sums.index(target, v + 1)
                except ValueError:
                    break
                if v != u:
                    found.append(v)

        def search(u: int, seen: set[int]) -> bool:
            # Try free neighbours first: the shortest augmenting paths.
            for v in tight[u]:
                if not match[v] and v not in seen:
                    match[u], match[v] = v, u
                    return True
            for v in tight[u]:
                if v in seen:
                    continue
                seen.add(v)
                w = match[v]
                if w and w not in seen and w != u:
                    seen.add(w)
                    if search(w, seen):
                        match[u], match[v] = v, u
                        return True
            return False

        for u in range(1, n + 1):
            if not match[u]:
                search(u, {u})

    def e_delta(self, u: int, v: int) -> int:
        return self.lab[self.g_u[u][v]] + self.lab[self.g_v[u][v]] - 2 * self.g_w[u][v]

    def q_push(self, x: int) -> None:
        self.q.extend(self.leaves_of[x])

    def set_st(self, x: int, b: int) -> None:
        self.st[x] = b
        if x > self.n:
            for y in self.flower[x]:
                self.set_st(y, b)

    def get_pr(self, b: int, xr: int) -> int:
        fl = self.flower[b]
        pr = fl.index(xr)
        if pr % 2 == 1:
            fl[1:] = fl[1:][::-1]
            return len(fl) - pr
        return pr

    def set_match(self, u: int, v: int) -> None:
        self.match[u] = self.g_v[u][v]
        if u > self.n:
            eu = self.g_u[u][v]
            xr = self.flower_from[u][eu]
            pr = self.get_pr(u, xr)
            fl = self.flower[u]
            for i in range(pr):
                self.set_match(fl[i], fl[i ^ 1])
            self.set_match(xr, v)
            self.flower[u] = fl[pr:] + fl[:pr]

    def augment(self, u: int, v: int) -> None:
        st, match, pa = self.st, self.match, self.pa
        while True:
            xnv = st[match[u]]
            self.set_match(u, v)
            if not xnv:
                return
            self.set_match(xnv, st[pa[xnv]])
            u, v = st[pa[xnv]], xnv

    def get_lca(self, u: int, v: int) -> int:
        self.vis_t += 1
        t = self.vis_t
        st, match, pa, vis = self.st, self.match, self.pa, self.vis
        while u or v:
            if u:
                if vis[u] == t:
                    return u
                vis[u] = t
                u = st[match[u]]
                if u:
                    u = st[pa[u]]
            u, v = v, u
        return 0

    def add_blossom(self, u: int, lca: int, v: int) -> None:
        n = self.n
        st, match, pa = self.st, self.match, self.pa
        b = n + 1
        while b <= self.n_x and st[b]:
            b += 1
        if b > self.n_x:
            self.n_x += 1
        self.lab[b] = 0
        self.S[b] = 0
        self.root_fixed.discard(b)
        match[b] = match[lca]
        fl = [lca]
        x = u
        while x != lca:
            y = st[match[x]]
            fl.append(x)
            fl.append(y)
            self.q_push(y)
            x = st[pa[y]]
        fl[1:] = fl[1:][::-1]
        x = v
        while x != lca:
            y = st[match[x]]
            fl.append(x)
            fl.append(y)
            self.q_push(y)
            x = st[pa[y]]
        self.flower[b] = fl
        self.set_st(b, b)
        n_x = self.n_x
        g_u, g_v, g_w, lab = self.g_u, self.g_v, self.g_w, self.lab
        leaves = self.leaves_of
        leaves[b] = [v for x in fl for v in leaves[x]]
        ffb = self.flower_from[b] = [0] * (n + 1)
        for xs in fl:
            for v in leaves[xs]:
                ffb[v] = xs
        # The best edge between the new blossom and every other node: for each node, the
        # member whose best edge to it has the least slack (the first such member on ties).
        span = n_x + 1
        no_edge = self.no_edge
        best_delta = [no_edge] * span
        who = [0] * span
        for xs in fl:
            deltas = [
                lab[p] + lab[q] - 2 * w if w else no_edge
                for p, q, w in zip(g_u[xs][:span], g_v[xs][:span], g_w[xs][:span], strict=False)
            ]
            who = [xs if d < bd else m for d, bd, m in zip(deltas, best_delta, who, strict=False)]
            best_delta = [d if d < bd else bd for d, bd in zip(deltas, best_delta, strict=False)]
        who[0] = who[b] = 0
        # Node 0 stands for "no edge": its rows are all zeros, so members without one read zeros.
        g_u[b][:span] = [g_u[m][x] for x, m in enumerate(who)]
        g_v[b][:span] = [g_v[m][x] for x, m in enumerate(who)]
        g_w[b][:span] = [g_w[m][x] for x, m in enumerate(who)]
        for x in range(1, span):
            m = who[x]
            g_u[x][b], g_v[x][b], g_w[x][b] = g_u[x][m], g_v[x][m], g_w[x][m]
        self._rebuild_best(b)

    def _leaves(self, b: int) -> list[int]:
        """The vertices inside node ``b`` (kept up to date by ``add_blossom``; not to be changed)."""
        return self.leaves_of[b]

    def _rebuild_best(self, b: int) -> None:
        """Best slack into each vertex of a new blossom, from scanned vertices outside it."""
        st = self.st
        sources = [u for u in (*self.root_scanned, *self.scanned) if st[u] != b]
        self._least_slacks(sources, self._leaves(b), self.best)

    def _least_slacks(self, sources: list[int], targets: Iterable[int], into: list[int]) -> None:
        """``into[v]``: the least encoded slack from any of the (outer) sources to each target ``v``."""
        if not sources:
            for v in targets:
                into[v] = self.no_edge
            return
        lab, D, stride, row_s = self.lab, self.D, self.stride, self.row_s
        offsets = [(lab[u] + D) * stride + u for u in sources]
        # The weights are symmetric, so row v read at the sources is the column into v.
        at_sources = itemgetter(*sources) if len(sources) > 1 else lambda row: (row[sources[0]],)
        for v in targets:
            into[v] = min(map(add, offsets, at_sources(row_s[v])))

    def expand_blossom(self, b: int) -> None:
        fl = self.flower[b]
        for x in fl:
            self.set_st(x, x)
        xr = self.flower_from[b][self.g_u[b][self.pa[b]]]
        pr = self.get_pr(b, xr)
        fl = self.flower[b]
        S = self.S
        for i in range(0, pr, 2):
            xs, xns = fl[i], fl[i + 1]
            self.pa[xs] = self.g_u[xns][xs]
            S[xs] = 1
            S[xns] = 0
            self.q_push(xns)
        S[xr] = 1
        self.pa[xr] = self.pa[b]
        for i in range(pr + 1, len(fl)):
            xs = fl[i]
            S[xs] = -1
        self.st[b] = 0

    def on_found_edge(self, eu: int, ev: int) -> bool:
        st, S = self.st, self.S
        u, v = st[eu], st[ev]
        if S[v] == -1:
            self.pa[v] = eu
            S[v] = 1
            nu = st[self.match[v]]
            S[nu] = 0
            self.q_push(nu)
        elif S[v] == 0:
            lca = self.get_lca(u, v)
            if not lca:
                self.augment(u, v)
                self.augment(v, u)
                return True
            self.add_blossom(u, lca, v)
        return False

    def _refresh_roots(self, roots: list[int], root_vertices: set[int]) -> None:
        """Drop the contributions of vertices matched since the last stage; fix up new free blossoms."""
        st, stride, rb = self.st, self.stride, self.root_best
        gone = self.root_scanned - root_vertices
        self.root_scanned -= gone
        half = self.no_edge // 2
        stale = {v for v, b in enumerate(rb) if b < half and b % stride in gone} if gone else set()
        for x in roots:
            if x > self.n and x not in self.root_fixed:
                stale.update(self._leaves(x))
                self.root_fixed.add(x)
        if not stale:
            return
        sources = sorted(self.root_scanned)
        by_top: dict[int, list[int]] = {}
        for v in stale:
            by_top.setdefault(st[v], []).append(v)
        for top, targets in by_top.items():
            mine = [u for u in sources if st[u] != top] if top > self.n else sources
            self._least_slacks(mine, targets, rb)

    def stage(self) -> bool:
        """Grow alternating trees from every unmatched vertex until one augmentation (True) or none is worth it."""
        n, stride = self.n, self.stride
        S, st, lab, match = self.S, self.st, self.lab, self.match
        S[1 : self.n_x + 1] = [-1] * self.n_x
        # best[v]: the least slack from a scanned (outer) vertex to v, encoded as
        # (lab[u] + D - 2w) * stride + u, which stays valid while duals move because
        # an outer vertex's label falls exactly as fast as D rises.
        NO_EDGE = self.no_edge
        roots = [x for x in range(1, self.n_x + 1) if st[x] == x and not match[x]]
        if not roots:
            return False
        root_vertices: set[int] = set()
        pa = self.pa
        for x in roots:
            pa[x] = 0
            S[x] = 0
            if x > n:
                root_vertices.update(self._leaves(x))
            else:
                root_vertices.add(x)
        self._refresh_roots(roots, root_vertices)
        self.best = best = self.root_best[:]
        self.scanned = []
        self.q = deque(sorted(root_vertices - self.root_scanned))
        root_best = self.root_best
        row_d, row_s = self.row_d, self.row_s
        while True:
            q = self.q
            while q:
                u = q.popleft()
                if S[st[u]] == 1:
                    continue
                lab_u = lab[u]
                row = row_d[u]
                # A tight edge: lab[u] + lab[v] - 2w == 0 (map and `in` run at C speed).
                sums = list(map(add, row, lab))
                target = -lab_u
                if target in sums:
                    v = sums.index(target)
                    while True:
                        if st[u] != st[v] and self.on_found_edge(u, v):
                            return True
                        try:
                            v = sums.index(target, v + 1)
                        except ValueError:
                            break
                c = (lab_u + self.D) * stride + u
                top = st[u]
                targets = (best, root_best) if u in root_vertices else (best,)
                if u in root_vertices:
                    self.root_scanned.add(u)
                else:
                    self.scanned.append(u)
                for arr in targets:
                    # Element-wise minimum; a conditional comprehension runs about three
                    # times faster than map(min, ...), which calls min() per element.
                    if top > n:
                        inside = self._leaves(top)
                        kept = [arr[v] for v in inside]
                        arr[:] = [x if x < y else y for x, y in zip(arr, map(add, row_s[u], repeat(c)), strict=False)]
                        for v, old in zip(inside, kept, strict=False):
                            arr[v] = old
                    else:
                        arr[:] = [x if x < y else y for x, y in zip(arr, map(add, row_s[u], repeat(c)), strict=False)]
            D = self.D
            d = INF
            for b in range(n + 1, self.n_x + 1):
                if st[b] == b and S[b] == 1:
                    d = min(d, lab[b] // 2)
            # Per vertex: the label of its top-level node, and its least slack from an outer vertex.
            cls = list(map(S.__getitem__, st[1 : n + 1]))
            deltas = [b // stride + x - D for b, x in zip(best[1:], lab[1 : n + 1], strict=False)]
            d = min(
                d,
                min((x for x, c in zip(deltas, cls, strict=False) if c == -1), default=INF),
                min((x for x, c in zip(deltas, cls, strict=False) if c == 0), default=INF * 2) // 2,
            )
            if not isinstance(d, int) or d >= NO_EDGE // (8 * stride):
                return False  # no augmenting path at all (d is INF): cannot happen on a complete graph
            lab[1 : n + 1] = [
                x - d if c == 0 else x + d if c == 1 else x for x, c in zip(lab[1 : n + 1], cls, strict=False)
            ]
            for b in range(n + 1, self.n_x + 1):
                if st[b] == b:
                    if S[b] == 0:
                        lab[b] += d * 2
                    elif S[b] == 1:
                        lab[b] -= d * 2
            self.D = D = D + d
            self.q = deque()
            tight = [
                v
                for v, (x, c) in enumerate(zip(deltas, cls, strict=False), start=1)
                if (c == -1 and x == d) or (c == 0 and x == 2 * d)
            ]
            for v in tight:
                if S[st[v]] == 1 or best[v] >= NO_EDGE // 2 or best[v] // stride + lab[v] - D != 0:
                    continue
                u = best[v] % stride
                if st[u] != st[v] and S[st[u]] == 0 and self.on_found_edge(u, v):
                    return True
            for b in range(n + 1, self.n_x + 1):
                if st[b] == b and S[b] == 1 and lab[b] == 0:
                    self.expand_blossom(b)

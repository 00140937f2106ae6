"""Structural balance and blocs of a signed, weighted network (pure numpy).

``W`` is a symmetric matrix of tie weights (positive: cooperation, negative: conflict,
0: no tie) with a zero diagonal.

- Balance ratio: the share of triangles (three actors all tied) whose sign product is
  positive ("the enemy of my enemy is my friend"); the weak ratio also counts triangles of
  three enemies as balanced (Davis), as k > 2 blocs produce them.
- Frustration index: the least total |weight| of ties that contradict a split into two
  camps (positive ties across, negative ties within). Exact by enumeration up to
  ``EXACT_MAX_NODES`` actors, a local search beyond (then an upper bound).
- Blocs: the partition, with as many blocs as fit, that minimises the same disagreement
  (correlation clustering). Found by greedy local search — move one actor at a time to
  the bloc it is most positively tied to (or to a new bloc when every bloc is a net
  enemy) until no move helps — from several seeded starts: every actor alone, the best
  two-camp split, and random splits; the lowest disagreement wins (ties: fewer blocs).
  Chosen over spectral clustering because it needs no number of blocs and minimises the
  same quantity the frustration index measures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EXACT_MAX_NODES = 18
RESTARTS = 24
_EPS = 1e-12


@dataclass(frozen=True)
class Partition:
    labels: np.ndarray  # bloc number per node
    cost: float  # total |weight| of ties that contradict it
    exact: bool = False


def triangle_balance(w: np.ndarray) -> tuple[int, int]:
    """(triangles, balanced triangles) among ties with non-zero weight."""
    s = np.sign(w)
    a = np.abs(s)
    triangles = round(float(np.trace(a @ a @ a)) / 6)
    signed = np.trace(s @ s @ s) / 6  # balanced minus unbalanced
    return triangles, round((triangles + float(signed)) / 2)


def all_negative_triangles(w: np.ndarray) -> int:
    """Triangles of three enemies: unbalanced in Heider's strict sense, but balanced in
    Davis's weak sense, where three or more mutually hostile blocs are allowed."""
    n = (w < 0).astype(float)
    return round(float(np.trace(n @ n @ n)) / 6)


def disagreement(w: np.ndarray, labels: np.ndarray) -> float:
    """Total |weight| of negative ties within blocs and positive ties across them."""
    same = labels[:, None] == labels[None, :]
    cost = np.where(same, np.maximum(-w, 0), np.maximum(w, 0))
    return float(np.triu(cost, 1).sum())


def _exact_two_way(w: np.ndarray) -> Partition:
    n = len(w)
    if n <= 1:
        return Partition(np.zeros(n, dtype=int), 0.0, exact=True)
    # node 0 fixed in camp +1; each row of x is one split
    codes = np.arange(2 ** (n - 1))
    bits = (codes[:, None] >> np.arange(n - 1)) & 1
    x = np.hstack([np.ones((len(codes), 1)), 1 - 2 * bits])
    upper = np.triu(w, 1)
    # cost = sum_{i<j} P_ij - sum_{i<j} W_ij (x_i x_j + 1)/2
    q = np.einsum("ci,ij,cj->c", x, upper, x)
    cost = np.maximum(upper, 0).sum() - (q + upper.sum()) / 2
    best = int(np.argmin(np.round(cost, 9)))
    return Partition((x[best] < 0).astype(int), float(max(cost[best], 0.0)), exact=True)


def _local_search(
    w: np.ndarray, labels: np.ndarray, rng: np.random.Generator, *, max_blocs: int | None
) -> np.ndarray:
    """Improve ``labels`` one move at a time. A node's cost in bloc c is a constant minus
    the sum of its ties into c, so the best bloc is the one it is most positively tied to."""
    labels = labels.copy()
    n = len(w)
    for _ in range(100 * n + 10):
        moved = False
        for i in rng.permutation(n):
            k = int(labels.max()) + 1
            onehot = np.zeros((n, k + 1))
            onehot[np.arange(n), labels] = 1
            onehot[i, labels[i]] = 0  # i's own contribution is zero anyway (w_ii = 0)
            score = w[i] @ onehot  # last column: a new, empty bloc (score 0)
            if max_blocs is not None and k >= max_blocs:
                score[k] = -np.inf
            best = int(np.argmax(score))
            if score[best] > score[labels[i]] + _EPS:
                labels[i] = best
                moved = True
        labels = np.unique(labels, return_inverse=True)[1]
        if not moved:
            break
    return labels


def frustration(w: np.ndarray, rng: np.random.Generator) -> Partition:
    """The best two-camp split and its frustration (exact for small networks)."""
    n = len(w)
    if n <= EXACT_MAX_NODES:
        return _exact_two_way(w)
    best: Partition | None = None
    for _ in range(RESTARTS):
        labels = _local_search(w, rng.integers(0, 2, n), rng, max_blocs=2)
        cost = disagreement(w, labels)
        if best is None or cost < best.cost - _EPS:
            best = Partition(labels, cost)
    assert best is not None
    return best


def signed_blocs(w: np.ndarray, rng: np.random.Generator) -> Partition:
    """Blocs minimising disagreement; actors with no ties are each a bloc of their own."""
    n = len(w)
    if n == 0:
        return Partition(np.zeros(0, dtype=int), 0.0)
    starts = [np.arange(n), frustration(w, rng).labels]
    starts += [rng.integers(0, int(rng.integers(2, max(3, min(n, 6) + 1))), n) for _ in range(RESTARTS)]
    best: Partition | None = None
    for start in starts:
        labels = _local_search(w, start, rng, max_blocs=None)
        cost = disagreement(w, labels)
        if (
            best is None
            or cost < best.cost - _EPS
            or (abs(cost - best.cost) <= _EPS and labels.max() < best.labels.max())
        ):
            best = Partition(labels, cost)
    assert best is not None
    labels = best.labels.copy()
    isolated = ~np.abs(w).any(axis=1)
    nxt = int(labels.max()) + 1
    for i in np.flatnonzero(isolated):
        labels[i] = nxt
        nxt += 1
    return Partition(np.unique(labels, return_inverse=True)[1], best.cost)

"""The arithmetic of competing hypotheses (pure numpy, no store).

Likelihoods are P(E|H): how expected an item of evidence is if the hypothesis holds.
ACH ratings stand for fixed numbers (``RATINGS``): symmetric around 0.5, with a
deliberately modest spread — CC against II is a factor of 4 — so that no single rated
item settles the matter; write numbers when you know more.

Each item is discounted by how far it can be trusted, rc = reliability × certainty:
P′(E|H) = rc·P(E|H) + (1 − rc)·q, where q is the item's mean likelihood over the
hypotheses. Untrustworthy evidence thus tends to the same value under every hypothesis
(no diagnostic power) without changing how common the item is on average.
Posteriors: P(H|E) ∝ P(H) · Π P′(E_i|H) (items taken as independent given H).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RATINGS: dict[str, float] = {"CC": 0.8, "C": 0.65, "N": 0.5, "I": 0.35, "II": 0.2}
#: Heuer's weights for inconsistency: only evidence against a hypothesis counts.
INCONSISTENCY: dict[str, int] = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}


def rating_for(value: float) -> str:
    """The ACH rating nearest to a number (ties go to the milder rating)."""
    return min(RATINGS, key=lambda r: (abs(RATINGS[r] - value), INCONSISTENCY[r], r != "N"))


def discount(likelihoods: np.ndarray, rc: float) -> np.ndarray:
    """P′(E|H) = rc·P(E|H) + (1 − rc)·q, q the mean of the item's likelihoods."""
    q = float(np.mean(likelihoods))
    return np.asarray(rc * likelihoods + (1 - rc) * q, dtype=float)


def posterior(prior: np.ndarray, likelihoods: np.ndarray) -> np.ndarray:
    """Posterior over hypotheses; ``likelihoods`` has one row per item (may be empty)."""
    logp = np.log(prior) + (np.log(likelihoods).sum(axis=0) if len(likelihoods) else 0.0)
    logp -= logp.max()
    p = np.exp(logp)
    return np.asarray(p / p.sum(), dtype=float)


def llr_bits(prior: np.ndarray, row: np.ndarray) -> np.ndarray:
    """For each H, log2 P′(E|H) / P′(E|not H), not-H being the other hypotheses weighted
    by their priors: what the item adds to each hypothesis's log-odds, in bits."""
    out = np.empty(len(row))
    for h in range(len(row)):
        others = np.delete(np.arange(len(row)), h)
        w = prior[others] / prior[others].sum()
        out[h] = math.log2(row[h] / float(w @ row[others]))
    return out


def diagnosticity_bits(row: np.ndarray) -> float:
    """log2 of the largest likelihood over the smallest: 0 means the item cannot tell
    any two hypotheses apart."""
    return float(math.log2(row.max() / row.min()))


def inconsistency(weights: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Heuer's weighted inconsistency per hypothesis: Σ weight_i × score_i(H), score 1
    for I and 2 for II. Lower is better; ACH favours the least inconsistent."""
    if len(scores) == 0:
        return np.zeros(scores.shape[1] if scores.ndim == 2 else 0)
    return np.asarray(weights @ scores, dtype=float)


def ranking(p: np.ndarray) -> list[int]:
    """Hypothesis indexes from most to least probable (stable on ties)."""
    return [int(i) for i in np.argsort(-p, kind="stable")]


@dataclass(frozen=True)
class LeaveOneOut:
    posterior: np.ndarray  # without the item
    shift: float  # total variation distance from the full posterior
    changes_leader: bool
    changes_ranking: bool


def leave_one_out(prior: np.ndarray, likelihoods: np.ndarray) -> list[LeaveOneOut]:
    """What each counted item does: the posterior without it, and whether the order moves."""
    full = posterior(prior, likelihoods)
    order = ranking(full)
    out = []
    for i in range(len(likelihoods)):
        p = posterior(prior, np.delete(likelihoods, i, axis=0))
        r = ranking(p)
        out.append(
            LeaveOneOut(
                posterior=p,
                shift=float(0.5 * np.abs(full - p).sum()),
                changes_leader=r[0] != order[0],
                changes_ranking=r != order,
            )
        )
    return out


def _entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def information_gain(p: np.ndarray, row: np.ndarray) -> float:
    """Expected reduction in uncertainty about H (bits) from learning whether an item of
    evidence with likelihoods ``row`` turns up: the mutual information of H and E."""
    p = p / p.sum()
    found = float(p @ row)
    gain = _entropy(p)
    for pe, cond in ((found, p * row), (1 - found, p * (1 - row))):
        if pe > 0:
            gain -= pe * _entropy(cond / pe)
    return max(gain, 0.0)


def as_matrix(rows: Sequence[Sequence[float]], n_hypotheses: int) -> np.ndarray:
    return np.array(rows, dtype=float).reshape(len(rows), n_hypotheses)

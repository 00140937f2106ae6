"""How far two actors take the same positions: agreement over the issues both speak to.

Three measures over the shared issues (those where both have a stance):

- raw agreement: the share of shared issues where their stances have the same sign
  (support, oppose, or exactly balanced);
- Scott's π: that agreement corrected for chance, the chance of agreeing being taken from
  the two actors' pooled mix of signs. Chosen over Cohen's κ because with a handful of
  issues κ cannot go below 0 when the two never share a sign (each actor's own marginals
  make chance agreement 0), while π gives -1 to two actors that always take opposite
  sides. Undefined with fewer than two shared issues, or when both always take the same
  one side (then chance explains every agreement);
- cosine similarity of the two stance vectors (magnitudes count, -1 to 1).

Each comes with a percentile bootstrap interval: the stance bootstrap resamples each
cell's events, and the measure is recomputed on every resample.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from whowhom.analysis.stances import StanceTable
from whowhom.analysis.windows import Window

MIN_DEFINED_SHARE = 0.5  # an interval needs the measure defined on at least this share of resamples


@dataclass(frozen=True)
class Estimate:
    value: float | None
    low: float | None = None
    high: float | None = None

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return round(x, 4) if x is not None else None

        return {"value": r(self.value), "ci": [r(self.low), r(self.high)]}

    def text(self) -> str:
        if self.value is None:
            return "—"
        if self.low is None or self.high is None:
            return f"{self.value:+.2f}"
        return f"{self.value:+.2f} [{self.low:+.2f}, {self.high:+.2f}]"


@dataclass(frozen=True)
class SharedIssue:
    issue: str
    a: float
    b: float
    n_a: int
    n_b: int
    event_ids_a: list[str]
    event_ids_b: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "stance_a": round(self.a, 4),
            "stance_b": round(self.b, 4),
            "n_a": self.n_a,
            "n_b": self.n_b,
            "event_ids_a": self.event_ids_a,
            "event_ids_b": self.event_ids_b,
        }


@dataclass
class PairAgreement:
    a: str
    b: str
    shared: list[SharedIssue]
    agreement: Estimate
    pi: Estimate
    cosine: Estimate
    window: Window | None = None
    tie: float | None = None  # direct ties from the network, when any
    tie_events: int = 0
    tie_event_ids: list[str] = field(default_factory=list)

    @property
    def n_issues(self) -> int:
        return len(self.shared)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "window": self.window.to_dict() if self.window else None,
            "n_issues": self.n_issues,
            "agreement": self.agreement.to_dict(),
            "pi": self.pi.to_dict(),
            "cosine": self.cosine.to_dict(),
            "tie": round(self.tie, 4) if self.tie is not None else None,
            "tie_events": self.tie_events,
            "tie_event_ids": self.tie_event_ids,
            "shared": [s.to_dict() for s in self.shared],
        }


def _agreement(sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
    return np.asarray((sa == sb).mean(axis=0), dtype=float)


def _scott_pi(sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
    """Scott's π down the columns (one column per resample); NaN where undefined."""
    po = (sa == sb).mean(axis=0)
    pe = sum((((sa == k).mean(axis=0) + (sb == k).mean(axis=0)) / 2) ** 2 for k in (-1, 0, 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(pe < 1 - 1e-12, (po - pe) / (1 - pe), np.nan)
    if sa.shape[0] < 2:
        out[:] = np.nan
    return np.asarray(out, dtype=float)


def _cosine(va: np.ndarray, vb: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(va, axis=0) * np.linalg.norm(vb, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(norm > 0, (va * vb).sum(axis=0) / norm, np.nan), dtype=float)


def _estimate(point: float, reps: np.ndarray | None, confidence: float) -> Estimate:
    value = None if math.isnan(point) else float(point)
    if reps is None or value is None:
        return Estimate(value)
    finite = reps[np.isfinite(reps)]
    if len(finite) < MIN_DEFINED_SHARE * len(reps) or len(finite) == 0:
        return Estimate(value)
    alpha = (1 - confidence) / 2
    lo, hi = np.quantile(finite, [alpha, 1 - alpha])
    return Estimate(value, float(lo), float(hi))


def pair_agreement(table: StanceTable, a: str, b: str) -> PairAgreement | None:
    """Agreement of ``a`` and ``b`` over the issues both have a stance on (None: none)."""
    shared = [i for i in table.issues if (i, a) in table.stances and (i, b) in table.stances]
    if not shared:
        return None
    va = np.array([table.stances[(i, a)].value for i in shared])[:, None]
    vb = np.array([table.stances[(i, b)].value for i in shared])[:, None]
    reps_a = np.array([table.replicates.get((i, a), []) for i in shared])
    reps_b = np.array([table.replicates.get((i, b), []) for i in shared])
    have_reps = reps_a.ndim == 2 and reps_a.shape == reps_b.shape and reps_a.shape[1] > 0
    conf = table.settings.confidence

    def measure(f: Any, signs: bool) -> Estimate:
        pa, pb = (np.sign(va), np.sign(vb)) if signs else (va, vb)
        point = float(f(pa, pb)[0])
        reps = None
        if have_reps:
            ra, rb = (np.sign(reps_a), np.sign(reps_b)) if signs else (reps_a, reps_b)
            reps = f(ra, rb)
        return _estimate(point, reps, conf)

    return PairAgreement(
        a=a,
        b=b,
        shared=[
            SharedIssue(
                issue=i,
                a=table.stances[(i, a)].value,
                b=table.stances[(i, b)].value,
                n_a=table.stances[(i, a)].n,
                n_b=table.stances[(i, b)].n,
                event_ids_a=table.stances[(i, a)].event_ids,
                event_ids_b=table.stances[(i, b)].event_ids,
            )
            for i in shared
        ],
        agreement=measure(_agreement, True),
        pi=measure(_scott_pi, True),
        cosine=measure(_cosine, False),
        window=table.window,
    )


def all_pairs(table: StanceTable) -> list[PairAgreement]:
    """Every pair of actors with at least one shared issue, in actor order."""
    out = []
    for i, a in enumerate(table.actors):
        for b in table.actors[i + 1 :]:
            pair = pair_agreement(table, *sorted((a, b)))
            if pair is not None:
                out.append(pair)
    return out

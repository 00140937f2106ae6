"""Which explanation the evidence supports: ``whowhom assess hypotheses.yaml``.

Reads the hypotheses file (hypfile.py), finds each item's evidence in the store
(evidence.py), and weighs it (ach.py): Bayesian posteriors from discounted likelihoods,
each item's log-likelihood ratios and diagnosticity, Heuer's weighted inconsistency,
leave-one-out sensitivity, and the gaps — evidence not (yet) found that would best
separate the two leading hypotheses. Items whose pattern matched nothing are not
counted: silence in the news is not evidence of absence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from whowhom.analysis import ach
from whowhom.analysis.evidence import Match, match_items, shared_events
from whowhom.analysis.hypfile import EvidenceItem, HypothesisFile
from whowhom.analysis.refs import EvidenceRef
from whowhom.analysis.stances import StanceSettings
from whowhom.errors import Warnings
from whowhom.store import Store


def _r(x: float, n: int = 4) -> float:
    return round(float(x), n)


@dataclass
class HypothesisResult:
    id: str
    statement: str
    prior: float  # as scaled to sum to 1
    posterior: float
    rank: int  # 1 = most probable
    inconsistency: float  # Heuer's weighted score: lower is better
    inconsistency_rank: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "prior": _r(self.prior),
            "posterior": _r(self.posterior, 6),
            "rank": self.rank,
            "inconsistency": _r(self.inconsistency),
            "inconsistency_rank": self.inconsistency_rank,
        }


@dataclass
class EvidenceResult:
    id: str
    label: str
    kind: str  # stance | events | manual
    counted: bool
    match: Match
    likelihoods: dict[str, float]
    ratings: dict[str, str]
    discounted: dict[str, float] = field(default_factory=dict)
    llr_bits: dict[str, float] = field(default_factory=dict)
    diagnosticity_bits: float = 0.0
    loo_shift: float = 0.0  # how far the posterior moves without this item (total variation)
    loo_changes_leader: bool = False
    loo_changes_ranking: bool = False
    loo_posterior: dict[str, float] = field(default_factory=dict)
    source: str = ""
    note: str = ""

    @property
    def rc(self) -> float:
        return self.match.rc

    @property
    def evidence(self) -> list[EvidenceRef]:
        return self.match.evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "counted": self.counted,
            **self.match.to_dict(),
            "likelihoods": {h: _r(v) for h, v in self.likelihoods.items()},
            "ratings": self.ratings,
            "discounted": {h: _r(v) for h, v in self.discounted.items()},
            "llr_bits": {h: _r(v) for h, v in self.llr_bits.items()},
            "diagnosticity_bits": _r(self.diagnosticity_bits),
            "leave_one_out": {
                "shift": _r(self.loo_shift),
                "changes_leader": self.loo_changes_leader,
                "changes_ranking": self.loo_changes_ranking,
                "posterior": {h: _r(v) for h, v in self.loo_posterior.items()},
            },
            "source": self.source,
            "note": self.note,
        }


@dataclass
class Gap:
    """Evidence not found that would tell the two leading hypotheses apart."""

    id: str
    label: str
    kind: str
    gain_top2_bits: float  # expected information about leader vs runner-up from looking
    gain_all_bits: float  # the same over all hypotheses
    llr_top2_bits: float  # log2 P′(E|leader)/P′(E|runner-up) if it were found
    favours: str | None  # which of the two finding it would favour

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "gain_top2_bits": _r(self.gain_top2_bits),
            "gain_all_bits": _r(self.gain_all_bits),
            "llr_top2_bits": _r(self.llr_top2_bits),
            "favours": self.favours,
        }


@dataclass
class Assessment:
    path: str
    exclusive: bool
    hypotheses: list[HypothesisResult]
    evidence: list[EvidenceResult]
    gaps: list[Gap]
    warnings: list[str]
    ratings: dict[str, float] = field(default_factory=lambda: dict(ach.RATINGS))

    def ranked(self) -> list[HypothesisResult]:
        return sorted(self.hypotheses, key=lambda h: h.rank)

    @property
    def leader(self) -> HypothesisResult:
        return self.ranked()[0]

    @property
    def runner_up(self) -> HypothesisResult:
        return self.ranked()[1]

    @property
    def most_influential(self) -> EvidenceResult | None:
        """The counted item whose removal moves the posterior most."""
        counted = [e for e in self.evidence if e.counted]
        return max(counted, key=lambda e: (e.loo_shift, e.loo_changes_leader), default=None)

    def to_dict(self) -> dict[str, Any]:
        top = self.most_influential
        return {
            "path": self.path,
            "exclusive": self.exclusive,
            "ratings": self.ratings,
            "hypotheses": [h.to_dict() for h in self.ranked()],
            "leader": self.leader.id,
            "runner_up": self.runner_up.id,
            "most_influential": top.id if top else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "gaps": [g.to_dict() for g in self.gaps],
            "warnings": self.warnings,
        }


def _overlap_warnings(ids: list[str], lik: np.ndarray) -> list[str]:
    out = []
    if len(lik):
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                if np.allclose(lik[:, i], lik[:, j]):
                    out.append(Warnings.W703.format(first=ids[i], second=ids[j]))
    return out


def _gaps(
    items: list[EvidenceItem], matches: dict[str, Match], post: np.ndarray, ids: list[str]
) -> list[Gap]:
    order = ach.ranking(post)
    a, b = order[0], order[1]
    top2 = np.zeros_like(post)
    top2[[a, b]] = post[[a, b]]
    out = []
    for item in items:
        if matches[item.id].matched:
            continue
        rc = (item.certainty if item.certainty is not None else 1.0) * (
            item.reliability if item.reliability is not None else 1.0
        )
        row = ach.discount(np.array([item.likelihoods[h] for h in ids]), rc)
        llr = float(np.log2(row[a] / row[b]))
        out.append(
            Gap(
                id=item.id,
                label=item.label,
                kind=item.kind,
                gain_top2_bits=ach.information_gain(top2, row),
                gain_all_bits=ach.information_gain(post, row),
                llr_top2_bits=llr,
                favours=None if abs(llr) < 1e-9 else ids[a] if llr > 0 else ids[b],
            )
        )
    return sorted(out, key=lambda g: (-g.gain_top2_bits, -abs(g.llr_top2_bits), g.id))


def assess(
    store: Store,
    hyp_file: HypothesisFile,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    settings: StanceSettings | None = None,
    corrections: bool = True,
) -> Assessment:
    """Weigh the hypotheses of ``hyp_file`` against the stored events (with the analyst's
    corrections applied, unless ``corrections`` is false: ``Store.use_corrections``)."""
    with store.corrected(corrections):
        return _assess(store, hyp_file, since=since, until=until, settings=settings)


def _assess(
    store: Store,
    hyp_file: HypothesisFile,
    *,
    since: dt.date | None,
    until: dt.date | None,
    settings: StanceSettings | None,
) -> Assessment:
    settings = settings or StanceSettings()
    ids = hyp_file.ids
    warnings: list[str] = []
    if not hyp_file.exclusive:
        warnings.append(Warnings.W701)
    raw_prior = np.array([h.prior for h in hyp_file.hypotheses])
    # scaled by the largest first: priors of 1e308 would sum to inf (and posteriors to nan)
    scale = float(raw_prior.max())
    relative = raw_prior / scale
    total = float(relative.sum()) * scale
    if abs(total - 1) > 1e-6:
        warnings.append(Warnings.W702.format(total=total))
    prior = relative / relative.sum()

    matches = match_items(store, hyp_file.evidence, hyp_file, since=since, until=until, settings=settings)
    for item in hyp_file.evidence:
        if item.pattern is not None and not matches[item.id].matched:
            warnings.append(Warnings.W705.format(item=item.id))
    for first, second, n, examples in shared_events(store, matches):
        warnings.append(
            Warnings.W704.format(count=n, first=first, second=second, examples=", ".join(examples))
        )

    counted = [item for item in hyp_file.evidence if matches[item.id].matched]
    raw = ach.as_matrix([[i.likelihoods[h] for h in ids] for i in counted], len(ids))
    lik = ach.as_matrix(
        [ach.discount(raw[k], matches[i.id].rc).tolist() for k, i in enumerate(counted)], len(ids)
    )
    warnings += _overlap_warnings(ids, lik)
    post = ach.posterior(prior, lik)
    loo = ach.leave_one_out(prior, lik)
    weights = np.array([matches[i.id].rc for i in counted])
    scores = ach.as_matrix([[i.inconsistency_scores()[h] for h in ids] for i in counted], len(ids))
    inc = ach.inconsistency(weights, scores) if len(counted) else np.zeros(len(ids))

    order = ach.ranking(post)
    inc_order = [int(i) for i in np.argsort(inc, kind="stable")]
    hypotheses = [
        HypothesisResult(
            id=h.id,
            statement=h.statement,
            prior=float(prior[k]),
            posterior=float(post[k]),
            rank=order.index(k) + 1,
            inconsistency=float(inc[k]),
            inconsistency_rank=inc_order.index(k) + 1,
        )
        for k, h in enumerate(hyp_file.hypotheses)
    ]
    results = []
    for item in hyp_file.evidence:
        m = matches[item.id]
        res = EvidenceResult(
            id=item.id,
            label=item.label,
            kind=item.kind,
            counted=m.matched,
            match=m,
            likelihoods=dict(item.likelihoods),
            ratings=dict(item.ratings),
            source=item.source,
            note=item.note,
        )
        if m.matched:
            k = counted.index(item)
            row = lik[k]
            res.discounted = dict(zip(ids, row.tolist(), strict=True))
            res.llr_bits = dict(zip(ids, ach.llr_bits(prior, row).tolist(), strict=True))
            res.diagnosticity_bits = ach.diagnosticity_bits(row)
            res.loo_shift = loo[k].shift
            res.loo_changes_leader = loo[k].changes_leader
            res.loo_changes_ranking = loo[k].changes_ranking
            res.loo_posterior = dict(zip(ids, loo[k].posterior.tolist(), strict=True))
        results.append(res)
    return Assessment(
        path=str(hyp_file.path),
        exclusive=hyp_file.exclusive,
        hypotheses=hypotheses,
        evidence=results,
        gaps=_gaps(list(hyp_file.evidence), matches, post, ids),
        warnings=warnings,
    )

"""The report's sections, each built from one analysis result: the stance heatmap from
the stance table, the pairs from the alignment, the matrix from the assessment.
Presentation only — every number is a field of a result object, rounded for the page."""

from __future__ import annotations

from whowhom.analysis.agreement import Estimate, PairAgreement
from whowhom.analysis.alignment import Alignment
from whowhom.analysis.hypotheses import Assessment
from whowhom.analysis.issues import IssueSet
from whowhom.report.anchors import anchor
from whowhom.report.colours import ink, sign_class, stance_colour
from whowhom.report.context import (
    GapView,
    HeatCell,
    Heatmap,
    HeatRow,
    Hypotheses,
    HypothesisView,
    Interval,
    IssueHead,
    ItemView,
    MatrixCell,
    Pairs,
    PairView,
    SharedView,
)
from whowhom.report.views import EvidenceViews


def _r(x: float | None, n: int = 4) -> float | None:
    return None if x is None else round(float(x), n)


def interval(e: Estimate) -> Interval:
    return Interval(_r(e.value), _r(e.low), _r(e.high))


def stance_anchor(issue: str, actor: str) -> str:
    return anchor("stance", issue, actor)


def pair_anchor(a: str, b: str) -> str:
    return anchor("pair", *sorted((a, b)))


def heatmap(result: Alignment, issue_set: IssueSet, views: EvidenceViews, named: list[str]) -> Heatmap:
    """Actors × issues; actors named in the issues file with no stance at all get a row
    of missing cells (silence is missing, not neutral)."""
    table = result.stances
    assert table is not None
    actors = list(table.actors) + [a for a in named if a not in table.actors]
    rows = []
    counts = dict.fromkeys(table.issues, 0)
    for actor in actors:
        cells = []
        for issue in table.issues:
            st = table.get(issue, actor)
            cell = HeatCell(issue=issue, actor=actor, anchor=stance_anchor(issue, actor), value=None)
            if st is not None:
                counts[issue] += st.n
                cell.value = round(st.value, 4)
                cell.n = st.n
                cell.ci_low, cell.ci_high = round(st.ci_low, 4), round(st.ci_high, 4)
                cell.support, cell.oppose = round(st.support, 4), round(st.oppose, 4)
                cell.evidence = views.views(st.evidence)
            cell.sign = sign_class(cell.value)
            cell.colour = stance_colour(cell.value)
            cell.ink = ink(cell.value)
            cells.append(cell)
        rows.append(HeatRow(actor=actor, anchor=anchor("actor", actor), cells=cells))
    heads = [
        IssueHead(id=i.id, label=i.label or i.id, description=i.description or "", events=counts.get(i.id, 0))
        for i in issue_set.issues
        if i.id in counts
    ]
    return Heatmap(
        issues=heads,
        actors=actors,
        rows=rows,
        bootstrap=table.settings.bootstrap,
        confidence=table.settings.confidence,
    )


def choose_pairs(result: Alignment, top: int) -> list[PairAgreement]:
    """The ``top`` most aligned pairs and the ``top`` most opposed (all when few)."""
    ranked = result.ranked()
    return ranked if len(ranked) <= 2 * top else ranked[:top] + ranked[-top:]


def pairs(
    result: Alignment, views: EvidenceViews, top: int, chosen: list[PairAgreement] | None = None
) -> Pairs:
    """The pairs ``choose_pairs`` picks (or ``chosen``), with their ties' sentences."""
    ranked = result.ranked()
    if chosen is None:
        chosen = choose_pairs(result, top)
    net = result.network
    ties = {(e.a, e.b): e for e in net.edges}
    out = []
    for p in chosen:
        ba, bb = net.bloc_of(p.a), net.bloc_of(p.b)
        edge = ties.get((min(p.a, p.b), max(p.a, p.b)))
        out.append(
            PairView(
                a=p.a,
                b=p.b,
                anchor=pair_anchor(p.a, p.b),
                n_issues=p.n_issues,
                agreement=interval(p.agreement),
                pi=interval(p.pi),
                cosine=interval(p.cosine),
                tie=_r(p.tie),
                tie_events=p.tie_events,
                same_bloc=None if ba is None or bb is None else ba == bb,
                shared=[
                    SharedView(
                        issue=s.issue,
                        stance_a=round(s.a, 4),
                        stance_b=round(s.b, 4),
                        n_a=s.n_a,
                        n_b=s.n_b,
                        anchor_a=stance_anchor(s.issue, p.a),
                        anchor_b=stance_anchor(s.issue, p.b),
                        same_sign=sign_class(s.a) == sign_class(s.b),
                    )
                    for s in p.shared
                ],
                tie_evidence=views.views(edge.evidence) if edge else [],
            )
        )
    omitted = len(ranked) - len(out)
    return Pairs(total=len(ranked), pairs=out, omitted=omitted, split_after=top if omitted else None)


def hypotheses(result: Assessment, views: EvidenceViews) -> Hypotheses:
    ids = [h.id for h in result.hypotheses]
    items = []
    for e in result.evidence:
        items.append(
            ItemView(
                id=e.id,
                label=e.label,
                kind=e.kind,
                anchor=anchor("item", e.id),
                counted=e.counted,
                n_events=e.match.n_events,
                rc=_r(e.rc) if e.counted else None,
                detail=e.match.detail,
                cells=[
                    MatrixCell(
                        hypothesis=h,
                        rating=e.ratings[h],
                        likelihood=round(e.likelihoods[h], 4),
                        discounted=_r(e.discounted.get(h)),
                        llr_bits=_r(e.llr_bits.get(h)),
                    )
                    for h in ids
                ],
                diagnosticity_bits=_r(e.diagnosticity_bits) if e.counted else None,
                loo_shift=_r(e.loo_shift) if e.counted else None,
                loo_changes_leader=e.loo_changes_leader,
                loo_changes_ranking=e.loo_changes_ranking,
                loo_posterior={h: round(v, 6) for h, v in e.loo_posterior.items()},
                source=e.source,
                note=e.note,
                evidence=views.views(e.evidence),
            )
        )
    top = result.most_influential
    return Hypotheses(
        path=result.path,
        exclusive=result.exclusive,
        hypotheses=[
            HypothesisView(
                id=h.id,
                statement=h.statement,
                prior=round(h.prior, 6),
                posterior=round(h.posterior, 6),
                rank=h.rank,
                inconsistency=round(h.inconsistency, 4),
                inconsistency_rank=h.inconsistency_rank,
            )
            for h in result.hypotheses
        ],
        ranked=[h.id for h in result.ranked()],
        leader=result.leader.id,
        runner_up=result.runner_up.id,
        most_influential=top.id if top else None,
        items=items,
        gaps=[
            GapView(
                id=g.id,
                label=g.label,
                kind=g.kind,
                gain_top2_bits=round(g.gain_top2_bits, 4),
                gain_all_bits=round(g.gain_all_bits, 4),
                llr_top2_bits=round(g.llr_top2_bits, 4),
                favours=g.favours,
            )
            for g in result.gaps
        ],
        warnings=list(result.warnings),
        ratings=dict(result.ratings),
    )

"""Analysis results as terminal tables (rich). Presentation only: every number here comes
from a result object's fields, which ``to_dict`` gives to programs unchanged."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from whowhom.analysis.alignment import Alignment
from whowhom.analysis.hypotheses import Assessment
from whowhom.analysis.issues import IssueCount
from whowhom.analysis.stances import Stance, StanceTable

MISSING = "·"


def _row(table: Table, *cells: str) -> None:
    """Add a row of plain text: sentences and names may contain brackets, never markup."""
    table.add_row(*(Text(c) for c in cells))


def _stance_cell(s: Stance | None) -> str:
    if s is None:
        return MISSING
    return f"{s.value:+.2f} [{s.ci_low:+.2f}, {s.ci_high:+.2f}] n={s.n}"


def issue_counts_table(counts: list[IssueCount]) -> Table:
    t = Table("issue", "label", "events", "undated", "first", "last", "sources", title="Issues")
    for c in counts:
        _row(t, c.issue, c.label, str(c.events), str(c.undated), c.first or "", c.last or "", str(c.sources))
    return t


def issue_events_table(rows: list[dict[str, Any]], *, title: str | None = None) -> Table:
    """Events under an issue (rows of ``issues.issue_events``): how each bears on it, and why."""
    t = Table("date", "who", "did what", "to whom", "where", "bears", "weight", "sentence", title=title)
    for r in rows:
        neg = "NOT " if r.get("polarity") == "negated" else ""
        bears = {1: "supports", -1: "opposes"}.get(int(r["direction"] or 0), "—")
        _row(
            t,
            str(r.get("date") or ""),
            f"{r.get('source_text') or ''} [{r.get('source_code') or '—'}]",
            f"{neg}{r.get('event_code') or ''} {r.get('event_label') or ''}".strip(),
            f"{r.get('target_text') or ''} [{r.get('target_code') or '—'}]" if r.get("target_code") else "—",
            r.get("location_name") or "",
            bears,
            f"{float(r['weight'] or 0):.3f}",
            (r.get("evidence_text") or "").strip(),
        )
    return t


def stance_table(
    table: StanceTable, *, title: str = "Stances (−1 opposes … +1 supports; · no events)"
) -> Table:
    t = Table("actor", *table.issues, title=title)
    for actor in table.actors:
        _row(t, actor, *(_stance_cell(table.get(i, actor)) for i in table.issues))
    return t


def stance_evidence(table: StanceTable, *, per_cell: int = 3) -> Table:
    """The strongest events behind each stance, with their sentences."""
    t = Table("issue", "actor", "dir", "weight", "event", title="Behind each stance (strongest first)")
    for s in table.rows():
        for ref in s.evidence[:per_cell]:
            _row(t, s.issue, s.actor, f"{ref.direction:+d}", f"{ref.weight:.3f}", ref.short())
    return t


def pairs_table(
    result: Alignment, *, limit: int | None = None, title: str = "Pairs, most aligned first"
) -> Table:
    t = Table(
        "a",
        "b",
        "issues",
        "agreement [95% CI]",
        "Scott's π",
        "cosine",
        "direct tie (events)",
        "bloc",
        title=title,
    )
    net = result.network
    ranked = result.ranked()
    for p in ranked[:limit] if limit else ranked:
        ba, bb = net.bloc_of(p.a), net.bloc_of(p.b)
        bloc = "same" if ba is not None and ba == bb else "apart"
        tie = f"{p.tie:+.2f} ({p.tie_events})" if p.tie is not None else MISSING
        _row(t, p.a, p.b, str(p.n_issues), p.agreement.text(), p.pi.text(), p.cosine.text(), tie, bloc)
    return t


def network_summary(result: Alignment) -> Text:
    net, bal = result.network, result.network.balance
    ratio = f"{bal.ratio:.2f}" if bal.ratio is not None else "—"
    weak = f"{bal.weak_ratio:.2f}" if bal.weak_ratio is not None else "—"
    fn = f"{bal.frustration_normalized:.2f}" if bal.frustration_normalized is not None else "—"
    exact = "exact" if bal.exact else "local search, an upper bound"
    positive = sum(e.sign > 0 for e in net.edges)
    lines = [
        f"Network: {len(net.nodes)} actors, {len(net.edges)} ties ({positive} cooperative, "
        f"{len(net.edges) - positive} conflictual)",
        f"Balance: {bal.balanced}/{bal.triangles} triangles balanced (ratio {ratio}, {weak} counting "
        "three-enemy triangles); "
        f"frustration {bal.frustration:.2f} of {bal.total_weight:.2f} ({fn}, {exact})",
        "Blocs: " + " | ".join(", ".join(b) for b in net.blocs),
    ]
    return Text("\n".join(lines))


def timeline_table(result: Alignment, *, pairs: set[tuple[str, str]] | None = None) -> Table:
    t = Table("window", "a", "b", "issues", "agreement", "cosine", "tie (events)", title="Pairs over time")
    for pt in result.timeline:
        if pairs and (pt.a, pt.b) not in pairs:
            continue
        tie = f"{pt.tie:+.2f} ({pt.tie_events})" if pt.tie is not None else MISSING
        _row(t, pt.window.label(), pt.a, pt.b, str(pt.n_issues), pt.agreement.text(), pt.cosine.text(), tie)
    return t


def alignment_view(result: Alignment, *, top: int | None = 10) -> RenderableType:
    parts: list[RenderableType] = []
    if result.stances is not None:
        parts.append(stance_table(result.stances))
        parts.append(pairs_table(result, limit=top))
    parts.append(network_summary(result))
    if result.timeline:
        parts.append(timeline_table(result))
    note = result.undated_note()
    if note:
        parts.append(Text(note))
    return Group(*parts)


def assessment_view(result: Assessment, *, sentences: int = 2) -> RenderableType:
    ids = [h.id for h in result.hypotheses]
    ht = Table("rank", "hypothesis", "prior", "posterior", "inconsistency", "statement", title="Hypotheses")
    for h in result.ranked():
        _row(
            ht,
            str(h.rank),
            h.id,
            f"{h.prior:.3f}",
            f"{h.posterior:.3f}",
            f"{h.inconsistency:.2f}",
            h.statement,
        )
    leader = result.leader.id
    et = Table(
        "item",
        "kind",
        "found",
        "trust",
        *ids,
        f"LLR {leader} (bits)",
        "diagnosticity",
        "without it",
        title="Evidence (likelihood ratings; trust = reliability × certainty)",
    )
    for e in result.evidence:
        found = (
            "stated"
            if e.kind == "manual" and e.counted
            else f"yes ({e.match.n_events})"
            if e.counted
            else "no"
        )
        without = ""
        if e.counted:
            without = f"shift {e.loo_shift:.3f}"
            if e.loo_changes_leader:
                without += ", new leader"
            elif e.loo_changes_ranking:
                without += ", order changes"
        _row(
            et,
            e.id,
            e.kind,
            found,
            f"{e.rc:.2f}" if e.counted else "",
            *(e.ratings[h] for h in ids),
            f"{e.llr_bits[leader]:+.2f}" if e.counted else "",
            f"{e.diagnosticity_bits:.2f}" if e.counted else "",
            without,
        )
    parts: list[RenderableType] = [ht, et]
    top = result.most_influential
    total = sum(h.posterior for h in result.hypotheses)
    summary = f"Posteriors sum to {total:.3f}. Leading: {leader}, then {result.runner_up.id}."
    if top is not None:
        summary += (
            f"\nThe item that matters most: {top.id} ({top.label}) — without it the posterior moves by "
            f"{top.loo_shift:.3f}" + (" and the leader changes." if top.loo_changes_leader else ".")
        )
    parts.append(Text(summary))
    if result.gaps:
        gt = Table(
            "item",
            "label",
            f"gain {leader} vs {result.runner_up.id} (bits)",
            "would favour",
            title="Gaps: evidence not found that would best separate the leaders",
        )
        for g in result.gaps[:5]:
            _row(gt, g.id, g.label, f"{g.gain_top2_bits:.3f}", g.favours or "neither")
        parts.append(gt)
    if sentences:
        st = Table("item", "event", title="Behind each item")
        for e in result.evidence:
            for ref in e.evidence[:sentences]:
                _row(st, e.id, ref.short())
        parts.append(st)
    for w in result.warnings:
        parts.append(Text(w))
    return Group(*parts)


def print_view(view: RenderableType, console: Console | None = None) -> None:
    (console or Console()).print(view)

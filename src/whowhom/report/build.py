"""Building the report's context from a store: one call to ``align``, one to ``assess``
(when a hypotheses file is given), the timeline, and the words that say what was and
was not computed. The CLI, and any other face, calls ``build_report``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from whowhom.analysis.agreement import PairAgreement
from whowhom.analysis.alignment import Alignment, align
from whowhom.analysis.groups import ActorSpec, actor_spec
from whowhom.analysis.hypfile import HypothesisFile, load_hypotheses
from whowhom.analysis.hypotheses import Assessment, assess
from whowhom.analysis.issues import IssueSet, load_issues
from whowhom.analysis.network import TOP_ACTORS, Edge, actor_names, build_network, tie_evidence
from whowhom.analysis.quality import data_quality
from whowhom.analysis.stances import StanceSettings
from whowhom.report import sections
from whowhom.report.context import (
    Heatmap,
    Hypotheses,
    Limits,
    Meta,
    NetworkView,
    Pairs,
    Quality,
    ReportContext,
)
from whowhom.report.network import layout, strongest
from whowhom.report.timeline import build_timeline
from whowhom.report.views import EvidenceViews
from whowhom.store import Store, open_store


@dataclass(frozen=True)
class ReportOptions:
    title: str = "whowhom report"
    since: dt.date | None = None
    until: dt.date | None = None
    actors: str | None = None  # as for `align --actors`
    prefix: int | None = None
    top: int = 20  # most aligned and most opposed pairs shown
    max_events: int = 250  # rows in the timeline table
    max_ties: int = 100  # ties drawn in the network (the strongest), each with its sentences
    max_evidence: int = 5  # sentences listed behind each number (tie, pair, stance, item)
    settings: StanceSettings = field(default_factory=StanceSettings)
    corrections: bool = True  # the analyst's corrections applied (whowhom serve records them)


@dataclass(frozen=True)
class ReportInputs:
    db: str
    issues: IssueSet | None
    hypotheses: HypothesisFile | None
    issues_from_hypotheses: bool = False


def load_inputs(db: str | Path, issues: Path | None, hypotheses: Path | None) -> ReportInputs:
    """Read the files; without ``--issues``, the issues the hypotheses file names serve
    the heatmap too."""
    issue_set = load_issues(issues) if issues else None
    hyp_file = load_hypotheses(hypotheses, issues=issue_set) if hypotheses else None
    from_hyp = issue_set is None and hyp_file is not None and hyp_file.issues is not None
    if from_hyp and hyp_file is not None:
        issue_set = hyp_file.issues
    return ReportInputs(str(db), issue_set, hyp_file, from_hyp)


def report_actors(options: ReportOptions, issue_set: IssueSet | None) -> ActorSpec:
    named = dict(issue_set.named_actors) if issue_set else {}
    return actor_spec(options.actors, named, prefix=options.prefix)


def _notes(
    inputs: ReportInputs,
    options: ReportOptions,
    spec: ActorSpec,
    shown: int,
    total: int,
    actors: tuple[int, int] = (0, 0),
) -> list[str]:
    notes = []
    if actors[0] < actors[1] and inputs.issues is not None:
        notes.append(
            f"Without actors of interest every code takes stances: the heatmap, the pairs and the network "
            f"show the {actors[0]} actors with the most events under the issues, of {actors[1]}; name "
            "actors with --actors or in the issues file to choose them."
        )
    elif actors[0] < actors[1]:
        notes.append(
            f"Without actors of interest the network shows the {actors[0]} most active of {actors[1]} "
            "actors (most events in their direct ties); name actors with --actors or an issues file "
            "to choose them."
        )
    if inputs.issues is None:
        notes.append(
            "No issues file was given (--issues), so there are no stances: the heatmap and the "
            "agreement measures need issues to take positions on. The network and the pairs come "
            "from direct dealings between actors only, and pairs are ranked by their direct tie."
        )
    elif inputs.issues_from_hypotheses:
        notes.append(f"Issues are those the hypotheses file names ({inputs.issues.path}).")
    if inputs.hypotheses is None:
        notes.append("No hypotheses file was given (--hypotheses), so there is no hypothesis matrix.")
    if spec.groups:
        notes.append(
            "Actors of interest: "
            + "; ".join(f"{g.label} = {' + '.join(g.prefixes)}" for g in spec.groups)
            + "."
        )
    else:
        how = f"its first {spec.prefix_len} characters" if spec.prefix_len else "its own actor"
        notes.append(
            f"Every actor code is {how}; codes without a country (---UAF, “militiamen”) are left out."
        )
    b = options.settings.bootstrap
    if inputs.issues is not None:  # without issues there are no stances, so no intervals
        notes.append(
            f"Intervals are {options.settings.confidence:.0%} percentile bootstraps over events "
            f"({b} resamples, seed {options.settings.seed}). An interval from one event is a point: read n."
            if b
            else "No intervals: --bootstrap 0."
        )
    if shown < total:
        notes.append(f"The timeline table lists the first {shown} of {total} events (--max-events).")
    return notes


def _findings(result: Alignment, hyp: Hypotheses | None, total: int, docs: int) -> list[str]:
    out = [f"{total} events from {docs} documents."]
    if hyp is not None:
        post = {h.id: h for h in hyp.hypotheses}
        lead, second = post[hyp.leader], post[hyp.runner_up]
        out.append(
            f"Leading hypothesis: {lead.id} (posterior {lead.posterior:.3f}, prior {lead.prior:.3f}), "
            f"then {second.id} ({second.posterior:.3f})."
        )
        top = next((i for i in hyp.items if i.id == hyp.most_influential), None)
        if top is not None and top.loo_shift is not None:
            change = " and the leader changes" if top.loo_changes_leader else ""
            out.append(
                f"The item that matters most: {top.id} ({top.label}); without it the posterior "
                f"moves by {top.loo_shift:.3f}{change}."
            )
    agreeing = [p for p in result.ranked() if p.agreement.value is not None]
    if agreeing:
        best = max(agreeing, key=lambda p: (p.agreement.value or 0, p.n_issues))
        worst = min(agreeing, key=lambda p: (p.agreement.value or 0, -p.n_issues, p.cosine.value or 0))
        for word, p in (("Most aligned", best), ("Most opposed", worst)):
            out.append(
                f"{word}: {p.a} and {p.b}, agreement {p.agreement.text()} over {p.n_issues} "
                f"shared issue{'s' if p.n_issues != 1 else ''}."
            )
    net = result.network
    pos = sum(e.sign > 0 for e in net.edges)
    out.append(
        f"Network: {len(net.nodes)} actors, {len(net.edges)} direct ties ({pos} cooperative, "
        f"{len(net.edges) - pos} conflictual); blocs: " + " | ".join(", ".join(b) for b in net.blocs) + "."
    )
    return out


def build_context(store: Store, inputs: ReportInputs, options: ReportOptions) -> ReportContext:
    """Everything the report shows, computed from ``store`` (with the analyst's corrections
    unless ``options.corrections`` is false)."""
    with store.corrected(options.corrections):
        return _build_context(store, inputs, options)


def _build_context(store: Store, inputs: ReportInputs, options: ReportOptions) -> ReportContext:
    spec = report_actors(options, inputs.issues)
    # the cap on sentences goes into the queries that fetch them (a top-k per stance, item and
    # tie in DuckDB), and ties get theirs only once the page knows which ties it shows
    s = replace(options.settings, max_refs=options.max_evidence)
    on = options.corrections
    result = align(
        store,
        issue_set=inputs.issues,
        actors=spec,
        since=options.since,
        until=options.until,
        settings=s,
        corrections=on,
        tie_refs=False,
        # without actors of interest, the busiest actors only, chosen before ties are summed
        most_active=TOP_ACTORS if inputs.issues is None and not spec.groups else None,
    )
    kept = (len(result.network.nodes), result.network_actors or 0)
    if inputs.issues is not None and not spec.groups:
        kept = _busiest_stances(result, TOP_ACTORS, s.seed)
    assessment = (
        assess(store, inputs.hypotheses, since=options.since, until=options.until, settings=s, corrections=on)
        if inputs.hypotheses
        else None
    )
    chosen = sections.choose_pairs(result, options.top)
    drawn = strongest(result.network.edges, options.max_ties)
    _attach_tie_evidence(store, spec, options, result, chosen, drawn)
    docs = store.count_documents()
    timeline = build_timeline(store, since=options.since, until=options.until, max_events=options.max_events)
    titles = store.titles(_doc_ids(result, assessment))
    views = EvidenceViews(titles, {e.event_id for e in timeline.events})
    heat = None
    if inputs.issues is not None and result.stances is not None:
        heat = sections.heatmap(result, inputs.issues, views, [g.label for g in spec.groups])
    pairs = sections.pairs(result, views, options.top, chosen)
    shown = {(p.a, p.b): p.anchor for p in pairs.pairs}
    hyp = sections.hypotheses(assessment, views) if assessment else None
    network = layout(result.network, shown, views, drawn)
    limits = Limits(
        max_ties=options.max_ties,
        ties=len(result.network.edges),
        ties_drawn=len(network.edges),
        max_evidence=options.max_evidence,
        evidence_cut=_cut_blocks(heat, pairs, network, hyp),
        max_events=options.max_events,
        events_listed=timeline.shown,
    )
    meta = Meta(
        title=options.title,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        db=inputs.db,
        issues_path=str(inputs.issues.path) if inputs.issues and inputs.issues.path else None,
        hypotheses_path=str(inputs.hypotheses.path) if inputs.hypotheses else None,
        since=options.since.isoformat() if options.since else None,
        until=options.until.isoformat() if options.until else None,
        documents=docs,
        events=timeline.total,
        actors=[f"{g.label}={'+'.join(g.prefixes)}" for g in spec.groups],
        bootstrap=s.bootstrap,
        seed=s.seed,
        notes=[
            *_notes(inputs, options, spec, timeline.shown, timeline.total, kept),
            *_left_out(limits, timeline.total),
            *_correction_note(store, options),
        ],
        findings=_findings(result, hyp, timeline.total, docs),
        limits=limits,
    )
    quality = data_quality(store)
    labels = set(result.network.nodes) | {x for p in result.pairs for x in (p.a, p.b)}
    if result.stances is not None:
        labels |= set(result.stances.actors)
    return ReportContext(
        meta=meta,
        timeline=timeline,
        network=network,
        pairs=pairs,
        heatmap=heat,
        hypotheses=hyp,
        quality=Quality(lines=quality.lines(), figures=quality.to_dict()),
        names=actor_names(store, spec, sorted(labels)),
    )


def _busiest_stances(result: Alignment, limit: int, seed: int) -> tuple[int, int]:
    """With an issues file but no actors of interest every code is an actor: keep the
    ``limit`` with the most events under the issues, in the heatmap, the pairs and the
    network alike; returns (kept, actors)."""
    table = result.stances
    if table is None or len(table.actors) <= limit:
        return (0, 0)
    events: dict[str, int] = defaultdict(int)
    for st in table.rows():
        events[st.actor] += st.n
    keep = set(sorted(table.actors, key=lambda a: (-events[a], a))[:limit])
    result.stances = replace(table, actors=[a for a in table.actors if a in keep])
    result.pairs = [p for p in result.pairs if p.a in keep and p.b in keep]
    edges = [e for e in result.network.edges if e.a in keep and e.b in keep]
    result.network = build_network(result.stances.actors, edges, seed=seed)
    return len(keep), len(table.actors)


def _attach_tie_evidence(
    store: Store,
    spec: ActorSpec,
    options: ReportOptions,
    result: Alignment,
    chosen: list[PairAgreement],
    drawn: list[Edge],
) -> None:
    """The sentences of the ties the page shows (the listed pairs' and the drawn ones), in
    one query capped per tie; every other tie keeps none."""
    wanted = {(min(p.a, p.b), max(p.a, p.b)) for p in chosen if p.tie_events} | {(e.a, e.b) for e in drawn}
    refs = tie_evidence(
        store,
        spec,
        wanted,
        limit=options.max_evidence,
        since=options.since,
        until=options.until,
        negated_weight=options.settings.negated_weight,
    )
    for e in result.network.edges:
        e.evidence = refs.get((e.a, e.b), [])


def _cut_blocks(heat: Heatmap | None, pairs: Pairs, network: NetworkView, hyp: Hypotheses | None) -> int:
    """Evidence blocks on the page that list fewer sentences than they count."""
    cut = sum(p.tie_events > len(p.tie_evidence) for p in pairs.pairs)
    cut += sum(e.n > len(e.evidence) for e in network.edges if e.evidence)
    if heat is not None:
        cut += sum(c.n > len(c.evidence) for row in heat.rows for c in row.cells if c.value is not None)
    if hyp is not None:
        cut += sum(i.n_events > len(i.evidence) for i in hyp.items if i.kind != "manual" and i.evidence)
    return cut


def _left_out(limits: Limits, events: int) -> list[str]:
    """What the page leaves out to stay small enough to open, and where the rest is."""
    out = []
    if limits.ties_drawn < limits.ties:
        out.append(
            f"The network draws the {limits.ties_drawn} strongest of {limits.ties} direct ties (largest "
            "|weight|; --max-ties); balance, blocs and the pairs count them all."
        )
    if limits.evidence_cut:
        out.append(
            f"Behind each number at most {limits.max_evidence} sentences are listed, the strongest first "
            f"(--max-evidence): {limits.evidence_cut} block{'s' if limits.evidence_cut != 1 else ''} "
            "list fewer than they count, and say how many."
        )
    if out or limits.events_listed < events:
        out.append(
            "The rest is in the store: whowhom align --format json (every tie and pair, with its "
            "strongest events), whowhom issues show ISSUE (a stance's events), whowhom events --actor "
            "CODE (every event of an actor), and the workbench, whowhom serve (a pair's events on its "
            "/dyad page, an actor's on /actor). The JSON twin (--json) carries what this page shows."
        )
    return out


def _correction_note(store: Store, options: ReportOptions) -> list[str]:
    n = store.count_corrections()
    if not n:
        return []
    if options.corrections:
        return [f"{n} analyst correction(s) are applied (events flagged wrong or duplicate are left out)."]
    return [f"{n} analyst correction(s) are not applied (--no-corrections): the coder's events as coded."]


def _doc_ids(result: Alignment, assessment: Assessment | None) -> set[str]:
    ids = {r.doc_id for e in result.network.edges for r in e.evidence}
    if result.stances is not None:
        ids |= {r.doc_id for st in result.stances.rows() for r in st.evidence}
    for item in assessment.evidence if assessment else []:
        ids |= {r.doc_id for r in item.evidence}
    return ids


def build_report(
    db: str | Path,
    *,
    issues: Path | None = None,
    hypotheses: Path | None = None,
    options: ReportOptions | None = None,
) -> ReportContext:
    """Open the store read-only, read the files, and build the context."""
    options = options or ReportOptions()
    inputs = load_inputs(db, issues, hypotheses)
    with open_store(db, read_only=True) as store:
        return build_context(store, inputs, options)

"""Building the report's context from a store: one call to ``align``, one to ``assess``
(when a hypotheses file is given), the timeline, and the words that say what was and
was not computed. The CLI, and any other face, calls ``build_report``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from whowhom.analysis.alignment import Alignment, align
from whowhom.analysis.groups import ActorSpec, actor_spec
from whowhom.analysis.hypfile import HypothesisFile, load_hypotheses
from whowhom.analysis.hypotheses import Assessment, assess
from whowhom.analysis.issues import IssueSet, load_issues
from whowhom.analysis.network import TOP_ACTORS, actor_names, top_actors
from whowhom.analysis.quality import data_quality
from whowhom.analysis.stances import StanceSettings
from whowhom.report import sections
from whowhom.report.context import Hypotheses, Meta, Quality, ReportContext
from whowhom.report.network import layout
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
    max_events: int = 1000  # rows in the timeline table
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
    if actors[0] < actors[1]:
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


def build_context(
    store: Store, inputs: ReportInputs, options: ReportOptions
) -> ReportContext:
    """Everything the report shows, computed from ``store`` (with the analyst's corrections
    unless ``options.corrections`` is false)."""
    with store.corrected(options.corrections):
        return _build_context(store, inputs, options)


def _build_context(store: Store, inputs: ReportInputs, options: ReportOptions) -> ReportContext:
    spec = report_actors(options, inputs.issues)
    s = options.settings
    on = options.corrections
    result = align(
        store,
        issue_set=inputs.issues,
        actors=spec,
        since=options.since,
        until=options.until,
        settings=s,
        corrections=on,
    )
    kept = (0, 0)
    if inputs.issues is None and not spec.groups:
        net, total_actors = top_actors(result.network, TOP_ACTORS, seed=s.seed)
        kept = (len(net.nodes), total_actors)
        if len(net.nodes) < total_actors:
            keep = set(net.nodes)
            result.network = net
            result.pairs = [p for p in result.pairs if p.a in keep and p.b in keep]
    assessment = (
        assess(store, inputs.hypotheses, since=options.since, until=options.until, settings=s, corrections=on)
        if inputs.hypotheses
        else None
    )
    docs = store.count_documents()
    timeline = build_timeline(store, since=options.since, until=options.until, max_events=options.max_events)
    titles = store.titles(_doc_ids(result, assessment))
    views = EvidenceViews(titles, {e.event_id for e in timeline.events})
    heat = None
    if inputs.issues is not None and result.stances is not None:
        heat = sections.heatmap(result, inputs.issues, views, [g.label for g in spec.groups])
    pairs = sections.pairs(result, views, options.top)
    shown = {(p.a, p.b): p.anchor for p in pairs.pairs}
    hyp = sections.hypotheses(assessment, views) if assessment else None
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
            *_correction_note(store, options),
        ],
        findings=_findings(result, hyp, timeline.total, docs),
    )
    quality = data_quality(store)
    labels = set(result.network.nodes) | {x for p in result.pairs for x in (p.a, p.b)}
    if result.stances is not None:
        labels |= set(result.stances.actors)
    return ReportContext(
        meta=meta,
        timeline=timeline,
        network=layout(result.network, shown, views),
        pairs=pairs,
        heatmap=heat,
        hypotheses=hyp,
        quality=Quality(lines=quality.lines(), figures=quality.to_dict()),
        names=actor_names(store, spec, sorted(labels)),
    )


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

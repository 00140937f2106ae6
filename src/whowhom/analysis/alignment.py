"""Who is aligned with whom: ``whowhom align``.

Puts together the stance table (stances.py), pairwise agreement over shared issues
(agreement.py), the signed network of direct dealings with its balance and blocs
(network.py), and — with a window — how each pair moves over time. One call, one
result object; the CLI, the report and the bench all go through ``align``.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from whowhom.analysis.agreement import Estimate, PairAgreement, all_pairs
from whowhom.analysis.groups import ActorSpec
from whowhom.analysis.issues import IssueSet
from whowhom.analysis.network import (
    Network,
    active_actors,
    compute_network,
    dyad_table,
    undated_ties,
    windowed_ties,
)
from whowhom.analysis.refs import RefBatch
from whowhom.analysis.stances import IssueEvents, StanceSettings, StanceTable
from whowhom.analysis.windows import Window, window_of
from whowhom.store import Store


@dataclass
class PairPoint:
    """One pair in one window: agreement on shared issues and their direct tie."""

    window: Window
    a: str
    b: str
    n_issues: int
    agreement: Estimate
    cosine: Estimate
    tie: float | None
    tie_events: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": self.window.to_dict(),
            "a": self.a,
            "b": self.b,
            "n_issues": self.n_issues,
            "agreement": self.agreement.to_dict(),
            "cosine": self.cosine.to_dict(),
            "tie": round(self.tie, 4) if self.tie is not None else None,
            "tie_events": self.tie_events,
        }


@dataclass
class Alignment:
    since: dt.date | None
    until: dt.date | None
    actors: ActorSpec
    issues: IssueSet | None
    stances: StanceTable | None
    pairs: list[PairAgreement]
    network: Network
    window_days: int | None = None
    windows: list[StanceTable] = field(default_factory=list)
    timeline: list[PairPoint] = field(default_factory=list)
    #: with a window: undated events left out of the windows (they count in the whole period)
    undated_stance_events: int = 0
    undated_tie_events: int = 0
    #: with ``most_active``: how many actors the whole network has (``network`` is among the busiest)
    network_actors: int | None = None

    def undated_note(self) -> str | None:
        """One line saying what the windows leave out, or None when nothing is left out."""
        if not self.window_days or not (self.undated_stance_events or self.undated_tie_events):
            return None
        return (
            f"note: undated events are in no {self.window_days}-day window: "
            f"{self.undated_stance_events} under the issues, {self.undated_tie_events} direct tie event(s) "
            "(they count in the whole-period stances and network)"
        )

    def pair(self, a: str, b: str) -> PairAgreement | None:
        x, y = sorted((a, b))
        return next((p for p in self.pairs if p.a == x and p.b == y), None)

    def ranked(self) -> list[PairAgreement]:
        """Most aligned first: agreement, then more shared issues, then cosine, then tie."""

        def key(p: PairAgreement) -> tuple[float, float, float, float]:
            agree = p.agreement.value if p.agreement.value is not None else -2.0
            cos = p.cosine.value if p.cosine.value is not None else -2.0
            return (-agree, -p.n_issues, -cos, -(p.tie or 0.0))

        return sorted(self.pairs, key=key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "window_days": self.window_days,
            "actors": self.actors.to_dict(),
            "issues": self.issues.to_dict() if self.issues else None,
            "stances": self.stances.to_dict() if self.stances else None,
            "pairs": [p.to_dict() for p in self.ranked()],
            "network": self.network.to_dict(),
            "timeline": [p.to_dict() for p in self.timeline],
            "windows": [t.to_dict() for t in self.windows],
            "undated": {"stance_events": self.undated_stance_events, "tie_events": self.undated_tie_events},
        }


def _attach_ties(pairs: list[PairAgreement], network: Network) -> list[PairAgreement]:
    """Add each pair's direct tie, and a row for tied pairs with no shared issue."""
    by_key = {(p.a, p.b): p for p in pairs}
    for e in network.edges:
        pair = by_key.get((e.a, e.b))
        if pair is None:
            pair = PairAgreement(e.a, e.b, [], Estimate(None), Estimate(None), Estimate(None))
            by_key[(e.a, e.b)] = pair
        pair.tie, pair.tie_events, pair.tie_event_ids = e.weight, e.n, [r.event_id for r in e.evidence]
    return list(by_key.values())


def _timeline(
    tables: list[StanceTable],
    ties: dict[int, dict[tuple[str, str], tuple[float, int]]],
    origin: dt.date,
    days: int,
) -> list[PairPoint]:
    by_window = {t.window.index: t for t in tables if t.window is not None}
    points = []
    for idx in sorted(set(by_window) | set(ties)):
        table = by_window.get(idx)
        window = table.window if table and table.window else window_of(idx, origin, days)
        pairs = {(p.a, p.b): p for p in all_pairs(table)} if table else {}
        window_ties = ties.get(idx, {})
        for key in sorted(set(pairs) | set(window_ties)):
            p = pairs.get(key)
            tie, n = window_ties.get(key, (None, 0))
            points.append(
                PairPoint(
                    window=window,
                    a=key[0],
                    b=key[1],
                    n_issues=p.n_issues if p else 0,
                    agreement=p.agreement if p else Estimate(None),
                    cosine=p.cosine if p else Estimate(None),
                    tie=tie,
                    tie_events=n,
                )
            )
    return points


def align(
    store: Store,
    *,
    issue_set: IssueSet | None,
    actors: ActorSpec,
    since: dt.date | None = None,
    until: dt.date | None = None,
    window_days: int | None = None,
    settings: StanceSettings | None = None,
    corrections: bool = True,
    tie_refs: bool = True,
    most_active: int | None = None,
) -> Alignment:
    """Stances, pairwise agreement, the signed network and (with ``window_days``) the
    pairs' movement over consecutive windows. Without issues, only the network. The
    analyst's corrections are applied unless ``corrections`` is false (``Store.use_corrections``).
    ``tie_refs`` false: the ties carry no events (a caller showing a few of them fetches
    theirs with ``network.tie_evidence``). ``most_active`` (without issues): the network
    among that many of the busiest actors only (``network.active_actors``), cut in the query."""
    with store.corrected(corrections):
        return _align(
            store, issue_set=issue_set, actors=actors, since=since, until=until, window_days=window_days,
            settings=settings, tie_refs=tie_refs, most_active=most_active,
        )  # fmt: skip


def _align(
    store: Store,
    *,
    issue_set: IssueSet | None,
    actors: ActorSpec,
    since: dt.date | None,
    until: dt.date | None,
    window_days: int | None,
    settings: StanceSettings | None,
    tie_refs: bool = True,
    most_active: int | None = None,
) -> Alignment:
    settings = settings or StanceSettings()
    stances: StanceTable | None = None
    tables: list[StanceTable] = []
    origin = since
    undated_stances = undated_ties_n = 0
    timeline: list[PairPoint] = []
    # one reading of the events (and their copies) serves the stances and the ties; the
    # evidence of stances, windows and ties is fetched together at the end
    refs = RefBatch()
    with ExitStack() as held:
        if issue_set is not None:
            ie = held.enter_context(
                IssueEvents(store, issue_set, actors, since=since, until=until, settings=settings, ties=True)
            )
            if window_days:
                origin = origin or ie.date_span()[0]
                stances, tables = ie.periods(window_days, origin, refs)
                undated_stances = ie.undated()
            else:
                stances = ie.table_of(refs)
            dyads = ie.dyads_sql()
        else:
            dyads = held.enter_context(
                dyad_table(store, actors, since=since, until=until, negated_weight=settings.negated_weight)
            )
        only, n_actors = None, None
        if most_active is not None and issue_set is None:
            busiest, n_actors = active_actors(
                store, actors, most_active, since=since, until=until, negated_weight=settings.negated_weight
            )
            only = busiest if len(busiest) < n_actors else None
        network = compute_network(
            store,
            actors,
            since=since,
            until=until,
            negated_weight=settings.negated_weight,
            max_refs=settings.max_refs if tie_refs else 0,
            seed=settings.seed,
            nodes=stances.actors if stances else only,
            only=only,
            dyads=dyads,
            refs=refs,
        )
        ties: dict[int, dict[tuple[str, str], tuple[float, int]]] | None = None
        if window_days:
            if origin is None:
                row = store.fetchone("SELECT min(date) FROM events")
                origin = row[0] if row else None
            if origin is not None:
                ties = windowed_ties(
                    store,
                    actors,
                    days=window_days,
                    origin=origin,
                    since=since,
                    until=until,
                    negated_weight=settings.negated_weight,
                    dyads=dyads,
                )
            if since is None and until is None:  # a bounded period has no undated events in it
                undated_ties_n = undated_ties(
                    store, actors, negated_weight=settings.negated_weight, dyads=dyads
                )
        refs.run(store)
    pairs = all_pairs(stances) if stances else []
    if window_days and origin is not None and ties is not None:
        timeline = _timeline(tables, ties, origin, window_days)
    return Alignment(
        since=since,
        until=until,
        actors=actors,
        issues=issue_set,
        stances=stances,
        pairs=_attach_ties(pairs, network),
        network=network,
        window_days=window_days,
        windows=tables,
        timeline=timeline,
        undated_stance_events=undated_stances,
        undated_tie_events=undated_ties_n,
        network_actors=n_actors,
    )

"""The signed, weighted network of direct dealings between actors.

A tie between two actors sums every event in which one is the source and the other the
target, either way: Goldstein/10 × certainty × source reliability, so cooperation adds
and conflict subtracts. A negated event ("did not condemn") counts the other way at the
reduced negation weight. Copies of one report (wire copy: the same sentence coded the same
way in several documents, ``sql.REPORTS``) count once. Aggregation is DuckDB's; only one row
per tie reaches Python.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from whowhom.analysis.balance import all_negative_triangles, frustration, signed_blocs, triangle_balance
from whowhom.analysis.groups import ActorSpec
from whowhom.analysis.issues import NEGATED_WEIGHT
from whowhom.analysis.refs import EvidenceRef, RefBatch, fetch_refs
from whowhom.analysis.reports import held_reports
from whowhom.analysis.sql import CERTAINTY, RELIABILITY, REPORTS, conjunction, date_range, lit
from whowhom.analysis.windows import index_sql
from whowhom.store import Store

_counter = itertools.count()


@dataclass
class Edge:
    a: str
    b: str
    weight: float  # signed sum
    positive: float  # cooperative mass
    negative: float  # conflictual mass (as a positive number)
    n: int
    evidence: list[EvidenceRef] = field(default_factory=list)

    @property
    def sign(self) -> int:
        return int(np.sign(self.weight))

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "weight": round(self.weight, 4),
            "sign": self.sign,
            "positive": round(self.positive, 4),
            "negative": round(self.negative, 4),
            "n": self.n,
            "event_ids": [r.event_id for r in self.evidence],
            "evidence": [r.to_dict() for r in self.evidence],
        }


@dataclass
class Balance:
    triangles: int
    balanced: int
    all_negative: int  # triangles of three enemies (balanced only in the weak sense)
    frustration: float  # |weight| of ties contradicting the best two-camp split
    total_weight: float  # |weight| of all ties
    exact: bool  # frustration found by enumeration (else: an upper bound from local search)
    camps: list[list[str]]

    @property
    def ratio(self) -> float | None:
        return self.balanced / self.triangles if self.triangles else None

    @property
    def weak_ratio(self) -> float | None:
        return (self.balanced + self.all_negative) / self.triangles if self.triangles else None

    @property
    def frustration_normalized(self) -> float | None:
        return self.frustration / self.total_weight if self.total_weight else None

    def to_dict(self) -> dict[str, Any]:
        ratio, weak, fn = self.ratio, self.weak_ratio, self.frustration_normalized
        return {
            "triangles": self.triangles,
            "balanced_triangles": self.balanced,
            "all_negative_triangles": self.all_negative,
            "balance_ratio": round(ratio, 4) if ratio is not None else None,
            "weak_balance_ratio": round(weak, 4) if weak is not None else None,
            "frustration": round(self.frustration, 4),
            "frustration_normalized": round(fn, 4) if fn is not None else None,
            "frustration_exact": self.exact,
            "camps": self.camps,
        }


@dataclass
class Network:
    nodes: list[str]
    edges: list[Edge]
    balance: Balance
    blocs: list[list[str]]
    bloc_disagreement: float

    def bloc_of(self, actor: str) -> int | None:
        return next((i for i, b in enumerate(self.blocs) if actor in b), None)

    def edge(self, a: str, b: str) -> Edge | None:
        x, y = sorted((a, b))
        return next((e for e in self.edges if e.a == x and e.b == y), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "edges": [e.to_dict() for e in self.edges],
            "balance": self.balance.to_dict(),
            "blocs": self.blocs,
            "bloc_disagreement": round(self.bloc_disagreement, 4),
        }


def tie_weight_sql(negated_weight: float = NEGATED_WEIGHT) -> str:
    """What one direct event adds to a tie: Goldstein/10 × certainty × source reliability,
    the other way (at the negation weight) for a negated event."""
    flip = f"(CASE WHEN polarity = 'negated' THEN -{float(negated_weight)} ELSE 1.0 END)"
    return f"coalesce(event_goldstein, 0) / 10.0 * {CERTAINTY} * {RELIABILITY} * {flip}"


def dyad_sql(
    actors: ActorSpec,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    negated_weight: float = NEGATED_WEIGHT,
    reports: str = REPORTS,
) -> str:
    """One row per direct event between two different actors of interest:
    ``a`` < ``b`` (labels in order), ``event_id``, ``date``, signed ``weight``, ``direction``.
    ``reports``: a query with the rows of ``sql.REPORTS``."""
    src, tgt = actors.sql("source"), actors.sql("target")
    value = tie_weight_sql(negated_weight)
    window = conjunction(date_range("date", since, until))
    return (
        "SELECT least(s, t) AS a, greatest(s, t) AS b, event_id, date, weight, "
        "CAST(sign(weight) AS INTEGER) AS direction FROM ("
        f"SELECT {src} AS s, {tgt} AS t, event_id, date, {value} AS weight "
        f"FROM {reports} reports WHERE {window}"
        ") WHERE s IS NOT NULL AND t IS NOT NULL AND s <> t AND weight <> 0"
    )


@contextmanager
def dyad_table(
    store: Store,
    actors: ActorSpec,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    negated_weight: float = NEGATED_WEIGHT,
) -> Iterator[str]:
    """``dyad_sql``'s rows held in a temporary table for the ``with`` block, as a query: for
    several questions about the same ties (network, windows, undated) from one reading of
    the events and their copies."""
    name = f"_ww_dyads_{next(_counter)}"
    # copies share source and target codes: events between no two actors need not be read
    within = (
        f"{actors.sql('source')} IS NOT NULL AND {actors.sql('target')} IS NOT NULL"
        if actors.by_code
        else "TRUE"
    )
    with held_reports(store, within) as reports:
        store.temp_table(
            name, dyad_sql(actors, since=since, until=until, negated_weight=negated_weight, reports=reports)
        )
    try:
        yield f"SELECT * FROM {name}"
    finally:
        store.drop_temp_table(name)


def _edges(store: Store, dyads: str, *, max_refs: int | None, refs: RefBatch | None = None) -> list[Edge]:
    rows = store.fetchall(
        "SELECT a, b, sum(weight), sum(greatest(weight, 0)), sum(greatest(-weight, 0)), count(*) "
        f"FROM ({dyads}) GROUP BY a, b ORDER BY a, b"
    )
    edges = [Edge(a, b, float(w), float(p), float(n_), int(n)) for a, b, w, p, n_, n in rows]

    def attach(found: dict[tuple[Any, ...], list[EvidenceRef]]) -> None:
        for e in edges:
            e.evidence = found.get((e.a, e.b), [])

    if max_refs != 0:
        if refs is None:
            attach(fetch_refs(store, dyads, ["a", "b"], limit=max_refs))
        else:
            refs.add(dyads, ["a", "b"], limit=max_refs, done=attach)
    return edges


def _among(column: str, labels: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(lit(x) for x in labels)})" if labels else "FALSE"


def active_actors(
    store: Store,
    actors: ActorSpec,
    limit: int,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    negated_weight: float = NEGATED_WEIGHT,
) -> tuple[list[str], int]:
    """The ``limit`` most active actors of the network, ranked as ``top_actors`` ranks them
    (most events in their direct ties, then most ties, then name), and how many actors have
    a direct tie at all. Counted in DuckDB: only ``limit`` names reach Python."""
    dyads = dyad_sql(actors, since=since, until=until, negated_weight=negated_weight)
    rows = store.fetchall(
        f"WITH ties AS (SELECT a, b, count(*) AS n FROM ({dyads}) GROUP BY a, b), "
        "ends AS (SELECT a AS actor, n FROM ties UNION ALL SELECT b, n FROM ties) "
        "SELECT actor, count(*) OVER () FROM ends GROUP BY actor "
        f"ORDER BY sum(n) DESC, count(*) DESC, actor LIMIT {int(limit)}"
    )
    return [str(r[0]) for r in rows], int(rows[0][1]) if rows else 0


def tie_evidence(
    store: Store,
    actors: ActorSpec,
    ties: Iterable[tuple[str, str]],
    *,
    limit: int | None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    negated_weight: float = NEGATED_WEIGHT,
) -> dict[tuple[str, str], list[EvidenceRef]]:
    """The strongest ``limit`` events behind each of ``ties`` (pairs of labels, ``a`` < ``b``)
    and no others, in one query: a view that shows a few ties of a large network fetches
    their sentences only, never those of every tie (``compute_network(max_refs=0)``)."""
    keys = sorted(set(ties))
    if not keys or limit == 0:
        return {}
    dyads = dyad_sql(actors, since=since, until=until, negated_weight=negated_weight)
    wanted = ", ".join(f"({lit(a)}, {lit(b)})" for a, b in keys)
    keyed = f"SELECT d.* FROM ({dyads}) d SEMI JOIN (VALUES {wanted}) w(a, b) ON d.a = w.a AND d.b = w.b"
    refs = fetch_refs(store, keyed, ["a", "b"], limit=limit)
    return {(str(k[0]), str(k[1])): v for k, v in refs.items()}


def build_network(nodes: list[str], edges: list[Edge], *, seed: int = 0) -> Network:
    """Balance and blocs of the network given by ``edges`` over ``nodes``."""
    names = sorted(set(nodes) | {e.a for e in edges} | {e.b for e in edges})
    index = {name: i for i, name in enumerate(names)}
    w = np.zeros((len(names), len(names)))
    for e in edges:
        i, j = index[e.a], index[e.b]
        w[i, j] = w[j, i] = e.weight
    rng = np.random.default_rng(seed)
    triangles, balanced = triangle_balance(w)
    camps = frustration(w, rng)
    blocs = signed_blocs(w, rng)

    def groups(labels: np.ndarray) -> list[list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        for name, label in zip(names, labels, strict=True):
            out[int(label)].append(name)
        return sorted(out.values(), key=lambda g: (-len(g), g))

    return Network(
        nodes=names,
        edges=edges,
        balance=Balance(
            triangles=triangles,
            balanced=balanced,
            all_negative=all_negative_triangles(w),
            frustration=camps.cost,
            total_weight=float(np.triu(np.abs(w), 1).sum()),
            exact=camps.exact,
            camps=groups(camps.labels),
        ),
        blocs=groups(blocs.labels),
        bloc_disagreement=blocs.cost,
    )


def compute_network(
    store: Store,
    actors: ActorSpec,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    negated_weight: float = NEGATED_WEIGHT,
    max_refs: int | None = 20,
    seed: int = 0,
    nodes: list[str] | None = None,
    only: Sequence[str] | None = None,
    dyads: str | None = None,
    refs: RefBatch | None = None,
) -> Network:
    """The network of direct events between actors of interest, with balance and blocs;
    with ``only``, among those actors alone (cut in the query, before ties are summed).
    ``dyads``: the ties' rows when they are at hand already (``dyad_table``,
    ``IssueEvents.dyads_sql``; the same period); ``refs``: fetch the edges' evidence with
    this batch (they have none until it runs)."""
    dyads = dyads or dyad_sql(actors, since=since, until=until, negated_weight=negated_weight)
    if only is not None:
        dyads = f"SELECT * FROM ({dyads}) WHERE {_among('a', only)} AND {_among('b', only)}"
    edges = _edges(store, dyads, max_refs=max_refs, refs=refs)
    return build_network(list(nodes or []), edges, seed=seed)


def windowed_ties(
    store: Store,
    actors: ActorSpec,
    *,
    days: int,
    origin: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    negated_weight: float = NEGATED_WEIGHT,
    dyads: str | None = None,
) -> dict[int, dict[tuple[str, str], tuple[float, int]]]:
    """Tie weight and event count of every pair in each window (window index → pair → …);
    undated events are in no window (``undated_ties`` counts them). ``dyads``: as
    ``compute_network``."""
    dyads = dyads or dyad_sql(actors, since=since, until=until, negated_weight=negated_weight)
    rows = store.fetchall(
        f"SELECT {index_sql(origin, days)} AS win, a, b, sum(weight), count(*) FROM ({dyads}) "
        "WHERE date IS NOT NULL GROUP BY ALL ORDER BY ALL"
    )
    out: dict[int, dict[tuple[str, str], tuple[float, int]]] = defaultdict(dict)
    for win, a, b, w, n in rows:
        out[int(win)][(a, b)] = (float(w), int(n))
    return dict(out)


def undated_ties(
    store: Store,
    actors: ActorSpec,
    *,
    negated_weight: float = NEGATED_WEIGHT,
    dyads: str | None = None,
) -> int:
    """Direct events between actors of interest that have no date (left out of windows).
    ``dyads``: the ties' rows when at hand (of the whole period: undated events are in no
    other)."""
    dyads = dyads or dyad_sql(actors, negated_weight=negated_weight)
    row = store.fetchone(f"SELECT count(*) FROM ({dyads}) WHERE date IS NULL")
    return int(row[0]) if row else 0


#: Without actors of interest (no issues file, no --actors) the report's network shows this
#: many actors, the most active ones: a circle of every code in a corpus says nothing.
TOP_ACTORS = 25


def top_actors(net: Network, limit: int = TOP_ACTORS, *, seed: int = 0) -> tuple[Network, int]:
    """The network among its ``limit`` most active actors (most events in their direct ties,
    then most ties, then name), balance and blocs computed again over them; and how many
    actors the whole network had."""
    if len(net.nodes) <= limit:
        return net, len(net.nodes)
    events: dict[str, int] = defaultdict(int)
    ties: dict[str, int] = defaultdict(int)
    for e in net.edges:
        for name in (e.a, e.b):
            events[name] += e.n
            ties[name] += 1
    kept = sorted(net.nodes, key=lambda n: (-events[n], -ties[n], n))[:limit]
    keep = set(kept)
    edges = [e for e in net.edges if e.a in keep and e.b in keep]
    return build_network(kept, edges, seed=seed), len(net.nodes)


def actor_names(store: Store, actors: ActorSpec, labels: list[str]) -> dict[str, str]:
    """A name for each actor label that is a code (no actors of interest named): the words
    the texts most often use for it ("Iran" for IRN), spaces collapsed. Labels of named
    groups are names already and get none."""
    if actors.groups or not labels:
        return {}
    wanted = ", ".join(lit(x) for x in labels)
    rows = store.fetchall(
        "SELECT label, name FROM ("
        f"SELECT {actors.sql('source')} AS label, "
        "regexp_replace(trim(source_text), '\\s+', ' ', 'g') AS name FROM events UNION ALL "
        f"SELECT {actors.sql('target')}, regexp_replace(trim(target_text), '\\s+', ' ', 'g') FROM events"
        f") WHERE label IN ({wanted}) AND coalesce(name, '') <> '' GROUP BY label, name "
        "QUALIFY row_number() OVER (PARTITION BY label ORDER BY count(*) DESC, name) = 1"
    )
    return {str(label): str(name) for label, name in rows}

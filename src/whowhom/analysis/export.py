"""Alignment results as files other tools open: GEXF and GraphML (Gephi, via networkx)
and CSV (spreadsheets).

Gephi's layouts expect positive edge weights, so an edge's ``weight`` is the tie's
magnitude; ``sign`` (+1/-1) and ``signed_weight`` carry its direction.
"""

from __future__ import annotations

import csv
import io
from typing import Any, TextIO

import networkx as nx

from whowhom.analysis.agreement import Estimate
from whowhom.analysis.alignment import Alignment

CSV_COLUMNS = (
    "window_start",
    "window_end",
    "a",
    "b",
    "n_issues",
    "agreement",
    "agreement_low",
    "agreement_high",
    "scott_pi",
    "scott_pi_low",
    "scott_pi_high",
    "cosine",
    "cosine_low",
    "cosine_high",
    "tie",
    "tie_events",
    "same_bloc",
    "issues",
)


def to_graph(result: Alignment) -> nx.Graph:
    """The signed network with blocs, camps and stances as node attributes."""
    g = nx.Graph()
    net = result.network
    camp = {name: i for i, c in enumerate(net.balance.camps) for name in c}
    for name in net.nodes:
        attrs: dict[str, Any] = {"label": name, "bloc": net.bloc_of(name) or 0, "camp": camp.get(name, 0)}
        if result.stances:
            for issue in result.stances.issues:
                st = result.stances.get(issue, name)
                if st is not None:
                    attrs[f"stance_{issue}"] = round(st.value, 4)
                    attrs[f"n_{issue}"] = st.n
        g.add_node(name, **attrs)
    for e in net.edges:
        g.add_edge(
            e.a,
            e.b,
            weight=abs(round(e.weight, 6)),
            signed_weight=round(e.weight, 6),
            sign=e.sign,
            positive=round(e.positive, 6),
            negative=round(e.negative, 6),
            n_events=e.n,
            event_ids=" ".join(r.event_id for r in e.evidence),
        )
    return g


def write_gexf(result: Alignment, out: TextIO) -> None:
    buf = io.BytesIO()
    nx.write_gexf(to_graph(result), buf)
    out.write(buf.getvalue().decode("utf-8"))


def write_graphml(result: Alignment, out: TextIO) -> None:
    buf = io.BytesIO()
    nx.write_graphml(to_graph(result), buf)
    out.write(buf.getvalue().decode("utf-8"))


def _est(e: Estimate) -> list[Any]:
    return ["" if x is None else round(x, 4) for x in (e.value, e.low, e.high)]


def write_csv(result: Alignment, out: TextIO) -> int:
    """One row per pair over the whole period (window columns empty), then one per pair
    and window; returns the number of rows."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    n = 0
    net = result.network
    for p in result.ranked():
        ba, bb = net.bloc_of(p.a), net.bloc_of(p.b)
        same = "" if ba is None or bb is None else int(ba == bb)
        tie = "" if p.tie is None else round(p.tie, 4)
        w.writerow(
            [
                "",
                "",
                p.a,
                p.b,
                p.n_issues,
                *_est(p.agreement),
                *_est(p.pi),
                *_est(p.cosine),
                tie,
                p.tie_events,
                same,
                ";".join(s.issue for s in p.shared),
            ]
        )
        n += 1
    for pt in result.timeline:
        tie = "" if pt.tie is None else round(pt.tie, 4)
        w.writerow(
            [
                pt.window.start.isoformat(),
                pt.window.end.isoformat(),
                pt.a,
                pt.b,
                pt.n_issues,
                *_est(pt.agreement),
                "",
                "",
                "",
                *_est(pt.cosine),
                tie,
                pt.tie_events,
                "",
                "",
            ]
        )
        n += 1
    return n

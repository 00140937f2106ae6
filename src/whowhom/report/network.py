"""The alignment network as a picture: a circular layout with each bloc on its own arc.

Actors are placed on a circle in bloc order, with an empty slot between blocs, so allies
sit side by side and ties between blocs cross the middle. Deterministic (no random
layout), so the same data always gives the same picture. Positive ties are green,
negative red, their width grows with |weight|; nodes take their bloc's colour.
"""

from __future__ import annotations

import math

from whowhom.analysis.network import Edge, Network
from whowhom.report.anchors import anchor
from whowhom.report.colours import ALONE, bloc_colour, tie_colour
from whowhom.report.context import EdgeView, NetworkView, NodeView
from whowhom.report.views import EvidenceViews

LABEL_ROOM = 190.0  # px beside the circle for names
MIN_RADIUS = 150.0
SLOT = 30.0  # arc length per node, px
MAX_EDGE_WIDTH = 9.0
MIN_EDGE_WIDTH = 1.2


def _order(net: Network) -> list[str | None]:
    """Nodes in bloc order, ``None`` marking the gap between two blocs."""
    slots: list[str | None] = []
    placed: set[str] = set()
    for bloc in net.blocs:
        members = [n for n in bloc if n in net.nodes]
        if not members:
            continue
        if slots:
            slots.append(None)
        slots.extend(members)
        placed.update(members)
    rest = [n for n in net.nodes if n not in placed]
    if rest and slots:
        slots.append(None)
    slots.extend(rest)
    if len(slots) > 1 and slots[-1] is not None and any(s is None for s in slots):
        slots.append(None)  # the gap between the last bloc and the first
    return slots


def bloc_colours(blocs: list[list[str]]) -> list[str]:
    """A palette colour for each bloc of two or more; an actor alone is a neutral grey, so
    the palette's colours are not spent (and repeated) on blocs of one."""
    out, k = [], 0
    for bloc in blocs:
        if len(bloc) > 1:
            out.append(bloc_colour(k))
            k += 1
        else:
            out.append(ALONE)
    return out


def strongest(edges: list[Edge], limit: int) -> list[Edge]:
    """The ``limit`` strongest ties: largest |weight|, then most events, then by name."""
    if len(edges) <= limit:
        return list(edges)
    return sorted(edges, key=lambda e: (-abs(e.weight), -e.n, e.a, e.b))[:limit]


def layout(
    net: Network,
    pair_anchor: dict[tuple[str, str], str],
    views: EvidenceViews,
    drawn: list[Edge] | None = None,
) -> NetworkView:
    """The picture of ``net``, drawing the ties ``drawn`` (default: all); every actor is
    placed, and its size counts all its ties. A tie links to its pair's evidence when the
    pair is listed (``pair_anchor``), else it carries its own sentences."""
    drawn = net.edges if drawn is None else drawn
    colours = bloc_colours(net.blocs)
    slots = _order(net)
    n = max(len(slots), 1)
    radius = max(MIN_RADIUS, SLOT * n / (2 * math.pi))
    width = 2 * (radius + LABEL_ROOM)
    height = 2 * radius + 80
    cx, cy = width / 2, height / 2
    degree = {name: 0 for name in net.nodes}
    for e in net.edges:
        degree[e.a] = degree.get(e.a, 0) + 1
        degree[e.b] = degree.get(e.b, 0) + 1
    nodes: list[NodeView] = []
    where: dict[str, tuple[float, float]] = {}
    for i, name in enumerate(slots):
        if name is None:
            continue
        angle = -math.pi / 2 + 2 * math.pi * i / n
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + radius * cos, cy + radius * sin
        r = 7 + 2.5 * math.sqrt(degree.get(name, 0))
        side = "middle" if abs(cos) < 0.2 else "start" if cos > 0 else "end"
        bloc = net.bloc_of(name)
        nodes.append(
            NodeView(
                name=name,
                bloc=bloc,
                colour=colours[bloc] if bloc is not None else ALONE,
                x=round(x, 1),
                y=round(y, 1),
                r=round(r, 1),
                label_x=round(cx + (radius + r + 8) * cos, 1),
                label_y=round(cy + (radius + r + 8) * sin + 4 + (8 * sin if side == "middle" else 0), 1),
                anchor_side=side,
                degree=degree.get(name, 0),
            )
        )
        where[name] = (x, y)
    top = max((abs(e.weight) for e in drawn), default=0.0) or 1.0
    edges = []
    # weakest first, so the strong ties are drawn on top
    for e in sorted(drawn, key=lambda e: (abs(e.weight), e.a, e.b)):
        (x1, y1), (x2, y2) = where[e.a], where[e.b]
        edges.append(
            EdgeView(
                a=e.a,
                b=e.b,
                weight=round(e.weight, 4),
                positive=round(e.positive, 4),
                negative=round(e.negative, 4),
                n=e.n,
                sign=e.sign,
                x1=round(x1, 1),
                y1=round(y1, 1),
                x2=round(x2, 1),
                y2=round(y2, 1),
                width=round(MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * abs(e.weight) / top, 2),
                colour=tie_colour(e.weight),
                anchor=pair_anchor.get((e.a, e.b)) or anchor("tie", e.a, e.b),
                evidence=[] if (e.a, e.b) in pair_anchor else views.views(e.evidence),
            )
        )
    return NetworkView(
        width=round(width, 1),
        height=round(height, 1),
        nodes=nodes,
        edges=edges,
        blocs=[list(b) for b in net.blocs],
        bloc_colours=colours,
        balance=net.balance.to_dict(),
        bloc_disagreement=round(net.bloc_disagreement, 4),
        layout="circle, one arc per bloc",
        ties=len(net.edges),
    )

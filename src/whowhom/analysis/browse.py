"""Browsing stored events: faceted counts, pages of events, one event, one document, one
actor, one pair of actors, events on a map.

Generic queries over a store (the web workbench calls them; so could the CLI). A
``Filters`` value says which events are meant: facet values (exact; any of the values
given for one facet, every facet given), a period, an actor (code prefix or ``id:NAME``,
as source or target) and words in the evidence sentence. Facet counts are one DuckDB
query (``GROUPING SETS``): one scan of the filtered events whatever the number of facets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from whowhom.analysis.sql import actor_condition, actor_ref, lit
from whowhom.analysis.tone import TONE_SQL
from whowhom.model import row_to_event
from whowhom.store import EVENT_COLUMNS, Store


@dataclass(frozen=True)
class Facet:
    name: str  # as in a URL (?root=19)
    column: str  # SQL over the browsed relation
    label: str
    numeric: bool = False


FACETS: dict[str, Facet] = {
    f.name: f
    for f in (
        Facet("root", "event_root", "CAMEO root"),
        Facet("quad", "event_quad_class", "QuadClass", numeric=True),
        Facet("plover", "event_plover", "PLOVER"),
        Facet("source", "source_code", "source actor"),
        Facet("source_country", "source_country", "source country"),
        Facet("target", "target_code", "target actor"),
        Facet("target_country", "target_country", "target country"),
        Facet("place", "location_name", "place"),
        Facet("polarity", "polarity", "polarity"),
        Facet("modality", "modality", "modality"),
        Facet("outlet", "outlet", "outlet"),
        Facet("month", "month", "month"),
    )
}
#: QuadClass names (GDELT's).
QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
#: Events listed per page unless asked otherwise, and at most.
PER_PAGE = 50
MAX_PER_PAGE = 500
#: Values listed per facet.
FACET_SIZE = 15

_ORDER = " ORDER BY date NULLS LAST, doc_id, sentence, event_start, event_id"
_EVENT_COLS = ", ".join(f'e."{c}"' for c in EVENT_COLUMNS)
#: The events with their document's outlet and their month: what facets and filters read.
BROWSED = (
    f"SELECT {_EVENT_COLS}, d.source AS outlet, strftime(e.date, '%Y-%m') AS month "
    "FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id"
)


@dataclass(frozen=True)
class Filters:
    """Which events: facet values, period, actor, words (all optional; all must hold)."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    since: dt.date | None = None
    until: dt.date | None = None
    actor: str | None = None  # code prefix or id:NAME, as source or target
    q: str | None = None  # words in the evidence sentence (case-insensitive)

    def where(self) -> tuple[str, list[Any]]:
        """One SQL condition over ``BROWSED`` and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        for name, values in self.values.items():
            if not values:
                continue
            facet = FACETS[name]
            real = [v for v in values if v != ""]
            parts = []
            if real:
                parts.append(f"{facet.column} IN (SELECT unnest(?))")
                params.append([int(v) for v in real] if facet.numeric else list(real))
            if len(real) < len(values):  # '' asks for events with no value
                parts.append(f"{facet.column} IS NULL")
            clauses.append("(" + " OR ".join(parts) + ")")
        if self.since:
            clauses.append("date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("date <= ?")
            params.append(self.until)
        if self.actor:
            ref = actor_ref(self.actor)
            clauses.append(f"({actor_condition('source', ref)} OR {actor_condition('target', ref)})")
        if self.q:
            clauses.append("contains(lower(evidence_text), ?)")
            params.append(self.q.lower())
        return (" AND ".join(clauses) or "TRUE"), params

    def to_dict(self) -> dict[str, Any]:
        return {
            "facets": {k: list(v) for k, v in self.values.items() if v},
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "actor": self.actor,
            "q": self.q,
        }


@dataclass
class FacetValue:
    value: str | None
    count: int
    label: str | None = None
    selected: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count, "label": self.label, "selected": self.selected}


@dataclass
class FacetCounts:
    name: str
    label: str
    values: list[FacetValue]
    distinct: int  # values in all, of which ``values`` lists the largest

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "distinct": self.distinct,
            "values": [v.to_dict() for v in self.values],
        }


@dataclass
class EventPage:
    filters: Filters
    total: int
    page: int
    per_page: int
    events: list[dict[str, Any]]  # nested records, with ``outlet``
    facets: list[FacetCounts]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {
            "filters": self.filters.to_dict(),
            "total": self.total,
            "page_number": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "events": self.events,
            "facets": [f.to_dict() for f in self.facets],
        }


def _label(facet: str, value: Any) -> str | None:
    if facet == "quad" and value is not None:
        return QUAD_CLASSES.get(int(value))
    return None


def facet_counts(
    store: Store, filters: Filters, *, names: Sequence[str] | None = None, size: int = FACET_SIZE
) -> tuple[int, list[FacetCounts]]:
    """The number of events ``filters`` selects, and per facet its largest values' counts."""
    names = list(names or FACETS)
    where, params = filters.where()
    cols = [FACETS[n].column for n in names]
    sets = ", ".join([*(f"({c})" for c in cols), "()"])
    rows = store.fetchall(
        f"SELECT {', '.join(cols)}, GROUPING({', '.join(cols)}) AS g, count(*) "
        f"FROM ({BROWSED}) WHERE {where} GROUP BY GROUPING SETS ({sets})",
        params,
    )
    k = len(cols)
    full = (1 << k) - 1
    total = 0
    found: dict[str, list[tuple[Any, int]]] = {n: [] for n in names}
    for row in rows:
        g, n = int(row[k]), int(row[k + 1])
        if g == full:
            total = n
            continue
        i = next(i for i in range(k) if not g & (1 << (k - 1 - i)))
        found[names[i]].append((row[i], n))
    out = []
    for name in names:
        chosen = set(filters.values.get(name, ()))
        ranked = sorted(found[name], key=lambda x: (-x[1], "" if x[0] is None else str(x[0])))
        out.append(
            FacetCounts(
                name=name,
                label=FACETS[name].label,
                distinct=len(ranked),
                values=[
                    FacetValue(
                        None if v is None else str(v),
                        n,
                        _label(name, v),
                        ("" if v is None else str(v)) in chosen,
                    )
                    for v, n in ranked[:size]
                ],
            )
        )
    return total, out


def _records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row_to_event(r), "outlet": r.get("outlet")} for r in rows]


def event_page(
    store: Store,
    filters: Filters,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    facets: Sequence[str] | None = None,
    facet_size: int = FACET_SIZE,
) -> EventPage:
    """One page of the events ``filters`` selects (in date order), with facet counts."""
    total, counts = facet_counts(store, filters, names=facets, size=facet_size)
    where, params = filters.where()
    rows = store.fetch_dicts(
        f"SELECT * FROM ({BROWSED}) WHERE {where}{_ORDER} LIMIT {int(per_page)} "
        f"OFFSET {int((page - 1) * per_page)}",
        params,
    )
    return EventPage(filters, total, page, per_page, _records(rows), counts)


def iter_filtered(store: Store, filters: Filters) -> Iterator[dict[str, Any]]:
    """Every event ``filters`` selects, as flat rows with ``outlet`` (streamed; for exports)."""
    where, params = filters.where()
    yield from store.iter_dicts(f"SELECT * FROM ({BROWSED}) WHERE {where}{_ORDER}", params)


# -- one event, one document ------------------------------------------------------------


@dataclass
class EventDetail:
    event: dict[str, Any]  # the nested record
    outlet: str | None
    document: dict[str, Any] | None
    others: list[dict[str, Any]]  # the document's other events
    near_duplicates: list[dict[str, Any]]  # same actors and code, near in time, other documents
    corrections: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "outlet": self.outlet,
            "document": self.document,
            "others": self.others,
            "near_duplicates": self.near_duplicates,
            "corrections": self.corrections,
        }


_DOC_COLS = "doc_id, text, CAST(date AS VARCHAR) AS date, title, source, url, author, path, failed"
#: Days apart that two reports of the same actors and code may be and still be near-duplicates.
NEAR_DAYS = 2


def document_row(store: Store, doc_id: str) -> dict[str, Any] | None:
    rows = store.fetch_dicts(f"SELECT {_DOC_COLS} FROM documents WHERE doc_id = ?", [doc_id])
    return rows[0] if rows else None


def near_duplicates(store: Store, event: Mapping[str, Any], *, limit: int = 20) -> list[dict[str, Any]]:
    """Events of other documents with the same source, target and code within ``NEAR_DAYS``
    days: the same happening reported again, most likely."""
    if not event.get("date") or not event.get("event_code"):
        return []
    rows = store.fetch_dicts(
        f"SELECT * FROM ({BROWSED}) WHERE doc_id <> ? AND event_code = ? "
        "AND source_code IS NOT DISTINCT FROM ? AND target_code IS NOT DISTINCT FROM ? "
        f"AND date BETWEEN CAST(? AS DATE) - {NEAR_DAYS} AND CAST(? AS DATE) + {NEAR_DAYS}"
        f"{_ORDER} LIMIT {int(limit)}",
        [
            event["doc_id"],
            event["event_code"],
            event.get("source_code"),
            event.get("target_code"),
            event["date"],
            event["date"],
        ],
    )
    return _records(rows)


def event_detail(store: Store, event_id: str) -> EventDetail | None:
    """One event with its document, the document's other events, its near-duplicates and
    the analyst's corrections of it (None: no such event)."""
    rows = store.fetch_dicts(f"SELECT * FROM ({BROWSED}) WHERE event_id = ?", [event_id])
    if not rows:
        return None
    row = rows[0]
    others = store.fetch_dicts(
        f"SELECT * FROM ({BROWSED}) WHERE doc_id = ? AND event_id <> ?{_ORDER} LIMIT 200",
        [row["doc_id"], event_id],
    )
    return EventDetail(
        event=row_to_event(row),
        outlet=row.get("outlet"),
        document=document_row(store, row["doc_id"]),
        others=_records(others),
        near_duplicates=near_duplicates(store, row),
        corrections=store.corrections([event_id]),
    )


@dataclass
class DocumentDetail:
    document: dict[str, Any]
    events: list[dict[str, Any]]
    discarded: list[dict[str, Any]]
    rejected: list[dict[str, Any]]  # inputs of the same file that were rejected

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "events": self.events,
            "discarded": self.discarded,
            "rejected": self.rejected,
        }


def document_detail(store: Store, doc_id: str) -> DocumentDetail | None:
    doc = document_row(store, doc_id)
    if doc is None:
        return None
    events = store.fetch_dicts(f"SELECT * FROM ({BROWSED}) WHERE doc_id = ?{_ORDER}", [doc_id])
    discarded = store.fetch_dicts(
        "SELECT sentence, rule, phrase FROM discarded WHERE doc_id = ? ORDER BY sentence NULLS FIRST, rule",
        [doc_id],
    )
    rejected: list[dict[str, Any]] = []
    if doc.get("path"):
        file = str(doc["path"]).rsplit(":", 1)[0] if ":" in str(doc["path"]) else str(doc["path"])
        rejected = store.fetch_dicts(
            "SELECT path, line, message FROM rejected WHERE path = ? ORDER BY line NULLS FIRST LIMIT 200",
            [file],
        )
    return DocumentDetail(doc, _records(events), discarded, rejected)


# -- actors and pairs ---------------------------------------------------------------------


@dataclass
class Bucket:
    """Events of one period (a day, week or month) by tone, and their Goldstein sum."""

    start: str
    cooperative: int
    conflictual: int
    other: int
    goldstein: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "cooperative": self.cooperative,
            "conflictual": self.conflictual,
            "other": self.other,
            "goldstein": round(self.goldstein, 4),
        }


BUCKETS = ("day", "week", "month")


def _series(store: Store, where: str, params: list[Any], bucket: str) -> list[Bucket]:
    if bucket not in BUCKETS:
        raise ValueError(bucket)
    rows = store.fetchall(
        f"SELECT CAST(date_trunc({lit(bucket)}, date) AS DATE) AS b, "
        f"count(*) FILTER (WHERE ({TONE_SQL}) = 'cooperative'), "
        f"count(*) FILTER (WHERE ({TONE_SQL}) = 'conflictual'), "
        f"count(*) FILTER (WHERE ({TONE_SQL}) = 'other'), "
        "coalesce(sum(CASE WHEN polarity = 'negated' THEN 0 ELSE coalesce(event_goldstein, 0) END), 0) "
        f"FROM events WHERE date IS NOT NULL AND ({where}) GROUP BY 1 ORDER BY 1",
        params,
    )
    return [Bucket(str(b), int(c), int(k), int(o), float(g)) for b, c, k, o, g in rows]


@dataclass
class Partner:
    code: str | None
    events: int
    cooperative: int
    conflictual: int
    goldstein: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "events": self.events,
            "cooperative": self.cooperative,
            "conflictual": self.conflictual,
            "goldstein": round(self.goldstein, 4),
        }


@dataclass
class ActorProfile:
    ref: str  # as asked (code prefix or id:NAME)
    as_source: int
    as_target: int
    first: str | None
    last: str | None
    names: list[dict[str, Any]]  # {text, code, actor_id, events}: how it is written
    series: list[Bucket]
    partners: list[Partner]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "as_source": self.as_source,
            "as_target": self.as_target,
            "first": self.first,
            "last": self.last,
            "names": self.names,
            "series": [b.to_dict() for b in self.series],
            "partners": [p.to_dict() for p in self.partners],
        }


def actor_profile(store: Store, actor: str, *, bucket: str = "month", partners: int = 25) -> ActorProfile:
    """An actor's events over time (as source or target), its partners, its names as written."""
    ref = actor_ref(actor)
    src, tgt = actor_condition("source", ref), actor_condition("target", ref)
    row = store.fetchone(
        f"SELECT count(*) FILTER (WHERE {src}), count(*) FILTER (WHERE {tgt}), "
        f"CAST(min(date) AS VARCHAR), CAST(max(date) AS VARCHAR) FROM events WHERE {src} OR {tgt}"
    )
    as_source, as_target, first, last = (
        (int(row[0]), int(row[1]), row[2], row[3]) if row else (0, 0, None, None)
    )
    names = store.fetch_dicts(
        "SELECT text, code, actor_id, count(*) AS events FROM ("
        "SELECT source_text AS text, source_code AS code, source_actor_id AS actor_id "
        f"FROM events WHERE {src} "
        "UNION ALL "
        f"SELECT target_text, target_code, target_actor_id FROM events WHERE {tgt}"
        ") GROUP BY ALL ORDER BY events DESC, text LIMIT 30"
    )
    rows = store.fetchall(
        "SELECT partner, count(*), count(*) FILTER (WHERE tone = 'cooperative'), "
        "count(*) FILTER (WHERE tone = 'conflictual'), "
        "coalesce(sum(CASE WHEN polarity = 'negated' THEN 0 ELSE coalesce(event_goldstein, 0) END), 0) FROM ("
        f"SELECT CASE WHEN {src} THEN target_code ELSE source_code END AS partner, "
        "polarity, event_goldstein, "
        f"{TONE_SQL} AS tone FROM events WHERE {src} OR {tgt}"
        f") GROUP BY partner ORDER BY 2 DESC, partner NULLS LAST LIMIT {int(partners)}"
    )
    return ActorProfile(
        ref=ref,
        as_source=as_source,
        as_target=as_target,
        first=first,
        last=last,
        names=names,
        series=_series(store, f"{src} OR {tgt}", [], bucket),
        partners=[Partner(p, int(n), int(c), int(k), float(g)) for p, n, c, k, g in rows],
    )


@dataclass
class DyadSeries:
    a: str
    b: str
    bucket: str
    a_to_b: list[Bucket]
    b_to_a: list[Bucket]
    total: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "bucket": self.bucket,
            "total": self.total,
            "a_to_b": [x.to_dict() for x in self.a_to_b],
            "b_to_a": [x.to_dict() for x in self.b_to_a],
        }


def dyad_series(store: Store, a: str, b: str, *, bucket: str = "week") -> DyadSeries:
    """Two actors' events with each other over time, each direction apart, by tone, with the
    Goldstein sum per period (negated events count 0)."""
    ra, rb = actor_ref(a), actor_ref(b)
    ab = f"{actor_condition('source', ra)} AND {actor_condition('target', rb)}"
    ba = f"{actor_condition('source', rb)} AND {actor_condition('target', ra)}"
    one, two = _series(store, ab, [], bucket), _series(store, ba, [], bucket)
    total = sum(x.cooperative + x.conflictual + x.other for x in [*one, *two])
    return DyadSeries(ra, rb, bucket, one, two, total)


def dyad_filters(a: str, b: str) -> tuple[str, list[Any]]:
    """A condition over ``BROWSED`` for the events between two actors, either way."""
    ra, rb = actor_ref(a), actor_ref(b)
    cond = (
        f"(({actor_condition('source', ra)} AND {actor_condition('target', rb)}) OR "
        f"({actor_condition('source', rb)} AND {actor_condition('target', ra)}))"
    )
    return cond, []


def dyad_events(store: Store, a: str, b: str, *, limit: int = 200) -> list[dict[str, Any]]:
    cond, params = dyad_filters(a, b)
    rows = store.fetch_dicts(f"SELECT * FROM ({BROWSED}) WHERE {cond}{_ORDER} LIMIT {int(limit)}", params)
    return _records(rows)


# -- the map ------------------------------------------------------------------------------


@dataclass
class Cluster:
    """Events located within one grid cell, by QuadClass and by location precision."""

    lat: float
    lon: float
    events: int
    by_quad: dict[str, int]
    by_precision: dict[str, int]
    places: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lat": round(self.lat, 4),
            "lon": round(self.lon, 4),
            "events": self.events,
            "by_quad": self.by_quad,
            "by_precision": self.by_precision,
            "places": self.places,
        }


@dataclass
class MapPoints:
    filters: Filters
    cell_degrees: float
    located: int
    unlocated: int
    clusters: list[Cluster]

    def to_dict(self) -> dict[str, Any]:
        return {
            "filters": self.filters.to_dict(),
            "cell_degrees": self.cell_degrees,
            "located": self.located,
            "unlocated": self.unlocated,
            "clusters": [c.to_dict() for c in self.clusters],
        }


def map_points(store: Store, filters: Filters, *, cell_degrees: float = 0.5) -> MapPoints:
    """The selected events with coordinates, clustered in cells of ``cell_degrees``."""
    where, params = filters.where()
    cell = float(cell_degrees)
    rows = store.fetchall(
        "SELECT round(location_lat / ?) AS y, round(location_lon / ?) AS x, "
        "coalesce(CAST(event_quad_class AS VARCHAR), '?'), coalesce(location_precision, 'sentence'), "
        "count(*), sum(location_lat), sum(location_lon), list(DISTINCT location_name) "
        f"FROM ({BROWSED}) WHERE ({where}) AND location_lat IS NOT NULL AND location_lon IS NOT NULL "
        "GROUP BY ALL",
        [cell, cell, *params],
    )
    missing = store.fetchone(
        f"SELECT count(*) FROM ({BROWSED}) WHERE ({where}) "
        "AND (location_lat IS NULL OR location_lon IS NULL)",
        params,
    )
    cells: dict[tuple[float, float], dict[str, Any]] = {}
    for y, x, quad, precision, n, lat, lon, places in rows:
        c = cells.setdefault((y, x), {"n": 0, "lat": 0.0, "lon": 0.0, "q": {}, "p": {}, "places": set()})
        c["n"] += int(n)
        c["lat"] += float(lat)
        c["lon"] += float(lon)
        c["q"][quad] = c["q"].get(quad, 0) + int(n)
        c["p"][precision] = c["p"].get(precision, 0) + int(n)
        c["places"].update(p for p in places if p)
    clusters = [
        Cluster(
            c["lat"] / c["n"],
            c["lon"] / c["n"],
            c["n"],
            dict(sorted(c["q"].items())),
            dict(sorted(c["p"].items())),
            sorted(c["places"])[:10],
        )
        for _, c in sorted(cells.items(), key=lambda kv: (-kv[1]["n"], kv[0]))
    ]
    located = sum(c.events for c in clusters)
    return MapPoints(filters, cell, located, int(missing[0]) if missing else 0, clusters)

"""The browsing pages: home, events (faceted, with CSV and JSON Lines export), one event,
one document, one actor, one pair of actors, the map, corrections, saved views.

Each page parses its query (``params.Query``), calls functions of ``whowhom.analysis``
on a read-only store, and renders one template from the same data its JSON twin returns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from whowhom.analysis import browse
from whowhom.analysis.browse import FACETS, QUAD_CLASSES
from whowhom.errors import Errors
from whowhom.model import row_to_event
from whowhom.store import EVENT_COLUMNS, Store
from whowhom.web.app import TOKEN_COOKIE, Workbench, json_default
from whowhom.web.db import WebError
from whowhom.web.params import FILTER_PARAMS, Query
from whowhom.web.text import context_pieces, document_pieces, sentence_pieces

Handler = Callable[[Request, Query], Response]


def route(app: FastAPI, bench: Workbench, path: str, allowed: tuple[str, ...], handler: Handler) -> None:
    """Register ``path`` and its JSON twin (``path.json``); the twin is registered first so a
    path parameter does not swallow the suffix."""

    def endpoint(request: Request) -> Response:
        query = Query(request.url.path, request.query_params.multi_items(), allowed)
        if query.get("token") is not None:
            return sign_in(bench, request, query)
        return handler(request, query)

    endpoint.__name__ = "page_" + (
        path.strip("/").replace("/", "_").replace("{", "").replace("}", "") or "home"
    )
    twin = "/index.json" if path == "/" else path + ".json"
    app.add_api_route(twin, endpoint, methods=["GET"], include_in_schema=False)
    app.add_api_route(path, endpoint, methods=["GET"], include_in_schema=False)


def sign_in(bench: Workbench, request: Request, query: Query) -> Response:
    """``?token=…`` (the link ``whowhom serve`` prints): a valid token becomes a cookie and the
    page reloads without it in the URL; a wrong one is ``[E907]``."""
    if not bench.settings.allow_writes:
        raise WebError(403, Errors.E906)
    if not bench.token_ok(query.get("token")):
        raise WebError(403, Errors.E907)
    response = RedirectResponse(query.url(), status_code=303)
    response.set_cookie(TOKEN_COOKIE, bench.settings.token, httponly=True, samesite="strict", path="/")
    return response


def twin_of(name: str, query: Query, **data: Any) -> dict[str, Any]:
    return {"page": name, "query": query.to_dict(), "corrections": query.corrections, **data}


def latest_corrections(store: Store, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for c in store.corrections(event_ids):
        out[c["event_id"]] = c  # oldest first: the last one is in force
    return out


def _not_found(what: str, ident: str) -> WebError:
    return WebError(404, Errors.E904.format(what=what, ident=ident))


def register(app: FastAPI, bench: Workbench) -> None:
    db = bench.db

    def home(request: Request, query: Query) -> Response:
        with db.read() as store, store.corrected(query.corrections):
            summary = store.summary()
            views = store.saved_views()
            n_corrections = store.count_corrections()
        data = twin_of(
            "home",
            query,
            db=str(bench.settings.db),
            summary={
                **{k: v for k, v in summary.items() if k not in ("discarded", "by_root")},
                "discarded": [{"rule": r, "units": n, "documents": d} for r, n, d in summary["discarded"]],
                "by_root": [{"root": r, "label": lab, "events": n} for r, lab, n in summary["by_root"]],
            },
            issues=str(bench.settings.issues.path) if bench.settings.issues else None,
            hypotheses=str(bench.settings.hypotheses.path) if bench.settings.hypotheses else None,
            writes=bench.settings.allow_writes,
            corrections_count=n_corrections,
            views=views,
        )
        return bench.render(request, "home.html.j2", data, query=query)

    route(app, bench, "/", (), home)

    # -- events ---------------------------------------------------------------------------
    def events(request: Request, query: Query) -> Response:
        filters = query.filters()
        page = query.integer("page", 1, low=1)
        per_page = query.integer("per_page", browse.PER_PAGE, low=1, high=browse.MAX_PER_PAGE)
        if query.get("format") == "csv":
            return _csv_export(bench, query, filters)
        with db.read() as store, store.corrected(query.corrections):
            result = browse.event_page(store, filters, page=page, per_page=per_page)
            if page > result.pages:
                raise WebError(400, Errors.E903.format(page=page, pages=result.pages, per_page=per_page))
            marks = latest_corrections(store, [e["event_id"] for e in result.events])
        data = twin_of("events", query, **result.to_dict())
        return bench.render(
            request,
            "events.html.j2",
            data,
            query=query,
            result=result,
            marks=marks,
            quad_names=QUAD_CLASSES,
            facet_names=FACETS,
        )

    route(app, bench, "/events", (*FILTER_PARAMS, "page", "per_page"), events)

    def events_jsonl(request: Request) -> Response:
        query = Query(request.url.path, request.query_params.multi_items(), FILTER_PARAMS)
        filters = query.filters()

        def lines() -> Iterator[str]:
            with db.read() as store, store.corrected(query.corrections):
                for row in browse.iter_filtered(store, filters):
                    record = {**row_to_event(row), "outlet": row.get("outlet")}
                    yield json.dumps(record, ensure_ascii=False, default=json_default) + "\n"

        return StreamingResponse(
            lines(),
            media_type="application/x-ndjson",
            headers={"content-disposition": 'attachment; filename="events.jsonl"'},
        )

    app.add_api_route("/events.jsonl", events_jsonl, methods=["GET"], include_in_schema=False)

    # -- one event, one document ----------------------------------------------------------
    def event(request: Request, query: Query) -> Response:
        event_id = request.path_params["event_id"]
        with db.read() as store, store.corrected(query.corrections):
            detail = browse.event_detail(store, event_id)
            if detail is None and query.corrections:
                with store.corrected(False):  # flagged wrong: still shown, as coded
                    detail = browse.event_detail(store, event_id)
        if detail is None:
            raise _not_found("event", event_id)
        data = twin_of("event", query, **detail.to_dict())
        doc = detail.document or {}
        pieces, cut_before, cut_after = context_pieces(doc.get("text") or "", detail.event)
        in_force = detail.corrections[-1] if detail.corrections else None
        return bench.render(
            request,
            "event.html.j2",
            data,
            query=query,
            e=detail.event,
            sentence=sentence_pieces(detail.event),
            context=pieces,
            cut_before=cut_before,
            cut_after=cut_after,
            in_force=in_force,
            quad_names=QUAD_CLASSES,
        )

    route(app, bench, "/event/{event_id:path}", ("saved",), event)

    def document(request: Request, query: Query) -> Response:
        doc_id = request.path_params["doc_id"]
        with db.read() as store, store.corrected(query.corrections):
            detail = browse.document_detail(store, doc_id)
            marks = latest_corrections(store, [e["event_id"] for e in detail.events]) if detail else {}
        if detail is None:
            raise _not_found("document", doc_id)
        data = twin_of("document", query, **detail.to_dict())
        text = detail.document.get("text") or ""
        return bench.render(
            request,
            "document.html.j2",
            data,
            query=query,
            doc=detail.document,
            pieces=document_pieces(text, detail.events),
            cut=len(text) > 200_000,
            marks=marks,
        )

    route(app, bench, "/document/{doc_id:path}", (), document)

    # -- actors and pairs -----------------------------------------------------------------
    def actor(request: Request, query: Query) -> Response:
        ref = query.text("actor")
        if not ref:
            raise WebError(400, Errors.E901.format(name="actor", value="", what="an actor code or id:NAME"))
        bucket = query.choice("bucket", "month", browse.BUCKETS)
        from whowhom.analysis.groups import ActorGroup, ActorSpec
        from whowhom.analysis.stances import StanceSettings, compute_stances
        from whowhom.coding.actors.lookup import dictionary_matches
        from whowhom.knowledge import load_knowledge

        issues = bench.settings.issues
        with db.read() as store, store.corrected(query.corrections):
            profile = browse.actor_profile(store, ref, bucket=bucket)
            stances = None
            if issues is not None:
                spec = ActorSpec(groups=(ActorGroup(profile.ref, (profile.ref,)),))
                settings = StanceSettings(
                    bootstrap=query.integer("bootstrap", 1000, low=0, high=10_000),
                    seed=query.integer("seed", 0),
                )
                stances = compute_stances(
                    store, issues, spec, since=query.date("since"), until=query.date("until"),
                    settings=settings, corrections=query.corrections,
                ).to_dict()  # fmt: skip
            listed = browse.event_page(
                store, browse.Filters(actor=ref), per_page=50, facets=["root"], facet_size=20
            )
        kb = load_knowledge(None)
        resolutions = [
            {
                "name": n["text"],
                "matches": [m.to_dict() for m in dictionary_matches(n["text"] or "", kb, profile.last)],
            }
            for n in profile.names[:10]
            if n["text"]
        ]
        data = twin_of(
            "actor",
            query,
            actor=profile.to_dict(),
            resolutions=resolutions,
            stances=stances,
            events=listed.events,
            roots=listed.facets[0].to_dict(),
        )
        return bench.render(request, "actor.html.j2", data, query=query)

    route(app, bench, "/actor", ("actor", "bucket", "since", "until", "bootstrap", "seed"), actor)

    def dyad(request: Request, query: Query) -> Response:
        a, b = query.text("a"), query.text("b")
        if not a or not b:
            missing = "a" if not a else "b"
            raise WebError(400, Errors.E901.format(name=missing, value="", what="an actor code or id:NAME"))
        bucket = query.choice("bucket", "week", browse.BUCKETS)
        with db.read() as store, store.corrected(query.corrections):
            series = browse.dyad_series(store, a, b, bucket=bucket)
            listed = browse.dyad_events(store, a, b, limit=200)
        data = twin_of("dyad", query, dyad=series.to_dict(), events=listed)
        return bench.render(request, "dyad.html.j2", data, query=query)

    route(app, bench, "/dyad", ("a", "b", "bucket"), dyad)

    # -- the map --------------------------------------------------------------------------
    def map_page(request: Request, query: Query) -> Response:
        filters = query.filters()
        cell = query.number("cell", 0.5, low=0.01)
        with db.read() as store, store.corrected(query.corrections):
            points = browse.map_points(store, filters, cell_degrees=cell)
        data = twin_of("map", query, **points.to_dict())
        return bench.render(request, "map.html.j2", data, query=query, quad_names=QUAD_CLASSES)

    route(app, bench, "/map", (*FILTER_PARAMS, "cell"), map_page)

    # -- corrections and saved views ------------------------------------------------------
    def corrections(request: Request, query: Query) -> Response:
        with db.read() as store:
            rows = store.corrections()
        if query.get("format") == "csv":
            return _csv(rows, "corrections.csv")
        data = twin_of("corrections", query, corrections=rows)
        return bench.render(request, "corrections.html.j2", data, query=query)

    route(app, bench, "/corrections", (), corrections)

    def views(request: Request, query: Query) -> Response:
        with db.read() as store:
            rows = store.saved_views()
        data = twin_of("views", query, views=rows)
        return bench.render(request, "views.html.j2", data, query=query)

    route(app, bench, "/views", (), views)


def _csv(rows: list[dict[str, Any]], filename: str) -> Response:
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def _csv_export(bench: Workbench, query: Query, filters: browse.Filters) -> Response:
    """Every event of the filter as CSV (the flat columns of ``whowhom export``, and the outlet)."""
    columns = [*EVENT_COLUMNS, "outlet"]

    def rows() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        with bench.db.read() as store, store.corrected(query.corrections):
            for i, row in enumerate(browse.iter_filtered(store, filters)):
                writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
                if i % 1000 == 999:
                    yield buf.getvalue()
                    buf.seek(0)
                    buf.truncate()
        yield buf.getvalue()

    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="events.csv"'},
    )

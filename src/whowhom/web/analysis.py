"""The analysis pages: alignment (heatmap, signed network, pairs, blocs, balance) and
hypotheses (the ACH matrix with posteriors, sensitivity and gaps).

Both call the functions ``whowhom align`` and ``whowhom assess`` call, with the same
defaults, so a JSON twin's ``result`` is what ``--format json`` prints for the same
options. Results are cached per database state and options (``Database.cached``): the
same view over an unchanged file is not computed twice.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from whowhom.analysis.alignment import align
from whowhom.analysis.hypotheses import assess
from whowhom.analysis.stances import StanceSettings
from whowhom.analysis.tone import tone
from whowhom.analysis.windows import parse_duration
from whowhom.errors import Errors, WhowhomError
from whowhom.web.app import Workbench
from whowhom.web.db import WebError
from whowhom.web.pages import route, twin_of
from whowhom.web.params import Query, bad

ALIGN_PARAMS = (
    "since",
    "until",
    "actors",
    "prefix",
    "window",
    "bootstrap",
    "seed",
    "top",
    "min_weight",
    "origin",
)
ASSESS_PARAMS = ("since", "until", "bootstrap", "seed", "origin")


def _settings(query: Query) -> StanceSettings:
    return StanceSettings(
        bootstrap=query.integer("bootstrap", 1000, low=0, high=10_000), seed=query.integer("seed", 0)
    )


def _period(query: Query) -> tuple[Any, Any]:
    since, until = query.date("since"), query.date("until")
    if since and until and since > until:
        raise bad("since", since.isoformat(), f"a date on or before until ({until.isoformat()})")
    return since, until


def network_view(result: dict[str, Any]) -> dict[str, Any]:
    """What the network picture draws: nodes with their bloc, edges with sign, weight and
    the events behind them (date, who, code, sentence)."""
    net = result["network"]
    bloc_of = {name: i for i, bloc in enumerate(net["blocs"]) for name in bloc}
    return {
        "nodes": [{"id": n, "bloc": bloc_of.get(n)} for n in net["nodes"]],
        "edges": [
            {
                "a": e["a"],
                "b": e["b"],
                "weight": e["weight"],
                "sign": e["sign"],
                "n": e["n"],
                "events": [
                    {
                        "id": r["event_id"],
                        "date": r["date"],
                        "source": r["source_code"],
                        "target": r["target_code"],
                        "code": r["event_code"],
                        "negated": r["polarity"] == "negated",
                        "tone": tone(r["polarity"], r["event_goldstein"]),
                        "text": (r["evidence_text"] or "")[:300],
                    }
                    for r in e["evidence"]
                ],
            }
            for e in net["edges"]
        ],
    }


def register(app: FastAPI, bench: Workbench) -> None:
    db = bench.db

    def alignment(request: Request, query: Query) -> Response:
        since, until = _period(query)
        issues = bench.settings.issues
        spec = query.actor_spec(dict(issues.named_actors) if issues else {})
        window = query.text("window")
        try:
            days = parse_duration(window) if window else None
        except WhowhomError as e:
            raise WebError(400, str(e)) from e
        settings = _settings(query)
        top = query.integer("top", 15, low=1, high=500)
        min_weight = query.number("min_weight", 0.0, low=0.0)
        origin = query.text("origin")
        key = ("align", since, until, spec, days, settings, origin, query.corrections)

        def compute() -> tuple[dict[str, Any], int]:
            with db.read() as store:
                store.select_origin(origin)
                result = align(
                    store, issue_set=issues, actors=spec, since=since, until=until, window_days=days,
                    settings=settings, corrections=query.corrections,
                )  # fmt: skip
                return result.to_dict(), store.count_corrections()

        result, n_corrections = db.cached(key, compute)
        data = twin_of("alignment", query, corrections_count=n_corrections, result=result)
        return bench.render(
            request,
            "alignment.html.j2",
            data,
            query=query,
            r=result,
            top=top,
            min_weight=min_weight,
            network=network_view(result),
            cells={(s["issue"], s["actor"]): s for s in (result["stances"] or {}).get("stances", [])},
        )

    route(app, bench, "/alignment", ALIGN_PARAMS, alignment)

    def hypotheses(request: Request, query: Query) -> Response:
        hyp = bench.settings.hypotheses
        if hyp is None:
            raise WebError(404, Errors.E914.format(what="the hypotheses page", option="--hypotheses"))
        since, until = _period(query)
        settings = _settings(query)
        origin = query.text("origin")
        key = ("assess", since, until, settings, origin, query.corrections)

        def compute() -> tuple[dict[str, Any], int]:
            with db.read() as store:
                store.select_origin(origin)
                result = assess(
                    store, hyp, since=since, until=until, settings=settings, corrections=query.corrections
                )
                return result.to_dict(), store.count_corrections()

        result, n_corrections = db.cached(key, compute)
        data = twin_of("hypotheses", query, corrections_count=n_corrections, result=result)
        return bench.render(request, "hypotheses.html.j2", data, query=query, r=result)

    route(app, bench, "/hypotheses", ASSESS_PARAMS, hypotheses)

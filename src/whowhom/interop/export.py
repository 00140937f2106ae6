"""Writing stored events in other datasets' layouts: GDELT 2.0, ICEWS, PLOVER JSON Lines.

Each writer is one DuckDB ``COPY (SELECT …)``: the field mapping is the SELECT list
below, documented field by field in docs/INTEROP.md. GDELT and ICEWS cannot say that an
event did *not* happen, so negated events are left out of them (and counted); PLOVER JSON
carries everything whowhom has, in its own fields and a few added ones (``cameo``,
``polarity``, ``modality``, ``certainty``, ``reliability``, ``provenance``), so
``export --format plover`` followed by ``import`` gives the same events back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from whowhom import __version__
from whowhom.errors import Errors, WhowhomError
from whowhom.interop import gdelt, icews
from whowhom.interop.tables import register_tables

FORMATS = ("gdelt", "icews", "plover")


@dataclass(frozen=True)
class ExportResult:
    written: int
    left_out: int  # negated events a format cannot carry


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _txt(expr: str) -> str:
    """A field for a tab-separated file: text, tabs and line ends turned to spaces, '' for NULL."""
    return f"regexp_replace(coalesce(CAST({expr} AS VARCHAR), ''), '[\\t\\r\\n]+', ' ', 'g')"


#: A number for a row id where the format wants one: the row's own when it came from that
#: dataset, else one derived from the event id (stable across runs).
def _number_id(origin: str) -> str:
    return (
        f"CASE WHEN e.origin = '{origin}' AND regexp_matches(e.origin_id, '^[0-9]+$') THEN e.origin_id "
        "ELSE CAST(CAST(md5_number(e.event_id) % 900000000000000 AS BIGINT) AS VARCHAR) END"
    )


_OUTLET = (
    'coalesce(list_filter(from_json(e.attribution, \'[{"role": "VARCHAR", "text": "VARCHAR"}]\'), '
    "lambda x: x.role = 'outlet')[1].text, d.source)"
)
_URL = "coalesce(e.origin_url, d.url)"


def _gdelt_select() -> str:
    names = gdelt.columns(2)
    geo_empty = ["'0'"] + ["''"] * 7  # Type 0, no geography
    has_loc = "e.location_name IS NOT NULL"
    action_geo = [
        f"CASE WHEN {has_loc} THEN (CASE WHEN e.location_lat IS NOT NULL THEN '4' ELSE '1' END) ELSE '0' END",
        "e.location_name",
        "ln.fips",
        "''",
        "''",
        "e.location_lat",
        "e.location_lon",
        "''",
    ]
    actor = ["{s}_code", "{s}_text", "{s}_country", "''", "''", "''", "''", "{s}_sector", "''", "''"]
    values = (
        [
            _number_id("gdelt"),
            "strftime(e.date, '%Y%m%d')",
            "strftime(e.date, '%Y%m')",
            "strftime(e.date, '%Y')",
            "CAST(round(year(e.date) + (dayofyear(e.date) - 1) / 365.0, 4) AS VARCHAR)",
        ]
        + [("e." + a.format(s="source")) if a != "''" else a for a in actor]
        + [("e." + a.format(s="target")) if a != "''" else a for a in actor]
        + [
            "CASE WHEN e.sentence = 0 THEN '1' ELSE '0' END",
            "e.event_code",
            "left(e.event_code, 3)",
            "e.event_root",
            "e.event_quad_class",
            "coalesce(e.origin_goldstein, e.event_goldstein)",
            "coalesce(e.origin_mentions, 1)",
            "coalesce(e.origin_sources, 1)",
            "coalesce(e.origin_articles, 1)",
            "'0'",
        ]
        + geo_empty
        + geo_empty
        + action_geo
        + ["strftime(current_timestamp, '%Y%m%d%H%M%S')", f"coalesce({_URL}, e.doc_id)"]
    )
    assert len(values) == len(names)
    return ", ".join(f'{_txt(v)} AS "{n}"' for v, n in zip(values, names, strict=True))


def _icews_select() -> str:
    story = (
        "CASE WHEN starts_with(e.doc_id, 'icews:story:') THEN substr(e.doc_id, 13) "
        "ELSE CAST(CAST(md5_number(e.doc_id) % 900000000 AS BIGINT) AS VARCHAR) END"
    )
    values = [
        _number_id("icews"),
        "strftime(e.date, '%Y-%m-%d')",
        "e.source_text",
        "ss.name",
        "sn.name",
        "e.event_label",
        "e.event_code",
        "coalesce(e.origin_goldstein, e.event_goldstein)",
        "e.target_text",
        "ts.name",
        "tn.name",
        story,
        "e.sentence",
        _OUTLET,
        "CASE WHEN e.location_name IS DISTINCT FROM ln.name THEN e.location_name END",
        "''",
        "''",
        "ln.name",
        "e.location_lat",
        "e.location_lon",
    ]
    return ", ".join(f'{_txt(v)} AS "{n}"' for v, n in zip(values, icews.COLUMNS, strict=True))


def _actor_json(side: str) -> str:
    code = f"e.{side}_code"
    country = f"e.{side}_country"
    head = (
        f"CASE WHEN {country} IS NOT NULL AND starts_with({code}, {country}) THEN {country} "
        f"ELSE left({code}, 3) END"
    )
    return (
        f"CASE WHEN {code} IS NULL THEN NULL ELSE [{{'actorText': e.{side}_text, 'code': {head}, "
        f"'sector': nullif(substr({code}, length({head}) + 1), '')}}] END"
    )


def _plover_select() -> str:
    return f"""
        e.event_id AS id, strftime(e.date, '%Y-%m-%d') AS date,
        coalesce(e.event_plover, po.type, po3.type) AS event,
        coalesce(po.mode, po3.mode) AS mode, coalesce(po.context, po3.context) AS context,
        {_actor_json("source")} AS source, {_actor_json("target")} AS target,
        e.event_trigger AS eventText, e.evidence_text AS text,
        CASE WHEN e.location_name IS NULL THEN NULL ELSE {{'name': e.location_name,
            'country code': ln.iso2, 'lat': e.location_lat, 'lon': e.location_lon}} END AS eventLoc,
        {_OUTLET} AS publication, {_URL} AS url,
        'whowhom' AS coder, {_lit(__version__)} AS version,
        e.event_code AS cameo, coalesce(e.origin_goldstein, e.event_goldstein) AS intensity,
        e.polarity AS polarity, e.modality AS modality,
        e.certainty AS certainty, e.reliability AS reliability,
        {{'doc_id': e.doc_id, 'sentence': e.sentence, 'origin': coalesce(e.origin, 'coded'),
          'file': e.origin_file, 'line': e.origin_line, 'id': e.origin_id, 'url': {_URL}}} AS provenance
    """


def write(con: duckdb.DuckDBPyConnection, out: Path, fmt: str, where: str, params: list[Any]) -> ExportResult:
    """Write the events matching ``where`` (a filter on ``events``, with ``params``) to ``out``."""
    register_tables(con)
    negated = " WHERE coalesce(e.polarity, 'asserted') <> 'negated'" if fmt in ("gdelt", "icews") else ""
    select = {"gdelt": _gdelt_select, "icews": _icews_select, "plover": _plover_select}[fmt]()
    query = (
        f"SELECT {select} FROM (SELECT * FROM events {where}) e "
        "LEFT JOIN documents d ON d.doc_id = e.doc_id "
        "LEFT JOIN _ww_names ln ON ln.iso3 = e.location_country "
        "LEFT JOIN _ww_names sn ON sn.iso3 = e.source_country "
        "LEFT JOIN _ww_names tn ON tn.iso3 = e.target_country "
        "LEFT JOIN _ww_sector_names ss ON ss.code = e.source_sector "
        "LEFT JOIN _ww_sector_names ts ON ts.code = e.target_sector "
        "LEFT JOIN _ww_plover_of po ON po.code = e.event_code "
        "LEFT JOIN _ww_plover_of po3 ON po3.code = left(e.event_code, 3)"
        f"{negated} ORDER BY e.date NULLS LAST, e.doc_id, e.sentence, e.event_start, e.event_id"
    )
    escaped = str(out).replace("'", "''")
    if fmt == "plover":
        options = "FORMAT JSON"
    else:
        header = "true" if fmt == "icews" else "false"
        options = f"FORMAT CSV, DELIMITER '\t', QUOTE '', ESCAPE '', HEADER {header}"
    try:
        row = con.execute(f"COPY ({query}) TO '{escaped}' ({options})", params).fetchall()[0]
    except duckdb.IOException as e:
        raise WhowhomError(Errors.E406.format(path=out, reason=str(e).splitlines()[0])) from e
    written = int(row[0]) if row else 0
    total = con.execute(f"SELECT count(*) FROM events {where}", params).fetchall()[0]
    return ExportResult(written=written, left_out=(int(total[0]) if total else 0) - written)

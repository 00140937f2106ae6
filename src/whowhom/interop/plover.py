"""PLOVER-coded events: PLOVER JSON records (JSON Lines, or one JSON array) and POLECAT's
tab-separated files.

A PLOVER record names an event *type* (``ASSAULT``) and a *mode* (``beat``), not a CAMEO
code. The CAMEO code is the record's own ``cameo`` field when it has one (whowhom's export
writes it), else the first code CAMEO2PLOVER maps to that type and mode, else the type's
default (``tables.PLOVER_DEFAULT_CODES``). The older PLOVER types DEMAND, DISAPPROVE,
INVESTIGATE and FIGHT are folded into REQUEST, ACCUSE, ACCUSE and ASSAULT.

Records tolerate the published quirks: ``target`` as ``""`` or absent, ``mode`` ``""``,
sectors ``"***"``, ``eventLoc`` with the key ``"country code"``; a ``DOCUMENT`` record (a
file header carrying licence text) is skipped, not rejected. A record with several source
or target actors keeps the first of each (whowhom's event has one of each).
"""

from __future__ import annotations

import duckdb

from whowhom.interop.reader import Layout
from whowhom.interop.tables import PLOVER_OLD_TYPES, sector_sql

JSON_LINES = Layout("PLOVER JSON Lines", ("json",), delimiter="\x1f")
COUNTRY_CODE_PATH = '$."country code"'
JSON_ARRAY = Layout("PLOVER JSON (array)", ("json",))


def polecat_layout(header: list[str]) -> Layout:
    """POLECAT's columns as its header names them (files differ a little)."""
    names: list[str] = []
    for i, raw in enumerate(header):
        name = raw.strip().replace("'", "") or f"_extra{i}"
        names.append(name if name not in names else f"{name}_{i}")
    return Layout(f"POLECAT ({len(names)} columns, header)", tuple(names), header=True, null_padding=True)


def read_array(con: duckdb.DuckDBPyConnection, path: object, table: str) -> None:
    """A JSON array of records into ``table`` (``json``, ``_line`` = the record's position)."""
    escaped = str(path).replace("'", "''")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT CAST(json AS VARCHAR) AS json, ordinality AS _line "
        f"FROM read_json('{escaped}', format='array', records=false, columns={{'json': 'JSON'}}, "
        "maximum_object_size=134217728) WITH ORDINALITY"
    )


def _type_sql(raw: str) -> str:
    whens = " ".join(f"WHEN '{old}' THEN '{new}'" for old, (new, _) in PLOVER_OLD_TYPES.items())
    return f"(CASE {raw} {whens} ELSE {raw} END)"


def normalize_sql(table: str, layout: Layout) -> str:
    """The rows of ``table`` in the importer's normal columns (see ``importer.NORMAL``)."""
    if layout.columns == ("json",):
        return _json_sql(table)
    return _polecat_sql(table, layout)


def _s(doc: str, path: str) -> str:
    return f"nullif(trim(json_extract_string({doc}, '{path}')), '')"


def _first(doc: str, key: str) -> str:
    """A list's first item or the object itself (``source``/``target`` come either way)."""
    return (
        f"(CASE json_type({doc}, '$.{key}') WHEN 'ARRAY' THEN json_extract({doc}, '$.{key}[0]') "
        f"WHEN 'OBJECT' THEN json_extract({doc}, '$.{key}') END)"
    )


def _actor(side: str) -> str:
    a = f"r._{side}"
    sector = (
        f"nullif(CASE json_type({a}, '$.sector') WHEN 'ARRAY' THEN {_s(a, '$.sector[0]')} "
        f"ELSE {_s(a, '$.sector')} END, '***')"
    )
    code = _s(a, "$.code")  # as written: GDELT's ethnic and religion codes are lower case
    alias = "sc" if side == "source" else "tc"
    return (
        f"{_s(a, '$.actorText')} AS {side}_text, "
        f"CASE WHEN {a} IS NOT NULL THEN coalesce({code}, '---') || coalesce({sector}, '') "
        f"END AS {side}_code, "
        f"{alias}.iso3 AS {side}_country, {sector} AS {side}_sector"
    )


def _json_sql(table: str) -> str:
    j = "r._doc"
    kind = f"upper({_s(j, '$.event')})"
    mode = f"lower({_s(j, '$.mode')})"
    loc = "r._loc"
    cc = "upper(" + _s(loc, COUNTRY_CODE_PATH) + ")"
    url = f"coalesce({_s(j, '$.url')}, {_s(j, '$.provenance.url')})"
    polarity = _s(j, "$.polarity")
    return f"""
        SELECT r._line AS _line,
            {_s(j, "$.id")} AS id, {_s(j, "$.id")} AS key,
            {_s(j, "$.date")} AS date_text,
            CAST(try_strptime({_s(j, "$.date")}, ['%Y-%m-%d', '%Y%m%d']) AS DATE) AS day,
            coalesce({_s(j, "$.cameo")}, pm.code, pd.code) AS code,
            {_type_sql(kind)} AS plover_type,
            {kind} || coalesce(':' || {mode}, '') AS origin_code,
            {_actor("source")}, {_actor("target")},
            {_s(loc, "$.name")} AS location_text, {_s(loc, "$.name")} AS location_name,
            coalesce(lc.iso3, CASE WHEN length({cc}) = 3 THEN {cc} END) AS location_country,
            try_cast(coalesce({_s(loc, "$.lat")}, {_s(loc, "$.latitude")}) AS DOUBLE) AS location_lat,
            try_cast(coalesce({_s(loc, "$.lon")}, {_s(loc, "$.longitude")}) AS DOUBLE) AS location_lon,
            {url} AS url,
            coalesce({_s(j, "$.provenance.doc_id")}, {url}) AS doc_id,
            coalesce(try_cast({_s(j, "$.provenance.sentence")} AS INTEGER), 0) AS sentence,
            try_cast({_s(j, "$.intensity")} AS DOUBLE) AS their_goldstein,
            NULL AS sources, NULL AS mentions, NULL AS articles,
            {_s(j, "$.eventText")} AS trigger, {_s(j, "$.publication")} AS outlet,
            {_s(j, "$.text")} AS text, NULL AS note,
            CASE WHEN {polarity} IN ('asserted', 'negated') THEN {polarity} END AS polarity,
            {_s(j, "$.modality")} AS modality,
            try_cast({_s(j, "$.certainty")} AS DOUBLE) AS certainty,
            try_cast({_s(j, "$.reliability")} AS DOUBLE) AS reliability,
            CASE WHEN r._doc IS NULL THEN 'not a JSON object' END AS reject,
            coalesce({kind} = 'DOCUMENT', FALSE) AS skip
        FROM (
            SELECT q._line, q._doc,
                {_first("q._doc", "source")} AS _source, {_first("q._doc", "target")} AS _target,
                CASE WHEN json_type(q._doc, '$.eventLoc') = 'OBJECT'
                    THEN json_extract(q._doc, '$.eventLoc') END AS _loc
            FROM (
                SELECT t._line, CASE WHEN json_valid(t.json) AND json_type(t.json) = 'OBJECT'
                    THEN CAST(t.json AS JSON) END AS _doc
                FROM {table} t
            ) q
        ) r
        LEFT JOIN _ww_plover pm ON pm.type = {kind} AND pm.mode = {mode}
        LEFT JOIN _ww_plover pd ON pd.type = {kind} AND pd.mode = ''
        LEFT JOIN _ww_country sc ON sc.name = lower({_s("r._source", "$.code")})
        LEFT JOIN _ww_country tc ON tc.name = lower({_s("r._target", "$.code")})
        LEFT JOIN _ww_iso2 lc ON lc.code = {cc}
    """


def _polecat_sql(table: str, layout: Layout) -> str:
    present = {c.lower(): c for c in layout.columns}

    def v(*names: str) -> str:
        for n in names:
            if n.lower() in present:
                col = present[n.lower()]
                return f"nullif(nullif(nullif(trim(r.\"{col}\"), ''), 'None'), 'NA')"
        return "CAST(NULL AS VARCHAR)"

    kind = f"upper({v('Event Type')})"
    mode = f"lower({v('Event Mode')})"
    place = ", ".join(v(c) for c in ("Placename", "City", "District", "Province", "Country"))
    story = v("Story ID")

    def actor(side: str, who: str, alias: str) -> str:
        sector = sector_sql(v(f"Primary {who} Sector", f"{who} Sectors"))
        return (
            f"{v(f'{who} Name')} AS {side}_text, "
            f"CASE WHEN {v(f'{who} Name')} IS NOT NULL "
            f"THEN coalesce({alias}.iso3, '---') || coalesce({sector}, '') "
            f"END AS {side}_code, {alias}.iso3 AS {side}_country, {sector} AS {side}_sector"
        )

    return f"""
        SELECT r._line AS _line,
            {v("Event ID")} AS id, {v("Event ID")} AS key,
            {v("Event Date")} AS date_text,
            CAST(try_strptime({v("Event Date")}, ['%Y-%m-%d', '%Y%m%d', '%Y-%m-%d %H:%M:%S']) AS DATE) AS day,
            coalesce(pm.code, pd.code) AS code, {_type_sql(kind)} AS plover_type,
            {kind} || coalesce(':' || {mode}, '') AS origin_code,
            {actor("source", "Actor", "sc")}, {actor("target", "Recipient", "tc")},
            nullif(concat_ws(', ', {place}), '') AS location_text, coalesce({place}) AS location_name,
            lc.iso3 AS location_country,
            try_cast({v("Latitude")} AS DOUBLE) AS location_lat,
            try_cast({v("Longitude")} AS DOUBLE) AS location_lon,
            {v("URL", "Source URL")} AS url,
            CASE WHEN {story} IS NOT NULL THEN 'plover:story:' || {story} END AS doc_id,
            0 AS sentence,
            try_cast({v("Intensity", "Event Intensity")} AS DOUBLE) AS their_goldstein,
            NULL AS sources, NULL AS mentions, NULL AS articles,
            NULL AS trigger, {v("Source", "Publisher")} AS outlet,
            {v("Event Text")} AS text,
            concat_ws(', ', 'story ' || {story}, {v("Headline")}) AS note,
            NULL AS polarity, NULL AS modality, NULL AS certainty, NULL AS reliability,
            NULL AS reject, FALSE AS skip
        FROM {table} r
        LEFT JOIN _ww_plover pm ON pm.type = {kind} AND pm.mode = {mode}
        LEFT JOIN _ww_plover pd ON pd.type = {_type_sql(kind)} AND pd.mode = ''
        LEFT JOIN _ww_country sc ON sc.name = lower({v("Actor Country")})
        LEFT JOIN _ww_country tc ON tc.name = lower({v("Recipient Country")})
        LEFT JOIN _ww_country lc ON lc.name = lower({v("Country")})
    """

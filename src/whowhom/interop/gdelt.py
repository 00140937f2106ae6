"""GDELT event files: 1.0 (57 or 58 tab-separated fields, no header) and 2.0 (61).

Column names are the codebooks'. One 1.0 file can mix 57-field rows (historical back
files, no ``SOURCEURL``) and 58-field rows (daily files), so 1.0 is read as 58 columns
with short rows padded; a row shorter than 57 fields lacks ``DATEADDED`` and is rejected.
"""

from __future__ import annotations

from whowhom.interop.reader import Layout

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_EVENT = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)


def _geo(adm2: bool) -> tuple[str, ...]:
    fields = ("Type", "FullName", "CountryCode", "ADM1Code", *(("ADM2Code",) if adm2 else ()))
    fields += ("Lat", "Long", "FeatureID")
    return tuple(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in fields)


def columns(version: int) -> tuple[str, ...]:
    """The codebook's column names: version 1 (58, the last two being DATEADDED, SOURCEURL) or 2 (61)."""
    return (
        "GLOBALEVENTID",
        "SQLDATE",
        "MonthYear",
        "Year",
        "FractionDate",
        *(f"Actor1{f}" for f in _ACTOR),
        *(f"Actor2{f}" for f in _ACTOR),
        *_EVENT,
        *_geo(adm2=version == 2),
        "DATEADDED",
        "SOURCEURL",
    )


GDELT1 = Layout("GDELT 1.0 (57/58 columns)", columns(1), null_padding=True, required="DATEADDED")
GDELT2 = Layout("GDELT 2.0 (61 columns)", columns(2))
#: Field counts that say "GDELT", and the layout each is read with.
FIELD_COUNTS = {57: GDELT1, 58: GDELT1, 61: GDELT2}


def _v(column: str) -> str:
    return f"nullif(trim(r.\"{column}\"), '')"


def _actor(n: int, side: str) -> str:
    return (
        f"{_v(f'Actor{n}Name')} AS {side}_text, {_v(f'Actor{n}Code')} AS {side}_code, "
        f"{_v(f'Actor{n}CountryCode')} AS {side}_country, {_v(f'Actor{n}Type1Code')} AS {side}_sector"
    )


def normalize_sql(table: str, layout: Layout) -> str:
    """The rows of ``table`` in the importer's normal columns (see ``importer.NORMAL``)."""
    url = _v("SOURCEURL")
    has_geo = f"{_v('ActionGeo_FullName')} IS NOT NULL"
    short = 'r."DATEADDED" IS NULL' if layout.null_padding else "FALSE"
    return f"""
        SELECT r._line AS _line,
            {_v("GLOBALEVENTID")} AS id, {_v("GLOBALEVENTID")} AS key,
            r."SQLDATE" AS date_text, CAST(try_strptime({_v("SQLDATE")}, '%Y%m%d') AS DATE) AS day,
            {_v("EventCode")} AS code, NULL AS plover_type, {_v("EventCode")} AS origin_code,
            {_actor(1, "source")}, {_actor(2, "target")},
            {_v("ActionGeo_FullName")} AS location_text, {_v("ActionGeo_FullName")} AS location_name,
            f.iso3 AS location_country,
            CASE WHEN {has_geo} THEN try_cast(r."ActionGeo_Lat" AS DOUBLE) END AS location_lat,
            CASE WHEN {has_geo} THEN try_cast(r."ActionGeo_Long" AS DOUBLE) END AS location_lon,
            CASE WHEN {url} LIKE 'http%' THEN {url} END AS url,
            CASE WHEN {url} LIKE 'http%' THEN {url} END AS doc_id,
            0 AS sentence,
            try_cast(r."GoldsteinScale" AS DOUBLE) AS their_goldstein,
            try_cast(r."NumSources" AS INTEGER) AS sources,
            try_cast(r."NumMentions" AS INTEGER) AS mentions,
            try_cast(r."NumArticles" AS INTEGER) AS articles,
            NULL AS trigger,
            CASE WHEN {url} LIKE 'http%'
                THEN nullif(regexp_extract({url}, '^[a-zA-Z]+://(www\\.)?([^/:]+)', 2), '')
                ELSE {url} END AS outlet,
            NULL AS text, NULL AS note,
            NULL AS polarity, NULL AS modality, NULL AS certainty, NULL AS reliability,
            CASE WHEN {short} THEN 'has fewer than 57 fields' END AS reject,
            FALSE AS skip
        FROM {table} r LEFT JOIN _ww_fips f ON f.code = {_v("ActionGeo_CountryCode")}
    """

"""ICEWS coded event files: tab-separated, 20 columns, a header row.

Missing values are empty fields (Dataverse files) or the literal ``NA`` (files rewritten
by R's readr); both are read as missing. ICEWS names countries in words and gives actors
sector lists rather than CAMEO codes, so a whowhom actor code is built from them: the
country's ISO alpha-3 code (``---`` when there is none) followed by the CAMEO role code
the sectors come closest to (``tables.SECTOR_CODES``), e.g. "Government (United States)",
sectors "Executive,Government", country "United States" → ``USAGOV``.
"""

from __future__ import annotations

from whowhom.interop.reader import Layout
from whowhom.interop.tables import sector_sql

COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
ICEWS = Layout("ICEWS (20 columns, header)", COLUMNS, header=True)


def _v(column: str) -> str:
    return f"nullif(nullif(trim(r.\"{column}\"), ''), 'NA')"


def _actor(side: str, who: str, alias: str) -> str:
    sector = sector_sql(_v(f"{who} Sectors"))
    prefix = f"coalesce({alias}.iso3, CASE WHEN {sector} IN ('IGO', 'NGO') THEN '' ELSE '---' END)"
    return (
        f"{_v(f'{who} Name')} AS {side}_text, "
        f"CASE WHEN {_v(f'{who} Name')} IS NOT NULL THEN {prefix} || coalesce({sector}, '') "
        f"END AS {side}_code, "
        f"{alias}.iso3 AS {side}_country, {sector} AS {side}_sector"
    )


def normalize_sql(table: str, layout: Layout) -> str:
    """The rows of ``table`` in the importer's normal columns (see ``importer.NORMAL``)."""
    place = ", ".join(_v(c) for c in ("City", "District", "Province", "Country"))
    story = _v("Story ID")
    return f"""
        SELECT r._line AS _line,
            {_v("Event ID")} AS id, {_v("Event ID")} || '@' || {_v("Event Date")} AS key,
            r."Event Date" AS date_text, CAST(try_strptime({_v("Event Date")}, '%Y-%m-%d') AS DATE) AS day,
            {_v("CAMEO Code")} AS code, NULL AS plover_type, {_v("CAMEO Code")} AS origin_code,
            {_actor("source", "Source", "sc")}, {_actor("target", "Target", "tc")},
            nullif(concat_ws(', ', {place}), '') AS location_text,
            coalesce({place}) AS location_name, lc.iso3 AS location_country,
            try_cast({_v("Latitude")} AS DOUBLE) AS location_lat,
            try_cast({_v("Longitude")} AS DOUBLE) AS location_lon,
            NULL AS url,
            CASE WHEN {story} IS NOT NULL THEN 'icews:story:' || {story} END AS doc_id,
            coalesce(try_cast({_v("Sentence Number")} AS INTEGER), 0) AS sentence,
            try_cast({_v("Intensity")} AS DOUBLE) AS their_goldstein,
            NULL AS sources, NULL AS mentions, NULL AS articles,
            {_v("Event Text")} AS trigger, {_v("Publisher")} AS outlet, NULL AS text,
            concat_ws(', ', 'story ' || {story}, 'sentence ' || {_v("Sentence Number")},
                {_v("Publisher")}) AS note,
            NULL AS polarity, NULL AS modality, NULL AS certainty, NULL AS reliability,
            NULL AS reject, FALSE AS skip
        FROM {table} r
        LEFT JOIN _ww_country sc ON sc.name = lower({_v("Source Country")})
        LEFT JOIN _ww_country tc ON tc.name = lower({_v("Target Country")})
        LEFT JOIN _ww_country lc ON lc.name = lower({_v("Country")})
    """

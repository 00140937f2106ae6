"""The DuckDB store: documents, coded events, and rejected input kept as data.

One writer per database file (DuckDB's own rule); readers open it read-only. Schema
changes are numbered migrations applied in order on open. Event columns are the event
record flattened with ``_`` (``source_code``, ``event_root`` …), the same names used in
Parquet/CSV exports.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from whowhom.errors import Errors, Warnings, WhowhomError
from whowhom.model import Coded, Document, event_to_row, flat_columns, flat_fields, row_to_event

DEFAULT_DB = "whowhom.duckdb"

#: Columns of the events table, derived from the event record (``model.flat_fields``).
EVENT_COLUMNS = flat_columns()

_ACTOR_V1 = (
    ("text", "VARCHAR"),
    ("code", "VARCHAR"),
    ("country", "VARCHAR"),
    ("sector", "VARCHAR"),
    ("actor_id", "VARCHAR"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
)
#: The events table as migration 1 created it (frozen history: later columns come by migration).
_EVENT_COLUMNS_V1: list[tuple[str, str]] = [
    ("event_id", "VARCHAR PRIMARY KEY"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("sentence", "INTEGER"),
    ("date", "DATE"),
    *[(f"source_{f}", t) for f, t in _ACTOR_V1],
    *[(f"target_{f}", t) for f, t in _ACTOR_V1],
    ("event_code", "VARCHAR"),
    ("event_root", "VARCHAR"),
    ("event_label", "VARCHAR"),
    ("event_plover", "VARCHAR"),
    ("event_goldstein", "DOUBLE"),
    ("event_quad_class", "INTEGER"),
    ("event_trigger", "VARCHAR"),
    ("event_start", "INTEGER"),
    ("event_end", "INTEGER"),
    ("polarity", "VARCHAR"),
    ("modality", "VARCHAR"),
    ("certainty", "DOUBLE"),
    ("attribution", "VARCHAR"),  # JSON list
    ("location_text", "VARCHAR"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("evidence_text", "VARCHAR"),
    ("evidence_start", "INTEGER"),
    ("evidence_end", "INTEGER"),
]


def _migration_1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        CREATE TABLE documents (
            doc_id VARCHAR PRIMARY KEY, text VARCHAR NOT NULL, date DATE, title VARCHAR,
            source VARCHAR, url VARCHAR, author VARCHAR, path VARCHAR,
            ingested_at TIMESTAMP DEFAULT current_timestamp, coded_at TIMESTAMP)""")
    cols = ", ".join(f"{name} {kind}" for name, kind in _EVENT_COLUMNS_V1)
    con.execute(f"CREATE TABLE events ({cols})")
    con.execute("""
        CREATE TABLE rejected (
            path VARCHAR, line INTEGER, message VARCHAR,
            rejected_at TIMESTAMP DEFAULT current_timestamp)""")


def _migration_2(con: duckdb.DuckDBPyConnection) -> None:
    """Source reliability on documents and events, and the cues behind modality (JSON list)."""
    con.execute("ALTER TABLE documents ADD COLUMN reliability DOUBLE")
    con.execute("ALTER TABLE events ADD COLUMN reliability DOUBLE")
    con.execute("ALTER TABLE events ADD COLUMN why VARCHAR")


def _migration_3(con: duckdb.DuckDBPyConnection) -> None:
    """Event columns added to the record since (typed flags, location precision, evidence kind,
    ...: whatever ``model.flat_fields`` has that the table lacks); documents that failed to code;
    documents.reliability dropped (nothing read it: events carry their own)."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'"
        ).fetchall()
    }
    for f in flat_fields():
        if f.name not in have:
            con.execute(f'ALTER TABLE events ADD COLUMN "{f.name}" {f.sql_type}')
    con.execute("ALTER TABLE documents DROP COLUMN reliability")
    con.execute("ALTER TABLE documents ADD COLUMN failed VARCHAR")
    con.execute("UPDATE events SET origin = 'coded' WHERE origin IS NULL")
    con.execute(
        "CREATE TABLE discarded (doc_id VARCHAR NOT NULL, sentence INTEGER, rule VARCHAR, phrase VARCHAR)"
    )


def _migration_4(con: duckdb.DuckDBPyConnection) -> None:
    """Which extractor gave a document's text (HTML: trafilatura, its recall mode, or the
    page's JSON-LD ``articleBody``); NULL for plain text and for documents stored before."""
    con.execute("ALTER TABLE documents ADD COLUMN extractor VARCHAR")


#: A line is boilerplate when it recurs verbatim in at least this many documents of one source
#: (and is a minor part of them: see ``Store.boilerplate_lines``).
BOILERPLATE_MIN_DOCUMENTS = 5
#: ... unless the documents it is in are mostly made of such lines (the median document has more
#: than this share of its lines recurring): then they are copies of one story, not a template.
BOILERPLATE_MAX_SHARE = 0.5
#: Analyst corrections (``add_correction``): beside the events, never over them.
CORRECTION_COLUMNS: list[tuple[str, str]] = [
    ("correction_id", "INTEGER PRIMARY KEY"),
    ("event_id", "VARCHAR NOT NULL"),
    ("verdict", "VARCHAR NOT NULL"),  # wrong | duplicate | right | recode
    ("duplicate_of", "VARCHAR"),
    ("event_code", "VARCHAR"),
    ("event_root", "VARCHAR"),
    ("event_label", "VARCHAR"),
    ("event_plover", "VARCHAR"),
    ("event_goldstein", "DOUBLE"),
    ("event_quad_class", "INTEGER"),
    ("source_code", "VARCHAR"),
    ("source_country", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("target_country", "VARCHAR"),
    ("note", "VARCHAR"),
    ("author", "VARCHAR"),
    ("created_at", "TIMESTAMP DEFAULT current_timestamp"),
]


def _migration_5(con: duckdb.DuckDBPyConnection) -> None:
    """Analyst corrections of events (flags, recodes, notes), and saved views (named filters
    of the web workbench)."""
    cols = ", ".join(f"{name} {kind}" for name, kind in CORRECTION_COLUMNS)
    con.execute(f"CREATE TABLE corrections ({cols})")
    con.execute(
        "CREATE TABLE saved_views (name VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, "
        "query VARCHAR NOT NULL, note VARCHAR, created_at TIMESTAMP DEFAULT current_timestamp)"
    )


MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
]


@dataclass(slots=True)
class AddResult:
    new: int = 0
    duplicate: int = 0


#: The most memory DuckDB may use while it sorts an export (it spills to disk past it).
EXPORT_MEMORY_LIMIT = "1GB"
#: Documents per Arrow insert in ``add_documents``.
INGEST_CHUNK = 5000
_DOC_FIELDS = ("doc_id", "text", "date", "title", "source", "url", "author", "path", "extractor")


@dataclass(slots=True)
class PartsResult:
    """What loading event parts added: events, documents marked coded, documents marked failed."""

    events: int = 0
    coded: int = 0
    failed: int = 0


class Store:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection | None,
        path: str,
        *,
        reopen: Callable[[], duckdb.DuckDBPyConnection] | None = None,
    ):
        self._con = con
        self.path = path
        self._origins: list[str] = []  # select_origin
        self._corrected = False  # use_corrections
        #: Set for a store opened ``per_batch``: the database is held only while a batch is
        #: read or written (``release`` closes it; the next use opens it again, waiting for
        #: readers), so other processes can read between batches.
        self._reopen = reopen
        self._memory_limit: str | None = None  # set by set_memory_limit

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            if self._reopen is None:
                raise WhowhomError(Errors.E401.format(path=p_(Path(self.path)), reason="the store is closed"))
            self._con = self._reopen()
        return self._con

    @con.setter
    def con(self, value: duckdb.DuckDBPyConnection) -> None:
        self._con = value

    @property
    def per_batch(self) -> bool:
        return self._reopen is not None

    def release(self) -> None:
        """Let other processes in: a ``per_batch`` store closes its connection until next used
        (a no-op for a store held for its whole life)."""
        if self._reopen is not None and self._con is not None:
            self._con.close()
            self._con = None

    # -- documents -----------------------------------------------------------------
    def add_documents(self, documents: Iterable[Document], *, chunk: int = INGEST_CHUNK) -> AddResult:
        """Store documents not stored yet, ``chunk`` at a time: one Arrow insert with an
        anti-join per chunk (the first of the same id wins, within the input too)."""
        result = AddResult()
        batch: dict[str, Document] = {}

        def flush() -> None:
            if not batch:
                return
            table = pa.table(
                {f: [getattr(d, f) for d in batch.values()] for f in _DOC_FIELDS},
                schema=pa.schema([(f, pa.string()) for f in _DOC_FIELDS]),
            )
            cols = ", ".join(_DOC_FIELDS)
            picked = ", ".join("CAST(b.date AS DATE)" if f == "date" else f"b.{f}" for f in _DOC_FIELDS)
            cur = self.con.cursor()  # its own connection: a caller's unfinished result does not block it
            try:
                cur.register("_new_documents", table)
                row = cur.execute(
                    f"INSERT INTO documents ({cols}) SELECT {picked} FROM _new_documents b "
                    "WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = b.doc_id)"
                ).fetchall()
            finally:
                cur.close()
            new = int(row[0][0]) if row else 0
            result.new += new
            result.duplicate += len(batch) - new
            batch.clear()
            self.release()

        for doc in documents:
            if doc.doc_id in batch:
                result.duplicate += 1
                continue
            batch[doc.doc_id] = doc
            if len(batch) >= chunk:
                flush()
        flush()
        return result

    def add_rejected(self, path: str, line: int | None, message: str) -> None:
        """Record a rejected input once: ingesting the same bad file again adds no row."""
        self.con.execute(
            "INSERT INTO rejected (path, line, message) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
            "rejected WHERE path = ? AND line IS NOT DISTINCT FROM ? AND message = ?)",
            [path, line, message] * 2,
        )

    def add_rejected_rows(self, relation: str) -> None:
        """Record many rejects at once from a table or view of (path, line, message)."""
        self.con.execute(
            f"INSERT INTO rejected (path, line, message) SELECT path, line, message FROM {relation}"
        )

    def count_uncoded(self) -> int:
        row = self.con.execute(
            "SELECT count(*) FROM documents WHERE coded_at IS NULL AND failed IS NULL"
        ).fetchone()
        return int(row[0]) if row else 0

    def uncoded_documents(self, chunk: int = 256) -> Iterator[Document]:
        """Documents not yet coded, oldest first, read ``chunk`` at a time (so a large store is
        never held in memory, and events can be written while this is read)."""
        boilerplate = self.boilerplate_by_source()
        ids = [
            r[0]
            for r in self.con.execute(
                "SELECT doc_id FROM documents WHERE coded_at IS NULL AND failed IS NULL "
                "ORDER BY date NULLS LAST, doc_id"
            ).fetchall()
        ]
        self.release()
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            rows = self.con.execute(
                "SELECT doc_id, text, CAST(date AS VARCHAR), title, source, url, author, path "
                "FROM documents WHERE doc_id IN (SELECT unnest(?))",
                [part],
            ).fetchall()
            by_id = {r[0]: r for r in rows}
            self.release()
            for doc_id in part:
                r = by_id[doc_id]
                yield Document(
                    doc_id=r[0],
                    text=r[1],
                    date=r[2],
                    title=r[3],
                    source=r[4],
                    url=r[5],
                    author=r[6],
                    path=r[7],
                    boilerplate=boilerplate.get(r[4], frozenset()),
                )

    def boilerplate_lines(self, min_documents: int = BOILERPLATE_MIN_DOCUMENTS) -> list[tuple[str, str, int]]:
        """Lines that recur verbatim (after trimming spaces) in at least ``min_documents``
        documents of one source, as (source, line, documents), most repeated first: a site's
        sidebar headline, paywall notice or footer. Lines of documents that are mostly such
        lines (median share above ``BOILERPLATE_MAX_SHARE``) are left out: those documents are
        copies of one story, which analysis counts once (docs/ANALYSIS.md), not boilerplate.
        Documents without a source are not compared: there is no site whose template they share."""
        trim = "' ' || chr(9) || chr(13)"
        return [
            (str(a), str(b), int(n))
            for a, b, n in self.con.execute(
                f"""
                WITH lines AS (
                    SELECT DISTINCT doc_id, source, trim(line, {trim}) AS line FROM (
                        SELECT doc_id, source, unnest(string_split(text, chr(10))) AS line
                        FROM documents WHERE source IS NOT NULL)
                    WHERE trim(line, {trim}) <> ''),
                candidates AS (
                    SELECT source, line FROM lines GROUP BY source, line HAVING count(*) >= ?),
                shares AS (
                    SELECT l.doc_id, avg(CASE WHEN c.line IS NULL THEN 0.0 ELSE 1.0 END) AS share
                    FROM lines l LEFT JOIN candidates c USING (source, line) GROUP BY l.doc_id)
                SELECT c.source, c.line, count(*) AS n FROM candidates c
                JOIN lines l USING (source, line) JOIN shares s USING (doc_id)
                GROUP BY c.source, c.line HAVING median(s.share) <= ?
                ORDER BY n DESC, c.source, c.line""",
                [int(min_documents), BOILERPLATE_MAX_SHARE],
            ).fetchall()
        ]

    def boilerplate_by_source(self) -> dict[str, frozenset[str]]:
        """``boilerplate_lines`` as one set of lines per source (what the coder is given)."""
        out: dict[str, set[str]] = {}
        for source, line, _n in self.boilerplate_lines():
            out.setdefault(source, set()).add(line)
        return {k: frozenset(v) for k, v in out.items()}

    def mark_failed(self, doc_id: str, message: str) -> None:
        """Record that a document could not be coded (it is skipped by later runs)."""
        self.con.execute("UPDATE documents SET failed = ? WHERE doc_id = ?", [message, doc_id])
        self.release()

    def failed_documents(self) -> list[tuple[str, str]]:
        return [
            (str(r[0]), str(r[1]))
            for r in self.con.execute(
                "SELECT doc_id, failed FROM documents WHERE failed IS NOT NULL ORDER BY doc_id"
            ).fetchall()
        ]

    # -- events --------------------------------------------------------------------
    def save_events(self, coded: Sequence[Coded]) -> int:
        """Store events and discards of a batch of documents and mark them coded (one
        transaction). Append-only for documents never coded before (the usual case): the
        earlier events of a document coded again are deleted first, and only then."""
        # one row per event id, so the count returned is the count stored
        rows = list({r["event_id"]: r for r in (event_to_row(e) for c in coded for e in c.events)}.values())
        doc_ids = [c.document.doc_id for c in coded]
        discards = [(c.document.doc_id, d.sentence, d.rule, d.phrase) for c in coded for d in c.discarded]
        self.con.execute("BEGIN TRANSACTION")
        try:
            if doc_ids:
                self.con.execute(
                    "DELETE FROM events WHERE doc_id IN (SELECT doc_id FROM documents "
                    "WHERE doc_id IN (SELECT unnest(?)) AND coded_at IS NOT NULL)",
                    [doc_ids],
                )
                self.con.execute("DELETE FROM discarded WHERE doc_id IN (SELECT unnest(?))", [doc_ids])
            if discards:
                self.con.executemany("INSERT INTO discarded VALUES (?, ?, ?, ?)", discards)
            if rows:
                table = pa.Table.from_pylist(rows)
                self.con.register("_new_events", table)
                cols = ", ".join(EVENT_COLUMNS)
                # an id stored already (another document's, an import) is kept, not replaced
                added = self.con.execute(
                    f"INSERT INTO events ({cols}) SELECT {cols} FROM _new_events n "
                    "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = n.event_id)"
                ).fetchall()
                self.con.unregister("_new_events")
                stored = int(added[0][0]) if added else 0
            else:
                stored = 0
            if doc_ids:
                self.con.execute(
                    "UPDATE documents SET coded_at = current_timestamp WHERE doc_id IN (SELECT unnest(?))",
                    [doc_ids],
                )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        self.release()
        return stored

    def add_imported(self, relation: str) -> AddResult:
        """Insert imported events from a table or view (columns: a subset of the event
        columns, ``event_id`` and ``origin_line`` among them) whose ids are not stored yet:
        an anti-join, so importing the same rows again adds nothing. Within ``relation`` the
        first row of an id (by ``origin_line``) wins."""
        cols = [r[0] for r in self.con.execute(f"DESCRIBE {relation}").fetchall()]
        names = ", ".join(c for c in cols if c in EVENT_COLUMNS)
        total = self.con.execute(f"SELECT count(*) FROM {relation}").fetchall()[0]
        row = self.con.execute(
            f"INSERT INTO events ({names}) SELECT {names} FROM {relation} s "
            "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = s.event_id) "
            "QUALIFY row_number() OVER (PARTITION BY s.event_id ORDER BY s.origin_line) = 1"
        ).fetchall()[0]
        new = int(row[0]) if row else 0
        return AddResult(new=new, duplicate=int(total[0] if total else 0) - new)

    def add_event_parts(
        self, events: Sequence[str], discarded: Sequence[str], docs: Sequence[str]
    ) -> PartsResult:
        """Load event parts (``whowhom.scale.parts``: Parquet files of events, discards and the
        partition's documents) in one transaction: events whose ids are not stored yet (an
        anti-join, so loading a part twice adds nothing); stored documents the parts cover are
        marked coded, or failed with their message, unless they are marked already."""

        def files(paths: Sequence[str]) -> str:
            return "[" + ", ".join("'" + str(x).replace("'", "''") + "'" for x in paths) + "]"

        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        self.con.execute("BEGIN TRANSACTION")
        try:
            new = 0
            if events:
                row = self.con.execute(
                    f"INSERT INTO events ({cols}) SELECT {cols} FROM read_parquet({files(events)}) p "
                    "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = p.event_id) "
                    "QUALIFY row_number() OVER (PARTITION BY p.event_id) = 1"
                ).fetchall()
                new = int(row[0][0]) if row else 0
            coded = failed = 0
            if docs:
                self.con.execute(
                    "CREATE OR REPLACE TEMP TABLE _part_docs AS SELECT p.doc_id, p.failed "
                    f"FROM read_parquet({files(docs)}) p JOIN documents d ON d.doc_id = p.doc_id "
                    "WHERE d.coded_at IS NULL AND d.failed IS NULL "
                    "QUALIFY row_number() OVER (PARTITION BY p.doc_id ORDER BY p.failed NULLS FIRST) = 1"
                )
                if discarded:
                    self.con.execute(
                        f"INSERT INTO discarded SELECT x.doc_id, x.sentence, x.rule, x.phrase "
                        f"FROM read_parquet({files(discarded)}) x "
                        "WHERE x.doc_id IN (SELECT doc_id FROM _part_docs WHERE failed IS NULL)"
                    )
                row = self.con.execute(
                    "UPDATE documents SET coded_at = current_timestamp "
                    "WHERE doc_id IN (SELECT doc_id FROM _part_docs WHERE failed IS NULL)"
                ).fetchall()
                coded = int(row[0][0]) if row else 0
                row = self.con.execute(
                    "UPDATE documents SET failed = p.failed FROM _part_docs p "
                    "WHERE documents.doc_id = p.doc_id AND p.failed IS NOT NULL"
                ).fetchall()
                failed = int(row[0][0]) if row else 0
                self.con.execute("DROP TABLE _part_docs")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        self.release()
        return PartsResult(events=new, coded=coded, failed=failed)

    def set_memory_limit(self, limit: str) -> None:
        """Cap DuckDB's memory on this connection (``500MB``, ``2GB``)."""
        try:
            self.con.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
            self._memory_limit = limit
        except duckdb.Error as e:
            raise WhowhomError(
                Errors.E601.format(option="memory-limit", value=limit, choices="a size such as 500MB or 2GB")
            ) from e

    def select_origin(self, origin: str | None) -> None:
        """From now on this connection sees only events of these origins (comma-separated,
        e.g. ``gdelt,icews``): a temporary view ``events`` over the stored table, so every
        query of the analysis reads the selection. Works on read-only connections."""
        origins = _origins(origin)
        if not origins:
            return
        self._origins = origins
        self._events_view()

    def use_corrections(self, on: bool) -> bool:
        """Whether this connection's ``events`` are the analyst's corrected events: flagged
        wrong or duplicate left out, recoded codes and actors in place of the coder's (the
        latest correction of an event wins). Returns the previous setting. A temporary view,
        so the stored events are never changed."""
        before = self._corrected
        self._corrected = bool(on)
        if self._corrected != before:
            self._events_view()
        return before

    @contextmanager
    def corrected(self, on: bool) -> Iterator[Store]:
        """``use_corrections(on)`` for the length of a ``with`` block."""
        before = self.use_corrections(on)
        try:
            yield self
        finally:
            self.use_corrections(before)

    def _events_view(self) -> None:
        db = self.con.execute("SELECT current_database()").fetchall()[0]
        table = f'"{db[0] if db else "memory"}".main.events'
        corrected = self._corrected and self.count_corrections() > 0
        if not self._origins and not corrected:
            self.con.execute("DROP VIEW IF EXISTS temp.main.events")
            return
        where = []
        if self._origins:
            listed = ", ".join("'" + o.replace("'", "''") + "'" for o in self._origins)
            where.append(f"coalesce(e.origin, 'coded') IN ({listed})")
        select = f"SELECT e.* FROM {table} e"
        if corrected:
            replace = ", ".join(
                [
                    *(
                        f"CASE WHEN c.event_code IS NULL THEN e.{col} ELSE c.{col} END AS {col}"
                        for col in _CORRECTED_CODE
                    ),
                    *(
                        f"CASE WHEN c.{side}_code IS NULL THEN e.{side}_{col} ELSE c.{side}_{col} END "
                        f"AS {side}_{col}"
                        for side in ("source", "target")
                        for col in ("code", "country")
                    ),
                    *(
                        f"CASE WHEN c.{side}_code IS NULL THEN e.{side}_actor_id END AS {side}_actor_id"
                        for side in ("source", "target")
                    ),
                ]
            )
            select = (
                f"SELECT e.* REPLACE ({replace}) FROM {table} e LEFT JOIN ({_LATEST_CORRECTIONS}) c "
                "ON c.event_id = e.event_id"
            )
            where.append("coalesce(c.verdict, '') NOT IN ('wrong', 'duplicate')")
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW events AS {select} WHERE {' AND '.join(where) or 'TRUE'}"
        )

    # -- corrections and saved views (the web workbench's one write path) ------------
    def add_correction(self, values: dict[str, Any]) -> int:
        """Record one correction (``CORRECTION_COLUMNS`` but the id and time); returns its id."""
        names = [c for c, _ in CORRECTION_COLUMNS if c in values and c not in ("correction_id", "created_at")]
        row = self.con.execute("SELECT coalesce(max(correction_id), 0) + 1 FROM corrections").fetchone()
        ident = int(row[0]) if row else 1
        cols = ", ".join(["correction_id", *names])
        marks = ", ".join("?" for _ in range(len(names) + 1))
        self.con.execute(
            f"INSERT INTO corrections ({cols}) VALUES ({marks})", [ident, *(values[n] for n in names)]
        )
        if self._corrected:
            self._events_view()
        return ident

    def corrections(self, event_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Corrections, oldest first (of the given events only, when given)."""
        sql = "SELECT * FROM corrections"
        params: list[Any] = []
        if event_ids is not None:
            sql += " WHERE event_id IN (SELECT unnest(?))"
            params.append(sorted(set(event_ids)))
        return self.fetch_dicts(sql + " ORDER BY correction_id", params)

    def count_corrections(self) -> int:
        row = self.con.execute("SELECT count(*) FROM corrections").fetchone()
        return int(row[0]) if row else 0

    def save_view(self, name: str, path: str, query: str, note: str | None = None) -> None:
        """Name a page and its query string (saving under a used name replaces it)."""
        self.con.execute(
            "INSERT OR REPLACE INTO saved_views (name, path, query, note) VALUES (?, ?, ?, ?)",
            [name, path, query, note],
        )

    def saved_views(self) -> list[dict[str, Any]]:
        return self.fetch_dicts("SELECT name, path, query, note, created_at FROM saved_views ORDER BY name")

    def query_events(
        self,
        *,
        actor: str | None = None,
        root: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        origin: str | None = None,
        modality: str | None = None,
        dyads: bool = False,
    ) -> list[dict[str, Any]]:
        """Stored events (flat rows, columns in record order) matching the filters
        (``modality="asserted"``: only what the sources say happened; ``dyads``: only coded
        events with a target)."""
        cur = self.con.execute(
            *_events_sql(
                actor=actor,
                root=root,
                since=since,
                until=until,
                limit=limit,
                origin=origin,
                modality=modality,
                dyads=dyads,
            )
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def iter_events(self, *, chunk: int = 10_000, **filters: Any) -> Iterator[dict[str, Any]]:
        """Like ``query_events`` but streamed ``chunk`` rows at a time (bounded memory)."""
        # a cursor is a connection of its own, which does not see this one's temporary view
        cur = self.con if self._origins or self._corrected else self.con.cursor()
        cur.execute(*_events_sql(**filters))
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(chunk):
            for r in rows:
                yield dict(zip(names, r, strict=True))
        if cur is not self.con:
            cur.close()

    def count_events(self, **filters: Any) -> int:
        where, params = _event_filter(**filters)
        row = self.con.execute(f"SELECT count(*) FROM events {where}", params).fetchone()
        return int(row[0]) if row else 0

    def summary(self) -> dict[str, Any]:
        def one(sql: str) -> Any:
            row = self.con.execute(sql).fetchone()
            return row[0] if row else None

        return {
            "documents": one("SELECT count(*) FROM documents"),
            "coded_documents": one("SELECT count(*) FROM documents WHERE coded_at IS NOT NULL"),
            "events": one("SELECT count(*) FROM events"),
            "rejected": one("SELECT count(*) FROM rejected"),
            "failed": one("SELECT count(*) FROM documents WHERE failed IS NOT NULL"),
            "discarded": self.con.execute(
                "SELECT rule, count(*), count(DISTINCT doc_id) FROM discarded GROUP BY rule ORDER BY 2 DESC"
            ).fetchall(),
            "by_root": self.con.execute(
                "SELECT event_root, any_value(event_label), count(*) FROM events "
                "GROUP BY event_root ORDER BY event_root"
            ).fetchall(),
        }

    def export(self, out: Path, fmt: str, **filters: Any) -> int:
        """Write matching events to ``out`` (jsonl: nested records; parquet/csv: flat columns),
        streamed, so memory stays bounded whatever the number of events. Returns the count.

        DuckDB's sort of the events (the export is in event order) is held to
        ``EXPORT_MEMORY_LIMIT`` unless ``set_memory_limit`` chose a limit: past it the sort
        spills to disk (10 M events: 5.8 GB unbounded, 1.1 GB capped, a few seconds slower)."""
        capped = not self._memory_limit
        if capped:
            self.con.execute(f"SET memory_limit = '{EXPORT_MEMORY_LIMIT}'")
        try:
            return self._export(out, fmt, **filters)
        finally:
            if capped:
                self.con.execute("RESET memory_limit")

    def _export(self, out: Path, fmt: str, **filters: Any) -> int:
        if fmt in ("gdelt", "icews", "plover"):  # other datasets' layouts (whowhom.interop)
            from whowhom.interop.export import write

            where, params = _event_filter(**filters)
            return write(self.con, out, fmt, where, params).written
        if fmt == "jsonl":
            n = 0
            with out.open("w", encoding="utf-8") as fh:
                for r in self.iter_events(**filters):
                    fh.write(json.dumps(row_to_event(r), ensure_ascii=False, default=str) + "\n")
                    n += 1
            return n
        query, params = _events_sql(**filters)
        options = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT CSV, HEADER"
        escaped = str(out).replace("'", "''")
        written = self.con.execute(f"COPY ({query}) TO '{escaped}' ({options})", params).fetchall()
        return int(written[0][0]) if written and written[0] else self.count_events(**filters)

    # -- queries for analysis (the only door to SQL besides this module) -------------
    def fetchall(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows of a read query that analysis builds (``whowhom.analysis`` only)."""
        return self.con.execute(sql, params or []).fetchall()

    def fetchone(self, sql: str, params: Sequence[Any] | None = None) -> tuple[Any, ...] | None:
        return self.con.execute(sql, params or []).fetchone()

    def fetch_arrays(self, sql: str, params: Sequence[Any] | None = None) -> dict[str, Any]:
        """The columns of a read query as numpy arrays (masked where NULL): for results of
        many rows that analysis computes on, far quicker than rows of Python values."""
        return dict(self.con.execute(sql, params or []).fetchnumpy())

    def fetch_dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def iter_dicts(
        self, sql: str, params: Sequence[Any] | None = None, *, chunk: int = 10_000
    ) -> Iterator[dict[str, Any]]:
        """The rows of a read query as dicts, streamed ``chunk`` at a time (bounded memory)."""
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(chunk):
            for r in rows:
                yield dict(zip(names, r, strict=True))

    def temp_table(self, name: str, select_sql: str) -> None:
        """A connection-local table of a query's rows (analysis caches a selection in one)."""
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select_sql}")

    def drop_temp_table(self, name: str) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {name}")

    def titles(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Titles of the given documents (those that have one)."""
        ids = sorted(set(doc_ids))
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT doc_id, title FROM documents WHERE doc_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
        return {str(d): str(t) for d, t in rows if t}

    def count_documents(self) -> int:
        row = self.con.execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        self._reopen = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: The coder's event-code columns a recode replaces (``use_corrections``).
_CORRECTED_CODE = (
    "event_code",
    "event_root",
    "event_label",
    "event_plover",
    "event_goldstein",
    "event_quad_class",
)
#: The correction in force for each corrected event: its latest.
_LATEST_CORRECTIONS = (
    "SELECT * FROM corrections "
    "QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY correction_id DESC) = 1"
)

_SELECT_EVENTS = "SELECT " + ", ".join(f'"{c}"' for c in EVENT_COLUMNS) + " FROM events"
_EVENT_ORDER = " ORDER BY date NULLS LAST, doc_id, sentence, event_start, event_id"


def _events_sql(*, limit: int | None = None, **filters: Any) -> tuple[str, list[Any]]:
    where, params = _event_filter(**filters)
    if limit:
        # the first rows found on the sort keys alone, then only their columns: a top-N over
        # 10 M events sorts five columns, not all of them (1.5 s → 0.4 s)
        first = f"SELECT event_id FROM events {where}{_EVENT_ORDER} LIMIT {int(limit)}"
        return f"{_SELECT_EVENTS} WHERE event_id IN ({first}){_EVENT_ORDER}", params
    return f"{_SELECT_EVENTS} {where}{_EVENT_ORDER}", params


def _origins(origin: str | None) -> list[str]:
    return [o.strip().lower() for o in (origin or "").split(",") if o.strip()]


#: Events the sources say happened: not negated, and factual or reported (not hedged,
#: speculative or future). Imported rows carry neither field and are asserted.
ASSERTED_EVENTS = (
    "coalesce(polarity, 'asserted') = 'asserted' AND coalesce(modality, 'factual') IN ('factual', 'reported')"
)

#: Who did what *to whom*: coded events whose text names a target, with both actors placed in
#: a country or as an international or non-state body (a name in no dictionary is coded "---",
#: which PETRARCH would not code at all; "---COP", police of no known country, tells no
#: alignment). Imported rows are kept as their dataset has them (a GDELT row with no Actor2 is
#: that dataset's own event).
DYADIC_EVENTS = (
    "((target_code IS NOT NULL AND NOT starts_with(target_code, '---')"
    " AND NOT starts_with(coalesce(source_code, '---'), '---'))"
    " OR coalesce(origin, 'coded') <> 'coded')"
)


def _event_filter(
    *,
    actor: str | None = None,
    root: str | None = None,
    since: str | None = None,
    until: str | None = None,
    origin: str | None = None,
    modality: str | None = None,
    dyads: bool = False,
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if modality == "asserted":
        clauses.append(ASSERTED_EVENTS)
    if dyads:
        clauses.append(DYADIC_EVENTS)
    if origin:
        clauses.append("coalesce(origin, 'coded') IN (SELECT unnest(?))")
        params.append(_origins(origin))
    if actor:
        clauses.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
        params += [actor.upper(), actor.upper()]
    if root:
        clauses.append("event_root = ?")
        params.append(root.zfill(2))
    if since:
        clauses.append("date >= CAST(? AS DATE)")
        params.append(since)
    if until:
        clauses.append("date <= CAST(? AS DATE)")
        params.append(until)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
    }


def schema_version(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """The store's schema version: 0 for an empty file; a coded error for a DuckDB file that is
    not a whowhom store, or one written by a newer whowhom."""
    tables = _tables(con)
    if not tables:
        return 0
    if "schema_version" not in tables:
        raise WhowhomError(Errors.E403.format(path=p_(path), what="tables " + ", ".join(sorted(tables))))
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    version = int(row[0]) if row and row[0] is not None else 0
    if version == 0 and tables - {"schema_version"}:
        raise WhowhomError(Errors.E403.format(path=p_(path), what="no schema version recorded"))
    if version > len(MIGRATIONS):
        raise WhowhomError(Errors.E404.format(path=p_(path), found=version, known=len(MIGRATIONS)))
    return version


def p_(path: Path) -> str:
    return repr(str(path)) if any(c in str(path) for c in "\n\r\x1b") else str(path)


def migrate(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Apply the migrations this store lacks, each in one transaction with its version row, so a
    crash between the two leaves the store as it was before that migration."""
    current = schema_version(con, path)
    for number, step in enumerate(MIGRATIONS, 1):
        if number <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
            step(con)
            con.execute("INSERT INTO schema_version VALUES (?)", [number])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


#: How long a command waits for a database another process is writing (seconds; the
#: environment's ``WHOWHOM_LOCK_WAIT`` overrides it). A writer that holds the database per
#: batch (``run``, ``ingest``) lets readers in between batches, so a reader waits at most about
#: one batch's write.
LOCK_WAIT_SECONDS = 30.0
#: How long a per-batch writer waits for readers to let go between its batches.
WRITER_WAIT_SECONDS = 600.0


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


#: Where the one-line note of a wait goes (None: silent).
lock_notice: Callable[[str], None] | None = _to_stderr


def _lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("WHOWHOM_LOCK_WAIT", LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


def _is_lock_conflict(error: duckdb.Error) -> bool:
    return "Could not set lock" in str(error)


def _connect(
    p: Path, read_only: bool, *, wait: float | None = None, notice: bool = True
) -> duckdb.DuckDBPyConnection:
    """A connection to ``p``; while another process holds the file, retried for up to ``wait``
    seconds (default ``LOCK_WAIT_SECONDS``), with one line on stderr saying who holds it."""
    limit = _lock_wait() if wait is None else wait
    deadline = time.monotonic() + limit
    pause, noted = 0.02, False
    while True:
        try:
            return duckdb.connect(str(p), read_only=read_only)
        except duckdb.Error as e:
            if not _is_lock_conflict(e) or time.monotonic() >= deadline:
                raise WhowhomError(Errors.E401.format(path=p_(p), reason=str(e).splitlines()[0])) from e
            if notice and not noted and lock_notice is not None:
                from whowhom.lockinfo import _DUCKDB_LOCK, holder

                found = _DUCKDB_LOCK.search(str(e))
                pid = int(found.group("pid")) if found and found.group("pid") else None
                who = holder(p, pid)
                lock_notice(Warnings.W401.format(path=p_(p), holder=who, seconds=f"{limit:g}"))
                noted = True
            time.sleep(pause)
            pause = min(pause * 1.5, 0.25)


def open_store(
    path: str | Path,
    *,
    read_only: bool = False,
    must_exist: bool = False,
    per_batch: bool = False,
    wait: float | None = None,
) -> Store:
    """Open (and bring up to date) the store at ``path``; read-only opens upgrade an older store
    first, since its readers expect the current columns.

    ``per_batch`` (writers: ``run``, ``ingest``): the store holds the database only while it
    reads or writes one batch, and opens it again for the next, waiting for readers to let go
    (``WRITER_WAIT_SECONDS``), so that readers are never locked out for a whole run. ``wait``:
    how long to wait for another process's lock (default ``$WHOWHOM_LOCK_WAIT`` or
    ``LOCK_WAIT_SECONDS``; the workbench, which retries on its own, passes 0)."""
    if per_batch and not read_only:
        store = open_store(path, must_exist=must_exist)
        p = Path(path)
        store.con.close()
        return Store(None, str(p), reopen=lambda: _connect(p, False, wait=WRITER_WAIT_SECONDS, notice=False))
    p = Path(path)
    if (read_only or must_exist) and not p.exists():
        raise WhowhomError(Errors.E402.format(path=p_(p)))
    con = _connect(p, read_only, wait=wait)
    try:
        if not read_only:
            migrate(con, p)
        elif schema_version(con, p) < len(MIGRATIONS):
            con.close()
            upgrade = _connect(p, False, wait=wait)
            try:
                migrate(upgrade, p)
            finally:
                upgrade.close()
            con = _connect(p, True, wait=wait)
        if read_only and schema_version(con, p) == 0:
            raise WhowhomError(Errors.E403.format(path=p_(p), what="an empty database"))
    except duckdb.Error as e:
        con.close()
        raise WhowhomError(Errors.E405.format(path=p_(p), reason=str(e).splitlines()[0])) from e
    except BaseException:
        con.close()
        raise
    return Store(con, str(p))

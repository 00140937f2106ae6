"""The DuckDB store: documents, coded events, and rejected input kept as data.

One writer per database file (DuckDB's own rule); readers open it read-only. Schema
changes are numbered migrations applied in order on open. Event columns are the event
record flattened with ``_`` (``source_code``, ``event_root`` …), the same names used in
Parquet/CSV exports.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from whowhom.errors import Errors, WhowhomError
from whowhom.model import Document, Event
from whowhom.reliability import reliability_table

DEFAULT_DB = "whowhom.duckdb"

ACTOR_FIELDS = ("text", "code", "country", "sector", "actor_id", "start", "end")
EVENT_FIELDS = ("code", "root", "label", "plover", "goldstein", "quad_class", "trigger", "start", "end")
LOCATION_FIELDS = ("text", "name", "country", "lat", "lon")
EVIDENCE_FIELDS = ("text", "start", "end")

_ACTOR_TYPES = ("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "INTEGER")
#: The events table as migration 1 created it (frozen: later columns come by migration).
_EVENT_COLUMNS_V1: list[tuple[str, str]] = [
    ("event_id", "VARCHAR PRIMARY KEY"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("sentence", "INTEGER"),
    ("date", "DATE"),
    *[(f"source_{f}", t) for f, t in zip(ACTOR_FIELDS, _ACTOR_TYPES, strict=True)],
    *[(f"target_{f}", t) for f, t in zip(ACTOR_FIELDS, _ACTOR_TYPES, strict=True)],
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
_EVENT_COLUMNS = [*_EVENT_COLUMNS_V1, ("reliability", "DOUBLE"), ("why", "VARCHAR")]
EVENT_COLUMNS = [name for name, _ in _EVENT_COLUMNS]


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


MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [_migration_1, _migration_2]


def event_to_row(event: Event | dict[str, Any]) -> dict[str, Any]:
    d = event.to_dict() if isinstance(event, Event) else event
    row: dict[str, Any] = {
        k: d.get(k)
        for k in (
            "event_id",
            "doc_id",
            "sentence",
            "date",
            "polarity",
            "modality",
            "certainty",
            "reliability",
        )
    }
    for prefix, fields in (
        ("source", ACTOR_FIELDS),
        ("target", ACTOR_FIELDS),
        ("event", EVENT_FIELDS),
        ("location", LOCATION_FIELDS),
        ("evidence", EVIDENCE_FIELDS),
    ):
        part = d.get(prefix) or {}
        for f in fields:
            row[f"{prefix}_{f}"] = part.get(f)
    row["attribution"] = json.dumps(d.get("attribution") or [], ensure_ascii=False)
    row["why"] = json.dumps(d.get("why") or [], ensure_ascii=False)
    return row


def row_to_event(row: dict[str, Any]) -> dict[str, Any]:
    """The nested event record (ARCHITECTURE.md) from a flat row."""
    out: dict[str, Any] = {k: row[k] for k in ("event_id", "doc_id", "sentence")}
    out["date"] = str(row["date"]) if row["date"] is not None else None

    def part(prefix: str, fields: Sequence[str], key: str) -> dict[str, Any] | None:
        if row.get(f"{prefix}_{key}") is None:
            return None
        return {f: row[f"{prefix}_{f}"] for f in fields}

    out["source"] = part("source", ACTOR_FIELDS, "code")
    out["target"] = part("target", ACTOR_FIELDS, "code")
    out["event"] = part("event", EVENT_FIELDS, "code")
    for k in ("polarity", "modality", "certainty", "reliability"):
        out[k] = row.get(k)
    out["attribution"] = json.loads(row["attribution"] or "[]")
    out["location"] = part("location", LOCATION_FIELDS, "name")
    out["evidence"] = part("evidence", EVIDENCE_FIELDS, "text")
    out["why"] = json.loads(row.get("why") or "[]")
    return out


@dataclass(slots=True)
class AddResult:
    new: int = 0
    duplicate: int = 0


class Store:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: str):
        self.con = con
        self.path = path

    # -- documents -----------------------------------------------------------------
    def add_documents(self, documents: Iterable[Document]) -> AddResult:
        result = AddResult()
        for doc in documents:
            exists = self.con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc.doc_id]).fetchone()
            if exists:
                result.duplicate += 1
                continue
            self.con.execute(
                "INSERT INTO documents (doc_id, text, date, title, source, url, author, path, reliability) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    doc.doc_id,
                    doc.text,
                    doc.date,
                    doc.title,
                    doc.source,
                    doc.url,
                    doc.author,
                    doc.path,
                    reliability_table().for_outlet(doc.source),
                ],
            )
            result.new += 1
        return result

    def add_rejected(self, path: str, line: int | None, message: str) -> None:
        """Record a rejected input once: ingesting the same bad file again adds no row."""
        self.con.execute(
            "INSERT INTO rejected (path, line, message) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
            "rejected WHERE path = ? AND line IS NOT DISTINCT FROM ? AND message = ?)",
            [path, line, message] * 2,
        )

    def count_uncoded(self) -> int:
        row = self.con.execute("SELECT count(*) FROM documents WHERE coded_at IS NULL").fetchone()
        return int(row[0]) if row else 0

    def uncoded_documents(self, chunk: int = 256) -> Iterator[Document]:
        """Documents not yet coded, oldest first, read ``chunk`` at a time (so a large store is
        never held in memory, and events can be written while this is read)."""
        ids = [
            r[0]
            for r in self.con.execute(
                "SELECT doc_id FROM documents WHERE coded_at IS NULL ORDER BY date NULLS LAST, doc_id"
            ).fetchall()
        ]
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            rows = self.con.execute(
                "SELECT doc_id, text, CAST(date AS VARCHAR), title, source, url, author, path "
                "FROM documents WHERE doc_id IN (SELECT unnest(?))",
                [part],
            ).fetchall()
            by_id = {r[0]: r for r in rows}
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
                )

    # -- events --------------------------------------------------------------------
    def save_events(self, coded: Sequence[tuple[Document, list[Event]]]) -> int:
        """Store events of a batch of documents and mark them coded (one transaction)."""
        # one row per event id, so the count returned is the count stored
        rows = list(
            {r["event_id"]: r for r in (event_to_row(e) for _, events in coded for e in events)}.values()
        )
        doc_ids = [d.doc_id for d, _ in coded]
        self.con.execute("BEGIN TRANSACTION")
        try:
            if doc_ids:
                self.con.execute("DELETE FROM events WHERE doc_id IN (SELECT unnest(?))", [doc_ids])
            if rows:
                table = pa.Table.from_pylist(rows)
                self.con.register("_new_events", table)
                cols = ", ".join(EVENT_COLUMNS)
                self.con.execute(f"INSERT OR REPLACE INTO events ({cols}) SELECT {cols} FROM _new_events")
                self.con.unregister("_new_events")
            if doc_ids:
                self.con.execute(
                    "UPDATE documents SET coded_at = current_timestamp WHERE doc_id IN (SELECT unnest(?))",
                    [doc_ids],
                )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return len(rows)

    def query_events(
        self,
        *,
        actor: str | None = None,
        root: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        where, params = _event_filter(actor=actor, root=root, since=since, until=until)
        sql = f"SELECT * FROM events {where} ORDER BY date NULLS LAST, doc_id, sentence, event_start"
        if limit:
            sql += f" LIMIT {int(limit)}"
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def summary(self) -> dict[str, Any]:
        def one(sql: str) -> Any:
            row = self.con.execute(sql).fetchone()
            return row[0] if row else None

        return {
            "documents": one("SELECT count(*) FROM documents"),
            "coded_documents": one("SELECT count(*) FROM documents WHERE coded_at IS NOT NULL"),
            "events": one("SELECT count(*) FROM events"),
            "rejected": one("SELECT count(*) FROM rejected"),
            "by_root": self.con.execute(
                "SELECT event_root, any_value(event_label), count(*) FROM events "
                "GROUP BY event_root ORDER BY event_root"
            ).fetchall(),
        }

    def export(self, out: Path, fmt: str, **filters: str | None) -> int:
        rows = self.query_events(**filters)  # type: ignore[arg-type]
        if fmt == "jsonl":
            with out.open("w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(row_to_event(r), ensure_ascii=False, default=str) + "\n")
            return len(rows)
        where, params = _event_filter(**filters)
        query = f"SELECT * FROM events {where} ORDER BY date NULLS LAST, doc_id, sentence, event_start"
        options = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT CSV, HEADER"
        escaped = str(out).replace("'", "''")
        self.con.execute(f"COPY ({query}) TO '{escaped}' ({options})", params)
        return len(rows)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _event_filter(
    *, actor: str | None = None, root: str | None = None, since: str | None = None, until: str | None = None
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
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


def open_store(path: str | Path, *, read_only: bool = False, must_exist: bool = False) -> Store:
    p = Path(path)
    if (read_only or must_exist) and not p.exists():
        raise WhowhomError(Errors.E402.format(path=p))
    try:
        con = duckdb.connect(str(p), read_only=read_only)
    except duckdb.Error as e:
        raise WhowhomError(Errors.E401.format(path=p, reason=str(e).splitlines()[0])) from e
    if not read_only:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        current = int(row[0]) if row and row[0] is not None else 0
        for number, migrate in enumerate(MIGRATIONS, 1):
            if number > current:
                migrate(con)
                con.execute("INSERT INTO schema_version VALUES (?)", [number])
    return Store(con, str(p))

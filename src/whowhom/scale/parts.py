"""Event parts: the coded output of one partition of documents, as Parquet files in a folder.

A part ``<key>`` is three files: ``part-<key>.events.parquet`` (the event record's flat columns,
the store's own), ``part-<key>.discarded.parquet`` (units discard rules kept out) and
``part-<key>.docs.parquet`` (each document of the partition: id, and the failure message of one
that could not be coded). Each is written under a temporary name and renamed; the documents file
is renamed last, so **a part exists when its documents file does**: a partition whose worker died
left nothing that counts, and is coded again; one that finished is never coded twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from whowhom.model import Coded, Document, event_to_row, flat_fields

_ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "DATE": pa.date32()}
#: The events file's schema: the event record's flat columns (``model.flat_fields``).
EVENT_SCHEMA = pa.schema([(f.name, _ARROW_TYPES[f.sql_type]) for f in flat_fields()])
DOCS_SCHEMA = pa.schema([("doc_id", pa.string()), ("failed", pa.string()), ("events", pa.int32())])
DISCARD_SCHEMA = pa.schema(
    [("doc_id", pa.string()), ("sentence", pa.int32()), ("rule", pa.string()), ("phrase", pa.string())]
)
SUFFIXES = ("events", "discarded", "docs")


def part_key(doc_ids: Sequence[str]) -> str:
    """A partition's name: a hash of its documents' ids, so the same partition has the same name."""
    return hashlib.sha1("\n".join(doc_ids).encode("utf-8", "backslashreplace")).hexdigest()[:20]


def part_file(folder: Path, key: str, suffix: str) -> Path:
    return folder / f"part-{key}.{suffix}.parquet"


@dataclass(slots=True)
class Part:
    """One partition's coded output, as Arrow tables (what a Dask task returns or writes)."""

    key: str
    events: pa.Table
    discarded: pa.Table
    docs: pa.Table

    @property
    def n_events(self) -> int:
        return self.events.num_rows

    @property
    def n_failed(self) -> int:
        return sum(1 for f in self.docs.column("failed").to_pylist() if f is not None)


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def make_part(key: str, items: Iterable[object]) -> Part:
    """A part from what ``pipeline.code_documents`` yielded for a partition: ``Coded`` results
    and ``CodingFailure``s (anything with ``document`` and ``message``)."""
    rows: dict[str, dict[str, object]] = {}
    discards: list[dict[str, object]] = []
    docs: list[dict[str, object]] = []
    for item in items:
        if isinstance(item, Coded):
            n = 0
            for event in item.events:
                row = event_to_row(event)
                row["date"] = _date(row["date"])
                if row["event_id"] not in rows:
                    rows[str(row["event_id"])] = row
                    n += 1
            discards += [
                {"doc_id": item.document.doc_id, "sentence": d.sentence, "rule": d.rule, "phrase": d.phrase}
                for d in item.discarded
            ]
            docs.append({"doc_id": item.document.doc_id, "failed": None, "events": n})
        else:
            document: Document = item.document  # type: ignore[attr-defined]
            docs.append({"doc_id": document.doc_id, "failed": item.message, "events": 0})  # type: ignore[attr-defined]
    return Part(
        key,
        pa.Table.from_pylist(list(rows.values()), schema=EVENT_SCHEMA),
        pa.Table.from_pylist(discards, schema=DISCARD_SCHEMA),
        pa.Table.from_pylist(docs, schema=DOCS_SCHEMA),
    )


def write_part(folder: Path, part: Part) -> None:
    """Write a part's three files; the documents file last (it is what marks the part done)."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, table in (("events", part.events), ("discarded", part.discarded), ("docs", part.docs)):
        final = part_file(folder, part.key, suffix)
        tmp = folder / f".tmp-{uuid.uuid4().hex}-{final.name}"
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, final)


def done_keys(folder: Path) -> set[str]:
    """The parts that are complete in ``folder``."""
    if not folder.is_dir():
        return set()
    out = set()
    for p in folder.glob("part-*.docs.parquet"):
        key = p.name[len("part-") : -len(".docs.parquet")]
        if all(part_file(folder, key, s).exists() for s in SUFFIXES):
            out.add(key)
    return out


def done_doc_ids(folder: Path) -> set[str]:
    """Every document some complete part of ``folder`` covers (coded or failed)."""
    files = [str(part_file(folder, k, "docs")) for k in sorted(done_keys(folder))]
    if not files:
        return set()
    return {str(x) for x in pq.read_table(files, columns=["doc_id"]).column("doc_id").to_pylist()}


def clear_temporaries(folder: Path) -> None:
    """Remove files a killed writer left half-written (their names start with ``.tmp-``)."""
    if folder.is_dir():
        for p in folder.glob(".tmp-*"):
            p.unlink(missing_ok=True)

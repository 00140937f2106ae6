"""Streaming a delimited event file through DuckDB's CSV reader, chunk by chunk.

The file is cut in Python into blocks of about ``chunk_bytes`` at line ends (no parsing:
``read`` and ``readline`` on bytes), each block is written to a temporary file and read by
``read_csv`` with explicit column names (all ``VARCHAR``; the SQL casts), no quoting, and
``store_rejects`` on, so DuckDB itself reports rows with the wrong number of fields, with
their line. Memory stays that of one block, whatever the file's size.

Line numbers: DuckDB emits the good rows of a block in file order (``WITH ORDINALITY``)
but does not say which line each came from. The lines it did not emit are known (the
blank lines, found here, and the rejected ones, which it lists), so the k-th emitted row
is on line k + (the number of skipped lines before it), computed with an ASOF join.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

#: A value no event file contains: empty fields stay '' (so a row padded with NULLs — too
#: few fields — can be told from a row with empty fields).
NULL_SENTINEL = "\x01whowhom-null\x01"
CHUNK_BYTES = 32 * 1024 * 1024
_BLANK = re.compile(rb"^\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Layout:
    """How the fields of one file are laid out."""

    name: str  # shown to people: "GDELT 2.0 (61 columns)"
    columns: tuple[str, ...]
    header: bool = False  # first line holds the column names
    null_padding: bool = False  # rows may be shorter (GDELT 1.0: 57 or 58 fields)
    required: str | None = None  # with null_padding: a column every valid row has
    delimiter: str = "\t"


@dataclass(frozen=True)
class Block:
    data: bytes
    base: int  # lines of the file before this block (header included)


def blocks(path: Path, *, chunk_bytes: int = CHUNK_BYTES, header: bool = False) -> Iterator[Block]:
    """The file in blocks that end at a line end."""
    with path.open("rb") as fh:
        base = 0
        if header:
            fh.readline()
            base = 1
        while block := fh.read(chunk_bytes):
            if not block.endswith(b"\n"):
                block += fh.readline()
            yield Block(block, base)
            base += block.count(b"\n") + (0 if block.endswith(b"\n") else 1)


def blank_lines(data: bytes) -> list[int]:
    """Line numbers (1-based, in ``data``) of empty lines, which DuckDB skips silently."""
    if not (data.startswith((b"\n", b"\r\n")) or b"\n\n" in data or b"\n\r\n" in data):
        return []
    out: list[int] = []
    line, pos = 1, 0
    for m in _BLANK.finditer(data):
        if m.start() >= len(data):
            break
        line += data.count(b"\n", pos, m.start())
        pos = m.start()
        out.append(line)
    return out


def _columns_sql(columns: tuple[str, ...]) -> str:
    return "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"


def read_block(
    con: duckdb.DuckDBPyConnection, block: Block, layout: Layout, table: str, rejects: str
) -> None:
    """Read one block: temp view ``table`` gives the layout's columns plus ``_line``, the
    line in the file; temp table ``rejects`` the rows DuckDB refused (``line``, ``reason``).
    Call ``release`` when done with ``table``."""
    with tempfile.NamedTemporaryFile("wb", suffix=".tsv", delete=False) as tmp:
        tmp.write(block.data)
        name = tmp.name
    try:
        con.execute("DROP TABLE IF EXISTS _ww_rej_errors; DROP TABLE IF EXISTS _ww_rej_scans")
        escaped = name.replace("'", "''")
        delim = layout.delimiter.replace("'", "''")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _ww_raw AS SELECT * FROM read_csv('{escaped}', "
            f"columns={_columns_sql(layout.columns)}, delim='{delim}', quote='', escape='', "
            f"header=false, auto_detect=false, comment='', nullstr='{NULL_SENTINEL}', "
            f"null_padding={str(layout.null_padding).lower()}, "
            "store_rejects=true, rejects_table='_ww_rej_errors', rejects_scan='_ww_rej_scans', "
            "max_line_size=10000000) WITH ORDINALITY"
        )
    finally:
        Path(name).unlink(missing_ok=True)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {rejects} AS SELECT line, "
        "CASE WHEN error_type IN ('TOO MANY COLUMNS', 'MISSING COLUMNS') "
        "THEN 'has ' || regexp_extract(error_message, 'Found: (\\d+)', 1) || "
        f"' fields, expected {len(layout.columns)}' "
        "ELSE lower(error_type) || ' (' || error_message || ')' END AS reason "
        "FROM (SELECT line, any_value(error_type) AS error_type, any_value(error_message) AS error_message "
        "FROM _ww_rej_errors GROUP BY line)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _ww_skip AS "
        "SELECT s - j AS key, max(j) AS j FROM ("
        "SELECT s, row_number() OVER (ORDER BY s) AS j FROM ("
        f"SELECT unnest(?::BIGINT[]) AS s UNION SELECT line FROM {rejects})) GROUP BY key",
        [blank_lines(block.data)],
    )
    skipped = con.execute("SELECT count(*) FROM _ww_skip").fetchall()[0][0]
    cols = ", ".join(f'r."{c}"' for c in layout.columns)
    # a view, not a copy: the block is read once more by the mapping, which is materialized
    if skipped:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT {cols}, "
            f"r.ordinality + coalesce(k.j, 0) + {int(block.base)} AS _line "
            "FROM _ww_raw r ASOF LEFT JOIN _ww_skip k ON r.ordinality > k.key"
        )
    else:  # the usual case: every line of the block was a row
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {table} AS "
            f"SELECT {cols}, r.ordinality + {int(block.base)} AS _line FROM _ww_raw r"
        )
    con.execute(f"UPDATE {rejects} SET line = line + {int(block.base)}")
    con.execute("DROP TABLE IF EXISTS _ww_rej_errors; DROP TABLE IF EXISTS _ww_rej_scans")


def release(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Drop what ``read_block`` made for ``table``."""
    con.execute(f"DROP VIEW IF EXISTS {table}; DROP TABLE IF EXISTS _ww_raw; DROP TABLE IF EXISTS _ww_skip")


def read_chunks(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    layout: Layout,
    *,
    each: Callable[[str, str, int], None],
    chunk_bytes: int = CHUNK_BYTES,
) -> None:
    """Call ``each(table, rejects, nbytes)`` for every block of ``path``, with the block's
    rows in temp table ``table`` and DuckDB's rejects in ``rejects``."""
    for block in blocks(path, chunk_bytes=chunk_bytes, header=layout.header):
        read_block(con, block, layout, "_ww_rows", "_ww_csv_rejects")
        try:
            each("_ww_rows", "_ww_csv_rejects", len(block.data))
        finally:
            release(con, "_ww_rows")

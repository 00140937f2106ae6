"""Who holds a database's lock, so a command that cannot open it can say so (E407).

DuckDB lets one process write a database file and refuses every other process, readers
included, while it does ("Could not set lock on file ..."). The commands that write
(``ingest``, ``run``) leave a small note beside the database while they hold it,
``<db>.lock-info`` (JSON: pid, command, start time), and remove it when they finish; a
note left by a killed process is harmless, since it is believed only when its pid is the
one DuckDB names as the holder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whowhom.errors import Errors

INFO_SUFFIX = ".lock-info"

_DUCKDB_LOCK = re.compile(r'Could not set lock on file "(?P<path>[^"]*)"(?:.*?\(PID (?P<pid>\d+)\))?')


def info_path(db: str | Path) -> Path:
    p = Path(db)
    return p.with_name(p.name + INFO_SUFFIX)


@contextmanager
def holding(db: str | Path, command: str) -> Iterator[None]:
    """Leave the note for the length of the block (the caller holds the database open)."""
    path = info_path(db)
    pid = os.getpid()
    note = {"pid": pid, "command": command, "started": dt.datetime.now().isoformat(timespec="seconds")}
    with contextlib.suppress(OSError):  # a read-only folder: the message will just say less
        path.write_text(json.dumps(note), encoding="utf-8")
    try:
        yield
    finally:
        if (_read_note(path) or {}).get("pid") == pid:
            path.unlink(missing_ok=True)


def _read_note(path: Path) -> dict[str, Any] | None:
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return note if isinstance(note, dict) else None


def holder(db: str | Path, pid: int | None) -> str:
    """Who holds the lock, as well as can be told: the whowhom command, else the pid."""
    note = _read_note(info_path(db))
    if note is not None and isinstance(note.get("pid"), int) and (pid is None or note["pid"] == pid):
        since = f", running since {note['started']}" if isinstance(note.get("started"), str) else ""
        return f"another whowhom process ('whowhom {note.get('command', '?')}', PID {note['pid']}{since})"
    if pid is not None:
        return f"another process (PID {pid})"
    return "another process"


def lock_message(message: str) -> str | None:
    """E407 in place of a message carrying DuckDB's lock conflict; None for any other."""
    found = _DUCKDB_LOCK.search(message)
    if found is None:
        return None
    pid = int(found.group("pid")) if found.group("pid") else None
    return Errors.E407.format(path=found.group("path"), holder=holder(found.group("path"), pid))

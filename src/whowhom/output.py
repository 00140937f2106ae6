"""Writing events for people (a table) and for programs (JSON Lines, CSV)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from whowhom.store import EVENT_COLUMNS, event_to_row

FORMATS = ("table", "jsonl", "csv")


def _actor(a: dict[str, Any] | None) -> str:
    if not a:
        return "—"
    return f"{a['text']} [{a['code']}]"


def events_table(events: list[dict[str, Any]], *, title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, expand=False)
    for name in ("date", "who", "did what", "to whom", "where", "how surely", "according to"):
        table.add_column(name, overflow="fold")
    for e in events:
        ev = e["event"]
        label = f"{ev['code']} {ev['label'] or ''}".strip()
        if e["polarity"] == "negated":
            label = "NOT " + label
        loc = e.get("location")
        speakers = [a["text"] for a in e.get("attribution") or [] if a.get("role") == "speaker"]
        table.add_row(
            e.get("date") or "",
            _actor(e.get("source")),
            f"{label}\n“{ev['trigger']}”" if ev.get("trigger") else label,  # imported rows have none
            _actor(e.get("target")),
            loc["name"] if loc else "",
            f"{e['modality']} {e['certainty']:.2f}",
            "; ".join(speakers),
        )
    return table


def write_events(
    events: Iterable[dict[str, Any]],
    fmt: str,
    out: TextIO,
    *,
    console: Console | None = None,
    title: str | None = None,
) -> int:
    """Write nested event records; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for e in events:
            out.write(json.dumps(e, ensure_ascii=False, default=str) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for e in events:
            writer.writerow(event_to_row(e))
            n += 1
    else:
        rows = list(events)
        n = len(rows)
        # piped output has no terminal width to go by: give the table room to breathe
        console = console or Console(file=out, width=None if out.isatty() else 160)
        console.print(events_table(rows, title=title))
    return n

"""JSON Lines and feeds hold many documents: the size limit is each document's (E120), not the
file's; a JSON Lines file over it is read a block of lines at a time, line numbers kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import whowhom.ingest.sources as sources
from whowhom.ingest import IngestFailure, read_paths
from whowhom.model import Document


def _records(n: int) -> list[str]:
    return [
        json.dumps({"text": f"Report {i}: the provincial council met in the town hall."}) for i in range(n)
    ]


def test_a_jsonl_file_over_the_limit_is_read_record_by_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "JSONL_BLOCK_BYTES", 300)  # several blocks
    lines = _records(12)
    lines.insert(5, json.dumps({"text": "long " * 100}))  # line 6: over the per-document limit
    lines.insert(8, "{not json")  # line 9
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 150
    items = list(read_paths([path], max_bytes=150))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, IngestFailure)]
    assert len(docs) == 12
    assert [d.path for d in docs][:6] == [f"{path}:{n}" for n in (1, 2, 3, 4, 5, 7)]
    assert [(f.line, f.message[:6]) for f in failures] == [(6, "[E120]"), (9, "[E106]")]
    assert f"{path}:6" in failures[0].message


def test_a_small_jsonl_file_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(_records(3)) + "\n", encoding="utf-8")
    assert len([i for i in read_paths([path]) if isinstance(i, Document)]) == 3


def test_a_text_file_over_the_limit_is_still_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    (item,) = list(read_paths([path], max_bytes=100))
    assert isinstance(item, IngestFailure) and item.message.startswith("[E103]")


def test_a_feed_over_the_file_limit_is_read_and_each_entry_held_to_it(tmp_path: Path) -> None:
    entries = "".join(
        f"<item><title>T{i}</title><description>{body}</description></item>"
        for i, body in enumerate(
            ["The council met on Monday.", "A long report. " * 40, "Talks resumed in Basra."]
        )
    )
    path = tmp_path / "feed.rss"
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{entries}</channel></rss>'
    )
    items = list(read_paths([path], max_bytes=300))
    assert path.stat().st_size > 300
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, IngestFailure)]
    assert len(docs) == 2 and len(failures) == 1 and failures[0].message.startswith("[E120]")

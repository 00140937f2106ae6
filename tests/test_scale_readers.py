"""Readers are never locked out: while ``whowhom run`` codes a corpus, ``summary`` and ``events``
on the same database answer (with the counts so far); a reader that meets the writer mid-batch
waits, says so in one line, and does not crash."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scale_helpers import short_corpus

pytestmark = pytest.mark.slow

N_DOCS = 2500


def test_summary_and_events_answer_during_a_run(run_cli, cli_env, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"text": d.text, "date": d.date}) for d in short_corpus(N_DOCS)) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "big.duckdb"
    assert run_cli("ingest", corpus, "--db", db).returncode == 0
    exe = Path(sys.executable).with_name("whowhom")
    run = subprocess.Popen(
        [str(exe), "run", "--db", str(db), "--batch-size", "32", "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env,
    )  # fmt: skip
    answers: list[tuple[int, int]] = []  # (coded documents, events) seen while the run was going
    listed = 0
    try:
        deadline = time.monotonic() + 120
        while run.poll() is None and time.monotonic() < deadline:
            s = run_cli("summary", "--db", db)
            assert s.returncode == 0, s.stderr
            m = re.search(r"(\d+) documents \((\d+) coded\), (\d+) events", s.stdout)
            assert m, s.stdout
            alive = run.poll() is None
            e = run_cli("events", "--db", db, "--limit", "5", "--format", "jsonl")
            assert e.returncode == 0, e.stderr
            assert len(e.stdout.splitlines()) <= 5
            if alive and run.poll() is None:
                answers.append((int(m.group(2)), int(m.group(3))))
                listed += len(e.stdout.splitlines())
            for line in (s.stderr + e.stderr).splitlines():  # a wait is one line, never a crash
                assert line.startswith("[W401]"), line
    finally:
        if run.poll() is None:
            run.wait(timeout=120)
    out, err = run.communicate()
    assert run.returncode == 0, err
    assert answers, "the run finished before any reader could look"
    partial = [a for a in answers if 0 < a[0] < N_DOCS]
    assert partial, answers  # counts seen mid-run: some documents coded, not all
    assert listed > 0
    assert f"coded {N_DOCS} documents" in out


def test_a_reader_waits_for_a_writer_and_says_so_once(tmp_path: Path) -> None:
    from whowhom.store import open_store

    db = tmp_path / "w.duckdb"
    open_store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(1.5); c.close()", str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    notes: list[str] = []
    import whowhom.store as store_module

    saved = store_module.lock_notice
    store_module.lock_notice = notes.append
    try:
        t0 = time.monotonic()
        with open_store(db, read_only=True) as store:
            assert store.summary()["events"] == 0
        waited = time.monotonic() - t0
    finally:
        store_module.lock_notice = saved
        holder.wait(timeout=30)
    assert 0.5 < waited < 20
    assert len(notes) == 1 and notes[0].startswith("[W401]") and "waiting up to" in notes[0]


def test_a_reader_that_waits_too_long_gets_the_lock_message(run_cli, cli_env, tmp_path: Path) -> None:
    from whowhom.store import open_store

    db = tmp_path / "l.duckdb"
    open_store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(8); c.close()", str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        exe = Path(sys.executable).with_name("whowhom")
        res = subprocess.run(
            [str(exe), "summary", "--db", str(db)], capture_output=True, text=True,
            env={**cli_env, "WHOWHOM_LOCK_WAIT": "1"}, timeout=60, check=False,
        )  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert [line[:6] for line in lines] == ["[W401]", "[E407]"], res.stderr

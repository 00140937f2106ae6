"""The commands under hostile conditions (issue 8): a file named on the command line that
cannot be read, a database held by another process, the same bad file ingested twice."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from hostile import GOOD_TEXT, run_main
from whowhom.lockinfo import info_path, lock_message
from whowhom.store import open_store


def test_unreadable_file_on_the_command_line_is_one_failed_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for us", encoding="utf-8")
    real_access, real_open = os.access, Path.open

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        return False if str(path) == str(secret) else real_access(path, mode)  # type: ignore[arg-type]

    def open_(self: Path, *args: object, **kwargs: object) -> object:
        if self == secret:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)  # what click consults before the command runs
    monkeypatch.setattr(Path, "open", open_)  # and what reading it then meets (tests run as root)
    ran = run_main(capsys, "ingest", good, secret, "--db", tmp_path / "db.duckdb")
    assert ran.code == 1, ran.stderr
    assert ran.lines == [f"[E101] {secret}: cannot read file (Permission denied)."]
    assert "1 new, 0 duplicate, 1 failed" in ran.stdout


def test_same_bad_file_twice_is_one_rejected_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\nnot json\n{"no": "text"}\n', encoding="utf-8")
    db = tmp_path / "db.duckdb"
    for _ in range(3):
        ran = run_main(capsys, "ingest", bad, "--db", db)
        assert ran.code == 1 and len(ran.lines) == 2
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT path, line FROM rejected ORDER BY line").fetchall()
    assert rows == [(str(bad), 2), (str(bad), 3)]


def test_add_rejected_keeps_distinct_rows(tmp_path: Path) -> None:
    with open_store(tmp_path / "db.duckdb") as store:
        for line, message in ((None, "a"), (None, "a"), (1, "a"), (1, "b"), (1, "b")):
            store.add_rejected("f", line, message)
        assert store.con.execute("SELECT count(*) FROM rejected").fetchone() == (3,)


# -- a database held by another process -------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from whowhom.lockinfo import holding
    from whowhom.store import open_store

    db, note = sys.argv[1], sys.argv[2] == "note"
    with open_store(db) as store:
        if note:
            with holding(db, "run"):
                print("ready", flush=True)
                sys.stdin.readline()
        else:
            print("ready", flush=True)
            sys.stdin.readline()
    """
)


@pytest.fixture
def held(
    tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, int]]:
    monkeypatch.setenv("WHOWHOM_LOCK_WAIT", "0.5")  # readers wait this long before giving up
    db = tmp_path / "db.duckdb"
    with open_store(db):
        pass
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), request.param],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    try:
        yield db, proc.pid
    finally:
        proc.communicate("\n", timeout=30)
    assert not info_path(db).exists()  # the holder removed its note


@pytest.mark.parametrize("held", ["note"], indirect=True)
@pytest.mark.parametrize(
    "command", [["summary"], ["events"], ["export", "{dir}/e.jsonl"], ["ingest", "{dir}"]]
)
def test_a_database_in_use_names_the_command_holding_it(
    held: tuple[Path, int], capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    db, pid = held
    ran = run_main(capsys, *[a.format(dir=db.parent) for a in command], "--db", db)
    assert ran.code == 1
    # a reader first says once that it waits ([W401]), then gives up with one coded line
    errors = [x for x in ran.lines if not x.startswith("[W401]")]
    assert len(errors) == 1, ran.lines
    line = errors[0]
    assert line.startswith(f"[E407] {db}: the database is in use by another whowhom process ('whowhom run', "
                           f"PID {pid}, running since ")  # fmt: skip
    assert line.endswith("wait for it to finish and retry.")


@pytest.mark.parametrize("held", ["bare"], indirect=True)
def test_a_database_in_use_by_another_program_names_its_pid(
    held: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    db, pid = held
    ran = run_main(capsys, "summary", "--db", db)
    assert [x for x in ran.lines if not x.startswith("[W401]")] == [
        f"[E407] {db}: the database is in use by another process (PID {pid}), which holds its lock; "
        "wait for it to finish and retry."
    ]


def test_a_note_left_by_a_killed_process_is_not_believed(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    info_path(db).write_text(
        '{"pid": 1, "command": "run", "started": "2026-01-01T00:00:00"}', encoding="utf-8"
    )
    message = (
        f'[E401] {db}: database cannot be opened (IO Error: Could not set lock on file "{db}": '
        "Conflicting lock is held in /usr/bin/python3 (PID 4242). See also https://duckdb.org)."
    )
    assert lock_message(message) == (
        f"[E407] {db}: the database is in use by another process (PID 4242), which holds its lock; "
        "wait for it to finish and retry."
    )
    assert lock_message(f"[E401] {db}: database cannot be opened (Corrupt database file).") is None

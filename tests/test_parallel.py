"""Coding on every core (whowhom.parallel): the same events whatever the number of workers, a
worker that dies is replaced and its batch coded again, a document that kills its worker is
recorded as failed, bad --workers values are one line and exit 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scale_helpers import DEMO, FAULT_CONFIG, FAULTS_ENV, reference_ids, short_corpus
from whowhom.errors import WhowhomError
from whowhom.ingest import read_paths
from whowhom.model import Document
from whowhom.parallel import CoderRecipe, check_workers, code_in_workers, cores
from whowhom.pipeline import CodingFailure, code_documents, code_store
from whowhom.store import Store, open_store

pytestmark = pytest.mark.slow

FAULTY = CoderRecipe(config=FAULT_CONFIG, imports=("scale_helpers",))


def _ids(store: Store) -> frozenset[str]:
    return frozenset(r[0] for r in store.fetchall("SELECT event_id FROM events"))


def _reference(docs: list[Document]) -> frozenset[str]:
    """The event ids of ``docs`` coded in this process with the default coder."""
    return frozenset(
        e.event_id for c in code_documents(docs) if not isinstance(c, CodingFailure) for e in c.events
    )


def _store(tmp_path: Path, docs: list[Document], name: str = "s.duckdb") -> Store:
    store = open_store(tmp_path / name)
    store.add_documents(docs)
    return store


@pytest.fixture(autouse=True)
def _faults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes find the fault stage (tests/ on their path) and where its marks go."""
    monkeypatch.setenv(FAULTS_ENV, str(tmp_path))
    here = str(Path(__file__).parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([here, os.environ.get("PYTHONPATH", "")]))


def test_demo_corpus_two_workers_store_the_same_events(tmp_path: Path) -> None:
    docs = [d for d in read_paths([DEMO]) if isinstance(d, Document)]
    with _store(tmp_path, docs) as store:
        result = code_store(store, workers=2, batch_size=3)  # several batches per worker
        assert result.documents == len(docs) and result.failed == 0
        assert _ids(store) == reference_ids("demo")
        assert store.count_uncoded() == 0


def test_2000_documents_two_workers_against_one(tmp_path: Path) -> None:
    with _store(tmp_path, short_corpus(2000)) as store:
        result = code_store(store, workers=2, batch_size=64)
        assert result.documents == 2000
        assert _ids(store) == reference_ids("short", 2000)
        assert result.events == len(reference_ids("short", 2000))


def test_results_come_back_in_the_order_given() -> None:
    docs = short_corpus(40)
    out = list(code_in_workers(docs, workers=2, batch_size=3))
    assert [c.document.doc_id for c in out] == [d.doc_id for d in docs]


def test_a_worker_killed_mid_batch_is_replaced_and_nothing_is_lost_or_doubled(tmp_path: Path) -> None:
    docs = short_corpus(300)
    docs[130] = Document(text="Iraqi police arrested gunmen near Basra, KILLONCE.", date="2008-03-01")
    with _store(tmp_path, docs) as store:
        result = code_store(store, workers=2, batch_size=16, recipe=FAULTY)
        assert (tmp_path / f"killed-{docs[130].doc_id}").exists()  # it did die
        assert result.failed == 0 and result.documents == 300
        ids = _ids(store)
        assert ids == _reference(docs)  # nothing lost
        n = store.fetchone("SELECT count(*) FROM events")
        assert n is not None and n[0] == len(ids) == result.events  # nothing doubled
        assert store.count_uncoded() == 0


def test_a_document_that_always_kills_its_worker_is_recorded_failed(tmp_path: Path) -> None:
    docs = short_corpus(24)
    bad = Document(text="Hamas sent an envoy to Amman, KILLALWAYS bulletin said.", date="2008-03-02")
    docs.insert(9, bad)
    with _store(tmp_path, docs) as store:
        result = code_store(store, workers=2, batch_size=4, recipe=FAULTY)
        assert result.failed == 1 and result.documents == 24
        failed = store.failed_documents()
        assert [d for d, _ in failed] == [bad.doc_id]
        assert failed[0][1].startswith("[E210]")
        assert _ids(store) == reference_ids("short", 24)


def test_a_document_that_raises_in_a_worker_is_recorded_failed_and_skipped(tmp_path: Path) -> None:
    docs = short_corpus(50)
    bad = Document(text="Kurdish leaders met elders in Kirkuk, RAISE.", date="2008-03-03")
    docs.insert(7, bad)
    with _store(tmp_path, docs) as store:
        result = code_store(store, workers=2, batch_size=8, recipe=FAULTY)
        assert result.failed == 1
        ((doc_id, message),) = store.failed_documents()
        assert doc_id == bad.doc_id and message.startswith("[E209]") and "RuntimeError" in message
        assert _ids(store) == reference_ids("short", 50)


def test_a_coder_that_cannot_be_built_fails_with_its_message() -> None:
    with pytest.raises(WhowhomError, match=r"\[E203\]"):
        list(code_in_workers(short_corpus(4), workers=2, recipe=CoderRecipe(model="no_such_model_xx")))


@pytest.mark.parametrize("value", [0, -1, cores() * 4 + 1])
def test_check_workers_refuses(value: int) -> None:
    with pytest.raises(WhowhomError, match=r"\[E211\]"):
        check_workers(value)


def test_check_workers_accepts_up_to_four_per_core() -> None:
    assert check_workers(1) == 1 and check_workers(cores() * 4) == cores() * 4


@pytest.mark.parametrize("value", ["0", "-3", str(cores() * 4 + 1)])
def test_bad_workers_on_the_command_line_is_one_line_and_exit_2(run_cli, tmp_path: Path, value: str) -> None:
    res = run_cli("run", "--db", tmp_path / "none.duckdb", "--workers", value)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("[E211]"), res.stderr


def test_workers_that_can_never_start_end_the_run_with_one_message() -> None:
    doomed = CoderRecipe(imports=("scale_dies_on_import",))
    with pytest.raises(WhowhomError, match=r"\[E212\]"):
        list(code_in_workers(short_corpus(20), workers=2, recipe=doomed, batch_size=5))

"""Long documents are coded in pieces with exact offsets; over the limit they are refused; one
document that fails costs only itself (issue 8: no poison pills)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import whowhom.pipeline as pipeline
from whowhom.model import Document
from whowhom.store import open_store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH = (
    "Iraqi troops fought Mahdi Army fighters in Basra on Tuesday. "
    "Iran condemned the operation, officials said.\n"
    "The United Nations urged both sides to stop the fighting.\n\n"
)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from whowhom.nlp import load_nlp

    return load_nlp()


def test_pieces_join_back_into_the_text() -> None:
    text = PARAGRAPH * 50
    parts = pipeline.pieces(text, size=1000)
    assert "".join(parts) == text
    assert all(len(p) <= 1000 for p in parts)
    assert all(p.endswith("\n") for p in parts[:-1])  # cut at line breaks


def test_a_long_document_is_coded_in_pieces_with_offsets_into_the_whole_text(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # distinct paragraphs: a line a document prints twice gives its events once
    text = "".join(
        f"Iraqi troops fought Mahdi Army fighters in Basra on day {i}. "
        f"Iran condemned operation {i}, officials said.\n"
        f"The United Nations urged both sides to stop the fighting in district {i}.\n\n"
        for i in range(40)
    )
    whole = list(pipeline.code_documents([Document(text=text, date="2008-03-25")], nlp=nlp))
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 500)
    [(_, events, _)] = list(pipeline.code_documents([Document(text=text, date="2008-03-25")], nlp=nlp))
    assert len(events) >= 80
    for e in events:
        assert text[e.event.start : e.event.end] == e.event.trigger
        assert e.evidence is not None and text[e.evidence.start : e.evidence.end] == e.evidence.text
    # the same events as one parse of the whole text (the pieces end where sentences end)
    assert sorted(e.event_id for e in events) == sorted(e.event_id for e in whole[0].events)


def test_a_document_over_the_limit_is_a_failure_for_itself_alone(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "MAX_DOCUMENT_CHARS", 1000)
    docs = [
        Document(text="Iran condemned Israel."),
        Document(text=PARAGRAPH * 20),
        Document(text="Iraq met Syria."),
    ]
    out = list(pipeline.code_documents(docs, nlp=nlp))
    assert [type(o).__name__ for o in out] == ["Coded", "CodingFailure", "Coded"]
    assert out[1].message.startswith("[E208]")


def test_a_coder_crash_fails_one_document_and_run_records_it(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    with open_store(db) as store:
        store.add_documents(
            [Document(text=t) for t in ("Iran condemned Israel.", "POISON here.", "Iraq met Syria.")]
        )
        coder = pipeline.make_coder()
        real = coder.run

        def run(doc: Any, document: Document) -> Any:
            if "POISON" in document.text:
                raise RuntimeError("a bug met on one document")
            return real(doc, document)

        monkeypatch.setattr(coder, "run", run)
        result = pipeline.code_store(store, coder=coder, nlp=nlp)
        assert (result.documents, result.failed) == (2, 1)
        [(_, message)] = store.failed_documents()
        assert message.startswith("[E209]") and "RuntimeError: a bug met on one document" in message
        assert store.count_uncoded() == 0  # the failed one is not retried forever
        assert pipeline.code_store(store, coder=coder, nlp=nlp).documents == 0


def test_ingest_refuses_a_huge_document_and_run_codes_the_others(
    tmp_path: Path, run_cli_subprocess: Any
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "examples" / "basra-2008", corpus)
    (corpus / "huge.txt").write_text(
        "Iran condemned Israel. " * 100_000, encoding="utf-8"
    )  # 2.3 MB, one line
    db = tmp_path / "w.duckdb"
    run_cli = run_cli_subprocess
    ingest = run_cli("ingest", corpus, "--db", db)
    assert ingest.returncode == 1
    [line] = [x for x in ingest.stderr.splitlines() if x.startswith("[E")]
    assert (
        line.startswith("[E119]") and "huge.txt" in line and "2299999 characters" in line
    )  # stripped of its final space
    assert ingest.stdout.strip().endswith("17 new, 0 duplicate, 1 failed")
    run = run_cli("run", "--db", db)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("coded 17 documents")

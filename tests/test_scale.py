"""Coding on a Dask cluster (whowhom.scale): a LocalCluster of two workers codes the same events
as one process, a worker killed mid-partition costs nothing, shards on shared storage become
event parts that load once, and a bad --dask or --input is one line and exit 2."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scale_helpers import DEMO, FAULT_CONFIG, FAULTS_ENV, reference_ids, short_corpus
from whowhom.ingest import read_paths
from whowhom.model import Document
from whowhom.parallel import CoderRecipe
from whowhom.pipeline import CodingFailure, code_documents
from whowhom.scale.dask_run import run_shards, run_store
from whowhom.scale.load import load_parts
from whowhom.scale.parts import done_keys
from whowhom.store import Store, open_store

pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faults")


@pytest.fixture(scope="module")
def client(faults: Path) -> Iterator[distributed.Client]:
    """Two worker processes that find the fault stage (tests/ on their path)."""
    saved = {k: os.environ.get(k) for k in ("PYTHONPATH", FAULTS_ENV)}
    os.environ[FAULTS_ENV] = str(faults)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])
    import logging

    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
        silence_logs=logging.CRITICAL, memory_limit=0,
    )  # fmt: skip
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def _ids(store: Store) -> frozenset[str]:
    return frozenset(r[0] for r in store.fetchall("SELECT event_id FROM events"))


def _reference(docs: list[Document]) -> frozenset[str]:
    return frozenset(
        e.event_id for c in code_documents(docs) if not isinstance(c, CodingFailure) for e in c.events
    )


def _store(path: Path, docs: list[Document]) -> Store:
    store = open_store(path, per_batch=True)
    store.add_documents(docs)
    return store


def test_demo_corpus_on_a_local_cluster(client: distributed.Client, tmp_path: Path) -> None:
    docs = [d for d in read_paths([DEMO]) if isinstance(d, Document)]
    with _store(tmp_path / "d.duckdb", docs) as store:
        res = run_store(
            client, store, tmp_path / "parts", recipe=CoderRecipe(), batch_size=4, partition_docs=8
        )
        assert res.partitions == 3 and res.failed == 0
        assert _ids(store) == reference_ids("demo")
        assert store.count_uncoded() == 0
    assert len(done_keys(tmp_path / "parts")) == 3


def test_2000_documents_on_a_local_cluster_then_nothing_left(
    client: distributed.Client, tmp_path: Path
) -> None:
    with _store(tmp_path / "s.duckdb", short_corpus(2000)) as store:
        res = run_store(client, store, tmp_path / "parts", recipe=CoderRecipe(), partition_docs=256)
        assert res.documents == 2000 and res.partitions == 8
        assert _ids(store) == reference_ids("short", 2000)
        n = store.fetchone("SELECT count(*) FROM events")
        assert n is not None and n[0] == len(reference_ids("short", 2000))
        again = run_store(client, store, tmp_path / "parts", recipe=CoderRecipe(), partition_docs=256)
        assert again.partitions == 0 and again.events == 0


def test_a_worker_killed_mid_partition_changes_nothing(
    client: distributed.Client, tmp_path: Path, faults: Path
) -> None:
    docs = short_corpus(400)
    docs[150] = Document(text="US forces promised aid to Najaf, KILLONCE bulletin said.", date="2008-04-04")
    recipe = CoderRecipe(config=FAULT_CONFIG, imports=("scale_helpers",))
    with _store(tmp_path / "k.duckdb", docs) as store:
        res = run_store(client, store, tmp_path / "parts", recipe=recipe, partition_docs=128)
        assert (faults / f"killed-{docs[150].doc_id}").exists()  # a worker did die in that partition
        assert res.failed == 0 and res.documents == 400
        assert _ids(store) == _reference(docs)
        n = store.fetchone("SELECT count(*) FROM events")
        assert n is not None and n[0] == len(_reference(docs))


def test_a_document_that_raises_on_a_worker_is_recorded_failed(
    client: distributed.Client, tmp_path: Path
) -> None:
    docs = short_corpus(30)
    bad = Document(text="British troops met elders in Basra, RAISE.", date="2008-04-05")
    docs.insert(3, bad)
    recipe = CoderRecipe(config=FAULT_CONFIG, imports=("scale_helpers",))
    with _store(tmp_path / "f.duckdb", docs) as store:
        res = run_store(client, store, tmp_path / "parts", recipe=recipe)
        assert res.failed == 1 and res.documents == 30
        ((doc_id, message),) = store.failed_documents()
        assert doc_id == bad.doc_id and message.startswith("[E209]")


def test_a_document_that_always_kills_its_worker_is_recorded_failed(tmp_path: Path, faults: Path) -> None:
    import logging

    import dask

    docs = short_corpus(6)
    bad = Document(text="Hamas sent an envoy to Amman, KILLALWAYS.", date="2008-04-06")
    docs.insert(2, bad)
    recipe = CoderRecipe(config=FAULT_CONFIG, imports=("scale_helpers",))
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.CRITICAL,
            memory_limit=0,
        )  # fmt: skip
        with distributed.Client(cluster) as one, _store(tmp_path / "a.duckdb", docs) as store:
            res = run_store(one, store, tmp_path / "parts", recipe=recipe)
            assert res.failed == 1 and res.documents == 6
            ((doc_id, message),) = store.failed_documents()
            assert doc_id == bad.doc_id and message.startswith("[E210]")
            assert _ids(store) == _reference([d for d in docs if d is not bad])
        cluster.close()


def _write_shards(folder: Path) -> list[Document]:
    docs = short_corpus(90, seed=5)
    folder.mkdir()
    for k, part in enumerate((docs[:30], docs[30:60])):
        lines = [json.dumps({"text": d.text, "date": d.date}) for d in part]
        (folder / f"shard-{k}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rest = docs[60:]
    pq.write_table(
        pa.table({"text": [d.text for d in rest], "date": [d.date for d in rest]}), folder / "shard-2.parquet"
    )
    return docs


def test_shards_become_parts_that_load_once(client: distributed.Client, tmp_path: Path) -> None:
    docs = _write_shards(tmp_path / "in")
    out = tmp_path / "parts"
    res = run_shards(client, str(tmp_path / "in" / "*"), out, recipe=CoderRecipe())
    assert res.partitions == 3 and res.documents == 90
    assert len(done_keys(out)) == 3
    with open_store(tmp_path / "e.duckdb") as store:
        got = load_parts(store, out)
        assert got.events == len(_reference(docs)) and _ids(store) == _reference(docs)
        assert load_parts(store, out).events == 0  # again: nothing added
    again = run_shards(client, str(tmp_path / "in" / "*"), out, recipe=CoderRecipe())
    assert (again.partitions, again.skipped) == (0, 3)


def test_a_half_written_part_does_not_count(tmp_path: Path) -> None:
    from whowhom.scale.parts import make_part, part_file, write_part

    docs = short_corpus(3)
    part = make_part("k1", code_documents(docs))
    write_part(tmp_path, part)
    assert done_keys(tmp_path) == {"k1"}
    part_file(tmp_path, "k1", "docs").unlink()  # as if the writer died before its last rename
    assert done_keys(tmp_path) == set()


def test_the_cli_gives_the_same_event_ids_with_workers_1_2_and_dask_local(run_cli, tmp_path: Path) -> None:
    digests = []
    for name, args in [
        ("w1", ["--workers", "1"]),
        ("w2", ["--workers", "2", "--batch-size", "4"]),
        ("dl", ["--dask", "local", "--workers", "2", "--batch-size", "4"]),
    ]:
        db = tmp_path / f"{name}.duckdb"
        assert run_cli("ingest", DEMO, "--db", db).returncode == 0
        res = run_cli("run", "--db", db, *args)
        assert res.returncode == 0, res.stderr
        out = run_cli("events", "--db", db, "--format", "jsonl")
        ids = sorted(json.loads(line)["event_id"] for line in out.stdout.splitlines())
        assert ids
        digests.append(hashlib.sha1("".join(ids).encode()).hexdigest())
    assert len(set(digests)) == 1


def test_load_events_on_the_command_line(run_cli, client: distributed.Client, tmp_path: Path) -> None:
    _write_shards(tmp_path / "in")
    run_shards(client, str(tmp_path / "in" / "*.jsonl"), tmp_path / "parts", recipe=CoderRecipe())
    db = tmp_path / "l.duckdb"
    res = run_cli("load-events", tmp_path / "parts", "--db", db)
    assert res.returncode == 0 and res.stdout.startswith("loaded 2 parts: ") and " 0 new" not in res.stdout
    assert " 0 new events" in run_cli("load-events", tmp_path / "parts", "--db", db).stdout
    bad = run_cli("load-events", tmp_path / "in", "--db", db)
    assert bad.returncode == 1 and bad.stderr.startswith("[E408]")


def test_an_unreachable_scheduler_is_one_line_and_exit_2(run_cli, cli_env, tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "u.duckdb"
    assert run_cli("ingest", DEMO, "--db", db).returncode == 0
    env = {**cli_env, "WHOWHOM_DASK_TIMEOUT": "2"}
    exe = Path(sys.executable).with_name("whowhom")
    res = subprocess.run(
        [str(exe), "run", "--db", str(db), "--dask", "tcp://127.0.0.1:9"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("[E213]"), res.stderr


def test_input_without_dask_is_one_line_and_exit_2(run_cli, tmp_path: Path) -> None:
    res = run_cli("run", "--db", tmp_path / "x.duckdb", "--input", "shards/*.parquet")
    assert res.returncode == 2 and res.stderr.strip().startswith("[E214]")
    assert len(res.stderr.strip().splitlines()) == 1

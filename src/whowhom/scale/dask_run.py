"""Coding on a Dask cluster (``whowhom run --dask ADDRESS|local``).

The client reads the documents in partitions (from the store, or shards on shared storage with
``--input``); each partition is one Dask task, coded on a worker by the one coding path
(``pipeline.code_documents``, through ``parallel.code_batch``) with the coder and model that a
``WorkerPlugin`` built once when the worker started. A partition's output is an event *part*
(``scale.parts``): written by the client into ``<db>.parts`` and loaded into the store as it
arrives (database mode), or written by the worker into ``--out`` (shard mode, then
``whowhom load-events``).

Faults: Dask re-runs the task of a worker that died on another worker (a task is a pure function
of its partition); a part is complete only once its documents file is renamed into place, and a
run codes only what has no complete part and is not marked coded, so running again after a
scheduler or client crash loses nothing and doubles nothing.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import logging
import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from whowhom.errors import Errors, WhowhomError
from whowhom.model import Document
from whowhom.parallel import CoderRecipe, code_batch
from whowhom.scale.parts import (
    Part,
    clear_temporaries,
    done_doc_ids,
    done_keys,
    make_part,
    part_file,
    part_key,
    write_part,
)

if TYPE_CHECKING:
    from distributed import Client

    from whowhom.store import Store

#: Documents per partition (a multiple of the batch size keeps batches as in a local run).
PARTITION_DOCS = 1024
#: Seconds to wait for a scheduler to answer (``WHOWHOM_DASK_TIMEOUT`` overrides it).
CONNECT_TIMEOUT = 10.0
PLUGIN_NAME = "whowhom-coder"


def _timeout() -> float:
    try:
        return float(os.environ.get("WHOWHOM_DASK_TIMEOUT", CONNECT_TIMEOUT))
    except ValueError:
        return CONNECT_TIMEOUT


class CoderPlugin(WorkerPlugin):
    """Builds the coder and the spaCy pipeline once, when a worker starts (or restarts)."""

    name = PLUGIN_NAME

    def __init__(self, recipe: CoderRecipe):
        self.recipe = recipe

    def setup(self, worker: Any) -> None:
        with contextlib.suppress(WhowhomError):  # the first task raises it again, with its message
            self.recipe.build()


def connect(address: str, workers: int) -> tuple[Client, Callable[[], None]]:
    """A client of the scheduler at ``address``, or of a new ``LocalCluster`` of ``workers``
    processes for ``local``; and how to close them. An address nobody answers is ``[E213]``."""
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
            memory_limit=0,
        )
        client = Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()

        return client, close
    try:
        client = Client(address, timeout=_timeout())
    except (OSError, TimeoutError, ValueError) as e:
        reason = (str(e).splitlines() or [type(e).__name__])[0][:200] or type(e).__name__
        raise WhowhomError(Errors.E213.format(address=address, reason=reason)) from e
    return client, client.close


def code_partition(recipe: CoderRecipe, key: str, documents: list[Document], batch_size: int) -> Part:
    """One task: code a partition's documents (in batches, as a local run does) into a part."""
    items: list[Any] = []
    for i in range(0, len(documents), batch_size):
        items += code_batch(recipe, documents[i : i + batch_size])
    return make_part(key, items)


# -- shards on shared storage (--input) ---------------------------------------------------------


def read_shard(path: str) -> list[Document]:
    """Documents of one shard: Parquet with a ``text`` column (and optional ``id``/``doc_id``,
    ``date``, ``title``, ``source``, ``url``, ``author``), or JSON Lines as ``ingest`` reads it."""
    if path.endswith(".parquet"):
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        names = set(table.column_names)
        if "text" not in names:
            raise WhowhomError(
                Errors.E214.format(pattern=path, reason="a Parquet shard needs a 'text' column")
            )
        out = []
        for number, r in enumerate(table.to_pylist(), 1):
            if not isinstance(r.get("text"), str) or not r["text"].strip():
                continue
            ident = r.get("doc_id") or r.get("id")
            date = r.get("date")
            out.append(
                Document(
                    text=r["text"],
                    doc_id=str(ident) if ident else "",
                    date=str(date)[:10] if date else None,
                    title=r.get("title"),
                    source=r.get("source"),
                    url=r.get("url"),
                    author=r.get("author"),
                    path=f"{path}:{number}",
                )
            )
        return out
    from whowhom.ingest.jsonl import read_jsonl

    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return [d for d in read_jsonl(text, path) if isinstance(d, Document)]


def shard_key(path: str) -> str:
    """A shard's part name: its path, size and modification time (a changed shard is coded anew)."""
    info = os.stat(path)
    return hashlib.sha1(f"{os.path.abspath(path)}|{info.st_size}|{info.st_mtime_ns}".encode()).hexdigest()[
        :20
    ]


def code_shard(recipe: CoderRecipe, path: str, out: str, batch_size: int) -> tuple[str, int, int, int]:
    """One task of shard mode: read a shard, code it, write its part into ``out`` (shared
    storage); returns (key, documents, events, failed)."""
    key = shard_key(path)
    documents = read_shard(path)
    part = code_partition(recipe, key, documents, batch_size)
    write_part(Path(out), part)
    return key, len(documents), part.n_events, part.n_failed


def shards(pattern: str) -> list[str]:
    found = sorted(p for p in glob.glob(pattern, recursive=True) if p.endswith((".parquet", ".jsonl")))
    if not found:
        raise WhowhomError(Errors.E214.format(pattern=pattern, reason="no .parquet or .jsonl file matches"))
    return found


# -- the runs ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Failed:
    """A document recorded as failed by the client (what ``make_part`` takes for a failure)."""

    document: Document
    message: str


@dataclass(slots=True)
class DaskResult:
    partitions: int = 0
    skipped: int = 0  # partitions with a complete part already
    documents: int = 0
    events: int = 0
    failed: int = 0


def _window(client: Client) -> int:
    n = len(client.scheduler_info().get("workers", {})) or 1
    return 2 * n + 1


def _submit_plugin(client: Client, recipe: CoderRecipe) -> None:
    client.register_plugin(CoderPlugin(recipe), name=PLUGIN_NAME)


def run_store(
    client: Client,
    store: Store,
    parts_dir: Path,
    *,
    recipe: CoderRecipe,
    batch_size: int = 64,
    partition_docs: int = PARTITION_DOCS,
    on_progress: Callable[[int], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
) -> DaskResult:
    """Code the store's uncoded documents on the cluster; each part is written into
    ``parts_dir`` and loaded into the store as it arrives (the store held per batch)."""
    from distributed import KilledWorker, as_completed

    from whowhom.scale.load import load_parts

    result = DaskResult()
    clear_temporaries(parts_dir)
    load_parts(store, parts_dir)  # parts a killed run wrote but did not load
    covered = done_doc_ids(parts_dir)
    _submit_plugin(client, recipe)
    partition_docs = max(batch_size, partition_docs // batch_size * batch_size)

    def partitions() -> Iterator[tuple[str, list[Document]]]:
        chunk: list[Document] = []
        for d in store.uncoded_documents():
            if d.doc_id in covered:
                continue
            chunk.append(d)
            if len(chunk) >= partition_docs:
                yield part_key([x.doc_id for x in chunk]), chunk
                chunk = []
        if chunk:
            yield part_key([x.doc_id for x in chunk]), chunk

    todo = partitions()
    window = _window(client)
    running = as_completed()
    given: dict[str, list[Document]] = {}
    alone: deque[Document] = deque()  # documents of a partition that kept killing its workers

    def send(key: str, docs: list[Document]) -> None:
        given[key] = docs
        task = client.submit(code_partition, recipe, key, docs, batch_size, key=f"whowhom-{key}", pure=False)
        running.add(task)

    def submit() -> bool:
        nxt = next(todo, None)
        if nxt is None:
            return False
        send(*nxt)
        result.partitions += 1
        return True

    def send_alone() -> None:
        # one at a time: a worker's death then counts against its one task, not its queue too
        if alone:
            d = alone.popleft()
            send(part_key([d.doc_id]), [d])

    for _ in range(window):
        if not submit():
            break
    for future in running:
        key = str(future.key).removeprefix("whowhom-")
        docs = given.pop(key)
        try:
            part: Part = future.result()
        except KilledWorker:
            # workers died on this partition as often as the scheduler allows: each document is
            # tried alone, and one that still kills its worker is recorded as failed
            future.release()
            if len(docs) > 1:
                alone.extend(docs)
                send_alone()
                continue
            message = Errors.E210.format(doc_id=docs[0].doc_id, where=docs[0].path or "stored document")
            part = make_part(key, [_Failed(docs[0], message)])
        if len(docs) == 1:  # the next document tried alone, if any
            send_alone()
        future.release()
        write_part(parts_dir, part)
        loaded = load_parts(store, parts_dir, keys=[part.key])
        result.documents += part.docs.num_rows - part.n_failed
        result.events += loaded.events
        result.failed += part.n_failed
        if on_failure is not None:
            for message in part.docs.column("failed").to_pylist():
                if message is not None:
                    on_failure(message)
        if on_progress is not None:
            on_progress(part.docs.num_rows)
        submit()
    return result


def run_shards(
    client: Client,
    pattern: str,
    out: Path,
    *,
    recipe: CoderRecipe,
    batch_size: int = 64,
    on_progress: Callable[[int], None] | None = None,
) -> DaskResult:
    """Code every shard matching ``pattern`` that has no complete part in ``out`` yet; workers
    read the shards and write the parts themselves (both on storage every worker reaches)."""
    from distributed import as_completed

    result = DaskResult()
    out.mkdir(parents=True, exist_ok=True)
    clear_temporaries(out)
    done = done_keys(out)
    todo = []
    for path in shards(pattern):
        if shard_key(path) in done:
            result.skipped += 1
        else:
            todo.append(path)
    _submit_plugin(client, recipe)
    futures = [
        client.submit(
            code_shard, recipe, path, str(out), batch_size, key=f"whowhom-shard-{shard_key(path)}", pure=False
        )
        for path in todo
    ]
    result.partitions = len(futures)
    for future in as_completed(futures):
        _key, n_docs, n_events, n_failed = future.result()
        result.documents += n_docs - n_failed
        result.events += n_events
        result.failed += n_failed
        if on_progress is not None:
            on_progress(1)
    return result


def describe(result: DaskResult) -> str:
    return json.dumps(
        {
            "partitions": result.partitions,
            "skipped": result.skipped,
            "documents": result.documents,
            "events": result.events,
            "failed": result.failed,
        }
    )


__all__ = [
    "CoderPlugin",
    "DaskResult",
    "code_partition",
    "code_shard",
    "connect",
    "part_file",
    "run_shards",
    "run_store",
]

"""Coding on every core: the one coding path (``pipeline.code_documents``) in worker processes.

Each worker process builds the spaCy pipeline and the coder once (``CoderRecipe.build``, cached
per process) and codes whole batches; the parent reads documents, hands out batches, and gets
back ``Coded`` results or ``CodingFailure``s **in the order given**, so that what is stored (and
every event id, which hangs on the text alone) is the same whatever the number of workers.

A worker that dies (killed, out of memory, a crash in native code) breaks the pool: the batches
that were in flight are handed to a new pool and coded again, nothing is lost or doubled. A batch
that was in flight at two breaks is suspect: it is coded one document at a time beside the pool,
and the one document that kills its worker is recorded as failed (``[E210]``).
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from whowhom.errors import Errors, WhowhomError
from whowhom.model import Coded, Discard, Document, Event

if TYPE_CHECKING:
    from spacy.language import Language

    from whowhom.coding.stages import Coder, CoderConfig, CoderSettings
    from whowhom.pipeline import CodingFailure

#: More workers than this many per core is refused (``[E211]``): they would only share the cores.
MAX_WORKERS_PER_CORE = 4
#: Breaks of the pool in a row (no batch coded between them) after which the run gives up
#: (``[E212]``): something kills every worker, not one document.
MAX_BREAKS = 8


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_workers(workers: int) -> int:
    """``workers`` if it is a usable number of worker processes, else ``[E211]``."""
    limit = cores() * MAX_WORKERS_PER_CORE
    if workers < 1 or workers > limit:
        raise WhowhomError(Errors.E211.format(value=workers, limit=limit, cores=cores()))
    return workers


@dataclass(frozen=True, slots=True)
class CoderRecipe:
    """What a worker needs to build the coder itself (picklable; the coder and model are not)."""

    dictionaries: Path | None = None
    model: str | None = None
    settings: CoderSettings | None = None
    config: CoderConfig | None = None
    headlines: bool = True
    #: Modules a worker imports first: those that register the configuration's own stages.
    imports: tuple[str, ...] = ()

    def build(self) -> tuple[Coder, Language]:
        """The coder and the pipeline, built once per process (later calls return the same)."""
        key = _recipe_key(self)
        if key not in _BUILT:
            for module in self.imports:
                importlib.import_module(module)
            from whowhom.nlp import load_nlp
            from whowhom.pipeline import make_coder

            _BUILT[key] = (make_coder(self.dictionaries, self.settings, self.config), load_nlp(self.model))
        return _BUILT[key]


_BUILT: dict[str, tuple[Coder, Language]] = {}


def _recipe_key(recipe: CoderRecipe) -> str:
    return repr((recipe.dictionaries, recipe.model, recipe.settings, recipe.config, recipe.imports))


def code_batch(recipe: CoderRecipe, documents: list[Document]) -> list[Coded | CodingFailure]:
    """Code one batch with this process's coder (what a worker runs)."""
    from whowhom.pipeline import code_documents

    coder, nlp = recipe.build()
    return list(
        code_documents(
            documents, coder=coder, nlp=nlp, batch_size=max(1, len(documents)), headlines=recipe.headlines
        )
    )


#: What a pool worker sends back for one document: (events, discards) or the failure's message;
#: the parent has the document already, so its text does not travel back.
_Slim = tuple[list[Event], list[Discard]] | str


def _code_batch_slim(recipe: CoderRecipe, documents: list[Document]) -> list[_Slim]:
    return [
        (item.events, item.discarded) if isinstance(item, Coded) else item.message
        for item in code_batch(recipe, documents)
    ]


def _unslim(documents: list[Document], slim: list[_Slim]) -> list[Coded | CodingFailure]:
    from whowhom.pipeline import CodingFailure

    out: list[Coded | CodingFailure] = []
    for d, item in zip(documents, slim, strict=True):
        out.append(CodingFailure(d, item) if isinstance(item, str) else Coded(d, item[0], item[1]))
    return out


def _init_worker(recipe: CoderRecipe) -> None:
    with contextlib.suppress(WhowhomError):  # raised again, with its message, by the first batch
        recipe.build()


@dataclass(slots=True)
class _Batch:
    documents: list[Document]
    breaks: int = 0
    future: Future[list[_Slim]] | None = field(default=None, repr=False)


def code_in_workers(
    documents: Iterable[Document],
    *,
    workers: int,
    recipe: CoderRecipe | None = None,
    batch_size: int = 64,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[Coded | CodingFailure]:
    """``pipeline.code_documents`` over ``workers`` processes: the same results, in the same order.

    ``pool``: a pool made by ``worker_pool`` to use (and keep) instead of a new one, for a caller
    that codes many corpora (a benchmark, a service); a pool that breaks is replaced."""
    recipe = recipe or CoderRecipe()

    def new_pool(n: int) -> ProcessPoolExecutor:
        return worker_pool(n, recipe)

    def batches() -> Iterator[_Batch]:
        chunk: list[Document] = []
        for document in documents:
            chunk.append(document)
            if len(chunk) >= batch_size:
                yield _Batch(chunk)
                chunk = []
        if chunk:
            yield _Batch(chunk)

    todo = batches()
    window = 2 * workers + 1  # batches in flight: every worker busy, the next one waiting
    pending: deque[_Batch] = deque()
    breaks = [0]  # breaks since the last batch that came back (shared with _isolate)
    live = pool or new_pool(workers)

    def submit(b: _Batch) -> Future[list[_Slim]]:
        try:
            return live.submit(_code_batch_slim, recipe, b.documents)
        except BrokenProcessPool as e:  # broke since the last look: handled at this batch's turn
            broken: Future[list[_Slim]] = Future()
            broken.set_exception(e)
            return broken

    try:
        while True:
            while len(pending) < window:
                nxt = next(todo, None)
                if nxt is None:
                    break
                nxt.future = submit(nxt)
                pending.append(nxt)
            if not pending:
                return
            head = pending[0]
            if head.future is None:  # a suspect: coded alone, beside the pool
                yield from _isolate(head.documents, new_pool, recipe, breaks)
                pending.popleft()
                continue
            try:
                results = head.future.result()
            except BrokenProcessPool:
                _broke(breaks)
                live.shutdown(wait=True, cancel_futures=True)
                live = new_pool(workers)
                for b in pending:  # in flight when the worker died: coded again
                    b.breaks += 1
                    b.future = None if b.breaks >= 2 else submit(b)
                continue
            pending.popleft()
            breaks[0] = 0
            yield from _unslim(head.documents, results)
    finally:
        if live is not pool:
            live.shutdown(wait=False, cancel_futures=True)


#: One thread per worker for the numeric libraries under spaCy: N workers with N threads each on
#: N cores would only fight over them (Dask's nanny sets the same for its workers).
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def worker_pool(workers: int, recipe: CoderRecipe) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that build the coder of ``recipe`` as they start."""
    for name in _ONE_THREAD:  # inherited by the spawned workers (a value already set is kept)
        os.environ.setdefault(name, "1")
    context = multiprocessing.get_context("spawn")  # no fork of the parent's threads or database
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(recipe,)
    )


def _broke(breaks: list[int]) -> None:
    """Count a break; give up (``[E212]``) after ``MAX_BREAKS`` with no batch coded between them:
    then something kills every worker (a model that cannot load, no memory), not one document."""
    breaks[0] += 1
    if breaks[0] > MAX_BREAKS:
        raise WhowhomError(Errors.E212.format(count=breaks[0]))


def _isolate(
    documents: list[Document],
    new_pool: Callable[[int], ProcessPoolExecutor],
    recipe: CoderRecipe,
    breaks: list[int],
) -> Iterator[Coded | CodingFailure]:
    """Code a suspect batch one document at a time in a pool of one, so that a break is that
    document's own: the one whose coding kills its worker is a failure, ``[E210]``. (Coding is
    the same in a batch or alone: spaCy parses each text on its own.)"""
    from whowhom.pipeline import CodingFailure

    pool = new_pool(1)
    try:
        for d in documents:
            try:
                results = pool.submit(_code_batch_slim, recipe, [d]).result()
            except BrokenProcessPool:
                _broke(breaks)
                yield CodingFailure(d, Errors.E210.format(doc_id=d.doc_id, where=d.path or "stored document"))
                pool.shutdown(wait=True)
                pool = new_pool(1)
                continue
            breaks[0] = 0
            yield from _unslim([d], results)
    finally:
        pool.shutdown(wait=True)

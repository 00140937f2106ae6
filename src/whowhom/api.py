"""whowhom's Python API: the functions every face (CLI, report, workbench) calls.

    import whowhom
    for event in whowhom.code_text("Iran condemned the attack on Basra.", date="2008-03-26"):
        print(event.source.code, event.event.code, event.target.code)

``code_text`` codes text without a database; ``ingest`` stores documents; ``run`` codes the
stored documents; ``open_store`` opens a store to query; ``align`` and ``assess`` answer who
is aligned with whom and which explanation the evidence supports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from whowhom.model import Document, Event
from whowhom.store import DEFAULT_DB, Store, open_store

if TYPE_CHECKING:
    from whowhom.analysis.alignment import Alignment
    from whowhom.analysis.groups import ActorSpec
    from whowhom.analysis.hypfile import HypothesisFile
    from whowhom.analysis.hypotheses import Assessment
    from whowhom.analysis.issues import IssueSet
    from whowhom.analysis.stances import StanceSettings
    from whowhom.ingest import IngestFailure
    from whowhom.pipeline import CodingFailure, RunResult

__all__ = ["DEFAULT_DB", "IngestResult", "align", "assess", "code_text", "ingest", "open_store", "run"]


def code_text(
    text: str,
    *,
    date: str | None = None,
    title: str | None = None,
    source: str | None = None,
    author: str | None = None,
    dictionaries: Path | None = None,
    model: str | None = None,
) -> list[Event]:
    """The events of one text (a document: its date anchors relative dates; its title is
    coded as its headline; its outlet is the outer attribution layer). A text that cannot be
    coded raises ``WhowhomError`` with the coded message."""
    from whowhom.errors import WhowhomError
    from whowhom.nlp import load_nlp
    from whowhom.pipeline import CodingFailure, code_documents, make_coder

    document = Document(text=text, date=date, title=title, source=source, author=author)
    [item] = list(code_documents([document], coder=make_coder(dictionaries), nlp=load_nlp(model)))
    if isinstance(item, CodingFailure):
        raise WhowhomError(item.message)
    return item.events


@dataclass(slots=True)
class IngestResult:
    """What ``ingest`` stored: new documents, duplicates (same text), and the inputs that failed."""

    new: int = 0
    duplicate: int = 0
    failures: list[IngestFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def ingest(
    paths: Iterable[str | Path],
    *,
    db: str | Path = DEFAULT_DB,
    max_bytes: int | None = None,
    on_failure: Callable[[IngestFailure], None] | None = None,
) -> IngestResult:
    """Store the documents in ``paths`` (files or folders) in the store at ``db``. An input that
    cannot be read is recorded in the ``rejected`` table and reported to ``on_failure``; the
    others are stored."""
    from whowhom.ingest import DEFAULT_MAX_BYTES, IngestFailure, read_paths
    from whowhom.lockinfo import holding

    result = IngestResult()
    with open_store(db, per_batch=True) as store, holding(db, "ingest"):

        def documents() -> Iterable[Document]:
            for item in read_paths(paths, max_bytes=max_bytes or DEFAULT_MAX_BYTES):
                if isinstance(item, IngestFailure):
                    result.failures.append(item)
                    store.add_rejected(item.path, item.line, item.message)
                    if on_failure:
                        on_failure(item)
                else:
                    yield item

        added = store.add_documents(documents())
    result.new, result.duplicate = added.new, added.duplicate
    return result


def run(
    db: str | Path = DEFAULT_DB,
    *,
    dictionaries: Path | None = None,
    model: str | None = None,
    batch_size: int | None = None,
    workers: int = 1,
    on_batch: Callable[[int], None] | None = None,
    on_failure: Callable[[CodingFailure], None] | None = None,
) -> RunResult:
    """Code every stored document not yet coded and store its events, in ``workers`` processes
    (1: in this one); the store is held only per batch, so readers get in between."""
    from whowhom.lockinfo import holding
    from whowhom.parallel import CoderRecipe
    from whowhom.pipeline import DEFAULT_BATCH_SIZE, code_store

    with open_store(db, must_exist=True, per_batch=True) as store, holding(db, "run"):
        return code_store(
            store,
            recipe=CoderRecipe(dictionaries=dictionaries, model=model),
            workers=workers,
            batch_size=batch_size or DEFAULT_BATCH_SIZE,
            on_batch=on_batch,
            on_failure=on_failure,
        )


def _issue_set(issues: IssueSet | str | Path | None) -> IssueSet | None:
    from whowhom.analysis.issues import load_issues

    if issues is None or not isinstance(issues, str | Path):
        return issues
    return load_issues(Path(issues))


def align(
    store: Store,
    issues: IssueSet | str | Path | None = None,
    *,
    actors: ActorSpec | str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    window_days: int | None = None,
    settings: StanceSettings | None = None,
    corrections: bool = True,
) -> Alignment:
    """Who is aligned with whom: stances on the issues (a file or an ``IssueSet``), pairwise
    agreement, the signed network and its blocs; ``actors`` as ``--actors`` takes them
    ("Iran,Mahdi Army", a code prefix, ``id:NAME``) or an ``ActorSpec``. Analysts' corrections
    (the workbench's) are applied unless ``corrections`` is false."""
    from whowhom.analysis.alignment import align as run_align
    from whowhom.analysis.groups import ActorSpec, actor_spec

    issue_set = _issue_set(issues)
    if not isinstance(actors, ActorSpec):
        actors = actor_spec(actors, dict(issue_set.named_actors) if issue_set else {})
    return run_align(
        store,
        issue_set=issue_set,
        actors=actors,
        since=since,
        until=until,
        window_days=window_days,
        settings=settings,
        corrections=corrections,
    )


def assess(
    store: Store,
    hypotheses: HypothesisFile | str | Path,
    *,
    issues: IssueSet | str | Path | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    settings: StanceSettings | None = None,
    corrections: bool = True,
) -> Assessment:
    """Weigh the competing hypotheses of a file (or a parsed ``HypothesisFile``) against the
    stored evidence: posteriors, diagnosticity, sensitivity and the events behind each item."""
    from whowhom.analysis.hypfile import load_hypotheses
    from whowhom.analysis.hypotheses import assess as run_assess

    if isinstance(hypotheses, str | Path):
        hypotheses = load_hypotheses(Path(hypotheses), issues=_issue_set(issues))
    return run_assess(store, hypotheses, since=since, until=until, settings=settings, corrections=corrections)

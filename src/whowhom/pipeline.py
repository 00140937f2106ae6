"""The one coding path every face calls: documents in, (document, events) out.

A document that cannot be coded (whatever the reason) is reported as a failure for that
document alone; the others are coded. A long document is parsed in pieces of at most
``PIECE_CHARS`` characters, cut at line breaks, joined back into one parse whose offsets are
exact into the whole text; documents over ``MAX_DOCUMENT_CHARS`` are refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from whowhom.coding.actors.phrases import token_word
from whowhom.coding.headlines import code_headline, headline_text, sentence_case
from whowhom.coding.stages import Coder, CoderConfig, CoderSettings
from whowhom.errors import Errors, WhowhomError
from whowhom.knowledge import load_knowledge
from whowhom.model import MAX_DOCUMENT_CHARS, Coded, Document
from whowhom.nlp import load_nlp
from whowhom.parallel import CoderRecipe
from whowhom.store import Store

DEFAULT_BATCH_SIZE = 64
#: Long documents are parsed in pieces of about this many characters (spaCy's own limit is
#: ``nlp.max_length``, 1,000,000 by default, and its memory grows with the piece).
PIECE_CHARS = 100_000


@dataclass(slots=True)
class CodingFailure:
    """A document that could not be coded, and why (a coded one-line message)."""

    document: Document
    message: str


def make_coder(
    dictionaries: Path | None = None,
    settings: CoderSettings | None = None,
    config: CoderConfig | None = None,
) -> Coder:
    return Coder(load_knowledge(dictionaries), settings, config=config)


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most about ``size`` characters that join back into it:
    at a paragraph break if there is one in the second half of the piece, else a line break,
    else a sentence end, else a space."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            k = window.rfind(mark)
            if k > size // 2:
                cut = k + len(mark)
                break
        if cut <= 0:
            cut = size
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse(nlp: Language, text: str) -> Doc:
    """One parse of ``text``, in pieces when it is long."""
    if len(text) <= PIECE_CHARS:
        return nlp(text)
    docs = []
    for piece in nlp.pipe(pieces(text)):
        piece.tensor = numpy.zeros((0,), dtype="float32")  # unused by the coder; most of the memory
        docs.append(piece)
    return Doc.from_docs(docs, ensure_whitespace=False)


def _where(document: Document) -> str:
    return document.path or "stored document"


def _failure(document: Document, error: BaseException) -> CodingFailure:
    if isinstance(error, WhowhomError):
        return CodingFailure(document, str(error))
    reason = (str(error).splitlines() or [""])[0][:200] or type(error).__name__
    return CodingFailure(
        document,
        Errors.E209.format(
            doc_id=document.doc_id, where=_where(document), reason=f"{type(error).__name__}: {reason}"
        ),
    )


def _too_long(document: Document) -> CodingFailure | None:
    if len(document.text) > MAX_DOCUMENT_CHARS:
        return CodingFailure(
            document,
            Errors.E208.format(
                doc_id=document.doc_id,
                where=_where(document),
                size=len(document.text),
                limit=MAX_DOCUMENT_CHARS,
            ),
        )
    return None


def _parse_batch(nlp: Language, texts: Sequence[str]) -> list[Doc | BaseException]:
    """Parses of a batch; when the batch fails, each text again alone, so one bad document
    costs only itself."""
    if all(len(t) <= PIECE_CHARS for t in texts):
        try:
            return list(nlp.pipe(texts))
        except Exception:  # isolated below, document by document
            pass
    out: list[Doc | BaseException] = []
    for t in texts:
        try:
            out.append(parse(nlp, t))
        except Exception as e:
            out.append(e)
    return out


def code_documents(
    documents: Iterable[Document],
    *,
    coder: Coder | None = None,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    headlines: bool = True,
    headline_repeats: bool = False,
) -> Iterator[Coded | CodingFailure]:
    """Parse documents in batches through ``nlp.pipe`` and code each one (and its headline,
    unless ``headlines`` is false); a document that fails is yielded as a ``CodingFailure``.
    ``headline_repeats`` keeps the headline events that its lead repeats (for scoring a
    headline on its own; a stored document counts one report once)."""
    coder = coder or make_coder()
    nlp = nlp or load_nlp()
    batch: list[Document] = []
    actors = coder.kb.actors.entries

    def is_name(word: str) -> bool:
        return (token_word(word),) in actors

    def flush() -> Iterator[Coded | CodingFailure]:
        refused = [_too_long(d) for d in batch]
        todo = [d for d, r in zip(batch, refused, strict=True) if r is None]
        heads = [headline_text(d.title) if headlines else None for d in todo]
        recased = [sentence_case(h, d.text, is_name) for h, d in zip(heads, todo, strict=True) if h]
        parsed = _parse_batch(nlp, [d.text for d in todo] + recased)
        bodies, titles = iter(parsed[: len(todo)]), iter(parsed[len(todo) :])
        heads_of = iter(heads)
        for document, refusal in zip(batch, refused, strict=True):  # in the order given
            if refusal is not None:
                yield refusal
                continue
            body, head = next(bodies), next(heads_of)
            title = next(titles) if head else None
            if isinstance(body, BaseException):
                yield _failure(document, body)
                continue
            try:
                state = coder.run(body, document)
                events = state.events
                if title is not None and not isinstance(title, BaseException):
                    events = (
                        code_headline(coder, title, document, state, keep_repeats=headline_repeats) + events
                    )
                yield Coded(document, events, state.discarded)
            except Exception as e:
                yield _failure(document, e)

    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


@dataclass(slots=True)
class RunResult:
    """What ``code_store`` did: documents coded, events stored, documents that failed, and
    how many units each discard rule kept out (by rule)."""

    documents: int = 0
    events: int = 0
    failed: int = 0
    discarded: Counter[str] = field(default_factory=Counter)


def code_store(
    store: Store,
    *,
    coder: Coder | None = None,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
    on_failure: Callable[[CodingFailure], None] | None = None,
    workers: int = 1,
    recipe: CoderRecipe | None = None,
) -> RunResult:
    """Code every stored document not yet coded; store events batch by batch (so an interrupted
    run keeps what it finished). A document that fails is recorded as failed, with its message,
    and skipped. ``on_batch`` hears how many documents each batch finished, ``on_failure`` each
    failure.

    With ``workers`` > 1 the batches are coded in that many processes, each building its coder
    from ``recipe`` (``coder`` and ``nlp`` are then not used); results come back in the order of
    the documents, so the store ends the same as with one."""
    result = RunResult()
    batch: list[Coded] = []

    def save() -> None:
        nonlocal batch
        if batch:
            result.events += store.save_events(batch)
            result.documents += len(batch)
            if on_batch:
                on_batch(len(batch))
            batch = []

    items: Iterable[Coded | CodingFailure]
    if workers > 1:
        from whowhom.parallel import code_in_workers

        items = code_in_workers(
            store.uncoded_documents(), workers=workers, recipe=recipe, batch_size=batch_size
        )
    else:
        if coder is None and recipe is not None:
            coder, nlp = recipe.build()
        items = code_documents(store.uncoded_documents(), coder=coder, nlp=nlp, batch_size=batch_size)
    for item in items:
        if isinstance(item, CodingFailure):
            store.mark_failed(item.document.doc_id, item.message)
            result.failed += 1
            if on_failure:
                on_failure(item)
            if on_batch:
                on_batch(1)
            continue
        result.discarded.update(d.rule for d in item.discarded)
        batch.append(item)
        if len(batch) >= batch_size:
            save()
    save()
    return result

"""The ``whowhom`` command: one sub-command per user task, each a thin call into the core.

Domain errors (``WhowhomError``) become one line on stderr and exit code 1; usage errors
exit 2 (click's convention); partial failures (some files unreadable) exit 1 after the
rest of the work is done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from whowhom import __version__
from whowhom.cli_analysis import register as register_analysis
from whowhom.cli_interop import OriginOption
from whowhom.cli_interop import register as register_interop
from whowhom.cli_options import (
    DEFAULT_DB,
    MODALITY_CHOICES,
    CorrectionsOption,
    DbOption,
    DictOption,
    DyadsOption,
    ForceOption,
    ModalityOption,
    ModelOption,
    choice,
    iso_date,
)
from whowhom.cli_report import register as register_report
from whowhom.cli_scale import register as register_scale
from whowhom.cli_web import register as register_web
from whowhom.errors import Errors, WhowhomError
from whowhom.model import Document
from whowhom.output import FORMATS as EVENT_FORMATS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="News text in, sourced and coded political events out.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

PROGRESS_MIN_DOCS = 20  # below this a progress bar is noise


def _fail(message: str) -> typer.Exit:
    err.print(message, markup=False)
    return typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"whowhom {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """whowhom: who did or said what to whom, where, when, according to whom, and how surely."""


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        # readable=False: an unreadable file is one failed input (E101), not a usage error
        typer.Argument(help="Files or directories (.txt, .html, .jsonl, RSS/Atom).", readable=False),
    ],
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Largest file to read, in bytes.")
    ] = None,
) -> None:
    """Store documents in the database; each text is stored once."""
    from whowhom.api import ingest as ingest_paths

    result = ingest_paths(
        paths, db=db, max_bytes=max_bytes, on_failure=lambda f: err.print(f.message, markup=False)
    )
    typer.echo(f"{result.new} new, {result.duplicate} duplicate, {result.failed} failed")
    if result.failed:
        raise typer.Exit(1)


@app.command()
def run(
    db: DbOption = DEFAULT_DB,
    dictionaries: DictOption = None,
    model: ModelOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per nlp.pipe batch.")
    ] = 64,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Worker processes (default: the cores; 1: in this process)."),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Code on a Dask cluster: a scheduler (tcp://host:8786) or 'local'."),
    ] = None,
    input_glob: Annotated[
        str | None,
        typer.Option("--input", help="With --dask: code the Parquet/JSONL shards this glob matches."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="With --dask: the folder of event parts (default: <db>.parts)."),
    ] = None,
) -> None:
    """Code every stored document not yet coded, and store its events."""
    from whowhom.cli_scale import check_run_options, run_dask

    n = check_run_options(workers, dask, input_glob, err)
    if dask is not None:
        run_dask(db, dask, n, input_glob, out, dictionaries, model, batch_size, err)
        return
    from whowhom.lockinfo import holding
    from whowhom.parallel import CoderRecipe
    from whowhom.pipeline import code_store
    from whowhom.store import open_store

    # per batch: readers (events, summary, report, align) get in between this run's batches
    with open_store(db, must_exist=True, per_batch=True) as store, holding(db, "run"):
        total = store.count_uncoded()
        store.release()
        if total == 0:
            typer.echo("0 documents to code (all stored documents are coded)")
            return
        n = max(1, min(n, -(-total // batch_size)))  # no more workers than batches
        recipe = CoderRecipe(dictionaries=dictionaries, model=model)
        with Progress(
            TextColumn("coding"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            disable=total < PROGRESS_MIN_DOCS or not err.is_terminal,
        ) as progress:
            task = progress.add_task("coding", total=total)
            result = code_store(
                store,
                recipe=recipe,
                workers=n,
                batch_size=batch_size,
                on_batch=lambda k: progress.advance(task, k),
                on_failure=lambda f: err.print(f.message, markup=False, highlight=False),
            )
    typer.echo(
        f"coded {result.documents} documents: {result.events} events"
        + (f"; {result.failed} failed" if result.failed else "")
    )
    if result.discarded:
        why = ", ".join(f"{n} {rule}" for rule, n in result.discarded.most_common())
        typer.echo(f"discarded {sum(result.discarded.values())} units ({why}); see 'whowhom summary'")
    if result.failed:
        raise typer.Exit(1)


def _read_code_input(
    source: str, input_format: str, date: str | None, failures: list[str]
) -> Iterator[Document]:
    """Documents to code from a file or stdin; bad JSONL lines are reported and skipped."""
    from whowhom.ingest.jsonl import read_jsonl

    if source == "-":
        text = sys.stdin.read()
        name = "<stdin>"
    else:
        path = Path(source)
        if not path.is_file():
            raise WhowhomError(Errors.E111.format(path=path))
        text = path.read_text(encoding="utf-8", errors="replace")
        name = str(path)
    if input_format == "text":
        if text.strip():
            yield Document(text=text.strip(), doc_id=Path(name).stem if source != "-" else "", date=date)
        return
    for item in read_jsonl(text, name, keep_ids=True):
        if isinstance(item, Document):
            item.date = item.date or date
            yield item
        else:
            err.print(item.message, markup=False)
            failures.append(item.message)


@app.command()
def code(
    source: Annotated[str, typer.Argument(help="A text or JSON Lines file, or - for standard input.")] = "-",
    date: Annotated[
        str | None,
        typer.Option("--date", help="Document date, YYYY-MM-DD (anchors roles and relative dates)."),
    ] = None,
    input_format: Annotated[
        str, typer.Option("--input-format", help="text | jsonl ({id, text, date} per line).")
    ] = "text",
    fmt: Annotated[str, typer.Option("--format", help="jsonl | csv | table")] = "jsonl",
    dictionaries: DictOption = None,
    model: ModelOption = None,
) -> None:
    """Code text without a database and print its events."""
    from whowhom.output import write_events
    from whowhom.pipeline import code_documents, make_coder

    choice("input-format", input_format, ("text", "jsonl"))
    choice("format", fmt, EVENT_FORMATS)
    iso = iso_date(date)
    failures: list[str] = []
    coder = make_coder(dictionaries)
    from whowhom.nlp import load_nlp

    nlp = load_nlp(model)
    from whowhom.pipeline import CodingFailure

    def coded() -> Iterator[dict[str, Any]]:
        documents = _read_code_input(source, input_format, iso, failures)
        for item in code_documents(documents, coder=coder, nlp=nlp):
            if isinstance(item, CodingFailure):
                failures.append(item.message)
                err.print(item.message, markup=False, highlight=False)
                continue
            yield from (e.to_dict() for e in item[1])

    write_events(coded(), fmt, sys.stdout)
    if failures:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Actor code prefix, as source or target (e.g. IRN, IRQGOV).")
    ] = None,
    root: Annotated[str | None, typer.Option("--root", help="CAMEO root code, e.g. 19.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Earliest date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Latest date, YYYY-MM-DD.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | jsonl | csv")] = "table",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many events.")] = None,
    origin: OriginOption = None,
    modality: ModalityOption = "asserted",
    dyads: DyadsOption = True,
) -> None:
    """List stored events, filtered (by default only what the sources say happened, and only
    events with a target)."""
    from whowhom.output import write_events
    from whowhom.store import open_store, row_to_event

    choice("format", fmt, EVENT_FORMATS)
    choice("modality", modality, MODALITY_CHOICES)
    with open_store(db, read_only=True) as store:
        rows = store.query_events(
            actor=actor,
            root=root,
            since=iso_date(since, "since"),
            until=iso_date(until, "until"),
            limit=limit,
            origin=origin,
            modality=modality,
            dyads=dyads,
        )
    write_events((row_to_event(r) for r in rows), fmt, sys.stdout)


@app.command()
def summary(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """Counts of documents, events and rejected inputs; the data-quality figures (documents
    with zero events and why, events without a target or country, undated, placed by the
    document, discards, boilerplate, copies, failures); events by CAMEO root."""
    from rich.table import Table
    from rich.text import Text

    from whowhom.analysis.quality import data_quality
    from whowhom.cli_options import choice
    from whowhom.store import open_store

    choice("format", fmt, ("table", "json"))
    with open_store(db, read_only=True) as store:
        q = data_quality(store)
    if fmt == "json":
        typer.echo(json.dumps(q.to_dict(), indent=2, ensure_ascii=False, default=str))
        return
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    for line in q.lines():
        console.print(Text(line))
    if q.reprints:
        reprinted = Table("copies", "documents", "outlets", "event", title="Reprinted (one event each)")
        for r in q.reprints:
            who = f"{r.source or '—'} {r.code or ''} {r.target or '—'}"
            reprinted.add_row(str(r.events), str(r.documents), str(r.outlets), Text(f"{who}: {r.text[:90]}"))
        console.print(reprinted)
    if q.boilerplate_examples:
        lines = Table("source", "documents", "line", title="Boilerplate lines (not coded)")
        for source, line, n in q.boilerplate_examples:
            lines.add_row(Text(source), str(n), Text(line[:100]))
        console.print(lines)
    for doc_id, message in q.failed_examples:
        console.print(Text(f"failed {doc_id}: {message}"))
    table = Table("root", "label", "events")
    for root_code, label, n in q.by_root:
        table.add_row(root_code, label or "", str(n))
    console.print(table)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output file.")],
    fmt: Annotated[
        str, typer.Option("--format", help="parquet | csv | jsonl | gdelt | icews | plover (docs/INTEROP.md)")
    ] = "parquet",
    db: DbOption = DEFAULT_DB,
    force: ForceOption = False,
    origin: OriginOption = None,
    corrections: CorrectionsOption = True,
    modality: ModalityOption = "asserted",
    dyads: DyadsOption = True,
) -> None:
    """Write the stored events (by default only what the sources say happened, and only events
    with a target) to a Parquet, CSV or JSON Lines file, or in GDELT, ICEWS or PLOVER layout."""
    import duckdb

    from whowhom.outputs import Output
    from whowhom.store import open_store

    choice("format", fmt, ("parquet", "csv", "jsonl", "gdelt", "icews", "plover"))
    choice("modality", modality, MODALITY_CHOICES)
    target = Output(out, force=force, database=db)
    with open_store(db, read_only=True) as store, target.temp_path() as tmp, store.corrected(corrections):
        try:
            n = store.export(tmp, fmt, origin=origin, modality=modality, dyads=dyads)
        except duckdb.IOException as e:  # COPY ... TO: disk full, file system gone
            raise WhowhomError(Errors.E801.format(path=out, reason=str(e).splitlines()[0])) from e
        unasserted = store.count_events(origin=origin) - store.count_events(origin=origin, modality=modality)
        monadic = store.count_events(origin=origin, modality=modality) - n
    notes = [f"{unasserted} negated, hedged, speculative or future: --modality all"] if unasserted else []
    notes += [f"{monadic} with no target or an actor of no known country: --with-monadic"] if monadic else []
    note = f" (left out {'; '.join(notes)})" if notes else ""
    typer.echo(f"wrote {n} events to {out}{note}")


@app.command("eval")
def eval_(
    cases_file: Annotated[Path, typer.Argument(help="Gold cases in the peer JSON Lines format.")],
    dictionaries: DictOption = None,
    model: ModelOption = None,
    show_cases: Annotated[int, typer.Option("--show-cases", help="List this many failing cases.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    infer_countries: Annotated[
        bool | None,
        typer.Option(
            "--infer-countries/--named-countries",
            help="Score actors with the countries whowhom infers ('Greek police … protesters' → GRCOPP), "
            "or only with what the text names, as PETRARCH codes (---OPP). Default: the gold's own "
            "convention, named for PETRARCH's gold (notes.source_file names it), inferred for any other.",
            show_default=False,
        ),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            help="Folder of the pages that cases locate their sentences in instead of quoting them "
            "(tests/data/realnews_dev.jsonl: ../shared/data/realnews/html).",
        ),
    ] = None,
) -> None:
    """Score the coder against gold cases (strict and lenient P/R/F1, misses by root)."""
    from whowhom.eval.events import format_report, load_cases, report_to_dict, score
    from whowhom.eval.predict import predict_cases
    from whowhom.nlp import load_nlp

    cases, problems = load_cases(cases_file, texts=texts)
    for p in problems:
        err.print(p, markup=False)
    predictions = predict_cases(
        cases, dictionaries=dictionaries, nlp=load_nlp(model), infer_countries=infer_countries
    )
    report = score(cases, predictions)
    if as_json:
        typer.echo(json.dumps(report_to_dict(report), indent=2))
    else:
        typer.echo(format_report(report, show_cases=show_cases))
    if problems:
        raise typer.Exit(1)


@app.command("eval-modality")
def eval_modality(
    cases_file: Annotated[
        Path, typer.Argument(help="Sentences annotated with polarity, modality, certainty, speakers.")
    ],
    dictionaries: DictOption = None,
    model: ModelOption = None,
    show_failures: Annotated[int, typer.Option("--show-failures", help="List this many failures.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score attribution, polarity, modality and certainty against annotated sentences."""
    from whowhom.eval.modality import format_modality_report, load_modality_cases, score_modality
    from whowhom.nlp import load_nlp

    cases, problems = load_modality_cases(cases_file)
    for p in problems:
        err.print(p, markup=False)
    report = score_modality(cases, dictionaries=dictionaries, nlp=load_nlp(model))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(format_modality_report(report, show_failures=show_failures))
    if problems:
        raise typer.Exit(1)


actors_app = typer.Typer(help="Inspect and validate the actor dictionaries.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")


def _role_text(role: Any) -> str:
    span = ""
    if role.start or role.end:
        span = f" {role.start or '…'}-{role.end or '…'}"
    return f"[{role.code}{span}]"


@actors_app.command("show")
def actors_show(
    name: Annotated[str, typer.Argument(help='An actor name as written in news, e.g. "Nouri al-Maliki".')],
    date: Annotated[
        str | None, typer.Option("--date", help="Date the role is wanted for, YYYY-MM-DD.")
    ] = None,
    dictionaries: DictOption = None,
    model: ModelOption = None,
) -> None:
    """How NAME resolves on a date, and which dictionary line says so."""
    from whowhom.coding.actors.explain import explain
    from whowhom.knowledge import load_knowledge
    from whowhom.nlp import load_nlp

    res = explain(name, iso_date(date), load_knowledge(dictionaries), load_nlp(model))
    if res.code is None:
        typer.echo(f"{name}: no actor or agent in the dictionaries")
        raise typer.Exit(1)
    typer.echo(f"{name} → {res.code}" + (f" on {res.date}" if res.date else " (no date: default role)"))
    if res.actor:
        typer.echo(f"  actor {res.actor} ({res.actor_where}), role in force {_role_text(res.role)}")
        if res.role_where and res.role_where != res.actor_where:
            typer.echo(f"  role from {res.role_where} (the knowledge base has no role for this date)")
        if res.actor_source:
            typer.echo(f"  knowledge base source: {res.actor_source} (in ../shared/data/actors/)")
        typer.echo("  all roles: " + " ".join(_role_text(r) for r in res.roles))
    if res.agent:
        typer.echo(f"  agent {res.agent} [{res.agent_code}] ({res.agent_where})")


@actors_app.command("check")
def actors_check(dictionaries: DictOption = None) -> None:
    """Validate and lint the actor and agent dictionaries; list problems with file and line.

    Verb-file problems are listed too but do not fail this check (they belong to the verb
    dictionaries)."""
    from whowhom.coding.actors.lint import lint_actors
    from whowhom.knowledge import load_knowledge

    kb = load_knowledge(dictionaries)
    verb_problems = kb.verbs.problems
    problems = [p for p in kb.problems if p not in verb_problems]
    problems += lint_actors(kb.actors, kb.agents, kb.given_names)
    for p in problems:
        typer.echo(f"{p.where}: {p.reason}")
    for p in verb_problems:
        typer.echo(f"{p.where}: {p.reason} (verbs; not counted)")
    typer.echo(
        f"{len(kb.actors)} actor phrases, {len(kb.agents)} agent phrases, "
        f"{sum(len(v) for v in kb.verbs.verbs.values())} verb forms; {len(problems)} problems"
    )
    if problems:
        raise typer.Exit(1)


register_analysis(app)
register_report(app)
register_interop(app)
register_web(app)
register_scale(app)


def error_line(exc: BaseException) -> str | None:
    """The one line the console script prints for an error, or None for an error it does not
    handle (a bug: it propagates with its traceback)."""
    import duckdb

    from whowhom.lockinfo import lock_message

    if isinstance(exc, WhowhomError):
        return lock_message(str(exc)) or str(exc)
    if isinstance(exc, duckdb.Error):  # met at query time: a damaged block, an I/O error
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        return Errors.E405.format(path="the database", reason=reason)
    return None


def main() -> None:
    try:
        app()
    except Exception as e:
        line = error_line(e)
        if line is None:
            raise
        err.print(line, markup=False)
        sys.exit(1)

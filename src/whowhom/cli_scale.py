"""Faces of corpus-scale coding: ``run``'s --workers/--dask/--input checks and its Dask run,
and ``whowhom load-events DIR`` (docs/SCALE.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from whowhom.cli_options import DEFAULT_DB, DbOption
from whowhom.errors import Errors, WhowhomError

PROGRESS_MIN = 20


def _usage(err: Console, message: str) -> typer.Exit:
    """A bad option: one coded line, exit 2 (click's code for usage errors)."""
    err.print(message, markup=False)
    return typer.Exit(2)


def check_run_options(workers: int | None, dask: str | None, input_glob: str | None, err: Console) -> int:
    """The number of workers to use; a bad --workers, or --input without --dask, exits 2."""
    from whowhom.parallel import check_workers, cores

    if input_glob is not None and dask is None:
        raise _usage(
            err, Errors.E214.format(pattern=input_glob, reason="--input needs --dask (local or an address)")
        )
    if workers is None:
        return cores()
    try:
        return check_workers(workers)
    except WhowhomError as e:
        raise _usage(err, str(e)) from None


def _progress(err: Console, total: int, what: str) -> Progress:
    return Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=total < PROGRESS_MIN or not err.is_terminal,
    )


def run_dask(
    db: Path,
    address: str,
    workers: int,
    input_glob: str | None,
    out: Path | None,
    dictionaries: Path | None,
    model: str | None,
    batch_size: int,
    err: Console,
) -> None:
    """``whowhom run --dask``: the store's uncoded documents, or shards (--input), on a cluster."""
    from whowhom.lockinfo import holding
    from whowhom.parallel import CoderRecipe
    from whowhom.scale.dask_run import connect, run_shards, run_store, shards
    from whowhom.store import open_store

    recipe = CoderRecipe(dictionaries=dictionaries, model=model)
    if input_glob is not None:
        files = shards(input_glob)  # E214 before a cluster is started
        target = out or Path("whowhom-parts")
        try:
            client, close = connect(address, workers)
        except WhowhomError as e:
            raise _usage(err, str(e)) from None
        try:
            with _progress(err, len(files), "shards") as progress:
                task = progress.add_task("shards", total=len(files))
                res = run_shards(
                    client,
                    input_glob,
                    target,
                    recipe=recipe,
                    batch_size=batch_size,
                    on_progress=lambda n: progress.advance(task, n),
                )
        finally:
            close()
        typer.echo(
            f"coded {res.documents} documents from {res.partitions} shards ({res.skipped} done before): "
            f"{res.events} events in {target}" + (f"; {res.failed} failed" if res.failed else "")
        )
        typer.echo(f"load them with: whowhom load-events {target} --db {db}")
        if res.failed:
            raise typer.Exit(1)
        return

    with open_store(db, must_exist=True, per_batch=True) as store, holding(db, "run"):
        total = store.count_uncoded()
        store.release()
        parts = out or Path(f"{db}.parts")
        try:
            client, close = connect(address, workers)
        except WhowhomError as e:
            raise _usage(err, str(e)) from None
        try:
            with _progress(err, total, "coding") as progress:
                task = progress.add_task("coding", total=total)
                res = run_store(
                    client,
                    store,
                    parts,
                    recipe=recipe,
                    batch_size=batch_size,
                    on_progress=lambda n: progress.advance(task, n),
                    on_failure=lambda m: err.print(m, markup=False, highlight=False),
                )
        finally:
            close()
    typer.echo(
        f"coded {res.documents} documents: {res.events} events"
        + (f"; {res.failed} failed" if res.failed else "")
        + f" (parts in {parts})"
    )
    if res.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    @app.command("load-events")
    def load_events(
        folder: Annotated[Path, typer.Argument(help="A folder of event parts ('whowhom run --dask' --out).")],
        db: DbOption = DEFAULT_DB,
    ) -> None:
        """Load event parts written by 'whowhom run --dask' into the database (again: adds nothing)."""
        from whowhom.lockinfo import holding
        from whowhom.scale.load import check_parts_folder, load_parts
        from whowhom.store import open_store

        n = check_parts_folder(folder)
        with open_store(db, per_batch=True) as store, holding(db, "load-events"):
            got = load_parts(store, folder)
        typer.echo(
            f"loaded {n} parts: {got.events} new events; {got.coded} stored documents marked coded, "
            f"{got.failed} failed"
        )

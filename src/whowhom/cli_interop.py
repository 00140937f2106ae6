"""``whowhom import``: bring events from GDELT, ICEWS and PLOVER/POLECAT files into the store.

Thin: parse the options, call ``whowhom.interop.importer.import_files`` per file, print one
line per file and the first rejects. Exit 0 when every row of every file was imported
(or was already there), 1 when any row or file was rejected (the rest is still imported).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from whowhom.cli_options import DEFAULT_DB, DbOption, choice
from whowhom.errors import Errors, WhowhomError

#: Below this many bytes in all, a progress bar is noise.
PROGRESS_MIN_BYTES = 16 * 1024 * 1024
err = Console(stderr=True, highlight=False, soft_wrap=True)

OriginOption = Annotated[
    str | None,
    typer.Option(
        "--origin", help="Only events of these origins, comma-separated: coded, gdelt, icews, plover."
    ),
]


def import_(
    paths: Annotated[
        list[Path], typer.Argument(help="Event files: GDELT 1.0/2.0, ICEWS, PLOVER JSON, POLECAT.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="gdelt | icews | plover (default: detected from each file's first line)."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    chunk_mb: Annotated[
        int, typer.Option("--chunk-mb", min=1, help="Read files in blocks of this many megabytes.")
    ] = 32,
    memory_limit: Annotated[
        str | None,
        typer.Option(
            "--memory-limit", help="Cap DuckDB's memory, e.g. 500MB (slower; default: DuckDB's own)."
        ),
    ] = None,
) -> None:
    """Import events from other datasets beside the coded ones; importing a file again adds nothing."""
    from whowhom.interop.detect import FORMATS
    from whowhom.interop.importer import MAX_MESSAGES, ImportReport, import_file
    from whowhom.store import open_store

    if fmt is not None:
        choice("format", fmt, FORMATS)
    report = ImportReport()
    failed_files = 0
    total = sum(p.stat().st_size for p in paths if p.is_file())
    with (
        open_store(db) as store,
        Progress(
            TextColumn("importing"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=err,
            disable=total < PROGRESS_MIN_BYTES or not err.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("importing", total=total)
        if memory_limit:
            store.set_memory_limit(memory_limit)
        for path in paths:
            try:
                if not path.is_file():
                    raise WhowhomError(Errors.E111.format(path=path))
                shown = len(report.messages)
                result = import_file(
                    store,
                    path,
                    fmt,
                    report=report,
                    chunk_bytes=chunk_mb * 1024 * 1024,
                    on_bytes=lambda n: progress.advance(task, n),
                )
            except WhowhomError as e:
                failed_files += 1
                err.print(str(e), markup=False)
                store.add_rejected(str(path), None, str(e))
                continue
            for message in report.messages[shown:]:
                err.print(message, markup=False)
            typer.echo(
                f"{path}: {result.layout}, {result.rows} rows: {result.new} new, "
                f"{result.duplicate} duplicate, "
                f"{result.rejected} rejected" + (f", {result.skipped} not events" if result.skipped else "")
            )
    if report.rejected > MAX_MESSAGES:
        err.print(Errors.E134.format(count=report.rejected - MAX_MESSAGES), markup=False)
    if len(paths) > 1:
        typer.echo(
            f"{len(report.files)} files: {report.new} new, {report.duplicate} duplicate, "
            f"{report.rejected} rejected" + (f"; {failed_files} files not read" if failed_files else "")
        )
    if report.rejected or failed_files:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``import`` to the ``whowhom`` app."""
    app.command("import")(import_)

"""Options and argument checks shared by every command module (cli, cli_analysis, cli_report)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from whowhom.errors import Errors, WhowhomError

DEFAULT_DB = Path("whowhom.duckdb")

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Earliest event date, YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Latest event date, YYYY-MM-DD.")]
DictOption = Annotated[
    Path | None,
    typer.Option(
        "--dictionaries", help="Directory of PETRARCH-format dictionaries to use instead of the bundled set."
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="spaCy pipeline to load (default: $WHOWHOM_MODEL, else en_core_web_sm)."),
]


def parse_date(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option value, or a coded error naming it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise WhowhomError(Errors.E201.format(value=value)) from None


def iso_date(value: str | None) -> str | None:
    day = parse_date(value)
    return day.isoformat() if day else None


def choice(option: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise WhowhomError(Errors.E601.format(option=option, value=value, choices=", ".join(choices)))
    return value

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


CorrectionsOption = Annotated[
    bool,
    typer.Option(
        "--corrections/--no-corrections",
        help="Apply the analyst's corrections (recorded with 'whowhom serve --allow-writes'): events "
        "flagged wrong or duplicate left out, recodes in place. --no-corrections: the coder's events.",
    ),
]

#: ``--modality`` values: what ``events`` and ``export`` give.
MODALITY_CHOICES = ("asserted", "all")
ModalityOption = Annotated[
    str,
    typer.Option(
        "--modality",
        help="asserted: only what the sources say happened (factual or reported) | all: also negated, "
        "hedged, speculative and future events (each with its polarity and modality).",
    ),
]

DyadsOption = Annotated[
    bool,
    typer.Option(
        "--dyads-only/--with-monadic",
        help="--dyads-only: only coded events whose text names a target as well as a source (who did "
        "what to whom), each placed in a country or as an international body | --with-monadic: also "
        'those with no target ("Iran condemned the strikes") or with an actor of no known country '
        "(coded ---, ---COP …).",
    ),
]

ForceOption = Annotated[
    bool, typer.Option("--force", help="Overwrite the output file if it exists (never a DuckDB database).")
]


def parse_date(value: str | None, option: str = "date") -> dt.date | None:
    """A YYYY-MM-DD value of ``--option``, or a coded error naming that option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise WhowhomError(Errors.E201.format(option=option, value=value)) from None


def parse_period(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """``--since`` and ``--until``, each reported under its own name when it is not a date."""
    return parse_date(since, "since"), parse_date(until, "until")


def iso_date(value: str | None, option: str = "date") -> str | None:
    day = parse_date(value, option)
    return day.isoformat() if day else None


def choice(option: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise WhowhomError(Errors.E601.format(option=option, value=value, choices=", ".join(choices)))
    return value

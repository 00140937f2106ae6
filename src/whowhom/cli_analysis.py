"""The analysis commands: ``issues list|show``, ``align``, ``assess``.

Thin: parse the options, call one function of ``whowhom.analysis``, print. ``register``
adds them to the main ``whowhom`` app; domain errors are ``WhowhomError`` (one coded
line, exit 1, printed by ``whowhom.cli.main``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from whowhom.analysis.groups import actor_spec
from whowhom.cli_interop import OriginOption
from whowhom.cli_options import (
    DEFAULT_DB,
    CorrectionsOption,
    DbOption,
    ForceOption,
    SinceOption,
    UntilOption,
    choice,
    parse_period,
)
from whowhom.errors import Errors, WhowhomError

ActorsOption = Annotated[
    str | None,
    typer.Option(
        "--actors",
        help="Actors of interest, comma-separated: names from the issues file, code prefixes (IRN), "
        "or Label=PREFIX+PREFIX. Default: the issues file's actors, else every code.",
    ),
]
PrefixOption = Annotated[
    int | None,
    typer.Option("--prefix", min=3, help="Without --actors: group codes by their first N characters."),
]
BootstrapOption = Annotated[int, typer.Option("--bootstrap", min=0, help="Resamples for the intervals.")]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the bootstrap and the bloc search.")]


def _console() -> Console:
    # piped output has no terminal width to go by: give the tables room
    return Console(width=None if sys.stdout.isatty() else 200, highlight=False)


def _json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _settings(bootstrap: int, seed: int, max_refs: int | None = 20) -> Any:
    from whowhom.analysis.stances import StanceSettings

    return StanceSettings(bootstrap=bootstrap, seed=seed, max_refs=max_refs)


issues_app = typer.Typer(
    help="Issues: what actors take positions on, defined by rules over events.", no_args_is_help=True
)

IssuesFileOption = Annotated[
    Path | None,
    typer.Option("--issues", help="Issues file (YAML), instead of giving it as the first argument."),
]


def _issues_file(command: str, positional: str | Path | None, option: Path | None) -> Path:
    """The issues file, given as the first argument or as ``--issues`` (README's form)."""
    if positional is not None and option is not None and Path(positional) != option:
        raise WhowhomError(Errors.E715.format(command=command, reason="it is given twice, differently"))
    given = option if option is not None else positional
    if given is None:
        raise WhowhomError(Errors.E715.format(command=command, reason="no issues file is given"))
    return Path(given)


@issues_app.command("list")
def issues_list(
    issues_file: Annotated[
        Path | None, typer.Argument(metavar="[ISSUES_FILE]", help="Issues file (YAML), or give --issues.")
    ] = None,
    issues_option: IssuesFileOption = None,
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """How many stored events fall under each issue."""
    from whowhom.analysis.issues import count_issue_events, load_issues
    from whowhom.analysis.render import issue_counts_table
    from whowhom.store import open_store

    choice("format", fmt, ("table", "json"))
    s, u = parse_period(since, until)
    issue_set = load_issues(_issues_file("list", issues_file, issues_option))
    with open_store(db, read_only=True) as store:
        counts = count_issue_events(store, issue_set, since=s, until=u)
    if fmt == "json":
        _json([c.to_dict() for c in counts])
    else:
        _console().print(issue_counts_table(counts))


@issues_app.command("show")
def issues_show(
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="[ISSUES_FILE] ISSUE",
            help="The issues file (YAML) and the issue's id; or only the id, with --issues FILE.",
        ),
    ],
    issues_option: IssuesFileOption = None,
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    actors: ActorsOption = None,
    prefix: PrefixOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json")] = "table",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many events.")] = None,
    bootstrap: BootstrapOption = 1000,
    seed: SeedOption = 0,
) -> None:
    """The events under one issue (with how each bears on it) and each actor's stance."""
    from whowhom.analysis.issues import issue_events, load_issues
    from whowhom.analysis.render import issue_events_table, stance_table
    from whowhom.analysis.stances import compute_stances
    from whowhom.store import open_store, row_to_event

    choice("format", fmt, ("table", "json"))
    if len(names) > 2:
        raise WhowhomError(Errors.E715.format(command="show", reason="give one issues file and one issue"))
    issue_id = names[-1]
    s, u = parse_period(since, until)
    issue_set = load_issues(_issues_file("show", names[0] if len(names) == 2 else None, issues_option))
    issue = issue_set.get(issue_id)
    spec = actor_spec(actors, dict(issue_set.named_actors), prefix=prefix)
    with open_store(db, read_only=True) as store:
        rows = issue_events(store, issue, since=s, until=u, limit=limit)
        table = compute_stances(
            store, issue_set.only([issue_id]), spec, since=s, until=u, settings=_settings(bootstrap, seed)
        )
    if fmt == "json":
        events = [{**row_to_event(r), "direction": r["direction"], "weight": r["weight"]} for r in rows]
        _json({"issue": issue.to_dict(), "events": events, "stances": table.to_dict()})
        return
    console = _console()
    console.print(f"{issue.id}: {issue.label} — {len(rows)} event(s)", markup=False)
    console.print(issue_events_table(rows, title=issue.label))
    console.print(stance_table(table))


def align(
    issues: Annotated[
        Path | None, typer.Option("--issues", help="Issues file: stances and agreement over its issues.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    window: Annotated[
        str | None, typer.Option("--window", help="Also show pairs in consecutive windows, e.g. 30d or 2w.")
    ] = None,
    actors: ActorsOption = None,
    prefix: PrefixOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json | gexf | graphml | csv")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of printing.")] = None,
    force: ForceOption = False,
    top: Annotated[int, typer.Option("--top", min=1, help="Pairs shown in the table.")] = 15,
    bootstrap: BootstrapOption = 1000,
    seed: SeedOption = 0,
    origin: OriginOption = None,
    corrections: CorrectionsOption = True,
) -> None:
    """Who is aligned with whom: stances, pairwise agreement, the signed network, blocs."""
    from whowhom.analysis import export
    from whowhom.analysis.issues import load_issues
    from whowhom.analysis.render import alignment_view
    from whowhom.analysis.windows import parse_duration
    from whowhom.api import align as run_align
    from whowhom.outputs import Output
    from whowhom.store import open_store

    choice("format", fmt, ("table", "json", "gexf", "graphml", "csv"))
    s, u = parse_period(since, until)
    target = Output(out, force=force, database=db, option="--out") if out else None
    issue_set = load_issues(issues) if issues else None
    spec = actor_spec(actors, dict(issue_set.named_actors) if issue_set else {}, prefix=prefix)
    days = parse_duration(window) if window else None
    with open_store(db, read_only=True) as store:
        store.select_origin(origin)
        result = run_align(
            store,
            issue_set,
            actors=spec,
            since=s,
            until=u,
            window_days=days,
            settings=_settings(bootstrap, seed),
            corrections=corrections,
        )
    with target.open_text() if target else _stdout() as fh:
        if fmt == "json":
            fh.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n")
        elif fmt == "gexf":
            export.write_gexf(result, fh)
        elif fmt == "graphml":
            export.write_graphml(result, fh)
        elif fmt == "csv":
            export.write_csv(result, fh)
        else:
            Console(file=fh, width=200 if out or not sys.stdout.isatty() else None, highlight=False).print(
                alignment_view(result, top=top)
            )
    if out:
        typer.echo(f"wrote {out}")


def assess(
    hypotheses_file: Annotated[Path, typer.Argument(help="Hypotheses file (YAML).")],
    db: DbOption = DEFAULT_DB,
    issues: Annotated[
        Path | None, typer.Option("--issues", help="Issues file to use instead of the one the file names.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json")] = "table",
    bootstrap: BootstrapOption = 1000,
    seed: SeedOption = 0,
    origin: OriginOption = None,
    corrections: CorrectionsOption = True,
) -> None:
    """Weigh competing hypotheses against the stored evidence (Bayes and ACH side by side)."""
    from whowhom.analysis.hypfile import load_hypotheses
    from whowhom.analysis.issues import load_issues
    from whowhom.analysis.render import assessment_view
    from whowhom.api import assess as run_assess
    from whowhom.store import open_store

    choice("format", fmt, ("table", "json"))
    s, u = parse_period(since, until)
    hyp_file = load_hypotheses(hypotheses_file, issues=load_issues(issues) if issues else None)
    with open_store(db, read_only=True) as store:
        store.select_origin(origin)
        result = run_assess(
            store,
            hyp_file,
            since=s,
            until=u,
            settings=_settings(bootstrap, seed),
            corrections=corrections,
        )
    if fmt == "json":
        _json(result.to_dict())
    else:
        _console().print(assessment_view(result))


class _stdout:
    """``sys.stdout`` as a context manager that leaves it open."""

    def __enter__(self) -> Any:
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add ``issues``, ``align`` and ``assess`` to the ``whowhom`` app."""
    app.add_typer(issues_app, name="issues")
    app.command("align")(align)
    app.command("assess")(assess)

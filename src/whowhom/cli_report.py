"""``whowhom report``: the analysis as one self-contained HTML page (and its JSON twin).

Thin: parse the options, call ``whowhom.report.build_report``, write. ``register(app)``
adds the command to the main ``whowhom`` app; domain errors are ``WhowhomError`` (one
coded line, exit 1, printed by ``whowhom.cli.main``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from whowhom.cli_analysis import ActorsOption, BootstrapOption, PrefixOption, SeedOption
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

FORMATS = ("html", "json")


def report(
    out: Annotated[
        Path,
        typer.Argument(metavar="OUT", help="The page to write (OUT.html), or the JSON with --format json."),
    ],
    db: DbOption = DEFAULT_DB,
    issues: Annotated[
        Path | None,
        typer.Option("--issues", help="Issues file: adds the stance heatmap and agreement between actors."),
    ] = None,
    hypotheses: Annotated[
        Path | None, typer.Option("--hypotheses", help="Hypotheses file: adds the hypothesis matrix.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    actors: ActorsOption = None,
    prefix: PrefixOption = None,
    fmt: Annotated[str, typer.Option("--format", help="html | json: what OUT gets.")] = "html",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the page's JSON twin (the same numbers) here.")
    ] = None,
    force: ForceOption = False,
    title: Annotated[str, typer.Option("--title", help="The page's title.")] = "whowhom report",
    top: Annotated[int, typer.Option("--top", min=1, help="Most aligned and most opposed pairs shown.")] = 20,
    max_events: Annotated[
        int, typer.Option("--max-events", min=1, help="Rows in the timeline table (earliest first).")
    ] = 250,
    max_ties: Annotated[
        int,
        typer.Option(
            "--max-ties", min=1, help="Ties drawn in the network, the strongest, each with its sentences."
        ),
    ] = 100,
    max_evidence: Annotated[
        int,
        typer.Option(
            "--max-evidence", min=1, help="Sentences listed behind each number, the strongest first."
        ),
    ] = 5,
    bootstrap: BootstrapOption = 1000,
    seed: SeedOption = 0,
    corrections: CorrectionsOption = True,
) -> None:
    """One self-contained HTML report: timeline, stance heatmap, network, hypothesis matrix, evidence."""
    from whowhom.analysis.stances import StanceSettings
    from whowhom.outputs import Output
    from whowhom.report import ReportOptions, build_report, render_html, to_json

    choice("format", fmt, FORMATS)
    s, u = parse_period(since, until)
    # checked before the work: a bad path fails at once, and never overwrites the database
    page = Output(out, force=force, database=db, option="OUT", make_folders=True)
    twin = (
        Output(json_out, force=force, database=db, option="--json", make_folders=True)
        if json_out is not None
        else None
    )
    if twin is not None:
        page.conflicts_with(twin)
    options = ReportOptions(
        title=title,
        since=s,
        until=u,
        actors=actors,
        prefix=prefix,
        top=top,
        max_events=max_events,
        max_ties=max_ties,
        max_evidence=max_evidence,
        settings=StanceSettings(bootstrap=bootstrap, seed=seed),
        corrections=corrections,
    )
    context = build_report(db, issues=issues, hypotheses=hypotheses, options=options)
    page.write_text(to_json(context) if fmt == "json" else render_html(context))
    if twin is not None:
        twin.write_text(to_json(context))
    shown = ["timeline", "network"]
    if context.heatmap is not None:
        shown.insert(1, "stances")
    if context.hypotheses is not None:
        shown.append("hypotheses")
    typer.echo(f"wrote {out}" + (f" and {json_out}" if json_out else "") + f": {', '.join(shown)}")


def register(app: typer.Typer) -> None:
    """Add ``report`` to the ``whowhom`` app."""
    app.command("report")(report)

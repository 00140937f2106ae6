"""``whowhom serve``: the web workbench over a store (``whowhom.web``), served by uvicorn.

Thin: read the files, build the app, print where it is (and, with ``--allow-writes``, the
token that writes need), run. Binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import errno
import secrets
import socket
from pathlib import Path
from typing import Annotated

import typer

from whowhom.cli_options import DEFAULT_DB, DbOption
from whowhom.errors import Errors, WhowhomError


def start_up_lines(url: str, *, allow_writes: bool, token: str) -> list[str]:
    """What ``serve`` prints before it starts answering."""
    lines = [f"whowhom workbench: {url}"]
    if allow_writes:
        lines += [
            "writes are on: corrections and saved views need this token (header X-Whowhom-Token, or open",
            f"  {url}?token={token}",
            "  once in the browser, which keeps it in a cookie). Token: " + token,
        ]
    else:
        lines.append("read-only (start with --allow-writes to record corrections)")
    lines.append("press Ctrl+C to stop")
    return lines


def serve(
    db: DbOption = DEFAULT_DB,
    issues: Annotated[
        Path | None, typer.Option("--issues", help="Issues file: stances on the alignment and actor pages.")
    ] = None,
    hypotheses: Annotated[
        Path | None, typer.Option("--hypotheses", help="Hypotheses file: the hypotheses page.")
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes", help="Allow analyst corrections and saved views (with the printed token)."
        ),
    ] = False,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="WHOWHOM_TOKEN", help="The write token (default: a new random one)."),
    ] = None,
) -> None:
    """The web workbench: explore, audit and correct the events in a browser."""
    import uvicorn

    from whowhom.report.build import load_inputs
    from whowhom.store import open_store
    from whowhom.web import WebSettings, create_app

    inputs = load_inputs(db, issues, hypotheses)
    with open_store(db, read_only=True):  # exists, is a store, is up to date: say so now, not per page
        pass
    settings = WebSettings(
        db=Path(db),
        issues=inputs.issues,
        hypotheses=inputs.hypotheses,
        allow_writes=allow_writes,
        token=token or secrets.token_urlsafe(24),
    )
    app = create_app(settings)
    check_bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    for line in start_up_lines(f"http://{shown}:{port}/", allow_writes=allow_writes, token=settings.token):
        typer.echo(line)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def check_bind(host: str, port: int) -> None:
    """A coded error now, rather than uvicorn's log line, when the address cannot be had."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise WhowhomError(Errors.E913.format(host=host, port=port, reason=e.strerror or str(e))) from e
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as e:
            reason = "address in use" if e.errno == errno.EADDRINUSE else (e.strerror or str(e))
            raise WhowhomError(Errors.E913.format(host=host, port=port, reason=reason)) from e


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``whowhom`` app."""
    app.command("serve")(serve)

"""The workbench application: settings, the app factory, security headers, limits, errors.

``create_app(WebSettings(db=...))`` gives a FastAPI app; ``whowhom serve`` runs it with
uvicorn. Pages are registered by ``whowhom.web.pages`` (browsing), ``whowhom.web.analysis``
(alignment, hypotheses) and ``whowhom.web.writes`` (corrections, saved views).
"""

from __future__ import annotations

import hmac
import json
import logging
import math
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import duckdb
import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from whowhom import __version__
from whowhom.analysis.hypfile import HypothesisFile
from whowhom.analysis.issues import IssueSet
from whowhom.errors import Errors, WhowhomError
from whowhom.web.db import Database, WebError, busy, is_lock_conflict

HERE = Path(__file__).resolve().parent
#: Largest request body (a correction or a saved view is a few hundred bytes).
MAX_BODY_BYTES = 64 * 1024
#: Longest URL path plus query string.
MAX_URL_BYTES = 8 * 1024
TOKEN_COOKIE = "whowhom_token"
TOKEN_HEADER = "x-whowhom-token"
#: No script but the workbench's own files; no inline script or style; nothing from elsewhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
log = logging.getLogger("whowhom.web")


@dataclass
class WebSettings:
    db: Path
    issues: IssueSet | None = None
    hypotheses: HypothesisFile | None = None
    allow_writes: bool = False
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    retry_seconds: float = 1.0
    cache_size: int = 32

    @property
    def csrf(self) -> str:
        """The value forms carry when the token came from the cookie (double submit)."""
        return hmac.new(self.token.encode(), b"whowhom-csrf", sha256).hexdigest()[:32]


class Workbench:
    """What the routes share: settings, the database, the templates."""

    def __init__(self, settings: WebSettings):
        self.settings = settings
        self.db = Database(settings.db, retry_seconds=settings.retry_seconds, cache_size=settings.cache_size)
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters["href"] = safe_href
        self.templates.filters["num"] = num
        self.templates.filters["tojson"] = to_json_island
        self.templates.filters["seg"] = lambda v: quote(str(v), safe="")
        self.templates.filters["q"] = lambda v: quote(str(v), safe="")
        self.templates.globals["version"] = __version__

    # -- auth ----------------------------------------------------------------------------
    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given), self.settings.token)

    def authorised_by_cookie(self, request: Request) -> bool:
        return self.token_ok(request.cookies.get(TOKEN_COOKIE))

    # -- rendering -------------------------------------------------------------------------
    def render(self, request: Request, template: str, twin: dict[str, Any], **context: Any) -> Response:
        """The page, or its JSON twin (``twin``: what the page shows, as data)."""
        query = context.get("query")
        if query is not None and query.wants_json:
            return json_response(twin)
        html = self.templates.get_template(template).render(
            twin=twin,
            request_path=request.url.path,
            writes=self.settings.allow_writes,
            signed_in=self.authorised_by_cookie(request),
            csrf=self.settings.csrf if self.authorised_by_cookie(request) else "",
            has_issues=self.settings.issues is not None,
            has_hypotheses=self.settings.hypotheses is not None,
            **context,
        )
        return HTMLResponse(html)


def json_default(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return str(value)


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=json_default)


def json_response(data: Any, status: int = 200) -> Response:
    return Response(json_text(data), status_code=status, media_type="application/json")


def to_json_island(data: Any) -> Any:
    """Data for a ``<script type="application/json">`` block: ``<``, ``>``, ``&`` and ``'``
    escaped as ``\\u00XX``, so no text in the data can close the block or open a tag."""
    text = json_text(data)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(ch, esc)
    return jinja2.utils.markupsafe.Markup(text)


def safe_href(url: object) -> str | None:
    """``url`` if it is an http(s) URL with a host, else None (shown as text, never a link)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if any(c in text for c in "\x00\r\n\t\\ \"'<>`"):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def num(value: object, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.{digits}f}" if math.isfinite(value) else "—"
    return str(value)


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json") or request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Request, status: int, message: str, templates: jinja2.Environment) -> Response:
    code = message[1:5] if message.startswith("[E") else "E912"
    if wants_json(request):
        return json_response({"error": {"code": code, "message": message, "status": status}}, status)
    html = templates.get_template("error.html.j2").render(
        status=status, code=code, message=message, request_path=request.url.path
    )
    return HTMLResponse(html, status_code=status)


ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[..., Awaitable[None]]], Any
]


class LimitsAndHeaders:
    """ASGI middleware: refuse over-long URLs and bodies (``[E909]``), add the security
    headers to every response."""

    def __init__(self, app: ASGIApp, templates: jinja2.Environment):
        self.app = app
        self.templates = templates

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode().lower() not in SECURITY_HEADERS
                ]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            await send(message)

        url_bytes = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        declared = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        size = (
            url_bytes
            if url_bytes > MAX_URL_BYTES
            else int(declared)
            if declared and declared.isdigit()
            else 0
        )
        limit = MAX_URL_BYTES if url_bytes > MAX_URL_BYTES else MAX_BODY_BYTES
        if size > limit:
            await self._refuse(scope, receive, send_with_headers, size, limit)
            return
        received = 0

        async def limited_receive() -> MutableMapping[str, Any]:
            nonlocal received
            message: MutableMapping[str, Any] = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise WebError(413, Errors.E909.format(size=f"over {received}", limit=MAX_BODY_BYTES))
            return message

        await self.app(scope, limited_receive, send_with_headers)

    async def _refuse(self, scope: Any, receive: Any, send: Any, size: int, limit: int) -> None:
        request = Request(scope, receive)
        status = 414 if limit == MAX_URL_BYTES else 413
        response = error_response(request, status, Errors.E909.format(size=size, limit=limit), self.templates)
        await response(scope, receive, send)


def create_app(settings: WebSettings) -> FastAPI:
    """The workbench as an ASGI app (no OpenAPI pages: the JSON twins are the API)."""
    from whowhom.web import analysis, pages, writes

    bench = Workbench(settings)
    app = FastAPI(title="whowhom workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.bench = bench

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.message, bench.templates)

    @app.exception_handler(WhowhomError)
    async def _whowhom_error(request: Request, exc: WhowhomError) -> Response:
        if is_lock_conflict(exc):
            e = busy(settings.db)
            return error_response(request, e.status, e.message, bench.templates)
        return error_response(request, 400, str(exc), bench.templates)

    @app.exception_handler(duckdb.Error)
    async def _duckdb_error(request: Request, exc: duckdb.Error) -> Response:
        if is_lock_conflict(exc):
            e = busy(settings.db)
            return error_response(request, e.status, e.message, bench.templates)
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        return error_response(
            request, 500, Errors.E405.format(path=settings.db, reason=reason), bench.templates
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = Errors.E911.format(path=request.url.path)
        else:
            message = Errors.E912.format(reason=f"HTTP {exc.status_code}: {exc.detail}")
        return error_response(request, exc.status_code, message, bench.templates)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, Errors.E912.format(reason="malformed request"), bench.templates)

    @app.exception_handler(Exception)
    async def _any_error(request: Request, exc: Exception) -> Response:
        log.exception("error answering %s", request.url.path)
        message = Errors.E912.format(reason=type(exc).__name__)
        return error_response(request, 500, message, bench.templates)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    pages.register(app, bench)
    analysis.register(app, bench)
    writes.register(app, bench)
    app.add_middleware(LimitsAndHeaders, templates=bench.templates)
    return app

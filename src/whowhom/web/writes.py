"""The one write path: analyst corrections of events, and saved views.

Off unless ``whowhom serve --allow-writes`` (``[E906]``, 403). Then every write needs the
token printed at start-up — as the ``X-Whowhom-Token`` header, a ``token`` form field, or
the cookie that opening the printed link sets — or it is ``[E907]`` (403) and nothing is
written. A write authorised by the cookie must also carry the page's ``csrf`` field and,
when the browser says where it comes from (``Origin``), come from this server (``[E908]``):
another site can make a browser send the cookie, never read the page's field.
"""

from __future__ import annotations

import hmac
import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from whowhom.analysis.corrections import Correction, record
from whowhom.errors import Errors, WhowhomError
from whowhom.web.app import TOKEN_COOKIE, TOKEN_HEADER, Workbench, json_response
from whowhom.web.db import WebError

CORRECTION_FIELDS = ("verdict", "duplicate_of", "event_code", "source_code", "target_code", "note", "author")
VIEW_PAGES = ("/events", "/map", "/alignment", "/hypotheses", "/actor", "/dyad")
_VIEW_NAME = re.compile(r"^[\w][\w .,:()'-]{0,79}$")
MAX_FIELD_CHARS = 4000


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        # no Origin (an older browser, or a tool): the token or the csrf field decides
        return origin is None
    host = request.headers.get("host", "")
    parts = urlsplit(origin)
    return parts.netloc == host and parts.scheme in ("http", "https")


async def _form(request: Request) -> dict[str, str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise WebError(415, Errors.E901.format(name="content-type", value=kind, what="a form"))
    form = await request.form()
    out: dict[str, str] = {}
    for k, v in form.multi_items():
        if not isinstance(v, str):
            raise WebError(400, Errors.E901.format(name=k, value="a file", what="text"))
        if len(v) > MAX_FIELD_CHARS:
            raise WebError(400, Errors.E901.format(name=k, value=v[:40] + "…", what="a shorter value"))
        out[k] = v
    return out


def authorise(bench: Workbench, request: Request, form: dict[str, str]) -> None:
    """Raise unless this write may happen (see the module's docstring)."""
    if not bench.settings.allow_writes:
        raise WebError(403, Errors.E906)
    if bench.token_ok(request.headers.get(TOKEN_HEADER)) or bench.token_ok(form.get("token")):
        if not _same_origin(request):
            raise WebError(403, Errors.E908)
        return
    if bench.token_ok(request.cookies.get(TOKEN_COOKIE)):
        csrf = form.get("csrf", "")
        if not (csrf and hmac.compare_digest(csrf, bench.settings.csrf)) or not _same_origin(request):
            raise WebError(403, Errors.E908)
        return
    raise WebError(403, Errors.E907)


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.endswith(".json") or ("application/json" in accept and "text/html" not in accept)


def register(app: FastAPI, bench: Workbench) -> None:
    async def correct(request: Request) -> Response:
        event_id = request.path_params["event_id"]
        form = await _form(request)
        authorise(bench, request, form)
        correction = Correction(event_id=event_id, **{k: form.get(k) or None for k in CORRECTION_FIELDS})  # type: ignore[arg-type]
        ident = _write(bench, lambda store: record(store, correction))
        if _wants_json(request):
            return json_response({"correction_id": ident, "event_id": event_id}, 201)
        return RedirectResponse(f"/event/{_path(event_id)}?saved={ident}", status_code=303)

    app.add_api_route(
        "/event/{event_id:path}/corrections", correct, methods=["POST"], include_in_schema=False
    )

    async def save_view(request: Request) -> Response:
        form = await _form(request)
        authorise(bench, request, form)
        name = (form.get("name") or "").strip()
        if not _VIEW_NAME.match(name):
            raise WebError(
                400, Errors.E915.format(name=name, reason="use 1 to 80 letters, digits, spaces, .,:()'-")
            )
        target = form.get("url") or ""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or parts.path not in VIEW_PAGES:
            raise WebError(400, Errors.E915.format(name=name, reason=f"{target!r} is not a workbench page"))
        pairs = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("token", "format")]
        query = urlencode(pairs)
        note = (form.get("note") or "").strip() or None
        _write(bench, lambda store: store.save_view(name, parts.path, query, note))
        if _wants_json(request):
            return json_response({"name": name, "path": parts.path, "query": query}, 201)
        return RedirectResponse("/views", status_code=303)

    app.add_api_route("/views", save_view, methods=["POST"], include_in_schema=False)

    async def sign_in(request: Request) -> Response:
        """The sign-in form: the token pasted in becomes the cookie."""
        form = await _form(request)
        if not bench.settings.allow_writes:
            raise WebError(403, Errors.E906)
        if not bench.token_ok(form.get("token")) or not _same_origin(request):
            raise WebError(403, Errors.E907)
        back = form.get("next") or "/"
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        response = RedirectResponse(back, status_code=303)
        response.set_cookie(TOKEN_COOKIE, bench.settings.token, httponly=True, samesite="strict", path="/")
        return response

    app.add_api_route("/sign-in", sign_in, methods=["POST"], include_in_schema=False)


def _path(event_id: str) -> str:
    return quote(event_id, safe="")


def _write(bench: Workbench, action: Any) -> Any:
    try:
        with bench.db.write() as store:
            return action(store)
    except WhowhomError as e:
        text = str(e)
        status = 404 if text.startswith("[E904]") else 400
        if "lock" in text.lower():
            raise
        raise WebError(status, text) from e

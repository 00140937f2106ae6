"""Rendering the context: one self-contained HTML file (inline CSS, inline SVG, no
scripts, nothing fetched) and its JSON twin. Jinja2 escapes every value."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from whowhom.errors import Errors, WhowhomError
from whowhom.report.context import ReportContext

TEMPLATE = "report.html.j2"


def num(x: float | None, digits: int = 2, *, signed: bool = True) -> str:
    """A number for the page: typographic minus, ``—`` when missing."""
    if x is None:
        return "—"
    if round(x, digits) == 0:
        return f"{0:.{digits}f}"  # no "−0.00"
    text = f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"
    return text.replace("-", "−")


def interval(low: float | None, high: float | None, digits: int = 2) -> str:
    if low is None or high is None:
        return ""
    return f"[{num(low, digits)}, {num(high, digits)}]"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("whowhom.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = num
    env.globals["interval"] = interval
    return env


def render_html(context: ReportContext) -> str:
    return _environment().get_template(TEMPLATE).render(ctx=context)


def to_json(context: ReportContext) -> str:
    return json.dumps(context.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n"


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise WhowhomError(Errors.E801.format(path=path, reason=e.strerror or e)) from e


def write_html(context: ReportContext, path: Path) -> None:
    _write(path, render_html(context))


def write_json(context: ReportContext, path: Path) -> None:
    _write(path, to_json(context))

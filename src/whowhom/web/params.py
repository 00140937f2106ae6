"""A page's state, all of it in the URL's query string: parsed, checked, and rebuilt for links.

Every page declares the parameters it takes; an unknown one is ``[E902]``, a value that
is not what it should be ``[E901]`` (both HTTP 400, as JSON with the code). Links are
built from the current query with one thing changed, so a page can be bookmarked, shared
and reloaded as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from whowhom.analysis.browse import FACETS, Filters
from whowhom.analysis.groups import ActorSpec, actor_spec
from whowhom.errors import Errors, WhowhomError
from whowhom.web.db import WebError

#: Taken by every page: the JSON twin, the corrections toggle, the start-up token.
COMMON = ("format", "corrections", "token")
FILTER_PARAMS = (*FACETS, "since", "until", "actor", "q")
MAX_VALUE_CHARS = 500
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_TRUE, _FALSE = ("1", "true", "on", "yes"), ("0", "false", "off", "no")


def bad(name: str, value: object, what: str) -> WebError:
    return WebError(400, Errors.E901.format(name=name, value=value, what=what))


class Query:
    """The query string of one request, checked against the parameters a page takes."""

    def __init__(self, path: str, items: Iterable[tuple[str, str]], allowed: Sequence[str]):
        self.path = path
        self.items = [(k, v) for k, v in items]
        known = (*allowed, *COMMON)
        for k, v in self.items:
            if k not in known:
                raise WebError(400, Errors.E902.format(name=k, known=", ".join(sorted(set(known)))))
            if len(v) > MAX_VALUE_CHARS:
                raise bad(k, v[:40] + "…", f"a value of at most {MAX_VALUE_CHARS} characters")

    # -- reading ---------------------------------------------------------------------------
    def get(self, name: str, default: str | None = None) -> str | None:
        values = [v for k, v in self.items if k == name]
        return values[-1] if values else default

    def text(self, name: str) -> str | None:
        value = (self.get(name) or "").strip()
        return value or None

    def getlist(self, name: str) -> list[str]:
        return [v for k, v in self.items if k == name]

    def date(self, name: str) -> dt.date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise bad(name, value, "a date (YYYY-MM-DD)") from None

    def integer(self, name: str, default: int, *, low: int | None = None, high: int | None = None) -> int:
        value = self.text(name)
        if value is None:
            return default
        try:
            n = int(value)
        except ValueError:
            raise bad(name, value, "a whole number") from None
        if (low is not None and n < low) or (high is not None and n > high):
            span = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise bad(name, value, f"a whole number {span}")
        return n

    def number(self, name: str, default: float, *, low: float = float("-inf")) -> float:
        value = self.text(name)
        if value is None:
            return default
        try:
            x = float(value)
        except ValueError:
            raise bad(name, value, "a number") from None
        if not x >= low or x != x or x in (float("inf"), float("-inf")):
            raise bad(name, value, f"a finite number of at least {low}")
        return x

    def flag(self, name: str, default: bool) -> bool:
        value = self.text(name)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise bad(name, value, "1 or 0")

    def choice(self, name: str, default: str, choices: Sequence[str]) -> str:
        value = self.text(name) or default
        if value not in choices:
            raise bad(name, value, "one of " + ", ".join(choices))
        return value

    @property
    def corrections(self) -> bool:
        return self.flag("corrections", True)

    @property
    def wants_json(self) -> bool:
        return self.path.endswith(".json") or self.choice("format", "html", ("html", "json", "csv")) == "json"

    def filters(self) -> Filters:
        """The event filter: facet values, period, actor, words."""
        values: dict[str, tuple[str, ...]] = {}
        for name, facet in FACETS.items():
            chosen = tuple(dict.fromkeys(self.getlist(name)))
            if facet.numeric:
                for v in chosen:
                    if v and not v.lstrip("-").isdigit():
                        raise bad(name, v, "a whole number")
            if name == "month":
                for v in chosen:
                    if v and not _MONTH.match(v):
                        raise bad(name, v, "a month (YYYY-MM)")
            if chosen:
                values[name] = chosen
        since, until = self.date("since"), self.date("until")
        if since and until and since > until:
            raise bad("since", since.isoformat(), f"a date on or before until ({until.isoformat()})")
        return Filters(values=values, since=since, until=until, actor=self.text("actor"), q=self.text("q"))

    def actor_spec(self, named: dict[str, tuple[str, ...]]) -> ActorSpec:
        """``actors`` and ``prefix`` as ``whowhom align --actors/--prefix`` read them."""
        actors = self.text("actors")
        prefix = self.integer("prefix", 0, low=0, high=12) or None
        if prefix is not None and prefix < 3:
            raise bad("prefix", prefix, "a whole number of at least 3")
        try:
            return actor_spec(actors, named, prefix=prefix)
        except WhowhomError as e:
            raise WebError(400, str(e)) from e

    # -- links -----------------------------------------------------------------------------
    def state(self) -> list[tuple[str, str]]:
        """The query without the twin format and the token (what a link or a saved view keeps)."""
        return [(k, v) for k, v in self.items if k not in ("format", "token") and (v != "" or k in FACETS)]

    def query_string(self) -> str:
        return urlencode(self.state())

    def url(self, path: str | None = None, **changes: Any) -> str:
        """This page's URL (or ``path`` with this query) with ``changes``: a value replaces
        the parameter, None removes it; ``page`` goes back to 1 unless given."""
        items = [(k, v) for k, v in self.state() if k not in changes and k != "page"]
        for k, v in changes.items():
            if v is None:
                continue
            for one in v if isinstance(v, list | tuple) else [v]:
                items.append((k, str(one)))
        target = path or self.path.removesuffix(".json")
        return target + ("?" + urlencode(items) if items else "")

    def toggle(self, name: str, value: str | None) -> str:
        """The URL with ``value`` of facet ``name`` added, or removed when it is chosen."""
        value = "" if value is None else value
        chosen = self.getlist(name)
        new = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
        items = [(k, v) for k, v in self.state() if k != name and k != "page"]
        items += [(name, v) for v in new]
        return self.path.removesuffix(".json") + ("?" + urlencode(items) if items else "")

    def twin(self) -> str:
        """The JSON twin of this page."""
        base = self.path.removesuffix(".json") + ".json"
        return base + ("?" + urlencode(self.state()) if self.state() else "")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in self.state():
            if k in out:
                out[k] = [*out[k], v] if isinstance(out[k], list) else [out[k], v]
            else:
                out[k] = v
        return out

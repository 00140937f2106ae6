"""Reading the analyst's YAML files with coded, one-line errors that name the place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml

from whowhom.errors import Errors, WhowhomError


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise WhowhomError(Errors.E701.format(path=path, reason=e.strerror or e)) from e
    except UnicodeDecodeError as e:
        raise WhowhomError(Errors.E701.format(path=path, reason="not UTF-8 text")) from e
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        reason = " ".join(str(e).split())
        raise WhowhomError(Errors.E702.format(path=path, reason=reason)) from e


class Place:
    """Where in a file a value sits, for error messages (``issues[2].since``)."""

    def __init__(self, path: Path, where: str = "top level"):
        self.path = path
        self.where = where

    def at(self, key: str | int) -> Place:
        if isinstance(key, int):
            return Place(self.path, f"{self.where}[{key}]")
        return Place(self.path, key if self.where == "top level" else f"{self.where}.{key}")

    def fail(self, reason: str) -> WhowhomError:
        return WhowhomError(Errors.E703.format(path=self.path, where=self.where, reason=reason))

    def mapping(
        self, value: Any, *, allowed: Collection[str], required: Collection[str] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"expected a mapping of keys to values, got {type(value).__name__}")
        unknown = sorted(str(k) for k in value if k not in allowed)
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
        missing = sorted(k for k in required if value.get(k) in (None, ""))
        if missing:
            raise self.fail(f"missing required key(s) {', '.join(missing)}")
        return dict(value)

    def string(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float) or str(value).strip() == "":
            raise self.fail(f"expected a non-empty text, got {value!r}")
        return str(value).strip()

    def strings(self, value: Any) -> tuple[str, ...]:
        """A list of texts; a single text counts as a list of one."""
        if value is None:
            return ()
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return (self.string(value),)
        if not isinstance(value, list):
            raise self.fail(f"expected a list of texts, got {type(value).__name__}")
        return tuple(self.at(i).string(v) for i, v in enumerate(value))

    def date(self, value: Any) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise WhowhomError(
                Errors.E708.format(path=self.path, where=self.where, value=value)
            ) from None

    def number(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                return float(str(value))
            except ValueError:
                raise self.fail(f"expected a number, got {value!r}") from None
        return float(value)

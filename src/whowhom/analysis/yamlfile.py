"""Reading the analyst's YAML files with coded, one-line errors that name the place."""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml

from whowhom.errors import Errors, WhowhomError, shown


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise WhowhomError(Errors.E701.format(path=path, reason=e.strerror or e)) from e
    except UnicodeDecodeError as e:
        raise WhowhomError(Errors.E701.format(path=path, reason="not UTF-8 text")) from e
    except ValueError as e:  # a NUL byte in the name
        raise WhowhomError(Errors.E701.format(path=path, reason="the name holds a NUL byte")) from e
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        reason = " ".join(str(e).split())
        raise WhowhomError(Errors.E702.format(path=path, reason=reason)) from e
    except RecursionError as e:  # PyYAML composes nested lists recursively
        raise WhowhomError(Errors.E702.format(path=path, reason="nested too deeply")) from e
    except ValueError as e:  # int(): "Exceeds the limit (4300 digits) for integer string conversion"
        reason = f"a number of more than {sys.get_int_max_str_digits()} digits"
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

    def string(self, value: Any, *, numbers: bool = True) -> str:
        """A non-empty text; ``numbers=False`` refuses what YAML read as a number (``id: 5``)."""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(f"expected a non-empty text, got {shown(value)}")
        if not numbers and not isinstance(value, str):
            raise self.fail(f"expected a text, got the number {shown(value)}; put it in quotes if it is one")
        try:
            text = str(value).strip()
        except ValueError:  # an integer too long to write out
            text = ""
        if not text:
            raise self.fail(f"expected a non-empty text, got {shown(value)}")
        return text

    def text(self, value: Any, default: str = "") -> str:
        """An optional text (a label, a note): absent or empty gives ``default``."""
        if value is None or value == "":
            return default
        if not isinstance(value, str):
            raise self.fail(f"expected a text, got {shown(value)}")
        return value.strip() or default

    def strings(self, value: Any, *, numbers: bool = True) -> tuple[str, ...]:
        """A list of texts; a single text counts as a list of one."""
        if value is None:
            return ()
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return (self.string(value, numbers=numbers),)
        if not isinstance(value, list):
            raise self.fail(f"expected a list of texts, got {type(value).__name__}")
        return tuple(self.at(i).string(v, numbers=numbers) for i, v in enumerate(value))

    def date(self, value: Any) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            raise WhowhomError(Errors.E708.format(path=self.path, where=self.where, value=value)) from None

    def number(self, value: Any) -> float:
        """A finite number (a number written as text counts)."""
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise ValueError(value)
            x = float(value)
        except (ValueError, OverflowError):
            raise self.fail(f"expected a number, got {shown(value)}") from None
        if not math.isfinite(x):
            raise self.fail(f"expected a finite number, got {shown(value)}")
        return x

"""CAMEO code tables: labels, Goldstein scores, quad classes and PLOVER categories."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypeVar

T = TypeVar("T")

_LABEL = re.compile(r"^LABEL:\s*(\d+)\s*=\s*(.+)$")
_ROOT = re.compile(r"^//\s*(\d\d)[:=]\s*(.+)$")
_PLOVER = re.compile(r"^(\d+):\s*([A-Z_]+)")


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    root: str
    label: str | None
    plover: str | None
    goldstein: float | None
    quad_class: int | None


def quad_class(root: str) -> int | None:
    """GDELT's quad classes: 1 verbal cooperation … 4 material conflict."""
    if not root.isdigit():
        return None
    n = int(root)
    if 1 <= n <= 5:
        return 1
    if 6 <= n <= 8:
        return 2
    if 9 <= n <= 13:
        return 3
    if 14 <= n <= 20:
        return 4
    return None


def _data(name: str) -> str:
    return resources.files("whowhom.data").joinpath(name).read_text(encoding="utf-8")


class CameoTables:
    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        for line in _data("CAMEO_codefile.txt").splitlines():
            if m := _LABEL.match(line.strip()):
                self.labels.setdefault(m.group(1), m.group(2).strip())
            elif m := _ROOT.match(line.strip()):
                self.labels.setdefault(m.group(1), m.group(2).strip().capitalize())
        self.goldstein: dict[str, float] = {}
        for line in _data("goldstein.tsv").splitlines()[1:]:
            code, _, score = line.partition("\t")
            if code.strip() and score.strip():
                self.goldstein[code.strip()] = float(score)
        self.plover: dict[str, str] = {}
        for line in _data("CAMEO2PLOVER-2021.txt").splitlines():
            if m := _PLOVER.match(line.strip()):
                self.plover[m.group(1)] = m.group(2)

    @staticmethod
    def _lookup(table: dict[str, T], code: str) -> T | None:
        """Most specific entry: the code, then its parents (0334 → 033 → 03)."""
        for n in range(len(code), 1, -1):
            value = table.get(code[:n])
            if value is not None:
                return value
        return None

    def info(self, code: str) -> CodeInfo:
        root = code[:2]
        return CodeInfo(
            code=code,
            root=root,
            label=self._lookup(self.labels, code),
            plover=self._lookup(self.plover, code),
            goldstein=self._lookup(self.goldstein, code),
            quad_class=quad_class(root),
        )


@lru_cache(maxsize=1)
def cameo_tables() -> CameoTables:
    return CameoTables()

"""Which coded actors count as one actor in the analysis.

An actor of interest is a label and a list of CAMEO code prefixes (``Iran = IRN`` takes
``IRN`` and ``IRNGOV``). Without named actors, codes are grouped by their first N
characters (default: the whole code). Codes with no country (``---UAF``, "militiamen")
name nobody in particular and are left out unless asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from whowhom.analysis.errors import AnalysisErrors
from whowhom.analysis.sql import lit
from whowhom.errors import WhowhomError

_PREFIX = re.compile(r"^[A-Z0-9-]{2,}$")


@dataclass(frozen=True)
class ActorGroup:
    label: str
    prefixes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "prefixes": list(self.prefixes)}


@dataclass(frozen=True)
class ActorSpec:
    """How source and target codes map to actors of interest.

    ``groups`` given: each code goes to the group with its longest matching prefix, other
    codes are dropped. No groups: each code goes to its first ``prefix_len`` characters
    (all of it when ``None``).
    """

    groups: tuple[ActorGroup, ...] = ()
    prefix_len: int | None = None
    include_unknown: bool = False
    _order: tuple[tuple[str, str], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pairs = [(p, g.label) for g in self.groups for p in g.prefixes]
        object.__setattr__(self, "_order", tuple(sorted(pairs, key=lambda x: (-len(x[0]), x[0]))))

    def sql(self, column: str) -> str:
        """A SQL expression giving the actor label of the code in ``column``, or NULL."""
        if self.groups:
            whens = " ".join(
                f"WHEN starts_with({column}, {lit(p)}) THEN {lit(label)}" for p, label in self._order
            )
            return f"(CASE {whens} ELSE NULL END)"
        keep = f"{column} IS NOT NULL AND {column} <> ''"
        if not self.include_unknown:
            keep += f" AND NOT starts_with({column}, '-')"
        value = column if self.prefix_len is None else f"left({column}, {int(self.prefix_len)})"
        return f"(CASE WHEN {keep} THEN {value} ELSE NULL END)"

    def label_of(self, code: str | None) -> str | None:
        """The same mapping in Python (for a handful of codes, e.g. in explanations)."""
        if not code:
            return None
        if self.groups:
            return next((label for p, label in self._order if code.startswith(p)), None)
        if code.startswith("-") and not self.include_unknown:
            return None
        return code if self.prefix_len is None else code[: self.prefix_len]

    def to_dict(self) -> dict[str, object]:
        return {
            "groups": [g.to_dict() for g in self.groups],
            "prefix_len": self.prefix_len,
            "include_unknown": self.include_unknown,
        }


def expand(names: Iterable[str], named: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Code prefixes for ``names``: a name defined in ``named`` stands for its prefixes."""
    out: list[str] = []
    for name in names:
        for p in named.get(name, [name]):
            if p not in out:
                out.append(p)
    return tuple(out)


def parse_actors(
    value: str | Sequence[str] | None, named: Mapping[str, Sequence[str]]
) -> tuple[ActorGroup, ...]:
    """Actors from ``--actors``: comma-separated items, each a name defined in the issues
    file, a code prefix (``IRN``), or ``Label=PREFIX+PREFIX`` (``Iraqi state=IRQGOV+IRQMIL``)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    parts = [p.strip() for item in items for p in item.split(",") if p.strip()]
    groups: list[ActorGroup] = []
    for part in parts:
        if "=" in part:
            label, _, codes = part.partition("=")
            prefixes = tuple(c.strip().upper() for c in codes.split("+") if c.strip())
            label = label.strip()
        elif part in named:
            label, prefixes = part, tuple(named[part])
        else:
            label, prefixes = part.upper(), (part.upper(),)
        bad = [p for p in prefixes if not _PREFIX.match(p)]
        if not label or not prefixes or bad:
            raise WhowhomError(
                AnalysisErrors.E707.format(
                    value=part,
                    reason="not a named actor, a code prefix (IRN, IRQGOV) or Label=PREFIX+PREFIX",
                )
            )
        if any(g.label == label for g in groups):
            raise WhowhomError(AnalysisErrors.E707.format(value=part, reason="actor named twice"))
        groups.append(ActorGroup(label, prefixes))
    return tuple(groups)

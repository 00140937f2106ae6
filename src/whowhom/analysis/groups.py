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

from whowhom.analysis.sql import ID_PREFIX, actor_condition, actor_ref, lit
from whowhom.errors import Errors, WhowhomError

_PREFIX = re.compile(r"^([A-Z0-9-]{2,}|ID:.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class ActorGroup:
    label: str
    prefixes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "prefixes": list(self.prefixes)}


@dataclass(frozen=True)
class ActorSpec:
    """How source and target actors map to actors of interest.

    ``groups`` given: an actor goes to the group naming its dictionary id (``id:fadhila
    party``), else to the group with its longest matching code prefix; others are dropped.
    No groups: each code goes to its first ``prefix_len`` characters (all when ``None``).
    """

    groups: tuple[ActorGroup, ...] = ()
    prefix_len: int | None = None
    include_unknown: bool = False
    _order: tuple[tuple[str, str], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pairs = [(p, g.label) for g in self.groups for p in g.prefixes]
        # ids first (they single out one actor), then longer prefixes before shorter ones
        order = sorted(pairs, key=lambda x: (not x[0].startswith(ID_PREFIX), -len(x[0]), x[0]))
        object.__setattr__(self, "_order", tuple(order))

    def sql(self, side: str, codes: Sequence[str] | None = None) -> str:
        """A SQL expression giving the label of the ``side`` ('source' or 'target') actor
        of an event, or NULL. With ``codes`` (the groups' labels, in an order of one's
        choosing), the label's position in it (from 0) instead: numbers are quicker than
        text to group and compare over millions of rows."""
        column = f"{side}_code"
        if self.groups:
            position = {label: str(n) for n, label in enumerate(codes)} if codes is not None else None
            whens = " ".join(
                f"WHEN {actor_condition(side, p)} THEN {position[label] if position else lit(label)}"
                for p, label in self._order
            )
            return f"(CASE {whens} ELSE NULL END)"
        keep = f"{column} IS NOT NULL AND {column} <> ''"
        if not self.include_unknown:
            keep += f" AND NOT starts_with({column}, '-')"
        value = column if self.prefix_len is None else f"left({column}, {int(self.prefix_len)})"
        return f"(CASE WHEN {keep} THEN {value} ELSE NULL END)"

    @property
    def by_code(self) -> bool:
        """Whether an actor's label depends on its code alone (no ``id:`` references)."""
        return not any(p.startswith(ID_PREFIX) for g in self.groups for p in g.prefixes)

    def label_of(self, code: str | None, actor_id: str | None = None) -> str | None:
        """The same mapping in Python (for a handful of actors, e.g. in explanations)."""
        if not code and not actor_id:
            return None
        if self.groups:
            for p, label in self._order:
                if p.startswith(ID_PREFIX):
                    if actor_id and actor_id.lower() == p[len(ID_PREFIX) :]:
                        return label
                elif code and code.startswith(p):
                    return label
            return None
        if not code:
            return None
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
    file, a code prefix (``IRN``), an actor id (``id:fadhila party``), or
    ``Label=REF+REF`` (``Iraqi state=IRQGOV+IRQMIL``)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    parts = [p.strip() for item in items for p in item.split(",") if p.strip()]
    groups: list[ActorGroup] = []
    for part in parts:
        if "=" in part:
            label, _, codes = part.partition("=")
            prefixes = tuple(actor_ref(c) for c in codes.split("+") if c.strip())
            label = label.strip()
        elif part in named:
            label, prefixes = part, tuple(named[part])
        else:
            label, prefixes = actor_ref(part), (actor_ref(part),)
        bad = [p for p in prefixes if not _PREFIX.match(p)]
        if not label or not prefixes or bad:
            raise WhowhomError(
                Errors.E707.format(
                    value=part,
                    reason="not a named actor, a code prefix (IRN, IRQGOV), id:ACTOR_ID or Label=REF+REF",
                )
            )
        if any(g.label == label for g in groups):
            raise WhowhomError(Errors.E707.format(value=part, reason="actor named twice"))
        groups.append(ActorGroup(label, prefixes))
    return tuple(groups)


def actor_spec(
    actors: str | Sequence[str] | None, named: Mapping[str, Sequence[str]], *, prefix: int | None = None
) -> ActorSpec:
    """The actors of interest as ``--actors`` gives them; with none (and no ``prefix``), the
    actors the issues file names."""
    groups = parse_actors(actors, named)
    if not groups and prefix is None and named:
        groups = tuple(ActorGroup(k, tuple(v)) for k, v in named.items())
    return ActorSpec(groups=groups, prefix_len=prefix)

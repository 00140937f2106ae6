"""Colours of the report: stances on a red–neutral–green scale, blocs from a
qualitative palette that avoids the red and green used for signs."""

from __future__ import annotations

from collections.abc import Sequence

OPPOSE = (178, 34, 34)  # −1
NEUTRAL = (244, 241, 234)  # 0
SUPPORT = (26, 127, 55)  # +1
MISSING = "#d9d9d9"
ALONE = "#e8e8e8"  # an actor in a bloc of its own
POSITIVE_TIE = "#1a7f37"
NEGATIVE_TIE = "#b22222"
#: Tableau 10 without its green and red.
BLOC_PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def stance_colour(value: float | None) -> str:
    """Background for a stance in [−1, 1]; grey when missing."""
    if value is None:
        return MISSING
    v = max(-1.0, min(1.0, value))
    end = SUPPORT if v >= 0 else OPPOSE
    t = abs(v)
    return _hex([n + (e - n) * t for n, e in zip(NEUTRAL, end, strict=True)])


def ink(value: float | None) -> str:
    """Text colour that reads on ``stance_colour(value)``."""
    return "#fff" if value is not None and abs(value) > 0.55 else "#222"


def sign_class(value: float | None, eps: float = 1e-9) -> str:
    if value is None:
        return "missing"
    if value > eps:
        return "pos"
    if value < -eps:
        return "neg"
    return "zero"


def bloc_colour(index: int) -> str:
    return BLOC_PALETTE[index % len(BLOC_PALETTE)]


def tie_colour(weight: float) -> str:
    if weight == 0:
        return "#888888"
    return POSITIVE_TIE if weight > 0 else NEGATIVE_TIE

"""Stable, unique HTML ids for the places a cell links to."""

from __future__ import annotations

import re
import zlib


def anchor(kind: str, *parts: str) -> str:
    """``kind-readable-parts-hash``: readable, and unique even when two names slug alike
    ("IRQ GOV" and "irq-gov")."""
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") or "x" for p in parts)
    digest = zlib.crc32("\x1f".join(parts).encode("utf-8")) & 0xFFFFFF
    return f"{kind}-{slug}-{digest:06x}"

"""Source reliability: how far a claim can be taken at its source's word (0-1).

A document's reliability comes from its outlet (a data file maps outlet names and name
words to kinds of source, and kinds to scores); an event's is the lower of its
document's and its innermost speaker's (a named official, or an anonymous one).
Analysis discounts evidence by it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from whowhom.coding.modality import cues
from whowhom.model import Attribution

RELIABILITY_ENV = "WHOWHOM_RELIABILITY"


@dataclass(frozen=True)
class ReliabilityTable:
    types: dict[str, float]
    outlets: dict[str, str]
    outlet_words: dict[str, str]

    def outlet_type(self, outlet: str | None) -> str:
        if not outlet:
            return "unknown"
        low = outlet.lower()
        for name, kind in self.outlets.items():
            if name in low:
                return kind
        for word, kind in self.outlet_words.items():
            if word in low:
                return kind
        return "unknown"

    def for_outlet(self, outlet: str | None) -> float:
        return self.types.get(self.outlet_type(outlet), self.types.get("unknown", 0.6))

    def for_speaker(self, speaker: Attribution) -> float:
        """A coded, named speaker is an official; a bare "officials" is anonymous
        (the words are ``unnamed_heads`` in ``data/cues.yaml``)."""
        words = (speaker.text or "").lower().split()
        if not words or (words[-1] in cues().unnamed_heads and len(words) <= 3):
            return self.types.get("anonymous", 0.5)
        return self.types.get("official", 0.7)


def _load(path: Path | None) -> ReliabilityTable:
    if path is None:
        text = resources.files("whowhom.data").joinpath("reliability.yaml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return ReliabilityTable(
        types={str(k): float(v) for k, v in (data.get("types") or {}).items()},
        outlets={str(k).lower(): str(v) for k, v in (data.get("outlets") or {}).items()},
        outlet_words={str(k).lower(): str(v) for k, v in (data.get("outlet_words") or {}).items()},
    )


@lru_cache(maxsize=2)
def reliability_table(path: str | None = None) -> ReliabilityTable:
    """The table from ``path``, else ``$WHOWHOM_RELIABILITY``, else the bundled defaults."""
    chosen = path or os.environ.get(RELIABILITY_ENV)

    return _load(Path(chosen) if chosen else None)


def event_reliability(
    document_reliability: float, attribution: Sequence[Attribution], table: ReliabilityTable
) -> float:
    """The lower of the document's reliability and its innermost speaker's."""
    speakers = [a for a in attribution if a.role == "speaker"]
    if not speakers:
        return round(document_reliability, 2)
    return round(min(document_reliability, table.for_speaker(speakers[0])), 2)

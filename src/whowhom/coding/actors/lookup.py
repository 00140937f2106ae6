"""Which dictionary lines a name as written matches, without parsing it.

``whowhom actors show`` parses the name with spaCy and resolves it exactly as the coder
would (``explain.py``). This is the cheap companion for the workbench's actor page: the
phrases of the dictionaries found inside the name (longest first), each with its file
and line and the role in force on a date. No spaCy, so a page answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whowhom.coding.actors.dictionary import ActorEntry, AgentEntry
from whowhom.coding.actors.phrases import phrase_words
from whowhom.knowledge import Knowledge

MAX_WORDS = 12


@dataclass
class DictionaryMatch:
    phrase: str  # the words of the name that matched
    kind: str  # actor | agent
    entry: str  # the entry's own name
    where: str  # file:line
    code: str | None  # the role in force on the date (actor) or the agent's code
    roles: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "kind": self.kind,
            "entry": self.entry,
            "where": self.where,
            "code": self.code,
            "roles": self.roles,
        }


def dictionary_matches(name: str, knowledge: Knowledge, date: str | None = None) -> list[DictionaryMatch]:
    """The dictionary phrases inside ``name``, longest first, none overlapping."""
    words = phrase_words(name)[:MAX_WORDS]
    compact = date.replace("-", "") if date else None
    taken: set[int] = set()
    out: list[DictionaryMatch] = []
    for length in range(len(words), 0, -1):
        for start in range(0, len(words) - length + 1):
            span = set(range(start, start + length))
            if span & taken:
                continue
            key = words[start : start + length]
            for kind, index in (("actor", knowledge.actors), ("agent", knowledge.agents)):
                entry = index.entries.get(key)
                if isinstance(entry, ActorEntry):
                    role = entry.role_on(compact)
                    roles = [{"code": r.code, "start": r.start, "end": r.end} for r in entry.roles]
                    out.append(
                        DictionaryMatch(
                            " ".join(key), kind, entry.name, entry.where, role.code if role else None, roles
                        )
                    )
                elif isinstance(entry, AgentEntry):
                    out.append(DictionaryMatch(" ".join(key), kind, entry.name, entry.where, entry.code))
                else:
                    continue
                taken |= span
                break
    return out

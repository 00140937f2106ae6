"""Loading the coder's knowledge: actor, agent, discard and verb dictionaries.

The bundled set lives in ``whowhom/data``; ``--dictionaries DIR`` swaps in another set
laid out the same way (files found by name: ``*actors*.txt``, ``*actors*.yaml`` (the
project's readable additions, which win over the others), ``*.kb.*actors*.txt`` (the actor
knowledge base built from open data, which wins over the remaining actor files), ``*agents*.txt``,
``*discards*.txt``, and the verb file ``*verbs*.txt`` or ``CAMEO.*.txt``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from whowhom.coding.actors.additions import read_additions
from whowhom.coding.actors.dictionary import (
    PhraseIndex,
    Problem,
    find_files,
    read_actor_file,
    read_agent_file,
    read_discard_file,
)
from whowhom.coding.actors.lint import read_given_names
from whowhom.coding.verbs import VerbDictionary, read_synsets, read_verb_file
from whowhom.errors import Errors, WhowhomError

ACTOR_FILES = ("*actors*.txt", "*Actors*.txt")
#: The knowledge base built from open data (scripts/build_actor_kb.py): read after the
#: additions and before the other actor files, so it wins over Phoenix.
KB_FILES = ("*.kb.*actors*.txt",)
ADDITION_FILES = ("*actors*.yaml", "*actors*.yml")
AGENT_FILES = ("*agents*.txt", "*Agents*.txt")
DISCARD_FILES = ("*discards*.txt", "*Discards*.txt")
VERB_FILES = ("*verbs*.txt", "*Verbs*.txt", "CAMEO.*.txt")


@dataclass
class Knowledge:
    directory: Path
    actors: PhraseIndex = field(default_factory=PhraseIndex)
    agents: PhraseIndex = field(default_factory=PhraseIndex)
    discards: set[tuple[str, ...]] = field(default_factory=set)
    story_discards: set[tuple[str, ...]] = field(default_factory=set)
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    problems: list[Problem] = field(default_factory=list)
    #: Words seen as given names in the open data (``whowhom.kb.given_names.txt``), upper case.
    given_names: frozenset[str] = frozenset()


def bundled_directory() -> Path:
    return Path(str(resources.files("whowhom.data")))


def _unique(paths: list[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for p in paths:
        seen.setdefault(p.resolve(), None)
    return list(seen)


def load_knowledge_uncached(directory: Path) -> Knowledge:
    if not directory.is_dir():
        raise WhowhomError(Errors.E111.format(path=directory))
    kb = Knowledge(directory=directory)
    kb_files = _unique(find_files(directory, KB_FILES))
    actor_files = [p for p in _unique(find_files(directory, ACTOR_FILES)) if p not in kb_files]
    verb_files = _unique(find_files(directory, VERB_FILES))
    if not actor_files and not kb_files:
        raise WhowhomError(Errors.E301.format(path=directory, what="actor", pattern=ACTOR_FILES[0]))
    if not verb_files:
        raise WhowhomError(Errors.E301.format(path=directory, what="verb", pattern=VERB_FILES[0]))
    for path in _unique(find_files(directory, ADDITION_FILES)):  # first, so they win
        read_additions(path, kb.actors, kb.problems)
    for path in kb_files:
        read_actor_file(path, kb.actors, kb.problems, layer="kb")
    for path in actor_files:
        read_actor_file(path, kb.actors, kb.problems)
    agent_files = _unique(find_files(directory, AGENT_FILES))
    for path in sorted(agent_files, key=lambda p: not p.name.startswith("whowhom.")):
        read_agent_file(path, kb.agents, kb.problems)  # the project's own first, so they win
    kept: set[tuple[str, ...]] = set()
    for path in _unique(find_files(directory, DISCARD_FILES)):
        sentence, story = read_discard_file(path, kept)
        kb.discards |= sentence
        kb.story_discards |= story
    kb.discards -= kept
    kb.story_discards -= kept
    for path in verb_files:  # synonym sets first: a pattern may use a set from another file
        read_synsets(path, kb.verbs)
    for path in verb_files:
        read_verb_file(path, kb.verbs)
    kb.verbs.merge_repeats()
    kb.problems.extend(kb.verbs.problems)
    kb.given_names = read_given_names(directory)
    return kb


def load_knowledge(directory: Path | None = None) -> Knowledge:
    """The knowledge for ``directory`` (the bundled set when None), loaded once per process."""
    return _load_cached((directory or bundled_directory()).resolve())


@lru_cache(maxsize=4)
def _load_cached(directory: Path) -> Knowledge:
    return load_knowledge_uncached(directory)

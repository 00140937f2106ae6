"""Reading PETRARCH's CAMEO verb dictionary (``CAMEO.2.0.txt`` format).

The file has synonym sets (``&CEASEFIRE`` then ``+TRUCE`` lines), then verb blocks::

    ---  MEET_PEOPLE   [040]  ---          block header with its default code
    MEET {MEETS MET MEETING}               a verb, its irregular forms, optional [code]
    +MEET_WITH {+MET_WITH}                 a verb with a particle or preposition
    - * (FOR TALKS)   [036:036]  # MEET    a pattern: words around the verb (*)

A pattern's words are matched on the dependency parse (see ``coding.patterns``): words
after ``*`` must occur, in order, among the verb's dependents; ``(PREP ...)`` must start
at a preposition; ``&SET`` is any word of the set; ``{A B}`` is a phrase. ``[042:043]``
codes a pair of events (source→target, then target→source); ``[---]`` means no event.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whowhom.coding.actors.dictionary import Problem

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True, slots=True)
class Element:
    """One position of a pattern: a set of alternative words, or a marker."""

    words: frozenset[str]  # single words
    prep: bool = False  # must be a preposition token (first word of a "(...)" group)
    phrases: tuple[tuple[str, ...], ...] = ()  # multi-word alternatives ("ARMED FORCES")


@dataclass(slots=True)
class Pattern:
    before: tuple[Element, ...]
    after: tuple[Element, ...]
    code: str  # "111", "042:043", "---"
    where: str

    @property
    def weight(self) -> int:
        return len(self.before) + len(self.after)


@dataclass(slots=True)
class Verb:
    lemma: str  # upper-case verb word
    particles: tuple[str, ...]  # "+MEET_WITH" → ("WITH",)
    code: str
    block: str
    where: str
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    """Verb word (lemma or listed form) → candidate verbs (with and without particles)."""

    verbs: dict[str, list[Verb]] = field(default_factory=dict)
    synsets: dict[str, frozenset[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def lookup(self, word: str) -> list[Verb]:
        return self.verbs.get(word, [])

    def merge_repeats(self) -> None:
        """A verb listed in two files keeps the first file's code and both files' patterns
        (how the project's additions refine CAMEO without losing its patterns)."""
        for form, verbs in self.verbs.items():
            first: dict[tuple[str, tuple[str, ...]], Verb] = {}
            kept: list[Verb] = []
            for verb in verbs:
                key = (verb.lemma, verb.particles)
                if key in first and first[key].where.split(":")[0] != verb.where.split(":")[0]:
                    known = first[key]
                    known.patterns.extend(p for p in verb.patterns if p not in known.patterns)
                    continue
                first.setdefault(key, verb)
                kept.append(verb)
            self.verbs[form] = kept


def _strip_comment(line: str) -> tuple[str, str]:
    body, _, comment = line.partition("#")
    return body.rstrip(), comment.strip()


def _tokens(text: str) -> Iterator[str]:
    """Split a pattern into items, keeping ``{...}`` and ``(...)`` groups whole."""
    for m in re.finditer(r"\{[^}]*\}|\([^)]*\)|\S+", text):
        yield m.group(0)


def _element(word: str, synsets: dict[str, frozenset[str]], *, prep: bool = False) -> Element:
    word = word.strip()
    if word.startswith("&"):
        alternatives = synsets.get(word.rstrip("_"), frozenset({word}))
    else:
        alternatives = frozenset({word.rstrip("_").replace("_", " ")})
    singles = frozenset(a for a in alternatives if " " not in a)
    phrases = tuple(tuple(a.split()) for a in sorted(alternatives) if " " in a)
    return Element(singles, prep, phrases)


def _elements(items: list[str], synsets: dict[str, frozenset[str]]) -> tuple[Element, ...]:
    out: list[Element] = []
    for item in items:
        if item in {"$", "+", "^", "%"}:
            continue  # actor slots: the parse finds actors itself
        if item.startswith("{"):
            out.extend(_element(w, synsets) for w in item.strip("{}").split() if w not in "$+^%")
        elif item.startswith("("):
            words = [w for w in item.strip("()").split() if w not in {"$", "+", "^", "%"}]
            for i, w in enumerate(words):
                if w.startswith("{"):
                    w = w.strip("{}")
                out.append(_element(w.strip("{}"), synsets, prep=(i == 0)))
        else:
            out.append(_element(item, synsets))
    return tuple(out)


def parse_pattern(body: str, code: str, where: str, synsets: dict[str, frozenset[str]]) -> Pattern | None:
    items = list(_tokens(body))
    if "*" not in items:
        return None
    star = items.index("*")
    return Pattern(
        _elements(items[:star], synsets), _elements(items[star + 1 :], synsets), code.strip(), where
    )


def _split_verb(word: str) -> tuple[str, tuple[str, ...]]:
    parts = [p for p in word.lstrip("+").split("_") if p]
    return parts[0], tuple(parts[1:])


def read_synsets(path: Path, vd: VerbDictionary) -> None:
    """Only the synonym sets of a verb file, so patterns in any file can use any set."""
    name: str | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = raw.split("#", 1)[0].strip()
        if text.startswith("&"):
            name = text.rstrip("_").split()[0]
            vd.synsets.setdefault(name, frozenset())
        elif name and text.startswith("+"):
            vd.synsets[name] = vd.synsets[name] | {text[1:].strip().rstrip("_").replace("_", " ")}
        elif not text:
            continue
        else:
            name = None


def read_verb_file(path: Path, vd: VerbDictionary | None = None) -> VerbDictionary:
    vd = vd or VerbDictionary()
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synset_name: str | None = None
    block_code = "---"
    block_name = ""
    block_verbs: list[Verb] = []
    for lineno, raw in enumerate(lines, 1):
        where = f"{path.name}:{lineno}"
        body, comment = _strip_comment(raw)
        text = body.strip()
        if not text:
            synset_name = None if not raw.strip().startswith("#") else synset_name
            continue
        if text.startswith("&"):
            synset_name = text.rstrip("_").split()[0]
            vd.synsets.setdefault(synset_name, frozenset())
            continue
        if synset_name and text.startswith("+"):
            word = text[1:].strip().rstrip("_").replace("_", " ")
            vd.synsets[synset_name] = vd.synsets[synset_name] | {word}
            continue
        synset_name = None
        if m := _HEADER.match(text):
            block_name, block_code = m.group(1), m.group(2).strip()
            block_verbs = []
            continue
        if text.startswith("---"):
            vd.problems.append(Problem(where, f"malformed block header {text!r}"))
            codes = _CODE.findall(text)  # still a new block: its verbs must not join the last one
            block_name = text.strip("- ").split()[0] if text.strip("- ") else ""
            block_code = codes[0].strip() if codes else "---"
            block_verbs = []
            continue
        if text.startswith("-"):
            codes = _CODE.findall(text)
            if not codes:
                vd.problems.append(Problem(where, "pattern has no [code]"))
                continue
            pattern = parse_pattern(_CODE.sub(" ", text[1:]), codes[-1], where, vd.synsets)
            if pattern is None:
                vd.problems.append(Problem(where, "pattern has no '*' for the verb"))
                continue
            owner = comment.split()[0].upper() if comment else ""
            owners = [v for v in block_verbs if v.lemma == owner and not v.particles]
            for verb in owners or block_verbs:
                verb.patterns.append(pattern)
            continue
        codes = _CODE.findall(text)
        forms_m = re.search(r"\{([^}]*)\}", text)
        head = re.sub(r"\{[^}]*\}", " ", _CODE.sub(" ", text)).split()
        if not head:
            continue
        lemma, particles = _split_verb(head[0])
        verb = Verb(
            lemma=lemma,
            particles=particles,
            code=(codes[0].strip() if codes else block_code),
            block=block_name,
            where=where,
        )
        block_verbs.append(verb)
        forms = {lemma}
        if forms_m:
            forms |= {_split_verb(f)[0] for f in forms_m.group(1).split()}
        for form in forms:
            vd.verbs.setdefault(form, []).append(verb)
    return vd

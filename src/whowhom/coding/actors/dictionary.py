"""Reading PETRARCH/TABARI actor, agent and discard dictionaries.

Formats (as in the Phoenix files):

* actors: an entry line ``PHRASE [CODE]`` or ``PHRASE`` followed by ``+SYNONYM`` lines and
  indented code lines ``[IRQGOV 20060520-20140908]``, ``[IRNGOV >19890604]``,
  ``[X <20030320]`` (six-digit dates are YYMMDD). An undated code is the default; consecutive
  entry lines with no code between them share the codes that follow them (how the files list
  one person's names: "LEONID_BREZHNEV_", "SECRETARY_BREZHNEV", then his roles); entries that
  no codes follow at all (at the end of a file) take the previous entry's.
* agents: ``!SET! = A, B`` substitution sets, then ``PHRASE [~AGR]`` (the agent code is
  appended to the actor's country: Iraqi + police → ``IRQCOP``) or ``[IGO~]`` (prefixed).
* discards: phrases; a sentence that contains one is not coded (``+`` marks a whole story).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whowhom.coding.actors.phrases import phrase_words

_CODE = re.compile(r"\[([^\]]*)\]")
_SUBST = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


@dataclass(slots=True)
class Role:
    """One code of an actor, valid between two dates (YYYYMMDD, inclusive; None = open)."""

    code: str
    start: str | None = None
    end: str | None = None

    def covers(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


#: The Phoenix dictionaries were written in 2015: a role of theirs with no end says nothing of
#: later years, which a knowledge-base entry of the same person dates itself ("Joseph Biden"
#: has an open vice-presidency there).
FALLBACK_OPEN_UNTIL = "20151231"


@dataclass(slots=True)
class ActorEntry:
    name: str  # the entry's first phrase, as written
    roles: list[Role]
    where: str  # "file:line" of the entry, so a resolution can be explained
    layer: str = "phoenix"  # "additions" | "kb" | "phoenix" (any other PETRARCH file)
    source: str | None = None  # for the knowledge base: the open-data file:line it was built from
    #: A lower-layer entry for the same actor (a Phoenix entry sharing a full name with a KB
    #: entry): its dated roles fill the dates the KB has no role for.
    fallback: ActorEntry | None = None
    #: Its names are also other countries' ("Democratic Party"): it is meant only in a document
    #: that is not about another country.
    namesakes_abroad: bool = False

    def dated_role_on(self, date: str | None) -> Role | None:
        if date:
            for role in self.roles:
                if role.dated and role.covers(date):
                    return role
        return None

    def role_on(self, date: str | None) -> Role | None:
        """The code in force on ``date`` (YYYYMMDD): a dated role of this entry, else one of its
        fallback's, else this entry's undated default (the fallback's when it has none)."""
        return self.explain_role(date)[0]

    def explain_role(self, date: str | None) -> tuple[Role | None, ActorEntry]:
        """The role in force and the entry that supplied it (self or the fallback)."""
        role = self.dated_role_on(date)
        if role is not None:
            return role, self
        if self.fallback is not None:
            role = self.fallback.dated_role_on(date)
            if role is not None and (role.end is not None or not date or date <= FALLBACK_OPEN_UNTIL):
                return role, self.fallback
        for role in self.roles:
            if not role.dated:
                return role, self
        if self.fallback is not None:
            return self.fallback.explain_role(date)
        return (self.roles[-1] if self.roles else None), self


@dataclass(slots=True)
class AgentEntry:
    name: str
    code: str  # "~GOV" (append to country) or "IGO~" (prefix)
    where: str


@dataclass(slots=True)
class Problem:
    """A malformed dictionary line, kept as data so `actors check` can list them."""

    where: str
    reason: str


@dataclass
class PhraseIndex:
    """Phrases (tuples of words) → entries, with the longest phrase per first word (and per
    first two words, so that matching tries only the lengths that can match)."""

    entries: dict[tuple[str, ...], object] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)
    longest2: dict[tuple[str, str], int] = field(default_factory=dict)
    #: "file:line" of each phrase where it differs from its entry's (synonym lines), for the lint
    lines: dict[tuple[str, ...], str] = field(default_factory=dict)
    _given: dict[tuple[int, str], frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def add(self, words: tuple[str, ...], entry: object, where: str | None = None) -> None:
        if not words:
            return
        existing = self.entries.get(words)
        if existing is not None:  # first definition wins, as in PETRARCH; but a KB entry
            if (  # keeps the Phoenix entry of the same full name for the dates it lacks
                isinstance(existing, ActorEntry)
                and isinstance(entry, ActorEntry)
                and existing.layer == "kb"
                and entry.layer == "phoenix"
                and existing.fallback is None
                and len(words) >= 2
                and entry is not existing
            ):
                existing.fallback = entry
            return
        self.entries[words] = entry
        if where is not None:
            self.lines[words] = where
        if len(words) > self.longest.get(words[0], 0):
            self.longest[words[0]] = len(words)
        if len(words) > 2 and len(words) > self.longest2.get((words[0], words[1]), 0):
            self.longest2[(words[0], words[1])] = len(words)

    def __len__(self) -> int:
        return len(self.entries)

    def given_words(self, entry: object, surname: str) -> frozenset[str]:
        """The words before ``surname`` in ``entry`` 's names that end in it ("JOSEPH", "R",
        "JOE" of Joseph R. Biden's): what the person is called before it (worked out once
        for the index)."""
        if self._given is None:
            given: dict[tuple[int, str], set[str]] = {}
            for words, e in self.entries.items():
                if len(words) > 1:
                    given.setdefault((id(e), words[-1]), set()).update(words[:-1])
            self._given = {k: frozenset(v) for k, v in given.items()}
        return self._given.get((id(entry), surname), frozenset())


def normalise_date(text: str) -> str:
    """``680101`` → ``19680101``; ``030101`` → ``20030101``; 8 digits unchanged."""
    text = text.strip()
    if len(text) == 6 and text.isdigit():
        century = "19" if int(text[:2]) > 30 else "20"
        return century + text
    if len(text) == 8 and text.isdigit():
        return text
    raise ValueError(f"bad date {text!r} (expected YYYYMMDD or YYMMDD)")


#: CAMEO's sector codes, which can follow "MNC" where no country does ("MNCHLH").
SECTOR_CODES = frozenset(
    """GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL HLH HRI LAB LEG REF AGR ENV ELI NGO IGO REL
    MUS CHR JEW UAF IMG PPL DEV INS""".split()  # noqa: SIM905 - a code list reads better as text
)


def country_first(code: str) -> str:
    """A Phoenix code in whowhom's country-first form. Phoenix codes a company as "MNC" and its
    country (``MNCUSA``, ``MNCUSAMED``): it is a business (``USABUS``) or a medium (``USAMED``)
    of that country, so it has the country its stances and alignments count for, as the
    real-news gold codes it. A code that is only a sector (``MED`` for a newspaper) is of no
    known country (``---MED``), not of a country "MED"."""
    country = code[3:6]
    if code.startswith("MNC") and len(country) == 3 and country.isalpha() and country not in SECTOR_CODES:
        return f"{country}MED" if code[6:9] == "MED" else f"{country}BUS"  # a media company is a medium
    if code in SECTOR_CODES and code not in ("NGO", "IGO"):
        return f"---{code}"
    return code


def parse_role(body: str) -> Role:
    """``IRQGOV 20060520-20140908`` / ``IRNGOV >19890604`` / ``X <20030320`` / ``IRQ``."""
    parts = body.split()
    if not parts:
        raise ValueError("empty code")
    code = country_first(parts[0])
    if len(parts) == 1:
        return Role(code)
    span = "".join(parts[1:])
    if span.startswith(">"):
        return Role(code, start=normalise_date(span[1:]))
    if span.startswith("<"):
        return Role(code, end=normalise_date(span[1:]))
    if "-" in span:
        lo, hi = span.split("-", 1)
        return Role(code, start=normalise_date(lo), end=normalise_date(hi))
    raise ValueError(f"bad date restriction {span!r}")


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _strip_braces(text: str) -> str:
    return re.sub(r"\{[^}]*\}", " ", text)


def read_actor_file(path: Path, index: PhraseIndex, problems: list[Problem], layer: str = "phoenix") -> None:
    """Add the file's actors to ``index``. For the knowledge base (``layer="kb"``) the comment
    on an entry line names the open-data record it was built from (kept as ``source``)."""
    current: ActorEntry | None = None
    previous_roles: list[Role] = []
    pending: list[ActorEntry] = []

    def close() -> None:
        """Consecutive entry lines share the roles that follow them ("LEONID_BREZHNEV_" /
        "SECRETARY_BREZHNEV" / roles); a group with none takes the previous group's."""
        nonlocal previous_roles
        shared = next((e.roles for e in reversed(pending) if e.roles), None)
        for entry in pending:
            if not entry.roles:
                entry.roles = list(shared if shared is not None else previous_roles)
        if shared is not None:
            previous_roles = shared
        pending.clear()

    for lineno, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        where = f"{path.name}:{lineno}"
        stripped = line.strip()
        codes = _CODE.findall(stripped)
        roles: list[Role] = []
        for body in codes:
            try:
                roles.append(parse_role(body))
            except ValueError as e:
                problems.append(Problem(where, str(e)))
        phrase = _strip_braces(_CODE.sub(" ", stripped)).strip()
        if not phrase:  # a code line for the current entry
            if current is None:
                problems.append(Problem(where, "code line before any actor"))
            else:
                current.roles.extend(roles)
            continue
        if phrase.startswith("+"):
            if current is None:
                problems.append(Problem(where, "synonym before any actor"))
                continue
            current.roles.extend(roles)
            index.add(phrase_words(phrase[1:]), current, where)
            continue
        if current is not None and (raw[:1].isspace()):
            problems.append(Problem(where, f"indented line is neither a code nor a synonym: {stripped!r}"))
            continue
        if current is None or current.roles:
            close()  # else this line continues a group that shares the roles to come
        source = raw.split("#", 1)[1].strip() if layer == "kb" and "#" in raw else None
        current = ActorEntry(name=phrase, roles=roles, where=where, layer=layer, source=source)
        pending.append(current)
        words = phrase_words(phrase)
        if not words:
            problems.append(Problem(where, f"empty phrase {phrase!r}"))
            continue
        index.add(words, current)
    close()


def read_agent_file(path: Path, index: PhraseIndex, problems: list[Problem]) -> None:
    sets: dict[str, list[str]] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        where = f"{path.name}:{lineno}"
        m = _SUBST.match(line)
        if m:
            sets[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue  # headings and stray words carry no code; PETRARCH skips them too
        phrase = _strip_braces(_CODE.sub(" ", line)).strip()
        code = codes[0].strip()
        if "~" not in code:
            problems.append(Problem(where, f"agent code {code!r} has no '~'"))
            continue
        for variant in _expand(phrase, sets):
            index.add(phrase_words(variant), AgentEntry(name=variant, code=code, where=where))


def _expand(phrase: str, sets: dict[str, list[str]]) -> Iterator[str]:
    m = re.search(r"![A-Z]+!", phrase)
    if not m:
        yield phrase
        return
    for alt in sets.get(m.group(0), [m.group(0).strip("!")]):
        yield from _expand(phrase[: m.start()] + alt + phrase[m.end() :], sets)


def read_discard_file(
    path: Path, kept: set[tuple[str, ...]] | None = None
) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(sentence discards, story discards). A line "!PHRASE" (whowhom's) keeps a phrase that
    another file discards; it is added to ``kept``."""
    sentence: set[tuple[str, ...]] = set()
    story: set[tuple[str, ...]] = set()
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if line.startswith("!"):
            if kept is not None:
                kept.add(phrase_words(line[1:]))
            continue
        target = story if line.startswith("+") else sentence
        words = phrase_words(line.lstrip("+"))
        if words:
            target.add(words)
    return sentence, story


def find_files(directory: Path, patterns: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for pattern in patterns:
        found.extend(sorted(directory.glob(pattern)))
    return found

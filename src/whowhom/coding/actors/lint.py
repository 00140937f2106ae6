"""Lint for actor dictionaries: phrases that match far more than the actor they name.

Part of ``whowhom actors check``. Three kinds of problem, each reported with file:line:

* a **generic word** as a whole phrase: ``+ORGANIZATION_`` under a rebel group turns every
  "… Organization" into that group; ``+YOUTH_`` every "Youth Association". Generic means a
  common noun for a kind of body or group of people (``GENERIC_WORDS``), or a word that the
  agent dictionary already codes as a role ("Senate" is any country's senate).
* a **bare first name** as a whole phrase: ``HASSAN_`` (a Jordanian prince) also matches King
  Hassan of Morocco and Omar Hassan al-Bashir. First names are those seen as given names more
  often than as surnames in the open data (``whowhom.kb.given_names.txt``, built by
  ``scripts/build_actor_kb.py``).
* a **date** that is not a calendar date, or a span that ends before it starts. (Dates that do
  not parse at all are reported by the reader.)

Entries from the project's own additions (``*actors*.yaml``) are reviewed by hand and exempt
from the first-name rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from whowhom.coding.actors.dictionary import ActorEntry, PhraseIndex, Problem, Role

#: Common nouns naming a kind of body or of people: never an actor on their own.
GENERIC_WORDS = frozenset(
    """
    ORGANIZATION ORGANISATION ORGANIZATIONS ORGANISATIONS YOUTH YOUTHS ASSOCIATION FEDERATION
    UNION LEAGUE FRONT MOVEMENT PARTY PARTIES GROUP GROUPS COUNCIL COMMITTEE COMMISSION
    ALLIANCE COALITION BRIGADE BRIGADES BATTALION BATTALIONS ARMY ARMIES FORCE FORCES GUARD
    GUARDS COMMAND CORPS MILITIA MILITIAS LIBERATION RESISTANCE REVOLUTION SOCIETY INSTITUTE
    FOUNDATION CENTER CENTRE AGENCY BUREAU OFFICE MINISTRY DEPARTMENT GOVERNMENT REGIME
    SENATE CONGRESS PARLIAMENT ASSEMBLY LEGISLATURE COURT TRIBUNAL POLICE STATE NATION PEOPLE
    PEOPLES WORKERS STUDENTS FARMERS SOLDIERS FIGHTERS REBELS TIGERS LIONS EAGLES WOLVES
    BROTHERS BROTHERHOOD SISTERS SONS CHILDREN MARTYRS PATRIOTS NATIONALISTS REVOLUTIONARIES
    COMMUNISTS SOCIALISTS COMRADES VANGUARD CELL CELLS NETWORK CIRCLE CLUB BANK COMPANY
    CORPORATION AUTHORITY BOARD SERVICE SERVICES COMMUNITY CHURCH MOSQUE MISSION
    REPUBLIC KINGDOM EMPIRE FEDERAL NATIONAL INTERNATIONAL DEMOCRATIC POPULAR ISLAMIC
    REVOLUTIONARY UNITED FREE NEW
    """.split()  # noqa: SIM905 - a word list reads better as text
)

GIVEN_NAMES_FILE = "whowhom.kb.given_names.txt"


def read_given_names(directory: Path) -> frozenset[str]:
    path = directory / GIVEN_NAMES_FILE
    if not path.is_file():
        return frozenset()
    words = (line.split("#", 1)[0].strip().upper() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w)


def _valid_date(text: str) -> bool:
    try:
        dt.datetime.strptime(text, "%Y%m%d")
    except ValueError:
        return False
    return True


def _date_problem(role: Role) -> str | None:
    for label, value in (("start", role.start), ("end", role.end)):
        if value is not None and not _valid_date(value):
            return f"[{role.code}] {label} date {value!r} is not a calendar date"
    if role.start and role.end and role.end < role.start:
        return f"[{role.code}] ends ({role.end}) before it starts ({role.start})"
    return None


def _is_person_like(entry: ActorEntry) -> bool:
    """Whether an entry can be a person: it has a code with a sector (``JORGOV``), not only a
    bare country code (place names and demonyms such as "Chad" or "Israel" are synonyms of a
    country and fine)."""
    return any(len(r.code) > 3 for r in entry.roles)


def lint_actors(
    actors: PhraseIndex, agents: PhraseIndex, given_names: frozenset[str] = frozenset()
) -> list[Problem]:
    """Problems of the phrases in ``actors`` (see the module docstring), in index order."""
    agent_words = {words[0] for words in agents.entries if len(words) == 1}
    problems: list[Problem] = []
    seen_entries: set[int] = set()
    for words, entry in actors.entries.items():
        if not isinstance(entry, ActorEntry):
            continue
        if id(entry) not in seen_entries:
            seen_entries.add(id(entry))
            for role in entry.roles:
                reason = _date_problem(role)
                if reason:
                    problems.append(Problem(entry.where, f"{entry.name}: {reason}"))
        if len(words) != 1:
            continue
        word = words[0]
        where = actors.lines.get(words, entry.where)
        if word in GENERIC_WORDS or word in agent_words:
            problems.append(Problem(where, f"{entry.name}: generic word {word!r} as a phrase of this actor"))
        elif word in given_names and entry.layer != "additions" and _is_person_like(entry):
            problems.append(
                Problem(where, f"{entry.name}: bare first name {word!r} as a phrase of this actor")
            )
    return problems

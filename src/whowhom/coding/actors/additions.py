"""The project's own actor additions: a readable YAML file layered over Phoenix.

Each entry names an actor, its aliases and its dated roles (see the header of
``data/whowhom.actors.yaml``). Entries are added to the phrase index *before* the
PETRARCH files, so they win where both define a phrase.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from whowhom.coding.actors.dictionary import ActorEntry, PhraseIndex, Problem, Role, country_first
from whowhom.coding.actors.phrases import phrase_words

#: A possessive inside a name ("People's Liberation Army"), which the matcher never sees as one word.
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    return dt.date.fromisoformat(str(value)).strftime("%Y%m%d")


def _roles(raw: Any) -> list[Role]:
    if not isinstance(raw, list) or not raw:
        raise ValueError("'roles' must be a non-empty list")
    roles = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            raise ValueError(f"role {item!r} needs a 'code'")
        roles.append(
            Role(
                country_first(item["code"].strip().upper()),
                start=_date(item.get("from")),
                end=_date(item.get("until")),
            )
        )
    return roles


def read_additions(path: Path, index: PhraseIndex, problems: list[Problem]) -> None:
    """Add the file's actors to ``index``; malformed entries become ``Problem`` s."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        problems.append(Problem(f"{path.name}", f"not valid YAML ({e})"))
        return
    if root is None:
        return
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("actors") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.append(Problem(path.name, "expected a top-level 'actors:' list"))
        return
    actor_nodes = next((v for k, v in root.value if k.value == "actors"), None)
    lines = [n.start_mark.line + 1 for n in actor_nodes.value] if actor_nodes is not None else []
    for n, entry in enumerate(entries):
        where = f"{path.name}:{lines[n] if n < len(lines) else '?'}"
        try:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise ValueError("entry needs a 'name'")
            actor = ActorEntry(
                name=entry["name"],
                roles=_roles(entry.get("roles")),
                where=where,
                layer="additions",
                namesakes_abroad=bool(entry.get("namesakes_abroad", False)),
            )
            aliases = entry.get("aliases") or []
            if not isinstance(aliases, list):
                raise ValueError("'aliases' must be a list")
        except ValueError as e:
            problems.append(Problem(where, str(e)))
            continue
        for phrase in (actor.name, *map(str, aliases)):
            index.add(phrase_words(phrase), actor)
            if POSSESSIVE.search(phrase):  # the tokenizer splits "People's" into "People" "'s"
                index.add(phrase_words(POSSESSIVE.sub("", phrase)), actor)

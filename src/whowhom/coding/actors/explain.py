"""Explaining how a name resolves on a date, and which dictionary lines say so."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language

from whowhom.coding.actors.dictionary import ActorEntry, AgentEntry, Role
from whowhom.coding.actors.resolver import SentenceActors, split_code
from whowhom.knowledge import Knowledge


@dataclass(slots=True)
class Resolution:
    name: str
    date: str | None
    code: str | None
    country: str | None
    sector: str | None
    actor: str | None = None  # the dictionary entry's own name
    actor_where: str | None = None  # file:line
    actor_layer: str | None = None  # "additions" | "kb" | "phoenix"
    actor_source: str | None = None  # for the knowledge base: the open-data file:line
    role_where: str | None = None  # file:line of the entry whose role is in force (a fallback's)
    role: Role | None = None
    roles: list[Role] = field(default_factory=list)
    agent: str | None = None
    agent_code: str | None = None
    agent_where: str | None = None


def explain(name: str, date: str | None, knowledge: Knowledge, nlp: Language) -> Resolution:
    """Resolve ``name`` as the coder would inside a sentence (same matcher, same rules)."""
    doc = nlp(name)
    compact = date.replace("-", "") if date else None
    actors = SentenceActors(doc, knowledge.actors, knowledge.agents, date)
    actor, agent = actors._code_in(0, len(doc))
    code, _ = actors._combine(actor, agent)
    country, sector = split_code(code) if code else (None, None)
    res = Resolution(name=name, date=date, code=code, country=country, sector=sector)
    if actor is not None and isinstance(actor.entry, ActorEntry):
        res.actor = actor.entry.name
        res.actor_where = actor.entry.where
        res.actor_layer = actor.entry.layer
        res.actor_source = actor.entry.source
        res.roles = actor.entry.roles
        res.role, giver = actor.entry.explain_role(compact)
        res.role_where = giver.where
    if agent is not None and isinstance(agent.entry, AgentEntry):
        res.agent = agent.entry.name
        res.agent_code = agent.entry.code
        res.agent_where = agent.entry.where
    return res

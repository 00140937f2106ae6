"""Building one event candidate: the record's fields that the coding stages decide.

The event id, date and reliability are left for the stages after attribution
(``finalise.py``), so nothing computed here can go stale when a later stage adds a speaker.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.tokens import Token

from whowhom.coding.actors.resolver import NON_COUNTRY
from whowhom.coding.modality import Stance
from whowhom.coding.sentences import span_text
from whowhom.coding.stages import Resources
from whowhom.coding.state import Candidate, SentenceContext
from whowhom.model import ActorRef, Event, EventCode, Evidence, Location

#: Sectors of the state: their counterpart with no country named is taken to be domestic,
#: and one of them acting on another of its country's is the state acting on itself.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})


def one_actor(a: ActorRef, b: ActorRef) -> bool:
    """Whether two mentions are one actor acting on itself ("Iraq … Iraq", a government on
    itself), not two people of one kind ("a teacher shot two students": ---EDU and ---EDU)."""
    if a.code != b.code:
        return False
    code = a.code or ""
    role_only = code.startswith("---")  # "the teacher", or a name no dictionary knows ("Layton")
    state_part = code[3:6] in STATE_SECTORS
    if state_part or (not role_only and (len(code) <= 3 or code[:3] in NON_COUNTRY)):
        return True  # a country or an organisation itself, or a part of its state
    if a.actor_id is not None and b.actor_id is not None:
        return a.actor_id == b.actor_id
    return a.text.casefold().split() == b.text.casefold().split()


def make_candidate(
    res: Resources,
    trigger: Token,
    ctx: SentenceContext,
    source: ActorRef | None,
    target: ActorRef | None,
    code: str,
    stance: Stance,
    location: Location | None,
) -> Candidate | None:
    """A candidate for ``code`` between ``source`` and ``target``, or None when the settings
    drop it (no known source, an actor acting on itself). Events without a target are made
    even under ``require_dyad``: a frame can code them ("X said Y attacked" accuses Y); the
    dyad rule is applied when the events are finished (``finalise``)."""
    settings = res.settings
    if settings.require_source and source is None:
        return None
    if settings.drop_self_events and source is not None and target is not None and one_actor(source, target):
        return None
    start = trigger.idx
    sent = ctx.sent
    event = Event(
        event_id="",
        doc_id="",
        sentence=ctx.index,
        date=None,
        source=source,
        target=target,
        event=EventCode(
            **_code_fields(res, code), trigger=trigger.text, start=start, end=start + len(trigger.text)
        ),
        polarity=stance.polarity,
        modality=stance.modality,
        why=list(stance.why),
        certainty=stance.certainty,
        attribution=list(stance.attribution),
        location=location,
        evidence=Evidence(text=span_text(sent), start=sent.start_char, end=sent.end_char),
    )
    return Candidate(event=event, trigger=trigger, sentence=ctx)


def _code_fields(res: Resources, code: str) -> dict[str, Any]:
    """The fields of an ``EventCode`` that its CAMEO code decides: root, label, PLOVER category,
    Goldstein score, quad class."""
    info = res.tables.info(code)
    return {
        "code": code,
        "root": info.root,
        "label": info.label,
        "plover": info.plover,
        "goldstein": info.goldstein,
        "quad_class": info.quad_class,
    }


def recode(res: Resources, event: Event, code: str) -> None:
    """Give ``event`` the CAMEO code ``code`` (its root, label, PLOVER category and scores)."""
    event.event = replace(event.event, **_code_fields(res, code))

"""Building one event candidate: the record's fields that the coding stages decide.

The event id, date and reliability are left for the stages after attribution
(``finalise.py``), so nothing computed here can go stale when a later stage adds a speaker.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from whowhom.coding.modality import Stance
from whowhom.coding.sentences import span_text
from whowhom.coding.stages import Resources
from whowhom.coding.state import Candidate, SentenceContext
from whowhom.model import ActorRef, Event, EventCode, Evidence, Location


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
    if settings.drop_self_events and source is not None and target is not None and source.code == target.code:
        return None
    info = res.tables.info(code)
    start = trigger.idx
    end = start + len(trigger.text)
    sent = ctx.sent
    event = Event(
        event_id="",
        doc_id="",
        sentence=ctx.index,
        date=None,
        source=source,
        target=target,
        event=EventCode(
            code=code,
            root=info.root,
            label=info.label,
            plover=info.plover,
            goldstein=info.goldstein,
            quad_class=info.quad_class,
            trigger=trigger.text,
            start=start,
            end=end,
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


def recode(res: Resources, event: Event, code: str) -> None:
    """Give ``event`` the CAMEO code ``code`` (its root, label, PLOVER category and scores)."""
    info = res.tables.info(code)
    event.event = replace(
        event.event,
        code=code,
        root=info.root,
        label=info.label,
        plover=info.plover,
        goldstein=info.goldstein,
        quad_class=info.quad_class,
    )

"""Stance and attribution stages: polarity, modality, certainty, and who says so.

``whowhom.stance.cues.v1`` reads the cues around each trigger (``modality.clause_stance``);
``whowhom.attribution.quotes.v1`` gives events inside quotations and quoted blocks the
speaker named outside them (across sentences), after the events exist.
"""

from __future__ import annotations

from whowhom.coding.modality import QUOTE_MARKS, attribute_blockquotes, attribute_quotations, clause_stance
from whowhom.coding.stages import Resources, StageFn, register_stage
from whowhom.coding.state import DocState


@register_stage("whowhom.stance.cues.v1", requires=["triggers", "actors"], assigns=["stances"])
def cue_stance(res: Resources) -> StageFn:
    def run(state: DocState) -> None:
        actors = state.need_actors()
        for trigger in state.triggers:
            state.stances[trigger.tok.i] = clause_stance(trigger.tok, actors, state.document)

    return run


@register_stage("whowhom.attribution.quotes.v1", requires=["candidates", "actors"], assigns=["attribution"])
def quotation_attribution(res: Resources) -> StageFn:
    def run(state: DocState) -> None:
        events = [c.event for c in state.candidates]
        text = state.document.text  # doc.text would be rebuilt from the tokens on every access
        if any(q in text for q in QUOTE_MARKS):
            attribute_quotations(events, state.doc, state.need_actors())
        if ">" in text:
            attribute_blockquotes(events, state.doc, state.need_actors())

    return run

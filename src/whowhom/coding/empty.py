"""Why a document gave no event: recorded, so that no document is lost without a word.

A document whose stages leave no candidate event gets one record in ``discarded`` (sentence
None, rule ``no event``) whose phrase says at which step nothing was left: every sentence was
discarded, no verb that the verb dictionary codes, or no known actor for its verbs.
``whowhom summary`` counts documents with zero events by these reasons (``analysis.quality``).
A headline coded afterwards may still give the document events; the summary then does not
count it as empty.
"""

from __future__ import annotations

from whowhom.coding.stages import Resources, StageFn, register_stage
from whowhom.coding.state import Discard, DocState

NO_EVENT = "no event"
ALL_DISCARDED = "every sentence discarded"
NO_VERB = "no verb the dictionary codes"
NO_ACTOR = "no known actor for its verbs"


def no_event_reason(state: DocState) -> str | None:
    """Why the state holds no candidate event (None when it holds some)."""
    if state.candidates:
        return None
    if not state.sentences:
        return ALL_DISCARDED
    if not state.triggers:
        return NO_VERB
    return NO_ACTOR


@register_stage("whowhom.quality.no_event.v1", requires=["candidates"], assigns=["discarded"])
def no_event_stage(res: Resources) -> StageFn:
    def run(state: DocState) -> None:
        reason = no_event_reason(state)
        if reason is not None:
            state.discarded.append(Discard(None, NO_EVENT, reason))

    return run

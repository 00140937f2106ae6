"""The coder's stages: declared inputs and outputs, order checked once, a stage swapped by name."""

from __future__ import annotations

import pytest

from whowhom.coding.stages import (
    DEFAULT_STAGES,
    Coder,
    CoderConfig,
    Resources,
    StageFn,
    register_stage,
    registered_stages,
)
from whowhom.coding.state import DocState, Trigger
from whowhom.coding.triggers import is_verb
from whowhom.errors import WhowhomError
from whowhom.knowledge import load_knowledge
from whowhom.model import Document
from whowhom.pipeline import code_documents

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from whowhom.nlp import load_nlp

    return load_nlp()


def _events(coder: Coder, nlp, text: str):  # type: ignore[no-untyped-def]
    [(_, events, _)] = list(code_documents([Document(text=text, date="2008-04-01")], coder=coder, nlp=nlp))
    return events


def test_every_default_stage_is_registered_with_a_versioned_name() -> None:
    registry = registered_stages()
    for name in DEFAULT_STAGES:
        assert name in registry
        assert name.startswith("whowhom.") and name.rsplit(".", 1)[1].startswith("v")


def test_a_stage_whose_input_no_earlier_stage_assigns_is_refused() -> None:
    stages = [s for s in DEFAULT_STAGES if s != "whowhom.triggers.cameo_verbs.v1"]
    with pytest.raises(WhowhomError, match=r"\[E205\].*arguments.parse.*requires triggers"):
        Coder(load_knowledge(), config=CoderConfig(stages))


def test_an_unknown_stage_name_is_a_coded_error() -> None:
    config = CoderConfig().replace("whowhom.triggers.cameo_verbs.v1", "whowhom.triggers.nowhere.v9")
    with pytest.raises(WhowhomError, match=r"\[E204\].*nowhere"):
        Coder(load_knowledge(), config=config)


def test_a_configuration_that_never_assigns_events_is_refused() -> None:
    with pytest.raises(WhowhomError, match=r"\[E207\]"):
        Coder(load_knowledge(), config=CoderConfig(list(DEFAULT_STAGES[:-1])))


def test_declaring_unknown_state_is_refused() -> None:
    with pytest.raises(WhowhomError, match=r"\[E206\].*vibes"):
        register_stage("test.bad.v1", requires=["vibes"], assigns=[])


@register_stage("test.triggers.praise_is_praise.v1", requires=["sentences"], assigns=["triggers"])
def _praise_triggers(res: Resources) -> StageFn:
    """A toy trigger stage: every verb lemmatised 'praise' is CAMEO 051, nothing else is an event."""

    def run(state: DocState) -> None:
        for ctx in state.sentences:
            for tok in ctx.sent:
                if is_verb(tok) and tok.lemma_.lower() == "praise":
                    state.triggers.append(Trigger(tok=tok, sentence=ctx, code="051", default_code="051"))

    return run


def test_a_replacement_trigger_stage_changes_the_output_without_touching_other_stages(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Iran praised Syria. Iran condemned Israel."
    default = _events(Coder(load_knowledge()), nlp, text)
    config = CoderConfig().replace("whowhom.triggers.cameo_verbs.v1", "test.triggers.praise_is_praise.v1")
    toy = _events(Coder(load_knowledge(), config=config), nlp, text)
    assert {e.event.code[:2] for e in default} >= {"11"}  # the dictionary codes the condemnation
    assert [(e.source.code, e.target.code, e.event.code) for e in toy if e.source and e.target] == [
        ("IRN", "SYR", "051")
    ]
    assert toy[0].event.label  # later stages still finish the record (labels, ids, dates)
    assert toy[0].event_id and toy[0].date == "2008-04-01"


def test_reliability_is_computed_after_quotations_attach_their_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"Iran condemned the attack on Basra. The raid was a crime," an official said.'
    [event] = [e for e in _events(Coder(load_knowledge()), nlp, text) if e.event.trigger == "condemned"]
    assert [a.role for a in event.attribution][:1] == ["speaker"]
    # an unnamed official (data/reliability.yaml: anonymous 0.5), not the outlet-less default 0.6
    assert event.reliability == 0.5


def test_typed_flags_replace_control_strings(nlp) -> None:  # type: ignore[no-untyped-def]
    [threat, *rest] = sorted(
        _events(Coder(load_knowledge()), nlp, "Iran threatened to attack Israel."), key=lambda e: e.event.code
    )
    content = [e for e in [threat, *rest] if e.content_of]
    assert content and all(e.content_of == "threatened" for e in content)
    assert any(e.event.code.startswith("13") and e.content_of is None for e in [threat, *rest])
    events = _events(Coder(load_knowledge()), nlp, "Greek police arrested protesters in Athens.")
    [police] = [e for e in events if e.source and e.source.code == "GRCCOP"]
    assert police.target is not None and police.target.code == "GRCOPP"
    assert police.inferred_countries == ["target"]  # "protesters" names no country

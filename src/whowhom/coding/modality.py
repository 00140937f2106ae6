"""Who says so, and how surely: attribution, polarity, modality and certainty.

Read off the parse around an event's verb, with every cue list in ``data/cues.yaml``:

* polarity: "did not condemn", "never met", "neither … nor …", "No official denounced",
  "refused to X" (X negated) → ``negated``; a negated event is kept: it is evidence;
* attribution, innermost first: reporting verbs above the event ("officials said …"),
  "according to X", outlets named as reporters ("The Ledger reported …", "wrote in …"),
  then the document's author and outlet;
* modality: the weakest commitment among the cues found (speculative > hedged > future >
  reported > factual);
* certainty: ``base_certainty`` times one factor per cue, so a cue can only lower it
  (``docs/CERTAINTY.md``). ``why`` names each cue.
Who the speaker is (an official, an anonymous source) also goes into reliability.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml
from spacy.tokens import Doc, Token

from whowhom.coding.sentences import sentence_lower
from whowhom.model import Attribution, Document, Event, Modality, Polarity, Role

if TYPE_CHECKING:
    from whowhom.coding.actors.resolver import SentenceActors

RANK = {"factual": 0, "reported": 1, "future": 2, "hedged": 3, "speculative": 4}
#: Pronouns that stand for no speaker ("It was assumed that…", "This suggests…").
NOT_SPEAKERS = frozenset({"it", "this", "that", "there", "which", "what"})
FIRST_PERSON = frozenset({"i", "we"})
CLAUSE_LINKS = frozenset({"ccomp", "xcomp", "advcl", "conj", "parataxis", "acl", "relcl", "csubj"})


@dataclass(frozen=True)
class Cues:
    data: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.data[name]
        except KeyError as e:
            raise AttributeError(name) from e


@lru_cache(maxsize=1)
def cues() -> Cues:
    text = resources.files("whowhom.data").joinpath("cues.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for key in ("reporting_verbs", "negators", "refusal_frames", "anonymous_heads", "unnamed_heads"):
        data[key] = frozenset(data[key])
    return Cues(data)


@lru_cache(maxsize=1)
def attributing_verbs() -> frozenset[str]:
    """Verbs whose reported clause is coded in their place (reporting and speculation verbs)."""
    c = cues()
    return frozenset(c.reporting_verbs) | frozenset(c.speculation_verbs)


@dataclass(slots=True)
class Stance:
    polarity: Polarity = "asserted"
    modality: Modality = "factual"
    certainty: float = 0.9
    attribution: list[Attribution] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    factor: float = 1.0

    def cue(self, modality: Modality, factor: float, why: str) -> None:
        if RANK[modality] > RANK[self.modality]:
            self.modality = modality
        self.factor *= factor
        self.why.append(why)


def _speaker(tok: Token, actors: SentenceActors, role: Role = "speaker") -> Attribution | None:
    if tok.lower_ in NOT_SPEAKERS:
        return None
    ref = actors.resolve(tok, deep=False)
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    if ref is not None and ref.end > span.end_char:  # "Nouri al-Maliki" split by the parser
        span = tok.doc.char_span(span.start_char, ref.end, alignment_mode="expand") or span
    if tok.ent_type_ == "ORG" and ref is None and role == "speaker":
        role = "outlet"  # "The Baghdad Ledger reported …"
    # the speaker as written, on one line ("Dubicki\n   " from a line-broken page)
    return Attribution(role=role, text=" ".join(span.text.split()), code=ref.code if ref else None)


def _is_someone(tok: Token, speaker: Attribution) -> bool:
    """A person, group or state (not "the timing", "the silence")."""
    return (
        bool(speaker.code)
        or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or (
            tok.lemma_.lower()
            in ("analyst", "observer", "expert", "diplomat", "official", "critic", "source")
        )
    )


def _according_to(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            for gc in child.children:
                if gc.lower_ == "to":
                    return next((p for p in gc.children if p.dep_ == "pobj"), None)
                if gc.dep_ == "pobj":
                    return gc
    return None


def _negation(verb: Token) -> str | None:
    c = cues()
    for child in verb.children:
        negating = (
            child.dep_ in ("neg", "preconj")
            or (child.dep_ in ("advmod", "cc") and child.lower_ in ("never", "neither"))
            or (child.lower_ == "nor" and child.i == child.sent.start)  # "Nor does Xi see …"
        )
        word = child.lower_.replace("’", "'")  # "didn’t", typeset
        if negating and word in c.negators:
            return word
        if child.dep_ in ("nsubj", "nsubjpass"):
            for gc in child.children:  # "Neither Iran nor …", "No official …"
                if gc.dep_ in ("preconj", "det", "neg") and gc.lower_ in ("neither", "no"):
                    return f"{gc.lower_} …"
                if gc.dep_ == "neg" and gc.lower_ == "not" and any(n.lower_ == "nor" for n in child.children):
                    return "not … nor"  # "Not the U.S. nor its allies are blocking …"
            if child.lower_ in ("none", "nobody", "neither"):
                return child.lower_
    if verb.dep_ == "conj" and any(c.lower_ == "nor" for c in verb.head.children):
        return "neither … nor"  # "neither condemned nor welcomed"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in c.refusal_frames:
        return f"{verb.head.lemma_.lower()} to"
    return None


def _anonymous(speaker_tok: Token) -> bool:
    c = cues()
    sent = sentence_lower(speaker_tok)
    if any(m in sent for m in c.anonymous_markers):
        return True
    return speaker_tok.lemma_.lower() in c.anonymous_heads or speaker_tok.lower_ in c.anonymous_heads


#: Modals of a purpose clause ("so that they could leave").
PURPOSE_MODALS = frozenset({"can", "could", "will", "would", "may", "might"})


def _has_modal(verb: Token) -> bool:
    return any(ch.dep_ == "aux" and ch.lower_ in PURPOSE_MODALS for ch in verb.children)


def _modal_cues(verb: Token, stance: Stance) -> None:
    """The cues of ``verb``'s modal auxiliaries (also read for the verb an infinitive completes,
    which is as done or undone as it is)."""
    c = cues()
    for child in verb.children:
        low = child.lower_
        if child.dep_ != "aux":
            continue
        if low in c.hedge_modals:
            stance.cue("hedged", c.hedge_modals[low], low)
        elif low in c.future_modals:
            stance.cue("future", c.future_modals[low], low)
        elif low in c.deontic_modals:
            stance.cue("speculative", c.deontic_modals[low], low)


def _local_cues(verb: Token, stance: Stance) -> None:
    c = cues()
    _modal_cues(verb, stance)
    for child in verb.children:
        low = child.lower_
        if child.dep_ == "advmod" and low in c.hedge_adverbs:
            stance.cue("hedged", c.hedge_adverbs[low], low)
        elif child.dep_ == "mark" and low in c.conditional_marks:
            stance.cue("speculative", c.conditional_marks[low], f"{low} …")
        elif child.dep_ == "mark" and low == "so" and verb.dep_ == "advcl" and _has_modal(verb):
            stance.cue("speculative", 0.45, "so … can")  # a purpose, not done: "so she can study them"
        elif child.dep_ == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in c.conditional_marks for g in child.children
        ):
            stance.cue("speculative", 0.45, "… then")  # the consequent of a conditional
    able = verb.head
    if verb.dep_ == "xcomp" and able.lemma_.lower() == "able" and able.dep_ == "acomp":
        _local_cues(able.head, stance)  # "might be able to help": the modal of "be"
    elif verb.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.tag_ == "TO" for a in verb.children):
        _modal_cues(verb.head, stance)  # "would use drones to monitor hunters": the use's modal
    if (
        verb.dep_ == "xcomp"
        and verb.head.lemma_.lower() == "go"
        and any(a.lower_ in ("is", "are", "was", "were", "'s", "'re") for a in verb.head.children)
    ):
        stance.cue("future", c.future_modals["will"], "going to")


def _frame_cues(
    cur: Token,
    parent: Token,
    stance: Stance,
    speakers: list[Attribution],
    actors: SentenceActors,
    document: Document,
) -> None:
    """Cues carried by a governing word ``parent`` of the clause headed by ``cur``."""
    c = cues()
    lemma = parent.lemma_.lower()
    link = cur.dep_
    passive = any(ch.dep_ == "auxpass" for ch in parent.children)
    subj = next((ch for ch in parent.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
    if link == "xcomp" and lemma in c.future_frames and lemma not in c.refusal_frames:
        stance.cue("future", c.future_frames[lemma], f"{lemma} to")
    shares_modal = (link == "advcl" and cur.tag_ != "VBD") or (link == "conj" and cur.tag_ == "VB")
    if shares_modal and not any(ch.dep_ == "aux" and ch.tag_ == "MD" for ch in cur.children):
        # "… will address the African Union when he travels to Ethiopia": the time of the clause
        # it depends on ("Forced to choose, Xi will choose …"); "may meet Putin and say …": the
        # modal of the verb it is coordinated with
        for ch in parent.children:
            if ch.dep_ != "aux":
                continue
            if ch.lower_ in c.future_modals:
                stance.cue("future", c.future_modals[ch.lower_], f"{ch.lower_} … {cur.text}")
            elif ch.lower_ in c.hedge_modals:
                stance.cue("hedged", c.hedge_modals[ch.lower_], f"{ch.lower_} … {cur.text}")
            elif link in ("conj", "advcl") and ch.lower_ in c.deontic_modals:
                stance.cue("speculative", c.deontic_modals[ch.lower_], f"{ch.lower_} … {cur.text}")
    if link == "xcomp" and not any(ch.dep_ == "aux" and ch.tag_ == "MD" for ch in cur.children):
        # "should take the bilateral route to resolve …", "must try to end …": what someone
        # should do is not done
        for ch in parent.children:
            if ch.dep_ == "aux" and ch.lower_ in c.deontic_modals:
                stance.cue("speculative", c.deontic_modals[ch.lower_], f"{ch.lower_} … {cur.text}")
    if link in ("xcomp", "ccomp") and passive and lemma in c.speculation_frames:
        stance.cue("speculative", c.speculation_frames[lemma], f"is {parent.text} …")
        return
    if link in ("xcomp", "ccomp") and lemma in c.hedge_frames and (passive or lemma in ("seem", "appear")):
        stance.cue("hedged", c.hedge_frames[lemma], f"{'is ' if passive else ''}{parent.text} …")
        return
    for ch in parent.children:  # "it is likely that …"
        if ch.dep_ in ("acomp", "attr") and ch.lower_ in c.hedge_adjectives:
            stance.cue("hedged", c.hedge_adjectives[ch.lower_], f"it is {ch.lower_}")
    if link == "xcomp" and parent.lower_ in c.hedge_adjectives:  # "Xi is likely to deploy …"
        stance.cue("hedged", c.hedge_adjectives[parent.lower_], f"{parent.lower_} to")
    if link == "xcomp" and parent.lower_ in FUTURE_WORDS:  # "is set to host", "is due to appear"
        stance.cue("future", 0.75, f"{parent.lower_} to")
    if subj is not None and subj.lemma_.lower() in c.speculation_nouns:  # "my guess is that"
        stance.cue("speculative", c.speculation_nouns[subj.lemma_.lower()], subj.text)
    if parent.pos_ == "NOUN" and lemma in c.speculation_nouns:  # "rumours that …"
        stance.cue("speculative", c.speculation_nouns[lemma], parent.text)
    if parent.pos_ == "NOUN" and lemma in c.claim_nouns and link in ("acl", "ccomp"):  # "charges that …"
        stance.cue("hedged", c.claim_nouns[lemma], parent.text)
    if link not in ("ccomp", "parataxis"):
        return
    if lemma in c.speculation_verbs:
        stance.cue("speculative", c.speculation_verbs[lemma], parent.text)
    elif lemma in c.reporting_verbs and not passive:
        stance.cue("reported", 1.0, parent.text)
    else:
        return
    if subj is None:
        return
    if subj.lower_ in FIRST_PERSON:  # a blogger's "I note that …" is the author's own view
        if lemma not in c.speculation_verbs:
            stance.cue("hedged", c.hedge_frames.get(lemma, 0.75), f"I {parent.text}")
        return
    speaker = _speaker(subj, actors)
    if speaker is None or (lemma in c.speculation_verbs and not _is_someone(subj, speaker)):
        return  # "The timing suggests …": a thing, not a speaker
    speakers.append(speaker)
    if _anonymous(subj):
        stance.cue("reported", c.anonymous, "anonymous source")
    elif lemma in c.reporting_verbs:
        stance.cue("reported", c.reported, f"{speaker.text} {parent.text}")
    for ch in parent.children:  # "…, the Herald reported, citing the police commander"
        if ch.dep_ == "advcl" and ch.lemma_.lower() == "cite":
            cited = next((g for g in ch.children if g.dep_ == "dobj"), None)
            inner = _speaker(cited, actors) if cited is not None else None
            if inner is not None:
                speakers.insert(len(speakers) - 1, inner)  # inside the reporter's layer
    for ch in parent.children:  # "… wrote in The Baghdad Ledger"
        if ch.dep_ == "prep" and ch.lower_ == "in" and lemma in ("write", "say", "report"):
            pobj = next(
                (p for p in ch.children if p.dep_ == "pobj" and p.ent_type_ in ("ORG", "WORK_OF_ART")), None
            )
            if pobj is not None:
                speakers.append(Attribution("outlet", pobj.doc[pobj.left_edge.i : pobj.i + 1].text))


#: Words whose infinitive is a scheduled act ("Yellen is set to host …", "is due to appear"), or
#: one wished or readied for, not yet done ("is eager to talk", "ready to negotiate").
FUTURE_WORDS = frozenset(
    {"set", "due", "poised", "slated", "scheduled", "eager", "keen", "willing", "ready", "determined",
     "anxious"}
)  # fmt: skip


def clause_stance(verb: Token, actors: SentenceActors, document: Document) -> Stance:
    """Polarity, modality, certainty and attribution of the event whose trigger is ``verb``."""
    c = cues()
    stance = Stance()
    negation = _negation(verb)
    if negation:
        stance.polarity = "negated"
        stance.why.append(negation)
    _local_cues(verb, stance)
    sentence = f" {sentence_lower(verb)} "
    for phrase, factor in c.speculation_words.items():
        if f" {phrase} " in sentence or f" {phrase}," in sentence:
            stance.cue("speculative", factor, phrase)
    speakers: list[Attribution] = []
    cur = verb
    for _ in range(8):
        acc = _according_to(cur)
        if acc is not None:
            speaker = _speaker(acc, actors)
            if speaker is not None:
                speakers.append(speaker)
                anonymous = _anonymous(acc)
                stance.cue("reported", c.anonymous if anonymous else c.reported, f"according to {acc.text}")
        if cur.head.i == cur.i or cur.dep_ not in CLAUSE_LINKS:
            break
        parent = cur.head
        _frame_cues(cur, parent, stance, speakers, actors, document)
        cur = parent
    stance.certainty = round(c.base_certainty * stance.factor, 2)
    stance.attribution = speakers
    if document.author:
        stance.attribution.append(Attribution("author", document.author))
    if document.source:
        stance.attribution.append(Attribution("outlet", document.source))
    return stance


_QUOTE_OPEN = '"“'
_QUOTE_CLOSE = '"”'
QUOTE_MARKS = frozenset(_QUOTE_OPEN + _QUOTE_CLOSE)
OPENING_QUOTES = frozenset(_QUOTE_OPEN)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, which may run over several sentences."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if start is None and ch in _QUOTE_OPEN:
            start = i
        elif start is not None and ch in _QUOTE_CLOSE and (ch != '"' or i > start):
            spans.append((start, i + 1))
            start = None
    return spans


def _events_in(events: Sequence[Event], starts: list[int], start: int, end: int) -> list[Event]:
    """Events whose trigger starts in [start, end), from events sorted by trigger start."""
    return list(events[bisect_left(starts, start) : bisect_left(starts, end)])


def quotation_speaker(doc: Doc, end: int) -> Token | None:
    """The subject of the reporting verb just after a quotation that ends at character
    ``end`` ("…," an officer said.): who speaks in it."""
    if not len(doc):
        return None
    last = doc[-1]
    tail = doc.char_span(end, min(last.idx + len(last.text_with_ws), end + 200), alignment_mode="expand")
    if tail is None:
        return None
    reporting = cues().reporting_verbs
    verb = next((t for t in tail if t.lemma_.lower() in reporting and t.sent.start_char <= end), None)
    if verb is None:
        return None
    return next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)


def attribute_quotations(events: list[Event], doc: Doc, actors: SentenceActors) -> None:
    """Events inside a quotation take the speaker named after it ("…," an officer said.),
    also when the quotation runs over several sentences."""
    c = cues()
    ordered = sorted(events, key=lambda e: e.event.start)
    starts = [e.event.start for e in ordered]
    text = doc.text
    for start, end in quote_spans(text):
        inside = [
            e
            for e in _events_in(ordered, starts, start, end)
            if not any(a.role == "speaker" for a in e.attribution)
        ]
        if not inside:
            continue
        subj = quotation_speaker(doc, end)
        if subj is None:
            continue
        speaker = _speaker(subj, actors)
        if speaker is None:
            continue
        for e in inside:
            e.attribution.insert(0, speaker)
            if RANK[e.modality] < RANK["reported"]:
                e.modality = "reported"
            e.certainty = round(e.certainty * c.reported, 2)
            e.why.append(f"quoted: {speaker.text} {subj.head.text}")


def _blockquote_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, start of the line before) of each run of lines that begin with ">"."""
    spans: list[tuple[int, int, int]] = []
    pos = 0
    prev_line_start = 0
    start: int | None = None
    intro = 0
    for line in text.splitlines(keepends=True):
        quoted = line.lstrip().startswith(">")
        if quoted and start is None:
            start, intro = pos, prev_line_start
        elif not quoted and start is not None:
            spans.append((start, pos, intro))
            start = None
        if line.strip():
            prev_line_start = pos
        pos += len(line)
    if start is not None:
        spans.append((start, pos, intro))
    return spans


def attribute_blockquotes(events: list[Event], doc: Doc, actors: SentenceActors) -> None:
    """In a post, a quoted block (lines starting with ">") keeps its original speaker: the one
    named in the line that introduces it ("Smith and Jones note:"), not the post's author."""
    c = cues()
    ordered = sorted(events, key=lambda e: e.event.start)
    starts = [e.event.start for e in ordered]
    for start, end, intro in _blockquote_spans(doc.text):
        inside = _events_in(ordered, starts, start, end)
        if not inside:
            continue
        lead = doc.char_span(intro, start, alignment_mode="contract")
        verb = next((t for t in lead or () if t.lemma_.lower() in c.reporting_verbs), None) if lead else None
        subj = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None) if verb is not None else None
        speaker = _speaker(subj, actors) if subj is not None else None
        for e in inside:
            if speaker is not None and not any(a.role == "speaker" for a in e.attribution):
                e.attribution.insert(0, speaker)
            if RANK[e.modality] < RANK["reported"]:
                e.modality = "reported"
                e.certainty = round(e.certainty * c.reported, 2)
            e.why.append("quoted block" + (f" from {speaker.text}" if speaker else ""))

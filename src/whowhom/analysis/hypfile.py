"""The hypotheses file: competing explanations and the evidence that bears on them.

Format (YAML; full description in docs/ANALYSIS.md)::

    issues: issues.yaml        # optional, relative to this file: issues and named actors
    exclusive: true            # the hypotheses exclude each other (default)
    hypotheses:
      - {id: H1, statement: "...", prior: 0.25}
    evidence:
      - id: iran-backs-basra
        label: Iran supports the Basra offensive
        pattern: {actor: Iran, issue: basra-offensive, stance: support}
        likelihoods: {H1: C, H2: C, H3: I, H4: N}
      - id: qom-talks
        label: ...
        manual: true
        certainty: 0.8
        reliability: 0.7
        likelihoods: {H1: 0.5, H2: 0.8, H3: 0.6, H4: 0.5}
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whowhom.analysis.ach import INCONSISTENCY, RATINGS, rating_for
from whowhom.analysis.groups import expand
from whowhom.analysis.issues import IssueSet, load_issues
from whowhom.analysis.sql import actor_ref
from whowhom.analysis.yamlfile import Place, read_yaml
from whowhom.errors import Errors, WhowhomError, shown

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PATTERN_KEYS = {
    "actor",
    "source",
    "target",
    "issue",
    "stance",
    "codes",
    "polarity",
    "modality",
    "locations",
    "keywords",
    "since",
    "until",
}
_ITEM_KEYS = {
    "id",
    "label",
    "pattern",
    "manual",
    "observed",
    "likelihoods",
    "certainty",
    "reliability",
    "source",
    "event_ids",
    "note",
}
STANCES = {"support": 1, "oppose": -1}
POLARITIES = ("asserted", "negated")
MODALITIES = ("factual", "reported", "hedged", "speculative", "future")


@dataclass(frozen=True)
class Hypothesis:
    id: str
    statement: str
    prior: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "statement": self.statement, "prior": self.prior}


@dataclass(frozen=True)
class Pattern:
    """What stored events an item looks for. With ``stance``, the item is the actor's
    stance on the issue having that sign; otherwise it is the events matching all the
    keys given (source, target, codes, polarity, modality, issue, places, words, dates)."""

    source: tuple[str, ...] = ()  # code prefixes (``actor`` in the file is the same)
    source_label: str = ""
    target: tuple[str, ...] = ()
    issue: str | None = None
    stance: int | None = None  # +1 support, -1 oppose
    codes: tuple[str, ...] = ()
    polarity: str | None = None
    modality: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def kind(self) -> str:
        return "stance" if self.stance is not None else "events"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": list(self.source),
            "target": list(self.target),
            "issue": self.issue,
            "stance": {1: "support", -1: "oppose"}.get(self.stance or 0),
            "codes": list(self.codes),
            "polarity": self.polarity,
            "modality": list(self.modality),
            "locations": list(self.locations),
            "keywords": list(self.keywords),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclass(frozen=True)
class EvidenceItem:
    id: str
    label: str
    likelihoods: dict[str, float]
    ratings: dict[str, str]  # the rating given, or the nearest to the number given
    rated: bool  # True when the file gave ACH ratings rather than numbers
    pattern: Pattern | None = None  # None: stated by the analyst
    observed: bool = True  # manual items: False lists it as evidence still to look for
    certainty: float | None = None
    reliability: float | None = None
    source: str = ""  # where a manual item comes from
    event_ids: tuple[str, ...] = ()  # stored events a manual item cites
    note: str = ""

    @property
    def kind(self) -> str:
        return self.pattern.kind if self.pattern else "manual"

    def inconsistency_scores(self) -> dict[str, int]:
        return {h: INCONSISTENCY[r] for h, r in self.ratings.items()}


@dataclass(frozen=True)
class HypothesisFile:
    path: Path
    hypotheses: tuple[Hypothesis, ...]
    evidence: tuple[EvidenceItem, ...]
    exclusive: bool = True
    issues: IssueSet | None = None
    named_actors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [h.id for h in self.hypotheses]


def _likelihoods(
    place: Place, raw: Any, item: str, hypotheses: list[str]
) -> tuple[dict[str, float], dict[str, str], bool]:
    if not isinstance(raw, Mapping):
        raise place.fail("expected a mapping of hypothesis ids to likelihoods")
    d = {str(k): v for k, v in raw.items()}
    for h in d:
        if str(h) not in hypotheses:
            raise WhowhomError(Errors.E710.format(path=place.path, item=item, hypothesis=h))
    missing = [h for h in hypotheses if h not in d]
    if missing:
        raise place.fail(f"no likelihood under {', '.join(missing)}; give one for every hypothesis")
    values: dict[str, float] = {}
    ratings: dict[str, str] = {}
    rated = False
    for h in hypotheses:
        v = d[h]
        if isinstance(v, str) and v.strip().upper() in RATINGS:
            ratings[h] = v.strip().upper()
            values[h] = RATINGS[ratings[h]]
            rated = True
            continue
        try:
            x = float(v)
        except (TypeError, ValueError, OverflowError):
            x = -1.0
        if isinstance(v, bool) or not 0 < x <= 1:
            raise WhowhomError(Errors.E709.format(path=place.path, item=item, hypothesis=h, value=v))
        values[h] = x
        ratings[h] = rating_for(x)
    return values, ratings, rated


def _unit(place: Place, value: Any) -> float | None:
    if value is None:
        return None
    x = place.number(value)
    if not 0 <= x <= 1:
        raise place.fail(f"{x} is not between 0 and 1")
    return x


def _pattern(place: Place, raw: Any, named: Mapping[str, tuple[str, ...]]) -> Pattern:
    d = place.mapping(raw, allowed=_PATTERN_KEYS)
    if "actor" in d and "source" in d:
        raise place.fail("give 'actor' or 'source', not both (they mean the same)")
    who_key = "actor" if "actor" in d else "source"
    who = place.at(who_key).strings(d.get(who_key), numbers=False)
    stance = None
    if d.get("stance") is not None:
        s = d["stance"].strip().lower() if isinstance(d["stance"], str) else ""
        if s not in STANCES:
            raise place.at("stance").fail(f"{shown(d['stance'])}: use support or oppose")
        if not who or not d.get("issue"):
            raise place.fail("a stance pattern needs an 'actor' and an 'issue'")
        stance = STANCES[s]
    raw_polarity = d.get("polarity")
    polarity = raw_polarity.strip().lower() if isinstance(raw_polarity, str) else None
    if raw_polarity is not None and polarity not in POLARITIES:
        raise place.at("polarity").fail(f"{shown(raw_polarity)}: use asserted or negated")
    modality = tuple(m.lower() for m in place.at("modality").strings(d.get("modality")))
    if bad := [m for m in modality if m not in MODALITIES]:
        raise place.at("modality").fail(f"{', '.join(bad)}: use {', '.join(MODALITIES)}")
    pattern = Pattern(
        source=tuple(actor_ref(p) for p in expand(who, named)),
        source_label=", ".join(who),
        target=tuple(
            actor_ref(p) for p in expand(place.at("target").strings(d.get("target"), numbers=False), named)
        ),
        issue=place.at("issue").string(d["issue"], numbers=False) if d.get("issue") is not None else None,
        stance=stance,
        codes=place.at("codes").strings(d.get("codes")),
        polarity=polarity,
        modality=modality,
        locations=place.at("locations").strings(d.get("locations")),
        keywords=place.at("keywords").strings(d.get("keywords")),
        since=place.at("since").date(d.get("since")),
        until=place.at("until").date(d.get("until")),
    )
    if pattern == Pattern(source_label=pattern.source_label):
        raise place.fail("an empty pattern would match every event; give at least one key")
    return pattern


def parse_hypotheses(data: Any, path: Path, *, issues: IssueSet | None = None) -> HypothesisFile:
    """Check and read a hypotheses file's contents; ``issues`` overrides its 'issues:'."""
    top = Place(path).mapping(
        data, allowed={"issues", "exclusive", "hypotheses", "evidence"}, required={"hypotheses"}
    )
    if issues is None and top.get("issues"):
        named_file = Place(path).at("issues").string(top["issues"], numbers=False)
        issues = load_issues((path.parent / named_file).resolve())
    named = dict(issues.named_actors) if issues else {}
    raw_h = top["hypotheses"]
    hplace = Place(path).at("hypotheses")
    if not isinstance(raw_h, list):
        raise hplace.fail("expected a list of hypotheses")
    if len(raw_h) < 2:
        raise WhowhomError(Errors.E711.format(path=path, count=len(raw_h)))
    hyps: list[Hypothesis] = []
    for i, raw in enumerate(raw_h):
        place = hplace.at(i)
        d = place.mapping(raw, allowed={"id", "statement", "prior"}, required={"id", "statement"})
        ident = place.at("id").string(d["id"], numbers=False)
        if not _ID.match(ident):
            raise place.at("id").fail(f"{shown(ident)}: use letters, digits, '-', '_' or '.'")
        if ident in (h.id for h in hyps):
            raise WhowhomError(Errors.E714.format(path=path, what="hypothesis", ident=ident))
        prior = d.get("prior", 1.0 / len(raw_h))
        try:
            p = float(prior)
        except (TypeError, ValueError, OverflowError):
            p = -1.0
        if isinstance(prior, bool) or not 0 < p < math.inf:  # nan and inf are not priors
            raise WhowhomError(Errors.E713.format(path=path, hypothesis=ident, value=prior))
        hyps.append(Hypothesis(ident, place.at("statement").string(d["statement"]), p))
    ids = [h.id for h in hyps]
    items: list[EvidenceItem] = []
    eplace = Place(path).at("evidence")
    raw_e = top.get("evidence") or []
    if not isinstance(raw_e, list):
        raise eplace.fail("expected a list of evidence items")
    for i, raw in enumerate(raw_e):
        place = eplace.at(i)
        d = place.mapping(raw, allowed=_ITEM_KEYS, required={"id", "likelihoods"})
        ident = place.at("id").string(d["id"], numbers=False)
        if ident in (x.id for x in items):
            raise WhowhomError(Errors.E714.format(path=path, what="evidence", ident=ident))
        manual = bool(d.get("manual", "pattern" not in d))
        if manual == ("pattern" in d):
            raise place.fail("an item has either a 'pattern' or 'manual: true', not both and not neither")
        pattern = None if manual else _pattern(place.at("pattern"), d["pattern"], named)
        if pattern and pattern.issue:
            if issues is None:
                raise WhowhomError(Errors.E712.format(path=path, item=ident, issue=pattern.issue))
            issues.get(pattern.issue)  # raises E705 when unknown
        values, ratings, rated = _likelihoods(place.at("likelihoods"), d["likelihoods"], ident, ids)
        items.append(
            EvidenceItem(
                id=ident,
                label=place.at("label").text(d.get("label"), ident),
                likelihoods=values,
                ratings=ratings,
                rated=rated,
                pattern=pattern,
                observed=bool(d.get("observed", True)),
                certainty=_unit(place.at("certainty"), d.get("certainty")),
                reliability=_unit(place.at("reliability"), d.get("reliability")),
                source=place.at("source").text(d.get("source")),
                event_ids=place.at("event_ids").strings(d.get("event_ids")),
                note=place.at("note").text(d.get("note")),
            )
        )
    exclusive = top.get("exclusive", True)
    if not isinstance(exclusive, bool):
        raise Place(path).at("exclusive").fail("use true or false")
    return HypothesisFile(path, tuple(hyps), tuple(items), exclusive, issues, named)


def load_hypotheses(path: str | Path, *, issues: IssueSet | None = None) -> HypothesisFile:
    """Read and check a hypotheses file; raises ``WhowhomError`` (E70x-E71x)."""
    p = Path(path)
    return parse_hypotheses(read_yaml(p), p, issues=issues)

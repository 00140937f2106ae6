"""Issues: the things actors take positions on, defined by rules over stored events.

An issues file (YAML; format in docs/ANALYSIS.md) names actors of interest and lists
issues. Each issue has its own actors (whose operation or policy it is), optionally the
actors it is aimed at, and rules: ``targets`` (target code prefixes), ``locations``,
``since``/``until``, ``codes`` (CAMEO code or root prefixes) and ``keywords`` (in the
evidence sentence). An event falls under an issue when it satisfies every kind of rule
the issue gives, and any one value within each kind. The matching is SQL, run by DuckDB.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whowhom.analysis.groups import ActorGroup, expand
from whowhom.analysis.sql import (
    CERTAINTY,
    RELIABILITY,
    actor_ref,
    any_actor,
    any_contains,
    any_prefix,
    any_word,
    conjunction,
    date_range,
    word_prefilter,
)
from whowhom.analysis.yamlfile import Place, read_yaml
from whowhom.errors import Errors, WhowhomError, shown
from whowhom.store import Store

#: A negated event ("did not condemn") is evidence of the opposite leaning, at this
#: fraction of the weight the asserted event would carry: not doing something says less
#: than doing its opposite.
NEGATED_WEIGHT = 0.5

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_ISSUE_KEYS = {
    "id",
    "label",
    "description",
    "actors",
    "against",
    "targets",
    "locations",
    "since",
    "until",
    "codes",
    "keywords",
}
_RULE_KEYS = ("targets", "locations", "since", "until", "codes", "keywords")


@dataclass(frozen=True)
class IssueRules:
    targets: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def where_sql(self) -> str:
        """The rules as one SQL condition over the ``events`` columns."""
        clauses = date_range("date", self.since, self.until)
        if self.targets:
            clauses.append(any_actor("target", self.targets))
        if self.locations:
            # the coded place when there is one; the sentence's words when there is none
            clauses.append(
                "CASE WHEN coalesce(location_name, '') <> '' "
                f"THEN {any_contains('location_name', self.locations)} "
                f"ELSE {any_contains('evidence_text', self.locations)} END"
            )
        if self.codes:
            clauses.append(any_prefix("event_code", self.codes))
        if self.keywords:
            quick = word_prefilter("evidence_text", self.keywords)  # before the regular expressions
            clauses += (
                [quick, any_word("evidence_text", self.keywords)]
                if quick
                else [any_word("evidence_text", self.keywords)]
            )
        return conjunction(clauses)

    def to_dict(self) -> dict[str, Any]:
        return {
            "targets": list(self.targets),
            "locations": list(self.locations),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "codes": list(self.codes),
            "keywords": list(self.keywords),
        }


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    rules: IssueRules
    actors: tuple[str, ...] = ()  # code prefixes of the issue's own actors
    against: tuple[str, ...] = ()  # code prefixes of the actors it is aimed at
    description: str = ""

    def where_sql(self) -> str:
        return self.rules.where_sql()

    def direction_sql(self) -> str:
        """+1 when an event supports the issue, -1 when it opposes it (0: says nothing).

        In order: an event by the issue's own actor carries the issue out (+1); an event
        aimed at its own actor counts by its Goldstein sign (praise +, attack -); one aimed
        at the issue's target counts the other way (attacking the target helps); any other
        event counts by its Goldstein sign (condemning an operation opposes it). A negated
        event points the other way (its weight is reduced elsewhere).
        """
        flip = "(CASE WHEN polarity = 'negated' THEN -1 ELSE 1 END)"
        g = "sign(coalesce(event_goldstein, 0))"
        return (
            "(CASE "
            f"WHEN {any_actor('source', self.actors)} THEN {flip} "
            f"WHEN {any_actor('target', self.actors)} THEN {g} * {flip} "
            f"WHEN {any_actor('target', self.against)} THEN -{g} * {flip} "
            f"ELSE {g} * {flip} END)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "description": self.description,
            "actors": list(self.actors),
            "against": list(self.against),
            "rules": self.rules.to_dict(),
        }


def weight_sql(negated_weight: float = NEGATED_WEIGHT) -> str:
    """How much one event counts: |Goldstein|/10 × certainty × source reliability,
    reduced for negated events."""
    return (
        f"(abs(coalesce(event_goldstein, 0)) / 10.0 * {CERTAINTY} * {RELIABILITY} "
        f"* (CASE WHEN polarity = 'negated' THEN {float(negated_weight)} ELSE 1.0 END))"
    )


@dataclass(frozen=True)
class IssueSet:
    """The contents of one issues file."""

    issues: tuple[Issue, ...]
    named_actors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path | None = None

    def get(self, issue_id: str) -> Issue:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise WhowhomError(
            Errors.E705.format(
                issue=issue_id, path=self.path or "the issues file", known=", ".join(self.ids) or "none"
            )
        )

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.issues]

    def actor_groups(self) -> tuple[ActorGroup, ...]:
        return tuple(ActorGroup(label, prefixes) for label, prefixes in self.named_actors.items())

    def only(self, ids: Sequence[str]) -> IssueSet:
        return IssueSet(tuple(self.get(i) for i in ids), self.named_actors, self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path) if self.path else None,
            "actors": {k: list(v) for k, v in self.named_actors.items()},
            "issues": [i.to_dict() for i in self.issues],
        }


def _prefixes(place: Place, value: Any, named: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    # actor names and code prefixes are text: ``actors: 7`` is a slip, not the code "7"
    return tuple(actor_ref(p) for p in expand(place.strings(value, numbers=False), named))


def parse_issues(data: Any, path: Path) -> IssueSet:
    top = Place(path).mapping(data, allowed={"actors", "issues"}, required={"issues"})
    named: dict[str, tuple[str, ...]] = {}
    actors_place = Place(path).at("actors")
    raw_actors = top.get("actors") or {}
    if not isinstance(raw_actors, Mapping):
        raise actors_place.fail("expected a mapping of actor names to lists of code prefixes")
    for name, codes in raw_actors.items():
        prefixes = tuple(actor_ref(c) for c in actors_place.at(str(name)).strings(codes, numbers=False))
        if not prefixes:
            raise actors_place.at(str(name)).fail("give at least one code prefix")
        named[str(name)] = prefixes
    raw_issues = top["issues"]
    issues_place = Place(path).at("issues")
    if not isinstance(raw_issues, list) or not raw_issues:
        raise issues_place.fail("expected a non-empty list of issues")
    issues: list[Issue] = []
    for i, raw in enumerate(raw_issues):
        place = issues_place.at(i)
        d = place.mapping(raw, allowed=_ISSUE_KEYS, required={"id"})
        ident = place.at("id").string(d["id"], numbers=False)
        if not _ID.match(ident):
            raise place.at("id").fail(f"{shown(ident)}: use letters, digits, '-', '_' or '.'")
        if ident in (x.id for x in issues):
            raise WhowhomError(Errors.E714.format(path=path, what="issue", ident=ident))
        if not any(d.get(k) not in (None, "", []) for k in _RULE_KEYS):
            raise WhowhomError(Errors.E704.format(path=path, issue=ident))
        rules = IssueRules(
            targets=_prefixes(place.at("targets"), d.get("targets"), named),
            locations=place.at("locations").strings(d.get("locations")),
            since=place.at("since").date(d.get("since")),
            until=place.at("until").date(d.get("until")),
            codes=place.at("codes").strings(d.get("codes")),
            keywords=place.at("keywords").strings(d.get("keywords")),
        )
        if rules.since and rules.until and rules.since > rules.until:
            raise place.fail(f"since {rules.since} is after until {rules.until}")
        issues.append(
            Issue(
                id=ident,
                label=place.at("label").text(d.get("label"), ident),
                description=place.at("description").text(d.get("description")),
                actors=_prefixes(place.at("actors"), d.get("actors"), named),
                against=_prefixes(place.at("against"), d.get("against"), named),
                rules=rules,
            )
        )
    return IssueSet(tuple(issues), named, path)


def load_issues(path: str | Path) -> IssueSet:
    """Read and check an issues file; raises ``WhowhomError`` (E70x) naming the problem."""
    p = Path(path)
    return parse_issues(read_yaml(p), p)


# -- which events fall under each issue --------------------------------------------------


@dataclass(frozen=True)
class IssueCount:
    issue: str
    label: str
    events: int
    first: str | None
    last: str | None
    sources: int  # distinct source codes
    undated: int = 0  # events among ``events`` with no date (first and last are of the dated ones)

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "label": self.label,
            "events": self.events,
            "undated": self.undated,
            "first": self.first,
            "last": self.last,
            "sources": self.sources,
        }


def _window(since: dt.date | None, until: dt.date | None) -> str:
    return conjunction(date_range("date", since, until))


def count_issue_events(
    store: Store,
    issue_set: IssueSet,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[IssueCount]:
    """How many stored events fall under each issue (one scan per issue, in DuckDB)."""
    parts = [
        f"SELECT {i} AS k, count(*), CAST(min(date) AS VARCHAR), CAST(max(date) AS VARCHAR), "
        f"count(DISTINCT source_code), count(*) FILTER (WHERE date IS NULL) "
        f"FROM events WHERE ({issue.where_sql()}) AND ({_window(since, until)})"
        for i, issue in enumerate(issue_set.issues)
    ]
    rows = {r[0]: r for r in store.fetchall(" UNION ALL ".join(parts))}
    return [
        IssueCount(
            issue.id, issue.label, int(rows[i][1]), rows[i][2], rows[i][3], int(rows[i][4]), int(rows[i][5])
        )
        for i, issue in enumerate(issue_set.issues)
    ]


def issue_events(
    store: Store,
    issue: Issue,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
    negated_weight: float = NEGATED_WEIGHT,
) -> list[dict[str, Any]]:
    """The stored events under ``issue``, each with its ``direction`` and ``weight``."""
    sql = (
        f"SELECT *, {issue.direction_sql()} AS direction, {weight_sql(negated_weight)} AS weight "
        f"FROM events WHERE ({issue.where_sql()}) AND ({_window(since, until)}) "
        "ORDER BY date NULLS LAST, doc_id, sentence, event_start"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.fetch_dicts(sql)

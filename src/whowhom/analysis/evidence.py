"""Matching evidence items against the stored events.

An event pattern matches the events that satisfy all its keys. A stance pattern matches
when the actor's stance on the issue (stances.py) has the sign asked for; its events are
those pointing that way. Either way the item's trust, rc, is how likely it is that at
least one of its reports is true — 1 − Π(1 − certainty × reliability) over its
*independent reports* (they corroborate each other) — and, for a stance, times the share of
bootstrap resamples in which the stance keeps its sign. A report is one sentence
(``sql.SENTENCE_KEY``): several codings of one sentence, and copies of it printed in other
documents (wire copy), are one report, counted at its best certainty × reliability
(docs/ANALYSIS.md, "Copies and independent reports"). All of it is computed in DuckDB.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from whowhom.analysis.groups import ActorGroup, ActorSpec
from whowhom.analysis.hypfile import EvidenceItem, HypothesisFile, Pattern
from whowhom.analysis.issues import IssueRules, IssueSet, weight_sql
from whowhom.analysis.refs import EvidenceRef, RefBatch
from whowhom.analysis.reports import held_reports, shared_reports
from whowhom.analysis.sql import (
    CERTAINTY,
    ID_PREFIX,
    RELIABILITY,
    SENTENCE_KEY,
    any_actor,
    any_prefix,
    conjunction,
    date_range,
    lit,
)
from whowhom.analysis.stances import IssueEvents, StanceSettings
from whowhom.store import Store

#: 1 − c·r is floored here before its logarithm, so a fully trusted event gives rc ≈ 1.
_FLOOR = 1e-9


def corroboration_sql(events_sql: str) -> str:
    """One row for the events ``events_sql`` selects: how many events, how many independent
    reports (sentences), and the noisy-or of the reports' best certainty × reliability."""
    return (
        "SELECT coalesce(sum(n), 0), count(*), "
        f"1 - exp(sum(ln(greatest(1 - cr, {_FLOOR})))) FROM ("
        f"SELECT {SENTENCE_KEY} AS report, count(*) AS n, max({CERTAINTY} * {RELIABILITY}) AS cr "
        f"FROM ({events_sql}) GROUP BY report)"
    )


@dataclass
class Match:
    matched: bool
    n_events: int
    rc: float  # combined certainty × reliability of what matched
    detail: str  # one line saying what was found
    evidence: list[EvidenceRef] = field(default_factory=list)
    ids_sql: str | None = None  # a query listing every matched event_id
    n_reports: int | None = None  # independent reports among the events (None: not counted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "n_events": self.n_events,
            "n_reports": self.n_reports,
            "rc": round(self.rc, 4),
            "detail": self.detail,
            "event_ids": [r.event_id for r in self.evidence],
            "evidence": [r.to_dict() for r in self.evidence],
        }


def _window(since: dt.date | None, until: dt.date | None) -> list[str]:
    return date_range("date", since, until)


def event_pattern_sql(
    pattern: Pattern, issues: IssueSet | None, since: dt.date | None, until: dt.date | None
) -> str:
    """The condition an event pattern puts on ``events`` rows."""
    clauses = _window(since, until)
    if pattern.source:
        clauses.append(any_actor("source", pattern.source))
    if pattern.target:
        clauses.append(any_actor("target", pattern.target))
    if pattern.polarity:
        clauses.append(f"polarity = {lit(pattern.polarity)}")
    if pattern.modality:
        clauses.append("modality IN (" + ", ".join(lit(m) for m in pattern.modality) + ")")
    if pattern.issue and issues is not None:
        clauses.append(issues.get(pattern.issue).where_sql())
    # places, codes, words and dates mean what they mean in an issue's rules
    rules = IssueRules(
        locations=pattern.locations,
        codes=pattern.codes,
        keywords=pattern.keywords,
        since=pattern.since,
        until=pattern.until,
    )
    clauses.append(rules.where_sql())
    return conjunction(clauses)


def _code_only(side: str, refs: tuple[str, ...]) -> str | None:
    """``any_actor`` when every reference is a code prefix (a column of ``sql.REPORT_KEY``),
    else ``None`` (an actor id is not part of the key)."""
    if not refs or any(r.startswith(ID_PREFIX) for r in refs):
        return None
    return any_actor(side, refs)


def report_scope_sql(pattern: Pattern) -> str:
    """A condition every event ``event_pattern_sql(pattern, …)`` selects also meets, on the
    columns of ``sql.REPORT_KEY`` alone (event code, source and target code, polarity), so
    that copies of one report all meet it or all fail it (``reports.held_reports``' ``within``):
    the copies of events that no pattern can select need not be looked for."""
    clauses = [c for c in (_code_only("source", pattern.source), _code_only("target", pattern.target)) if c]
    if pattern.polarity:
        clauses.append(f"polarity = {lit(pattern.polarity)}")
    if pattern.codes:
        clauses.append(any_prefix("event_code", pattern.codes))
    return conjunction(clauses)


def _match_events(
    store: Store,
    pattern: Pattern,
    issues: IssueSet | None,
    since: dt.date | None,
    until: dt.date | None,
    max_refs: int | None,
    refs: _Refs,
) -> Match:
    """The events a pattern matches; its references come with ``refs``' batch."""
    where = event_pattern_sql(pattern, issues, since, until)
    row = store.fetchone(corroboration_sql(f"SELECT * FROM events WHERE {where}"))
    n = int(row[0]) if row else 0
    reports = int(row[1]) if row else 0
    rc = float(row[2]) if row and row[2] is not None else 0.0
    detail = "no stored event matches"
    if n:
        detail = f"{n} event(s) match" + (f" ({reports} independent report(s))" if reports != n else "")
    m = Match(
        matched=n > 0,
        n_events=n,
        rc=rc,
        detail=detail,
        ids_sql=f"SELECT event_id FROM events WHERE {where}",
        n_reports=reports,
    )
    if n:
        refs.add_reports(m, where, report_scope_sql(pattern), max_refs)
    return m


class _Refs:
    """The references of several items, fetched in one ``RefBatch`` when the block ends: the
    event items' chosen among the reports (``sql.REPORTS``), whose copies one
    ``reports.held_reports`` per scope finds (one for all, inside ``reports.shared_reports``),
    the stances' from their ``IssueEvents``, held open until then. So the events and their
    copies are read once for a whole assessment, and the references' columns once too."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.batch = RefBatch()
        self._open = ExitStack()  # the stances' IssueEvents, which their requests read
        self._after: list[Callable[[], None]] = []  # once the references are in
        # (match, condition on the reports and its scope, or a keyed query on the events and None, limit)
        self._pending: list[tuple[Match, str, str | None, int | None]] = []

    def __enter__(self) -> _Refs:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        try:
            if exc_type is None:
                self._run()
        finally:
            self._open.close()

    def add_reports(self, m: Match, where: str, scope: str, limit: int | None) -> None:
        """References to the reports meeting ``where``, which implies ``scope``
        (``report_scope_sql``)."""
        self._pending.append((m, where, scope, limit))

    def add_events(self, m: Match, keyed: str, limit: int | None) -> None:
        """References to the rows of ``keyed`` (as ``fetch_refs`` takes it)."""
        self._pending.append((m, keyed, None, limit))

    def hold(self, events: IssueEvents) -> IssueEvents:
        """``events`` entered, and left once the batch has run."""
        return self._open.enter_context(events)

    def then(self, step: Callable[[], None]) -> None:
        """``step`` once the references are in (in the order given)."""
        self._after.append(step)

    def _run(self) -> None:
        with ExitStack() as stack:
            reports = {
                scope: stack.enter_context(held_reports(self.store, scope))
                for scope in dict.fromkeys(s for _, _, s, _ in self._pending if s is not None)
            }
            for m, where, scope, limit in self._pending:
                keyed = where  # a keyed query on the events (manual items)
                if scope is not None:
                    keyed = (
                        "SELECT 0 AS k, event_id, CAST(sign(coalesce(event_goldstein, 0)) AS INTEGER) "
                        f"AS direction, {CERTAINTY} * {RELIABILITY} AS weight FROM {reports[scope]} "
                        f"reports WHERE {where}"
                    )

                def done(found: dict[tuple[Any, ...], list[EvidenceRef]], m: Match = m) -> None:
                    m.evidence = found.get((0,), [])

                self.batch.add(keyed, ["k"], limit=limit, done=done)
            self._pending = []
            self.batch.run(self.store)
        for step in self._after:
            step()


def _match_stance(
    store: Store,
    pattern: Pattern,
    issues: IssueSet,
    since: dt.date | None,
    until: dt.date | None,
    settings: StanceSettings,
    refs: _Refs,
) -> Match:
    assert pattern.issue is not None and pattern.stance is not None
    label, spec = _stance_spec(pattern)
    one = issues.only([pattern.issue])
    since = max((d for d in (since, pattern.since) if d), default=None)
    until = min((d for d in (until, pattern.until) if d), default=None)
    want = "supports" if pattern.stance > 0 else "opposes"
    ie = refs.hold(IssueEvents(store, one, spec, since=since, until=until, settings=settings))
    table = ie.table_of(refs.batch)  # its evidence comes with the others'
    stance = table.get(pattern.issue, label)
    if stance is None:
        return Match(False, 0, 0.0, f"{label} has no stance on {pattern.issue} (no events)")
    reps = table.replicates.get((pattern.issue, label))
    stable = float(np.mean(np.sign(reps) == pattern.stance)) if reps is not None and len(reps) else 1.0
    row = store.fetchone(
        corroboration_sql(
            f"SELECT e.* FROM ({ie.cell_sql(pattern.issue, label, pattern.stance)}) k "
            "JOIN events e USING (event_id)"
        )
    )
    n = int(row[0]) if row else 0
    reports = int(row[1]) if row else 0
    noisy = float(row[2]) if row and row[2] is not None else 0.0
    detail = (
        f"{label} stance on {pattern.issue} {stance.value:+.2f} "
        f"[{stance.ci_low:+.2f}, {stance.ci_high:+.2f}] from {stance.n} event(s); "
        f"same sign in {stable:.0%} of resamples"
    )
    matched = stance.sign == pattern.stance
    if not matched:
        m = Match(False, 0, 0.0, f"{detail}: it does not {want[:-1]}")

        def every() -> None:
            m.evidence = stance.evidence

        refs.then(every)
        return m
    window = conjunction(date_range("date", since, until))
    issue = one.get(pattern.issue)
    ids_sql = (
        f"SELECT event_id FROM events WHERE ({issue.where_sql()}) AND ({window}) "
        f"AND {any_actor('source', pattern.source)} AND {issue.direction_sql()} = {pattern.stance} "
        f"AND {weight_sql(settings.negated_weight)} > 0"
    )
    m = Match(
        matched=True,
        n_events=n,
        rc=stable * noisy,
        detail=detail,
        ids_sql=ids_sql,
        n_reports=reports,
    )

    def pointing() -> None:
        m.evidence = [r for r in stance.evidence if r.direction == pattern.stance]

    refs.then(pointing)
    return m


def _match_manual(item: EvidenceItem, max_refs: int | None, refs: _Refs) -> Match:
    c = item.certainty if item.certainty is not None else 1.0
    r = item.reliability if item.reliability is not None else 1.0
    ids_sql = None
    detail = "stated by the analyst" + (f" ({item.source})" if item.source else "")
    if not item.observed:
        detail = "not observed: evidence to look for"
    m = Match(item.observed, len(item.event_ids), c * r, detail, [], ids_sql)
    if item.event_ids:
        ids = ", ".join(lit(i) for i in item.event_ids)
        keyed = (
            f"SELECT 0 AS k, event_id, 0 AS direction, 1.0 AS weight FROM events WHERE event_id IN ({ids})"
        )
        m.ids_sql = f"SELECT event_id FROM events WHERE event_id IN ({ids})"
        refs.add_events(m, keyed, max_refs)
    return m


def match_item(
    store: Store,
    item: EvidenceItem,
    hyp_file: HypothesisFile,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    settings: StanceSettings | None = None,
) -> Match:
    """What the store says about one evidence item."""
    return match_items(store, [item], hyp_file, since=since, until=until, settings=settings)[item.id]


def match_items(
    store: Store,
    items: Iterable[EvidenceItem],
    hyp_file: HypothesisFile,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    settings: StanceSettings | None = None,
) -> dict[str, Match]:
    """What the store says about each item (by id, in order). The references of all of them
    are fetched together at the end: one reading of the events and their copies for every
    event pattern, however many there are."""
    settings = settings or StanceSettings()
    items = list(items)
    out: dict[str, Match] = {}
    scopes = {s for item in items if (s := _scope(item)) is not None}
    with shared_reports(store, scopes) if len(scopes) > 1 else nullcontext(), _Refs(store) as refs:
        for item in items:
            out[item.id] = _match(store, item, hyp_file, since, until, settings, refs)
    return out


def _stance_spec(pattern: Pattern) -> tuple[str, ActorSpec]:
    """The actor of a stance pattern, as one group."""
    label = pattern.source_label or "+".join(pattern.source)
    return label, ActorSpec((ActorGroup(label, pattern.source),))


def _scope(item: EvidenceItem) -> str | None:
    """The events whose copies ``item`` looks for (``reports.held_reports``' ``within``), if any:
    for a stance, as ``stances.IssueEvents`` asks (were it to ask otherwise, it would read
    the copies itself again: slower, the same result)."""
    p = item.pattern
    if p is None:
        return None
    if p.stance is None:
        return report_scope_sql(p)
    _, spec = _stance_spec(p)
    return f"{spec.sql('source')} IS NOT NULL" if spec.by_code else "TRUE"


def _match(
    store: Store,
    item: EvidenceItem,
    hyp_file: HypothesisFile,
    since: dt.date | None,
    until: dt.date | None,
    settings: StanceSettings,
    refs: _Refs,
) -> Match:
    p = item.pattern
    if p is None:
        return _match_manual(item, settings.max_refs, refs)
    if p.stance is not None:
        assert hyp_file.issues is not None  # checked when the file was read
        m = _match_stance(store, p, hyp_file.issues, since, until, settings, refs)
    else:
        m = _match_events(store, p, hyp_file.issues, since, until, settings.max_refs, refs)
    # an item may cap the trust its events earn (e.g. all from one outlet)
    if m.matched and (item.certainty is not None or item.reliability is not None):
        cap = (item.certainty if item.certainty is not None else 1.0) * (
            item.reliability if item.reliability is not None else 1.0
        )
        m.rc = min(m.rc, cap)
    return m


def shared_events(
    store: Store, matches: dict[str, Match], *, examples: int = 3
) -> list[tuple[str, str, int, list[str]]]:
    """Pairs of items that count some of the same events: (first, second, how many, e.g.)."""
    parts = [
        f"SELECT DISTINCT {lit(item)} AS item, event_id FROM ({m.ids_sql})"
        for item, m in matches.items()
        if m.matched and m.ids_sql
    ]
    if len(parts) < 2:
        return []
    rows = store.fetchall(
        f"WITH u AS ({' UNION ALL '.join(parts)}) "
        "SELECT x.item, y.item, count(*), "
        f"list_slice(list(x.event_id ORDER BY x.event_id), 1, {int(examples)}) "
        f"FROM u x JOIN u y ON x.event_id = y.event_id AND x.item < y.item GROUP BY ALL ORDER BY ALL"
    )
    order = list(matches)
    out = []
    for a, b, n, ids in rows:
        first, second = sorted((a, b), key=order.index)
        out.append((first, second, int(n), list(ids)))
    return out

"""Stances: where each actor stands on each issue, with how much evidence and how surely.

An actor's stance on an issue is the weighted balance of the events it is the source of
under that issue: ``sum(direction × weight) / sum(weight)``, in [-1, 1], where the
direction (+1 supports, -1 opposes) comes from the issue (``Issue.direction_sql``) and the
weight is |Goldstein|/10 × certainty × source reliability, halved for negated events
(``weight_sql``). +1 means every piece of evidence points to support. Silence (no event)
gives no stance at all: missing, never 0. Copies of one report (the same sentence coded the
same way in several documents: wire copy, ``sql.REPORTS``) count once.

The interval is a percentile bootstrap over the cell's events. Events are aggregated in
DuckDB into (direction, weight) groups, and a resample of n events is a multinomial draw
over those groups — the same distribution as resampling the events themselves — so a
cell of 100,000 events costs what a cell of a few hundred distinct weights costs. When
even that is too much work (resamples × groups above ``EXACT_BOOTSTRAP_WORK``, which
takes hundreds of events with hundreds of distinct weights), the resamples are drawn from
the bootstrap's normal limit instead: the value ± the delta-method standard error of a
ratio, sqrt(Σ w²(d − value)²) / Σ w, clipped to [-1, 1]. At that size the two agree.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, cast

import numpy as np

from whowhom.analysis.groups import ActorSpec
from whowhom.analysis.issues import NEGATED_WEIGHT, IssueSet, weight_sql
from whowhom.analysis.network import tie_weight_sql
from whowhom.analysis.refs import EvidenceRef, RefBatch, strongest_sql
from whowhom.analysis.reports import held_reports
from whowhom.analysis.sql import REPORTS, conjunction, date_range, lit
from whowhom.analysis.windows import Window, index_sql, window_of
from whowhom.store import Store

#: A cell's weight groups: direction, event count, sum of weights, sum of squared weights.
Groups = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: Weights are grouped to this many decimals for the bootstrap (point values are exact).
WEIGHT_DECIMALS = 3
#: Above this many (resamples × weight groups) a cell's resamples come from the normal limit.
EXACT_BOOTSTRAP_WORK = 200_000
_counter = itertools.count()


@dataclass(frozen=True)
class StanceSettings:
    negated_weight: float = NEGATED_WEIGHT
    bootstrap: int = 1000  # resamples for intervals
    seed: int = 0
    confidence: float = 0.95
    max_refs: int | None = 20  # events listed per stance (None: all)

    def to_dict(self) -> dict[str, Any]:
        return {
            "negated_weight": self.negated_weight,
            "bootstrap": self.bootstrap,
            "seed": self.seed,
            "confidence": self.confidence,
            "max_refs": self.max_refs,
        }


@dataclass
class Stance:
    issue: str
    actor: str
    value: float  # in [-1, 1]
    n: int  # events behind it
    weight: float  # their total weight
    support: float  # weight of events pointing to support
    oppose: float  # weight of events pointing to opposition
    ci_low: float
    ci_high: float
    window: Window | None = None
    evidence: list[EvidenceRef] = field(default_factory=list)  # strongest first, up to max_refs

    @property
    def sign(self) -> int:
        return int(np.sign(self.value))

    @property
    def event_ids(self) -> list[str]:
        return [r.event_id for r in self.evidence]

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "actor": self.actor,
            "stance": round(self.value, 4),
            "n": self.n,
            "weight": round(self.weight, 4),
            "support": round(self.support, 4),
            "oppose": round(self.oppose, 4),
            "ci": [round(self.ci_low, 4), round(self.ci_high, 4)],
            "window": self.window.to_dict() if self.window else None,
            "event_ids": self.event_ids,
            "evidence": [r.to_dict() for r in self.evidence],
        }


@dataclass
class StanceTable:
    """Stances of actors (columns) on issues (rows); cells with no events are absent."""

    issues: list[str]
    actors: list[str]
    stances: dict[tuple[str, str], Stance]
    window: Window | None = None
    settings: StanceSettings = field(default_factory=StanceSettings)
    #: bootstrap resamples of each cell's value, aligned across cells (for alignment intervals)
    replicates: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False)

    def get(self, issue: str, actor: str) -> Stance | None:
        return self.stances.get((issue, actor))

    def rows(self) -> list[Stance]:
        return [s for i in self.issues for a in self.actors if (s := self.stances.get((i, a)))]

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": self.window.to_dict() if self.window else None,
            "issues": self.issues,
            "actors": self.actors,
            "settings": self.settings.to_dict(),
            "stances": [s.to_dict() for s in self.rows()],
        }


def _cell_seed(seed: int, *key: object) -> np.random.Generator:
    """A generator per cell, so one cell's interval does not depend on which others exist."""
    return np.random.default_rng([seed, zlib.crc32(repr(key).encode("utf-8"))])


def _bootstrap(
    direction: np.ndarray,
    counts: np.ndarray,
    sums: np.ndarray,
    squares: np.ndarray,
    rng: np.random.Generator,
    b: int,
) -> np.ndarray:
    """``b`` resampled stance values of a cell given per group: direction, event count,
    sum of weights and sum of squared weights."""
    n = int(counts.sum())
    if b * len(counts) <= EXACT_BOOTSTRAP_WORK:
        mean_weight = sums / counts
        draws = rng.multinomial(n, counts / n, size=b).astype(float)
        return np.asarray((draws @ (direction * mean_weight)) / (draws @ mean_weight), dtype=float)
    value = float((direction * sums).sum() / sums.sum())
    se = float(np.sqrt(((direction - value) ** 2 * squares).sum()) / sums.sum())
    return np.asarray(np.clip(value + se * rng.standard_normal(b), -1.0, 1.0), dtype=float)


class IssueEvents:
    """The events under each issue, with actor, direction and weight, held in a DuckDB
    temporary table for the life of the ``with`` block (read-only stores allow these).

    Columns: ``issue, actor, event_id, date, direction, weight``; only events whose
    source is an actor of interest and whose weight is above 0.

    With ``ties``, the same pass over the events also keeps each one's target actor and
    tie weight, so the network of direct ties (``dyads_sql``) comes from it too instead of
    from another reading of every event and its copies.
    """

    def __init__(
        self,
        store: Store,
        issue_set: IssueSet,
        actors: ActorSpec,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        settings: StanceSettings | None = None,
        ties: bool = False,
    ):
        self.store = store
        self.issue_set = issue_set
        self.actors = actors
        self.since = since
        self.until = until
        self.settings = settings or StanceSettings()
        self.ties = ties
        self.table = f"_ww_issue_events_{next(_counter)}"
        self.base = self.table + "_base"
        # inside the pass, actors of named groups and issues are numbers in the order of
        # their names (so that numbers sort and compare as the names would)
        self._labels = sorted({g.label for g in actors.groups}) if actors.groups else None
        self._issue_ids = sorted(issue_set.ids)

    def base_sql(self, reports: str = REPORTS) -> str:
        """One pass over the reports: each one's actor and weight once, and for each issue
        the direction it points in if it falls under the issue, else 0 (``i0``, ``i1``, …).
        Computing the actor and the weight once, not once per issue, and each distinct
        direction rule once however many issues share it, is what keeps a store of
        millions of events quick. ``reports``: a query with the rows of ``sql.REPORTS``
        (``reports.held_reports`` gives a quicker one)."""
        window = conjunction(date_range("date", self.since, self.until))
        actor = self.actors.sql("source", self._labels)
        weight = weight_sql(self.settings.negated_weight)
        directions: dict[str, str] = {}
        for issue in self.issue_set.issues:
            directions.setdefault(f"CAST({issue.direction_sql()} AS INTEGER)", f"_ww_d{len(directions)}")
        flags = ", ".join(
            f"CASE WHEN {issue.where_sql()} "  # NULL is not true: no coalesce, so AND stops early
            f"THEN {directions[f'CAST({issue.direction_sql()} AS INTEGER)']} ELSE 0 END AS i{n}"
            for n, issue in enumerate(self.issue_set.issues)
        )
        inner = [f"{actor} AS _ww_actor", f"{weight} AS _ww_weight"]
        inner += [f"{sql} AS {name}" for sql, name in directions.items()]
        outer = ["event_id", "date", "_ww_actor AS actor", "_ww_weight AS weight"]
        keep = "_ww_weight > 0"
        if self.ties:
            inner += [
                f"{self.actors.sql('target', self._labels)} AS _ww_target",
                f"{tie_weight_sql(self.settings.negated_weight)} AS _ww_tie",
            ]
            outer += ["_ww_target AS target", "_ww_tie AS tie"]
            keep = f"({keep} OR _ww_tie <> 0)"
        # each report once: copies of one sentence in several documents count as one
        return (
            f"SELECT {', '.join(outer)}, {flags} FROM (SELECT *, {', '.join(inner)} "
            f"FROM {reports} reports WHERE {window}) WHERE _ww_actor IS NOT NULL AND {keep}"
        )

    def _label(self, column: str) -> str:
        """The actor label for an actor column of the pass."""
        if self._labels is None:
            return column
        return "[" + ", ".join(lit(x) for x in self._labels) + f"][{column} + 1]"

    def select_sql(self, base: str, *, numbered: bool = False) -> str:
        """The table's rows from ``base`` (a table of ``base_sql``): one per event and issue.
        ``numbered``: issues and actors of named groups as the pass numbers them."""
        actor = "actor" if numbered else self._label("actor")
        branches = [
            f"SELECT {self._issue_ids.index(issue.id) if numbered else lit(issue.id)} AS issue, "
            f"{actor} AS actor, event_id, date, i{n} AS direction, weight "
            f"FROM {base} WHERE i{n} <> 0 AND weight > 0"
            for n, issue in enumerate(self.issue_set.issues)
        ]
        return " UNION ALL ".join(branches)

    def dyads_sql(self) -> str:
        """With ``ties``: the direct events between two different actors of interest, as
        ``network.dyad_sql`` gives them (``a``, ``b``, ``event_id``, ``date``, ``weight``,
        ``direction``), read from this pass."""
        if not self.ties:
            raise ValueError("IssueEvents(ties=True) keeps the ties")
        a, b = self._label("least(actor, target)"), self._label("greatest(actor, target)")
        return (
            f"SELECT {a} AS a, {b} AS b, event_id, date, tie AS weight, "
            f"CAST(sign(tie) AS INTEGER) AS direction FROM {self.base} "
            "WHERE target IS NOT NULL AND actor <> target AND tie <> 0"
        )

    def __enter__(self) -> IssueEvents:
        # copies of one report share their source code: when the actor is named by its code
        # alone, events of no actor of interest need not be read for copies
        within = f"{self.actors.sql('source')} IS NOT NULL" if self.actors.by_code else "TRUE"
        with held_reports(self.store, within) as reports:
            self.store.temp_table(self.base, self.base_sql(reports))
        # the rows per issue are read from the pass as they are needed, not copied out of it
        self.table = f"({self.select_sql(self.base)})"
        self._numbered = f"({self.select_sql(self.base, numbered=True)})"
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.store.drop_temp_table(self.base)

    # -- queries over the table ---------------------------------------------------------
    def cell_sql(self, issue: str, actor: str, direction: int | None = None) -> str:
        """The rows of one cell (optionally one direction) as a query."""
        where = f"issue = {lit(issue)} AND actor = {lit(actor)}"
        if direction is not None:
            where += f" AND direction = {int(direction)}"
        return f"SELECT * FROM {self.table} WHERE {where}"

    def event_ids(self, issue: str, actor: str, direction: int | None = None) -> list[str]:
        """Every event behind a stance (the tables list only the strongest)."""
        rows = self.store.fetchall(
            f"SELECT event_id FROM ({self.cell_sql(issue, actor, direction)}) ORDER BY date, event_id"
        )
        return [r[0] for r in rows]

    def undated(self) -> int:
        """Events under the issues that have no date: in the whole-period stances, never in a
        window."""
        row = self.store.fetchone(f"SELECT count(*) FROM {self.table} WHERE date IS NULL")
        return int(row[0]) if row else 0

    def date_span(self) -> tuple[dt.date | None, dt.date | None]:
        row = self.store.fetchone(f"SELECT min(date), max(date) FROM {self.table}")
        return (row[0], row[1]) if row else (None, None)

    def table_of(self, refs: RefBatch | None = None) -> StanceTable:
        """Stances over the whole period. With ``refs``, their evidence is fetched with the
        batch (the stances have none until it runs)."""
        whole, _ = self._tables(None, None, whole=True, refs=refs)
        assert whole is not None
        return whole

    def windowed(
        self, days: int, origin: dt.date | None = None, refs: RefBatch | None = None
    ) -> list[StanceTable]:
        """Stances in consecutive windows of ``days`` from ``origin`` (default: --since,
        else the first event), one table per window that has any events, in order."""
        origin = origin or self.since or self.date_span()[0]
        if origin is None:
            return []
        return self._tables(days, origin, whole=False, refs=refs)[1]

    def periods(
        self, days: int, origin: dt.date | None = None, refs: RefBatch | None = None
    ) -> tuple[StanceTable, list[StanceTable]]:
        """``table_of()`` and ``windowed(days, origin)`` together: one reading of the table
        for both kinds of aggregate, one for both kinds of evidence (grouping sets)."""
        origin = origin or self.since or self.date_span()[0]
        whole, windows = self._tables(days, origin, whole=True, refs=refs)
        assert whole is not None
        return whole, windows

    def _tables(
        self, days: int | None, origin: dt.date | None, *, whole: bool, refs: RefBatch | None
    ) -> tuple[StanceTable | None, list[StanceTable]]:
        """The whole-period table (with ``whole``) and the windows' (with ``days`` and
        ``origin``). Rows are tagged ``part`` 1 (whole period) or 0 (a window: undated
        events are in none, their rows have no window and are left out)."""
        windows = bool(days and origin)
        win = index_sql(origin, days) if days and origin else "CAST(NULL AS INTEGER)"
        rows = f"(SELECT {win} AS win, * FROM {self._numbered})"
        cell = "issue, actor, direction, round(weight, " + str(WEIGHT_DECIMALS) + ")"
        sums = "count(*) AS n, sum(weight) AS sw, sum(weight * weight) AS sq"
        if whole and windows:
            part, group = "grouping(win)", f"GROUPING SETS (({cell}), (win, {cell}))"
        else:
            part, group = ("1" if whole else "0"), (cell if whole else f"win, {cell}")
        shown = "win" if windows else "CAST(0 AS INTEGER)"
        # the groups of each cell in order, as columns (far quicker than rows at this size);
        # undated events in the windows' grouping have no window: left out
        found = self.store.fetch_arrays(
            f"SELECT part, coalesce(win, 0) AS win, issue, actor, direction, n, sw, sq FROM ("
            f"SELECT {part} AS part, {shown} AS win, {cell} AS wb, {sums} FROM {rows} GROUP BY {group}"
            ") WHERE part = 1 OR win IS NOT NULL ORDER BY part DESC, win, issue, actor, direction, wb"
        )
        cells: dict[int, dict[tuple[str, str], Groups]] = defaultdict(dict)
        whole_cells: dict[tuple[str, str], Groups] = {}
        labels = self._labels
        part_of, win_of, issue_of, actor_of = (found[k] for k in ("part", "win", "issue", "actor"))
        columns = [found[k] for k in ("direction", "n", "sw", "sq")]
        size = len(part_of)
        same = np.ones(size, dtype=bool)  # a row of the same cell as the row before
        same[:1] = False
        for col in (part_of, win_of, issue_of, actor_of):
            same[1:] &= col[1:] == col[:-1]
        starts = [int(x) for x in np.flatnonzero(~same)]
        for lo, hi in zip(starts, [*starts[1:], size][: len(starts)], strict=True):
            actor = actor_of[lo]
            key = (
                self._issue_ids[int(issue_of[lo])],
                labels[int(actor)] if labels is not None else str(actor),
            )
            groups = cast(Groups, tuple(np.asarray(c[lo:hi], dtype=float) for c in columns))
            if part_of[lo]:
                whole_cells[key] = groups
            else:
                cells[int(win_of[lo])][key] = groups
        keyed: list[tuple[tuple[Any, ...], StanceTable]] = []  # (part, window) of each table
        whole_table = None
        if whole:
            whole_table = self._table(None, 0, whole_cells)
            keyed.append(((1, None), whole_table))
        tables = []
        for w in sorted(cells):
            assert days and origin
            tables.append(self._table(window_of(w, origin, days), w, cells[w]))
            keyed.append(((0, w), tables[-1]))
        self._evidence(rows, keyed, whole=whole, windows=windows, refs=refs)
        return whole_table, tables

    def _evidence(
        self,
        rows: str,
        keyed: list[tuple[tuple[Any, ...], StanceTable]],
        *,
        whole: bool,
        windows: bool,
        refs: RefBatch | None,
    ) -> None:
        """The strongest events of every stance of the tables, chosen in one pass over ``rows``."""
        limit = self.settings.max_refs
        if limit is not None and limit <= 0:
            return

        issue_number = {x: n for n, x in enumerate(self._issue_ids)}
        actor_number = {x: n for n, x in enumerate(self._labels)} if self._labels is not None else None

        def attach(found: dict[tuple[Any, ...], list[EvidenceRef]]) -> None:
            for key, table in keyed:
                for (issue, actor), st in table.stances.items():
                    a = actor_number[actor] if actor_number is not None else actor
                    st.evidence = found.get((*key, issue_number[issue], a), [])

        cols = "issue, actor, event_id, direction, weight"
        if limit is None:  # every event: the whole period's, then the windows'
            parts = [f"SELECT 1 AS part, CAST(NULL AS INTEGER) AS win, {cols} FROM {rows}"] if whole else []
            if windows:
                parts.append(f"SELECT 0 AS part, win, {cols} FROM {rows} WHERE win IS NOT NULL")
            chosen = " UNION ALL ".join(parts)
        elif whole and windows:
            # the strongest of each window (undated events: window NULL), then the strongest of
            # those for the whole period: its strongest are among its windows' strongest
            per_window = strongest_sql(
                f"SELECT win, {cols} FROM {rows}", "win, issue, actor", "win, issue, actor", limit
            )
            overall = strongest_sql(
                "SELECT * FROM w",
                "1 AS part, CAST(NULL AS INTEGER) AS win, issue, actor",
                "issue, actor",
                limit,
            )
            chosen = (
                f"WITH w AS MATERIALIZED ({per_window}) "
                f"SELECT 0 AS part, win, {cols} FROM w WHERE win IS NOT NULL UNION ALL {overall}"
            )
        elif whole:
            chosen = strongest_sql(
                f"SELECT {cols} FROM {rows}",
                "1 AS part, CAST(NULL AS INTEGER) AS win, issue, actor",
                "issue, actor",
                limit,
            )
        else:
            chosen = strongest_sql(
                f"SELECT win, {cols} FROM {rows} WHERE win IS NOT NULL",
                "0 AS part, win, issue, actor",
                "win, issue, actor",
                limit,
            )
        batch = refs or RefBatch()
        batch.add_chosen(chosen, ["part", "win", "issue", "actor"], done=attach)
        if refs is None:
            batch.run(self.store)

    def _table(
        self,
        window: Window | None,
        w: int,
        cells: dict[tuple[str, str], Groups],
    ) -> StanceTable:
        s = self.settings
        alpha = (1 - s.confidence) / 2
        stances: dict[tuple[str, str], Stance] = {}
        replicates: dict[tuple[str, str], np.ndarray] = {}
        for (issue, actor), (d, counts, sums, squares) in cells.items():
            total = float(sums.sum())
            value = float((d * sums).sum() / total)
            rng = _cell_seed(s.seed, w, issue, actor)
            lo = hi = value
            if s.bootstrap:
                reps = _bootstrap(d, counts, sums, squares, rng, s.bootstrap)
                lo, hi = np.quantile(reps, [alpha, 1 - alpha])
                replicates[(issue, actor)] = reps
            stances[(issue, actor)] = Stance(
                issue=issue,
                actor=actor,
                value=value,
                n=int(counts.sum()),
                weight=total,
                support=float(sums[d > 0].sum()),
                oppose=float(sums[d < 0].sum()),
                ci_low=float(lo),
                ci_high=float(hi),
                window=window,
            )
        return StanceTable(
            issues=list(self.issue_set.ids),
            actors=self._actor_order(stances),
            stances=stances,
            window=window,
            settings=s,
            replicates=replicates,
        )

    def _actor_order(self, stances: dict[tuple[str, str], Stance]) -> list[str]:
        present = {a for _, a in stances}
        if self.actors.groups:
            return [g.label for g in self.actors.groups if g.label in present]
        mass: dict[str, float] = defaultdict(float)
        for (_, a), st in stances.items():
            mass[a] += st.weight
        return sorted(present, key=lambda a: (-mass[a], a))


def compute_stances(
    store: Store,
    issue_set: IssueSet,
    actors: ActorSpec,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    settings: StanceSettings | None = None,
    corrections: bool = True,
) -> StanceTable:
    """Every actor's stance on every issue between ``since`` and ``until`` (with the analyst's
    corrections applied unless ``corrections`` is false)."""
    with (
        store.corrected(corrections),
        IssueEvents(store, issue_set, actors, since=since, until=until, settings=settings) as ie,
    ):
        return ie.table_of()

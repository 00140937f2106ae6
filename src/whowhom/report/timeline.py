"""The timeline: every event of the period in date order, and a strip of bars counting
cooperative (up, green), conflictual (down, red) and other — negated or neutral — events
(up, grey) per day, or per week or month over long periods. Counting is DuckDB's."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from whowhom.analysis.periods import period_events, tone_counts
from whowhom.report.context import DayBar, Tick, Timeline
from whowhom.report.views import EvidenceViews
from whowhom.store import Store

PLOT_WIDTH = 1100.0
HALF_HEIGHT = 60.0  # px for the tallest bar on either side of the axis
MARGIN = 20.0  # px above and below
MARGIN_X = 45.0  # px left and right, room for the date labels
MAX_TICKS = 8
MAX_BAR = 40.0  # px: a corpus of a few days should not draw slabs


def bucket_days(span: int) -> int:
    """Days per bar: a day up to 200 days, a week up to four years, else 30 days."""
    return 1 if span <= 200 else 7 if span <= 1400 else 30


def _strip(counts: dict[dt.date, dict[str, int]]) -> tuple[list[DayBar], list[Tick], float, int]:
    if not counts:
        return [], [], MARGIN, 1
    first, last = min(counts), max(counts)
    size = bucket_days((last - first).days + 1)
    buckets: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, tones in counts.items():
        for tone, n in tones.items():
            buckets[(day - first).days // size][tone] += n
    n_buckets = (last - first).days // size + 1
    step = PLOT_WIDTH / n_buckets
    up = max((b["cooperative"] + b["other"] for b in buckets.values()), default=0)
    down = max((b["conflictual"] for b in buckets.values()), default=0)
    scale = HALF_HEIGHT / max(up, down, 1)
    axis_y = MARGIN + up * scale
    bars = []
    for k in sorted(buckets):
        b = buckets[k]
        bars.append(
            DayBar(
                date=(first + dt.timedelta(days=k * size)).isoformat(),
                cooperative=b["cooperative"],
                conflictual=b["conflictual"],
                other=b["other"],
                x=round(MARGIN_X + k * step, 2),
                width=round(min(max(step * 0.8, 1.0), MAX_BAR), 2),
                h_cooperative=round(b["cooperative"] * scale, 2),
                h_other=round(b["other"] * scale, 2),
                h_conflictual=round(b["conflictual"] * scale, 2),
            )
        )
    every = max(1, math.ceil(n_buckets / MAX_TICKS))
    ticks = [
        Tick(
            x=round(MARGIN_X + k * step + step * 0.4, 2),
            label=(first + dt.timedelta(days=k * size)).isoformat(),
        )
        for k in range(0, n_buckets, every)
    ]
    return bars, ticks, axis_y, size


def build_timeline(
    store: Store,
    *,
    since: dt.date | None,
    until: dt.date | None,
    max_events: int,
    titles: dict[str, str] | None = None,
) -> Timeline:
    """The period's events (at most ``max_events`` rows, earliest first) and the strip."""
    period = period_events(store, since=since, until=until, limit=max_events)
    total, first, last, refs = period.total, period.first, period.last, period.events
    if titles is None:
        titles = store.titles(r.doc_id for r in refs)
    views = EvidenceViews(titles, {r.event_id for r in refs})
    events = views.views(refs)
    for e in events:
        e.in_timeline = True
    bars, ticks, axis_y, size = _strip(tone_counts(store, since=since, until=until))
    down = max((b.h_conflictual for b in bars), default=0.0)
    return Timeline(
        total=total,
        shown=len(events),
        first=first.isoformat() if first else None,
        last=last.isoformat() if last else None,
        bucket={1: "day", 7: "week"}.get(size, f"{size} days"),
        width=PLOT_WIDTH + 2 * MARGIN_X,
        height=round(axis_y + down + MARGIN + 16, 2),
        axis_y=round(axis_y, 2),
        days=bars,
        ticks=ticks,
        events=events,
    )

"""The report's context: one typed object the HTML template renders and the JSON twin
serialises, so the page and its twin carry the same numbers.

Every field is plain data (str, int, float, bool, None, lists, dicts and these
dataclasses), so ``dataclasses.asdict`` gives the JSON twin. Geometry for the pictures
(network, timeline strip) is computed here in Python, not in the browser.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from whowhom.analysis.tone import tone
from whowhom.report.sentences import Span, segments

#: Version of the JSON twin's layout; bump when a field changes meaning.
SCHEMA_VERSION = 1


@dataclass
class Interval:
    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass
class EvidenceView:
    """One event behind a number: who did what to whom, and its sentence with the
    trigger and the actors marked (``spans`` are offsets into ``text``)."""

    event_id: str
    doc_id: str
    doc_title: str | None
    date: str | None
    source: str | None  # text as written
    source_code: str | None
    target: str | None
    target_code: str | None
    code: str | None
    label: str | None
    trigger: str | None
    goldstein: float | None
    polarity: str | None
    modality: str | None
    certainty: float | None
    reliability: float | None
    location: str | None
    text: str
    spans: list[Span]
    direction: int | None = None  # how it counted: +1 supports / −1 opposes (or the tie's sign)
    weight: float | None = None
    in_timeline: bool = False

    def segments(self) -> list[tuple[str, str | None]]:
        return segments(self.text, self.spans)

    @property
    def negated(self) -> bool:
        return self.polarity == "negated"

    @property
    def tone(self) -> str:
        """cooperative | conflictual | other (negated or Goldstein 0), for colour."""
        return tone(self.polarity, self.goldstein)


@dataclass
class DayBar:
    date: str
    cooperative: int
    conflictual: int
    other: int
    x: float
    width: float
    # heights in pixels: cooperative and other stack up from the axis, conflict goes down
    h_cooperative: float
    h_other: float
    h_conflictual: float


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    total: int  # events in the period
    shown: int  # rows in the table (at most --max-events)
    first: str | None
    last: str | None
    bucket: str  # what one bar counts: day | week | 30 days
    width: float
    height: float
    axis_y: float
    days: list[DayBar]
    ticks: list[Tick]
    events: list[EvidenceView]


@dataclass
class IssueHead:
    id: str
    label: str
    description: str
    events: int  # events under the issue from actors of interest


@dataclass
class HeatCell:
    issue: str
    actor: str
    anchor: str
    value: float | None  # None: no events, missing (never 0)
    n: int = 0
    ci_low: float | None = None
    ci_high: float | None = None
    support: float = 0.0
    oppose: float = 0.0
    sign: str = "missing"  # pos | neg | zero | missing
    colour: str = "#d9d9d9"
    ink: str = "#222"
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass
class HeatRow:
    actor: str
    anchor: str
    cells: list[HeatCell]


@dataclass
class Heatmap:
    issues: list[IssueHead]
    actors: list[str]
    rows: list[HeatRow]
    bootstrap: int
    confidence: float


@dataclass
class NodeView:
    name: str
    bloc: int | None
    colour: str
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    anchor_side: str  # SVG text-anchor: start | end | middle
    degree: int


@dataclass
class EdgeView:
    a: str
    b: str
    weight: float
    positive: float
    negative: float
    n: int
    sign: int
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str
    anchor: str  # where its sentences are: the pair's block when the pair is listed, else its own
    evidence: list[EvidenceView] = field(default_factory=list)  # only when the pair is not listed


@dataclass
class NetworkView:
    width: float
    height: float
    nodes: list[NodeView]
    edges: list[EdgeView]
    blocs: list[list[str]]
    bloc_colours: list[str]
    balance: dict[str, Any]
    bloc_disagreement: float
    layout: str
    ties: int = 0  # direct ties in the network; ``edges`` are the strongest of them


@dataclass
class SharedView:
    issue: str
    stance_a: float
    stance_b: float
    n_a: int
    n_b: int
    anchor_a: str
    anchor_b: str
    same_sign: bool


@dataclass
class PairView:
    a: str
    b: str
    anchor: str
    n_issues: int
    agreement: Interval
    pi: Interval
    cosine: Interval
    tie: float | None
    tie_events: int
    same_bloc: bool | None
    shared: list[SharedView]
    tie_evidence: list[EvidenceView]


@dataclass
class Pairs:
    total: int  # pairs computed
    pairs: list[PairView]  # shown: the most aligned, then the most opposed
    omitted: int  # pairs between the two, not shown
    split_after: int | None  # the row after which the omitted pairs would come


@dataclass
class HypothesisView:
    id: str
    statement: str
    prior: float
    posterior: float
    rank: int
    inconsistency: float
    inconsistency_rank: int


@dataclass
class MatrixCell:
    hypothesis: str
    rating: str
    likelihood: float
    discounted: float | None  # None: the item is not counted
    llr_bits: float | None


@dataclass
class ItemView:
    id: str
    label: str
    kind: str  # stance | events | manual
    anchor: str
    counted: bool
    n_events: int
    rc: float | None
    detail: str
    cells: list[MatrixCell]
    diagnosticity_bits: float | None
    loo_shift: float | None
    loo_changes_leader: bool
    loo_changes_ranking: bool
    loo_posterior: dict[str, float]
    source: str
    note: str
    evidence: list[EvidenceView]


@dataclass
class GapView:
    id: str
    label: str
    kind: str
    gain_top2_bits: float
    gain_all_bits: float
    llr_top2_bits: float
    favours: str | None


@dataclass
class Hypotheses:
    path: str
    exclusive: bool
    hypotheses: list[HypothesisView]  # in file order (the matrix's columns)
    ranked: list[str]  # ids, most probable first
    leader: str
    runner_up: str
    most_influential: str | None
    items: list[ItemView]
    gaps: list[GapView]
    warnings: list[str]
    ratings: dict[str, float]


@dataclass
class Limits:
    """What the page leaves out to stay small whatever the store: the caps and what they cut."""

    max_ties: int  # ties drawn at most (--max-ties)
    ties: int  # direct ties in the network
    ties_drawn: int  # of them in the picture: the strongest
    max_evidence: int  # sentences listed at most behind one number (--max-evidence)
    evidence_cut: int  # evidence blocks listing fewer sentences than they count
    max_events: int  # timeline rows at most (--max-events)
    events_listed: int


@dataclass
class Meta:
    title: str
    generated: str
    db: str
    issues_path: str | None
    hypotheses_path: str | None
    since: str | None
    until: str | None
    documents: int
    events: int
    actors: list[str]  # actors of interest as given ("Label=PREFIX+…"); empty: every code
    bootstrap: int
    seed: int
    notes: list[str]  # what is shown, what is not, and why
    findings: list[str]  # the headline numbers in words
    limits: Limits | None = None


@dataclass
class Quality:
    """How far to trust the corpus: the figures ``whowhom summary`` prints
    (``analysis.quality.DataQuality``), in words and as numbers."""

    lines: list[str]
    figures: dict[str, Any]


@dataclass
class ReportContext:
    meta: Meta
    timeline: Timeline
    network: NetworkView
    pairs: Pairs
    heatmap: Heatmap | None = None
    hypotheses: Hypotheses | None = None
    quality: Quality | None = None
    #: actor label → the name the texts most often use for it (labels that are codes only)
    names: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, **asdict(self)}

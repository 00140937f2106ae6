"""Evidence references (``whowhom.analysis.refs.EvidenceRef``) as report rows: the
sentence with its trigger and actors marked, and the document's title."""

from __future__ import annotations

from collections.abc import Iterable

from whowhom.analysis.refs import EvidenceRef
from whowhom.report.context import EvidenceView
from whowhom.report.sentences import highlight


class EvidenceViews:
    """Turns references into views; knows document titles and which events the
    timeline lists (so a sentence can link to its row there)."""

    def __init__(self, titles: dict[str, str] | None = None, in_timeline: set[str] | None = None):
        self.titles = titles or {}
        self.in_timeline = in_timeline or set()

    def view(self, ref: EvidenceRef) -> EvidenceView:
        text = ref.evidence_text or ""
        spans = highlight(
            text,
            ref.evidence_start,
            [
                ("trigger", ref.event_start, ref.event_end, ref.event_trigger),
                ("source", ref.source_start, ref.source_end, ref.source_text),
                ("target", ref.target_start, ref.target_end, ref.target_text),
            ],
        )
        return EvidenceView(
            event_id=ref.event_id,
            doc_id=ref.doc_id,
            doc_title=self.titles.get(ref.doc_id),
            date=ref.date,
            source=ref.source_text,
            source_code=ref.source_code,
            target=ref.target_text,
            target_code=ref.target_code,
            code=ref.event_code,
            label=ref.event_label,
            trigger=ref.event_trigger,
            goldstein=ref.event_goldstein,
            polarity=ref.polarity,
            modality=ref.modality,
            certainty=ref.certainty,
            reliability=ref.reliability,
            location=ref.location_name,
            text=text,
            spans=spans,
            direction=ref.direction,
            weight=ref.weight,
            in_timeline=ref.event_id in self.in_timeline,
        )

    def views(self, refs: Iterable[EvidenceRef]) -> list[EvidenceView]:
        return [self.view(r) for r in refs]

"""Helpers of the scale tests (test_parallel.py, test_scale*.py): a generated corpus written for
these tests, a fault stage that worker processes import, and the reference coding of a corpus."""

from __future__ import annotations

import os
import random
import signal
from functools import cache
from pathlib import Path

from whowhom.coding.stages import DEFAULT_STAGES, CoderConfig, Resources, StageFn, register_stage
from whowhom.coding.state import DocState
from whowhom.model import Document

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "basra-2008"
#: Where the fault stage keeps its "already killed once" marks (set by the tests).
FAULTS_ENV = "WHOWHOM_TEST_FAULTS"

_WHO = [
    "Iraqi police", "The Iraqi army", "Iranian officials", "US forces", "British troops",
    "Syrian diplomats", "The Turkish government", "Kurdish leaders", "Jordanian envoys", "Hamas",
]  # fmt: skip
_DID = [
    "arrested gunmen near", "praised the mayor of", "met tribal elders in", "shelled villages around",
    "condemned the bombing in", "promised aid to", "sent an envoy to", "threatened rivals in",
]  # fmt: skip
_WHERE = ["Basra", "Mosul", "Najaf", "Kirkuk", "Karbala", "Baghdad", "Amman", "Damascus"]
_WHEN = ["", " on Monday", " late on Friday", " this week"]


def short_corpus(n: int, seed: int = 12) -> list[Document]:
    """``n`` one-sentence reports, each distinct (a serial number in the closing clause)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = (
            f"{rng.choice(_WHO)} {rng.choice(_DID)} {rng.choice(_WHERE)}{rng.choice(_WHEN)}, "
            f"bulletin {i} said."
        )
        out.append(Document(text=text, date=f"2008-0{1 + i % 9}-1{i % 10}", path=f"generated:{i}"))
    return out


@register_stage("tests.fault.v1", requires=["document"], assigns=[])
def _fault(res: Resources) -> StageFn:
    """KILLONCE: the worker dies the first time it meets the document (a mark remembers it);
    KILLALWAYS: every time; RAISE: an exception (a document that cannot be coded)."""

    def run(state: DocState) -> None:
        text = state.document.text
        if "KILLONCE" in text:
            mark = Path(os.environ[FAULTS_ENV]) / f"killed-{state.document.doc_id}"
            if not mark.exists():
                mark.write_text("x")
                os.kill(os.getpid(), signal.SIGKILL)
        if "KILLALWAYS" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        if "RAISE" in text:
            raise RuntimeError("the fault stage was told to fail here")

    return run


FAULT_CONFIG = CoderConfig(stages=["tests.fault.v1", *DEFAULT_STAGES])


@cache
def reference_ids(kind: str, n: int = 0) -> frozenset[str]:
    """Event ids of a corpus coded in this process, one batch after another (the reference)."""
    from whowhom.ingest import read_paths
    from whowhom.pipeline import code_documents

    docs = short_corpus(n) if kind == "short" else [d for d in read_paths([DEMO]) if isinstance(d, Document)]
    return frozenset(e.event_id for c in code_documents(docs) if hasattr(c, "events") for e in c.events)

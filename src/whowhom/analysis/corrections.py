"""Analyst corrections of coded events: what they are, checked, and recorded.

A correction flags an event as ``wrong``, a ``duplicate`` (of another event) or ``right``,
or ``recode``s it: a new CAMEO code (its root, label, PLOVER category, Goldstein score and
QuadClass come from the bundled CAMEO tables, as the coder's do), a new source or target
actor code. Each carries a note. Corrections are stored beside the events and never
overwrite them; the latest correction of an event is the one in force. Analysis sees them
through ``Store.use_corrections`` (``align``/``assess`` take ``corrections=``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from whowhom.coding.cameo import cameo_tables
from whowhom.errors import Errors, WhowhomError
from whowhom.store import Store

VERDICTS = ("wrong", "duplicate", "right", "recode")
_CODE = re.compile(r"^\d{2,4}$")
_ACTOR = re.compile(r"^[A-Z0-9-]{3,30}$")
MAX_NOTE = 2000


@dataclass(frozen=True)
class Correction:
    event_id: str
    verdict: str
    duplicate_of: str | None = None
    event_code: str | None = None
    source_code: str | None = None
    target_code: str | None = None
    note: str | None = None
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fail(event_id: str, reason: str) -> WhowhomError:
    return WhowhomError(Errors.E910.format(event_id=event_id, reason=reason))


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def check(correction: Correction, store: Store) -> Correction:
    """The correction with its values tidied, or a coded error saying what is wrong with it."""
    c = correction
    if c.verdict not in VERDICTS:
        raise _fail(c.event_id, f"verdict {c.verdict!r} is not one of {', '.join(VERDICTS)}")
    if not store.fetchone("SELECT 1 FROM main.events WHERE event_id = ?", [c.event_id]):
        raise WhowhomError(Errors.E904.format(what="event", ident=c.event_id))
    code, source, target = _clean(c.event_code), _clean(c.source_code), _clean(c.target_code)
    duplicate_of = _clean(c.duplicate_of)
    source, target = (source or "").upper() or None, (target or "").upper() or None
    note = _clean(c.note)
    if note and len(note) > MAX_NOTE:
        raise _fail(c.event_id, f"the note has {len(note)} characters, over {MAX_NOTE}")
    if c.verdict == "recode":
        if not (code or source or target):
            raise _fail(c.event_id, "a recode gives a new event code, source or target")
        if code and not _CODE.match(code):
            raise _fail(c.event_id, f"event code {code!r} is not a CAMEO code (2 to 4 digits)")
        if code and cameo_tables().info(code).label is None:
            raise _fail(c.event_id, f"event code {code!r} is not in the CAMEO code book")
        for side, value in (("source", source), ("target", target)):
            if value and not _ACTOR.match(value):
                raise _fail(c.event_id, f"{side} {value!r} is not an actor code (letters, digits, '-')")
    elif code or source or target:
        raise _fail(c.event_id, f"only a recode changes codes (this is {c.verdict!r})")
    if c.verdict == "duplicate":
        if not duplicate_of:
            raise _fail(c.event_id, "a duplicate names the event it repeats (duplicate_of)")
        if duplicate_of == c.event_id:
            raise _fail(c.event_id, "an event cannot duplicate itself")
        if not store.fetchone("SELECT 1 FROM main.events WHERE event_id = ?", [duplicate_of]):
            raise WhowhomError(Errors.E904.format(what="event", ident=duplicate_of))
    elif duplicate_of:
        raise _fail(c.event_id, "duplicate_of goes with the verdict 'duplicate'")
    return Correction(c.event_id, c.verdict, duplicate_of, code, source, target, note, _clean(c.author))


def record(store: Store, correction: Correction) -> int:
    """Check and store a correction; returns its id. The store must be open for writing."""
    c = check(correction, store)
    values: dict[str, Any] = {
        "event_id": c.event_id,
        "verdict": c.verdict,
        "duplicate_of": c.duplicate_of,
        "note": c.note,
        "author": c.author,
    }
    if c.event_code:
        info = cameo_tables().info(c.event_code)
        values.update(
            event_code=info.code,
            event_root=info.root,
            event_label=info.label,
            event_plover=info.plover,
            event_goldstein=info.goldstein,
            event_quad_class=info.quad_class,
        )
    from whowhom.coding.actors.resolver import split_code  # imports spaCy: only when recording

    for side, code in (("source", c.source_code), ("target", c.target_code)):
        if code:
            values[f"{side}_code"] = code
            values[f"{side}_country"] = split_code(code)[0]
    return store.add_correction(values)

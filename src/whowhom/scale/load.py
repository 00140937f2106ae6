"""``whowhom load-events DIR``: complete event parts into a store, a group of parts per
transaction (the store is held per group, so readers get in between)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whowhom.errors import Errors, WhowhomError
from whowhom.scale.parts import done_keys, part_file
from whowhom.store import PartsResult, Store

#: Parts loaded per transaction.
PARTS_PER_LOAD = 64


def load_parts(
    store: Store, folder: Path, *, keys: Sequence[str] | None = None, group: int = PARTS_PER_LOAD
) -> PartsResult:
    """Load the complete parts of ``folder`` (or only ``keys``) into ``store``; loading a part
    again adds nothing."""
    chosen = sorted(done_keys(folder) if keys is None else keys)
    total = PartsResult()
    for i in range(0, len(chosen), group):
        some = chosen[i : i + group]
        got = store.add_event_parts(
            [str(part_file(folder, k, "events")) for k in some],
            [str(part_file(folder, k, "discarded")) for k in some],
            [str(part_file(folder, k, "docs")) for k in some],
        )
        total.events += got.events
        total.coded += got.coded
        total.failed += got.failed
    return total


def check_parts_folder(folder: Path) -> int:
    """The number of complete parts in ``folder``; ``[E408]`` when it has none or is no folder."""
    if not folder.is_dir():
        raise WhowhomError(Errors.E408.format(path=folder, reason="no such folder"))
    n = len(done_keys(folder))
    if n == 0:
        raise WhowhomError(
            Errors.E408.format(path=folder, reason="it holds no complete part-*.parquet files")
        )
    return n

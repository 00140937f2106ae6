"""Ingest: news files in, ``Document`` records out.

``read_paths`` takes files and directories and yields, lazily and in a deterministic
order, a ``Document`` for each report found or an ``IngestFailure`` (a coded E1xx/E2xx
message naming the file, and the line for JSON Lines) for each input that cannot be
read. Failures are yielded, never raised, so one bad file never stops a run.

Supported files: ``.txt`` (optional YAML front matter), ``.html``/``.htm`` (main text
via trafilatura), ``.jsonl`` (one record per line) and RSS/Atom feeds (``.xml``,
``.rss``, ``.atom``; one document per entry).

``DEFAULT_MAX_BYTES`` is 20,000,000 bytes (20 MB): larger files are refused with E103
before being read; pass ``max_bytes=`` to change it.

Every document's ``doc_id`` is the hash of its text (``model.text_id``), so the same
report arriving twice, from any format, gets the same id.
"""

from whowhom.ingest.sources import DEFAULT_MAX_BYTES, read_paths
from whowhom.ingest.text import IngestFailure

__all__ = ["DEFAULT_MAX_BYTES", "IngestFailure", "read_paths"]

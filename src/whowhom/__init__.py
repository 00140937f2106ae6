"""whowhom: news text in, sourced and coded political events out.

The public API (``whowhom.api``, typed): ``code_text``, ``ingest``, ``run``, ``open_store``,
``align``, ``assess``. They are loaded on first use, so ``import whowhom`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "align", "assess", "code_text", "ingest", "open_store", "run"]

if TYPE_CHECKING:
    from whowhom.api import align, assess, code_text, ingest, open_store, run


def __getattr__(name: str) -> Any:
    if name in __all__:
        from whowhom import api

        return getattr(api, name)
    raise AttributeError(f"module 'whowhom' has no attribute {name!r}")

"""Coded error messages of the report (E8xx), in the style of ``whowhom.errors``.

Kept beside the report while it is young; the codes are stable, so they can move into
``whowhom.errors`` without changing what users see.
"""

from __future__ import annotations


class ReportErrors:
    E801 = "[E801] {path}: cannot write the report ({reason}); choose a path in a writable directory."

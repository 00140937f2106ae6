"""Imports every built-in stage module, so each registers its stages (see ``stages.py``)."""

from whowhom.coding import attribution, context, empty, filters, finalise, framing, roles, triggers

__all__ = ["attribution", "context", "empty", "filters", "finalise", "framing", "roles", "triggers"]

"""The web workbench (``whowhom serve``): explore, audit and correct the evidence in a browser.

Presentation only: every number comes from ``whowhom.analysis`` over a read-only store,
as for the CLI and the report. ``create_app`` builds the FastAPI app.
"""

from whowhom.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]

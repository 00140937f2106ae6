"""Bundled dictionaries and tables (see LICENSES.md)."""

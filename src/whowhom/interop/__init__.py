"""Bring your own events: import GDELT, ICEWS and PLOVER/POLECAT files, export in their layouts.

- ``importer.import_files(store, paths, fmt)`` → ``ImportReport`` (per file: rows, new,
  duplicate, rejected; the first rejects as coded lines)
- ``detect.sniff(path)`` → which format and layout a file is in
- ``export.write(store, out, fmt, ...)`` → whowhom's events as GDELT 2.0, ICEWS or PLOVER JSON

One module per format (``gdelt``, ``icews``, ``plover``); field mappings in docs/INTEROP.md.
Nothing is imported here, so ``import whowhom.interop`` stays cheap.
"""

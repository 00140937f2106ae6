"""Coding at corpus scale: a Dask cluster codes partitions of documents, each partition's
events land as Parquet parts (``parts``), and ``load-events`` puts them in a store.
See docs/SCALE.md."""

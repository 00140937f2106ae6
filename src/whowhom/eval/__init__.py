"""Evaluation against gold cases (events: ``events.py``; modality: ``modality.py``).

The coding path never imports this package."""

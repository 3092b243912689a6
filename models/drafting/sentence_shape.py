"""Whether a true/false statement reads as one grammatical sentence: the last look at its
shape, on the spaCy parse `sentence_parse` already loads.

Raters refuse more true/false statements for their wording than for anything else: two
slide bullets fused into one run-on ("Canonical variates have equal variance within
groups, but in decreasing order between groups non-orthogonal transformation, CV axes not
at right angle …", round 28), a verb strung on with a comma and no subject ("Good public
documentation increases work, supports scaling up."), a noun phrase left dangling after
the clause ("… how unit circle deforms during homogeneous deformation: parametric
definition of unit circle."), an unclosed bracket. Each rule reads the parse, not the
words of a field, and says nothing when no parser is installed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from models.drafting.sentence_parse import _pipeline

__all__ = ["sentence_fault", "unbalanced"]

_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"))
# modifiers that sit inside a noun phrase, before its head: "CV axes", "the new variates"
_INSIDE_NP = frozenset("compound amod det nummod poss nmod advmod neg punct".split())
_BREAKS = (",", ";", "-", "–", "—")
# an adjective a preposition takes as its whole object in an idiom: "in general", "at large"
_ADJECTIVE_IDIOMS = frozenset(
    {
        ("in", w)
        for w in "general particular brief short full common total public private whole".split()
    }
    | {("at", w) for w in "large least most best first last worst".split()}
    | {("for", w) for w in "free good sure certain real long".split()}
    | {("of", w) for w in "old late".split()}
)


def unbalanced(text: str) -> bool:
    """Whether a bracket or a quotation mark opens and never closes (or the reverse): a
    line cut inside an aside or a quotation."""
    if any(text.count(a) != text.count(b) for a, b in _PAIRS):
        return True
    return text.count('"') % 2 == 1


def _is_break(doc: Any, i: int) -> bool:
    """A comma, semicolon or dash between words ("non-orthogonal" holds a hyphen, no break)."""
    t = doc[i]
    if t.text not in _BREAKS:
        return False
    return t.text != "-" or bool(t.whitespace_) or (i > 0 and bool(doc[i - 1].whitespace_))


def _np_start(doc: Any, head: Any) -> int:
    """Where the noun phrase headed by `head` starts: its modifiers just before it."""
    i: int = head.i
    while (
        i > 0
        and doc[i - 1].dep_ in _INSIDE_NP
        and i <= doc[i - 1].head.i <= head.i
        and not _is_break(doc, i - 1)
    ):
        i -= 1
    return i


def _after_break(doc: Any, head: Any) -> bool:
    """Whether a comma, semicolon or dash stands right before the noun phrase of `head`."""
    start = _np_start(doc, head)
    return start > 0 and _is_break(doc, start - 1)


def _verbless(tokens: Any) -> bool:
    return not any(t.pos_ in ("VERB", "AUX") for t in tokens)


@lru_cache(maxsize=8192)
def sentence_fault(sentence: str) -> str:
    """Why the statement does not read as one grammatical sentence, or "" (also "" with no
    parser: nothing to say against it)."""
    if unbalanced(sentence):
        return "a bracket or quotation left open"
    nlp = _pipeline()
    if nlp is None:
        return ""
    doc = nlp(re.sub(r"\s*\([^()]*\)", "", sentence))  # asides are no part of the clause
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return ""  # two sentences or none: the subject-and-verb rule's business
    root = roots[0]
    for t in doc:
        if (
            t.dep_ == "appos"
            and t.head.i < t.i
            and t.head.tag_ in ("NN", "NNS")
            and _np_start(doc, t) == t.head.i + 1
            and doc[t.head.i + 1].pos_ in ("ADJ", "NOUN")
            and t.i > t.head.i + 1  # "the variable x": a one-word name is no second phrase
        ):
            # "… between groups non-orthogonal transformation": two bare noun phrases with
            # nothing between them, where one line ended and another began
            return "two noun phrases run together"
        if (
            t.dep_ == "appos"
            and t.head.i < root.i < t.i
            and doc[_np_start(doc, t) - 1].text == ":"
            and _verbless(t.subtree)
        ):
            # "The python exercise lets … deformation: parametric definition of …": a
            # noun phrase after the clause, about its subject
            return "a noun phrase dangling after the clause"
    for t in doc:
        if t.dep_ != "conj" or t.pos_ not in ("NOUN", "PROPN") or not _after_break(doc, t):
            continue
        if t.head.i == root.i and root.pos_ in ("VERB", "AUX"):
            # "… in decreasing order between groups, CV axes not at right angle …": a noun
            # phrase strung on as if it were another verb of the clause
            return "a noun phrase strung on after the clause"
        chain = [t.head, t]
        if (
            t.head.pos_ in ("NOUN", "PROPN")
            and t.head.dep_ != "conj"
            and t.right_edge.i >= len(doc) - 2
            and not any(x.dep_ in ("cc", "conj") and x.i != t.i for c in chain for x in c.children)
            and not any(x.lower_ in ("etc", "etc.") for x in doc[t.i :])
        ):
            # "… the activation energy of a reaction, substrate specificity not shared …":
            # two noun phrases, no "and", the second ending the sentence: another line's
            return "a noun phrase strung on after the clause"
    for c in root.children:
        if c.i < root.i or c.dep_ != "conj":
            continue
        if (
            c.tag_ in ("VBZ", "VBP", "VBD")
            and (root.tag_ == c.tag_ or (root.tag_ == "NNS" and c.tag_ == "VBZ"))
            and doc[c.i - 1].text == ","
            and sum(t.text == "," for t in doc[: c.i]) == 1  # no aside: "X, called Y, is"
            and not any(x.dep_ == "cc" for x in (*root.children, *c.children))
            and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
        ):
            # "… increases work, supports scaling up": two bullets' verbs on one subject
            return "a second verb strung on with a comma"
    for t in doc:
        if t.text == ";" and t.i > root.i:
            tail = [x for x in doc[t.i + 1 :] if not x.is_punct]
            if tail and _verbless(tail):
                # "Alias are a false name …; an assumed name.": a gloss from another line
                return "a fragment after a semicolon"
        if t.text == ";" and t.i < root.i:
            head = [x for x in doc[: t.i] if not x.is_punct]
            if head and _verbless(head):
                # "Probabilities unknown; judgment must drive decisions.": a bullet's note
                return "a fragment before a semicolon"
    words = [t for t in doc if not t.is_punct]
    last = words[-1] if words else None
    if (
        last is not None
        and last.pos_ == "ADJ"
        and last.dep_ == "pobj"
        and (last.head.lower_, last.lower_) not in _ADJECTIVE_IDIOMS
    ):
        # "Market share is a function of proprietary.": the noun went to the next line of
        # a diagram's label ("… proprietary / position:"); a preposition takes no adjective
        return "an adjective left without its noun"
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if (
        subj is not None
        and subj.i < root.i
        and subj.right_edge.i + 1 < len(doc)
        and doc[subj.right_edge.i + 1].text == ","
        and sum(t.text == "," for t in doc[: root.i]) == 1
        and all(
            t.dep_ in ("aux", "auxpass", "neg", "advmod")
            for t in doc[subj.right_edge.i + 2 : root.i]
        )
    ):
        # "Piecewise-cubic curve, allows to achieve …": a comma between the subject and its
        # verb, where a label's line met the line that went on about it
        return "a comma between the subject and its verb"
    return ""

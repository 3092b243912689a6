"""The claim a sentence of lecture prose makes, as a question can state it alone.

Notes written in sentences wrap their claims in words for the reader: a frame that
reports them ("Expression (**) shows that the age-adjusted rate is a weighted average
…", "Note that …"), a phrase that sets their scope ("In signaling models the better
informed party moves first."), a bullet jotted in lower case ("labor supply depends on
labor market tightness") or numbered inside its text ("1) higher wages …"). Read as
they stand, the sentence checks refuse them all (round 25/26 decks drafted nothing from
pages of such prose); these helpers give the checks the claim itself.
"""

from __future__ import annotations

import re

from models.drafting.fact_checks import _sentence_case
from models.drafting.sentence_parse import opening_scope
from models.drafting.slide_units import _ends_open
from models.drafting.words import (
    _WORD_RE,
    FUNCTION_WORDS,
    _acronymish,
    _fold,
    _is_verb_form,
    verb_lemmas,
)

# "Note that …", "Recall that …", "It follows that …", "Figure 3 shows that …",
# "Expression (**) shows that …", "This example illustrates that …": the words before the
# claim point at the reader or at something on the page; the claim is what follows.
# ("X means that …" and "we see that …" are left alone: what follows is this case's
# consequence, rarely a claim of its own.)
_SHOWN_BY = (
    r"(?:the\s+)?(?:expression|equation|formula|identity|inequality|figure|fig\.|table|graph"
    r"|plot|chart|diagram|result|proof|derivation|calculation|simulation|example|analysis"
    r"|theorem|lemma|proposition|corollary)s?(?:\s+[^\s,;:]{1,10})?"
    r"|this(?:\s+(?:example|result|figure|table|graph|plot|calculation|analysis|derivation"
    r"|simulation|proof|theorem))?"
)
_FRAME = re.compile(
    r"^(?:(?:note|notice|recall|remember|observe)\s*,?\s+that"
    # "recall OS files are collections of blocks …": a bullet reminding of a claim
    r"|(?:recall|remember)(?=\s+(?:that\s+)?\S+(?:\s+\S+){0,3}\s+(?:is|are|was|were|has|have)\b)"
    r"|it\s+(?:follows|turns\s+out|can\s+be\s+shown|is\s+(?:worth\s+noting|important\s+to"
    r"\s+(?:note|remember)|easy\s+to\s+see))\s+that"
    # "In fact, …", "Interestingly, …": the speaker's aside before the claim
    r"|(?:in\s+fact|indeed|of\s+course|actually|basically|essentially|interestingly"
    r"|importantly|surprisingly|notably|crucially|remarkably)\s*,"
    rf"|(?:{_SHOWN_BY})\s+(?:shows?|demonstrates?|illustrates?|proves?|implies|suggests?"
    r"|indicates?|confirms?|tells\s+us)\s+that"
    r")\s+(?P<claim>\S.*)$",
    re.IGNORECASE,
)


def reported_claim(sentence: str) -> str:
    """The claim a reporting frame holds, in sentence case; the sentence when it has none."""
    m = _FRAME.match(sentence.strip())
    if m is None or len(_WORD_RE.findall(m.group("claim"))) < 4:
        return sentence
    if _BARE_DEFINITE.match(m.group("claim")) or ":" in m.group("claim"):
        # "Notice that the state is not hidden …": which state, the page says; "Notice
        # that a sequence is described by the: name …": the frame leads into a list
        return sentence
    return _sentence_case(m.group("claim"))


# "the state is …", "the result has …": one bare noun after "the", the thing on the page
_BARE_DEFINITE = re.compile(
    r"the\s+(?P<noun>[a-z]+)\s+(?:is|are|was|were|has|have|had|can|could|will|would|does|do|did|may"
    r"|might|must|should)\b",
    re.IGNORECASE,
)


# "1) higher wages …", "(2) Firms …", "a) …": a number written into the bullet's text
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,2}|[a-h])[.)]\s+(?=\w)")


def points_at_its_slide(sentence: str) -> bool:
    """ "the technique has an extension …", "the wage is higher when …": a bullet about
    "the" thing its slide is about, one bare noun that names nothing alone."""
    return _BARE_DEFINITE.match(sentence.strip()) is not None


def named_by_topic(sentence: str, topic: str) -> str | None:
    """ "the wage is higher when …" under "General properties of a bargained wage": the
    bare noun the slide's heading names in full, put back ("The bargained wage is higher
    when …"); None when the heading does not name it."""
    m = _BARE_DEFINITE.match(sentence.strip())
    if m is None:
        return None
    noun = m.group("noun").lower()
    words = _WORD_RE.findall(topic)
    folded = [_fold(w) for w in words]
    if noun not in folded:
        return None
    at = len(folded) - 1 - folded[::-1].index(noun)
    start = at
    while start > 0 and at - start < 2 and folded[start - 1] not in FUNCTION_WORDS:
        start -= 1
    if start == at:
        return None  # the heading says no more than "the wage"
    shouted = topic.isupper()  # "GENERAL PROPERTIES OF …": capitals of the layout, no acronyms
    name = " ".join(
        w if _acronymish(w) and not shouted else w.lower() for w in words[start : at + 1]
    )
    rest = sentence.strip()[m.end("noun") :]
    return _sentence_case(f"the {name}{rest}")


def as_line_start(sentence: str) -> str:
    """A bullet's first sentence as a sentence: its number dropped, its first word in
    capitals when the bullet was jotted in lower case. (A line that is no bullet and starts
    in lower case goes on from a line above: it keeps its case, and the checks refuse it.)"""
    s = _ENUMERATOR.sub("", sentence.strip())
    words = _WORD_RE.findall(s)
    if (
        len(words) > 1
        and words[0].endswith("s")
        and verb_lemmas(words[0])
        and not _is_verb_form(words[1])
    ):
        return s  # "segments input into …": a bullet that leaves out its subject
    if not re.match(r"[a-z]{2,}(?:[-'’][a-z]+)*(?=[\s,;:])", s):
        return s  # "iPhone", "pH", "x_i", "x is …": a name or a symbol keeps its case
    return _sentence_case(s)


_SCOPE_PREPS = frozenset(
    "in within under for during across among at by on unlike like throughout without with "
    "according".split()
)
# a scope that points at the page, the reader or a case: "In this case", "In our model",
# "For example", "In Figure 2", "In 1962", "In the above"
_SCOPE_POINTER = re.compile(
    r"\b(?:this|these|that|those|such|our|we|us|your|you|it|its|their|his|her|here|there"
    r"|above|below|following|previous|latter|former|example|examples|case|cases|instance"
    r"|figure|fig|table|slide|slides|lecture|chapter|section|exercise|lab|today|now|then"
    r"|both|each|either|same|other|particular|response|contrast|comparison|hand|turn"
    r"|return|addition|conclusion|summary|short|sum|words|way)\b|\d",
    re.IGNORECASE,
)


def scoped_clause(sentence: str) -> str | None:
    """The main clause of a sentence that opens with a phrase naming its scope ("In game
    theory there often exists the problem of multiple equilibria.") in sentence case, for
    the checks a statement's opening word fails; None when it opens otherwise, or when
    the scope points at the page or a case ("In this case, …", "For example, …")."""
    words = _WORD_RE.findall(sentence)
    if len(words) < 6 or _fold(words[0]) not in _SCOPE_PREPS:
        return None
    cut = opening_scope(sentence)
    if cut is None:
        return None
    scope = sentence[:cut]
    if len(_WORD_RE.findall(scope)) > 8 or _SCOPE_POINTER.search(scope):
        return None
    if _ends_open(scope.rstrip(" ,")):
        return None  # "For routing protocols used by routers of, …": a word lost
    return _sentence_case(sentence[cut:])


def goes_on(sentence: str, slide_text: str) -> bool:
    """Whether a bullet with no full stop goes on in one lower-case word on a line of its
    own ("hit rate is the fraction of memory access found in the upper" + "level"): cut
    there, the statement says something else. Asked only of bullets jotted in lower case,
    which were refused as fragments before they were read as sentences."""
    if sentence.rstrip().endswith((".", "!", "?")):
        return False
    words = re.findall(r"[\w'’-]+", sentence)
    if len(words) < 3:
        return False
    tail = r"\W+".join(re.escape(w) for w in words[-3:])
    m = re.search(tail + r"[ \t]*\n[ \t]*(?P<next>[^\n]*)", slide_text)
    return (
        m is not None and re.fullmatch(r"[a-z][\w'’-]*[.;,]?", m.group("next").strip()) is not None
    )

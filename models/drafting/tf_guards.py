"""Last reading of a true/false statement as the student will see it (after the article,
agreement and spelling-out rules have worded it): its end tidied, and the statements no
teacher keeps refused, whatever path through the facts produced them.

Seen in blind ratings (rounds 23-25) and in the statements of the round 23/25/26 decks:
a period put after the slide's colon ('… polynomial equation:.') or after a quotation's
own period ('… is a "derivative work.".'), a statement that says what its subject's own
words say ('A software license is a license about software', 'Self-organizing projects
choose their own process', round 30: 'In mathematical models, the building blocks are
mathematical structures'), a list of verbs with no subject, what a class exercise does
(once the wording has put its article before it), and an example cut from its claim.
"""

from __future__ import annotations

import re

from models.drafting.sentence_shape import sentence_fault
from models.drafting.slide_units import _ends_open
from models.drafting.statement_checks import CLASS_TASK
from models.drafting.words import content_tokens, lexicon_readings

__all__ = ["no_claim_alone", "tidy_end", "true_by_its_words"]

# a period after the closing quote of a quotation that ends in its own period
_QUOTE_THEN_PERIOD = re.compile(r"([.!?])([\"”’'])\s*\.$")
# a colon that led to a formula or a list the statement leaves out
_COLON_THEN_PERIOD = re.compile(r"\s*:\s*[^\w\s]{0,2}\s*\.$")
# a colon after a word still waiting for what the colon brings: "… is described as:"
_OPEN_BEFORE_COLON = re.compile(
    r"\b(?:as|by|is|are|was|were|be|follows?|following|below|of|to|the|an?|and|or|with|from"
    r"|includes?|including|namely|e\.g|i\.e|like|such)\s*:\s*[^\w\s]{0,2}\s*\.$",
    re.IGNORECASE,
)


def tidy_end(stem: str) -> str | None:
    """`stem` with a doubled end mark mended, or None when it ends pointing at what
    follows on the slide ('The displacement of first point is described as:')."""
    s = stem.rstrip()
    if _OPEN_BEFORE_COLON.search(s):
        return None
    s = _COLON_THEN_PERIOD.sub(".", s)
    if s.count('"') % 2 == 1:
        # one sentence cut from a quotation of several: the mark belongs to another one
        if s.startswith('"'):
            s = s[1:]
        elif re.search(r'"\s*\.?$', s):
            s = re.sub(r'\s*"\s*\.?$', "", s)
            s = s if s.endswith((".", "!", "?")) else s + "."
    return _QUOTE_THEN_PERIOD.sub(r"\1\2", s)


_COPULA = re.compile(
    r"^(?:in\s+(?P<frame>[^,;:]+),\s*)?(?:(?:an?|the)\s+)?(?P<subject>[^,;:]+?)\s+(?:is|are)\s+"
    r"(?:(?:an?|the)\s+)?(?P<predicate>[^,;:]+?)\s*\.?$",
    re.IGNORECASE,
)
_STEM = 5  # "license"/"licenses", "organizing"/"organization" share their first letters


def _roots(text: str) -> set[str]:
    return {t[:_STEM] for t in content_tokens(text)}


def true_by_its_words(stem: str) -> bool:
    """Whether the statement says only what its subject's words already say: a copula
    whose predicate repeats every word of its subject and adds at most one ('A software
    license is a license about software'), or a 'self-' subject said to act on its own
    ('Self-organizing projects choose their own process')."""
    m = _COPULA.match(stem.strip())
    if m and not re.search(r"\bthan\b", m.group("predicate"), re.I):  # a comparison
        subject, predicate = _roots(m.group("subject")), _roots(m.group("predicate"))
        if subject and subject <= predicate and len(predicate - subject) <= 1:
            return True
        # "In mathematical models, the building blocks are mathematical structures": a
        # short predicate made of the frame's or subject's words and one generic noun
        given = subject | _roots(m.group("frame") or "")
        if m.group("frame") and predicate & given and len(predicate - given) <= 1:
            return True
    head = re.match(r"^(?:(?:an?|the)\s+)?self-(\w+)\s+(\w+)\s+(?P<rest>.+)$", stem, re.I)
    if head is None:
        return False
    own = re.search(
        r"\b(?:its|their|his|her)\s+own\b|\b(?:itself|themselves)\b", head["rest"], re.I
    )
    return own is not None


# "… decide on what to work on, for example.": an example of a claim the slide makes
_CLOSING_EXAMPLE = re.compile(r",\s*(?:for\s+example|for\s+instance|e\.g)\.?\s*\.?$", re.I)
# "… is extended to ALC concept descriptions as follows.", "… describing the computer in a
# following way.": it points at what the slide shows next, which the statement leaves out
_POINTS_ON = re.compile(
    r"\b(?:as\s+follows|(?:in\s+)?(?:the|a)\s+following(?:\s+(?:way|manner|form|steps?|cases?))?"
    r"|as\s+(?:shown|seen|described|given|listed)\s+(?:below|above|here))\s*[.:]?$",
    re.I,
)
# "… in 19661.": a footnote mark run into a year; the statement reads a wrong year
_FOOTNOTED_YEAR = re.compile(r"\b(?:in|since|from|by|until)\s+(?:1[5-9]|20)\d{3}\s*\.?$", re.I)


# verbs English uses with an object: ending the sentence, theirs was cut off ("… accepts a
# zip code as input, and outputs.", "Chlorine must diffuse through cell contents to reach.")
_TAKES_OBJECT = frozenset(
    """reach achieve produce provide create make obtain get find give take bring allow enable
    ensure generate output return accept contain include require identify determine describe
    define represent indicate specify select remove replace convert transform compute
    calculate estimate measure assign store send receive deliver offer""".split()
)


# last words that lead on to a list but are no connectors `_ends_open` joins lines on
# (joining at "given" glued a slide's next bullet into a statement)
_LEADS_ON = frozenset({"given", "namely", "such"})


def _lost_object(words: list[str]) -> bool:
    if len(words) < 4 or words[-2].lower() not in ("to", "and", "or", "can", "must", "will"):
        return False
    lemmas = set(lexicon_readings(words[-1].lower()).get("VERB", ()))
    return bool(lemmas & _TAKES_OBJECT)


def no_claim_alone(stem: str) -> str:
    """Why the worded statement makes no claim a student can judge alone, or ""."""
    s = stem.strip()
    if CLASS_TASK.match(s):
        return "what a class task does"
    words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", s)
    if len(words) > 2 and re.match(r"^[A-Za-z-]+\s*,", s):
        readings = lexicon_readings(words[0].lower())
        if "VERB" in readings and "NOUN" not in readings and "ADJ" not in readings:
            return "a list of verbs with no subject"  # "Reproduce, adapt, modify, …"
    if _lost_object(words):
        return "a verb cut from its object"
    if _ends_open(s.rstrip(".")) or (words and words[-1].lower() in _LEADS_ON):
        # "… at each time step given" + "◦ noisy measurements, …": cut before its list
        return "a sentence cut before what it leads to"
    if _CLOSING_EXAMPLE.search(s):
        return "an example of a claim left out"
    if _POINTS_ON.search(s):
        return "a pointer at what the slide shows next"
    if _FOOTNOTED_YEAR.search(s):
        return "a footnote mark run into a number"
    return sentence_fault(s)  # last: the parse, for what the words above let through

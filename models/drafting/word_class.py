"""Whether a term is said as an adjective ("Short-term", "Data-driven", "Robust") or as
a noun phrase ("Taylor expansion", "Cross-validation"): options of a question must be
the same kind of word, or the odd one out gives itself away ("Taylor expansion" beside
"Short-term" and "Long-term"), and a short answer's key must name a thing.

Read off the English lexicon (words.lexicon_readings), no tagger, in any field. Only
clear cases count as adjectives; a word the lexicon does not know is a name (a noun).
"""

from __future__ import annotations

import re
from functools import cache

from models.drafting.words import lexicon_readings, word_rank

# particles that make a verb a noun ("trade-off", "check-in", "roll-out", "top-down")
_PARTICLES = frozenset("off in up out down over on back away through".split())
# endings of nouns made from verbs or adjectives: "cross-validation", "fine-tuning" are
# things done, no compound adjective ("short-term", "low-rank" measure another noun)
_NOMINAL_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism")
# a compound adjective's second part is a common noun of measure or manner ("term",
# "time", "level", "scale"); a rare one is the field's thing ("cross-entropy")
_COMMON_RANK = 5000
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def _plain_adjective(word: str) -> bool:
    """A word the lexicon reads as an adjective, an adverb or a participle, never as a
    noun."""
    readings = lexicon_readings(word)
    if not readings or "NOUN" in readings:
        return False
    if "ADJ" in readings or "ADV" in readings:
        return True  # an adverb ("Mathematically") modifies too: it names no thing
    # "supervised", "hidden": a participle only ("-ed"/"-en" past of a verb)
    verbs = readings.get("VERB", ())
    return set(readings) == {"VERB"} and word.endswith(("ed", "en")) and word not in verbs


def _compound_adjective(first: str, second: str) -> bool:
    """ "short-term", "low-rank", "two-phase", "data-driven", "one-hot", "non-linear"."""
    if second in _PARTICLES or first in _PARTICLES:
        return False
    if _plain_adjective(second):
        return True  # "data-driven", "one-hot", "feature-rich", "non-linear"
    first_readings = lexicon_readings(first)
    adjective_first = first.isdigit() or "ADJ" in first_readings
    return (
        adjective_first
        and "NOUN" in lexicon_readings(second)
        and not second.endswith(_NOMINAL_ENDINGS)
        and word_rank(second) < _COMMON_RANK
    )


@cache
def adjectival(text: str) -> bool:
    """Whether the term `text` is said as an adjective: its last word is one, or a
    compound adjective ("Short-term", "Statistically significant", "Data-driven")."""
    words = _WORD.findall(text)
    if not words:
        return False
    last = words[-1]
    if last.isupper() and len(last) > 1:
        return False  # an acronym names a thing
    parts = last.lower().split("-")
    if len(parts) == 2 and all(parts):
        return _compound_adjective(parts[0], parts[1])
    if len(parts) > 2:
        return False  # "state-of-the-art", "end-to-end": rare as terms, left alone
    return _plain_adjective(parts[0])


def same_class(a: str, b: str) -> bool:
    """Whether two terms are the same kind of word (both adjectives or both not)."""
    return adjectival(a) == adjectival(b)

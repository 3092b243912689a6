"""What a slide line is for, beside what it says: a gloss of the line above it, a label
over candidates or cases ("Possible explanations:", "Example:"), a list of tasks.

facts.py reads facts with these; they never make a fact themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.drafting.fact_checks import _NOUN_SUFFIXES
from models.drafting.slide_units import Unit
from models.drafting.words import (
    _AUX,
    _VERBS,
    _WORD_RE,
    FUNCTION_WORDS,
    _acronymish,
    _fold,
    _is_verb_form,
    _singular,
    has_finite_verb,
    lexicon_readings,
    verb_lemmas,
)


def _outside_brackets(text: str) -> list[str]:
    """A line's words, those in brackets left out: "fraction (F) of …" reads on."""
    return _WORD_RE.findall(re.sub(r"\([^()]*\)", " ", text))


def _looks_like_gloss(text: str, loose: bool = False, lower_ok: bool = False) -> bool:
    """A verb phrase ("Fit a linear range to data") or a noun phrase ("A type of ...").

    `loose` also takes "Employs multiple attention heads ..." and "The heart of the
    Transformer, enabling ..." (a noun phrase with no verb of its own before the comma).
    """
    words = _outside_brackets(text)
    if lower_ok:
        while len(words) > 1 and _fold(words[0]).endswith("ly") and words[0].islower():
            words = words[1:]  # "simply limits ..."
        if words and words[0].islower():
            words = [words[0].capitalize(), *words[1:]]
    if not words or not words[0][:1].isupper():
        return False
    first = _fold(words[0])
    if first in ("a", "an"):
        return True
    if len(words) >= 3 and all(w[:1].isupper() for w in words if _fold(w) not in FUNCTION_WORDS):
        return False  # "Limit Linkable Data" under "VPN": a heading of its own, no gloss
    if _is_verb_form(words[0], base_only=True):
        return len(words) < 2 or _fold(words[1]) not in _AUX
    if not loose:
        return False
    if (
        first.endswith("s")
        and first not in _AUX
        and (
            _is_verb_form(words[0]) or (lower_ok and (first[:-1] in _VERBS or first[:-2] in _VERBS))
        )
    ):
        return True  # "Employs ...", "Captures ..."
    if first == "the":
        clause = re.split(r"[,;:(]", text, maxsplit=1)[0]
        return not has_finite_verb(clause)
    return _bare_noun_gloss(words)


# what ties a bare head noun to the rest of its gloss: "area under …", "degree to which …"
_GLOSS_TIES = frozenset(
    "of under over to for that which whose where in between by with from on within".split()
)


_NOUN_TIES = frozenset("of under between within whose".split())


def _bare_noun_gloss(words: Sequence[str]) -> bool:
    """A telegraphic noun gloss with no article: "area under the concentration-time
    curve", "degree to which a drug is removed …", "relative bioavailability of two
    drugs" — a head noun (after at most one adjective) tied to what follows."""
    folded = [_fold(w) for w in words[:4]]
    if len(words) < 4:
        return False  # "Proportion of submissions" beside "Assignment": a table's cell
    for start in (0, 1):
        if start and "ADJ" not in lexicon_readings(folded[0]):
            break
        head, tie = folded[start], folded[start + 1]
        readings = lexicon_readings(head)
        if (
            ("NOUN" in readings or (not readings and head.endswith(_NOUN_SUFFIXES)))
            and tie in _GLOSS_TIES
            and head not in FUNCTION_WORDS
            and not (start == 0 and head.endswith("s") and "VERB" in readings)  # "Leads to"
            # a head that can be a verb is a noun only before "of" ("measure of …",
            # "rate of …"); "find which …", "map to …" are instructions
            and not (start == 0 and "VERB" in readings and tie not in _NOUN_TIES)
            and not (start == 0 and "ADJ" in readings and tie not in _NOUN_TIES)  # "Automatic by"
        ):
            return True
    return False


# "defined as fraction (F) of …", "refers to the share …": the gloss after its lead-in
_DEFINED_AS = re.compile(
    r"^(?:(?:is|are)\s+)?(?:defined\s+as|refers?\s+to|means|denotes)\s+(?=\w)", re.IGNORECASE
)


def gloss_text(text: str) -> str:
    """A gloss line without the "defined as" that leads into it, nor the symbol the
    slide gives the quantity ("fraction (F) of …")."""
    text = _DEFINED_AS.sub("", text.strip(), count=1)
    return re.sub(r"\s*\([A-Za-z][A-Za-z0-9]?\)(?=\s|$)", "", text)  # its symbol: "(F)"


# Labels over candidates, cases and questions rather than facts: "Two possible
# explanations:", "Hypotheses", "Example:", "Suppose:", "Discussion".
_SUPPOSED = re.compile(
    r"\b(?:possible|potential|candidate|competing|rival|alternative|plausible)\s+"
    r"(?:explanations?|causes?|reasons?|answers?|interpretations?|scenarios?"
    r"|mechanisms?|accounts?|hypothes[ei]s)\b|\bhypothes[ei]s\b|\bconjectures?\b"
    r"|^(?:an?\s+)?(?:examples?|e\.\s?g\.?|for\s+(?:example|instance)|suppose|imagine"
    r"|what\s+if|discuss(?:ion)?|questions?\s+(?:to|for)\s+discuss\w*|think\s+about"
    r"|quiz|poll|guess)\b",
    re.IGNORECASE,
)
_WORKED = re.compile(
    r"^(?:(?:an?\s+|worked\s+|toy\s+|running\s+)?examples?|exercises?|labs?|answers?"
    r"|solutions?|case\s+stud(?:y|ies)|demo|quiz|practice|illustration)\b"
    r"|\b(?:lab|exercise|homework|problem\s+set)s?\b.*\banswers?\b",
    re.IGNORECASE,
)


def _is_worked_example(title: str, body: Sequence[Unit]) -> bool:
    """Whether a slide works through one case: its title, or a label line heading its
    body, says "Example", "Exercise", "Answers" or the like."""
    lines = [title, *(u.text for u in body[:2])]
    return any(_WORKED.search(line.strip()) for line in lines if line)


def _instructions(heading: str, units: Sequence[Unit]) -> bool:
    """A heading naming several things ("Tasks of the Stakeholder", "David Smith's
    Recommendations") over lines that mostly open with a base-form verb: a list of tasks
    or recommendations, whose first line is one item, not the heading's gloss (round 18:
    "Tasks of the Stakeholder introduces the requirements engineer into the application
    domain."). A technique over its steps ("Nonlinear quantization" / "Compute a grid of
    percentiles …" / "Store each weight …") keeps its first step as its gloss."""
    head_words = _WORD_RE.findall(re.split(r"\s(?:of|for|in|on|to|with|by)\s", heading)[0])
    if not head_words:
        return False
    head = head_words[-1]
    if _acronymish(head) or _singular(_fold(head)) == _fold(head):
        return False

    def opens_with_verb(text: str) -> bool:
        words = _WORD_RE.findall(text)
        if not words or not words[0][:1].isupper():
            return False
        first = _fold(words[0])
        return _is_verb_form(first, base_only=True) or first in verb_lemmas(first)

    return sum(1 for u in units if opens_with_verb(u.text)) >= 3


def _step_pair(label: str, gloss: str) -> bool:
    """A one-word label that can be a verb over a line that opens with one: two steps of a
    derivation ("Substitute" / "Solve for fu"), not a term and its gloss; a label that
    can only be a verb ("Prefer") heads advice."""
    words = _WORD_RE.findall(label)
    first = _WORD_RE.findall(gloss)[:1]
    readings = lexicon_readings(_fold(words[0])) if len(words) == 1 else {}
    if "VERB" in readings and "NOUN" not in readings:
        return True  # "Prefer" / "Original paper over secondary source": advice
    return (
        len(words) == 1
        and "VERB" in readings
        and bool(first)
        and _is_verb_form(first[0], base_only=True)
    )


def noun_gloss(text: str) -> bool:
    """A gloss that says what a thing is ("a copyright-based strategy …", "relative
    bioavailability of two drugs"), not what it does or is for ("run many services on
    one machine" after "Consolidation –" is a reason to use something)."""
    words = _outside_brackets(text)
    return bool(words) and (_fold(words[0]) in ("a", "an") or _bare_noun_gloss(words))


# adverbs between a bullet's left-out subject and its verb ("They never expire …")
_SUBJECT_ADVERBS = frozenset("never always often usually also only still typically".split())


def with_its_subject(line: str, subject: str) -> str:
    """A bullet that leaves its subject to the heading above it, said with that subject:
    "They never expire, if registered" under "Trademark Rights" → "Trademark Rights never
    expire, if registered"; "Provides emulation of a full hardware system" under "Full
    virtualization" → "Full virtualization provides …". The line unchanged when the
    heading names no term, the number does not agree, or "It" is an expletive ("It is
    important to …")."""
    words = line.split()
    head = _WORD_RE.findall(subject)
    if len(words) < 3 or not head or has_finite_verb(subject):
        return line
    if re.search(r"\b(?:vs\.?|versus|and|or)\b|/", subject, re.IGNORECASE):
        return line  # "Word-level vs subword tokenization": two things, no one subject
    plural = _fold(head[-1]).endswith("s") and _singular(_fold(head[-1])) != _fold(head[-1])
    first = words[0]
    rest = words[1:]
    if first in ("It", "They"):
        if (first == "They") != plural:
            return line
        k = 0
        while k < len(rest) - 1 and _fold(rest[k]) in _SUBJECT_ADVERBS:
            k += 1
        verb = _fold(rest[k].strip(",;:"))
        if not _is_verb_form(verb) or verb in ("'s", "’s"):
            return line
        after = _fold(rest[k + 1]) if k + 1 < len(rest) else ""
        if first == "It" and verb in ("is", "was") and after not in ("a", "an"):
            return line  # "It is important to …", "It is known that …": no subject
        return f"{subject} {' '.join(rest)}"
    # a verb in "-s" opening the line: what the heading does ("Provides …", "Has …")
    verb = _fold(first)
    if plural or verb in _AUX - {"is", "has"} or not first[:1].isupper():
        return line
    nounish = "NOUN" in lexicon_readings(_singular(verb)) or "NOUN" in lexicon_readings(verb)
    if verb.endswith("s") and _is_verb_form(verb) and not nounish and verb not in ("is",):
        return f"{subject} {verb} {' '.join(rest)}"
    return line

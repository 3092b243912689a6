"""Where a false statement may change a sentence: the words that carry its claim.

Blind raters accept a false true/false item that reverses what the sentence claims
("The rational consumer minimizes their own utility", "Morphemes are the largest
meaningful units", "P-wave velocity is always slower than S-wave velocity") or says one
term's claim of its sibling ("Point forecasts predict a range of possible values"). They
reject one that turns on a detail: a modifier inside a noun phrase ("The payoff to the
male is a decreased quantity of sperm", "… the lowest performing parsers"), a second
claim run on after the first ("… parallelizable, enabling slower training"), an adverb.
The dependency parse (spaCy, as in sentence_parse) tells the claim from the detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from models.drafting.opposites import _HEDGE
from models.drafting.sentence_parse import _pipeline

__all__ = ["SidesSwapped", "carries_claim", "sides_between", "sides_swapped", "whole_subject"]

# a verb's complement or a clause the claim is made of ("is the one that would maximize
# …", "learn by minimizing …", "means that the cost increases …")
_CLAIM_LINKS = frozenset({"xcomp", "ccomp", "acomp", "attr", "oprd", "relcl", "pcomp"})
# a superlative or comparative describing what the claim is about: "are the smallest
# meaningful units", "leads to higher wages"; a participle ("a decreased quantity") is a
# detail of the noun phrase
_DEGREE_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})


@lru_cache(maxsize=4096)
def _parse(sentence: str) -> Any:
    nlp = _pipeline()
    return None if nlp is None else nlp(sentence)


def _on_claim_path(tok: Any) -> bool:
    """Whether `tok` is the root or a complement/clause the root's claim is made of."""
    for _ in range(8):
        if tok.dep_ == "ROOT":
            return True
        if tok.dep_ in _CLAIM_LINKS:
            if tok.dep_ == "relcl" and tok.head.dep_ not in ("attr", "ROOT", "dobj"):
                return False  # a clause about the subject or a detail's noun
            tok = tok.head
            continue
        if tok.dep_ == "prep" and any(c.dep_ == "pcomp" for c in tok.children):
            tok = tok.head  # "by minimizing": the means the root names
            continue
        return False
    return False


def carries_claim(sentence: str, start: int) -> bool:
    """Whether the word at character `start` carries the sentence's main claim: the main
    verb, a verb of the clause the claim is made of, the comparative or superlative the
    predicate states, or a preposition of order attached to an intransitive main verb
    ("were dominant before the appearance of …"). True when no parser is installed."""
    doc = _parse(sentence)
    if doc is None:
        return True
    tok = next((t for t in doc if t.idx == start), None)
    if tok is None:
        return False
    if tok.dep_ in ("ROOT", *_CLAIM_LINKS) and tok.pos_ in ("VERB", "AUX", "ADJ", "ADV", "NOUN"):
        return _on_claim_path(tok)
    if tok.dep_ == "advmod" and tok.tag_ in _DEGREE_TAGS and tok.head.dep_ == "ROOT":
        return any(c.lower_ == "than" for c in tok.children)  # "travels faster than …"
    if tok.dep_ == "amod" and tok.tag_ in _DEGREE_TAGS:
        noun = tok.head
        if noun.dep_ in ("attr", "dobj", "oprd") and _on_claim_path(noun.head):
            return True  # "are the smallest meaningful units"
        if noun.dep_ == "pobj" and noun.head.lower_ in ("to", "in", "into"):
            prep = noun.head  # "leads to higher wages", "results in lower costs"
            return bool(prep.dep_ == "prep" and prep.head.dep_ == "ROOT")
        return False
    if tok.dep_ == "prep" and tok.head.dep_ == "ROOT":
        root = tok.head
        return not any(c.dep_ in ("dobj", "dative") for c in root.children)
    return False


def whole_subject(sentence: str, start: int, end: int) -> bool:
    """Whether the span [start, end) (a term, maybe after "The") is the whole subject of
    the sentence's main verb: a sibling put in its place makes a claim of its own, not
    "Sentiment analysis of the most likely class …". True when no parser is installed."""
    doc = _parse(sentence)
    if doc is None:
        return True
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return False
    subj = next((c for c in roots[0].children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return False
    words = [t for t in subj.subtree if not t.is_punct]
    if not words:
        return False
    first = words[0]
    if first.dep_ == "det" and first.idx < start:
        words = words[1:]
    lo, hi = int(words[0].idx), int(words[-1].idx + len(words[-1].text))
    return lo >= start and hi <= end


@dataclass(frozen=True)
class SidesSwapped:
    statement: str  # the comparison with its two sides swapped
    first: str  # the subject as the slide has it
    second: str  # what it is compared with


_NP_MAX = 6
_CONCESSION = re.compile(r"^\s*(?:,\s*(?:but|while|whereas|although|though)\b|;)", re.I)


def _span(tokens: list[Any]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _plural(tok: Any) -> bool:
    return tok.tag_ in ("NNS", "NNPS")


def _lowered(phrase: str, deck: str) -> str:
    """The phrase as it reads mid-sentence: its capital kept for an acronym-like word
    ("P-wave", "NMR") or a word the deck capitalises mid-sentence ("Newton's law")."""
    word = phrase.split()[0] if phrase.split() else ""
    if re.match(r"[A-Z][A-Z0-9-]", word):
        return phrase
    if word[:1].isupper() and re.search(rf"[a-z,;(]\s+{re.escape(word)}\b", deck):
        return phrase
    return phrase[:1].lower() + phrase[1:]


def sides_swapped(sentence: str, deck: str = "") -> SidesSwapped | None:
    """ "Angle bending is less stiff than bond stretching" → "Bond stretching is less
    stiff than angle bending": a comparison of two named sides, its subject and what it
    is compared with swapped. None unless the sentence is one plain comparison (no hedge,
    both sides short noun phrases of one number, what follows only a concession the
    false statement drops)."""
    if _HEDGE.search(sentence) or not re.search(r"\bthan\b", sentence, re.IGNORECASE):
        return None
    doc = _parse(sentence)
    if doc is None:
        return None
    roots = [t for t in doc if t.dep_ == "ROOT"]
    thans = [t for t in doc if t.lower_ == "than"]
    if len(roots) != 1 or len(thans) != 1:
        return None
    root, than = roots[0], thans[0]
    degree = than.head
    if degree.dep_ == "advmod" and degree.head.pos_ == "ADJ":
        degree = degree.head  # "more sensitive than": "than" hangs on "more"
    if not (degree.i == root.i or (degree.dep_ in ("acomp", "advmod") and degree.head.i == root.i)):
        return None
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    obj = next((c for c in than.children if c.dep_ == "pobj"), None)
    if subj is None or obj is None or _plural(subj) != _plural(obj):
        return None
    a = [t for t in subj.subtree if not t.is_punct]
    b = [t for t in obj.subtree]
    for side in (a, b):
        if not side or len(side) > _NP_MAX:
            return None
        if any(t.pos_ in ("PRON", "NUM") or t.like_num or t.dep_ == "relcl" for t in side):
            return None  # "than it", "than 10": no named side
    a0, a1 = _span(a)
    b0, b1 = _span(b)
    if sentence[:a0].strip() not in ("", "The", "the") or not sentence[a1:b0].strip():
        return None
    rest = sentence[b1:]
    if rest.strip() not in ("", ".") and not _CONCESSION.match(rest):
        return None
    first, second = sentence[a0:a1], sentence[b0:b1]
    new_first = second[:1].upper() + second[1:]
    moved = _lowered(first, deck)
    head = sentence[:a0]
    if head.strip():
        new_first = second  # "The" stays before the new subject
    middle = sentence[a1:b0]
    if b[0].dep_ == "det" and b[0].lower_ == "the" and not head.strip():
        new_first = second[:1].upper() + second[1:]
    out = f"{head}{new_first}{middle}{moved}."
    return SidesSwapped(out, first, second)


def sides_between(statement: str, line: str) -> str:
    """ "the sides of its comparison swapped" when the statement is the line's comparison
    with its two sides swapped (how the grounding recognises this false statement), else
    ""."""
    if " than " not in f" {statement.lower()} " or " than " not in f" {line.lower()} ":
        return ""
    made = sides_swapped(line.strip())
    if made is None:
        return ""
    same = _folded(made.statement) == _folded(statement)
    return "the sides of its comparison swapped" if same else ""


def _folded(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()

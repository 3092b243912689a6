"""What makes a cloze sentence and its gaps usable, beyond the sentence filter of
`cloze.key_sentence`: the sentence is written whole on its slide (not two lines the
reader ran together), it does not lean on a figure, and each gap is pinned down by the
rest of the sentence — no gap inside a list ("GRE, L2TP or IPSec": any of them fits),
no two gaps that could swap ("The [YTM] is simply the [IRR] of the bond"; "the [market
value] of [equity]"; two terms of one kind)."""

from __future__ import annotations

import re

from storage.domain import Slide

_STOP = ".!?:;"
# a label of a figure ("PE4", "CEA1", "R2"): the sentence is about a picture
_FIGURE_LABEL = re.compile(r"\b[A-Z]{1,4}\d{1,3}\b")
# "X is (simply) the Y": an identity, which reads as true either way round
_IDENTITY = re.compile(
    r"^\s*(?:is|are|was|were|means|equals)\s+(?:\w+ly\s+|also\s+|just\s+)?(?:the|an?)?\s*$",
    re.IGNORECASE,
)
_FUNCTION_ONLY = re.compile(
    r"^[\s,]*(?:(?:of|for|in|on|to|the|a|an|its|their|with|from|by|at|per|and|or)\s+){1,3}$",
    re.IGNORECASE,
)
_LIST_AFTER = re.compile(r"^\s*(?:,\s*[^,.;:]{1,30}?,?\s+(?:and|or)\s|(?:and|or)\s+\S)", re.I)
_LIST_BEFORE = re.compile(r"(?:\S,|\band|\bor)\s+(?:(?:the|an?)\s+)?$", re.IGNORECASE)
# inside an example ("like …", "such as …", "e.g. …") up to the gap, no clause break between
_EXAMPLE = re.compile(r"\b(?:like|such as|e\.\s?g\.|for example|for instance)\b[^,;:.()]*$", re.I)
_WRAPPED = 0.6  # a line this share of the slide's longest is full: wrapped, not ended


def _lines(slide: Slide) -> list[str]:
    return [" ".join(line.split()) for line in slide.text.splitlines() if line.strip()]


def written_whole(sentence: str, slide: Slide) -> bool:
    """Whether a sentence stands on its slide as one sentence: on one line, or wrapped
    over full lines and ended with a stop. Two lines run together ("… as opaque
    bitstring" + "two types of route distinguishers") are not: the first ends short of
    the slide's width, or the last has no stop."""
    lines = _lines(slide)
    text = " ".join(sentence.split())
    joined = " ".join(lines)
    probe = text[: min(len(text), 40)]
    pos = joined.find(probe)
    if pos < 0 or not text:
        return True  # not found as written (tidied on the way): nothing to hold against it
    end = pos + len(text)
    breaks: list[int] = []
    offset = 0
    for line in lines[:-1]:
        offset += len(line)
        breaks.append(offset)  # the space that joined this line to the next
        offset += 1
    inside = [b for b in breaks if pos < b < end - 1]
    if not inside:
        return True
    tail = joined[end - 1 : end + 1]
    if not any(c in _STOP for c in tail):
        return False  # wrapped but never ended: a list's lines, not one sentence
    widest = max(len(line) for line in lines)
    starts = [0, *(b + 1 for b in breaks)]
    for b in inside:
        i = breaks.index(b)
        line = joined[starts[i] : b]
        nxt = joined[b + 1 : b + 2]
        if len(line) < _WRAPPED * widest and not nxt.islower():
            return False  # a short line, then one starting anew: two lines run together
    return True


def leans_on_figure(sentence: str) -> bool:
    """ "PE4 does not import the routes that carry the Blue community": figure labels."""
    return len(_FIGURE_LABEL.findall(sentence)) >= 1


def in_a_list(text: str, start: int, end: int) -> bool:
    """Whether the words at text[start:end] are one item of a list ("using [GRE], L2TP or
    IPSec", "LSI and [LSA]") or an example ("like that of English [verbs]"): the other
    items, or other examples, would fill the gap as well."""
    if _EXAMPLE.search(text[:start]):
        return True
    return bool(_LIST_AFTER.match(text[end:]) or _LIST_BEFORE.search(text[:start]))


def could_swap(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether two gaps (in sentence order) would read as well with their answers
    swapped: joined by function words only ("the [1] of [2]"), or the two sides of an
    identity ("[1] is simply the [2] of …")."""
    between = text[first[1] : second[0]]
    if _FUNCTION_ONLY.match(between + " ") or not between.strip(" ,"):
        return True
    return bool(_IDENTITY.match(between))

"""Whether a wrong option is the same kind of thing as the key, read from the words alone
and from how the decks use them (rounds 15–28, "which term" MCQs rated unusable 62%):

- a label, not a term: a slide heading over kinds ("Components of deformation", "Types
  of index") or a line opened by an instruction ("Recall OS files ...", "Note ...");
- a part or attribute of the kind, not a kind of it: "Index key" beside "Flat index",
  "Deformation gradient" beside "Isochoric deformation";
- the class itself, named so by the deck: "the most common kind of DBMS file, called a
  heap file" makes "DBMS file" the class "Heap files" and "Grid files" belong to;
- a kind on another axis of the same class: the deck writes "a primary flat index", "a
  dense flat index", so a primary or dense index may be flat too, and both are right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.drafting.short_keys import heading_or_label
from models.drafting.words import _singular

__all__ = ["DeckPhrases", "label_option", "part_of_kind"]

# plural grouping nouns that head a slide heading over kinds or parts ("Types of …")
_GROUPING = frozenset(
    "components types kinds forms classes categories examples properties elements parts "
    "aspects features characteristics applications advantages disadvantages limitations "
    "issues uses sources levels stages steps principles basics fundamentals varieties "
    "families sorts goals objectives".split()
)
# a heading that introduces a topic, singular as well ("Overview of …")
_TOPIC_OPENERS = frozenset("overview summary introduction recap review history definition".split())
# words that open a reminder or a pointer, not a name ("recall OS files are …")
_INSTRUCTIONS = frozenset("recall remember note notice see consider recap reminder cf".split())
# words that point back at the slide's own context ("the resulting IA rate"), not a name
_POINTERS = frozenset(
    "resulting following preceding previous above below corresponding respective "
    "aforementioned latter former remaining".split()
)
_LINKS = frozenset("at of in on for to and or by with".split())
# "a kind of X", "types of X", "one form of X": X is the class, the thing named the kind
_CLASS_OF = re.compile(
    r" (?:kind|type|form|class|category|variety|sort|subclass|subtype|family)"
    r" of (?:the |a |an |all )?(?P<rest>[a-z0-9 -]+)"
)


def label_option(text: str) -> str:
    """Why an option is a label rather than a term ("", if it is not): a heading over
    kinds or a topic ("Components of deformation", "Overview of X"), a line opened by
    a reminder ("Recall OS files"), or a phrase pointing back at its slide ("Resulting
    IA rate")."""
    words = text.strip().split()
    if len(words) < 2:
        return ""
    first = words[0].lower().strip(".,:;")
    if words[1].lower() == "of" and (first in _GROUPING or first in _TOPIC_OPENERS):
        return f"“{text}” heads a list, it is no term"
    if first in _POINTERS:
        return f"“{text}” points back at its slide, it is no term"
    if first in _INSTRUCTIONS and len(words) >= 3 and words[1].lower() not in _LINKS:
        # "Recall OS files", "See chapter 3"; "Recall at k" is a name
        return f"“{text}” opens a reminder, it is no term"
    if heading_or_label(text):
        return f"“{text}” is the lecturer's label of a point, it is no term"
    return ""


# words after which a phrase's head noun has been said ("Pruning with L0 regularization")
_AFTER_HEAD = frozenset("of with for in on by to from using via under over without".split())


def head_end(words: list[str]) -> int:
    """Where a folded phrase's head has been said: the index of the first preposition
    after its first word ("pruning with l0 …" → 1), or its length."""
    return next((i for i, w in enumerate(words) if i and w in _AFTER_HEAD), len(words))


def _head_and_qualifiers(words: list[str]) -> tuple[str, set[str]]:
    """The head noun of a folded phrase and the words before it: "flat index" → index,
    {flat}; "pruning with l0 regularization" → pruning, {}."""
    cut = head_end(words)
    lead = [_singular(w) for w in words[:cut]]
    return (lead[-1], set(lead[:-1])) if lead else ("", set())


def part_of_kind(key_words: list[str], other_words: list[str]) -> bool:
    """Whether one of two phrases names a part or attribute of the other's kind: its own
    head differs, and it is qualified by the other's head noun ("Index key" beside "Flat
    index", "Network pruning" beside "Neural network"). Two kinds of one thing share a
    head ("Magnitude pruning", "Pruning with L0 regularization"); two peers of a list
    with other heads ("Random walk", "Greedy descent") do not name each other's head."""
    if not key_words or not other_words:
        return False
    kh, kq = _head_and_qualifiers(key_words)
    oh, oq = _head_and_qualifiers(other_words)
    if not kh or not oh or kh == oh:
        return False
    return kh in oq or oh in kq


class DeckPhrases:
    """The decks' folded sentences, read once: what they name as a class, and a search
    over all of them."""

    def __init__(self, sentences: Iterable[str]) -> None:
        folded_sentences = [f" {' '.join(s.split())} " for s in sentences]
        self.text = "\n".join(folded_sentences)
        self.classes: list[str] = [
            f" {m.group('rest')} "
            for s in folded_sentences
            if " of " in s
            for m in _CLASS_OF.finditer(s)
        ]

    def named_as_class(self, term_key: str) -> bool:
        """Whether a sentence names `term_key` as the class of something: "the most
        common kind of DBMS file", "types of index"."""
        return bool(term_key) and any(r.startswith(f" {term_key} ") for r in self.classes)

    def cross_classified(self, key_words: list[str], other_words: list[str]) -> bool:
        """Whether the decks name a thing that is both: two kinds of one head noun of
        which the deck puts one's qualifiers before the other's whole name ("a primary
        flat index" for "Primary index" and "Flat index"). They are kinds on two axes,
        and a thing of the one may well be of the other."""
        if len(key_words) < 2 or len(other_words) < 2:
            return False
        if _singular(key_words[-1]) != _singular(other_words[-1]):
            return False
        for a, b in ((key_words, other_words), (other_words, key_words)):
            quals = [w for w in a[:-1] if w not in b]
            if quals and f" {' '.join(quals)} {' '.join(b)} " in self.text:
                return True
        return False

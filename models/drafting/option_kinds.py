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
from models.drafting.words import FUNCTION_WORDS, _singular, norm_tokens

__all__ = ["DeckPhrases", "label_option", "narrower", "part_of_kind"]

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


def narrower(a_words: list[str], b_words: list[str]) -> bool:
    """Whether phrase `a` names a kind of what `b` names, by its words alone: one head
    noun (singular and plural folded) and `a` says every word qualifying `b` and more
    ("Stratified random sampling" of "Random sampling", "Seismic wave velocities" of
    "Seismic velocities", "Error rate" of "Rates"). Words after the head ("Pruning with
    L0 regularization") must be the same: they may set the phrase on another axis."""
    if not a_words or not b_words:
        return False
    ah, aq = _head_and_qualifiers(a_words)
    bh, bq = _head_and_qualifiers(b_words)
    if not ah or ah != bh or a_words[head_end(a_words) :] != b_words[head_end(b_words) :]:
        return False
    return bq < aq


# "X is a kind of Y", "X, one type of Y": a sentence that files X under Y
_KIND_WORDS = "kind|type|form|class|category|example|instance|variety|subclass|subtype|case"
# "Y such as X", "Y e.g. X", "Y including X": X is named among the members of Y
_MEMBERS_OF = r"(?:such as|e g|for example|for instance|including|like|especially)"
# "X a.k.a. Y", "X also known as Y": two names of one thing
_SAME_AS = r"(?:a k a|aka|also known as|also called|also termed|known as|called|or simply)"
_ARTICLE = "(?:a |an |one |the )"
# up to two words between "is a" and a name, which qualify it: no negation ("is not a
# …"), no link word nor participle ("is covered by", "is faster than", "is based on")
_GAP = (
    r"(?:(?!(?:not|no|never|rarely|neither|"
    + "|".join(sorted(FUNCTION_WORDS))
    + r"|\w+ed) )\w+ )"
)
# words after which a noun phrase has ended ("a surface wave that …", "… wave in …")
_PHRASE_END = (
    r"(?: (?:that|which|who|whose|where|with|for|in|on|of|by|from|used|based|to|and|or"
    r"|but|as|when|is|are|can|may|will|than|a|an|the)\b| *$)"
)
# a bracket or colon list that contrasts, not one that names members ("X (vs. Y)")
_CONTRAST = re.compile(r"\b(?:vs|versus|unlike|not|than|compared|cf|see|instead|rather)\b", re.I)
_QUOTE = r"[\"“'‘]([^\"”'’\n]{2,40})[\"”'’]"
_QUOTED_OR = re.compile(_QUOTE + r"\s*,?\s+or\s+" + _QUOTE)
_BRACKETED = re.compile(r"((?:[\w'’-]+\s+){0,4}[\w'’-]+)\s*\(([^()\n]{2,80})\)")
_COLON_LIST = re.compile(r"^\W*([^:\n]{2,40}):\s*([^:\n]{3,160})$", re.MULTILINE)
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\bor\b|\be\.\s?g\.|\bi\.\s?e\.)\s*")


def _folded(text: str) -> str:
    return " ".join(norm_tokens(text))


class DeckPhrases:
    """The decks' folded sentences, read once: what they name as a class, and a search
    over all of them."""

    def __init__(self, sentences: Iterable[str], raw: Iterable[str] = ()) -> None:
        folded_sentences = [f" {' '.join(s.split())} " for s in sentences]
        self.text = "\n".join(folded_sentences)
        self._sentences = folded_sentences
        self._naming: dict[str, set[int]] = {}  # a phrase → the sentences naming it
        # a pair → what `said_same_or_kind` found: asked again for every candidate option
        self._said: dict[tuple[str, str], str] = {}
        # what raw text says of each phrase: the phrase it pairs it with, and how
        self._pairs: dict[str, list[tuple[str, str]]] = {}
        for x, y, what in _raw_pairs(raw):
            self._pairs.setdefault(x, []).append((y, what))
            self._pairs.setdefault(y, []).append((x, what))
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

    def said_same_or_kind(self, a: str, b: str) -> str:
        """How the decks say that two phrases (folded keys) name one thing, or that one
        is a kind, member or example of the other, or "": "Love waves are surface waves
        that …", "error rates such as the false positive rate", "code review, a.k.a.
        peer review", '"standardized" or "age-adjusted" death rate', "Surface waves
        (Rayleigh, Love)", "Error rates: false positive rate, false negative rate". As two
        options of one question, both are right answers."""
        if not a or not b or a == b:
            return ""
        if (a, b) not in self._said:
            self._said[(a, b)] = self._said_same_or_kind(a, b)
        return self._said[(a, b)]

    def _said_same_or_kind(self, a: str, b: str) -> str:
        # only the sentences that name both: the patterns are slow over a whole deck
        both = self._naming_sentences(a) & self._naming_sentences(b)
        if both:
            text = "\n".join(self._sentences[i] for i in sorted(both))
            for x, y in ((a, b), (b, a)):
                ex, ey = re.escape(x), re.escape(y)
                for what, pattern in (
                    ("a kind", rf" {ex} (?:is |are |, )?(?:a |an |one |the )?(?:\w+ )?"
                               rf"(?:{_KIND_WORDS}) of (?:the |a |an |all )?(?:\w+ )?{ey}"),
                    ("a kind", rf" {ex} (?:is|are) (?:also )?{_ARTICLE}?{_GAP}{{0,2}}{ey}"),
                    ("a member", rf" {ey} {_MEMBERS_OF} (?:\w+ ){{0,10}}?{ex}"),
                    ("a kind", rf" {ex} and other (?:\w+ )?{ey}"),
                    ("another name", rf" {ex} {_SAME_AS} (?:the |a |an )?{ey}"),
                ):  # fmt: skip
                    if re.search(pattern + _PHRASE_END, text, re.MULTILINE):
                        return f"the decks call “{x}” {what} of “{y}”"
        for one, other in ((a, b), (b, a)):
            words = one.split()
            for n in range(1, len(words) + 1):  # the phrase, or its words before the head
                x = " ".join(words[:n])
                for y, what in self._pairs.get(x, ()):
                    if _pair_matches(x, y, one, other):
                        return f"the decks name “{x}” {what} “{y}”"
        return ""

    def _naming_sentences(self, phrase: str) -> set[int]:
        found = self._naming.get(phrase)
        if found is None:
            found = self._naming[phrase] = {
                i for i, t in enumerate(self._sentences) if f" {phrase} " in t
            }
        return found


def _pair_matches(x: str, y: str, a: str, b: str) -> bool:
    """Whether two phrases the deck says are the options `a` and `b`: each the same, or
    all of it but the head noun the deck leaves to follow, the head both options end on
    ('"standardized" or "age-adjusted" death rate' says "Standardized rate" and
    "Age-adjusted death rate"; "Surface waves (Rayleigh, Love)" says "Love waves")."""
    wa, wb = a.split(), b.split()
    for said, mine in ((x.split(), wa), (y.split(), wb)):
        if len(" ".join(said)) < 3:
            return False  # "S" of "S-wave": a letter, no name
        left = mine[len(said) :]
        head_left = (
            mine[: len(said)] == said
            and 1 <= len(left) <= 2
            and left[-1] == wa[-1] == wb[-1]
            and not set(left) & _LINKS
        )
        if said != mine and not head_left:
            return False
    return True


def _raw_pairs(texts: Iterable[str]) -> list[tuple[str, str, str]]:
    """What raw slide text says of pairs of phrases (folded) by its punctuation, which
    folding loses: two quoted names joined by "or", a bracket listing members or another
    name after a phrase, a label whose colon lists its members."""
    out: list[tuple[str, str, str]] = []
    for text in texts:
        for m in _QUOTED_OR.finditer(text):
            out.append((_folded(m.group(1)), _folded(m.group(2)), "by another name"))
        for m in _BRACKETED.finditer(text):
            inside = m.group(2)
            if _CONTRAST.search(inside) or re.search(r"\d", inside):
                continue
            before = _folded(m.group(1)).split()
            for item in _ITEM_SPLIT.split(inside):
                folded = _folded(item)
                if folded and len(folded.split()) <= 4:
                    # the phrase the bracket follows: its last one to five words
                    for n in range(1, len(before) + 1):
                        out.append((" ".join(before[-n:]), folded, "with, in brackets,"))
        for m in _COLON_LIST.finditer(text):
            label, rest = _folded(m.group(1)), m.group(2)
            items = [_folded(i) for i in _ITEM_SPLIT.split(rest) if i.strip()]
            if len(items) < 2 or any(len(i.split()) > 4 for i in items) or _CONTRAST.search(rest):
                continue  # "Goal: contextualize the query …": a sentence, no list of names
            label = re.sub(r"^(?:type|kind|example|form|class|variety) of ", "", label)
            label = re.sub(r" (?:type|kind|example|form|class|variety)$", "", label)
            out += [(label, i, "as the label over") for i in items if i]
    return out

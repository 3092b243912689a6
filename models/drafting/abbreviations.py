"""Abbreviations spelled out where a student meets them: an abbreviation the deck itself
expands somewhere ("Arithmetic Logic Unit (ALU)", "ALU - arithmetic logic unit",
"MD = marginal damage", "MD: marginal damage") is written "arithmetic logic unit (ALU)" on
its first use in a statement. The deck's own expansion is the only source: an abbreviation
it never expands (DNA, CPU, or one the lecturer left bare) stays as it is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from models.drafting.facts import acronym_matches, acronym_pairs
from models.drafting.wording import _indefinite, with_article
from models.drafting.words import _acronymish, norm_key

# "ALU - arithmetic logic unit", "MD = marginal damage", "MD: marginal damage" at a line's
# start (after a bullet) or after an opening bracket: a glossary line, not a sentence
_GLOSSED = re.compile(
    r"(?:^[ \t]*(?:[•▪●○▶►◦*·\-–][ \t]*)?|\()(?P<acr>[A-Za-z][\w&]{1,11})[ \t]*(?:=|:|[-–—])[ \t]+"
    r"(?P<exp>[A-Za-z][^=:;()\n.,]{2,80})",
    re.MULTILINE,
)


def _glossed_pairs(text: str) -> list[tuple[str, str]]:
    """(expansion, abbreviation) written as a glossary entry: the shortest run of words
    after the sign that the abbreviation spells ("marginal damage" in "MD = marginal damage
    curve"), so the line's trailing words are not taken into the name."""
    pairs: list[tuple[str, str]] = []
    for m in _GLOSSED.finditer(text):
        acr, words = m.group("acr"), m.group("exp").split()
        if not _acronymish(acr):
            continue
        letters = [c.lower() for c in acr if c.isalpha()]
        fits = [
            k for k in range(2, min(len(words), 8) + 1) if acronym_matches(acr, " ".join(words[:k]))
        ]
        # one word per letter first ("elementary logic circuit" for ELC, not "elementary
        # logic"), else the longest run the abbreviation spells
        exact = [k for k in fits if [w[0].lower() for w in words[:k]] == letters]
        if exact or fits:
            pairs.append((" ".join(words[: (exact or fits)[-1]]), acr))
    return pairs


@lru_cache(maxsize=8)  # one deck's text, asked again for each of its statements
def expansions(deck_text: str) -> tuple[tuple[str, str], ...]:
    """Each abbreviation the deck expands, with its one expansion. An abbreviation given
    two different expansions is left out: which one a statement means is not known."""
    seen: dict[str, set[str]] = {}
    written: dict[str, str] = {}
    for exp, acr in [*acronym_pairs(deck_text), *_glossed_pairs(deck_text)]:
        exp = exp.strip(" \"'“”‘’")
        if len(exp.split()) < 2 or not acronym_matches(acr, exp):
            continue
        seen.setdefault(acr, set()).add(norm_key(exp))
        written.setdefault(acr, exp)
    return tuple((acr, written[acr]) for acr, keys in seen.items() if len(keys) == 1)


# the abbreviation inside a noun phrase its determiner opens: "A steep MD", "the ALU"; the
# words between are lower-case modifiers, not a verb ("The PCU controls ALU")
_DETERMINED = re.compile(
    r"(?<![\w-])(?i:a|an|the|this|that|these|those|each|every|its|their|his|her|our|your|"
    r"any|no|one)\s+(?:(?:[a-z][a-z-]*(?:ous|ss)|[a-z][a-z-]*[^\Ws])\s+){0,2}$"
)


def _as_written_inside(expansion: str) -> str:
    """An expansion as it reads inside a sentence: "Arithmetic Logic Unit" stays a name
    only where the deck capitalises it; a glossary line's first capital is dropped."""
    words = expansion.split()
    if (
        words
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and not any(w[:1].isupper() for w in words[1:])
    ):
        return words[0].lower() + expansion[len(words[0]) :]
    return expansion


def _takes_the(phrase: str, acr: str, deck_text: str) -> bool:
    """Whether the deck writes the thing with "the" ("the ALU", "the elementary logic
    circuit") and the phrase is no name: a lower-case expansion of a count noun."""
    if phrase != phrase.lower() or phrase.startswith("the "):
        return False
    said = rf"(?<![\w-])the\s+(?:{re.escape(acr)}|{re.escape(phrase)})(?![\w-])"
    return re.search(said, deck_text, re.IGNORECASE) is not None


def spell_out(statement: str, deck_text: str, keep: Sequence[str] = ()) -> str:
    """A statement with each abbreviation the deck expands spelled out on its first use:
    "A steep MD means …" → "A steep marginal damage (MD) means …" where the deck writes
    "MD = marginal damage". Left as it is where the statement already gives the expansion,
    the abbreviation sits in brackets, or it is part of a term in `keep` (a key: spelling
    it out would give the answer away)."""
    table = expansions(deck_text)
    if not table:
        return statement
    kept = " ".join(keep)
    out = statement
    for acr, exp in table:
        m = re.search(rf"(?<![\w\-(/]){re.escape(acr)}(?![\w\-)/])", out)
        if m is None:
            continue
        if norm_key(exp) in norm_key(out):
            continue  # "Mixture of Experts (MoE)" or the name in full already
        if kept and re.search(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", kept):
            continue
        phrase = _as_written_inside(exp)
        before, after = out[: m.start()], out[m.end() :]
        if not before:
            # a bare abbreviation as subject reads as a name; spelled out, the phrase may
            # want its article: "ALU corresponds …" → "The arithmetic logic unit (ALU) …"
            plain = with_article(phrase[:1].upper() + phrase[1:] + after, deck_text)
            bare = plain.lower().startswith(phrase.lower())  # no article was added
            if bare and _takes_the(phrase, acr, deck_text):
                plain = f"The {plain[:1].lower()}{plain[1:]}"  # where the parse gave up
            at = plain.lower().find(phrase.lower())
            out = f"{plain[: at + len(phrase)]} ({acr}){plain[at + len(phrase) :]}"
            continue
        if not _DETERMINED.search(before):
            continue  # "PCU controls ALU": bare inside a sentence, a name; spelled out it
            # would want an article only a count noun takes ("controls the …", not "uses the
            # gradient descent")
        article = re.search(r"(?<![\w-])(a|an|A|An)\s+$", before)
        if article:  # "an LSTM" → "a long short-term memory (LSTM)"
            new = _indefinite(phrase)
            new = new.capitalize() if article.group(1)[0].isupper() else new
            before = before[: article.start(1)] + new + " "
        out = f"{before}{phrase} ({acr}){after}"
    return out

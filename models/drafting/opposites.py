"""False statements made by reversing a direction the slide states: "increases" for
"decreases", "before" for "after", "faster" for "slower".

A teacher's usual false true/false item: the student must know which way the effect
goes, not spot a foreign word. Only a plain, unhedged claim is reversed (a reversed
"may increase" can be true as well), only a word outside the deck's terms ("Maximum
likelihood" stays), only where the sentence does not already name both directions, and
never when any slide of the deck says the reversed claim."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from models.drafting.words import norm_tokens

# Word pairs that state opposite directions: more or less, earlier or later, up or down.
# Both ways unless a word has two opposites in use (then the first pair wins: "lower" →
# "higher"). Not opposite properties ("internal"/"external", "implicit"/"explicit"): blind
# raters (rounds 12, 13) read those one-word swaps as wording tricks.
_PAIRS: tuple[tuple[str, str], ...] = (
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("increased", "decreased"),
    ("increasing", "decreasing"),
    ("higher", "lower"),
    ("highest", "lowest"),
    ("larger", "smaller"),
    ("largest", "smallest"),
    ("faster", "slower"),
    ("fastest", "slowest"),
    ("before", "after"),
    ("maximize", "minimize"),
    ("maximizes", "minimizes"),
    ("maximized", "minimized"),
    ("maximizing", "minimizing"),
    ("maximise", "minimise"),
    ("maximises", "minimises"),
    ("overestimate", "underestimate"),
    ("overestimates", "underestimates"),
    ("overfitting", "underfitting"),
    ("positive", "negative"),
    ("stronger", "weaker"),
    ("earlier", "later"),
    ("above", "below"),
    ("rises", "falls"),
    ("improves", "worsens"),
    ("longer", "shorter"),
    ("longest", "shortest"),
    ("strengthens", "weakens"),
    ("strengthen", "weaken"),
    ("attracts", "repels"),
    ("attract", "repel"),
    ("ascending", "descending"),
    ("maximum", "minimum"),
    ("maximal", "minimal"),
    # one way only: their other reading has another opposite
    ("reduces", "increases"),
    ("reduce", "increase"),
    ("reduced", "increased"),
    ("reducing", "increasing"),
    ("lowers", "raises"),
    ("upper", "lower"),
    ("greater", "smaller"),
    ("greatest", "smallest"),
)


def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    for a, b in _PAIRS:
        out.setdefault(a, b)
        out.setdefault(b, a)
    return out


OPPOSITE: dict[str, str] = _table()

# Hedged or modal claims stay true when reversed ("can increase", "may lead to higher");
# negated ones are not made false by reversing ("does not increase" / "does not decrease").
_HEDGE = re.compile(
    r"\b(?:can|cannot|could|may|might|possibly|tends?|often|sometimes|usually|typically"
    r"|generally|either|not|no|never|n't|whether|unless|apparently|reportedly|likely|perhaps"
    r"|probably|seems?|seemed)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|s[aeiu]))", re.IGNORECASE)


@dataclass(frozen=True)
class Reversal:
    statement: str  # the sentence with its direction reversed
    word: str  # the word as the slide has it
    opposite: str  # the word put in its place


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _fix_article(text: str, start: int, new_word: str) -> tuple[str, int]:
    """ "an increase" → "a decrease": the article before the replaced word agrees."""
    m = re.search(r"\b(an?|An?)\s+$", text[:start])
    if m is None:
        return text, start
    article = "an" if _VOWEL_SOUND.match(new_word) else "a"
    article = _cased(article, m.group(1))
    fixed = text[: m.start(1)] + article + text[m.end(1) :]
    return fixed, start + len(fixed) - len(text)


# an example the claim gives ("such as an increase …"), the direction word after it
_EXAMPLE_BEFORE = re.compile(
    r"\b(?:such as|e\.g\.|for example|for instance|like|including)\b[^.;:]*$", re.IGNORECASE
)
# two claims in one sentence: reversing one leaves the statement half true, a trick
_TWO_CLAIMS = re.compile(r"(?:,\s*|\s+)(?:but|whereas|while|although|though)\s|;\s", re.IGNORECASE)


# A preposition reversed is a fair claim of order only against a named point ("applied
# before the activation"); before an indefinite or unnamed one ("repeat themselves after a
# certain time", "actions before contracting") the false statement turns on one function
# word and blind raters (round 27) read it as a wording trick.
_PREPOSITIONS = frozenset({"before", "after", "above", "below"})
_LOOSE_OBJECT = re.compile(
    r"\s+(?:(?:an?|some|any|one|certain|several)\b|\w+ing\b|\d)", re.IGNORECASE
)


def reverse(sentence: str, term_words: Iterable[str] = ()) -> Reversal | None:
    """The sentence with its one direction word reversed, or None when it has none, more
    than one, a hedge or negation, both directions already, or the word is part of a term
    (`term_words`: the folded words of the deck's terms the sentence mentions)."""
    if _HEDGE.search(sentence):
        return None
    in_terms = set(term_words)
    found: list[re.Match[str]] = []
    words = {m.group(0).lower() for m in _WORD.finditer(sentence)}
    for m in _WORD.finditer(sentence):
        low = m.group(0).lower()
        if low not in OPPOSITE:
            continue
        if set(norm_tokens(low)) & in_terms:
            return None  # part of a term: "Maximum likelihood", "Positive predictive value"
        found.append(m)
    if len(found) != 1:
        return None
    m = found[0]
    before = sentence[: m.start()]
    if before.count("(") > before.count(")"):
        return None  # "… the same license (or later) …": a trick on an aside, not the claim
    if _EXAMPLE_BEFORE.search(before):
        return None  # "… as parameters change, such as an increase of temperature": the example
    if _TWO_CLAIMS.search(sentence):
        return None  # "… are utilized, but the use of RL is also increasing": one claim of two
    low = m.group(0).lower()
    opposite = OPPOSITE[low]
    if opposite in words or any(OPPOSITE.get(w) == low and w != low for w in words - {low}):
        return None  # "positive or negative", "increases … decreases": both directions named
    if re.search(
        rf"\b{m.group(0)}\b[\w\s-]{{0,30}}?(?:,\s*)?(?:such as|e\.g\.|like|including)\b",
        sentence,
        re.IGNORECASE,
    ):
        return None  # "external conditions such as pressure": the examples decide, a trick
    if re.search(rf"\b(\w+)\s+{m.group(0)}\s+\1\b", sentence, re.IGNORECASE):
        return None  # "line after line", "step before step": an idiom, not a direction
    if low in _PREPOSITIONS and _LOOSE_OBJECT.match(sentence[m.end() :]):
        return None  # "repeat after a certain time" → "before …": one function word, a trick
    new = _cased(opposite, m.group(0))
    text, start = _fix_article(sentence, m.start(), new)
    end = start + len(m.group(0))
    return Reversal(text[:start] + new + text[end:], m.group(0), new)


@cache
def _folded_opposites() -> dict[str, str]:
    """The table as `norm_tokens` folds words ("increases" → "increase")."""
    out: dict[str, str] = {}
    for a, b in OPPOSITE.items():
        fa, fb = norm_tokens(a), norm_tokens(b)
        if len(fa) == 1 and len(fb) == 1:
            out.setdefault(fa[0], fb[0])
    return out


def reversal_between(statement: str, line: str) -> str:
    """ "'increases' reversed" when the statement is the line with one direction word
    reversed (how the grounding recognises this kind of false statement), else ""."""
    said, stated = set(norm_tokens(statement)), set(norm_tokens(line))
    extra = said - stated - {"a", "an"}
    missing = stated - said - {"a", "an"}
    if len(extra) != 1:
        return ""
    (new,) = extra
    old = _folded_opposites().get(new, "")
    return f"'{old}' reversed to '{new}'" if old and old in missing else ""

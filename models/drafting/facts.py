"""Facts and key terms found in cleaned slide text, without a language model.

Slides are read the way an instructor skims them: a heading, bullets whose
lines were wrapped by the PDF, "Term: definition" lines, "X is a Y that ..."
sentences, "X = Y" and "X – Y" glosses, "Long Name (ACR)" acronyms, and lists
introduced by a line ending with a colon. Page furniture (references, URLs,
course logistics), math and flattened tables are left out: a question drafted
from them would be garbage.

`extract_facts` returns what a question can be built on; `deck_vocabulary`
returns the deck's key terms and, for any term, its *siblings*: other terms of
the same kind (same head noun, same suffix family, acronyms with acronyms,
members of the same list) that make plausible wrong options.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from models.drafting.phrasing import is_clause, predicate
from models.drafting.slide_units import (
    Unit,
    _ends_open,
    _ends_sentence,
    _is_label_line,
    slide_units,
    split_sentences,
)
from models.drafting.words import (
    _AUX,
    _BIO_WORDS,
    _COMPARATIVE,
    _DEMONSTRATIVES,
    _GENERIC_LIST_LABELS,
    _GLOSS_LABELS,
    _LOGISTICS_TITLE,
    _LOGISTICS_WORDS,
    _MATH_CHARS,
    _NON_TERM_LABELS,
    _PERSONAL,
    _POINTERS,
    _PRONOUN_START,
    _REFERENCE,
    _SUBORDINATORS,
    _URL,
    _VERBS,
    _WEAK_WORDS,
    _WORD_RE,
    FUNCTION_WORDS,
    _acronymish,
    _codeish,
    _fold,
    _is_verb_form,
    _looks_like_name,
    _plain_case,
    content_tokens,
    has_finite_verb,
    is_prose,
    norm_key,
    norm_tokens,
    word_rank,
)
from storage.domain import Slide

if TYPE_CHECKING:
    from models.drafting.vocabulary import Vocabulary

__all__ = [
    "Fact",
    "acronym_matches",
    "acronym_pairs",
    "extract_facts",
]

# --- facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """Something a slide states that a question can be built on."""

    kind: str  # "definition" | "statement" | "list"
    term: str  # the key term as written on the slide
    text: str  # the sentence or line as on the slide
    definition: str  # what is said about the term (list: the members, "; "-joined)
    slide: Slide
    topic: str = ""  # the slide's title, or the header the line sits under
    items: tuple[str, ...] = ()  # list members (kind == "list")
    form: str = ""  # how it was found: colon, copula, equals, dash, label, heading, ...

    @property
    def page(self) -> int:
        return self.slide.page

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, norm_key(self.term), norm_key(self.definition))


_COPULA = re.compile(
    r"^(?P<term>.{2,60}?)\s+(?P<verb>is\s+defined\s+as|are\s+defined\s+as|is\s+called"
    r"|refers\s+to|refer\s+to|means|denotes|stands\s+for|is|are)\s+"
    r"(?P<def>(?:a|an|the|one\s+of\s+the)\s.*)$"
)
_EQUALS = re.compile(r"^(?P<term>[^=]{2,50}?)\s*(?:=|:=|≡)\s*(?P<def>[^=]+)$")
_DASH = re.compile(r"^(?P<term>[^–—]{2,60}?)\s+(?:–|—|--|-)\s+(?P<def>.+)$")
_COLON = re.compile(r"^(?P<term>[^:]{2,70}?)\s*:\s+(?P<def>.+)$")
_PAREN = re.compile(r"\s*\([^()]*\)")
_ACRONYM_PAREN = re.compile(
    r"(?P<before>(?:[^\W\d_][\w'’-]*\s+){0,7}[^\W\d_][\w'’-]*)\s*\((?P<inner>[^()]{2,80})\)"
)


def _clean_term(term: str) -> str:
    term = _PAREN.sub("", term).strip(" \"'“”‘’*:;,.")
    term = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.IGNORECASE)
    term = re.sub(r"\s+", " ", term).strip()
    words = term.split()
    while len(words) > 1 and _fold(words[0]) in _WEAK_WORDS:
        words = words[1:]  # "simple learning rule" → "learning rule"
    return " ".join(words)


def _term_ok(term: str, strict: bool = True, structural: bool = False) -> bool:
    """Whether a phrase can be a key term: a noun phrase or name, not a remark or a clause."""
    if not term or _NON_TERM_LABELS.match(term) or _URL.search(term):
        return False
    words = _WORD_RE.findall(term)
    if not 1 <= len(words) <= 6 or len(term) > 60:
        return False
    if any(c in _MATH_CHARS or c in '()[]{}/\\<>@#$%;:?!,"“”' for c in term):
        return False
    if sum(1 for w in words if _codeish(w) or not (_plain_case(w) or _acronymish(w))) > (
        0 if len(words) > 1 else 1
    ):
        return False  # "Wfx Wfh bf": symbols, not words
    if re.search(r"\w\.\w", term.replace("e.g.", "")) and not _acronymish(term):
        return False
    first = _fold(words[0])
    if first in FUNCTION_WORDS or first in _PERSONAL or first in _SUBORDINATORS:
        return False
    if first.isdigit() or re.match(r"\d", words[0]) or _fold(words[-1]) in FUNCTION_WORDS:
        return False
    if first in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"):
        return False
    if len(words) > 1 and any(_fold(w) in _AUX for w in words):
        return False
    if len(words) > 1 and _is_verb_form(words[0]) and not _acronymish(words[0]):
        return False  # "Captures long-range dependencies": a claim, not a name
    if (
        len(words) >= 3
        and first.endswith("ing")
        and (first[:-3] in _VERBS or first[:-3] + "e" in _VERBS)
        and _fold(words[1]) not in FUNCTION_WORDS
    ):
        return False  # "Estimating Naïve Bayes", "Learning logistic regression": a heading
    if structural and len(words) > 4:
        return False
    if sum(1 for w in words if len(w) == 1) > 0 and not _acronymish(term):
        return False
    if len(words) == 1:
        return single_word_term(words[0], structural=structural or not strict)
    if _fold(words[-1]) in _GENERIC_HEADS:
        return False  # "High-dimensional case", "Sequential nature": a label, not a name
    last = _fold(words[-1])
    if last.endswith("ed") and len(last) > 4 and last not in ("speed", "breed", "embed"):
        return False  # "SGNS proved": a subject with its verb, not a name
    if first in _EVALUATIVE and _fold(words[-1]) in _GENERIC_NOUNS:
        return False  # "popular solution", "simple approach": words of the lecturer's, no term
    if all(
        _fold(w) in ("and", "or") or _fold(w).endswith(_ADJECTIVE_SUFFIXES) or "-" in w
        for w in words
    ) and not any(_acronymish(w) for w in words):
        return False  # "Statistical and data-driven": a bullet label of adjectives
    if strict and all(_fold(w) in _WEAK_WORDS or _fold(w) in FUNCTION_WORDS for w in words):
        return False
    return not (strict and _is_verb_form(words[0], base_only=True) and len(words) > 2)


_NOUN_SUFFIXES = (
    "ization", "isation", "ation", "ition", "tion", "sion", "ing", "ity", "ment", "ness", "ism",
    "ance", "ence", "ron", "izer", "iser", "ifier", "coder", "former", "ics", "ogy", "sis",
    "ings", "izers", "ifiers", "coders", "formers",
)  # fmt: skip


# Head nouns that make a phrase a situation or a property, not the name of a concept.
_GENERIC_HEADS = frozenset(
    """case cases nature setting settings version versions part parts side sides way ways
    regime scenario scenarios aspect aspects stuff thing things matter idea ideas view
    perspective story picture overview summary example examples""".split()
)
# Everyday nouns that label a bullet ("Storage: …", "Speed: …") but name no concept.
_GENERIC_NOUNS = frozenset(
    """storage speed size cost costs time memory quality performance sketch nature overview
    idea ideas approach method methods technique problem problems solution solutions
    example result results goal goals motivation intuition summary conclusion background
    setup setting settings usage use application applications advantage advantages
    disadvantage disadvantages benefit benefits drawback drawbacks limitation limitations
    challenge challenges issue issues question questions answer answers option options
    variant variants version versions detail details step steps stage stages phase
    input inputs output outputs training inference evaluation data information""".split()
)
# Judging adjectives: "popular solution" names no concept.
_EVALUATIVE = frozenset(
    """popular common simple important main good better best new different basic typical
    standard general useful major key proper naive possible nice great""".split()
)
_ADJECTIVE_SUFFIXES = (
    "ive", "ed", "ous", "ful", "less", "able", "ible", "ial", "ual", "ic", "ary", "al",
)  # fmt: skip


def single_word_term(word: str, structural: bool = False, count: int = 1) -> bool:
    """Whether one word can be a key term by itself.

    Acronyms and CamelCase names always can (LSTM, GPT-4, SmoothQuant). Other words must be
    technical: a derived noun (quantization, perceptron, smoothing) rare in general English,
    or a word the slides give a definition or a list place to (`structural`).
    """
    w = word.strip("'’")
    if _acronymish(w) or (w[:1].isupper() and not w.isupper() and w[1:] != w[1:].lower()):
        return len(w) >= 2 and not (w.isupper() and word_rank(w) < 3000 and not structural)
    if len(w) < 4 or not re.fullmatch(r"[^\W\d_][\w'’-]*", w):
        return False
    folded = _fold(w)
    if folded in _VERBS or folded in _WEAK_WORDS or folded in FUNCTION_WORDS:
        return False
    if folded in _GENERIC_NOUNS or (
        folded.endswith(_ADJECTIVE_SUFFIXES) and not folded.endswith(_NOUN_SUFFIXES)
    ):
        return False  # "Storage", "Naïve", "Factorized": a bullet's label, not a term
    rank = word_rank(w)
    if "-" in w:
        return structural or count >= 2
    if structural:
        return rank > 2500 or (folded.endswith(_NOUN_SUFFIXES) and rank > 1500)
    if rank == math.inf:
        return count >= 2 and (w.islower() or w.istitle()) and not folded.endswith(("ly", "ed"))
    if folded.endswith("ing") and (folded[:-3] in _VERBS or folded[:-3] + "e" in _VERBS):
        return False  # "minimizing": a verb unless a heading or a definition says otherwise
    return folded.endswith(_NOUN_SUFFIXES) and rank > 2500 and count >= 2


def _definition_ok(definition: str, term: str) -> bool:
    d = definition.strip()
    words = _WORD_RE.findall(d)
    term_words = set(content_tokens(_PAREN.sub("", term)))
    if term_words and term_words <= set(content_tokens(d)):
        return False  # "Sampling: ... regular sampling" names its own term
    parts = split_sentences(d)
    if len(parts) > 1 and not all(has_finite_verb(x) for x in parts[1:]):
        return False  # "… by the document. Label set.": a label run into the gloss
    if len(words) < 3 or len(words) > 45:
        return False
    if not is_prose(_strip_parens_urls(d), min_words=3):
        return False
    if d.endswith(("?", ":")) or _ends_open(d):
        return False
    first = _fold(words[0])
    if first in _PRONOUN_START and first not in ("such",):
        return False
    if first in _PERSONAL or any(_fold(w) in _PERSONAL for w in words):
        return False
    if re.search(r"\bthe\s+same\b|\bsame\s+as\b|\babove\b|\bbelow\b|\bprevious\s+slide", d, re.I):
        return False
    if re.match(r"(?:e\.\s?g\.?|i\.\s?e\.?|for\s+example|for\s+instance|such\s+as)\b", d, re.I):
        return False  # an example, not a definition
    if _COLON.match(d) and _term_ok(_clean_term(_COLON.match(d).group("term"))):  # type: ignore[union-attr]
        return False  # "Step 1: ...", a second label
    if d.count("/") >= 2 and len(words) <= 8:
        return False  # "quantize / prune / factorize": a list, not a gloss
    return not _REFERENCE.search(d)


def says_its_name(term: str, gloss: str) -> bool:
    """ "Lemmatization: determines the lemma …", "Global attention: a set of global
    tokens …": the gloss repeats the word that tells the term apart, so a statement made
    of the two tests nothing."""
    named = content_tokens(_PAREN.sub("", term))
    if len(named) > 2:
        # "Pruning with L0 regularization": its first and last words; "Mixture of Experts
        # models" is not named again by "a type of model … expert networks"
        named = [named[0], named[-1]]
    gloss = re.sub(r"\b(?:type|kind|class|family|form)s? of \w+", " ", gloss, flags=re.I)
    return any(
        _same_root(t, g) or (len(t) >= 6 and len(g) >= 6 and t[:6] == g[:6])
        for t in named
        for g in content_tokens(gloss)
    )  # "Text generation involves generating …" too


def _same_root(a: str, b: str) -> bool:
    """ "lemma"/"lemmatization", "stem"/"stemming", "global"/"global": one is the other's
    start, four letters or more."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short[: max(4, len(short) - 1)])


def _strip_parens_urls(text: str) -> str:
    text = _URL.sub("", text)
    text = re.sub(r"\s*\((?:e\.g\.?|i\.e\.?|see|cf\.?)[^()]*\)", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def _tidy(text: str) -> str:
    """A line ready to quote: links gone, spaces normal, a dangling '!' or ':' dropped."""
    text = _URL.sub("", text)
    text = re.sub(r"^(?:TL;\s?DR|NB|N\.B\.)\s*:?\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(
        r"\(\s*\)|\s*\((?:left|right|top|bottom|above|below|see\s+(?:figure|image|left|right))\)",
        "",
        text,
        flags=re.IGNORECASE,
    )
    # a footnote mark glued on ("… syntactic theories.4", "phrases."4"): not the text
    text = re.sub(r"(?<=[.,;:”\")])\d{1,2}(?=\s|$)", "", text)
    # a discourse link to the slide before ("In contrast, …", "…, in particular, …"):
    # the sentence stands alone on an exam
    text = re.sub(
        r",\s*(?:in contrast|in particular|however|moreover|furthermore|again|therefore"
        r"|of course|as a result|on the other hand)\s*,\s*",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    opened = re.match(
        r"(?:in contrast|in particular|however|moreover|furthermore|again|therefore"
        r"|of course|as a result|on the other hand)\s*,", text, re.IGNORECASE
    )  # fmt: skip
    text = re.sub(
        r"(?:^|(?<=\s))(?:in contrast|in particular|however|moreover|furthermore"
        r"|again|therefore|of course|as a result|on the other hand)\s*,\s*",
        "",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r",\s*(?:in contrast|in particular|again|however)(?=[.!?]?$)", "", text,
                  flags=re.IGNORECASE)  # fmt: skip
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    if opened and text[:1].islower():
        text = text[0].upper() + text[1:]  # "In contrast, the model …" → "The model …"
    return text.strip(" ,;")


def _statement_ok(sentence: str) -> bool:
    s = sentence.strip()
    if s.endswith(":") and not _ends_open(s[:-1]):
        s = s[:-1] + "."  # "X approximates the gradient by its value on one instance:" + formula
    words = _WORD_RE.findall(s)
    if not 6 <= len(words) <= 45:
        return False
    if not s[:1].isupper() and not _acronymish(words[0]):
        return False
    if s.endswith(("?", ":", ",")) or _ends_open(s) or "..." in s or "…" in s:
        return False
    if not is_prose(_strip_parens_urls(s), min_words=6) or _REFERENCE.search(s):
        return False
    if s.count("(") != s.count(")") or s.count("[") != s.count("]"):
        return False
    folded = [_fold(w) for w in words]
    openers = ("the", "a", "an", "each", "every", "many", "most", "some", "all", "both", "no")
    if folded[0] in _AUX or folded[0].endswith("n't"):
        return False  # "Doesn't work for LLM": no subject
    if folded[0].endswith("ly") and len(folded) > 1 and _is_verb_form(words[1]):
        return False  # "Originally designed to be ...": no subject
    if folded[0] in FUNCTION_WORDS and folded[0] not in openers:
        return False  # "Still popular ...", "How do ..."
    if folded[0] in _VERBS and not _noun_subject(folded):
        return False  # an instruction ("Estimate the parameters ...")
    if folded[0] in _PRONOUN_START or folded[0] in _SUBORDINATORS:
        return False  # "It ...", "Since ..."
    if any(w in _PERSONAL or w in _DEMONSTRATIVES or w in _POINTERS or w == "it" for w in folded):
        return False  # "… but it is expected to be …": says nothing without its context
    last = folded[-1] if folded else ""
    cut = re.search(r"(?:ive|al|ous|ful|able|ible|ic|ated)$", last)
    if cut and not s.endswith((".", "!", "?")):
        return False  # "… into linguistically motivated": cut before its noun
    if re.search(r"\((?:figure|fig\.|source|image|from)\b", s, re.IGNORECASE):
        return False  # a caption run into the sentence
    if re.match(r"^[^\W\d_]+ly,", s) or re.match(r"^the most\b", s, re.IGNORECASE):
        return False  # "Intuitively, …", "The most direct way …": a remark or an opinion
    if re.match(
        r"^(?:the|this|these|our|its)\s+(?:(?:first|second|third|main|key|same|other|basic)\s+)?"
        r"(?:task|goal|effect|objective|idea|problem|result|approach|method|solution|trick"
        r"|reason|advantage|difference|point|answer|question|model|system|output|input)s?\b",
        s,
        re.IGNORECASE,
    ):
        return False  # "The task is …", "The second objective …": of what, the slide said
    if _COMPARATIVE.search(s):
        return False  # "Hard attention is closer to …": closer than what?
    if folded[0] == "no" and len(folded) > 2 and folded[2] == "that":
        return False  # "No guarantee that all … will be aligned": a fragment
    if re.match(r"^[^\W\d_]+ly\s+[^\W\d_]+\s*,", s):
        return False  # "Conceptually simple, the hard part is …": a remark, not a fact
    if _LOGISTICS_WORDS.search(s):
        return False
    return has_finite_verb(s)


def _noun_subject(folded: Sequence[str]) -> bool:
    """Whether a sentence opening with a word that can be a verb ("Model", "Group") opens
    with a noun phrase instead: "Model size is critical …" (an auxiliary within three
    words, no determiner right after the first word, as in "Store each weight …")."""
    if len(folded) < 3 or folded[1] in FUNCTION_WORDS:
        return False
    return any(w in _AUX for w in folded[1:4])


def _sentence_case(text: str) -> str:
    text = text.strip()
    if text and text[0].islower() and not _acronymish(_WORD_RE.findall(text)[0]):
        text = text[0].upper() + text[1:]
    return text


def _finish(text: str) -> str:
    text = _tidy(text).rstrip("!").strip()
    if text and text[-1] not in ".?":
        text += "."
    return _sentence_case(text)


def _slide_is_logistics(title: str, units: Sequence[Unit]) -> bool:
    if title and (_LOGISTICS_TITLE.search(title) or _looks_like_name(title)):
        return True
    body = " ".join(u.text for u in units if not u.heading)
    if len(_BIO_WORDS.findall(body)) >= 3:
        return True  # a speaker's biography
    letters = [c for c in body if c.isalpha()]
    if letters and sum(1 for c in letters if c.isascii()) < 0.6 * len(letters):
        return True  # not Latin script: English templates would make mixed-language drafts
    return len(_LOGISTICS_WORDS.findall(body)) >= 4


def _looks_like_gloss(text: str, loose: bool = False, lower_ok: bool = False) -> bool:
    """A verb phrase ("Fit a linear range to data") or a noun phrase ("A type of ...").

    `loose` also takes "Employs multiple attention heads ..." and "The heart of the
    Transformer, enabling ..." (a noun phrase with no verb of its own before the comma).
    """
    words = _WORD_RE.findall(text)
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
    return False


def _main_clause_verb(text: str) -> bool:
    """Whether a gloss has a finite verb of its own before any "that/which/who"."""
    words = _WORD_RE.findall(text)[1:]
    for w in words:
        if _fold(w) in ("that", "which", "who", "where", "whose", "when", "if"):
            return False
        if _is_verb_form(w) and w.islower() and _fold(w) not in _AUX:
            return True
    return False


def acronym_pairs(text: str) -> list[tuple[str, str]]:
    """(expansion, acronym) pairs written "Long Name (ACR)" or "ACR (Long Name)"."""
    pairs: list[tuple[str, str]] = []
    for m in _ACRONYM_PAREN.finditer(text):
        inner = m.group("inner").strip()
        before_words = m.group("before").split()
        inner_words = inner.split()
        if len(inner_words) == 1 and _acronymish(inner_words[0]):
            acr = inner_words[0].rstrip(",;")
            for k in range(min(len(before_words), 7), 1, -1):
                phrase = " ".join(before_words[-k:])
                if acronym_matches(acr, phrase):
                    pairs.append((_clean_term(phrase), acr))
                    break
        elif before_words and _acronymish(before_words[-1]) and 2 <= len(inner_words) <= 7:
            acr = before_words[-1]
            if acronym_matches(acr, inner):
                pairs.append((_clean_term(inner), acr))
    return pairs


def acronym_matches(acronym: str, phrase: str) -> bool:
    """Whether an acronym abbreviates a phrase: "MoE" ~ "Mixture of Experts",
    "TBPTT" ~ "Truncated backpropagation through time", "LLaMA" ~ "Large Language Model Meta AI".
    """
    acr = [c for c in _fold(acronym) if c.isalnum()]
    if acr and acr[-1] == "s" and acronym[-1:] == "s" and acronym[:-1].isupper():
        acr = acr[:-1]
    words = [w for w in re.split(r"[\s\-–/]+", _fold(phrase)) if w]
    words = [re.sub(r"[^\w]", "", w) for w in words]
    words = [w for w in words if w]
    if len(acr) < 2 or len(words) < 2 or len(words) > len(acr) + 3:
        return False
    if acr[0] != words[0][0]:
        return False

    @cache
    def match(i: int, j: int, skips: int) -> bool:
        if i == len(acr):
            return all(words[k] in FUNCTION_WORDS for k in range(j, len(words)))
        if j == len(words):
            return False
        word = words[j]
        # the word may give its initial and then later letters
        if word[0] == acr[i]:
            pos, k = 1, i + 1
            if match(k, j + 1, skips):
                return True
            while k < len(acr):
                found = word.find(acr[k], pos)
                if found < 0:
                    break
                pos, k = found + 1, k + 1
                if match(k, j + 1, skips):
                    return True
        if word in FUNCTION_WORDS:
            return match(i, j + 1, skips)
        return skips > 0 and match(i, j + 1, skips - 1)

    return match(0, 0, 1)


def _facts_from_slide(slide: Slide) -> list[Fact]:
    title, units = slide_units(slide)
    if _slide_is_logistics(title, units):
        return []
    facts: list[Fact] = []
    topic = _topic(title)
    body = [u for u in units if not u.heading]
    used: set[int] = set()

    def add(kind: str, term: str, text: str, definition: str, form: str, ctx: str = "") -> bool:
        term = _clean_term(term)
        definition = _tidy(definition)
        if kind == "definition" and not _definition_ok(definition, term):
            first = split_sentences(definition)[0] if definition else ""
            if first != definition and _definition_ok(first, term):
                text = text.replace(definition, first) if definition in text else text
                definition = first  # "limits the number of steps. E.g., we may ..."
        if kind == "definition" and not (
            _term_ok(term, structural=form != "copula") and _definition_ok(definition, term)
        ):
            return False
        if kind == "definition" and form != "copula" and _is_labelled_claim(definition):
            return False  # "Sequential Nature: RNNs process information step by step"
        facts.append(Fact(kind, term, _tidy(text), definition, slide, ctx or topic, (), form))
        return True

    for pos, unit in enumerate(body):
        if pos in used:
            continue
        text = _tidy(unit.text)
        if not text or (_REFERENCE.search(text) and not _COLON.match(text)):
            continue
        ctx = _context(unit.label, topic)
        nxt = body[pos + 1] if pos + 1 < len(body) else None
        m = _COLON.match(text)
        # "Core Idea: ..." under a header line (or right under the title) defines the header
        if m and _GLOSS_LABELS.match(m.group("term").strip()):
            owner = unit.label or topic
            if owner:
                add("definition", owner, f"{owner}: {m.group('def')}", m.group("def"), "label")
            continue
        if m:
            raw_term = m.group("term").strip()
            definition = m.group("def")
            if _NON_TERM_LABELS.match(_clean_term(raw_term) or raw_term):
                # "Note: distillation can train on unlabeled data!" is a plain statement
                facts.extend(_statements(_sentence_case(definition), slide, ctx))
                continue
            if _term_ok(_clean_term(raw_term), structural=True):
                if not add("definition", raw_term, text, definition, "colon", ctx):
                    facts.extend(_statements(definition, slide, ctx, subject=raw_term))
                continue
            if len(_WORD_RE.findall(raw_term)) <= 7 and not has_finite_verb(raw_term):
                # "Strong performance on various NLP tasks: Transformers have achieved ..."
                facts.extend(_statements(definition, slide, ctx))
                continue
        # a header line ("Product Quantization", "Multi-Head Attention:") glossed by the
        # line under it ("Split vectors into chunks ...", "Employs multiple heads ...")
        if _is_label_line(text, unit.bullet):
            label = text.rstrip(":").strip()
            under = [u for u in body[pos + 1 :] if u.label == label and u.bullet]
            steps = (
                nxt is not None
                and nxt.bullet != ""
                and len(under) > 1
                and _is_verb_form(_WORD_RE.findall(nxt.text)[0], base_only=True)
            )  # "A simple learning rule:" + "Run ...", "If ...": a procedure, not a gloss
            if (
                nxt is not None
                and nxt.label == label
                and not steps
                and _looks_like_gloss(nxt.text, loose=True)
                and not _NON_TERM_LABELS.match(_clean_term(label))
                and add("definition", label, f"{label}: {nxt.text}", nxt.text, "label", topic)
            ):
                used.add(pos + 1)
            continue
        # "2) Truncated backpropagation through time (TBPTT)" / "- simply limits ..."
        if (
            unit.bullet
            and nxt is not None
            and nxt.level > unit.level
            and not _ends_sentence(text)
            and _term_ok(_clean_term(text), structural=True)
            and _looks_like_gloss(nxt.text, loose=True, lower_ok=True)
            and add("definition", text, f"{text}: {nxt.text}", nxt.text, "label", ctx)
        ):
            used.add(pos + 1)
            continue
        m = _EQUALS.match(text)
        if m and is_prose(m.group("def"), 2) and not re.search(r"[=(]", m.group("term")):
            add("definition", m.group("term"), text, m.group("def"), "equals", ctx)
            continue
        m = _DASH.match(text)
        if m and (_acronymish(m.group("term").split()[-1]) or len(m.group("term").split()) <= 4):
            term = m.group("term")
            if _term_ok(_clean_term(term)) and _definition_ok(m.group("def"), term):
                add("definition", term, text, m.group("def"), "dash", ctx)
                continue
        # the slide's title glossed by the first line ("Magnitude pruning" / "Drop ~5% ...")
        if (
            pos == _first_prose(body)
            and topic
            and not unit.label
            and _looks_like_gloss(text)
            and not _main_clause_verb(text)
            and _term_ok(_clean_term(topic))
            and not _is_heading_phrase(title)
            and add("definition", topic, f"{topic}: {text}", text, "heading")
        ):
            continue
        facts.extend(_statements(text, slide, ctx))
    facts.extend(_lists(body, slide, topic))
    return facts


def _is_labelled_claim(definition: str) -> bool:
    """A gloss that is a claim of its own, under a label that is no term: the label is
    a heading ("Parallel processing: The Transformer architecture is highly …")."""
    if predicate(definition) is not None:
        return False
    first = _fold(_WORD_RE.findall(definition)[0]) if _WORD_RE.findall(definition) else ""
    comparative = first in ("more", "less", "better", "worse", "faster", "slower", "higher")
    return comparative or is_clause(definition)


def _context(label: str, topic: str) -> str:
    """What a line is about, for a stem: its header when that names something, else the title."""
    lab = _clean_term(label)
    if (
        lab
        and len(_WORD_RE.findall(lab)) <= 6
        and not has_finite_verb(lab)
        and not _NON_TERM_LABELS.match(lab)
        and not _GENERIC_LIST_LABELS.match(lab)
    ):
        return lab
    return topic


def _is_heading_phrase(title: str) -> bool:
    words = _WORD_RE.findall(title)
    return bool(words) and (
        title.rstrip().endswith("?")
        or _fold(words[0]) in FUNCTION_WORDS | _SUBORDINATORS | {"introduction", "summary"}
    )


def _first_prose(body: Sequence[Unit]) -> int:
    for i, u in enumerate(body):
        if not _REFERENCE.search(u.text) and not _URL.fullmatch(u.text.strip()):
            return i
    return -1


def _topic(title: str) -> str:
    """A title as a topic: "Scenario 1: inference server" → "inference server",
    "Recent developments: Mixture of Experts (MoE) Models" → "Mixture of Experts (MoE) Models"."""
    t = re.sub(r"\s*\(\s*(?:\d+\s*/\s*\d+|(?:19|20)\d\d)\s*\)\s*$", "", title).strip()
    m = re.match(r"^([^:]{1,40}):\s*(.+)$", t)
    if m and len(_WORD_RE.findall(m.group(2))) >= 1 and not m.group(2).endswith("?"):
        t = m.group(2)
    if t.endswith("?"):
        return ""
    return t.strip(" :")


def _statements(text: str, slide: Slide, topic: str, subject: str = "") -> list[Fact]:
    """Sentences of a line; with `subject`, "Label: sentence" keeps its label as context."""
    out: list[Fact] = []
    if subject:
        topic = _clean_term(subject)
    for sentence in split_sentences(_tidy(text)):
        sentence = sentence.strip()
        m = _COPULA.match(sentence.rstrip(".:"))
        if m and _statement_ok(sentence):
            term = _clean_term(m.group("term"))
            definition = m.group("def")
            if (
                _term_ok(term)
                and _definition_ok(definition, term)
                and not has_finite_verb(m.group("term"))
                and not re.match(r"(?:the|a|an)\s+(?:same|following|first|last|next)\b", definition)
            ):
                verb = m.group("verb")
                out.append(
                    Fact(
                        "definition",
                        term,
                        _finish(sentence),
                        _tidy(definition).rstrip("."),
                        slide,
                        topic,
                        (),
                        "copula" if verb in ("is", "are") else "means",
                    )
                )
                continue
        if _statement_ok(sentence):
            if sentence.endswith(":"):
                sentence = sentence[:-1]
            out.append(
                Fact("statement", "", _finish(sentence), sentence, slide, topic, (), "sentence")
            )
    return out


def _list_item(text: str) -> str:
    item = _tidy(_strip_parens_urls(text))
    m = _COLON.match(item)
    if m:
        item = m.group("term")
    if re.match(r"^\(", item.strip()):
        return ""  # "(mega)bytes": a unit or a remark, not a member
    item = _PAREN.sub("", item)
    item = re.sub(r"[\"“”]", "", item).strip(" .;,!'")
    return item


def _item_ok(item: str) -> bool:
    if _NON_TERM_LABELS.match(item):
        return False
    words = _WORD_RE.findall(item)
    if not 1 <= len(words) <= 6 or any(c in _MATH_CHARS or c in "/@()[]{}<>" for c in item):
        return False
    if has_finite_verb(item) or _URL.search(item):
        return False
    return all(re.fullmatch(r"[^\W_][\w'’+.-]*", w) for w in words) and (not words[0][:1].isdigit())


def _lists(body: Sequence[Unit], slide: Slide, topic: str) -> list[Fact]:
    """Lists introduced by a line ending with ':' or by an inline "Label: a, b, c"."""
    facts: list[Fact] = []
    for pos, unit in enumerate(body):
        text = _tidy(unit.text)
        inline = _COLON.match(text)
        if inline and "," in inline.group("def"):
            label = inline.group("term").strip()
            parts = re.split(r",|\band\b|\bor\b", _PAREN.sub("", inline.group("def")))
            raw_items = [_list_item(x) for x in parts]
            items = [i for i in raw_items if i]
            plural = bool(re.search(r"s$", label)) or bool(_GENERIC_LIST_LABELS.match(label))
            if (
                plural
                and len(items) >= 2
                and len(items) == len(raw_items)
                and all(_item_ok(i) and len(i.split()) <= 4 for i in items)
                and not any(re.match(r"[a-z]+ing\b", i) for i in items)
            ):
                category = _category(label, unit.label or topic)
                if category:
                    facts.append(
                        Fact(
                            "list",
                            category,
                            text,
                            "; ".join(items),
                            slide,
                            topic,
                            tuple(items),
                            "inline",
                        )
                    )
            continue
        if not unit.text.rstrip().endswith(":"):
            continue
        members: list[str] = []
        total = 0
        bullets: set[str] = set()
        for nxt in body[pos + 1 :]:
            same_level = nxt.level == unit.level and nxt.bullet and unit.bullet
            if nxt.level < unit.level or (same_level and not _item_ok(_list_item(nxt.text))):
                break
            if nxt.text.rstrip().endswith(":") and members:
                break
            if unit.bullet and not nxt.bullet:
                break
            if nxt.level > (unit.level + 1 if unit.bullet else 1) and not same_level:
                continue
            total += 1
            bullets.add(nxt.bullet)
            item = _list_item(nxt.text)
            if _item_ok(item):
                members.append(item)
        bulleted = "" not in bullets
        if len(members) < 2 or len(members) < total or (not bulleted and len(members) < 3):
            continue
        label = split_sentences(text.rstrip(":").strip())[-1]
        category = _category(label, unit.label or topic)
        if category:
            seen: dict[str, str] = {}
            for mbr in members:
                seen.setdefault(norm_key(mbr), mbr)
            unique = tuple(seen.values())
            if len(unique) >= 2:
                defs = "; ".join(unique)
                facts.append(
                    Fact("list", category, f"{text} {defs}", defs, slide, topic, unique, "list")
                )
    return facts


_CATEGORY_LEAD = re.compile(
    r"^(?:(?:the\s+)?(?:remainder|rest)\s+of\s+this\s+\w+\s+(?:describes|covers|presents)\s+"
    r"|(?:this|the)\s+(?:chapter|lecture|section|course)\s+(?:describes|covers|presents)\s+"
    r"|(?:here\s+are|there\s+are)\s+"
    r"|(?:some|several|many|few|the|typical|common|popular|main|key|other|more|all)\s+)*",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(
    r"^(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:kinds?\s+of\s+|types?\s+of\s+"
    r"|sorts?\s+of\s+)?",
    re.IGNORECASE,
)


def _category(label: str, context: str) -> str:
    """ "Some direct applications" → "direct applications"; "Common Applications" under
    "Encoder-only Transformers" → "common applications of Encoder-only Transformers"."""
    label = _clean_term(label) if ":" not in label else label.split(":")[0].strip()
    cat = _CATEGORY_LEAD.sub("", label).strip()
    cat = _NUMBER_WORD.sub("", cat).strip()
    words = _WORD_RE.findall(cat)
    if not 1 <= len(words) <= 6 or _NON_TERM_LABELS.match(cat) or has_finite_verb(cat):
        return ""
    if cat.endswith("?") or any(c in "?!()" for c in cat):
        return ""
    if re.search(r"\band\b|&", cat):
        return ""  # "RNNs and Sequential Processing": a topic, not a kind of thing
    if _GENERIC_LIST_LABELS.match(label.strip()) or _GENERIC_LIST_LABELS.match(cat):
        ctx = _clean_term(context)
        if not ctx or len(_WORD_RE.findall(ctx)) > 6 or _is_heading_phrase(ctx):
            return ""
        m = re.match(r"^((?:key\s+)?differences)\s+(from|with|to)\s+(.+)$", cat, re.IGNORECASE)
        if m:
            return f"{m.group(1).lower()} of {ctx} {m.group(2)} {m.group(3)}"
        return f"{_lower_first(cat)} of {ctx}"
    last = _WORD_RE.findall(cat)[-1]
    if not (last.lower().endswith("s") or _acronymish(last)):
        return ""  # "training objective": one thing, not a list of members
    ctx = _clean_term(context)
    if len(_WORD_RE.findall(cat)) == 1 and ctx and len(_WORD_RE.findall(ctx)) <= 5:
        return f"{_lower_first(cat)} for {ctx}"  # "frameworks" alone says too little
    return _lower_first(cat)


def _lower_first(text: str) -> str:
    words = text.split()
    if words and not _acronymish(words[0]) and words[0][:1].isupper() and words[0][1:].islower():
        return " ".join([words[0].lower(), *words[1:]])
    return text


def extract_facts(slides: Iterable[Slide]) -> list[Fact]:
    """Definitions, statements and lists from content slides (flagged slides are skipped)."""
    facts: list[Fact] = []
    seen: set[tuple[str, str, str]] = set()
    content = [s for s in slides if s.is_content]
    for slide in sorted(content, key=lambda s: (s.deck_id, s.page)):
        for fact in _facts_from_slide(slide):
            if fact.kind == "statement":
                key = (fact.kind, "", norm_key(fact.text))
            elif fact.kind == "definition":
                key = (fact.kind, norm_key(fact.term), "")  # one gloss per term: the first
            else:
                key = (fact.kind, norm_key(fact.term), norm_key(fact.definition))
            if key in seen:
                continue
            seen.add(key)
            facts.append(fact)
    facts = _drop_ambiguous(facts)

    from models.drafting.vocabulary import deck_vocabulary  # it reads the facts too

    vocab = deck_vocabulary(content, facts=facts)
    return [_with_term(f, vocab) for f in facts]


def _drop_ambiguous(facts: list[Fact]) -> list[Fact]:
    """A gloss given to two different terms ("Approximate loss function ...") is no definition."""
    owners: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.kind == "definition":
            owners[norm_key(f.definition)].add(norm_key(f.term))
    return [f for f in facts if f.kind != "definition" or len(owners[norm_key(f.definition)]) == 1]


def _with_term(fact: Fact, vocab: Vocabulary) -> Fact:
    """A statement's key term: the vocabulary term it opens with, else its most salient one."""
    if fact.kind != "statement":
        return fact
    found = vocab.find_in(fact.text)
    if not found:
        return fact
    first = min(found, key=lambda hit: (hit[1], -len(hit[0].key)))
    start = first[1]
    lead = norm_tokens(fact.text)[:start]
    opening = all(t in ("the", "a", "an") for t in lead)
    term = first[0] if opening else max(found, key=lambda hit: vocab.salience(hit[0]))[0]
    return Fact(
        "statement",
        term.text,
        fact.text,
        fact.definition,
        fact.slide,
        fact.topic,
        (),
        "subject" if opening and term is first[0] else "sentence",
    )

"""Cloze (Moodle "embedded answers") drafts: one key sentence of a slide with the term
it defines blanked.

The sentence is a statement fact, an "X is a Y that …" gloss, or a "Term – does …" line
said as the sentence it stands for (as true/false items say it): `facts` has already
refused labels, headings, fragments, reading-list lines and sentences that lean on their
slide ("This …", "the above"); `key_sentence` refuses what is left that no student could
read alone (an instruction, "Others, like …", an open list, a formula), and
`cloze_checks` a sentence about an example or a figure, or run together from two lines.

One gap per sentence, and only where the sentence alone pins its answer down: the deck
term it defines, opening the sentence ("[1] is the probability that …", or what the
slide's own subject does: "[1] extend the LSTM architecture by …"). Blind raters found
none of 16 two-gap drafts usable (rounds 13 and 21): a second blank leaves the sentence
open ("[1] packages are good examples of [2]"), and a gap in the middle of a sentence
has other defensible answers ("the [calculation] of the energy difference"). A gap is
refused when the rest of the text gives it away (a word of the same root, its acronym or
expansion), or when blanking it leaves too little of the sentence to go on.

The gap is multiple-choice when the deck has terms of the same kind to offer beside it
(listed with it, or of its head noun: "Magnitude / Structured / Random pruning") that
the sentence is not true of; else a short-answer gap accepting the usual variants
(`Vocabulary.variants`: plural/singular, hyphen/space, acronym ↔ expansion where the
deck gives both) — but only for a term the deck names as such (defined, a heading,
listed, an acronym, a name, a phrase on three slides or more, a rare technical word
said twice), since an everyday word has more than one right answer. At hard difficulty
the gap is typed (recall with no options to pick from). Bloom: remember.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz.distance import Levenshtein

from models.drafting.candidates import _Ctx, _question
from models.drafting.checks import option_clash
from models.drafting.cloze_checks import (
    blurred,
    defines_subject,
    from_example,
    garbled,
    glossed_subject,
    in_a_list,
    judged,
    leans_on_figure,
    rivals_named,
    written_whole,
)
from models.drafting.distractors import (
    _could_also_be_right,
    _names_the_group,
    _nested,
    _same_head,
    _shape_ok,
)
from models.drafting.facts import Fact, acronym_matches
from models.drafting.forms import _statement_text
from models.drafting.matching import listed_terms
from models.drafting.slide_units import slide_units
from models.drafting.term_embeddings import ranked_siblings
from models.drafting.vocabulary import Term
from models.drafting.wording import (
    _agree,
    _display,
    _forms,
    _inline,
    _sentence,
    _term_pattern,
    _without_aside,
)
from models.drafting.words import (
    _MATH_CHARS,
    _VERBS,
    _WEAK_WORDS,
    _WORD_RE,
    FUNCTION_WORDS,
    _fold,
    content_tokens,
    has_finite_verb,
    lexicon_readings,
    norm_key,
    verb_only,
    word_rank,
)
from storage.domain import Bloom, Choice, Difficulty, Question, QuestionType, Slide
from storage.question_types import cloze_code, cloze_gaps

__all__ = ["cloze_roots", "key_sentence"]

_WORDS = (8, 40)  # a sentence shorter says too little around its gap, longer is a paragraph
_MAX_CHARS = 260
_MIN_LEFT = 4  # content words the sentence keeps around its gap: fewer pin nothing down
# a head noun that only says what sort of thing a name is: the name alone is right too
_GENERIC_HEADS = frozenset(
    "mechanism method approach technique algorithm procedure scheme framework".split()
)
_CITATION = re.compile(r"\s*\[\d+(?:\s*[,–-]\s*\d+)*\]")  # "[4, 19]"
_KEY_PAGES = 3  # a phrase on this many slides is one of the deck's key terms
_EVERYDAY = 5000  # a word this frequent in English is typed only where the deck defines it
_RARE = 50000  # rarer than this, the letters after a prefix are no English word
_TECHNICAL = 20000  # a word this rare in English, said twice in the deck, is a term
# a compound or a name the vocabulary cut in two: the gap would hold half of it
_CUT_BEFORE = re.compile(r"\b(?:well|ill|so|self|non|semi)[\s-]$", re.IGNORECASE)
_NAME_GOES_ON = re.compile(r"\s+(?:of|for|and|de|von)\s+[A-Z]")
# words that tie a sentence to the slide before it: left out, the sentence stands alone
_LEAD = re.compile(r"^(?:Note that|The key is that|Recall that|Remember that)\s+", re.IGNORECASE)
_ASIDES = re.compile(
    r",\s*(?:for instance|for example|accordingly|therefore|thus|hence|again),\s*"
    r"|\s+(?:also|actually)(?=\s)",
    re.IGNORECASE,
)
# two words offered as alternatives with a slash ("does not participate/contribute")
_SLASHED = re.compile(r"\b(?!and/|or/)([a-z]{3,})/(?!and\b|or\b)([a-z]{3,})\b")
_ROOT = 5  # "quantization" and "quantize" share "quant" (as the gate compares them)


@dataclass(frozen=True)
class _Gap:
    start: int
    end: int
    surface: str  # the words as the sentence has them
    term: Term


def key_sentence(fact: Fact) -> str:
    """The fact as a cloze sentence in the slide's words, or "" when it is none: a
    statement, an "X is a Y …" gloss, or a "Term – does …" line said as the sentence it
    stands for ("Structured sparsity prunes entire neurons", as true/false items say
    it); of a sentence's length, with no formula in it."""
    if fact.kind == "list":
        return ""
    if fact.kind == "statement" or fact.form in ("copula", "means"):
        text = fact.text
    else:
        if _noun_or_verb(fact.definition):
            return ""  # "Reproductive autonomy: Control over body …" is no "… controls …"
        if _gerund_subject(fact.definition):
            return ""  # "changing a bit … changes two bits": no "S-box involves changing …"
        text = _statement_text(fact)  # "" when the gloss cannot follow its term
        if not text or len(_WORD_RE.findall(text)) < _WORDS[0] - 1:
            return ""  # "SmoothQuant quantizes both weights and activations": too short
    text = _CITATION.sub("", _without_aside(text))
    text = _ASIDES.sub(" ", _ASIDES.sub(" ", _LEAD.sub("", text)))  # ", for instance, also"
    text = _sentence(text.replace(" ,", ",").rstrip(". "))
    text = _SLASHED.sub(r"\1 or \2", text)  # "participate/contribute": a slide's shorthand
    n = len(_WORD_RE.findall(text))
    if not _WORDS[0] <= n <= _WORDS[1] or len(text) > _MAX_CHARS:
        return ""
    if re.search(r"\d\s*%|[$€£]\s*\d|\d,\d{3}", text):
        return ""  # a worked example's figures ("still 10%", "1,000"): true of that case only
    formula = any(c in _MATH_CHARS.difference("~") or c in "−+*§" for c in text)
    if formula or re.search(r"\b(?:19|20)\d\d\b", text):
        return ""  # a formula, or a paper's title and year
    words = _WORD_RE.findall(text)
    first = _fold(words[0])
    if first in ("others", "other", "another", "both", "either", "neither"):
        return ""  # "Others, like NP-chunking, …": others than what the slide said before
    if re.match(r"the\s+(?:best|worst|first|last|next|latter|former)\b", text, re.IGNORECASE):
        return ""  # "The best performing algorithm …": the best of what the slide showed
    if (
        verb_only(first)
        or _gerund(first)
        or (first.endswith(("able", "ible")) and _fold(words[1]) in FUNCTION_WORDS)
    ):
        return ""  # "Enhance …", "Using an embedding …", "Applicable with …": no subject
    if ":" in text and not all(has_finite_verb(p) for p in text.split(":", 1)):
        return ""  # "Some applications require: rich …": a label or a list, not a statement
    if re.search(r"\b[A-Z]{4,}\s+[A-Z]{2,}\b", text):
        return ""  # "COOPERATIVE GAMES WITH …": a slide title taken for a term
    if re.search(r"\betc\b|\be\.\s?g\.", text, re.IGNORECASE):
        return ""  # an open list: the blanks would have no one answer
    return text


def _noun_or_verb(gloss: str) -> bool:
    """Whether a gloss opens with a word that is a noun as well as a verb's base form
    ("Control over body as central capability", "Use of …"): said as what its term
    does it would read "The reproductive autonomy controls over body …" (round 17)."""
    words = _WORD_RE.findall(gloss)
    if not words:
        return False
    first = _fold(words[0])
    readings = lexicon_readings(first)
    return first in readings.get("VERB", ()) and first in readings.get("NOUN", ())


def _gerund_subject(gloss: str) -> bool:
    """Whether a gloss is a clause with a gerund phrase as its subject ("changing a
    single bit of the input changes at least two bits"): said as what its term
    "involves" it would hold two verbs."""
    words = [_fold(w) for w in _WORD_RE.findall(gloss)]
    if not words or not _gerund(words[0]):
        return False
    for prev, word in pairwise(words[1:]):
        lemmas = lexicon_readings(word).get("VERB", ())
        if word.endswith("s") and lemmas and word not in lemmas and prev not in FUNCTION_WORDS:
            return True  # "… of the input changes …": a verb agreeing with the phrase
    return False


def _graded(word: str) -> bool:
    """ "smallest", "best", "most": an adjective's superlative, which describes a thing
    rather than names it ("The [smallest number of image] is a pixel", round 18)."""
    w = _fold(word)
    if w in ("most", "least"):
        return True
    adjectives = lexicon_readings(w).get("ADJ", ())
    return w.endswith("est") and bool(adjectives) and w not in adjectives


def _gerund(word: str) -> bool:
    """ "using", "coordinating": a verb's -ing form (a noun such as "string" is none)."""
    if not word.endswith("ing") or len(word) < 5:
        return False
    stem = word[:-3]
    return any(w in _VERBS or verb_only(w) for w in (stem, stem + "e", stem[:-1]))


def cloze_roots(text: str) -> set[str]:
    """The content words of a text by their first letters, as the gate compares them, and
    its two-letter acronyms ("NB" of "the NB assumption" gives away "NB model")."""
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{2}(?=s?\b)", text)}
    return {t[:_ROOT] for t in content_tokens(text) if len(t) > 2} | acronyms


def _gap_term_ok(term: Term, surface: str) -> bool:
    """A deck term that can be asked for: a name or a content word, no number, no verb."""
    words = surface.split()
    if not 1 <= len(words) <= 4 or len(surface) > 40 or re.search(r"\d", surface):
        return False
    if all(_fold(w) in FUNCTION_WORDS or _fold(w) in _WEAK_WORDS for w in words):
        return False
    first = _fold(words[0])
    if len(words) == 1 and (len(first) < 3 or first in _VERBS):
        return False
    if _graded(first) and not (term.acronym or term.is_acronym):
        return False  # "smallest number of image": a description ("BLUE" is a name)
    if _gerund(first) and not (term.heading or term.defined):
        return False  # "segmenting", "providing access": the sentence's action, no term
    # a key term of the deck: said more than once, defined, a heading, listed, an acronym
    return bool(
        term.count >= 2 or term.defined or term.heading or term.lists or term.acronym
        or term.expansion or term.is_acronym
    )  # fmt: skip


def _named(gap: _Gap) -> bool:
    """A term the deck names as such, which a student can be asked to write: defined,
    a heading, listed, an acronym or its expansion, a name ("GloVe"), or a phrase the
    deck uses on three slides or more ("hidden states"); "sparse judgements", said on
    two, is none: other words would fill its gap as well."""
    term = gap.term
    words = gap.surface.split()
    plain = len(words) == 1 and (words[0].islower() or (gap.start == 0 and words[0][1:].islower()))
    everyday = plain and word_rank(words[0].lower()) < _EVERYDAY  # capital: the sentence's start
    if everyday and not (term.heading or term.acronym or term.expansion):
        return False  # "description", "communication": an everyday word fits many sentences
    if term.defined or term.heading or term.lists or term.acronym or term.expansion:
        return True
    if len(set(term.pages)) >= _KEY_PAGES:
        return True
    if len(words) == 1 and term.count >= 2 and word_rank(words[0]) > _TECHNICAL:
        return True  # "centroids", said twice: a technical word, not an everyday one
    capital = [w for w in (words[1:] if gap.start == 0 else words) if w[:1].isupper()]
    return term.is_acronym or bool(capital)


def _candidates(ctx: _Ctx, text: str) -> list[_Gap]:
    """The deck terms of a sentence that occur once in it, most salient first."""
    out: list[_Gap] = []
    seen: set[str] = set()
    for term, _ in ctx.vocab.find_in(text):
        if term.key in seen:
            continue
        seen.add(term.key)
        pattern = _term_pattern(_forms(term, term.text))
        hits = list(pattern.finditer(text)) if pattern is not None else []
        if len(hits) != 1:
            continue  # named twice: the other mention gives the gap away
        m = hits[0]
        if _CUT_BEFORE.search(text[: m.start()]) or (
            m.group(0)[:1].isupper() and _NAME_GOES_ON.match(text[m.end() :])
        ):
            continue  # "well [formed sentences]", "[European Court] of Justice": cut out
        if in_a_list(text, m.start(), m.end()):
            continue  # "using [GRE], L2TP or IPSec": the other items fit the gap as well
        gap = _Gap(m.start(), m.end(), m.group(0), term)
        if _gap_term_ok(term, m.group(0)) and _named(gap):
            out.append(gap)  # a term the deck names: never "mechanism", "description"
    out.sort(key=lambda g: (-ctx.vocab.salience(g.term), g.start))
    return out


def _rest(text: str, gaps: Sequence[_Gap]) -> str:
    """The sentence without its gaps."""
    out, pos = [], 0
    for g in sorted(gaps, key=lambda g: g.start):
        out += [text[pos : g.start], " "]
        pos = g.end
    return "".join(out) + text[pos:]


def _given_away(ctx: _Ctx, gap: _Gap, rest: str) -> bool:
    """Whether the rest of the text names the gap's answer: a word of the same root, or
    its acronym / expansion ("Mixture of Experts (MoE)")."""
    if cloze_roots(gap.surface) & cloze_roots(rest):
        return True
    padded = f" {norm_key(rest)} "
    names = [gap.term.acronym, gap.term.expansion, *ctx.vocab.variants(gap.surface)]
    return any(n and norm_key(n) and f" {norm_key(n)} " in padded for n in names)


@dataclass(frozen=True)
class _Chosen:
    text: str  # the sentence, the gap's bracketed other name left out
    gap: _Gap
    aka: str  # that other name, or ""
    choice_only: bool  # pinned down only among options of its kind


def _choose(ctx: _Ctx, text: str, title: str, glossed: str = "") -> _Chosen | None:
    """The one gap of a sentence: the most salient deck term that the sentence defines
    (it opens the sentence, the rest says what it is or does), not given away by the
    rest, with enough of the sentence left to say what is asked."""
    for cand in _candidates(ctx, text):
        defined = defines_subject(text, cand.start, cand.end, title)
        if not defined and not glossed_subject(text, cand.start, cand.end, glossed):
            continue  # a term in the middle of a sentence: other words fit the gap too
        shown, aka = _without_other_name(text, cand)
        rest = _rest(shown, [cand])
        left = len(content_tokens(rest))
        if left < max(_MIN_LEFT, len(content_tokens(cand.surface))) or _given_away(ctx, cand, rest):
            continue
        return _Chosen(shown, cand, aka, not defined)
    return None


def _as_written(surface: str, option: str, at_start: bool) -> str:
    """An option as it would stand in the gap: the gap's number and case."""
    text = _agree(surface, option)
    return _display(text) if at_start else (_inline(text) if surface[:1].islower() else text)


def _same_kind(key: Term, other: Term) -> bool:
    """Terms of one kind: listed together, or kinds of one thing ("linear quantization",
    "product quantization")."""
    return bool(set(key.lists) & set(other.lists)) or _same_head(key, other)


def _synonyms(a: str, b: str) -> bool:
    """ "FS acceptors" / "FSA acceptors" / "Finite state acceptors": one thing spelled two
    ways (one letter apart, an acronym and a longer one, or an acronym beside its
    expansion) — not two kinds whose names look alike ("morphological" / "phonological
    structure")."""
    wa, wb = a.split(), b.split()
    if wa[-1:] == wb[-1:] and len(wa) > 1 and len(wb) > 1:
        wa, wb = wa[:-1], wb[:-1]  # the shared head: compare what sets them apart
    da, db = norm_key(" ".join(wa)).replace(" ", ""), norm_key(" ".join(wb)).replace(" ", "")
    if da == db or (min(len(da), len(db)) >= 4 and Levenshtein.distance(da, db) <= 1):
        return True
    xa, xb = " ".join(wa), " ".join(wb)
    if xa.isupper() and xb.isupper() and (xa.startswith(xb) or xb.startswith(xa)):
        return True  # "FS" / "FSA"
    return any(len(x) == 1 and acronym_matches(x[0], " ".join(y)) for x, y in ((wa, wb), (wb, wa)))


def _gap_distractors(ctx: _Ctx, gap: _Gap, text: str) -> list[Term]:
    """Two or three deck terms of the gap's own kind (listed beside it, or of its head
    noun) that do not fit the sentence (the deck says nothing of the kind about them),
    closest first; [] when there are fewer."""
    key = gap.term
    claim = _rest(text, [gap])
    banned = {norm_key(x) for x in (key.acronym, key.expansion) if x}
    shown = f" {norm_key(text)} "
    picked: list[Term] = []
    for other, _ in ranked_siblings(ctx, key, 60, banned):
        if len(picked) == 3:
            break
        if not _same_kind(key, other) or not _shape_ok(key, other):
            continue  # of one kind: listed together ("Communication", "Understanding"), "… pruning"
        if not _gap_term_ok(other, other.text) or f" {other.key} " in shown:
            continue  # a figure label, or a term the sentence itself names
        if not (other.defined or other.heading or other.lists or other.is_acronym):
            continue  # "Customs checks" from an example: no term the deck teaches
        if _names_the_group(other, key) or _could_also_be_right(ctx, other, claim):
            continue
        if any(_nested(other, p) or _synonyms(other.text, p.text) for p in picked) or _synonyms(
            other.text, gap.surface
        ):
            continue
        picked.append(other)
    return picked if len(picked) >= 2 else []


def _peer_ok(ctx: _Ctx, gap: _Gap, term: str, text: str) -> bool:
    """Whether a term of the gap's head noun can stand beside it as a wrong option: no
    other spelling of it, in the same case of the head ("Product Quantization", a named
    method, is no kind beside "Nonlinear quantization"), and not a term the deck says
    what the sentence says of ("… centroids" of product quantization too)."""
    if _synonyms(term, gap.surface):
        return False
    same_head = norm_key(term.split()[-1]) == norm_key(gap.surface.split()[-1])
    if same_head and term.split()[-1][:1].isupper() != gap.surface.split()[-1][:1].isupper():
        return False
    known = ctx.vocab.get(term)
    return known is None or not _could_also_be_right(ctx, known, _rest(text, [gap]))


def _glossed_peers(ctx: _Ctx, gap: _Gap, text: str) -> list[str]:
    """Two or three other terms the deck glosses that share the gap's head noun
    ("morphological / syntactic / semantic structure" beside "phonological structure"),
    when the vocabulary offers none: the deck defines each, so none fits the sentence."""
    words = gap.surface.split()
    if not 2 <= len(words) <= 4:
        return []
    head, own = norm_key(words[-1]), norm_key(gap.surface)
    shown = f" {norm_key(text)} "
    out: dict[str, str] = {}
    for fact in ctx.facts:
        other = fact.term.split()
        key = norm_key(fact.term)
        if fact.kind != "definition" or not 2 <= len(other) <= 4 or norm_key(other[-1]) != head:
            continue
        if key == own or f" {key} " in shown or not _peer_ok(ctx, gap, fact.term, text):
            continue
        out.setdefault(key, fact.term)
    peers = list(out.values())[:3]
    return peers if len(peers) >= 2 else []


def _listed_peers(ctx: _Ctx, gap: _Gap, text: str) -> list[str]:
    """Two or three terms the slides gloss in the gap's own list of "Term: gloss" lines,
    or in another such list with the gap's head noun ("morphological / syntactic /
    semantic structure" beside "phonological structure", the list going on three slides
    later): terms of its kind, each glossed apart from it."""
    own = norm_key(gap.surface)
    words = own.split()
    head = words[-1] if len(words) >= 2 else ""
    shown = f" {norm_key(text)} "
    out: dict[str, str] = {}
    for run in listed_terms(ctx):
        keys = [norm_key(t) for t in run]
        for term, key in zip(run, keys, strict=True):
            same = own in keys or (head and len(key.split()) >= 2 and key.split()[-1] == head)
            if not same or key == own or f" {key} " in shown:
                continue
            if not _peer_ok(ctx, gap, term, text):
                continue  # a named method beside kinds, or one the deck says the same of
            n = len(key.split())
            if not 1 <= n <= 4 or abs(n - len(words)) > 2 or re.search(r"\d", term):
                continue  # no name of an option: "Step 2", a clause taken for a label
            if any(_synonyms(term, o) for o in out.values()):
                continue
            out.setdefault(key, term)
    peers = list(out.values())[:3]
    return peers if len(peers) >= 2 else []


def _choice_gap(ctx: _Ctx, gap: _Gap, text: str, slide: Slide) -> str:
    """A multiple-choice gap with terms of the gap's own kind as the wrong options, or ""
    when the deck has none to offer, or its slide glosses two options together."""
    wrong = (
        _listed_peers(ctx, gap, text)
        or [t.text for t in _gap_distractors(ctx, gap, text)]
        or _glossed_peers(ctx, gap, text)
    )
    if not wrong or blurred(slide, [gap.surface, *wrong]):
        return ""
    at_start = gap.start == 0
    right = _display(gap.surface) if at_start else gap.surface
    options = [right, *(_as_written(gap.surface, w, at_start) for w in wrong)]
    folded = {norm_key(o) for o in options}
    if len(folded) < len(options):
        return ""
    probe = Question(QuestionType.MCQ, "?", tuple(Choice(o) for o in options))
    if option_clash(probe):
        return ""  # "pruning" beside "prunings": one option spelled twice
    answers = [Choice(right, 1.0)] + [Choice(o) for o in options[1:]]
    ctx.rng.shuffle(answers)
    return cloze_code("MULTICHOICE", answers)


def _without_other_name(text: str, gap: _Gap) -> tuple[str, str]:
    """The text without the acronym or expansion in brackets after a gap ("A [1] (DCF) is
    …" would give it away), and that name, which a typed gap accepts too."""
    m = re.match(r"\s*\(([^()]{2,60})\)", text[gap.end :])
    inner = m.group(1).strip() if m else ""
    initials = "".join(w[0] for w in _WORD_RE.findall(gap.surface)).upper()
    if m and (
        acronym_matches(inner, gap.surface)
        or acronym_matches(gap.surface, inner)
        or (inner.isupper() and len(inner) >= 2 and initials.startswith(inner))  # "DCF" valuation
    ):
        return text[: gap.end] + text[gap.end + m.end() :], m.group(1).strip()
    return text, ""


def _spelled_out(gap: _Gap, slide: Slide) -> str:
    """The words an acronym gap stands for on its slide when the deck's vocabulary has
    none ("NLP" on a slide titled "What is Natural Language Processing?"), or ""."""
    acr = gap.surface.rstrip("s")
    if not (acr.isupper() and 2 <= len(acr) <= 6) or gap.term.expansion:
        return ""
    for line in slide.text.splitlines():
        words = _WORD_RE.findall(line)
        for n in range(len(acr), len(acr) + 3):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                if acr in words[i : i + n]:
                    continue  # "GPT Generative Pre-Training": the acronym beside its words
                if phrase[:1].upper() == acr[:1] and acronym_matches(acr, phrase):
                    return phrase
    return ""


_PREFIXED = re.compile(
    r"\b(non|pre|post|multi|semi|anti|inter|intra|sub|super|co|over|under|cross|meta)"
    r"(-?)([a-z]{4,})\b",
    re.IGNORECASE,
)


def _prefix_forms(text: str) -> list[str]:
    """The other usual spellings of a prefixed word ("Nonlinear quantization" →
    "Non-linear quantization"; "co-occurrence" → "cooccurrence"), when what follows the
    prefix is an English word: a student may write either."""
    out: list[str] = []
    for m in _PREFIXED.finditer(text):
        prefix, dash, rest = m.groups()
        if word_rank(rest.lower()) > _RARE:
            continue  # "Interpol", "cover": no prefix before a word
        other = f"{prefix}{rest}" if dash else f"{prefix}-{rest}"
        out.append(text[: m.start()] + other + text[m.end() :])
    return out


def _short_gap(ctx: _Ctx, gap: _Gap, aka: str = "") -> str:
    """A typed gap accepting the term's variants and its other name (Moodle ignores
    case), or "" for a word that is no named term of the deck."""
    if not _named(gap):
        return ""
    words = gap.surface.split()
    if len(words) >= 2 and norm_key(words[-1]) in _GENERIC_HEADS:
        aka = aka or " ".join(words[:-1])  # "self-attention" for "Self-Attention Mechanism"
    named = {norm_key(n) for n in (gap.term.acronym, gap.term.expansion, aka) if n}
    variants = [
        v
        for v in [gap.surface, *ctx.vocab.variants(gap.surface), *([aka] if aka else [])]
        # an acronym only when the deck gives it ("OPC" for "Open POS categories": no)
        if not (v.isupper() and len(v) <= 6)
        or norm_key(v) in named
        or v == gap.surface
        or ctx.vocab.get(v) is not None
    ]
    answers: dict[str, str] = {}
    for v in [x for w in variants for x in (w, *_prefix_forms(w))]:
        v = " ".join(v.split())
        if re.search(r"\bto \w+s$", v) and not re.search(r"\bto \w+s$", gap.surface):
            continue  # "marginal propensity to saves": a verb after "to" takes no plural
        if v and not v.endswith("-") and "{" not in v and "}" not in v:
            answers.setdefault(v.casefold(), v)
    return cloze_code("SHORTANSWER", [Choice(a, 1.0) for a in answers.values()])


def _options(stem: str) -> set[str]:
    return {norm_key(a.text) for g in cloze_gaps(stem) for a in g.answers if g.kind == "choice"}


def _options_taken(ctx: _Ctx, stem: str) -> bool:
    """Whether a choice gap offers all but one of the options of a cloze already made
    ("Phonological / Morphological / Syntactic / Semantic structure" twice): a run gives
    no two items one option set, and each would show the other's key among its options."""
    mine = _options(stem)
    if not mine:
        return False
    for q in ctx.made:
        theirs = _options(q.stem) if q.type == QuestionType.CLOZE else set()
        if theirs and len(mine & theirs) >= min(len(mine), len(theirs)) - 1:
            return True
    return False


def _cites(q: Question, slide: Slide) -> bool:
    return any((r.deck_id, r.page) == (slide.deck_id, slide.page) for r in q.sources)


def _cloze(ctx: _Ctx, fid: int) -> Question | None:
    """A cloze draft from one fact's sentence, or None."""
    fact = ctx.facts[fid]
    text = key_sentence(fact)
    if not text or leans_on_figure(text) or garbled(text):
        return None  # a figure's labels, "LATEXand", "denote actions; ignore …"
    if not written_whole(fact.text, fact.slide):
        return None  # two lines run together
    if from_example(fact.text, fact.slide):
        return None  # "PBEmb, for instance, …", a figure's slide: true of the case shown
    title, _ = slide_units(fact.slide)
    if rivals_named(text, fact.slide):
        return None  # "A [1] is a method of valuing a stock. Other ways include …"
    if any(q.type == QuestionType.CLOZE and _cites(q, fact.slide) for q in ctx.made):
        return None  # a slide's next gloss: its list is a matching question, not four clozes
    glossed = fact.term if fact.kind == "definition" else ""  # "Magnitude pruning – drops …"
    chosen = _choose(ctx, text, title, glossed)
    if chosen is None or not _named(chosen.gap):
        return None  # no gap the sentence pins down, or a word the deck does not name
    text, gap = chosen.text, chosen.gap
    if judged(text[gap.end :]):
        return None  # "[1] is a useful tool to …": a judgement, other things fit
    if blurred(fact.slide, [gap.surface]):
        return None  # the slide glosses the term twice, or with another: no one answer
    code = _choice_gap(ctx, gap, text, fact.slide) if ctx.difficulty != Difficulty.HARD else ""
    if chosen.choice_only and not code:
        return None  # "[1] contain summaries of …": typed, other terms would fit as well
    aka = chosen.aka or _spelled_out(gap, fact.slide)
    if aka and cloze_roots(aka) & cloze_roots(_rest(text, [gap])):
        aka = ""  # "Generative Pre-Training" beside "trained": an answer the text gives away
    code = code or _short_gap(ctx, gap, aka)
    stem = text[: gap.start] + code + text[gap.end :]
    if not code or len(cloze_gaps(stem)) != 1:
        return None  # a code Moodle would not read back
    if _options_taken(ctx, stem):
        return None  # the same options as a cloze already made: one answers the other
    return _question(
        ctx,
        fact,
        QuestionType.CLOZE,
        stem,
        (),
        "cloze",
        Bloom.REMEMBER,  # the slide's sentence, recalled (options or not)
        f"{_display(fact.term or fact.topic or gap.term.text)}: fill in the blank",
        f"Slide {fact.page}: {text}",
        term=fact.term or gap.term.text,
    )

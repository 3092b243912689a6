"""Cloze (Moodle "embedded answers") drafts: one key sentence of a slide with two or three
of its key terms blanked.

The sentence is a statement fact, an "X is a Y that …" gloss, or a "Term – does …" line
said as the sentence it stands for (as true/false items say it): `facts` has already
refused labels, headings, fragments, reading-list lines and sentences that lean on their
slide ("This …", "the above"); `key_sentence` refuses what is left that no student could
read alone (an instruction, "Others, like …", an open list, a formula). The gaps are deck
terms the sentence names (the vocabulary's key terms, never function words or numbers),
most salient first. A gap is refused when the rest of the text gives it away (a word of
the same root, its acronym or expansion), when it sits right beside another gap or is
coordinated with it ("LSI and [LSA]": either order fits), or when blanking it would
leave too little of the sentence to go on.

Each gap is a multiple-choice gap when the deck has terms of the same kind to offer
beside it (listed with it, or of its head noun: "Magnitude / Structured / Random
pruning"); else a short-answer gap accepting the usual variants (`Vocabulary.variants`:
plural/singular, hyphen/space, acronym ↔ expansion where the deck gives both) — but only
for a term the deck names as such (defined, a heading, listed, an acronym, a name, a
phrase on three slides or more, a rare technical word said twice), since an everyday
word blanked in a sentence has more than one right answer. At hard difficulty every gap
is typed (recall with no options to pick from). Bloom: remember (the slide's sentence).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from models.drafting.candidates import _Ctx, _question
from models.drafting.checks import option_clash
from models.drafting.cloze_checks import could_swap, in_a_list, leans_on_figure, written_whole
from models.drafting.distractors import (
    _could_also_be_right,
    _names_the_group,
    _nested,
    _same_head,
    _shape_ok,
)
from models.drafting.facts import Fact, acronym_matches
from models.drafting.forms import _statement_text
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
    norm_key,
    verb_only,
    word_rank,
)
from storage.domain import Bloom, Choice, Difficulty, Question, QuestionType
from storage.question_types import cloze_code, cloze_gaps

__all__ = ["cloze_roots", "key_sentence"]

_MIN_GAPS, _MAX_GAPS = 2, 3
_WORDS = (8, 40)  # a sentence shorter says too little around two gaps, longer is a paragraph
_MAX_CHARS = 260
_THREE_GAPS_FROM = 14  # words: a third gap only in a sentence this long
# what between two gaps makes them side by side or interchangeable ("LSI and LSA")
_COORDINATED = re.compile(r"[\s,;/()\"'“”-]*(?:(?:and|or|nor|&|vs\.?|versus)[\s,;/()\"'“”-]*)?")
_CITATION = re.compile(r"\s*\[\d+(?:\s*[,–-]\s*\d+)*\]")  # "[4, 19]"
_KEY_PAGES = 3  # a phrase on this many slides is one of the deck's key terms
_EVERYDAY = 5000  # a word this frequent in English is typed only where the deck defines it
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
        text = _statement_text(fact)  # "" when the gloss cannot follow its term
        if not text or len(_WORD_RE.findall(text)) < _WORDS[0] - 1:
            return ""  # "SmoothQuant quantizes both weights and activations": too short
    text = _CITATION.sub("", _without_aside(text))
    text = _ASIDES.sub(" ", _ASIDES.sub(" ", _LEAD.sub("", text)))  # ", for instance, also"
    text = _sentence(text.replace(" ,", ",").rstrip(". "))
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


def _same_thing(a: _Gap, b: _Gap) -> bool:
    """An acronym and its expansion: two gaps with one answer."""
    names = {norm_key(n) for n in (a.term.acronym, a.term.expansion, a.term.text) if n}
    return bool(names & {norm_key(n) for n in (b.term.acronym, b.term.expansion, b.term.text)})


def _interchangeable(text: str, a: _Gap, b: _Gap) -> bool:
    """Two gaps whose answers could swap: joined by function words, the two sides of an
    identity, or two terms of one kind (listed together, one head noun)."""
    if could_swap(text, (a.start, a.end), (b.start, b.end)):
        return True
    return _same_kind(a.term, b.term)


def _choose(ctx: _Ctx, text: str) -> list[_Gap]:
    """Two or three gaps: salient, apart from each other, none given away, and enough of
    the sentence left to say what is asked."""
    words = len(_WORD_RE.findall(text))
    limit = _MAX_GAPS if words >= _THREE_GAPS_FROM else _MIN_GAPS
    total = len(content_tokens(text))
    chosen: list[_Gap] = []
    for cand in _candidates(ctx, text):
        if len(chosen) == limit:
            break
        trial = sorted([*chosen, cand], key=lambda g: g.start)
        if any(
            a.end > b.start or _COORDINATED.fullmatch(text[a.end : b.start])
            for a, b in itertools.pairwise(trial)
        ):
            continue  # overlapping, side by side, or "[1] and [2]": either order fits
        if any(
            cloze_roots(cand.surface) & cloze_roots(g.surface) or _same_thing(cand, g)
            for g in chosen
        ):
            continue  # "weights" and "sensitive weights", "RNN" and its expansion
        if any(_interchangeable(text, a, b) for a, b in itertools.combinations(trial, 2)):
            continue  # "the [1] of [2]", "[YTM] is the [IRR] of …": either answer fits either gap
        rest = _rest(text, trial)
        left = len(content_tokens(rest))
        if left < 3 or left < 0.5 * total:
            continue  # too little left around the blanks
        if any(_given_away(ctx, g, rest) for g in trial):
            continue
        chosen = trial
    return chosen if len(chosen) >= _MIN_GAPS else []


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
    ways (a near spelling, or an acronym beside its expansion)."""
    ka, kb = norm_key(a), norm_key(b)
    if fuzz.ratio(ka, kb) >= 80:
        return True
    wa, wb = a.split(), b.split()
    if wa[-1:] == wb[-1:] and len(wa) > 1 and len(wb) > 1:
        wa, wb = wa[:-1], wb[:-1]  # the shared head: compare what sets them apart
    return any(len(x) == 1 and acronym_matches(x[0], " ".join(y)) for x, y in ((wa, wb), (wb, wa)))


def _gap_distractors(ctx: _Ctx, gap: _Gap, text: str, others: Sequence[str]) -> list[Term]:
    """Two or three deck terms of the gap's own kind that do not fit the sentence (the
    deck says nothing of the kind about them), closest first; [] when there are fewer."""
    key = gap.term
    claim = _rest(text, [gap])
    banned = {norm_key(x) for x in (*others, key.acronym, key.expansion) if x}
    shown = f" {norm_key(text)} "
    picked: list[Term] = []
    for other, _ in ranked_siblings(ctx, key, 60, banned):
        if len(picked) == 3:
            break
        if not _same_head(key, other) or not _shape_ok(key, other):
            continue  # of one kind by name ("… pruning"): being listed beside it is not enough
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


def _choice_gap(ctx: _Ctx, gap: _Gap, text: str, others: Sequence[str]) -> str:
    """A multiple-choice gap with terms of the gap's own kind as the wrong options, or ""
    when the deck has none to offer."""
    wrong = _gap_distractors(ctx, gap, text, others)
    if not wrong:
        return ""
    at_start = gap.start == 0
    right = _display(gap.surface) if at_start else gap.surface
    options = [right, *(_as_written(gap.surface, w.text, at_start) for w in wrong)]
    folded = {norm_key(o) for o in options}
    if len(folded) < len(options):
        return ""
    probe = Question(QuestionType.MCQ, "?", tuple(Choice(o) for o in options))
    if option_clash(probe):
        return ""  # "pruning" beside "prunings": one option spelled twice
    answers = [Choice(right, 1.0)] + [Choice(o) for o in options[1:]]
    ctx.rng.shuffle(answers)
    return cloze_code("MULTICHOICE", answers)


def _short_gap(ctx: _Ctx, gap: _Gap) -> str:
    """A typed gap accepting the term's variants (Moodle ignores case), or "" for a word
    that is no named term of the deck."""
    if not _named(gap):
        return ""
    named = {norm_key(n) for n in (gap.term.acronym, gap.term.expansion) if n}
    variants = [
        v
        for v in [gap.surface, *ctx.vocab.variants(gap.surface)]
        # an acronym only when the deck gives it ("OPC" for "Open POS categories": no)
        if not (v.isupper() and len(v) <= 6)
        or norm_key(v) in named
        or v == gap.surface
        or ctx.vocab.get(v) is not None
    ]
    answers: dict[str, str] = {}
    for v in variants:
        v = " ".join(v.split())
        if v and not v.endswith("-") and "{" not in v and "}" not in v:
            answers.setdefault(v.casefold(), v)
    return cloze_code("SHORTANSWER", [Choice(a, 1.0) for a in answers.values()])


def _cloze(ctx: _Ctx, fid: int) -> Question | None:
    """A cloze draft from one fact's sentence, or None."""
    fact = ctx.facts[fid]
    text = key_sentence(fact)
    if not text or leans_on_figure(text) or not written_whole(fact.text, fact.slide):
        return None  # two lines run together, or a sentence about a picture
    gaps = _choose(ctx, text)
    if not gaps:
        return None
    codes: list[tuple[_Gap, str]] = []
    for gap in gaps:
        others = [g.term.text for g in gaps if g is not gap]
        code = ""
        if not _named(gap):
            continue  # "mechanism", "riskiness": a word, not a term the deck names
        if ctx.difficulty != Difficulty.HARD:
            code = _choice_gap(ctx, gap, text, others)
        code = code or _short_gap(ctx, gap)
        if code:
            codes.append((gap, code))
    if len(codes) < _MIN_GAPS:
        return None
    kept = {id(g) for g, _ in codes}
    out, pos = [], 0
    for gap, code in codes:
        out += [text[pos : gap.start], code]
        pos = gap.end
    stem = "".join(out) + text[pos:]
    if len(cloze_gaps(stem)) != len(codes):
        return None  # a code Moodle would not read back
    shown = _rest(text, [g for g in gaps if id(g) in kept])
    if any(_given_away(ctx, g, shown) for g, _ in codes):
        return None
    q = _question(
        ctx,
        fact,
        QuestionType.CLOZE,
        stem,
        (),
        "cloze",
        Bloom.REMEMBER,  # the slide's sentence, recalled (options or not)
        f"{_display(fact.term or fact.topic or codes[0][0].term.text)}: fill in the blanks",
        f"Slide {fact.page}: {text}",
        term=fact.term or codes[0][0].term.text,
    )
    return replace(q, points=float(len(codes)))  # Moodle: the sum of the gaps' weights

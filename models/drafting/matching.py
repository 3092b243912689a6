"""Matching questions from the term–gloss lines a slide sets side by side ("Atomicity:
The set of operations …", "Consistency: Transactions respect …"), or a list that goes
on over the next slide of the same title: 4–6 pairs of one kind.

The pairs are read from the slide's lines, not from the deck's facts: a fact must stand
alone as a definition, while a matching pair only has to tell its term apart from the
others of its list, so a gloss written as a clause ("Transactions respect integrity
constraints") is a good pair. One kind means one list: parallel lines (same marker and
level, under the same label) in one run. The fact rules still decide what a term is
(no label, heading, reading-list line or remark) and what a gloss is (prose, no
pointer back, no second label)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from models.drafting.candidates import _Ctx, _question
from models.drafting.fact_checks import (
    _COLON,
    _DASH,
    _clean_term,
    _definition_ok,
    _term_ok,
    _tidy,
    says_its_name,
)
from models.drafting.facts import Fact, _slide_is_logistics, acronym_matches
from models.drafting.phrasing import _gerund_clause, is_clause, kind_from_heading, predicate
from models.drafting.phrasing import kind_from_shared_head as _shared_head
from models.drafting.slide_units import Unit, slide_units
from models.drafting.wording import _display, _sentence
from models.drafting.words import (
    _GLOSS_LABELS,
    _MATH_CHARS,
    _NON_TERM_LABELS,
    _REFERENCE,
    _URL,
    _WORD_RE,
    FUNCTION_WORDS,
    content_tokens,
    lexicon_readings,
    norm_key,
)
from storage.domain import Bloom, Choice, Question, QuestionType, Slide

MATCH_PAIRS = (4, 6)  # fewer is a multiple choice, more is hard to print and read
_GLOSS_WORDS = (3, 30)
_GLOSS_CHARS = 170
_SIMILAR = 0.5  # share of content words two glosses may have in common
_ROOT = 5  # "durably" and "Durability" share "durab" (as the gate compares words)
_CONTINUED = re.compile(
    r"\s*(?:\(?(?:cont(?:inued|\.|'d)?|ctd\.?)\)?|\(\d+\)|\d+\s*/\s*\d+|\(?[IVX]{1,3}\)?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Pair:
    """One line of a list: the term, what the line says of it, and where it stands."""

    term: str
    gloss: str
    line: str
    slide: Slide
    topic: str  # the label the list sits under, else the slide's title
    title: str = ""  # the slide's title


def _trimmed(gloss: str) -> str:
    """The gloss without a formula tacked on after a last colon ("… add up to the total
    payout: Σ φj = v(P)") and without its final stop."""
    head, sep, tail = gloss.rpartition(": ")
    if sep and head and (any(c in _MATH_CHARS for c in tail) or len(tail.split()) <= 2):
        gloss = head
    return gloss.strip().rstrip(".;,:").strip()


def _subject_clause(gloss: str) -> bool:
    """ "Transactions respect integrity constraints", "Two concurrent executions of
    transactions result in …": a plural subject and a plain present verb, which the
    small verb list does not know as the finite verb of a sentence."""
    words = [w.strip(",;()\"'“”").lower() for w in gloss.split()]
    for i in range(1, min(len(words), 7)):
        prev, word = words[i - 1], words[i]
        if not (prev.endswith("s") and not prev.endswith("ss") and len(prev) > 3):
            continue
        readings = lexicon_readings(word)
        if word in readings.get("VERB", ()) and "NOUN" in lexicon_readings(prev):
            return True  # "… transactions result in a state": a plural noun, then a verb
    return False


def gloss_ok(term: str, gloss: str) -> bool:
    """Whether a line's gloss can be a matching item for its term: prose of a sentence's
    length, shaped as a description or a clause, no formula, no open list, not naming
    its own term nor spelling out its acronym."""
    words = _WORD_RE.findall(gloss)
    if not _GLOSS_WORDS[0] <= len(words) <= _GLOSS_WORDS[1] or len(gloss) > _GLOSS_CHARS:
        return False
    if any(c in _MATH_CHARS for c in gloss) or "?" in gloss or _URL.search(gloss):
        return False
    if re.search(r"\betc\b|\.\s*\.\s*\.|…", gloss, re.IGNORECASE):
        return False  # an open list: no description of one thing
    # "morphemes, i.e., minimal units": one sentence, though its stops read as two
    said = re.sub(r"\be\.\s?g\.", "for example", re.sub(r"\bi\.\s?e\.", "that is", gloss))
    if not _definition_ok(said, term) or says_its_name(term, gloss):
        return False
    if acronym_matches(term, gloss) or acronym_matches(term, " ".join(words[: len(term) + 2])):
        return False  # "MRR: Mean Reciprocal Rank" pairs by its letters
    shaped = (
        predicate(gloss) is not None
        or is_clause(gloss)
        or _gerund_clause(gloss)
        or _subject_clause(gloss)
        or _described(gloss)
    )
    return shaped  # "maximum return, but minimum risk": a fragment, not a description


def _described(gloss: str) -> bool:
    """A noun phrase that says what its term is about, of four words or more and in one
    piece ("Control over body as central capability"): it tells its term apart in a
    list as well as a clause does. Not a list or a contrast ("maximum return, but
    minimum risk", "Sequential vs Direct Access"), nor a phrase opening with a function
    word."""
    words = _WORD_RE.findall(gloss)
    if len(words) < 4 or re.search(r"[,;/+&]|\bvs\b|\bversus\b|\bbut\b", gloss, re.I):
        return False
    return norm_key(words[0]) not in FUNCTION_WORDS


def _pair(unit: Unit, slide: Slide, title: str) -> Pair | None:
    text = _tidy(unit.text)
    # "morphemes, i.e., minimal …" reads as an author's initials ("Smith, J. K.,")
    if _REFERENCE.search(re.sub(r"\b(?:i\.\s?e|e\.\s?g)\.,?", " ", text)):
        return None
    m = _COLON.match(text) or _DASH.match(text)
    if m is None:
        return None
    term = _clean_term(m.group("term"))
    if not term or _NON_TERM_LABELS.match(term) or _GLOSS_LABELS.match(term):
        return None  # "Note: …", "Core idea: …": a remark, not a term
    if not _term_ok(term, structural=True):
        return None
    gloss = _trimmed(_tidy(m.group("def")))
    return Pair(term, gloss, text, slide, unit.label or title, title)


def _runs(slide: Slide) -> list[list[Pair]]:
    """The lists of term–gloss lines on a slide: lines of one marker, level and label
    (one list: terms of one kind), with what stands between them (a formula, a wrapped
    line) skipped. Lines whose gloss is no description stay members of their list (they
    count when judging it) and are filtered later."""
    title, units = slide_units(slide)
    if _slide_is_logistics(title, units):
        return []  # "Lab: …", "Office hours: …": the course, not the subject
    title = _CONTINUED.sub("", title).strip()
    runs: dict[tuple[str, int, str], list[Pair]] = {}
    for unit in units:
        if unit.heading:
            continue
        pair = _pair(unit, slide, title)
        if pair is not None:
            runs.setdefault((unit.bullet[:1], unit.level, unit.label), []).append(pair)
    return list(runs.values())


def _too_close(a: Pair, b: Pair) -> bool:
    """Two glosses a student could not tell apart, or one naming the other's term."""
    if says_its_name(a.term, b.gloss) or says_its_name(b.term, a.gloss):
        return True
    ta, tb = set(content_tokens(a.gloss)), set(content_tokens(b.gloss))
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) > _SIMILAR


def _without_giveaway(pair: Pair) -> Pair | None:
    """The pair with no word of its term's root in its gloss ("Durability: … data remain
    durably stored" answers itself): an adverb of that root is left out ("data remain
    stored"), which the sentence reads well without; any other such word and the pair
    is none."""
    roots = {t[:_ROOT] for t in content_tokens(pair.term) if len(t) >= _ROOT}
    hits = [
        w for w in _WORD_RE.findall(pair.gloss) if len(w) >= _ROOT and w.lower()[:_ROOT] in roots
    ]
    if not hits:
        return pair
    if not all(w.lower().endswith("ly") for w in hits):
        return None
    gloss = pair.gloss
    for w in hits:
        gloss = re.sub(rf"\s*\b{re.escape(w)}\b", "", gloss, count=1)
    return replace(pair, gloss=gloss.strip())


def _picked(run: Sequence[Pair]) -> list[Pair]:
    """The run's usable pairs, each term and gloss once, none too close to another."""
    out: list[Pair] = []
    for given in run:
        p = _without_giveaway(given)
        if p is None or not gloss_ok(p.term, p.gloss):
            continue
        if any(
            norm_key(p.term) == norm_key(q.term) or norm_key(p.gloss) == norm_key(q.gloss)
            for q in out
        ):
            continue
        if any(_too_close(p, q) for q in out):
            continue
        out.append(p)
    return out


def matching_sets(slides: Sequence[Slide]) -> list[list[Pair]]:
    """Lists of 4–6 term–gloss pairs of one kind, in slide order. A list cut over two
    slides of one title ("… (cont.)") is read as one."""
    runs: list[list[Pair]] = []
    last: tuple[int | None, int, str] | None = None
    for slide in slides:
        for run in _runs(slide):
            topic = norm_key(run[0].topic)
            if (
                runs
                and last is not None
                and last[0] == slide.deck_id
                and 0 < slide.page - last[1] <= 2
                and last[2] == topic
                and run[0].slide is not runs[-1][-1].slide
            ):
                runs[-1] = runs[-1] + run  # the list goes on on the next slide
            else:
                runs.append(run)
            last = (slide.deck_id, slide.page, topic)
    sets: list[list[Pair]] = []
    for run in runs:
        total = len({norm_key(p.term) for p in run})
        picked = _picked(run)
        if len(picked) < MATCH_PAIRS[0]:
            continue
        if len(picked) < 0.6 * total:
            continue  # most of the list is no description: labels with notes, not terms
        sets.append(picked[: MATCH_PAIRS[1]])
    return sets


_CACHE: list[tuple[_Ctx, list[list[Pair]]]] = []
_LABELS: list[tuple[_Ctx, list[list[str]]]] = []


def listed_terms(ctx: _Ctx) -> list[list[str]]:
    """The labels of every term–gloss list of the run's slides ("phonological structure:
    …", "morphological structure: …"), one list per run of parallel lines, read once per
    drafting run: terms of one kind, each with a gloss of its own."""
    if not _LABELS or _LABELS[0][0] is not ctx:
        runs = [[p.term for p in run] for s in ctx.slides for run in _runs(s) if len(run) >= 2]
        _LABELS[:] = [(ctx, runs)]
    return _LABELS[0][1]


def _sets(ctx: _Ctx) -> list[list[Pair]]:
    """The run's matching sets, read once per drafting run."""
    if not _CACHE or _CACHE[0][0] is not ctx:
        _CACHE[:] = [(ctx, matching_sets(ctx.slides))]
    return _CACHE[0][1]


def _kind(topic: str, title: str, terms: Sequence[str]) -> str:
    """What the terms are, in the deck's words: the kind their label or the slide's title
    names ("ACID Properties" → "ACID property", the fuller of the two where both name one
    kind), else a head noun they share, else "term"."""
    kinds = [
        k
        for k in (kind_from_heading(h) for h in dict.fromkeys((topic, title)) if h)
        if k and not any(norm_key(t) in norm_key(k) for t in terms)
    ]
    if kinds:
        heads = {norm_key(k).split()[-1] for k in kinds}
        return max(kinds, key=lambda k: len(k.split())) if len(heads) == 1 else kinds[0]
    shared = _shared_head(list(terms))
    return shared.removeprefix("kind of ") if shared else "term"


def matching_question(ctx: _Ctx, fid: int) -> Question | None:
    """A matching question from the list the fact's slide sets its term in (or the first
    list of its slide), or None when the slide has no list of 4–6 usable pairs."""
    fact = ctx.facts[fid]
    here = [
        s
        for s in _sets(ctx)
        if any(p.slide.page == fact.page and p.slide.deck_id == fact.slide.deck_id for p in s)
    ]
    if not here:
        return None
    key = norm_key(fact.term)
    pairs = next((s for s in here if any(norm_key(p.term) == key for p in s)), here[0])
    terms = [p.term for p in pairs]
    kind = _kind(pairs[0].topic, pairs[0].title, terms)
    verbs = all((pr := predicate(p.gloss)) is not None and pr.shape == "verb" for p in pairs)
    stem = f"Match each {kind} with {'what it does' if verbs else 'its description'}."
    first = pairs[0]
    anchor = Fact("definition", first.term, first.line, first.gloss, first.slide, first.topic,
                  (), "matching")  # fmt: skip
    choices = tuple(Choice(_display(p.gloss), 1.0, match=_display(p.term)) for p in pairs)
    return _question(
        ctx,
        anchor,
        QuestionType.MATCHING,
        stem,
        choices,
        "matching",
        Bloom.UNDERSTAND,
        f"{_display(kind)}: matching",
        " ".join(f"Slide {p.slide.page}: {_sentence(p.line)}" for p in pairs),
        term=first.term,
    )

"""The drafting gate: what a teacher rejects at a glance, checked on every draft.

`validation` checks that a question is well formed; these checks ask whether it
is a fair exam item: it stands on its own (no "as presented on the slides"), it
does not give its key away (a word of the key in the stem, options that are one
word inflected), and, within one run, no item answers another or repeats its
options. Built drafts and model drafts pass through the same gate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from rapidfuzz import fuzz

from models.drafting.fact_checks import _same_root
from models.drafting.option_kinds import head_end, label_option, narrower, part_of_kind
from models.drafting.phrasing import _third_person_base, mentions_slides
from models.drafting.validation import normalize_option
from models.drafting.words import (
    _AUX,
    _singular,
    content_tokens,
    is_verb_form,
    norm_key,
)
from storage.domain import Question, QuestionType
from storage.question_types import cloze_gaps, readable_stem

__all__ = ["answers_another", "gate", "giveaway", "kind_mismatch", "option_clash", "option_kind"]

_STEM_CHARS = 5  # "quantization" and "quantize" share "quant"
_NEGATING = ("non", "un", "in", "de", "dis", "anti", "semi", "sub", "multi", "self-", "self ")


def _roots(text: str) -> set[str]:
    return {t[:_STEM_CHARS] for t in content_tokens(text) if len(t) > 2}


def _options(q: Question) -> list[str]:
    return [c.text for c in q.choices]


def _cloze_giveaway(q: Question) -> str:
    """Why the text around a cloze gap gives its answer away (a word of the same root;
    on a multiple-choice gap, one no wrong option shares), or ""."""
    gaps = cloze_gaps(q.stem)
    rest, pos = [], 0
    for g in gaps:
        rest += [q.stem[pos : g.start], " "]
        pos = g.end
    around = _roots("".join(rest) + q.stem[pos:])
    for g in gaps:
        right = {r for a in g.answers if a.fraction > 0 for r in _roots(a.text)}
        wrong = {r for a in g.answers if a.fraction <= 0 for r in _roots(a.text)}
        hits = (right & around) - wrong
        if hits:
            return f"the text around gap {g.number} has “{sorted(hits)[0]}…”, its answer's word"
    return ""


def giveaway(q: Question) -> str:
    """Why the stem gives the key away, or ""."""
    if q.type == QuestionType.CLOZE:
        return _cloze_giveaway(q)
    if q.type not in (QuestionType.MCQ, QuestionType.MULTI, QuestionType.SHORT):
        return ""
    stem = _roots(q.stem)
    keys = q.correct_answers
    if not keys:
        return ""
    if q.type == QuestionType.SHORT:
        # "Name the kind of pruning that …" names the kind, not the answer; the rest of
        # the stem must not echo it ("the kind of generation that involves generating")
        # ("What is this effect called?" names it the same way)
        kind_of = re.compile(r"\bkind of (\w+)|\bis this (\w+) called\b", re.IGNORECASE)
        rest = kind_of.sub(" ", q.stem)
        kinds = {w.lower() for m in kind_of.finditer(q.stem) for w in m.groups() if w}
        said = {w.lower() for w in re.findall(r"[^\W\d_]+", rest)}
        # the kind it names is no clue, even where the gloss says the same noun again
        # ("Wage that responds … What is this wage called?" → "flexible wage"); another
        # form of it is ("the kind of generation that involves generating …")
        echo = any(
            len(w) >= 6 and w[:6] == k[:6] and w not in (k, k + "s", k + "es")
            for w in said
            for k in kinds
        )
        kind_roots = _roots(" ".join(kinds))
        stem = _roots(rest)
        for k in keys:
            if echo and _roots(k) & kind_roots:
                return "the stem says the kind in the answer again in another form"
            telling = _roots(k) - kind_roots
            hits = telling & stem
            if hits and len(hits) >= len(telling) / 2:
                return f"the stem contains the answer's word “{sorted(hits)[0]}…”"
        return ""
    # a stem word that the key alone echoes ("What do dialogue systems involve?" → "…
    # the context of the dialogue"), however long the key
    key_set = {normalize_option(k) for k in keys}
    others: set[str] = set()
    for o in _options(q):
        if normalize_option(o) not in key_set:
            others |= _roots(o)
    stem_words = set(content_tokens(q.stem))
    for k in keys:
        hits = (_roots(k) & stem) - others
        hits |= {
            w[:_STEM_CHARS]
            for w in content_tokens(k)
            for s in stem_words
            if _same_root(w, s) and not any(_same_root(w, o) for o in others)
        }
        if hits:
            return f"the stem shares “{sorted(hits)[0]}…” with the key and no other option"
    return ""


def option_clash(q: Question) -> str:
    """Why two options are really one (an inflection, a part of the other), or ""."""
    if q.type not in (QuestionType.MCQ, QuestionType.MULTI):
        return ""
    for a, b in combinations(_options(q), 2):
        ka, kb = norm_key(a), norm_key(b)
        if not ka or not kb:
            continue
        if f" {ka} " in f" {kb} " or f" {kb} " in f" {ka} ":
            return f"“{a}” and “{b}”: one is part of the other"
        wa, wb = ka.split(), kb.split()
        if (
            len(wa) <= 2
            and len(wb) <= 2
            and len(wa[0]) > 3
            and wa[0][:_STEM_CHARS] == wb[0][:_STEM_CHARS]
            and wa[1:] == wb[1:]
        ):
            return f"“{a}” and “{b}” are forms of one word"
        negated = any(
            x.startswith(p + y) for x, y in ((ka, kb), (kb, ka)) for p in _NEGATING
        )  # "nonlinear" / "linear" are two things, not one spelled twice
        if len(wa) == len(wb) == 1 and not negated and fuzz.ratio(ka, kb) >= 88:
            return f"“{a}” and “{b}” differ only in spelling"
    return ""


_TERM_WORDS = 6  # an option this short names a thing; a longer one says something


def option_kind(q: Question) -> str:
    """Why an option of a choice question is not a thing of the key's kind, or "": a
    label ("Components of deformation", "Recall OS files"), or a part or attribute of
    the key's kind ("Index key" beside the key "Flat index", rounds 25 and 27)."""
    if q.type not in (QuestionType.MCQ, QuestionType.MULTI):
        return ""
    options = _options(q)
    if any(len(o.split()) > _TERM_WORDS for o in options):
        return ""
    for o in options:
        if why := label_option(o):
            return why
    keys = [c.text for c in q.choices if c.fraction > 0]
    for k in keys:
        for o in options:
            if o != k and part_of_kind(norm_key(k).split(), norm_key(o).split()):
                return f"“{o}” names a part of what “{k}” is a kind of"
    for a, b in ((a, b) for a in options for b in options if a != b):
        if narrower(norm_key(a).split(), norm_key(b).split()):
            return f"“{a}” is a kind of “{b}”: both may be right"
    return ""


# "B. reflect the biases of learners …": a lettered or numbered answer of an in-class
# question (round 32), cut from its question; a sentence opens with its subject instead
_LIST_ITEM = re.compile(r"^\(?(?:[A-Ha-h]|[ivx]{1,4}|\d{1,2})[.)]\s+[a-z]")


def list_item(q: Question) -> str:
    """Why the stem or an option is an item cut from a list of answers, or ""."""
    for text in (q.stem, *_options(q)):
        if _LIST_ITEM.match(text.strip()):
            return f"“{text.strip()[:40]}” opens with a list item's letter"
    return ""


_KIND_STEM = re.compile(r"^Which kinds? of ([A-Za-z-]+)\b")


def kind_mismatch(q: Question) -> str:
    """Why a "Which kind of K …?" item's key is no K, or "": the kind is said only in a
    modifier of the key ("Error in the HF method" for "Which kind of method is the
    correlation energy?"), so the key is a thing about a K, not one of them. A name that
    ends on K is one ("Bag of words model")."""
    m = _KIND_STEM.match(q.stem.strip())
    if m is None:
        return ""
    kind = _singular(m.group(1).lower())
    for key in (c.text for c in q.choices if c.fraction > 0):
        words = [_singular(w.lower()) for w in re.findall(r"[A-Za-z][A-Za-z-]*", key)]
        cut = head_end(words)
        if not (cut < len(words) and kind in words[cut:] and kind not in words[:cut]):
            continue
        described = cut + 1 < len(words) and words[cut + 1] in ("the", "a", "an")
        if described or words[-1] != kind:  # "Bag of words model" is a model's name
            return f"“{key}” is said of a {kind}, it is no {kind}"
    return ""


def _asks(q: Question) -> set[str]:
    return _roots(_shown(q))


def _shown(q: Question) -> str:
    """The stem a student reads: a cloze's gaps as blanks, not its coded answers."""
    return readable_stem(q) if q.type == QuestionType.CLOZE else q.stem


def _keys(q: Question) -> list[str]:
    """The answers an item asks for, folded (a cloze: its gaps' right answers)."""
    if q.type == QuestionType.TRUE_FALSE:
        return []
    if q.type == QuestionType.CLOZE:
        return [norm_key(g.right[0]) for g in cloze_gaps(q.stem) if g.right]
    return [norm_key(k) for k in q.correct_answers]


def answers_another(q: Question, made: Sequence[Question]) -> str:
    """Why `q` and an earlier item of the same run give each other away, or ""."""
    options = (
        {norm_key(o) for o in _options(q)}
        if q.type
        in (
            QuestionType.MCQ,
            QuestionType.MULTI,
        )
        else set()
    )
    stem_key = f" {norm_key(_shown(q))} "
    keys = _keys(q)
    for other in made:
        if (
            q.type == other.type == QuestionType.TRUE_FALSE
            and _subject_of(q.stem)
            and _subject_of(q.stem) == _subject_of(other.stem)
        ):
            # "Structured sparsity prunes entire neurons" beside "Structured sparsity prunes
            # individual weights": one settles the other
            return "says something else of the same subject as another item"
        if options and other.type in (QuestionType.MCQ, QuestionType.MULTI):
            theirs = {norm_key(o) for o in _options(other)}
            if len(options & theirs) >= min(3, len(options) - 1):
                return "shares its options with another item"
        other_keys = _keys(other)
        if any(len(k.split()) <= 5 and k and f" {k} " in stem_key for k in other_keys):
            if any(k in other_keys for k in keys):
                return "asks for the same answer as another item"
            if q.type == QuestionType.TRUE_FALSE or other.type == QuestionType.TRUE_FALSE:
                mine, theirs_roots = _asks(q), _asks(other)
                if mine and len(mine & theirs_roots) >= 0.6 * min(len(mine), len(theirs_roots)):
                    return "states the answer to another item"
        other_stem = f" {norm_key(_shown(other))} "
        if any(len(k.split()) <= 5 and k and f" {k} " in other_stem for k in keys):
            mine, theirs_roots = _asks(q), _asks(other)
            if mine and len(mine & theirs_roots) >= 0.6 * min(len(mine), len(theirs_roots)):
                return "another item's stem states this answer"
    return ""


def _subject_of(statement: str) -> str:
    """The words before a statement's verb ("structured sparsity"), "" if none is found."""
    words = re.findall(r"[\w'-]+", statement.lower())
    for i, w in enumerate(words[:6]):
        if i and (w in _AUX or is_verb_form(w) or _third_person_base(w)):
            return norm_key(" ".join(x for x in words[:i] if x not in ("the", "a", "an")))
    return ""


def gate(q: Question, made: Sequence[Question] = ()) -> str:
    """The first reason a teacher would reject `q` outright, as "what: detail", or ""."""
    # an assignment may well send students back to the lecture; a question may not
    talks = mentions_slides(q.stem) or any(mentions_slides(c.text) for c in q.choices)
    if talks and q.type != QuestionType.ESSAY:
        return "leans on the slides: the question does not stand on its own"
    if why := list_item(q):
        return f"an item out of its list: {why}"
    if why := giveaway(q):
        return f"gives its key away: {why}"
    if why := option_clash(q):
        return f"options that are one: {why}"
    if why := option_kind(q):
        return f"an option of another kind: {why}"
    if why := kind_mismatch(q):
        return f"a key of another kind: {why}"
    if why := answers_another(q, made):
        return f"gives another item away: {why}"
    return ""

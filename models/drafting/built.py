"""Draft questions built in code from the slides' own words.

A small local model cannot write exam questions free-form, so the drafts here
are assembled from what `slide_facts` finds: a definition becomes "Which term
is described as ...?" (options: the term and sibling terms of the deck) or
"What does X refer to?" (options: the definition and sibling definitions); a
statement becomes a fill-in-the-blank or a true/false item (false: the key term
swapped for a sibling term); a list becomes "Which of the following are ...?";
an assignment is asked for only explicitly. Every correct answer is slide
text, every draft is validated and grounded, and a deck that yields fewer good
drafts than requested gets fewer drafts.

Difficulty means:
  easy   - recall of a definition; wrong options are deck terms of other kinds
  medium - statements and definitions; wrong options from the same family
  hard   - the closest siblings, "which pairing is right" across terms of one
           slide, and "which statement is FALSE"
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from models.drafting.checks import gate
from models.drafting.facts import (
    Fact,
    Term,
    Vocabulary,
    content_tokens,
    deck_vocabulary,
    extract_facts,
    is_prose,
    is_verb_form,
    norm_key,
    norm_tokens,
    slide_sentences,
    word_rank,
)
from models.drafting.grounding import Grounding, ground
from models.drafting.phrasing import (
    Predicate,
    kind_from_heading,
    kind_from_shared_head,
    predicate,
)
from models.drafting.validation import errors, normalize_option, validate
from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Origin,
    Question,
    QuestionType,
    Slide,
    SlideRef,
    Status,
)

__all__ = ["BUILDERS", "build_drafts", "matches_focus"]

BUILDERS = (
    "term-for-definition",
    "definition-for-term",
    "complete-statement",
    "pairing",
    "false-statement",
    "list-members",
    "true-false",
    "short-term",
    "short-blank",
    "assignment",
)

_MAX_OPTION_CHARS = 220
_FAMILY_SCORE = 2.0  # sibling score from which two terms count as the same kind
# Warnings a built draft may not have: it would give its answer away.
_REJECTED_WARNINGS = frozenset({"length-biased-key", "answer-in-stem", "trivial-negation"})
_BLANK_OK_BEFORE = frozenset(
    """a an the of to in on at for with by from as is are was were be been by via
    than that which its their this these those both each every all any some no not into
    onto over under about between using called named known""".split()
)
_BLANK_OK_AFTER = frozenset(
    """is are was were be can could may might must should will would has have had does do
    of to in on at for with by from as that which who whose than uses use applies
    helps allows""".split()
)
_MAX_STEM_QUOTE = 260


@dataclass
class _Ctx:
    slides: list[Slide]
    facts: list[Fact]
    vocab: Vocabulary
    difficulty: Difficulty
    seed: int
    rng: random.Random
    used: set[int] = field(default_factory=set)  # fact ids already asked about
    stems: list[str] = field(default_factory=list)  # what each accepted draft asks, folded
    answers: set[tuple[QuestionType, frozenset[str]]] = field(default_factory=set)
    asked_terms: set[str] = field(default_factory=set)
    stats: Counter[str] = field(default_factory=Counter)
    # every sentence of the decks the slides come from (and other selected decks), folded:
    # a statement used as false must be false against all of them
    reference: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    made: list[Question] = field(default_factory=list)  # accepted so far, and to avoid


# --- small text helpers ----------------------------------------------------------------------


def _display(text: str) -> str:
    """An option as shown: first letter capital unless the word is an acronym/name."""
    text = " ".join(text.split()).strip(" .;,:")
    if not text:
        return text
    first = text.split()[0]
    if (
        first[:1].islower()
        and not any(c.isupper() for c in first[1:])
        and not any(c.isdigit() for c in first)
    ):
        return text[0].upper() + text[1:]
    return text


def _inline(text: str) -> str:
    """A term inside a sentence: a bullet's capital dropped ("Linear quantization" →
    "linear quantization"), names and acronyms kept ("Hidden Markov Models", "LSTM")."""
    text = _display(text)
    words = text.split()
    if (
        words
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and len(words) > 1
        and not (words[1][:1].isupper() and words[1][1:].islower())
        and word_rank(words[0]) < math.inf
    ):
        return words[0].lower() + text[len(words[0]) :]
    return text


def _quote(text: str) -> str:
    text = " ".join(text.split()).strip()
    text = text.rstrip(" .;,:")
    return f"“{text}”"


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    text = text.rstrip(" ;,:!")
    if text and text[-1] not in ".?":
        text += "."
    first = text.split()[0] if text else ""
    if first[:1].islower() and not any(c.isupper() or c.isdigit() for c in first[1:]):
        text = text[0].upper() + text[1:]
    return text


def _slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", norm_key(text)).strip("-")
    return s[:40]


def _tags(*parts: str) -> tuple[str, ...]:
    out: list[str] = []
    for p in parts:
        s = _slug(p)
        if s and s not in out and len(s) >= 2:
            out.append(s)
    return tuple(out[:3])


def _words(text: str) -> int:
    return len(text.split())


def _term_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    alts: list[str] = []
    for form in sorted(set(forms), key=len, reverse=True):
        parts = [re.escape(p) for p in re.split(r"[\s\-]+", form.strip()) if p]
        if not parts:
            continue
        body = r"[\s\-]+".join([*parts[:-1], parts[-1] + r"(?:s|es)?"])
        alts.append(body)
    if not alts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def _forms(term: Term | None, text: str) -> list[str]:
    forms = [text]
    if term is not None:
        forms += [term.text, *term.forms]
    return [f for f in forms if f]


def _agree(original: str, replacement: str) -> str:
    """Number agreement when a term replaces another: "encodings" → "embeddings"."""
    r_words = replacement.split()
    r_last = r_words[-1]
    o_plural, r_plural = _is_plural(original), _is_plural(replacement)
    if o_plural == r_plural or not r_last.isalpha():
        return replacement
    if o_plural:
        if r_last.isupper():
            r_words[-1] = r_last + "s"
        elif r_last.islower() or r_last.istitle():
            r_words[-1] = r_last[:-1] + "ies" if r_last.endswith("y") else r_last + "s"
    elif len(r_last) > 3:
        r_words[-1] = r_last[:-3] + "y" if r_last.endswith("ies") else r_last[:-1]
    return " ".join(r_words)


def _verbish(word: str) -> bool:
    return word.islower() and (
        is_verb_form(word) or is_verb_form(word, base_only=True) or word.endswith("ed")
    )


def _is_plural(phrase: str) -> bool:
    """Whether a noun phrase is plural: "encodings", "LSTMs", "Transformers" (not "Bayes")."""
    last = phrase.split()[-1] if phrase.split() else ""
    low = last.lower()
    if not low.endswith("s") or low.endswith(("ss", "us", "is", "ys")) or len(low) < 3:
        return False
    if last[:-1].isupper():
        return True
    sibilant = low.endswith(("ches", "shes", "sses", "xes", "zes"))
    return (
        last.islower()
        or word_rank(low[:-1]) < 80_000
        or (sibilant and word_rank(low[:-2]) < 80_000)
    )


def _replace_term(text: str, pattern: re.Pattern[str], replacement: str, agree: bool = True) -> str:
    def sub(m: re.Match[str]) -> str:
        new = _agree(m.group(0), replacement) if agree else replacement
        if m.start() == 0 or text[: m.start()].rstrip().endswith((".", ":", "“", '"')):
            return new[:1].upper() + new[1:]
        if new.split()[0].istitle() and not m.group(0)[:1].isupper() and len(new.split()) > 1:
            return new  # keep the deck's spelling
        return new

    return pattern.sub(sub, text)


def _blank(text: str, pattern: re.Pattern[str], term: Term | None = None) -> str:
    """The sentence with the term blanked out; "" when the term sits inside a longer name
    ("Layer ___", "Minibatch ___"), where a blank would be a riddle, not a question."""
    for m in pattern.finditer(text):
        before = re.findall(r"[\w'’-]+", text[: m.start()])
        after = re.findall(r"^ ([\w'’-]+)", text[m.end() :])
        glued_before = bool(before) and text[: m.start()].rstrip()[-1:].isalnum()
        if glued_before and before[-1].casefold() not in _BLANK_OK_BEFORE:
            return ""
        if after and not _verbish(after[0]) and after[0].casefold() not in _BLANK_OK_AFTER:
            return ""  # "the ___ pipeline": part of a longer name
    out = pattern.sub("___", text)
    short = [x for x in (term.acronym, term.expansion) if x] if term is not None else []
    for alt in short:
        out = re.sub(r"___\s*\(\s*" + re.escape(alt) + r"\s*\)", "___", out, flags=re.IGNORECASE)
    # "___ (GRU)": an acronym right after the blank gives the answer away
    return re.sub(r"___\s*\(\s*[A-Z][A-Za-z0-9-]{1,8}\s*\)", "___", out)


def _coverage(needle: Sequence[str], bag: set[str]) -> float:
    if not needle:
        return 0.0
    return sum(1 for t in needle if t in bag) / len(needle)


# --- choosing wrong options -----------------------------------------------------------------


def _could_also_be_right(ctx: _Ctx, other: Term, claim: str) -> bool:
    """Whether the slides say of `other` what the question says of the key."""
    claim_tokens = [t for t in content_tokens(claim) if t not in set(other.words)]
    if not claim_tokens:
        return False
    for sentence in ctx.vocab.mentions(other):
        bag = set(content_tokens(sentence))
        shared = _coverage(claim_tokens, bag)
        if shared >= 0.5 or (len(claim_tokens) <= 4 and shared >= 0.34):
            return True
    return False


def _supported_elsewhere(ctx: _Ctx, claim: str, other: Term) -> bool:
    """Whether any sentence of the reference decks says `claim` of `other`: then a
    statement that swaps `other` in is not false, and must not be used as false."""
    claim_tokens = [t for t in content_tokens(claim) if t not in set(other.words)]
    if not claim_tokens:
        return True
    names = [norm_key(v) for v in ctx.vocab.variants(other.text)] or [other.key]
    for folded, bag in ctx.reference:
        if not any(f" {n} " in folded for n in names if n):
            continue
        shared = _coverage(claim_tokens, set(bag))
        if shared >= 0.5 or (len(claim_tokens) <= 4 and shared >= 0.34):
            return True
    return False


def _shape_ok(key: Term, other: Term) -> bool:
    """Options should look alike: acronyms with acronyms, phrases with phrases."""
    if key.is_acronym != other.is_acronym and not (key.expansion or other.expansion):
        return False
    kw, ow = len(key.words), len(other.words)
    return abs(kw - ow) <= 2 and len(other.text) <= 60


def _distractor_terms(
    ctx: _Ctx,
    key: Term,
    n: int,
    claim: str,
    stem: str,
    exclude: Iterable[str] = (),
    group: Fact | None = None,
) -> list[Term]:
    banned = {norm_key(x) for x in exclude} | {key.key}
    if key.acronym:
        banned.add(norm_key(key.acronym))
    if key.expansion:
        banned.add(norm_key(key.expansion))
    stem_norm = f" {normalize_option(stem)} "
    claim_stems = {t[:6] for t in content_tokens(claim) if len(t) >= 5}
    pool: list[tuple[Term, float]] = []
    for other, score in ctx.vocab.siblings(key, k=60, exclude=banned):
        if f" {normalize_option(other.text)} " in stem_norm:
            continue
        if any(len(w) >= 5 and w[:6] in claim_stems for w in other.words):
            continue  # "quantization" for "quantize both weights ...": echoes the claim
        if not _shape_ok(key, other):
            continue
        if _could_also_be_right(ctx, other, claim):
            continue
        pool.append((other, score))
    if len(pool) < n:
        return []
    if group is not None:
        # only the same kind of thing: the key's peers (glossed or listed under the same
        # heading) first, then terms of its family (same head noun, suffix, list)
        peers = _group_keys(ctx, group)
        bonus = max((score for _, score in pool), default=0.0) + 1.0
        pool = [
            (t, score + (bonus if t.key in peers else 0.0))
            for t, score in pool
            if t.key in peers or score >= _FAMILY_SCORE
        ]
        pool.sort(key=lambda p: -p[1])
        if len(pool) < n:
            return []
    top = pool[0][1]
    family = [p for p in pool if p[1] >= max(_FAMILY_SCORE, 0.5 * top)]
    rest = [p for p in pool if p not in family]
    if ctx.difficulty == Difficulty.HARD:
        ordered = pool  # the closest siblings
    elif ctx.difficulty == Difficulty.MEDIUM:
        # the same family, not always the very closest
        head = family[: n + 2]
        ctx.rng.shuffle(head)
        ordered = head + family[n + 2 :] + rest
    else:
        # clearly different, but still terms the deck makes much of
        ordered = sorted(rest, key=lambda x: (-ctx.vocab.salience(x[0]), x[0].key)) + family[::-1]
    chosen: list[Term] = []
    for other, _ in ordered:
        if any(_nested(other, c) or fuzz.ratio(other.key, c.key) >= 90 for c in chosen):
            continue
        chosen.append(other)
        if len(chosen) == n:
            break
    return chosen if len(chosen) == n else []


def _nested(a: Term, b: Term) -> bool:
    wa, wb = f" {a.key} ", f" {b.key} "
    return wa in wb or wb in wa


def _definitions_by_term(ctx: _Ctx) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    for f in ctx.facts:
        if f.kind == "definition":
            out.setdefault(norm_key(f.term), f)
    return out


# --- question assembly -----------------------------------------------------------------------


def _origin(ctx: _Ctx, builder: str) -> Origin:
    return Origin(
        method="built",
        settings={"builder": builder, "difficulty": ctx.difficulty.value, "seed": ctx.seed},
    )


def _choices(ctx: _Ctx, right: Sequence[str], wrong: Sequence[str]) -> tuple[Choice, ...]:
    share = 1.0 / len(right) if right else 0.0
    items = [Choice(r, round(share, 7), "Stated on the slides.") for r in right] + [
        Choice(w, 0.0) for w in wrong
    ]
    ctx.rng.shuffle(items)
    return tuple(items)


def _question(
    ctx: _Ctx,
    fact: Fact,
    qtype: QuestionType,
    stem: str,
    choices: tuple[Choice, ...],
    builder: str,
    bloom: Bloom,
    title: str,
    feedback: str = "",
    term: str = "",
) -> Question:
    return Question(
        type=qtype,
        stem=stem,
        choices=choices,
        title=title[:120],
        general_feedback=feedback or f"Slide {fact.page}: {_sentence(fact.text)}",
        difficulty=ctx.difficulty,
        bloom=bloom,
        status=Status.DRAFT,
        tags=_tags(term or fact.term, fact.topic),
        origin=_origin(ctx, builder),
        sources=(SlideRef(fact.slide.deck_id, fact.page, fact.text),),
    )


_GENERIC_TOPIC = re.compile(
    r"^(?:how\s+it\s+works|limitations?|summary|overview|motivation|introduction|recap|intro"
    r"|background|conclusions?|examples?|results?|discussion|definitions?|notation|outline"
    r"|key\s+(?:ideas?|points?|terms?)|main\s+ideas?|basics|details|why\b.*|what\b.*|how\b.*)$",
    re.IGNORECASE,
)


def _context_phrase(fact: Fact, term: str) -> str:
    """The slide's topic to put in a stem ("In the context of ..."), or "" when it adds nothing."""
    topic = re.sub(r"^(?:the|a|an)\s+", "", fact.topic.strip(), flags=re.IGNORECASE)
    topic = re.sub(
        r"^(?:more|some|other|further|examples? of|recent developments:?)\s+",
        "",
        topic,
        flags=re.IGNORECASE,
    )
    bare = norm_key(re.sub(r"\([^()]*\)", " ", topic))
    if not topic or norm_key(term) in bare or bare in norm_key(term):
        return ""
    if len(topic.split()) > 8 or "," in topic or ";" in topic or _GENERIC_TOPIC.match(topic):
        return ""
    words = topic.split()
    later = [w for w in words[1:] if w.casefold() not in _BLANK_OK_BEFORE]
    if (
        words
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and not any(w[:1].isupper() for w in later)
    ):
        topic = " ".join([words[0].lower(), *words[1:]])
    return topic


def _fits(text: str, limit: int = _MAX_STEM_QUOTE) -> bool:
    return _words(text) >= 3 and len(text) <= limit


def _lower_phrase(text: str) -> str:
    """A heading inside a sentence: "Applications of LLMs" → "applications of LLMs"."""
    words = text.split()
    if words and words[0][:1].isupper() and words[0][1:].islower():
        words[0] = words[0].lower()
    return " ".join(words)


def _shape(gloss: str) -> str:
    pred = predicate(gloss)
    return pred.shape if pred is not None else "other"


def _group_keys(ctx: _Ctx, fact: Fact) -> set[str]:
    """The terms glossed or listed under the same heading as `fact` (its peers)."""
    keys = {
        norm_key(f.term)
        for f in ctx.facts
        if f.kind == "definition" and f.topic == fact.topic and f.term
    }
    for f in ctx.facts:
        if f.kind == "list" and any(norm_key(i) == norm_key(fact.term) for i in f.items):
            keys |= {norm_key(i) for i in f.items}
    return keys


def _kind(ctx: _Ctx, fact: Fact, options: Sequence[str]) -> str:
    """What kind of thing the options are, in the deck's words, or "" when unknown.

    The heading the term is glossed under names a kind ("Pruning methods") only when
    every option is glossed or listed under it; else a head noun shared by all options
    ("… quantization") names it."""
    peers = _group_keys(ctx, fact)
    heading = kind_from_heading(fact.topic) if fact.topic else ""
    if (
        heading
        and len(peers) >= 3
        and all(norm_key(o) in peers for o in options)
        and not any(norm_key(o) in norm_key(heading) for o in options)
    ):
        return heading
    if len(options) > 1:
        return kind_from_shared_head(list(options))
    return ""


def _which_stem(fact: Fact, kind: str, pred: Predicate | None) -> str:
    """ "Which pruning method drops entire neurons?" from a gloss and the term's kind."""
    if pred is not None:
        subject = kind or "of the following"
        return f"Which {subject} {pred.singular}?"
    return ""


def _describe_stem(fact: Fact, others: Sequence[Fact]) -> tuple[str, str, list[str]]:
    """"What does X do?" with glosses as predicates when all share one shape, else
    "Which of the following best describes X?" with the glosses as written."""
    name = _inline(fact.term)
    plural = _is_plural(fact.term)
    preds = [predicate(f.definition) for f in (fact, *others)]
    shapes = {p.shape if p is not None else "other" for p in preds}
    if len(shapes) == 1 and preds[0] is not None:
        shape = preds[0].shape
        texts = [p.singular for p in preds if p is not None]
        if shape == "verb":
            do = "do" if plural else "does"
            stem = f"What {do} {name} do?"
            texts = [_display(p.plural) for p in preds if p is not None] if plural else [
                _display(t) for t in texts
            ]
        elif shape == "noun":
            be = "are" if plural else "is"
            stem = f"What {be} {name}?"
            texts = [_display(_gloss(f.definition)) for f in (fact, *others)]
        else:
            stem = f"What {'do' if plural else 'does'} {name} involve?"
            texts = [_display(_gloss(f.definition)) for f in (fact, *others)]
        return stem, texts[0], texts[1:]
    stem = f"Which of the following best describes {name}?"
    return stem, _display(fact.definition), [_display(f.definition) for f in others]


# builders return a Question or None; `fact_id` is the index in ctx.facts


def _term_for_definition(ctx: _Ctx, fid: int) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind != "definition" or not _fits(fact.definition):
        return None
    key = ctx.vocab.get(fact.term)
    if key is None or _words(key.text) > 6:
        return None
    others = _distractor_terms(ctx, key, 3, fact.definition, fact.definition, group=fact)
    if not others:
        return None
    kind = _kind(ctx, fact, [key.text, *(o.text for o in others)])
    stem = _which_stem(fact, kind, predicate(fact.definition))
    if not stem:
        return None  # a gloss that cannot follow "Which …" is a fragment, not a description
    bloom = Bloom.REMEMBER if ctx.difficulty != Difficulty.HARD else Bloom.UNDERSTAND
    return _question(
        ctx,
        fact,
        QuestionType.MCQ,
        stem,
        _choices(ctx, [_display(fact.term)], [_display(o.text) for o in others]),
        "term-for-definition",
        bloom,
        f"{_display(fact.term)}: definition",
        term=fact.term,
    )


def _definition_for_term(ctx: _Ctx, fid: int) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind != "definition" or not _fits(fact.definition, _MAX_OPTION_CHARS):
        return None
    key = ctx.vocab.get(fact.term)
    if key is None:
        return None
    defs = _definitions_by_term(ctx)
    ranked = [t for t, _ in ctx.vocab.siblings(key, k=80)] if key else []
    candidates = [defs[t.key] for t in ranked if t.key in defs and t.key != key.key]
    if ctx.difficulty == Difficulty.EASY:
        candidates = candidates[::-1]
    target = len(fact.definition)
    picked: list[Fact] = []
    pool = [
        c
        for c in candidates
        if _fits(c.definition, _MAX_OPTION_CHARS)
        and normalize_option(c.definition) != normalize_option(fact.definition)
        and not set(content_tokens(key.text)) & set(content_tokens(c.definition))
    ]
    # glosses of one shape (all "does …" or all "is a …"), the key's peers first, lengths
    # comparable so the key does not stand out
    shape = _shape(fact.definition)
    if shape == "other":
        return None
    peers = _group_keys(ctx, fact)
    pool = [c for c in pool if _shape(c.definition) == shape]
    pool.sort(
        key=lambda c: (
            norm_key(c.term) not in peers,
            abs(len(c.definition) - target) > max(25, target * 0.6),
        )
    )
    for c in pool:
        if len(picked) == 3:
            break
        picked.append(c)
    if len(picked) < 3:
        return None
    stem, right, wrong = _describe_stem(fact, picked)
    bloom = Bloom.UNDERSTAND
    return _question(
        ctx,
        fact,
        QuestionType.MCQ,
        stem,
        _choices(ctx, [right], wrong),
        "definition-for-term",
        bloom,
        f"{_display(fact.term)}: meaning",
        term=fact.term,
    )


def _statement_parts(ctx: _Ctx, fact: Fact) -> tuple[Term, re.Pattern[str]] | None:
    """The key term of a statement and a pattern that finds it in the sentence."""
    if fact.kind == "list" or not fact.term:
        return None
    key = ctx.vocab.get(fact.term)
    if key is None:
        return None
    pattern = _term_pattern(_forms(key, fact.term))
    if pattern is None or not pattern.search(fact.text):
        return None
    return key, pattern


def _complete_statement(ctx: _Ctx, fid: int) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind != "statement" and fact.form not in ("copula", "means"):
        return None
    parts = _statement_parts(ctx, fact)
    if parts is None or not _fits(fact.text):
        return None
    key, pattern = parts
    blanked = _blank(_sentence(fact.text), pattern, key)
    if blanked.count("___") != 1 or len(content_tokens(blanked.replace("___", ""))) < 3:
        return None
    claim = pattern.sub(" ", fact.text)
    others = _distractor_terms(ctx, key, 3, claim, blanked, group=fact)
    if not others:
        return None
    kind = _kind(ctx, fact, [key.text, *(o.text for o in others)]) or "term"
    stem = f"Which {kind} correctly completes the sentence {_quote(blanked)}?"
    bloom = Bloom.UNDERSTAND
    return _question(
        ctx,
        fact,
        QuestionType.MCQ,
        stem,
        _choices(ctx, [_display(key.text)], [_display(o.text) for o in others]),
        "complete-statement",
        bloom,
        f"{_display(key.text)}: statement",
        term=key.text,
    )


def _statement_text(fact: Fact) -> str:
    """A definition or statement as one true sentence in the slide's words ("" when the
    gloss cannot follow its term in a sentence)."""
    if fact.kind == "statement" or fact.form in ("copula", "means"):
        return _sentence(fact.text)
    pred = predicate(fact.definition)
    if pred is None:
        return ""
    return _sentence(f"{_display(fact.term)} {pred.after(_is_plural(fact.term))}")


def _gloss(definition: str) -> str:
    """A definition to quote inside a sentence: no final period, no capital at the start."""
    gloss = definition.strip().rstrip(".")
    first = gloss.split()[0] if gloss else ""
    if first[:1].isupper() and first[1:].islower() and not re.search(r"\d", first):
        gloss = gloss[0].lower() + gloss[1:]
    return gloss


def _option_statement(fact: Fact, term: str = "") -> str:
    """A fact as a short option: "Term — gloss" or the sentence, optionally with another term."""
    if fact.kind == "statement" or fact.form in ("copula", "means"):
        text = _sentence(fact.text)
        if term:
            pattern = _term_pattern([fact.term])
            if pattern is None or not pattern.search(text):
                return ""
            text = _replace_term(text, pattern, _display(term) if pattern.match(text) else term)
        return text
    pred = predicate(fact.definition)
    name = term or fact.term
    if pred is not None:
        return _sentence(f"{_display(name)} {pred.after(_is_plural(name))}")
    return f"{_display(name)} — {fact.definition.strip().rstrip('.')}"


def _swapped(ctx: _Ctx, fact: Fact) -> tuple[str, Term, Term] | None:
    """The fact's sentence with its key term replaced by a sibling, made to be false."""
    key = ctx.vocab.get(fact.term) if fact.term else None
    if key is None:
        return None
    text = _statement_text(fact)
    pattern = _term_pattern(_forms(key, fact.term))
    if pattern is None or not text:
        return None
    occurrences = pattern.findall(text)
    if len(occurrences) != 1:
        return None
    if fact.kind == "statement" and not pattern.match(text):
        return None  # only swap the subject: "X and Y are ..." swaps make true sentences
    claim = pattern.sub(" ", text)
    match = pattern.search(text)
    if match is None:
        return None
    plural = _is_plural(match.group(0))
    other: Term | None = None
    tried: list[str] = []
    peers = _group_keys(ctx, fact)
    for _ in range(4):
        picked = _distractor_terms(ctx, key, 1, claim, text, exclude=tried, group=fact)
        if not picked:
            break
        if picked[0].key not in peers and picked[0].head != key.head:
            break  # a term of another kind makes a silly statement, not a false one
        if _supported_elsewhere(ctx, claim, picked[0]):
            tried.append(picked[0].text)  # the deck says this of the other term too
            continue
        if _is_plural(picked[0].text) == plural or fact.kind != "statement":
            other = picked[0]
            break
        tried.append(picked[0].text)  # "Summarization rely on ...": a number mismatch
    if other is None:
        return None
    at_start = bool(pattern.match(text)) or fact.kind != "statement"
    swapped = _replace_term(
        text,
        pattern,
        _display(other.text) if at_start else other.text,
        agree=fact.kind == "statement" or fact.form in ("copula", "means"),
    )
    if normalize_option(swapped) == normalize_option(text):
        return None
    return swapped, key, other


def _true_false(ctx: _Ctx, fid: int, want_true: bool) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind == "list" or not fact.term:
        return None
    if (
        fact.kind == "definition"
        and fact.form not in ("copula", "means")
        and not _fits(fact.definition, 200)
    ):
        return None
    text = _statement_text(fact)
    if not text or not _fits(text, 280):
        return None
    if want_true:
        stem, truth = text, True
        feedback = f"True: slide {fact.page} says {_quote(fact.text)}."
        term = fact.term
    else:
        swapped = _swapped(ctx, fact)
        if swapped is None:
            return None
        stem, _, other = swapped
        truth = False
        feedback = (
            f"False: slide {fact.page} says {_quote(fact.text)}; "
            f"“{_display(other.text)}” is a different term."
        )
        term = fact.term
    bloom = Bloom.UNDERSTAND if fact.kind == "statement" else Bloom.REMEMBER
    if ctx.difficulty == Difficulty.HARD and not truth:
        bloom = Bloom.ANALYZE
    choices = (Choice("true", 1.0 if truth else 0.0), Choice("false", 0.0 if truth else 1.0))
    q = _question(
        ctx,
        fact,
        QuestionType.TRUE_FALSE,
        stem,
        choices,
        "true-false",
        bloom,
        f"{_display(term)}: true or false",
        feedback,
        term=term,
    )
    return q


def _short_term(ctx: _Ctx, fid: int) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind != "definition" or not _fits(fact.definition):
        return None
    key = ctx.vocab.get(fact.term)
    if key is None or _words(fact.term) > 4:
        return None
    kind = _kind(ctx, fact, [key.text])
    stem = _which_stem(fact, kind, predicate(fact.definition))
    if not stem:
        return None
    answers = ctx.vocab.variants(fact.term)
    if not answers:
        return None
    choices = tuple(Choice(a, 1.0) for a in answers)
    return _question(
        ctx,
        fact,
        QuestionType.SHORT,
        stem,
        choices,
        "short-term",
        Bloom.REMEMBER,
        f"{_display(fact.term)}: name the term",
        term=fact.term,
    )


def _short_blank(ctx: _Ctx, fid: int) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind != "statement" and fact.form not in ("copula", "means"):
        return None
    parts = _statement_parts(ctx, fact)
    if parts is None or not _fits(fact.text):
        return None
    key, pattern = parts
    if _words(key.text) > 4:
        return None
    blanked = _blank(_sentence(fact.text), pattern, key)
    if blanked.count("___") != 1 or len(content_tokens(blanked.replace("___", ""))) < 3:
        return None
    kind = _kind(ctx, fact, [key.text])
    what = f" with the name of the {kind}" if kind else ""
    stem = f"Fill in the blank{what}: {_quote(blanked)}"
    answers = ctx.vocab.variants(key.text)
    return _question(
        ctx,
        fact,
        QuestionType.SHORT,
        stem,
        tuple(Choice(a, 1.0) for a in answers),
        "short-blank",
        Bloom.UNDERSTAND,
        f"{_display(key.text)}: fill in the blank",
        term=key.text,
    )


def _pairing(ctx: _Ctx, fid: int) -> Question | None:
    """Hard: which term–description pairing is right, among terms glossed side by side."""
    fact = ctx.facts[fid]
    if fact.kind != "definition" or not _fits(fact.definition, 120):
        return None
    group = [
        f
        for f in ctx.facts
        if f.kind == "definition"
        and f is not fact
        and f.slide.deck_id == fact.slide.deck_id
        and (f.page == fact.page or (f.topic == fact.topic and f.form == fact.form))
        and _fits(f.definition, 120)
        and norm_key(f.term) != norm_key(fact.term)
    ]
    if not group:
        return None
    ctx.rng.shuffle(group)
    other = group[0]
    right = f"{_display(fact.term)} — {fact.definition.rstrip('. ')}"
    wrong = [f"{_display(other.term)} — {fact.definition.rstrip('. ')}"]
    wrong.append(f"{_display(fact.term)} — {other.definition.rstrip('. ')}")
    if len(group) > 1:
        third = group[1]
        wrong.append(f"{_display(third.term)} — {other.definition.rstrip('. ')}")
    else:
        key = ctx.vocab.get(fact.term)
        extra = _distractor_terms(ctx, key, 1, fact.definition, right, [other.term]) if key else []
        if not extra:
            return None
        wrong.append(f"{_display(extra[0].text)} — {fact.definition.rstrip('. ')}")
    topic = _context_phrase(fact, fact.term)
    where = f" in {topic}" if topic else ""
    stem = f"Which pairing of term and description is correct{where}?"
    q = _question(
        ctx,
        fact,
        QuestionType.MCQ,
        stem,
        _choices(ctx, [right], wrong),
        "pairing",
        Bloom.ANALYZE,
        f"{_display(fact.term)} vs {_display(other.term)}",
        f"Slide {fact.page}: {_sentence(fact.text)} Slide {other.page}: {_sentence(other.text)}",
        term=fact.term,
    )
    return q


def _false_statement(ctx: _Ctx, fid: int) -> Question | None:
    """Hard: three statements as on the slides and one with a term swapped."""
    fact = ctx.facts[fid]
    swapped = _swapped(ctx, fact)
    if swapped is None:
        return None
    _, key, other = swapped
    false_text = _option_statement(fact, other.text)
    if not _fits(false_text, _MAX_OPTION_CHARS):
        return None
    near = [
        f
        for f in ctx.facts
        if f is not fact
        and f.kind != "list"
        and f.term
        and f.slide.deck_id == fact.slide.deck_id
        and _fits(_option_statement(f), _MAX_OPTION_CHARS)
        and norm_key(f.term) not in (norm_key(fact.term), other.key)
        and other.key not in norm_key(f.text)
    ]
    near.sort(key=lambda f: (abs(f.page - fact.page), f.page))
    trues = [_option_statement(f) for f in near[:3]]
    if len(trues) < 3:
        return None
    topic = _context_phrase(fact, key.text)
    about = f" about {topic}" if topic else ""
    stem = f"Which of the following statements{about} is FALSE?"
    q = _question(
        ctx,
        fact,
        QuestionType.MCQ,
        stem,
        _choices(ctx, [false_text], trues),
        "false-statement",
        Bloom.ANALYZE,
        f"{_display(key.text)}: spot the false statement",
        f"The false statement swaps “{_display(key.text)}” for “{_display(other.text)}”; "
        f"slide {fact.page} says {_quote(fact.text)}.",
        term=key.text,
    )
    return q


def _list_members(ctx: _Ctx, fid: int) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind != "list" or len(fact.items) < 2:
        return None
    members = list(fact.items)
    member_keys = {norm_key(m) for m in members}
    n_right = min(len(members), 3)
    right = members[:n_right] if len(members) <= 3 else ctx.rng.sample(members, n_right)
    # wrong options: members of other lists, then sibling terms of the members
    candidates: list[tuple[float, str]] = []
    slide_words = set(norm_tokens(fact.slide.text))
    for other in ctx.facts:
        if other.kind != "list" or other is fact:
            continue
        closeness = 1.0 if other.topic == fact.topic else 0.5
        if norm_key(other.term).split()[:1] == norm_key(fact.term).split()[:1]:
            closeness += 1.0  # "applications of X" vs "applications of Y"
        for item in other.items:
            if norm_key(item) in member_keys:
                continue
            candidates.append((closeness, item))
    for m in members:
        t = ctx.vocab.get(m)
        if t is None:
            continue
        for sib, score in ctx.vocab.siblings(t, k=10, exclude=members):
            if set(sib.words) <= slide_words:
                continue  # on the list's own slide: may well belong to it
            candidates.append((min(score / 10, 0.49), sib.text))
    # members of other lists first (they are surely not members of this one), then siblings
    if ctx.difficulty == Difficulty.EASY:
        candidates.sort(key=lambda x: (x[0] < 0.5, x[0], x[1]))
    else:
        candidates.sort(key=lambda x: (x[0] < 0.5, -x[0], x[1]))
    wrong: list[str] = []
    for _, item in candidates:
        if any(
            fuzz.token_set_ratio(normalize_option(item), normalize_option(x)) >= 85
            for x in wrong + members
        ):
            continue
        wrong.append(item)
        if len(wrong) == 5 - n_right or (len(wrong) >= 2 and n_right + len(wrong) >= 5):
            break
    if len(wrong) < 2:
        return None
    category = fact.term
    stem = f"Which of the following are {_lower_phrase(category)}? Select all that apply."
    bloom = Bloom.UNDERSTAND if ctx.difficulty != Difficulty.HARD else Bloom.ANALYZE
    return _question(
        ctx,
        fact,
        QuestionType.MULTI,
        stem,
        _choices(ctx, [_display(r) for r in right], [_display(w) for w in wrong]),
        "list-members",
        bloom,
        f"{_display(category)}: select all",
        f"Slide {fact.page} lists {category}: {', '.join(members)}.",
        term=category,
    )


def _pages(pages: Sequence[int]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else "pages " + ", ".join(map(str, pages))


def _focus_form(ctx: _Ctx, term: str) -> str:
    """A focus term as the slides write it ("skip-gram" → "Skip-gram")."""
    t = ctx.vocab.get(term)
    return t.text if t is not None else term


def _assignment(ctx: _Ctx, focus: Sequence[str]) -> Question | None:
    """An assignment on the slides' main topic: the terms one slide group defines together."""
    usable = [f for f in ctx.facts if f.kind in ("definition", "statement") and f.term]
    if len(usable) < 2:
        return None

    def salience(f: Fact) -> float:
        t = ctx.vocab.get(f.term)
        return ctx.vocab.salience(t) if t is not None else 0.0

    # the topic whose slides define the most terms (definitions count double)
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in usable:
        groups[f.topic or ""].append(f)

    def weight(item: tuple[str, list[Fact]]) -> tuple[float, str]:
        topic, facts = item
        terms = {norm_key(f.term) for f in facts}
        defs = sum(1 for f in facts if f.kind == "definition")
        return (len(terms) + defs + (0.5 if topic else 0.0), topic)

    topic, group = max(groups.items(), key=weight)
    pool = sorted(group, key=lambda f: (f.kind != "definition", -salience(f), f.page))
    pool += sorted(
        (f for f in usable if f not in group),
        key=lambda f: (f.kind != "definition", -salience(f), f.page),
    )
    chosen: list[Fact] = []
    if focus:
        # the focus terms first, each with the fact that says most about it
        for term in focus:
            hits = [f for f in usable if matches_focus(f, [term], ctx.vocab)]
            hits.sort(key=lambda f: (norm_key(f.term) != norm_key(term), f.kind != "definition"))
            if hits and hits[0] not in chosen:
                chosen.append(hits[0])
    for f in pool:
        if len(chosen) >= 3:
            break
        if all(norm_key(f.term) != norm_key(c.term) for c in chosen):
            chosen.append(f)
    chosen = chosen[: max(3, len(focus))]
    if len(chosen) < 2:
        return None
    terms = [_display(f.term) for f in chosen]
    if focus:
        terms = [_display(_focus_form(ctx, t)) for t in focus] or terms
        terms = terms if len(terms) >= 2 else [*terms, _display(chosen[1].term)]
    title = ", ".join(focus) if focus else (topic or terms[0])
    pages = sorted({f.page for f in chosen})
    listed = ", ".join(terms[:-1]) + f" and {terms[-1]}"
    first, second = terms[0], terms[1]
    stem = (
        f"Assignment: {title}.\n"
        f"Using the lecture slides ({_pages(pages)}), write a short report "
        f"(about 1,000 words) that:\n"
        f"1. explains {listed} in your own words, citing the slide each idea comes from;\n"
        f"2. compares {first} with {second}: what each is for, how they differ, and when you "
        f"would choose one over the other;\n"
        f"3. works through one small example or experiment of your own (a short program is "
        f"welcome) that shows {first} in use, and discusses what it shows.\n"
        f"Deliverables: the report (PDF) and any code or data you used."
    )
    rubric_lines = [
        f"- {_display(f.term)} (slide {f.page}): "
        + (_sentence(f.definition) if f.kind == "definition" else _sentence(f.text))
        for f in chosen
    ]
    grader = (
        "Rubric (100 points):\n"
        "- Explanations match the slides (40): each term defined correctly in the student's "
        "own words.\n"
        "- Comparison (25): differences and use cases argued, not listed.\n"
        "- Example or experiment (25): runs or is worked through; results interpreted.\n"
        "- Clarity and citations (10).\n"
        "What the slides say:\n" + "\n".join(rubric_lines)
    )
    bloom = Bloom.APPLY if ctx.difficulty != Difficulty.HARD else Bloom.ANALYZE
    return Question(
        type=QuestionType.ESSAY,
        stem=stem,
        title=f"Assignment: {title}"[:120],
        grader_info=grader,
        general_feedback="",
        difficulty=ctx.difficulty,
        bloom=bloom,
        status=Status.DRAFT,
        points=10.0,
        tags=(*_tags(*(f.term for f in chosen)), "assignment"),
        origin=_origin(ctx, "assignment"),
        sources=tuple(SlideRef(f.slide.deck_id, f.page, f.text) for f in chosen),
    )


# --- plans per type and difficulty -----------------------------------------------------------

_Builder = Callable[[_Ctx, int], "Question | None"]


# A figure stated on a slide: a number (not part of a name such as "GPT-3" or a
# version such as "2.8.2") with the unit or thing counted after it, if any.
_FIGURE = re.compile(
    r"(?<![\w.,\-/–^])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.,\-/]*\d)"
    r"(?:(?:\s*|-)(?P<unit>%|×|x\b|[KMBT]\b|GB|MB|TB|KB|ms|µs|[a-zA-Z]{2,14}\b))?"
)
# Words before a number that make it a name or a label ("Step 2", "Python 3", "IBM
# model 1"), not a figure worth asking about.
_LABEL_BEFORE = re.compile(
    r"(?:step|model|version|v|python|episode|lecture|chapter|part|section|figure|fig|table"
    r"|eq|equation|slide|page|week|day|lab|homework|hw|exercise|task|example|case|phase"
    r"|stage|type|level|rule|option|item|no|number|#)\W*$",
    re.IGNORECASE,
)
_UNIT_SYMBOLS = {"%", "×", "x", "K", "M", "B", "T", "GB", "MB", "TB", "KB", "ms", "µs"}
_FIRST_PERSON = re.compile(r"\b(?:I|my|me|our|us)\b")
_NOT_UNITS = {
    "and", "or", "of", "to", "in", "on", "at", "for", "the", "a", "an", "is", "are", "was",
    "by", "with", "from", "as", "vs", "than", "per", "each", "more", "less", "th", "st",
    "nd", "rd", "am", "pm", "et", "al",
}  # fmt: skip


def _figures(text: str) -> list[re.Match[str]]:
    found = []
    for m in _FIGURE.finditer(text):
        num = m.group("num")
        value = float(num.replace(",", ""))
        if 1900 <= value <= 2100 and "." not in num:
            continue  # a year: a question about it tests trivia, not the lecture
        found.append(m)
    return found


def _numerical(ctx: _Ctx, fid: int) -> Question | None:
    """ "How many …": a figure stated in a slide sentence, asked with the rest of it."""
    fact = ctx.facts[fid]
    if fact.kind not in ("statement", "definition") or not _fits(fact.text):
        return None
    sentence = _sentence(fact.text)
    figures = _figures(sentence)
    if len(figures) != 1:  # several figures: which one is asked is unclear
        return None
    m = figures[0]
    unit = m.group("unit") or ""
    if unit.lower() in _NOT_UNITS or not (unit.islower() or unit in _UNIT_SYMBOLS):
        unit = ""  # a word such as "Rnum" is a symbol's name, not what is counted
    num = m.group("num")
    before = sentence[: m.start()]
    last = before.split()[-1] if before.split() else ""
    if (
        not unit  # a bare number counts nothing a student could be asked about
        or sentence.rstrip().endswith("?")  # a question on the slide, not a statement
        or _LABEL_BEFORE.search(last)
        or (len(last) >= 2 and last.strip("(,:").isupper())  # "WSJ 23", "GPT 4"
        or _FIRST_PERSON.search(sentence)  # the lecturer's own details, not the topic
        or not before.strip()  # "10000: a constant…" defines a symbol
    ):
        return None
    blanked = sentence[: m.start()] + "___" + (f" {unit}" if unit else "") + sentence[m.end() :]
    if len(content_tokens(blanked.replace("___", ""))) < 4:
        return None
    stem = f"What number goes in the blank? {_quote(blanked)}"
    value = num.replace(",", "")
    return replace(
        _question(
            ctx,
            fact,
            QuestionType.NUMERICAL,
            stem,
            (Choice(value, 1.0, tolerance=0.0),),
            "numerical-figure",
            Bloom.REMEMBER,
            f"{_display(fact.topic[:60] or 'A figure')}: the number",
        ),
        unit={"x": "×"}.get(unit, unit) if unit in ("x", "×", "%") else "",
    )


def _figure_facts(ctx: _Ctx, focus: Sequence[str]) -> list[Fact]:
    """Every slide line that states one figure: figures sit in tables and bullet
    lines more than in the definitions and statements facts are made of."""
    found: list[Fact] = []
    for slide in ctx.slides:
        for sentence, context in slide_sentences(slide):
            if len(_figures(sentence)) == 1 and is_prose(sentence, min_words=5):
                fact = Fact("statement", "", sentence, "", slide, topic=context, form="figure")
                if not focus or matches_focus(fact, focus, ctx.vocab):
                    found.append(fact)
    return found


def _numericals(ctx: _Ctx, wanted: int, focus: Sequence[str]) -> list[Question]:
    facts = _figure_facts(ctx, focus)
    ctx.rng.shuffle(facts)  # the seed decides which figures are asked about
    made: list[Question] = []
    for fact in facts:
        if len(made) >= wanted:
            break
        ctx.facts.append(fact)
        q = _accept(ctx, _numerical(ctx, len(ctx.facts) - 1), fact)
        if q is not None:
            made.append(q)
    return made


def _plan(qtype: QuestionType, difficulty: Difficulty) -> list[_Builder]:
    if qtype == QuestionType.MCQ:
        if difficulty == Difficulty.EASY:
            return [_term_for_definition, _definition_for_term, _complete_statement]
        if difficulty == Difficulty.MEDIUM:
            return [_definition_for_term, _complete_statement, _term_for_definition]
        return [_pairing, _false_statement, _complete_statement, _term_for_definition,
                _definition_for_term]  # fmt: skip
    if qtype == QuestionType.MULTI:
        return [_list_members]
    if qtype == QuestionType.TRUE_FALSE:
        return [lambda c, i: _true_false(c, i, True), lambda c, i: _true_false(c, i, False)]
    if qtype == QuestionType.SHORT:
        if difficulty == Difficulty.EASY:
            return [_short_term, _short_blank]
        return [_short_blank, _short_term]
    return []  # numerical questions come from `_numericals`, essays from `_assignment`


def _fact_quality(fact: Fact) -> float:
    q = {"definition": 1.0, "list": 0.9, "statement": 0.7}.get(fact.kind, 0.5)
    if fact.form in ("subject",):
        q += 0.1
    if fact.kind == "statement" and not fact.term:
        q -= 0.5
    n = _words(fact.definition)
    if n > 30:
        q -= 0.2
    if n < 3:
        q -= 0.2
    return q


def _difficulty_fit(fact: Fact, difficulty: Difficulty) -> float:
    if difficulty == Difficulty.EASY:
        return 0.3 if fact.kind == "definition" else 0.0
    if difficulty == Difficulty.MEDIUM:
        return 0.3 if fact.kind == "statement" and fact.term else 0.1
    return 0.2 if fact.kind != "list" else 0.0


def matches_focus(fact: Fact, focus: Sequence[str], vocab: Vocabulary | None = None) -> bool:
    """Whether a fact mentions one of the focus terms (fuzzy, case-insensitive)."""
    hay = norm_key(" ".join([fact.term, fact.text, fact.definition, " ".join(fact.items)]))
    padded = f" {hay} "
    for f in focus:
        key = norm_key(f)
        if not key:
            continue
        keys = {key}
        if vocab is not None:
            alt = vocab.expand(f)
            if alt:
                keys.add(norm_key(alt))
        for k in keys:
            if len(k) <= 5:
                if f" {k} " in padded:
                    return True
            elif f" {k} " in padded or fuzz.partial_ratio(k, hay) >= 88:
                return True
    return False


def _order(ctx: _Ctx) -> list[int]:
    """Facts best first, spread over the slides (one per page per round), seed-shuffled."""
    ids = list(range(len(ctx.facts)))
    ctx.rng.shuffle(ids)
    ids.sort(
        key=lambda i: (
            -round(_fact_quality(ctx.facts[i]) + _difficulty_fit(ctx.facts[i], ctx.difficulty), 1)
        )
    )
    by_page: dict[tuple[int, int], list[int]] = defaultdict(list)
    pages: list[tuple[int, int]] = []
    for i in ids:
        key = (ctx.facts[i].slide.deck_id, ctx.facts[i].page)
        if key not in by_page:
            pages.append(key)
        by_page[key].append(i)
    out: list[int] = []
    while any(by_page.values()):
        for key in pages:
            if by_page[key]:
                out.append(by_page[key].pop(0))
    return out


def _accept(ctx: _Ctx, q: Question | None, fact: Fact | None) -> Question | None:
    if q is None:
        return None
    ctx.stats["candidates"] += 1
    issues = validate(q)
    if errors(issues) or any(i.code in _REJECTED_WARNINGS for i in issues):
        ctx.stats["invalid"] += 1
        return None
    if gate(q, ctx.made):
        ctx.stats["rejected by the gate"] += 1
        return None
    gist = _gist(q)
    answer = (q.type, frozenset(normalize_option(a) for a in q.correct_answers))
    if any(fuzz.ratio(gist, s) >= 90 for s in ctx.stems) or (
        q.type != QuestionType.TRUE_FALSE and answer in ctx.answers
    ):
        ctx.stats["duplicate"] += 1
        return None
    g = ground(q, ctx.slides)
    if not g.supported:
        ctx.stats["ungrounded"] += 1
        return None
    ctx.stats["accepted"] += 1
    ctx.stems.append(gist)
    ctx.answers.add(answer)
    ctx.made.append(q)
    return _with_sources(q, g, fact)


def _gist(q: Question) -> str:
    """What a question asks without its template words: the quoted part, else the stem."""
    quoted = re.findall(r"“([^”]+)”", q.stem)
    return normalize_option(" ".join(quoted) if quoted else q.stem)


def _with_sources(q: Question, g: Grounding, fact: Fact | None) -> Question:
    refs: list[SlideRef] = []
    if fact is not None:
        own = [r for r in g.refs if (r.deck_id, r.page) == (fact.slide.deck_id, fact.page)]
        refs.append(own[0] if own else SlideRef(fact.slide.deck_id, fact.page, fact.text))
    for r in g.refs:
        if all((r.deck_id, r.page) != (x.deck_id, x.page) for x in refs):
            refs.append(r)
    return replace(q, sources=tuple(refs[:3]))


def build_drafts(
    slides: Sequence[Slide],
    counts: Mapping[QuestionType, int],
    difficulty: Difficulty,
    focus: Sequence[str] = (),
    seed: int = 0,
    stats: dict[str, int] | None = None,
    reference: Sequence[Slide] = (),
    avoid: Sequence[Question] = (),
) -> list[Question]:
    """Drafts built from the slides' text: at most `counts[type]` of each type.

    Returns fewer when the slides hold fewer good facts (or none for an empty or
    furniture-only selection); never invents an answer that is not slide text.
    `stats`, when given, receives counts: facts, candidates, invalid, duplicate,
    ungrounded, accepted.
    """
    content = [s for s in slides if s.is_content and s.text.strip()]
    if not content or not any(n > 0 for n in counts.values()):
        return []
    facts = extract_facts(content)
    vocab = deck_vocabulary(content, facts=facts)
    focus = [f for f in (x.strip() for x in focus) if f]
    if focus:
        facts = [f for f in facts if matches_focus(f, focus, vocab)]
    ctx = _Ctx(content, facts, vocab, difficulty, seed, random.Random(seed))
    ctx.stats["facts"] = len(facts)
    seen: set[tuple[int | None, int]] = set()
    for slide in [*content, *reference]:
        if (slide.deck_id, slide.page) in seen or not slide.text.strip():
            continue
        seen.add((slide.deck_id, slide.page))
        for sentence, _ in slide_sentences(slide):
            ctx.reference.append((f" {norm_key(sentence)} ", frozenset(content_tokens(sentence))))
    for old in avoid:  # a redraft: never the question it replaces, nor one like it
        ctx.stems.append(_gist(old))
        ctx.answers.add((old.type, frozenset(normalize_option(a) for a in old.correct_answers)))
        ctx.made.append(old)
    order = _order(ctx)
    wanted = {t: int(counts.get(t, 0) or 0) for t in _TYPE_ORDER}
    made: dict[QuestionType, list[Question]] = {t: [] for t in _TYPE_ORDER}
    if wanted[QuestionType.ESSAY] > 0:
        q = _accept(ctx, _assignment(ctx, focus), None)
        if q is not None:
            made[QuestionType.ESSAY].append(q)
    if wanted[QuestionType.NUMERICAL] > 0:
        made[QuestionType.NUMERICAL] = _numericals(ctx, wanted[QuestionType.NUMERICAL], focus)
    # one question per type per round, so every type gets some of the best facts; the
    # second pass may ask about a term again, with another fact or another builder
    for reuse in (False, True):
        turns = dict.fromkeys(_TYPE_ORDER, 0)
        active = [t for t in _TYPE_ORDER if _plan(t, difficulty) and wanted[t] > len(made[t])]
        while active:
            for qtype in list(active):
                q = _next(ctx, qtype, order, reuse, turns[qtype], len(made[qtype]))
                if q is None:
                    active.remove(qtype)
                    continue
                made[qtype].append(q)
                turns[qtype] += 1
                if len(made[qtype]) >= wanted[qtype]:
                    active.remove(qtype)
    if stats is not None:
        stats.update(ctx.stats)
    return [q for t in _TYPE_ORDER for q in made[t]]


_TYPE_ORDER = (
    QuestionType.MCQ,
    QuestionType.MULTI,
    QuestionType.TRUE_FALSE,
    QuestionType.SHORT,
    QuestionType.NUMERICAL,
    QuestionType.ESSAY,
)


def _next(
    ctx: _Ctx, qtype: QuestionType, order: list[int], reuse: bool, turn: int, n_made: int
) -> Question | None:
    """The next acceptable question of a type from the facts in order, or None."""
    plan = _plan(qtype, ctx.difficulty)
    for fid in order:
        fact = ctx.facts[fid]
        if fid in ctx.used:
            continue
        if not reuse and fact.term and norm_key(fact.term) in ctx.asked_terms:
            continue
        builders = plan[turn % len(plan) :] + plan[: turn % len(plan)]
        if qtype == QuestionType.TRUE_FALSE:
            # alternate true and false, reproducibly; the other kind only in the second pass
            want_true = (n_made + ctx.seed) % 2 == 0
            builders = plan[:1] if want_true else plan[1:]
            if reuse:
                builders = plan if want_true else plan[::-1]
        for build in builders:
            q = _accept(ctx, build(ctx, fid), fact)
            if q is not None:
                ctx.used.add(fid)
                if fact.term:
                    ctx.asked_terms.add(norm_key(fact.term))
                return q
    return None

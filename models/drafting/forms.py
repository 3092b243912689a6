"""The question forms built from one fact: which term / what does X do, complete the
sentence, true or false, name the term, fill in the blank, which pairing, which
statement is false, which belong to a list."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from models.drafting.candidates import (
    _MAX_OPTION_CHARS,
    _choices,
    _Ctx,
    _question,
    deck_text,
)
from models.drafting.clues import clue_problem
from models.drafting.distractors import (
    _definitions_by_term,
    _distractor_terms,
    _group_keys,
    _kind,
    bare_noun_head,
)
from models.drafting.fact_checks import vague_gloss
from models.drafting.facts import (
    Fact,
)
from models.drafting.matching import matching_question
from models.drafting.phrasing import (
    KIND_NOUNS,
    Predicate,
    _gerund_clause,
    is_clause,
    kind_from_heading,
    predicate,
    third_person,
)
from models.drafting.pinned import SHORT_NEED, pins_down
from models.drafting.short_keys import (
    key_problem,
    not_a_noun_gloss,
    ranking_gloss,
    symbol_key,
)
from models.drafting.validation import normalize_option
from models.drafting.vocabulary import (
    Term,
)
from models.drafting.wording import (
    _as_subject,
    _display,
    _fits,
    _forms,
    _indefinite,
    _is_plural,
    _lower_phrase,
    _replace_term,
    _sentence,
    _shape,
    _term_pattern,
    _without_aside,
    _words,
    with_article,
)
from models.drafting.words import (
    _singular as _singular_word,
)
from models.drafting.words import (
    content_tokens,
    norm_key,
    norm_tokens,
    verb_lemmas,
    word_rank,
)
from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Question,
    QuestionType,
)


def _subject(fact: Fact, term: str, start: bool = True) -> str:
    """A term as a sentence's subject, with "the" where a count noun needs it."""
    lower = " ".join(term.split()).lower()
    seen = bool(re.search(rf"(?<!\w){re.escape(lower)}(?:s|es)?(?!\w)", fact.slide.text))
    return _as_subject(term, start, lower_seen=seen, context=fact.slide.text)


def _finish_clause(text: str) -> str:
    """A gloss written as a clause, as a sentence: capital first, full stop last."""
    text = " ".join(text.split()).rstrip(" ,;:")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _which_stem(kind: str, pred: Predicate | None) -> str:
    """ "Which pruning method drops entire neurons?" from a gloss and the term's kind;
    "" for a gloss that cannot follow "Which …" (a fragment, not a description)."""
    if pred is None:
        return ""
    return f"Which {kind or 'of the following'} {pred.singular}?"


# "the term (that) economists use for …", "a name given to …": a gloss that says what the
# word is used for, not what the thing is
_META_GLOSS = re.compile(
    r"^(?:the|a)\s+(?:term|name|word|label|expression)\s+(?:(?:that|which)\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:(?:uses?|used|coined)\s+(?:for|to\s+(?:describe|denote|name|refer\s+to))"
    r"|(?:given|applied)\s+to)\s+(?P<what>\S.*)$",
    re.IGNORECASE,
)


def _meta_predicate(gloss: str) -> Predicate | None:
    """ "refers to the notion that employers who pay more …" from "the term that
    economists use for the notion that …": asked as what the term refers to ("Which kind
    of wage is the term that economists use …?" reads as a riddle about words)."""
    m = _META_GLOSS.match(" ".join(_without_aside(gloss).split()).rstrip("."))
    if m is None:
        return None
    what = m.group("what")
    return Predicate(f"refers to {what}", f"refer to {what}", "verb")


def _closed_quotes(gloss: str) -> str:
    """A gloss without the closing quote of a quotation the slide opened before it
    ('… in return."' after '"Efficiency wages" is …'): a stem with one quote mark is
    unbalanced."""
    text = gloss.rstrip()
    if text.count('"') % 2 == 1 and re.search(r'"\.?$', text):
        text = re.sub(r'"(\.?)$', r"\1", text)
    return text


# a gloss naming its head noun, then what sets the term apart: "wage that does not
# respond to …", "a deformation preserving local volume"
_HEAD_THEN = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?P<head>[a-z][a-z-]*)\s+"
    r"(?:(?:that|which|who)\s+(?P<rel>\S.*)|(?P<ing>[a-z]{3,}ing)\s+(?P<obj>\S.*))$",
    re.IGNORECASE,
)


def _kind_clause(kind: str, gloss: str) -> str:
    """What follows "Which <kind>" when the gloss names the kind's own head noun before
    what sets the term apart: "does not respond to tightness" for the kind "kind of wage"
    and the gloss "wage that does not respond to tightness" ("Which kind of wage is the
    wage that …?" says the kind twice); "preserves local volume" for "a deformation
    preserving local volume". "" when the gloss qualifies the head first ("a linear
    model that …": the qualifier is part of the answer) or the clause has no verb first
    ("wage that employers pay": its subject comes first)."""
    if not kind:
        return ""
    m = _HEAD_THEN.match(" ".join(_without_aside(gloss).split()).rstrip("."))
    if m is None:
        return ""
    head = m.group("head").lower()
    if _singular_word(head) != head or head != _singular_word(kind.split()[-1].lower()):
        return ""
    if m.group("rel"):
        rest = m.group("rel")
        first = rest.split()[0].lower()
        # right after "that" a word in "-s" with a verb reading is the verb ("raises")
        if first in _FINITE_SINGULAR or (first.endswith("s") and verb_lemmas(first)):
            return rest
        return ""
    ing = m.group("ing").lower()
    lemmas = verb_lemmas(ing)
    if not lemmas:
        return ""
    return f"{third_person(lemmas[0])} {m.group('obj')}"


_FINITE_SINGULAR = frozenset("is was has does can could may might must will would should".split())


def _bare_noun_predicate(gloss: str) -> Predicate | None:
    """ "is the fraction of administered drug entering general circulation" from a gloss
    written without its article; the head is qualified after it ("of …", "to which …"),
    so the definite article reads as a teacher would write it."""
    if not bare_noun_head(gloss):
        return None
    text = _without_aside(gloss).strip().rstrip(".")
    text = text[:1].lower() + text[1:] if text[1:2].islower() else text
    return Predicate(f"is the {text}", f"are the {text}", "noun")


def _describe_stem(fact: Fact, others: Sequence[Fact]) -> tuple[str, str, list[str]]:
    """ "What does X do?" with glosses as predicates when all share one shape, else
    "Which of the following best describes X?" with the glosses as written."""
    name = _subject(fact, fact.term, start=False)
    plural = _is_plural(fact.term)
    preds = [predicate(f.definition) for f in (fact, *others)]
    shapes = {p.shape if p is not None else "other" for p in preds}
    if len(shapes) == 1 and preds[0] is not None:
        shape = preds[0].shape
        texts = [p.singular for p in preds if p is not None]
        if shape == "verb":
            do = "do" if plural else "does"
            stem = f"What {do} {name} do?"
            texts = (
                [_display(p.plural) for p in preds if p is not None]
                if plural
                else [_display(t) for t in texts]
            )
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
    if symbol_key(fact.term) or ranking_gloss(fact.term, fact.definition):
        return None  # "Dijkl" is asked the other way; "the cheapest …" depends on context
    # three options of one kind beat four with one from elsewhere (which gives itself away)
    others = _distractor_terms(
        ctx, key, 3, fact.definition, fact.definition, group=fact
    ) or _distractor_terms(ctx, key, 2, fact.definition, fact.definition, group=fact)
    if not others:
        return None
    kind = _kind(ctx, fact, [key.text, *(o.text for o in others)])
    gloss = _closed_quotes(fact.definition)
    clause = _kind_clause(kind, gloss)
    stem = (
        f"Which {kind} {clause}?"
        if clause
        else _which_stem(
            kind,
            _meta_predicate(gloss) or predicate(gloss, lexicon=True) or _bare_noun_predicate(gloss),
        )
    )
    if not stem and kind and _general_clause(fact.definition) and _fits(fact.definition, 200):
        # "Atomicity: The set of operations … is executed as a block": the gloss is a
        # sentence of its own, asked as it stands, then which of its kind it describes
        stem = f"{_finish_clause(fact.definition)} Which {kind} is this?"
    if not stem:
        return None  # a gloss that cannot follow "Which …" is a fragment, not a description
    if _names_its_key(ctx, stem, key):
        return None
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


def _term_for_statement(ctx: _Ctx, fid: int) -> Question | None:
    """ "Which tokenizer treats every character, spaces included, in the same way?" from a
    slide sentence that opens with the term and goes on with what it does; its peers as
    the wrong options (none of them named in the sentence or said elsewhere to do it)."""
    fact = ctx.facts[fid]
    if fact.kind != "statement" or fact.form != "subject" or not fact.term:
        return None
    # the term as the slide's subject, in the plural too ("Transformers rely on …")
    m = re.match(
        rf"^(?:(?:the|a|an)\s+)?{re.escape(fact.term)}(?:e?s)?\s+(?P<rest>.+)$",
        fact.text,
        re.IGNORECASE,
    )
    if m is None:
        return None
    # the claim without its closing example (", e.g., Tasmania is …": the slide's picture)
    rest = _without_aside(m.group("rest")).rstrip(".")
    # the slides' frequent verbs only: with any verb the lexicon knows, short class claims
    # ("CE routers send normal IP packets") outranked the specific ones on the tune decks
    pred = predicate(rest) or _modal_predicate(rest)
    if pred is None or pred.shape != "verb" or not _fits(rest):
        return None  # "X is …" sentences are glosses, asked as definitions
    key = ctx.vocab.get(fact.term)
    if key is None or _words(key.text) > 6:
        return None
    others = _distractor_terms(ctx, key, 3, rest, fact.text, group=fact) or _distractor_terms(
        ctx, key, 2, rest, fact.text, group=fact
    )
    if not others:
        return None
    kind = _kind(ctx, fact, [key.text, *(o.text for o in others)])
    if not kind:
        return None  # "Which of the following uses …" over a sentence: too loose to pin one
    stem = _which_stem(kind, pred)
    if _names_its_key(ctx, stem, key):
        return None
    return _question(
        ctx,
        fact,
        QuestionType.MCQ,
        stem,
        _choices(ctx, [_display(fact.term)], [_display(o.text) for o in others]),
        "term-for-statement",
        Bloom.UNDERSTAND,
        f"{_display(fact.term)}: what it does",
        term=fact.term,
    )


def _names_its_key(ctx: _Ctx, stem: str, key: Term) -> bool:
    """Whether a "Which …?" stem names its own key, in any number or by its acronym or
    expansion ("… one routing table per VPN attached to PE router …" keyed "PE routers")."""
    folded = f" {norm_key(stem)} "
    names = {key.key, *(norm_key(v) for v in ctx.vocab.variants(key.text))}
    return any(n and f" {n} " in folded for n in names)


_MODAL = re.compile(r"^(?:can|may|must|should|will|might|could)\s+(?!not\b|never\b)[a-z]", re.I)


def _modal_predicate(rest: str) -> Predicate | None:
    """ "can only be attached to one or more PE routers": a modal verb phrase reads the same
    after a singular or a plural subject ("Which kind of router can …?"); a negated one
    ("cannot", "may not") would make a negative stem, so none."""
    if not _MODAL.match(rest):
        return None
    text = " ".join(rest.split())
    return Predicate(text, text, "verb")


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
    # glosses of things of another kind ("What does the forget gate do?" answered among
    # fixes for exploding gradients) give the key away: the key's peers only
    if len(picked) < 3 or any(norm_key(c.term) not in peers for c in picked):
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


def _statement_text(fact: Fact) -> str:
    """A definition or statement as one true sentence in the slide's words ("" when the
    gloss cannot follow its term in a sentence)."""
    if fact.kind == "statement" or fact.form in ("copula", "means"):
        text = _sentence(_without_aside(fact.text))
        term = " ".join(fact.term.split())
        if term and text.lower().startswith(term.lower() + " "):
            # "Random experiment is …" as a slide jots it: "The random experiment is …"
            subject = _subject(fact, term)
            # one word as written ("Copyleft is a …") takes an article only where the deck
            # shows it countable: with_article's call
            if subject.startswith("The ") and " " in term:
                text = _classified(subject, text[len(term) :].lstrip())
        return with_article(text, fact.slide.text)
    gloss = _without_aside(fact.definition)
    if is_clause(gloss):
        return ""  # "Alternative hypothesis: the map idea suggested that …" is no "X is …"
    pred = predicate(gloss)
    if pred is None:
        return ""
    return _sentence(_classified(_subject(fact, fact.term), pred.after(_is_plural(fact.term))))


def _classified(subject: str, rest: str) -> str:
    """ "A postcondition is an exported assertion": a sentence saying what kind of thing a
    count noun is reads as a definition with "a"/"an", not "the" ("The forget gate
    controls …" keeps it)."""
    words = subject.split()
    if (
        len(words) >= 2
        and words[0] == "The"
        and re.match(r"is an?\s", rest)
        and not {w.lower() for w in words[1:]} & {"of", "for", "in", "on", "to", "with"}
    ):
        return f"{_indefinite(words[1]).capitalize()} {' '.join(words[1:])} {rest}"
    return f"{subject} {rest}"


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
        return with_article(text, fact.slide.text)
    pred = predicate(fact.definition)
    name = term or fact.term
    if pred is not None:
        return _sentence(_classified(_subject(fact, name), pred.after(_is_plural(name))))
    return f"{_display(name)} — {fact.definition.strip().rstrip('.')}"


def _kind_of_head(key: Term) -> str:
    """ "kind of pruning" for "Magnitude pruning": what a two-or-more-word term with a
    common-noun head is a kind of; "concept" when the term says nothing of its kind."""
    words = key.text.split()
    if "of" in (w.lower() for w in words[1:-1]):
        words = words[: [w.lower() for w in words].index("of", 1)]  # "Statistic of interest"
        if len(words) == 1 and words[0].isalpha() and word_rank(words[0].lower()) < 50_000:
            return f"kind of {_singular_word(words[0].lower())}"
    head = words[-1] if len(words) >= 2 else ""
    if head.isalpha() and head.islower() and word_rank(head) < 50_000:
        return f"kind of {_noun_singular(head)}"
    return "concept"


# head nouns that name a category whatever the deck ("Avalanche effect" is a kind of effect)
_CATEGORY_HEADS = KIND_NOUNS | frozenset(
    "effect bias fallacy test distribution process theory hypothesis design paper".split()
)
# a head that names an activity or a quality is a category ("Magnitude pruning",
# "Structured sparsity"); a thing's head often is not ("Trojan horse", "Wave front")
_ABSTRACT_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "sis", "ism")


def _general_clause(gloss: str) -> bool:
    """A gloss that is a sentence stating what always holds; one in the past tense tells
    of one case ("The keyboard map idea suggested that …" labelled "Alternative
    hypothesis" in a study: a role, not a name, round 13)."""
    past = re.search(r"\b(?:was|were|had|did)\b|\b[a-z]{3,}ed\s+that\b", gloss, re.IGNORECASE)
    return is_clause(gloss) and past is None


def _named_category(ctx: _Ctx, fact: Fact, key: Term) -> str:
    """What a short answer's term is a kind of, in the deck's words: its list heading
    ("Sampling methods" → "sampling method") or its head noun when the deck names other
    terms of that head ("Quota sampling" beside "Cluster sampling" → "sampling"); ""
    when neither holds ("Trojan horse" is no kind of horse, "Wave front" no kind of front)."""
    kind = kind_from_heading(fact.topic) if fact.topic else ""
    named = kind.split()[-1] if kind else ""  # "Web pages" is a topic, "Sampling designs" a kind
    if not (named in _CATEGORY_HEADS or named.endswith(_ABSTRACT_ENDINGS)):
        kind = ""
    if kind and not set(norm_key(kind).split()) & set(key.words) and _words(kind) <= 4:
        return kind
    words = key.text.split()
    head = words[-1] if len(words) >= 2 else ""
    if not (head.isalpha() and head.islower() and len(head) >= 4):
        return ""
    abstract = head.endswith(_ABSTRACT_ENDINGS) or head in _CATEGORY_HEADS
    # another term of the deck with this head ("Cluster sampling" beside "Quota sampling")
    peer = any(t.key != key.key and len(t.words) >= 2 and t.head == key.head for t in ctx.vocab)
    return f"kind of {_noun_singular(head)}" if kind or abstract or peer else ""


def _noun_singular(word: str) -> str:
    """ "keys" → "key", "effects" → "effect": the lexicon's noun lemma when it has one."""
    from lemminflect import getLemma  # loaded with the verb lexicon, on first drafting use

    lemmas = getLemma(word, upos="NOUN")
    return lemmas[0] if lemmas else _singular_word(word)


def _short_term(ctx: _Ctx, fid: int) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind != "definition" or not _fits(fact.definition):
        return None
    key = ctx.vocab.get(fact.term)
    if key is None or _words(fact.term) > 4:
        return None
    gloss = _without_aside(fact.definition)
    pred = predicate(gloss)
    kind = _named_category(ctx, fact, key)
    noun_gloss = pred is not None and pred.shape == "noun"
    if noun_gloss and vague_gloss(gloss):
        return None  # "an alternative approach": any term of the deck could be meant
    if key_problem(fact.term, gloss, (deck_text(ctx, fact.slide.deck_id),)):
        return None  # "Traditional solution", "couple of approaches": no term to type
    if noun_gloss and not_a_noun_gloss(gloss):
        return None  # "a bit easier with …": the gloss says what nothing is
    if noun_gloss and not pins_down(ctx, fact, key, gloss, SHORT_NEED):
        # "What is the term for a data structure that maps keys to values?": no kind
        # narrows it, and the deck says those words of many things (round 27)
        return None
    if noun_gloss and pred is not None:
        # "Trojan horse: a computer program that hides …" → "What is the term for a
        # computer program that hides …?": the gloss names the thing; "Name the kind of
        # horse that …" gave half the answer away (rounds 12-14: 0% usable)
        stem = f"What is the term for {pred.singular[len('is ') :]}?"
    elif pred is not None and kind:
        stem = f"Which {kind} {pred.singular}?"  # "Which sampling method searches …?"
    elif (_general_clause(gloss) or _gerund_clause(gloss)) and kind and _fits(gloss, 200):
        # "Avalanche effect: changing a single bit of the input affects every bit of the
        # output": the gloss is a sentence, asked as it stands, then what its term names
        stem = f"{_finish_clause(gloss)} What is this {kind.removeprefix('kind of ')} called?"
    else:
        return None  # "Name the concept that adds functionality …": any answer fits
    if clue_problem(gloss, fact.term, kind.removeprefix("kind of "), stem.endswith(" called?")):
        return None  # "The male does all the nesting … What is this fish called?" (round 31)
    answers = ctx.vocab.variants(fact.term)
    if not answers:
        return None
    modifier = " ".join(fact.term.split()[:-1])
    if f"kind of {_noun_singular(key.head)}" in stem and len(modifier) >= 3:
        # "Which kind of pruning drops …?" is answered "Magnitude" as well as in full
        answers = [*answers, modifier]
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


def _glossed_beside(ctx: _Ctx, fact: Fact) -> list[Fact] | None:
    """The definitions glossed side by side with `fact`, in one form ("X – does …" lines
    of one slide or heading): its peers, which pairing and matching are built from; None
    when `fact` is no short gloss ("MoE models activate …" is a sentence of its own)."""
    if fact.kind != "definition" or not _fits(fact.definition, 120):
        return None
    if predicate(fact.definition) is None:
        return None
    return [
        f
        for f in ctx.facts
        if f.kind == "definition"
        and f is not fact
        and f.slide.deck_id == fact.slide.deck_id
        and (f.page == fact.page or f.topic == fact.topic)
        and f.form == fact.form
        and _fits(f.definition, 120)
        and norm_key(f.term) != norm_key(fact.term)
        and predicate(f.definition) is not None
    ]


def _pairing(ctx: _Ctx, fid: int) -> Question | None:
    """Hard: which term–description pairing is right, among terms glossed side by side."""
    fact = ctx.facts[fid]
    group = _glossed_beside(ctx, fact)
    if group is None:
        return None
    if len(group) < 3:
        return None  # four pairs, each term and each description once: no pattern to spot
    ctx.rng.shuffle(group)
    others = group[:3]
    other = others[0]
    right = f"{_display(fact.term)} — {fact.definition.rstrip('. ')}"
    # each other term with the next one's description (a cycle): every term and every
    # description appears once, so only knowing the pairs finds the key
    wrong = [
        f"{_display(f.term)} — {others[(i + 1) % 3].definition.rstrip('. ')}"
        for i, f in enumerate(others)
    ]
    kind = _kind(ctx, fact, [fact.term, *(f.term for f in others)])
    stem = f"Which {kind or 'term'} is paired with its correct description?"
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


def _matching(ctx: _Ctx, fid: int) -> Question | None:
    """A matching question from the term–gloss list of the fact's slide (see matching)."""
    return matching_question(ctx, fid)


def _kind_noun(category: str) -> str:
    """The head noun of a list's heading kind ("learning algorithms" → "algorithm"), "" if
    the heading names no kind of thing."""
    kind = kind_from_heading(category)
    words = norm_tokens(re.split(r"\s(?:of|to|for|in|on|with|from)\s", kind)[0]) if kind else []
    return words[-1] if words else ""


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
    kind = _kind_noun(fact.term)
    if not kind:
        return None  # "Which of the following are limitations?": no kind to be one of
    member_heads = {t.head for t in (ctx.vocab.get(m) for m in members) if t is not None}
    for other in ctx.facts:
        if other.kind != "list" or other is fact or _kind_noun(other.term) != kind:
            continue  # members of a list of other things are not wrong options, just odd
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
            if sib.head not in member_heads:
                continue  # of another kind than the members
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

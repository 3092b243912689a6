"""Wrong options of the key's own kind: its peers under the same heading first, then
terms of its family, then (when these are too few) terms glossed elsewhere in the deck
in the key's shape and number and close in meaning; never a term the deck says the same
thing of; and the kind itself, named in the deck's words."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from models.drafting.candidates import (
    _FAMILY_SCORE,
    _Ctx,
)
from models.drafting.facts import (
    Fact,
)
from models.drafting.option_kinds import DeckPhrases, label_option, narrower, part_of_kind
from models.drafting.phrasing import (
    KIND_NOUNS,
    contrary,
    is_clause,
    kind_from_heading,
    kind_from_shared_head,
    predicate,
)
from models.drafting.pinned import said_of_other
from models.drafting.slide_units import slide_units
from models.drafting.term_embeddings import ranked_siblings
from models.drafting.validation import normalize_option
from models.drafting.vocabulary import (
    Term,
)
from models.drafting.word_class import same_class
from models.drafting.wording import (
    _coverage,
    _without_aside,
)
from models.drafting.words import (
    FUNCTION_WORDS,
    _singular,
    content_tokens,
    lexicon_readings,
    norm_key,
    norm_tokens,
    verb_lemmas,
    verb_only,
)
from storage.domain import (
    Difficulty,
    Slide,
)

# --- choosing wrong options -----------------------------------------------------------------


def _says(claim_tokens: Sequence[str], bag: set[str] | frozenset[str]) -> bool:
    """Whether a sentence (its content words) says the claim: most of its words."""
    shared = _coverage(claim_tokens, set(bag))
    return shared >= 0.5 or (len(claim_tokens) <= 4 and shared >= 0.34)


def _claim_tokens(claim: str, other: Term) -> list[str]:
    return [t for t in content_tokens(claim) if t not in set(other.words)]


def _could_also_be_right(ctx: _Ctx, other: Term, claim: str) -> bool:
    """Whether the selected slides say of `other` what the question says of the key."""
    tokens = _claim_tokens(claim, other)
    return bool(tokens) and any(
        _says(tokens, set(content_tokens(s))) and not contrary(claim, s)
        for s in ctx.vocab.mentions(other)
    )


def _supported_elsewhere(ctx: _Ctx, claim: str, other: Term) -> bool:
    """Whether any sentence of the reference decks says `claim` of `other`: then a
    statement that swaps `other` in is not false, and must not be used as false."""
    tokens = _claim_tokens(claim, other)
    if not tokens:
        return True
    names = [n for n in (norm_key(v) for v in ctx.vocab.variants(other.text)) if n]
    names = names or [other.key]
    return any(
        _says(tokens, bag)
        for folded, bag in ctx.reference
        if any(f" {n} " in folded for n in names)
    )


def _shape_ok(key: Term, other: Term) -> bool:
    """Options should look alike: acronyms with acronyms, phrases with phrases."""
    if key.is_acronym != other.is_acronym and not (key.expansion or other.expansion):
        return False
    if not same_class(key.text, other.text):
        return False  # "Short-term" beside "Taylor expansion": an adjective among nouns
    kw, ow = len(key.words), len(other.words)
    return abs(kw - ow) <= 2 and len(other.text) <= 60


def _both_names(a: Term, b: Term) -> bool:
    """Two one-word names with a capital ("SmoothQuant", "AWQ", "Flamingo", "GPT-4V"):
    names of methods or models look alike as options, acronym or not; used among the
    key's peers only, where the heading vouches for their kind."""
    return all(
        len(t.text.split()) == 1 and t.text[:1].isupper() and len(t.text) <= 20 for t in (a, b)
    )


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
    for other, score in ranked_siblings(ctx, key, 60, banned):
        if f" {normalize_option(other.text)} " in stem_norm:
            continue
        if any(len(w) >= 5 and w[:6] in claim_stems for w in other.words if w not in key.words):
            # "quantization" for "quantize both weights ...": echoes the claim; a word the
            # key has too ("… Models" beside "Hidden Markov Models" for "Model language
            # as …") cues no option over another
            continue
        if not _shape_ok(key, other) and not (
            group is not None and _both_names(key, other) and same_class(key.text, other.text)
        ):
            continue
        if figure_label(other.text):
            continue  # "Figure 20: A single step of AutoGPT (…)": a caption, no term
        if label_option(other.text) or part_of_kind(key.words, other.words):
            continue  # "Components of deformation", "Recall OS files"; "Index key"
        phrases = deck_phrases(ctx)
        if phrases.named_as_class(other.key) or phrases.cross_classified(key.words, other.words):
            continue  # "kind of DBMS file" for "Heap files"; "a primary flat index"
        if _other_level(ctx, key, other):
            continue  # "False positive rate" under "Error rates: …": both are right
        if _names_the_group(other, key):
            continue  # "LSTM gates" names the group "Output gate" is in, not a peer
        if _same_words(other, key):
            continue  # "Seismic wave velocities" beside "Seismic velocities": one thing
        if _kind_of(ctx, other, key) or _kind_of(ctx, key, other):
            continue  # "Love waves: surface waves that …" is no wrong option to "Surface waves"
        if _umbrella(ctx, key, other) or _listed_with(ctx, key, other):
            continue  # "Seismic waves" or "Love waves" beside "Surface waves"
        if _heading_genus(ctx, key, other, group):
            continue  # "Language model" beside "Transformer models" under "… language modeling …"
        if _joined(ctx, key, other):
            continue  # "Fault/Failure: …": the deck says it of both
        if _could_also_be_right(ctx, other, claim) or said_of_other(ctx, key, other, claim):
            continue
        if not _glossed_alike(ctx, key, other):
            continue  # "an EU regulation" beside practices glossed "claiming …" (round 22)
        if re.match(r"non\b|non-", other.key) and not re.match(r"non\b|non-", key.key):
            continue  # "Non-random sampling" holds "Convenience sampling": an umbrella
        if (
            group is not None
            and group.topic
            and f" {norm_key(group.topic)}".endswith(f" {other.key}")
        ):
            continue  # "Web scraping", the heading "Screen scraping" is glossed under
        pool.append((other, score))
    if len(pool) < n:
        return []
    if group is not None:
        # only the same kind of thing: the key's peers (glossed or listed under the same
        # heading) first, then terms with its head noun ("… quantization"); a merely
        # similar-looking term (an acronym beside an acronym: "GPU" for "AWQ") is not one
        peers = _group_keys(ctx, group)
        bonus = max((score for _, score in pool), default=0.0) + 1.0
        kin = [
            (t, score + (bonus if t.key in peers else 0.0))
            for t, score in pool
            if t.key in peers or (_same_head(key, t) and score >= _FAMILY_SCORE)
        ]
        if len(kin) < 2:
            # too few peers for any question (real decks gloss a term or two a slide):
            # terms glossed elsewhere in the deck, of the key's kind, fill in; never
            # beside peers enough for a question, which show the kind better
            taken = {t.key for t, _ in kin}
            extra = [(t, s) for t, s in pool if t.key not in taken and _kin(ctx, key, t)]
            if extra:
                # among them a peer named in another number stands out ("Sublingual
                # and rectal routes" beside "Hepatic extraction", "Clearance")
                kin = [p for p in kin if _plural_name(p[0]) == _plural_name(key)] + extra
        pool = sorted(kin, key=lambda p: -p[1])
        if len(pool) < n:
            return []
    top = pool[0][1]
    # Only the key's family is a wrong option at any level: raters called options of
    # another kind ("Interviewer bias" beside "Likert scale") a giveaway in every round
    family = (
        pool if group is not None else [p for p in pool if p[1] >= max(_FAMILY_SCORE, 0.5 * top)]
    )
    if ctx.difficulty == Difficulty.HARD:
        ordered = family  # the closest siblings
    elif ctx.difficulty == Difficulty.MEDIUM:
        # the same family, not always the very closest
        head = family[: n + 2]
        ctx.rng.shuffle(head)
        ordered = head + family[n + 2 :]
    else:
        ordered = family[::-1]  # the family's members least like the key
    chosen: list[Term] = []
    for other, _ in ordered:
        if any(
            _nested(other, c)
            or _same_words(other, c)
            or fuzz.ratio(other.key, c.key) >= 90
            or _other_level(ctx, c, other)
            for c in chosen
        ):
            continue
        chosen.append(other)
        if len(chosen) == n:
            break
    return chosen if len(chosen) == n else []


# words that end the head noun phrase of a noun gloss ("an EU regulation that …")
_GLOSS_HEAD_END = frozenset(
    "that which who whose where when for of to in on with from by used based as "
    "between within without over under into".split()
)


def deck_phrases(ctx: _Ctx) -> DeckPhrases:
    """The decks' sentences as `option_kinds` reads them, made once per run."""
    if ctx.phrases is None:
        sentences = [folded for folded, _ in ctx.reference] or [
            f" {norm_key(line)} " for slide in ctx.slides for line in slide.text.splitlines()
        ]
        ctx.phrases = DeckPhrases(sentences, [slide.text for slide in ctx.slides])
    return ctx.phrases


def _other_level(ctx: _Ctx, a: Term, b: Term) -> bool:
    """Whether two terms are not two things of one level: one names a kind of the other
    by its words ("Stratified random sampling", "Random sampling"), the deck says one is
    a kind, member or another name of the other, or lists one under the other as a
    heading. As two options, both are right answers (round 29: "False positive rate"
    beside the key "Error rates")."""
    if narrower(a.words, b.words) or narrower(b.words, a.words):
        return True
    if deck_phrases(ctx).said_same_or_kind(a.key, b.key):
        return True
    return (a.key, b.key) in _listed(ctx) or (b.key, a.key) in _listed(ctx)


def _listed(ctx: _Ctx) -> frozenset[tuple[str, str]]:
    """(heading, item) keys of the decks' lists, made once per run: asked of every pair
    of candidate options."""
    if ctx.listed is None:
        ctx.listed = frozenset(
            (norm_key(f.term), norm_key(i)) for f in ctx.facts if f.kind == "list" for i in f.items
        )
    return ctx.listed


_FIGURE_LABEL = re.compile(
    r"(?:fig(?:ure)?|tab(?:le)?|slide|chart|exhibit|listing|eq(?:uation)?|box)\.?\s*"
    r"[0-9]+(?:[.-][0-9]+)*[a-z]?",
    re.IGNORECASE,
)


def figure_label(text: str) -> bool:
    """Whether a "term" is the label of a figure, table or slide ("Figure 20", "Tab. 3.1"):
    the line it heads is a caption, and the label no wrong option to any key."""
    return _FIGURE_LABEL.fullmatch(text.strip()) is not None


def _gloss_kind(ctx: _Ctx, term: Term) -> tuple[str, str] | None:
    """The shape of the deck's gloss of `term` and, for a noun gloss, its head noun:
    ("noun", "regulation") for "an EU regulation that …", ("gerund", "") for "claiming
    the user owes a bill"; None when the deck glosses it in no shape we read."""
    fact = _definitions_by_term(ctx).get(term.key)
    if fact is None:
        return None
    gloss = _without_aside(fact.definition)
    pred = predicate(gloss)
    if pred is None and (head := bare_noun_head(gloss)):
        return ("bare", head)
    if pred is None:
        # "claiming the user owes …", "falsely displaying …": an act, whatever follows
        first = [w for w in gloss.lower().split()[:2] if not w.endswith("ly")][:1]
        act = bool(first) and first[0].endswith("ing") and bool(verb_lemmas(first[0]))
        if act:
            return ("gerund", "")
        return ("instances", "") if _instances(gloss) else None
    if pred.shape != "noun":
        return (pred.shape, "")
    words: list[str] = []
    for w in re.split(r"[\s,;:()–—-]+", gloss.lower())[1:]:  # the article first
        if not w or w in _GLOSS_HEAD_END:
            break
        readings = lexicon_readings(w)
        if words and "VERB" in readings and "NOUN" not in readings:
            break  # "a processor built by …": the participle starts the modifier
        words.append(w)
    head = _singular(words[-1]) if words and words[-1].isalpha() else ""
    return ("noun", head)


def _instances(gloss: str) -> bool:
    """Whether a gloss only lists things by name, in the plural ("chatbots and
    assistants", "buses, trams and trains"): what follows a section label over its
    examples ("(7) Customer service: …", round 22), not a description of a concept."""
    parts = [p.split() for p in re.split(r"\s*(?:,|;|\band\b|\bor\b)\s*", gloss.lower()) if p]
    return len(parts) >= 2 and all(
        1 <= len(p) <= 3
        and not any(w in FUNCTION_WORDS for w in p)
        and p[-1].endswith("s")
        and not p[-1].endswith("ss")
        and "NOUN" in (lexicon_readings(p[-1]) or {"NOUN": ()})  # a name the lexicon lacks
        for p in parts
    )


def _glossed_alike(ctx: _Ctx, key: Term, other: Term) -> bool:
    """Whether the deck's glosses let `other` be the same kind of thing as `key`: a
    term glossed as a thing ("an EU regulation …") and one glossed as an act ("claiming
    …", "presenting …") are not; nor two things of other head nouns ("a regulation",
    "a sanction"). Terms of one head noun ("Likert scale", "Visual analog scale") are
    alike whatever their glosses say; a term the deck does not gloss is not judged."""
    if _same_head(key, other) or key.head == other.head:
        return True
    a, b = _gloss_kind(ctx, key), _gloss_kind(ctx, other)
    glossed = _definitions_by_term(ctx)
    if (
        key.key in glossed
        and other.key in glossed
        and (a is not None and a[0] == "instances") != (b is not None and b[0] == "instances")
    ):
        return False  # "Customer service: chatbots and assistants" heads a domain
    if a is None or b is None:
        return True
    if _shape_class(a) != _shape_class(b):
        return False
    return a[0] != "noun" or b[0] != "noun" or not (a[1] and b[1]) or a[1] == b[1]


def _shape_class(kind: tuple[str, str]) -> str:
    """A gloss with its article ("a fraction of …") and without ("fraction of …") are
    both a thing; their head nouns are compared only with the article, as a bare gloss
    most often opens with a measure ("degree", "rate", "fraction") of the thing itself.
    A verb and a gerund are both an act ("move to a lowest neighbor", "taking some
    random steps")."""
    if kind[0] in ("noun", "bare"):
        return "noun"
    return "act" if kind[0] in ("verb", "gerund") else kind[0]


# Cosine (term and the start of its gloss, MiniLM) from which a term glossed under
# another heading is close enough to the key's topic: the pharmacokinetic quantities of
# one deck ("Bioavailability", "Clearance", "Hepatic extraction") are 0.45–0.67 apart.
# The cosine does not tell kinds apart (peers of one kind score 0.05: "Random restart",
# "Greedy descent"; a model beside a quantity 0.56): the gloss shape and number do.
KIN_COSINE = 0.42


def _kin(ctx: _Ctx, key: Term, other: Term) -> bool:
    """Whether a term glossed anywhere in the deck is a wrong option of the key's kind
    though no heading files them together (real decks gloss one or two terms a slide):
    both glossed in one shape the glosses tell (two things, two acts), both named in one
    number, and close in meaning. Without term vectors, none is."""
    space = ctx.term_space
    if space is None or other.head == key.head:
        return False  # one head noun: a kind beside a kind, or not (_same_head)
    a, b = _gloss_kind(ctx, key), _gloss_kind(ctx, other)
    if a is None or b is None or "instances" in (a[0], b[0]):
        return False
    if _shape_class(a) != _shape_class(b) or not _glossed_alike(ctx, key, other):
        return False
    if _plural_name(key) != _plural_name(other):
        return False  # "Pharmacokinetic models" is no quantity beside "Clearance"
    cosine = space.cosine(key, other)
    return cosine is not None and cosine >= KIN_COSINE


def _plural_name(term: Term) -> bool:
    last = term.text.split()[-1].lower() if term.text.split() else ""
    return not term.is_acronym and _singular(last) != last


def bare_noun_head(gloss: str) -> str:
    """The head noun of a gloss written as a noun phrase without its article, followed
    by what qualifies it: "fraction of administered drug entering general circulation"
    → "fraction", "degree to which drug is removed …" → "degree"; "" for any other
    shape: a verb phrase, a clause, properties in a row ("early implementation, very
    lightweight"), modifiers alone ("one-, two-, multi-compartment")."""
    text = re.sub(r"\s*\([^)]*\)", "", " ".join(_without_aside(gloss).split())).rstrip(".")
    if not text or re.search(r"[;:,]", text) or predicate(text) is not None or is_clause(text):
        return ""
    words = text.lower().split()
    for i, w in enumerate(words[:4]):
        if w in _GLOSS_HEAD_END:
            head = words[i - 1] if i else ""
            readings = lexicon_readings(head)  # none for a word the lexicon lacks
            if not head or (readings and "NOUN" not in readings) or _singular(head) != head:
                # a plural is a clause's subject, not what one term is: "venous
                # absorption leads to …", "two concurrent executions … result in …"
                return ""
            return head
        if not re.fullmatch(r"[a-z][a-z-]*", w) or w in FUNCTION_WORDS or verb_only(w):
            return ""
        if i == 0 and w.endswith("s") and not w.endswith("ss") and verb_lemmas(w):
            return ""  # "works well with …": a verb whose subject is the term
        if w.endswith("ing") and verb_lemmas(w):
            return ""  # "removing …": an act
    return ""


def _kind_of(ctx: _Ctx, a: Term, b: Term) -> bool:
    """Whether the deck glosses `a` as a kind of `b` (its gloss names `b`)."""
    gloss = _definitions_by_term(ctx).get(a.key)
    if gloss is None:
        return False
    words = {_singular(w) for w in norm_key(gloss.definition).split()}
    return bool(b.words) and {_singular(w) for w in b.words} <= words


# a word on this share of a deck's content slides (and on a few at least) is what the
# deck is about: "seismic" in a seismology deck, "CSP" in one on constraint satisfaction
_SUBJECT_SHARE = 0.25
_SUBJECT_MIN_SLIDES = 4
# a key qualified by a word on a third of the slides beyond the key itself is the deck's
# whole class ("seismic" on 11 more of 31 slides), not one kind of it ("transformer" on
# 10 more of 34 in a deck on large language models: a close call, see the tests)
_SUBJECT_CORE = 1 / 3


def subject_words(slides: Iterable[Slide]) -> tuple[dict[str, frozenset[int]], int]:
    """The words each deck is about (on at least a quarter of its content slides), with
    the pages they are on, and the content slides of the largest deck."""
    by_deck: dict[int | None, list[Slide]] = defaultdict(list)
    for slide in slides:
        if slide.is_content:
            by_deck[slide.deck_id].append(slide)
    out: dict[str, set[int]] = defaultdict(set)
    for deck in by_deck.values():
        pages: dict[str, set[int]] = defaultdict(set)
        for slide in deck:
            for word in {_singular(t) for t in content_tokens(slide.text)}:
                pages[word].add(slide.page)
        need = max(_SUBJECT_MIN_SLIDES, _SUBJECT_SHARE * len(deck))
        for word, on in pages.items():
            if len(on) >= need:
                out[word] |= on
    size = max((len(d) for d in by_deck.values()), default=0)
    return {w: frozenset(p) for w, p in out.items()}, size


def _qualifiers(term: Term) -> set[str]:
    return {_singular(w) for w in term.words[:-1]}


def _by_subject(ctx: _Ctx, term: Term, share: float = 0.0) -> bool:
    """Whether every word qualifying the term's head is the deck's subject, used well
    beyond the term itself (on `share` of the slides, and a few at least): "seismic" of
    "Seismic waves" also in "seismic surveys", "seismic velocities"; "subword" of
    "Subword tokenization", seldom apart from that phrase, names one kind of
    tokenization, not the whole class."""
    quals = _qualifiers(term)
    need = max(_SUBJECT_MIN_SLIDES, share * ctx.subject_size)
    return bool(quals) and all(
        len(ctx.subject.get(q, frozenset()) - set(term.pages)) >= need for q in quals
    )


def _umbrella(ctx: _Ctx, key: Term, other: Term) -> bool:
    """Whether one of `key` and `other` is the head noun they share qualified by the
    deck's own subject only ("Seismic waves" beside "Surface waves" in a seismology deck,
    "CSP algorithms" beside "Consistency algorithms"): the whole class the other belongs
    to, so both are right answers (rounds 12 and 23). A key is taken for the class only
    when its qualifier is on a good part of the deck: "Transformer models" in a deck on
    language models is one kind of model beside "N-gram models"."""
    if other.head != key.head or len(other.words) < 2 or len(key.words) < 2:
        return False
    if _by_subject(ctx, key, _SUBJECT_CORE):
        return not _by_subject(ctx, other)
    return _by_subject(ctx, other) and not _by_subject(ctx, key)


def _stem_match(word: str, heading_word: str) -> bool:
    return heading_word == word or (len(word) >= 4 and heading_word.startswith(word))


def _names(text: str, term: Term, unless: Term) -> bool:
    """Whether a heading names `term` (its words in a row, "model" in "modeling") and
    none of the words qualifying `unless`."""
    heading = [_singular(w) for w in norm_tokens(text)]
    if any(_stem_match(q, h) for q in _qualifiers(unless) for h in heading):
        return False
    words = [_singular(w) for w in term.words]
    n = len(words)
    return any(
        all(_stem_match(w, h) for w, h in zip(words, heading[i : i + n], strict=True))
        for i in range(len(heading) - n + 1)
    )


def _heading_genus(ctx: _Ctx, key: Term, other: Term, group: Fact | None) -> bool:
    """Whether one of `key` and `other` is the class the other is filed under: the key's
    heading or slide title names `other` and not the key ("Language model" for
    "Transformer models" listed under "Popular language modeling algorithms", round 2),
    or a slide `other` is on is titled with the key and not with `other` ("S-wave
    velocities" on "Seismic velocity and elastic parameters" for the key "Seismic
    velocities"). A heading naming both ("Linear and logistic regression") lists peers."""
    if other.head != key.head:
        return False
    if group is not None and any(
        _names(text, other, key) for text in {group.topic, _title(ctx, group.slide)}
    ):
        return True
    pages = set(other.pages)
    return any(
        _names(_title(ctx, slide), key, other) for slide in ctx.slides if slide.page in pages
    )


_BRACKET = re.compile(r"((?:[\w'’-]+\s+){0,4}[\w'’-]+)\s*\(([^)\n]*)")


def _brackets(ctx: _Ctx) -> list[tuple[str, frozenset[str]]]:
    """Each bracket of the slides with the words before it, made once per run."""
    if ctx.brackets is None:
        ctx.brackets = [
            (f" {norm_key(m.group(1))}", frozenset(_singular(w) for w in norm_tokens(m.group(2))))
            for slide in ctx.slides
            for m in _BRACKET.finditer(slide.text)
        ]
    return ctx.brackets


def _listed_with(ctx: _Ctx, key: Term, other: Term) -> bool:
    """Whether the slides name `other` among the kinds of `key` in brackets, or the other
    way round: "Surface waves (Rayleigh, Love)" makes "Love waves" a surface wave."""
    for outer, inner in ((key, other), (other, key)):
        if outer.head != inner.head or len(inner.words) < 2:
            continue
        quals = _qualifiers(inner)
        if any(
            before.endswith(f" {outer.key}") and quals <= inside
            for before, inside in _brackets(ctx)
        ):
            return True
    return False


_JOINED_LABEL = re.compile(r"^\W*(?:\d+[.)]\s*)?([^:\n]{1,60}/[^:\n]{1,60}):", re.MULTILINE)


def _joined(ctx: _Ctx, key: Term, other: Term) -> bool:
    """Whether a slide labels one line with both terms ("Fault/Failure: Function does not
    work as expected", round 17): the deck does not tell them apart there, so one is no
    wrong option beside the other."""
    if ctx.joined is None:
        ctx.joined = [
            frozenset(norm_key(part) for part in m.group(1).split("/"))
            for slide in ctx.slides
            for m in _JOINED_LABEL.finditer(slide.text)
        ]
    return any(key.key in names and other.key in names for names in ctx.joined)


def _same_words(a: Term, b: Term) -> bool:
    """Two phrases of which one holds every word of the other ("Seismic velocities",
    "Seismic wave velocities"): as options they name the same thing, or one the other."""
    wa, wb = {_singular(w) for w in a.words}, {_singular(w) for w in b.words}
    return len(wa) >= 2 and len(wb) >= 2 and (wa <= wb or wb <= wa)


def _names_the_group(other: Term, key: Term) -> bool:
    """ "LSTM gates" beside "Output gate": the same head noun, but in the plural."""
    last = other.text.split()[-1] if other.text.split() else ""
    key_last = key.text.split()[-1] if key.text.split() else ""
    return (
        other.head == key.head
        and last.lower() != key_last.lower()
        and _singular(last.lower()) == key_last.lower()
    )


def _same_head(a: Term, b: Term) -> bool:
    """Two phrases naming kinds of one thing: "linear quantization", "nonlinear
    quantization"; a named method ("Additive Quantization") is not a kind beside a category
    ("Nonlinear quantization"): the capital of the head tells them apart."""
    if not (len(a.words) >= 2 and len(b.words) >= 2 and a.head == b.head):
        return False
    return a.text.split()[-1][:1].isupper() == b.text.split()[-1][:1].isupper()


def _nested(a: Term, b: Term) -> bool:
    wa, wb = f" {a.key} ", f" {b.key} "
    return wa in wb or wb in wa


def _definitions_by_term(ctx: _Ctx) -> dict[str, Fact]:
    """The first gloss of each term, made once per run."""
    if ctx.glosses is None:
        out: dict[str, Fact] = {}
        for f in ctx.facts:
            if f.kind == "definition":
                out.setdefault(norm_key(f.term), f)
        ctx.glosses = out
    return ctx.glosses


def _group_keys(ctx: _Ctx, fact: Fact) -> frozenset[str]:
    """The terms glossed or listed under the same heading as `fact` (its peers)."""
    term = norm_key(fact.term)
    cached = ctx.peers.get((fact.topic, term))
    if cached is not None:
        return cached
    keys = {
        norm_key(f.term)
        for f in ctx.facts
        if f.kind == "definition" and f.topic == fact.topic and f.term
    }
    for f in ctx.facts:
        if f.kind == "list" and any(norm_key(i) == term for i in f.items):
            keys |= {norm_key(i) for i in f.items}
    ctx.peers[(fact.topic, term)] = frozenset(keys)
    return ctx.peers[(fact.topic, term)]


def _title(ctx: _Ctx, slide: Slide) -> str:
    """A slide's title, read once per run."""
    key = (slide.deck_id, slide.page)
    if key not in ctx.titles:
        ctx.titles[key], _ = slide_units(slide)
    return ctx.titles[key]


def _kind(ctx: _Ctx, fact: Fact, options: Sequence[str]) -> str:
    """What kind of thing the options are, in the deck's words, or "" when unknown.

    The heading the term is glossed under names a kind ("Pruning methods") only when
    every option is glossed or listed under it; else a head noun shared by all options
    ("… quantization") names it."""
    peers = _group_keys(ctx, fact)
    heading = kind_from_heading(fact.topic) if fact.topic else ""
    title = _title(ctx, fact.slide)
    # a slide title groups mixed things ("Model compression"), unless it names a kind
    # ("ACID Properties") and the options are the terms glossed under it
    kind_title = bool(heading) and heading.split()[-1].lower() in KIND_NOUNS
    if (
        heading
        and len(options) > 1  # one term alone does not show what its heading groups
        and (norm_key(title) != norm_key(fact.topic) or kind_title)
        and len(peers) >= 3
        and all(norm_key(o) in peers for o in options)
        and not any(norm_key(o) in norm_key(heading) for o in options)
    ):
        return heading
    if len(options) > 1:
        return kind_from_shared_head(list(options))
    return ""

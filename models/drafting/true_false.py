"""True or false: a slide's statement as it stands, or made false by swapping in a term
the deck glosses beside it; and "which of these is false" built the same way. Never a
false statement the deck (or another selected deck) supports."""

from __future__ import annotations

import itertools
import re

from models.drafting.abbreviations import spell_out
from models.drafting.candidates import (
    _MAX_OPTION_CHARS,
    _choices,
    _Ctx,
    _question,
    deck_text,
)
from models.drafting.distractors import (
    _distractor_terms,
    _group_keys,
    _says,
    _supported_elsewhere,
    _title,
)
from models.drafting.fact_checks import says_its_name
from models.drafting.facts import Fact
from models.drafting.false_forms import (
    SidesSwapped,
    carries_claim,
    sides_swapped,
    whole_subject,
)
from models.drafting.forms import (
    _option_statement,
    _statement_text,
    _subject,
)
from models.drafting.frames import in_its_model, in_its_topic, named_in_full
from models.drafting.opposites import _HEDGE, Reversal, reverse
from models.drafting.phrasing import is_clause
from models.drafting.premises import (
    bound_to_its_frame,
    interpretive_slogan,
    misnamed_gloss,
    offered_as_explanation,
    unnamed_referent,
)
from models.drafting.referents import carried_in, generic_owner, loose_subject, points_back
from models.drafting.sentence_parse import bare_subject, has_subject_and_verb
from models.drafting.short_keys import symbol_key
from models.drafting.slide_units import slide_sentences
from models.drafting.subject_claims import not_of_the_subject, written_out
from models.drafting.tf_guards import no_claim_alone, tidy_end, true_by_its_words
from models.drafting.validation import normalize_option
from models.drafting.vocabulary import Term
from models.drafting.word_class import same_class
from models.drafting.wording import (
    _context_phrase,
    _count_seen,
    _display,
    _fits,
    _forms,
    _is_plural,
    _quote,
    _replace_term,
    _term_pattern,
    agree_verb,
    lower_title_case,
    with_article,
)
from models.drafting.words import content_tokens, norm_key, verb_lemmas
from storage.domain import Bloom, Choice, Question, QuestionType


def _contrasted(ctx: _Ctx, fact: Fact, other: Term, claim: str) -> bool:
    """Whether the deck sets `other` against the claim: it glosses or describes `other`
    beside the fact (same or next slide, or same heading) on the same dimension (a shared,
    not everyday, content word beyond the two terms' own) and differently. Only then is
    the claim, said of `other`, known to be false: "Naïve Bayes can be viewed as
    optimizing the loss function" or "Transformer models represent words as dense
    vectors" are true, whatever the slide they came from says."""
    key = ctx.vocab.get(fact.term) if fact.term else None
    names = set(other.words) | (set(key.words) if key else set())
    common = _common_gloss_words(ctx) | names
    claim_words = set(content_tokens(claim)) - common
    for f in ctx.facts:
        if f.kind not in ("definition", "statement") or norm_key(f.term) != other.key:
            continue
        if f.slide.deck_id != fact.slide.deck_id:
            continue
        if abs(f.page - fact.page) > 1 and (f.topic != fact.topic or not f.topic):
            continue
        said = f.definition if f.kind == "definition" else _said_of(f, other)
        if _parallel(said, claim, names):
            return True
        if fact.kind == "statement":
            # a sentence's claim needs the deck's parallel one ("Elastic properties
            # characterize rocks" / "Seismic velocities: the speed at which … propagate
            # through materials" share a word, and both characterize rocks)
            continue
        own = set(content_tokens(said)) - common
        shared = own & claim_words
        # crisp glosses on one dimension ("prune individual weights" / "prune entire
        # neurons"); a long description may well be true of its neighbour too
        if (
            shared
            and own != claim_words
            and not claim_words <= own
            and max(len(own), len(claim_words)) <= 10
            and len(shared) >= 0.2 * min(len(own), len(claim_words))
        ):
            return True
    return False


def _parallel(said: str, claim: str, names: set[str]) -> bool:
    """Two glosses of one frame that differ after it: "is the level of individual sounds" /
    "is the level of phrases", "predict a single value" / "predict a range of values".
    The first content word (the dimension) is the same, and most of the rest differ."""
    own = [t for t in content_tokens(said) if t not in names]
    claimed = [t for t in content_tokens(claim) if t not in names]
    if len(own) < 2 or len(claimed) < 3 or own[0] != claimed[0] or max(len(own), len(claimed)) > 14:
        return False
    rest_own, rest_claim = set(own[1:]), set(claimed[1:])
    return len(rest_claim - rest_own) >= max(2, 0.6 * len(rest_claim))


def _said_of(f: Fact, term: Term) -> str:
    """What a statement fact says of `term` when the term opens it, else ""."""
    text = _statement_text(f)
    pattern = _term_pattern(_forms(term, f.term))
    body = text[4:] if text[:4] in ("The ", "the ") else text
    m = pattern.match(body) if pattern is not None else None
    return body[m.end() :] if m else ""


def _common_gloss_words(ctx: _Ctx) -> frozenset[str]:
    """Words in more than a quarter of the deck's glosses ("words", "model"): they put two
    glosses on no common dimension."""
    if ctx.common_words is None:
        glosses = [set(content_tokens(f.definition)) for f in ctx.facts if f.kind == "definition"]
        counts: dict[str, int] = {}
        for g in glosses:
            for w in g:
                counts[w] = counts.get(w, 0) + 1
        limit = max(2, len(glosses) // 4)
        ctx.common_words = frozenset(w for w, n in counts.items() if n > limit)
    return ctx.common_words


def _swapped(ctx: _Ctx, fact: Fact) -> tuple[str, Term, Term] | None:
    """The fact's sentence with its key term replaced by a sibling, made to be false."""
    key = ctx.vocab.get(fact.term) if fact.term else None
    if key is None or fact.kind not in ("definition", "statement"):
        return None
    text = _statement_text(fact)
    pattern = _term_pattern(_forms(key, fact.term))
    if text[:4] in ("The ", "the ") and pattern is not None and pattern.match(text[4:]):
        text = text[4:]  # the swapped-in term brings its own article ("The input gate …")
    if pattern is None or not text:
        return None
    occurrences = pattern.findall(text)
    if len(occurrences) != 1:
        return None
    if fact.kind == "statement":
        # only the whole subject: "X and Y are ..." swaps make true sentences, another
        # subject swapped into a longer one reads as garbled ("Sentiment analysis of the
        # most likely class …")
        head = pattern.match(text)
        if head is None or not whole_subject(text, 0, head.end()) or _HEDGE.search(text):
            return None  # "X cannot replace …", "X can be used to …": true of Y as well
    claim = pattern.sub(" ", text)
    if not _distinctive(ctx, claim, key):
        return None
    match = pattern.search(text)
    if match is None:
        return None
    plural = _is_plural(match.group(0))
    other: Term | None = None
    tried: list[str] = []
    # siblings: glossed or listed under one heading, or of one head described side by
    # side ("Point forecasts …" / "Probabilistic forecasts …"); a term merely described
    # nearby is often of another kind ("The encoder …" / "Multi-head attention …")
    peers = _group_keys(ctx, fact) | _described_near(ctx, fact, key.head)
    listed = _side_by_side(ctx, key, peers, text)
    for _ in range(6 + len(listed)):
        picked = _distractor_terms(ctx, key, 1, claim, text, exclude=tried, group=fact)
        if not picked:
            # the deck's own siblings of the key, set beside it, that the ranking of wrong
            # options left out
            picked = [t for t in listed if t.text not in tried][:1]
            if not picked:
                break
        if picked[0].key not in peers and picked[0].head != key.head:
            break  # a term of another kind makes a silly statement, not a false one
        if fact.kind == "statement" and not _glossed_peer(ctx, fact, key, picked[0]):
            tried.append(picked[0].text)  # a list's co-member may be of another kind
            continue
        if symbol_key(picked[0].text) or symbol_key(key.text):
            break  # "Dijkl is a linear combination of …": notation, no term to tell apart
        if _names_the_whole(ctx, fact, key, picked[0]):
            tried.append(picked[0].text)  # "What is NLP?" over "communication: …": the whole
            continue
        if _said_through(ctx, picked[0], key):
            tried.append(picked[0].text)  # "Malbec: one of the bardiwac grapes": a kind of it
            continue
        if _supported_elsewhere(ctx, claim, picked[0]):
            tried.append(picked[0].text)  # the deck says this of the other term too
            continue
        if not _contrasted(ctx, fact, picked[0], claim):
            tried.append(picked[0].text)  # nothing shows the claim is not also true of it
            continue
        if _is_plural(picked[0].text) == plural:
            other = picked[0]
            break
        tried.append(picked[0].text)  # "Summarization rely on ...": a number mismatch
    if other is None:
        return None
    at_start = bool(pattern.match(text)) or fact.kind != "statement"
    swapped = _replace_term(
        text,
        pattern,
        _subject(fact, other.text) if at_start else other.text,
        agree=fact.kind == "statement" or fact.form in ("copula", "means"),
    )
    if normalize_option(swapped) == normalize_option(text):
        return None
    if fact.kind == "statement":
        lead = _term_pattern(_forms(other, other.text))
        body = swapped[4:] if swapped[:4] in ("The ", "the ", "A ", "An ") else swapped
        body = body[3:] if body[:3] in ("An ", "an ") else body
        m = lead.match(body) if lead is not None else None
        if m is None or not whole_subject(body, 0, m.end()):
            return None  # the swap ate the verb or left half a subject
    return swapped, key, other


def _spelled(name: str, deck: str) -> list[str]:
    """An acronym's expansion as the deck writes it: in brackets beside it, or a run of
    words with its initials in the deck ("NLP" → "Natural Language Processing")."""
    full = spell_out(name, deck)
    if full != name:
        return [re.sub(r"\s*\([^()]*\)", "", full)]
    if not re.fullmatch(r"[A-Z]{2,6}", name):
        return []
    words = r"\s+".join(rf"{c}[a-z]+" for c in name)
    m = re.search(rf"\b{words}\b", deck)
    return [m.group(0)] if m else []


def _names_the_whole(ctx: _Ctx, fact: Fact, key: Term, other: Term) -> bool:
    """Whether the slide's title or heading names one of the two terms and not the other:
    the whole the glossed terms are parts or areas of ("What is Natural Language
    Processing?" over "NLP is an interdisciplinary field …" and "communication: the
    ability to …"), not a sibling of its parts."""
    where = f" {norm_key(_title(ctx, fact.slide))} {norm_key(fact.topic or '')} "
    deck = deck_text(ctx, fact.slide.deck_id)

    def named(term: Term) -> bool:
        names = {term.key, norm_key(term.acronym), norm_key(term.expansion)}
        names |= {norm_key(v) for v in ctx.vocab.variants(term.text)}
        names |= {norm_key(x) for x in _spelled(term.text, deck)}
        return any(f" {n} " in where for n in names - {""})

    return named(other) != named(key)


def _said_through(ctx: _Ctx, other: Term, key: Term) -> bool:
    """Whether the deck describes `other` through the key ("Malbec is one of the lesser-known
    bardiwac grapes"): a kind or part of it, of which the key's claim may well hold."""
    name = f" {key.key} "
    for f in ctx.facts:
        if norm_key(f.term) != other.key or f.kind not in ("definition", "statement"):
            continue
        said = f.definition if f.kind == "definition" else _said_of(f, other)
        if name in f" {norm_key(said)} ":
            return True
    return False


def _glossed_peer(ctx: _Ctx, fact: Fact, key: Term, other: Term) -> bool:
    """Whether `other` is the key's sibling for a statement swap: the same head noun, or
    listed or glossed with it, and described in the deck in a sentence of its own (a
    list's co-member the deck says nothing of may be of another kind)."""
    if other.head == key.head and len(other.words) > 1 and len(key.words) > 1:
        return True
    if other.key not in _group_keys(ctx, fact):
        return False
    return any(
        norm_key(f.term) == other.key
        and (f.kind == "definition" or (f.kind == "statement" and bool(_said_of(f, other))))
        for f in ctx.facts
    )


def _side_by_side(ctx: _Ctx, key: Term, peers: frozenset[str], text: str) -> list[Term]:
    """The key's peers as candidates to swap in: terms of the deck, the same kind of word,
    neither a part nor a kind of the other ("POS categories" / "open POS categories"), not
    named in the sentence already."""
    out: list[Term] = []
    said = f" {norm_key(text)} "
    for k in sorted(peers):
        other = ctx.vocab.get(k)
        if other is None or other.key == key.key or f" {other.key} " in said:
            continue
        if {norm_key(key.acronym), norm_key(key.expansion)} & {other.key}:
            continue  # "HTML" / "Hypertext Markup Language": one term
        a, b = set(key.words), set(other.words)
        if a <= b or b <= a or not same_class(key.text, other.text):
            continue
        out.append(other)
    return out


def _described_near(ctx: _Ctx, fact: Fact, head: str) -> frozenset[str]:
    """The terms of the head noun `head` glossed or described (a sentence opening with
    the term) on the fact's slide or the next one either side: siblings side by side."""
    out: set[str] = set()
    for f in ctx.facts:
        if f.kind not in ("definition", "statement") or not f.term:
            continue
        if f.slide.deck_id != fact.slide.deck_id or abs(f.page - fact.page) > 1:
            continue
        other = ctx.vocab.get(f.term)
        if other is None or other.head != head or len(other.words) < 2:
            continue
        if f.kind == "definition" or _said_of(f, other):
            out.add(other.key)
    return frozenset(out)


# a claim that only names a kind ("is a method", "are an approach to …"): true of any sibling
_KIND_ONLY = re.compile(
    r"^\W*(?:is|are)\s+(?:an?|the|one)\s+(?:\w+\s+){0,2}(?:method|technique|approach|type"
    r"|kind|form|example|way|tool|concept|model|process|class|category|part)s?\b[^,;]{0,25}$",
    re.IGNORECASE,
)


def _distinctive(ctx: _Ctx, claim: str, key: Term) -> bool:
    """Whether the claim, said of a sibling, would be distinctive of the key: two content
    words beyond the deck's everyday ones and the key's own, no verdict of degree, not
    just the kind both are."""
    words = set(content_tokens(claim)) - _common_gloss_words(ctx) - set(key.words)
    return len(words) >= 2 and not _VAGUE_CLAIM.search(claim) and not _KIND_ONLY.match(claim)


def _full_sentence(fact: Fact) -> bool:
    """A statement written as a sentence on the slide (a period, a topic to file it under):
    not a paper title or a caption ("Lessons learned from the 2015 … Challenge")."""
    return (
        (fact.kind == "statement" or fact.form in ("copula", "means"))
        and fact.text.rstrip().endswith(".")
        and bool(fact.topic)
        and not re.search(r"\b(?:19|20)\d\d\b", fact.text)
    )


# A claim of degree or value ("greatly advanced", "sufficiently large", "is important")
# is true by how it is worded: a student cannot reason it false, so it tests nothing.
# The specific determiners item-writing guides keep out of true/false items ("usually",
# "always", …) cue the answer and make the truth a matter of degree.
_VAGUE_CLAIM = re.compile(
    r"\b(?:usually|often|typically|generally|sometimes|always|never|frequently|rarely|mostly"
    r"|greatly|sufficiently|considerably|substantially|tremendously|hugely|may|might|could"
    r"|(?:is|are|be)\s+(?:(?:very|also|often|so|really|quite|extremely)\s+)?"
    r"(?:important|crucial|critical|vital|essential|key|useful|helpful|powerful|nice|good|bad|great"
    r"|interesting|relevant|challenging|difficult|hard|easy|popular))\b"
    # "An important quantity …", "plays a key role": the claim is the importance
    r"|\b(?:an?|the|many|several|some)\s+(?:important|crucial|key|central|major|vital|significant)\s+\w+"
    # "… are a solid foundation for evaluation": a verdict, no reading of it is false
    r"|\b(?:is|are)\s+(?:an?|the)\s+(?:solid|good|great|useful|powerful|nice|valuable"
    r"|excellent|strong|reasonable|promising|natural|sensible|fundamental)\s+\w+"
    # "… can factor into policy-making in a number of ways": which ways is the content
    r"|\bin\s+(?:a\s+number\s+of|many|several|various|different|multiple)\s+ways\b",
    re.IGNORECASE,
)


# A slide of fallacies, myths or pitfalls states what is NOT so: "Bandwidth is plentiful"
# under "Fallacies of distributed computing" is no true statement.
_MISTAKEN = re.compile(
    r"\b(?:fallac|myth|misconception|pitfall|mistake|misunderstand|wrong|incorrect|false belief"
    r"|anti-?pattern|common errors?|don'?t|do not|avoid)",
    re.IGNORECASE,
)


def _true_false(ctx: _Ctx, fid: int, want_true: bool) -> Question | None:
    fact = ctx.facts[fid]
    if fact.kind == "list":
        return None
    if _MISTAKEN.search(f"{fact.topic} {_title(ctx, fact.slide)}"):
        return None
    if not fact.term and not _full_sentence(fact):
        return None  # a line about no term of the deck: a caption or a fragment
    if (
        fact.kind == "definition"
        and fact.form not in ("copula", "means")
        and not _fits(fact.definition, 200)
    ):
        return None
    text = _statement_text(fact)
    if not text or not _fits(text, 280) or not has_subject_and_verb(text):
        return None  # "Huge potential in taking advantage of …": a bullet, not a claim
    # the gate of a true statement holds for the one made false from it (its sentence is
    # what the student reads, one word changed)
    if fact.kind == "definition" and says_its_name(fact.term, fact.definition):
        return None  # "Lemmatization determines the lemma of a word": true by its name
    if (
        fact.kind == "statement"
        and fact.term
        and text.lower().startswith(fact.term.lower())
        and says_its_name(fact.term, text[len(fact.term) :])
    ):
        return None  # "Text generation involves generating text …": true by its name
    if fact.kind == "statement" and fact.term:
        m = re.match(
            rf"^(?:the\s+)?{re.escape(fact.term)}\s*\((?P<exp>[^()]*)\)\s*(?P<rest>.*)$",
            text,
            re.IGNORECASE,
        )
        named = set(content_tokens(m.group("exp"))) if m else set()
        if m and named and named <= set(content_tokens(m.group("rest"))):
            return None  # "NSW (navigable small worlds) is used to create navigable small worlds"
    if _VAGUE_CLAIM.search(text) or interpretive_slogan(text):
        return None  # "Block length should be sufficiently large.": no reading is false
    if _offered(ctx, fact):
        return None  # one explanation the lecture offers, not a fact it states
    if _agent_does_its_act(text):
        return None  # "A committer commits the patch …": true by the subject's name
    if want_true:
        stem, truth = text, True
        feedback = f"True: slide {fact.page} says {_quote(fact.text)}."
        term = fact.term
    else:
        made = _made_false(ctx, fact, text)
        if made is None:
            return None
        stem, feedback = made
        truth = False
        term = fact.term
    deck = deck_text(ctx, fact.slide.deck_id)
    if fact.kind == "definition" and fact.term and misnamed_gloss(fact.term, fact.definition, deck):
        return None  # "discount factor" glossed as a rate where the deck names a discount rate
    if fact.kind == "statement" and _placeholder_subject(fact.text, deck):
        return None  # read before the article wording adds ("The entity can …")
    stem = lower_title_case(with_article(agree_verb(stem), deck), deck)
    stem = spell_out(stem, deck)
    title = _title(ctx, fact.slide)
    stem = named_in_full(stem, title, fact.slide.text)
    stem = in_its_model(stem, title, fact.slide.text)
    stem = written_out(stem, fact.slide.text)
    # read as the student will: whatever fact it came from, after the wording rules
    tidied = tidy_end(stem)
    if tidied is None or true_by_its_words(tidied) or no_claim_alone(tidied):
        return None
    if bound_to_its_frame(tidied):
        return None  # "… but Stata still dominates": the speaker's snapshot, either key
    if unnamed_referent(tidied):
        return None  # "… reduction of the criterion …": which criterion, the slide says

    def deck_term(phrase: str) -> bool:
        return ctx.vocab.get(phrase) is not None

    loose = loose_subject(tidied, deck_term)
    if loose is not None:
        # "The components can be …": whose, the sentence before says; "the tree" of a
        # definition is any tree; or the slide's title names the topic it lives in
        tidied = (
            carried_in(tidied, loose, _sentence_before(fact))
            or generic_owner(tidied, loose, fact.slide.text, deck_term)
            or in_its_topic(tidied, title, fact.slide.text)
        )
        if not tidied or not _fits(tidied, 280):
            return None
    if points_back(tidied):
        return None  # "… the study of these processes": which ones, the lines above say
    if not_of_the_subject(tidied, fact.term or "", title, fact.slide.text):
        return None  # a problem's givens, a dated event, a dictionary's everyday sense
    stem = tidied
    # the form's own level at every difficulty: telling a reversed statement false is no
    # analysis (issue #12: "each draft's Bloom level is the form's real level")
    bloom = Bloom.UNDERSTAND if fact.kind == "statement" else Bloom.REMEMBER
    choices = (Choice("true", 1.0 if truth else 0.0), Choice("false", 0.0 if truth else 1.0))
    q = _question(
        ctx,
        fact,
        QuestionType.TRUE_FALSE,
        stem,
        choices,
        "true-false",
        bloom,
        f"{_display(term or fact.topic or 'statement')}: true or false",
        feedback,
        term=term,
    )
    return q


# a second predicate run on after a comma: "… reduces work, supports scaling up"
_MORE_PREDICATES = re.compile(r",\s+(?!and\b|or\b|which\b|that\b)[a-z]+(?:s|ed)\s+\w")


def _offered(ctx: _Ctx, fact: Fact) -> bool:
    """Whether the slide offers the fact's line as one explanation, argument or hypothesis
    ("Two possible explanations:" above it): true only as attributed, false only as
    another account, so neither way a true/false item."""
    return offered_as_explanation(fact.text, fact.slide.text, (fact.topic, _title(ctx, fact.slide)))


def _sentence_before(fact: Fact) -> str:
    """The sentence before the fact's own one on its slide, or "" (first, or not found)."""
    said = [sentence for sentence, _ in slide_sentences(fact.slide)]
    want = norm_key(fact.text)[:40]
    for i, sentence in enumerate(said):
        if want and want in norm_key(sentence):
            return said[i - 1] if i > 0 else ""
    return ""


def _agent_does_its_act(text: str) -> bool:
    """Whether the subject is named for what the sentence says it does: "A committer
    commits …", "The reviewer reviews …", "An organizer organizes …"."""
    words = re.findall(r"[A-Za-z]+", text)[:5]
    for noun, verb in itertools.pairwise(words):
        low = noun.lower()
        m = re.fullmatch(r"(\w+?)(?:er|or)", low)
        if m is None or len(low) < 5:
            continue
        stem = m.group(1)
        stems = {stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem}
        if stems & set(verb_lemmas(verb.lower())):
            return True
    return False


def _placeholder_subject(stem: str, deck: str) -> bool:
    """A bare count noun doing something ("Entity can freeze, reverse, or prevent
    transactions.", "Timer is set to interrupt …"): the slide's column or heading says
    which entity, and said of any the claim is false (round 23: a custodial service's
    trait, false of non-custodial ones). "Postcondition is an exported assertion" says
    what a kind of thing is and takes its article instead."""
    sub = bare_subject(stem)
    return (
        sub is not None
        and " " not in sub.phrase
        and not sub.postmodified
        and not sub.classifying
        and _count_seen(sub.head, deck)
    )


def _made_false(ctx: _Ctx, fact: Fact, text: str) -> tuple[str, str] | None:
    """A false statement and its feedback: the fact's term swapped for one the deck sets
    against it, or else the direction the sentence claims reversed, or else the two sides
    of the comparison it states swapped."""
    swapped = _swapped(ctx, fact) if fact.term else None
    if swapped is not None:
        stem, _, other = swapped
        return stem, (
            f"False: slide {fact.page} says {_quote(fact.text)}; "
            f"“{_display(other.text)}” is a different term."
        )
    rev = _reversed(ctx, fact, text)
    if rev is not None:
        return rev.statement, (
            f"False: slide {fact.page} says {_quote(fact.text)} "
            f"(“{rev.word}”, not “{rev.opposite}”)."
        )
    sides = _sides_swapped(ctx, fact, text)
    if sides is None:
        return None
    return sides.statement, (
        f"False: slide {fact.page} says {_quote(fact.text)}; the comparison runs the other way."
    )


def _sides_swapped(ctx: _Ctx, fact: Fact, text: str) -> SidesSwapped | None:
    """The comparison the sentence states with its two sides swapped, when no sentence of
    the deck (or another selected deck) compares them that way round."""
    said = fact.kind == "statement" or fact.form in ("copula", "means")
    if not said or not _full_sentence(fact):
        return None
    made = sides_swapped(text, deck_text(ctx, fact.slide.deck_id))
    if made is None:
        return None
    first, second = f" {norm_key(made.first)} ", f" {norm_key(made.second)} "
    for folded, _ in ctx.reference:
        at, than = folded.find(second), folded.find(" than ")
        if at >= 0 and than > at and first in folded[than:]:
            return None  # a slide compares them the swapped way round: not false
    return made


def _reversed(ctx: _Ctx, fact: Fact, text: str) -> Reversal | None:
    """The statement with the direction it claims reversed, when that makes it false: a
    full sentence, the word carrying its main claim (not a detail of it), no direction
    word inside a term, and no slide saying the reversal."""
    if _MORE_PREDICATES.search(text):
        return None  # "… reduces work, supports scaling up": one claim of two made false
    said = fact.kind == "statement" or fact.form in ("copula", "means")  # a whole sentence
    if not said or not _full_sentence(fact) or not is_clause(text):
        return None  # a gloss or a fragment reversed reads as a wrong definition
    words = {w for t, _ in ctx.vocab.find_in(text) for w in t.key.split()}
    rev = reverse(text, words)
    if rev is None or _reversal_said(ctx, rev.statement, rev.opposite):
        return None
    at = re.search(rf"\b{re.escape(rev.word)}\b", text)
    if at is None or not carries_claim(text, at.start()):
        return None  # "a decreased quantity", "the lowest performing parsers": a detail
    return rev


def _reversal_said(ctx: _Ctx, statement: str, opposite: str) -> bool:
    """Whether a sentence of the deck (or another selected deck) says the reversed claim."""
    tokens = content_tokens(statement)
    word = f" {norm_key(opposite)} "
    if any(word in folded and _says(tokens, bag) for folded, bag in ctx.reference):
        return True
    return _opposite_near_object(ctx, statement, opposite)


def _opposite_near_object(ctx: _Ctx, statement: str, opposite: str) -> bool:
    """Whether a sentence of the deck puts the reversed word next to what it acts on in the
    statement ("… to increase risks" where a slide says "an increase in price risk"): the
    deck itself supports the reversal, so the false key is arguable."""
    after = re.split(rf"\b{re.escape(opposite)}\b", statement, maxsplit=1, flags=re.I)
    if len(after) < 2:
        return False
    objects = content_tokens(after[1])[:1]
    if not objects:
        return False
    opp, obj = re.escape(norm_key(opposite)), re.escape(objects[0]) + r"\w{0,2}"
    near = re.compile(rf" {opp} (?:\S+ ){{0,3}}{obj} | {obj} (?:\S+ ){{0,3}}{opp} ")
    return any(near.search(folded) for folded, _ in ctx.reference)


def _names_its_term(fact: Fact, text: str) -> bool:
    pattern = _term_pattern([fact.term])
    return bool(text) and pattern is not None and pattern.match(text) is not None


def _false_statement(ctx: _Ctx, fid: int) -> Question | None:
    """Hard: three statements as on the slides and one with a term swapped."""
    fact = ctx.facts[fid]
    key = ctx.vocab.get(fact.term) if fact.term else None
    if key is None or _offered(ctx, fact):
        return None
    swapped = _swapped(ctx, fact)
    other: Term | None = None
    if swapped is not None:
        _, key, other = swapped
        false_text = _option_statement(fact, other.text)
        why = f"swaps “{_display(key.text)}” for “{_display(other.text)}”"
    else:
        made = _reversed(ctx, fact, _option_statement(fact))
        if made is None:
            return None
        false_text = made.statement
        why = f"says “{made.opposite}” where the slide says “{made.word}”"
    if not _fits(false_text, _MAX_OPTION_CHARS) or unnamed_referent(false_text):
        return None
    near = [
        f
        for f in ctx.facts
        if f is not fact
        and f.kind != "list"
        and f.term
        and f.slide.deck_id == fact.slide.deck_id
        and _fits(_option_statement(f), _MAX_OPTION_CHARS)
        and norm_key(f.term) not in (norm_key(fact.term), other.key if other else "")
        and (other is None or other.key not in norm_key(f.text))
        and not interpretive_slogan(f.text)
        and not bound_to_its_frame(f.text)
        and not unnamed_referent(_option_statement(f))
        and not _offered(ctx, f)
    ]
    # a true option names what it is about ("Originally designed to be …" says nothing),
    # and is about the false one's neighbours: else the odd one out is the false one
    peers = _group_keys(ctx, fact)
    near = [
        f
        for f in near
        if _names_its_term(f, _option_statement(f))
        and (f.topic == fact.topic or norm_key(f.term) in peers)
    ]
    near.sort(key=lambda f: (abs(f.page - fact.page), f.page))
    trues = [_option_statement(f) for f in near[:3]]
    if len(trues) < 3:
        return None
    topic = _context_phrase(fact, key.text)
    # "statements about LSTM" only when every option is about it, not about its neighbours
    topic_words = set(content_tokens(topic))
    about_all = topic_words and all(
        topic_words <= set(content_tokens(t)) for t in [*trues, false_text]
    )
    stem = f"Which of the following statements{f' about {topic}' if about_all else ''} is FALSE?"
    q = _question(
        ctx,
        fact,
        QuestionType.MCQ,
        stem,
        _choices(ctx, [false_text], trues),
        "false-statement",
        Bloom.ANALYZE,
        f"{_display(key.text)}: spot the false statement",
        f"The false statement {why}; slide {fact.page} says {_quote(fact.text)}.",
        term=key.text,
    )
    return q

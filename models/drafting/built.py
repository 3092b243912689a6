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

import random
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from models.drafting.assignments import (
    _assignment,
)
from models.drafting.attribution import what_did, who_did
from models.drafting.candidates import (
    _REJECTED_WARNINGS,
    _Ctx,
    matches_focus,
)
from models.drafting.checks import gate
from models.drafting.cloze import _cloze
from models.drafting.distractors import subject_words
from models.drafting.draft_features import DraftView
from models.drafting.draft_scorer import DraftScorer
from models.drafting.facts import (
    Fact,
    extract_facts,
)
from models.drafting.figures import (
    _figure_facts,
    _numerical,
)
from models.drafting.forms import (
    _definition_for_term,
    _list_members,
    _matching,
    _pairing,
    _short_term,
    _term_for_definition,
    _term_for_statement,
)
from models.drafting.grounding import Grounding, ground
from models.drafting.sequences import _orderings
from models.drafting.slide_units import (
    runs_on,
    slide_sentences,
)
from models.drafting.statement_scorer import StatementScorer
from models.drafting.step_forms import _step_after, sequence_facts
from models.drafting.term_embeddings import term_space
from models.drafting.true_false import _false_statement, _true_false
from models.drafting.validation import errors, normalize_option, validate
from models.drafting.vocabulary import (
    deck_vocabulary,
)
from models.drafting.wording import (
    _words,
)
from models.drafting.words import (
    content_tokens,
    norm_key,
)
from storage.domain import (
    ANSWERED_TYPES,
    Difficulty,
    Question,
    QuestionType,
    Slide,
    SlideRef,
)
from storage.question_types import cloze_gaps
from storage.semantic import TextEmbedder

__all__ = ["BUILDERS", "LEARNED_REFUSALS", "build_drafts", "matches_focus"]

# the `stats` counts of candidates the learned scorers left out (said in a run's shortfall)
UNLIKE_STATEMENTS = "reads unlike statements teachers kept"
UNLIKE_DRAFTS = "reads unlike drafts teachers kept"
LEARNED_REFUSALS = (UNLIKE_DRAFTS, UNLIKE_STATEMENTS)

BUILDERS = (
    "term-for-definition",
    "term-for-statement",
    "definition-for-term",
    "pairing",
    "step-after",
    "matching",
    "ordering",
    "cloze",
    "false-statement",
    "list-members",
    "true-false",
    "short-term",
    "assignment",
)

# --- plans per type and difficulty -----------------------------------------------------------

_Builder = Callable[[_Ctx, int], "Question | None"]


def _numericals(ctx: _Ctx, wanted: int, focus: Sequence[str]) -> list[Question]:
    facts = _figure_facts(ctx, focus)
    ctx.rng.shuffle(facts)  # the seed decides which figures are asked about
    return _fill(ctx, facts, _numerical, wanted)


def _steps_after(ctx: _Ctx, wanted: int, focus: Sequence[str]) -> list[Question]:
    """ "Which step comes directly after …?" from the deck's stated sequences: MCQs whose
    options are of one kind by construction, for slots the facts could not fill."""
    facts = [f for f in sequence_facts(ctx) if not focus or matches_focus(f, focus, ctx.vocab)]
    return _fill(ctx, facts, _step_after, wanted)


def _fill(
    ctx: _Ctx, facts: Sequence[Fact], build: Callable[[_Ctx, int], Question | None], wanted: int
) -> list[Question]:
    """Up to `wanted` accepted drafts, one per fact, from facts made outside extract_facts
    (figures, stated sequences): each joins ctx.facts so the builder finds it by index."""
    made: list[Question] = []
    for fact in facts:
        if len(made) >= wanted:
            break
        ctx.facts.append(fact)
        q = _accept(ctx, build(ctx, len(ctx.facts) - 1), fact)
        if q is not None:
            made.append(q)
    return made


def _plan(qtype: QuestionType, difficulty: Difficulty) -> list[_Builder]:
    if qtype == QuestionType.MCQ:
        # no "which term completes the sentence": raters found none usable (a blank
        # cut out of a slide sentence rarely has one right answer among deck terms)
        if difficulty == Difficulty.EASY:
            return [_term_for_definition, _definition_for_term, _term_for_statement, who_did]
        if difficulty == Difficulty.MEDIUM:
            return [_definition_for_term, _term_for_definition, _term_for_statement, who_did]
        return [
            _pairing,
            what_did,
            _false_statement,
            _term_for_definition,
            _definition_for_term,
            _term_for_statement,
            who_did,
        ]
    if qtype == QuestionType.MULTI:
        return [_list_members]
    if qtype == QuestionType.MATCHING:
        return [_matching]
    if qtype == QuestionType.CLOZE:
        return [_cloze]
    if qtype == QuestionType.TRUE_FALSE:
        return [lambda c, i: _true_false(c, i, True), lambda c, i: _true_false(c, i, False)]
    if qtype == QuestionType.SHORT:
        # no fill-in-the-blank: raters found another answer fitting most blanks (rounds
        # 3-5: 0% usable on held-out decks); "Name the kind of X that …" pins one down
        return [_short_term]
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


def _screen(ctx: _Ctx, q: Question | None) -> bool:
    """Whether a candidate passes validation, the gate and the duplicate checks (no
    grounding yet: that is the costly step, done only for the candidates ranked first)."""
    if q is None:
        return False
    ctx.stats["candidates"] += 1
    issues = validate(q)
    if errors(issues) or any(i.code in _REJECTED_WARNINGS for i in issues):
        ctx.stats["invalid"] += 1
        return False
    if gate(q, ctx.made):
        ctx.stats["rejected by the gate"] += 1
        return False
    if q.type == QuestionType.TRUE_FALSE and ctx.statements and not ctx.statements.keeps(q.stem):
        ctx.stats[UNLIKE_STATEMENTS] += 1
        return False
    gist = _gist(q)
    answer = _answer_set(q)
    if any(fuzz.ratio(gist, _gist(m)) >= 90 for m in ctx.made) or (
        q.type != QuestionType.TRUE_FALSE and any(_answer_set(m) == answer for m in ctx.made)
    ):
        ctx.stats["duplicate"] += 1
        return False
    return True


def _commit(ctx: _Ctx, q: Question, fact: Fact | None) -> Question | None:
    g = ground(q, ctx.slides)
    if not g.supported:
        ctx.stats["ungrounded"] += 1
        return None
    ctx.stats["accepted"] += 1
    ctx.made.append(q)
    return _with_sources(q, g, fact)


def _cut_short(ctx: _Ctx, fact: Fact) -> bool:
    """A fact whose sentence the slide goes on with in a line apart (a symbol, a wrapped
    last word): every question from it would read cut short."""
    # read once per fact: _next weighs the same facts again for every draft of a run
    cut = ctx.cut_short.get(id(fact))
    if cut is None:
        cut = ctx.cut_short[id(fact)] = runs_on(fact.text, fact.slide.text)
        if cut:
            ctx.stats["cut short where the slide goes on"] += 1
    return cut


def _accept(ctx: _Ctx, q: Question | None, fact: Fact | None) -> Question | None:
    if q is None or not _screen(ctx, q):
        return None
    if fact is not None and _cut_short(ctx, fact):
        return None
    return _commit(ctx, q, fact)


# How often blind raters found each form usable or a light edit away (tune decks, round
# 2): the prior of the usability score candidates are ranked by.
_FORM_PRIOR = {
    "true-false": 0.9,
    "short-term": 0.85,
    "term-for-definition": 0.7,
    "term-for-statement": 0.55,  # not yet rated: between its two neighbours
    "who-did": 0.55,  # not yet rated
    "what-did": 0.5,  # not yet rated
    "pairing": 0.5,
    "matching": 0.5,  # not yet rated
    "definition-for-term": 0.45,
    "false-statement": 0.35,
    "list-members": 0.3,
}


def usability(q: Question, fact: Fact | None) -> float:
    """A likely-usability score for a built draft: the form's record with raters, and what
    makes a teacher rewrite one (a long stem, a key that stands out by length, a generic
    "Which of the following")."""
    score = _FORM_PRIOR.get(str(q.origin.settings.get("builder", "")), 0.5)
    if fact is not None:
        score += 0.5 * _fact_quality(fact)
    if len(q.stem) > 200:
        score -= 0.2
    if q.type == QuestionType.TRUE_FALSE:
        score += _statement_fit(q.stem)
    options = (
        [c.text for c in q.choices] if q.type in (QuestionType.MCQ, QuestionType.MULTI) else []
    )
    if options:
        lengths = sorted(len(o) for o in options)
        if lengths[-1] > 2.5 * max(lengths[0], 1):
            score -= 0.15  # one option much longer than another: students read length
        keys = [c.text for c in q.choices if c.fraction > 0]
        if len(keys) == 1 and len(keys[0]) == lengths[-1] and lengths[-1] > 1.5 * lengths[-2]:
            score -= 0.15  # the key alone is the long one
        if "of the following" in q.stem and q.type == QuestionType.MCQ:
            score -= 0.05  # the kind of thing asked about is not named
    return score


def _statement_fit(statement: str) -> float:
    """What 387 rated true/false drafts (rounds 1-15) say of a statement's shape: short
    ones are mostly bullet fragments (20% usable under 12 words, 31% at 12-25), figures
    and negations read as trivia or tricks (24%, 15%)."""
    n = len(statement.split())
    fit = -0.15 if n < 10 else (0.1 if n >= 12 else 0.0)
    if re.search(r"\d", statement):
        fit -= 0.1
    if re.search(r"\b(?:not|no|never)\b|n't\b", statement, re.IGNORECASE):
        fit -= 0.1
    return fit


def _answer_set(q: Question) -> tuple[QuestionType, frozenset[str]]:
    if q.type == QuestionType.CLOZE:  # the answers are in the stem's gaps
        return q.type, frozenset(normalize_option(a) for g in cloze_gaps(q.stem) for a in g.right)
    return q.type, frozenset(normalize_option(a) for a in q.correct_answers)


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
    embedder: TextEmbedder | None = None,
) -> list[Question]:
    """Drafts built from the slides' text: at most `counts[type]` of each type.

    Returns fewer when the slides hold fewer good facts (or none for an empty or
    furniture-only selection); never invents an answer that is not slide text.
    `stats`, when given, receives counts: facts, candidates, invalid, duplicate,
    ungrounded, accepted. With `embedder` (models.embeddings.Embedder, owned by the
    calling thread) wrong options are ranked by meaning too (term_embeddings), a
    true/false statement unlike those blind raters kept is left out (statement_scorer),
    and a candidate of any form least like the drafts raters kept is left out
    (draft_scorer).
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
    shown = {(s.deck_id, s.page) for s in content}
    others = [s for s in reference if s.is_content and (s.deck_id, s.page) not in shown]
    ctx.term_space = term_space(embedder, vocab, facts, others)
    ctx.subject, ctx.subject_size = subject_words([*content, *others])
    ctx.statements = StatementScorer.for_embedder(embedder)
    ctx.drafts = DraftScorer.for_embedder(embedder)
    if ctx.statements is not None:
        ctx.statements.calibrate(
            [f.text for f in facts if f.kind == "statement" or f.form in ("copula", "means")]
        )
    seen: set[tuple[int | None, int]] = set()
    for slide in [*content, *reference]:
        if (slide.deck_id, slide.page) in seen or not slide.text.strip():
            continue
        seen.add((slide.deck_id, slide.page))
        for sentence, _ in slide_sentences(slide):
            ctx.reference.append((f" {norm_key(sentence)} ", frozenset(content_tokens(sentence))))
    ctx.made.extend(avoid)  # a redraft: never the question it replaces, nor one like it
    order = _order(ctx)
    wanted = {t: int(counts.get(t, 0) or 0) for t in _TYPE_ORDER}
    made: dict[QuestionType, list[Question]] = {t: [] for t in _TYPE_ORDER}
    if wanted[QuestionType.ESSAY] > 0:
        q = _accept(ctx, _assignment(ctx, focus), None)
        if q is not None:
            made[QuestionType.ESSAY].append(q)
    if wanted[QuestionType.NUMERICAL] > 0:
        made[QuestionType.NUMERICAL] = _numericals(ctx, wanted[QuestionType.NUMERICAL], focus)
    if wanted[QuestionType.ORDERING] > 0:
        for q, fact in _orderings(ctx, wanted[QuestionType.ORDERING]):
            accepted = _accept(ctx, q, fact)
            if accepted is not None:
                made[QuestionType.ORDERING].append(accepted)
    # one question per type per round, so every type gets some of the best facts; the
    # second pass may ask about a term again, with another fact or another builder
    for reuse in (False, True):
        turns = dict.fromkeys(_TYPE_ORDER, 0)
        active = [t for t in _TURN_ORDER if _plan(t, difficulty) and wanted[t] > len(made[t])]
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
    short = wanted[QuestionType.MCQ] - len(made[QuestionType.MCQ])
    if short > 0:
        made[QuestionType.MCQ] += _steps_after(ctx, short, focus)
    if stats is not None:
        stats.update(ctx.stats)
    return [q for t in _TYPE_ORDER for q in made[t]]


_TYPE_ORDER = ANSWERED_TYPES  # delivered in an exam's section order
# the order types choose their facts in, each round: true/false last, as any statement
# of the slides makes one, while the other forms need a glossed term or a list; a
# definition it took first ("A Taylor expansion is a way of …", true) left the short
# answer on that gloss no fact to ask
_TURN_ORDER = (*(t for t in _TYPE_ORDER if t != QuestionType.TRUE_FALSE), QuestionType.TRUE_FALSE)


def _form_fit(q: Question, difficulty: Difficulty) -> float:
    """Hard asks for analysis (which pairing, which statement is false) when it is usable."""
    builder = q.origin.settings.get("builder", "")
    if difficulty == Difficulty.HARD and builder in ("pairing", "false-statement", "what-did"):
        return 0.3
    return 0.0


def _rank(
    ctx: _Ctx, pool: list[tuple[float, int, int, Question]], screened: list[tuple[int, Question]]
) -> None:
    """Scores screened candidates into `pool` by `usability`; one the learned scorer puts
    under its threshold is left out first (one batch of meaning vectors for the lot). The
    learned score only refuses: its replay on rated rounds of unseen decks measures
    leaving out, not reordering (reordered by it, 73 tune-deck drafts went and 45 came
    without reading any better)."""
    learned: list[float | None] = [None] * len(screened)
    if ctx.drafts is not None:
        views = [DraftView.of(q, ctx.facts[fid].slide.text) for fid, q in screened]
        learned = ctx.drafts.score_all(views)
    for (fid, q), p in zip(screened, learned, strict=True):
        if ctx.drafts and not ctx.drafts.keeps(p):
            ctx.stats[UNLIKE_DRAFTS] += 1
            continue
        score = usability(q, ctx.facts[fid]) + _form_fit(q, ctx.difficulty)
        pool.append((score, -len(pool), fid, q))
    screened.clear()


# how many screened candidates are weighed against each other for one draft
_WINDOW = 6


def _next(
    ctx: _Ctx, qtype: QuestionType, order: list[int], reuse: bool, turn: int, n_made: int
) -> Question | None:
    """The best of the next few acceptable candidates of a type, or None.

    Overgenerate and rank: candidates from the facts in order (every builder of the
    plan) are screened, one the learned scorer puts under its threshold is left out, the
    first `_WINDOW` left are scored for likely usability, and the best one that is
    grounded in the slides is delivered."""
    plan = _plan(qtype, ctx.difficulty)
    pool: list[tuple[float, int, int, Question]] = []
    screened: list[tuple[int, Question]] = []  # passed the checks, not scored yet
    for fid in order:
        if len(pool) + len(screened) >= _WINDOW:
            _rank(ctx, pool, screened)
        if len(pool) >= _WINDOW:
            break
        fact = ctx.facts[fid]
        if fid in ctx.used or _cut_short(ctx, fact):
            continue
        if not reuse and fact.term and norm_key(fact.term) in ctx.asked_terms:
            continue
        builders = plan[turn % len(plan) :] + plan[: turn % len(plan)]
        if qtype == QuestionType.TRUE_FALSE:
            # alternate true and false, reproducibly; the other kind only in the second pass
            # hard starts with a false one: the statement medium asks as true comes back
            # changed, not the same again
            want_true = (n_made + ctx.seed + (ctx.difficulty == Difficulty.HARD)) % 2 == 0
            builders = plan[:1] if want_true else plan[1:]
            if reuse:
                builders = plan if want_true else plan[::-1]
        for build in builders:
            q = build(ctx, fid)
            if q is not None and _screen(ctx, q):
                screened.append((fid, q))
    _rank(ctx, pool, screened)
    for _, _, fid, q in sorted(pool, key=lambda p: (p[0], p[1]), reverse=True):
        fact = ctx.facts[fid]
        made = _commit(ctx, q, fact)
        if made is not None:
            ctx.used.add(fid)
            if fact.term:
                ctx.asked_terms.add(norm_key(fact.term))
            return made
    return None

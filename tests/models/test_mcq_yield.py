"""Multiple-choice forms that raise the yield without loosening a gate: "which step comes
directly after …" on a stated sequence, and "Which <kind> …?" from a statement whose
subject is a plural or whose verb is a modal."""

from __future__ import annotations

import random

from models.drafting.built import build_drafts
from models.drafting.candidates import _Ctx
from models.drafting.distractors import _distractor_terms
from models.drafting.facts import Fact, extract_facts
from models.drafting.forms import _modal_predicate, _term_for_statement
from models.drafting.grounding import ground
from models.drafting.step_forms import _step_after, sequence_facts
from models.drafting.vocabulary import deck_vocabulary
from storage.domain import Difficulty, QuestionType, Slide

T = QuestionType

BPE = Slide(
    1,
    1,
    "Byte pair encoding\n1. Split every word into characters\n"
    "2. Count all adjacent pairs of symbols\n"
    "3. Merge the most frequent pair into a new symbol\n"
    "4. Add the new symbol to the vocabulary\n"
    "5. Repeat until the vocabulary has the wanted size",
)


def _ctx(slides: list[Slide], seed: int = 0) -> _Ctx:
    facts = extract_facts(slides)
    vocab = deck_vocabulary(slides, facts=facts)
    return _Ctx(slides, facts, vocab, Difficulty.MEDIUM, seed, random.Random(seed))


def test_the_step_after_another_is_asked_with_the_other_steps_as_options() -> None:
    steps = list(sequence_facts(_ctx([BPE]))[0].items)
    for seed in range(6):
        ctx = _ctx([BPE], seed)
        ctx.facts += sequence_facts(ctx)
        q = _step_after(ctx, len(ctx.facts) - 1)
        assert q is not None and q.type == T.MCQ
        assert q.stem.startswith("In byte pair encoding, which step comes directly after “")
        anchor = q.stem.split("“")[1].rstrip("”?")
        (key,) = [c.text for c in q.choices if c.fraction > 0]
        assert steps.index(key) == steps.index(anchor) + 1  # the slide's order
        options = {c.text for c in q.choices}
        assert anchor not in options and options <= set(steps) and len(options) == 4


def test_a_three_step_sequence_is_no_step_question() -> None:
    three = Slide(1, 1, "Monte Carlo\n1. Specify the inputs\n2. Sample the inputs\n3. Aggregate")
    assert sequence_facts(_ctx([three])) == []


def test_step_questions_fill_mcq_slots_and_not_beside_their_ordering_item() -> None:
    qs = build_drafts([BPE], {T.MCQ: 2}, Difficulty.MEDIUM)
    assert [q.origin.settings["builder"] for q in qs] == ["step-after"]
    assert ground(qs[0], [BPE]).supported
    both = build_drafts([BPE], {T.MCQ: 2, T.ORDERING: 1}, Difficulty.MEDIUM)
    assert [q.type for q in both] == [T.ORDERING]  # the ordering item answers it


def test_a_modal_verb_phrase_follows_which_but_a_negated_one_does_not() -> None:
    pred = _modal_predicate("can only be attached to one or more PE routers")
    assert pred is not None and pred.singular == pred.plural
    assert _modal_predicate("can not be attached") is None
    assert _modal_predicate("cannot be attached") is None
    assert _modal_predicate("is attached to a PE router") is None


ROUTERS = [
    Slide(
        2,
        1,
        "Kinds of routers\nEdge router: a router at the border of the provider's network\n"
        "Core router: a router inside the provider's backbone\n"
        "Customer router: a router at the customer's site",
    ),
    Slide(
        2, 2, "Attachment\nA customer router can only be attached to one or more provider devices."
    ),
    Slide(2, 3, "Tables\nCore routers move traffic between distant sites."),
]


def _statement_stems(slides: list[Slide]) -> list[str]:
    ctx = _ctx(slides)
    stems = []
    for fid, f in enumerate(ctx.facts):
        if f.kind == "statement":
            q = _term_for_statement(ctx, fid)
            if q is not None:
                stems.append(q.stem)
    return stems


def test_statements_with_a_plural_subject_or_a_modal_verb_become_which_kind_stems() -> None:
    # ("move" is read as the verb it is by the parse, so slide 3 gives its stem too)
    assert _statement_stems(ROUTERS) == [
        "Which kind of router can only be attached to one or more provider devices?",
        "Which kind of router moves traffic between distant sites?",
    ]
    ctx = _ctx(ROUTERS)
    line = "Core routers move traffic between distant sites."
    ctx.facts.append(Fact("statement", "Core router", line, line, ROUTERS[2], "Tables",
                          form="subject"))  # fmt: skip
    q = _term_for_statement(ctx, len(ctx.facts) - 1)
    assert q is not None
    assert q.stem == "Which kind of router moves traffic between distant sites?"
    assert [c.text for c in q.choices if c.fraction > 0] == ["Core router"]


def _wrong_options(slides: list[Slide], term: str) -> list[str]:
    ctx = _ctx(slides)
    fid = next(i for i, f in enumerate(ctx.facts) if f.kind == "definition" and f.term == term)
    fact = ctx.facts[fid]
    key = ctx.vocab.get(term)
    assert key is not None
    picked = _distractor_terms(ctx, key, 2, fact.definition, fact.definition, group=fact)
    return sorted(t.text for t in picked)


def test_a_word_the_key_shares_with_its_peers_is_no_echo_of_the_gloss() -> None:
    # "Model language as …": every option ends in "models", so none is cued by it
    lm = Slide(
        4,
        1,
        "Language modeling algorithms\n"
        "Hidden Markov models: model language as a sequence of hidden states\n"
        "N-gram models: predict the next word from the previous n-1 words\n"
        "Transformer models: weigh every word of the context with self-attention",
    )
    assert _wrong_options([lm], "Hidden Markov models") == ["N-gram models", "Transformer models"]
    # a peer without the key's word still may not echo the gloss ("quantization" beside
    # "quantize …" when the key is no "… quantization")
    q = Slide(
        4,
        2,
        "Compression methods\nPruning: drop the weights of small magnitude\n"
        "Distillation: train a small student on the outputs of a large teacher\n"
        "Weight sharing: quantize the weights to a few shared values\n"
        "Quantization: store the weights with fewer bits",
    )
    assert "Quantization" not in _wrong_options([q], "Weight sharing")


def test_one_word_names_are_options_beside_acronyms_among_peers() -> None:
    papers = Slide(
        5,
        1,
        "Post-training quantization methods\n"
        "SmoothQuant: quantize both weights and activations\n"
        "AWQ: scale the salient weight channels before rounding\n"
        "GPTQ: round the weights one column at a time with second-order updates\n"
        "QuIP: process the weights with random orthogonal matrices first",
    )
    assert len(_wrong_options([papers], "SmoothQuant")) == 2


def test_a_which_stem_that_names_its_key_in_another_number_is_not_built() -> None:
    slides = [
        *ROUTERS[:2],
        Slide(2, 3, "Tables\nEdge routers move traffic to the next edge router of the backbone."),
    ]
    ctx = _ctx(slides)
    line = "Edge routers move traffic to the next edge router of the backbone."
    ctx.facts.append(Fact("statement", "Edge router", line, line, slides[2], "Tables",
                          form="subject"))  # fmt: skip
    assert _term_for_statement(ctx, len(ctx.facts) - 1) is None

"""Multiple-choice questions on a stated sequence: "In RAG, which step comes directly
after “Retrieval”?". The options are the sequence's other steps, so every option is of
the key's kind by construction (no deck term of another kind can slip in), and the key
is the order the slide states (sequences.slide_sequences reads only stated orders)."""

from __future__ import annotations

import re

from models.drafting.candidates import _choices, _Ctx, _question
from models.drafting.checks import giveaway
from models.drafting.facts import Fact
from models.drafting.sequences import _LIKE, _as_object, slide_sequences
from models.drafting.wording import _display
from models.drafting.words import content_tokens, norm_key
from storage.domain import Bloom, Question, QuestionType

# an anchor and three options: a shorter sequence leaves two options, and "which comes
# after A" among A's two neighbours is a coin toss between the only candidates
_MIN_STEPS = 4


def sequence_facts(ctx: _Ctx) -> list[Fact]:
    """The deck's stated sequences of four or more steps as facts of kind "sequence"
    (term: what they are the steps of; definition: that name as a sentence's object;
    form: what the slide calls them), one per set of steps."""
    lower_words = frozenset(re.findall(r"\b[a-z][a-z-]+\b", " ".join(s.text for s in ctx.slides)))
    out: list[Fact] = []
    seen: list[frozenset[str]] = []
    for slide in ctx.slides:
        for seq in slide_sequences(slide):
            if len(seq.items) < _MIN_STEPS:
                continue
            words = frozenset(content_tokens(" ".join(seq.items)))
            if any(len(words & w) > _LIKE * min(len(words), len(w)) for w in seen):
                continue  # the same steps on a build of the slide
            seen.append(words)
            noun = seq.noun or ("steps" if seq.steps else "stages")
            obj = _as_object(seq.topic, lower_words)
            out.append(Fact("sequence", seq.topic, seq.source, obj, slide, seq.topic,
                            tuple(seq.items), noun))  # fmt: skip
    return out


def _singular(noun: str) -> str:
    return noun[:-1] if noun.endswith("s") else noun


def _step_after(ctx: _Ctx, fid: int) -> Question | None:
    """ "In <process>, which step comes directly after “<step i>”?" with the step after it
    as the key and the other steps as wrong options."""
    fact = ctx.facts[fid]
    steps = list(fact.items)
    if fact.kind != "sequence" or len(steps) < _MIN_STEPS:
        return None
    folded = {norm_key(s) for s in steps}
    if any(
        m.type == QuestionType.ORDERING and {norm_key(c.text) for c in m.choices} == folded
        for m in ctx.made
    ):
        return None  # the ordering item of these steps answers this one
    # the anchor is any step but the last, in the seed's order; the first whose next step
    # shares no word with it alone (consecutive steps often do: "Count pairs" → "Merge the
    # pair"), which would give the key away
    anchors = list(range(len(steps) - 1))
    ctx.rng.shuffle(anchors)
    noun = _singular(fact.form)
    for i in anchors:
        anchor, key = steps[i], steps[i + 1]
        others = [s for j, s in enumerate(steps) if j not in (i, i + 1)]
        if len(others) > 3:
            # the step just before the anchor tests the direction; the rest by the seed
            before = [steps[i - 1]] if i > 0 else []
            rest = [s for s in others if s not in before]
            others = before + ctx.rng.sample(rest, 3 - len(before))
        stem = f"In {fact.definition}, which {noun} comes directly after “{_display(anchor)}”?"
        q = _question(
            ctx,
            fact,
            QuestionType.MCQ,
            stem,
            _choices(ctx, [_display(key)], [_display(o) for o in others]),
            "step-after",
            Bloom.UNDERSTAND,
            f"{_display(fact.term)}: {noun} after {_display(anchor)}"[:120],
            f"Slide {fact.page} gives the order: " + " → ".join(steps) + ".",
            term=fact.term,
        )
        if not giveaway(q):
            return q
    return None

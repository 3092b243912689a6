"""An assignment (essay) on the slides' main topic: the terms one slide group defines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models.drafting.candidates import (
    _Ctx,
    _origin,
    matches_focus,
)
from models.drafting.facts import (
    Fact,
)
from models.drafting.wording import (
    _display,
    _sentence,
    _tags,
)
from models.drafting.words import (
    norm_key,
)
from storage.domain import (
    Bloom,
    Difficulty,
    Question,
    QuestionType,
    SlideRef,
    Status,
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

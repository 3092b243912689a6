"""Ordering questions from sequences the slides state: numbered steps of a procedure
("1. Figure out every possible group assignment 2. Compute the statistic 3. …") and
pipelines written with arrows ("tokenize → embed → encode → decode"). Lists that are
numbered but are no sequence (an agenda, the parts of a theorem) are left alone: steps
must be instructions, or the slide must say it shows steps, a process or a pipeline."""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.drafting.candidates import _Ctx, _question
from models.drafting.facts import Fact
from models.drafting.slide_units import Unit, slide_units
from models.drafting.wording import _display
from models.drafting.words import _MATH_CHARS, _VERBS, _WORD_RE, _fold, verb_only
from storage.domain import Bloom, Choice, Question, QuestionType, Slide

_NUMBER = re.compile(r"^(?:step\s*)?(\d{1,2})[.):]?$", re.IGNORECASE)
_ARROW = re.compile(r"\s*(?:→|->|⇒|=>|⟶)\s*")
_SEQUENCE_TITLE = re.compile(
    r"\b(?:steps?|procedure|process|pipeline|algorithm|workflow|stages?|phases?|how to"
    r"|recipe|life ?cycle|sequence)\b",
    re.IGNORECASE,
)
_MIN_ITEMS, _MAX_ITEMS = 3, 7


def _item_ok(text: str) -> bool:
    words = _WORD_RE.findall(text)
    return 1 <= len(words) <= 16 and not any(c in _MATH_CHARS for c in text)


def _instruction(text: str) -> bool:
    words = _WORD_RE.findall(text)
    first = _fold(words[0]) if words else ""
    return first in _VERBS or verb_only(first)


def _numbered_runs(units: Sequence[Unit]) -> list[list[str]]:
    """Runs of units numbered 1, 2, 3 … at one level, in order."""
    runs: list[list[str]] = []
    current: list[str] = []
    level = -1
    for unit in units:
        m = _NUMBER.match(unit.bullet or "")
        n = int(m.group(1)) if m else 0
        if n == len(current) + 1 and (not current or unit.level == level):
            current.append(unit.text.strip().rstrip(".;,"))
            level = unit.level
            continue
        if len(current) >= _MIN_ITEMS:
            runs.append(current)
        current, level = ([unit.text.strip().rstrip(".;,")], unit.level) if n == 1 else ([], -1)
    if len(current) >= _MIN_ITEMS:
        runs.append(current)
    return runs


def slide_sequences(slide: Slide) -> list[tuple[str, list[str], str]]:
    """(what the sequence is of, its items in order, the line(s) it was read from)."""
    title, units = slide_units(slide)
    body = [u for u in units if not u.heading]
    found: list[tuple[str, list[str], str]] = []
    for items in _numbered_runs(body):
        told = sum(_instruction(i) for i in items)
        steps = 3 * told >= 2 * len(items) or bool(_SEQUENCE_TITLE.search(title))
        if steps and all(_item_ok(i) for i in items) and len(items) <= _MAX_ITEMS:
            found.append((title, items, "\n".join(items)))
    for unit in body:
        parts = [p.strip(" .;,") for p in _ARROW.split(unit.text)]
        if len(parts) >= _MIN_ITEMS and all(_item_ok(p) and len(p.split()) <= 6 for p in parts):
            found.append((unit.label or title, parts[:_MAX_ITEMS], unit.text))
    return [
        (what, items, source)
        for what, items, source in found
        if len({i.lower() for i in items}) == len(items)  # the same item twice: no order
    ]


def _orderings(ctx: _Ctx, wanted: int) -> list[tuple[Question, Fact]]:
    """Up to `wanted` ordering questions, one per stated sequence, slides in order."""
    made: list[tuple[Question, Fact]] = []
    for slide in ctx.slides:
        for what, items, source in slide_sequences(slide):
            if len(made) >= wanted:
                return made
            steps = 3 * sum(_instruction(i) for i in items) >= 2 * len(items)
            topic = re.sub(r"\s*\(?(?:cont\.?|continued|\d+\s*/\s*\d+)\)?\s*$", "", what).strip()
            of = f" of {topic[0].lower() + topic[1:]}" if topic and not topic.isupper() else ""
            of = of if topic else ""
            noun = "steps" if steps else "stages"
            stem = f"Put the {noun}{of} in order."
            fact = Fact("list", topic, source, source, slide, topic, tuple(items), "sequence")
            choices = tuple(Choice(_display(i), 1.0) for i in items)
            q = _question(
                ctx,
                fact,
                QuestionType.ORDERING,
                stem,
                choices,
                "ordering",
                Bloom.UNDERSTAND,
                f"{_display(topic or 'Sequence')}: order",
                f"Slide {slide.page} gives the order: " + " → ".join(items) + ".",
            )
            made.append((q, fact))
    return made

"""Numerical questions on figures the slides state ("175 billion parameters")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from models.drafting.candidates import (
    _Ctx,
    _question,
    matches_focus,
)
from models.drafting.facts import (
    Fact,
)
from models.drafting.slide_units import (
    slide_sentences,
)
from models.drafting.wording import (
    _display,
    _fits,
    _quote,
    _sentence,
)
from models.drafting.words import (
    content_tokens,
    is_prose,
)
from storage.domain import (
    Bloom,
    Choice,
    Question,
    QuestionType,
)

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

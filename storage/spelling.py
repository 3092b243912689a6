"""Plain spellings: "Naïve" → "Naive", so a student who types without accents is right.

Used by the answer key and the Moodle/GIFT exports of short answers, and by the
exam's cueing check (which compares texts regardless of accents and case).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from storage.domain import Choice, Question, QuestionType, TextFormat
from storage.rich_text import to_plain

# Letters NFD does not take apart into a base letter and a mark.
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
     "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"}
)  # fmt: skip


def plain_spelling(text: str) -> str:
    """`text` without diacritics; other characters (and case) as they were."""
    # canonical decomposition only: "´ve" (a spacing accent used as an apostrophe)
    # and ligatures stay as written
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def with_plain_spellings(question: Question) -> Question:
    """A short-answer question whose accepted answers also include their plain
    spelling (at the same credit, right after the original); others as they are."""
    if question.type is not QuestionType.SHORT:
        return question

    def same(text: str) -> str:  # answers Moodle would not tell apart
        return text.strip() if question.case_sensitive else text.strip().casefold()

    have = {same(c.text) for c in question.choices}
    choices: list[Choice] = []
    for choice in question.choices:
        choices.append(choice)
        marked_up = question.text_format is not TextFormat.PLAIN and (
            "<" in choice.text or "&" in choice.text
        )
        if choice.fraction <= 0 or marked_up:
            continue  # markup in an answer is rare; leave it alone rather than break it
        plain = plain_spelling(choice.text.strip())
        if plain and same(plain) not in have:
            have.add(same(plain))
            choices.append(replace(choice, text=plain))
    if len(choices) == len(question.choices):
        return question
    return replace(question, choices=tuple(choices))


def without_plain_spellings(question: Question) -> Question:
    """The inverse of `with_plain_spellings` for imports: an accepted answer that is
    just the plain spelling of the one before it (same credit and feedback) is
    implied, so re-importing an export gives back the question as it was."""
    if question.type is not QuestionType.SHORT:
        return question
    kept: list[Choice] = []
    for choice in question.choices:
        before = kept[-1] if kept else None
        if (
            before is not None
            and choice.text.strip() != before.text.strip()
            and choice.text.strip() == plain_spelling(before.text.strip())
            and (choice.fraction, choice.feedback) == (before.fraction, before.feedback)
        ):
            continue
        kept.append(choice)
    if len(kept) == len(question.choices):
        return question
    return replace(question, choices=tuple(kept))


def comparable(text: str, text_format: TextFormat = TextFormat.PLAIN) -> str:
    """A text reduced for comparing: plain, no accents, case-folded, one space, no
    surrounding punctuation."""
    plain = plain_spelling(to_plain(text, text_format)).casefold()
    plain = re.sub(r"\s+", " ", plain).strip()
    return plain.strip(" .,;:!?\"'“”‘’()[]")

"""The newer question types on paper (matching, cloze, ordering, gapselect, ddwtos):
what each version prints and its key. No reportlab or python-docx here: `pdf_newer`
and `word_newer` lay these out.

A version's shuffle of a newer type is kept in the item itself:
- matching: `ExamItem.arrangement` is the printed order of the right column (indexes
  into `matching_answers(q)`); the numbered left column keeps the stored order;
- ordering: `arrangement` is the printed order of the items (indexes into the choices,
  whose stored order stays the right one);
- gapselect / ddwtos: the choices themselves are shuffled and `[[n]]` renumbered, so
  the question stays valid (choice n is still what `[[n]]` asks for); the word bank
  prints the choices in their (shuffled) order;
- cloze: the options of shuffled choice gaps (codes ending in S, as in Moodle) are
  reordered in the stem.
Matching, ordering and word banks are always shuffled: printed in stored order they
would give the answer away.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from storage.domain import GAP_TYPES, Question, QuestionType
from storage.question_types import GAP, NEWER_TYPES, ClozeGap, cloze_code, cloze_gaps
from storage.rich_text import Block, ImageRef, to_blocks, to_plain

# Gaps in a stem become these (private-use characters survive escaping and markup),
# so a writer can put its own blank where each gap was.
TOKEN_OPEN, TOKEN_CLOSE = "\ue000", "\ue001"
TOKEN = re.compile(f"{TOKEN_OPEN}(\\d+){TOKEN_CLOSE}")
BLANK = "__________"
INLINE_OPTIONS_MAX = 60  # characters: longer option lists of a cloze gap print as a list

__all__ = [
    "BLANK",
    "NEWER_TYPES",
    "TOKEN",
    "arrange",
    "bank_groups",
    "cloze_inline",
    "cloze_lists",
    "hint",
    "is_newer",
    "matching_answers",
    "matching_pairs",
    "newer_key",
    "printed_answers",
    "printed_items",
    "stem_blocks",
    "tokenised_stem",
]


def is_newer(question: Question) -> bool:
    return question.type in NEWER_TYPES


# --------------------------------------------------------------------------- matching


def matching_answers(q: Question) -> list[str]:
    """The right column: the pairs' answers then the extra wrong answers, each once."""
    return list(dict.fromkeys(c.match.strip() for c in q.choices if c.match.strip()))


def matching_pairs(q: Question) -> list[tuple[str, str]]:
    """(stem, answer) of every pair, in stored order (the numbered left column)."""
    return [(c.text, c.match.strip()) for c in q.choices if c.text.strip()]


# --------------------------------------------------------------------------- gaps


@dataclass(frozen=True)
class BankGroup:
    group: int
    entries: tuple[tuple[str, str], ...]  # (letter, word) in printed order
    blanks: tuple[int, ...]  # the blank numbers that take their word from this group


def _letter(index: int) -> str:
    from storage.exports.versions import option_label

    return option_label(index)


def bank_groups(q: Question) -> list[BankGroup]:
    """The word bank of a gapselect / ddwtos question, one list per group, lettered
    A, B, C… across the whole question in the choices' order."""
    asked = [int(n) for n in GAP.findall(q.stem)]
    groups = sorted({c.group for c in q.choices})
    out = []
    for g in groups:
        entries = tuple(
            (_letter(i), to_plain(c.text, q.text_format))
            for i, c in enumerate(q.choices)
            if c.group == g
        )
        blanks = tuple(
            pos
            for pos, n in enumerate(asked, 1)
            if 1 <= n <= len(q.choices) and q.choices[n - 1].group == g
        )
        out.append(BankGroup(g, entries, blanks))
    return out


def tokenised_stem(q: Question) -> str:
    """The stem with each gap ({1:SA:…} or [[n]]) replaced by a token holding the
    blank's number (1, 2, … in text order); see TOKEN."""
    if q.type is QuestionType.CLOZE:
        out, pos = [], 0
        for g in cloze_gaps(q.stem):
            out += [q.stem[pos : g.start], f"{TOKEN_OPEN}{g.number}{TOKEN_CLOSE}"]
            pos = g.end
        return "".join(out) + q.stem[pos:]
    count = iter(range(1, 10_000))
    return GAP.sub(lambda m: f"{TOKEN_OPEN}{next(count)}{TOKEN_CLOSE}", q.stem)


def cloze_inline(gap: ClozeGap) -> bool:
    """Whether a choice gap's options fit inline: "(2) [symbols / words / documents]"."""
    if gap.kind != "choice":
        return False  # several to pick: a list of boxes to tick
    return sum(
        len(a.text) + 3 for a in gap.answers
    ) <= INLINE_OPTIONS_MAX and not gap.code.endswith(("V", "VS", "_V", "_VS"))


# --------------------------------------------------------------------------- shuffling


def _permutation(n: int, rng: random.Random, avoid_identity: bool = True) -> tuple[int, ...]:
    order = list(range(n))
    for _ in range(20):  # the stored order would give the answer away: avoid it
        rng.shuffle(order)
        if not avoid_identity or n < 2 or order != sorted(order):
            break
    return tuple(order)


def _renumbered(q: Question, order: tuple[int, ...]) -> Question:
    """`q` with choices in `order` (new i = old order[i]) and [[n]] renumbered."""
    new_of_old = {old + 1: new + 1 for new, old in enumerate(order)}
    stem = GAP.sub(lambda m: f"[[{new_of_old.get(int(m.group(1)), int(m.group(1)))}]]", q.stem)
    return replace(q, stem=stem, choices=tuple(q.choices[i] for i in order))


def _shuffled_cloze(q: Question, rng: random.Random) -> Question:
    out, pos = [], 0
    for g in cloze_gaps(q.stem):
        out.append(q.stem[pos : g.start])
        if g.kind in ("choice", "multiresponse") and g.code.endswith("S"):
            order = _permutation(len(g.answers), rng, avoid_identity=False)
            out.append(cloze_code(g.code, [g.answers[i] for i in order], g.weight))
        else:
            out.append(q.stem[g.start : g.end])
        pos = g.end
    return replace(q, stem="".join(out) + q.stem[pos:])


def arrange(q: Question, rng: random.Random) -> tuple[Question, tuple[int, ...]]:
    """One version's printed form of a newer type: (question, arrangement); see above."""
    t = q.type
    if t is QuestionType.MATCHING:
        return q, _permutation(len(matching_answers(q)), rng)
    if t is QuestionType.ORDERING:
        return q, _permutation(len(q.choices), rng)
    if t in GAP_TYPES and len(q.choices) > 1:
        # shuffled within each group, the groups in order: a list's letters run on
        groups = sorted({c.group for c in q.choices})
        for _ in range(20):  # not the stored order (blank 1 = A, 2 = B… gives it away)
            order: list[int] = []
            for g in groups:
                members = [i for i, c in enumerate(q.choices) if c.group == g]
                order += [members[i] for i in _permutation(len(members), rng, False)]
            if order != sorted(order):
                break
        return _renumbered(q, tuple(order)), ()
    if t is QuestionType.CLOZE:
        return _shuffled_cloze(q, rng), ()
    return q, ()


def printed_answers(q: Question, arrangement: tuple[int, ...]) -> list[str]:
    """A matching question's right column as printed (A, B, C… in this order)."""
    answers = matching_answers(q)
    order = arrangement if sorted(arrangement) == list(range(len(answers))) else range(len(answers))
    return [answers[i] for i in order]


def printed_items(q: Question, arrangement: tuple[int, ...]) -> list[int]:
    """An ordering question's items as printed: indexes into its choices."""
    n = len(q.choices)
    return list(arrangement) if sorted(arrangement) == list(range(n)) else list(range(n))


# --------------------------------------------------------------------------- keys


def newer_key(q: Question, arrangement: tuple[int, ...]) -> tuple[str, str]:
    """(key, detail) of a newer type as this version prints it; lines joined by "\\n"."""
    fmt = q.text_format
    t = q.type
    if t is QuestionType.MATCHING:
        right = printed_answers(q, arrangement)
        letters = {a: _letter(i) for i, a in enumerate(right)}
        pairs = matching_pairs(q)
        key = ", ".join(f"{n} → {letters[a]}" for n, (_, a) in enumerate(pairs, 1))
        detail = "\n".join(
            f"{n}. {to_plain(s, fmt)} → {letters[a]}. {a}" for n, (s, a) in enumerate(pairs, 1)
        )
        return key, detail
    if t is QuestionType.ORDERING:
        printed = printed_items(q, arrangement)
        # the box of printed item X holds its position in the right order
        key = ", ".join(f"{_letter(i)} = {src + 1}" for i, src in enumerate(printed))
        letter_of = {src: _letter(i) for i, src in enumerate(printed)}
        detail = "right order: " + " → ".join(letter_of[i] for i in range(len(q.choices)))
        detail += "\n" + "\n".join(
            f"{i + 1}. {to_plain(c.text, fmt)} ({letter_of[i]})" for i, c in enumerate(q.choices)
        )
        return key, detail
    if t in GAP_TYPES:
        lines = []
        for pos, n in enumerate((int(m) for m in GAP.findall(q.stem)), 1):
            if 1 <= n <= len(q.choices):
                lines.append(f"({pos}) {_letter(n - 1)}. {to_plain(q.choices[n - 1].text, fmt)}")
            else:
                lines.append(f"({pos}) —")
        return "\n".join(lines) or "—", ""
    if t is QuestionType.CLOZE:
        lines = []
        gaps = cloze_gaps(q.stem)
        weighted = len({g.weight for g in gaps}) > 1  # say each gap's share when they differ
        for g in gaps:
            share = f" [weight {g.weight}]" if weighted else ""
            lines.append(f"({g.number}) {_cloze_answer(g)}{share}")
        return "\n".join(lines) or "—", ""
    return "—", ""


def _cloze_answer(g: ClozeGap) -> str:
    def text(a_text: str, tolerance: float | None) -> str:
        return a_text + (f" ± {tolerance:g}" if tolerance else "")

    if g.kind in ("choice", "multiresponse"):
        inline = cloze_inline(g)
        picked = (
            [(i, a) for i, a in enumerate(g.answers) if a.fraction > 0]
            if g.kind == "multiresponse"
            else [(i, a) for i, a in enumerate(g.answers) if a.fraction >= 1.0 - 1e-9]
        )
        return ", ".join(a.text if inline else f"{_letter(i)}. {a.text}" for i, a in picked) or "—"
    full = [text(a.text, a.tolerance) for a in g.answers if a.fraction >= 1.0 - 1e-9]
    partial = [
        f"{text(a.text, a.tolerance)} ({a.fraction * 100:g}%)"
        for a in g.answers
        if 0 < a.fraction < 1.0 - 1e-9
    ]
    out = " / ".join(full + partial) or "—"
    return out + (" (case matters)" if g.kind == "short_c" else "")


# --------------------------------------------------------------------------- printed stems


def _blank_markup(q: Question, number: int, gaps: dict[int, ClozeGap]) -> str:
    from storage.rich_text import escape

    label = f"<b>({number})</b>"
    gap = gaps.get(number)
    if gap is not None and cloze_inline(gap):
        options = "\u00a0/\u00a0".join(escape(a.text) for a in gap.answers)
        return f"{label}\u00a0[{options}]"
    return f"{label}\u00a0{BLANK}"


def stem_blocks(q: Question) -> list[Block]:
    """The stem of a cloze / gap question as blocks of markup, every gap a numbered
    blank "(1) ______" or, for a short choice gap, "(2) [symbols / words / documents]"."""
    gaps = {g.number: g for g in cloze_gaps(q.stem)} if q.type is QuestionType.CLOZE else {}
    blocks = to_blocks(tokenised_stem(q), q.text_format)

    def fill(markup: str) -> str:
        return TOKEN.sub(lambda m: _blank_markup(q, int(m.group(1)), gaps), markup)

    return [b if isinstance(b, ImageRef) else replace(b, markup=fill(b.markup)) for b in blocks]


def cloze_lists(q: Question) -> list[tuple[int, list[tuple[str, str]]]]:
    """The choice gaps of a cloze too long to print inline: (number, [(letter, option)])."""
    return [
        (g.number, [(_letter(i), a.text) for i, a in enumerate(g.answers)])
        for g in cloze_gaps(q.stem)
        if g.kind in ("choice", "multiresponse") and not cloze_inline(g)
    ]


def hint(q: Question) -> str:
    """How to answer, printed under the stem."""
    t = q.type
    if t is QuestionType.MATCHING:
        return (
            "Write the letter of the matching answer in each box. "
            "An answer may be used once, more than once, or not at all."
        )
    if t is QuestionType.ORDERING:
        return "Write each item's position in its box (1 = first)."
    if t in GAP_TYPES:
        return "Write in each blank the letter of a word from the word bank."
    if t is QuestionType.CLOZE:
        gaps = [g for g in cloze_gaps(q.stem) if g.kind in ("choice", "multiresponse")]
        words = "Fill in each numbered blank"
        if any(cloze_inline(g) for g in gaps):
            words += "; circle the right option in [brackets]"
        if any(not cloze_inline(g) for g in gaps):
            words += "; tick the right option in the lists below"
        return words + "."
    return ""

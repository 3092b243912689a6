"""The student's view of matching, cloze, ordering, select-missing-words and drag-into-text
questions, on paper and in Moodle, with the key when asked (used by question_preview).

Gaps in the stem are swapped for private-use markers before the text goes through
`storage.rich_text.to_html` (so the codes' characters are never read as markup) and
for their widgets after it.
"""

from __future__ import annotations

import html
import random
import re

from storage.domain import GAP_TYPES, Question, QuestionType
from storage.exports.versions import option_label
from storage.question_types import ClozeGap, answer_lines, cloze_gaps, gap_numbers
from storage.rich_text import to_html

PAPER = "paper"
MOODLE = "moodle"
_KEY = "#1b7f3b"
_HINT = "#666666"
_MARK = 0xF0000  # first of the markers (Supplementary Private Use Area-A)
_MARKS = re.compile("[\U000f0000-\U000f0fff]")


def _shuffled(items: list[str], q: Question) -> list[str]:
    """A fixed order unlike the right one: the same preview every time."""
    rng = random.Random(q.stem + "".join(items))
    out = items[:]
    for _ in range(5):
        rng.shuffle(out)
        if out != items or len(items) < 2:
            break
    return out


def _box(text: str, style: str) -> str:
    if style == PAPER:
        return f"<u>{text}</u>"
    return f"<span style='background:#eee; border:1px solid #999'>{text}</span>"


def _key(text: str) -> str:
    return f"<span style='color:{_KEY}'><b>{text}</b></span>"


def stem_html(q: Question, style: str, show_key: bool) -> str:
    """The stem as the student sees it, gaps included ("" for types without gaps)."""
    if q.type is QuestionType.CLOZE:
        gaps = cloze_gaps(q.stem)
        pieces, pos = [], 0
        for g in gaps:
            pieces += [q.stem[pos : g.start], chr(_MARK + g.number)]
            pos = g.end
        marked = "".join(pieces) + q.stem[pos:]
        widgets = {g.number: _cloze_gap(q, g, style, show_key) for g in gaps}
    elif q.type in GAP_TYPES:
        numbers = gap_numbers(q.stem)
        counter = iter(range(1, len(numbers) + 1))
        marked = re.sub(r"\[\[(\d+)]]", lambda m: chr(_MARK + next(counter)), q.stem)
        widgets = {pos: _gap_widget(q, n, pos, style, show_key) for pos, n in enumerate(numbers, 1)}
    else:
        return ""
    body = to_html(marked, q.text_format)
    return _MARKS.sub(lambda m: widgets.get(ord(m.group()) - _MARK, ""), body)


def _cloze_gap(q: Question, g: ClozeGap, style: str, show_key: bool) -> str:
    n = f"<sup>{g.number}</sup>"
    if g.kind in ("choice", "multiresponse"):
        options = [html.escape(a.text) for a in g.answers]
        if show_key:
            options = [
                _key(o) if a.fraction > 0 else o for o, a in zip(options, g.answers, strict=True)
            ]
        if style == PAPER:
            return f"{n}( {' / '.join(options)} )"
        return f"{n}{_box(' ▾ ' + ' | '.join(options) + ' ', style)}"
    blank = "&nbsp;" * 14
    if show_key:
        blank = _key(html.escape(" / ".join(g.right)))
    return f"{n}{_box(blank, style)}"


def _gap_widget(q: Question, n: int, pos: int, style: str, show_key: bool) -> str:
    choice = q.choices[n - 1] if 1 <= n <= len(q.choices) else None
    if show_key:
        inner = _key(html.escape(choice.text) if choice else "?")
    elif q.type is QuestionType.GAPSELECT and style == MOODLE and choice is not None:
        same = [c.text for c in q.choices if c.group == choice.group]
        inner = " ▾ " + html.escape(" | ".join(_shuffled(same, q))) + " "
    else:
        inner = "&nbsp;" * 12
    return f"<sup>{pos}</sup>{_box(inner, style)}"


def answer_html(q: Question, style: str, show_key: bool) -> str:
    """What comes under the stem: pairs to match, items to order, the word bank."""
    fmt = q.text_format
    if q.type is QuestionType.MATCHING:
        stems = [c for c in q.choices if c.text.strip()]
        answers = _shuffled(list(dict.fromkeys(c.match for c in q.choices if c.match)), q)
        letter = {a: option_label(i) for i, a in enumerate(answers)}
        rows = []
        for i, c in enumerate(stems, 1):
            text = to_html(c.text, fmt, inline=True)
            if style == PAPER:
                box = _key(letter.get(c.match, "?")) if show_key else "&nbsp;" * 4
                right = f"<u>&nbsp;{box}&nbsp;</u>"
            else:
                right = _key(html.escape(c.match)) if show_key else _box(" Choose… ▾ ", style)
            rows.append(f"<tr><td>{i}.</td><td>{text}</td><td>{right}</td></tr>")
        out = "<table cellspacing='6'>" + "".join(rows) + "</table>"
        if style == PAPER:
            out += "<p>" + "<br>".join(
                f"<b>{letter[a]}.</b> {html.escape(a)}" for a in answers
            ) + "</p>"  # fmt: skip
        return out
    if q.type is QuestionType.ORDERING:
        items = [c.text for c in q.choices]
        shown = items if show_key else _shuffled(items, q)
        hint = (
            "Write 1 for the first item, 2 for the next…"
            if style == PAPER
            else "Drag the items into the right order:"
        )
        rows = []
        for i, text in enumerate(shown, 1):
            box = _key(str(i)) if show_key else "&nbsp;" * 4
            cell = f"<u>&nbsp;{box}&nbsp;</u>" if style == PAPER else "☰"
            rows.append(f"<tr><td>{cell}</td><td>{to_html(text, fmt, inline=True)}</td></tr>")
        return f"<p style='color:{_HINT}'>{hint}</p><table cellspacing='4'>{''.join(rows)}</table>"
    if q.type in GAP_TYPES:
        if q.type is QuestionType.GAPSELECT and style == MOODLE:
            return ""  # the choices are in the drop-downs
        groups = sorted({c.group for c in q.choices})
        lines = []
        for g in groups:
            words = _shuffled([c.text for c in q.choices if c.group == g], q)
            label = f"Group {g}: " if len(groups) > 1 else ""
            bank = " &nbsp; ".join(_box(html.escape(w), MOODLE) for w in words)
            lines.append(f"<p>{label}{bank}</p>")
        return f"<p style='color:{_HINT}'>Word bank:</p>" + "".join(lines)
    if q.type is QuestionType.CLOZE and not cloze_gaps(q.stem):
        return f"<p style='color:{_HINT}'>(no gaps yet: write {{1:SHORTANSWER:=answer}})</p>"
    return ""


def key_html(q: Question) -> str:
    """The key lines for the newer types (the right answers in words)."""
    lines = answer_lines(q) or []
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


def plain_stem(q: Question) -> bool:
    """Whether the stem holds gaps this module draws (the caller skips its own stem)."""
    return q.type is QuestionType.CLOZE or q.type in GAP_TYPES


__all__ = ["answer_html", "key_html", "plain_stem", "stem_html"]

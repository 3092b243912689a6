"""GIFT: Moodle's plain-text question format, written and read as Moodle 4.5 does.

Import follows qformat_gift: questions are separated by blank lines, `//` lines are
comments (Moodle reads `[id:…]` and `[tag:…]` in them), `$CATEGORY:` switches category,
`::title::`, `[html]`/`[moodle]`/`[plain]`/`[markdown]` markers, `\\` escapes for
`~ = # { } :` and backslash, `\\n` for a newline. Beyond Moodle it names the question and
line of every error, and it skips, with a reason, what Quizwright cannot hold. Beyond
Moodle it also reads two things real GIFT files hold that Moodle's GIFT import refuses:
Moodle Cloze codes pasted into GIFT (`{1:SA:=…}`) and several answer blocks in one
question; both become cloze questions (`{~=a~b}` a drop-down gap, `{=a=b}` a typed one).
Matching (`{=stem -> answer}`, `= -> extra` for a wrong answer) both ways.

Export writes what GIFT can carry and returns a warning for each question that loses
something (images, penalty, shuffling, numbering, grader information, case sensitivity…).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from storage.domain import Choice, Question, QuestionType, Status, TextFormat
from storage.formats.common import (
    ImportResult,
    QuestionImportError,
    category_from_moodle,
    category_names,
    domain_issue,
    format_percent,
    grade_warning,
    import_origin,
    is_allowed_fraction,
    looks_like_html,
    moodle_category,
    one_line,
    question_label,
    shorten,
    snap_fraction,
    snap_positive_set,
    split_metadata_tags,
    tags_with_metadata,
)
from storage.question_types import cloze_code, cloze_gaps, cloze_points, normalised
from storage.spelling import with_plain_spellings, without_plain_spellings

__all__ = ["GiftImportError", "ImportResult", "export_gift", "import_gift"]

FORMAT = "gift"
DEFAULT_PENALTY = 0.3333333


class GiftImportError(QuestionImportError):
    """GIFT text that cannot be read; the message names the question and the line."""


# =========================================================================== export

_RESERVED = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
_MARKER = re.compile(r"^\[(html|moodle|plain|markdown)\]")


def _escape(text: str) -> str:
    """Escape GIFT's reserved characters and write newlines as \\n (Moodle's repchar)."""
    return text.strip().replace("\r\n", "\n").translate(_RESERVED)


def _marker(q: Question) -> str:
    return "[html]" if q.text_format is TextFormat.HTML else "[plain]"


def _part(q: Question, text: str) -> str:
    """An answer or feedback text: escaped; a leading "[html]"-like text keeps its brackets."""
    out = _escape(text)
    return _marker(q) + out if _MARKER.match(out) else out


def _weight(fraction: float) -> str:
    return f"%{format_percent(fraction)}%"


def _fractions(q: Question, label: str, warnings: list[str]) -> list[float]:
    """The grades as Moodle's GIFT import will accept them (snapped to its list)."""
    out = [c.fraction for c in q.choices]
    positive = [i for i, c in enumerate(q.choices) if c.fraction > 0]
    multi = q.type is QuestionType.MULTI and positive
    snapped = snap_positive_set([out[i] for i in positive]) if multi else None
    if snapped is not None:
        for i, s in zip(positive, snapped, strict=True):
            out[i] = s
    for i, c in enumerate(q.choices):
        if multi and i in positive:
            if snapped is None:
                warnings.append(
                    f"{label}: its positive grades cannot be written as Moodle grades that "
                    "sum to 100%; Moodle will refuse it"
                )
                multi = False  # warn once
            continue
        if is_allowed_fraction(c.fraction):
            out[i] = snap_fraction(c.fraction)
        else:
            warnings.append(
                f"{label}: answer {i + 1} has {format_percent(c.fraction)}%, which is not one "
                "of Moodle's grades; Moodle will refuse it"
            )
    return out


def _lost(q: Question) -> list[str]:
    """What this question holds that GIFT cannot carry."""
    lost: list[str] = []
    if q.images:
        lost.append(f"{len(q.images)} image(s)")
    if abs(q.points - 1.0) > 1e-9 and q.type is not QuestionType.DESCRIPTION:
        lost.append(f"the points ({q.points:g})")
    if abs(q.penalty - DEFAULT_PENALTY) > 1e-6:
        lost.append(f"the penalty ({q.penalty:g})")
    if q.type in (QuestionType.MCQ, QuestionType.MULTI, QuestionType.MATCHING):
        if not q.shuffle_answers:
            lost.append("the fixed answer order (no shuffling)")
        if q.answer_numbering != "abc" and q.type is not QuestionType.MATCHING:
            lost.append(f'the answer numbering "{q.answer_numbering}"')
    if q.grader_info.strip():
        lost.append("the grader information")
    if q.response_template.strip():
        lost.append("the response template")
    if q.type is QuestionType.SHORT and q.case_sensitive:
        lost.append("case sensitivity")
    if q.type is QuestionType.NUMERICAL and q.unit.strip():
        lost.append(f'the unit "{q.unit.strip()}"')
    if q.type is QuestionType.DESCRIPTION and q.general_feedback.strip():
        lost.append("the general feedback (a description has no answer block)")
    # Moodle's combined feedback and hints have no GIFT syntax
    if any(t.strip() for t in (q.correct_feedback, q.partial_feedback, q.incorrect_feedback)):
        lost.append("the feedback for correct, partially correct and incorrect responses")
    if q.hints:
        lost.append(f"{len(q.hints)} hint(s)")
    return lost


def _meta_comment(q: Question, label: str, warnings: list[str]) -> str:
    bits: list[str] = []
    if q.uuid.strip():
        bits.append("[id:" + q.uuid.strip().replace("]", "\\]") + "]")
    for tag in tags_with_metadata(q):
        if re.search(r"[<>`\x00-\x1f]", tag):
            warnings.append(f'{label}: the tag "{tag}" has characters GIFT tags cannot hold')
            continue
        bits.append("[tag:" + tag.replace("]", "\\]") + "]")
    return "// " + " ".join(bits) + "\n" if bits else ""


def _answer_block(q: Question, label: str, warnings: list[str]) -> str | None:
    """The {…} block (without braces), or None when the question cannot be written."""
    f = _fractions(q, label, warnings)
    gf = f"\t####{_part(q, q.general_feedback)}\n" if q.general_feedback.strip() else ""
    lines: list[str] = []

    def feedback(c: Choice) -> str:
        return f"#{_part(q, c.feedback)}" if c.feedback.strip() else ""

    t = q.type
    if t in (QuestionType.MCQ, QuestionType.MULTI):
        for c, frac in zip(q.choices, f, strict=True):
            text = _part(q, c.text)
            if t is QuestionType.MCQ and frac == 1.0:
                prefix = "="
            elif frac == 0 and not text.startswith("%"):
                prefix = "~"
            else:
                prefix = "~" + _weight(frac)
            lines.append(f"\t{prefix}{text}{feedback(c)}\n")
        return "\n" + "".join(lines) + gf
    if t is QuestionType.TRUE_FALSE:
        by_text = {c.text.strip().lower(): (c, frac) for c, frac in zip(q.choices, f, strict=True)}
        if set(by_text) != {"true", "false"} or len(q.choices) != 2:
            warnings.append(
                f"{label}: left out: a true/false question needs answers true and false"
            )
            return None
        true, true_frac = by_text["true"]
        false = by_text["false"][0]
        right, wrong = (true, false) if true_frac > 0 else (false, true)
        out = "TRUE" if true_frac > 0 else "FALSE"
        if wrong.feedback.strip():
            out += "#" + _part(q, wrong.feedback)
        elif right.feedback.strip():
            out += "#"
        if right.feedback.strip():
            out += "#" + _part(q, right.feedback)
        if q.general_feedback.strip():
            out += "####" + _part(q, q.general_feedback)
        return out
    if t is QuestionType.SHORT:
        for c, frac in zip(q.choices, f, strict=True):
            text = _part(q, c.text)
            if "->" in text:
                warnings.append(
                    f'{label}: the answer "{c.text}" contains "->", which Moodle reads as a '
                    "matching question"
                )
            weight = "" if frac == 1.0 and not text.startswith("%") else _weight(frac)
            lines.append(f"\t={weight}{text}{feedback(c)}\n")
        return "\n" + "".join(lines) + gf
    if t is QuestionType.NUMERICAL:
        others: list[Choice] = []
        for c, frac in zip(q.choices, f, strict=True):
            if c.text.strip() == "*":
                others.append(c)
                continue
            try:
                value = float(c.text)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                warnings.append(f'{label}: left out: the answer "{c.text}" is not a number')
                return None
            number = c.text.strip()
            if c.tolerance is not None:
                tolerance = c.tolerance
                number += ":" + _exact(tolerance)
            lines.append(f"\t={_weight(frac)}{number}{feedback(c)}\n")
        if len(others) > 1:
            warnings.append(f'{label}: only the first "*" answer (any other answer) is kept')
        if others:
            lines.append(f"\t~{feedback(others[0]) or '#'}\n")
        return "#\n" + "".join(lines) + gf
    if t is QuestionType.ESSAY:
        return f"####{_part(q, q.general_feedback)}" if q.general_feedback.strip() else ""
    if t is QuestionType.MATCHING:
        for c in q.choices:
            for side in (c.text, c.match):
                if "->" in side:
                    warnings.append(
                        f'{label}: left out: "{shorten(side, 40)}" contains "->", which GIFT '
                        "reads as the arrow between a stem and its answer"
                    )
                    return None
            stem = _part(q, c.text) if c.text.strip() else ""
            lines.append(f"\t={stem} -> {_escape(c.match)}\n")
        return "\n" + "".join(lines) + gf
    if t in _NO_GIFT:
        warnings.append(
            f"{label}: left out: GIFT has no {t.label.lower()} questions (Moodle's GIFT "
            "import cannot read them); export it as Moodle XML instead"
        )
    return None  # description: no block


# The newer types GIFT cannot express (Moodle's GIFT format has no syntax for them).
_NO_GIFT = (QuestionType.CLOZE, QuestionType.ORDERING, QuestionType.GAPSELECT, QuestionType.DDWTOS)


def export_gift(questions: Sequence[Question]) -> tuple[str, list[str]]:
    """The questions as GIFT text, and warnings for what GIFT cannot carry.

    A question that GIFT cannot express at all is left out, with a warning. Short
    answers also accept their plain spelling ("Naïve" and "Naive").
    """
    questions = [with_plain_spellings(q) for q in questions]
    parts: list[str] = []
    warnings: list[str] = []
    current: list[str] = []
    for n, q in enumerate(questions, 1):
        label = question_label(n, q)
        names = category_names(q.category)
        if names != current or (n == 1 and names):
            parts.append(f"$CATEGORY: {moodle_category(q.category)}\n")
            current = names
        issue = domain_issue(q)
        if issue:
            warnings.append(f"{label}: left out: {issue}")
            continue
        lost = _lost(q)
        if lost:
            warnings.append(f"{label}: GIFT cannot carry {', '.join(lost)}; left out")
        head = _meta_comment(q, label, warnings)
        if q.title.strip():
            head += f"::{_escape(q.title)}::"
        head += _marker(q) + _escape(q.stem)
        if q.type is QuestionType.DESCRIPTION:
            parts.append(head + "\n")
            continue
        block = _answer_block(q, label, warnings)
        if block is None:
            continue
        parts.append(f"{head}{{{block}}}\n")
    return "\n".join(parts), warnings


# =========================================================================== import

# Escaped characters become private-use placeholders while the text is parsed.
_PLACEHOLDER = {
    "\\": "\ue000",
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
    "n": "\ue007",
}
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _PLACEHOLDER.items()})
_ESCAPED = re.compile(r"\\([\\:#=~{}n])")
_CLOZE = re.compile(r"^\s*\d+\s*:\s*[A-Za-z_]+\s*:")
_WEIGHT = re.compile(r"^%\s*(-?\d+(?:\.\d*)?|-?\.\d+)\s*%")
_WEIGHTISH = re.compile(r"^%[^%\s]*%")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
_TAGS = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f])+)\]")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


class _Skip(Exception):
    pass


@dataclass
class _Item:
    text: str  # the question, escapes as placeholders, trimmed
    line: int  # line number of its first character
    comments: str


def _blocks(text: str) -> list[_Item]:
    """Questions as Moodle splits them: blank lines between, `//` lines as comments."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    items: list[_Item] = []
    lines: list[str] = []
    comments: list[str] = []
    start = 1

    def flush() -> None:
        joined = "\n".join(lines)
        stripped = joined.strip()
        if stripped:
            lead = len(joined) - len(joined.lstrip())
            line = start + joined[:lead].count("\n")
            escaped = _ESCAPED.sub(lambda m: _PLACEHOLDER[m.group(1)], stripped)
            items.append(_Item(escaped, line, "\n".join(comments)))

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            if lines:
                flush()
            lines, comments, start = [], [], number + 1
            continue
        if line.startswith("//"):
            comments.append(line)
            lines.append("")
        else:
            lines.append(line)
    if lines:
        flush()
    return items


class _Parser:
    def __init__(self) -> None:
        self.questions: list[Question] = []
        self.skipped: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.category = ""

    def error(self, item: _Item, offset: int, label: str, message: str) -> GiftImportError:
        line = item.line + item.text[:offset].count("\n")
        return GiftImportError(f'line {line}, question "{label}": {message}')

    def item(self, item: _Item) -> None:
        text = item.text
        if text.startswith("$CATEGORY:"):
            first, _, rest = text.partition("\n")
            self.category, slashed = category_from_moodle(_restore(first[len("$CATEGORY:") :]))
            for n in slashed:
                self.warnings.append(
                    f'line {item.line}: category "{n}": Quizwright reads the "/" in this name '
                    "as a sub-category"
                )
            if rest.strip():
                lead = len(rest) - len(rest.lstrip())
                self.item(
                    _Item(rest.strip(), item.line + 1 + rest[:lead].count("\n"), item.comments)
                )
            return

        title = ""
        body_at = 0
        if text.startswith("::"):
            end = text.find("::", 2)
            if end < 0:
                words = _first_words(text[2:])
                raise self.error(item, 0, words, 'the title after "::" is not closed with "::"')
            title = _restore(text[2:end]).strip()
            body_at = end + 2
            while body_at < len(text) and text[body_at].isspace():
                body_at += 1
        body = text[body_at:]
        label = title or _first_words(body)

        try:
            q = self.question(item, body, body_at, title, label)
        except _Skip as e:
            self.skipped.append((label, str(e)))
            return
        issue = domain_issue(q)
        if issue:
            self.skipped.append((label, issue))
            return
        self.questions.append(q)
        grades = grade_warning(q)
        if grades:
            self.warnings.append(f'line {item.line}, question "{label}": {grades}')

    def question(self, item: _Item, body: str, at: int, title: str, label: str) -> Question:
        def fail(offset: int, message: str) -> GiftImportError:
            return self.error(item, at + offset, label, message)

        # ---- answer blocks
        spans: list[tuple[int, int]] = []
        pos = 0
        while True:
            s, e = body.find("{", pos), body.find("}", pos)
            if s < 0 and e < 0:
                break
            if s < 0 or 0 <= e < s:
                raise fail(e, '"}" without an opening "{" (write \\} for a brace)')
            e = body.find("}", s + 1)
            if e < 0:
                raise fail(s, 'the answer block "{" is never closed with "}"')
            inner = body.find("{", s + 1)
            if 0 <= inner < e:
                raise fail(inner, '"{" inside an answer block (write \\{ for a brace)')
            spans.append((s, e))
            pos = e + 1
        if len(spans) > 1 or any(_CLOZE.match(body[s + 1 : e]) for s, e in spans):
            return self.cloze(item, body, spans, title, label)

        description = not spans
        answer = ""
        answer_at = 0
        if description:
            stem = body
        else:
            s, e = spans[0]
            answer = body[s + 1 : e]
            after = body[e + 1 :]
            stem = body[:s] + ("_____" + after if after.strip() else "")
            answer_at = s + 1

        general_feedback = ""
        cut = answer.rfind("####")
        if cut >= 0:
            general_feedback = answer[cut + 4 :]
            answer = answer[:cut]
        answer_lead = len(answer) - len(answer.lstrip())
        answer = answer.strip()

        stem = stem.strip()
        fmt = "moodle"
        m = _MARKER.match(stem)
        if m:
            fmt = m.group(1)
            stem = stem[m.end() :].strip()
        general_feedback = _MARKER.sub("", general_feedback.strip(), count=1).strip()

        # ---- type
        if description:
            qtype = QuestionType.DESCRIPTION
        elif not answer:
            qtype = QuestionType.ESSAY
        elif answer.startswith("#"):
            qtype = QuestionType.NUMERICAL
        elif "~" in answer:
            qtype = QuestionType.MCQ if "=" in answer else QuestionType.MULTI
        elif "=" in answer and "->" in answer:
            qtype = QuestionType.MATCHING
        elif answer.split("#", 1)[0].strip() in _TF:
            qtype = QuestionType.TRUE_FALSE
        else:
            qtype = QuestionType.SHORT

        def where(part: str) -> int:
            """Offset of an answer part in `body`, for line numbers."""
            found = answer.find(part)
            return answer_at + answer_lead + max(found, 0)

        def weighted(part: str, default: float) -> tuple[float, str]:
            m = _WEIGHT.match(part)
            if m:
                value = float(m.group(1)) / 100
                if not -1 - 1e-9 <= value <= 1 + 1e-9:
                    raise fail(where(part), f'answer weight "{m.group()}" is outside -100..100%')
                if is_allowed_fraction(value, 0.0001):
                    value = snap_fraction(value)
                else:
                    self.warnings.append(
                        f'line {item.line}, question "{label}": weight {m.group()} is not one of '
                        "Moodle's grades; kept as it is"
                    )
                return value, part[m.end() :]
            bad = _WEIGHTISH.match(part)
            if bad:
                raise fail(where(part), f'answer weight "{bad.group()}" is not a number')
            return default, part

        def text_and_feedback(part: str) -> tuple[str, str]:
            text, _, fb = part.partition("#")
            return _clean(text), _clean(fb)

        choices: list[Choice] = []
        if qtype in (QuestionType.MCQ, QuestionType.MULTI):
            parts = [p.strip() for p in answer.replace("=", "~=").split("~")]
            for p in (p for p in parts if p):
                if p.startswith("="):
                    fraction, rest = 1.0, p[1:]
                else:
                    fraction, rest = weighted(p, 0.0)
                text, fb = text_and_feedback(rest)
                choices.append(Choice(text, fraction, fb))
            if len(choices) < 2:
                raise _Skip("a multiple-choice question needs at least 2 answers")
        elif qtype is QuestionType.TRUE_FALSE:
            bits = [_clean(b) for b in answer.split("#", 2)] + ["", ""]
            correct = _TF[bits[0]]
            wrong, right = bits[1], bits[2]
            choices = [
                Choice("true", 1.0 if correct else 0.0, right if correct else wrong),
                Choice("false", 0.0 if correct else 1.0, wrong if correct else right),
            ]
        elif qtype is QuestionType.SHORT:
            for p in (p.strip() for p in answer.split("=")):
                if not p:
                    continue
                fraction, rest = weighted(p, 1.0)
                text, fb = text_and_feedback(rest)
                if text:
                    choices.append(Choice(text, fraction, fb))
        elif qtype is QuestionType.MATCHING:
            parts = answer.split("=")
            if not parts[0].strip():
                parts = parts[1:]
            for p in parts:
                arrow = p.find("->")
                if arrow < 0:
                    raise fail(where(p), f'"{_clean(p)}" has no "->" (matching: =stem -> answer)')
                choices.append(Choice(_clean(p[:arrow]), match=_clean(p[arrow + 2 :])))
        elif qtype is QuestionType.NUMERICAL:
            rest = answer[1:]
            other = ""
            tilde = rest.find("~")
            if tilde >= 0:
                other, rest = rest[tilde + 1 :], rest[:tilde]
            for p in (p.strip() for p in rest.split("=")):
                if not p:
                    continue
                fraction, value = weighted(p, 1.0)
                value, fb = text_and_feedback(value)
                choices.append(_numeric(value, fraction, fb, partial(fail, where(p))))
            if not choices:
                raise fail(answer_at, "a numerical answer block {#…} has no number")
            if other.strip():  # "~#feedback": the feedback for any other answer
                choices.append(Choice("*", 0.0, text_and_feedback(other)[1]))

        if fmt == "html":
            text_format = TextFormat.HTML
        elif fmt in ("plain", "markdown"):
            text_format = TextFormat.PLAIN
        else:  # Moodle's auto format: HTML when it is written in HTML
            texts = [
                stem,
                general_feedback,
                *(c.text for c in choices),
                *(c.feedback for c in choices),
            ]
            text_format = (
                TextFormat.HTML
                if any(looks_like_html(_restore(t)) for t in texts)
                else TextFormat.PLAIN
            )
        tags_raw = [t.replace("\\]", "]").strip() for t in _TAGS.findall(item.comments)]
        tags, difficulty, bloom = split_metadata_tags(tags_raw)
        uuid_match = _ID.search(item.comments)
        return normalised(
            Question(
                type=qtype,
                stem=_restore(stem).strip(),
                choices=tuple(choices),
                title=title,
                general_feedback=_restore(general_feedback).strip(),
                difficulty=difficulty,
                bloom=bloom,
                status=Status.ACCEPTED,
                text_format=text_format,
                tags=tags,
                category=self.category,
                origin=import_origin(FORMAT),
                uuid=uuid_match.group(1).replace("\\]", "]").strip() if uuid_match else "",
            )
        )

    def cloze(
        self, item: _Item, body: str, spans: list[tuple[int, int]], title: str, label: str
    ) -> Question:
        """Several answer blocks or pasted Moodle Cloze codes: a cloze question."""
        pieces: list[str] = []
        pos = 0
        for s, e in spans:
            pieces.append(_restore(body[pos:s]))
            code = _gap_code(body[s + 1 : e])
            if code is None:
                raise _Skip(
                    f'the answer block "{shorten(_restore(body[s + 1 : e]), 30)}" cannot be a '
                    "gap of a cloze question (only {=a~b} choices and {=a=b} answers can)"
                )
            pieces.append(code)
            pos = e + 1
        pieces.append(_restore(body[pos:]))
        stem = "".join(pieces).strip()
        fmt = _MARKER.match(stem)
        stem = stem[fmt.end() :].strip() if fmt else stem
        html_text = (fmt and fmt.group(1) == "html") or (not fmt and looks_like_html(stem))
        tags_raw = [t.replace("\\]", "]").strip() for t in _TAGS.findall(item.comments)]
        tags, difficulty, bloom = split_metadata_tags(tags_raw)
        uuid_match = _ID.search(item.comments)
        return Question(
            type=QuestionType.CLOZE,
            stem=stem,
            title=title,
            difficulty=difficulty,
            bloom=bloom,
            points=cloze_points(stem) or 1.0,
            status=Status.ACCEPTED,
            text_format=TextFormat.HTML if html_text else TextFormat.PLAIN,
            tags=tags,
            category=self.category,
            origin=import_origin(FORMAT),
            uuid=uuid_match.group(1).replace("\\]", "]").strip() if uuid_match else "",
        )


def _gap_code(block: str) -> str | None:
    """A GIFT answer block (escapes as placeholders) as a cloze gap, or None.

    A pasted Moodle code is tidied (an empty alternative, as in "{1:MC:~a~=b}", dropped);
    "{~=a~b}" becomes a drop-down gap, "{=a=b}" a gap the student types.
    """
    if _CLOZE.match(block):
        gaps = cloze_gaps("{" + _restore(block) + "}")
        if len(gaps) != 1:
            return None
        g = gaps[0]
        return cloze_code(g.code, [a for a in g.answers if a.text], g.weight)
    inner = block.strip()
    if not inner or inner.startswith("#") or "->" in inner:
        return None
    answers: list[Choice] = []
    code = "MULTICHOICE" if "~" in inner else "SHORTANSWER"
    for part in inner.replace("=", "~=").split("~") if code == "MULTICHOICE" else inner.split("="):
        part = part.strip()
        if not part:
            continue
        fraction = 1.0 if code == "SHORTANSWER" or part.startswith("=") else 0.0
        part = part.removeprefix("=")
        m = _WEIGHT.match(part)
        if m:
            fraction, part = float(m.group(1)) / 100, part[m.end() :]
        text, _, fb = part.partition("#")
        answers.append(Choice(_clean(text), fraction, _clean(fb)))
    if not answers:
        return None
    return cloze_code(code, answers)


def _numeric(
    value: str, fraction: float, feedback: str, fail: Callable[[str], GiftImportError]
) -> Choice:
    """A numerical answer: "value", "value:tolerance" or "min..max"."""

    def number(text: str) -> float:
        try:
            x = float(text.strip())
        except ValueError:
            x = math.nan
        if not math.isfinite(x):
            raise fail(f'the numerical answer "{text.strip()}" is not a number')
        return x

    if value.find("..") > 0:
        low, high = (number(v) for v in value.split("..", 1))
        mid = (low + high) / 2
        return Choice(_exact(mid), fraction, feedback, abs(high - mid))
    if value.find(":") > 0:
        v, tol = value.split(":", 1)
        number(v)
        return Choice(v.strip(), fraction, feedback, abs(number(tol)))
    number(value)
    return Choice(value.strip(), fraction, feedback, None)


def _exact(value: float) -> str:
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def _first_words(body: str) -> str:
    """How messages name an untitled question: the start of its text."""
    brace = body.find("{")
    words = _MARKER.sub("", (body[:brace] if brace > 0 else body).strip(), count=1)
    return shorten(one_line(_restore(words), TextFormat.PLAIN), 40)


def _clean(text: str) -> str:
    """An answer or feedback text: format marker dropped, escapes restored, trimmed."""
    text = _MARKER.sub("", text.strip(), count=1)
    return _restore(text).strip()


def import_gift(text: str) -> ImportResult:
    """Read GIFT text: the questions Quizwright can hold, and why others were left out.

    Raises GiftImportError for malformed text, naming the question and its line.
    """
    parser = _Parser()
    for item in _blocks(text):
        parser.item(item)
    questions = tuple(without_plain_spellings(q) for q in parser.questions)
    return ImportResult(questions, tuple(parser.skipped), tuple(parser.warnings))

"""The student's view of a question, as printed (PDF exam) or as Moodle shows it.

Texts go through `storage.rich_text`, the same parser as the PDF exam, so TeX
maths shows as the Unicode the paper will have, and HTML is the safe subset.
"Show key" adds what the student does not see: the correct options, grade
shares, per-option feedback, general feedback and the grader's rubric.
"""

from __future__ import annotations

import html
import math
from dataclasses import replace

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.newer_preview import answer_html, key_html, plain_stem, stem_html
from storage.combined_feedback import FEEDBACK_LABELS, has_combined_feedback, hint_options
from storage.domain import Question, QuestionType, TextFormat
from storage.exports.versions import option_label
from storage.question_types import NEWER_TYPES
from storage.rich_text import image_names, to_html

PAPER = "paper"
MOODLE = "moodle"
MAX_IMAGE_WIDTH = 420
_KEY = "#1b7f3b"
_HINT = "#666666"


def _fraction(f: float) -> str:
    return f"{f * 100:g}%"


def _moodle_label(numbering: str, i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    if numbering == "ABCD":
        return f"{letters[i % 26].upper()}. "
    if numbering == "123":
        return f"{i + 1}. "
    if numbering in ("iii", "IIII") and i < len(roman):
        r = roman[i]
        return f"{r.upper() if numbering == 'IIII' else r}. "
    if numbering == "none":
        return ""
    return f"{letters[i % 26]}. "


def preview_html(q: Question, style: str = PAPER, show_key: bool = False, number: int = 1) -> str:
    """The question as HTML for a QTextDocument; images are referred to by name."""
    fmt = q.text_format
    points = f"{q.points:g} point{'s' if q.points != 1 else ''}"
    parts: list[str] = []
    if style == PAPER:
        parts.append(f"<p><b>{number}.</b> <span style='color:{_HINT}'>({points})</span></p>")
    else:
        title = html.escape(q.title) if q.title else f"Question {number}"
        parts.append(
            f"<p style='color:{_HINT}'><b>{title}</b> · {q.type.label} · Marked out of "
            f"{q.points:g}</p>"
        )
    stem = stem_html(q, style, show_key) if plain_stem(q) else to_html(q.stem, fmt)
    parts.append(stem or f"<p style='color:{_HINT}'>(no question text)</p>")
    shown = set(image_names(q.stem, fmt))
    parts += [f'<p><img src="{html.escape(i.name)}"></p>' for i in q.images if i.name not in shown]

    body = _answer_part(q, style, show_key)
    parts.append(body)
    if show_key:
        parts.append(_key_part(q))
    return "".join(parts)


def _choice_rows(q: Question, style: str, show_key: bool) -> str:
    rows: list[str] = []
    multi = q.type is QuestionType.MULTI
    for i, c in enumerate(q.choices):
        if style == PAPER:
            box, label = "☐", f"<b>{option_label(i)}.</b>"
        else:
            box, label = ("☐" if multi else "○"), html.escape(_moodle_label(q.answer_numbering, i))
        text = to_html(c.text, q.text_format, inline=True) or "&nbsp;"
        key = ""
        if show_key:
            if c.correct:
                box = "☑" if style == PAPER or multi else "●"
                key = f" <span style='color:{_KEY}'>✔ {_fraction(c.fraction)}</span>"
            elif c.fraction < 0:
                key = f" <span style='color:#b00020'>{_fraction(c.fraction)}</span>"
            if c.feedback.strip():
                fb = to_html(c.feedback, q.text_format, inline=True)
                key += f"<br><span style='color:{_HINT}'><i>Feedback:</i> {fb}</span>"
        rows.append(
            f"<tr><td width='24' style='font-size:large'>{box}</td>"
            f"<td width='26'>{label}</td><td>{text}{key}</td></tr>"
        )
    return "<table cellspacing='4'>" + "".join(rows) + "</table>"


def _answer_part(q: Question, style: str, show_key: bool) -> str:
    line = "_" * 48
    if q.type in NEWER_TYPES:
        return answer_html(q, style, show_key)
    if q.type in (QuestionType.MCQ, QuestionType.MULTI):
        if not q.choices:
            return f"<p style='color:{_HINT}'>(no options yet)</p>"
        hint = ""
        if style == MOODLE:
            many = "one or more" if q.type is QuestionType.MULTI else "one"
            hint = f"<p style='color:{_HINT}'>Select {many}:</p>"
        return hint + _choice_rows(q, style, show_key)
    if q.type is QuestionType.TRUE_FALSE:
        if style == MOODLE:
            tf = Question(
                QuestionType.MCQ,
                "",
                tuple(replace(c, text=c.text.strip().capitalize()) for c in q.choices),
                text_format=TextFormat.PLAIN,
                answer_numbering="none",
            )
            return f"<p style='color:{_HINT}'>Select one:</p>" + _choice_rows(tf, style, show_key)
        truth = {c.text.strip().casefold(): c for c in q.choices}
        cells = []
        for word in ("True", "False"):
            c = truth.get(word.casefold())
            box = "☑" if show_key and c is not None and c.correct else "☐"
            cells.append(f"<span style='font-size:large'>{box}</span> {word}")
        out = "<p>" + "&nbsp;" * 6 + ("&nbsp;" * 8).join(cells) + "</p>"
        if show_key:
            out += "".join(
                f"<p style='color:{_HINT}'><i>Feedback if {html.escape(c.text)}:</i> "
                f"{to_html(c.feedback, q.text_format, inline=True)}</p>"
                for c in q.choices
                if c.feedback.strip()
            )
        return out
    if q.type is QuestionType.SHORT:
        if style == PAPER:
            lines = 2 if q.points <= 2 else 3 if q.points <= 4 else 4
            return "".join(f"<p style='color:#999'>{line}</p>" for _ in range(lines))
        return "<p>Answer: <span style='background:#eee'>" + "&nbsp;" * 40 + "</span></p>"
    if q.type is QuestionType.NUMERICAL:
        unit = html.escape(q.unit)
        if style == PAPER:
            return f"<p>Answer: {'_' * 24} {unit}</p>"
        box = "<span style='background:#eee'>" + "&nbsp;" * 24 + "</span>"
        return f"<p>Answer: {box} {unit}</p>"
    if q.type is QuestionType.ESSAY:
        out = ""
        if q.response_template.strip():
            out += f"<div style='color:{_HINT}'>{to_html(q.response_template, q.text_format)}</div>"
        if style == PAPER:
            # as the PDF exam: 4 ruled lines per point (it stops at the page end)
            lines = max(3, math.ceil(4 * max(q.points, 0)))
            shown = min(lines, 12)
            more = (
                f"<p style='color:{_HINT}'>… {lines - shown} more lines on paper</p>"
                if lines > shown
                else ""
            )
            return out + "".join(f"<p style='color:#999'>{line}</p>" for _ in range(shown)) + more
        return out + (
            "<table border='1' cellpadding='8' width='100%' style='border-color:#bbb'>"
            "<tr><td height='80'>&nbsp;</td></tr></table>"
        )
    return ""


def _key_part(q: Question) -> str:
    fmt = q.text_format
    out: list[str] = [f"<hr><p style='color:{_KEY}'><b>Answer key</b></p>"]
    if q.type is QuestionType.SHORT:
        answers = ", ".join(
            f"{html.escape(c.text)} ({_fraction(c.fraction)})" for c in q.choices if c.correct
        )
        case = "case-sensitive" if q.case_sensitive else "case does not matter"
        out.append(f"<p>Accepted: {answers or '—'} <span style='color:{_HINT}'>({case})</span></p>")
    elif q.type is QuestionType.NUMERICAL:
        values = ", ".join(
            f"{html.escape(c.text)}"
            + (f" ± {c.tolerance:g}" if c.tolerance else "")
            + (f" {html.escape(q.unit)}" if q.unit else "")
            for c in q.choices
            if c.correct
        )
        out.append(f"<p>Value: {values or '—'}</p>")
    elif q.type in NEWER_TYPES:
        out.append(key_html(q))
    if q.grader_info.strip():
        out.append(f"<p><i>For the grader:</i></p>{to_html(q.grader_info, fmt)}")
    if q.general_feedback.strip():
        out.append(f"<p><i>General feedback:</i></p>{to_html(q.general_feedback, fmt)}")
    out.extend(feedback_key_html(q))
    inline = (QuestionType.MCQ, QuestionType.MULTI, QuestionType.TRUE_FALSE)  # keys marked above
    if len(out) == 1 and q.type in inline:
        return ""
    if len(out) == 1:
        out.append(f"<p style='color:{_HINT}'>(nothing more)</p>")
    return "".join(out)


def feedback_key_html(q: Question) -> list[str]:
    """Moodle's feedback by response and hints, as the key lists them (types that have them)."""
    fmt, out = q.text_format, []
    if has_combined_feedback(q.type):
        for name, label in FEEDBACK_LABELS.items():
            text = getattr(q, name)
            if text.strip():
                out.append(f"<p><i>{label}:</i></p>{to_html(text, fmt)}")
    if hint_options(q.type) is not None:
        for i, h in enumerate(q.hints, 1):
            out.append(f"<p><i>Hint {i}:</i></p>{to_html(h.text, fmt) if h.text.strip() else '—'}")
    return out


def scaled_images(q: Question, max_width: int = MAX_IMAGE_WIDTH) -> dict[str, QImage]:
    """The question's images by name, scaled down to `max_width` (a grey box if broken)."""
    out: dict[str, QImage] = {}
    for img in q.images:
        image = QImage.fromData(img.data)
        if image.isNull():
            image = QImage(160, 40, QImage.Format.Format_RGB32)
            image.fill(0xFFDDDDDD)
        elif image.width() > max_width:
            image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
        out[img.name] = image
    return out


class ImageBrowser(QTextBrowser):
    """A text browser that takes <img src="name"> from a dict, not from files."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: dict[str, QImage] = {}

    def loadResource(self, kind: int, name: QUrl) -> object:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            image = self.images.get(name.toString())
            if image is not None:
                return image
        return super().loadResource(kind, name)


class QuestionPreview(QWidget):
    """A read-only student view with a Paper/Moodle switch and a Show-key toggle."""

    style_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._question: Question | None = None
        self.paper = QRadioButton("Paper")
        self.moodle = QRadioButton("Moodle")
        self.paper.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.paper)
        group.addButton(self.moodle)
        self.show_key = QCheckBox("Show key")
        self.show_key.setToolTip("Show the correct answers, feedback and rubric")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.paper)
        bar.addWidget(self.moodle)
        bar.addStretch(1)
        bar.addWidget(self.show_key)
        self.view = ImageBrowser()
        self.view.setObjectName("questionPreview")
        self.view.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        for w in (self.paper, self.moodle, self.show_key):
            w.toggled.connect(self._refresh)

    @property
    def style(self) -> str:
        return PAPER if self.paper.isChecked() else MOODLE

    def set_question(self, q: Question | None) -> None:
        self._question = q
        self._refresh()

    def html(self) -> str:
        return self.view.toHtml()

    def _refresh(self) -> None:
        q = self._question
        if q is None:
            self.view.clear()
            return
        width = min(MAX_IMAGE_WIDTH, max(160, self.view.viewport().width() - 40))
        self.view.images = scaled_images(q, width)
        bar = self.view.verticalScrollBar()
        where = bar.value()
        self.view.setHtml(preview_html(q, self.style, self.show_key.isChecked()))
        bar.setValue(where)  # typing in the editor must not make the preview jump

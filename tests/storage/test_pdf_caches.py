"""The exam PDF's speed-ups (paragraphs parsed once per markup and style, lines broken once
per width) change nothing in the output: the same exam makes the same bytes, cold or warm."""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from storage.exports.pdf import (
    ExamDocument,
    ExamItem,
    make_versions,
    render_answer_key_pdf,
    render_exam_pdf,
)
from storage.exports.pdf_style import _para, _styles, reset_caches
from tests.exam_sample import CUEING, MIXED
from tests.storage.test_qti import varied
from tests.storage.test_question_types import varied_newer


def exam() -> ExamDocument:
    questions = [*MIXED, *CUEING, *varied(), *varied_newer()]
    return ExamDocument(
        title="Midterm",
        course="NLP",
        items=tuple(
            ExamItem(q, q.points, "Part A" if i % 2 else "Part B") for i, q in enumerate(questions)
        ),
    )


def pdfs(doc: ExamDocument) -> list[bytes]:
    out = []
    for version in make_versions(doc, 3, seed=7):
        paper, key = io.BytesIO(), io.BytesIO()
        render_exam_pdf(doc, version, paper)
        render_answer_key_pdf(doc, version, key)
        out += [paper.getvalue(), key.getvalue()]
    return out


def test_warm_caches_make_the_same_bytes_as_cold_ones() -> None:
    doc = exam()
    reset_caches()
    cold = pdfs(doc)
    warm = pdfs(doc)  # every paragraph now comes from the caches
    assert warm == cold
    reset_caches()
    assert pdfs(doc) == cold


def test_lines_follow_the_width_they_are_wrapped_at() -> None:
    style = _styles(11).body
    text = "Byte-pair encoding merges the most frequent pair of symbols, again and again. " * 4
    ours = _para(text, style)
    for width in (120.0, 300.0, 120.0, 55.5, 300.0):
        plain = Paragraph(text, style)  # reportlab's own, from scratch
        assert ours.wrap(width, 1000) == plain.wrap(width, 1000)
        assert [line[1] for line in ours.blPara.lines] == [line[1] for line in plain.blPara.lines]


def test_one_markup_in_two_styles_is_parsed_for_each() -> None:
    small = ParagraphStyle("small", fontSize=8, leading=10)
    big = ParagraphStyle("big", fontSize=16, leading=20)
    assert _para("<b>A.</b>", small).frags[0].fontSize == 8
    assert _para("<b>A.</b>", big).frags[0].fontSize == 16
    assert _para("<b>A.</b>", small).frags[0].fontSize == 8

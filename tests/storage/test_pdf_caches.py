"""The exam PDF's speed-ups (paragraphs parsed once per markup and style, lines broken once
per width, one-row tables drawn without the table machinery) change nothing in the output:
the same exam makes the same bytes, cold or warm, and a cell row the bytes of its table."""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from storage.exports.pdf import (
    ExamDocument,
    ExamItem,
    make_versions,
    render_answer_key_pdf,
    render_exam_pdf,
)
from storage.exports.pdf_flowables import _CellRow, _TickBox
from storage.exports.pdf_style import _para, _styles, derived_style, reset_caches
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


def _one_page(flowables: list[Flowable]) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, invariant=1).build(flowables)
    return out.getvalue()


def _table(cells: list[Flowable], widths: list[float], top: float, bottom: float) -> Table:
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), top),
                ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ]
        )
    )
    return table


def test_a_cell_row_draws_what_the_one_row_table_draws() -> None:
    st = _styles(10.5)
    long = "Which tokenizer splits rare words into frequent subword units? " * 3

    def cells() -> list[Flowable]:  # fresh flowables for each document
        return [
            _para("12.", st.number),
            _para(long, derived_style(st.body, "spaced-test", spaceBefore=4)),
            _TickBox(st.size, st.leading, 16),
            _para("(2 points)", st.points),
        ]

    widths = [30.0, 300.5, 16.0, 60.0]
    for top, bottom in ((0, 0), (st.size * 0.22, 0), (3, 4.5)):
        as_table = _one_page([_para("Before", st.body), _table(cells(), widths, top, bottom)])
        as_row = _one_page([_para("Before", st.body), _CellRow(cells(), widths, top, bottom)])
        assert as_row == as_table

"""Word exams: the .docx files are read back with python-docx and checked for the PDF's content."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pymupdf
import pytest

from storage.domain import Choice, Question, QuestionImage, QuestionType, TextFormat
from storage.exports.versions import ExamItem, ExamVersion, answer_key, make_versions
from storage.exports.word import WordRenderError, render_answer_key_docx, render_exam_docx
from tests.storage.test_exam_pdf import SAMPLE_EXAM, exam_of, pdf_bytes, tiny_png


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def all_text(document: docx.document.Document) -> str:
    """Body paragraphs and table cells, in order, one line each (tabs as tabs)."""
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            lines.append(block.text)
        else:
            for row in block.rows:
                lines += [cell.text for cell in row.cells]
    return "\n".join(lines)


def footer_text(document: docx.document.Document) -> str:
    section = document.sections[0]
    xml = section.footer._element.xml + section.first_page_footer._element.xml
    return xml


def test_exam_has_the_pdf_content() -> None:
    version = make_versions(SAMPLE_EXAM, 2, seed=3)[1]
    text = all_text(read(render_exam_docx(SAMPLE_EXAM, version)))
    pdf = pymupdf.open(stream=pdf_bytes(SAMPLE_EXAM, version), filetype="pdf")
    pdf_text = " ".join(page.get_text() for page in pdf)
    for expected in (
        "Technische Universität Gülşen",
        "CS 4650 Natural Language Processing",
        "Midterm — Language Models",
        "Version B",
        "12 March 2025",
        "90 minutes",
        "NAME",
        "STUDENT ID",
        "SCORE",
        "/ 16",
        "Instructions",
        "• No calculators.",
        "Part I",
        "Part III",
        "(10\u00a0points)",  # a no-break space: never "(10" at the end of a line
        "☐ True",
        "☐ False",
        "bits",
        "— End of exam —",
    ):
        assert expected in text, expected
    # every question's text and every option, numbered 1., 2.… as in the PDF
    for item in version.items:
        stem = item.question.stem[:40]
        assert stem in text and stem in " ".join(pdf_text.split())
    for number in range(1, 6):
        assert f"\n{number}." in text
    options = [line for line in text.splitlines() if line.startswith("☐ ") and "." in line[:5]]
    assert [o.split("\t")[0] for o in options] == ["☐ A.", "☐ B.", "☐ C."]


def test_options_follow_the_version_order_and_the_key_matches() -> None:
    versions = make_versions(SAMPLE_EXAM, 3, seed=9)
    for version in versions:
        text = all_text(read(render_exam_docx(SAMPLE_EXAM, version)))
        mcq = next(i.question for i in version.items if i.question.type is QuestionType.MCQ)
        lines = [line for line in text.splitlines() if line.startswith("☐ ") and "." in line[:5]]
        assert [line.split("\t", 1)[1] for line in lines] == [c.text for c in mcq.choices]
        key = all_text(read(render_answer_key_docx(SAMPLE_EXAM, version)))
        for number, answer in answer_key(version):
            assert answer.split("\n")[0] in key, (number, answer)
        assert f"Answer key — Version {version.letter}" in key


def test_page_numbers_and_version_in_the_footer() -> None:
    version = make_versions(SAMPLE_EXAM, 2, seed=3)[0]
    document = read(render_exam_docx(SAMPLE_EXAM, version))
    footer = footer_text(document)
    assert "PAGE" in footer and "NUMPAGES" in footer and "Version A" in footer
    appended = read(render_exam_docx(SAMPLE_EXAM, version, key="append"))
    assert len(appended.sections) == 2  # the key's pages are numbered on their own
    assert "Answer key" in appended.sections[1].footer._element.xml
    assert "Answer key — Version A" in all_text(appended)


def test_images_maths_and_rich_text() -> None:
    image = QuestionImage("chart.png", tiny_png(40, 20))
    q = Question(
        QuestionType.MCQ,
        '<p>Read <b>the chart</b> with \\(\\alpha^2\\):</p><p><img src="chart.png"></p>',
        (Choice("<code>x = 1</code>", 1.0), Choice("<i>none</i>", 0.0)),
        text_format=TextFormat.HTML,
        images=(image,),
        shuffle_answers=False,
    )
    document = read(render_exam_docx(exam_of(ExamItem(q, 2)), ExamVersion("", (ExamItem(q, 2),))))
    assert len(document.inline_shapes) == 1
    text = all_text(document)
    assert "α²" in text or "α2" in text
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.bold and "the chart" in r.text for r in runs)
    assert any(r.font.name == "Consolas" and "x = 1" in r.text for r in runs)
    assert any(r.italic and "none" in r.text for r in runs)


def test_a_missing_image_is_named() -> None:
    q = Question(
        QuestionType.ESSAY, '<p><img src="gone.png"></p>', text_format=TextFormat.HTML, points=2
    )
    exam = exam_of(ExamItem(q, 2))
    with pytest.raises(WordRenderError, match=r"Question 1: .*'gone\.png'"):
        render_exam_docx(exam, ExamVersion("", exam.items))


def test_essay_lines_grow_with_points() -> None:
    def lines(points: float) -> int:
        q = Question(QuestionType.ESSAY, "Discuss.", points=points)
        exam = exam_of(ExamItem(q, points))
        document = read(render_exam_docx(exam, ExamVersion("", exam.items)))
        return sum(1 for p in document.paragraphs if p.text == "\t")

    assert lines(1) == 4 and lines(5) == 20 and lines(30) == 40


def test_letter_paper_and_font_size() -> None:
    exam = replace(SAMPLE_EXAM, paper="Letter", font_size=12)
    document = read(render_exam_docx(exam, ExamVersion("", exam.items)))
    assert round(document.sections[0].page_width.cm, 1) == 21.6
    assert document.styles["Normal"].font.size.pt == 12


def test_control_characters_pasted_into_a_text_are_left_out() -> None:
    q = Question(QuestionType.SHORT, "Pasted \x0bfrom a slide\x01?", (Choice("x", 1.0),))
    exam = exam_of(ExamItem(q, 1))
    text = all_text(read(render_exam_docx(exam, ExamVersion("", exam.items))))
    assert "Pasted from a slide?" in text

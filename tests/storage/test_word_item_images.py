"""Images inside the items of the newer types reach the Word exam as they reach the PDF:
a real bank file, the real `quizwright export docx|pdf` commands, the files read back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pymupdf
import pytest
from docx.oxml.ns import qn
from PIL import Image

from storage.domain import Choice, Question, QuestionImage, QuestionType, Status, TextFormat
from storage.exports.versions import make_versions
from storage.exports.word import WordRenderError, render_exam_docx
from storage.jsonio import question_to_dict
from tests.storage.test_exam_newer_types import _exam
from tests.test_cli import run


def _png(colour: str, width: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, 40), colour).save(buf, format="PNG")
    return buf.getvalue()


# a different picture each (colour and size), so each can be told apart in the files
PICS = {
    name: QuestionImage(f"{name}.png", _png(name, width))
    for name, width in (
        ("red", 90),
        ("green", 100),
        ("blue", 110),
        ("yellow", 120),
        ("magenta", 130),
        ("cyan", 140),
    )
}


def _img(name: str) -> str:
    return f'<img src="{name}.png" alt="{name}">'


MATCHING = Question(
    QuestionType.MATCHING,
    "<p>Match each curve to what it shows.</p>",
    (
        Choice(f"<p>Curve red {_img('red')}</p>", match="Overfitting"),
        Choice(f"<p>Curve green {_img('green')}</p>", match="Underfitting"),
        Choice("<p>A flat validation loss</p>", match="Converged"),
        Choice("", match="Label noise"),
    ),
    text_format=TextFormat.HTML,
    images=(PICS["red"], PICS["green"]),
    status=Status.ACCEPTED,
)
ORDERING = Question(
    QuestionType.ORDERING,
    "<p>Put the stages in order.</p>",
    (
        Choice(f"<p>Stage blue {_img('blue')}</p>", 1.0),
        Choice("<p>Stage plain</p>", 1.0),
        Choice(f"<p>Stage yellow {_img('yellow')}</p>", 1.0),
    ),
    text_format=TextFormat.HTML,
    images=(PICS["blue"], PICS["yellow"]),
    status=Status.ACCEPTED,
)
CLOZE = Question(
    QuestionType.CLOZE,
    f"<p>The plot {_img('magenta')} shows {{1:SHORTANSWER:=overfitting}}.</p>",
    text_format=TextFormat.HTML,
    images=(PICS["magenta"],),
    status=Status.ACCEPTED,
)
GAPSELECT = Question(
    QuestionType.GAPSELECT,
    f"<p>{_img('cyan')}</p><p>A [[1]] model learns from a [[2]] model.</p>",
    (Choice("student", 1.0), Choice("teacher", 1.0), Choice("random")),
    text_format=TextFormat.HTML,
    images=(PICS["cyan"],),
    status=Status.ACCEPTED,
)
BLOB_NAME = {p.data: name for name, p in PICS.items()}


def _docx_images(document: docx.document.Document) -> list[tuple[str, str]]:
    """(picture's colour, text of the paragraph or table cell it stands in), in order."""
    found: list[tuple[str, str]] = []
    body = document.element.body
    for blip in body.iter(qn("a:blip")):
        blob = document.part.related_parts[blip.get(qn("r:embed"))].blob
        holder = blip
        while holder.tag not in (qn("w:tc"), qn("w:p")) or (
            holder.tag == qn("w:p") and holder.getparent().tag == qn("w:tc")
        ):
            holder = holder.getparent()
        text = "".join(t.text or "" for t in holder.iter(qn("w:t")))
        found.append((BLOB_NAME[blob], text))
    return found


def test_word_exam_carries_the_item_images_of_every_type_as_the_pdf(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    src = tmp_path / "q.json"
    questions = [MATCHING, ORDERING, CLOZE, GAPSELECT]
    src.write_text(json.dumps({"questions": [question_to_dict(q) for q in questions]}))
    run("bank", "add", str(src), "--bank", bank)
    run("exam", "create", "--ids", "1,2,3,4", "--keep-order", "--title", "Curves", "--bank", bank)
    out = tmp_path / "exam.docx"
    run("export", "docx", str(out), "--exam", "1", "--key", "none", "--bank", bank)
    run("export", "pdf", str(tmp_path / "exam.pdf"), "--exam", "1", "--key", "none", "--bank", bank)

    images = _docx_images(docx.Document(str(out)))
    colours = [c for c, _ in images]
    # every picture once; each matching stem / ordering item's beside its own words
    assert sorted(colours) == sorted(PICS), images
    for colour, text in images[:4]:
        assert f"Curve {colour}" in text or f"Stage {colour}" in text, images
    # in the exam's order: the matching stems (stored order), the ordering items (this
    # version's order), then the cloze and the gap question's stems
    assert colours[:2] == ["red", "green"]
    assert set(colours[2:4]) == {"blue", "yellow"}
    assert colours[4:] == ["magenta", "cyan"]
    docx_text = " ".join(p.text for p in docx.Document(str(out)).paragraphs)
    order = [c for c, _ in images[2:4]]
    ordering_rows = [
        row.cells[2].text
        for t in docx.Document(str(out)).tables
        for row in t.rows
        if len(row.cells) == 3 and row.cells[2].text.startswith("Stage")
    ]
    assert [r.split()[1] for r in ordering_rows if "plain" not in r] == order
    assert "Put the stages in order." in docx_text

    with pymupdf.open(tmp_path / "exam.pdf") as pdf:
        pdf_images = {xref for page in pdf for xref, *_ in page.get_images(full=True)}
    assert len(pdf_images) == len(images) == len(PICS)


def test_an_item_showing_an_image_it_does_not_carry_is_named() -> None:
    broken = Question(
        QuestionType.ORDERING,
        "<p>Order them.</p>",
        (
            Choice(f"<p>One {_img('gone')}</p>", 1.0),
            Choice("<p>Two</p>", 1.0),
            Choice("<p>Three</p>", 1.0),
        ),
        text_format=TextFormat.HTML,
    )
    exam = _exam(broken)
    [version] = make_versions(exam, 1, seed=1)
    with pytest.raises(WordRenderError, match=r"A matching or ordering item: .*'gone\.png'"):
        render_exam_docx(exam, version)


def test_a_wide_item_image_is_scaled_into_its_column() -> None:
    wide = QuestionImage("wide.png", _png("red", 3000))
    q = Question(
        QuestionType.ORDERING,
        "<p>Order them.</p>",
        (
            Choice('<p>One <img src="wide.png"></p>', 1.0),
            Choice("<p>Two</p>", 1.0),
            Choice("<p>Three</p>", 1.0),
        ),
        text_format=TextFormat.HTML,
        images=(wide,),
    )
    exam = _exam(q)
    version = make_versions(exam, 1, seed=1)[0]
    document = docx.Document(io.BytesIO(render_exam_docx(exam, version)))
    [shape] = document.inline_shapes
    [table] = [  # box, letter, item
        t
        for t in document.tables
        if len(t.columns) == 3 and "One" in "".join(c.text for c in t.columns[2].cells)
    ]
    assert shape.width <= table.columns[2].width

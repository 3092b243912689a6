"""The newer question types on printed (PDF) and Word exams: what each version prints
and whether its key fits what it printed, read back from real files."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pymupdf
import pytest
from docx import Document

from storage.domain import Choice, Question, QuestionImage, QuestionType, TextFormat
from storage.exports.pdf import render_answer_key_pdf, render_exam_pdf
from storage.exports.versions import ExamDocument, ExamItem, ExamVersion, make_versions
from storage.exports.word import render_answer_key_docx, render_exam_docx

MATCHING = Question(
    QuestionType.MATCHING,
    "Match the method to what it does.",
    (
        Choice("Drops the smallest weights", match="Magnitude pruning"),
        Choice("Trains a small model on a large one's outputs", match="Distillation"),
        Choice("Stores weights with fewer bits", match="Quantization"),
        Choice("Removes whole channels", match="Structured pruning"),
        Choice("Keeps weights in 8 bits", match="Quantization"),  # a shared answer
        Choice("", match="Dropout"),  # an extra wrong answer
    ),
)
ORDERING = Question(
    QuestionType.ORDERING,
    "Put the steps of BPE in order.",
    tuple(
        Choice(t, 1.0)
        for t in (
            "Split words into characters",
            "Count adjacent pairs",
            "Merge the most frequent pair",
            "Repeat until the vocabulary is full",
        )
    ),
)
CLOZE = Question(
    QuestionType.CLOZE,
    "BPE merges the most {1:SHORTANSWER:=frequent~%50%common} pair of "
    "{1:MULTICHOICE:=symbols~words~documents}. A byte has {2:NUMERICAL:=8:0} bits; "
    "the best tokenizer for rare words is {1:MULTICHOICE_VS:=a subword tokenizer such as "
    "BPE or WordPiece~a whitespace tokenizer~a character-level tokenizer with no vocabulary}.",
    points=5,
)
GAPSELECT = Question(
    QuestionType.GAPSELECT,
    "A [[1]] model is trained on the outputs of a [[2]] model.",
    (Choice("student", 1.0), Choice("teacher", 1.0), Choice("random")),
)
DDWTOS = Question(
    QuestionType.DDWTOS,
    "Pruning removes [[1]]; quantization uses fewer [[2]]; pruning saves [[3]] and so "
    "does quantization: [[3]].",
    (
        Choice("weights", 1.0),
        Choice("bits", 1.0),
        Choice("memory", 1.0, group=2, unlimited=True),
        Choice("layers", group=2),
    ),
)
NEWER = (MATCHING, ORDERING, CLOZE, GAPSELECT, DDWTOS)


def _exam(*questions: Question) -> ExamDocument:
    return ExamDocument("Newer types", tuple(ExamItem(q, q.points) for q in questions))


def _pdf(exam: ExamDocument, version: ExamVersion, key: bool = False) -> pymupdf.Document:
    buf = io.BytesIO()
    (render_answer_key_pdf if key else render_exam_pdf)(exam, version, buf)  # type: ignore[operator]
    return pymupdf.open(stream=buf.getvalue(), filetype="pdf")


def _text(doc: pymupdf.Document) -> str:
    return " ".join(" ".join(page.get_text().split()) for page in doc).replace("\u00a0", " ")


def _label_before(doc: pymupdf.Document, text: str) -> str:
    """The letter printed just before `text` ("B. student" → "B"), printed once."""
    found = re.findall(r"\b([A-Z])\. " + re.escape(text), _text(doc))
    assert len(found) == 1, (text, found)
    return str(found[0])


def test_matching_prints_two_columns_and_each_versions_key_fits_its_letters() -> None:
    exam = _exam(MATCHING)
    versions = make_versions(exam, 3, seed=7)
    printed_orders = []
    for version in versions:
        doc = _pdf(exam, version)
        text = _text(doc)
        for stem in ("Drops the smallest weights", "Removes whole channels", "Keeps weights"):
            assert stem in text
        # answers once each, the extra wrong answer among them
        for answer in ("Magnitude pruning", "Distillation", "Structured pruning", "Dropout"):
            assert text.count(answer) == 1
        assert text.count("Quantization") == 1
        letters = {
            a: _label_before(doc, a)
            for a in ("Magnitude pruning", "Distillation", "Quantization", "Structured pruning")
        }
        letters["Dropout"] = _label_before(doc, "Dropout")
        assert sorted(letters.values()) == ["A", "B", "C", "D", "E"]
        printed_orders.append(tuple(sorted(letters, key=letters.__getitem__)))
        key = _text(_pdf(exam, version, key=True))
        want = [MATCHING.choices[i].match for i in range(5)]
        expected = ", ".join(f"{n} → {letters[a]}" for n, a in enumerate(want, 1))
        assert expected in key
    assert len(set(printed_orders)) > 1  # shuffled per version
    # never the left column's order (that would give the answers away)
    stored = ("Magnitude pruning", "Distillation", "Quantization", "Structured pruning", "Dropout")
    assert stored not in printed_orders  # the left column's order would give answers away


def test_ordering_prints_shuffled_items_with_boxes_and_keys_give_positions() -> None:
    exam = _exam(ORDERING)
    orders = set()
    for version in make_versions(exam, 3, seed=3):
        doc = _pdf(exam, version)
        items = [c.text for c in ORDERING.choices]
        letters = {t: _label_before(doc, t) for t in items}
        order = tuple(sorted(items, key=letters.__getitem__))
        assert order != tuple(items)  # never printed in the right order
        orders.add(order)
        key = _text(_pdf(exam, version, key=True))
        boxes = ", ".join(
            f"{letter} = {items.index(t) + 1}"
            for letter, t in sorted((letters[t], t) for t in items)
        )
        assert boxes in key
        assert "right order: " + " → ".join(letters[t] for t in items) in key
        # one box per item, drawn
        page = doc[0]
        squares = [d for d in page.get_drawings() if d["rect"].width > 10 and abs(
            d["rect"].width - d["rect"].height) < 0.5 and d["rect"].width < 25]  # fmt: skip
        assert len(squares) == 4
    assert len(orders) > 1


def test_cloze_prints_numbered_blanks_and_option_lists_never_its_codes() -> None:
    exam = _exam(CLOZE)
    [version] = make_versions(exam, 1, seed=1)
    doc = _pdf(exam, version)
    text = _text(doc)
    assert "{1:" not in text and "SHORTANSWER" not in text and "MULTICHOICE" not in text
    assert "most (1) __________ pair of (2) [symbols / words / documents]" in text
    assert "A byte has (3) __________ bits" in text
    assert "Blank (4):" in text
    letter = _label_before(doc, "a subword tokenizer such as BPE or WordPiece")
    key = _text(_pdf(exam, version, key=True))
    assert "(1) frequent / common (50%)" in key
    assert "(2) symbols" in key
    assert "(3) 8 [weight 2]" in key
    assert f"(4) {letter}. a subword tokenizer such as BPE or WordPiece" in key


@pytest.mark.parametrize("question", [GAPSELECT, DDWTOS], ids=["gapselect", "ddwtos"])
def test_gap_questions_print_blanks_and_a_word_bank_and_keys_per_version(
    question: Question,
) -> None:
    exam = _exam(question)
    banks = set()
    for version in make_versions(exam, 3, seed=11):
        doc = _pdf(exam, version)
        text = _text(doc)
        assert "[[" not in text
        assert "(1) __________" in text and "(2) __________" in text
        assert "Word bank" in text or "List 1 — for (1), (2)" in text
        words = [c.text for c in question.choices]
        letters = {w: _label_before(doc, w) for w in words}
        banks.add(tuple(sorted(words, key=letters.__getitem__)))
        key = _text(_pdf(exam, version, key=True))
        assert f"(1) {letters[words[0]]}. {words[0]}" in key
        assert f"(2) {letters[words[1]]}. {words[1]}" in key
        if question is DDWTOS:
            assert "List 2 — for (3), (4)" in text
            assert "memory*" in text and "may be used more than once" in text
            assert f"(3) {letters['memory']}. memory" in key
            assert f"(4) {letters['memory']}. memory" in key
    assert len(banks) > 1


def test_one_version_without_option_shuffling_still_hides_the_answers() -> None:
    exam = _exam(ORDERING, MATCHING)
    [version] = make_versions(exam, 1, seed=5, shuffle_options=False)
    doc = _pdf(exam, version)
    items = [c.text for c in ORDERING.choices]
    letters = [_label_before(doc, t) for t in items]
    assert letters != ["A", "B", "C", "D"]


def test_word_exam_has_the_same_parts_as_the_pdf() -> None:
    exam = _exam(*NEWER)
    for version in make_versions(exam, 2, seed=2):
        doc = Document(io.BytesIO(render_exam_docx(exam, version)))
        paras = [p.text for p in doc.paragraphs]
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        text = " ".join(" ".join(paras + cells).split()).replace("\u00a0", " ")
        assert "{1:" not in text and "[[" not in text
        for needed in (
            "Drops the smallest weights",
            "Structured pruning",
            "Dropout",
            "Repeat until the vocabulary is full",
            "(1) __________ pair of (2) [symbols / words / documents]",
            "A byte has (3) __________ bits",
            "Word bank",
            "List 2 — for (3), (4)",
            "memory*",
        ):
            assert needed in text, needed
        pdf_key = _text(_pdf(exam, version, key=True))
        word_key = Document(io.BytesIO(render_answer_key_docx(exam, version)))
        key_cells = [c.text for t in word_key.tables for row in t.rows for c in row.cells]
        key_text = " ".join(" ".join(key_cells).split())
        for line in ("1 → ", "right order: ", "(2) symbols", "(3) 8"):
            assert line in key_text and line in pdf_key
        # the same letters as the PDF of the same version
        match = re.search(r"1 → [A-Z], 2 → [A-Z], 3 → [A-Z]", pdf_key)
        assert match and match.group() in key_text


def test_html_cloze_stem_keeps_its_markup_around_the_blanks() -> None:
    q = Question(
        QuestionType.CLOZE,
        "<p>BPE merges the <b>most</b> {1:SHORTANSWER:=frequent} pair.</p>"
        "<p>Symbols are {1:MC:=characters~sentences}.</p>",
        text_format=TextFormat.HTML,
    )
    exam = _exam(q)
    [version] = make_versions(exam, 1, seed=1)
    text = _text(_pdf(exam, version))
    assert "BPE merges the most (1) __________ pair." in text
    assert "Symbols are (2) [characters / sentences]." in text
    assert "<p>" not in text and "{1:" not in text


MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="matching"><name><text>Match</text></name>
<questiontext format="html"><text>Match the method to what it does.</text></questiontext>
<shuffleanswers>true</shuffleanswers>
<subquestion format="html"><text>Drops the smallest weights</text>
<answer><text>Magnitude pruning</text></answer></subquestion>
<subquestion format="html"><text>Trains a small model on a large one's outputs</text>
<answer><text>Distillation</text></answer></subquestion>
<subquestion format="html"><text>Stores weights with fewer bits</text>
<answer><text>Quantization</text></answer></subquestion>
</question>
<question type="ordering"><name><text>Order</text></name>
<questiontext format="html"><text>Put the steps of BPE in order.</text></questiontext>
<answer fraction="1"><text>Split words into characters</text></answer>
<answer fraction="2"><text>Count adjacent pairs</text></answer>
<answer fraction="3"><text>Merge the most frequent pair</text></answer>
</question>
<question type="multianswer"><name><text>Cloze</text></name>
<questiontext format="html"><text>BPE merges the most {1:SHORTANSWER:=frequent} pair of
{1:MULTICHOICE:=symbols~words~documents}.</text></questiontext></question>
</quiz>
"""


def test_command_prints_imported_moodle_questions_with_their_parts(tmp_path: Path) -> None:
    from tests.test_cli import run

    src = tmp_path / "q.xml"
    src.write_text(MOODLE_XML, encoding="utf-8")
    bank = str(tmp_path / "b.sqlite")
    run("bank", "import", str(src), "--bank", bank)
    run("exam", "create", "--ids", "1,2,3", "--title", "T", "--bank", bank)
    out = tmp_path / "out.pdf"
    run("export", "pdf", str(out), "--exam", "1", "--bank", bank)
    with pymupdf.open(out) as doc:
        text = _text(doc)
        letters = {a: _label_before(doc, a) for a in ("Magnitude pruning", "Distillation")}
    assert "SHORTANSWER" not in text
    assert "(1) __________ pair of (2) [symbols / words / documents]" in text
    assert "Merge the most frequent pair" in text and "Count adjacent pairs" in text
    with pymupdf.open(tmp_path / "out-key.pdf") as key_doc:
        key = _text(key_doc)
    assert f"1 → {letters['Magnitude pruning']}, 2 → {letters['Distillation']}" in key
    assert "open answer" not in key
    run("export", "docx", str(tmp_path / "out.docx"), "--exam", "1", "--bank", bank)
    words = " ".join(
        c.text for t in Document(str(tmp_path / "out.docx")).tables for r in t.rows for c in r.cells
    )
    assert "Magnitude pruning" in words and "Split words into characters" in words


def test_html_items_print_their_images() -> None:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (120, 60), "red").save(png, format="PNG")
    pic = QuestionImage("curve.png", png.getvalue())
    q = Question(
        QuestionType.ORDERING,
        "<p>Order the stages.</p>",
        (
            Choice('<p>The loss curve <img src="@@PLUGINFILE@@/curve.png"></p>', 1.0),
            Choice("<p>Early stopping</p>", 1.0),
            Choice("<p>Evaluation</p>", 1.0),
        ),
        text_format=TextFormat.HTML,
        images=(pic,),
    )
    exam = _exam(q)
    [version] = make_versions(exam, 1, seed=1)
    doc = _pdf(exam, version)
    assert "The loss curve" in _text(doc)
    assert len(doc[0].get_images()) == 1

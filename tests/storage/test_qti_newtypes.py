"""Canvas QTI for the newer types: matching, cloze, select missing words and drag into
text written in Canvas's forms (valid QTI 1.2.1), ordering and number gaps left out with a
warning, and read back by `bank import` (from our packages and from Canvas's bare forms)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from storage.bank import QuestionBank
from storage.domain import Choice, Question, QuestionType, Status, TextFormat
from storage.exports.qti import ANSWERS_FIELD, QtiExportError, build_qti, export_qti
from storage.exports.qti_read import import_qti
from storage.question_types import cloze_gaps, type_issue
from tests.conftest import SAMPLE
from tests.storage.test_qti import manifest_schema, qti_dtd, unpack, without_namespaces
from tests.storage.test_question_types import cloze, gaps, matching, ordering, varied_newer

T = QuestionType
TYPED = cloze(
    "BPE merges the most {1:SHORTANSWER:=frequent~=common} pair; case: {2:SHORTANSWER_C:=BPE}."
)
LISTS = cloze("Pick {1:MULTICHOICE:=symbols~words~documents} and {1:MCV:bytes~=pairs}.")
MIXED = cloze("BPE merges the most {1:SHORTANSWER:=frequent} pair of {1:MC:=symbols~words}.")
NUMBER = cloze("Pi is {1:NUMERICAL:=3.14:0.01} and e is {1:SA:=e}.")
PICKS = cloze("Subword tokenizers: {1:MULTIRESPONSE:=BPE~=WordPiece~spaces}.")
MATCH = matching(("BPE", "merges pairs"), ("WordPiece", "likelihood"), extra=("bytes",))
SELECT = gaps(
    T.GAPSELECT,
    "The [[2]] sat on the [[4]] and [[1]].",
    ("dog", 1, False), ("cat", 1, False), ("rug", 2, False), ("mat", 2, False),
)  # fmt: skip
DRAG = gaps(T.DDWTOS, "[[1]] then [[2]] then [[1]].", ("a", 1, True), ("b", 1, False))
ORDER = ordering("Split", "Count", "Merge")


def newer() -> list[Question]:
    return [MATCH, TYPED, LISTS, MIXED, SELECT, DRAG, ORDER, NUMBER, PICKS]


def test_the_fixtures_are_valid_questions() -> None:
    assert [type_issue(q) for q in newer()] == [None] * len(newer())


def assessment(data: bytes) -> etree._Element:
    files = unpack(data)
    name = next(k for k in files if k.count("/") == 1 and "meta" not in k and k.endswith(".xml"))
    return without_namespaces(files[name])


def test_new_items_are_valid_qti_in_canvas_forms() -> None:
    package = build_qti([*SAMPLE[:2], *newer()], "Newer types")
    files = unpack(package.data)
    schema = manifest_schema()
    assert schema.validate(etree.fromstring(files["imsmanifest.xml"])), schema.error_log
    root = assessment(package.data)
    assert qti_dtd().validate(root), qti_dtd().error_log.filter_from_errors()
    types = root.xpath("//fieldlabel[.='question_type']/../fieldentry/text()")
    assert types == [
        "multiple_choice_question",
        "true_false_question",
        "matching_question",
        "fill_in_multiple_blanks_question",  # typed gaps only
        "multiple_dropdowns_question",  # lists only
        "fill_in_multiple_blanks_question",  # mixed: the list becomes a typed blank
        "multiple_dropdowns_question",  # gapselect
        "multiple_dropdowns_question",  # ddwtos
    ]
    stems = root.xpath("//presentation/material/mattext/text()")
    assert stems[3] == "BPE merges the most [gap1] pair; case: [gap2]."
    assert stems[5] == "BPE merges the most [gap1] pair of [gap2] (symbols / words)."
    assert stems[6] == "The [gap1] sat on the [gap2] and [gap3]."
    # a gapselect drop-down offers its right answer's group; the right one scores
    item = root.xpath("//item")[6]
    options = item.xpath(".//response_lid[@ident='response_gap2']//mattext/text()")
    assert options == ["gap2", "rug", "mat"]
    right = item.xpath(".//varequal[@respident='response_gap2']/text()")
    label = item.xpath(f".//response_label[@ident='{right[0]}']//mattext/text()")
    assert label == ["mat"]
    # matching: the extra wrong answer is offered in every row
    rows = root.xpath("//item")[2].xpath(".//response_lid")
    assert [r.xpath(".//response_label//mattext/text()") for r in rows] == [
        ["merges pairs", "likelihood", "bytes"]
    ] * 2


def test_what_canvas_cannot_take_is_warned_about_per_question() -> None:
    package = build_qti([SAMPLE[0], *newer()], "Quiz", points=[1.0] * 10)
    assert package.written == (0, 1, 2, 3, 4, 5, 6)
    joined = "\n".join(package.warnings)
    assert len(package.warnings) == 5, joined
    assert re.search(r"Question 5 .*mix typed blanks and drop-downs.*options listed", joined)
    assert re.search(r"Question 7 .*no drag into text, so it becomes drop-downs", joined)
    assert re.search(r"Question 8 .* left out: Canvas classic quizzes have no ordering", joined)
    assert re.search(r"Question 9 .* left out: gap 1 is a number gap", joined)
    assert re.search(r"Question 10 .* left out: gap 1 is a pick-several gap", joined)
    meta = next(v for k, v in unpack(package.data).items() if k.endswith("assessment_meta.xml"))
    assert b"<points_possible>7</points_possible>" in meta  # the left-out ones count nothing


def test_an_export_of_only_what_canvas_cannot_take_is_refused_in_words() -> None:
    with pytest.raises(QtiExportError, match=r"none of these questions.*ordering"):
        export_qti([ORDER], "Quiz")


def test_a_gap_without_its_choice_is_named() -> None:
    bad = Question(T.GAPSELECT, "Fill [[3]].", (Choice("a", 1.0), Choice("b")))
    with pytest.raises(QtiExportError, match=r"Question 1 .*\[\[3]] has no choice 3"):
        export_qti([bad], "Quiz")


def same(before: Question, after: Question) -> None:
    after = replace(after, origin=before.origin, status=before.status)
    assert after == before, before.stem


def test_round_trip_brings_each_newer_type_back() -> None:
    questions = [q for q in newer() if q.type is not T.ORDERING][:6]
    result = import_qti(export_qti(questions, "Quiz"))
    assert result.skipped == ()
    assert [q.type for q in result.questions] == [q.type for q in questions]
    for before, after in zip(questions, result.questions, strict=True):
        same(before, after)


def test_round_trip_of_varied_newer_questions() -> None:
    questions = varied_newer()
    package = build_qti(questions, "Varied")
    kept = [questions[i] for i in package.written]
    assert {q.type for q in kept} == {T.MATCHING, T.CLOZE, T.GAPSELECT, T.DDWTOS}
    left = [q for i, q in enumerate(questions) if i not in package.written]
    assert all(
        q.type is T.ORDERING
        or any(g.kind in ("numerical", "multiresponse") for g in cloze_gaps(q.stem))
        for q in left
    )
    result = import_qti(package.data)
    assert result.skipped == ()
    for before, after in zip(kept, result.questions, strict=True):
        same(before, after)


def bare(data: bytes) -> bytes:
    """The package as Canvas would hold it: without our carried answers."""
    files = unpack(data)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in files.items():
            if name.endswith(".xml") and b"questestinterop" in content:
                text = content.decode()
                text = re.sub(
                    rf"\s*<qtimetadatafield>\s*<fieldlabel>{ANSWERS_FIELD}</fieldlabel>"
                    r"\s*<fieldentry>[^<]*</fieldentry>\s*</qtimetadatafield>",
                    "",
                    text,
                )
                assert ANSWERS_FIELD not in text
                content = text.encode()
            zf.writestr(name, content)
    return buf.getvalue()


def test_canvas_forms_are_read_as_matching_cloze_and_select_missing_words() -> None:
    html = replace(MATCH, text_format=TextFormat.HTML, stem="<p>Match <b>them</b>.</p>")
    plain_lists = cloze("Pick {1:MULTICHOICE:=symbols~words} and {1:MULTICHOICE:words~=pairs}.")
    questions = [MATCH, html, TYPED, plain_lists, SELECT, DRAG]
    result = import_qti(bare(export_qti(questions, "Quiz")))
    assert result.skipped == ()
    match, match_html, typed, lists, select, drag = result.questions
    same(MATCH, match)
    same(html, match_html)
    # typed blanks: every accepted answer, full marks, as short-answer gaps
    assert typed.type is T.CLOZE
    assert typed.stem == (
        "BPE merges the most {1:SHORTANSWER:=frequent~=common} pair; case: {1:SHORTANSWER:=BPE}."
    )
    same(plain_lists, lists)  # drop-downs whose lists overlap: multiple-choice gaps
    same(SELECT, select)  # lists that never overlap partly: groups
    # drag into text comes back as select missing words; the two gaps share one list
    assert drag.type is T.GAPSELECT and drag.stem == "[[1]] then [[2]] then [[1]]."
    assert [(c.text, c.group) for c in drag.choices] == [("a", 1), ("b", 1)]
    assert all(q.status is Status.ACCEPTED for q in result.questions)


def test_a_canvas_item_without_its_right_answer_is_skipped_with_a_reason() -> None:
    data = bare(export_qti([SELECT, SAMPLE[0]], "Quiz"))
    files = unpack(data)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in files.items():
            if b"response_gap1" in content:
                content = re.sub(
                    rb'<varequal respident="response_gap1">[^<]*</varequal>', b"", content
                )
            zf.writestr(name, content)
    result = import_qti(buf.getvalue())
    assert [q.type for q in result.questions] == [T.MCQ]
    assert "[gap1] has no right answer" in result.skipped[0][1]


def test_cloze_code_escapes_survive_the_canvas_form() -> None:
    odd = cloze("Odd {1:MULTICHOICE:" + "=a\\}b\\#c\\~d~e" + "} {1:MULTICHOICE:=e~f}.")
    back = import_qti(bare(export_qti([odd], "Quiz"))).questions[0]
    assert back.type is T.CLOZE  # "e" is in two different lists: not groups
    assert [g.right for g in cloze_gaps(back.stem)] == [("a}b#c~d",), ("e",)]
    assert back.stem == odd.stem


def test_the_app_s_exam_export_keeps_the_warnings(service: QuestionBank, tmp_path: Path) -> None:
    from storage.exams import ExamHeader
    from storage.exports.files import ExamRequest, create_and_export

    ids = service.add_many([replace(q, status=Status.ACCEPTED) for q in (MATCH, ORDER)])
    request = ExamRequest(
        ExamHeader(title="Midterm"), tmp_path / "midterm.pdf", tuple(ids), pdf=None, qti=True
    )
    done = create_and_export(service, request)
    assert done.qti == tmp_path / "midterm-qti.zip" and done.qti.exists()
    assert len(done.qti_warnings) == 1 and "no ordering questions" in done.qti_warnings[0]
    assert [q.type for q in import_qti(done.qti.read_bytes()).questions] == [T.MATCHING]

"""Combined feedback and hints in a Canvas QTI package: multiple choice's correct and
incorrect feedback as Canvas's own comments (valid against IMS's schema), the rest carried
for Quizwright and named in words; read back from the package."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from storage.domain import Choice, Hint, Question, QuestionType
from storage.exports.qti import build_qti
from storage.exports.qti_read import import_qti
from tests.storage.test_choice_feedback import MULTI, SINGLE
from tests.storage.test_qti import unpack
from tests.storage.test_qti_schema import QTI_NS, assert_valid, assessments, qti_schema

Q = {"q": QTI_NS}
ORDERING = Question(
    QuestionType.ORDERING,
    "Order the steps.",
    tuple(Choice(t, 1.0) for t in ("Tokenize", "Embed", "Attend")),
    correct_feedback="Right order.",
    hints=(Hint("Tokens first.", show_num_correct=True, options="1"),),
)
MATCHING = Question(
    QuestionType.MATCHING,
    "Match.",
    (
        Choice("France", 1.0, match="Paris"),
        Choice("Italy", 1.0, match="Rome"),
        Choice("", 0.0, match="Madrid"),
    ),
    incorrect_feedback="Look at a map.",
    show_num_correct=False,
)


def _item(doc: etree._Element, title: str) -> etree._Element:
    (item,) = doc.xpath(f"//q:item[@title='{title}']", namespaces=Q)
    return item


def test_choice_feedback_is_canvas_comments_and_comes_back() -> None:
    package = build_qti([MULTI, SINGLE, MATCHING, ORDERING], "Quiz")
    files = unpack(package.data)
    (doc,) = assessments(files).values()
    assert_valid(qti_schema(), doc)

    single = _item(doc, "France")
    conditions = single.xpath("q:resprocessing/q:respcondition", namespaces=Q)
    scoring = next(c for c in conditions if c.xpath("q:setvar", namespaces=Q))
    # Canvas's form: the full-marks condition links correct_fb; an <other/> after it,
    # general_incorrect_fb
    assert scoring.xpath("q:displayfeedback/@linkrefid", namespaces=Q) == ["correct_fb"]
    after = conditions[conditions.index(scoring) + 1 :]
    assert [c.xpath("q:displayfeedback/@linkrefid", namespaces=Q) for c in after] == [
        ["general_incorrect_fb"]
    ]
    assert after[0].xpath("q:conditionvar/q:other", namespaces=Q)
    texts = {
        f.get("ident"): f.xpath("string(.//q:mattext)", namespaces=Q)
        for f in single.xpath("q:itemfeedback", namespaces=Q)
    }
    assert texts["correct_fb"] == "Yes, Paris."
    assert texts["general_incorrect_fb"] == "No: Paris."
    multi = _item(doc, "Capitals")
    image = multi.xpath(
        "string(q:itemfeedback[@ident='general_incorrect_fb']//q:mattext)", namespaces=Q
    )
    assert "$IMS-CC-FILEBASE$/" in image  # the picture is in the package

    # what Canvas will not show is said, per question
    warnings = "\n".join(package.warnings)
    assert "Capitals" in warnings and "the feedback for a partially correct response" in warnings
    assert "2 hint(s)" in warnings
    assert "the feedback for correct and incorrect responses" in warnings  # matching
    assert not any("France" in w and "partially" in w for w in package.warnings)

    back = import_qti(package.data).questions
    assert len(back) == 3  # ordering: Canvas has no form for it (warned, as before)
    for q, again in zip((MULTI, SINGLE, MATCHING), back, strict=True):
        assert (again.correct_feedback, again.partial_feedback, again.incorrect_feedback) == (
            q.correct_feedback,
            q.partial_feedback,
            q.incorrect_feedback,
        ), q.title
        assert (again.show_num_correct, again.hints) == (q.show_num_correct, q.hints)


def _with_field(data: bytes, entry: str | None) -> bytes:
    """The package with our feedback field removed (None) or replaced by `entry`."""
    files = unpack(data)
    (path,) = assessments(files)
    doc = etree.fromstring(files[path])
    for field in doc.xpath(
        "//q:qtimetadatafield[q:fieldlabel='quizwright_feedback']", namespaces=Q
    ):
        if entry is None:
            field.getparent().remove(field)
        else:
            field.find("q:fieldentry", Q).text = entry
    files[path] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_canvas_package_without_our_field_gives_its_comments() -> None:
    data = build_qti([SINGLE], "Quiz").data
    result = import_qti(_with_field(data, None))
    (q,) = result.questions
    assert (q.correct_feedback, q.incorrect_feedback) == ("Yes, Paris.", "No: Paris.")
    assert q.hints == () and q.partial_feedback == "" and result.warnings == ()

    # a damaged field: Canvas's comments still, and the loss said in words
    result = import_qti(_with_field(data, '{"hints": [{"no text": 1}]}'))
    (q,) = result.questions
    assert (q.correct_feedback, q.hints) == ("Yes, Paris.", ())
    assert result.warnings == (
        'question 1 "France": its quizwright_feedback field cannot be read; '
        "the partially-correct feedback and the hints are left out",
    )

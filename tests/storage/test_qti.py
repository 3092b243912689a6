"""Canvas QTI packages: valid against the IMS bindings, read back as written, real Canvas read."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree
from PIL import Image

from storage.domain import Choice, Question, QuestionImage, QuestionType, TextFormat
from storage.exports.qti import ItemParts, QtiExportError, blanks_item, export_qti, matching_item
from storage.exports.qti_read import QtiImportError, import_qti
from tests.conftest import FIXTURES, SAMPLE, mcq

IMS = FIXTURES / "ims"


def png_bytes(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def varied() -> list[Question]:
    """Every type today's bank holds, in plain text and HTML, with images and feedback."""
    figure = QuestionImage("attention.png", png_bytes(40, 20))
    other = QuestionImage("attention.png", png_bytes(20, 40))  # same name, other picture
    return [
        *SAMPLE,
        Question(
            QuestionType.MULTI,
            "<p>Which of these are <b>subword</b> tokenizers?</p>",
            (
                Choice("BPE", 0.5, "<p>Yes: merges pairs.</p>"),
                Choice("WordPiece", 0.5),
                Choice("<i>Whitespace</i>", 0.0, "<p>No.</p>"),
            ),
            text_format=TextFormat.HTML,
            general_feedback="<p>See lecture 3.</p>",
            title="Subword tokenizers",
            points=2,
        ),
        Question(
            QuestionType.MCQ,
            '<p>What does this figure show?</p><p><img src="attention.png" alt="a"></p>',
            (Choice("<p>Attention weights</p>", 1.0), Choice("<p>Loss</p>", 0.0)),
            text_format=TextFormat.HTML,
            images=(figure,),
        ),
        Question(
            QuestionType.SHORT,
            "Name the picture's layer (plain text, 2 spaces  and\na new line).",
            (Choice("softmax", 1.0), Choice("Softmax layer", 1.0)),
            images=(other,),
            case_sensitive=True,
        ),
        Question(
            QuestionType.NUMERICAL,
            "Perplexity of a uniform model over 50 000 words?",
            (Choice("50000", 1.0, tolerance=500.0), Choice("5e4", 1.0, tolerance=0.0)),
        ),
        Question(QuestionType.DESCRIPTION, "Read this passage: attention in one paragraph."),
        Question(
            QuestionType.ESSAY,
            "Explain \\(\\alpha_i = \\mathrm{softmax}(e_i)\\) in your words.",
            grader_info="Rubric (10 points): definition (5), example (5).",
            response_template="The weights…",
            points=10,
        ),
    ]


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


class _Local(etree.Resolver):  # type: ignore[misc]
    """The schemas import xml.xsd from the web; the tests have it here."""

    def resolve(self, url: str, pubid: str, context: object) -> object:
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(IMS / "ims_xml.xsd"), context)
        return None


def manifest_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(IMS / "imscp_v1p1.xsd"), parser))


def qti_dtd() -> etree.DTD:
    return etree.DTD(str(IMS / "ims_qtiasiv1p2p1.dtd"))


def without_namespaces(xml: bytes) -> etree._Element:
    """The QTI 1.2.1 DTD predates namespaces: check the document as the DTD sees it."""
    root = etree.fromstring(xml)
    for el in root.iter():
        el.tag = etree.QName(el).localname
        for key in list(el.attrib):
            if key.startswith("{"):
                del el.attrib[key]
    etree.cleanup_namespaces(root)
    return root


def test_package_is_valid_against_the_ims_bindings() -> None:
    files = unpack(export_qti(varied(), "Midterm — NLP"))
    manifest = etree.fromstring(files["imsmanifest.xml"])
    schema = manifest_schema()
    assert schema.validate(manifest), schema.error_log
    ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
    qti = manifest.xpath("//cp:resource[@type='imsqti_xmlv1p2']/cp:file/@href", namespaces=ns)
    assert len(qti) == 1  # one assessment
    dtd = qti_dtd()
    document = without_namespaces(files[qti[0]])
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    # every file the manifest lists is in the package, and every image is listed
    listed = set(manifest.xpath("//cp:file/@href", namespaces=ns))
    assert listed == set(files) - {"imsmanifest.xml"}


def test_items_carry_canvas_question_types_points_and_images() -> None:
    files = unpack(export_qti(varied(), "Midterm", points=[2.0] * len(varied())))
    qti = next(v for k, v in files.items() if k.endswith(".xml") and "/i" in k and "meta" not in k)
    root = without_namespaces(qti)
    types = root.xpath("//fieldlabel[.='question_type']/../fieldentry/text()")
    assert types == [
        "multiple_choice_question",
        "true_false_question",
        "short_answer_question",
        "numerical_question",
        "essay_question",
        "multiple_answers_question",
        "multiple_choice_question",
        "short_answer_question",
        "numerical_question",
        "text_only_question",
        "essay_question",
    ]
    points = root.xpath("//fieldlabel[.='points_possible']/../fieldentry/text()")
    assert points == ["2"] * 9 + ["0", "2"]  # text-only items are worth nothing
    images = sorted(k for k in files if k.startswith("web_resources/"))
    # two different pictures called attention.png: both kept
    assert images == [
        "web_resources/Uploaded Media/2/attention.png",
        "web_resources/Uploaded Media/attention.png",
    ]
    text = qti.decode()
    assert "Unit: bits" in text  # Canvas has no units: the student reads it under the stem
    assert "$IMS-CC-FILEBASE$/Uploaded%20Media/attention.png" in text
    assert "$IMS-CC-FILEBASE$/Uploaded%20Media/2/attention.png" in text
    meta = next(v for k, v in files.items() if k.endswith("assessment_meta.xml")).decode()
    assert "<title>Midterm</title>" in meta and "<points_possible>20</points_possible>" in meta


def test_round_trip_brings_every_question_back() -> None:
    questions = varied()
    result = import_qti(export_qti(questions, "Midterm"))
    assert result.skipped == ()
    assert len(result.questions) == len(questions)
    for before, after in zip(questions, result.questions, strict=True):
        # what an import always sets: its origin and status
        after = after.__class__(**{**after.__dict__, "origin": before.origin})
        after = after.__class__(**{**after.__dict__, "status": before.status})
        if before.type is QuestionType.DESCRIPTION:
            assert after.stem == before.stem and after.type is before.type
            continue
        assert after == before, before.stem


def test_same_questions_make_the_same_bytes() -> None:
    assert export_qti(SAMPLE, "Quiz") == export_qti(SAMPLE, "Quiz")


def test_a_real_canvas_export_is_read() -> None:
    result = import_qti((FIXTURES / "canvas_qti_export.zip").read_bytes())
    kinds = [q.type for q in result.questions]
    assert kinds == [
        QuestionType.TRUE_FALSE,
        QuestionType.MCQ,
        QuestionType.MULTI,
        QuestionType.ESSAY,
    ]
    tf, mc, multi, _ = result.questions
    assert [c.text for c in tf.choices if c.correct] == ["true"]
    assert [c.text for c in mc.choices if c.correct] == ["True"]
    assert sorted(c.text for c in multi.choices if c.correct) == ["asdsad", "ssdsd"]
    assert "afsdf" in tf.stem and tf.text_format is TextFormat.HTML


def test_types_quizwright_lacks_are_skipped_with_a_reason() -> None:
    q = mcq("Match each tokenizer with its unit.", "x", "y")
    data = export_qti([q], "Quiz")
    files = unpack(data)
    name = next(k for k in files if k.count("/") == 1 and "meta" not in k)
    xml = files[name].decode().replace("multiple_choice_question", "calculated_question")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in files.items():
            zf.writestr(k, xml if k == name else v)
    result = import_qti(buf.getvalue())
    assert result.questions == ()
    assert "calculated question" in result.skipped[0][1]


def test_matching_and_blanks_items_are_ready_for_new_types() -> None:
    """The writers the matching and cloze types will call: valid QTI in Canvas's form."""
    from xml.etree import ElementTree as ET

    from storage.exports.qti import _Media, _Texts

    for build in (
        lambda p: matching_item(p, [("BPE", "merges"), ("WordPiece", "likelihood")], ["bytes"]),
        lambda p: blanks_item(p, [("unit", ["subword", "sub-word"]), ("algo", ["BPE"])]),
    ):
        root = ET.Element("questestinterop")
        item = ET.SubElement(ET.SubElement(root, "section", ident="s"), "item", ident="i")
        presentation = ET.SubElement(item, "presentation")
        ET.SubElement(ET.SubElement(presentation, "material"), "mattext").text = "Match"
        q = Question(QuestionType.DESCRIPTION, "x")
        build(ItemParts(item, presentation, _Texts(q, _Media())))
        doc = etree.fromstring(ET.tostring(root))
        assert qti_dtd().validate(doc), qti_dtd().error_log
        adds = doc.xpath("//setvar[@action='Add']/text()")
        assert [float(a) for a in adds] == [50.0, 50.0]


def test_a_question_canvas_cannot_take_is_named() -> None:
    bad = Question(QuestionType.NUMERICAL, "How many?", (Choice("about eight", 1.0),))
    with pytest.raises(QtiExportError, match=r"Question 2 .*“about eight” is not a number"):
        export_qti([SAMPLE[0], bad], "Quiz")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "not a zip file"),
        (None, "no QTI assessment"),
        (b"entities", "XML entities"),
    ],
)
def test_bad_packages_are_refused_in_words(data: bytes | None, message: str) -> None:
    if data is None or data == b"entities":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            if data == b"entities":
                zf.writestr(
                    "imsmanifest.xml",
                    '<!DOCTYPE m [<!ENTITY a "aaaa">]><manifest>&a;</manifest>',
                )
            else:
                zf.writestr("readme.txt", "hello")
        data = buf.getvalue()
    with pytest.raises(QtiImportError, match=message):
        import_qti(data)


def test_paths_out_of_the_package_are_not_followed() -> None:
    html = Question(
        QuestionType.MCQ,
        '<p><img src="$IMS-CC-FILEBASE$/../../etc/passwd"></p>',
        (Choice("a", 1.0), Choice("b")),
        text_format=TextFormat.HTML,
    )
    result = import_qti(export_qti([html], "Quiz"))
    assert result.questions[0].images == ()
    assert re.search(r"etc/passwd", result.questions[0].stem)


def test_control_characters_pasted_into_a_text_do_not_break_the_package() -> None:
    q = mcq("Pasted \x0bfrom a slide\x01?", "yes\x02", "no")
    back = import_qti(export_qti([q], "Quiz\x07")).questions[0]
    assert back.stem == "Pasted from a slide?" and back.choices[0].text == "yes"

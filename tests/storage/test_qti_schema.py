"""Canvas QTI packages against IMS's XML Schemas (not only the DTD): the assessment against
IMS's QTI ASI schema, the manifest against IMS Content Packaging 1.1 — offline, with the
schemas' web imports answered from tests/fixtures/ims (see tests/fixtures/LICENSES.md)."""

from __future__ import annotations

import copy
import functools

from lxml import etree

from storage.exports.qti import export_qti
from tests.storage.test_qti import IMS, unpack, varied
from tests.storage.test_qti_newtypes import newer

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"


class _Offline(etree.Resolver):  # type: ignore[misc]
    """Both schemas import the W3C `xml:` schema from the web (by absolute or relative
    location); answer with the local copy so the tests never go online."""

    def resolve(self, url: str, pubid: str, context: object) -> object:
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(IMS / "xml.xsd"), context)
        return None


def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Offline())
    return etree.XMLSchema(etree.parse(str(IMS / name), parser))


@functools.cache
def qti_schema() -> etree.XMLSchema:
    return _schema("ims_qtiasiv1p2.xsd")


@functools.cache
def cp_schema() -> etree.XMLSchema:
    return _schema("imscp_v1p1.xsd")


def assessments(files: dict[str, bytes]) -> dict[str, etree._Element]:
    """The QTI documents the manifest names (not Canvas's own assessment_meta.xml)."""
    manifest = etree.fromstring(files["imsmanifest.xml"])
    hrefs = manifest.xpath(
        "//cp:resource[@type='imsqti_xmlv1p2']/cp:file/@href", namespaces={"cp": CP_NS}
    )
    return {h: etree.fromstring(files[h]) for h in hrefs}


def assert_valid(schema: etree.XMLSchema, doc: etree._Element) -> None:
    assert schema.validate(doc), "\n".join(
        f"line {e.line}: {e.message}" for e in schema.error_log.filter_from_errors()
    )


def test_every_canvas_type_with_images_is_valid_against_the_ims_schemas() -> None:
    questions = [*varied(), *newer()]
    files = unpack(export_qti(questions, "Midterm — NLP"))
    assert_valid(cp_schema(), etree.fromstring(files["imsmanifest.xml"]))
    docs = assessments(files)
    assert len(docs) == 1  # one assessment, as Canvas's import takes it
    (doc,) = docs.values()
    assert etree.QName(doc).namespace == QTI_NS
    assert_valid(qti_schema(), doc)
    # what was checked is what the issue asks for: every Canvas question type we write,
    # and pictures inside the package
    kinds = {
        str(entry)
        for entry in doc.xpath(
            "//q:qtimetadatafield[q:fieldlabel='question_type']/q:fieldentry/text()",
            namespaces={"q": QTI_NS},
        )
    }
    assert kinds >= {
        "multiple_choice_question",
        "multiple_answers_question",
        "true_false_question",
        "short_answer_question",
        "numerical_question",
        "essay_question",
        "text_only_question",
        "matching_question",
        "multiple_dropdowns_question",
        "fill_in_multiple_blanks_question",
    }
    assert any(name.endswith(".png") for name in files)


def test_the_schemas_do_catch_faults() -> None:
    """The check can fail: a misplaced element, a missing required attribute, an unknown
    element and a broken manifest are each refused."""
    files = unpack(export_qti(varied(), "Midterm"))
    (doc,) = assessments(files).values()
    q = {"q": QTI_NS}

    swapped = copy.deepcopy(doc)
    item = swapped.xpath("//q:item", namespaces=q)[0]
    presentation = item.find("q:presentation", q)
    item.remove(presentation)
    item.insert(0, presentation)  # before itemmetadata: out of the schema's order
    assert not qti_schema().validate(swapped)

    no_ident = copy.deepcopy(doc)
    del no_ident.xpath("//q:item", namespaces=q)[0].attrib["ident"]
    assert not qti_schema().validate(no_ident)

    unknown = copy.deepcopy(doc)
    etree.SubElement(unknown.xpath("//q:item", namespaces=q)[0], f"{{{QTI_NS}}}canvas_only")
    assert not qti_schema().validate(unknown)

    manifest = etree.fromstring(files["imsmanifest.xml"])
    manifest.remove(manifest.find(f"{{{CP_NS}}}resources"))
    assert not cp_schema().validate(manifest)


def test_canvas_s_own_export_passes_the_same_schema() -> None:
    """The schema is the one Canvas's QTI follows: its own export's assessment is valid."""
    files = unpack((IMS.parent / "canvas_qti_export.zip").read_bytes())
    docs = [etree.fromstring(v) for k, v in files.items() if k.endswith(".xml")]
    qti = [d for d in docs if etree.QName(d).namespace == QTI_NS]
    assert len(qti) == 1
    assert_valid(qti_schema(), qti[0])

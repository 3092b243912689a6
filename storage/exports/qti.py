"""Canvas QTI: questions as a QTI 1.2 package in the form Canvas's "QTI .zip" import takes.

The package (a zip) holds `imsmanifest.xml` (IMS Content Packaging 1.1), one assessment
`ASSESSMENT/ASSESSMENT.xml` (QTI 1.2, one item per question, with Canvas's `question_type`
and `points_possible` metadata), Canvas's `assessment_meta.xml` beside it, and the question
images under `web_resources/Uploaded Media/`, which the texts point at with Canvas's
`$IMS-CC-FILEBASE$` prefix. A few `quizwright_*` metadata fields, which Canvas ignores,
carry what Canvas has no place for, so `storage.exports.qti_read` reads a package back as
it was written.

One function per question type builds its item (`ITEM_WRITERS`); `matching_item`,
`blanks_item` and `dropdowns_item` write Canvas's matching, fill-in-multiple-blanks and
multiple drop-downs items from plain data. The newer types map onto them: matching →
matching; cloze → fill-in-multiple-blanks (typed gaps; drop-down gaps mixed in become typed
blanks with their options listed) or multiple drop-downs (only drop-down gaps); select
missing words and drag into text → multiple drop-downs. Canvas classic quizzes have no form
for ordering questions or for number and pick-several cloze gaps: those questions are left
out of the package, each with a warning in words (`build_qti`), never failing the export.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import quote, unquote

from storage.domain import GAP_TYPES, Question, QuestionImage, QuestionType, TextFormat
from storage.exports.qti_feedback import (
    FEEDBACK_FIELD,
    feedback_json,
    not_shown,
    write_correct,
    write_incorrect,
)
from storage.exports.versions import format_number
from storage.formats.common import export_name, plain_to_html, tags_with_metadata
from storage.question_types import GAP, NEWER_TYPES, cloze_gaps

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FILEBASE = "$IMS-CC-FILEBASE$/"
ATTACHED = "quizwright-image"  # the class of images no text shows, added after the stem
UNIT = "quizwright-unit"  # the class of a numerical question's unit, added after the stem
MEDIA = "web_resources/Uploaded Media/"
QTI_RESOURCE = "imsqti_xmlv1p2"
META_RESOURCE = "associatedcontent/imscc_xmlv1p1/learning-application-resource"

CANVAS_TYPE = {
    QuestionType.MCQ: "multiple_choice_question",
    QuestionType.MULTI: "multiple_answers_question",
    QuestionType.TRUE_FALSE: "true_false_question",
    QuestionType.SHORT: "short_answer_question",
    QuestionType.NUMERICAL: "numerical_question",
    QuestionType.ESSAY: "essay_question",
    QuestionType.DESCRIPTION: "text_only_question",
    QuestionType.MATCHING: "matching_question",
    QuestionType.GAPSELECT: "multiple_dropdowns_question",
    QuestionType.DDWTOS: "multiple_dropdowns_question",  # Canvas has no drag into text
    QuestionType.CLOZE: "fill_in_multiple_blanks_question",  # drop-downs when it has lists
}
MATCHING = "matching_question"
BLANKS = "fill_in_multiple_blanks_question"
DROPDOWNS = "multiple_dropdowns_question"
# Carries a newer type's stem and choices as they were (JSON), for qti_read: Canvas's forms
# lose groups, weights, partial credit and the ddwtos/gapselect difference.
ANSWERS_FIELD = "quizwright_answers"

_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed: the same questions make the same bytes


class QtiExportError(ValueError):
    """A question Canvas cannot take; the message names it."""


class LeftOut(Exception):
    """A question Canvas has no form for: the export goes on without it (the reason is
    warned about, naming the question)."""


# --------------------------------------------------------------------------- texts and images


class _Media:
    """The package's image files: one per distinct image, named as the question names it."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}  # path in the package → data

    def add(self, image: QuestionImage) -> str:
        """The image's path in the package; a different image of the same name gets a folder."""
        n = 1
        while True:
            folder = f"{n}/" if n > 1 else ""
            path = f"{MEDIA}{folder}{image.name}"
            if self.files.get(path, image.data) == image.data:
                self.files[path] = image.data
                return path
            n += 1


_URL_ATTR = re.compile(r"""(\bsrc\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


class _Texts:
    """A question's texts as the HTML Canvas shows, images pointing into the package."""

    def __init__(self, q: Question, media: _Media) -> None:
        self.q = q
        self.media = media
        self.paths = {i.name: "" for i in q.images}

    def _url(self, name: str) -> str:
        if not self.paths[name]:
            image = next(i for i in self.q.images if i.name == name)
            self.paths[name] = self.media.add(image)
        return FILEBASE + quote(self.paths[name].removeprefix("web_resources/"))

    def html(self, text: str) -> str:
        text = text.strip()
        if self.q.text_format is TextFormat.PLAIN:
            return plain_to_html(text)

        def link(m: re.Match[str]) -> str:
            value = m.group(3).strip()
            name = value if value in self.paths else unquote(value)
            if name not in self.paths:
                return m.group()
            return f"{m.group(1)}{m.group(2)}{self._url(name)}{m.group(2)}"

        return _URL_ATTR.sub(link, text)

    def stem(self) -> str:
        text = self.html(self.q.stem)
        if self.q.type is QuestionType.NUMERICAL and self.q.unit.strip():
            # Canvas has no units: the student reads it under the question
            text += f'<p class="{UNIT}">Unit: {html.escape(self.q.unit.strip())}</p>'
        shown = {n for n, path in self.paths.items() if path}
        extra = [i for i in self.q.images if i.name not in shown]
        # images no text shows (every image of a plain-text question) follow the stem
        text += "".join(
            f'<p class="{ATTACHED}"><img src="{self._url(i.name)}" alt="{html.escape(i.name)}"></p>'
            for i in extra
        )
        return text


# --------------------------------------------------------------------------- XML helpers


# characters XML 1.0 cannot hold (a pasted control character would make the file unreadable)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): _NOT_XML.sub("", v) for k, v in attrs.items()})
    if text is not None:
        el.text = _NOT_XML.sub("", text)
    return el


def _material(parent: ET.Element, text: str, texttype: str = "text/html") -> ET.Element:
    material = _sub(parent, "material")
    _sub(material, "mattext", text, texttype=texttype)
    return material


def _ident(*parts: str) -> str:
    """Canvas-like identifiers ("i" and 32 hex digits), the same for the same question."""
    return "i" + hashlib.md5("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class ItemParts:
    """An item under construction: its element, its response processing, its feedback."""

    item: ET.Element
    presentation: ET.Element
    texts: _Texts
    resprocessing: ET.Element | None = None

    def processing(self) -> ET.Element:
        if self.resprocessing is None:
            self.resprocessing = _sub(self.item, "resprocessing")
            outcomes = _sub(self.resprocessing, "outcomes")
            _sub(
                outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"
            )
        return self.resprocessing

    def condition(self, cont: bool = False) -> tuple[ET.Element, ET.Element]:
        cond = _sub(self.processing(), "respcondition", continue_="Yes" if cont else "No")
        return cond, _sub(cond, "conditionvar")

    def feedback(self, ident: str, text: str) -> None:
        """Feedback shown for a condition (`linkrefid`), written after the processing."""
        if not text.strip():
            return
        cond, var = self.condition(cont=True)
        if ident == "general_fb":
            _sub(var, "other")
        else:
            _sub(var, "varequal", ident.removesuffix("_fb"), respident="response1")
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=ident)
        self.item_feedback(ident, text)

    def item_feedback(self, ident: str, text: str) -> None:
        fb = _sub(self.item, "itemfeedback", ident=ident)
        _material(_sub(fb, "flow_mat"), self.texts.html(text))


def _choice_label(parent: ET.Element, ident: str, text: str, texttype: str) -> None:
    label = _sub(parent, "response_label", ident=ident)
    _material(label, text, texttype)


def _answer_ids(q: Question) -> list[str]:
    return [str(i + 1) for i in range(len(q.choices))]


# --------------------------------------------------------------------------- item writers


def _choices(parts: ItemParts, q: Question, multiple: bool) -> None:
    lid = _sub(
        parts.presentation,
        "response_lid",
        ident="response1",
        rcardinality="Multiple" if multiple else "Single",
    )
    choice = _sub(lid, "render_choice", shuffle="Yes" if q.shuffle_answers else "No")
    ids = _answer_ids(q)
    for ident, c in zip(ids, q.choices, strict=True):
        _choice_label(choice, ident, parts.texts.html(c.text), "text/html")
    for ident, c in zip(ids, q.choices, strict=True):
        parts.feedback(f"{ident}_fb", c.feedback)
    cond, var = parts.condition()
    if multiple:
        both = _sub(var, "and")
        for ident, c in zip(ids, q.choices, strict=True):
            if c.correct:
                _sub(both, "varequal", ident, respident="response1")
            else:
                _sub(_sub(both, "not"), "varequal", ident, respident="response1")
    else:
        best = max((c.fraction for c in q.choices), default=0.0)
        for ident, c in zip(ids, q.choices, strict=True):
            if best > 0 and c.fraction == best:
                _sub(var, "varequal", ident, respident="response1")
    _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    write_correct(parts, cond, q)  # Canvas's correct and incorrect comments
    write_incorrect(parts, q)


def _mcq(parts: ItemParts, q: Question) -> None:
    _choices(parts, q, multiple=False)


def _multi(parts: ItemParts, q: Question) -> None:
    _choices(parts, q, multiple=True)


def _true_false(parts: ItemParts, q: Question) -> None:
    lid = _sub(parts.presentation, "response_lid", ident="response1", rcardinality="Single")
    choice = _sub(lid, "render_choice")
    ids = _answer_ids(q)
    for ident, c in zip(ids, q.choices, strict=True):
        # Canvas's true/false answers are the words, in plain text
        word = "True" if c.text.strip().lower() == "true" else "False"
        _choice_label(choice, ident, word, "text/plain")
    for ident, c in zip(ids, q.choices, strict=True):
        parts.feedback(f"{ident}_fb", c.feedback)
    cond, var = parts.condition()
    for ident, c in zip(ids, q.choices, strict=True):
        if c.correct:
            _sub(var, "varequal", ident, respident="response1")
    _sub(cond, "setvar", "100", action="Set", varname="SCORE")


def _text_box(parts: ItemParts, fibtype: str | None = None) -> None:
    resp = _sub(parts.presentation, "response_str", ident="response1", rcardinality="Single")
    fib = _sub(resp, "render_fib", **({"fibtype": fibtype} if fibtype else {}))
    _sub(fib, "response_label", ident="answer1", rshuffle="No")


def _short(parts: ItemParts, q: Question) -> None:
    _text_box(parts)
    cond, var = parts.condition()
    for c in q.choices:
        if c.correct:
            _sub(var, "varequal", c.text.strip(), respident="response1")
    _sub(cond, "setvar", "100", action="Set", varname="SCORE")


def _numerical(parts: ItemParts, q: Question) -> None:
    _text_box(parts, fibtype="Decimal")
    for c in q.choices:
        if not c.correct:
            continue
        cond, var = parts.condition()
        value = c.text.strip()
        try:
            number = float(value)
        except ValueError:
            raise QtiExportError(f"the answer “{value}” is not a number") from None
        either = _sub(var, "or")
        _sub(either, "varequal", value, respident="response1")
        both = _sub(either, "and")
        margin = abs(c.tolerance or 0.0)
        _sub(both, "vargte", format_number_exact(number - margin), respident="response1")
        _sub(both, "varlte", format_number_exact(number + margin), respident="response1")
        _sub(cond, "setvar", format_number_exact(c.fraction * 100), action="Set", varname="SCORE")


def format_number_exact(value: float) -> str:
    """A number as written in the package: no float noise, no needless ".0"."""
    text = repr(round(value, 10))
    return text[:-2] if text.endswith(".0") else text


def _essay(parts: ItemParts, q: Question) -> None:
    _text_box(parts)
    _, var = parts.condition()
    _sub(var, "other")


def _description(parts: ItemParts, q: Question) -> None:
    pass  # text only: the stem is all there is


def matching_item(
    parts: ItemParts, pairs: Sequence[tuple[str, str]], distractors: Sequence[str] = ()
) -> None:
    """Canvas's matching question: one drop-down per left side, every right side (and the
    wrong answers) in each; full marks shared equally between the pairs."""
    rights = list(dict.fromkeys([r for _, r in pairs] + list(distractors)))
    right_ids = {r: str(1000 + i) for i, r in enumerate(rights)}
    share = format_number_exact(100 / len(pairs)) if pairs else "0"
    for n, (left, right) in enumerate(pairs, 1):
        lid = _sub(parts.presentation, "response_lid", ident=f"response_{n}")
        _material(lid, left, "text/plain")
        choice = _sub(lid, "render_choice")
        for r in rights:
            label = _sub(choice, "response_label", ident=right_ids[r])
            _sub(_sub(label, "material"), "mattext", r)
        cond, var = parts.condition()
        _sub(var, "varequal", right_ids[right], respident=f"response_{n}")
        _sub(cond, "setvar", share, action="Add", varname="SCORE")


def blanks_item(parts: ItemParts, blanks: Sequence[tuple[str, Sequence[str]]]) -> None:
    """Canvas's fill in multiple blanks: the stem names each blank as [name]; `blanks` gives
    each name and the answers it accepts; full marks shared equally between the blanks."""
    share = format_number_exact(100 / len(blanks)) if blanks else "0"
    for n, (name, answers) in enumerate(blanks, 1):
        lid = _sub(parts.presentation, "response_lid", ident=f"response_{name}")
        _sub(_sub(lid, "material"), "mattext", name)
        choice = _sub(lid, "render_choice")
        ids = [f"{n}{i:03d}" for i in range(len(answers))]
        for ident, answer in zip(ids, answers, strict=True):
            _choice_label(choice, ident, answer, "text/plain")
        for ident in ids[:1]:
            cond, var = parts.condition()
            _sub(var, "varequal", ident, respident=f"response_{name}")
            _sub(cond, "setvar", share, action="Add", varname="SCORE")


def dropdowns_item(parts: ItemParts, gaps: Sequence[tuple[str, Sequence[str], int]]) -> None:
    """Canvas's multiple drop-downs: the stem names each drop-down as [name]; `gaps` gives
    each name, its options and the index of the right one; full marks shared equally."""
    share = format_number_exact(100 / len(gaps)) if gaps else "0"
    for n, (name, options, right) in enumerate(gaps, 1):
        lid = _sub(parts.presentation, "response_lid", ident=f"response_{name}")
        _sub(_sub(lid, "material"), "mattext", name)
        choice = _sub(lid, "render_choice")
        ids = [f"{n}{i:03d}" for i in range(len(options))]
        for ident, option in zip(ids, options, strict=True):
            _choice_label(choice, ident, option, "text/plain")
        cond, var = parts.condition()
        _sub(var, "varequal", ids[right], respident=f"response_{name}")
        _sub(cond, "setvar", share, action="Add", varname="SCORE")


# --------------------------------------------------------------------------- newer types


@dataclass(frozen=True)
class Gap:
    """A blank of Canvas's fill-in-multiple-blanks or multiple drop-downs question."""

    name: str  # written [name] in the stem
    answers: tuple[str, ...]  # typed blank: the accepted answers; drop-down: its options
    right: int = 0  # drop-down: the index of the right option


@dataclass(frozen=True)
class GapForm:
    """A gap question as Canvas holds it."""

    canvas_type: str
    stem: str  # the gaps written as [gap1], [gap2]…
    gaps: tuple[Gap, ...]
    note: str = ""  # what changed on the way, for the warning


def _choice_gaps(q: Question) -> GapForm:
    gaps: list[Gap] = []

    def blank(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if not 1 <= n <= len(q.choices):
            raise QtiExportError(f"the gap [[{n}]] has no choice {n}")
        right = q.choices[n - 1]
        options = [c for c in q.choices if c.group == right.group]
        name = f"gap{len(gaps) + 1}"
        gaps.append(Gap(name, tuple(c.text.strip() for c in options), options.index(right)))
        return f"[{name}]"

    stem = GAP.sub(blank, q.stem)
    note = (
        "Canvas has no drag into text, so it becomes drop-downs (one per gap, offering its group)"
        if q.type is QuestionType.DDWTOS
        else ""
    )
    return GapForm(DROPDOWNS, stem, tuple(gaps), note)


_GAP_KIND_WORDS = {"numerical": "a number gap", "multiresponse": "a pick-several gap"}


def _cloze_gaps(q: Question) -> GapForm:
    found = cloze_gaps(q.stem)
    if not found:
        raise QtiExportError("the cloze text has no gap Moodle can read")
    for g in found:
        if g.kind in _GAP_KIND_WORDS:
            raise LeftOut(
                f"gap {g.number} is {_GAP_KIND_WORDS[g.kind]}, which neither Canvas's "
                "fill-in-multiple-blanks nor its multiple drop-downs can hold"
            )
    mixed = any(g.kind == "choice" for g in found) and any(g.kind != "choice" for g in found)
    dropdowns = all(g.kind == "choice" for g in found)
    out, gaps, pos = [], [], 0
    for g in found:
        name = f"gap{g.number}"
        out += [q.stem[pos : g.start], f"[{name}]"]
        pos = g.end
        if dropdowns:
            right = next(i for i, a in enumerate(g.answers) if a.fraction >= 1.0 - 1e-9)
            gaps.append(Gap(name, tuple(a.text for a in g.answers), right))
        elif g.kind == "choice":
            # a typed blank, its options listed after it for the student to pick from
            listed = " / ".join(a.text for a in g.answers)
            out.append(f" ({html.escape(listed) if q.text_format is TextFormat.HTML else listed})")
            gaps.append(Gap(name, g.right[:1]))
        else:
            gaps.append(Gap(name, g.right))
    out.append(q.stem[pos:])
    note = (
        "Canvas cannot mix typed blanks and drop-downs in one question, so its drop-down "
        "gaps become typed blanks with their options listed after them"
        if mixed
        else ""
    )
    return GapForm(DROPDOWNS if dropdowns else BLANKS, "".join(out), tuple(gaps), note)


def gap_form(q: Question) -> GapForm | None:
    """How Canvas holds a gap question (None for other types); raises LeftOut when it
    cannot, QtiExportError for a gap that is not valid."""
    if q.type in GAP_TYPES:
        return _choice_gaps(q)
    if q.type is QuestionType.CLOZE:
        return _cloze_gaps(q)
    return None


def _matching(parts: ItemParts, q: Question) -> None:
    pairs = [(c.text.strip(), c.match.strip()) for c in q.choices if c.text.strip()]
    extra = [c.match.strip() for c in q.choices if not c.text.strip()]
    matching_item(parts, pairs, extra)


def _gaps(parts: ItemParts, q: Question) -> None:
    form = gap_form(q)
    assert form is not None  # registered for the gap types only
    if form.canvas_type == DROPDOWNS:
        dropdowns_item(parts, [(g.name, g.answers, g.right) for g in form.gaps])
    else:
        blanks_item(parts, [(g.name, g.answers) for g in form.gaps])


# Types Canvas classic quizzes have no form for: left out of the package, with the reason.
NO_CANVAS_FORM = {
    QuestionType.ORDERING: "Canvas classic quizzes have no ordering questions",
}


ItemWriter = Callable[[ItemParts, Question], None]
ITEM_WRITERS: dict[QuestionType, ItemWriter] = {
    QuestionType.MCQ: _mcq,
    QuestionType.MULTI: _multi,
    QuestionType.TRUE_FALSE: _true_false,
    QuestionType.SHORT: _short,
    QuestionType.NUMERICAL: _numerical,
    QuestionType.ESSAY: _essay,
    QuestionType.DESCRIPTION: _description,
    QuestionType.MATCHING: _matching,
    QuestionType.CLOZE: _gaps,
    QuestionType.GAPSELECT: _gaps,
    QuestionType.DDWTOS: _gaps,
}


def _answers_json(q: Question) -> str:
    """A newer type's stem and choices as they were (see ANSWERS_FIELD)."""
    if q.type not in NEWER_TYPES:
        return ""
    choices = [
        {"text": c.text, "fraction": c.fraction, "feedback": c.feedback, "match": c.match,
         "group": c.group, "unlimited": c.unlimited}
        for c in q.choices
    ]  # fmt: skip
    carried = {"type": q.type.value, "stem": q.stem, "choices": choices}
    return json.dumps(carried | {"shuffle": q.shuffle_answers})


# --------------------------------------------------------------------------- items


def _metadata(item: ET.Element, fields: Sequence[tuple[str, str]]) -> None:
    qmd = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        field = _sub(qmd, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _item(section: ET.Element, q: Question, points: float, index: int, media: _Media) -> str:
    """Write `q`'s item; what changed on the way ("" for nothing). Raises LeftOut when
    Canvas has no form for it, QtiExportError (naming it) when it is not valid."""
    where = f"Question {index} ({export_name(q)})"
    if q.type in NO_CANVAS_FORM:
        raise LeftOut(f"{where} left out: {NO_CANVAS_FORM[q.type]}.")
    writer = ITEM_WRITERS.get(q.type)
    if writer is None:
        raise QtiExportError(f"Canvas QTI export does not know {q.type.label} questions yet")
    try:
        form = gap_form(q)
    except LeftOut as why:
        raise LeftOut(f"{where} left out: {why}.") from None
    except QtiExportError as exc:
        raise QtiExportError(f"{where}: {exc}.") from None
    ident = _ident(q.uuid or f"{index}", q.stem)
    item = _sub(section, "item", ident=ident, title=export_name(q))
    fields = [
        ("question_type", form.canvas_type if form else CANVAS_TYPE[q.type]),
        ("points_possible", format_number(0 if q.type is QuestionType.DESCRIPTION else points)),
        ("assessment_question_identifierref", _ident("bank", ident)),
        # Canvas ignores these; they bring the question back as it was (qti_read)
        ("quizwright_uuid", q.uuid),
        ("quizwright_format", q.text_format.value),
        ("quizwright_tags", "\n".join(tags_with_metadata(q))),
        ("quizwright_category", q.category),
        ("quizwright_unit", q.unit),
        ("quizwright_case_sensitive", "1" if q.case_sensitive else ""),
        ("quizwright_grader_info", q.grader_info),
        ("quizwright_response_template", q.response_template),
        (ANSWERS_FIELD, _answers_json(q)),
        (FEEDBACK_FIELD, feedback_json(q)),
    ]
    _metadata(item, [(k, v) for k, v in fields if v or not k.startswith("quizwright_")])
    texts = _Texts(replace(q, stem=form.stem) if form else q, media)
    presentation = _sub(item, "presentation")
    _material(presentation, texts.stem())
    parts = ItemParts(item, presentation, texts)
    parts.feedback("general_fb", q.general_feedback)  # first, as Canvas writes it
    try:
        writer(parts, q)
    except QtiExportError as exc:
        raise QtiExportError(f"{where}: {exc}.") from None
    notes = [n for n in (form.note if form else "", not_shown(q)) if n]
    return f"{where}: {'; '.join(notes)}." if notes else ""


def _xml(root: ET.Element, ns: str) -> bytes:
    # Elements are built without a namespace and the root declares the document's one as
    # the default: ElementTree's default_namespace option refuses unqualified attributes.
    root.set("xmlns", ns)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


@dataclass(frozen=True)
class Assessment:
    xml: bytes
    files: dict[str, bytes]  # the image files it points at
    ident: str
    kept: tuple[int, ...]  # indices of the questions written (the others are left out)
    warnings: tuple[str, ...]  # questions left out or changed, in words


def assessment_xml(
    questions: Sequence[Question], title: str, points: Sequence[float] | None = None
) -> Assessment:
    """The assessment document, its images, and what Canvas could not take as it was."""
    ident = _ident("assessment", title, *(q.uuid or q.stem for q in questions))
    root = ET.Element(
        "questestinterop",
        {f"{{{XSI}}}schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"},
    )
    assessment = _sub(root, "assessment", ident=ident, title=title)
    qmd = _sub(assessment, "qtimetadata")
    field = _sub(qmd, "qtimetadatafield")
    _sub(field, "fieldlabel", "cc_maxattempts")
    _sub(field, "fieldentry", "1")
    section = _sub(assessment, "section", ident="root_section")
    media = _Media()
    kept: list[int] = []
    warnings: list[str] = []
    for i, q in enumerate(questions):
        try:
            note = _item(section, q, points[i] if points is not None else q.points, i + 1, media)
        except LeftOut as why:
            warnings.append(str(why))
            continue
        kept.append(i)
        if note:
            warnings.append(note)
    if questions and not kept:
        raise QtiExportError("Canvas can take none of these questions: " + " ".join(warnings))
    return Assessment(_xml(root, QTI_NS), media.files, ident, tuple(kept), tuple(warnings))


def _meta_xml(ident: str, title: str, description: str, total: float) -> bytes:
    quiz = ET.Element(
        "quiz",
        {
            "identifier": ident,
            f"{{{XSI}}}schemaLocation": f"{CANVAS_NS} http://canvas.instructure.com/xsd/cccv1p0.xsd",
        },
    )
    for tag, value in (
        ("title", title),
        ("description", description),
        ("shuffle_answers", "false"),
        ("quiz_type", "assignment"),
        ("points_possible", format_number(total)),
        ("allowed_attempts", "1"),
        ("show_correct_answers", "true"),
    ):
        _sub(quiz, tag, value)
    return _xml(quiz, CANVAS_NS)


def _manifest(ident: str, title: str, qti_path: str, meta_path: str, files: list[str]) -> bytes:
    manifest = ET.Element(
        "manifest",
        {
            "identifier": _ident("manifest", ident),
            f"{{{XSI}}}schemaLocation": f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
        },
    )
    metadata = _sub(manifest, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(manifest, "organizations")
    resources = _sub(manifest, "resources")
    meta_id = _ident("meta", ident)
    resource = _sub(resources, "resource", identifier=ident, type=QTI_RESOURCE)
    _sub(resource, "file", href=qti_path)
    _sub(resource, "dependency", identifierref=meta_id)
    meta = _sub(resources, "resource", identifier=meta_id, type=META_RESOURCE, href=meta_path)
    _sub(meta, "file", href=meta_path)
    for path in files:
        web = _sub(resources, "resource", identifier=_ident("file", path), type="webcontent")
        web.set("href", path)
        _sub(web, "file", href=path)
    return _xml(manifest, CP_NS)


@dataclass(frozen=True)
class QtiPackage:
    data: bytes  # the zip
    written: tuple[int, ...]  # indices of the questions in it
    warnings: tuple[str, ...]  # questions left out (no Canvas form) or changed, in words


def build_qti(
    questions: Sequence[Question],
    title: str,
    points: Sequence[float] | None = None,
    description: str = "",
) -> QtiPackage:
    """The QTI package of `questions`, as one Canvas quiz called `title`, and what it had
    to leave out or change (ordering questions, number gaps, drag into text…).

    `points`: each question's points in this quiz (default: the question's own).
    Raises QtiExportError, naming the question, for one that is not valid, or when Canvas
    can take none of them."""
    if points is not None and len(points) != len(questions):
        raise ValueError("one number of points per question")
    doc = assessment_xml(questions, title, points)
    all_points = points or [q.points for q in questions]
    total = sum(
        all_points[i] for i in doc.kept if questions[i].type is not QuestionType.DESCRIPTION
    )
    ident, files = doc.ident, doc.files
    qti_path = f"{ident}/{ident}.xml"
    meta_path = f"{ident}/assessment_meta.xml"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: bytes) -> None:
            zf.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)

        put("imsmanifest.xml", _manifest(ident, title, qti_path, meta_path, sorted(files)))
        put(qti_path, doc.xml)
        put(meta_path, _meta_xml(ident, title, description, total))
        for path in sorted(files):
            put(path, files[path])
    return QtiPackage(buf.getvalue(), doc.kept, doc.warnings)


def export_qti(
    questions: Sequence[Question],
    title: str,
    points: Sequence[float] | None = None,
    description: str = "",
) -> bytes:
    """`build_qti`'s package alone (questions Canvas has no form for are left out)."""
    return build_qti(questions, title, points, description).data


def package_paths(data: bytes) -> list[str]:
    """The files inside a package (for messages and tests)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [PurePosixPath(n).as_posix() for n in zf.namelist()]


__all__ = [
    "BLANKS",
    "CANVAS_TYPE",
    "DROPDOWNS",
    "ITEM_WRITERS",
    "MATCHING",
    "ItemParts",
    "QtiExportError",
    "QtiPackage",
    "blanks_item",
    "build_qti",
    "dropdowns_item",
    "export_qti",
    "gap_form",
    "matching_item",
]

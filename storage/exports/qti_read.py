"""Reading QTI 1.2 packages (Canvas's "QTI .zip", and those `storage.exports.qti` writes).

Questions come back with their images; the `quizwright_*` metadata our own packages carry
restores what Canvas has no place for (plain-text format, tags, unit, rubric…). Types
Quizwright cannot hold (calculated, file upload…) are skipped with the reason. Matching,
fill in multiple blanks and multiple drop-downs come back as matching, cloze and select
missing words (storage.exports.qti_gaps).
Unsafe input is refused: XML entities, paths out of the package, too many or too big files.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from storage.domain import Choice, Question, QuestionImage, QuestionType, Status, TextFormat
from storage.exports.qti import (
    ANSWERS_FIELD,
    ATTACHED,
    BLANKS,
    CANVAS_TYPE,
    DROPDOWNS,
    FILEBASE,
    MATCHING,
    UNIT,
)
from storage.exports.qti_feedback import read_feedback
from storage.exports.qti_gaps import NewerTypeError, Response, read_newer
from storage.formats.common import (
    ImportResult,
    QuestionImportError,
    derived_name,
    domain_issue,
    html_to_plain_exact,
    import_origin,
    question_label,
    split_metadata_tags,
)
from storage.question_types import NEWER_TYPES

FORMAT = "qti"
MAX_FILES = 20_000
MAX_UNPACKED = 512 << 20  # all files together, unpacked
# Canvas's type → ours; drop-downs come back as gapselect or cloze (qti_gaps decides)
_TYPES = {v: k for k, v in CANVAS_TYPE.items() if k not in NEWER_TYPES} | {
    MATCHING: QuestionType.MATCHING,
    BLANKS: QuestionType.CLOZE,
    DROPDOWNS: QuestionType.GAPSELECT,
}
_APPENDED = re.compile(rf'(?:<p class="{ATTACHED}"><img src="[^"<>]*" alt="[^"<>]*"></p>)+$')
_UNIT_LINE = re.compile(rf'<p class="{UNIT}">[^<]*</p>$')
_SRC = re.compile(r"""(\bsrc\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


class QtiImportError(QuestionImportError):
    """A package that cannot be read; the message says where."""


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(data: bytes, where: str) -> Any:
    parser = DefusedXMLParser(target=ET.TreeBuilder())
    try:
        parser.feed(data)
        return parser.close()
    except DefusedXmlException as e:
        raise QtiImportError(
            f"{where}: refused, it declares XML entities or external references "
            f"({type(e).__name__})."
        ) from None
    except ET.ParseError as e:
        raise QtiImportError(f"{where} is not well-formed XML: {e}.") from None


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c.tag) == name]


def _first(el: Any, name: str) -> Any:
    return next((c for c in el.iter() if _local(c.tag) == name), None)


def _text(el: Any) -> str:
    return "".join(el.itertext()) if el is not None else ""


class _Package:
    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise QtiImportError("The file is not a QTI package: it is not a zip file.") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_FILES or sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise QtiImportError("The package is too big to read (too many or too large files).")
        self.names = {i.filename for i in infos}

    def read(self, name: str) -> bytes | None:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or name not in self.names:
            return None
        return self.zip.read(name)

    def assessments(self) -> list[str]:
        manifest = self.read("imsmanifest.xml")
        if manifest is None:
            found = [n for n in sorted(self.names) if n.endswith((".xml", ".qti"))]
        else:
            root = _parse(manifest, "imsmanifest.xml")
            found = []
            for res in root.iter():
                if _local(res.tag) != "resource" or "imsqti" not in (res.get("type") or ""):
                    continue
                for f in _children(res, "file"):
                    found.append(unquote(f.get("href") or ""))
        return [n for n in found if n in self.names]


class _Item:
    """One <item> read into a question."""

    def __init__(self, el: Any, package: _Package, where: str) -> None:
        self.el = el
        self.package = package
        self.where = where
        self.fields: dict[str, str] = {}
        for field in el.iter():
            if _local(field.tag) == "qtimetadatafield":
                label = _text(_first(field, "fieldlabel")).strip()
                self.fields.setdefault(label, _text(_first(field, "fieldentry")))
        self.plain = self.fields.get("quizwright_format") == TextFormat.PLAIN.value
        self.images: dict[str, QuestionImage] = {}
        self.warnings: list[str] = []  # what was read differently from what was written
        self.feedback = {
            f.get("ident") or "": _text(_first(f, "mattext")) for f in _children(el, "itemfeedback")
        }

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.where}: {message}")

    def convert(self, html: str, stem: bool = False) -> str:
        """A text of the package as the question holds it: image links by name."""
        if stem:
            appended = _APPENDED.search(html)
            if appended:
                for m in _SRC.finditer(appended.group()):
                    self._image(m.group(3))
                html = html[: appended.start()]
            html = _UNIT_LINE.sub("", html)

        def link(m: re.Match[str]) -> str:
            name = self._image(m.group(3))
            return f"{m.group(1)}{m.group(2)}{name}{m.group(2)}" if name else m.group()

        html = _SRC.sub(link, html)
        return html_to_plain_exact(html) if self.plain else html

    def _image(self, src: str) -> str | None:
        src = src.strip()
        if not src.startswith(FILEBASE):
            return None
        path = "web_resources/" + unquote(src[len(FILEBASE) :])
        data = self.package.read(path)
        if data is None:
            return None
        name = PurePosixPath(path).name
        self.images.setdefault(name, QuestionImage(name, data))
        return name

    def labels(self) -> list[tuple[str, str]]:
        out = []
        for label in self.el.iter():
            if _local(label.tag) == "response_label":
                out.append((label.get("ident") or "", _text(_first(label, "mattext"))))
        return out

    def responses(self) -> list[Response]:
        """Each drop-down (or blank) of the item: its name, options and the right ones."""
        right: dict[str, list[str]] = {}
        for score, var in self.scoring():
            if score > 0:
                for eq in var.iter():
                    if _local(eq.tag) == "varequal":
                        right.setdefault(eq.get("respident") or "", []).append(_text(eq).strip())
        out = []
        for lid in self.el.iter():
            if _local(lid.tag) != "response_lid":
                continue
            ident = lid.get("ident") or ""
            material = _children(lid, "material")
            labels = [
                (la.get("ident") or "", _text(_first(la, "mattext")))
                for la in lid.iter()
                if _local(la.tag) == "response_label"
            ]
            options = tuple(t for _, t in labels)  # written as the question holds them
            rights = right.get(ident, [])
            asked = tuple(i for i, (li, _) in enumerate(labels) if li in rights)
            text = _text(_first(material[0], "mattext")) if material else ""
            out.append(Response(ident, text, options, asked))
        return out

    def scoring(self) -> list[tuple[float, Any]]:
        """(score, condition) for each response condition that sets the score."""
        found = []
        for cond in self.el.iter():
            if _local(cond.tag) != "respcondition":
                continue
            setvar = _first(cond, "setvar")
            var = _first(cond, "conditionvar")
            if setvar is None or var is None:
                continue
            try:
                found.append((float(_text(setvar)), var))
            except ValueError:
                continue
        return found

    def right_ids(self) -> list[str]:
        """Labels (or answers) a scoring condition asks for, not those under <not>, in order."""
        right: dict[str, None] = {}

        def walk(el: Any) -> None:
            for child in el:
                name = _local(child.tag)
                if name == "varequal":
                    right[_text(child).strip()] = None
                elif name != "not":
                    walk(child)

        for score, var in self.scoring():
            if score > 0:
                walk(var)
        return list(right)

    def kind(self) -> str:
        given = self.fields.get("question_type", "").strip()
        if given:
            return given
        lids = [c for c in self.el.iter() if _local(c.tag) == "response_lid"]
        if len(lids) == 1:
            many = (lids[0].get("rcardinality") or "") == "Multiple"
            return "multiple_answers_question" if many else "multiple_choice_question"
        if any(_local(c.tag) == "response_str" for c in self.el.iter()):
            return "short_answer_question"
        return "text_only_question" if not lids else "unknown"

    def question(self) -> Question:
        kind = self.kind()
        qt = _TYPES.get(kind)
        if qt is None:
            raise _Skip(f"Quizwright cannot hold {kind.replace('_', ' ')}s yet")
        presentation = _first(self.el, "presentation")
        material = _children(presentation, "material") if presentation is not None else []
        stem = self.convert(_text(_first(material[0], "mattext")) if material else "", stem=True)
        choices = self.choices(qt)
        shuffle: bool | None = None
        if qt in (QuestionType.MATCHING, QuestionType.CLOZE, QuestionType.GAPSELECT):
            try:
                qt, stem, choices, shuffle = read_newer(
                    qt, stem, self.responses(), self.fields.get(ANSWERS_FIELD)
                )
            except NewerTypeError as why:
                raise _Skip(str(why)) from None
        fields = self.fields
        tags, difficulty, bloom = split_metadata_tags(
            [t for t in fields.get("quizwright_tags", "").splitlines() if t.strip()]
        )
        try:
            points = float(fields.get("points_possible") or 1)
        except ValueError:
            points = 1.0
        q = Question(
            type=qt,
            stem=stem,
            choices=tuple(choices),
            general_feedback=self.convert(self.feedback.get("general_fb", "")),
            grader_info=fields.get("quizwright_grader_info", ""),
            response_template=fields.get("quizwright_response_template", ""),
            unit=fields.get("quizwright_unit", ""),
            case_sensitive=fields.get("quizwright_case_sensitive") == "1",
            difficulty=difficulty,
            bloom=bloom,
            points=points if qt is not QuestionType.DESCRIPTION else 0.0,
            status=Status.ACCEPTED,
            text_format=TextFormat.PLAIN if self.plain else TextFormat.HTML,
            images=tuple(self.images.values()),
            tags=tags,
            category=fields.get("quizwright_category", ""),
            origin=import_origin(FORMAT),
            uuid=fields.get("quizwright_uuid", ""),
            **read_feedback(qt, fields, self.feedback, self.convert, self.warn),
        )
        title = (self.el.get("title") or "").strip()
        if title and title != derived_name(q) and not re.fullmatch(r"Question( \d+)?", title):
            q = replace(q, title=title)
        if shuffle is not None:
            q = replace(q, shuffle_answers=shuffle)
        if qt is QuestionType.DESCRIPTION:
            q = replace(q, points=1.0)  # the bank's default; an exam gives it no points
        return q

    def choices(self, qt: QuestionType) -> list[Choice]:
        fb = self.feedback
        if qt in (QuestionType.MCQ, QuestionType.MULTI, QuestionType.TRUE_FALSE):
            right = self.right_ids()
            labels = self.labels()
            share = 1.0 / max(1, sum(1 for i, _ in labels if i in right))
            out = []
            for ident, text in labels:
                fraction = (share if qt is QuestionType.MULTI else 1.0) if ident in right else 0.0
                text = text.strip().lower() if qt is QuestionType.TRUE_FALSE else self.convert(text)
                out.append(Choice(text, fraction, self.convert(fb.get(f"{ident}_fb", ""))))
            return out
        if qt is QuestionType.SHORT:
            return [Choice(a, 1.0) for a in self.right_ids()]
        if qt is QuestionType.NUMERICAL:
            return self.numbers()
        return []

    def numbers(self) -> list[Choice]:
        out = []
        for score, var in self.scoring():
            if score <= 0:
                continue
            exact = _first(var, "varequal")
            low, high = _first(var, "vargte"), _first(var, "varlte")
            if low is None:
                low = _first(var, "vargt")
            try:
                lo = float(_text(low)) if low is not None else None
                hi = float(_text(high)) if high is not None else None
                value = float(_text(exact)) if exact is not None else None
            except ValueError:
                raise QtiImportError(f"{self.where}: an answer is not a number.") from None
            if value is None and lo is not None and hi is not None:
                value = (lo + hi) / 2
            if value is None:
                continue
            tolerance = (hi - lo) / 2 if lo is not None and hi is not None else 0.0
            text = _text(exact).strip() if exact is not None else repr(value)
            out.append(Choice(text, min(1.0, score / 100), tolerance=round(tolerance, 10)))
        return out


class _Skip(Exception):
    pass


def import_qti(data: bytes) -> ImportResult:
    """Read a QTI 1.2 package: the questions Quizwright can hold, and why others were left out."""
    package = _Package(data)
    paths = package.assessments()
    if not paths:
        raise QtiImportError("The package holds no QTI assessment (no imsqti resource).")
    questions: list[Question] = []
    skipped: list[tuple[str, str]] = []
    warnings: list[str] = []
    index = 0
    for path in paths:
        root = _parse(package.read(path) or b"", path)
        if _local(root.tag) != "questestinterop":
            raise QtiImportError(f"{path} is not QTI: its root is <{_local(root.tag)}>.")
        for el in root.iter():
            if _local(el.tag) != "item":
                continue
            index += 1
            name = (el.get("title") or "").strip()
            label = question_label(index, name=name)
            item = _Item(el, package, label)
            try:
                q = item.question()
            except _Skip as why:
                skipped.append((name or f"question {index}", str(why)))
                continue
            issue = domain_issue(q)
            if issue:
                skipped.append((name or f"question {index}", issue))
                continue
            questions.append(q)
            warnings.extend(item.warnings)
    return ImportResult(tuple(questions), tuple(skipped), tuple(warnings))


def is_qti_package(data: bytes) -> bool:
    """Whether bytes look like a zip package (QTI is the only zip `bank import` reads)."""
    return data[:4] == b"PK\x03\x04"

"""Moodle XML: export questions for Moodle 4.5's importer, and import Moodle XML banks.

The rules followed are those of Moodle's own importer (shared/MOODLE_XML_RULES.md): only
grades from Moodle's list, CDATA for markup, `@@PLUGINFILE@@` images embedded next to the
text that shows them, `$course$/top/...` categories. `export_moodle_xml` checks them first
(`preflight`) and refuses to write a file Moodle would reject or save broken.

Quizwright-only facts that Moodle has no field for travel where Moodle ignores them: the
difficulty and Bloom level as tags ("difficulty:hard", "bloom:apply"), and the PLAIN text
format as an XML comment inside the question (the texts themselves are written as HTML).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from storage.domain import (
    Choice,
    Question,
    QuestionImage,
    QuestionType,
    Status,
    TextFormat,
)
from storage.formats.common import (
    ImportResult,
    category_from_moodle,
    category_names,
    derived_name,
    domain_issue,
    export_name,
    format_percent,
    grade_warning,
    html_to_plain_exact,
    import_origin,
    is_allowed_fraction,
    looks_like_html,
    moodle_category,
    plain_to_html,
    question_label,
    snap_fraction,
    snap_positive_set,
    split_metadata_tags,
    sums_to_one,
    tags_with_metadata,
)
from storage.formats.moodle_feedback import read_feedback, write_combined_feedback, write_hints
from storage.formats.moodle_io import (
    APPENDED_IMAGES,
    ILLEGAL_XML,
    PLUGINFILE_REF,
    Field,
    MoodleImportError,
    Out,
    Reader,
    Skip,
    Texts,
    attr,
    cdata,
    exact,
    is_comment,
    num,
    number,
    parse,
    unlink_images,
)
from storage.formats.moodle_types import (
    MOODLE_NAMES,
    READ_NAMES,
    check_newer,
    read_newer,
    write_newer,
)
from storage.question_types import normalised
from storage.spelling import with_plain_spellings, without_plain_spellings

__all__ = [
    "ImportResult",
    "MoodleExportError",
    "MoodleImportError",
    "Problem",
    "export_moodle_xml",
    "import_moodle_xml",
    "preflight",
    "snap_fraction",
]

FORMAT = "moodle_xml"
NUMBERING_STYLES = ("abc", "ABCD", "123", "iii", "IIII", "none")
DEFAULT_PENALTY = 0.3333333
PLAIN_MARKER = "quizwright: text_format=plain"
SUPPORTED_TYPES = ("multichoice", "truefalse", "shortanswer", "numerical", "essay", "description")

_MOODLE_TYPE = {
    QuestionType.MCQ: "multichoice",
    QuestionType.MULTI: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT: "shortanswer",
    QuestionType.NUMERICAL: "numerical",
    QuestionType.ESSAY: "essay",
    QuestionType.DESCRIPTION: "description",
}


@dataclass(frozen=True)
class Problem:
    """One rule of Moodle's importer that one question breaks."""

    question: str  # 'question 3 "LoRA weights"'
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.question}: {self.rule} ({self.detail})"


class MoodleExportError(ValueError):
    """The questions would make a file Moodle rejects or imports broken; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(
            f"Moodle XML not written: {len(self.problems)} problem(s) Moodle would not "
            f"accept:\n{lines}"
        )


# =========================================================================== pre-flight


@dataclass(frozen=True)
class _Checked:
    problems: tuple[Problem, ...]
    fractions: tuple[float, ...]  # per choice, as they will be written


def _question_texts(q: Question) -> Iterable[tuple[str, str]]:
    yield "title", q.title
    yield "question text", q.stem
    yield "general feedback", q.general_feedback
    yield "grader information", q.grader_info
    yield "response template", q.response_template
    yield "feedback for a right response", q.correct_feedback
    yield "feedback for a partly right response", q.partial_feedback
    yield "feedback for a wrong response", q.incorrect_feedback
    for i, h in enumerate(q.hints, 1):
        yield f"hint {i}", h.text
        yield f"hint {i} options", h.options
    yield "uuid", q.uuid
    yield "unit", q.unit
    for i, c in enumerate(q.choices, 1):
        yield f"answer {i}", c.text
        yield f"answer {i} feedback", c.feedback
        yield f"answer {i} match", c.match
    for t in q.tags:
        yield "tag", t
    for image in q.images:
        yield "image name", image.name
    yield "category", q.category


def _check(index: int, q: Question) -> _Checked:
    label = question_label(index, q)
    problems: list[Problem] = []

    def bad(rule: str, detail: str) -> None:
        problems.append(Problem(label, rule, detail))

    fractions = [c.fraction for c in q.choices]

    if not export_name(q):
        bad("a question needs a name", "it has no title and no text to name it after")
    if not q.stem.strip():
        bad("a question needs a text", "the question text is empty")
    for field, text in _question_texts(q):
        m = ILLEGAL_XML.search(text)
        if m:
            bad("texts must be valid XML", f"the {field} holds the control character "
                f"U+{ord(m.group()):04X}")  # fmt: skip
    if not math.isfinite(q.points) or q.points < 0:
        bad("the default mark is a number of points, 0 or more", f"it is {q.points}")
    if not math.isfinite(q.penalty) or not 0 <= q.penalty <= 1:
        bad("the penalty is a share of the grade between 0 and 1", f"it is {q.penalty}")
    if len(q.uuid) > 100:
        bad("the ID number (uuid) is at most 100 characters", f"it has {len(q.uuid)}")
    seen: set[str] = set()
    for image in q.images:
        if not image.name.strip() or "/" in image.name or "\\" in image.name:
            bad("an image needs a file name without folders", f'"{image.name}"')
        if image.name in seen:
            bad("image names are unique within a question", f'"{image.name}" appears twice')
        seen.add(image.name)
    for i, c in enumerate(q.choices, 1):
        if not math.isfinite(c.fraction) or not -1 <= c.fraction <= 1:
            bad("grades are between -100% and 100%", f"answer {i} has {c.fraction * 100:g}%")
    if problems:
        return _Checked(tuple(problems), tuple(fractions))
    if q.type in MOODLE_NAMES:
        check_newer(q, bad)
        return _Checked(tuple(problems), tuple(fractions))

    def snap_each(indices: Iterable[int]) -> None:
        for i in indices:
            f = q.choices[i].fraction
            if not is_allowed_fraction(f):
                bad(
                    "grades must be one of Moodle's grades (100, 90, 83.33333, 80, 75, 70, "
                    "66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, "
                    "11.11111, 10, 5, 0 % or minus those)",
                    f"answer {i + 1} has {format_percent(f)}%, the nearest is "
                    f"{format_percent(snap_fraction(f))}%",
                )
            fractions[i] = snap_fraction(f)

    t = q.type
    if t in (QuestionType.MCQ, QuestionType.MULTI):
        texts = [c.text.strip() for c in q.choices]
        if sum(1 for x in texts if x) < 2:
            bad("multiple choice needs at least 2 choices", f"it has {sum(1 for x in texts if x)}")
        for i, x in enumerate(texts, 1):
            if not x:
                bad("every choice needs a text", f"answer {i} is empty (Moodle drops it)")
        if q.answer_numbering not in NUMBERING_STYLES:
            bad(
                "answer numbering is one of " + ", ".join(NUMBERING_STYLES),
                f'it is "{q.answer_numbering}"',
            )
        if t is QuestionType.MCQ:
            snap_each(range(len(q.choices)))
            full = sum(1 for f in fractions if f == 1.0)
            partial = sum(1 for f in fractions if 0 < f < 1)
            if full != 1 or partial:
                bad(
                    "a single-answer question needs exactly one answer at 100%",
                    f"it has {full} at 100% and {partial} with partial credit",
                )
        else:
            positive = [i for i, c in enumerate(q.choices) if c.fraction > 0]
            snap_each(i for i, c in enumerate(q.choices) if c.fraction <= 0)
            values = [q.choices[i].fraction for i in positive]
            if not positive:
                bad("a multiple-answer question needs correct answers", "no answer has credit")
            elif not sums_to_one(values):
                bad(
                    "the positive grades of a multiple-answer question sum to 100%",
                    f"they sum to {format_percent(sum(values))}%",
                )
            else:
                snapped = snap_positive_set(values)
                if snapped is None:
                    bad(
                        "the positive grades of a multiple-answer question sum to 100% "
                        "with Moodle's grades",
                        "no grades from Moodle's list near "
                        + ", ".join(f"{format_percent(v)}%" for v in values)
                        + " sum to 100%",
                    )
                else:
                    for i, s in zip(positive, snapped, strict=True):
                        fractions[i] = s
    elif t is QuestionType.TRUE_FALSE:
        texts = sorted(c.text.strip().lower() for c in q.choices)
        if texts != ["false", "true"]:
            bad(
                "a true/false question has exactly the answers true and false",
                "its answers are " + (", ".join(f'"{c.text}"' for c in q.choices) or "none"),
            )
        else:
            snap_each(range(len(q.choices)))
            if sorted(fractions) != [0.0, 1.0]:
                bad(
                    "one of true and false is right (100%), the other wrong (0%)",
                    "grades are " + ", ".join(f"{format_percent(f)}%" for f in fractions),
                )
    elif t is QuestionType.SHORT:
        if not q.choices:
            bad("a short-answer question needs an answer at 100%", "it has no answers")
        for i, c in enumerate(q.choices, 1):
            if not c.text.strip():
                bad("every short answer needs a text", f"answer {i} is empty")
        snap_each(range(len(q.choices)))
        if q.choices and 1.0 not in fractions:
            bad("a short-answer question needs an answer at 100%", "none gives full credit")
    elif t is QuestionType.NUMERICAL:
        if not q.choices:
            bad("a numerical question needs an answer at 100%", "it has no answers")
        for i, c in enumerate(q.choices, 1):
            if c.text.strip() != "*" and number(c.text) is None:
                bad("numerical answers are numbers", f'answer {i} "{c.text}" is not a number')
            if c.tolerance is not None and (not math.isfinite(c.tolerance) or c.tolerance < 0):
                bad("tolerances are numbers, 0 or more", f"answer {i} has {c.tolerance}")
        snap_each(range(len(q.choices)))
        if q.choices and 1.0 not in fractions:
            bad("a numerical question needs an answer at 100%", "none gives full credit")
    return _Checked(tuple(problems), tuple(fractions))


def preflight(questions: Sequence[Question]) -> list[Problem]:
    """Every rule of Moodle's XML importer that the questions break (empty: safe to export)."""
    problems: list[Problem] = []
    for i, q in enumerate(questions, 1):
        problems.extend(_check(i, q).problems)
    return problems


# =========================================================================== export


def _write_question(out: Out, q: Question, fractions: Sequence[float]) -> None:
    texts = Texts(q)
    qtype = _MOODLE_TYPE.get(q.type) or MOODLE_NAMES[q.type]
    out.add(1, f'<question type="{qtype}">')
    if q.text_format is TextFormat.PLAIN:
        out.add(2, f"<!-- {PLAIN_MARKER} -->")
    out.add(2, "<name>")
    out.add(3, f"<text>{cdata(export_name(q))}</text>")
    out.add(2, "</name>")
    stem, stem_files = texts.stem()
    out.text_field(2, "questiontext", stem, files=stem_files)
    feedback, feedback_files = texts.html(q.general_feedback)
    out.text_field(2, "generalfeedback", feedback, files=feedback_files)
    out.element(2, "defaultgrade", num(q.points))
    out.element(2, "penalty", num(q.penalty))
    out.element(2, "hidden", "0")
    out.element(2, "idnumber", q.uuid.strip())

    def answer(c: Choice, fraction: float, text: str, text_format: str, extra: str = "") -> None:
        out.add(2, f'<answer fraction="{format_percent(fraction)}" format="{text_format}">')
        if text_format == "html":
            body, files = texts.html(text)
        else:
            body, files = text.strip(), []
        out.add(3, f"<text>{cdata(body)}</text>")
        for f in files:
            data = base64.b64encode(f.data).decode("ascii")
            out.add(3, f'<file name="{attr(f.name)}" path="/" encoding="base64">{data}</file>')
        fb, fb_files = texts.html(c.feedback)
        out.text_field(3, "feedback", fb, files=fb_files)
        if extra:
            out.add(3, extra)
        out.add(2, "</answer>")

    if q.type in (QuestionType.MCQ, QuestionType.MULTI):
        out.element(2, "single", "true" if q.type is QuestionType.MCQ else "false")
        out.element(2, "shuffleanswers", "true" if q.shuffle_answers else "false")
        out.element(2, "answernumbering", q.answer_numbering)
        out.element(2, "showstandardinstruction", "1")
        write_combined_feedback(out, texts, q)
        for c, f in zip(q.choices, fractions, strict=True):
            answer(c, f, c.text, "html")
        write_hints(out, texts, q)  # after the answers, as Moodle writes them
    elif q.type is QuestionType.TRUE_FALSE:
        for c, f in zip(q.choices, fractions, strict=True):
            answer(c, f, c.text.strip().lower(), "moodle_auto_format")
    elif q.type is QuestionType.SHORT:
        out.element(2, "usecase", "1" if q.case_sensitive else "0")
        for c, f in zip(q.choices, fractions, strict=True):
            answer(c, f, c.text, "moodle_auto_format")
    elif q.type is QuestionType.NUMERICAL:
        for c, f in zip(q.choices, fractions, strict=True):
            tol = "" if c.tolerance is None else f"<tolerance>{exact(c.tolerance)}</tolerance>"
            answer(c, f, c.text, "moodle_auto_format", tol)
        if q.unit.strip():
            out.add(2, "<units>")
            out.add(3, "<unit>")
            out.element(4, "multiplier", "1")
            out.element(4, "unit_name", q.unit.strip())
            out.add(3, "</unit>")
            out.add(2, "</units>")
        out.element(2, "unitgradingtype", "0")
        out.element(2, "unitpenalty", "0.1000000")
        out.element(2, "showunits", "0" if q.unit.strip() else "3")
        out.element(2, "unitsleft", "0")
    elif q.type is QuestionType.ESSAY:
        out.element(2, "responseformat", "editor")
        out.element(2, "responserequired", "1")
        out.element(2, "responsefieldlines", "15")
        out.element(2, "minwordlimit", "")
        out.element(2, "maxwordlimit", "")
        out.element(2, "attachments", "0")
        out.element(2, "attachmentsrequired", "0")
        out.element(2, "maxbytes", "0")
        out.element(2, "filetypeslist", "")
        info, info_files = texts.html(q.grader_info)
        out.text_field(2, "graderinfo", info, files=info_files)
        template, _ = texts.html(q.response_template)
        out.text_field(2, "responsetemplate", template)
    elif q.type in MOODLE_NAMES:
        write_newer(out, texts, q)

    tags = tags_with_metadata(q)
    if tags:
        out.add(2, "<tags>")
        for tag in tags:
            out.add(3, f"<tag><text>{cdata(tag)}</text></tag>")
        out.add(2, "</tags>")
    out.add(1, "</question>")


def export_moodle_xml(questions: Sequence[Question]) -> bytes:
    """The questions as a Moodle XML file (UTF-8), in order, with category entries.

    Raises MoodleExportError, listing every problem, if Moodle would reject the file or
    import a question broken (see `preflight`). Short answers also accept their
    plain spelling ("Naïve" and "Naive").
    """
    questions = [with_plain_spellings(q) for q in questions]
    checked = [_check(i, q) for i, q in enumerate(questions, 1)]
    problems = [p for c in checked for p in c.problems]
    if problems:
        raise MoodleExportError(problems)
    out = Out()
    out.lines.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.lines.append("<quiz>")
    current: list[str] = []
    for n, (q, c) in enumerate(zip(questions, checked, strict=True)):
        names = category_names(q.category)
        if names != current or (n == 0 and names):
            out.lines.append("")
            out.add(1, '<question type="category">')
            out.add(2, "<category>")
            out.add(3, f"<text>{cdata(moodle_category(q.category))}</text>")
            out.add(2, "</category>")
            out.text_field(2, "info", "")
            out.element(2, "idnumber", "")
            out.add(1, "</question>")
            current = names
        out.lines.append("")
        _write_question(out, q, c.fractions)
    out.lines.append("</quiz>")
    return ("\n".join(out.lines) + "\n").encode("utf-8")


# =========================================================================== import


def _read_question(
    el: Any, qtype: str, name: str, category: str, label: str
) -> tuple[Question, list[str]]:
    r = Reader(el, label)
    plain_marker = any(is_comment(c) and PLAIN_MARKER in (c.text or "") for c in el)

    stem = r.field(el, "questiontext", "html")
    fields: dict[str, Field] = {"stem": stem}
    fields["general_feedback"] = r.field(el, "generalfeedback", stem.kind)
    points = r.number("defaultgrade", 1.0)
    penalty = r.number("penalty", DEFAULT_PENALTY)
    if abs(penalty - DEFAULT_PENALTY) < 0.005:
        penalty = DEFAULT_PENALTY
    uuid = r.plain("idnumber")
    tag_texts = [r.inner_text(t, "tag") for t in el.findall("tags/tag/text")]
    tags, difficulty, bloom = split_metadata_tags(tag_texts)

    answers = el.findall("answer") if qtype in SUPPORTED_TYPES else []
    choice_feedback = (
        read_feedback(r, el, QuestionType.MULTI, fields) if qtype == "multichoice" else None
    )
    newer = read_newer(r, el, qtype, fields) if qtype in READ_NAMES else None
    # (raw text, fraction, tolerance) per answer; texts of choice types go in `fields`.
    raw_answers: list[tuple[str, float, float | None]] = []
    for i, a in enumerate(answers):
        fraction = r.fraction(a)
        answer = r.own_field(a, "answer", "html")
        if qtype == "multichoice":
            fields[f"choice{i}"] = answer
        text = answer.text
        fields[f"feedback{i}"] = r.field(a, "feedback", stem.kind)
        tolerance: float | None = None
        if qtype == "numerical":
            tol_raw = a.findtext("tolerance")
            if tol_raw is not None and tol_raw.strip():
                tolerance = number(tol_raw)
                if tolerance is None:
                    raise r.fail(f'<answer> tolerance "{tol_raw.strip()}" is not a number')
                tolerance = abs(tolerance)
            if text and text != "*" and number(text) is None:
                raise r.fail(f'<answer> "{text}" is not a number')
        raw_answers.append((text, fraction, tolerance))

    if qtype == "essay":
        fields["grader_info"] = r.field(el, "graderinfo", stem.kind)
        fields["response_template"] = r.field(el, "responsetemplate", stem.kind)
        response_format = r.plain("responseformat", "editor")
        if response_format not in ("editor", "editorfilepicker"):
            r.warn(f'response format "{response_format}" is read as "editor"')
        if r.number("attachments", 0) != 0:
            r.warn("file attachments are not kept")

    # ---- one text format for the whole question
    if plain_marker:
        text_format = TextFormat.PLAIN
    else:
        text_format = TextFormat.HTML if stem.kind == "html" else TextFormat.PLAIN
        if text_format is TextFormat.PLAIN and any(
            f.kind == "html" and looks_like_html(f.text) for f in fields.values()
        ):
            text_format = TextFormat.HTML
    if stem.kind == "markdown" or any(f.kind == "markdown" and f.text for f in fields.values()):
        r.warn("markdown is kept as plain text")

    def convert(key: str) -> str:
        f = fields.get(key)
        if f is None:
            return ""
        if text_format is TextFormat.PLAIN:
            if f.kind == "html" and plain_marker:
                text = APPENDED_IMAGES.sub("", f.text) if key == "stem" else f.text
                return html_to_plain_exact(text)
            return f.text
        if f.kind == "html":
            return unlink_images(f.text)
        return plain_to_html(f.text)

    images: list[QuestionImage] = []
    for f in fields.values():
        for image in f.files:
            same = next((i for i in images if i.name == image.name), None)
            if same is None:
                images.append(image)
            elif same.data != image.data:
                r.warn(f'two different files are named "{image.name}"; the first is kept')
    if not plain_marker and text_format is TextFormat.HTML:
        known = {i.name for i in images}
        for f in fields.values():
            if f.kind != "html":
                continue
            for m in PLUGINFILE_REF.finditer(f.text):
                if unquote(m.group(1)) not in known:
                    r.warn(f'the image "{unquote(m.group(1))}" is not in the file')
                    known.add(unquote(m.group(1)))

    choices: list[Choice] = []
    kwargs: dict[str, Any] = {}
    overrides: dict[str, Any] = {}
    if qtype == "multichoice":
        qt = QuestionType.MCQ if r.flag("single", True) else QuestionType.MULTI
        for i, (text, fraction, _) in enumerate(raw_answers):
            if not text.strip():
                continue  # Moodle drops empty answers
            choices.append(Choice(convert(f"choice{i}"), fraction, convert(f"feedback{i}")))
        numbering = r.plain("answernumbering", "abc") or "abc"
        if numbering not in NUMBERING_STYLES:
            r.warn(f'answer numbering "{numbering}" is unknown; "abc" is used')
            numbering = "abc"
        kwargs.update(shuffle_answers=r.flag("shuffleanswers", False), answer_numbering=numbering)
        if choice_feedback is not None:
            kwargs.update(choice_feedback(convert))
    elif qtype == "truefalse":
        qt = QuestionType.TRUE_FALSE
        if len(raw_answers) < 2:
            raise Skip("a true/false question needs the two answers true and false")
        keys = [text.strip().lower() for text, _, _ in raw_answers]
        if sorted(keys[:2]) != ["false", "true"] or len(raw_answers) != 2:
            r.warn("the answers are not exactly true and false; the first is read as true")
            keys = ["true", "false"]
        for i, (key, (_, fraction, _)) in enumerate(zip(keys, raw_answers[:2], strict=True)):
            choices.append(Choice(key, fraction, convert(f"feedback{i}")))
    elif qtype == "shortanswer":
        qt = QuestionType.SHORT
        for i, (text, fraction, _) in enumerate(raw_answers):
            if text:
                choices.append(Choice(text, fraction, convert(f"feedback{i}")))
        kwargs["case_sensitive"] = r.flag("usecase", False)
    elif qtype == "numerical":
        qt = QuestionType.NUMERICAL
        for i, (text, fraction, tolerance) in enumerate(raw_answers):
            if text:
                choices.append(Choice(text, fraction, convert(f"feedback{i}"), tolerance))
        units: list[tuple[float, str]] = []
        for u in el.findall("units/unit"):
            multiplier = number((u.findtext("multiplier") or "1").strip() or "1")
            if multiplier is None:
                raise r.fail(f'<unit> multiplier "{u.findtext("multiplier")}" is not a number')
            units.append((multiplier, (u.findtext("unit_name") or "").strip()))
        base = [n for m, n in units if m == 1 and n]
        if base:
            kwargs["unit"] = base[0]
        if len(units) > len(base[:1]):
            r.warn("only the unit with multiplier 1 is kept")
    elif qtype == "essay":
        qt = QuestionType.ESSAY
        kwargs.update(
            grader_info=convert("grader_info"), response_template=convert("response_template")
        )
    elif newer is not None:
        qt, newer_choices, overrides = newer(convert)
        choices = list(newer_choices)
    else:
        qt = QuestionType.DESCRIPTION

    q = Question(
        type=qt,
        stem=convert("stem"),
        choices=tuple(choices),
        general_feedback=convert("general_feedback"),
        difficulty=difficulty,
        bloom=bloom,
        points=points,
        status=Status.ACCEPTED,
        text_format=text_format,
        penalty=penalty,
        images=tuple(images),
        tags=tags,
        category=category,
        origin=import_origin(FORMAT),
        uuid=uuid,
        **kwargs,
    )
    if newer is not None:
        q = normalised(replace(q, **overrides))
    if name and name != derived_name(q):
        q = replace(q, title=name)
    elif not name:
        r.warn("it has no <name>; it is named after its text")
    return q, r.warnings


def import_moodle_xml(data: bytes) -> ImportResult:
    """Read a Moodle XML file: the questions Quizwright can hold, and why others were left out.

    Raises MoodleImportError for unsafe or malformed files, naming the question and element.
    """
    root = parse(data)
    if root.tag != "quiz":
        raise MoodleImportError(
            f"Not a Moodle XML question file: the root element is <{root.tag}>, not <quiz>."
        )
    questions: list[Question] = []
    skipped: list[tuple[str, str]] = []
    warnings: list[str] = []
    category = ""
    index = 0
    for el in root:
        if is_comment(el) or el.tag != "question":
            continue
        index += 1
        qtype = (el.get("type") or "").strip()
        r = Reader(el, f"question {index}")
        if qtype == "category":
            category, slashed = category_from_moodle(r.text(el, "category"))
            for n in slashed:
                warnings.append(
                    f'category "{n}": Quizwright reads the "/" in this name as a sub-category'
                )
            continue
        name = r.text(el, "name")
        label = question_label(index, name=name)
        shown = name or f"question {index}"
        if qtype not in SUPPORTED_TYPES and qtype not in READ_NAMES:
            skipped.append((shown, f'type "{qtype}" is not supported'))
            continue
        try:
            q, w = _read_question(el, qtype, name, category, label)
        except Skip as e:
            skipped.append((shown, str(e)))
            continue
        issue = domain_issue(q)
        if issue:
            skipped.append((shown, issue))
            continue
        questions.append(q)
        warnings.extend(w)
        grades = grade_warning(q)
        if grades:
            warnings.append(f"{label}: {grades}")
    questions = [without_plain_spellings(q) for q in questions]
    return ImportResult(tuple(questions), tuple(skipped), tuple(warnings))

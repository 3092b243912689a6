"""Printable PDF exams (reportlab), with versions and answer keys.

The layout: a header block (institution, course, title, date, duration, total
points, version), boxes for the student's name, ID and score, the
instructions, then numbered questions, each kept on one page: options A, B, C…
with boxes to tick, True/False boxes, ruled lines for short answers, an answer
line with the unit for numerical questions, and writing space sized by points
for essays. Every page has "Page x of y" and the version in its footer.

Texts print as instructors write them: Unicode throughout (the DejaVu fonts in
resources/fonts are embedded), HTML texts as rich text, inline TeX as Unicode
maths (see `storage.rich_text`), and question images scaled to the column.

The parts: `pdf_style` (fonts, styles, page frame), `pdf_flowables` (boxes, lines,
images), `pdf_questions` (first page and questions); here the answer key, the
pages (footers, running header) and the API.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from storage.domain import QuestionType
from storage.exports.pdf_questions import (
    _end_mark,
    _header,
    _questions,
)
from storage.exports.pdf_style import (
    FONTS_DIR,
    INK,
    LIGHT_RULE,
    MUTED,
    SHADE,
    ExamRenderError,
    _Layout,
    _layout,
    _para,
    _Styles,
    derived_style,
    register_fonts,
)
from storage.exports.versions import (
    ExamDocument,
    ExamItem,
    ExamVersion,
    KeyEntry,
    answer_key,
    format_number,
    key_entries,
    make_versions,
    total_points,
)
from storage.rich_text import (
    SANS,
    escape,
)

__all__ = [
    "FONTS_DIR",
    "ExamDocument",
    "ExamItem",
    "ExamRenderError",
    "ExamVersion",
    "answer_key",
    "make_versions",
    "register_fonts",
    "render_answer_key_pdf",
    "render_exam_pdf",
]


# --------------------------------------------------------------------------- answer key


def _key_flowables(lay: _Layout, standalone: bool) -> list[Flowable]:
    exam, st = lay.exam, lay.styles
    entries = key_entries(lay.version)
    out: list[Flowable] = []
    title = "Answer key" + (f" — {lay.version.label}" if lay.version.letter else "")
    if standalone and exam.institution.strip():
        out.append(_para(escape(exam.institution.strip()), st.institution))
    if exam.course.strip():
        out.append(_para(escape(exam.course.strip()), st.course))
    out.append(_para(escape(exam.title.strip() or "Exam"), st.title))
    out.append(_para(escape(title), st.section))
    total = total_points(lay.version.items)
    out.append(
        _para(escape(f"{len(entries)} questions · total {format_number(total)} points"), st.small)
    )
    out.append(Spacer(1, st.size * 1.2))
    if not entries:
        out.append(_para("This exam has no questions.", st.body))
        return out
    out.append(_key_table(entries, lay))
    return out


def _key_table(entries: list[KeyEntry], lay: _Layout) -> Table:
    st = lay.styles
    num_w = st.size * 3.2
    pts_w = st.size * 5
    type_w = st.size * 9
    ans_w = lay.width - num_w - pts_w - type_w
    answer_style = derived_style(st.body, "key-answer", fontName=f"{SANS}-Bold")
    rows: list[list[Any]] = [
        [
            _para("No.", st.key_head),
            _para("Type", st.key_head),
            _para("Answer", st.key_head),
            _para("Points", derived_style(st.key_head, "kh-r", alignment=TA_RIGHT)),
        ]
    ]
    right = derived_style(st.body, "key-pts", alignment=TA_RIGHT)
    section_rows: list[int] = []
    section: str | None = None
    for entry in entries:
        if entry.section != section:
            section = entry.section
            if section.strip():
                section_rows.append(len(rows))
                rows.append([_para(escape(section), st.key_head), "", "", ""])
        long = entry.type is QuestionType.ESSAY or len(entry.key) > 60
        key_markup = escape(entry.key).replace("\n", "<br/>")
        cell: list[Flowable] = [_para(key_markup, st.body if long else answer_style)]
        if entry.detail:
            cell.append(_para(escape(entry.detail).replace("\n", "<br/>"), st.small))
        rows.append(
            [
                _para(f"{entry.number}.", st.body),
                _para(escape(entry.type.label), st.small),
                cell,
                _para(format_number(entry.points), right),
            ]
        )
    table = Table(rows, colWidths=[num_w, type_w, ans_w, pts_w], repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, LIGHT_RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for row in section_rows:
        commands += [
            ("SPAN", (0, row), (-1, row)),
            ("BACKGROUND", (0, row), (-1, row), SHADE),
            ("TOPPADDING", (0, row), (-1, row), 5),
        ]
    table.setStyle(TableStyle(commands))
    return table


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class _PageText:
    version: str  # "Version B", or "" for a single version


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Defers pages until the end so footers can say 'Page x of y'.

    Pages carry a part name ("exam" or "key", set by the page templates); each
    part is numbered on its own, so an appended key does not inflate the
    student's page count.
    """

    def __init__(self, text: _PageText, styles: _Styles, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.qw_text = text
        self.qw_styles = styles
        self.qw_part = "exam"
        self.qw_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self.qw_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(page["qw_part"] for page in self.qw_pages)
        seen: Counter[str] = Counter()
        for page in self.qw_pages:
            self.__dict__.update(page)
            seen[self.qw_part] += 1
            self._footer(seen[self.qw_part], totals[self.qw_part])
            super().showPage()
        super().save()

    def _footer(self, page: int, pages: int) -> None:
        width, _ = self._pagesize
        margin = 2.0 * cm
        size = self.qw_styles.size * 0.8
        y = 1.15 * cm
        self.saveState()
        self.setStrokeColor(LIGHT_RULE)
        self.setLineWidth(0.5)
        self.line(margin, y + size * 1.5, width - margin, y + size * 1.5)
        self.setFillColor(MUTED)
        self.setFont(SANS, size)
        if self.qw_part == "key":
            self.drawString(margin, y, "Answer key")
        self.setFillColor(INK)
        self.drawCentredString(width / 2, y, f"Page {page} of {pages}")
        if self.qw_text.version:
            self.setFont(f"{SANS}-Bold", size)
            self.drawRightString(width - margin, y, self.qw_text.version)
        self.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _running_header(canvas: Canvas, lay: _Layout, text: str) -> None:
    size = lay.styles.size * 0.8
    y = lay.page_height - 1.25 * cm
    canvas.saveState()
    canvas.setFont(SANS, size)
    canvas.setFillColor(MUTED)
    canvas.drawString(lay.margin_x, y, _fit(text, SANS, size, lay.width * 0.7))
    if lay.version.letter:
        canvas.setFont(f"{SANS}-Bold", size)
        canvas.setFillColor(INK)
        canvas.drawRightString(lay.page_width - lay.margin_x, y, lay.version.label)
    canvas.setStrokeColor(LIGHT_RULE)
    canvas.setLineWidth(0.5)
    canvas.line(lay.margin_x, y - size * 0.6, lay.page_width - lay.margin_x, y - size * 0.6)
    canvas.restoreState()


def _build(lay: _Layout, story: list[Flowable], out: Path | BinaryIO, first_part: str) -> None:
    exam = lay.exam
    title = exam.title.strip() or "Exam"
    running = " · ".join(p for p in (exam.course.strip(), title) if p)

    def on_first(canvas: Canvas, doc: Any) -> None:
        canvas.qw_part = first_part
        if first_part == "key":
            _running_header(canvas, lay, f"Answer key · {running}")

    def on_later(canvas: Canvas, doc: Any) -> None:
        canvas.qw_part = "exam"
        _running_header(canvas, lay, running)

    def on_key(canvas: Canvas, doc: Any) -> None:
        canvas.qw_part = "key"
        _running_header(canvas, lay, f"Answer key · {running}")

    frame_args = {
        "x1": lay.margin_x,
        "y1": lay.margin_bottom,
        "width": lay.width,
        "height": lay.frame_height,
        "leftPadding": 0,
        "rightPadding": 0,
        "topPadding": 0,
        "bottomPadding": 0,
    }
    templates = [
        PageTemplate("first", [Frame(id="f1", **frame_args)], onPage=on_first),
        PageTemplate("later", [Frame(id="f2", **frame_args)], onPage=on_later),
        PageTemplate("key", [Frame(id="f3", **frame_args)], onPage=on_key),
    ]
    buffer = io.BytesIO()
    subject = " — ".join(p for p in (exam.course.strip(), lay.version.label) if p)
    doc = BaseDocTemplate(
        buffer,
        pagesize=(lay.page_width, lay.page_height),
        leftMargin=lay.margin_x,
        rightMargin=lay.margin_x,
        topMargin=lay.margin_top,
        bottomMargin=lay.margin_bottom,
        title=title + (f" ({lay.version.label})" if lay.version.letter else ""),
        author=exam.institution.strip(),
        subject=subject,
        creator="Quizwright",
        invariant=1,
    )
    doc.addPageTemplates(templates)
    page_text = _PageText(lay.version.label)
    maker: Callable[..., Canvas] = lambda *a, **k: _NumberedCanvas(  # noqa: E731
        page_text, lay.styles, *a, **k
    )
    try:
        doc.build(story, canvasmaker=maker)
    except ExamRenderError:
        raise
    except Exception as exc:
        raise ExamRenderError(_layout_failure(exc)) from exc
    _write(buffer.getvalue(), out)


_TOO_LARGE_TEXT = re.compile(r"<Paragraph at 0x[0-9a-fA-F]+>(.{0,60})")


def _layout_failure(exc: Exception) -> str:
    """ReportLab's layout errors name its internals (flowables, frames): say what to change."""
    from reportlab.platypus.doctemplate import LayoutError

    if isinstance(exc, LayoutError) and "too large" in str(exc):
        start = _TOO_LARGE_TEXT.search(str(exc))
        what = f" (the one that begins “{' '.join(start.group(1).split())}…”)" if start else ""
        return (
            f"could not lay out the exam: a block of text{what} is taller than a whole page. "
            "Shorten it (the title, the instructions or a question) and export again."
        )
    return f"could not lay out the exam ({type(exc).__name__}: {str(exc)[:200]})."


def _write(data: bytes, out: Path | BinaryIO) -> None:
    if isinstance(out, (str, os.PathLike)):
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        out.write(data)


# --------------------------------------------------------------------------- API


def render_exam_pdf(
    exam: ExamDocument, version: ExamVersion, out: Path | BinaryIO, key: str = "none"
) -> None:
    """Print one version of the exam; key="append" adds its answer key after the exam.

    The file is written only once the whole PDF is laid out. Raises
    ExamRenderError, naming the question, when something cannot be printed.
    """
    if key not in ("none", "append"):
        raise ValueError(f"key must be 'none' or 'append', not {key!r}")
    lay = _layout(exam, version)
    story: list[Flowable] = [NextPageTemplate("later"), *_header(lay)]
    questions = _questions(lay)
    if questions:
        story += [*questions, Spacer(1, lay.styles.size * 0.5), _end_mark(lay, "End of exam")]
    else:
        story.append(_para("This exam has no questions.", lay.styles.body))
    if key == "append":
        story += [NextPageTemplate("key"), PageBreak(), *_key_flowables(lay, standalone=False)]
    _build(lay, story, out, first_part="exam")


def render_answer_key_pdf(exam: ExamDocument, version: ExamVersion, out: Path | BinaryIO) -> None:
    """Print the answer key of one version on its own."""
    lay = _layout(exam, version)
    story: list[Flowable] = [NextPageTemplate("key"), *_key_flowables(lay, standalone=True)]
    _build(lay, story, out, first_part="key")

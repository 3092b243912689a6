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
"""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    Indenter,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from storage.domain import Question, QuestionImage, QuestionType, TextFormat
from storage.exports.versions import (
    ExamDocument,
    ExamItem,
    ExamVersion,
    KeyEntry,
    answer_key,
    format_number,
    is_numbered,
    key_entries,
    make_versions,
    option_label,
    total_points,
)
from storage.rich_text import (
    MONO,
    SANS,
    Block,
    ImageRef,
    ListItem,
    Para,
    Pre,
    escape,
    image_names,
    to_blocks,
)

__all__ = [
    "ExamDocument",
    "ExamItem",
    "ExamRenderError",
    "ExamVersion",
    "answer_key",
    "make_versions",
    "render_answer_key_pdf",
    "render_exam_pdf",
]

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5f6368")
RULE = colors.HexColor("#9aa0a6")
LIGHT_RULE = colors.HexColor("#c4c7cc")
SHADE = colors.HexColor("#f1f3f4")
CODE_SHADE = colors.HexColor("#f4f4f4")

MAX_IMAGE_HEIGHT = 8 * cm
MAX_OPTION_IMAGE_HEIGHT = 4 * cm
LINE_SPACING = 0.8 * cm  # ruled writing lines
ESSAY_LINES_PER_POINT = 4
ESSAY_KEPT = 6  # an essay's first writing lines stay on the page of its question


class ExamRenderError(Exception):
    """The exam cannot be printed as it stands (e.g. a question image is unreadable)."""


# --------------------------------------------------------------------------- fonts

_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    f"{SANS}-Bold": "DejaVuSans-Bold.ttf",
    f"{SANS}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{SANS}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    MONO: "DejaVuSansMono.ttf",
}
_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register the bundled DejaVu fonts with reportlab (once)."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FONT_FILES.items():
            if name in registered:
                continue
            path = FONTS_DIR / filename
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # missing or damaged file
                raise ExamRenderError(f"cannot load the font {path}: {exc}") from exc
        pdfmetrics.registerFontFamily(
            SANS,
            normal=SANS,
            bold=f"{SANS}-Bold",
            italic=f"{SANS}-Oblique",
            boldItalic=f"{SANS}-BoldOblique",
        )
        pdfmetrics.registerFontFamily(MONO, normal=MONO, bold=MONO, italic=MONO, boldItalic=MONO)
        _fonts_ready = True


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
    size: float
    leading: float
    body: ParagraphStyle
    small: ParagraphStyle
    tiny_label: ParagraphStyle
    points: ParagraphStyle
    number: ParagraphStyle
    heading: ParagraphStyle
    code: ParagraphStyle
    hint: ParagraphStyle
    institution: ParagraphStyle
    course: ParagraphStyle
    title: ParagraphStyle
    info_value: ParagraphStyle
    section: ParagraphStyle
    badge: ParagraphStyle
    center_small: ParagraphStyle
    key_head: ParagraphStyle


def _styles(size: float) -> _Styles:
    size = max(6.0, min(float(size), 20.0))
    leading = round(size * 1.36, 2)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": SANS,
            "fontSize": size,
            "leading": leading,
            "textColor": INK,
            "splitLongWords": 1,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    small = size * 0.86
    return _Styles(
        size=size,
        leading=leading,
        body=style("body"),
        small=style("small", fontSize=small, leading=small * 1.3, textColor=MUTED),
        tiny_label=style("label", fontSize=size * 0.72, leading=size * 0.9, textColor=MUTED),
        points=style(
            "points", fontSize=small, leading=leading, textColor=MUTED, alignment=TA_RIGHT
        ),
        number=style("number", fontName=f"{SANS}-Bold"),
        heading=style("heading", fontName=f"{SANS}-Bold"),
        code=style(
            "code",
            fontName=MONO,
            fontSize=size * 0.9,
            leading=size * 1.25,
            backColor=CODE_SHADE,
            borderPadding=(3, 4, 3, 4),
            leftIndent=4,
            rightIndent=4,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.9,
        ),
        hint=style("hint", fontName=f"{SANS}-Oblique", fontSize=small, textColor=MUTED),
        institution=style("institution", fontSize=size * 0.86, leading=size * 1.2, textColor=MUTED),
        course=style("course", fontSize=size * 1.1, leading=size * 1.45),
        title=style(
            "title",
            fontName=f"{SANS}-Bold",
            fontSize=size * 1.75,
            leading=size * 2.2,
            spaceBefore=size * 0.25,
        ),
        info_value=style("info", fontSize=size, leading=size * 1.3),
        section=style("section", fontName=f"{SANS}-Bold", fontSize=size * 1.15, leading=size * 1.5),
        badge=style(
            "badge",
            fontName=f"{SANS}-Bold",
            fontSize=size * 1.25,
            leading=size * 1.6,
            alignment=TA_CENTER,
        ),
        center_small=style(
            "center", fontSize=small, leading=small * 1.3, textColor=MUTED, alignment=TA_CENTER
        ),
        key_head=style(
            "keyhead", fontName=f"{SANS}-Bold", fontSize=small, leading=small * 1.3, textColor=MUTED
        ),
    )


def _para(markup: str, style: ParagraphStyle, **kw: Any) -> Paragraph:
    """A Paragraph; markup that reportlab refuses prints as plain text instead."""
    try:
        return Paragraph(markup, style, **kw)
    except Exception:
        text = re.sub(r"<[^>]*>", "", markup)
        return Paragraph(
            escape(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")),
            style,
            **kw,
        )


# --------------------------------------------------------------------------- flowables


class _TickBox(Flowable):  # type: ignore[misc]
    """A square to tick, sitting on the baseline of the first line of text beside it."""

    def __init__(self, font_size: float, leading: float, width: float) -> None:
        super().__init__()
        self.font_size = font_size
        self.box_leading = leading
        self.box_width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.box_width, self.box_leading

    def draw(self) -> None:
        side = self.font_size * 0.82
        baseline = self.box_leading - self.font_size
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.7)
        canvas.rect(0, baseline - self.font_size * 0.06, side, side, stroke=1, fill=0)
        canvas.restoreState()


class _OptionRow(Flowable):  # type: ignore[misc]
    """Tick box, label and one paragraph of option text with a hanging indent.

    Drawn directly rather than as a table row: an exam has thousands of
    options and reportlab tables cost far more to lay out.
    """

    def __init__(
        self,
        box: _TickBox,
        label: Paragraph,
        text: Paragraph,
        box_w: float,
        label_w: float,
        pad: float,
    ) -> None:
        super().__init__()
        self.box, self.label, self.text = box, label, text
        self.box_w, self.label_w, self.pad = box_w, label_w, pad
        self.text_h = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _, self.text_h = self.text.wrap(avail_width - self.box_w - self.label_w, avail_height)
        _, label_h = self.label.wrap(self.label_w, avail_height)
        self.text_h = max(self.text_h, label_h, self.box.box_leading)
        return avail_width, self.text_h + 2 * self.pad

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # an option is never split; its question is kept together anyway

    def draw(self) -> None:
        top = self.pad + self.text_h
        _, box_h = self.box.wrap(self.box_w, self.text_h)
        self.box.drawOn(self.canv, 0, top - box_h)
        _, label_h = self.label.wrap(self.label_w, self.text_h)
        self.label.drawOn(self.canv, self.box_w, top - label_h)
        _, text_h = self.text.wrap(self.width - self.box_w - self.label_w, self.text_h)
        self.text.drawOn(self.canv, self.box_w + self.label_w, top - text_h)


class _RuledLines(Flowable):  # type: ignore[misc]
    """Lines to write on."""

    def __init__(
        self, count: int, spacing: float = LINE_SPACING, at_least: int | None = None
    ) -> None:
        super().__init__()
        self.count = self.full = count
        self.spacing = spacing
        # given: as few as `at_least` lines will do when the page has no room for all
        # (the last few lines of an essay are not worth a page of their own)
        self.at_least = at_least
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.count = self.full
        if self.at_least is not None and self.full * self.spacing + 2 > avail_height:
            fits = int((avail_height - 2) // self.spacing)
            if fits >= self.at_least:
                self.count = fits
        return avail_width, self.count * self.spacing + 2

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Writing lines may go on over a page break (an essay starts where it is)."""
        fits = int((avail_height - 2) // self.spacing)
        if fits < 1 or fits >= self.count:
            return []
        return [_RuledLines(fits, self.spacing), _RuledLines(self.count - fits, self.spacing)]

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(LIGHT_RULE)
        canvas.setLineWidth(0.5)
        for i in range(self.count):
            y = 2 + i * self.spacing
            canvas.line(0, y, self.width, y)
        canvas.restoreState()


class _IfRoom(Flowable):  # type: ignore[misc]
    """A flowable printed only if it fits on the current page (never starts a page)."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content
        self.fits = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        w, h = self.content.wrap(avail_width, avail_height)
        self.fits = h <= avail_height
        return (w, h) if self.fits else (0, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        if self.fits:
            self.content.drawOn(self.canv, 0, 0)


# --------------------------------------------------------------------------- images


@dataclass(frozen=True)
class _LoadedImage:
    data: bytes
    width: float  # natural size in points
    height: float


def _load_images(question: Question, where: str) -> dict[str, _LoadedImage]:
    loaded: dict[str, _LoadedImage] = {}
    for image in question.images:
        loaded[image.name] = _load_image(image, where)
    return loaded


def _load_image(image: QuestionImage, where: str) -> _LoadedImage:
    try:
        with PILImage.open(io.BytesIO(image.data)) as pil:
            pil.load()
            px_w, px_h = pil.size
            dpi_info = pil.info.get("dpi")
    except Exception as exc:
        raise ExamRenderError(
            f"{where}: the image '{image.name}' is not a readable image ({exc})"
        ) from exc
    if px_w < 1 or px_h < 1:
        raise ExamRenderError(f"{where}: the image '{image.name}' is empty")
    dpi = 96.0
    if (
        isinstance(dpi_info, tuple)
        and dpi_info
        and isinstance(dpi_info[0], (int, float))
        and 50 <= float(dpi_info[0]) <= 1200
    ):
        dpi = float(dpi_info[0])
    return _LoadedImage(image.data, px_w * 72.0 / dpi, px_h * 72.0 / dpi)


def _image_flowable(image: _LoadedImage, max_width: float, max_height: float) -> Image:
    scale = min(1.0, max_width / image.width, max_height / image.height)
    flowable = Image(io.BytesIO(image.data), image.width * scale, image.height * scale)
    flowable.hAlign = "CENTER"
    return flowable


# --------------------------------------------------------------------------- layout


@dataclass
class _Layout:
    exam: ExamDocument
    version: ExamVersion
    styles: _Styles
    page_width: float
    page_height: float
    margin_x: float
    margin_top: float
    margin_bottom: float

    @property
    def width(self) -> float:
        return float(self.page_width - 2 * self.margin_x)

    @property
    def frame_height(self) -> float:
        return self.page_height - self.margin_top - self.margin_bottom

    @property
    def gutter(self) -> float:
        return float(max(0.85 * cm, self.styles.size * 2.6))

    @property
    def body_width(self) -> float:
        return self.width - self.gutter


def _paper(name: str) -> tuple[float, float]:
    key = name.strip().lower()
    if key == "a4":
        return A4  # type: ignore[no-any-return]
    if key in ("letter", "us letter", "usletter"):
        return LETTER  # type: ignore[no-any-return]
    raise ExamRenderError(f"unknown paper size {name!r} (use 'A4' or 'Letter')")


def _layout(exam: ExamDocument, version: ExamVersion) -> _Layout:
    register_fonts()
    width, height = _paper(exam.paper)
    return _Layout(
        exam=exam,
        version=version,
        styles=_styles(exam.font_size),
        page_width=width,
        page_height=height,
        margin_x=2.0 * cm,
        margin_top=2.0 * cm,
        margin_bottom=2.0 * cm,
    )


def _points_text(points: float) -> str:
    return f"({format_number(points)} point{'' if points == 1 else 's'})"


def _blocks(
    blocks: Sequence[Block],
    lay: _Layout,
    images: dict[str, _LoadedImage],
    width: float,
    where: str,
    style: ParagraphStyle | None = None,
    max_image_height: float = MAX_IMAGE_HEIGHT,
    first_gap: float = 0.0,
) -> list[Flowable]:
    st = lay.styles
    style = style or st.body
    out: list[Flowable] = []
    for i, block in enumerate(blocks):
        gap = st.size * 0.35 if i else first_gap
        if isinstance(block, Para):
            s = st.heading if block.heading else style
            out.append(_spaced(block.markup, s, gap) if gap else _para(block.markup, s))
        elif isinstance(block, ListItem):
            indent = st.size * 1.6 * block.depth
            s = ParagraphStyle(
                "li",
                parent=style,
                leftIndent=indent,
                bulletIndent=indent - st.size * 1.25,
                bulletFontName=SANS,
                spaceBefore=st.size * 0.15,
            )
            out.append(_para(block.markup, s, bulletText=block.bullet or None))
        elif isinstance(block, Pre):
            out.append(_para(block.markup, st.code))
        else:
            image = images.get(block.name)
            if image is None:
                raise ExamRenderError(
                    f"{where}: the text shows the image '{block.name}', "
                    "which is not attached to the question"
                )
            if gap:
                out.append(Spacer(1, gap))
            out.append(_image_flowable(image, width, max_image_height))
    return out


def _spaced(markup: str, style: ParagraphStyle, gap: float) -> Paragraph:
    return _para(markup, ParagraphStyle("spaced", parent=style, spaceBefore=gap))


def _question_blocks(question: Question, text: str) -> list[Block]:
    return to_blocks(text, question.text_format)


def _unreferenced_images(question: Question) -> list[Block]:
    """Attached images no text shows: printed below the stem."""
    shown: set[str] = set()
    fmt = question.text_format
    for text in (question.stem, *(c.text for c in question.choices)):
        shown.update(image_names(text, fmt))
    return [ImageRef(image.name) for image in question.images if image.name not in shown]


def _with_hint(blocks: list[Block], hint: str) -> tuple[list[Block], str | None]:
    """Append a hint such as "(select all that apply)" to the last paragraph of a stem."""
    markup = f'<font color="#5f6368"><i>{escape(hint)}</i></font>'
    if blocks and isinstance(blocks[-1], Para) and not blocks[-1].heading:
        last = blocks[-1]
        return [*blocks[:-1], Para(f"{last.markup} {markup}")], None
    return blocks, markup


def _option_table(
    question: Question, lay: _Layout, images: dict[str, _LoadedImage], where: str
) -> list[Flowable]:
    st = lay.styles
    box_w = st.size * 1.55
    label_w = st.size * 1.9
    text_w = lay.body_width - box_w - label_w
    pad = st.size * 0.22
    rows = []
    simple: list[Flowable] = []
    for i, choice in enumerate(question.choices):
        content = _blocks(
            to_blocks(choice.text, question.text_format),
            lay,
            images,
            text_w,
            where,
            max_image_height=MAX_OPTION_IMAGE_HEIGHT,
        ) or [_para("", st.body)]
        box = _TickBox(st.size, st.leading, box_w)
        label = _para(f"<b>{option_label(i)}.</b>", st.body)
        rows.append([box, label, content])
        if len(content) == 1 and isinstance(content[0], Paragraph):
            simple.append(_OptionRow(box, label, content[0], box_w, label_w, pad))
    if len(simple) == len(rows):
        return simple  # the common case: text options, drawn without a table
    table = Table(rows, colWidths=[box_w, label_w, text_w], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), st.size * 0.22),
                ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.22),
            ]
        )
    )
    return [table]


def _true_false(lay: _Layout) -> Table:
    st = lay.styles
    box_w = st.size * 1.55
    word_w = st.size * 5.5
    row = [
        _TickBox(st.size, st.leading, box_w),
        _para("True", st.body),
        _TickBox(st.size, st.leading, box_w),
        _para("False", st.body),
    ]
    table = Table([row], colWidths=[box_w, word_w, box_w, word_w], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), st.size * 0.22),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _numerical_answer(question: Question, lay: _Layout) -> Table:
    st = lay.styles
    label_w = pdfmetrics.stringWidth("Answer:", SANS, st.size) + st.size * 0.8
    blank_w = min(6.5 * cm, lay.body_width * 0.5)
    unit = escape(question.unit)
    table = Table(
        [[_para("Answer:", st.body), "", _para(unit, st.body)]],
        colWidths=[label_w, blank_w, lay.body_width - label_w - blank_w],
        rowHeights=[max(LINE_SPACING, st.leading * 1.6)],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.7, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (2, 0), (2, 0), st.size * 0.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _height(flowables: Sequence[Flowable], width: float, lay: _Layout) -> float:
    total = 0.0
    for f in flowables:
        if isinstance(f, Indenter):
            continue
        _, h = f.wrap(width, lay.frame_height)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _question(
    number: int, item: ExamItem, lay: _Layout, lead: Sequence[Flowable] = ()
) -> list[Flowable]:
    """A numbered question as flowables, to be kept on one page."""
    st = lay.styles
    question = item.question
    where = f"Question {number}"
    images = _load_images(question, where)
    stem = _question_blocks(question, question.stem) + _unreferenced_images(question)
    hint_markup: str | None = None
    # instructors often say it themselves: "(select all that apply)", "choose two"
    says_so = re.search(
        r"select all|choose (all|two|three)|more than one|mark all", question.stem, re.I
    )
    if question.type is QuestionType.MULTI and not says_so:
        stem, hint_markup = _with_hint(stem, "(select all that apply)")
    if not stem:
        stem = [Para("")]

    points = _points_text(item.points)
    points_w = pdfmetrics.stringWidth(points, SANS, st.size * 0.86) + st.size * 1.2
    stem_w = lay.width - lay.gutter - points_w
    first = _blocks(stem[:1], lay, images, stem_w, where)
    rest = stem[1:]
    if _height(first, stem_w, lay) > lay.frame_height * 0.5:
        # A first paragraph this long could not sit in a table row (rows never
        # split): number and points get a row of their own, the stem flows below.
        first, rest = [_para("", st.body)], stem
    head = Table(
        [[_para(f"{number}.", st.number), first, _para(points, st.points)]],
        colWidths=[lay.gutter, stem_w, points_w],
        hAlign="LEFT",
    )
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    body = _blocks(rest, lay, images, lay.body_width, where, first_gap=st.size * 0.35)
    if hint_markup:
        body.append(_spaced(hint_markup, st.body, st.size * 0.3))

    answer: list[Flowable] = []
    gap = Spacer(1, st.size * 0.55)
    kind = question.type
    if kind in (QuestionType.MCQ, QuestionType.MULTI):
        if question.choices:
            answer = [gap, *_option_table(question, lay, images, where)]
    elif kind is QuestionType.TRUE_FALSE:
        answer = [gap, _true_false(lay)]
    elif kind is QuestionType.SHORT:
        lines = 2 if item.points <= 2 else 3 if item.points <= 4 else 4
        answer = [Spacer(1, st.size * 0.2), _RuledLines(lines)]
    elif kind is QuestionType.NUMERICAL:
        answer = [Spacer(1, st.size * 0.2), _numerical_answer(question, lay)]
    elif kind is QuestionType.ESSAY:
        if question.response_template.strip():
            template = to_blocks(question.response_template, question.text_format)
            answer += [gap, *_blocks(template, lay, images, lay.body_width, where, st.hint)]
        wanted = max(3, math.ceil(ESSAY_LINES_PER_POINT * max(item.points, 0)))
        used = _height([*lead, head, *body, *answer], lay.width, lay) + st.size * 2
        room = int((lay.frame_height - used) // LINE_SPACING)
        answer += [Spacer(1, st.size * 0.2), _RuledLines(max(3, min(wanted, room)))]

    indented = [*body, *answer]
    out: list[Flowable] = [*lead, head]
    if indented:
        out += [Indenter(left=lay.gutter), *indented, Indenter(left=-lay.gutter)]
    return out


def _description(index: int, item: ExamItem, lay: _Layout, before: int) -> list[Flowable]:
    question = item.question
    where = f"The text before question {before}" if before else f"Item {index + 1}"
    images = _load_images(question, where)
    blocks = _question_blocks(question, question.stem) + _unreferenced_images(question)
    flowables = _blocks(blocks, lay, images, lay.body_width, where)
    if not flowables:
        return []
    return [
        Indenter(left=lay.gutter),
        *flowables,
        Indenter(left=-lay.gutter),
        Spacer(1, lay.styles.size * 0.5),
    ]


def _section_heading(title: str, points: float, lay: _Layout) -> Table:
    st = lay.styles
    pts = f"{format_number(points)} point{'' if points == 1 else 's'}"
    pts_w = pdfmetrics.stringWidth(pts, SANS, st.size * 0.86) + st.size
    table = Table(
        [[_para(escape(title), st.section), _para(pts, st.points)]],
        colWidths=[lay.width - pts_w, pts_w],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _section_instructions(text: str, lay: _Layout) -> list[Flowable]:
    """A section's instructions, under its heading, a line per line as typed."""
    st = lay.styles
    out: list[Flowable] = []
    for line in text.strip().splitlines():
        blocks = to_blocks(line.strip(), TextFormat.PLAIN) if line.strip() else []
        if blocks and isinstance(blocks[0], Para):
            out.append(_spaced(blocks[0].markup, st.hint, st.size * 0.15))
    return [*out, Spacer(1, st.size * 0.8)] if out else []


def _questions(lay: _Layout) -> list[Flowable]:
    st = lay.styles
    items = lay.version.items
    out: list[Flowable] = []
    pending: list[Flowable] = []  # section heading and descriptions, kept with the next question
    number = 0
    section: str | None = None
    # The number of the question each description introduces (0: none follows).
    following = [0] * len(items)
    upcoming = sum(is_numbered(item) for item in items) + 1
    for i in range(len(items) - 1, -1, -1):
        if is_numbered(items[i]):
            upcoming -= 1
        following[i] = (
            upcoming if upcoming <= len(items) and any(is_numbered(it) for it in items[i:]) else 0
        )

    for i, item in enumerate(items):
        if item.section != section:
            section = item.section
            if section.strip():
                j = i
                while j < len(items) and items[j].section == section:
                    j += 1
                points = total_points(items[i:j])
                if out:
                    pending.append(Spacer(1, st.size * 0.9))
                pending += [_section_heading(section, points, lay), Spacer(1, st.size * 0.9)]
                notes = lay.exam.section_instructions(section)
                if notes:
                    pending += _section_instructions(notes, lay)
        if not is_numbered(item):
            pending += _description(i, item, lay, following[i])
            continue
        number += 1
        flowables = _question(number, item, lay, pending)
        pending = []
        more: list[Flowable] = []
        lines = [f for f in flowables if isinstance(f, _RuledLines)]
        if item.question.type is QuestionType.ESSAY and lines and lines[-1].count > ESSAY_KEPT:
            # an essay starts on the current page with its first lines; the rest of
            # its lines may follow on the next page (no page left mostly blank)
            total = lines[-1].count
            lines[-1].count = lines[-1].full = ESSAY_KEPT
            rest = _RuledLines(total - ESSAY_KEPT, at_least=max(0, total // 2 - ESSAY_KEPT))
            more = [Indenter(left=lay.gutter), rest, Indenter(left=-lay.gutter)]
        out += [KeepTogether(flowables), *more, Spacer(1, st.size * 1.25)]
    if pending:
        out.append(KeepTogether(pending))
    return out


# --------------------------------------------------------------------------- header


def _header(lay: _Layout) -> list[Flowable]:
    exam, st = lay.exam, lay.styles
    left: list[Flowable] = []
    if exam.institution.strip():
        left.append(_para(escape(exam.institution.strip()), st.institution))
    if exam.course.strip():
        left.append(_para(escape(exam.course.strip()), st.course))
    left.append(_para(escape(exam.title.strip() or "Exam"), st.title))

    badge_w = 0.0
    cells: list[Any] = [left]
    if lay.version.letter:
        badge_w = max(3.0 * cm, st.size * 7.5)
        badge = Table([[_para(escape(lay.version.label), st.badge)]], colWidths=[badge_w])
        badge.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1.2, INK),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
        )
        badge.hAlign = "RIGHT"
        cells.append(badge)
    top = Table([cells], colWidths=[lay.width - badge_w, badge_w] if badge_w else [lay.width])
    top.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    out: list[Flowable] = [top, Spacer(1, st.size * 0.8)]

    numbered = [item for item in lay.version.items if is_numbered(item)]
    total = total_points(lay.version.items)
    facts = [
        ("Date", exam.date),
        ("Duration", exam.duration),
        ("Questions", str(len(numbered))),
        ("Total", f"{format_number(total)} point{'' if total == 1 else 's'}"),
    ]
    facts = [(k, v.strip()) for k, v in facts if v.strip()]
    info = Table(
        [
            [_para(k.upper(), st.tiny_label) for k, _ in facts],
            [_para(escape(v), st.info_value) for _, v in facts],
        ],
        colWidths=[lay.width / len(facts)] * len(facts),
    )
    info.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, INK),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
            ]
        )
    )
    out += [info, Spacer(1, st.size * 1.1), _student_fields(lay, total)]

    if exam.instructions.strip():
        out += [Spacer(1, st.size * 1.1), _instructions(lay)]
    out.append(Spacer(1, st.size * 1.8))
    return out


def _student_fields(lay: _Layout, total: float) -> Table:
    st = lay.styles
    gap = st.size * 0.9
    score_w = max(3.2 * cm, st.size * 8)
    id_w = (lay.width - score_w - 2 * gap) * 0.38
    name_w = lay.width - score_w - id_w - 2 * gap
    height = max(1.25 * cm, st.size * 3.4)
    score = Table(
        [
            [_para("SCORE", st.tiny_label)],
            [
                _para(
                    f"/ {format_number(total)}",
                    ParagraphStyle("outof", parent=st.body, alignment=TA_RIGHT, textColor=MUTED),
                )
            ],
        ],
        colWidths=[score_w - 2 * 5],
        rowHeights=[st.size * 0.9, height - st.size * 0.9 - 2 * 4],
    )
    score.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 1), (0, 1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    table = Table(
        [
            [
                _para("NAME", st.tiny_label),
                "",
                _para("STUDENT ID", st.tiny_label),
                "",
                score,
            ]
        ],
        colWidths=[name_w, gap, id_w, gap, score_w],
        rowHeights=[height],
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (0, 0), 0.8, INK),
                ("BOX", (2, 0), (2, 0), 0.8, INK),
                ("BOX", (4, 0), (4, 0), 0.8, INK),
                ("BACKGROUND", (4, 0), (4, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _instructions(lay: _Layout) -> Table:
    st = lay.styles
    content: list[Flowable] = [_para("Instructions", st.heading)]
    bullet_style = ParagraphStyle(
        "ins-li",
        parent=st.body,
        leftIndent=st.size * 1.3,
        bulletIndent=st.size * 0.2,
        spaceBefore=st.size * 0.2,
    )
    for raw in lay.exam.instructions.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        match = re.match(r"^(?:[-*•]|\d+[.)])\s+(.*)$", line)
        if match:
            bullet = "•" if line[0] in "-*•" else line.split()[0]
            text = to_blocks(match.group(1), TextFormat.PLAIN)
            markup = text[0].markup if text and isinstance(text[0], Para) else ""
            content.append(_para(markup, bullet_style, bulletText=bullet))
        else:
            text = to_blocks(line, TextFormat.PLAIN)
            markup = text[0].markup if text and isinstance(text[0], Para) else ""
            content.append(_spaced(markup, st.body, st.size * 0.2))
    table = Table([[content]], colWidths=[lay.width])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ]
        )
    )
    return table


def _end_mark(lay: _Layout, text: str) -> Flowable:
    """ "— End of exam —", unless it would sit alone on a page of its own."""
    return _IfRoom(_para(f"— {escape(text)} —", lay.styles.center_small))


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
    answer_style = ParagraphStyle("key-answer", parent=st.body, fontName=f"{SANS}-Bold")
    rows: list[list[Any]] = [
        [
            _para("No.", st.key_head),
            _para("Type", st.key_head),
            _para("Answer", st.key_head),
            _para("Points", ParagraphStyle("kh-r", parent=st.key_head, alignment=TA_RIGHT)),
        ]
    ]
    right = ParagraphStyle("key-pts", parent=st.body, alignment=TA_RIGHT)
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
            cell.append(_para(escape(entry.detail), st.small))
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

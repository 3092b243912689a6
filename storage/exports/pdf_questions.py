"""A printed exam's first page and questions, as reportlab flowables."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    Flowable,
    Indenter,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from storage.domain import GAP_TYPES, Question, QuestionType, TextFormat
from storage.exports.newer import is_newer, stem_blocks
from storage.exports.pdf_flowables import (
    _CellRow,
    _IfRoom,
    _image_flowable,
    _load_images,
    _LoadedImage,
    _OptionRow,
    _RuledLines,
    _TickBox,
)
from storage.exports.pdf_newer import newer_answer
from storage.exports.pdf_style import (
    ESSAY_KEPT,
    ESSAY_LINES_PER_POINT,
    INK,
    LINE_SPACING,
    MAX_IMAGE_HEIGHT,
    MAX_OPTION_IMAGE_HEIGHT,
    MUTED,
    RULE,
    SHADE,
    ExamRenderError,
    _Layout,
    _para,
    _points_text,
    _spaced,
    derived_style,
)
from storage.exports.versions import (
    ExamItem,
    exam_facts,
    format_number,
    is_numbered,
    option_label,
    section_starts,
    total_points,
)
from storage.rich_text import (
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
            s = derived_style(
                style,
                "li",
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


def _true_false(lay: _Layout) -> Flowable:
    st = lay.styles
    box_w = st.size * 1.55
    word_w = st.size * 5.5
    row = [
        _TickBox(st.size, st.leading, box_w),
        _para("True", st.body),
        _TickBox(st.size, st.leading, box_w),
        _para("False", st.body),
    ]
    # drawn as a Table with VALIGN TOP, no side padding, TOPPADDING size * 0.22 draws it
    return _CellRow(row, [box_w, word_w, box_w, word_w], top=st.size * 0.22, bottom=0)


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
    newer = is_newer(question)
    stem = (
        stem_blocks(question)
        if question.type in (QuestionType.CLOZE, *GAP_TYPES)
        else _question_blocks(question, question.stem)
    ) + _unreferenced_images(question)
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
    number_cell, points_cell = _para(f"{number}.", st.number), _para(points, st.points)
    widths = [lay.gutter, stem_w, points_w]
    head: Flowable
    if len(first) == 1 and isinstance(first[0], Paragraph):
        # the common case, drawn as the table below would draw it
        head = _CellRow([number_cell, first[0], points_cell], widths)
    else:
        head = Table([[number_cell, first, points_cell]], colWidths=widths, hAlign="LEFT")
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
    elif newer:
        answer = newer_answer(item, lay, images)
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
    starts = section_starts(items)
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
        if i in starts:
            section, points = starts[i]
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

    total = total_points(lay.version.items)
    facts = exam_facts(exam, lay.version)
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

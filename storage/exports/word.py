"""Exams and answer keys as editable Word documents (python-docx), the PDF's content.

The same parts as the printed exam (`storage.exports.pdf`): the header (institution,
course, title, version), the facts (date, duration, questions, total), boxes for the
student's name, ID and score, the instructions, sections with their points, numbered
questions with their points, options A, B, C… with boxes to tick, True/False boxes,
writing lines for short answers and essays, an answer line with the unit for numerical
questions, images, and maths as Unicode text. Every page has "Page x of y" and the
version in its footer; the answer key is a table, in its own file or after the exam.
Instructors finish the exam in Word or LibreOffice, so everything stays editable text.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from PIL import Image as PILImage

from storage.domain import GAP_TYPES, Question, QuestionType, TextFormat
from storage.exports.newer import is_newer, stem_blocks
from storage.exports.versions import (
    ExamDocument,
    ExamItem,
    ExamVersion,
    exam_facts,
    format_number,
    is_numbered,
    key_entries,
    option_label,
    section_starts,
    total_points,
)
from storage.exports.word_newer import newer_answer
from storage.rich_text import MONO, ImageRef, ListItem, Para, Pre, image_names, to_blocks

FONT = "Calibri"
CODE_FONT = "Consolas"
MUTED = RGBColor(0x5F, 0x63, 0x68)
BOX = "☐"  # a box to tick, as text: it stays editable
MARGIN = Cm(2)
MAX_IMAGE_HEIGHT = Cm(8)
MAX_OPTION_IMAGE_HEIGHT = Cm(4)
ESSAY_LINES_PER_POINT = 4
MAX_ESSAY_LINES = 40
_PAPER = {"A4": (Cm(21.0), Cm(29.7)), "LETTER": (Cm(21.59), Cm(27.94))}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class WordRenderError(Exception):
    """The exam cannot be written as it stands (e.g. an image is unreadable)."""


# --------------------------------------------------------------------------- rich text


class _Runs(HTMLParser):
    """Paragraph markup (`storage.rich_text`: b, i, u, strike, sub, super, font, br) as runs."""

    def __init__(self, paragraph: Any, size: float | None, muted: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraph = paragraph
        self.size = size  # None: the paragraph style's
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        if muted:
            self.stack.append(("font", {"color": "#5f6368"}))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.paragraph.add_run().add_break()
        else:
            self.stack.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i]
                return

    def handle_data(self, data: str) -> None:
        data = _NOT_XML.sub("", data)  # Word files cannot hold control characters
        if not data:
            return
        run = self.paragraph.add_run(data)
        if self.size is not None:
            run.font.size = Pt(self.size)
        for tag, attrs in self.stack:
            if tag == "b":
                run.bold = True
            elif tag == "i":
                run.italic = True
            elif tag == "u":
                run.underline = True
            elif tag == "strike":
                run.font.strike = True
            elif tag == "sub":
                run.font.subscript = True
            elif tag == "super":
                run.font.superscript = True
            elif tag == "font":
                if attrs.get("face") == MONO:
                    run.font.name = CODE_FONT
                color = (attrs.get("color") or "").lstrip("#")
                if len(color) == 6:
                    run.font.color.rgb = RGBColor.from_string(color.upper())


def _markup(paragraph: Any, markup: str, size: float | None, muted: bool = False) -> Any:
    parser = _Runs(paragraph, size, muted)
    parser.feed(markup)
    parser.close()
    return paragraph


# --------------------------------------------------------------------------- document


class _Writer:
    def __init__(self, exam: ExamDocument, version: ExamVersion) -> None:
        self.exam = exam
        self.version = version
        self.size = max(7.0, min(float(exam.font_size), 16.0))
        self.doc = Document()
        section = self.doc.sections[0]
        width, height = _PAPER.get(exam.paper.strip().upper(), _PAPER["A4"])
        section.page_width, section.page_height = width, height
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        self.width = Emu(width - 2 * MARGIN)
        self.parts = False  # True: exam and key in one file, each part numbered from 1
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(self.size)
        normal.paragraph_format.space_after = Pt(self.size * 0.3)

    # -- small parts

    def para(self, markup: str = "", size: float | None = None, **fmt: Any) -> Any:
        p = self.doc.add_paragraph()
        _markup(p, markup, size if size != self.size else None, fmt.pop("muted", False))
        for run in p.runs:
            if fmt.get("bold"):
                run.bold = True
        if fmt.get("align") == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if fmt.get("keep"):
            p.paragraph_format.keep_with_next = True
        if "indent" in fmt:
            p.paragraph_format.left_indent = fmt["indent"]
        if "before" in fmt:
            p.paragraph_format.space_before = Pt(fmt["before"])
        return p

    def text(self, text: str, size: float | None = None, **fmt: Any) -> Any:
        from storage.rich_text import escape

        return self.para(escape(text), size, **fmt)

    def picture(
        self,
        data: bytes,
        where: str,
        max_height: Any,
        indent: Any,
        paragraph: Any = None,
        width: Any = None,
    ) -> None:
        """An image scaled to fit: centred in a paragraph of its own, or given `paragraph`
        (a table cell's), at its start, no wider than `width`."""
        try:
            with PILImage.open(io.BytesIO(data)) as pil:
                px_w, px_h = pil.size
                dpi = pil.info.get("dpi") or (96, 96)
        except Exception as exc:
            raise WordRenderError(f"{where}: an image is not a readable image ({exc})") from exc
        dpi_x = float(dpi[0]) if isinstance(dpi, tuple) and 50 <= float(dpi[0]) <= 1200 else 96
        natural_w = Cm(px_w / dpi_x * 2.54)
        natural_h = Cm(px_h / dpi_x * 2.54)
        room = self.width - indent if width is None else width
        scale = min(1.0, room / natural_w, max_height / natural_h)
        p = paragraph
        if p is None:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.left_indent = indent
        try:
            p.add_run().add_picture(io.BytesIO(data), width=int(natural_w * scale))
        except Exception as exc:  # a format Word cannot hold
            raise WordRenderError(f"{where}: the image cannot go into Word ({exc})") from exc

    def blocks(
        self,
        question: Question,
        text: str,
        where: str,
        indent: Any,
        extra_images: bool = False,
        max_height: Any = MAX_IMAGE_HEIGHT,
        muted: bool = False,
        into: Any = None,
        parsed: list[Any] | None = None,
    ) -> list[Any]:
        """A question text as paragraphs (and pictures), indented under its number; given
        `into`, a first paragraph of text goes on in that paragraph (the number's)."""
        images = {i.name: i.data for i in question.images}
        blocks = list(parsed) if parsed is not None else to_blocks(text, question.text_format)
        if extra_images:
            shown: set[str] = set()
            for t in (question.stem, *(c.text for c in question.choices)):
                shown.update(image_names(t, question.text_format))
            blocks += [ImageRef(i.name) for i in question.images if i.name not in shown]
        out = []
        lead = blocks[0] if blocks else None
        if into is not None and isinstance(lead, Para) and not lead.heading:
            _markup(into, lead.markup, None, muted)
            blocks = blocks[1:]
        for block in blocks:
            if isinstance(block, ImageRef):
                if block.name not in images:
                    raise WordRenderError(
                        f"{where}: the text shows the image '{block.name}', "
                        "which is not attached to the question"
                    )
                self.picture(images[block.name], where, max_height, indent)
                continue
            p = self.para(block.markup, indent=indent, muted=muted)
            if isinstance(block, Para) and block.heading:
                for run in p.runs:
                    run.bold = True
            elif isinstance(block, ListItem):
                p.paragraph_format.left_indent = Emu(indent + Cm(0.6 * block.depth))
                if block.bullet:
                    p.paragraph_format.first_line_indent = Cm(-0.5)
                    p.runs[0].text = f"{block.bullet} " + p.runs[0].text if p.runs else ""
            elif isinstance(block, Pre):
                for run in p.runs:
                    run.font.name = CODE_FONT
                _shade(p, "F4F4F4")
            out.append(p)
        return out

    def lines(self, count: int, indent: Any) -> None:
        """Writing lines, as far apart as in the PDF: a tab drawn as a line (a border per
        paragraph would be merged into one box by Word)."""
        for _ in range(count):
            p = self.doc.add_paragraph()
            fmt = p.paragraph_format
            fmt.left_indent = indent
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Cm(0.8)
            fmt.tab_stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
            run = p.add_run("\t")
            run.font.color.rgb = RGBColor(0xC4, 0xC7, 0xCC)

    # -- the exam

    def header(self) -> None:
        exam = self.exam
        table = self.doc.add_table(rows=1, cols=2 if self.version.letter else 1)
        badge_w = Cm(4) if self.version.letter else 0
        _widths(table, [self.width - badge_w, badge_w] if badge_w else [self.width])
        left = table.cell(0, 0)
        first = left.paragraphs[0]
        if exam.institution.strip():
            _markup(first, _esc(exam.institution.strip()), self.size * 0.86, muted=True)
            first = left.add_paragraph()
        if exam.course.strip():
            _markup(first, _esc(exam.course.strip()), self.size * 1.1)
            first = left.add_paragraph()
        run = first.add_run(exam.title.strip() or "Exam")
        run.bold = True
        run.font.size = Pt(self.size * 1.75)
        if self.version.letter:
            badge = table.cell(0, 1)
            badge.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = badge.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(self.version.label)
            run.bold = True
            run.font.size = Pt(self.size * 1.25)
            _cell_borders(badge, "1A1A1A", 12)
        total = total_points(self.version.items)
        facts = exam_facts(exam, self.version)
        self.doc.add_paragraph()
        info = self.doc.add_table(rows=2, cols=len(facts))
        for col, (label, value) in enumerate(facts):
            _markup(info.cell(0, col).paragraphs[0], label.upper(), self.size * 0.72, muted=True)
            _markup(info.cell(1, col).paragraphs[0], _esc(value), self.size)
        self.doc.add_paragraph()
        fields = self.doc.add_table(rows=1, cols=3)
        fields.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(fields, [self.width * 0.5, self.width * 0.3, self.width * 0.2])
        for col, label in enumerate(("NAME", "STUDENT ID", "SCORE")):
            cell = fields.cell(0, col)
            _markup(cell.paragraphs[0], label, self.size * 0.72, muted=True)
            p = cell.add_paragraph()
            p.paragraph_format.space_before = Pt(self.size * 1.2)
            if label == "SCORE":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _markup(p, f"/ {format_number(total)}", self.size, muted=True)
                _shade_cell(cell, "F1F3F4")
            _cell_borders(cell, "1A1A1A", 8)
        if exam.instructions.strip():
            self.doc.add_paragraph()
            box = self.doc.add_table(rows=1, cols=1).cell(0, 0)
            _shade_cell(box, "F1F3F4")
            run = box.paragraphs[0].add_run("Instructions")
            run.bold = True
            for raw in exam.instructions.strip().splitlines():
                if raw.strip():
                    p = box.add_paragraph()
                    blocks = to_blocks(raw.strip(), TextFormat.PLAIN)
                    line = blocks[0].markup if blocks and isinstance(blocks[0], Para) else ""
                    _markup(p, line.lstrip("-*• ") if raw.strip()[:1] in "-*•" else line, self.size)
                    if raw.strip()[:1] in "-*•":
                        p.runs[0].text = "• " + p.runs[0].text if p.runs else "•"
        self.doc.add_paragraph()

    def section_heading(self, title: str, points: float) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(self.size)
        p.paragraph_format.tab_stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        run = p.add_run(title)
        run.bold = True
        run.font.size = Pt(self.size * 1.15)
        pts = p.add_run(f"\t{format_number(points)} point{'' if points == 1 else 's'}")
        pts.font.color.rgb = MUTED
        pts.font.size = Pt(self.size * 0.86)
        _border(p, "bottom", "1A1A1A", 8)
        notes = self.exam.section_instructions(title)
        for line in notes.strip().splitlines():
            if line.strip():
                self.para(_esc(line.strip()), self.size * 0.86, muted=True, keep=True)
                self.doc.paragraphs[-1].runs[0].italic = True

    def question(self, number: int, item: ExamItem) -> None:
        q = item.question
        where = f"Question {number}"
        indent = Cm(1)
        # "12.<tab>first paragraph of the stem<tab>(2 points)", the stem hanging under it
        head = self.doc.add_paragraph()
        fmt = head.paragraph_format
        fmt.keep_with_next = True
        fmt.space_before = Pt(self.size * 0.9)
        fmt.left_indent = indent
        fmt.first_line_indent = -indent
        fmt.tab_stops.add_tab_stop(indent)
        fmt.tab_stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        run = head.add_run(f"{number}.\t")
        run.bold = True
        # cloze and gap stems: their gaps as numbered blanks (storage.exports.newer)
        parsed = stem_blocks(q) if q.type in (QuestionType.CLOZE, *GAP_TYPES) else None
        body = self.blocks(q, q.stem, where, indent, extra_images=True, into=head, parsed=parsed)
        pts = item.points
        # a no-break space: "(1" and "point)" never part at the end of a line
        points = head.add_run(f"\t({format_number(pts)}\u00a0point{'' if pts == 1 else 's'})")
        points.font.color.rgb = MUTED
        points.font.size = Pt(self.size * 0.86)
        if q.type is QuestionType.MULTI and not _says_select_all(q.stem):
            hint = self.para("(select all that apply)", indent=indent, muted=True)
            hint.runs[0].italic = True
            body.append(hint)
        for p in body:
            p.paragraph_format.keep_with_next = True
        kind = q.type
        if kind in (QuestionType.MCQ, QuestionType.MULTI):
            for i, choice in enumerate(q.choices):
                blocks = to_blocks(choice.text, q.text_format)
                first = next((b for b in blocks if not isinstance(b, ImageRef)), None)
                p = self.doc.add_paragraph()
                p.paragraph_format.left_indent = Emu(indent + Cm(1.2))
                p.paragraph_format.first_line_indent = Cm(-1.2)
                p.paragraph_format.keep_with_next = i < len(q.choices) - 1
                p.paragraph_format.tab_stops.add_tab_stop(Emu(indent + Cm(1.2)))
                p.add_run(f"{BOX} ")
                label = p.add_run(f"{option_label(i)}.\t")
                label.bold = True
                if first is not None:
                    _markup(p, first.markup, None)
                rest = [b for b in blocks if b is not first]
                if rest:
                    kept = Question(q.type, "", text_format=q.text_format, images=q.images)
                    self._option_rest(kept, rest, where, Emu(indent + Cm(1.2)))
        elif kind is QuestionType.TRUE_FALSE:
            p = self.doc.add_paragraph()
            p.paragraph_format.left_indent = indent
            p.add_run(f"{BOX} True          {BOX} False")
        elif kind is QuestionType.SHORT:
            self.lines(2 if pts <= 2 else 3 if pts <= 4 else 4, indent)
        elif kind is QuestionType.NUMERICAL:
            p = self.doc.add_paragraph()
            p.paragraph_format.left_indent = indent
            p.paragraph_format.space_before = Pt(self.size)
            p.add_run("Answer: ")
            blank = p.add_run(" " * 40)
            blank.underline = True
            if q.unit:
                p.add_run(f" {q.unit}")
        elif is_newer(q):
            newer_answer(self, item, indent)
        elif kind is QuestionType.ESSAY:
            if q.response_template.strip():
                for t in self.blocks(q, q.response_template, where, indent, muted=True):
                    for r in t.runs:
                        r.italic = True
            wanted = max(3, math.ceil(ESSAY_LINES_PER_POINT * max(pts, 0)))
            self.lines(min(wanted, MAX_ESSAY_LINES), indent)

    def _option_rest(self, q: Question, rest: Sequence[Any], where: str, indent: Any) -> None:
        images = {i.name: i.data for i in q.images}
        for block in rest:
            if isinstance(block, ImageRef):
                if block.name not in images:
                    raise WordRenderError(
                        f"{where}: an option shows the image '{block.name}', "
                        "which is not attached to the question"
                    )
                self.picture(images[block.name], where, MAX_OPTION_IMAGE_HEIGHT, indent)
            else:
                self.para(block.markup, indent=indent)

    def description(self, item: ExamItem, where: str) -> None:
        q = item.question
        for p in self.blocks(q, q.stem, where, Cm(1), extra_images=True):
            p.paragraph_format.keep_with_next = True

    def questions(self) -> None:
        items = self.version.items
        if not any(is_numbered(i) for i in items):
            self.text("This exam has no questions.")
            return
        starts = section_starts(items)
        number = 0
        for i, item in enumerate(items):
            if i in starts:
                self.section_heading(*starts[i])
            if not is_numbered(item):
                self.description(item, f"The text before question {number + 1}")
                continue
            number += 1
            self.question(number, item)
        self.text("— End of exam —", self.size * 0.86, muted=True, align="center", before=12)

    # -- the key

    def key(self, standalone: bool) -> None:
        exam = self.exam
        if standalone and exam.institution.strip():
            self.text(exam.institution.strip(), self.size * 0.86, muted=True)
        if exam.course.strip():
            self.text(exam.course.strip(), self.size * 1.1)
        title = self.text(exam.title.strip() or "Exam", self.size * 1.75)
        title.runs[0].bold = True
        label = "Answer key" + (f" — {self.version.label}" if self.version.letter else "")
        heading = self.text(label, self.size * 1.15)
        heading.runs[0].bold = True
        entries = key_entries(self.version)
        total = total_points(self.version.items)
        self.text(
            f"{len(entries)} questions · total {format_number(total)} points",
            self.size * 0.86,
            muted=True,
        )
        if not entries:
            self.text("This exam has no questions.")
            return
        table = self.doc.add_table(rows=1, cols=4)
        table.style = self.doc.styles["Table Grid"]
        widths = [Cm(1.4), Cm(3.6), Emu(self.width - Cm(7.2)), Cm(2.2)]
        for col, name in enumerate(("No.", "Type", "Answer", "Points")):
            cell = table.cell(0, col)
            run = cell.paragraphs[0].add_run(name)
            run.bold = True
        _repeat_header(table.rows[0])
        section: str | None = None
        for entry in entries:
            if entry.section != section:
                section = entry.section
                if section.strip():
                    row = table.add_row()
                    merged = row.cells[0].merge(row.cells[3])
                    merged.paragraphs[0].add_run(section).bold = True
                    _shade_cell(merged, "F1F3F4")
            cells = table.add_row().cells
            values = (f"{entry.number}.", entry.type.label, "", format_number(entry.points))
            for col, value in enumerate(values):
                if value:
                    cells[col].paragraphs[0].add_run(value)
            answer = cells[2].paragraphs[0]
            for n, line in enumerate(entry.key.split("\n")):
                if n:
                    answer.add_run().add_break()
                run = answer.add_run(line)
                run.bold = entry.type is not QuestionType.ESSAY and len(entry.key) <= 60
            if entry.detail:
                detail = _esc(entry.detail).replace("\n", "<br/>")
                _markup(cells[2].add_paragraph(), detail, self.size * 0.86, True)
            cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _widths(table, widths)

    # -- pages

    def small_style(self) -> Any:
        """Running header and footer text (page-number fields take the style's size)."""
        name = "Exam page text"
        if name not in [s.name for s in self.doc.styles]:
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.doc.styles["Normal"]
            style.font.size = Pt(self.size * 0.8)
            style.paragraph_format.space_after = Pt(0)
        return self.doc.styles[name]

    def footer(self, footer: Any, part: str) -> None:
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.text = ""
        p.style = self.small_style()  # not "Footer": its own tab stops would come first
        stops = p.paragraph_format.tab_stops
        stops.add_tab_stop(Emu(self.width // 2), WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        size = Pt(self.size * 0.8)
        lead = p.add_run(("Answer key" if part == "key" else "") + "\tPage ")
        lead.font.size = size
        _field(p, "PAGE", size)
        if not self.parts:  # "of y" counts the whole file: not when the key follows
            p.add_run(" of ").font.size = size
            _field(p, "NUMPAGES", size)
        if self.version.letter:
            tail = p.add_run(f"\t{self.version.label}")
            tail.bold = True
            tail.font.size = size
        _border(p, "top", "C4C7CC", 4)

    def running_header(self, section: Any, part: str) -> None:
        section.header.is_linked_to_previous = False
        exam = self.exam
        running = " · ".join(p for p in (exam.course.strip(), exam.title.strip() or "Exam") if p)
        text = f"Answer key · {running}" if part == "key" else running
        p = section.header.paragraphs[0]
        p.text = ""
        p.style = self.small_style()  # not "Header": its own tab stops would come first
        p.paragraph_format.tab_stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        run = p.add_run(text + (f"\t{self.version.label}" if self.version.letter else ""))
        run.font.size = Pt(self.size * 0.8)
        run.font.color.rgb = MUTED
        _border(p, "bottom", "C4C7CC", 4)

    def pages(self, section: Any, part: str, first_header: bool) -> None:
        # the exam's first page shows the title block instead of the running header
        section.different_first_page_header_footer = not first_header
        self.running_header(section, part)
        self.footer(section.footer, part)
        if not first_header:
            section.first_page_header.is_linked_to_previous = False
            self.footer(section.first_page_footer, part)

    def save(self) -> bytes:
        self.doc.core_properties.title = self.exam.title.strip() + (
            f" ({self.version.label})" if self.version.letter else ""
        )
        self.doc.core_properties.author = self.exam.institution.strip()
        self.doc.core_properties.comments = "Made with Quizwright"
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


# --------------------------------------------------------------------------- OOXML details


def _esc(text: str) -> str:
    from storage.rich_text import escape

    return escape(text)


def _says_select_all(stem: str) -> bool:
    return bool(re.search(r"select all|choose (all|two|three)|more than one|mark all", stem, re.I))


def _border(paragraph: Any, side: str, color: str, size: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _shade(paragraph: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shading)


def _shade_cell(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_borders(cell: Any, color: str, size: int) -> None:
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:color"), color)
        borders.append(edge)
    cell._tc.get_or_add_tcPr().append(borders)


def _widths(table: Any, widths: Sequence[float]) -> None:
    """Column widths Word and LibreOffice both keep (the grid and every cell)."""
    table.autofit = False
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Emu(int(width))
        for cell in col.cells:
            cell.width = Emu(int(width))


def _repeat_header(row: Any) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _field(paragraph: Any, code: str, size: Any) -> None:
    """A field Word fills in when it lays out pages (PAGE, SECTIONPAGES)."""
    run = paragraph.add_run()
    run.font.size = size
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1")):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            el = OxmlElement("w:instrText" if text != "1" else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


# --------------------------------------------------------------------------- API


def render_exam_docx(exam: ExamDocument, version: ExamVersion, key: str = "none") -> bytes:
    """One version of the exam as a Word document; key="append" adds its answer key after
    the exam, in a section of its own (its pages numbered on their own, as in the PDF)."""
    if key not in ("none", "append"):
        raise ValueError(f"key must be 'none' or 'append', not {key!r}")
    writer = _Writer(exam, version)
    writer.parts = key == "append"
    writer.pages(writer.doc.sections[0], "exam", first_header=False)
    writer.header()
    writer.questions()
    if key == "append":
        section = writer.doc.add_section(WD_SECTION.NEW_PAGE)
        _restart_numbering(section)
        writer.pages(section, "key", first_header=True)
        writer.key(standalone=False)
    return writer.save()


def render_answer_key_docx(exam: ExamDocument, version: ExamVersion) -> bytes:
    """The answer key of one version on its own."""
    writer = _Writer(exam, version)
    writer.pages(writer.doc.sections[0], "key", first_header=True)
    writer.key(standalone=True)
    return writer.save()


def _restart_numbering(section: Any) -> None:
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)

"""The newer question types in a Word exam (python-docx), as the PDF prints them
(`storage.exports.pdf_newer`): matching as two columns with a box per stem for a
letter, ordering with a box per item for its position, a word bank under gapselect /
ddwtos, lists to tick for long cloze choice gaps. Orders and letters come from
`storage.exports.newer`, so a version's Word file and PDF share one key."""

from __future__ import annotations

from typing import Any

from docx.shared import Cm, Emu, Pt

from storage.domain import GAP_TYPES, Question, QuestionType
from storage.exports.newer import (
    bank_groups,
    cloze_lists,
    hint,
    matching_pairs,
    printed_answers,
    printed_items,
)
from storage.exports.versions import ExamItem, option_label
from storage.rich_text import ImageRef, Para, escape, to_blocks

BOX = "☐"
WORD_SEP = "\u00a0" * 4 + " "
CELL_PADDING = Cm(0.4)  # Word's default cell margins, left and right


def _inline(text: str, q: Question) -> str:
    blocks = [b for b in to_blocks(text, q.text_format) if isinstance(b, Para)]
    return " ".join(b.markup for b in blocks) if blocks else ""


def _grid(writer: Any, rows: int, widths: list[Any], indent: Any) -> Any:
    from storage.exports.word import _widths

    table = writer.doc.add_table(rows=rows, cols=len(widths))
    _widths(table, widths)
    _indent_table(table, indent)
    return table


def _indent_table(table: Any, indent: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(Emu(int(indent)).twips))
    ind.set(qn("w:type"), "dxa")
    tbl_pr.append(ind)


def _cell(cell: Any, markup: str, bold: bool = False) -> None:
    from storage.exports.word import _markup

    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(2)
    _markup(p, f"<b>{markup}</b>" if bold else markup, None)


def _item(writer: Any, cell: Any, text: str, q: Question, width: Any) -> None:
    """A matching stem or ordering item in its cell: as one line of text, or (an HTML item
    showing images) its paragraphs and pictures, each picture scaled to the column."""
    from storage.exports.word import MAX_OPTION_IMAGE_HEIGHT, WordRenderError, _markup

    blocks = to_blocks(text, q.text_format)
    if all(isinstance(b, Para) for b in blocks):
        _cell(cell, _inline(text, q))
        return
    images = {i.name: i.data for i in q.images}
    where = "A matching or ordering item"  # as the PDF names it
    for n, block in enumerate(blocks):
        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        if not isinstance(block, ImageRef):
            _markup(p, block.markup, None)
        elif block.name in images:
            writer.picture(images[block.name], where, MAX_OPTION_IMAGE_HEIGHT, 0, p, width)
        else:
            raise WordRenderError(
                f"{where}: the text shows the image '{block.name}', "
                "which is not attached to the question"
            )


def _letter_box(cell: Any, size: float) -> None:
    """A large box glyph to write a letter or number in (bordered cells would touch)."""
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(2)
    run = p.add_run(BOX)
    run.font.size = Pt(size * 1.8)
    p.paragraph_format.line_spacing = Pt(size * 1.6)


def _matching(writer: Any, item: ExamItem, indent: Any) -> None:
    q = item.question
    pairs = matching_pairs(q)
    right = printed_answers(q, item.arrangement)
    rest = writer.width - indent - Cm(1.0 + 1.0 + 1.0 + 0.4)
    widths = [Cm(1.0), Cm(1.0), Emu(int(rest * 0.55)), Cm(0.4), Cm(1.0), Emu(int(rest * 0.45))]
    table = _grid(writer, max(len(pairs), len(right)), widths, indent)
    for i in range(max(len(pairs), len(right))):
        cells = table.rows[i].cells
        if i < len(pairs):
            _letter_box(cells[0], writer.size)
            _cell(cells[1], f"{i + 1}.", bold=True)
            _item(writer, cells[2], pairs[i][0], q, Emu(int(widths[2] - CELL_PADDING)))
        if i < len(right):
            _cell(cells[4], f"{option_label(i)}.", bold=True)
            _cell(cells[5], escape(right[i]))


def _ordering(writer: Any, item: ExamItem, indent: Any) -> None:
    q = item.question
    printed = printed_items(q, item.arrangement)
    widths = [Cm(1.0), Cm(1.0), Emu(int(writer.width - indent - Cm(2.0)))]
    table = _grid(writer, len(printed), widths, indent)
    for i, src in enumerate(printed):
        cells = table.rows[i].cells
        _letter_box(cells[0], writer.size)
        _cell(cells[1], f"{option_label(i)}.", bold=True)
        _item(writer, cells[2], q.choices[src].text, q, Emu(int(widths[2] - CELL_PADDING)))


def _word_bank(writer: Any, q: Question, indent: Any) -> None:
    from storage.exports.word import _markup, _shade_cell

    table = _grid(writer, 1, [Emu(int(writer.width - indent))], indent)
    box = table.cell(0, 0)
    _shade_cell(box, "F1F3F4")
    groups = bank_groups(q)
    unlimited = (
        {c.text for c in q.choices if c.unlimited} if q.type is QuestionType.DDWTOS else set()
    )
    first = True
    for g in groups:
        blanks = ", ".join(f"({n})" for n in g.blanks) or "no blank"
        title = f"List {g.group} — for {blanks}" if len(groups) > 1 else "Word bank"
        p = box.paragraphs[0] if first else box.add_paragraph()
        first = False
        _markup(p, f"<b>{escape(title)}</b>", writer.size * 0.86, muted=True)
        words = WORD_SEP.join(
            f"<b>{letter}.</b>\u00a0{escape(word)}" + ("*" if word in unlimited else "")
            for letter, word in g.entries
        )
        _markup(box.add_paragraph(), words, None)
    if unlimited:
        _markup(box.add_paragraph(), "* may be used more than once", writer.size * 0.86, True)


def _cloze_lists(writer: Any, q: Question, indent: Any) -> None:
    for number, options in cloze_lists(q):
        writer.para(f"<b>Blank ({number}):</b>", indent=indent, keep=True)
        for i, (letter, option) in enumerate(options):
            p = writer.para(
                f"{BOX} <b>{letter}.</b>\u00a0{escape(option)}",
                indent=Emu(indent + Cm(0.5)),
                keep=i < len(options) - 1,
            )
            p.paragraph_format.space_after = Pt(1)


def newer_answer(writer: Any, item: ExamItem, indent: Any) -> None:
    """What follows the stem of a newer type in the Word exam (`writer` is its _Writer)."""
    q = item.question
    words = hint(q)
    if words:
        p = writer.para(f"<i>{escape(words)}</i>", writer.size * 0.86, indent=indent, muted=True)
        p.paragraph_format.keep_with_next = True
    if q.type is QuestionType.MATCHING:
        _matching(writer, item, indent)
    elif q.type is QuestionType.ORDERING:
        _ordering(writer, item, indent)
    elif q.type in GAP_TYPES:
        _word_bank(writer, q, indent)
    elif q.type is QuestionType.CLOZE:
        _cloze_lists(writer, q, indent)

"""The newer question types on a printed exam (reportlab): matching as two columns with
letter boxes, ordering with a position box per item, cloze and gapselect / ddwtos
stems with numbered blanks, a word bank under gap questions. What is printed (orders,
blanks, letters) comes from `storage.exports.newer`, shared with the Word writer."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from storage.domain import GAP_TYPES, Question, QuestionType
from storage.exports.newer import (
    bank_groups,
    cloze_lists,
    hint,
    matching_pairs,
    printed_answers,
    printed_items,
)
from storage.exports.pdf_flowables import _LoadedImage, _TickBox
from storage.exports.pdf_style import (
    INK,
    LIGHT_RULE,
    MAX_OPTION_IMAGE_HEIGHT,
    SHADE,
    _Layout,
    _para,
    _spaced,
)
from storage.exports.versions import ExamItem, option_label
from storage.rich_text import Para, escape, to_blocks

SEP = "\u00a0" * 5 + " "  # between words of a bank (reportlab folds other spaces)


class _LetterBox(Flowable):  # type: ignore[misc]
    """A square large enough to write a letter or a number in."""

    def __init__(self, side: float, height: float) -> None:
        super().__init__()
        self.side = side
        self.box_height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.side, self.box_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.7)
        canvas.rect(0, self.box_height - self.side, self.side, self.side, stroke=1, fill=0)
        canvas.restoreState()


def _inline(text: str, q: Question) -> str:
    """A choice text as one paragraph of markup (its first block)."""
    blocks = [b for b in to_blocks(text, q.text_format) if isinstance(b, Para)]
    return " ".join(b.markup for b in blocks) if blocks else ""


def _table(rows: list[list[object]], widths: list[float], lay: _Layout) -> Table:
    st = lay.styles
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), st.size * 0.4),
                ("TOPPADDING", (0, 0), (-1, -1), st.size * 0.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.3),
            ]
        )
    )
    return table


def _box(lay: _Layout) -> _LetterBox:
    st = lay.styles
    return _LetterBox(st.size * 1.6, max(st.leading, st.size * 1.6))


def _cell(
    text: str, q: Question, lay: _Layout, images: dict[str, _LoadedImage], width: float
) -> list[Flowable]:
    """An item's text with its images (HTML items may show one), scaled to its column."""
    from storage.exports.pdf_questions import _blocks  # it imports this module

    blocks = to_blocks(text, q.text_format)
    if all(isinstance(b, Para) for b in blocks):
        return [_para(_inline(text, q), lay.styles.body)]
    where = "A matching or ordering item"
    return _blocks(blocks, lay, images, width, where, max_image_height=MAX_OPTION_IMAGE_HEIGHT)


def _matching(item: ExamItem, lay: _Layout, images: dict[str, _LoadedImage]) -> list[Flowable]:
    q, st = item.question, lay.styles
    pairs = matching_pairs(q)
    right = printed_answers(q, item.arrangement)
    box_w, num_w, lab_w, gap = st.size * 2.3, st.size * 2.2, st.size * 2.8, st.size * 1.5
    text_w = lay.body_width - box_w - num_w - lab_w - gap
    left_w, right_w = text_w * 0.55, text_w * 0.45
    rows: list[list[object]] = []
    for i in range(max(len(pairs), len(right))):
        row: list[object] = ["", "", "", "", "", ""]
        if i < len(pairs):
            row[0] = _box(lay)
            row[1] = _para(f"<b>{i + 1}.</b>", st.body)
            row[2] = _cell(pairs[i][0], q, lay, images, left_w - st.size * 0.4)
        if i < len(right):
            row[4] = _para(f"<b>{option_label(i)}.</b>", st.body)
            row[5] = _para(escape(right[i]), st.body)
        rows.append(row)
    table = _table(rows, [box_w, num_w, left_w, gap, lab_w, right_w], lay)
    table.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (4, 0), (4, -1), 0.5, LIGHT_RULE),
                ("LEFTPADDING", (4, 0), (4, -1), st.size * 0.5),
            ]
        )
    )
    return [table]


def _ordering(item: ExamItem, lay: _Layout, images: dict[str, _LoadedImage]) -> list[Flowable]:
    q, st = item.question, lay.styles
    box_w, lab_w = st.size * 2.3, st.size * 2.0
    text_w = lay.body_width - box_w - lab_w
    rows: list[list[object]] = [
        [
            _box(lay),
            _para(f"<b>{option_label(i)}.</b>", st.body),
            _cell(q.choices[src].text, q, lay, images, text_w),
        ]
        for i, src in enumerate(printed_items(q, item.arrangement))
    ]
    return [_table(rows, [box_w, lab_w, text_w], lay)]


def _word_bank(q: Question, lay: _Layout) -> list[Flowable]:
    st = lay.styles
    groups = bank_groups(q)
    cells: list[Flowable] = []
    for g in groups:
        if len(groups) > 1:
            blanks = ", ".join(f"({n})" for n in g.blanks) or "no blank"
            title = f"List {g.group} — for {blanks}"
        else:
            title = "Word bank"
        cells.append(_para(escape(title), st.key_head))
        unlimited = {c.text for c in q.choices if c.unlimited}
        words = SEP.join(
            f"<b>{letter}.</b>\u00a0{escape(word)}"
            + ("*" if q.type is QuestionType.DDWTOS and word in unlimited else "")
            for letter, word in g.entries
        )
        cells.append(_spaced(words, st.body, st.size * 0.15))
    if q.type is QuestionType.DDWTOS and any(c.unlimited for c in q.choices):
        cells.append(_spaced("* may be used more than once", st.small, st.size * 0.2))
    table = Table([[cells]], colWidths=[lay.body_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.5, LIGHT_RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), st.size * 0.7),
                ("RIGHTPADDING", (0, 0), (-1, -1), st.size * 0.7),
                ("TOPPADDING", (0, 0), (-1, -1), st.size * 0.45),
                ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.6),
            ]
        )
    )
    return [table]


def _cloze_lists(q: Question, lay: _Layout) -> list[Flowable]:
    st = lay.styles
    box_w, lab_w = st.size * 2.6, st.size * 2.0
    out: list[Flowable] = []
    for number, options in cloze_lists(q):
        out.append(_spaced(f"<b>Blank ({number}):</b>", st.body, st.size * 0.3))
        rows: list[list[object]] = [
            [
                _TickBox(st.size, st.leading, box_w),
                _para(f"<b>{letter}.</b>", st.body),
                _para(escape(o), st.body),
            ]
            for letter, o in options
        ]
        table = _table(rows, [box_w, lab_w, lay.body_width - box_w - lab_w], lay)
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (0, -1), st.size * 1.0),
                    ("TOPPADDING", (0, 0), (-1, -1), st.size * 0.15),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.15),
                ]
            )
        )
        out.append(table)
    return out


def newer_answer(item: ExamItem, lay: _Layout, images: dict[str, _LoadedImage]) -> list[Flowable]:
    """What follows the stem of a newer type: its hint, then columns, items or word bank."""
    q, st = item.question, lay.styles
    out: list[Flowable] = []
    words = hint(q)
    if words:
        out.append(_spaced(f"<i>{escape(words)}</i>", st.hint, st.size * 0.3))
    out.append(Spacer(1, st.size * 0.45))
    if q.type is QuestionType.MATCHING:
        out += _matching(item, lay, images)
    elif q.type is QuestionType.ORDERING:
        out += _ordering(item, lay, images)
    elif q.type in GAP_TYPES:
        out += _word_bank(q, lay)
    elif q.type is QuestionType.CLOZE:
        out += _cloze_lists(q, lay)
    return out

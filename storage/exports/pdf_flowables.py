"""The drawn parts of a printed exam: tick boxes, option rows, writing lines, images."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image as PILImage
from reportlab.platypus import (
    Flowable,
    Image,
    Paragraph,
)

from storage.domain import Question, QuestionImage
from storage.exports.pdf_style import (
    INK,
    LIGHT_RULE,
    LINE_SPACING,
    ExamRenderError,
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


def _cell_geometry(
    cells: Sequence[Flowable], width: float, height: float, canv: Any
) -> tuple[float, list[float]]:
    """A cell's content height and its flowables' heights, as reportlab's
    Table._listCellGeom computes them (same operations in the same order: same floats)."""
    t = 0.0
    heights: list[float] = []
    sb0 = None
    sa = 0.0
    for v in cells:
        _, vh = v.wrapOn(canv, width, height)
        sb = v.getSpaceBefore()
        sa = v.getSpaceAfter()
        heights.append(vh)
        t += vh + sa + sb
        if sb0 is None:
            sb0 = sb
    return t - (sb0 or 0) - sa, heights


class _CellRow(Flowable):  # type: ignore[misc]
    """One row of cells, drawn exactly as a one-row reportlab Table with these column
    widths, top-aligned cells, the given top/bottom padding, no side padding and no
    lines, backgrounds or spans draws it: the same operators at the same positions, so
    the same PDF bytes (tests/storage/test_pdf_caches.py compares).

    An exam has a head row (number, stem, points) per question and a true/false row;
    the table machinery (a style per cell, spans, splitting by rows) costs more than
    the cells themselves. Only for cells of single plain flowables (paragraphs, tick
    boxes); anything else stays in a Table.
    """

    _TABLE_FONT = ("Helvetica", 10, 12)  # reportlab's CellStyle defaults, set as Table does

    def __init__(
        self,
        cells: Sequence[Flowable],
        col_widths: Sequence[float],
        top: float = 0.0,
        bottom: float = 0.0,
    ) -> None:
        super().__init__()
        self.cells = list(cells)
        self.col_widths = list(col_widths)
        self.top, self.bottom = top, bottom
        self.hAlign = "LEFT"
        width = 0.0
        self.positions = [0.0]
        for w in self.col_widths:  # summed as Table sums them
            width = width + w
            self.positions.append(width)
        self.width = width
        self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)
        h = 0.0
        for cell, w in zip(self.cells, self.col_widths, strict=True):
            t, _ = _cell_geometry((cell,), w - 0 - 0, 72000 - self.top - self.bottom, canv)
            t += self.bottom + self.top
            if t > h:
                h = t
        self.height = h
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a one-row table does not split either

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor("black")
        canv.setFont(*self._TABLE_FONT)
        row_height = self.height
        columns = zip(self.cells, self.positions[:-1], self.col_widths, strict=True)
        for cell, colpos, colwidth in columns:
            _, heights = _cell_geometry(
                (cell,), colwidth - 0 - 0, row_height - self.top - self.bottom, canv
            )
            y = 0 + row_height - self.top
            y += cell.getSpaceBefore()
            for h in heights:
                y -= cell.getSpaceBefore()
                y -= h
                cell.drawOn(canv, colpos + 0, y)
                y -= cell.getSpaceAfter()
        canv.saveState()  # where Table draws its lines (none here)
        canv.restoreState()
        canv.restoreState()


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

"""Crop from slide: drag a rectangle on the rendered slide; its PNG becomes the image.

PyMuPDF runs off the GUI thread (rendering the page, and cropping at print
resolution), through `desktop.worker.run_in_background`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRubberBand,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import run_in_background
from storage.domain import QuestionImage
from storage.slide_images import DEFAULT_DPI, Rect, crop_slide, render_page

VIEW_SIZE = QSize(880, 560)
MIN_DRAG_PX = 6


class _Canvas(QLabel):
    """The slide image; a mouse drag draws the selection."""

    def __init__(self, on_change: Any) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.band = QRubberBand(QRubberBand.Shape.Rectangle, self)
        self.origin = QPoint()
        self.selection = QRect()
        self.on_change = on_change

    def _clamped(self, p: QPoint) -> QPoint:
        return QPoint(min(max(p.x(), 0), self.width() - 1), min(max(p.y(), 0), self.height() - 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.pixmap().isNull():
            return
        self.origin = self._clamped(event.position().toPoint())
        self.band.setGeometry(QRect(self.origin, QSize()))
        self.band.show()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.band.isVisible():
            end = self._clamped(event.position().toPoint())
            self.band.setGeometry(QRect(self.origin, end).normalized())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self.band.isVisible():
            return
        end = self._clamped(event.position().toPoint())
        rect = QRect(self.origin, end).normalized()
        if rect.width() < MIN_DRAG_PX or rect.height() < MIN_DRAG_PX:
            self.band.hide()
            rect = QRect()
        else:
            self.band.setGeometry(rect)
        self.selection = rect
        self.on_change()


class CropDialog(QDialog):
    """Shows page `page` of `pdf_path`; OK gives `image()`, a PNG of the dragged rectangle."""

    def __init__(
        self, pdf_path: str | Path, page: int, dpi: int = DEFAULT_DPI, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.page = page
        self.dpi = dpi
        self.scale = 1.0  # pixels of the shown page per PDF point
        self.png: bytes | None = None
        self._jobs: list[Any] = []
        self.setWindowTitle(f"Crop from slide {page} — {self.pdf_path.name}")
        self.hint = QLabel(f"Rendering slide {page}…")
        self.hint.setWordWrap(True)
        self.canvas = _Canvas(self._selection_changed)
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Use this part")
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self._crop)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(VIEW_SIZE.width() + 40, VIEW_SIZE.height() + 110)
        path, number = self.pdf_path, page
        self._jobs.append(
            run_in_background(
                lambda: render_page(path, number, VIEW_SIZE.width(), VIEW_SIZE.height()),
                self._rendered,
                self._failed,
            )
        )

    def _rendered(self, result: tuple[bytes, float]) -> None:
        data, self.scale = result
        pix = QPixmap()
        pix.loadFromData(data)
        self.canvas.setPixmap(pix)
        self.canvas.setFixedSize(pix.size())
        self.hint.setText(
            f"Drag a rectangle around the part of slide {self.page} to use as the image."
        )

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.hint.setText(f"<span style='color:#b00020'>{exc}</span>")
        self.ok.setEnabled(self.canvas.selection.isValid() and not self.canvas.pixmap().isNull())

    def _selection_changed(self) -> None:
        self.ok.setEnabled(self.canvas.selection.isValid())

    def select_pixels(self, rect: QRect) -> None:
        """Select a rectangle of the shown page (as a drag would)."""
        rect = rect.normalized()
        small = rect.width() < MIN_DRAG_PX or rect.height() < MIN_DRAG_PX
        self.canvas.selection = QRect() if small else rect
        self.canvas.band.setGeometry(rect)
        self.canvas.band.setVisible(not small)
        self._selection_changed()

    def rect_points(self) -> Rect:
        """The selection in PDF points (top-left origin)."""
        r = self.canvas.selection
        s = self.scale
        return (r.left() / s, r.top() / s, (r.right() + 1) / s, (r.bottom() + 1) / s)

    def _crop(self) -> None:
        if not self.canvas.selection.isValid():
            return
        self.ok.setEnabled(False)
        self.hint.setText("Cropping…")
        path, page, rect, dpi = self.pdf_path, self.page, self.rect_points(), self.dpi
        self._jobs.append(
            run_in_background(
                lambda: crop_slide(path, page, rect, dpi), self._cropped, self._failed
            )
        )

    def _cropped(self, png: bytes) -> None:
        self.png = png
        self.accept()

    def image(self) -> QuestionImage | None:
        if self.png is None:
            return None
        return QuestionImage(f"{self.pdf_path.stem}-slide{self.page}.png", self.png)

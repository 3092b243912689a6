"""Rendering PDF pages to images on a thread of their own.

PyMuPDF documents must not be shared between threads, so one renderer
thread owns its open documents. Requests that nobody wants any more (the
user scrolled on, or switched decks) are dropped before they are rendered.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, QThread, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from storage.slide_highlight import find_text_rects

if TYPE_CHECKING:
    import pymupdf  # imported where used: it costs ~0.15 s at start-up


def _paint_highlight(image: QImage, rects: list[pymupdf.Rect], zoom: float) -> None:
    painter = QPainter(image)
    painter.setPen(QPen(QColor(230, 160, 0), 2))
    painter.setBrush(QColor(255, 213, 0, 90))  # a translucent marker over the text
    for r in rects:
        painter.drawRect(
            QRectF(r.x0 * zoom - 2, r.y0 * zoom - 1, r.width * zoom + 4, r.height * zoom + 2)
        )
    painter.end()


class _Worker(QObject):
    rendered = Signal(object, QImage)  # key, image
    failed = Signal(object, str)

    def __init__(self, wanted: set[object], lock: threading.Lock) -> None:
        super().__init__()
        self._docs: OrderedDict[str, pymupdf.Document] = OrderedDict()
        self._wanted = wanted
        self._lock = lock

    def _doc(self, path: str) -> pymupdf.Document:
        import pymupdf

        doc = self._docs.pop(path, None) or pymupdf.open(path)  # type: ignore[no-untyped-call]
        self._docs[path] = doc
        while len(self._docs) > 3:  # keep a few decks open, close the oldest
            self._docs.popitem(last=False)[1].close()  # type: ignore[no-untyped-call]
        return doc

    @Slot(object, str, int, int, int, str)
    def render(
        self, key: object, path: str, page: int, width: int, height: int, highlight: str
    ) -> None:
        import pymupdf

        with self._lock:
            if key not in self._wanted:
                return
        try:
            doc_page = self._doc(path)[page - 1]
            zoom = width / doc_page.rect.width
            if height > 0:  # fit the whole page into width x height
                zoom = min(zoom, height / doc_page.rect.height)
            zoom = max(0.05, zoom)
            matrix = pymupdf.Matrix(zoom, zoom)  # type: ignore[no-untyped-call]
            pix = doc_page.get_pixmap(matrix=matrix, alpha=False)
            image = QImage(
                pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888
            ).copy()  # copy: pix memory goes away
            if highlight:
                _paint_highlight(image, find_text_rects(doc_page, highlight), zoom)
        except Exception as exc:  # a broken page must not kill the thread
            self.failed.emit(key, str(exc))
            return
        finally:
            with self._lock:
                self._wanted.discard(key)
        self.rendered.emit(key, image)

    @Slot()
    def close(self) -> None:
        for doc in self._docs.values():
            doc.close()  # type: ignore[no-untyped-call]
        self._docs.clear()


class PageRenderer(QObject):
    """Ask with `request(key, path, page, width)`; answers come as `rendered(key, image)`."""

    rendered = Signal(object, QImage)
    failed = Signal(object, str)
    _render = Signal(object, str, int, int, int, str)
    _close = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wanted: set[object] = set()
        self._lock = threading.Lock()
        self._thread = QThread()
        self._thread.setObjectName("page-renderer")
        self._worker = _Worker(self._wanted, self._lock)
        self._worker.moveToThread(self._thread)
        self._render.connect(self._worker.render)
        self._close.connect(self._worker.close)
        self._worker.rendered.connect(self.rendered)
        self._worker.failed.connect(self.failed)
        self._thread.start()

    def request(
        self,
        key: object,
        path: str | Path,
        page: int,
        width: int,
        height: int = 0,
        highlight: str = "",
    ) -> None:
        """Render `page` `width` pixels wide (and, if given, at most `height` high),
        marking where the text `highlight` stands on it."""
        with self._lock:
            if key in self._wanted:
                return
            self._wanted.add(key)
        self._render.emit(key, str(path), page, width, height, highlight)

    def forget(self, keep: set[object] | None = None) -> None:
        """Drop pending requests (all, or all but `keep`)."""
        with self._lock:
            self._wanted.intersection_update(keep or set())

    def drop(self, keys: set[object]) -> None:
        """Drop these pending requests (not rendered yet; they are skipped)."""
        with self._lock:
            self._wanted.difference_update(keys)

    def shutdown(self) -> None:
        self.forget()
        self._close.emit()
        self._thread.quit()
        self._thread.wait(3000)

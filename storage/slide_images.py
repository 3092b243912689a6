"""Images for questions: a rectangle cropped from a slide, or a picture file.

Both give PNG or JPEG bytes ready for `QuestionImage`, checked here so a
broken or huge file gets a clear message before it reaches the bank.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, UnidentifiedImageError

from storage.domain import QuestionImage

if TYPE_CHECKING:
    import pymupdf  # imported where used: it costs ~0.15 s at start-up

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # Moodle and the PDF exam both choke on bigger ones
MAX_IMAGE_SIDE = 6000
MIN_CROP_POINTS = 4.0  # a smaller rectangle is a slip of the mouse, not a picture
DEFAULT_DPI = 150

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points from the top left


class ImageError(ValueError):
    """An image that cannot be used; the message says why."""


def page_size(pdf_path: str | Path, page: int) -> tuple[float, float]:
    """Width and height of a 1-based page, in points."""
    with _open(pdf_path) as doc:
        rect = _page(doc, page, pdf_path).rect
        return float(rect.width), float(rect.height)


def crop_slide(pdf_path: str | Path, page: int, rect: Rect, dpi: int = DEFAULT_DPI) -> bytes:
    """PNG bytes of `rect` (points, top-left origin) of a 1-based page at `dpi`."""
    import pymupdf

    x0, y0, x1, y1 = (float(v) for v in rect)
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    with _open(pdf_path) as doc:
        p = _page(doc, page, pdf_path)
        clip = pymupdf.Rect(x0, y0, x1, y1) & p.rect  # type: ignore[no-untyped-call]
        if clip.is_empty or clip.width < MIN_CROP_POINTS or clip.height < MIN_CROP_POINTS:
            raise ImageError(
                f"The rectangle ({x0:.0f}, {y0:.0f})–({x1:.0f}, {y1:.0f}) is too small or "
                f"outside page {page}; drag a larger one on the slide."
            )
        pix = p.get_pixmap(clip=clip, dpi=dpi, alpha=False)
        return bytes(pix.tobytes("png"))  # type: ignore[no-untyped-call]


def render_page(
    pdf_path: str | Path, page: int, max_width: int, max_height: int
) -> tuple[bytes, float]:
    """PNG of a whole 1-based page fitted into max_width x max_height pixels, and the
    scale used (pixels per point), so a rectangle drawn on it maps back to points."""
    import pymupdf

    with _open(pdf_path) as doc:
        p = _page(doc, page, pdf_path)
        scale = max(0.05, min(max_width / p.rect.width, max_height / p.rect.height))
        matrix = pymupdf.Matrix(scale, scale)  # type: ignore[no-untyped-call]
        pix = p.get_pixmap(matrix=matrix, alpha=False)
        return bytes(pix.tobytes("png")), float(scale)  # type: ignore[no-untyped-call]


def load_image_file(path: str | Path) -> QuestionImage:
    """A PNG or JPEG file as a question image, or ImageError saying what is wrong."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageError(f"{path.name}: cannot read the file ({exc.strerror}).") from exc
    if size == 0:
        raise ImageError(f"{path.name}: the file is empty.")
    if size > MAX_IMAGE_BYTES:
        raise ImageError(
            f"{path.name}: {size / 1024 / 1024:.1f} MB is too large for a question image "
            f"(at most {MAX_IMAGE_BYTES // 1024 // 1024} MB); make it smaller first."
        )
    data = path.read_bytes()
    kind = check_image(data, path.name)
    stem = re.sub(r"[^\w.-]+", "_", path.stem).strip("_") or "image"
    return QuestionImage(f"{stem}.{kind}", data)


def check_image(data: bytes, name: str = "image") -> str:
    """ "png" or "jpg" for a whole, decodable image; ImageError otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "jpg"
    else:
        raise ImageError(f"{name}: not a PNG or JPEG image.")
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            img.load()  # decodes everything: a truncated file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"{name}: the image is damaged ({exc}).") from exc
    if max(width, height) > MAX_IMAGE_SIDE:
        raise ImageError(
            f"{name}: {width}×{height} pixels is too large (at most {MAX_IMAGE_SIDE} per side)."
        )
    return kind


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name` with -2, -3… before the extension if a question already has it."""
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while f"{stem}-{n}{dot}{ext}" in taken:
        n += 1
    return f"{stem}-{n}{dot}{ext}"


class _open:
    """pymupdf.open with a clear message for a missing or broken file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __enter__(self) -> pymupdf.Document:
        import pymupdf

        try:
            self.doc = pymupdf.open(self.path)  # type: ignore[no-untyped-call]
        except Exception as exc:  # PyMuPDF raises several types for bad files
            raise ImageError(f"{self.path.name}: cannot open the slides ({exc}).") from exc
        if self.doc.needs_pass:
            self.doc.close()  # type: ignore[no-untyped-call]
            raise ImageError(f"{self.path.name}: the PDF is password-protected.")
        return self.doc

    def __exit__(self, *exc: object) -> None:
        self.doc.close()  # type: ignore[no-untyped-call]


def _page(doc: pymupdf.Document, page: int, path: str | Path) -> pymupdf.Page:
    if not 1 <= page <= doc.page_count:
        raise ImageError(f"{Path(path).name} has no page {page} (it has {doc.page_count}).")
    return doc[page - 1]

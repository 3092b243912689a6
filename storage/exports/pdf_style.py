"""The look of printed exams: fonts, colours, paragraph styles and the page frame."""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Paragraph,
)

from storage.exports.versions import (
    ExamDocument,
    ExamVersion,
    format_number,
)
from storage.rich_text import (
    MONO,
    SANS,
    escape,
)

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


@functools.lru_cache(maxsize=8)
def _styles(size: float) -> _Styles:
    """The styles of one font size; shared (never changed) so that every exam of that
    size reuses the paragraphs already parsed (see _Paragraph)."""
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


class _Paragraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that parses its markup and breaks its lines once.

    Most of an exam's time goes into parsing paragraph markup and breaking it into
    lines, and both are repeated: platypus wraps a paragraph several times at the same
    width (to size a question kept on one page, its table cell, the frame, then to draw
    it), and an exam says "True", "A." or "(1 point)" hundreds of times, and every
    version says every stem again. The fragments of a (markup, style) and the lines of
    a (markup, style, width) are kept and reused: they are only read afterwards, so the
    PDF is byte for byte the same. Markup whose fragments carry drawing callbacks
    (images, links, anchors…) and right-to-left or CJK wrapping take the plain path.
    """

    _content: tuple[Any, ...] | None = None  # (markup, style, bullet…) when shared
    _wrapped: tuple[Any, ...] | None = None
    width: float
    height: float
    blPara: Any
    _wrapWidths: list[float]

    def _setup(self, text: Any, style: Any, bullet: Any, frags: Any, cleaner: Any) -> None:
        if (
            frags is not None
            or not isinstance(text, str)
            or _CALLBACKS.search(text)
            or getattr(style, "wordWrap", None) in ("RTL", "CJK")
        ):
            super()._setup(text, style, bullet, frags, cleaner)
            return
        # the style itself is in the key: kept alive by the cache, never confused
        key = (text, style, bullet, self.caseSensitive)
        hit = _parsed.get(key)
        if hit is None:
            super()._setup(text, style, bullet, None, cleaner)
            if len(_parsed) >= _CACHE_MAX:
                _parsed.clear()
            _parsed[key] = (self.text, self.style, tuple(self.frags), self.bulletText)
        else:
            clean, parsed_style, parsed, parsed_bullet = hit
            super()._setup(clean, parsed_style, parsed_bullet, list(parsed), cleaner)
        self._content = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        done = self._wrapped
        if done is None or done[0] != avail_width:
            shared = (self._content, avail_width) if self._content is not None else None
            done = _lines.get(shared) if shared is not None else None
            if done is None:
                super().wrap(avail_width, avail_height)
                if avail_width < _WRAP_FUZZ:  # "does not fit": nothing laid out
                    return 0, 0x7FFFFFFF
                done = (
                    avail_width, self.width, self.height, self.blPara, self._wrapWidths,
                    getattr(self, "_width_max", 0), getattr(self, "_splitLongWordCount", 0),
                    getattr(self, "_hyphenations", 0),
                )  # fmt: skip
                if shared is not None:
                    if len(_lines) >= _CACHE_MAX:
                        _lines.clear()
                    _lines[shared] = done
            self._wrapped = done
        (
            _, self.width, self.height, self.blPara, self._wrapWidths,
            self._width_max, self._splitLongWordCount, self._hyphenations,
        ) = done  # fmt: skip
        return self.width, self.height


_WRAP_FUZZ = 1e-8  # reportlab.platypus.paragraph._FUZZ
_CALLBACKS = re.compile(r"<\s*(img|a|link|seq|ondraw|index|span|br)\b", re.I)
_CACHE_MAX = 20_000
_parsed: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_lines: dict[tuple[Any, ...], tuple[Any, ...]] = {}


@functools.lru_cache(maxsize=512)
def derived_style(parent: ParagraphStyle, name: str, **changes: Any) -> ParagraphStyle:
    """`parent` with `changes`, one shared style per combination: paragraphs in it are
    parsed once (see _Paragraph), where a new style per paragraph never matched."""
    return ParagraphStyle(name, parent=parent, **changes)


def reset_caches() -> None:
    """Forget parsed paragraphs and shared styles: the next exam starts cold, as the
    first export after start-up does (bench/export.py times it so)."""
    _parsed.clear()
    _lines.clear()
    _styles.cache_clear()
    derived_style.cache_clear()


def _para(markup: str, style: ParagraphStyle, **kw: Any) -> Paragraph:
    """A Paragraph; markup that reportlab refuses prints as plain text instead."""
    try:
        return _Paragraph(markup, style, **kw)
    except Exception:
        text = re.sub(r"<[^>]*>", "", markup)
        return _Paragraph(
            escape(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")),
            style,
            **kw,
        )


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


def _spaced(markup: str, style: ParagraphStyle, gap: float) -> Paragraph:
    return _para(markup, derived_style(style, "spaced", spaceBefore=gap))

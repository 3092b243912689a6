"""Question texts as reportlab Paragraph markup, or as plain Unicode text.

Instructors write either PLAIN text (shown as typed: "<" is a less-than sign)
or a small HTML subset (p, br, b/strong, i/em, code, pre, ul/ol/li, sub/sup,
img). Both may contain inline TeX maths, \\( … \\), \\[ … \\] or $$ … $$, which
is turned into Unicode (\\alpha → α, \\mathbb{R} → ℝ, x^2 → x², \\frac{a}{b} →
a/b, …) with variables set in italic. Nothing here trusts its input: unknown
tags are dropped (their text kept), unbalanced tags are closed, unknown TeX
commands print as their name, and everything else is escaped, so the markup
always parses.

No reportlab import: this module only writes the markup dialect. The font
family names (storage.paragraph_markup) must be registered by whoever builds
the Paragraphs. The parts: storage.paragraph_markup (block kinds, escaping),
storage.tex_maths (TeX), storage.text_with_maths (plain texts, maths in text)
and storage.html_blocks (the HTML subset); Qt's rich text is written here.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as _xml_escape

from storage.domain import TextFormat
from storage.html_blocks import _HtmlToBlocks
from storage.paragraph_markup import MONO, NBSP, SANS, Block, ImageRef, ListItem, Para, Pre, escape
from storage.tex_maths import GREEK, GREEK_UPPER, tex_to_markup, tex_to_text
from storage.text_with_maths import _plain_blocks, _protect_maths

# The parts' own modules hold these; callers import them from here.
__all__ = [
    "GREEK",
    "GREEK_UPPER",
    "MONO",
    "NBSP",
    "SANS",
    "Block",
    "ImageRef",
    "ListItem",
    "Para",
    "Pre",
    "escape",
    "image_names",
    "markup_to_html",
    "tex_to_markup",
    "tex_to_text",
    "to_blocks",
    "to_html",
    "to_plain",
]


def to_blocks(text: str, fmt: TextFormat, *, plain: bool = False) -> list[Block]:
    """Split a question text into blocks of Paragraph markup (or plain text)."""
    if fmt is TextFormat.HTML:
        parser = _HtmlToBlocks(plain=plain)
        parser.feed(_protect_maths(text))
        parser.close()
        return parser.finish()
    return _plain_blocks(text, plain=plain)


def to_plain(text: str, fmt: TextFormat) -> str:
    """The text on one line, without markup: for answer keys and messages."""
    parts: list[str] = []
    for block in to_blocks(text, fmt, plain=True):
        if isinstance(block, ImageRef):
            parts.append(f"[image {block.name}]")
        elif isinstance(block, ListItem) and block.bullet:
            parts.append(f"{block.bullet} {block.markup}")
        else:
            parts.append(block.markup)
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p.strip())).strip()


def image_names(text: str, fmt: TextFormat) -> list[str]:
    """Names of the images an HTML text shows, in order."""
    if fmt is not TextFormat.HTML:
        return []
    return [b.name for b in to_blocks(text, fmt, plain=True) if isinstance(b, ImageRef)]


# --------------------------------------------------------------------------- Qt rich text

_QT_TAGS = (
    ("<super>", "<sup>"),
    ("</super>", "</sup>"),
    ("<strike>", "<s>"),
    ("</strike>", "</s>"),
    (f'<font face="{MONO}">', '<span style="font-family: monospace">'),
    ("</font>", "</span>"),
)


def markup_to_html(markup: str) -> str:
    """Paragraph markup (from `to_blocks`) as the HTML that Qt's rich text shows."""
    for old, new in _QT_TAGS:
        markup = markup.replace(old, new)
    return markup


def to_html(text: str, fmt: TextFormat, inline: bool = False) -> str:
    """A question text as safe HTML for Qt's rich text (QTextDocument, QLabel), with
    maths as Unicode. Images become <img src="name">: the caller registers each
    name as a document resource. `inline` joins the blocks with <br> instead of
    making paragraphs (for an option next to its tick box)."""
    out: list[str] = []
    for block in to_blocks(text, fmt):
        if isinstance(block, ImageRef):
            out.append(f'<img src="{_xml_escape(block.name, {chr(34): "&quot;"})}">')
        elif isinstance(block, Pre):
            body = markup_to_html(block.markup)
            out.append(f'<span style="font-family: monospace">{body}</span>')
        elif isinstance(block, ListItem):
            bullet = f"{block.bullet}{NBSP}" if block.bullet else NBSP * 2
            item = f"{bullet}{markup_to_html(block.markup)}"
            if inline:
                out.append(NBSP * 4 * block.depth + item)
            else:
                margin = f"margin-left:{20 * block.depth}px; margin-top:0; margin-bottom:0"
                out.append(f'<p style="{margin}">{item}</p>')
        else:
            body = markup_to_html(block.markup)
            out.append(f"<b>{body}</b>" if block.heading else body)
    if inline:
        return "<br>".join(out)
    return "".join(part if part.startswith("<p ") else f"<p>{part}</p>" for part in out)

"""The Paragraph markup dialect question texts are turned into: font families, block
kinds, and escaping. No reportlab import: whoever builds the Paragraphs registers the fonts."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape

SANS = "DejaVuSans"  # family: SANS, SANS-Bold, SANS-Oblique, SANS-BoldOblique
MONO = "DejaVuSansMono"

NBSP = "\u00a0"


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Para:
    """A paragraph of inline markup (or plain text, from `to_blocks(plain=True)`)."""

    markup: str
    heading: bool = False


@dataclass(frozen=True)
class Pre:
    """Preformatted text (code): markup with non-breaking spaces and <br/>."""

    markup: str


@dataclass(frozen=True)
class ListItem:
    markup: str
    bullet: str  # "•", "3.", or "" for a continuation paragraph of the same item
    depth: int  # 1 for a top-level list


@dataclass(frozen=True)
class ImageRef:
    name: str  # matches QuestionImage.name


Block = Para | Pre | ListItem | ImageRef


def escape(text: str) -> str:
    """Escape text for Paragraph markup."""
    return _xml_escape(text)

"""The question-text editor: Qt rich text in, Quizwright's HTML subset out.

Qt's own `toHtml()` writes styled spans for everything; the bank, the PDF
exam and Moodle want the small subset of `TextFormat.HTML` (p, br, b, i,
code, pre, ul/ol/li, sub/sup, img). `document_to_html` walks the document and
writes only that, and says whether any formatting was used at all, so an
unformatted text stays PLAIN.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QImage, QTextCharFormat, QTextDocument, QTextListFormat
from PySide6.QtWidgets import QTextEdit, QWidget

from storage.domain import TextFormat

_ORDERED = {
    QTextListFormat.Style.ListDecimal,
    QTextListFormat.Style.ListLowerAlpha,
    QTextListFormat.Style.ListUpperAlpha,
    QTextListFormat.Style.ListLowerRoman,
    QTextListFormat.Style.ListUpperRoman,
}
_MATH = re.compile(r"\\\(.+?\\\)|\\\[.+?\\\]|\$\$.+?\$\$", re.S)


def is_code(fmt: QTextCharFormat) -> bool:
    families = fmt.fontFamilies() or []
    named = any("mono" in str(f).lower() or "courier" in str(f).lower() for f in families)
    return fmt.fontFixedPitch() or named


def _inline(block_text_fragments: list[tuple[str, QTextCharFormat]]) -> tuple[str, bool]:
    out: list[str] = []
    used = False
    for text, fmt in block_text_fragments:
        if fmt.isImageFormat():
            name = fmt.toImageFormat().name()
            out.append(f'<img src="{html.escape(name)}">' * max(1, text.count("\ufffc")))
            used = True
            continue
        body = html.escape(text, quote=False).replace("\u2028", "<br>")
        tags: list[str] = []
        if fmt.fontWeight() >= QFont.Weight.DemiBold.value:
            tags.append("b")
        if fmt.fontItalic():
            tags.append("i")
        if is_code(fmt):
            tags.append("code")
        valign = fmt.verticalAlignment()
        if valign == QTextCharFormat.VerticalAlignment.AlignSuperScript:
            tags.append("sup")
        elif valign == QTextCharFormat.VerticalAlignment.AlignSubScript:
            tags.append("sub")
        if tags and text.strip():
            used = True
            body = (
                "".join(f"<{t}>" for t in tags) + body + "".join(f"</{t}>" for t in reversed(tags))
            )
        out.append(body)
    # adjacent runs of the same tag (split by Qt for no visible reason) are joined
    joined = "".join(out)
    for tag in ("b", "i", "code", "sup", "sub"):
        joined = joined.replace(f"</{tag}><{tag}>", "")
    return joined, used


def _fragments(block: object) -> list[tuple[str, QTextCharFormat]]:
    out: list[tuple[str, QTextCharFormat]] = []
    it = block.begin()  # type: ignore[attr-defined]
    while not it.atEnd():
        frag = it.fragment()
        if frag.isValid():
            out.append((frag.text(), frag.charFormat()))
        it += 1
    return out


def document_to_html(doc: QTextDocument) -> tuple[str, bool]:
    """The document in the HTML subset, and whether it uses any formatting."""
    parts: list[str] = []
    used = False
    open_list: tuple[object, str] | None = None
    pre: list[str] = []

    def end_pre() -> None:
        if pre:
            parts.append("<pre>" + "\n".join(pre) + "</pre>")
            pre.clear()

    block = doc.begin()
    while block.isValid():
        text_list = block.textList()
        if open_list is not None and (text_list is None or text_list != open_list[0]):
            parts.append(f"</{open_list[1]}>")
            open_list = None
        if block.blockFormat().nonBreakableLines() and text_list is None:
            pre.append(html.escape(block.text(), quote=False))
            used = True
            block = block.next()
            continue
        end_pre()
        inner, styled = _inline(_fragments(block))
        used = used or styled
        if text_list is not None:
            if open_list is None:
                tag = "ol" if text_list.format().style() in _ORDERED else "ul"
                parts.append(f"<{tag}>")
                open_list = (text_list, tag)
            parts.append(f"<li>{inner}</li>")
            used = True
        elif inner.strip():
            parts.append(f"<p>{inner}</p>")
        block = block.next()
    end_pre()
    if open_list is not None:
        parts.append(f"</{open_list[1]}>")
    return "".join(parts), used


def html_for_qt(text: str) -> str:
    """Subset HTML made safe for Qt's parser: a bare "<" inside maths is a less-than."""
    return _MATH.sub(lambda m: re.sub(r"<(?![A-Za-z/!])", "&lt;", m.group()), text)


class RichTextEdit(QTextEdit):
    """A QTextEdit that shows the question's images by name and formats selections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: dict[str, QImage] = {}
        self.setAcceptRichText(True)
        self.setTabChangesFocus(True)  # Tab moves on to the next field, as in a form

    def loadResource(self, kind: int, name: QUrl) -> object:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            image = self.images.get(name.toString())
            if image is not None:
                return image
        return super().loadResource(kind, name)

    def set_text(self, text: str, fmt: TextFormat) -> None:
        if fmt is TextFormat.HTML:
            self.setHtml(html_for_qt(text))
        else:
            self.setPlainText(text)

    def text(self) -> tuple[str, bool]:
        """(text, formatted): the subset HTML if formatted, else the plain text."""
        markup, used = document_to_html(self.document())
        return (markup, True) if used else (self.toPlainText(), False)

    # -- formatting the selection (or what is typed next)

    def _merge(self, fmt: QTextCharFormat) -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            self.mergeCurrentCharFormat(fmt)
            return
        cursor.mergeCharFormat(fmt)
        self.setTextCursor(cursor)

    def toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.currentCharFormat().fontWeight() >= QFont.Weight.DemiBold.value
        fmt.setFontWeight(QFont.Weight.Normal if bold else QFont.Weight.Bold)
        self._merge(fmt)

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.currentCharFormat().fontItalic())
        self._merge(fmt)

    def toggle_code(self) -> None:
        fmt = QTextCharFormat()
        if is_code(self.currentCharFormat()):
            fmt.setFontFixedPitch(False)
            fmt.setFontFamilies([self.font().family()])
        else:
            fmt.setFontFixedPitch(True)
            fmt.setFontFamilies(["monospace"])
        self._merge(fmt)

    def toggle_list(self, ordered: bool) -> None:
        cursor = self.textCursor()
        current = cursor.currentList()
        style = QTextListFormat.Style.ListDecimal if ordered else QTextListFormat.Style.ListDisc
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            # the same list again: take the paragraphs out of it
            block = cursor.block()
            current.remove(block)
            fmt = block.blockFormat()
            fmt.setIndent(0)
            cursor.setBlockFormat(fmt)
        else:
            list_format = QTextListFormat()
            list_format.setStyle(style)
            cursor.createList(list_format)
        cursor.endEditBlock()

"""The HTML subset of question texts as blocks of Paragraph markup: unknown tags are
dropped (their text kept), unbalanced ones closed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

from storage.paragraph_markup import MONO, NBSP, Block, ImageRef, ListItem, Para, Pre, escape
from storage.text_with_maths import _text_and_math

_INLINE: dict[str, tuple[str, str]] = {
    "b": ("<b>", "</b>"),
    "strong": ("<b>", "</b>"),
    "i": ("<i>", "</i>"),
    "em": ("<i>", "</i>"),
    "cite": ("<i>", "</i>"),
    "var": ("<i>", "</i>"),
    "dfn": ("<i>", "</i>"),
    "u": ("<u>", "</u>"),
    "ins": ("<u>", "</u>"),
    "s": ("<strike>", "</strike>"),
    "strike": ("<strike>", "</strike>"),
    "del": ("<strike>", "</strike>"),
    "sub": ("<sub>", "</sub>"),
    "sup": ("<super>", "</super>"),
    "code": (f'<font face="{MONO}">', "</font>"),
    "tt": (f'<font face="{MONO}">', "</font>"),
    "kbd": (f'<font face="{MONO}">', "</font>"),
    "samp": (f'<font face="{MONO}">', "</font>"),
}
_CODE_TAGS = {"code", "tt", "kbd", "samp"}
# fmt: off
_BLOCK = {
    "p", "div", "blockquote", "section", "article", "header", "footer", "table",
    "thead", "tbody", "tr", "hr", "dl", "dt", "dd", "figure", "figcaption", "center",
}
# fmt: on
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "head", "title", "template", "object", "iframe", "svg", "math"}
_BULLETS = ("•", "◦", "▪")


class _HtmlToBlocks(HTMLParser):
    def __init__(self, plain: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.plain = plain
        self.blocks: list[Block] = []
        self.parts: list[str] = []  # the paragraph being built
        self.inline: list[tuple[str, str, str]] = []  # (html tag, open markup, close markup)
        self.lists: list[list[object]] = []  # [kind "ul"/"ol", next number]
        self.bullet: str | None = None  # for the next block, when inside <li>
        self.heading = False
        self.skip = 0
        self.pre = 0
        self.code = 0
        self.cell = False  # a table cell was already written on this row

    # -- blocks

    def _flush(self) -> None:
        closing = "" if self.plain else "".join(c for _, _, c in reversed(self.inline))
        markup = "".join(self.parts).strip() + closing
        self.parts = []
        if not self.plain:
            self.parts = [o for _, o, _ in self.inline]
        visible = re.sub(r"<(?!br/>)[^>]*>", "", markup).replace("<br/>", "").strip(" " + NBSP)
        if not visible:
            return
        markup = re.sub(r"^(?:<br/>\s*)+|(?:\s*<br/>)+$", "", markup)
        if self.lists:
            bullet = self.bullet or ""
            self.blocks.append(ListItem(markup, bullet, len(self.lists)))
            self.bullet = None
        else:
            self.blocks.append(Para(markup, heading=self.heading))

    def finish(self) -> list[Block]:
        if self.pre:
            self._end_pre()
        self._flush()
        return self.blocks

    def _end_pre(self) -> None:
        self.pre = 0
        text = "".join(self.parts)
        closing = "" if self.plain else "".join(c for _, _, c in reversed(self.inline))
        self.parts = [] if self.plain else [o for _, o, _ in self.inline]
        text = text.strip("\n").rstrip()
        if text.strip():
            self.blocks.append(Pre(text if self.plain else text.replace("\n", "<br/>") + closing))

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self.parts.append("\n" if self.pre else (" " if self.plain else "<br/>"))
        elif tag in _INLINE:
            opening, closing = _INLINE[tag]
            self.inline.append((tag, opening, closing))
            if tag in _CODE_TAGS:
                self.code += 1
            if not self.plain:
                self.parts.append(opening)
        elif tag == "img":
            src = dict(attrs).get("src") or ""
            name = unquote(src.split("?", 1)[0].rsplit("/", 1)[-1]).strip()
            self._flush()
            if name:
                self.blocks.append(ImageRef(name))
        elif tag == "pre":
            self._flush()
            self.pre += 1
            self.parts = [] if self.plain else [o for _, o, _ in self.inline]
        elif tag in ("ul", "ol"):
            self._flush()
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) if start.isdigit() else 1])
        elif tag == "li":
            self._flush()
            if self.lists:
                kind = self.lists[-1]
                if kind[0] == "ol":
                    number = kind[1]
                    assert isinstance(number, int)
                    self.bullet = f"{number}."
                    kind[1] = number + 1
                else:
                    self.bullet = _BULLETS[(len(self.lists) - 1) % len(_BULLETS)]
        elif tag in _HEADINGS:
            self._flush()
            self.heading = True
        elif tag in ("td", "th"):
            if self.cell:
                self.parts.append(" | " if self.plain else " &nbsp;|&nbsp; ")
            self.cell = True
        elif tag in _BLOCK:
            self._flush()
            self.cell = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INLINE or tag in _SKIP:
            return  # <b/> means nothing
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _INLINE:
            self._close_inline(tag)
        elif tag == "pre":
            if self.pre:
                self._end_pre()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self._flush()
        elif tag in _HEADINGS:
            self._flush()
            self.heading = False
        elif tag in _BLOCK:
            self._flush()
            self.cell = False

    def _close_inline(self, tag: str) -> None:
        index = next(
            (i for i in range(len(self.inline) - 1, -1, -1) if self.inline[i][0] == tag), None
        )
        if index is None:
            return  # a stray closing tag
        above = self.inline[index + 1 :]
        if not self.plain:
            self.parts.extend(c for _, _, c in reversed(above))
            self.parts.append(self.inline[index][2])
            self.parts.extend(o for _, o, _ in above)
        if tag in _CODE_TAGS:
            self.code = max(0, self.code - 1)
        del self.inline[index]

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            if self.plain:
                self.parts.append(data)
            else:
                self.parts.append(escape(data).replace(" ", NBSP).replace("\t", NBSP * 4))
            return
        data = re.sub(r"\s+", " ", data)
        so_far = "".join(self.parts)
        if so_far.endswith("<br/>") or not re.sub(r"<[^>]*>", "", so_far).strip():
            data = data.lstrip()
        if self.code:
            self.parts.append(data if self.plain else escape(data))
        else:
            self.parts.append(_text_and_math(data, self.plain, keep_spaces=False))

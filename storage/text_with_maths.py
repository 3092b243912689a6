"""Text with inline TeX maths (\\( … \\), \\[ … \\], $$ … $$): escaped for Paragraph markup with
the maths converted, plain texts as blocks, and maths in HTML kept whole for the parser."""

from __future__ import annotations

import re

from storage.paragraph_markup import NBSP, Block, Para, escape
from storage.tex_maths import tex_to_markup, tex_to_text

_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)


def _text_and_math(text: str, plain: bool, keep_spaces: bool) -> str:
    """Escape `text`, converting maths; runs of spaces are kept when asked."""
    out: list[str] = []
    pos = 0
    for m in _MATH.finditer(text):
        out.append(_literal(text[pos : m.start()], plain, keep_spaces))
        tex = next(g for g in m.groups() if g is not None)
        out.append(tex_to_text(tex) if plain else tex_to_markup(tex))
        pos = m.end()
    out.append(_literal(text[pos:], plain, keep_spaces))
    return "".join(out)


_MATH_TAG = re.compile(
    r"</?(?:b|i|em|strong|u|sub|sup|span|font|code|br|a|small|big)(?:\s[^<>]*)?/?>", re.I
)


def _protect_maths(html: str) -> str:
    """Make TeX maths in HTML one run of text before parsing: a bare "<", as in
    \\(x<y\\), is a less-than sign; <sup>/<sub> become ^{…}/_{…}; other tags go."""

    def fix(m: re.Match[str]) -> str:
        tex = m.group()
        out: list[str] = []
        i = 0
        while i < len(tex):
            tag = _MATH_TAG.match(tex, i) if tex[i] == "<" else None
            if tag is None:
                out.append("&lt;" if tex[i] == "<" else tex[i])
                i += 1
                continue
            name = tag.group().strip("</>").split()[0].lower() if tag.group().strip("</>") else ""
            closing = tag.group().startswith("</")
            if name in ("sup", "sub"):
                out.append("}" if closing else ("^{" if name == "sup" else "_{"))
            elif name == "br":
                out.append(" ")
            i = tag.end()
        return "".join(out)

    return _MATH.sub(fix, html)


def _literal(text: str, plain: bool, keep_spaces: bool) -> str:
    if plain:
        return text
    text = escape(text)
    if keep_spaces:
        # Paragraphs collapse spaces; keep indentation and alignment as typed.
        text = re.sub(r"(?m)^ +", lambda m: NBSP * len(m.group()), text)
        text = re.sub(r" {2,}", lambda m: NBSP * (len(m.group()) - 1) + " ", text)
    return text


def _plain_blocks(text: str, plain: bool) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip("\n")):
        if not chunk.strip():
            continue
        converted = _text_and_math(chunk.rstrip(), plain, keep_spaces=True)
        blocks.append(Para(converted if plain else converted.replace("\n", "<br/>")))
    return blocks

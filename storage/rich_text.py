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
family names below must be registered by whoever builds the Paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote
from xml.sax.saxutils import escape as _xml_escape

from storage.domain import TextFormat

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


# --------------------------------------------------------------------------- plain text

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


# --------------------------------------------------------------------------- HTML

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


# --------------------------------------------------------------------------- TeX

# fmt: off
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
    "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
    "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
}
GREEK_UPPER = {
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
_REL = {
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡",
    "neq": "≠", "ne": "≠", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "ll": "≪",
    "gg": "≫", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
    "leftrightarrow": "↔", "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔",
    "implies": "⇒", "impliedby": "⇐", "iff": "⇔", "mapsto": "↦", "longrightarrow": "⟶",
    "longmapsto": "⟼", "propto": "∝", "perp": "⊥", "parallel": "∥", "mid": "∣",
    "models": "⊨", "vdash": "⊢", "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰",
    "coloneqq": "≔", "doteq": "≐", "triangleq": "≜", "uparrow": "↑", "downarrow": "↓",
}
_BIN = {
    "pm": "±", "mp": "∓", "times": "×", "cdot": "·", "div": "÷", "cup": "∪", "cap": "∩",
    "setminus": "∖", "land": "∧", "lor": "∨", "wedge": "∧", "vee": "∨", "oplus": "⊕",
    "otimes": "⊗", "odot": "⊙", "circ": "∘", "bullet": "•", "star": "⋆", "ast": "∗",
    "bmod": "mod", "mod": "mod",
}
_ORD = {
    "infty": "∞", "partial": "∂", "nabla": "∇", "emptyset": "∅", "varnothing": "∅",
    "forall": "∀", "exists": "∃", "nexists": "∄", "neg": "¬", "lnot": "¬", "prime": "′",
    "angle": "∠", "triangle": "△", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮",
    "ddots": "⋱", "hbar": "ℏ", "ell": "ℓ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "top": "⊤",
    "bot": "⊥", "degree": "°", "checkmark": "✓", "dagger": "†", "{": "{", "}": "}",
    "|": "‖", "#": "#", "$": "$", "%": "%", "&": "&", "_": "_", "Vert": "‖", "vert": "|",
    "backslash": "\\", "surd": "√",
}
_OPEN = {"langle": "⟨", "lfloor": "⌊", "lceil": "⌈", "lbrace": "{", "lvert": "|", "lVert": "‖"}
_CLOSE = {"rangle": "⟩", "rfloor": "⌋", "rceil": "⌉", "rbrace": "}", "rvert": "|", "rVert": "‖"}
_LARGE = {
    "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "iiint": "∭",
    "oint": "∮", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂",
}
_FUNCTIONS = {
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos",
    "arctan", "sinh", "cosh", "tanh", "max", "min", "sup", "inf", "lim", "liminf", "limsup",
    "arg", "argmax", "argmin", "det", "dim", "ker", "deg", "gcd", "lcm", "Pr", "hom", "rank",
    "tr", "sgn", "softmax", "diag", "var", "Var", "Cov", "E",
}
_SPACES = {",": " ", ":": " ", ";": " ", ">": " ", " ": " ", "quad": "  ", "qquad": "   ",
           "enspace": " ", "thinspace": " ", "medspace": " ", "thickspace": " "}
_IGNORED = {
    "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
    "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "scriptstyle",
    "limits", "nolimits", "!", "nonumber", "notag", "label", "mathstrut", "strut",
}
_BLACKBOARD = {
    "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "H": "ℍ", "1": "𝟙",
    **{c: chr(0x1D538 + ord(c) - ord("A")) for c in "ABDEFGIJKLMOSTUVWXY"},
}
_CALLIGRAPHIC = {"L": "ℒ", "H": "ℋ", "F": "ℱ", "E": "ℰ", "M": "ℳ", "R": "ℛ", "B": "ℬ", "I": "ℐ"}
_ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
    "vec": "\u20d7", "tilde": "\u0303", "widetilde": "\u0303", "dot": "\u0307",
    "ddot": "\u0308", "check": "\u030c", "breve": "\u0306", "acute": "\u0301",
    "grave": "\u0300", "underline": "\u0332",
}
_SUPERSCRIPT = dict(zip("0123456789+-−=()niT⊤′", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀᵀ′", strict=True))
_SUPERSCRIPT_ALL = {
    **_SUPERSCRIPT,
    **dict(zip("abcdefghijklmoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", strict=True)),
    "*": "*", "ᵀ": "ᵀ", "⊤": "ᵀ",
}
_SUBSCRIPT = dict(
    zip("0123456789+-−=()aeoxhklmnpstijruv", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", strict=True)
)
# fmt: on

_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\\$|\s+|.", re.S)


@dataclass
class _Atom:
    markup: str
    plain: str
    kind: str = "ord"  # ord, bin, rel, open, close, punct, op, fn, space


class _Tex:
    def __init__(self, source: str) -> None:
        self.tokens = [t for t in _TOKEN.findall(source)]
        self.pos = 0
        self.upright = 0
        self.depth = 0

    def peek(self) -> str | None:
        while self.pos < len(self.tokens) and self.tokens[self.pos].isspace():
            self.pos += 1
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str | None:
        token = self.peek()
        if token is not None:
            self.pos += 1
        return token

    # -- grammar

    def sequence(self, until: str | None = None) -> list[_Atom]:
        atoms: list[_Atom] = []
        while True:
            token = self.peek()
            if token is None:
                return atoms
            if token == until:
                self.pos += 1
                return atoms
            if token in ("^", "_"):
                self.pos += 1
                self._script(atoms, token, self.argument())
            elif token == "}":  # a stray closing brace
                self.pos += 1
            else:
                atoms.extend(self.atom())

    def argument(self) -> list[_Atom]:
        token = self.peek()
        if token is None:
            return []
        if token == "{":
            self.pos += 1
            return self._nested("}")
        if token in ("^", "_", "}"):
            return []
        return self.atom()

    def _nested(self, until: str) -> list[_Atom]:
        self.depth += 1
        try:
            if self.depth > 50:  # absurd nesting: give the rest back as text
                rest = "".join(self.tokens[self.pos :])
                self.pos = len(self.tokens)
                return [_Atom(escape(rest), rest)]
            return self.sequence(until)
        finally:
            self.depth -= 1

    def raw_group(self) -> str:
        """The text of a {…} group as written (for \\text)."""
        if self.peek() != "{":
            token = self.take()
            return token or ""
        self.pos += 1
        depth = 1
        out: list[str] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    break
            out.append(token[1:] if token in ("\\{", "\\}", "\\%", "\\&", "\\$", "\\_") else token)
        return "".join(out)

    def atom(self) -> list[_Atom]:
        token = self.take()
        if token is None:
            return []
        if token == "{":
            group = self._nested("}")
            return [_merge(group)] if group else []
        if token.startswith("\\") and len(token) > 1:
            return self.command(token[1:].rstrip("*"))
        return [self.char(token)]

    def char(self, c: str) -> _Atom:
        if c.isalpha():
            if self.upright:
                return _Atom(escape(c), c)
            return _Atom(f"<i>{escape(c)}</i>", c)
        if c in "+*":
            return _Atom(c if c == "+" else "∗", c if c == "+" else "∗", "bin")
        if c == "-":
            return _Atom("−", "−", "bin")
        if c in "=<>:":
            return _Atom(escape(c), c, "rel")
        if c in ",;":
            return _Atom(c, c, "punct")
        if c in "([":
            return _Atom(c, c, "open")
        if c in ")]!":
            return _Atom(c, c, "close")
        if c == "'":
            return _Atom("′", "′")
        if c == "~":
            return _Atom(NBSP, " ", "space")
        if c == "&":
            return _Atom(NBSP * 2, "  ", "space")
        return _Atom(escape(c), c)

    def command(self, name: str) -> list[_Atom]:
        if name in GREEK:
            g = GREEK[name]
            return [_Atom(g if self.upright else f"<i>{g}</i>", g)]
        if name in GREEK_UPPER:
            return [_Atom(GREEK_UPPER[name], GREEK_UPPER[name])]
        for table, kind in (
            (_REL, "rel"),
            (_BIN, "bin"),
            (_ORD, "ord"),
            (_OPEN, "open"),
            (_CLOSE, "close"),
            (_LARGE, "op"),
        ):
            if name in table:
                return [_Atom(escape(table[name]), table[name], kind)]
        if name in _SPACES:
            return [_Atom(_SPACES[name].replace(" ", NBSP), _SPACES[name], "space")]
        if name in _IGNORED:
            if name in ("left", "right", "middle") and self.peek() == ".":
                self.pos += 1
            if name == "label":
                self.raw_group()
            return []
        if name in _FUNCTIONS:
            return [_Atom(name, name, "fn")]
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            num, den = self.argument(), self.argument()
            n, d = _wrap(num), _wrap(den)
            return [_Atom(f"{n.markup}/{d.markup}", f"{n.plain}/{d.plain}")]
        if name == "binom":
            n, k = _merge(self.argument()), _merge(self.argument())
            return [_Atom(f"C({n.markup},{NBSP}{k.markup})", f"C({n.plain}, {k.plain})")]
        if name == "sqrt":
            index: list[_Atom] = []
            if self.peek() == "[":
                self.pos += 1
                index = self._nested("]")
            radicand = _wrap(self.argument())
            root = _Atom("√", "√")
            if index:
                root = _merge([_Atom("", ""), root])
                self._script_prefix(root, index)
            return [_Atom(root.markup + radicand.markup, root.plain + radicand.plain)]
        if name in ("mathbb", "Bbb", "mathds"):
            text = self.raw_group().strip()
            mapped = "".join(_BLACKBOARD.get(c, c) for c in text)
            return [_Atom(escape(mapped), mapped)]
        if name in ("mathcal", "mathscr"):
            text = self.raw_group().strip()
            mapped = "".join(_CALLIGRAPHIC.get(c, c) for c in text)
            return [_Atom(escape(mapped) if mapped != text else f"<i>{escape(text)}</i>", mapped)]
        if name in ("mathbf", "boldsymbol", "bm", "textbf", "mathbfit"):
            inner = _merge(self.argument())
            return [_Atom(f"<b>{inner.markup}</b>", inner.plain)]
        if name in ("text", "textrm", "textnormal", "mbox", "textup", "textit", "emph"):
            text = self.raw_group()
            markup = escape(text).replace("  ", NBSP + " ")
            if name in ("textit", "emph"):
                markup = f"<i>{markup}</i>"
            return [_Atom(markup, text)]
        if name in ("mathrm", "operatorname", "mathsf", "textsf", "rm", "mathup"):
            self.upright += 1
            try:
                inner = _merge(self.argument())
            finally:
                self.upright -= 1
            return [_Atom(inner.markup, inner.plain, "fn" if name == "operatorname" else "ord")]
        if name in ("mathtt", "texttt"):
            text = self.raw_group()
            return [_Atom(f'<font face="{MONO}">{escape(text)}</font>', text)]
        if name in ("mathit", "mathnormal"):
            return [_merge(self.argument())]
        if name in _ACCENTS:
            inner = _merge(self.argument())
            mark = _ACCENTS[name]
            plain = (
                "".join(c + mark for c in inner.plain)
                if len(inner.plain) > 1 and name in ("overline", "underline")
                else inner.plain + mark
            )
            markup = (
                inner.markup + mark
                if len(inner.plain) <= 1 or plain == inner.plain + mark
                else f"<i>{escape(plain)}</i>"
            )
            return [_Atom(markup, plain)]
        if name == "not":
            follower = self.atom()
            if not follower:
                return [_Atom("/", "/")]
            first = follower[0]
            negated = {
                "∈": "∉",
                "=": "≠",
                "≡": "≢",
                "⊂": "⊄",
                "⊆": "⊈",
                "∼": "≁",
                "<": "≮",
                ">": "≯",
                "≤": "≰",
                "≥": "≱",
                "∃": "∄",
                "|": "∤",
                "∣": "∤",
            }
            text = negated.get(first.plain, first.plain + "\u0338")
            return [_Atom(escape(text), text, "rel")]
        if name == "pmod":
            inner = _merge(self.argument())
            return [_Atom(f"(mod {inner.markup})", f"(mod {inner.plain})")]
        if name in ("begin", "end"):
            self.raw_group()
            return []
        if name == "\\" or name == "newline" or name == "cr":
            return [_Atom(";" + NBSP, "; ", "space")]
        if len(name) == 1:  # \X for other punctuation: the character itself
            return [_Atom(escape(name), name)]
        # Unknown command: print its name upright, never fail.
        return [_Atom(escape(name), name, "fn")]

    # -- scripts

    @staticmethod
    def _script(atoms: list[_Atom], kind: str, content: list[_Atom]) -> None:
        base = atoms[-1] if atoms else None
        if base is None:
            base = _Atom("", "")
            atoms.append(base)
        inner = _merge(content, tight=True)
        if kind == "^":
            base.markup += _sup_markup(inner)
            base.plain += _sup_plain(inner)
        else:
            base.markup += f"<sub>{inner.markup}</sub>" if inner.markup else ""
            base.plain += _sub_plain(inner)

    @staticmethod
    def _script_prefix(base: _Atom, content: list[_Atom]) -> None:
        inner = _merge(content, tight=True)
        base.markup = _sup_markup(inner) + base.markup
        base.plain = _sup_plain(inner) + base.plain


def _sup_markup(inner: _Atom) -> str:
    if not inner.plain:
        return ""
    if all(c in _SUPERSCRIPT for c in inner.plain):
        return "".join(_SUPERSCRIPT[c] for c in inner.plain)
    return f"<super>{inner.markup}</super>"


def _sup_plain(inner: _Atom) -> str:
    if not inner.plain:
        return ""
    if all(c in _SUPERSCRIPT_ALL for c in inner.plain):
        return "".join(_SUPERSCRIPT_ALL[c] for c in inner.plain)
    return f"^{inner.plain}" if len(inner.plain) == 1 else f"^({inner.plain})"


def _sub_plain(inner: _Atom) -> str:
    if not inner.plain:
        return ""
    if all(c in _SUBSCRIPT for c in inner.plain):
        return "".join(_SUBSCRIPT[c] for c in inner.plain)
    return f"_{inner.plain}" if len(inner.plain) == 1 else f"_({inner.plain})"


def _merge(atoms: list[_Atom], tight: bool = False) -> _Atom:
    """Set atoms side by side with TeX-like spacing around operators and relations.

    `tight`: no spaces (sub- and superscripts).
    """
    markup: list[str] = []
    plain: list[str] = []
    previous: _Atom | None = None
    for i, atom in enumerate(atoms):
        following = atoms[i + 1] if i + 1 < len(atoms) else None
        before = after = ""
        if tight:
            pass
        elif atom.kind == "rel":
            before = " " if previous is not None else ""
            after = " " if following is not None else ""
        elif atom.kind == "bin":
            binary = previous is not None and previous.kind in ("ord", "close", "fn", "op")
            if binary and following is not None:
                before = after = " "
        elif following is not None and (
            atom.kind == "punct" or (atom.kind in ("fn", "op") and following.kind in ("ord", "fn"))
        ):
            after = " "
        for out, text in ((markup, atom.markup), (plain, atom.plain)):
            if before and out and not out[-1].endswith((" ", NBSP)):
                out.append(before)
            out.append(text)
            if after:
                out.append(after)
        if atom.kind != "space":
            previous = atom
    kind = atoms[0].kind if len(atoms) == 1 else "ord"
    return _Atom("".join(markup).strip(" "), "".join(plain).strip(" "), kind)


def _wrap(atoms: list[_Atom]) -> _Atom:
    """An operand of / or √: parenthesised unless it is a single symbol or number."""
    merged = _merge(atoms)
    simple = len(atoms) <= 1 or re.fullmatch(r"[\d.]+", merged.plain) is not None
    if simple or (merged.plain.startswith("(") and merged.plain.endswith(")")):
        return merged
    return _Atom(f"({merged.markup})", f"({merged.plain})")


def _tidy(markup: str) -> str:
    for tag in ("i", "b"):
        markup = markup.replace(f"</{tag}><{tag}>", "")
    return markup


def tex_to_markup(tex: str) -> str:
    """Inline TeX as Paragraph markup: variables italic, operators upright."""
    try:
        return _tidy(_merge(_Tex(tex).sequence()).markup)
    except RecursionError:  # pragma: no cover - nesting is capped, but never fail
        return escape(tex)


def tex_to_text(tex: str) -> str:
    """Inline TeX as plain Unicode text."""
    try:
        return _merge(_Tex(tex).sequence()).plain
    except RecursionError:  # pragma: no cover
        return tex


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

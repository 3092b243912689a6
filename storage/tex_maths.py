"""Inline TeX maths as Unicode: Paragraph markup (variables italic, operators upright)
or plain text. Unknown commands print as their name; nothing here fails on its input."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.paragraph_markup import MONO, NBSP, escape

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

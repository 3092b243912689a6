"""Clean the text PyMuPDF extracts from lecture slide PDFs.

Slide text is full of export artefacts: ligature code points, TeX accents that
come out as a spacing diacritic plus a dotless i, UTF-8 read as MacRoman,
hyphenated line ends, letter-spaced words, hidden LaTeXiT payloads, running
headers, page numbers and column padding. Before the text is searched or used
to draft questions it is cleaned page by page (`clean_page`), page furniture is
removed across the deck (`strip_furniture`) and each page gets the reasons it
carries nothing to ask about (`classify_pages`, in storage.page_flags). `clean_deck`
does all three.

Line structure is kept: one bullet or line per line, since slides are lists.
Word repairs only ever turn non-words into known words (wordninja's English
unigram list), so jargon, code, math and non-Latin scripts pass through.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import ftfy

from storage.page_flags import (
    AGENDA,
    CLOSING,
    EMPTY,
    OVERLAY,
    TITLE,
    FigureFinder,
    classify_pages,
)
from storage.page_flags import BULLETS as _BULLETS

__all__ = [
    "AGENDA",
    "CLOSING",
    "EMPTY",
    "OVERLAY",
    "TITLE",
    "CleanedDeck",
    "FigureFinder",
    "classify_pages",
    "clean_deck",
    "clean_page",
    "clean_title",
    "fix_mojibake",
    "strip_furniture",
]

# --- vocabulary ------------------------------------------------------------------------------

# One- and two-letter words a segmentation may produce; wordninja's list also holds
# abbreviations such as "ga" or "cr" that would let junk pass as words.
_SHORT_WORDS = frozenset(
    "a i am an as at be by do go he if in is it me my no of oh ok on or so to up us we".split()
)
_KNOWN_RANK = 60_000  # wordninja ranks by frequency; past this it is mostly names and junk
_COMMON_RANK = 30_000
_SUFFIXES = (
    "izations", "ization", "isation", "izers", "izer", "ations", "ation", "ition", "ings",
    "ing", "ers", "er", "est", "ed", "ly", "ness", "ments", "ment", "able", "ible", "ities",
    "ity", "izes", "ized", "izing", "ize", "ised", "ise", "ism", "ists", "ist", "ive", "ally",
    "al", "ful", "less", "es", "s",
)  # fmt: skip


@cache
def _vocab() -> tuple[dict[str, float], float]:
    """wordninja's word -> cost table and the cost of rank 0; loaded on first use."""
    import wordninja  # ~0.1 s to load, so only when a page needs it

    costs: dict[str, float] = wordninja.DEFAULT_LANGUAGE_MODEL._wordcost
    return costs, math.log(math.log(len(costs)))


def _rank_below(word: str, rank: int) -> bool:
    # cost = log((rank + 1) * log(N)), so a rank bound is a cost bound
    costs, base = _vocab()
    return costs.get(word, math.inf) < base + math.log(rank + 1)


def _is_word(token: str) -> bool:
    """Whether an alphabetic token is a word at all (any rank), for counting non-words."""
    if len(token) == 1:
        return token in "aAI"
    return token.lower() in _vocab()[0]


def _plain_case(word: str) -> bool:
    return word.islower() or word.isupper() or word.istitle()


def _known(word: str) -> bool:
    """A word a repair may produce: common enough, and sensibly cased."""
    if not _plain_case(word):
        return False
    low = word.lower()
    if len(low) <= 2:
        return low in _SHORT_WORDS
    return _rank_below(low, _KNOWN_RANK)


def _derivable(word: str, compounds: bool = True) -> bool:
    """A word missing from the list but made of a common stem and a suffix, or of two words."""
    if not _plain_case(word):
        return False
    low = word.lower()
    for suffix in _SUFFIXES:
        stem = low[: -len(suffix)]
        if (
            low.endswith(suffix)
            and len(stem) >= 3
            and (_rank_below(stem, _COMMON_RANK) or _rank_below(stem + "e", _COMMON_RANK))
        ):
            return True
    return compounds and any(
        _rank_below(low[:k], _COMMON_RANK) and _rank_below(low[k:], _COMMON_RANK)
        for k in range(3, len(low) - 2)
    )


# --- character-level repairs -----------------------------------------------------------------

# LaTeXiT stores its source in the PDF as invisible text: extracted one character a line,
# it is kilobytes of base64 a page. Both the spread-out and the inline form are matched.
_LATEXIT = re.compile(
    r"<\n?l\n?a\n?t\n?e\n?x\n?i\n?t(?=[\s>]).*?<\n?/\n?l\n?a\n?t\n?e\n?x\n?i\n?t\n?>",
    re.DOTALL,
)
_LATEXIT_OPEN = re.compile(r"<\n?l\n?a\n?t\n?e\n?x\n?i\n?t(?=[\s>])")
# Any other long run of one-character lines that spells base64 is the same kind of junk.
_CHAR_PER_LINE_RUN = re.compile(r"(?:^.?\n){40,}", re.MULTILINE)
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{40,}")

_MACROMAN_HIGH = "".join(bytes([b]).decode("mac_roman") for b in range(0x80, 0x100))
_MR_LEAD3 = "".join(bytes([b]).decode("mac_roman") for b in range(0xE0, 0xF0))
_MR_LEAD4 = "".join(bytes([b]).decode("mac_roman") for b in range(0xF0, 0xF5))
_MR_CONT = "".join(bytes([b]).decode("mac_roman") for b in range(0x80, 0xC0))
# UTF-8 read as MacRoman (PowerPoint/Keynote on a Mac): "‚Äì" is "–", "‚àà" is "∈".
# ftfy mends some of these but uncurls the leading "‚" of the rest, so they go first.
_MACROMAN_SEQ = re.compile(
    f"[{re.escape(_MR_LEAD4)}][{re.escape(_MR_CONT)}]{{3}}|[{re.escape(_MR_LEAD3)}]"
    f"[{re.escape(_MR_CONT)}]{{2}}"
)
# A math letter (U+1D400..) whose lead byte F0 became the private-use Apple logo or was
# lost: "ùëá" is F0 9D 91 87, MATHEMATICAL ITALIC CAPITAL T.
_MACROMAN_MATH = re.compile(
    "\uf8ff?ù[" + re.escape(_MACROMAN_HIGH[0x10:0x20]) + "][" + re.escape(_MR_CONT) + "]"
)
_MATH_ALNUM = re.compile("[\U0001d400-\U0001d7ff]")

_FTFY = ftfy.TextFixerConfig(unescape_html=False, explain=False)

# TeX writes an accent as a spacing diacritic before the letter, over a dotless i:
# "Na¨ıve". Composed only when a precomposed letter exists.
_SPACING_TO_COMBINING = {
    "\u00a8": "\u0308",  # ¨
    "\u00b4": "\u0301",  # ´
    "\u02c6": "\u0302",  # ˆ
    "\u02dc": "\u0303",  # ˜
    "\u02c7": "\u030c",  # ˇ
    "\u02d8": "\u0306",  # ˘
    "\u02d9": "\u0307",  # ˙
    "\u02da": "\u030a",  # ˚
    "\u02dd": "\u030b",  # ˝
    "\u00af": "\u0304",  # ¯
    "`": "\u0300",
}
_SPACING_ACCENT = re.compile(
    r"([\u00a8\u00b4\u02c6\u02dc\u02c7\u02d8\u02d9\u02da\u02dd\u00af])([A-Za-zıȷ])"
)
_ACUTE_APOSTROPHE = re.compile(r"(?:s|t|d|m|ll|re|ve)\b")
# A backtick is code or a quote more often than an accent: only mid-word ("voil`a").
_GRAVE_ACCENT = re.compile(r"(?<=[A-Za-z])(`)([A-Za-zıȷ])")

# Computer Modern math italic through macOS Quartz comes out as arrows and ticks.
# Mapped only when several of them share a page, since each alone can be meant.
_TEX_QUARTZ = {"↵": "α", "✓": "θ", "⇡": "π", "⇢": "ρ", "⇠": "∼"}
_TEX_QUARTZ_RE = re.compile("[" + "".join(_TEX_QUARTZ) + "]")
_TEX_QUARTZ_ARROWS = re.compile(r"(?<= )7?!(?=[ \n]|$)|(?<=[\w)])7!(?=[ \n]|$)")
# The same fonts in matplotlib labels turn the minus into a degree sign: "°2.5".
_DEGREE_MINUS = re.compile(r"(?<![\w.)])°(?=\d)")

_PRIVATE_OR_INVISIBLE = re.compile("[\ue000-\uf8ff\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# --- line-level repairs ----------------------------------------------------------------------

_GLUED_BULLET = re.compile(f"^([{_BULLETS}])(?=\\S)")
_LONE_MARKER = re.compile(f"^(?:[{_BULLETS}*\\-–—]|\\d{{1,2}}[.)]|[a-z][.)]|[ivx]{{1,4}}[.)])$")
_STARTS_TEXT = re.compile(r"^[^\W\d_]|^[\"'“‘(\[]")
_HYPHEN_END = re.compile(r"([A-Za-z]{2,})[-\u2010]$")
_LOWER_START = re.compile(r"^[a-z]+")
_MAX_SPAN = 16  # tokens one repair may join: a 16-letter word spaced out letter by letter
_MAX_TRIES = 400  # candidate joins per line, so a line of junk stays fast
_TOKEN = re.compile(r"^([\"'(\[“‘]*)([A-Za-z]+)([\"').,;:!?\]”’]*)$")


# TeX's T1 (Cork) font encoding puts the ligatures ff, fi, fl, ffi, ffl at code points
# 27-31; a PDF whose font has no Unicode map gives them back as those control characters
# ("Make\x1cle" for "Makefile"). Only inside or at the edge of a word are they ligatures.
_T1_LIGATURES = {"\x1b": "ff", "\x1c": "fi", "\x1d": "fl", "\x1e": "ffi", "\x1f": "ffl"}
_T1_LIGATURE = re.compile(r"(?<=[A-Za-z])[\x1b-\x1f]|[\x1b-\x1f](?=[a-z])")


# Other fonts give a ligature back as DEL ("Speci\x7fc", "pro\x7fts"): which one it was,
# the word says — the first of fi, fl, ff, ffi, ffl that makes a known word.
_DEL_IN_WORD = re.compile(r"[A-Za-z]+\x7f[A-Za-z\x7f]*|\x7f[A-Za-z]+")


def _del_ligature(match: re.Match[str]) -> str:
    word = match.group()
    for lig in ("fi", "fl", "ff", "ffi", "ffl"):
        if _is_word(word.replace("\x7f", lig)):
            return word.replace("\x7f", lig)
    return word.replace("\x7f", "fi")  # the commonest; a name the lexicon lacks


def clean_page(raw: str) -> str:
    """One page's extracted text, repaired, one line per bullet or line, no empty lines."""
    text = _T1_LIGATURE.sub(lambda m: _T1_LIGATURES[m.group()], raw)
    if "\x7f" in text:
        text = _DEL_IN_WORD.sub(_del_ligature, text)
    text = _drop_latexit(text)
    text = _fix_macroman(text)
    text = ftfy.fix_text(text, _FTFY)
    text = _fix_accents(text)
    text = _fix_tex_symbols(text)
    # A soft hyphen at a line end still marks a hyphenation; anywhere else it splits a word.
    text = _PRIVATE_OR_INVISIBLE.sub("", text.replace("\u00ad\n", "-\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    lines = _attach_lone_markers(lines)
    lines = _join_hyphenated(lines)
    lines = [_repair_spacing(_GLUED_BULLET.sub(r"\1 ", line)) for line in lines]
    return "\n".join(lines)


def _drop_latexit(text: str) -> str:
    if "<" in text:
        text = _LATEXIT.sub("", text)
        match = _LATEXIT_OPEN.search(text)
        if match:  # an unclosed payload: it runs to the end of the one-character lines
            run = _CHAR_PER_LINE_RUN.match(text, text.rfind("\n", 0, match.start()) + 1)
            end = run.end() if run else match.end()
            text = text[: match.start()] + text[end:]
    return _CHAR_PER_LINE_RUN.sub(_drop_if_base64, text)


def _drop_if_base64(run: re.Match[str]) -> str:
    chars = run.group().replace("\n", "")
    found = _BASE64_RUN.search(chars)
    if found and re.search("[a-z]", chars) and re.search("[A-Z]", chars):
        return ""
    return run.group()


def fix_mojibake(text: str) -> str:
    """UTF-8 read as MacRoman mended ("‚Äì" is "–") and hidden LaTeXiT payloads dropped;
    the rest of the text (its lines too) as it was."""
    return _fix_macroman(_drop_latexit(text))


def _fix_macroman(text: str) -> str:
    text = _MACROMAN_MATH.sub(_decode_math_macroman, text)
    return _MACROMAN_SEQ.sub(_decode_macroman, text)


def _decode_macroman(m: re.Match[str]) -> str:
    try:
        return m.group().encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return m.group()


def _decode_math_macroman(m: re.Match[str]) -> str:
    try:
        char = (b"\xf0" + m.group().lstrip("\uf8ff").encode("mac_roman")).decode("utf-8")
    except UnicodeError:
        return m.group()
    return _plain_math_letter(char) if _MATH_ALNUM.fullmatch(char) else m.group()


def _plain_math_letter(char: str) -> str:
    # Italic/bold math letters are plain letters for search; double-struck, script and
    # fraktur ones (𝔼, 𝓛) carry meaning and stay.
    name = unicodedata.name(char, "")
    if any(kind in name for kind in ("DOUBLE-STRUCK", "SCRIPT", "FRAKTUR")):
        return char
    return unicodedata.normalize("NFKC", char)


def _fix_accents(text: str) -> str:
    text = _SPACING_ACCENT.sub(_compose_accent, text)
    if "`" in text:
        text = _GRAVE_ACCENT.sub(_compose_accent, text)
    return _MATH_ALNUM.sub(lambda m: _plain_math_letter(m.group()), text)


def _compose_accent(m: re.Match[str]) -> str:
    if m.group(1) == "´" and _ACUTE_APOSTROPHE.match(m.string, m.start(2)):
        return "'" + m.group(2)  # "it´s", "don´t": an acute typed for an apostrophe
    base = {"ı": "i", "ȷ": "j"}.get(m.group(2), m.group(2))
    composed = unicodedata.normalize("NFC", base + _SPACING_TO_COMBINING[m.group(1)])
    return composed if len(composed) == 1 else m.group()


def _fix_tex_symbols(text: str) -> str:
    if "°" in text:
        text = _DEGREE_MINUS.sub("−", text)
    if len(set(_TEX_QUARTZ_RE.findall(text))) >= 2:
        text = _TEX_QUARTZ_RE.sub(lambda m: _TEX_QUARTZ[m.group()], text)
        # The symbol font's arrows in the same pages: "R ! R2" is R → R², "x 7! y" is x ↦ y.
        text = _TEX_QUARTZ_ARROWS.sub(lambda m: "↦" if m.group() == "7!" else "→", text)
    return text


def _attach_lone_markers(lines: list[str]) -> list[str]:
    """Google Slides and Beamer put a bullet or "1." on a line of its own; join it to its item."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and _LONE_MARKER.match(line):
            nxt = lines[i + 1]
            # A bullet glyph takes any item; "-" or "1." only text, as either may be math.
            glyph = line in _BULLETS
            if _STARTS_TEXT.match(nxt) or (glyph and not _LONE_MARKER.match(nxt)):
                out.append(f"{line} {nxt}")
                i += 2
                continue
        out.append(line)
        i += 1
    return out


def _join_hyphenated(lines: list[str]) -> list[str]:
    """ "imple-" + "ment" -> "implement", only if the joined word is a real word."""
    out = list(lines)
    for i in range(len(out) - 1):
        head = _HYPHEN_END.search(out[i])
        tail = _LOWER_START.match(out[i + 1])
        if not head or not tail:
            continue
        word = head.group(1) + tail.group()
        # "Word- and Character-RNNs" is no word; "classifi- cation" is, by its suffix.
        derived = _derivable(word, compounds=False) and not _known(tail.group())
        if len(word) < 4 or not (_known(word) or derived):
            continue
        out[i] = out[i][: head.end(1)] + tail.group()
        out[i + 1] = out[i + 1][tail.end() :].lstrip()
    return [line for line in out if line]


def _repair_spacing(line: str) -> str:
    """Rejoin words broken by letter-spacing: "T okenization", "Thekin giswe ar in ga"."""
    if " " not in line:
        return line
    tokens = line.split(" ")
    parsed = [_TOKEN.match(t) for t in tokens]
    cores = [m.group(2) if m else "" for m in parsed]
    nonword = [bool(c) and not _is_word(c) for c in cores]
    if not any(nonword):  # the common case: every alphabetic token is a word
        return line
    # Fragments: non-words, and the short words a letter-spaced run breaks into.
    fragment = [bool(c) and (len(c) <= 2 or bad) for c, bad in zip(cores, nonword, strict=True)]
    out: list[str] = []
    i = 0
    free_from = 0  # tokens before this one were rewritten and cannot be absorbed again
    budget = [_MAX_TRIES]  # bounds the work on a line of junk fragments
    while i < len(tokens):
        capital = _capital_split(cores, parsed, i)
        if capital is not None:
            out.append(capital)
            i = free_from = i + 2
            continue
        j = i
        while j < len(tokens) and fragment[j] and (j == i or _linked(parsed, j)):
            j += 1
        if j > i and budget[0] > 0:
            fixed = _best_rejoin(parsed, i, min(j, i + _MAX_SPAN), i > free_from, budget)
            if fixed is not None:
                start, end, replacement = fixed
                del out[len(out) - (i - start) :]  # the left neighbour was absorbed
                out.append(replacement)
                i = free_from = end
                continue
        out.append(tokens[i])  # a shorter run further on may still be repairable
        i += 1
    return " ".join(out)


def _capital_split(cores: list[str], parsed: Sequence[re.Match[str] | None], i: int) -> str | None:
    """ "L earning" -> "Learning": a capital split off a word the whole is likelier than."""
    if i + 1 >= len(cores) or len(cores[i]) != 1 or cores[i] in "AI" or not cores[i].isupper():
        return None
    rest = cores[i + 1]
    if not rest.islower() or not _linked(parsed, i + 1):
        return None
    before = parsed[i - 1] if i else None
    if before is not None and before.group(2).islower() and not before.group(3):
        return None  # mid-sentence a capital is a symbol: "of size N ever"
    word = cores[i] + rest
    costs = _vocab()[0]
    if not _known(word) or costs.get(word.lower(), math.inf) >= costs.get(rest, math.inf):
        return None
    first, second = parsed[i], parsed[i + 1]
    assert first is not None and second is not None
    return first.group(1) + word + second.group(3)


def _linked(parsed: Sequence[re.Match[str] | None], j: int) -> bool:
    """Tokens j-1 and j are both alphabetic with no punctuation between them."""
    left, right = parsed[j - 1], parsed[j]
    return left is not None and right is not None and not left.group(3) and not right.group(1)


def _best_rejoin(
    parsed: Sequence[re.Match[str] | None], i: int, j: int, can_left: bool, budget: list[int]
) -> tuple[int, int, str] | None:
    """The best repair of fragments starting at parsed[i] (within parsed[i:j], maybe taking in
    one neighbour each side), as (start, end, text).

    Tiers, best first: the joined letters are one known word; wordninja splits them into
    fewer known words than there were pieces; the joined letters are a stem and a suffix.
    A longer repair beats a shorter one, but a stem and suffix only if nothing else fits.
    """
    can_left = can_left and i > 0 and _linked(parsed, i)
    can_right = j < len(parsed) and _linked(parsed, j)
    best: tuple[tuple[bool, int, int], int, int, str] | None = None
    for stop in range(j, i + 1, -1):
        spans = [(i, stop)] + [(i - 1, stop)] * can_left
        if stop == j and can_right:
            spans += [(i, j + 1)] + [(i - 1, j + 1)] * can_left
        for start, end in spans:
            budget[0] -= 1
            found = _rejoin(parsed[start:end], compounds=(start, end) == (i, stop))
            if found is None:
                continue
            tier, text = found
            rank = (tier == 2, start - end, tier)
            if best is None or rank < best[0]:
                best = (rank, start, end, text)
    return None if best is None else best[1:]


def _rejoin(span: Sequence[re.Match[str] | None], compounds: bool) -> tuple[int, str] | None:
    """(tier, text) if the tokens of `span`, joined, make known words; see _best_rejoin."""
    import wordninja

    matches = [m for m in span if m is not None]
    cores = [m.group(2) for m in matches]
    nonwords = [c for c in cores if not _is_word(c)]
    # A lone one-letter non-word is a math variable ("f is a"), not evidence of spacing.
    if len(cores) < 2 or (not any(len(c) > 1 for c in nonwords) and len(nonwords) < 2):
        return None
    joined = "".join(cores)
    if len(joined) < 4:
        return None
    if _known(joined):
        tier, words = 0, [joined]
    else:
        words = list(wordninja.split(joined))
        if 1 < len(words) < len(cores) and all(_known(w) for w in words):
            tier = 1
        elif _derivable(joined, compounds=compounds):
            tier, words = 2, [joined]
        else:
            return None
    return tier, matches[0].group(1) + " ".join(words) + matches[-1].group(3)


# --- furniture -------------------------------------------------------------------------------

_ZONE = 3  # lines at the top and at the bottom of a page where furniture sits
_PAGE_NUMBER_KEY = re.compile(
    r"[^\w#]*(?:page|slide|p\.|стр\.?|seite|folie)?#+(?:(?:/|of|из|von|de)#+)?[^\w#]*"
)
_FIRST_NUMBER = re.compile(r"\d+")


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.lower()))


def strip_furniture(pages: Sequence[str]) -> list[str]:
    """Remove running headers, footers, page numbers and navigation sidebars repeated
    across the deck."""
    split = [page.split("\n") if page else [] for page in pages]
    page_keys = [{_furniture_key(line) for line in lines} - {""} for lines in split]
    counts = Counter(key for keys in page_keys for key in keys)
    needed = max(3, math.ceil(len(pages) / 2))
    furniture = {key for key, n in counts.items() if n >= needed}
    navigation = _navigation_runs(split)
    if not furniture and not navigation:
        return list(pages)
    offset = _page_number_offset(split, furniture)
    out: list[str] = []
    for index, lines in enumerate(split):
        drop = _furniture_lines(lines, furniture) | navigation.get(index, set())
        kept: list[str] = []
        for n, line in enumerate(lines):
            key = _furniture_key(line)
            if n in drop or (key in furniture and _is_page_number(line, key, index, offset)):
                continue
            kept.append(line)
        out.append("\n".join(kept))
    return out


def _furniture_lines(lines: list[str], furniture: set[str]) -> set[int]:
    """Furniture lines in the top and bottom zones, and the runs of furniture that carry on
    from a zone (a Beamer sidebar listing every section prints as ten lines in a row)."""
    drop: set[int] = set()
    zone = set(range(min(_ZONE, len(lines)))) | set(range(max(0, len(lines) - _ZONE), len(lines)))
    for n in sorted(zone):
        if n in drop or _furniture_key(lines[n]) not in furniture:
            continue
        for step in (1, -1):
            m = n
            while 0 <= m < len(lines) and _furniture_key(lines[m]) in furniture:
                drop.add(m)
                m += step
    return drop


_NAV_RUN = 3  # short lines in a row that make a navigation block
_NAV_LINE_WORDS = 6


def _navigation_runs(split: list[list[str]]) -> dict[int, set[int]]:
    """Line numbers, per page, of a block of short lines near the top whose lines recur on
    slides of several titles: a section's navigation sidebar ("Grammars / Parsing and
    generation / Pipeline tasks"), repeated on each of its slides, is not content."""
    runs: dict[int, list[range]] = {}
    titles: dict[str, set[str]] = {}
    for index, lines in enumerate(split):
        title = _furniture_key(lines[0]) if lines else ""
        page_runs: list[range] = []
        start = None
        head = lines[:16]
        for n, line in enumerate([*head, ""]):
            if n == 0:
                continue  # the slide's title: runs start under it
            short = (
                0 < len(line.split()) <= _NAV_LINE_WORDS
                and not line.rstrip().endswith(".")
                and re.search(r"[^\W\d_]{3}", line) is not None  # a label, not "= 1"
            )
            if short and start is None:
                start = n
            elif not short and start is not None:
                if n - start >= _NAV_RUN:
                    page_runs.append(range(start, n))
                start = None
        runs[index] = page_runs
        for run in page_runs:
            for n in run:
                # counted once per slide title: the builds of one overlay slide repeat
                # their bullets verbatim, but under one title, and they are content
                titles.setdefault(_furniture_key(head[n]), set()).add(title)
    needed = max(3, math.ceil(len(split) / 10))
    out: dict[int, set[int]] = {}
    for index, page_runs in runs.items():
        lines = split[index]
        for run in page_runs:
            block: list[int] = []
            for n in [*run, -1]:
                if n >= 0 and len(titles[_furniture_key(lines[n])]) >= needed:
                    block.append(n)
                    continue
                if len(block) >= _NAV_RUN:
                    out.setdefault(index, set()).update(block)
                block = []
    return out


def _zone(lines: list[str]) -> list[str]:
    return lines[:_ZONE] + lines[max(_ZONE, len(lines) - _ZONE) :]


def _page_number_offset(split: list[list[str]], furniture: set[str]) -> int | None:
    """Page numbers usually run at page index + 1; learn the deck's offset from its zones."""
    offsets: Counter[int] = Counter()
    for index, lines in enumerate(split):
        for line in _zone(lines):
            key = _furniture_key(line)
            number = _FIRST_NUMBER.search(line)
            if key in furniture and number and _PAGE_NUMBER_KEY.fullmatch(key):
                offsets[int(number.group()) - index] += 1
    return offsets.most_common(1)[0][0] if offsets else None


def _is_page_number(line: str, key: str, index: int, offset: int | None) -> bool:
    # Outside the zones (Keynote may place it mid-text) only the page's own number goes.
    number = _FIRST_NUMBER.search(line)
    return (
        offset is not None
        and number is not None
        and _PAGE_NUMBER_KEY.fullmatch(key) is not None
        and int(number.group()) == index + offset
    )


# --- deck ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanedDeck:
    pages: tuple[str, ...]  # cleaned text per page, furniture removed
    flags: tuple[tuple[str, ...], ...]  # per page, why it has nothing to ask (empty: content)


def clean_deck(
    raw_pages: Sequence[str], notes: bool = False, figures: FigureFinder | None = None
) -> CleanedDeck:
    """Clean every page, strip the deck's furniture, then classify the pages
    (`notes`: text notes, whose first section is no title page by default; `figures`:
    which pages show a figure, for PDF slides)."""
    pages = strip_furniture([clean_page(raw) for raw in raw_pages])
    return CleanedDeck(pages=tuple(pages), flags=tuple(classify_pages(pages, notes, figures)))


def clean_title(title: str) -> str:
    """A deck title cleaned like slide text (mojibake, bullets, letter-spacing), one line."""
    return " ".join(clean_page(title.strip(" #*\t\n")).split()).strip(" •▪-–—")

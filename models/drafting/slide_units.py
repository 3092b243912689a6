"""The lines of a slide as an instructor reads them: title, bullets (with wrapped
lines joined), the labels they sit under, and the slide's sentences."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from models.drafting.words import (
    _ABBREV_END,
    _BULLET,
    _BULLET_LEVEL,
    _CONNECTOR_END,
    _MATH_CHARS,
    _REFERENCE,
    _URL,
    _WORD_RE,
    FUNCTION_WORDS,
    _acronymish,
    _fold,
    _is_verb_form,
    has_finite_verb,
    is_prose,
    lexicon_readings,
)
from storage.domain import Slide

# --- units: the lines of a slide as an instructor reads them ---------------------------------


@dataclass(frozen=True)
class Unit:
    """One logical line of a slide: a heading, a bullet, or a wrapped sentence joined up."""

    text: str
    bullet: str = ""  # the marker it had ("" for none)
    level: int = 0  # 0 plain text, 1 top bullet, 2 sub-bullet, ...
    label: str = ""  # the nearest header/label line above it ("Self-Attention Mechanism")
    heading: bool = False  # the slide's title
    index: int = 0


def _bullet_split(line: str) -> tuple[str, str, int]:
    m = _BULLET.match(line)
    if not m:
        return "", line, 0
    marker = (m.group(1) or m.group(2) or "").strip()
    rest = line[m.end() :].strip()
    level = _BULLET_LEVEL.get(marker, 1)
    if re.fullmatch(r"\(?[a-z][.)]", marker) or re.fullmatch(r"\(?[ivx]{1,4}[.)]", marker):
        level = 2
    if not rest:
        return marker, "", level  # a marker alone on its line: its text follows
    if marker in "-–—~" and not rest[:1].isalpha() and rest[:1] not in "\"'“(":
        return "", line, 0  # "-min(w)", "– 3.5", "~ 60%": not a bullet
    return marker, rest, level


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] in ".!?:;" and not _ABBREV_END.search(t)


def _ends_open(text: str) -> bool:
    """A line that cannot end a thought: it ends with a comma, a hyphen or a function word."""
    t = text.rstrip()
    if not t:
        return False
    if t[-1] in ",(-–—&/" or t.endswith(("e.g.", "i.e.")):
        return True
    words = _WORD_RE.findall(t)
    if not words or not t[-1].isalnum():
        return False
    if _fold(words[-1]) in _CONNECTOR_END:
        return True
    # "… established by Kleene's" + "Equivalence Theorem", "… the entire" + "Pareto set":
    # a possessive or an article's adjective waits for its noun
    if re.search(r"\w['’]s$", t) and words[-1][:1].isupper():
        return True
    return (
        len(words) >= 2
        and _fold(words[-2]) in ("the", "a", "an")
        and _fold(words[-1]) not in _ENDS_AFTER_ARTICLE
        and set(lexicon_readings(_fold(words[-1]))) == {"ADJ"}
    )


# adjectives a sentence may end on after "the": "… stay the same", "… is the opposite"
_ENDS_AFTER_ARTICLE = frozenset("same opposite latter former following above best worst".split())


def _short_lines_share(lines: Sequence[str]) -> float:
    if not lines:
        return 0.0
    return sum(1 for line in lines if len(line.split()) <= 3) / len(lines)


def _is_title_line(line: str) -> bool:
    words = _WORD_RE.findall(line)
    return (
        1 <= len(words) <= 12 and not _ends_sentence(line.rstrip(":?")) and not _BULLET.match(line)
    )


def _opens_wrapped_sentence(first: str, after: Sequence[str]) -> bool:
    """A page of prose notes has no title: its first line is the start of a sentence the
    page's width wrapped ("The resulting rate for Sweden is the" + "hypothetical crude
    death rate of …"). It reads as a clause, ends open or is longer than titles are, and
    the next line goes on in lower case for more than a title's tail ("Solutions to the
    vanishing/exploding" + "gradient problems" stays a title)."""
    if not after or _BULLET.match(after[0]) or not re.match(r"[a-z]", after[0]):
        return False
    words = _WORD_RE.findall(first)
    if len(words) < 5 or first.rstrip().endswith((":", "?")):
        return False
    if not (_ends_open(first) or has_finite_verb(first) or len(words) >= 8):
        return False
    if not is_prose(after[0], min_words=2):
        return False  # "prop_zero <- function(x) …" under its title: code, no sentence
    return len(after[0].split()) >= 5 or _ends_sentence(after[0])


def _is_label_line(text: str, bullet: str) -> bool:
    """A short header inside a slide: "N-gram models", "Self-Attention Mechanism:"."""
    words = _WORD_RE.findall(text)
    if not 1 <= len(words) <= 7 or bullet in ("○", "◦", "■", "▪"):
        return False
    if any(c in _MATH_CHARS for c in text) or not re.search(r"[^\W\d_]{3,}", text):
        return False
    if ":" in text.rstrip(":") or _URL.search(text):
        return False
    if any(len(w) == 1 and w.isalpha() and w not in ("a", "A", "I") for w in words):
        return False
    if text.endswith(":"):
        return True
    if text.endswith((".", "!", "?", ",", ";")) or has_finite_verb(text):
        return False
    caps = sum(1 for w in words if w[0].isupper() or _acronymish(w))
    return caps >= max(1, math.ceil(len(words) * 0.5)) and not bullet


def label_runs(body: Sequence[Unit], least: int = 3) -> frozenset[int]:
    """Positions (in `body`) of lines in a run of `least` or more short lines with no
    bullet and no sentence stop ("Area in need of model?" / "Create model" / "Collect
    data" / "Solve model and analyse"), unless header and glossing line alternate: a
    diagram's boxes or a flowchart's steps, read off the page one by one. Such a line
    does not gloss the line under it; the two are neighbouring boxes, so a term and
    gloss made of them is a guess at an arrow."""
    found: set[int] = set()
    run: list[int] = []
    for pos, unit in enumerate([*body, None]):
        if unit is not None and _box_text(unit):
            run.append(pos)
            continue
        if len(run) >= least and not _alternates(body, run):
            found.update(run)
        run = []
    return frozenset(found)


def _alternates(body: Sequence[Unit], run: Sequence[int]) -> bool:
    """Header, line, header, line ("Magnitude Pruning" / "Drop small weights" /
    "Movement Pruning" / "Drop shrinking weights"): short terms each glossed by the line
    under it, not a diagram's boxes, whose lines all have one shape or none."""
    heads = [_is_label_line(body[pos].text, body[pos].bullet) for pos in run]
    return all(head == (i % 2 == 0) for i, head in enumerate(heads))


def _box_text(unit: Unit) -> bool:
    """A line a box or an arrow of a diagram holds: one to five words, no bullet, no
    colon, no full stop (a question mark is a decision box's)."""
    text = unit.text.strip()
    words = _WORD_RE.findall(text)
    if unit.heading or unit.bullet or not 1 <= len(words) <= 5 or ":" in text:
        return False
    return not text.endswith((".", ";", ",", "!"))


def _list_follows(lines: Sequence[str]) -> bool:
    """Three short capitalised lines with no verb and no stop: the items of a list."""
    if len(lines) < 3:
        return False
    for line in lines:
        text = _bullet_split(line)[1]
        words = _WORD_RE.findall(text)
        if not (1 <= len(words) <= 5 and text[:1].isupper()) or text.rstrip().endswith("."):
            return False
        if has_finite_verb(text):
            return False
    return True


def slide_units(slide: Slide) -> tuple[str, list[Unit]]:
    """The slide's title and its logical lines, wrapped lines joined, bullets stripped."""
    raw = [_unmark(line) for line in slide.text.splitlines()]
    lines = [line for line in raw if line and not _NOTICE.search(line)]
    while lines and re.fullmatch(r"\d{1,3}", lines[0]):
        lines = lines[1:]  # the page number above the title
    lines = _without_footnote_marks(lines)
    if not lines:
        return "", []
    title = ""
    if (
        _is_title_line(lines[0])
        and not _URL.search(lines[0])
        and not _opens_wrapped_sentence(lines[0], lines[1:2])
    ):
        title = lines[0].rstrip(":").strip()
        lines = lines[1:]
        # a title wrapped onto a second line: "Solutions to the vanishing/exploding" +
        # "gradient problems"; "GENERAL PROPERTIES OF A" + "BARGAINED WAGE" (it ends open)
        if (
            lines
            and (
                re.match(r"[a-z]", lines[0])
                or (_ends_open(title) and re.search(r"[A-Za-z]{2}", lines[0]))
            )
            and (2 if not _ends_open(title) else 1) <= len(lines[0].split()) <= 4
            and len(title.split()) >= 4
            and not _BULLET.match(lines[0])
            and not _ends_sentence(lines[0])
            and not any(c in _MATH_CHARS for c in lines[0])
            and (len(lines) == 1 or not re.match(r"[a-z]", lines[1]))
        ):
            title = f"{title} {lines[0]}"
            lines = lines[1:]
    plain = [line for line in lines if not _BULLET.match(line)]
    fragmented = _short_lines_share(plain) >= 0.6 and len(plain) >= 5
    merged: list[list[str | int]] = []  # [text, bullet, level]
    widths: list[list[int]] = []  # the length of each slide line a merged row joins
    lone: tuple[str, int] | None = None  # a marker alone on its line, for the next one
    for pos, line in enumerate(lines):
        bullet, text, level = _bullet_split(line)
        if not text:
            # "●" or "1." on a line of its own, its text on the next (Google Slides and
            # Impress exports): the marker belongs to that text
            lone = (bullet, level) if bullet else None
            continue
        if lone is not None and not bullet:
            bullet, level = lone
        lone = None
        if merged and not bullet:
            prev, prev_bullet = str(merged[-1][0]), str(merged[-1][1])
            words = _WORD_RE.findall(text)
            # "… and reads" + "'kazm'.": a quoted word goes on with the line above too
            starts_lower = bool(re.match(r"[a-z(]|['\"“‘][a-z]", text)) and not _acronymish(
                words[0] if words else ""
            )
            label_start = bool(re.match(r"^[^\s:]{1,20}(?:\s[^\s:]{1,20}){0,3}:\s", text))
            long_prev = not fragmented or len(prev.split()) >= 4
            ended = _ended_short(widths[-1], lines[pos - 1], text)
            join = False
            if (
                _REFERENCE.search(text)
                and not _REFERENCE.search(prev)
                and not (starts_lower and _BARE_YEAR_END.search(text) and not _ends_sentence(prev))
            ):
                # a citation under a bullet stays apart; a bullet's wrapped end with only a
                # year in brackets does not ("… multiplicity of instruction" + "streams and
                # the data in computer systems (1966)", round 24)
                pass
            elif any(c in _MATH_CHARS for c in text) and not any(c in _MATH_CHARS for c in prev):
                pass  # a formula under a sentence is not its continuation
            elif _ends_open(prev):
                # "… also influenced by" + "Vaccine storage" / "Herd immunity" / …: a list
                # the line leads into, not the rest of its sentence
                join = not _ends_sentence(prev) and not _list_follows(lines[pos : pos + 3])
            elif (
                long_prev
                and (not _ends_sentence(prev) or prev.rstrip().endswith(":"))
                and starts_lower
                and (not label_start or (not _ends_sentence(prev) and len(prev.split()) >= 6))
                and (len(words) >= 2 or text.rstrip().endswith((".", "!")))
                and not ended
            ):
                # a sentence wrapped by the slide's width (also onto "units: words and …",
                # which only looks like a label)
                join = True
            elif (
                not prev_bullet
                and not _ends_sentence(prev)
                and len(prev.split()) >= 6
                and text.rstrip().endswith(".")
                and _subject_cut(text)
            ):
                join = True  # "… findings and H-O" + "Theory are not …": one sentence
            elif (
                prev_bullet
                and not fragmented
                and not _ends_sentence(prev)
                and len(prev.split()) >= 5
                and not _is_label_line(text, "")
                and not ended
            ):
                join = True  # a bullet wrapped onto a line that starts with a capital
            if join and len(prev) + len(text) < 600:
                merged[-1][0] = _join(prev, text)
                widths[-1].append(len(line))
                continue
        merged.append([text, bullet, level])
        widths.append([len(line)])
    units: list[Unit] = []
    label = ""
    label_level = 99
    for i, row in enumerate(merged):
        bullet, level = str(row[1]), int(row[2])
        text = described_item(re.sub(r"\s+", " ", str(row[0])).strip())
        if _is_label_line(text, bullet):
            units.append(Unit(text=text, bullet=bullet, level=level, label=label, index=i))
            label = text.rstrip(":").strip()
            label_level = level
            continue
        if level <= label_level and level == 0 and bullet == "" and len(text.split()) > 7:
            pass  # a plain sentence keeps the label: slides rarely close a section
        units.append(Unit(text=text, bullet=bullet, level=level, label=label, index=i))
    if title:
        units.insert(0, Unit(text=title, heading=True, index=-1))
    return title, units


# a description list's item as PDF text gives it, the term run into its gloss (Beamer's
# \item[Cladogram] A phylogenetic tree …): a term in sentence case, maybe with its
# bracketed short form, then a gloss opening with a capitalised article
_DESCRIBED = re.compile(
    r"^(?P<term>[A-Z][\w'’/-]*(?:\s+[a-z][\w'’/-]*){0,3}(?:\s*\([^()]{1,40}\))?)"
    r"\s+(?P<gloss>(?:A|An|The)\s+(?P<next>[a-z][\w-]*)\s+\S.*)$"
)


def described_item(text: str) -> str:
    """A description list's item with a colon after its term ("Cladogram A phylogenetic
    tree where …" → "Cladogram: A phylogenetic tree where …"), so it reads as the term and
    its gloss; any other line as it is ("Figure A shows …", "The force between A and B
    …", a line with a colon of its own)."""
    m = _DESCRIBED.match(text)
    if m is None or ":" in text:
        return text
    term = m.group("term")
    words = _WORD_RE.findall(term)
    if _fold(words[0]) in FUNCTION_WORDS or _fold(words[-1]) in FUNCTION_WORDS:
        return text  # "There are A …", "From the …"
    if has_finite_verb(term) or _is_verb_form(m.group("next")):
        return text  # "Figure A shows …": the capital is a name, not an article
    return f"{term}: {m.group('gloss')}"


def _ended_short(widths: Sequence[int], prev_line: str, text: str) -> bool:
    """Whether the slide line above ended where the text's width did not end it: the next
    line's first word would have fitted on it with room to spare, against the widest of
    the lines joined so far (a text wrapped once shows its width). "… but in" + "decreasing
    order between groups" + "non-orthogonal transformation, CV axes …": the second line
    ends a bullet whose marker the text lost, and the third starts another (round 28).
    Not when the next line goes on with the clause ("can be used to …", "where x is …"),
    nor around a formula, whose glyphs the count of characters does not measure."""
    words = text.split()
    widest = max(widths)
    if not words or len(words[0]) < 3 or len(widths) < 2 or widest < 30:
        return False  # a symbol ("n given …"), or short lines: a column or a table
    if widths[-1] + 1 + len(words[0]) > 0.8 * widest:
        return False
    first = _fold(words[0].strip(",;:"))
    readings = lexicon_readings(first)
    if first in _CONNECTOR_END or ("VERB" in readings and "NOUN" not in readings):
        return False  # the line above is the subject or the start of what goes on here
    return not any(c in _MATH_CHARS or c.isdigit() or not c.isascii() for c in prev_line + words[0])


_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


_BARE_YEAR_END = re.compile(r"\((?:1[89]|20)\d\d\)\s*\.?$")


# a copyright notice in the slide template: "© 2019 Dirk Riehle - Some Rights Reserved 4";
# an image's credit line: "Courtesy of Prof. Henrik Schmidt. Used with permission." (joined
# to the bullet above it, it made "… must drive decisions Courtesy of Prof." a statement)
_NOTICE = re.compile(
    r"^(?:©|\(c\)\s*(?:19|20)\d\d|copyright\s+(?:©\s*)?(?:19|20)\d\d)"
    r"|\b(?:all|some)\s+rights\s+reserved\b"
    r"|^(?:image|photo|figure|picture)?\s*courtesy\s+of\b|\bused\s+with\s+permission\b"
    r"|^(?:image|images|photo|figure)s?\s+(?:removed|by)\b|excluded\s+from\s+our\s+creative"
    # the wrapped tails of such a notice: "reserved. This content is", "license. For more",
    # "information, see http://ocw.mit.edu/fairuse."
    r"|^(?:reserved|license)\.(?:\s|$)|for\s+more\s+information,?\s+see\s+https?:"
    r"|^information,?\s+see\s+https?:|/fairuse\b|^this\s+content\s+is\s+excluded\b",
    re.IGNORECASE,
)


# a footnote's own line: its number glued to its text ("13See https://…", "2Smith et al.")
_FOOTNOTE = re.compile(r"^(\d{1,2})(?=[A-Z]|https?:)")


def _without_footnote_marks(lines: list[str]) -> list[str]:
    """A footnote's number glued to the word it annotates ("A hash table13 is …" over
    "13See https://…") is no part of that word: a term "hash table13" would be a wrong
    key. Only numbers a footnote line of the slide opens with are taken off."""
    marks = {m.group(1) for line in lines if (m := _FOOTNOTE.match(line))}
    if not marks:
        return lines
    glued = re.compile(rf"(?<=[a-z)])(?:{'|'.join(sorted(marks))})\b")
    return [line if _FOOTNOTE.match(line) else glued.sub("", line) for line in lines]


def _unmark(line: str) -> str:
    """A line without Markdown marks: headings, emphasis, code ticks; a table row as "a: b"."""
    line = line.strip()
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", line)
    line = line.replace("`", "")
    if _TABLE_RULE.match(line):
        return ""
    if line.startswith("|") and line.endswith("|") and line.count("|") == 3:
        left, right = (c.strip() for c in line.strip("|").split("|"))
        return f"{left}: {right}" if left and right else ""
    return line


def _subject_cut(text: str) -> bool:
    from models.drafting.sentence_parse import subject_cut  # spaCy loads on first use

    return subject_cut(text)


def _join(prev: str, text: str) -> str:
    if prev.endswith("-") and re.match(r"[a-z]", text) and re.search(r"[A-Za-z]{2}-$", prev):
        return prev + text  # "feed-" + "forward" keeps the hyphen of a compound
    return prev + " " + text


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def split_sentences(text: str) -> list[str]:
    parts: list[str] = []
    buf = ""
    for piece in _SENTENCE_SPLIT.split(text):
        buf = f"{buf} {piece}".strip() if buf else piece
        if _ABBREV_END.search(buf):
            continue
        parts.append(buf)
        buf = ""
    if buf:
        parts.append(buf)
    return [p.strip() for p in parts if p.strip()]


def slide_sentences(slide: Slide) -> list[tuple[str, str]]:
    """Every sentence or line of a slide with its context (title / label), for grounding."""
    title, units = slide_units(slide)
    out: list[tuple[str, str]] = []
    for unit in units:
        context = unit.label or title
        if unit.heading:
            out.append((unit.text, ""))
            continue
        for sentence in split_sentences(unit.text):
            out.append((sentence, context))
    return out


_CODE_LINE = re.compile(
    r"\)\s*\{\s*$|:\s*\{\s*$|\)\s*=>|\)\s*\.\s*\w+\("  # a block opens, a chain of calls
    r"|^\s*(?://|/\*|#include\b|def\s+\w+\(|function\s*\w*\s*\("
    r"|(?:var|let|const|int|void|public|private)\s+\w+\s*[=;(])"
    r"|^\s*(?:for|while|if|elif|else|class|try|except|with)\b[^.]*:\s*$"
    r"|\b[A-Za-z_]\w+\s*(?:=|<-)\s*[A-Za-z_][\w.]{2,}\("  # "hand = open(…)", not "pu = Fu(t)"
    r"|\w\s*(?:\+=|-=|\*=|/=|==|!=|&&|<-)\s*[\w(\"']"  # operators no sentence uses
)
_LONE_BRACE = re.compile(r"^\s*[{}][);,]*\s*$")  # a big brace of a formula looks the same


def shows_code(text: str) -> bool:
    """Whether a slide shows program code (two lines that read as code, or one and a
    closing brace): its sentences about "the callback" or "the loop" point at that code."""
    lines = text.splitlines()
    code = sum(1 for line in lines if _CODE_LINE.search(line))
    return code >= 2 or (code == 1 and any(_LONE_BRACE.match(line) for line in lines))


def runs_on(sentence: str, slide_text: str) -> bool:
    """Whether a sentence the slide leaves open (no full stop) goes on in a line of symbols
    the text keeps apart: "… rotating at angular frequency" + "ω0" (or a glyph the PDF's
    font garbled). Cut there, a question says less than the slide and reads cut short.
    (A lower-case word wrapped onto a line of its own, "… top of the preference" +
    "ordering", is left alone: joining or refusing it made the tune decks' drafts worse.)"""
    words = re.findall(r"[\w'’-]+", sentence)
    if len(words) < 3:
        return False
    # the slide's line must end with the sentence's last words: no full stop there
    tail = r"\W+".join(re.escape(w) for w in words[-3:])
    m = re.search(tail + r"[ \t]*\n(?P<next>[^\n]*)", slide_text)
    if m is None:
        return False
    nxt = m.group("next").strip()
    if words[-1].lower().endswith("ing") and _CODE_LINE.search(nxt):
        return True  # "… or later by calling" + "Seq$methods(name = function() …": the call
    if not nxt or re.search(r"[A-Za-z]{2,}", nxt) or nxt.isdigit():
        return False
    # a letter, digit or math sign outside ASCII ("ω", "₀", "଴"); a bullet ("•", "▪") or a
    # dash alone on a line is no symbol of the sentence
    return any(
        c in _MATH_CHARS or (not c.isascii() and unicodedata.category(c)[:2] in _SYMBOLISH)
        for c in nxt
    )


# a line of code: a call, an assignment, a member access ("Seq$methods(", "x <- 1")
_CODE_LINE = re.compile(r"^[\w$.:>]+\s*\(|\w[$@]\w|<-|^\w+\s*=\s*\S|[{};]\s*$")
# letters, digits, math signs, and the unassigned or private-use code points a PDF font
# with no Unicode map gives its symbols
_SYMBOLISH = ("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "No", "Sm", "Cn", "Co")

"""Deck names: which title a deck gets, and a better one for a deck named badly.

PDF metadata titles are often a template's ("Natural Language Processing" on every
lecture of a course, "Machine Learning", "PowerPoint Presentation") or a file name.
A deck is then named from its first slide's title, else from its file name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from storage.slide_text import clean_title

__all__ = ["MAX_NAME_CHARS", "check_name", "deck_name", "first_slide_title", "is_generic"]

MAX_NAME_CHARS = 300

# Whole titles that name a field, a template or nothing; they fit many decks at once.
_GENERIC = re.compile(
    r"(?:(?:microsoft )?power ?point presentation|presentation\d*|untitled(?: \w+)?|"
    r"(?:new )?slides?(?: ?\d+)?|title|document\d*|lecture(?: slides| notes)?|"
    r"(?:lecture|week|chapter|session|part|class|unit|module) ?\d+|"
    r"slide ?\d+|pasted text|notes|"
    # an agenda's heading names no lecture ("Roadmap" on page 1, round 23)
    r"roadmap|agenda|outline|overview|contents|table of contents|today(?:'s)? (?:plan|agenda)|"
    r"natural language processing|machine learning|deep learning|artificial intelligence|"
    r"computer science|computer vision|data science|statistics|nlp|ml|dl|ai|"
    r"course|lecture notes)\W*",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"\.(?:pptx?|key|odp|pdf|tex|docx?|md|txt)$|^microsoft \w+ - |^[\w.-]*_[\w.-]*$", re.I
)
# contact lines and licence notes ("(Licensed under Creative Commons BY-NC-SA v4.0)")
_NOT_A_TITLE = re.compile(
    r"@|https?:|www\.|©|\(c\)|\blicen[cs]ed\b|creative\s+commons|\bcc[- ]by\b"
    r"|all\s+rights\s+reserved|\bcopyright\b",
    re.I,
)
_JOINS_NEXT = re.compile(r"\b(?:and|or|of|for|in|on|to|with|the|a|an|&|-|–|:)\s*$", re.I)
_STARTS_ON = re.compile(r"(?:and|or|of|for|in|on|to|with|the|a|an|vs\.?|versus)\b", re.I)
_YEAR_OR_DATE = re.compile(r"[\d\s./,-]*(?:19|20)\d\d[\d\s./,-]*|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_LECTURE_N = re.compile(
    r"(?:lecture|week|chapter|session|part|class|unit|module|episode|topic) ?\d+(?:-ish)?\W*", re.I
)
_TOO_LONG_FOR_A_TITLE = 90
_LIST_ITEM = re.compile(r"^\s*(?:[•●○◦▪▫■□▶►▸▹‣➢➤➔✦✧◆◇*\-–—·\ue000-\uf8ff]|\d{1,2}[.)])(?:\s|$)")


def is_generic(title: str, others: Sequence[str] = ()) -> bool:
    """A title that does not tell this deck apart: a template's, a field's, a file
    name, or the same as one of `others` (titles of unrelated decks, course names)."""
    t = " ".join(title.split())
    if len(t) < 3 or _GENERIC.fullmatch(t) or _FILE_NAME.search(t) or t.isdigit():
        return True
    folded = t.casefold()
    return any(folded == " ".join(o.split()).casefold() for o in others)


def first_slide_title(first_page: str, others: Sequence[str] = ()) -> str:
    """The title on a deck's first slide: its first line that names something, with
    "Lecture 3" put in front when the slide has one ("Lecture 3: Tokenization")."""
    return _slide_title(first_page, others)[0]


def _slide_title(page: str, others: Sequence[str]) -> tuple[str, bool]:
    """(title, whether a title of another deck came first on the page): after a
    course name that other decks share, the next line is mostly the lecturer's."""
    lecture = ""
    shared = False
    for line in _title_lines(page.split("\n")[:8]):
        if not line or _YEAR_OR_DATE.fullmatch(line) or len(line) > _TOO_LONG_FOR_A_TITLE:
            continue
        if _NOT_A_TITLE.search(line):
            continue
        if _LECTURE_N.fullmatch(line):
            lecture = lecture or line.rstrip(" :.-–")
            continue
        if is_generic(line) or len(re.findall(r"[^\W\d_]{2,}", line)) == 0:
            continue
        if is_generic(line, others):
            shared = True
            continue
        if lecture and not line.casefold().startswith(lecture.casefold()):
            return f"{lecture}: {line}"[:MAX_NAME_CHARS], shared
        return line[:MAX_NAME_CHARS], shared
    return "", shared


def _title_lines(lines: list[str]) -> list[str]:
    """Lines with a title broken over two lines joined ("Contextual embeddings and" +
    "transformers")."""
    out: list[str] = []
    last = ""
    for raw in lines:
        if _LIST_ITEM.match(raw):
            break  # the slide's body has begun
        line = clean_title(raw)
        if line and line.casefold() == last.casefold():
            continue  # a line set twice (a shadow, a build step): said once
        last = line
        joins = out and line and not _LECTURE_N.fullmatch(out[-1])
        if joins and _JOINS_NEXT.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        elif joins and line[:1].islower():
            # a lower-case subtitle under a title set in title case ("Philosophy of Mind" /
            # "minds in a material world") follows a colon; else the title wrapped (a word
            # or two: "Introduction to Machine" / "learning")
            subtitle = (
                _title_case(out[-1]) and len(line.split()) >= 3 and not _STARTS_ON.match(line)
            )
            sep = ": " if subtitle else " "
            out[-1] = f"{out[-1]}{sep}{line}"
        else:
            out.append(line)
    return out


def _title_case(line: str) -> bool:
    """Whether a line is a whole title set in title case: two or more longer words, all
    capitalised, and no subtitle of its own yet."""
    if re.search(r"[:–—]| - ", line):
        return False  # "Lectures: Statistical" has its subtitle: the next line runs on
    words = re.findall(r"[^\W\d_]{4,}", line)
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _from_file_name(path: str) -> str:
    stem = Path(path).stem
    name = re.sub(r"[_]+|(?<=[a-z])-(?=[a-z\d])|(?<=\d)-(?=[a-z])", " ", stem, flags=re.I)
    return " ".join(name.split())[:MAX_NAME_CHARS] or stem


def deck_name(meta_title: str, pages: Sequence[str], path: str, others: Sequence[str] = ()) -> str:
    """The name a deck gets: its metadata title if that tells it apart from `others`
    (titles of unrelated decks), else its first slide's title (the second slide's when
    the first names only the course), else its file name."""
    title = clean_title(meta_title)[:MAX_NAME_CHARS]
    if title and not is_generic(title, others):
        return title
    found, shared = _slide_title(pages[0], others) if pages else ("", False)
    if (shared or not found) and len(pages) > 1:
        found = _slide_title(pages[1], others)[0] or found
    return found or _from_file_name(path) or title


def check_name(name: str) -> str:
    """A name the user typed, tidied; ValueError in words when it cannot be a name."""
    tidy = " ".join(name.split())
    if not tidy:
        raise ValueError("A deck name cannot be empty.")
    if len(tidy) > MAX_NAME_CHARS:
        raise ValueError(
            f"A deck name may be at most {MAX_NAME_CHARS} characters; this one has {len(tidy)}."
        )
    return tidy

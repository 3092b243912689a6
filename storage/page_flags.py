"""Why a page carries nothing to ask about: empty, title, agenda, closing, overlay.

Flagged pages are left out by the slide finder and by drafting, so a flag must be
sure: a section divider, an outline shown again at every section, a "Questions?"
page, a build-up step whose text the next page repeats. A page with little text
but a figure of its own (a chart, a diagram, a screenshot under a heading) is
content: a teacher asks about what it shows, and its heading finds it.
"""

from __future__ import annotations

import re
import statistics
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from itertools import pairwise
from typing import Any

from rapidfuzz import fuzz, process

__all__ = [
    "AGENDA",
    "BULLETS",
    "CLOSING",
    "EMPTY",
    "OVERLAY",
    "TITLE",
    "FigureFinder",
    "classify_pages",
    "pdf_figures",
]

EMPTY = "empty"
TITLE = "title"
AGENDA = "agenda"
CLOSING = "closing"
OVERLAY = "overlay"

BULLETS = "•●○◦▪▫■□▶►▸▹‣➢➤➔✦✧◆◇"  # the list markers slides use (also for cleaning)

# Given the indices of pages with little text, those of them that show a figure of their
# own; see pdf_figures.
FigureFinder = Callable[[Sequence[int]], Collection[int]]

_WORD = re.compile(r"[^\W\d_]{2,}")
_AGENDA_TITLE = re.compile(
    r"(?:(?:table of )?contents|outline|agenda|overview|roadmap|plan|syllabus|topics"
    r"|today(?:'s)?(?: (?:lecture|class|topics|plan|agenda))?"
    r"|(?:lecture|talk|course|class) (?:outline|plan|overview|contents)"
    r"|содержание|план(?: лекции)?|inhalt|gliederung|sommaire|plan du cours|índice|indice)"
    r"(?: (?:for|of) (?:this|the|today'?s?) \w+)?\W*",
    re.IGNORECASE,
)
_CLOSING_PHRASE = (
    r"(?:thank(?:s| you)(?: (?:very|so) much)?(?: for (?:your|the) attention| for listening)?"
    r"|(?:any )?(?:questions?|comments)(?: (?:and|&) (?:answers|discussion))?"
    r"|q ?(?:&|and) ?a|the end"
    r"|спасибо(?: за внимание)?|вопросы|merci(?: de votre attention)?|danke(?: schön)?"
    r"|fragen|gracias|preguntas|grazie|domande|obrigad[oa])"
)
_CLOSING_LINE = re.compile(rf"(?:{_CLOSING_PHRASE}[\s!?.,:;)]*)+", re.IGNORECASE)
_LEADING_MARKS = re.compile(r"^[\W_]+")
_MIN_OVERLAY_SHARE = 0.95
_REPEAT_SCORE = 90.0


def classify_pages(
    pages: Sequence[str], notes: bool = False, figures: FigureFinder | None = None
) -> list[tuple[str, ...]]:
    """Per page, why it carries nothing to ask about: empty, title, agenda, closing, overlay.

    A slide deck opens with its title page. Notes (text, Markdown, pasted) open with
    content unless their first section is only a title, and a short section with a
    list or a sentence in it is content too. `figures` says which slides with little
    text show a figure of their own: with a word or a heading to find it by, such a
    slide is content, neither empty nor a section title.
    """
    lines = [[line for line in page.split("\n") if line.strip()] for page in pages]
    n_words = [len(_WORD.findall(page)) for page in pages]
    repeated = _repeated_pages(pages, n_words)
    titles = [
        _looks_like_title(page_lines, n) for page_lines, n in zip(lines, n_words, strict=True)
    ]
    shown: Collection[int] = ()
    if figures is not None and not notes:
        few_words = [
            i for i in range(1, len(pages)) if n_words[i] and (n_words[i] < 3 or titles[i])
        ]
        shown = figures(few_words) if few_words else ()
    flags: list[tuple[str, ...]] = []
    for i, page_lines in enumerate(lines):
        reasons: list[str] = []
        figure = i in shown
        empty = n_words[i] < 3 and not figure
        if empty:
            reasons.append(EMPTY)
        if notes:
            if not empty and titles[i] and _only_title(page_lines):
                reasons.append(TITLE)
        elif i == 0 or (not empty and titles[i] and not figure):
            reasons.append(TITLE)
        if i in repeated or (page_lines and _AGENDA_TITLE.fullmatch(_bare(page_lines[0]))):
            reasons.append(AGENDA)
        if n_words[i] <= 15 and any(_CLOSING_LINE.fullmatch(_bare(x)) for x in page_lines):
            reasons.append(CLOSING)
        if i + 1 < len(pages) and _contained(page_lines, lines[i + 1]):
            reasons.append(OVERLAY)
        flags.append(tuple(reasons))
    return flags


def _bare(line: str) -> str:
    return _LEADING_MARKS.sub("", line).strip()


def _looks_like_title(lines: list[str], n_words: int) -> bool:
    """A deck or section title: a few words on a few lines, no sentence, no formula."""
    if n_words > 8 or len(lines) > 5 or any("=" in line for line in lines):
        return False
    for line in lines:
        words = len(_WORD.findall(line))
        if words >= 9 or (words >= 4 and line.rstrip().endswith(".")):
            return False
    return True


_LIST_OR_SENTENCE = re.compile(f"^(?:[{BULLETS}*\\-–—]|\\d{{1,2}}[.)])\\s|[.!?:]$")


def _only_title(lines: list[str]) -> bool:
    """Notes: a section with no list item and no sentence is a title (and a byline)."""
    return not any(_LIST_OR_SENTENCE.search(line.strip()) for line in lines[1:])


def _normalized(line: str) -> str:
    return re.sub(r"\s+", "", line.lower())


def _contained(lines: list[str], next_lines: list[str]) -> bool:
    """Whether (nearly) all of a page's text reappears on the next page: a build-up step."""
    normalized = [_normalized(line) for line in lines]
    total = sum(map(len, normalized))
    if not total or not any(_WORD.search(line) or line.isalnum() for line in lines):
        return False
    blob = "".join(_normalized(line) for line in next_lines)
    if len(blob) < total * _MIN_OVERLAY_SHARE:
        return False
    covered = sum(len(line) for line in normalized if line in blob)
    return covered >= total * _MIN_OVERLAY_SHARE


def _repeated_pages(pages: Sequence[str], n_words: list[int]) -> set[int]:
    """Pages shown again and again apart (an agenda at every section divider).

    Near-identical pages next to each other are build-up steps or duplicates, so a page
    counts only if its text recurs in at least three separate places in the deck. Two
    copies are apart only if a page unlike them comes between: the variants of one
    worked example (a diagram gaining a label, code with another part marked) shown a
    page or two apart are one place, not an outline.
    """
    candidates = [i for i, n in enumerate(n_words) if n >= 4]
    if len(candidates) < 3:
        return set()
    texts = [" ".join(pages[i].lower().split()) for i in candidates]
    flat = {i: t for i, t in zip(candidates, texts, strict=True)}
    places_of: dict[tuple[int, ...], int] = {}  # one count per cluster of copies
    repeated: set[int] = set()
    for row, cols in enumerate(_similar_texts(texts)):
        similar = tuple(candidates[col] for col in cols)
        if len(similar) < 3:
            continue
        if similar not in places_of:
            places_of[similar] = 1 + sum(_apart(pages, flat, a, b) for a, b in pairwise(similar))
        if places_of[similar] >= 3:
            repeated.add(candidates[row])
    return repeated


_UNLIKE_SCORE = 60.0  # below this a page between two copies is other content
_GAP_LOOK = 4  # pages between two copies compared with them, at most


def _apart(pages: Sequence[str], flat: dict[int, str], a: int, b: int) -> bool:
    """Whether a page unlike copy `a` comes between copies `a` and `b`."""
    for m in range(a + 1, min(b, a + 1 + _GAP_LOOK)):
        between = flat.get(m) or " ".join(pages[m].lower().split())
        if fuzz.ratio(flat[a], between) < _UNLIKE_SCORE:
            return True
    return False


_EXACT_UP_TO = 400  # texts compared all with all; above, only likely pairs are compared
_MINHASH_BANDS, _MINHASH_ROWS = 8, 3
_MERSENNE = (1 << 61) - 1


def _similar_texts(texts: list[str]) -> list[list[int]]:
    """For each text, the indices (ascending, itself included) of the texts at least
    _REPEAT_SCORE similar to it.

    A deck of a few hundred pages is compared all with all. Long text notes (thousands
    of pages) would take hours that way, so there identical texts are grouped first,
    texts are compared only within groups that share a MinHash band of their word
    pairs (near-duplicates nearly always do; unrelated pages nearly never), each with
    the group's leaders only, and the similar texts of a text are its cluster: about
    linear in the length of the notes, and no spurious gaps when a pair is missed.
    """
    if len(texts) <= _EXACT_UP_TO:
        scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=_REPEAT_SCORE)
        return [[col for col in range(len(texts)) if scores[row][col]] for row in range(len(texts))]
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        groups.setdefault(t, []).append(i)
    distinct = list(groups)
    parent = list(range(len(distinct)))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for bucket in _minhash_buckets(distinct):
        leaders: list[int] = []  # members not similar to an earlier leader
        for member in bucket:
            matched = False
            for leader in leaders:
                if root(leader) != root(member) and fuzz.ratio(
                    distinct[member], distinct[leader], score_cutoff=_REPEAT_SCORE
                ):
                    parent[root(member)] = root(leader)
                    matched = True
                elif root(leader) == root(member):
                    matched = True
            if not matched:
                leaders.append(member)
    clusters: dict[int, list[int]] = {}
    for d, text_ in enumerate(distinct):
        clusters.setdefault(root(d), []).extend(groups[text_])
    result: list[list[int]] = [[] for _ in texts]
    for members in clusters.values():
        members.sort()
        for i in members:
            result[i] = members
    return result


def _minhash_buckets(texts: list[str]) -> list[list[int]]:
    """Groups of texts that share a MinHash band over their word pairs."""
    import numpy as np

    k = _MINHASH_BANDS * _MINHASH_ROWS
    rng = np.random.default_rng(13)  # fixed: the same deck is classified the same way
    a = rng.integers(1, _MERSENNE, size=k, dtype=np.uint64)
    b = rng.integers(0, _MERSENNE, size=k, dtype=np.uint64)
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for i, text_ in enumerate(texts):
        words = text_.split()
        # crc32, not hash(): str hashes change from run to run, the flags must not
        shingles = {zlib.crc32(f"{v} {w}".encode()) for v, w in pairwise(words)}
        x = np.fromiter(shingles or {zlib.crc32(text_.encode())}, dtype=np.uint64)
        # (a·x + b) mod p over 32-bit x stays inside uint64 before the modulo
        signature = ((np.outer(a >> np.uint64(32), x) + b[:, None]) % _MERSENNE).min(axis=1)
        for band in range(_MINHASH_BANDS):
            key = signature[band * _MINHASH_ROWS : (band + 1) * _MINHASH_ROWS].tobytes()
            buckets.setdefault((band, key), []).append(i)
    return [bucket for bucket in buckets.values() if len(bucket) > 1]


# --- figures ---------------------------------------------------------------------------------

_FIGURE_SHARE = 0.25  # pictures covering a quarter of the page: a figure, not an icon
_FIGURE_PATHS = 10  # vector paths beyond the deck's usual ones: a drawn diagram or chart
_SAMPLE_PAGES = 12  # pages spread over the deck that show its usual decoration


def pdf_figures(data: bytes) -> FigureFinder:
    """A FigureFinder for a PDF deck: a page shows a figure of its own if pictures cover
    a quarter of it, or it has many more vector paths than the deck's pages usually
    have. Pictures on a third of the pages looked at (a logo, a background, a theme's
    banner) and the paths every page has (a theme, a navigation bar) are decoration.
    Only the pages asked about and a sample of the deck are read, so it is quick."""

    def find(indices: Sequence[int]) -> set[int]:
        import pymupdf

        try:
            with pymupdf.open(stream=data, filetype="pdf") as doc:  # type: ignore[no-untyped-call]
                return _figures(doc, indices)
        except Exception:  # PyMuPDF's own types: a page it cannot draw shows no figure
            return set()

    return find


def _figures(doc: Any, indices: Sequence[int]) -> set[int]:
    n = doc.page_count
    spread = range(0, n, max(1, n // _SAMPLE_PAGES))  # what the deck's pages usually have
    sample = sorted(set(indices) | set(spread))
    pictures: dict[int, list[tuple[tuple[int, ...], float]]] = {}
    paths: dict[int, int] = {}
    for i in sample:
        page = doc[i]
        # A picture is known by its pixel size and bytes: asking PyMuPDF for xrefs
        # hashes every picture, ten times slower on a deck of screenshots.
        pictures[i] = [
            ((info["width"], info["height"], info["size"]), abs(page.rect & info["bbox"]))
            for info in page.get_image_info()
        ]
        paths[i] = sum(1 for kind, _ in page.get_bboxlog() if kind.endswith("-path"))
    # the same picture on many of the pages looked at: a logo, or the section pages' background
    uses = Counter(key for i in sample for key in {k for k, _ in pictures[i]})
    decoration = {key for key, k in uses.items() if k >= max(3, len(sample) / 3)}
    usual = statistics.median(paths[i] for i in spread)
    found: set[int] = set()
    for i in indices:
        area = abs(doc[i].rect) or 1.0
        covered = sum(a for key, a in pictures[i] if key not in decoration)
        if covered >= _FIGURE_SHARE * area or paths[i] - usual >= _FIGURE_PATHS:
            found.add(i)
    return found

"""Where a sentence sits on a PDF page, for highlighting a draft's citation.

The supporting sentence stored with a draft is *cleaned* slide text (ligatures
resolved, hyphenated line ends joined, furniture removed), so it is not always
found verbatim on the page. PyMuPDF's `search_for` is tried on the whole
sentence first, then on overlapping runs of a few words, whose hits are
merged per line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

# Runs this long are specific enough not to match elsewhere on a slide.
_RUN = 4
_MAX_RUNS = 40


if TYPE_CHECKING:
    import pymupdf  # imported where used: it costs ~0.15 s at start-up


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.replace("…", " ")) if w]


def find_text_rects(page: pymupdf.Page, text: str) -> list[pymupdf.Rect]:
    """Rectangles (in PDF points) covering `text` on `page`; [] when not found."""
    words = _words(text)
    if not words:
        return []
    whole = " ".join(words)
    hits = page.search_for(whole)
    if hits:
        return list(hits)
    if len(words) <= _RUN:
        # a short text: each word on its own is too weak a match
        return []
    found: list[pymupdf.Rect] = []
    step = max(1, (len(words) - _RUN) // _MAX_RUNS + 1)
    for start in range(0, len(words) - _RUN + 1, step):
        for rect in page.search_for(" ".join(words[start : start + _RUN])):
            found.append(rect)
    return _merge(found)


def _merge(rects: list[pymupdf.Rect]) -> list[pymupdf.Rect]:
    """Overlapping hits on the same line become one rectangle."""
    import pymupdf

    merged: list[pymupdf.Rect] = []
    for r in sorted(rects, key=lambda r: (round(r.y0), r.x0)):
        last = merged[-1] if merged else None
        if last is not None and abs(last.y0 - r.y0) < 2 and r.x0 <= last.x1 + 2:
            merged[-1] = last | r
        else:
            merged.append(pymupdf.Rect(r))  # type: ignore[no-untyped-call]
    return merged

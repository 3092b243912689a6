"""Cutting text an instructor has into slides: a PDF's text copied out of a viewer,
a slide export, Markdown or plain notes.

Copied PDF text has one line per line and no blank lines, so the slide boundaries
must be read from what is left of them: form feeds, page markers ("Slide 3",
"3 / 40", "Page 3"), lines repeated on every page (running headers, footers, a
Beamer sidebar; dropped) and title-like short lines followed by bullets. Slides
are kept to a plausible length: a boundary that would leave a one-line slide is
not taken, and a run of text too long for one slide is cut at its best place.

`split_text` returns the pages; `segment_lines` the line ranges behind them (for
measuring the split against the real slide starts).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import ftfy

__all__ = ["Segmentation", "is_markdown", "repair_characters", "segment_lines", "split_text"]

# A slide shorter than this many lines is joined to its neighbour; past MAX_LINES or
# MAX_CHARS a run of text is cut even where the text shows no boundary.
MIN_LINES = 2
TARGET_LINES = 14
MAX_LINES = 30
MAX_CHARS = 1600

_BULLET_CHARS = "•●○◦▪▫■□▶►▸▹‣➢➤➔✦✧◆◇–—-*·"
# Wingdings and Symbol bullets come out as private-use code points.
_BULLET = re.compile(f"^\\s*(?:[{re.escape(_BULLET_CHARS)}\ue000-\uf8ff]|\\d{{1,2}}[.)](?:\\s|$))")
_LONE_MARKER = re.compile(
    f"[{re.escape(_BULLET_CHARS)}\ue000-\uf8ff]|\\d{{1,2}}[.)]|[a-z][.)]|\\([a-z\\d]\\)"
)
_PAGE_MARKER = re.compile(
    r"^\s*(?:(?:slide|page|folie|seite|p\.)\s*(?P<a>\d{1,4})(?:\s*(?:/|of)\s*\d{1,4})?"
    r"|(?P<b>\d{1,4})\s*(?:/|of)\s*\d{1,4})\s*$",
    re.IGNORECASE,
)
# A line that ends in a page or frame counter after some text: a footer.
_COUNTER_END = re.compile(r"\D\s(?:\d{1,3}\s*(?:/|of)\s*\d{1,3})\s*$")
_ENDS_WITH_LINK = re.compile(r"(?:https?://|www\.)\S+\s*$|\barxiv:\S+\s*$", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_MD_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})\s*$")
_SENTENCE_END = re.compile(r"[.!?;,:…]\s*$|[-‐(]\s*$")
_WORD = re.compile(r"[^\W\d_]{2,}")
_TEXT_WORD = re.compile(r"[^\W\d_]{3,}")
# Words a line ending mid-sentence ends with: the next line continues it, it is no title.
_CONTINUES = re.compile(
    r"\b(?:a|an|the|of|to|in|on|for|and|or|with|by|from|is|are|as|at|that|which|into)\s*$",
    re.IGNORECASE,
)


def repair_characters(text: str) -> str:
    """Mend mojibake in a whole text before it is cut ("‚Ä¢" is a bullet, "‚Äì" a dash).

    slide_text cleans each page again later; this pass only has to make the bullets
    and dashes the split looks for visible. ftfy also mends UTF-8 read as Latin-1.
    """
    from storage.slide_text import fix_mojibake

    return ftfy.fix_text(fix_mojibake(text), ftfy.TextFixerConfig(unescape_html=False))


def is_markdown(text: str) -> bool:
    """Notes written in Markdown: headings or rules at line starts, and paragraphs.

    Text copied out of a PDF has no blank lines; the "# …" lines in it are code
    comments on the slides (R, Python, shell), not headings.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    at = [i for i, line in enumerate(lines) if _MD_HEADING.match(line)]
    marked = len(at) >= 2 or (len(at) == 1 and any(_MD_RULE.match(line) for line in lines))
    # a Markdown heading stands apart: a blank line (or the start) above it
    apart = sum(1 for i in at if i == 0 or not lines[i - 1].strip())
    return marked and 2 * apart >= len(at)


@dataclass(frozen=True)
class Segmentation:
    lines: tuple[str, ...]
    starts: tuple[int, ...]  # index into `lines` of each slide's first kept line
    dropped: frozenset[int]  # markers and repeated header/footer lines

    def pages(self) -> list[str]:
        bounds = [*self.starts, len(self.lines)]
        out = []
        for a, b in pairwise(bounds):
            kept = [self.lines[i] for i in range(a, b) if i not in self.dropped]
            out.append("\n".join(kept).strip("\n"))
        return [p for p in out if p.strip()]


def split_text(text: str) -> list[str]:
    """The slides of a text, in order; empty when it has no text."""
    return segment_lines(text).pages()


def segment_lines(text: str) -> Segmentation:
    text = repair_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\f", "\n\f\n")
    lines = text.split("\n")
    hard = {i for i, line in enumerate(lines) if line == "\f"}
    dropped = set(hard) | _junk_runs(lines)
    if is_markdown(text):
        for i, line in enumerate(lines):
            if _MD_RULE.match(line):
                hard.add(i)
                dropped.add(i)
            elif re.match(r"^#{1,2}\s+\S", line):
                hard.add(i)
    markers = [i for i, line in enumerate(lines) if _PAGE_MARKER.match(line)]
    # A page number is on one page only; "2 / 25" on page after page counts something
    # else (Beamer's frame-in-section counter): it is dropped but cuts nothing.
    seen = Counter(_key(lines[i]) for i in markers)
    dropped.update(i for i in markers if seen[_key(lines[i])] > 1)
    markers = [i for i in markers if seen[_key(lines[i])] == 1]
    if len(markers) >= 2 and _numbers_run(lines, markers):
        hard.update(markers)
        dropped.update(markers)
    if not hard & set(markers):
        # bare page numbers ("7" on a line of its own), told from numbers in the text
        # by counting up through it
        numbers = _bare_page_numbers(lines, dropped)
        hard.update(numbers)
        dropped.update(numbers)
        markers += numbers
    # Footers with a frame counter ("Course – 2 / 10"), one at the end of each page
    # (overlay steps repeat it): page ends, when there are enough to be a deck's.
    footers = [i for i, line in enumerate(lines) if i not in dropped and _COUNTER_END.search(line)]
    text_lines = sum(1 for i, line in enumerate(lines) if i not in dropped and line.strip())
    if len(footers) >= max(4, 0.5 * text_lines / TARGET_LINES):
        hard.update(footers)
        dropped.update(footers)
        markers += footers
    pages_guess = len(markers) if hard & set(markers) else 0
    furniture = _repeated(lines, dropped, pages_guess)
    dropped |= furniture
    # Without page marks, a running header or footer (one line, once a page, start to
    # end of the text) marks every page it is on; a page without it is still cut by how
    # the text reads.
    paged = bool(hard) or len(footers) >= 4
    if not hard:
        edges = _running_edges(lines, furniture)
        hard |= edges
        paged = len(edges) >= 4
    blank = {i for i, line in enumerate(lines) if not line.strip()}
    dropped |= blank
    hard = {_title_before(lines, i, dropped, furniture) for i in hard}
    # Furniture marks likely page edges where a marked page is too long to be one.
    soft_edges = {_title_before(lines, i, dropped, furniture) for i in furniture}
    # a footer with a frame counter ends its page: the next line likely starts one
    soft_edges |= {i + 1 for i in footers if i + 1 < len(lines)}
    repeats = _repeat_starts(lines, dropped)
    starts = _cut(lines, dropped, hard, soft_edges, blank, repeats, paged)
    return Segmentation(tuple(lines), tuple(starts), frozenset(dropped))


# Hidden payloads (LaTeXiT's base64 source) come out one character a line, hundreds in
# a row; no slide has a run this long of one- or two-character lines.
JUNK_RUN = 20


def _junk_runs(lines: Sequence[str]) -> set[int]:
    out: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, "end"]):
        if 0 < len(line.strip()) <= 2 and line != "\f":
            run.append(i)
            continue
        if len(run) >= JUNK_RUN:
            out.update(run)
        run = []
    return out


def _title_before(lines: Sequence[str], i: int, dropped: set[int], furniture: set[int]) -> int:
    """Where a page really starts, given a break at line i.

    Beamer puts the slide title above its sidebar and the page number after both: a
    title-like line just before a block of furniture belongs to the page that follows.
    """
    # a header block right after the break: the furniture before it is the page's footer
    # (a LaTeX handout: footer, page number, then the next page's header), not a sidebar
    after = i + 1
    while after < len(lines) and not lines[after].strip():
        after += 1
    if after in furniture:
        return i
    j = i - 1
    while j >= 0 and j in dropped:
        j -= 1
    if len(furniture.intersection(range(j + 1, i + 1))) >= 2 and j >= 0 and _title_like(lines[j]):
        before = j - 1
        while before >= 0 and before in dropped:
            before -= 1
        # a two-line title: the line above is title-like too and ends nothing
        if before >= 0 and _title_like(lines[before]) and len(lines[before]) < 40:
            return before if _CONTINUES.search(lines[before]) else j
        return j
    return i


_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")


def _bare_page_numbers(lines: Sequence[str], dropped: set[int]) -> list[int]:
    """Lines holding only a number that count the pages up: the longest chain of such
    lines whose numbers rise by one to three (a build-up step may repeat its page's),
    if it is long enough to number most of the text's pages."""
    found = [
        (i, int(m.group(1)))
        for i, line in enumerate(lines)
        if i not in dropped and (m := _BARE_NUMBER.match(line))
    ][:3000]
    if len(found) < 4:
        return []
    # longest chain ending at each number (O(n²) over at most a few thousand lines)
    best = [1] * len(found)
    back = [-1] * len(found)
    for b, (i, n) in enumerate(found):
        for a in range(b):
            j, before = found[a]
            step = n - before
            # a number one up counts most: a constant ("42" on every page) is no count
            near = 2 <= step <= 3 or (step == 0 and i - j > MIN_LINES)
            gain = 2 if step == 1 else 1 if near else 0
            if gain and best[a] + gain > best[b]:
                best[b], back[b] = best[a] + gain, a
    end = max(range(len(found)), key=lambda k: best[k])
    chain = []
    while end >= 0:
        chain.append(found[end])
        end = back[end]
    chain.reverse()
    text_lines = sum(1 for i, line in enumerate(lines) if i not in dropped and line.strip())
    ones = sum(1 for (_, a), (_, b) in pairwise(chain) if b - a == 1)
    if len(chain) < max(4, 0.3 * text_lines / TARGET_LINES) or ones < 0.5 * (len(chain) - 1):
        return []
    return [i for i, _ in chain]


def _numbers_run(lines: Sequence[str], markers: list[int]) -> bool:
    """Markers are page numbers if they mostly count up."""
    numbers = []
    for i in markers:
        m = _PAGE_MARKER.match(lines[i])
        assert m is not None
        numbers.append(int(m.group("a") or m.group("b")))
    ups = sum(1 for a, b in pairwise(numbers) if b > a)
    return ups >= 0.6 * (len(numbers) - 1)


def _repeated(lines: Sequence[str], skip: set[int], pages_guess: int) -> set[int]:
    """Lines repeated on many pages: running headers, footers, a sidebar.

    A line counts if it recurs on at least a quarter of the slides the text holds
    (by its page markers, else by its length); a slide title that also sits in a
    sidebar is kept, since only whole runs of the deck's most repeated blocks go.
    """
    # Bullets are content however often they recur ("• Example", "- Yes").
    keys = [
        _key(line) if i not in skip and not _BULLET.match(line) else ""
        for i, line in enumerate(lines)
    ]
    counts = Counter(k for k in keys if k)
    text_lines = sum(1 for k in keys if k)
    if not pages_guess:
        # no page numbers: a line running through the whole text once a page counts them
        common = {k for k, n in counts.items() if n >= 6}
        running_counts = [counts[k] for k in _running_lines(keys, common)]
        pages_guess = max(running_counts, default=0) or text_lines // TARGET_LINES
    needed = max(4, pages_guess // 4)
    frequent = {k for k, n in counts.items() if n >= needed}
    if not frequent:
        return set()
    out: set[int] = set()
    # Runs of frequent lines; the run repeated most often (exactly) is the block to drop.
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(keys):
        if keys[i] in frequent:
            j = i
            while j < len(keys) and keys[j] in frequent:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    blocks = Counter(tuple(keys[a:b]) for a, b in runs if b - a >= 2)
    for block, n in blocks.most_common(3):
        if n < needed:
            break
        size = len(block)
        for a, b in runs:
            for s in range(a, b - size + 1):
                if tuple(keys[s : s + size]) == block:
                    out.update(range(s, s + size))
    block_starts = {s for s in out if s - 1 not in out}
    running = _running_lines(keys, frequent)
    for i, k in enumerate(keys):
        # a lone repeated line (a header, a footer), unless it sits right above a
        # sidebar block (a slide title also in the sidebar)
        lone = k in frequent and i not in out and (counts[k] >= 2 * needed or k in running)
        if lone and i + 1 not in block_starts:
            out.add(i)
    # Furniture is a small part of a text; when it seems most of it, it is the content
    # (slides made from one template), so nothing is dropped.
    return out if len(out) <= 0.8 * text_lines else set()


def _running_edges(lines: Sequence[str], furniture: set[int]) -> set[int]:
    """Where the deck's most repeated running line is, when it recurs about once a page."""
    keys = [_key(line) if i in furniture else "" for i, line in enumerate(lines)]
    running = _running_lines(keys, {k for k in keys if _WORD.search(k)})
    if not running:
        return set()
    best = max(running, key=lambda k: (keys.count(k), k))
    at = [i for i, k in enumerate(keys) if k == best]
    # lines in a row are a block (a sidebar), not one line a page
    if any(b - a < MIN_LINES for a, b in pairwise(at)) or len(at) < 4:
        return set()
    return set(at)


def _running_lines(keys: Sequence[str], frequent: set[str]) -> set[str]:
    """Lines that recur from the start of the text to its end, never close together: a
    running header or footer (a title repeated over build-up steps stays local)."""
    where: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k in frequent:
            where.setdefault(k, []).append(i)
    n = len(keys)
    return {
        k
        for k, at in where.items()
        if len(at) >= 6
        and at[0] <= 0.1 * n
        and at[-1] >= 0.9 * n
        # most repeats far apart (a page of one line may bring two close together)
        and sorted(b - a for a, b in pairwise(at))[len(at) // 4] >= 3
    }


def _key(line: str) -> str:
    return " ".join(line.lower().split())


_CONTINUED = re.compile(r"\s*\(?(?:cont(?:\.|'d|inued)?|ctd\.?)\)?\s*$", re.IGNORECASE)


def _title_like(line: str) -> bool:
    s = _CONTINUED.sub("", line.strip())
    if not s:
        return False
    words = _WORD.findall(s)
    return (
        0 < len(words) <= 9
        and len(s) <= 70
        and not _BULLET.match(s)
        and not _SENTENCE_END.search(s)
        and not _CONTINUES.search(s)
        and (s[0].isupper() or s[0].isdigit())
        and "=" not in s
        and not _COUNTER_END.search(s)
        # mostly words: a formula ("Pr(f, a|e) ≈") or a figure label is no title
        and sum(map(len, words)) >= 0.5 * len(s.replace(" ", ""))
    )


def _start_score(lines: Sequence[str], kept: list[int], k: int, blank_before: bool) -> float:
    """How much kept line k looks like the first line of a slide (0: not at all)."""
    line = lines[kept[k]]
    if not _title_like(line):
        return 0.0
    prev = lines[kept[k - 1]].strip() if k else ""
    if _LONE_MARKER.fullmatch(prev):
        return 0.0  # the item of a bullet or number on a line of its own (Google Slides)
    before = lines[kept[k - 2]].strip() if k >= 2 else ""
    if _LONE_MARKER.fullmatch(before) and not _SENTENCE_END.search(prev):
        return 0.0  # the second line of such an item, wrapped
    nxt = [lines[i] for i in kept[k + 1 : k + 4]]
    score = 1.0
    if nxt and _BULLET.match(nxt[0]):
        score += 2.0  # a heading over a list: the commonest slide
    elif len(nxt) >= 2 and _BULLET.match(nxt[1]) and _title_like(nxt[0]):
        score += 1.0  # a two-line title
    if blank_before:
        score += 2.0
    # a link or a reference ends what it is under: nothing runs on from it
    linked = bool(_ENDS_WITH_LINK.search(prev))
    if re.search(r"[.!?]\s*$", prev) or linked:
        score += 1.0  # the slide before ended on a finished sentence
    if nxt and len(nxt[0]) >= 45 and nxt[0][:1].isupper():
        score += 0.5  # a heading over a paragraph
    if prev and not linked and (_SENTENCE_END.search(prev) is None or prev.endswith(":")):
        # after an unfinished line the "title" is more likely its continuation
        score -= 0.5 if _title_like(prev) else 1.0
    if prev and _CONTINUES.search(prev):
        score -= 2.0
    if line.strip().isupper() and len(line.strip()) > 3:
        score += 0.5
    if nxt and _key(nxt[0]) == _key(line) and _key(prev) != _key(line):
        score += 2.0  # a title said twice (a header over a title box): a slide starts
    return score


# How far back (in kept lines) a repeated block is looked for: a build-up repeats the
# page just before it, a continued slide's title recurs a page or two later.
REPEAT_WINDOW = 120


def _repeat_starts(lines: Sequence[str], dropped: set[int]) -> dict[int, float]:
    """Lines that begin a repeat of a recent slide's beginning, with how sure that is.

    A build-up (an overlay step) repeats the whole page before it and adds a line or
    two; a continued slide repeats its title. Either way a block of lines that recurs a
    little later, beginning where the earlier copy began, starts a slide each time (and
    so does the first copy). Only the first line of a repeated run counts, so the lines
    inside a repeated page are no starts of their own.
    """
    kept = [i for i in range(len(lines)) if i not in dropped]
    # a footer's frame counter ("Lecture – 2 / 10") ends a page: it neither starts one
    # nor ties the title after it to the page before
    keys = ["" if _COUNTER_END.search(lines[i]) else _key(lines[i]) for i in kept]
    seen: dict[str, list[int]] = {}
    out: dict[int, float] = {}
    for p, key in enumerate(keys):
        earlier = seen.setdefault(key, [])
        if _WORD.search(key) and not _BULLET.match(lines[kept[p]]):
            sure = 0.0
            copies: list[int] = []
            # A repeat is taken where it begins; of the ways to read a page repeated
            # whole, the one beginning at a title (after a line that is none) is taken.
            title = _title_like(lines[kept[p]]) and not (p and _title_like(lines[kept[p - 1]]))
            for q in reversed(earlier[-6:]):
                if p - q > REPEAT_WINDOW:
                    break
                inside = p and q and keys[p - 1] and keys[p - 1] == keys[q - 1] and not title
                if p - q <= MIN_LINES or inside:
                    continue  # too close, or inside a run repeated from further up
                m = 1
                while m < p - q and p + m < len(keys) and keys[p + m] == keys[q + m]:
                    m += 1
                # mostly words: labels of a figure drawn twice ("|S| = 1") are no page
                wordy = sum(1 for t in range(m) if _TEXT_WORD.search(keys[q + t])) >= m / 2
                if m >= (2 if title else 3) and m >= 0.6 * (p - q) and wordy:
                    # what lies between the copies is mostly repeated right after them:
                    # a page and its build-up step (an example reused on a later slide
                    # repeats a few lines of a longer page, and is no start)
                    sure = 3.0
                    copies.append(q)
                elif m == 1 and _title_like(lines[kept[p]]):
                    sure = max(sure, 1.0)  # a title over new content: a continued slide
            if sure:
                out[kept[p]] = max(out.get(kept[p], 0.0), sure)
                for q in copies:
                    out[kept[q]] = max(out.get(kept[q], 0.0), sure)
        earlier.append(p)
    return out


def _cut(
    lines: Sequence[str],
    dropped: set[int],
    hard: set[int],
    soft: set[int],
    blank: set[int],
    repeats: dict[int, float] | None = None,
    paged: bool = False,
) -> list[int]:
    """The first line of each slide: at hard breaks, then inside long runs at the best
    looking slide starts."""
    kept = [i for i in range(len(lines)) if i not in dropped]
    if not kept:
        return []
    repeat_at = {k: (repeats or {}).get(i, 0.0) for k, i in enumerate(kept)}
    # kept-line positions where a hard break (or furniture, or a blank line) precedes
    breaks: set[int] = set()
    soft_at: set[int] = set()
    blank_at: set[int] = set()
    pos = 0
    for i in range(len(lines)):
        if i in hard:  # a kept line here starts the slide itself
            breaks.add(pos)
        elif i in soft:
            soft_at.add(pos)
        elif i in blank:
            blank_at.add(pos)
        if pos < len(kept) and kept[pos] == i:
            pos += 1
    bounds = sorted(b for b in breaks | {0} if b < len(kept))
    starts: list[int] = []
    for a, b in zip(bounds, [*bounds[1:], len(kept)], strict=True):
        starts.extend(
            _cut_run(
                lines,
                kept,
                a,
                b,
                soft_at,
                blank_at,
                repeat_at,
                structured=len(bounds) > 2,
                # marks on most pages: a long stretch between two is one long page
                dense=paged and len(bounds) >= 0.5 * len(kept) / MAX_LINES,
            )
        )
    return [kept[s] for s in _join_short(starts, len(kept))]


def _join_short(starts: list[int], n: int) -> list[int]:
    """A one-line slide (a lone title, a section divider) joins the slide after it."""
    out: list[int] = []
    carry: int | None = None
    for k, s in enumerate(starts):
        start = s if carry is None else carry
        carry = None
        end = starts[k + 1] if k + 1 < len(starts) else n
        if end - s < MIN_LINES:
            if k + 1 < len(starts):
                carry = start
                continue
            if out:
                continue  # a last one-liner stays with the slide before it
        out.append(start)
    return out


def _cut_run(
    lines: Sequence[str],
    kept: list[int],
    a: int,
    b: int,
    soft_at: set[int],
    blank_at: set[int],
    repeat_at: dict[int, float],
    structured: bool,
    dense: bool = False,
) -> list[int]:
    """Slide starts within kept[a:b] (a text between two hard breaks)."""
    length = b - a
    chars = sum(len(lines[kept[k]]) for k in range(a, b))
    # Between page marks a page may run long (a table, a screenshot of a paper); only a
    # run too long even for that holds several pages.
    max_lines, max_chars = (2 * MAX_LINES, 2 * MAX_CHARS) if dense else (MAX_LINES, MAX_CHARS)
    if structured and length <= max_lines and chars <= max_chars:
        return [a]  # a marked page of plausible length is one slide
    scores = {
        k: _start_score(lines, kept, k, k in blank_at)
        + (2.5 if k in soft_at else 0.0)
        + repeat_at.get(k, 0.0)
        for k in range(a + 1, b)
    }
    # characters before each kept line of the run, to cut prose with long lines
    upto = [0]
    for j in range(a, b):
        upto.append(upto[-1] + len(lines[kept[j]]))
    starts = [a]
    k = a + MIN_LINES
    while k < b:
        size = k - starts[-1]
        threshold = 2.5 if size < 4 else 2.0 if size < max_lines else 0.5
        # a build-up's first step may be a title and one line; other slides have more
        enough = size > MIN_LINES or repeat_at.get(k, 0.0) >= 3.0
        if enough and b - k >= MIN_LINES and scores.get(k, 0.0) >= threshold:
            starts.append(k)
            k += MIN_LINES
            continue
        too_long = upto[k - a] - upto[starts[-1] - a] >= max_chars
        if size >= max_lines or (too_long and size >= MIN_LINES):
            # too long for a slide: cut at the best start of the last stretch
            lo = starts[-1] + (MIN_LINES if too_long else MIN_LINES + 1)
            window = range(max(lo, k - max_lines // 2), k + 1)
            best = max(window, key=lambda j: (scores.get(j, 0.0), j))
            starts.append(best)
            k = best + MIN_LINES + 1
            continue
        k += 1
    return starts

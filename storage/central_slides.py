"""A deck's or course's central content slides, for generic requests ("key topics of this
lecture", "quiz me on the main points of this deck").

A deck's key terms are the words its content slides keep coming back to while
they are not everywhere (a word on every slide is the lecture's frame, not a
topic), counted more where a slide's title names them. A slide's centrality is
the weight of the key terms it carries; title, agenda, closing and overlay
slides (flagged at import) and outline/summary/reference slides are left out,
near-identical slides are kept once, and a course's decks take turns so that
each is represented.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select

from storage.database import Bank
from storage.domain import Slide
from storage.requests import REQUEST_WORDS
from storage.schema import SlideRow

# how many of a deck's words count as its key terms
KEY_TERMS = 25
# a word on more than this share of a deck's content slides frames it, it is no topic
FRAME_SHARE = 0.5
NEAR_IDENTICAL = 90.0
# a slide whose first line says it is an outline, a summary, a reading list or course
# administration
_NOT_CENTRAL = re.compile(
    r"^\s*(?:outline|agenda|overview|plan|contents|table of contents|roadmap|summary|recap|"
    r"conclusions?|references|bibliography|further reading|reading|resources|acknowledg\w*|"
    r"questions\??|thank you|thanks|план|содержание|литература|итоги|заключение|"
    # a list of the lecture's key words names its topics, it teaches none
    r"key ?words|key terms|key concepts|key takeaways|takeaways|glossary|ключевые слова|"
    # course administration
    r"course description|course overview|prerequisites|weekly schedule|schedule|syllabus|"
    r"grading|logistics|office hours|instructors|teachers)\b",
    re.I,
)
_TOKEN = re.compile(r"[^\W\d_]{3,}(?:-[^\W\d_]+)*", re.UNICODE)
_STOP = (
    frozenset(
        """the and for are was were with that this from have has had not but can will would
    which what when where who how why than then there their them they these those into
    onto over under more most less many much some such each every other only also very
    just like use used using one two three via per its our your you we our let may might
    must should could been being does did done make makes made get gets see e.g i.e etc
    slide slides lecture example examples figure fig page""".split()
    )
    | REQUEST_WORDS
)


def is_overview(slide: Slide) -> bool:
    """Whether a slide's first line says it is an outline, a summary or a reading list."""
    return bool(_NOT_CENTRAL.match(slide.text))


@dataclass(frozen=True)
class CentralSlide:
    slide: Slide
    score: float
    terms: tuple[str, ...]  # the deck's key terms it carries


def _words(text: str) -> list[str]:
    return [w for w in (t.casefold() for t in _TOKEN.findall(text)) if w not in _STOP]


def key_terms(slides: Sequence[Slide]) -> dict[str, float]:
    """The deck's key terms with their weights (a title word counts twice)."""
    content = [s for s in slides if s.is_content and s.text.strip()]
    if not content:
        return {}
    df: Counter[str] = Counter()
    in_title: Counter[str] = Counter()
    for s in content:
        words = set(_words(s.text))
        df.update(words)
        first = s.text.strip().splitlines()[0]
        in_title.update(set(_words(first)))
    n = len(content)
    frame = max(2, int(FRAME_SHARE * n))
    weights = {
        w: (c + in_title[w]) * math.log(1 + n / c)
        for w, c in df.items()
        if 2 <= c <= frame or (n < 4 and c >= 1)
    }
    # ties broken by the word: the same deck always gets the same key terms
    top = sorted(weights, key=lambda w: (-weights[w], w))[:KEY_TERMS]
    return {w: weights[w] for w in top}


def _ranked(slides: Sequence[Slide]) -> list[CentralSlide]:
    terms = key_terms(slides)
    ranked: list[CentralSlide] = []
    for s in slides:
        if not s.is_content or not s.text.strip() or _NOT_CENTRAL.match(s.text):
            continue
        words = set(_words(s.text))
        carried = tuple(sorted((w for w in words if w in terms), key=lambda w: (-terms[w], w)))
        if not carried:
            continue
        # a slide that carries many key terms, not one that is long
        score = sum(terms[w] for w in carried) / math.sqrt(max(8, len(words)) / 8)
        ranked.append(CentralSlide(s, round(score, 3), carried))
    ranked.sort(key=lambda c: -c.score)
    kept: list[CentralSlide] = []
    for c in ranked:
        if any(fuzz.ratio(k.slide.text, c.slide.text) >= NEAR_IDENTICAL for k in kept):
            continue
        kept.append(c)
    # the main points are several topics: a second slide under a title already chosen
    # ("Compression by Distillation" again) waits until every title had its turn
    seen: set[str] = set()
    first: list[CentralSlide] = []
    later: list[CentralSlide] = []
    for c in kept:
        title = _words(c.slide.text.strip().splitlines()[0])
        key = " ".join(title)
        (later if key in seen else first).append(c)
        seen.add(key)
    return first + later


def central_slides(
    bank: Bank, deck_ids: Sequence[int] | None, limit: int = 10
) -> list[CentralSlide]:
    """The most central content slides of these decks (all decks: None), best first;
    with several decks, each deck's best come in turn."""
    with bank.sessions() as s:
        query = select(SlideRow).order_by(SlideRow.deck_id, SlideRow.page)
        if deck_ids:
            query = query.where(SlideRow.deck_id.in_(list(deck_ids)))
        rows = s.scalars(query).all()
        slides = [
            Slide(
                r.deck_id,
                r.page,
                r.clean_text,
                tuple(f for f in r.flags.split(",") if f),
                r.raw_text,
                r.id,
            )
            for r in rows
        ]
    by_deck: dict[int, list[Slide]] = {}
    for slide in slides:
        by_deck.setdefault(slide.deck_id, []).append(slide)
    order = list(deck_ids) if deck_ids else sorted(by_deck)
    queues = [_ranked(by_deck.get(d, [])) for d in dict.fromkeys(order)]
    out: list[CentralSlide] = []
    depth = 0
    while len(out) < limit and any(depth < len(q) for q in queues):
        for q in queues:
            if depth < len(q) and len(out) < limit:
                out.append(q[depth])
        depth += 1
    return out


def with_sections(bank: Bank, slides: Sequence[Slide]) -> list[Slide]:
    """Each slide with the content slides of its deck under the same title (a topic over
    several slides: drafting reads a topic from the slides that develop it), in order."""
    wanted = {(s.deck_id, _title_key(s)) for s in slides}
    decks = sorted({s.deck_id for s in slides})
    with bank.sessions() as s:
        rows = s.scalars(
            select(SlideRow)
            .where(SlideRow.deck_id.in_(decks), SlideRow.flags == "")
            .order_by(SlideRow.deck_id, SlideRow.page)
        ).all()
        by_section = [
            Slide(r.deck_id, r.page, r.clean_text, (), r.raw_text, r.id)
            for r in rows
            if r.clean_text.strip()
        ]
    chosen = {s.id for s in slides}
    return [s for s in by_section if s.id in chosen or (s.deck_id, _title_key(s)) in wanted]


def _title_key(slide: Slide) -> str:
    lines = slide.text.strip().splitlines()
    return " ".join(_words(lines[0])) if lines else ""

"""How well the bank's questions cover one deck, slide by slide."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.bank_base import BankBase
from storage.course_coverage import question_mix
from storage.database import BankError
from storage.domain import DeckCoverage, QuestionType, SlideCoverage
from storage.schema import DeckRow, QuestionRow, QuestionSlideRow, SlideRow


class DeckCoverageReport(BankBase):
    """Coverage of a deck by the bank's questions."""

    def coverage(self, deck_id: int) -> DeckCoverage:
        """Per slide of the deck: how many questions cite it and of which types."""
        with self.bank.sessions() as s:
            deck = s.get(DeckRow, deck_id)
            if deck is None:
                raise BankError(f"There is no deck {deck_id} in this bank.")
            slides = s.execute(
                select(
                    SlideRow.id,
                    SlideRow.page,
                    func.substr(SlideRow.clean_text, 1, 300),
                    SlideRow.flags,
                )
                .where(SlideRow.deck_id == deck_id)
                .order_by(SlideRow.page)
            ).all()
            per_slide: dict[int, dict[QuestionType, int]] = {}
            for slide_id, qtype, n in s.execute(
                select(QuestionSlideRow.slide_id, QuestionRow.qtype, func.count())
                .join(QuestionRow, QuestionRow.id == QuestionSlideRow.question_id)
                .join(SlideRow, SlideRow.id == QuestionSlideRow.slide_id)
                .where(SlideRow.deck_id == deck_id)
                .group_by(QuestionSlideRow.slide_id, QuestionRow.qtype)
            ):
                per_slide.setdefault(slide_id, {})[QuestionType(qtype)] = int(n)
            title = deck.title
            # each question once, however many slides of the deck it cites
            by_type, by_difficulty, by_status = question_mix(s, [deck_id])
        return DeckCoverage(
            deck_id=deck_id,
            title=title,
            slides=tuple(
                SlideCoverage(
                    page=page,
                    heading=_first_line(text_),
                    flags=tuple(f for f in (flags or "").split(",") if f),
                    questions=sum(per_slide.get(sid, {}).values()),
                    by_type=per_slide.get(sid, {}),
                )
                for sid, page, text_, flags in slides
            ),
            questions=sum(by_type.values()),
            by_type=by_type,
            by_difficulty=by_difficulty,
            by_status=by_status,
        )


def _first_line(text_: str) -> str:
    for line in text_.splitlines():
        if line.strip():
            return " ".join(line.split())[:200]
    return ""

"""The drafting pipeline end to end with the real bundled model writing questions itself."""

from __future__ import annotations

import pytest

from models.bundled import ensure_bundled_model
from models.drafting import Draft, DraftRequest, DraftStats, run_drafting
from models.gpt4all_engine import Gpt4AllEngine
from storage.decks import read_deck
from storage.domain import Difficulty, QuestionType, Slide
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    e = Gpt4AllEngine(ensure_bundled_model(tmp_path_factory.getbasetemp() / "bundled-model"))
    yield e
    e.close()


def test_model_path_runs_and_weak_output_never_becomes_a_draft(engine) -> None:
    deck = read_deck(FIXTURES / "yandex-nlp-lecture-efficiency.pdf")
    slides = [
        Slide(1, i, t, f) for i, (t, f) in enumerate(zip(deck.pages, deck.flags, strict=True), 1)
    ]
    stats = DraftStats()
    request = DraftRequest({QuestionType.MCQ: 1}, Difficulty.MEDIUM, strategy="model")
    items = list(run_drafting(slides, request, engine, stats=stats))
    drafts = [d for d in items if isinstance(d, Draft)]
    assert stats.model_seconds > 0  # the real model was asked
    assert any(p.text for p in items if not isinstance(p, Draft))  # its text was streamed
    # whatever it wrote, only a checked, grounded draft comes out
    assert len(drafts) == 1 and drafts[0].ok and drafts[0].question.sources
    written = drafts[0].question.origin.method == "model"
    assert written or sum(stats.rejected.values()) >= 1


def test_auto_does_not_ask_the_135m_model(engine) -> None:
    deck = read_deck(FIXTURES / "yandex-word-alignment-metropolis.pdf")
    slides = [
        Slide(1, i, t, f) for i, (t, f) in enumerate(zip(deck.pages, deck.flags, strict=True), 1)
    ]
    stats = DraftStats()
    drafts = [
        d
        for d in run_drafting(
            slides,
            DraftRequest({QuestionType.MCQ: 2, QuestionType.TRUE_FALSE: 2}),
            engine,
            stats=stats,
        )
        if isinstance(d, Draft)
    ]
    assert stats.model_seconds == 0 and drafts
    assert all(d.question.origin.method == "built" for d in drafts)


def test_a_shortfall_says_why_for_other_scripts_and_diagram_slides() -> None:
    from models.drafting import shortfall_message

    russian = [Slide(1, 1, "Политика – это классификатор\nОракул — это политика обучения")]
    diagram = [Slide(1, 2, "h[t]\nx[t]\nRNN\ny = Wx + b\n0.5\n1.0")]
    prose = [Slide(1, 3, "Attention lets every token look at every other token in the sequence.")]
    assert "not in a Latin-script language" in shortfall_message(russian, 2)
    assert "mostly diagrams" in shortfall_message(diagram, 2)
    assert "select more slides" in shortfall_message(prose, 2)
    from storage.domain import QuestionType

    said = shortfall_message(prose, 3, {QuestionType.MCQ: 2, QuestionType.SHORT: 1})
    assert "(2 multiple choice, 1 short answer)" in said
    assert "two or more of their kind" in said and "described in one line" in said

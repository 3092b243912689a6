"""Wrong options ranked by meaning: the deck's terms embedded once per run, synonyms of
the key left out, other decks' terms of its kind when the deck has too few, and the
drafts of today when there is no embedding model or it fails."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pytest

from models.drafting import term_embeddings as te
from models.drafting.built import build_drafts
from models.drafting.candidates import _Ctx
from models.drafting.facts import extract_facts
from models.drafting.vocabulary import deck_vocabulary
from storage.domain import Difficulty, Question, QuestionType, Slide
from storage.semantic import FloatArray


class FakeEmbedder:
    """Vectors made to order: a term's name (the text before ':' or '(') → a direction.

    Two names at angle θ have cosine cos θ, so a test says how close two terms are."""

    def __init__(self, angles: Mapping[str, float], model_id: str = "fake/1") -> None:
        self.angles = {k.casefold(): v for k, v in angles.items()}
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str], cancel: Callable[[], bool] | None = None) -> FloatArray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 3), dtype=np.float32)
        for i, text in enumerate(texts):
            name = text.split(":")[0].split(" (")[0].strip().casefold()
            angle = self.angles.get(name, 1.5)  # an unknown term: far from everything
            out[i] = (np.cos(angle), np.sin(angle), 0.0)
        return out


class BrokenEmbedder:
    model_id = "broken/1"

    def embed(self, texts: Sequence[str], cancel: Callable[[], bool] | None = None) -> FloatArray:
        raise RuntimeError("GPT4All could not run the model")


def _cos(c: float) -> float:
    """The angle whose cosine is `c` (from the key, at angle 0)."""
    return float(np.arccos(c))


# every pruning method glossed on a slide of its own: lexically alike (one head noun, one
# length), so wording alone ranks them by name; the garden ones are of another field
PRUNING = [
    Slide(
        5,
        2,
        "Pruning methods\n"
        "Magnitude pruning – drop the weights with the smallest absolute values\n"
        "Grapevine pruning – cut the canes of the vine back in late winter\n"
        "Hedge pruning – trim the sides of a hedge after it flowers\n"
        "Sensitivity pruning – drop the weights whose removal changes the loss least\n"
        "Movement pruning – drop weights that move toward zero during fine-tuning",
    )
]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    te._CACHE.clear()


def _ctx(slides: Sequence[Slide], embedder: object | None, reference: Sequence[Slide] = ()) -> _Ctx:
    content = [s for s in slides if s.is_content]
    facts = extract_facts(content)
    vocab = deck_vocabulary(content, facts=facts)
    ctx = _Ctx(content, facts, vocab, Difficulty.HARD, 0, random.Random(0))
    ctx.term_space = te.term_space(embedder, vocab, facts, reference)  # type: ignore[arg-type]
    return ctx


def _ranked(ctx: _Ctx, key: str) -> list[str]:
    term = ctx.vocab.get(key)
    assert term is not None, f"{key!r} is not a term of the deck"
    return [t.text for t, _ in te.ranked_siblings(ctx, term, 60, ())]


def test_the_closest_in_meaning_ranks_first() -> None:
    lexical = _ranked(_ctx(PRUNING, None), "Magnitude pruning")
    assert lexical[0] == "Grapevine pruning"  # by wording: a tie, the name decides
    fake = FakeEmbedder(
        {
            "magnitude pruning": 0.0,
            "sensitivity pruning": _cos(0.7),
            "movement pruning": _cos(0.6),
            "grapevine pruning": _cos(0.1),
            "hedge pruning": _cos(0.15),
        }
    )
    ranked = _ranked(_ctx(PRUNING, fake), "Magnitude pruning")
    assert ranked[:2] == ["Sensitivity pruning", "Movement pruning"]
    assert set(ranked) == set(lexical)  # re-ranked, nothing added or lost


def test_each_term_that_can_be_an_option_is_embedded_once_with_its_gloss() -> None:
    fake = FakeEmbedder({})
    ctx = _ctx(PRUNING, fake)
    for key in ("Magnitude pruning", "Hedge pruning", "Movement pruning"):
        _ranked(ctx, key)
    texts = [t for call in fake.calls for t in call]
    # the methods, once each; not the heading, which is no wrong option of any of them
    assert len(texts) == len(set(texts)) == 5 == len(ctx.vocab) - 1
    assert not any(t.startswith("Pruning methods") for t in texts)
    assert "Magnitude pruning: drop the weights with the smallest absolute values" in texts
    _ctx(PRUNING, fake)  # a second run of the same deck (a redraft) embeds nothing again
    assert sum(len(c) for c in fake.calls) == len(texts)


def test_a_synonym_of_the_key_is_left_out_not_preferred() -> None:
    fake = FakeEmbedder(
        {
            "magnitude pruning": 0.0,
            "sensitivity pruning": _cos(0.95),  # says the same as the key
            "movement pruning": _cos(0.6),
        }
    )
    ranked = _ranked(_ctx(PRUNING, fake), "Magnitude pruning")
    assert "Sensitivity pruning" not in ranked
    assert ranked[0] == "Movement pruning"


def test_a_term_glossed_as_the_key_is_left_out() -> None:
    text = PRUNING[0].text + "\nWeight pruning – drop weights with the smallest absolute values"
    slides = [Slide(5, 2, text)]
    fake = FakeEmbedder({"magnitude pruning": 0.0, "weight pruning": _cos(0.3)})
    assert "Weight pruning" in _ranked(_ctx(slides, None), "Magnitude pruning")
    assert "Weight pruning" not in _ranked(_ctx(slides, fake), "Magnitude pruning")


# a deck with one quantization method beside the key, and another deck of the course
QUANT = [
    Slide(
        6,
        1,
        "Making models fast\n"
        "Linear quantization – fit a linear range to the weights and round them\n"
        "Product quantization – split vectors into chunks and quantize each chunk\n"
        "Latency – the time one request takes on the device",
    )
]
COURSE = [
    Slide(
        7,
        1,
        "Compression methods\n"
        "Nonlinear quantization – a grid of percentiles or centroids of the weights\n"
        "Vector quantization – map each vector to the nearest codebook entry\n"
        "Color quantization – reduce the number of colors of an image palette\n"
        "Magnitude pruning – drop the weights with the smallest absolute values",
    )
]


def test_other_decks_serve_when_the_deck_has_too_few_of_the_kind() -> None:
    fake = FakeEmbedder(
        {
            "linear quantization": 0.0,
            "product quantization": _cos(0.55),
            "nonlinear quantization": _cos(0.8),
            "vector quantization": _cos(0.65),
            "color quantization": _cos(0.2),  # another field: image processing
            "magnitude pruning": _cos(0.6),  # close, but not a quantization method
        }
    )
    ranked = _ranked(_ctx(QUANT, fake, COURSE), "Linear quantization")
    assert "Nonlinear quantization" in ranked and "Vector quantization" in ranked
    assert "Color quantization" not in ranked and "Magnitude pruning" not in ranked
    # the deck's own term of the kind first, though a course term is closer in meaning
    assert ranked.index("Product quantization") < ranked.index("Nonlinear quantization")
    # without an embedder, the course is not consulted
    assert _ranked(_ctx(QUANT, None, COURSE), "Linear quantization") == [
        t for t in ranked if t not in ("Nonlinear quantization", "Vector quantization")
    ]


def test_a_deck_with_enough_of_the_kind_keeps_to_its_own_terms() -> None:
    fake = FakeEmbedder({"magnitude pruning": 0.0, "random pruning": _cos(0.8)})
    course = [Slide(8, 1, "Baselines\nRandom pruning – drop weights at random")]
    ranked = _ranked(_ctx(PRUNING, fake, course), "Magnitude pruning")
    assert "Random pruning" not in ranked


def _drafts(embedder: object | None, difficulty: Difficulty) -> list[tuple[str, tuple[str, ...]]]:
    from tests.models.test_built_drafts import LECTURE

    counts = {QuestionType.MCQ: 6, QuestionType.TRUE_FALSE: 2, QuestionType.SHORT: 2}
    qs: list[Question] = build_drafts(
        LECTURE,
        counts,
        difficulty,
        seed=3,
        embedder=embedder,  # type: ignore[arg-type]
    )
    return [(q.stem, tuple(c.text for c in q.choices)) for q in qs]


@pytest.mark.parametrize("difficulty", list(Difficulty))
def test_without_a_working_model_the_drafts_are_those_of_today(difficulty: Difficulty) -> None:
    today = _drafts(None, difficulty)
    assert today
    assert _drafts(BrokenEmbedder(), difficulty) == today
    ctx = _ctx(PRUNING, BrokenEmbedder())
    assert ctx.term_space is None


def test_the_model_failing_mid_run_keeps_the_deck_ranking() -> None:
    fake = FakeEmbedder({"linear quantization": 0.0, "product quantization": _cos(0.55)})
    ctx = _ctx(QUANT, fake, COURSE)
    assert ctx.term_space is not None
    ctx.term_space.embedder = BrokenEmbedder()  # breaks before the course is embedded
    ranked = _ranked(ctx, "Linear quantization")
    assert ranked[0] == "Product quantization"
    assert "Nonlinear quantization" not in ranked
    assert ctx.term_space.broken


def test_the_real_model_ranks_a_closer_method_of_the_kind_first(embedder: object) -> None:
    lexical = _ranked(_ctx(PRUNING, None), "Magnitude pruning")
    ranked = _ranked(_ctx(PRUNING, embedder), "Magnitude pruning")
    assert lexical[0] == "Grapevine pruning"
    assert ranked[0] in ("Sensitivity pruning", "Movement pruning"), ranked
    garden = max(ranked.index("Grapevine pruning"), ranked.index("Hedge pruning"))
    assert garden >= 2, ranked

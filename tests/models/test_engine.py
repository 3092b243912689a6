"""The engine interface's shared pieces: token estimate, fitting text to a context, stop strings."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from models.engine import (
    Engine,
    EngineError,
    GenerationSettings,
    ModelInfo,
    StopScanner,
    estimate_tokens,
    fit_to_context,
)


def words(text: str) -> int:
    return len(text.split())


# --- the interface --------------------------------------------------------------


class FakeEngine:
    """What a test double for the drafting code looks like: it satisfies Engine."""

    def __init__(self) -> None:
        self.info = ModelInfo("fake", None, "none", 512, "chatml", "gpt4all")

    def generate(
        self,
        system: str,
        user: str,
        settings: GenerationSettings,
        on_text: Callable[[str], bool] | None = None,
    ) -> str:
        return "ok"

    def count_tokens(self, text: str) -> int:
        return words(text)

    def close(self) -> None:
        pass


def test_a_fake_engine_satisfies_the_protocol() -> None:
    assert isinstance(FakeEngine(), Engine)
    assert not isinstance(object(), Engine)


def test_values_are_frozen_and_have_the_documented_defaults() -> None:
    s = GenerationSettings()
    assert (s.max_tokens, s.temperature, s.top_p, s.top_k, s.seed, s.stop) == (
        400, 0.2, 0.9, 40, None, ()
    )  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.max_tokens = 1  # type: ignore[misc]
    info = ModelInfo("m", "/m.gguf", "llama", 2048, "llama3", "gpt4all")
    assert info.warnings == ()
    assert issubclass(EngineError, Exception)


# --- token estimate -------------------------------------------------------------


def test_the_estimate_is_zero_for_nothing_and_grows_with_text() -> None:
    assert estimate_tokens("") == 0
    one = estimate_tokens("Tokenization splits text into tokens.")
    assert 6 <= one <= 14  # SmolLM2 reads it as 7 tokens
    assert estimate_tokens("Tokenization splits text into tokens. " * 10) > 9 * one


def test_the_estimate_charges_more_for_text_small_vocabularies_split_finely() -> None:
    english = "the model reads the text"
    russian = "модель читает текст слово"  # about as many letters
    assert estimate_tokens(russian) > 2 * estimate_tokens(english)
    assert estimate_tokens("a\nb\nc\nd") >= 7  # one letter per line: LaTeXiT junk
    assert estimate_tokens("x ∈ ℝ, √2") >= 6


# --- fit_to_context ------------------------------------------------------------------


def test_whole_texts_are_kept_in_order_while_they_fit() -> None:
    texts = ["one two three", "four five", "six"]
    assert fit_to_context(texts, 100, words) == texts
    assert fit_to_context(texts, 5, words) == ["one two three", "four five"]


def test_the_first_text_that_does_not_fit_is_cut_at_a_sentence_and_the_rest_dropped() -> None:
    slide = "Tokens are units. BPE merges pairs. WordPiece scores merges by likelihood."
    kept = fit_to_context(["intro text here", slide, "never reached"], 10, words)
    assert kept == ["intro text here", "Tokens are units. BPE merges pairs."]


def test_a_cut_prefers_line_ends_and_falls_back_to_words() -> None:
    slide = "Agenda\nTokenization and embeddings in pre-training\nLoRA"
    assert fit_to_context([slide], 4, words) == ["Agenda"]
    long_sentence = "one two three four five six seven eight"
    assert fit_to_context([long_sentence], 3, words) == ["one two three"]


def test_nothing_is_kept_when_nothing_fits() -> None:
    assert fit_to_context(["Supercalifragilistic"], 0, words) == []
    assert fit_to_context(["Supercalifragilistic"], 3, lambda t: 10 * len(t)) == []
    assert fit_to_context([], 10, words) == []


@pytest.mark.parametrize("budget", [1, 7, 20, 33, 64, 150, 400])
def test_fitted_text_never_overflows_the_budget(budget: int) -> None:
    slides = [
        "Byte pair encoding (BPE) merges the most frequent pair of symbols. It repeats this.",
        "Embeddings map tokens to vectors in ℝ^d.\nThey are learnt during pre-training.",
        "LoRA adds low-rank matrices; the pre-trained weights stay frozen! Cheap? Yes.",
    ] * 4
    kept = fit_to_context(slides, budget, estimate_tokens)
    assert sum(estimate_tokens(t) for t in kept) <= budget
    for text, original in zip(kept, slides, strict=False):
        assert original.startswith(text)  # only the last one may be cut, and only at its end


# --- stop strings ---------------------------------------------------------------------


def feed_all(scanner: StopScanner, pieces: list[str]) -> str:
    out = "".join(scanner.feed(p) for p in pieces)
    return out + scanner.flush()


def test_a_stop_string_split_across_pieces_is_found_and_not_let_through() -> None:
    scanner = StopScanner(["<|im_end|>"])
    assert scanner.feed("The answer is B.<|im") == "The answer is B."
    assert scanner.feed("_end|> more") == ""
    assert scanner.stopped
    assert scanner.feed("ignored") == ""


def test_held_back_text_is_released_when_it_is_not_a_stop() -> None:
    scanner = StopScanner(["</s>"])
    assert scanner.feed("a <") == "a "
    assert scanner.feed("b") == "<b"
    assert scanner.feed("</") == ""
    assert scanner.flush() == "</"
    assert not scanner.stopped


def test_the_earliest_of_several_stops_wins_and_empty_stops_are_ignored() -> None:
    assert feed_all(StopScanner(["", "END", "\n\n"]), ["x\n", "\ny END"]) == "x"
    assert feed_all(StopScanner([]), ["a", "b"]) == "ab"

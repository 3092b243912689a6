# ruff: noqa: E501  (a table: one request a line reads best)
"""Typed requests as instructors write them: counts per type, level, Bloom, focus, topic."""

from __future__ import annotations

import pytest

from storage.domain import Bloom, Difficulty, QuestionType
from storage.requests import parse_request

M, MU, TF, SH, ES, NU, CL = (
    QuestionType.MCQ,
    QuestionType.MULTI,
    QuestionType.TRUE_FALSE,
    QuestionType.SHORT,
    QuestionType.ESSAY,
    QuestionType.NUMERICAL,
    QuestionType.CLOZE,
)
H, E, MED = Difficulty.HARD, Difficulty.EASY, Difficulty.MEDIUM

# request, counts, difficulty, bloom, focus, topic ("" = none; "*" = generic)
TABLE: list[tuple[str, dict[QuestionType, int], Difficulty | None, Bloom | None, tuple[str, ...], str]] = [
    # the issue's five
    (
        "Generate a quiz on tokenization and embeddings, testing their use and importance "
        "for pre-training of LLMs",
        {}, None, None, (), "tokenization and embeddings, pre-training of LLMs",
    ),
    ("MCQs, true/false and short questions on the same topics", {M: 3, TF: 3, SH: 3}, None, None, (), ""),
    ("make it hard", {}, H, None, (), ""),
    ("key terms such as LoRA, MoE, quantization", {}, None, None, ("LoRA", "MoE", "quantization"), "LoRA, MoE, quantization"),
    (
        "an assignment exploring Word2Vec CBOW and skip-gram by coding it in PyTorch",
        {ES: 1}, None, None, (), "Word2Vec CBOW and skip-gram",
    ),
    # counts per type
    ("5 MCQs, 3 true/false and 2 short questions on attention", {M: 5, TF: 3, SH: 2}, None, None, (), "attention"),
    ("three easy multiple choice questions about BLEU", {M: 3}, E, None, (), "BLEU"),
    ("a true/false question on dropout", {TF: 1}, None, None, (), "dropout"),
    ("10 questions on beam search", {M: 10}, None, None, (), "beam search"),
    ("2 essays and 4 short-answer questions on word alignment", {ES: 2, SH: 4}, None, None, (), "word alignment"),
    ("MCQ x4 and T/F x2 on pruning", {M: 4, TF: 2}, None, None, (), "pruning"),
    ("six multiple-answer questions on GPTQ", {MU: 6}, None, None, (), "GPTQ"),
    ("4 select all that apply questions about MoE routing", {MU: 4}, None, None, (), "MoE routing"),
    ("3 numerical questions on int8 memory savings", {NU: 3}, None, None, (), "int8 memory savings"),
    ("two true or false statements on LSTM gates", {TF: 2}, None, None, (), "LSTM gates"),
    ("a couple of fill in the blank questions on n-grams", {CL: 2}, None, None, (), "n-grams"),
    ("a multiple-choice quiz on LSTM gates", {M: 5}, None, None, (), "LSTM gates"),
    ("a 12-question quiz on the perceptron", {M: 12}, None, None, (), "perceptron"),
    ("10 questions, MCQs and true/false, on smoothing", {M: 5, TF: 5}, None, None, (), "smoothing"),
    ("5 hard MCQs and 3 more true/false on the EM algorithm", {M: 5, TF: 3}, H, None, (), "EM algorithm"),
    ("an essay question on the noisy channel model", {ES: 1}, None, None, (), "noisy channel model"),
    ("a homework on implementing IBM Model 1 in Python", {ES: 1}, None, None, (), "IBM Model 1"),
    # difficulty
    ("a hard quiz on quantization", {}, H, None, (), "quantization"),
    ("make it hard: questions on knowledge distillation", {}, H, None, (), "knowledge distillation"),
    ("logistic regression and regularization, medium difficulty", {}, MED, None, (), "logistic regression and regularization"),
    ("easy questions about tokenization", {}, E, None, (), "tokenization"),
    ("challenging MCQs on speculative decoding", {M: 5}, H, None, (), "speculative decoding"),
    ("not too hard, 6 questions on n-grams", {M: 6}, MED, None, (), "n-grams"),
    ("intermediate level questions on CRFs", {}, MED, None, (), "CRFs"),
    ("quiz on self-attention, difficulty: hard", {}, H, None, (), "self-attention"),
    ("сложные вопросы про динамический оракул", {}, H, None, (), "динамический оракул"),
    # level words that are topics, not levels
    ("soft vs hard attention", {}, None, None, (), "soft vs hard attention"),
    ("hard EM versus soft EM for alignment", {}, None, None, (), "hard EM versus soft EM for alignment"),
    ("precision and recall of the aligner", {}, None, None, (), "precision and recall of the aligner"),
    ("applications of LLMs", {}, None, None, (), "applications of LLMs"),
    ("a quiz on Quanitzation basics: int8/int4, linear vs nonlinear quantization", {}, None, None, (), "Quanitzation basics: int8/int4, linear vs nonlinear quantization"),
    # Bloom
    ("Bloom: analyze; 4 MCQs on backprop", {M: 4}, None, Bloom.ANALYZE, (), "backprop"),
    ("questions that test application of gradient descent", {}, None, Bloom.APPLY, (), "gradient descent"),
    ("recall questions on HMM terminology", {}, None, Bloom.REMEMBER, (), "HMM terminology"),
    ("evaluation-level questions about pruning criteria", {}, None, Bloom.EVALUATE, (), "pruning criteria"),
    ("analysis questions, hard, on BPTT", {}, H, Bloom.ANALYZE, (), "BPTT"),
    # focus terms
    ("a quiz on efficient LLMs with a focus on LoRA and quantization", {}, None, None, ("LoRA", "quantization"), "efficient LLMs, LoRA and quantization"),
    ("questions on RNNs, especially vanishing gradients", {}, None, None, ("vanishing gradients",), "RNNs, vanishing gradients"),
    ("5 MCQs focusing on beam search, BLEU", {M: 5}, None, None, ("beam search", "BLEU"), "beam search, BLEU"),
    ("key terms: perceptron, margin", {}, None, None, ("perceptron", "margin"), "perceptron, margin"),
    # generic requests
    ("key topics of this lecture", {}, None, None, (), "*"),
    ("quiz me on the main points of this deck", {}, None, None, (), "*"),
    ("5 MCQs on the key concepts of the course, make it easy", {M: 5}, E, None, (), "*"),
    ("an overview quiz of the whole lecture", {}, None, None, (), "*"),
    # unknown words never break a request
    ("asdf qwerty zxcv", {}, None, None, (), "asdf qwerty zxcv"),
    ("", {}, None, None, (), ""),
    ("!!! ??? ,,,", {}, None, None, (), ""),
    ("999 MCQs", {M: 999}, None, None, (), ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "counts", "level", "bloom", "focus", "topic"), TABLE)
def test_a_request_reads_as_the_instructor_meant(
    text: str,
    counts: dict[QuestionType, int],
    level: Difficulty | None,
    bloom: Bloom | None,
    focus: tuple[str, ...],
    topic: str,
) -> None:
    got = parse_request(text)
    assert got.counts == counts
    assert got.difficulty == level
    assert got.bloom == bloom
    assert got.focus == focus
    if topic == "*":
        assert got.generic and not got.topic
    else:
        assert not got.generic
        assert got.topic == topic


def test_the_table_has_the_forty_requests_the_issue_asks_for() -> None:
    assert len(TABLE) >= 40


def test_an_assignment_keeps_its_tools_out_of_the_topic() -> None:
    got = parse_request(
        "an assignment exploring Word2Vec CBOW and skip-gram by coding it in PyTorch"
    )
    assert got.assignment and got.tools == ("PyTorch",)
    assert "PyTorch" not in got.topic
    assert "assignment" in got.summary() and "PyTorch" in got.summary()


def test_the_summary_says_what_was_understood() -> None:
    got = parse_request("5 MCQs and 2 true/false on attention, make it hard")
    assert got.summary() == "5 multiple choice, 2 true/false; hard; about: attention"
    assert parse_request("key topics of this lecture").summary() == "the central slides"


def test_matching_questions_are_counted() -> None:
    from storage.domain import QuestionType
    from storage.requests import parse_request

    parsed = parse_request("3 matching questions and 2 true/false on pruning")
    assert parsed.counts == {QuestionType.MATCHING: 3, QuestionType.TRUE_FALSE: 2}


def test_ordering_questions_are_counted() -> None:
    from storage.domain import QuestionType
    from storage.requests import parse_request

    assert parse_request("2 ordering questions on BPE").counts == {QuestionType.ORDERING: 2}


@pytest.mark.parametrize(
    "text",
    [
        "4 cloze questions on attention",
        "4 fill in the blanks on attention",
        "4 fill-in-the-blank questions on attention",
        "four Cloze items on attention",
    ],
)
def test_cloze_and_fill_in_the_blanks_are_counted_as_cloze(text: str) -> None:
    parsed = parse_request(text)
    assert parsed.counts == {CL: 4}
    assert parsed.topic_words() == ["attention"]
    assert parsed.summary() == "4 cloze (embedded answers); about: attention"


def test_cloze_beside_other_types() -> None:
    parsed = parse_request("3 MCQs, 2 cloze and 1 short answer question on BPE")
    assert parsed.counts == {M: 3, CL: 2, SH: 1}

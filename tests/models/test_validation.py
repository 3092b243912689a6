"""Validation of drafts: real-looking good questions pass, broken ones say why."""

from __future__ import annotations

from dataclasses import replace

from models.drafting.validation import ERROR, WARNING, errors, normalize_option, validate
from storage.domain import Choice, Question, QuestionType, SlideRef


def mcq(stem: str, right: str, *wrong: str) -> Question:
    return Question(QuestionType.MCQ, stem, (Choice(right, 1.0), *(Choice(w) for w in wrong)))


def tf(stem: str, answer: bool, source: str = "") -> Question:
    return Question(
        QuestionType.TRUE_FALSE,
        stem,
        (Choice("true", 1.0 if answer else 0.0), Choice("false", 0.0 if answer else 1.0)),
        sources=(SlideRef(1, 5, source),) if source else (),
    )


def short(stem: str, *answers: str) -> Question:
    return Question(QuestionType.SHORT, stem, tuple(Choice(a, 1.0) for a in answers))


def codes(q: Question) -> set[str]:
    return {i.code for i in validate(q)}


GOOD_MCQ = mcq(
    "Which term is described on the slides as “Fit a linear range to data”?",
    "Linear quantization",
    "Nonlinear quantization",
    "Product quantization",
    "Magnitude pruning",
)


def test_good_questions_have_no_issues() -> None:
    assert validate(GOOD_MCQ) == []
    assert validate(tf("Smoothing introduces bias into the parameter estimates.", True)) == []
    assert (
        validate(
            short(
                "Which term is described on the slides as “controls which information is "
                "remembered, and which is forgotten”?",
                "Forget gate",
            )
        )
        == []
    )
    multi = Question(
        QuestionType.MULTI,
        "Which of the following are listed on the slides as learning algorithms?",
        (
            Choice("Naïve Bayes", 0.5),
            Choice("Perceptron", 0.5),
            Choice("Spam filtering"),
            Choice("Sentiment analysis"),
        ),
    )
    assert validate(multi) == []


def test_mcq_needs_exactly_one_correct_option() -> None:
    two = replace(GOOD_MCQ, choices=(*GOOD_MCQ.choices[:3], Choice("Magnitude pruning", 1.0)))
    none = replace(GOOD_MCQ, choices=tuple(Choice(c.text) for c in GOOD_MCQ.choices))
    assert "correct-count" in codes(two)
    assert "correct-count" in codes(none)
    assert all(i.severity == ERROR for i in validate(two) if i.code == "correct-count")


def test_multi_needs_some_but_not_all_correct() -> None:
    stem = "Which of the following are applications of encoder-only Transformers?"
    all_right = Question(
        QuestionType.MULTI, stem, tuple(Choice(x, 1 / 3) for x in ("A one", "B two", "C three"))
    )
    assert "correct-count" in codes(all_right)
    none_right = Question(
        QuestionType.MULTI, stem, tuple(Choice(x) for x in ("A one", "B two", "C three"))
    )
    assert "correct-count" in codes(none_right)


def test_true_false_has_true_and_false_with_one_correct() -> None:
    q = tf("Distillation can train on unlabeled data.", True)
    assert validate(q) == []
    both = replace(q, choices=(Choice("true", 1.0), Choice("false", 1.0)))
    assert "correct-count" in codes(both)
    odd = replace(q, choices=(Choice("yes please", 1.0), Choice("maybe")))
    assert "true-false-options" in codes(odd)


def test_option_count_between_three_and_five() -> None:
    q = mcq("Which technique prunes individual weights?", "Unstructured sparsity", "Distillation")
    assert "option-count" in codes(q)
    many = mcq("Which technique prunes individual weights?", "A1", "B2", "C3", "D4", "E5", "F6")
    assert "option-count" in codes(many)


def test_options_must_differ_after_normalising() -> None:
    q = mcq(
        "Which term is described on the slides as “prune individual weights”?",
        "Unstructured sparsity",
        "unstructured  sparsity.",
        "Structured sparsity",
        "Magnitude pruning",
    )
    assert "duplicate-options" in codes(q)
    assert normalize_option("Naïve-Bayes!") == normalize_option("naive bayes")


def test_all_or_none_of_the_above_is_refused_by_default() -> None:
    q = mcq(
        "Which of these compress a model?",
        "Quantization",
        "Pruning",
        "Distillation",
        "All of the above",
    )
    assert "all-none-above" in codes(q)
    assert "all-none-above" not in {i.code for i in validate(q, allow_all_none=True)}
    none = mcq(
        "Which of these compress a model?",
        "Quantization",
        "Tokenization",
        "Attention",
        "None of these",
    )
    assert "all-none-above" in codes(none)


def test_option_repeating_or_contained_in_stem() -> None:
    q = mcq(
        "Which statement about GPTQ is right: it quantizes one column of the weight matrix "
        "at a time?",
        "It quantizes one column of the weight matrix at a time",
        "It prunes heads",
        "It distils a teacher",
    )
    assert "option-in-stem" in codes(q)
    give_away = mcq(
        "Which term is defined as linear quantization of the weights?",
        "Linear quantization",
        "Magnitude pruning",
        "Speculative decoding",
    )
    warn = [i for i in validate(give_away) if i.code == "answer-in-stem"]
    assert warn and warn[0].severity == WARNING


def test_length_biased_key_is_a_warning() -> None:
    q = mcq(
        "What does magnitude pruning do according to the slides?",
        "Drops about 5% of the smallest weights from each layer every 1000 steps and keeps "
        "training the model",
        "Adds heads",
        "Uses int8",
        "Distils",
    )
    issues = [i for i in validate(q) if i.code == "length-biased-key"]
    assert issues and issues[0].severity == WARNING
    assert "length-biased key" in issues[0].message
    assert not errors(validate(q))


def test_trivially_negated_slide_sentence_is_a_warning() -> None:
    source = "Distillation can train on unlabeled data."
    q = tf("Distillation can not train on unlabeled data.", False, source)
    found = [i for i in validate(q) if i.code == "trivial-negation"]
    assert found and found[0].severity == WARNING
    # a negation the slide itself makes is not "inserted"
    own = tf(
        "Transformers do not have recurrent connections.",
        True,
        "Transformers do not have recurrent connections.",
    )
    assert "trivial-negation" not in codes(own)
    assert "negated-statement" in codes(own)


def test_short_answer_needs_an_answer_and_obvious_variants() -> None:
    assert "no-answer" in codes(short("Which gate decides what the LSTM cell forgets?"))
    q = short(
        "Which architecture uses a memory cell to model long-range dependencies?",
        "Long short-term memory (LSTM)",
    )
    variants = [i for i in validate(q) if i.code == "answer-variants"]
    assert variants and "LSTM" in variants[0].message
    plural = short("Which models emit words from hidden states?", "Hidden Markov Models")
    assert "answer-variants" in codes(plural)
    fine = short(
        "Which models emit words from hidden states?",
        "Hidden Markov Models",
        "Hidden Markov Model",
        "HMM",
    )
    assert "answer-variants" not in codes(fine)
    cased = replace(fine, case_sensitive=True)
    assert "case-sensitive" in codes(cased)


def test_truncated_texts_are_errors() -> None:
    assert "truncated-stem" in codes(
        mcq(
            "Which term is described as “Add a special regularizer that encourages and",
            "A1",
            "B2",
            "C3",
        )
    )
    assert "truncated-stem" in codes(
        mcq("Which method keeps weights in (16-bit?", "A1", "B2", "C3")
    )
    assert "truncated-option" in codes(
        mcq("Which method keeps sensitive weights in 16-bit?", "SpQR keeps some…", "AWQ", "QUIK")
    )
    assert "truncated-option" in codes(
        mcq("Which method keeps sensitive weights in 16-bit?", "SpQR keeps the", "AWQ", "QUIK")
    )
    assert "empty-stem" in codes(mcq("   ", "A1", "B2", "C3"))
    assert "empty-option" in codes(mcq("Which method keeps weights in 16-bit?", "SpQR", "", "AWQ"))


def test_stem_must_be_a_question_or_completable() -> None:
    q = mcq("Quantization methods", "SpQR", "AWQ", "QUIK")
    assert "stem-form" in codes(q)
    blank = mcq("___ keeps sensitive weights in 16-bit.", "SpQR", "AWQ", "QUIK")
    assert "stem-form" not in codes(blank)
    colon = mcq("Complete the statement from the slides:", "SpQR", "AWQ", "QUIK")
    assert "stem-form" not in codes(colon)


def test_essay_wants_a_task_and_a_rubric() -> None:
    q = Question(
        QuestionType.ESSAY,
        "Implement Word2Vec (CBOW and skip-gram) in PyTorch and compare the embeddings.",
    )
    assert [i.code for i in validate(q)] == ["no-rubric"]
    assert "short-task" in codes(replace(q, stem="Word2Vec"))

"""Grounding drafts in slide text: supported answers cite the sentence, others do not pass."""

from __future__ import annotations

from models.drafting.grounding import ground
from storage.domain import Choice, Question, QuestionType, Slide

SLIDES = [
    Slide(3, 1, "Natural Language Processing\nModel compression", ("title",)),
    Slide(
        3, 12, "Linear quantization\nFit a linear range to data\nscale = (max(w) – min(w)) / 2^4"
    ),
    Slide(3, 13, "Nonlinear quantization\nCompute a grid of percentiles or centroids (k-means 1d)"),
    Slide(
        3,
        20,
        "Compression by sparsification\n"
        "Unstructured sparsity = prune individual weights (minimal model size)\n"
        "Structured sparsity = prune entire neurons/heads (fastest inference)",
    ),
    Slide(
        3,
        31,
        "Recent developments: Mixture of Experts (MoE) Models\n"
        "● Sparsity: MoE models activate only a subset of experts for each input token.",
    ),
    Slide(
        3,
        40,
        "Summary and next steps\n"
        "▶ The remainder of this chapter describes four learning algorithms:\n"
        "▶ Naïve Bayes\n▶ Perceptron\n▶ Large-margin\n▶ Logistic regression",
    ),
    Slide(
        3,
        41,
        "Smoothing, bias, variance\n"
        "▶ Smoothing introduces bias, moving the parameters away from their estimates.\n"
        "▶ Regularization penalizes large weights.",
    ),
]


def mcq(stem: str, right: str, *wrong: str) -> Question:
    return Question(QuestionType.MCQ, stem, (Choice(right, 1.0), *(Choice(w) for w in wrong)))


def tf(stem: str, answer: bool) -> Question:
    return Question(
        QuestionType.TRUE_FALSE,
        stem,
        (Choice("true", 1.0 if answer else 0.0), Choice("false", 0.0 if answer else 1.0)),
    )


def test_definition_question_is_grounded_on_its_slide_with_the_sentence() -> None:
    q = mcq(
        "Which term is described on the slides as “Fit a linear range to data”?",
        "Linear quantization",
        "Nonlinear quantization",
        "Structured sparsity",
    )
    g = ground(q, SLIDES)
    assert g.supported, g.reason
    assert g.refs[0].page == 12 and g.refs[0].deck_id == 3
    assert "Fit a linear range to data" in g.refs[0].supporting_text
    assert g.score >= 0.9


def test_wrong_key_is_not_grounded() -> None:
    q = mcq(
        "Which term is described on the slides as “Fit a linear range to data”?",
        "Speculative decoding",
        "Linear quantization",
        "Structured sparsity",
    )
    g = ground(q, SLIDES)
    assert not g.supported
    assert "page" in g.reason


def test_answer_that_is_nowhere_on_the_slides_is_not_grounded() -> None:
    q = mcq("Which optimizer did the lecture recommend?", "Adam", "SGD", "RMSProp")
    g = ground(q, SLIDES)
    assert not g.supported and g.refs == ()


def test_definition_as_key_is_grounded() -> None:
    q = mcq(
        "Which description matches “Structured sparsity”, as presented on the slides?",
        "Prune entire neurons/heads (fastest inference)",
        "Prune individual weights (minimal model size)",
        "Fit a linear range to data",
    )
    g = ground(q, SLIDES)
    assert g.supported and g.refs[0].page == 20
    assert g.refs[0].supporting_text.startswith("Structured sparsity")


def test_acronym_expansion_counts_as_the_answer() -> None:
    q = Question(
        QuestionType.SHORT,
        "Which kind of model activates only a subset of experts for each input token?",
        (Choice("MoE", 1.0),),
    )
    g = ground(q, SLIDES)
    assert g.supported and g.refs[0].page == 31
    q2 = Question(q.type, q.stem, (Choice("Mixture of Experts", 1.0),))
    assert ground(q2, SLIDES).supported


def test_short_answer_tolerates_plural_and_case() -> None:
    q = Question(
        QuestionType.SHORT,
        "Fill in the blank with the term used on the slides: “___ introduces bias, moving the "
        "parameters away from their estimates”",
        (Choice("smoothing", 1.0),),
    )
    assert ground(q, SLIDES).supported


def test_true_statement_as_stated() -> None:
    g = ground(
        tf("Smoothing introduces bias, moving the parameters away from their estimates.", True),
        SLIDES,
    )
    assert g.supported and g.refs[0].page == 41


def test_false_statement_by_sibling_swap_is_grounded_on_the_original() -> None:
    g = ground(
        tf(
            "Regularization introduces bias, moving the parameters away from their estimates.",
            False,
        ),
        SLIDES,
    )
    assert g.supported, g.reason
    assert g.refs[0].page == 41
    assert g.refs[0].supporting_text.startswith("Smoothing introduces bias")
    assert "regularization" in g.reason.casefold()


def test_false_definition_swap_with_a_term_the_deck_uses() -> None:
    q = tf("The slides describe Nonlinear quantization as: fit a linear range to data.", False)
    g = ground(q, SLIDES)
    assert g.supported and g.refs[0].page == 12


def test_statement_marked_false_but_stated_on_the_slides_is_not_grounded() -> None:
    q = tf("Smoothing introduces bias, moving the parameters away from their estimates.", False)
    g = ground(q, SLIDES)
    assert not g.supported
    assert "states it" in g.reason


def test_swap_with_a_word_the_deck_never_uses_is_not_grounded() -> None:
    q = tf("Dropout introduces bias, moving the parameters away from their estimates.", False)
    assert not ground(q, SLIDES).supported


def test_true_statement_not_on_slides_is_not_grounded() -> None:
    assert not ground(
        tf("Quantization always improves accuracy on every task.", True), SLIDES
    ).supported


def test_multiple_answers_all_on_the_list_slide() -> None:
    q = Question(
        QuestionType.MULTI,
        "Which of the following are listed on the slides as learning algorithms?",
        (
            Choice("Naïve Bayes", 0.5),
            Choice("Perceptron", 0.5),
            Choice("Structured sparsity"),
            Choice("Linear quantization"),
        ),
    )
    g = ground(q, SLIDES)
    assert g.supported and g.refs[0].page == 40
    wrong = Question(
        QuestionType.MULTI,
        q.stem,
        (Choice("Naïve Bayes", 0.5), Choice("Linear quantization", 0.5), Choice("Perceptron")),
    )
    assert not ground(wrong, SLIDES).supported


def test_which_statement_is_false() -> None:
    q = mcq(
        "Which of the following statements is FALSE according to the slides?",
        "Nonlinear quantization — fit a linear range to data",
        "Structured sparsity — prune entire neurons/heads (fastest inference)",
        "Unstructured sparsity — prune individual weights (minimal model size)",
        "Smoothing introduces bias, moving the parameters away from their estimates.",
    )
    g = ground(q, SLIDES)
    assert g.supported, g.reason
    assert g.refs[0].page == 12


def test_empty_selection_is_not_grounded() -> None:
    g = ground(mcq("Which term?", "A1", "B2", "C3"), [])
    assert not g.supported and "no text" in g.reason

"""Slide debris is no fact: an image's credit line ("Courtesy of Prof. … Used with
permission.") joined to the bullet above it, and a lettered answer of an in-class
question ("B. reflect the biases of language learners …") cut from its question."""

from __future__ import annotations

import pytest

from models.drafting.built import build_drafts
from models.drafting.checks import gate, list_item
from models.drafting.sentence_shape import sentence_fault
from models.drafting.slide_units import slide_sentences
from storage.domain import Choice, Difficulty, Question, QuestionType, Slide


def _tf(statement: str) -> Question:
    return Question(
        type=QuestionType.TRUE_FALSE,
        stem=statement,
        choices=(Choice("true", 1.0), Choice("false", 0.0)),
    )


@pytest.mark.parametrize(
    "credit",
    [
        "Courtesy of Prof. Henrik Schmidt. Used with permission.",  # climate policy, round 32
        "Image courtesy of NASA.",  # astronomy
        "Images removed due to copyright restrictions.",
        "Figure by MIT OpenCourseWare.",
        "Photo by J. Smith, used with permission.",
    ],
)
def test_a_credit_line_is_no_part_of_the_slides_sentences(credit: str) -> None:
    slide = Slide(
        1,
        4,
        "Decision making\n• Probabilities unknown; judgment must drive decisions\n"
        "• Climate models disagree on regional effects of global warming.\n" + credit,
    )
    text = " ".join(s for s, _ in slide_sentences(slide))
    assert "Climate models disagree" in text
    assert credit.split()[0] not in text.split()[-3:]
    assert "permission" not in text and "courtesy" not in text.lower()


def test_a_line_that_only_starts_like_a_credit_stays() -> None:
    slide = Slide(
        1,
        2,
        "Survey bias\nCourtesy bias is the tendency of respondents to understate "
        "their dissatisfaction.",
    )
    assert any("Courtesy bias" in s for s, _ in slide_sentences(slide))


def test_drafts_from_a_slide_with_a_credit_never_carry_it() -> None:
    slides = [
        Slide(
            1,
            1,
            "Drug pricing\n• Drug prices are higher in the United States than in any "
            "other major market.\nCourtesy of Prof. Stan Finkelstein. Used with permission.",
        ),
        Slide(
            1,
            2,
            "Generics\n• Generic drugs enter the market when the patent on the "
            "original drug expires.\nImage courtesy of the FDA.",
        ),
    ]
    drafts = build_drafts(slides, {QuestionType.TRUE_FALSE: 4}, Difficulty.MEDIUM)
    assert drafts
    assert not any("ourtesy" in q.stem or "permission" in q.stem for q in drafts)


@pytest.mark.parametrize(
    "statement",
    [
        "B. reflect the biases of language learners somewhat but also shaped by the bottleneck.",
        "C. directly reflect the biases of language learners and nothing more.",
        "(a) increases the reaction rate at low temperatures.",
        "ii) the firm sets its price above marginal cost.",
        "2) remove the solvent before crystallisation.",
    ],
)
def test_a_lettered_answer_cut_from_its_question_is_refused(statement: str) -> None:
    assert list_item(_tf(statement))
    assert gate(_tf(statement)).startswith("an item out of its list")


@pytest.mark.parametrize(
    "statement",
    [
        "B cells produce antibodies against specific antigens.",
        "A. Smith argued that markets allocate resources efficiently.",
        "3.5 percent of the energy is lost as heat.",
        "Vitamin C is an antioxidant.",
    ],
)
def test_a_statement_that_only_opens_with_a_letter_stays(statement: str) -> None:
    assert not list_item(_tf(statement))


def test_an_option_that_is_a_lettered_answer_is_refused() -> None:
    q = Question(
        type=QuestionType.MCQ,
        stem="Which learners converge to the prior?",
        choices=(
            Choice("Sampling learners", 1.0),
            Choice("b) maximising learners", 0.0),
            Choice("Teachers", 0.0),
        ),
    )
    assert list_item(q)


@pytest.mark.parametrize(
    "statement",
    [
        "A market share is a function of proprietary.",  # bioprocessing, round 32
        "Subword tokenization aims at segmenting the input stream into linguistically motivated.",
        "Costs rise with the number of active.",
    ],
)
def test_an_adjective_whose_noun_went_to_the_next_line_is_no_sentence(statement: str) -> None:
    assert sentence_fault(statement) == "an adjective left without its noun"


@pytest.mark.parametrize(
    "statement",
    [
        "Market share is a function of proprietary position.",
        "This result holds in general.",
        "Society at large benefits from vaccination.",
        "Water is essential.",
        "Education should be available for free.",
    ],
)
def test_an_adjective_that_ends_a_sentence_rightly_stays(statement: str) -> None:
    assert sentence_fault(statement) != "an adjective left without its noun"


def test_a_note_before_a_semicolon_is_no_clause() -> None:
    fault = sentence_fault(
        "Probabilities unknown; judgment and risk tolerance must drive decisions."
    )
    assert fault == "a fragment before a semicolon"  # climate policy, round 32
    assert sentence_fault("Costs are high; benefits are uncertain.") == ""
    assert sentence_fault("Data are noisy; therefore, we smooth them.") == ""


def test_a_fair_use_notice_wrapped_over_lines_leaves_no_tail() -> None:
    slide = Slide(
        1,
        17,
        "What is a model?\nA model is an idealization of the real problem.\n"
        '"Physical situation"\n"Model"\n'
        "© Massachusetts Bay Transportation Authority. All rights\n"
        "© Google, Inc. All rights reserved. This content is\n"
        "reserved. This content is excluded from our Creative Commons\n"
        "excluded from our Creative Commons license. For more\n"
        "license. For more information, see http://ocw.mit.edu/fairuse.\n"
        "information, see http://ocw.mit.edu/fairuse.",
    )
    text = " ".join(s for s, _ in slide_sentences(slide))
    assert "idealization" in text
    for tail in ("license", "reserved", "information, see", "Creative"):
        assert tail not in text


def test_a_slide_about_licences_keeps_its_lines() -> None:
    slide = Slide(
        1,
        3,
        "Open content\nCreative Commons licenses let authors keep some rights.\n"
        "The license must be included with every copy.",
    )
    text = " ".join(s for s, _ in slide_sentences(slide))
    assert "Creative Commons licenses" in text and "must be included" in text

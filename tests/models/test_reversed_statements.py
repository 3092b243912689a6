"""False true/false items made by reversing the direction a slide states, and the true
ones raters found to test nothing (hedged, a fallacy list, a question written as a
sentence, a subject that only the slide explains)."""

from __future__ import annotations

from models.drafting.built import build_drafts
from models.drafting.grounding import ground
from models.drafting.opposites import reversal_between, reverse
from models.drafting.statement_checks import _statement_ok
from storage.domain import Difficulty, Question, QuestionType, Slide

TF = QuestionType.TRUE_FALSE


def test_one_direction_word_is_reversed_with_its_case_and_article() -> None:
    r = reverse("Morphemes are the smallest meaningful units in a language.")
    assert (
        r is not None and r.statement == "Morphemes are the largest meaningful units in a language."
    )
    r = reverse("Dropout is applied before the activation.")
    assert r is not None and r.statement == "Dropout is applied after the activation."
    r = reverse("Weight decay causes a decrease in the norm of the weights.")
    assert (
        r is not None
        and r.statement == "Weight decay causes an increase in the norm of the weights."
    )
    r = reverse("Inflation rises when the central bank prints money.")
    assert r is not None and r.statement == "Inflation falls when the central bank prints money."
    # opposite properties read as wording tricks to raters: not reversed
    assert reverse("The cognitive map is an internal representation of the maze.") is None


def test_no_reversal_where_it_would_not_make_the_claim_false() -> None:
    assert reverse("Batching may increase the latency of one request.") is None  # hedged
    assert reverse("The reward does not increase with the number of steps.") is None  # negated
    assert reverse("Rewards can be positive or negative in this setting.") is None  # both named
    assert reverse("Increasing the batch size reduces the gradient noise.") is None  # two words
    assert reverse("Relations are stored line after line on disk.") is None  # an idiom
    # the word is part of one of the deck's terms: "Maximum likelihood" is a name
    assert reverse("Maximum likelihood picks the parameters of the data.", {"maximum"}) is None


def test_the_grounding_recognises_a_reversal_and_nothing_else() -> None:
    line = "Morphemes are the smallest meaningful units in a language."
    assert reversal_between("Morphemes are the largest meaningful units in a language.", line)
    assert not reversal_between("Morphemes are the smallest units of meaning in a word.", line)
    assert not reversal_between(line, line)


SLIDES = [
    Slide(5, 1, "Morphology\nA lecture", ("title",)),
    Slide(
        5,
        2,
        "Morphology basics\nMorphemes are the smallest meaningful units in a language.\n"
        "Inflection changes the grammatical form of a word without changing its category.\n"
        "Derivation creates a new word, often of another category.",
    ),
    Slide(
        5,
        3,
        "Training networks\nWeight decay leads to smaller weights in the trained network.\n"
        "Early stopping ends training when the validation loss stops improving.\n"
        "Data augmentation adds transformed copies of the training examples.",
    ),
]


def _false_ones(qs: list[Question]) -> list[Question]:
    return [q for q in qs if q.type == TF and not q.choices[0].correct]


def test_false_statements_are_drafted_by_reversal_and_grounded_as_false() -> None:
    qs = build_drafts(SLIDES, {TF: 4}, Difficulty.HARD, seed=2)
    false = _false_ones(qs)
    assert false, [q.stem for q in qs]
    for q in false:
        assert "largest" in q.stem or "larger" in q.stem, q.stem  # the one reversible claim
        g = ground(q, SLIDES)
        assert g.supported and "reversed" in g.reason, g.reason
        assert "not “larger" in q.general_feedback or "not “largest" in q.general_feedback


def test_a_reversal_the_deck_itself_states_is_never_keyed_false() -> None:
    said = [
        *SLIDES,
        Slide(
            5,
            4,
            "Caveat\nIn some languages morphemes are the largest meaningful units in a language.",
        ),
    ]
    qs = build_drafts(said, {TF: 6}, Difficulty.HARD, seed=2)
    assert not any("largest meaningful units" in q.stem for q in _false_ones(qs))


def test_true_statements_that_test_nothing_are_left_out() -> None:
    slides = [
        Slide(
            6,
            1,
            "Fallacies of distributed computing\nBandwidth is plentiful across the whole network.\n"
            "The network is reliable for every message that is sent.",
        ),
        Slide(6, 2, "Links\nCommunication links may be limited by the bandwidth of the provider."),
    ]
    qs = build_drafts(slides, {TF: 4}, Difficulty.MEDIUM)
    assert not [q.stem for q in qs if q.type == TF and q.choices[0].correct]


def test_questions_scenarios_and_unexplained_subjects_are_not_facts() -> None:
    assert not _statement_ok(
        "Assuming she randomly guessed, the chance that she gets all eight cups right is small."
    )
    assert not _statement_ok(
        "If she guessed at random, what is the probability she would get all eight."
    )
    assert not _statement_ok(
        "The standard solution is to replace the expressions with placeholders."
    )
    assert not _statement_ok("The range can also be a named vector of values in the language.")
    assert not _statement_ok("Unclear how to fairly distribute payouts when players interact.")
    # a caption with a parenthesis after it is still a caption
    assert not _statement_ok("Temporary files preserved between system reboots (required).")
    assert _statement_ok("Morphemes are the smallest meaningful units in a language.")


def test_an_opinion_is_no_statement() -> None:
    assert not _statement_ok(
        "IMHO, Bioconductor has had a positive impact on genomic data analysis in general."
    )


def test_no_option_holds_every_word_of_another() -> None:
    from models.drafting.distractors import _same_words
    from models.drafting.vocabulary import Term

    def term(text: str) -> Term:
        return Term(key=text.lower(), text=text)

    assert _same_words(term("Seismic velocities"), term("Seismic wave velocities"))
    assert _same_words(term("Seismic wave velocity"), term("Seismic velocities"))
    assert not _same_words(term("Body waves"), term("Surface waves"))
    assert not _same_words(term("Velocity"), term("Seismic velocities"))  # one word: a kind


def test_a_day_of_the_class_is_no_term() -> None:
    """Round 14: "Tuesday: Sample design concerns" became "The Tuesday samples design
    concerns.", keyed True; a weekday or "Today" labels the class plan, not a concept."""
    from models.drafting.facts import extract_facts

    slide = Slide(
        1,
        3,
        "Survey error\nTuesday: Sample design concerns\nToday: Questionnaire design concerns\n"
        "Stratified sampling: sample within each stratum of the population separately",
    )
    terms = {f.term for f in extract_facts([slide])}
    assert "Stratified sampling" in terms
    assert not terms & {"Tuesday", "Today"}

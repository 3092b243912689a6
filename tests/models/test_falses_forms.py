"""False true/false items of the kinds blind raters accept, and none of the kinds they
reject: the core claim reversed (not a detail), a comparison's two sides swapped, and a
sibling's claim said of a term described beside it (not only in glosses)."""

from __future__ import annotations

import pytest

from models.drafting import built
from models.drafting.built import build_drafts
from models.drafting.false_forms import carries_claim, sides_between, sides_swapped, whole_subject
from models.drafting.grounding import ground
from models.drafting.opposites import reverse
from models.drafting.true_false import _said_through
from storage.domain import Difficulty, Question, QuestionType, Slide

TF = QuestionType.TRUE_FALSE


def _core(sentence: str) -> bool:
    r = reverse(sentence)
    assert r is not None, sentence
    return carries_claim(sentence, sentence.index(r.word))


def test_the_core_claim_is_reversed_as_raters_accepted() -> None:
    # rated usable (rounds 12, 19, 25): the main verb, the predicate's comparative
    assert _core("The rational consumer maximizes their own utility.")
    assert _core(
        "The first-best allocation is the one that would maximize the social surplus "
        "in the absence of incentive problems."
    )
    assert _core("P-wave velocity is always faster than S-wave velocity.")
    assert _core("Morphemes are the smallest meaningful units in a language.")
    # another field: a claim of effect, and a means ("by minimizing")
    assert _core("Raising the policy rate lowers inflation in the medium run.")
    assert _core("Logistic regression and the perceptron learn by minimizing a loss function.")


def test_a_detail_is_not_reversed() -> None:
    # rated unusable: a participle inside a noun phrase, a run-on second claim, an order
    # word on a verb with an object
    assert not _core("The payoff to the male is an increased quantity of sperm.")
    assert not _core(
        "The Transformer architecture is highly parallelizable, enabling faster training."
    )
    assert not _core("The second transaction reads the data after the first transaction commits.")
    assert not _core(
        "ML and neural graph-based parsers have been developed over the years, the highest "
        "performing parsers using self-attention layers."
    )


def test_a_comparison_has_its_two_sides_swapped() -> None:
    made = sides_swapped(
        "Angle bending is less stiff than bond stretching, but still relatively stiff."
    )
    assert (
        made is not None and made.statement == "Bond stretching is less stiff than angle bending."
    )
    made = sides_swapped("Extrapolation is more sensitive than interpolation.")
    assert (
        made is not None and made.statement == "Interpolation is more sensitive than extrapolation."
    )
    made = sides_swapped("P-wave velocity is always faster than S-wave velocity.")
    assert (
        made is not None
        and made.statement == "S-wave velocity is always faster than P-wave velocity."
    )
    # the grounding sees the swap, and nothing else, as this change of the line
    line = "Extrapolation is more sensitive than interpolation."
    assert sides_between("Interpolation is more sensitive than extrapolation.", line)
    assert not sides_between(line, line)


def test_no_swap_of_a_comparison_that_is_no_plain_one() -> None:
    assert sides_swapped("Caching may be faster than recomputing the value.") is None  # hedged
    assert sides_swapped("The new model is better than 10 small ones.") is None  # a number
    assert sides_swapped("It is faster than before.") is None  # no named side
    assert sides_swapped("Bonds are stiffer than an angle.") is None  # sides of two numbers


def test_only_a_term_that_is_the_whole_subject_is_swapped() -> None:
    assert whole_subject("Structured sparsity prunes entire neurons.", 0, 19)
    assert not whole_subject("Sentiment analysis of the most likely class is simple.", 0, 18)


FORECASTS = [
    Slide(7, 1, "Demand forecasting\nA lecture", ("title",)),
    Slide(
        7,
        2,
        "Types of forecasts\n"
        "Point forecasts predict a single value for each future period of the horizon.\n"
        "Probabilistic forecasts predict a range of possible values for a given "
        "confidence level.\n",
    ),
    Slide(
        7,
        3,
        "Scoring point forecasts and probabilistic forecasts\n"
        "The mean absolute error averages the absolute size of the errors.\n"
        "Extrapolation is more sensitive than interpolation.\n",
    ),
    Slide(7, 4, "Summary\nPoint forecasts\nProbabilistic forecasts\nForecast errors"),
]


def _false_ones(qs: list[Question]) -> list[Question]:
    return [q for q in qs if q.type == TF and not q.choices[0].correct]


def _all_false(slides: list[Slide]) -> list[Question]:
    out: list[Question] = []
    for seed in range(4):
        for diff in Difficulty:
            out += _false_ones(build_drafts(slides, {TF: 6}, diff, seed=seed))
    return out


def test_a_sibling_described_beside_the_term_is_swapped_in_and_grounded() -> None:
    false = _all_false(FORECASTS)
    stems = {q.stem for q in false}
    assert any(s.startswith("Point forecasts predict a range") for s in stems) or any(
        s.startswith("Probabilistic forecasts predict a single value") for s in stems
    ), stems
    assert "Interpolation is more sensitive than extrapolation." in stems, stems
    for q in false:
        g = ground(q, FORECASTS)
        assert g.supported, (q.stem, g.reason)


def test_a_deck_that_says_the_swapped_claim_keeps_the_statement_true_only() -> None:
    said = [
        *FORECASTS,
        Slide(
            7,
            5,
            "Caveats\nInterpolation is more sensitive than extrapolation when data are sparse.\n"
            "Point forecasts predict a range of possible values when given as intervals.\n",
        ),
    ]
    stems = {q.stem for q in _all_false(said)}
    assert not any(s.startswith("Interpolation is more sensitive") for s in stems), stems
    assert not any(s.startswith("Point forecasts predict a range") for s in stems), stems


def _ctx(slides: list[Slide], monkeypatch: pytest.MonkeyPatch) -> built._Ctx:
    grab: list[built._Ctx] = []
    order = built._order

    def spy(ctx: built._Ctx) -> list[int]:
        grab.append(ctx)
        return order(ctx)

    monkeypatch.setattr(built, "_order", spy)
    build_drafts(slides, {TF: 1}, Difficulty.MEDIUM)
    return grab[0]


def test_a_sibling_described_through_the_term_is_never_swapped_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a kind of the term (a tune deck: "Malbec is one of the lesser-known bardiwac
    # grapes"): the term's gloss holds of it, so said of it the statement is not false
    slides = [
        Slide(8, 1, "Soil science\nA lecture", ("title",)),
        Slide(
            8,
            2,
            "Soil types\nLoam is a fertile soil made of sand, silt and clay in balance.\n"
            "Marl: one of the lime-rich loam soils found under lakes.\n"
            "Peat is an organic soil formed from partly decayed plants.\n",
        ),
        Slide(8, 3, "Summary\nLoam\nMarl\nPeat"),
    ]
    ctx = _ctx(slides, monkeypatch)
    loam, marl, peat = (ctx.vocab.get(t) for t in ("loam", "marl", "peat"))
    assert loam is not None and marl is not None and peat is not None
    assert _said_through(ctx, marl, loam)
    assert not _said_through(ctx, peat, loam)


def test_a_hedged_statement_is_not_swapped() -> None:
    hedged = [
        s
        if s.page != 2
        else Slide(7, 2, s.text.replace("Point forecasts predict", "Point forecasts can predict"))
        for s in FORECASTS
    ]
    stems = {q.stem for q in _all_false(hedged)}
    assert not any(s.startswith("Probabilistic forecasts can predict") for s in stems), stems
    assert not any(s.startswith("Point forecasts can predict a range") for s in stems), stems


NLP_INTRO = [
    Slide(10, 1, "Introduction to NLP\nA lecture", ("title",)),
    Slide(
        10,
        2,
        "What is Natural Language Processing?\n"
        "NLP is an interdisciplinary field concerned with making natural languages accessible "
        "to computers.\n"
        "Being able to access natural language covers a wide range of capabilities:\n"
        "communication: the ability to accept input and produce output in natural language;\n"
        "understanding: being able to access and utilize the informational content;\n",
    ),
    Slide(10, 3, "Areas\nNLP\ncommunication\nunderstanding"),
]


def test_a_term_and_the_whole_its_slide_is_about_are_not_swapped() -> None:
    # a tune deck: "Natural language processing (NLP) is the ability to accept input and
    # produce output …" (communication's gloss said of the field it is an area of)
    stems = {q.stem for q in _all_false(NLP_INTRO)}
    assert not any("is the ability to accept input" in s and "NLP" in s for s in stems), stems
    assert not any(s.startswith("Communication is an interdisciplinary") for s in stems), stems


def test_a_statement_is_swapped_only_against_a_parallel_claim() -> None:
    # a tune deck: "Seismic velocities characterize rocks and other materials" keyed
    # False, though the next line says they are the more practical such properties
    slides = [
        Slide(11, 1, "Seismology\nA lecture", ("title",)),
        Slide(
            11,
            2,
            "Wave speeds in rock\nElastic properties characterize rocks and other materials.\n"
            "Seismic velocities: the speed at which elastic deformations propagate through "
            "materials.\n",
        ),
        Slide(11, 3, "Summary\nElastic properties\nSeismic velocities"),
    ]
    stems = {q.stem for q in _all_false(slides)}
    assert not any(s.startswith("Seismic velocities characterize") for s in stems), stems

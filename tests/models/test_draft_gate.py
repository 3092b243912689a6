"""The drafting gate and the teacher's wording: what a teacher rejects at a glance never passes."""

from __future__ import annotations

from pathlib import Path

from models.drafting.built import build_drafts
from models.drafting.checks import answers_another, gate, giveaway, option_clash
from models.drafting.phrasing import kind_from_heading, mentions_slides, predicate
from storage.decks import read_deck
from storage.domain import Choice, Difficulty, Question, QuestionType, Slide

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
T = QuestionType


def mcq(stem: str, key: str, *wrong: str) -> Question:
    return Question(T.MCQ, stem, (Choice(key, 1.0), *(Choice(w, 0.0) for w in wrong)))


def test_glosses_become_predicates_that_follow_their_term() -> None:
    assert predicate("Fit a linear range to data").singular == "fits a linear range to data"
    assert predicate("Uses a memory cell").plural == "use a memory cell"  # type: ignore[union-attr]
    assert predicate("Simply limits the steps").singular == "simply limits the steps"  # type: ignore[union-attr]
    assert predicate("A type of model where experts specialize").singular.startswith("is a type")  # type: ignore[union-attr]
    assert predicate("Condensing a text").singular == "involves condensing a text"  # type: ignore[union-attr]
    split = predicate("Split vectors into chunks, quantize each chunk separately")
    assert split is not None and split.singular.endswith("quantizes each chunk separately")
    # a sentence of its own, or a fragment, is no predicate
    assert predicate("The Transformer architecture is highly parallelizable") is None
    assert predicate("Product of smaller matrices or tensors") is None


def test_kinds_come_from_headings_that_name_kinds() -> None:
    assert kind_from_heading("Pruning methods") == "pruning method"
    assert kind_from_heading("Solutions to the vanishing gradient problems").startswith(
        "solution to"
    )
    assert kind_from_heading("Limitations") == ""
    assert kind_from_heading("Why does it work?") == ""


def test_stems_that_lean_on_the_slides_are_caught() -> None:
    assert mentions_slides("Which description matches X, as presented on the slides?")
    assert mentions_slides("The slides describe X as: y.")
    assert not mentions_slides("Which quantization method fits a linear range to data?")


def test_a_key_word_in_the_stem_is_a_giveaway() -> None:
    q = mcq(
        "Which method fits a linear range to data?",
        "Linear quantization",
        "Product quantization",
        "Magnitude pruning",
        "Distillation",
    )
    assert giveaway(q)
    # a word every option shares gives nothing away
    fair = mcq(
        "Which kind of quantization fits a range to data?",
        "Linear quantization",
        "Product quantization",
        "Vector quantization",
        "Random quantization",
    )
    assert not giveaway(fair)


def test_options_that_are_one_word_inflected_clash() -> None:
    assert option_clash(mcq("Which technique …?", "Prompting", "Prompt", "Pruning", "Dropout"))
    assert option_clash(mcq("Which …?", "Attention", "Self-attention", "Dropout", "Pruning"))
    assert not option_clash(mcq("Which …?", "Dropout", "Pruning", "Distillation", "Sparsity"))


def test_items_of_one_run_do_not_give_each_other_away() -> None:
    a = mcq("Which regularizer drops units at random?", "Dropout", "L2", "L1", "Early stop")
    same_options = mcq("Which regularizer penalizes weights?", "L2", "Dropout", "L1", "Early stop")
    assert answers_another(same_options, [a])
    tf = Question(
        T.TRUE_FALSE,
        "Dropout drops units at random during training.",
        (Choice("true", 1.0), Choice("false", 0.0)),
    )
    assert answers_another(tf, [a])
    other = mcq("Which optimizer adapts step sizes?", "Adam", "SGD", "Momentum", "RMSProp")
    assert not answers_another(other, [a])


def test_gate_rejects_slide_talk_but_not_in_an_assignment() -> None:
    q = mcq("Which term is described on the slides as x?", "A", "B", "C", "D")
    assert gate(q).startswith("leans on the slides")
    essay = Question(T.ESSAY, "Using the lecture slides, write a report on pruning.", ())
    assert not gate(essay)


def _slides() -> list[Slide]:
    d = read_deck(FIXTURES / "yandex-nlp-lecture-efficiency.pdf")
    pages = zip(d.pages, d.flags, strict=True)
    return [Slide(1, i + 1, text, flags) for i, (text, flags) in enumerate(pages)]


def test_built_drafts_pass_the_gate_and_never_talk_about_slides() -> None:
    slides = _slides()
    for difficulty in Difficulty:
        qs = build_drafts(
            slides, {T.MCQ: 8, T.TRUE_FALSE: 4, T.SHORT: 3, T.MULTI: 1}, difficulty, seed=1
        )
        assert qs
        for i, q in enumerate(qs):
            assert not mentions_slides(q.stem), q.stem
            assert not gate(q, qs[:i]), (q.stem, gate(q, qs[:i]))


def test_a_redraft_never_repeats_the_question_it_replaces() -> None:
    slides = _slides()
    first = build_drafts(slides, {T.SHORT: 1}, Difficulty.MEDIUM, seed=3)
    assert first
    again = build_drafts(slides, {T.SHORT: 1}, Difficulty.MEDIUM, seed=3, avoid=first)
    assert again
    assert again[0].stem != first[0].stem
    assert set(again[0].correct_answers) != set(first[0].correct_answers)


def test_a_false_statement_is_false_against_the_whole_deck() -> None:
    """A swap that another slide of the deck states as true is never used as false."""
    selected = [
        Slide(1, 1, "Pruning methods\nMagnitude pruning: drops the smallest weights of each layer\n"
                    "Movement pruning: drops the weights that move towards zero in fine-tuning\n"
                    "Optimal brain damage: approximates the loss with a Taylor series"),
    ]  # fmt: skip
    elsewhere = Slide(1, 9, "Magnitude pruning also approximates the loss with a Taylor series")
    for seed in range(6):
        qs = build_drafts(selected, {T.TRUE_FALSE: 3}, Difficulty.MEDIUM, seed=seed,
                          reference=[*selected, elsewhere])  # fmt: skip
        for q in qs:
            if q.correct_answers == ("false",):
                assert "taylor" not in q.stem.lower() or "magnitude" not in q.stem.lower()

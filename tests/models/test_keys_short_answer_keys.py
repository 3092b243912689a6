"""A short answer's key must be a term the deck names and the one its gloss asks for;
a multiple-choice question's options must be one kind of word.

Rounds 15–28: 32% of rated short answers had a wrong key: a heading or a label keyed
("FREE FALL", "Traditional solution", "topmost level"), a quantity phrase ("couple of
approaches"), an author's name ("Anita Bernstein"), a footnote mark ("hash table13"), a
gloss naming another measure ("discount factor" for "the expected rate of return of
comparable investments"). And "Taylor expansion" had "Short-term" and "Long-term" as its
wrong options: adjectives beside a noun phrase give the key away.
"""

from __future__ import annotations

from models.drafting.built import build_drafts
from models.drafting.short_keys import (
    footnote_mark,
    heading_or_label,
    key_problem,
    names_another_term,
    not_a_noun_gloss,
    other_measure,
    person_name,
    quantity_phrase,
)
from models.drafting.word_class import adjectival, same_class
from storage.domain import Difficulty, QuestionType, Slide


def _shorts(pages: tuple[str, ...]) -> list[tuple[str, str]]:
    slides = [Slide(5, i, text) for i, text in enumerate(pages, start=1)]
    drafts = build_drafts(slides, {QuestionType.SHORT: 6}, Difficulty.MEDIUM, seed=0)
    return [(q.stem, q.choices[0].text) for q in drafts if q.type == QuestionType.SHORT]


# --- word class of options -----------------------------------------------------------


def test_compound_adjectives_are_no_siblings_of_noun_phrases() -> None:
    # molecular dynamics (the case): "Short-term: fluctuations in energy …"
    assert adjectival("Short-term") and adjectival("Long-term")
    assert not same_class("Taylor expansion", "Short-term")
    # another field: software engineering, statistics
    assert adjectival("Data-driven") and adjectival("Low-rank") and adjectival("Robust")
    assert not same_class("Unit testing", "Data-driven")


def test_hyphenated_nouns_stay_nouns() -> None:
    # same shape, nouns: things done, field words, verb + particle
    for noun in ("Cross-validation", "Cross-entropy", "Fine-tuning", "Trade-off", "Check-in"):
        assert not adjectival(noun), noun
    for noun in ("Self-attention", "K-means", "Kinetic energy", "Short-term memory", "GPT-4"):
        assert not adjectival(noun), noun
    assert same_class("Long-term", "Short-term")
    assert same_class("Taylor expansion", "Velocity Verlet")


# --- short-answer keys ---------------------------------------------------------------


def test_headings_and_labels_are_no_keys() -> None:
    assert heading_or_label("FREE FALL")  # a Kalman-filter example's title (round 27)
    assert heading_or_label("Traditional solution")  # law (round 20)
    assert heading_or_label("Empirical Challenge")  # economics (round 22)
    assert heading_or_label("topmost level")  # databases (round 27)
    assert heading_or_label("single step")  # forecasting (round 20)
    # same shape, terms: an acronym, a field's adjective on a generic noun
    for term in (
        "HSV",
        "GPT-4V",
        "Optimal solution",
        "Halting problem",
        "Sample space",
        "Quality control",
    ):
        assert not heading_or_label(term), term


def test_quantity_phrases_are_no_keys() -> None:
    assert quantity_phrase("couple of approaches")  # multivariate statistics (round 28)
    assert quantity_phrase("number of trials")
    assert not quantity_phrase("Reynolds number") and not quantity_phrase("Set cover")


def test_a_gloss_naming_another_measure_keys_the_wrong_term() -> None:
    # finance (the case): a factor is no rate; the standard term is the discount rate
    gloss = "the expected rate of return of comparable investments"
    assert other_measure("discount factor", gloss)
    # another field: a rate glossed as a coefficient
    assert other_measure("Growth rate", "the coefficient of the exponential term")
    # same shape, right: a multiplier that is a ratio, a rate that is a share
    assert not other_measure("Safety factor", "the ratio of the strength to the load")
    assert not other_measure("Interest rate", "the percentage of the principal paid a year")
    assert not other_measure("Trading volume", "the number of claims that change hands daily")


def test_a_persons_name_is_no_key_but_an_eponym_is() -> None:
    reading = ["Readings", "Anita Bernstein: a defense of tort law as progressive"]
    assert person_name("Anita Bernstein", reading)
    deck = ["Monte Carlo methods estimate an integral by random sampling."]
    assert not person_name("Monte Carlo", deck)
    assert not person_name("Causal mechanism", deck)
    # same shape, a product: a word of it names a thing
    assert not person_name("Samourai Wallet", ["Samourai Wallet: an unhosted wallet provider"])


def test_footnote_marks_and_glosses_naming_their_own_term() -> None:
    assert footnote_mark("hash table13")
    assert not footnote_mark("word2vec") and not footnote_mark("GPT4") and not footnote_mark("Q1")
    gloss = "a sufficient condition for democratic erosion, aka precipitating causes"
    assert names_another_term("Electoral fraud", gloss)
    assert not names_another_term("Precipitating cause", gloss)
    # same shape, epidemiology: the name belongs to a symbol the gloss explains
    symbol = "1 - RR, where RR is the relative risk of infection, also known as risk ratio"
    assert not names_another_term("VE", symbol)
    assert not names_another_term("Sample space", "the collection of all possible outcomes")


def test_a_gloss_with_no_noun_head_says_what_nothing_is() -> None:
    assert not_a_noun_gloss("a bit easier with close ended questions")
    assert not_a_noun_gloss("the one that would maximize the social surplus")
    assert not not_a_noun_gloss("the collection of all possible outcomes")
    assert not not_a_noun_gloss("an instruction to trade a quantity of the asset immediately")


def test_key_problem_lets_the_rated_usable_keys_through() -> None:
    usable = {
        "Sample space": "the collection of all possible outcomes",
        "Causal mechanism": "a process that explains how an outcome occurs",
        "Market order": "an instruction to trade a specific quantity of the asset immediately",
        "Trading volume": "the number of financial claims that change hands daily",
        "Conic sections": "the sets of points whose coordinates satisfy a second-degree equation",
    }
    for key, gloss in usable.items():
        assert key_problem(key, gloss, []) == "", key


FINANCE = (
    "Valuing a startup\n"
    "Discount factor: the expected rate of return of comparable investments\n"
    "Market order: an instruction to trade a specific quantity of the asset immediately",
    "Founders raise money in rounds; each round sells equity to investors.",
    "A limit order trades only at a stated price or better.",
)


def test_built_short_answers_refuse_wrong_keys_and_keep_the_right_one() -> None:
    finance = _shorts(FINANCE)
    assert not any(key.lower().startswith("discount factor") for _, key in finance), finance
    # the same shape with a term: still asked
    assert any(key.lower().startswith("market order") for _, key in finance), finance


PHYSICS = (
    "Approximations in simulation\n"
    "A Taylor expansion is a way of writing the approximate value of a function from its "
    "initial value and derivatives.",
    "Angle bending is less stiff than bond stretching, but still relatively stiff.",
    "A classical system is fully described by the positions and momenta of the atoms.",
)

ECOLOGY = (
    "Limits to growth\n"
    "A carrying capacity is the largest population of a species that an environment can "
    "sustain indefinitely.",
    "Predators keep herbivore numbers below what the vegetation alone would allow.",
    "Seasonal migration moves whole herds between summer and winter pastures.",
)


def _types(pages: tuple[str, ...]) -> list[tuple[QuestionType, str]]:
    slides = [Slide(5, i, text) for i, text in enumerate(pages, start=1)]
    counts = {QuestionType.TRUE_FALSE: 2, QuestionType.SHORT: 1}
    return [(q.type, q.stem) for q in build_drafts(slides, counts, Difficulty.MEDIUM, seed=0)]


def test_a_gloss_goes_to_the_short_answer_before_true_false_restates_it() -> None:
    for pages in (PHYSICS, ECOLOGY):
        drafts = _types(pages)
        assert any(t == QuestionType.SHORT for t, _ in drafts), drafts
        # the same shape as a plain statement is still true/false's to take
        assert not any(t == QuestionType.SHORT and "stiff" in s for t, s in drafts), drafts

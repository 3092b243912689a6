"""Options of one level, and stems that carry a heading's name only.

Two options where one names a kind, a member or another name of the other are both
right answers ("False positive rate" beside the key "Error rates", round 29): by their
words ("Stratified random sampling" of "Random sampling") or as the deck says it ("Love
waves are surface waves that …", "error rates such as the false positive rate", "code
review, a.k.a. peer review", '"standardized" or "age-adjusted" death rate', "Error
rates: false positive rate, false negative rate"). A stem built from a heading takes
its name, not its outline mark nor its bracket of examples ("In the B. time study (e.g.,
time standards, allowances), …", round 31)."""

from __future__ import annotations

import random

from models.drafting.candidates import _Ctx
from models.drafting.checks import option_kind
from models.drafting.distractors import _other_level, subject_words
from models.drafting.facts import Fact, extract_facts
from models.drafting.option_kinds import DeckPhrases, narrower
from models.drafting.phrasing import heading_name, kind_from_heading
from models.drafting.sequences import slide_sequences
from models.drafting.step_forms import _step_after, sequence_facts
from models.drafting.vocabulary import Term, deck_vocabulary
from models.drafting.wording import _context_phrase
from models.drafting.words import norm_key
from storage.domain import Choice, Difficulty, Question, QuestionType, Slide


def _w(text: str) -> list[str]:
    return norm_key(text).split()


def _mcq(key: str, *others: str) -> Question:
    return Question(
        type=QuestionType.MCQ,
        stem="Which of the following is meant?",
        choices=(Choice(key, 1.0), *(Choice(o, 0.0) for o in others)),
    )


# --- by the words alone ---------------------------------------------------------------------


def test_a_phrase_qualifying_anothers_head_further_names_a_kind_of_it() -> None:
    assert narrower(_w("Stratified random sampling"), _w("Random sampling"))
    assert narrower(_w("Multiple linear regression"), _w("Linear regressions"))  # plural folded
    assert narrower(_w("Error rate"), _w("Rates"))  # the bare head is the class
    # peers of one head stay: neither says all the other's qualifiers
    assert not narrower(_w("Random sampling"), _w("Stratified random sampling"))
    assert not narrower(_w("Convenience sampling"), _w("Multi-stage random sampling"))
    assert not narrower(_w("Linear quantization"), _w("Nonlinear quantization"))
    # words after the head set a phrase on another axis
    assert not narrower(_w("Magnitude pruning with L0"), _w("Pruning of weights"))


def test_the_gate_refuses_options_of_which_one_is_a_kind_of_another() -> None:
    # round 14: "Stratified random sampling" beside "Random sampling" (any pair, a
    # distractor's kind too); another field: a kind of regression beside the class
    assert option_kind(_mcq("Random sampling", "Stratified random sampling", "Quota sampling"))
    assert option_kind(
        _mcq("Logistic regression", "Linear regression", "Multiple linear regression")
    )
    # peers of one head pass
    assert not option_kind(_mcq("Quota sampling", "Convenience sampling", "Cluster sampling"))


# --- as the deck says it --------------------------------------------------------------------


def _phrases(sentences: list[str], raw: list[str] = []) -> DeckPhrases:  # noqa: B006
    return DeckPhrases([f" {norm_key(s)} " for s in sentences], raw)


def _said(p: DeckPhrases, a: str, b: str) -> str:
    return p.said_same_or_kind(norm_key(a), norm_key(b))


def test_a_sentence_filing_one_option_under_another() -> None:
    p = _phrases(
        [
            "Love waves are surface waves that shake the ground sideways",
            "Error rates such as the false positive rate may differ between groups",
            "Heap files are one kind of DBMS file",
            "Code review, also known as peer review, is common practice",
            "Gradient descent is not a Newton method",
            "Morphological structure is covered by phonological structure in the figure",
            "Greedy search is faster than beam search",
            "Body waves travel through the interior",
        ]
    )
    assert _said(p, "Surface waves", "Love waves")
    assert _said(p, "Error rates", "False positive rate")
    assert _said(p, "DBMS file", "Heap files")
    assert _said(p, "Peer review", "Code review")
    assert not _said(p, "Gradient descent", "Newton method")  # a negation files nothing
    # a link word or a participle between them sets them side by side, no one under another
    assert not _said(p, "Morphological structure", "Phonological structure")
    assert not _said(p, "Greedy search", "Beam search")
    assert not _said(p, "Body waves", "Surface waves")  # two peers stay


def test_punctuation_that_names_or_lists_one_option_with_another() -> None:
    p = _phrases(
        ["this is the standardized or age adjusted death rate"],
        [
            'This is the "standardized" or "age-adjusted" death rate',
            "Surface waves (Rayleigh, Love)\nError rates: false positive rate, false negative rate",
            "Data (images, text)\nLinear (vs. nonlinear) quantization\nSoftware (core product)",
        ],
    )
    assert _said(p, "Standardized rate", "Age-adjusted death rate")  # two names, one thing
    assert _said(p, "Love waves", "Surface waves")  # in brackets after the class
    assert _said(p, "False negative rate", "Error rates")  # under the class's colon
    # a bracket's word before another head is no member; a bracket that contrasts lists none
    assert not _said(p, "Data augmentation", "Text classification")
    assert not _said(p, "Linear quantization", "Nonlinear quantization")
    # a name the bracket's word only opens is no name of it ("Software as a product")
    assert not _said(p, "Software as a product", "Core product")


def _ctx(texts: list[str]) -> _Ctx:
    slides = [Slide(1, i, text) for i, text in enumerate(texts, 1)]
    facts = extract_facts(slides)
    vocab = deck_vocabulary(slides, facts=facts)
    ctx = _Ctx(slides, facts, vocab, Difficulty.MEDIUM, 0, random.Random(0))
    ctx.subject, ctx.subject_size = subject_words(slides)
    return ctx


def _t(ctx: _Ctx, text: str) -> Term:
    return ctx.vocab.get(text) or Term(text=text, key=norm_key(text), pages=(1,))


def test_wrong_options_are_of_the_keys_level_in_the_deck() -> None:
    # round 29 rebuilt: the deck lists the false positive rate under error rates
    ctx = _ctx(
        [
            "Fairness criteria\n• Error rates: false positive rate, false negative rate\n"
            "• Base rates differ between groups",
            "Calibration\n• Error rates may differ between groups in unfair ways",
        ]
    )
    assert _other_level(ctx, _t(ctx, "Error rates"), _t(ctx, "False positive rate"))
    assert not _other_level(ctx, _t(ctx, "Error rates"), _t(ctx, "Base rates"))
    # another field: pharmacology's two names of one quantity
    ctx = _ctx(
        [
            "Elimination\n• Clearance, also called elimination clearance, removes drug"
            "\n• Bioavailability is the fraction of drug reaching circulation",
        ]
    )
    assert _other_level(ctx, _t(ctx, "Clearance"), _t(ctx, "Elimination clearance"))
    assert not _other_level(ctx, _t(ctx, "Clearance"), _t(ctx, "Bioavailability"))


# --- stems built from a heading -------------------------------------------------------------


def test_a_heading_in_a_stem_loses_its_outline_mark_and_its_examples() -> None:
    assert heading_name("B. Time study (e.g., time standards, allowances)") == "Time study"
    assert heading_name("2) Pruning methods") == "Pruning methods"
    assert heading_name("iii. Costs of capital") == "Costs of capital"
    assert heading_name("Part 3: Sampling designs") == "Sampling designs"
    assert heading_name("Gradient descent (2/3)") == "Gradient descent"
    # a name stays as it is: an acronym in brackets, a name's initial, a plain heading
    assert heading_name("Support vector machines (SVM)") == "Support vector machines (SVM)"
    assert heading_name("E. coli growth") == "E. coli growth"
    assert heading_name("A model of the firm") == "A model of the firm"
    assert kind_from_heading("2) Pruning methods") == "pruning method"
    slide = Slide(1, 1, "2) Pruning methods")
    fact = Fact("statement", "Magnitude pruning", "", "", slide, "2) Pruning methods")
    assert _context_phrase(fact, "Magnitude pruning") == "pruning methods"


WORK_STUDY = (
    "B. Time study (e.g., time standards, allowances)\n"
    "• Work measurement: determining how long it ought to take to perform a job\n"
    "The basic steps in a time study are:\n"
    "1. Define the task to be studied, and inform the worker who will be studied.\n"
    "2. Determine the number of cycles to observe.\n"
    "3. Time the job, and rate the worker's performance.\n"
    "4. Compute the standard time"
)


def test_a_sequence_is_asked_by_the_name_its_lead_in_or_heading_gives() -> None:
    # round 31 rebuilt: "The basic steps in a time study are:" names the procedure
    (seq,) = slide_sequences(Slide(1, 5, WORK_STUDY))
    assert seq.topic == "a time study"
    ctx = _ctx([WORK_STUDY])
    (fact,) = sequence_facts(ctx)
    q = _step_after(ctx, ctx.facts.index(fact) if fact in ctx.facts else _add(ctx, fact))
    assert q is not None and q.stem.startswith("In a time study, which step comes directly after")
    # another field, a heading alone: its outline mark and bracket stay out of the stem
    chem = (
        "C. Titration (e.g., acid-base, redox)\n"
        "1. Rinse the burette with the titrant\n2. Fill the burette to the zero mark\n"
        "3. Add the indicator to the flask\n4. Add titrant until the colour changes"
    )
    (seq,) = slide_sequences(Slide(1, 2, chem))
    assert seq.topic == "Titration"
    # a heading with no mark nor bracket is named as before
    plain = chem.replace("C. Titration (e.g., acid-base, redox)", "Titration procedure")
    (seq,) = slide_sequences(Slide(1, 2, plain))
    assert seq.topic == "Titration procedure"


def _add(ctx: _Ctx, fact: object) -> int:
    ctx.facts.append(fact)  # type: ignore[arg-type]
    return len(ctx.facts) - 1

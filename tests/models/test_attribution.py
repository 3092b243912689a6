"""Who did what: people named as the subject of what they argued or did, asked about with
the deck's other people as wrong options (and at hard, the others' work as options)."""

from __future__ import annotations

from random import Random

from models.drafting.attribution import _named_subject, who_did
from models.drafting.built import build_drafts
from models.drafting.candidates import _Ctx
from models.drafting.facts import extract_facts
from models.drafting.vocabulary import deck_vocabulary
from storage.domain import Difficulty, Question, QuestionType, Slide

MCQ = QuestionType.MCQ

DECK = [
    Slide(9, 1, "Behaviorism\nA history of psychology lecture", ("title",)),
    Slide(
        9,
        2,
        "Watson's program\nWatson attempted to generalize Pavlovian conditioning to humans "
        "by training an infant to fear a white rat.\n"
        "Watson envisioned how a science of behavior would enable social engineering.",
    ),
    Slide(
        9,
        3,
        "Tolman's mazes\nTolman manipulated the hunger of rats and whether they received "
        "food at the end of a maze.\nTolman argued that behavior is purposive and "
        "directed at goals.",
    ),
    Slide(
        9,
        4,
        "Skinner's boxes\nSkinner placed rats in boxes equipped with a lever.\n"
        "Skinner showed operant learning that resembles Pavlov's conditioning.",
    ),
    Slide(
        9,
        5,
        "Hull's system\nHull proposed a mathematical theory of habit strength.\n"
        "Hull derived predictions from postulates about drive and reinforcement.",
    ),
]


def _by(qs: list[Question], builder: str) -> list[Question]:
    return [q for q in qs if q.origin.settings.get("builder") == builder]


def test_a_named_subject_needs_a_verb_people_do_and_a_real_name() -> None:
    assert _named_subject("Tolman manipulated the hunger of rats.") == (
        "Tolman",
        "manipulated the hunger of rats",
    )
    assert (
        _named_subject("Training reduced the loss on every batch.") is None
    )  # not a verb of people
    assert _named_subject("The authors argued that the loss falls.") is None  # no name


def test_who_asks_for_the_person_with_the_others_as_wrong_options() -> None:
    qs = build_drafts(DECK, {MCQ: 4}, Difficulty.MEDIUM, seed=1)
    who = _by(qs, "who-did")
    assert who, [q.stem for q in qs]
    for q in who:
        assert q.stem.startswith("Who ") and q.stem.endswith("?")
        right = [c.text for c in q.choices if c.correct]
        names = {c.text for c in q.choices}
        assert len(right) == 1 and names <= {"Watson", "Tolman", "Skinner", "Hull"}
        assert right[0] not in q.stem  # no giveaway
    # one run: the same four names are never the option set of two items
    assert len(who) == 1


def test_a_person_the_deck_says_the_same_of_is_no_wrong_option() -> None:
    both = [
        *DECK,
        Slide(
            9,
            6,
            "Replications\nHull placed rats in boxes equipped with a lever as well.\n"
            "Hull measured response rates across many sessions.",
        ),
    ]
    content = [s for s in both if s.is_content]
    facts = extract_facts(content)
    ctx = _Ctx(content, facts, deck_vocabulary(content, facts), Difficulty.MEDIUM, 1, Random(1))
    lever = [i for i, f in enumerate(facts) if f.text.startswith("Skinner placed rats")]
    assert lever
    q = who_did(ctx, lever[0])
    assert q is not None and "lever" in q.stem
    assert {c.text for c in q.choices} == {"Skinner", "Watson", "Tolman"}  # Hull did it too


def test_hard_asks_which_work_is_whose() -> None:
    qs = build_drafts(DECK, {MCQ: 4}, Difficulty.HARD, seed=1)
    what = _by(qs, "what-did")
    assert what, [q.stem for q in qs]
    q = what[0]
    assert q.stem.startswith("Which of the following did ")
    name = q.stem.removeprefix("Which of the following did ").removesuffix(" do?")
    right = [c.text for c in q.choices if c.correct]
    assert len(right) == 1 and len(q.choices) >= 3
    # the key is what the deck says this person did; no option is about them too
    assert any(f"{name} {right[0]}" in s.text.replace("\n", " ") for s in DECK)

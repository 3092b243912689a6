"""Courses: named sets of decks, stored in a real bank file."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.courses import CourseError, CourseNotFoundError, Courses, resolve_deck
from storage.database import open_bank
from storage.slide_store import DeckNotFoundError
from tests.conftest import make_deck

BOTH_BACKENDS = True  # the fixtures `bank` and `service` run on SQLite and PostgreSQL


def test_a_course_holds_decks_and_a_deck_may_be_in_several(bank) -> None:
    one, two, three = (make_deck(bank, name=f"l{i}.pdf") for i in (1, 2, 3))
    courses = Courses(bank)
    nlp = courses.create("  NLP   2026 ")
    assert nlp.name == "NLP 2026" and nlp.deck_ids == ()
    done = courses.add_decks("nlp 2026", [two, one, two])
    assert done.course.deck_ids == (two, one) and done.changed == (two, one)
    assert courses.add_decks("NLP 2026", [one]).unchanged == (one,)
    courses.create("Efficiency")
    courses.add_decks("Efficiency", [one, three])
    assert [c.name for c in courses.courses_of(one)] == ["Efficiency", "NLP 2026"]
    removed = courses.remove_decks("NLP 2026", [one, three])
    assert removed.changed == (one,) and removed.unchanged == (three,)
    assert courses.course("NLP 2026").deck_ids == (two,)
    # taking a deck out of a course leaves the deck and its other courses alone
    assert courses.course("Efficiency").deck_ids == (one, three)


def test_courses_survive_reopening_the_bank_and_rename(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as bank:
        deck = make_deck(bank)
        Courses(bank).create("NLP")
        Courses(bank).add_decks("NLP", [deck])
    with open_bank(path) as bank:
        courses = Courses(bank)
        renamed = courses.rename("nlp", "NLP (autumn)")
        assert renamed.deck_ids == (deck,)
        assert [c.name for c in courses.courses()] == ["NLP (autumn)"]
        courses.delete("NLP (autumn)")
        assert courses.courses() == []


def test_failures_say_what_is_wrong(bank) -> None:
    courses = Courses(bank)
    with pytest.raises(CourseNotFoundError, match=r"no course “Nope”.*no courses yet"):
        courses.course("Nope")
    courses.create("NLP")
    with pytest.raises(CourseError, match="already a course “NLP”"):
        courses.create("nlp")
    with pytest.raises(CourseError, match="needs a name"):
        courses.create("   ")
    with pytest.raises(DeckNotFoundError, match=r"no deck 42 .*nothing was changed"):
        courses.add_decks("NLP", [42])
    with pytest.raises(CourseError, match=r"“NLP” has no decks yet.*courses add"):
        courses.deck_ids_for_search("NLP")
    courses.create("Other")
    with pytest.raises(CourseError, match="already a course “Other”"):
        courses.rename("NLP", "other")


def test_a_deck_is_named_by_number_title_or_file(bank) -> None:
    first = make_deck(bank, name="rnn.pdf")
    make_deck(bank, name="same.pdf")
    make_deck(bank, pages=4, name="same.pdf")
    assert resolve_deck(bank, str(first)) == first
    assert resolve_deck(bank, "RNN.pdf") == first
    assert resolve_deck(bank, "rnn") == first
    with pytest.raises(CourseError, match=r"Several decks are called “same\.pdf”"):
        resolve_deck(bank, "same.pdf")
    with pytest.raises(DeckNotFoundError, match="no deck “cnn”"):
        resolve_deck(bank, "cnn")

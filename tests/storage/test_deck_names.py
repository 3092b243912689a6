"""Deck names: not a template's title, not one another deck has; renaming."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pymupdf
import pytest

from storage.deck_names import deck_name, first_slide_title, is_generic
from storage.decks import read_deck
from storage.slide_store import DeckNameError, DeckNotFoundError, SlideLibrary

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "model-compression-lecture.pdf"
BENCH = ROOT / "bench" / "decks"


def _pdf(path: Path, pages: list[str], title: str = "") -> Path:
    doc = pymupdf.open()
    for body in pages:
        doc.new_page().insert_text((72, 72), body, fontsize=14)
    doc.set_metadata({"title": title})
    doc.save(path)
    return path


@pytest.mark.parametrize(
    "title",
    [
        "Natural Language Processing",
        "Machine Learning",
        "PowerPoint Presentation",
        "Slide 1",
        "untitled",
        "Lecture 4",
        "lecture4_final.pptx",
        "L14_intro-rnn-part2_slides",
        "",
        "Roadmap",
        "Outline",
        "Today's agenda",
    ],
)
def test_generic_titles(title: str) -> None:
    assert is_generic(title)


def test_telling_titles_and_titles_other_decks_have() -> None:
    assert not is_generic("Word Alignment Models")
    assert not is_generic("Lecture 3: Tokenization")
    assert not is_generic("A roadmap to climate policy")
    assert is_generic("Deep Nets 2026", others=["deep nets  2026"])


def test_the_sample_lecture_is_named_from_its_first_slide_not_its_template() -> None:
    assert read_deck(SAMPLE).title == "Episode 10-ish: Model compression & acceleration"


def test_a_template_title_gives_way_to_the_first_slide(tmp_path: Path) -> None:
    pdf = _pdf(
        tmp_path / "l3.pdf",
        ["Natural Language Processing\nLecture 3\nTokenization\n2021", "Whitespace\n- splits"],
        title="Machine Learning",
    )
    assert read_deck(pdf).title == "Lecture 3: Tokenization"
    nothing = _pdf(tmp_path / "week_5-attention.pdf", ["2021\n12.10.2021", "- a point"])
    assert read_deck(nothing).title == "week 5 attention"
    told = _pdf(tmp_path / "x.pdf", ["Anything\n- a point"], title="Word Alignment Models")
    assert read_deck(told).title == "Word Alignment Models"
    mojibake = _pdf(tmp_path / "m.pdf", ["Intro\n- a point"], title="Tokenization ‚Äì Why?")
    assert read_deck(mojibake).title == "Tokenization – Why?"


def test_a_title_another_deck_has_gives_way_in_the_bank(bank, tmp_path: Path) -> None:
    library = SlideLibrary(bank)
    course = "Foundations of Neural Nets"
    a = _pdf(tmp_path / "a.pdf", [f"{course}\nRecurrent nets", "- a point"], title=course)
    b = _pdf(tmp_path / "b.pdf", [f"{course}\nA. Lecturer", "Energy models\n- b"], title=course)
    first = library.import_deck(read_deck(a)).deck
    second = library.import_deck(read_deck(b)).deck
    assert first.title == course
    assert second.title == "Energy models"  # after the shared course name: the 2nd slide
    # a new version of the same file keeps the name (it is no unrelated deck)
    again = library.update_deck(first.id, read_deck(a)).deck
    assert again.title == course


def test_rename_and_its_failures(bank, tmp_path: Path) -> None:
    library = SlideLibrary(bank)
    deck = library.import_deck(
        read_deck(_pdf(tmp_path / "a.pdf", ["Tokens\n- words and subwords"]))
    ).deck
    assert library.rename_deck(deck.id, "  Tokenization \n basics ").title == "Tokenization basics"
    assert library.deck(deck.id).title == "Tokenization basics"
    # a new version of the file keeps the name the user gave
    (tmp_path / "v2").mkdir()
    v2 = _pdf(tmp_path / "v2" / "a.pdf", ["Tokens v2\n- words and subwords"])
    assert library.update_deck(deck.id, read_deck(v2)).deck.title == "Tokenization basics"
    renamed = library.update_deck(deck.id, read_deck(v2), keep_name=False).deck
    assert renamed.title == "Tokens v2"
    with pytest.raises(DeckNameError, match="cannot be empty"):
        library.rename_deck(deck.id, "   ")
    with pytest.raises(DeckNameError, match="at most 300"):
        library.rename_deck(deck.id, "x" * 301)
    with pytest.raises(DeckNotFoundError, match="no deck 99"):
        library.rename_deck(99, "Name")


def test_decks_named_before_get_a_suggestion_not_a_silent_rename(bank) -> None:
    library = SlideLibrary(bank)
    pdf = BENCH / "elte-nlp_3-tokenization.pdf"
    old = dataclasses.replace(read_deck(pdf), title="Natural Language Processing")
    deck = library.import_deck(old).deck
    assert deck.title == "Natural Language Processing"
    assert library.name_suggestions() == {deck.id: "Lecture 3: Tokenization"}
    assert library.deck(deck.id).title == "Natural Language Processing"
    library.rename_deck(deck.id, "Lecture 3: Tokenization")
    assert library.name_suggestions() == {}


def test_titles_are_cleaned_like_slide_text() -> None:
    from storage.slide_text import clean_title

    assert clean_title("T okenization ‚Äì basics") == "Tokenization – basics"  # spacing, mojibake
    assert clean_title("▪ L earning rates") == "Learning rates"  # a bullet, a split capital
    assert clean_title("# Week 3:\n Tokenization ") == "Week 3: Tokenization"


def test_deck_name_order() -> None:
    assert deck_name("", ["Lecture 2\nIntroduction\nand the pipeline"], "x.pdf") == (
        "Lecture 2: Introduction and the pipeline"
    )
    assert deck_name("Slide 1", ["© 2020\nwww.example.org"], "/a/my_lecture.pdf") == "my lecture"


def test_a_deck_that_opens_with_its_roadmap_is_named_from_its_file(tmp_path: Path) -> None:
    # round 23: an agenda on pages 1-2, no metadata title: "Roadmap" named no lecture
    pdf = _pdf(
        tmp_path / "policy-under-uncertainty.pdf",
        ["Roadmap\n1. What role does uncertainty play?", "Roadmap\n2. Prices or quantities?"],
    )
    assert read_deck(pdf).title == "policy under uncertainty"


def test_a_licence_note_is_no_title() -> None:
    # round 23: "(Licensed under Creative Commons BY-NC-SA v4.0)" named a deck
    page = "(Licensed under Creative Commons BY-NC-SA v4.0)\nConstraint satisfaction problems"
    assert first_slide_title(page) == "Constraint satisfaction problems"
    assert first_slide_title("Copyright 2024 A. Author\nKinetics of drug action") == (
        "Kinetics of drug action"
    )


def test_a_subtitle_set_twice_is_said_once_after_a_colon() -> None:
    # round 8's philosophy deck: the subtitle is set twice on page 1 (a shadow), and was
    # named "Philosophy of Mind minds in a material world minds in a material world"
    page = "Philosophy of Mind\nminds in a material world\nminds in a material world\n2020"
    assert first_slide_title(page) == "Philosophy of Mind: minds in a material world"
    # another field; a title that wraps keeps running on
    assert first_slide_title("Protein Folding Kinetics\nand the energy landscape") == (
        "Protein Folding Kinetics and the energy landscape"
    )
    assert first_slide_title("Contextual embeddings and\ntransformers") == (
        "Contextual embeddings and transformers"
    )
    assert (
        first_slide_title("Introduction to Machine\nlearning") == "Introduction to Machine learning"
    )
    # a title with its subtitle already wraps on in lower case (round 12's Ising deck)
    assert first_slide_title(
        "Computational Physics Lectures: Statistical\nphysics and the Ising Model"
    ) == ("Computational Physics Lectures: Statistical physics and the Ising Model")

"""How the slide finder reads a request's names and weighs a deck's structure (issue 14):
numbers and informal spellings in names, acronyms of part of a phrase, overview and
short-list slides below the slides that teach."""

from __future__ import annotations

import hashlib

import pytest

import storage.slide_finder as slide_finder
from storage.database import Bank
from storage.decks import DeckContent
from storage.slide_finder import SlideFinder, _short_list, spelled_out, topic_phrases
from storage.slide_store import SlideLibrary


def _deck(bank: Bank, pages: list[str], name: str = "lecture.pdf") -> int:
    """A deck stored from these page texts (no PDF), every page a content slide."""
    content = DeckContent(
        title=name,
        source_path=f"/lectures/{name}",
        sha256=hashlib.sha256("\f".join(pages).encode()).hexdigest(),
        raw_pages=tuple(pages),
        pages=tuple(pages),
        flags=((),) * len(pages),
    )
    return SlideLibrary(bank).import_deck(content, as_new=True).deck.id


FILLER = [
    "Tokenization\nText is split into subword units before a model reads it.",
    "Embeddings\nEach token id is looked up in a trainable matrix of vectors.",
    "Attention\nEvery position weighs every other position by a softmax of scores.",
    "Dependency trees\nEach word has one head; the root has none.",
]


def test_a_number_after_a_topic_word_ends_its_name() -> None:
    assert topic_phrases("IBM Model 1 word alignment") == [
        ["IBM", "Model", "1"],
        ["word", "alignment"],
    ]
    # counts before a request word are still counts, not names
    assert topic_phrases("5 MCQs on beam search, 3 true/false") == [["beam", "search"]]


def test_informal_spellings_read_as_the_word() -> None:
    assert topic_phrases("Backprop thru time") == [["Backprop", "through", "time"]]


def test_short_bullet_lists_are_told_from_slides_that_explain() -> None:
    assert _short_list("Parser\n▶ Arc-eager\n▶ Features\n▶ Perceptron loss\n▶ +Beam search")
    # statements in the bullets: the slide explains
    assert not _short_list(
        "Perceptron loss\n▶ The loss is the best wrong score minus the correct one\n"
        "▶ Its gradient is zero when the prediction is right\n▶ Otherwise it moves w"
    )
    # a title with two lines under it is no list
    assert not _short_list("Parser\n▶ Arc-eager\n▶ Features")


def test_overview_and_list_slides_rank_below_the_slides_that_teach(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deck(
        bank,
        [
            *FILLER,
            "Summary\nPerceptron loss and perceptron updates",
            "Tagger\n▶ Perceptron loss\n▶ Beam search\n▶ Early update\n▶ Averaging",
            "Training the perceptron\nThe loss is the score of the best wrong label minus "
            "the score of the correct label, and zero when the prediction is right; "
            "training with this perceptron loss adds the features of the correct label "
            "and subtracts those of the predicted one.",
            "The perceptron as gradient descent\nEach perceptron update is a step of "
            "stochastic gradient descent on the perceptron loss of one example, taken "
            "with a learning rate of one.",
        ],
    )

    def ranked() -> list[str]:
        hits = SlideFinder(bank).find("perceptron loss", limit=4).hits
        return [h.slide.text.splitlines()[0] for h in hits]

    teaching = {"Training the perceptron", "The perceptron as gradient descent"}
    assert set(ranked()[:2]) == teaching
    # without the structure weights the short summary and list slides come first
    monkeypatch.setattr(slide_finder, "OVERVIEW_WEIGHT", 1.0)
    monkeypatch.setattr(slide_finder, "LIST_WEIGHT", 1.0)
    monkeypatch.setattr(slide_finder, "TITLE_FUSION", 0.0)
    assert set(ranked()[:2]) != teaching


def test_part_of_a_phrase_also_stands_for_its_acronym(bank: Bank) -> None:
    _deck(
        bank,
        [
            *FILLER,
            "Averaged SGD\nPlain SGD returns the last weights; averaged SGD returns the "
            "mean of the weights over all steps.",
        ],
    )
    result = SlideFinder(bank).find("stochastic gradient descent updates", limit=5)
    assert result.hits and not result.partial
    assert result.hits[0].slide.text.startswith("Averaged SGD")
    assert result.hits[0].matched == ("stochastic gradient descent updates",)


def test_a_plots_axis_labels_are_no_list() -> None:
    assert not _short_list("Free energy\n0.0\n0.1\n0.2\n0.3\n−2.5\n−2.0\nF = 0.5")
    assert _short_list("Tagger\n1) Perceptron loss\n2) Beam search\n3) Early update")
    assert _short_list("Tagger\n- Perceptron loss\n- Beam search\n- Early update")


def test_an_abbreviation_the_request_defines_is_spelled_out_where_used_again() -> None:
    assert spelled_out("Backprop thru time (BPTT) and truncated BPTT") == (
        "Backprop thru time (BPTT) and truncated Backprop thru time"
    )
    # a word in brackets is no abbreviation; letters that do not fit define nothing
    assert spelled_out("positional encodings (sinusoidal)") == "positional encodings (sinusoidal)"
    assert spelled_out("beam search (BLEU) and BLEU") == "beam search (BLEU) and BLEU"


def test_a_request_most_of_whose_topics_no_slide_names_is_not_answered(bank: Bank) -> None:
    _deck(
        bank,
        [
            *FILLER,
            "Images\nAn image is cut into patches; each patch is one token.",
            "Multimodal models\nThey read an image and its caption over one sequence.",
            "Captions\nA caption is decoded word by word over the image tokens.",
        ],
    )
    finder = SlideFinder(bank)
    described = finder.find("filters that slide over an image to detect edges and shapes")
    assert described.partial or not described.hits
    assert described.message.startswith("No slide")
    named = finder.find("image tokens and captions")
    assert named.hits and not named.partial


def test_a_short_name_also_finds_its_plural(bank: Bank) -> None:
    _deck(bank, [*FILLER, "Energy-based models (EBMs)\nEBMs score every pair (x, y)."])
    result = SlideFinder(bank).find("EBM inference", limit=3)
    assert "ebms" in result.expansions["EBM"]
    assert result.hits and result.hits[0].slide.text.startswith("Energy-based models")

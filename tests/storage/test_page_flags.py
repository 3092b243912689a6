"""Page flags that keep content: a short slide with a figure of its own, and variants of
one worked example; the figures read from real PDF pages (pictures, vector drawings,
decoration repeated on every page)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pymupdf

from storage.decks import read_deck
from storage.page_flags import classify_pages, pdf_figures

CONTENT = "The perceptron updates the weights.\nIt stops when all examples are classified."
DECK = "Natural Language Processing\nLecture 9"


def _showing(*pages: int) -> tuple[list[list[int]], object]:
    """A figure finder that says `pages` show a figure, and records what it was asked."""
    asked: list[list[int]] = []

    def find(indices: Sequence[int]) -> set[int]:
        asked.append(list(indices))
        return set(pages) & set(indices)

    return asked, find


# --- classify_pages with figures --------------------------------------------------------------


def test_heading_over_a_figure_is_content_a_bare_heading_a_section_title() -> None:
    # yandex-nlp18-05 p174 ("HMM vs MEMM vs CRF" over a table picture), nyu-dlsp20-04 p22
    pages = [DECK, "HMM vs MEMM vs CRF", "Chapter 2: how do I improve my model?", CONTENT]
    asked, find = _showing(1)
    flags = classify_pages(pages, figures=find)  # type: ignore[arg-type]
    assert flags == [("title",), (), ("title",), ()]
    assert asked == [[1, 2]]  # only pages with few words, never the deck's first
    assert classify_pages(pages)[1] == ("title",)  # without figures: as before


def test_a_word_or_two_over_a_figure_is_content_no_words_stays_empty() -> None:
    # yandex-word-alignment p19 "example alignment" over an alignment matrix
    pages = [DECK, "example alignment", "", "Beam search\n0\n1.1\n-2.3", CONTENT]
    _, find = _showing(1, 2, 3)
    flags = classify_pages(pages, figures=find)  # type: ignore[arg-type]
    assert flags[1] == () and flags[3] == ()
    assert flags[2] == ("empty",)  # nothing to find it by
    assert classify_pages(pages)[1] == ("empty",)


def test_figure_keeps_no_page_from_its_other_flags() -> None:
    build = "Graves (2012) Supervised sequence labelling"
    pages = [DECK, build, build, "Questions?", "Outline\nModels\nTraining"]
    _, find = _showing(0, 1, 2, 3, 4)
    flags = classify_pages(pages, figures=find)  # type: ignore[arg-type]
    assert flags[0] == ("title",)  # a deck opens with its title page, pictures or not
    assert flags[1] == ("overlay",)  # a build step, its figure shown again next
    assert flags[2] == ()
    assert "closing" in flags[3] and "agenda" in flags[4]


def test_notes_are_not_asked_about_figures() -> None:
    asked, find = _showing(1)
    flags = classify_pages(["Intro", "Subword tokenization methods"], notes=True, figures=find)  # type: ignore[arg-type]
    assert asked == [] and flags[1] == ("title",)


# --- repeated pages: agenda or one example shown again ----------------------------------------

_EXAMPLE = (
    "Even Cooler Regex Version\n'^From .*@([^ ]+)'\nimport re\n"
    "lin = 'From stephen.marquard@uct.ac.za Sat Jan 5 09:14:16 2008'\n"
    "y = re.findall('^From .*@([^ ]+)', lin)\nprint(y)\n['uct.ac.za']"
)


def test_variants_of_one_example_a_page_apart_are_not_an_agenda() -> None:
    # py4e p24-30: the same code with another part marked on each page
    marks = ["Match non-blank character", "Skip a bunch of characters", "Stop extracting"]
    variant = [_EXAMPLE + f"\n{m}" for m in marks]
    # the page between: the same code, cut short, explained (80% alike, not a copy)
    head = "\n".join(_EXAMPLE.split("\n")[:5])
    between = (
        head
        + "\nThe parentheses say which part of the match to extract; the rest only has to match."
    )
    pages = [DECK, variant[0], between, variant[1], between, variant[2], CONTENT]
    flags = classify_pages(pages)
    assert not any("agenda" in f for f in flags)


def test_an_outline_between_sections_is_still_an_agenda() -> None:
    agenda = "Progress\n▶ Greediness\n▶ Error propagation\n▶ Cost of different errors"
    # one page between copies, unlike them: sections apart (yandex-nlp18-05 p117-147)
    beam = "Beam search\n▶ Keeps the k best partial parses at each step"
    pages = [DECK, agenda, CONTENT, agenda, beam, agenda]
    flags = classify_pages(pages)
    assert [i for i, f in enumerate(flags) if "agenda" in f] == [1, 3, 5]


# --- pdf_figures on PDF pages ------------------------------------------------------------------


def _picture(gray: int, size: int = 40) -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, size, size), 0)
    pix.clear_with(gray)
    return pix


_HEADINGS = [
    "Linear regression basics",
    "Residual plots explained",
    "Model selection criteria",
    "Bootstrap confidence intervals",
    "Cross validation folds",
    "Ridge and lasso penalties",
    "Logistic link functions",
    "Poisson count models",
]


def _deck(path: Path, kinds: list[str]) -> Path:
    """Pages of 'text', 'picture' (most of the page), 'icon' (small), 'diagram' (40 lines)
    or 'line' (one rule) under a heading; every page has the theme's background picture
    and 30 short rules of a footer pattern."""
    doc = pymupdf.open()
    background = _picture(240, 8)
    for heading, kind in zip(_HEADINGS, kinds, strict=False):
        k = len(doc)
        page = doc.new_page()
        page.insert_image(page.rect, pixmap=background)  # the same picture on every page
        for j in range(30):
            page.draw_line((20 * j, 770), (20 * j + 10, 770))
        page.insert_text((72, 72), heading, fontsize=20)
        if kind == "picture":
            page.insert_image(pymupdf.Rect(72, 100, 540, 700), pixmap=_picture(100 + k))
        elif kind == "icon":
            page.insert_image(pymupdf.Rect(72, 100, 130, 160), pixmap=_picture(100 + k))
        elif kind == "diagram":
            for j in range(40):
                page.draw_line((72, 120 + 10 * j), (500, 130 + 10 * j))
        elif kind == "line":
            page.draw_line((72, 90), (500, 90))
    doc.save(path)
    return path


def test_pictures_and_drawings_of_a_page_are_figures_decoration_is_not(tmp_path: Path) -> None:
    kinds = ["text", "picture", "icon", "diagram", "line", "text", "text", "text"]
    find = pdf_figures(_deck(tmp_path / "d.pdf", kinds).read_bytes())
    assert set(find(range(1, 8))) == {1, 3}


def test_a_deck_read_from_pdf_keeps_a_heading_over_a_picture(tmp_path: Path) -> None:
    path = _deck(tmp_path / "deck.pdf", ["text", "picture", "text", "text", "text"])
    deck = read_deck(path)
    assert deck.flags[1] == ()  # a heading over a picture: content
    assert deck.flags[2] == ("title",)  # a heading alone: a section title


def test_a_pdf_that_cannot_be_drawn_shows_no_figure() -> None:
    assert pdf_figures(b"%PDF-1.4 not really a PDF")([1, 2]) == set()

"""Text as instructors have it, cut into slides.

The copied-text fixtures are made here from the CC BY decks in bench/decks, the way
a viewer's "select all, copy" gives them: one line per line, no blank lines, and for
the mojibake variant UTF-8 read as Mac Roman (PowerPoint and Keynote on a Mac).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pymupdf
import pytest

from bench.text_split import copied as copied_from_viewer
from bench.text_split import start_share
from models.drafting import Draft, DraftRequest, run_drafting
from storage.decks import DeckImportError, deck_from_text, read_deck
from storage.domain import QuestionType, Slide
from storage.slide_text import TITLE, classify_pages
from storage.text_slides import MAX_LINES, is_markdown, split_text

BENCH = Path(__file__).resolve().parents[2] / "bench" / "decks"
FIXTURE_DECKS = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
# the thirteen ELTE decks the splitting was first measured on (slide starts and all)
DECKS = sorted(BENCH.glob("elte-nlp_*.pdf"))
# every deck whose licence lets tests copy its text: the bench decks (see their README)
# and the MIT-licensed fixtures, figure-heavy and build-up decks among them
# (the decks added for draft-quality rounds 9, 10, 12 and 13 came after the split was
# measured; bench/text_split.py reports them too)
LATER = frozenset(
    """yuzhang-cryptography-block-ciphers cnp3-networks-vpn derobertis-finance-dcf-cost-of-capital
    lmu-optimization-multicriteria-intro unimib-graph-algorithms-coloring
    docos-operating-systems-file-systems barbera-css-social-network-diffusion
    santetti-macro-aggregate-expenditures neu-cs4530-distributed-systems
    neu-cs4530-design-patterns unimib-graph-compression talent-bayes-choosing-priors
    kanopka-statcomp-sorting-algorithms psychology-human-memory-free-recall-models
    philosophy-mind-intro genetics-association-studies-gwas physics-statistical-physics-ising
    engineering-control-stabilizing-control statistics-hypothesis-testing
    earth-science-seismology-intro research-software-literate-programming-reproducibility
    chemistry-drug-discovery-library-searching physics-nuclear-em-transitions-beta-decay
    programming-languages-r-object-oriented microeconomics-giffen-behavior
    psychology-reading-research-qalmri statistics-multiple-linear-regression
    social-science-web-scraping hci-trends-in-hci
    """.split()
)
ALL_DECKS = sorted(
    [p for p in [*BENCH.glob("*.pdf"), *FIXTURE_DECKS.glob("*.pdf")] if p.stem not in LATER],
    key=lambda p: p.name,
)
# Decks whose copied text does not split within ±20% of their page count, and why (the
# text holds no sign of those pages; bench/text_split.py prints the table):
HARD = {
    "crumplab-psyc2530-behaviorism": "full-page pictures with a caption or none",
    "hbc-rnaseq-experimental-design": "diagram slides of a few labels each",
    "lmu-iml-shapley-values": "long build-up pages of table cells",
    "vasilescu-empirical-methods-literature-reviews": "screenshots of whole papers",
}


@cache
def copied(pdf: Path) -> tuple[str, tuple[int, ...]]:
    """The PDF's text as copied from a viewer, and the page of each line (read once)."""
    text, pages = copied_from_viewer(pdf)
    return text, tuple(pages)


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("mac_roman")


def split_figures(pdf: Path, text: str | None = None) -> tuple[float, float]:
    """(share of the real slide starts the split finds, slides made per real slide)."""
    original, page_of = copied(pdf)
    share, made = start_share(original if text is None else text, page_of)
    return share, made / len(set(page_of))


def test_the_bench_decks_are_there() -> None:
    assert len(DECKS) >= 12


@pytest.mark.parametrize("pdf", DECKS, ids=[p.stem for p in DECKS])
def test_copied_pdf_text_splits_near_the_real_slides(pdf: Path) -> None:
    found, per_slide = split_figures(pdf)
    assert 0.8 <= per_slide <= 1.2, f"{per_slide:.2f} slides per real slide"
    assert found >= 0.55, f"only {found:.0%} of the real slide starts found"


def _page_ratio(pdf: Path) -> float:
    """Slides the copied text makes per page of the PDF (empty pages included)."""
    with pymupdf.open(pdf) as doc:
        pages = doc.page_count
    return len(split_text(copied(pdf)[0])) / pages


@pytest.mark.parametrize(
    "pdf",
    [p for p in ALL_DECKS if p.stem not in HARD],
    ids=[p.stem for p in ALL_DECKS if p.stem not in HARD],
)
def test_copied_text_of_every_deck_has_the_pdfs_page_count(pdf: Path) -> None:
    """Issue 14: within ±20% of the PDF's page count, build-up and figure-heavy decks too."""
    ratio = _page_ratio(pdf)
    assert 0.8 <= ratio <= 1.2, f"{ratio:.2f} slides per PDF page"


def test_most_decks_split_near_their_page_count_and_the_hard_ones_are_known() -> None:
    ratios = {p.stem: _page_ratio(p) for p in ALL_DECKS}
    inside = [name for name, r in ratios.items() if 0.8 <= r <= 1.2]
    assert len(ALL_DECKS) >= 30 and len(inside) >= len(ALL_DECKS) - len(HARD)
    assert set(HARD) <= set(ratios)  # a renamed deck does not leave the list stale
    # even the hard decks are not one page, nor cut into scraps
    assert all(0.5 <= ratios[name] <= 3.0 for name in HARD), {n: ratios[n] for n in HARD}


def test_build_up_steps_repeated_on_the_next_page_are_pages() -> None:
    """A build-up repeats its page and adds a line: each step is a page, as in the PDF."""
    steps = [
        "Three kinds of efficiency",
        "• model size in megabytes",
        "• throughput in samples a second",
        "• latency at a percentile",
    ]
    built = "\n".join("\n".join(steps[: n + 2]) for n in range(3))
    other = "Serving the model\n• batch the inputs by length\n• balance the load"
    pages = split_text(built + "\n" + other)
    assert [len(p.split("\n")) for p in pages] == [2, 3, 4, 3]
    assert all(p.startswith("Three kinds") for p in pages[:3])
    # an example reused further on is no build-up step
    reused = "\n".join(
        [
            "Matching a line start",
            "• the caret anchors a pattern",
            "X-Sieve: CMU Sieve 2.3",
            "X-DSPAM-Result: Innocent",
            "Matching any character",
            "• the dot matches any character",
            "• the star repeats it",
            "X-Sieve: CMU Sieve 2.3",
            "X-DSPAM-Result: Innocent",
            "X-Plane is behind schedule",
        ]
    )
    assert [p.split("\n")[0] for p in split_text(reused)] == [
        "Matching a line start",
        "Matching any character",
    ]


def test_page_numbers_and_counter_footers_mark_pages() -> None:
    # bare page numbers counting up (other numbers in the text do not count)
    numbered = "\n".join(
        f"Finding number {n}\n• it was {n * 7} percent\n• measured twice\n42\n{n}"
        for n in range(1, 9)
    )
    pages = split_text(numbered)
    assert len(pages) == 8 and all(p.startswith("Finding number") for p in pages)
    # a footer with a frame counter ends each page, repeated over a page's build-up
    footer = "\n".join(
        f"Payouts in game {n // 2}\nPlayer {n} brings {n * 100} to the coalition\n"
        f"Interpretable Machine Learning – {n // 2 + 1} / 5"
        for n in range(10)
    )
    pages = split_text(footer)
    assert len(pages) == 10 and not any("/ 5" in p for p in pages)


def test_a_running_header_marks_pages_of_figure_labels() -> None:
    """Figure-heavy pages: a few labels each, the running header the only page sign."""
    labels = ["h<t>", "x<t>", "y<t>", "Unfold", "W_hh", "W_xh", "Single layer RNN"]
    text = "\n".join(
        "Sebastian Raschka      STAT 479: Deep Learning      SS 2019\n"
        + "\n".join(labels[(n + k) % len(labels)] for k in range(2))
        + "\n"
        + "\n".join(f"step {n}.{k} of the unrolled net" for k in range(2 + n % 4))
        for n in range(12)
    )
    pages = split_text(text)
    assert len(pages) == 12 and not any("Raschka" in p for p in pages)


def test_across_the_bench_most_slide_starts_are_found() -> None:
    figures = [split_figures(pdf) for pdf in DECKS]
    found = sum(f for f, _ in figures) / len(figures)
    per_slide = sum(r for _, r in figures) / len(figures)
    assert found >= 0.8 and 0.9 <= per_slide <= 1.1, (found, per_slide)


def test_mojibake_is_mended_and_splits_the_same() -> None:
    pdf = BENCH / "elte-nlp_3-tokenization.pdf"
    text, _ = copied(pdf)
    broken = mojibake(text)
    assert "‚Äô" in broken
    assert split_figures(pdf, broken) == split_figures(pdf)
    deck = deck_from_text(broken, "Tokenization ‚Äì Why and What?")
    assert deck.title == "Tokenization – Why and What?"
    joined = "\n".join(deck.pages)
    assert "‚Ä" not in joined and "isn't" in joined


def test_copied_text_imports_with_the_pdfs_page_count_and_content() -> None:
    """The issue's bug: pasted PDF text was one page flagged title; drafting refused it."""
    pdf = BENCH / "elte-nlp_8-neural_embeddings.pdf"
    text, _ = copied(pdf)
    deck = deck_from_text(mojibake(text), "Neural embeddings")
    real = read_deck(pdf)
    assert abs(deck.page_count - real.page_count) <= 0.2 * real.page_count
    content = sum(1 for f in deck.flags if not f)
    assert content >= 0.8 * sum(1 for f in real.flags if not f)
    assert all(len(p.split("\n")) >= 2 for p in deck.pages)  # no one-line slides


def _usable(pages: tuple[str, ...], flags: tuple[tuple[str, ...], ...]) -> int:
    slides = [Slide(1, i, t, f) for i, (t, f) in enumerate(zip(pages, flags, strict=True), 1)]
    counts = {QuestionType.MCQ: 5, QuestionType.TRUE_FALSE: 3, QuestionType.SHORT: 2}
    drafts = run_drafting(slides, DraftRequest(counts, strategy="built"))
    return sum(1 for d in drafts if isinstance(d, Draft) and d.valid and d.grounded)


# build-up, figure-heavy and code decks among them (issue 14's text input)
DRAFTED = (
    "elte-nlp_3-tokenization",
    "elte-nlp_8-neural_embeddings",
    "yandex-nlp-lecture-efficiency",
    "kanopka-statcomp-randomization-monte-carlo",
    "tuwien-air-ir-evaluation",
    "mobleylab-molecular-dynamics",
)


def test_copied_text_drafts_as_many_usable_questions_as_the_pdfs() -> None:
    """Over these decks the pasted text drafts at least as many usable questions as
    the PDFs; deck by deck a page split differently may move one draft either way
    (elte-nlp_8: a short answer from the PDF, a true/false on the same line from text)."""
    from_pdf: dict[str, int] = {}
    from_text: dict[str, int] = {}
    for name in DRAFTED:
        pdf = next(p for p in ALL_DECKS if p.stem == name)
        real = read_deck(pdf)
        pasted = deck_from_text(mojibake(copied(pdf)[0]), name)
        from_pdf[name] = _usable(real.pages, real.flags)
        from_text[name] = _usable(pasted.pages, pasted.flags)
    assert all(n > 0 for n in from_pdf.values()), from_pdf
    assert sum(from_text.values()) >= sum(from_pdf.values()), (from_pdf, from_text)
    assert all(from_text[n] >= from_pdf[n] - 1 for n in DRAFTED), (from_pdf, from_text)


def test_page_markers_form_feeds_and_repeated_headers() -> None:
    body = "\n".join(f"- point {k} about topic {n}" for k in range(3) for n in [0])
    marked = "\n".join(
        f"Slide {n}\nTopic {n} heading\n{body.replace('topic 0', f'topic {n}')}"
        for n in range(1, 6)
    )
    pages = split_text(marked)
    assert len(pages) == 5 and pages[2].startswith("Topic 3 heading")
    assert not any("Slide " in p for p in pages)
    paged = "\n".join(
        f"Topic {n} heading\n▪ one fact about {n}\n▪ another fact\nPage {n}" for n in range(1, 5)
    )
    firsts = [p.split("\n")[0] for p in split_text(paged)]
    assert firsts == [f"Topic {n} heading" for n in range(1, 5)]
    fed = "First slide\n• a\n• b\fSecond slide\n• c\n• d"
    assert split_text(fed) == ["First slide\n• a\n• b", "Second slide\n• c\n• d"]
    footer = "\n".join(
        f"Heading number {n}\n• fact {n} one\n• fact {n} two\nCS 101 – Autumn 2026\n{n} / 8"
        for n in range(1, 9)
    )
    pages = split_text(footer)
    assert len(pages) == 8 and not any("CS 101" in p for p in pages)


def test_title_lines_over_bullets_split_unmarked_text() -> None:
    slides = [
        "Tokenization\n• splits text into units\n• words or subwords\n• the first step",
        "Byte pair encoding\n• merges frequent pairs\n• greedy\n• a fixed vocabulary size",
        "WordPiece\n• likelihood instead of counts\n• used by BERT\n• a ## prefix",
        "SentencePiece\n• works on raw text\n• spaces are symbols too\n• language independent",
    ]
    pages = split_text("\n".join(slides))
    assert [p.split("\n")[0] for p in pages] == [s.split("\n")[0] for s in slides]


def test_bullets_on_lines_of_their_own_do_not_start_slides() -> None:
    google = "Teachers\n●\nAda Lovelace\n●\nAlan Turing\n●\nGrace Hopper\n●\nEdsger Dijkstra"
    assert split_text(google) == [google]


def test_slides_have_a_plausible_length() -> None:
    prose = "\n".join(
        f"this line {i} continues the explanation of the method, with detail," for i in range(300)
    )
    pages = split_text(prose)
    assert len(pages) >= 300 // MAX_LINES
    assert all(2 <= len(p.split("\n")) <= MAX_LINES + 1 for p in pages)
    lone = "Just one line of text."
    assert split_text(lone) == [lone]
    paragraphs = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(20))
    pages = split_text(paragraphs)  # plain notes: a paragraph a line, long lines
    assert len(pages) >= 3 and all(len(p) < 2000 for p in pages)


def test_notes_first_section_is_content_unless_only_a_title(tmp_path: Path) -> None:
    notes = tmp_path / "week3.md"
    notes.write_text(
        "# Tokenization\n\nTokens are the units a model reads.\n\n## BPE\n\n- merges pairs\n",
        encoding="utf-8",
    )
    deck = read_deck(notes)
    assert deck.flags[0] == () and deck.flags[1] == ()
    titled = tmp_path / "week4.md"
    titled.write_text("# Week 4\n\nDr. Ada Lovelace\n\n## Embeddings\n\n- dense vectors\n", "utf-8")
    assert TITLE in read_deck(titled).flags[0]
    assert classify_pages(["Only a title here"], notes=True) == [("title",)]
    assert classify_pages(["Only a title here"]) == [("title",)]
    assert classify_pages(["A heading\n- with a point\n- and another"], notes=True) == [()]


def test_plain_notes_with_mojibake_title(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Tokenization ‚Äì Why and What?\n\n- it matters\n", encoding="utf-8")
    assert read_deck(notes).title == "Tokenization – Why and What?"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   \n\n\t\n", "empty"),
        ("\x00\x01\x02binary", "binary"),
        ("--- *** ---\n\f\n", "no text"),
    ],
    ids=["empty", "blank", "binary", "no-words"],
)
def test_text_that_is_no_deck_says_why(text: str, message: str) -> None:
    with pytest.raises(DeckImportError, match=message):
        deck_from_text(text, "A title")


def test_wrong_encoding_and_binary_notes_files(tmp_path: Path) -> None:
    latin = tmp_path / "notes.txt"
    latin.write_bytes("Gül's notes\n".encode("latin-1"))
    with pytest.raises(DeckImportError, match="not UTF-8"):
        read_deck(latin)
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DeckImportError, match="binary"):
        read_deck(junk)
    utf16 = tmp_path / "notes16.txt"
    utf16.write_text("Heading one\n• a point\n• another point\n", encoding="utf-16")
    assert read_deck(utf16).pages[0].startswith("Heading one")


def test_copied_text_without_page_numbers_still_splits() -> None:
    pdf = BENCH / "elte-nlp_3-tokenization.pdf"
    text, _ = copied(pdf)
    stripped = "\n".join(line for line in text.split("\n") if not re.fullmatch(r"\d+ / \d+", line))
    pages = split_text(stripped)
    assert 0.8 * 31 <= len(pages) <= 1.3 * 31


def test_stray_control_characters_of_a_copy_are_no_binary_data() -> None:
    """A viewer's copy brings a few control characters from odd fonts (NULs too)."""
    text, _ = copied(BENCH / "datapsl-relational-databases.pdf")
    assert "\x00" in text
    deck = deck_from_text(text, "Relational databases")
    assert deck.page_count >= 0.8 * 97 and not any("\x00" in p for p in deck.pages)
    with pytest.raises(DeckImportError, match="binary"):
        deck_from_text("Heading\n" + "\x00\x01\x02\x03 word" * 50)


@pytest.mark.parametrize(
    ("name", "pages"),
    [("kanopka-statcomp-randomization-monte-carlo", 70), ("hoehle-sm4ide-vaccination", 30)],
)
def test_code_comments_in_copied_text_are_no_markdown_headings(name: str, pages: int) -> None:
    """R and Python on slides: "# simulate" and "## [1] 0.95" (R output) lines are code,
    the copied text no Markdown."""
    text, _ = copied(BENCH / f"{name}.pdf")
    assert sum(1 for line in text.split("\n") if re.match(r"#{1,2} ", line)) >= 2
    assert not is_markdown(text)
    deck = deck_from_text(text, name)
    assert 0.8 * pages <= deck.page_count <= 1.2 * pages
    assert is_markdown("# Week 3\n\nTokens are units.\n\n## BPE\n\n- merges pairs\n")

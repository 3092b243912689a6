"""Importing decks: real PDFs, notes, bad files, re-imports and new versions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from storage.bank import QuestionBank
from storage.decks import DeckImportError, read_deck, split_notes
from storage.domain import SlideRef
from storage.slide_store import NewVersionError, SlideLibrary
from tests.conftest import FIXTURES, mcq

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

EFFICIENCY = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"
ALIGNMENT = FIXTURES / "yandex-word-alignment-metropolis.pdf"


def _pdf(path: Path, pages: list[str], **save: object) -> Path:
    doc = pymupdf.open()
    for body in pages:
        page = doc.new_page()
        page.insert_text((72, 72), body, fontsize=14)
    doc.save(path, **save)
    return path


def test_a_real_deck_is_read_cleaned_and_flagged() -> None:
    deck = read_deck(EFFICIENCY)
    assert deck.page_count == 86 and len(deck.sha256) == 64
    assert deck.data == EFFICIENCY.read_bytes()
    assert "title" in deck.flags[0]
    text = "\n".join(deck.pages).lower()
    assert "quantization" in text and "distillation" in text
    assert "ﬁ" not in text
    content = [p for p, f in zip(deck.pages, deck.flags, strict=True) if not f]
    assert len(content) > 40


def test_import_is_stored_once_and_slides_are_shown(bank) -> None:
    library = SlideLibrary(bank)
    first = library.import_deck(read_deck(ALIGNMENT))
    again = library.import_deck(read_deck(ALIGNMENT))
    assert first.created and not again.created and again.deck.id == first.deck.id
    assert [d.id for d in library.decks()] == [first.deck.id]
    slides = library.slides(first.deck.id)
    assert len(slides) == 58 and [s.page for s in slides] == list(range(1, 59))
    assert library.slide(first.deck.id, 5).text == slides[4].text
    assert library.deck_file(first.deck) is not None  # a copy kept beside the bank


def test_kept_copy_still_renders_when_the_original_moves(bank, tmp_path: Path) -> None:
    moved = tmp_path / "lecture.pdf"
    shutil.copy(ALIGNMENT, moved)
    library = SlideLibrary(bank)
    deck = library.import_deck(read_deck(moved)).deck
    moved.unlink()
    kept = library.deck_file(deck)
    assert kept is not None and kept.read_bytes() == ALIGNMENT.read_bytes()


def test_a_new_version_keeps_question_links_where_the_text_matches(bank, tmp_path) -> None:
    library, questions = SlideLibrary(bank), QuestionBank(bank)
    v1 = _pdf(
        tmp_path / "lecture4.pdf",
        [
            "Lecture 4",
            "Attention weighs tokens by relevance",
            "Dropout zeroes random units",
            "Thank you",
        ],
    )
    deck = library.import_deck(read_deck(v1)).deck
    q1 = questions.add(mcq("What does attention weigh?", "tokens", sources=(SlideRef(deck.id, 2),)))
    q2 = questions.add(mcq("What does dropout zero?", "units", sources=(SlideRef(deck.id, 3),)))
    v2_dir = tmp_path / "v2"
    v2_dir.mkdir()
    v2 = _pdf(
        v2_dir / "lecture4.pdf",
        [
            "Lecture 4",
            "A new slide about batch norm",
            "Attention weighs tokens by relevance",
            "Weight decay shrinks weights",
            "Thank you",
        ],
    )
    with pytest.raises(NewVersionError, match="new version of deck"):
        library.import_deck(read_deck(v2))
    report = library.update_deck(deck.id, read_deck(v2))
    assert (report.links_kept, report.links_dropped) == (1, 1)
    assert questions.get(q1.id).sources[0].page == 3  # followed its slide
    assert questions.get(q2.id).sources == ()  # its slide is gone
    assert report.deck.page_count == 5
    # the old version, asked for as a separate deck, is stored beside the updated one
    separate = library.import_deck(read_deck(v1), as_new=True)
    assert separate.created and separate.deck.id != deck.id
    assert len(library.decks()) == 2


def _encrypted(path: Path) -> Path:
    return _pdf(path, ["secret"], encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")


def _scanned(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 40), 0)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    doc.save(path)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_text("just some notes, not a PDF"), "not a PDF"),
        (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 50), "export it as PDF"),
        (lambda p: p.write_bytes(EFFICIENCY.read_bytes()[:4000]), "damaged"),
        (_encrypted, "password-protected"),
        (_scanned, "no extractable text"),
    ],
    ids=["zero-bytes", "text-named-pdf", "pptx-named-pdf", "truncated", "encrypted", "scanned"],
)
def test_bad_files_get_a_specific_message_and_nothing_is_stored(bank, tmp_path, make, message):
    path = tmp_path / "lecture.pdf"
    make(path)
    with pytest.raises(DeckImportError, match=message):
        SlideLibrary(bank).import_deck(read_deck(path))
    assert SlideLibrary(bank).decks() == []


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DeckImportError, match="no such file"):
        read_deck(tmp_path / "nope.pdf")
    with pytest.raises(DeckImportError, match="is a folder"):
        read_deck(tmp_path)


def test_markdown_notes_are_split_at_headings(tmp_path: Path) -> None:
    notes = tmp_path / "week3.md"
    notes.write_text(
        "# Week 3: Tokenization\n\nIntro words.\n\n## Byte pair encoding\n\nBPE merges the most "
        "frequent pair.\n\n---\n\nA separate slide after a rule.\n\n## WordPiece\n\nLikelihood.\n",
        encoding="utf-8",
    )
    deck = read_deck(notes)
    assert deck.title == "Week 3: Tokenization"
    assert deck.page_count == 4
    assert "most frequent pair" in deck.pages[1]
    assert deck.pages[2].startswith("A separate slide")


def test_plain_text_notes(tmp_path: Path) -> None:
    assert split_notes("one\n---\ntwo\n\fthree", markdown=False) == ["one", "two", "three"]
    long = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(20))
    pages = split_notes(long, markdown=False)
    assert len(pages) > 5 and all(len(p) < 1600 for p in pages)
    bad = tmp_path / "notes.txt"
    bad.write_bytes("Gül".encode("latin-1") + b"\xff\xfe")
    with pytest.raises(DeckImportError, match="not UTF-8"):
        read_deck(bad)

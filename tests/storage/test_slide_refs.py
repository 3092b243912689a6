"""Several citations of one slide: one link row, every sentence kept (issue: draft quality)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pymupdf

from storage.bank import DuplicateDecision, QuestionBank
from storage.database import open_bank
from storage.decks import read_deck
from storage.domain import Choice, Question, QuestionType, SlideRef, join_support, split_support
from storage.slide_store import SlideLibrary
from tests.conftest import FIXTURES, mcq

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

DECK = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"


def _three_lines(library: SlideLibrary, deck_id: int) -> tuple[int, list[str]]:
    """A content page of the real deck with three lines of text to cite."""
    for slide in library.slides(deck_id):
        lines = [ln.strip() for ln in slide.text.splitlines() if len(ln.strip()) > 12]
        if slide.is_content and len(lines) >= 3:
            return slide.page, lines[:3]
    raise AssertionError("the fixture deck has no page with three lines")


def _multi(deck_id: int, page: int, lines: list[str]) -> Question:
    return Question(
        QuestionType.MULTI,
        "Which of the following does the slide list?",
        (
            Choice("first", 1 / 3),
            Choice("second", 1 / 3),
            Choice("third", 1 / 3),
            Choice("none", -1.0),
        ),
        sources=tuple(SlideRef(deck_id, page, line) for line in lines),
    )


def _link_rows(path: Path) -> list[tuple[int, int, str]]:
    con = sqlite3.connect(path)
    try:
        return list(
            con.execute("SELECT question_id, slide_id, supporting_text FROM question_slides")
        )
    finally:
        con.close()


def test_three_refs_to_one_page_are_stored_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as bank:
        library = SlideLibrary(bank)
        deck_id = library.import_deck(read_deck(DECK)).deck.id
        page, lines = _three_lines(library, deck_id)
        q = _multi(deck_id, page, lines)
        qid = QuestionBank(bank).add(q).id
    with open_bank(path) as bank:  # a fresh view of the file
        got = QuestionBank(bank).get(qid)
    assert got.sources == q.sources  # each sentence on its own, in order
    assert len(_link_rows(path)) == 1  # one link per cited slide


def test_update_and_replace_merge_refs_to_one_page(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as bank:
        library, service = SlideLibrary(bank), QuestionBank(bank)
        deck_id = library.import_deck(read_deck(DECK)).deck.id
        page, lines = _three_lines(library, deck_id)
        stored = service.add(mcq("Which slide says it?", "this one", sources=()))
        refs = (
            SlideRef(deck_id, page, lines[0]),
            SlideRef(deck_id, page + 1, "another page"),
            SlideRef(deck_id, page, lines[1]),
            SlideRef(deck_id, page, lines[1]),  # the same sentence twice: kept once
        )
        updated = service.update(replace(stored, sources=refs))
        assert updated.sources == (refs[0], refs[2], refs[1])  # by page, each sentence once
        assert service.update(updated).sources == updated.sources  # stable when saved again
        other = service.add(mcq("Which slide says it, again?", "that one"))
        kept = service.resolve_duplicate(
            replace(other, sources=_multi(deck_id, page, lines).sources),
            stored.id,
            DuplicateDecision.REPLACE,
        )
        assert [r.supporting_text for r in kept.sources] == lines
    assert len(_link_rows(path)) == 1


def test_bank_add_json_with_refs_to_one_page(tmp_path: Path, capsys) -> None:
    from cli.main import main

    path = tmp_path / "bank.sqlite"
    with open_bank(path) as bank:
        library = SlideLibrary(bank)
        deck_id = library.import_deck(read_deck(DECK)).deck.id
        page, lines = _three_lines(library, deck_id)
    entry = {
        "type": "multi",
        "stem": "Which of the following does the slide list?",
        "choices": [{"text": t, "fraction": 0.5} for t in ("a", "b")] + [{"text": "c"}],
        "sources": [{"deck_id": deck_id, "page": page, "supporting_text": t} for t in lines],
    }
    file = tmp_path / "q.json"
    file.write_text(json.dumps([entry]), encoding="utf-8")
    assert main(["bank", "add", str(file), "--bank", str(path)]) == 0
    with open_bank(path) as bank:
        (q,) = QuestionBank(bank).list_questions()
    assert [r.supporting_text for r in q.sources] == lines


def _pdf(path: Path, pages: list[str]) -> Path:
    doc = pymupdf.open()
    for text in pages:
        doc.new_page().insert_text((72, 72), text, fontsize=14)
    doc.save(path)
    return path


def test_a_new_deck_version_merging_two_cited_pages_keeps_one_link(tmp_path: Path) -> None:
    with open_bank(tmp_path / "bank.sqlite") as bank:
        library, service = SlideLibrary(bank), QuestionBank(bank)
        texts = [
            "Lecture 4",
            "Attention weighs tokens by relevance",
            "Attention weighs tokens by relevance.",
        ]
        deck = library.import_deck(read_deck(_pdf(tmp_path / "l4.pdf", texts))).deck
        refs = (SlideRef(deck.id, 2, "Attention weighs"), SlideRef(deck.id, 3, "tokens"))
        q = service.add(mcq("What does attention weigh?", "tokens", sources=refs))
        (tmp_path / "v2").mkdir()
        v2 = _pdf(tmp_path / "v2" / "l4.pdf", ["Lecture 4", "Attention weighs tokens by relevance"])
        report = library.update_deck(deck.id, read_deck(v2))
        assert report.links_kept == 2
        assert service.get(q.id).sources == (
            SlideRef(deck.id, 2, "Attention weighs"),
            SlideRef(deck.id, 2, "tokens"),
        )


def test_join_and_split_support() -> None:
    assert split_support(join_support(["a", "b", "a", " "])) == ["a", "b"]
    assert split_support(join_support(["only"])) == ["only"]
    assert split_support("") == [""]
    assert join_support(["x\x1ey"]) == "x y"  # a separator inside a text is not one

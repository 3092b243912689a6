"""Merging another instructor's bank: uuids kept, twice recognised, near-duplicates flagged."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from storage.bank import QuestionBank
from storage.bank_merge import MergeError, merge_banks
from storage.database import BankError, BankTooNewError, NotABankError, open_bank
from storage.domain import QuestionImage, SlideRef
from storage.question_history import history
from storage.slide_store import SlideLibrary
from tests.conftest import SAMPLE, make_deck, mcq


def _source(path: Path) -> list[str]:
    """Ben's bank: a question citing a deck, with an image, tags and a category."""
    with open_bank(path) as b:
        deck = make_deck(b, pages=3, name="attention.pdf")
        service = QuestionBank(b)
        service.author = "ben"
        cited = replace(
            SAMPLE[0],
            sources=(SlideRef(deck, 2, "LoRA adds low-rank matrices"),),
            images=(QuestionImage("lora.png", b"\x89PNG\r\n\x1a\n" + bytes(64)),),
        )
        ids = service.add_many([cited, SAMPLE[3], SAMPLE[4]])
        return [q.uuid for q in service.get_many(ids)]


def test_merge_brings_questions_with_everything_they_carry(tmp_path: Path) -> None:
    src, dst = tmp_path / "ben.sqlite", tmp_path / "ana.sqlite"
    uuids = _source(src)
    with open_bank(dst) as b:
        make_deck(b, pages=5, name="other.pdf")  # the target's own deck keeps id 1
        QuestionBank(b).add(SAMPLE[2])
    report = merge_banks(src, dst, author="ana")
    assert len(report.added) == 3 and not report.updated and not report.unchanged
    assert len(report.decks_added) == 1
    with open_bank(dst) as b:
        service = QuestionBank(b)
        got = {q.uuid: q for q in service.get_many(list(report.added))}
        assert set(got) == set(uuids)  # uuids kept
        lora = got[uuids[0]]
        assert lora.tags == SAMPLE[0].tags and lora.category == SAMPLE[0].category
        assert lora.images[0].name == "lora.png" and lora.created_by == "ben"
        (ref,) = lora.sources
        deck = SlideLibrary(b).deck(ref.deck_id)
        assert deck.title == "attention.pdf" and ref.page == 2
        assert ref.supporting_text == "LoRA adds low-rank matrices"
        assert SlideLibrary(b).slide(ref.deck_id, 2).text.startswith("Slide 2")
        assert service.search("LoRA")  # full-text index updated
    # the source is not changed
    with open_bank(src) as b:
        assert QuestionBank(b).count() == 3


def test_a_question_merged_twice_is_recognised_updated_or_skipped(tmp_path: Path) -> None:
    src, dst = tmp_path / "ben.sqlite", tmp_path / "ana.sqlite"
    uuids = _source(src)
    first = merge_banks(src, dst)
    again = merge_banks(src, dst)
    assert again.added == () and again.updated == () and len(again.unchanged) == 3
    assert again.near_duplicates == ()  # a question is not its own near-duplicate
    with open_bank(src) as b:
        service = QuestionBank(b)
        q = next(q for q in service.list_questions() if q.uuid == uuids[1])
        service.update(replace(q, points=4.0, tags=(*q.tags, "final")))
    third = merge_banks(src, dst, author="ana")
    ((qid, fields),) = third.updated
    assert set(fields) == {"points", "tags"} and len(third.unchanged) == 2
    with open_bank(dst) as b:
        service = QuestionBank(b)
        assert service.count() == 3 and qid in first.added
        assert service.get(qid).points == 4.0 and service.get(qid).version == 2
        assert [v.version for v in history(service, qid)] == [2, 1]  # the earlier kept


def test_near_duplicates_are_flagged_and_kept(tmp_path: Path) -> None:
    src, dst = tmp_path / "ben.sqlite", tmp_path / "ana.sqlite"
    with open_bank(src) as b:
        QuestionBank(b).add(
            mcq(
                "which weights does LoRA update during fine tuning",
                "Low-rank adapter matrices added beside the frozen weights",
                "All weights",
            )
        )
    with open_bank(dst) as b:
        mine = QuestionBank(b).add(SAMPLE[0]).id
    report = merge_banks(src, dst)
    (flag,) = report.near_duplicates
    assert flag.similar_to == mine and flag.target_id in report.added and flag.score >= 90
    with open_bank(dst) as b:
        assert QuestionBank(b).count() == 2  # flagged, not dropped


def test_all_or_nothing_when_a_write_fails(tmp_path: Path) -> None:
    src, dst = tmp_path / "ben.sqlite", tmp_path / "ana.sqlite"
    _source(src)
    with open_bank(dst) as b:
        QuestionBank(b).add(SAMPLE[2])
    # a trigger in the target that refuses the last incoming question's insert
    con = sqlite3.connect(dst)
    con.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON questions WHEN NEW.qtype = 'essay' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
    )
    con.commit()
    con.close()
    with pytest.raises(BankError):
        merge_banks(src, dst)
    with open_bank(dst) as b:
        assert QuestionBank(b).count() == 1
        assert SlideLibrary(b).decks() == []


def test_bad_inputs_are_refused_in_words(tmp_path: Path) -> None:
    dst = tmp_path / "ana.sqlite"
    with open_bank(dst):
        pass
    with pytest.raises(MergeError, match="does not exist"):
        merge_banks(tmp_path / "missing.sqlite", dst)
    assert not (tmp_path / "missing.sqlite").exists()
    with pytest.raises(MergeError, match="same bank"):
        merge_banks(dst, dst)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello")
    with pytest.raises(NotABankError, match="not a Quizwright bank"):
        merge_banks(text_file, dst)
    newer = tmp_path / "newer.sqlite"
    with open_bank(newer):
        pass
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(BankTooNewError, match="newer version"):
        merge_banks(newer, dst)
    with pytest.raises(MergeError, match="folder"):
        merge_banks(tmp_path, dst)

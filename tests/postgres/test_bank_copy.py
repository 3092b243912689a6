"""`quizwright bank copy`: SQLite ↔ PostgreSQL, all or nothing, ids, uuids, vectors, files."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from storage.bank import QuestionBank
from storage.bank_copy import CopyError, copy_bank
from storage.database import Bank, open_bank
from storage.decks import read_deck
from storage.exams import ExamHeader, ExamStore
from storage.slide_store import SlideLibrary
from tests.conftest import FIXTURES, SAMPLE
from tests.postgres.test_server_roles import cli

DECK = FIXTURES / "yandex-word-alignment-metropolis.pdf"


def _fill(bank: Bank, tmp_path: Path) -> dict[str, object]:
    lecture = tmp_path / "lecture.pdf"
    shutil.copy(DECK, lecture)
    deck = SlideLibrary(bank).import_deck(read_deck(lecture)).deck
    service = QuestionBank(bank)
    ids = service.add_many(SAMPLE)
    service.delete([ids[-1]])  # the highest id was given once: it is never given again
    service.move_to_category(ids[:2], "Course/Week 1")
    exam = ExamStore(service).create(ExamHeader("Midterm"), ids[:3])
    vector = np.arange(8, dtype=np.float16).tobytes()
    with bank.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO question_embeddings (question_id, kind, model, text_hash, vector, "
                "seq) VALUES (:q, 'stem', 'm', 'h', :v, 1)"
            ),
            {"q": ids[0], "v": vector},
        )
    lecture.unlink()  # the copy must bring the file along
    return {"ids": ids[:-1], "gone": ids[-1], "deck": deck, "exam": exam.id, "vector": vector}


def _snapshot(bank: Bank) -> dict[str, object]:
    service = QuestionBank(bank)
    with bank.engine.connect() as conn:
        uuids = conn.execute(text("SELECT id, uuid FROM questions ORDER BY id")).all()
        vec = conn.execute(text("SELECT vector FROM question_embeddings")).scalar()
    exams = ExamStore(service)
    return {
        "uuids": [tuple(r) for r in uuids],
        "vector": bytes(vec) if vec is not None else None,
        "questions": [q.stem for q in service.get_many([i for i, _ in uuids])],
        "categories": service.categories(),
        "exam": [q.id for q, _, _ in exams.get(exams.list()[0][0]).items],
        "search": [h.question_id for h in service.search("LoRA")],
    }


def _renders(bank: Bank, expected: bytes) -> None:
    library = SlideLibrary(bank)
    path = library.deck_file(library.decks()[0])
    assert path is not None and path.read_bytes() == expected


def test_sqlite_to_server_and_back_keeps_everything(tmp_path: Path, pg_url: str) -> None:
    src = tmp_path / "laptop.sqlite"
    with open_bank(src) as bank:
        made = _fill(bank, tmp_path)
        before = _snapshot(bank)
    done = cli("bank", "copy", str(src), pg_url)
    assert done.returncode == 0, done.stderr
    assert "4 question(s), 1 deck(s) with 1 file(s)" in done.stdout
    with open_bank(pg_url) as server:
        assert _snapshot(server) == before
        _renders(server, DECK.read_bytes())
        new = QuestionBank(server).add_many(SAMPLE[:1])
        assert new[0] > made["gone"]  # type: ignore[operator]
    back = tmp_path / "back" / "again.sqlite"
    back.parent.mkdir()
    done = cli("bank", "copy", pg_url, str(back))
    assert done.returncode == 0, done.stderr
    with open_bank(back) as copy:
        after = _snapshot(copy)
        assert after["uuids"][:4] == before["uuids"]  # type: ignore[index]
        assert after["vector"] == made["vector"]
        _renders(copy, DECK.read_bytes())
        assert (back.parent / "again-decks").is_dir()


def test_a_target_that_holds_a_bank_is_refused_unchanged(tmp_path: Path, pg_url: str) -> None:
    src = tmp_path / "a.sqlite"
    with open_bank(src) as bank:
        QuestionBank(bank).add_many(SAMPLE)
    with open_bank(pg_url) as server:
        QuestionBank(server).add_many(SAMPLE[:1])
    with pytest.raises(CopyError, match="already holds a bank"):
        copy_bank(src, pg_url)
    with open_bank(pg_url) as server:
        assert QuestionBank(server).count() == 1
    refused = cli("bank", "copy", str(src), str(src))
    assert refused.returncode == 1 and "already exists" in refused.stderr


def test_a_failed_copy_leaves_nothing_behind(tmp_path: Path, pg_url: str) -> None:
    with open_bank(pg_url) as server:
        QuestionBank(server).add_many(SAMPLE)
    with open_bank(pg_url) as server, server.engine.begin() as conn:
        # a row the copy cannot take: a dangling link, as a damaged source might hold
        conn.execute(text("ALTER TABLE question_tags DROP CONSTRAINT question_tags_tag_id_fkey"))
        conn.execute(text("INSERT INTO question_tags VALUES (1, 999)"))
    target = tmp_path / "copy.sqlite"
    with pytest.raises(CopyError, match="refers to a missing"):
        copy_bank(pg_url, target)
    assert list(tmp_path.iterdir()) == []  # no file, no partial, no decks folder


def test_a_server_banks_backup_is_an_sqlite_snapshot(tmp_path: Path, pg_url: str) -> None:
    from storage.backup import backup_bank

    with open_bank(pg_url) as server:
        ids = QuestionBank(server).add_many(SAMPLE)
        made = backup_bank(server, tmp_path)
    assert made.suffix == ".sqlite" and made.parent == tmp_path
    with open_bank(made) as copy:
        assert [q.id for q in QuestionBank(copy).get_many(ids)] == ids

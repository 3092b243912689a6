"""Opening bank files: new, older, foreign, newer; the schema matches the ORM."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from storage.bank import QuestionBank
from storage.database import (
    APPLICATION_ID,
    BankTooNewError,
    NotABankError,
    _alembic_config,
    head_revision,
    open_bank,
)
from storage.schema import Base


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_bank_is_created_with_wal_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite"
    with open_bank(path) as bank:
        with bank.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert bank.info.schema_revision == head_revision()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()


def test_migrations_build_exactly_the_orm_schema(bank) -> None:
    with bank.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # FTS5 tables are not in the ORM on purpose; nothing else may differ.
    fts = ("question_fts", "slide_fts", "slide_vocab")
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith(fts))]
    assert diff == []


def test_older_bank_is_upgraded_with_its_data_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(
            text(
                "INSERT INTO questions (uuid, qtype, title, stem, general_feedback, grader_info,"
                " points, status, case_sensitive, unit, origin_method, origin_engine,"
                " origin_model, origin_settings, created_at, updated_at) VALUES"
                " ('u1', 'short', '', 'What does perplexity measure?', '', '', 1, 'accepted',"
                " 0, '', 'manual', '', '', '{}', '2024-01-01', '2024-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO choices (question_id, position, text, fraction, feedback)"
                " VALUES (1, 0, 'how well a model predicts text', 1.0, '')"
            )
        )
    engine.dispose()

    with open_bank(path) as bank:
        assert bank.info.migrated_from == "0001"
        assert bank.info.backup is not None and bank.info.backup.exists()
        service = QuestionBank(bank)
        hits = service.search("perplex")
        assert [h.question_id for h in hits] == [1]
        q = service.get(1)
        # rows that refer to the questions table survive every migration step
        assert q.correct_answers == ("how well a model predicts text",)
        assert q.penalty == 0.3333333 and q.shuffle_answers and q.answer_numbering == "abc"
    # the backup is the bank as it was: still at the old revision
    con = sqlite3.connect(bank.info.backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"%PDF-1.7\n not a database at all", "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "not a Quizwright bank"),
    ],
)
def test_a_file_that_is_not_a_bank_is_refused_and_unchanged(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "thesis.pdf"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(NotABankError, match=message):
        open_bank(path)
    assert _digest(path) == before


def test_another_apps_sqlite_database_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(NotABankError, match=r"not a Quizwright bank.*moz_places"):
        open_bank(path)
    assert _digest(path) == before
    assert list(tmp_path.iterdir()) == [path]  # no -wal, -shm or backup left behind


def test_a_bank_from_a_newer_version_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_bank(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0099_future'")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(BankTooNewError, match="newer version of Quizwright"):
        open_bank(path)
    assert _digest(path) == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotABankError, match="is a folder"):
        open_bank(tmp_path)


def test_an_empty_file_becomes_a_bank(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    with open_bank(path) as bank:
        assert QuestionBank(bank).count() == 0

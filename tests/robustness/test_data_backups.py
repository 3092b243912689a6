"""Issue 13, item 2: every copy of a bank holds the commits still in its WAL.

A bank is written by a child process that is then killed with SIGKILL, so that
its last commits are only in the -wal file (as after a crash); the copy is
made by another process, as in real use.
"""

from __future__ import annotations

from pathlib import Path

from tests.robustness.data_support import count_questions, killed, python, run

# Makes a bank at schema 0004 with `checkpointed` questions in the main file and
# `in_wal` more only in the WAL, then dies by SIGKILL (no checkpoint on close).
OLD_BANK_KILLED = """
import os, signal, sqlite3, sys
from alembic import command
from sqlalchemy import create_engine
from storage.database import APPLICATION_ID, _alembic_config

path, checkpointed, in_wal = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
engine = create_engine(f"sqlite:///{path}")
with engine.begin() as conn:
    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "0004")
    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
engine.dispose()
con = sqlite3.connect(path)
con.execute("PRAGMA journal_mode = WAL")

def add(first, n):
    with con:
        for i in range(first, first + n):
            con.execute(
                "INSERT INTO questions (uuid, qtype, title, stem, general_feedback, grader_info,"
                " points, status, case_sensitive, unit, origin_method, origin_engine,"
                " origin_model, origin_settings, created_at, updated_at) VALUES"
                " (?, 'short', '', ?, '', '', 1, 'accepted', 0, '', 'manual', '', '', '{}',"
                " '2024-01-01', '2024-01-01')",
                (f"u{i}", f"What is term {i}?"),
            )

add(0, checkpointed)
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
add(checkpointed, in_wal)
os.kill(os.getpid(), signal.SIGKILL)
"""

# Opens a current bank, adds questions, and dies by SIGKILL with them in the WAL.
BANK_KILLED_AFTER_ADDING = """
import os, signal, sys
from storage.bank import QuestionBank
from storage.database import open_bank
from tests.conftest import SAMPLE

bank = open_bank(sys.argv[1])
QuestionBank(bank).add_many(SAMPLE)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_copy_before_a_schema_upgrade_has_the_commits_in_the_wal(tmp_path: Path) -> None:
    bank = tmp_path / "B.sqlite"
    assert killed(python(OLD_BANK_KILLED, str(bank), "257", "100"))
    assert Path(f"{bank}-wal").stat().st_size > 0  # the last 100 are only in the WAL
    out = run("bank", "info", "--bank", str(bank)).stdout  # opening upgrades 0004 → head
    assert "questions: 357" in out
    [backup] = tmp_path.glob("B.sqlite.before-*.bak")
    assert count_questions(backup) == 357  # was 257: a file copy missed the WAL
    assert not list(tmp_path.glob("*.partial"))
    import sqlite3

    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0004"
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_a_restore_keeps_the_replaced_bank_with_what_was_in_its_wal(tmp_path: Path) -> None:
    from storage.backup import restore_backup
    from storage.database import open_bank

    backup = tmp_path / "empty-backup.sqlite"
    open_bank(backup).close()
    bank = tmp_path / "B.sqlite"
    assert killed(python(BANK_KILLED_AFTER_ADDING, str(bank)))
    assert Path(f"{bank}-wal").stat().st_size > 0
    kept = restore_backup(backup, bank)
    assert kept is not None
    assert count_questions(kept) == 5  # the replaced bank's WAL is deleted: it must be in here
    assert count_questions(bank) == 0


def test_a_backup_of_a_bank_left_by_a_crash_has_its_last_commits(tmp_path: Path) -> None:
    from storage.backup import backup_bank
    from storage.database import open_bank

    bank = tmp_path / "B.sqlite"
    assert killed(python(BANK_KILLED_AFTER_ADDING, str(bank)))
    with open_bank(bank) as opened:
        copy = backup_bank(opened, tmp_path / "copy.sqlite")
    assert count_questions(copy) == 5

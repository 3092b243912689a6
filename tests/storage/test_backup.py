"""Backups of an open bank, and restoring them (refusing what is not a bank)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.backup import backup_bank, restore_backup
from storage.bank import QuestionBank
from storage.database import BankError, NotABankError, open_bank
from tests.conftest import SAMPLE


def test_backup_of_an_open_bank_and_restore(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    bank = open_bank(path)
    service = QuestionBank(bank)
    service.add_many(SAMPLE[:3])
    copy = backup_bank(bank, tmp_path)  # a folder: a dated name is chosen
    assert copy.parent == tmp_path and "backup" in copy.name
    service.add_many(SAMPLE[3:])  # work after the backup
    assert service.count() == len(SAMPLE)
    bank.close()
    kept = restore_backup(copy, path)
    assert kept is not None and kept.exists()
    with open_bank(path) as restored:
        assert QuestionBank(restored).count() == 3
    with open_bank(kept) as before:  # the replaced bank is not lost
        assert QuestionBank(before).count() == len(SAMPLE)


def test_restore_refuses_what_is_not_a_bank_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as bank:
        QuestionBank(bank).add(SAMPLE[0])
    before = path.read_bytes()
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE notes (x)")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    for bad in (other, text):
        with pytest.raises(NotABankError):
            restore_backup(bad, path)
    with pytest.raises(BankError, match="no file"):
        restore_backup(tmp_path / "missing.sqlite", path)
    assert path.read_bytes() == before


def test_a_backup_cannot_overwrite_the_bank(tmp_path: Path) -> None:
    with open_bank(tmp_path / "bank.sqlite") as bank, pytest.raises(BankError, match="itself"):
        backup_bank(bank, tmp_path / "bank.sqlite")

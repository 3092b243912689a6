"""Database failures reach callers as StorageError, in words: real SQLite failures."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from storage import database
from storage.bank import QuestionBank
from storage.database import BankError, open_bank
from storage.errors import StorageError, reads, storage_error
from tests.conftest import SAMPLE, mcq

RAW = ("INSERT INTO", "SELECT ", "sqlite3.", "[SQL:", "Traceback", "Background on this error")


def assert_readable(message: str) -> None:
    for raw in RAW:
        assert raw not in message, message


def with_pragmas(monkeypatch: pytest.MonkeyPatch, *pragmas: str) -> None:
    """Banks opened from now on run these PRAGMAs on every connection."""
    plain = database._on_connect

    def on_connect(con: Any, record: Any) -> None:
        plain(con, record)
        for pragma in pragmas:
            con.execute(pragma)

    monkeypatch.setattr(database, "_on_connect", on_connect)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another program holding a write lock on the bank file."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        con.execute("ROLLBACK")
        con.close()


def _fails(call: Callable[[], object], kind: str) -> StorageError:
    with pytest.raises(StorageError) as info:
        call()
    assert info.value.kind == kind, info.value
    assert_readable(str(info.value))
    assert info.value.details  # the database's own text, for the log
    return info.value


def test_a_locked_bank_is_reported_in_words_and_nothing_is_stored(tmp_path, monkeypatch) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as bank:
        QuestionBank(bank).add(SAMPLE[0])
    with_pragmas(monkeypatch, "PRAGMA busy_timeout = 50")
    with open_bank(path) as bank:
        service = QuestionBank(bank)
        with locked(path):
            error = _fails(lambda: service.add(SAMPLE[1]), "busy")
        assert "another program" in str(error) and "try again" in str(error)
        assert isinstance(error, BankError)  # what callers already catch
        assert service.count() == 1
        service.add(SAMPLE[1])  # once the lock is gone, the same call works
        assert service.count() == 2


def test_a_read_only_bank_is_reported_in_words(tmp_path, monkeypatch) -> None:
    path = tmp_path / "bank.sqlite"
    open_bank(path).close()
    with_pragmas(monkeypatch, "PRAGMA query_only = ON")
    with open_bank(path) as bank:
        service = QuestionBank(bank)
        error = _fails(lambda: service.add(SAMPLE[0]), "read_only")
        assert "read-only" in str(error) and "Nothing was changed" in str(error)
        assert service.count() == 0  # reading still works


def test_a_full_disk_is_reported_in_words(tmp_path, monkeypatch) -> None:
    path = tmp_path / "bank.sqlite"
    open_bank(path).close()
    pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]
    with_pragmas(monkeypatch, f"PRAGMA max_page_count = {pages}")
    with open_bank(path) as bank:
        service = QuestionBank(bank)
        big = mcq("Which text fills the disk? " + "x" * 20000, "this one")
        error = _fails(lambda: service.add(big), "disk_full")
        assert "disk" in str(error) and "Free some disk space" in str(error)
        assert service.count() == 0


def test_a_constraint_failure_is_reported_in_words(bank) -> None:
    with pytest.raises(StorageError) as info, bank.sessions.begin() as s:
        s.execute(text("INSERT INTO tags (name) VALUES ('x'), ('x')"))
    assert info.value.kind == "conflict"
    assert_readable(str(info.value))
    assert "UNIQUE" in info.value.details


def test_reads_through_the_driver_are_translated_too() -> None:
    @reads
    def summaries() -> None:
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(StorageError) as info:
        summaries()
    assert info.value.kind == "io" and not info.value.writing
    assert str(info.value).startswith("Reading the bank failed")
    assert_readable(str(info.value))


@pytest.mark.parametrize(
    "message, kind",
    [
        ("database is locked", "busy"),
        ("disk I/O error", "io"),
        ("attempt to write a readonly database", "read_only"),
        ("database or disk is full", "disk_full"),
        ("database disk image is malformed", "damaged"),
        ("unable to open database file", "cannot_open"),
        ("FOREIGN KEY constraint failed", "missing_reference"),
        ("no such table: questions", "other"),
    ],
)
def test_each_cause_has_its_own_message(message: str, kind: str) -> None:
    error = storage_error(sqlite3.OperationalError(message), "INSERT INTO questions VALUES (?)")
    assert error is not None and error.kind == kind
    assert_readable(str(error))
    assert storage_error(ValueError(message)) is None  # not a database error

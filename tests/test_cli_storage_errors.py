"""Database failures on the command line: a message in words, exit code 1, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from cli.main import main
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.jsonio import question_to_dict
from tests.conftest import FIXTURES, SAMPLE
from tests.storage.test_storage_errors import locked, with_pragmas
from tests.test_cli import run

RAW = ("Traceback", "sqlite3.", "INSERT INTO", "[SQL:", "sqlalchemy")


def assert_readable(output: str) -> None:
    for raw in RAW:
        assert raw not in output, output


def _questions(tmp_path: Path) -> Path:
    src = tmp_path / "questions.json"
    big = replace(SAMPLE[2], general_feedback="A long explanation. " * 2000)  # > free pages
    src.write_text(json.dumps([question_to_dict(q) for q in (*SAMPLE[:2], big)]), "utf-8")
    return src


def test_bank_add_on_a_locked_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZWRIGHT_BUSY_SECONDS", "2")  # not the default 120 s
    bank = tmp_path / "bank.sqlite"
    open_bank(bank).close()
    with locked(bank):  # the real console script waits out its busy timeout
        proc = run("bank", "add", str(_questions(tmp_path)), "--bank", str(bank), check=False)
    assert proc.returncode == 1
    assert_readable(proc.stdout + proc.stderr)
    assert "in use by another program" in proc.stderr and "try again" in proc.stderr
    with open_bank(bank) as b:
        assert QuestionBank(b).count() == 0


def test_drafts_a_locked_bank_refuses_are_kept_for_bank_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZWRIGHT_BUSY_SECONDS", "2")  # not the default 120 s
    bank = tmp_path / "bank.sqlite"
    run("decks", "import", str(FIXTURES / "yandex-nlp-lecture-efficiency.pdf"), "--bank", str(bank))
    with locked(bank):
        proc = run(
            "draft", "--deck", "1", "--multi", "3", "--mcq", "2", "--strategy", "built",
            "--bank", str(bank), check=False,
        )  # fmt: skip
    assert proc.returncode == 1
    assert_readable(proc.stdout + proc.stderr)
    assert "not lost" in proc.stderr
    kept = Path(proc.stderr.split("kept in ")[1].split(";")[0])
    assert kept.is_file()
    # the command it names stores them once the bank is free
    run("bank", "add", str(kept), "--bank", str(bank))
    with open_bank(bank) as b:
        assert QuestionBank(b).count() == len(json.loads(kept.read_text(encoding="utf-8"))) > 0


@pytest.mark.parametrize(
    "pragma, words",
    [
        ("PRAGMA query_only = ON", "read-only"),
        ("PRAGMA max_page_count", "disk holding the bank file is full"),
    ],
)
def test_bank_add_on_a_read_only_or_full_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, pragma: str, words: str
) -> None:
    bank = tmp_path / "bank.sqlite"
    open_bank(bank).close()
    if "max_page_count" in pragma:
        pages = sqlite3.connect(bank).execute("PRAGMA page_count").fetchone()[0]
        pragma = f"PRAGMA max_page_count = {pages}"  # the file may not grow
    with_pragmas(monkeypatch, pragma)
    rc = main(["bank", "add", str(_questions(tmp_path)), "--bank", str(bank)])
    out = capsys.readouterr()
    assert rc == 1
    assert_readable(out.out + out.err)
    assert words in out.err


def test_a_stray_database_error_is_put_in_words(tmp_path: Path, monkeypatch, capsys) -> None:
    """An error raised past storage's own translation (e.g. straight from sqlite3)."""

    def broken(self, *a, **kw):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(QuestionBank, "list_questions", broken)
    rc = main(["bank", "list", "--bank", str(tmp_path / "bank.sqlite")])
    out = capsys.readouterr()
    assert rc == 1
    assert_readable(out.out + out.err)
    assert "disk error" in out.err

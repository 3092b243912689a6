"""Issue 13, items 11 and 12: several processes on one bank, for real."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from storage.bank import QuestionBank
from storage.database import head_revision, open_bank
from tests.robustness.limits_support import (
    assert_words,
    cli,
    env,
    questions_file,
    run,
    writer_holding,
)


def _count(bank: Path) -> int:
    with open_bank(bank) as b:
        return QuestionBank(b).count()


def test_a_writer_waits_for_another_and_says_so(tmp_path: Path) -> None:
    bank = tmp_path / "bank.sqlite"
    open_bank(bank).close()
    src = questions_file(tmp_path, ["Does the second writer wait for the first?"])
    with writer_holding(bank, seconds=600) as other:
        proc = subprocess.Popen(
            cli("bank", "add", str(src), "--bank", str(bank)),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(),
        )  # fmt: skip
        assert proc.stderr is not None
        # before: "database is locked" after 5 s; now it says it waits, and waits
        assert "waiting for another Quizwright writing to this bank" in proc.stderr.readline()
        other.kill()  # the other writer dies mid-transaction: its lock goes with it
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Added 1 question(s)" in out
    assert _count(bank) == 1


def test_a_writer_gives_up_in_words_after_the_stated_limit(tmp_path: Path) -> None:
    bank = tmp_path / "bank.sqlite"
    open_bank(bank).close()
    src = questions_file(tmp_path, ["Is the limit stated?"])
    with writer_holding(bank, seconds=600):
        proc = run("bank", "add", str(src), "--bank", str(bank), QUIZWRIGHT_BUSY_SECONDS="3")
    err = assert_words(proc)
    assert "still writing after 3 s of waiting" in err and "Nothing was changed" in err
    assert _count(bank) == 0
    # the other writer was killed mid-transaction: the bank is whole and writable
    assert run("bank", "add", str(src), "--bank", str(bank)).returncode == 0
    assert _count(bank) == 1


def test_processes_creating_a_new_bank_together_all_succeed(tmp_path: Path) -> None:
    bank = tmp_path / "new" / "bank.sqlite"
    procs = [
        subprocess.Popen(
            cli("bank", "info", "--json", "--bank", str(bank)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )
        for _ in range(16)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert code == 0, err
        assert json.loads(out)["schema"] == head_revision()
    con = sqlite3.connect(bank)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
    con.close()

"""A writer killed mid-way leaves a bank that opens, with all or none of the write."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from storage.bank import QuestionBank
from storage.database import open_bank

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Choice, Question, QuestionType

n = int(sys.argv[2])
qs = [Question(QuestionType.MCQ, f"Bulk question {i} about attention heads?",
               (Choice(f"answer {i}", 1.0), Choice("wrong"), Choice("also wrong")),
               tags=("bulk", f"t{i % 50}")) for i in range(n)]
bank = open_bank(sys.argv[1])
QuestionBank(bank).add_many(qs, progress=lambda done, total: print(done, flush=True))
print("committed", flush=True)
"""


def _start(path: Path, n: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(n)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _check_consistent(path: Path) -> int:
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with open_bank(path) as bank:
        service = QuestionBank(bank)
        count = service.count()
        # the search index holds exactly the questions that exist
        assert len(service.search("attention", limit=100_000)) == count
        return count


def test_killed_in_the_middle_of_a_bulk_write_keeps_none_of_it(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    proc = _start(path, 4000)
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    assert first == "100"  # rows are being written inside the transaction
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _check_consistent(path) == 0


def test_a_bulk_write_that_finishes_keeps_all_of_it(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    proc = _start(path, 300)
    out, _ = proc.communicate(timeout=120)
    assert out.split()[-1] == "committed"
    assert _check_consistent(path) == 300

"""Shared by the data-loss tests (tests/robustness/test_data_*.py): banks made and
killed in real child processes, and the `quizwright` command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from storage.jsonio import question_to_dict
from tests.conftest import SAMPLE
from tests.test_cli import run

__all__ = ["bank_with_questions", "count_questions", "killed", "python", "run"]


def python(code: str, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    """Run `code` in a new Python process (this worktree's code, the same environment)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
        **kw,  # type: ignore[call-overload]
    )


def killed(proc: subprocess.CompletedProcess[str]) -> bool:
    return proc.returncode == -signal.SIGKILL


def bank_with_questions(tmp: Path, name: str = "B.sqlite") -> Path:
    """A bank made by `quizwright bank add` with the sample questions (ids 1-5)."""
    bank = tmp / name
    src = tmp / f"{name}.questions.json"
    src.write_text(json.dumps({"questions": [question_to_dict(q) for q in SAMPLE]}))
    run("bank", "add", str(src), "--bank", str(bank))
    return bank


def count_questions(path: Path) -> int:
    """Questions in the database at `path`, read through SQLite (the WAL included)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM questions").fetchone()[0])
    finally:
        con.close()

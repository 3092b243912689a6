"""Shared by the limits and wording tests: the real CLI in a child process, and
another program that holds the bank's write lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RAW = ("Traceback", "sqlite3.", "[SQL:", "sqlalchemy", "Error:", "Errno")


def env(**extra: str) -> dict[str, str]:
    """This process's environment (QUIZWRIGHT_HOME is the test's), with this checkout first."""
    e = os.environ.copy()
    e["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), e.get("PYTHONPATH", "")) if p)
    e.update(extra)
    return e


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli.main", *args]


def run(*args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli(*args), capture_output=True, text=True, timeout=timeout, env=env(**extra), cwd=ROOT
    )


def run_measured(
    *args: str, timeout: float = 120, **extra: str
) -> tuple[subprocess.CompletedProcess[str], int]:
    """`run`, and the child's own peak memory in KiB (not that of earlier children)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cli(*args), stdout=out, stderr=err, env=env(**extra), cwd=ROOT)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(
            proc.args, proc.returncode, out.read().decode(), err.read().decode()
        )
    return done, usage.ru_maxrss


def assert_words(proc: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """The run failed with `code` and said why in words (no traceback, no raw errors)."""
    out = proc.stdout + proc.stderr
    assert proc.returncode == code, (proc.returncode, out)
    for raw in RAW:
        assert raw not in out, out
    assert proc.stderr.strip(), "a failure must say something"
    return proc.stderr


def questions_file(folder: Path, stems: Sequence[str], **fields: Any) -> Path:
    path = folder / f"questions-{len(list(folder.glob('questions-*')))}.json"
    items = [
        {
            "type": "mcq",
            "stem": stem,
            "choices": [{"text": "yes", "fraction": 1.0}, {"text": "no"}],
            **fields,
        }
        for stem in stems
    ]
    path.write_text(json.dumps({"questions": items}), "utf-8")
    return path


HOLD = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO tags(name) VALUES ('held by another writer')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
print("released", flush=True)
"""


@contextmanager
def writer_holding(bank: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process writing to `bank` for `seconds` (killed on the way out)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(bank), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        proc.kill()
        proc.wait()

"""Issue 13, "never a traceback": Ctrl+C stops cleanly (exit 130), a closed pipe ends
quietly, and every failure that escapes a command is said in words."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

from storage.bank import QuestionBank
from storage.database import open_bank
from tests.robustness.limits_support import (
    assert_words,
    cli,
    env,
    questions_file,
    run,
    writer_holding,
)


def test_ctrl_c_while_waiting_for_the_bank_stops_at_once_with_130(tmp_path: Path) -> None:
    bank = tmp_path / "bank.sqlite"
    open_bank(bank).close()
    src = questions_file(tmp_path, ["Is Ctrl+C heard while SQLite waits?"])
    with writer_holding(bank, seconds=600):
        proc = subprocess.Popen(
            cli("bank", "add", str(src), "--bank", str(bank)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )
        assert proc.stderr is not None
        # the waiting notice: the child is inside SQLite's busy wait now
        assert "waiting for another Quizwright" in proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        # it stops well before the writer (600 s) or the busy limit (120 s) would let it
        out, err = proc.communicate(timeout=30)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    assert "stopped (Ctrl+C)" in assert_words(done, code=130)
    with open_bank(bank) as b:
        assert QuestionBank(b).count() == 0


def test_output_piped_into_head_ends_quietly(tmp_path: Path) -> None:
    bank = tmp_path / "bank.sqlite"
    lines = "\n".join(f"line {i} of a long essay prompt" for i in range(20000))
    src = tmp_path / "long.json"
    src.write_text(json.dumps({"type": "essay", "stem": lines}), "utf-8")
    assert run("bank", "add", str(src), "--bank", str(bank)).returncode == 0
    # what `quizwright bank show 1 --json | head -c 100` does: read a little, then close
    proc = subprocess.Popen(
        cli("bank", "show", "1", "--json", "--bank", str(bank)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b"{")
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "BrokenPipeError" not in err and "Traceback" not in err
    assert err == ""
    assert proc.returncode == 1


def test_ids_beyond_64_bits_are_refused_in_words(tmp_path: Path) -> None:
    bank = tmp_path / "bank.sqlite"
    for args in (
        ("bank", "show", str(2**63)),
        ("bank", "delete", "1", str(2**64)),
        ("slides", "show", "1", str(2**63)),
        ("exam", "create", "--title", "T", "--ids", "1", "--seed", str(2**70)),
    ):
        err = assert_words(run(*args, "--bank", str(bank)))
        assert "out of range" in err


def test_a_cited_slide_beyond_64_bits_is_refused_in_words(tmp_path: Path) -> None:
    src = questions_file(tmp_path, ["Which slide?"], sources=[{"deck_id": 2**64, "page": 1}])
    err = assert_words(run("bank", "add", str(src), "--bank", str(tmp_path / "b.sqlite")))
    assert "there is no such slide" in err

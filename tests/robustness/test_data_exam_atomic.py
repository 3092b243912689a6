"""#13 item 4: the files of one exam export appear together or not at all.

A re-export killed after version A must not leave the new exam A beside the old
key A: files are staged in a hidden folder beside the target and moved into
place only when all are written; the next export removes what a killed one left
(or finishes one killed while moving).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest

from storage.domain import Status
from storage.exports.files import ExportBatch
from storage.jsonio import question_to_dict
from tests.conftest import SAMPLE
from tests.test_cli import EXE, run

NAMES = [f"final-{v}{k}.pdf" for v in "ABC" for k in ("", "-key")]


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.sqlite"
    src = tmp_path / "q.json"
    src.write_text(
        json.dumps([question_to_dict(replace(q, status=Status.ACCEPTED)) for q in SAMPLE])
    )
    run("bank", "add", str(src), "--bank", str(path))
    run("exam", "create", "--title", "Final", "--ids", "1,2,3,4,5", "--bank", str(path))
    return path


def export(bank: Path, folder: Path, seed: int) -> list[str]:
    # the institution tells the files of one run from the other's, page by page
    return [
        "export", "pdf", str(folder / "final.pdf"), "--exam", "1", "--versions", "3",
        "--seed", str(seed), "--institution", f"Run {seed}", "--bank", str(bank),
    ]  # fmt: skip


def contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in NAMES}


def test_a_killed_re_export_leaves_the_old_files_whole_and_the_next_run_tidies_up(
    bank: Path, tmp_path: Path
) -> None:
    out, reference = tmp_path / "out", tmp_path / "reference"
    out.mkdir()
    reference.mkdir()
    run(*export(bank, out, seed=1))
    old = contents(out)
    run(*export(bank, reference, seed=2))
    new = contents(reference)
    assert all(old[name] != new[name] for name in NAMES)  # the seeds give other files

    # The re-export waits after each version (test hook) and is killed after A.
    env = {**os.environ, "QUIZWRIGHT_TEST_EXPORT_PAUSE": "120"}
    proc = subprocess.Popen([EXE, *export(bank, out, seed=2)], env=env)
    try:
        deadline = time.monotonic() + 120  # a bound on waiting, not a timing assert
        while not list(out.glob(".quizwright-export-final-*/final-A-key.pdf")):
            assert proc.poll() is None, "the export ended before it was killed"
            assert time.monotonic() < deadline, "version A was never staged"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert contents(out) == old  # not one file of the killed export is in place
    assert len(list(out.glob(".quizwright-export-final-*"))) == 1  # its staging folder

    run(*export(bank, out, seed=2))
    assert contents(out) == new  # every file from the one export
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)  # no leftovers


def test_an_export_killed_while_moving_is_finished_by_the_next(tmp_path: Path) -> None:
    """All files written, killed part-way through the moves: the next run moves the
    rest into place before it starts (the staging folder says which files)."""
    target = tmp_path / "final.pdf"
    (tmp_path / "final-key.pdf").write_bytes(b"old key")
    batch = ExportBatch(target)
    batch.add(target, b"new exam")
    batch.add(tmp_path / "final-key.pdf", b"new key")
    (batch.staging / "ready").write_text("final.pdf\nfinal-key.pdf", "utf-8")
    os.replace(batch.staging / "final.pdf", target)  # the kill came after the first move
    assert (tmp_path / "final-key.pdf").read_bytes() == b"old key"

    ExportBatch(target).abort()  # the next export of that name, before writing anything
    assert target.read_bytes() == b"new exam"
    assert (tmp_path / "final-key.pdf").read_bytes() == b"new key"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["final-key.pdf", "final.pdf"]


def test_a_staging_folder_without_the_ready_mark_is_removed_unused(tmp_path: Path) -> None:
    target = tmp_path / "final.pdf"
    target.write_bytes(b"old exam")
    batch = ExportBatch(target)
    batch.add(target, b"half of an export")
    ExportBatch(target).abort()
    assert target.read_bytes() == b"old exam" and list(tmp_path.iterdir()) == [target]

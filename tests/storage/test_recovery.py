"""The recovery journal: round trips, a kill mid-write, bad files reported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from storage.domain import Choice, Question, QuestionImage, QuestionType, SlideRef, TextFormat
from storage.recovery import RecoveryJournal, journal_key
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[2]


def test_entry_round_trips_everything_including_id_and_images(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path / "recovery")
    q = replace(
        SAMPLE[0],
        id=42,
        uuid="abc",
        version=3,
        text_format=TextFormat.HTML,
        stem="<p>What is \\(x^2\\) <b>here</b>?</p>",
        images=(QuestionImage("fig.png", b"\x89PNG\r\n\x1a\nxyz"),),
        sources=(SlideRef(3, 7, "supporting sentence"),),
    )
    journal.write(q)
    entries, bad = journal.entries()
    assert bad == []
    assert [e.key for e in entries] == ["q42"]
    back = entries[0].question
    assert back.id == 42 and back.uuid == "abc" and back.version == 3  # checked on restore
    assert back.stem == q.stem and back.images == q.images and back.sources == q.sources
    assert back.choices == q.choices and back.tags == q.tags
    journal.clear_question(back)
    assert journal.entries() == ([], [])


def test_new_questions_are_keyed_by_uuid_and_cleared_once_stored(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path)
    new = replace(SAMPLE[1], uuid="u-1")
    assert journal_key(new) == "new-u-1"
    journal.write(new)
    journal.clear_question(replace(new, id=5))  # saved: it got an id
    assert journal.entries()[0] == []
    with pytest.raises(ValueError, match="id or a uuid"):
        journal_key(SAMPLE[1])


def test_damaged_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path)
    journal.write(replace(SAMPLE[2], id=1))
    broken = tmp_path / "q2.json"
    broken.write_text('{"format": 1, "question": {"type": "mcq"')
    alien = tmp_path / "q3.json"
    alien.write_text('{"format": 99}')
    entries, bad = journal.entries()
    assert [e.question.id for e in entries] == [1]
    messages = sorted(str(b) for b in bad)
    assert "q2.json: unreadable recovery file" in messages[0]
    assert "q3.json: not a recovery file" in messages[1]
    assert broken.exists() and alien.exists()  # nothing the user might want is deleted


WRITER = """
import sys
from dataclasses import replace
from storage.domain import Choice, Question, QuestionType
from storage.recovery import RecoveryJournal

journal = RecoveryJournal(__import__("pathlib").Path(sys.argv[1]))
i = 0
while True:
    # big enough that a write takes a while: a kill lands inside one
    stem = f"Edit number {i}: " + "word " * 20000
    journal.write(Question(QuestionType.SHORT, stem, (Choice("x", 1.0),), id=7))
    if i == 20:
        print("writing", flush=True)
    i += 1
"""


def test_killed_while_journalling_leaves_a_whole_entry(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    entries, bad = RecoveryJournal(tmp_path).entries()
    assert bad == []
    assert len(entries) == 1
    stem = entries[0].question.stem
    assert stem.startswith("Edit number ") and stem.count("word ") == 20000
    assert entries[0].question.choices == (Choice("x", 1.0),)
    assert entries[0].question.type is QuestionType.SHORT
    assert not isinstance(entries[0].question, type(None))
    assert isinstance(entries[0].question, Question)

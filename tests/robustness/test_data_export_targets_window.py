"""Issue 13, items 1 and 6, in the app: Create Exam refuses a FIFO or a symbolic link
as its target (and any file of the bank), says so in the dialog, and stores no exam."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from desktop.main_window import MainWindow
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Status
from storage.exams import ExamStore
from tests.conftest import SAMPLE


def test_create_exam_refuses_targets_it_must_not_replace(qtbot, tmp_path: Path) -> None:
    bank = open_bank(tmp_path / "bank.sqlite")
    QuestionBank(bank).add_many([replace(q, status=Status.ACCEPTED) for q in SAMPLE[:2]])
    w = MainWindow(bank)
    qtbot.addWidget(w)
    w.show()
    w._create_exam()
    dialog = w._exam_dialog
    dialog.title.setText("Quiz")
    dialog.use_draw.setChecked(True)
    dialog.draw_spec.setText("1 mcq")
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    real = tmp_path / "real.pdf"
    real.write_bytes(b"%PDF- not to be replaced")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    other_bank = tmp_path / "quiz.xml"  # the Moodle file of quiz.pdf would replace it
    open_bank(other_bank).close()
    for target, moodle, said in (
        (fifo, False, "named pipe (FIFO)"),
        (link, False, "symbolic link"),
        (tmp_path / "quiz.pdf", True, "is a database"),
    ):
        dialog.out.setText(str(target))
        dialog.moodle.setChecked(moodle)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda said=said: said in dialog.message.text(), timeout=10000)
        assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert ExamStore(QuestionBank(bank)).list() == []  # nothing was stored
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    assert real.read_bytes() == b"%PDF- not to be replaced"
    assert other_bank.read_bytes().startswith(b"SQLite format 3")
    w.close()

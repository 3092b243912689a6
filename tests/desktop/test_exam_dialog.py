"""Create Exam from the window: the selected bank questions → PDF + key + Moodle XML."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel

from desktop.main_window import MainWindow
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Status
from tests.conftest import SAMPLE


def test_the_selected_questions_become_exam_files(qtbot, tmp_path: Path) -> None:
    bank = open_bank(tmp_path / "bank.sqlite")
    QuestionBank(bank).add_many([replace(q, status=Status.ACCEPTED) for q in SAMPLE[:3]])
    QuestionBank(bank).add(SAMPLE[3])  # a draft
    w = MainWindow(bank)
    qtbot.addWidget(w)
    w.show()
    table = w.bank_panel.table
    qtbot.waitUntil(lambda: w.bank_panel.model.rowCount() == 4, timeout=10000)
    selection = table.selectionModel()
    for row in range(4):
        selection.select(
            w.bank_panel.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    w._create_exam()
    dialog = w._exam_dialog
    assert "4 question(s) selected" in dialog.use_selection.text()
    dialog.title.setText("Quiz one")
    dialog._title_edited("Quiz one")
    dialog.out.setText(str(tmp_path / "quiz-one.pdf"))
    dialog.moodle.setChecked(True)
    dialog.buttons.accepted.emit()
    # one of them is a draft: refused in the dialog, which stays open
    qtbot.waitUntil(lambda: "still drafts" in dialog.message.text(), timeout=10000)
    assert dialog.isVisible() and not list(tmp_path.glob("*.pdf"))
    dialog.include_drafts.setChecked(True)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert sorted(p.name for p in tmp_path.glob("quiz-one*")) == [
        "quiz-one-key.pdf", "quiz-one.pdf", "quiz-one.xml",
    ]  # fmt: skip
    assert "Quiz one" in w._export_box.text()
    assert w.settings.export_folder() == tmp_path
    w.close()

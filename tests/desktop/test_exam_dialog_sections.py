"""#15 Exams in the Create Exam dialog: sections to reorder, cueing pairs named before
writing, option shuffling as its own choice, and the last choices kept."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt

from desktop.exam_dialog import ExamDialog
from desktop.main_window import MainWindow
from desktop.settings import AppSettings
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.exports.files import CUEING_LEAD, ExamRequest, create_and_export
from tests.exam_sample import CUEING, MIXED, accepted


@pytest.fixture
def service(tmp_path: Path) -> QuestionBank:
    return QuestionBank(open_bank(tmp_path / "bank.sqlite"))


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def dialog_for(qtbot, ids, service, settings, tmp_path: Path) -> ExamDialog:
    dialog = ExamDialog(list(ids), tmp_path, service=service, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("Midterm")
    dialog.out.setText(str(tmp_path / "midterm.pdf"))
    return dialog


def submitted(qtbot, dialog: ExamDialog) -> ExamRequest:
    with qtbot.waitSignal(dialog.submitted, timeout=5000) as signal:
        dialog.buttons.accepted.emit()
    return signal.args[0]


def titles(dialog: ExamDialog) -> list[str]:
    return [s.text(0) for s in dialog.sections.sections()]


def test_sections_are_shown_reordered_and_written_as_shown(
    qtbot, service: QuestionBank, settings: AppSettings, tmp_path: Path
) -> None:
    ids = service.add_many(accepted(MIXED))
    dialog = dialog_for(qtbot, ids, service, settings, tmp_path)
    assert titles(dialog) == [
        "Multiple choice", "True or false", "Short answer", "Numerical answers", "Essay",
    ]  # fmt: skip
    tree = dialog.sections.tree
    # the essay section up one place; the second multiple-choice question first
    tree.setCurrentItem(dialog.sections.sections()[-1])
    dialog.sections.up.click()
    assert titles(dialog)[-2:] == ["Essay", "Numerical answers"]
    mc = dialog.sections.sections()[0]
    second = mc.child(1).data(0, Qt.ItemDataRole.UserRole)
    tree.setCurrentItem(mc.child(1))
    dialog.sections.up.click()
    role = Qt.ItemDataRole.UserRole
    assert mc.child(0).data(0, role) is second and mc.child(0).text(0).startswith("1. ")
    # Alt+Down moves it back, and on past the section's edge into the next section
    qtbot.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert mc.child(1).data(0, role) is second
    qtbot.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    true_false = dialog.sections.sections()[1]
    assert true_false.child(0).data(0, role) is second
    assert "Multiple choice: " in true_false.child(0).text(0)
    dialog.sections.up.click()
    dialog.sections.up.click()
    assert mc.child(0).data(0, role) is second
    # a heading renamed, and instructions for the essay section
    mc.setText(0, "Part A: choose one")
    tree.setCurrentItem(dialog.sections.sections()[3])
    dialog.sections.notes.setPlainText("Answer in full sentences.")
    assert "Instructions for “Essay”" in dialog.sections.notes_label.text()
    assert "No questions give each other away" in dialog.cueing.text()

    request = submitted(qtbot, dialog)
    assert request.question_ids[0] == second.id and request.sections is not None
    assert request.sections[0] == "Part A: choose one"
    assert dict(request.section_notes) == {"Essay": "Answer in full sentences."}
    result = create_and_export(service, request)
    with pymupdf.open(result.pdfs[0].exam) as doc:
        text = " ".join(" ".join(page.get_text().split()) for page in doc)
    order = ["Part A: choose one", "True or false", "Short answer", "Essay", "Numerical answers"]
    assert [text.index(t) for t in order] == sorted(text.index(t) for t in order)
    assert text.index("Answer in full sentences.") > text.index("Essay")
    assert text.index(second.stem) < text.index(MIXED[0].stem)


def test_cueing_pairs_are_named_and_create_waits_for_a_yes(
    qtbot, service: QuestionBank, settings: AppSettings, tmp_path: Path
) -> None:
    ids = service.add_many(accepted(CUEING))
    dialog = dialog_for(qtbot, ids, service, settings, tmp_path)
    shown = dialog.cueing.text()
    assert CUEING_LEAD in shown
    assert "both offer options “Character n-grams”, “Sentence splitting”" in shown
    assert "states “Byte-pair encoding”" in shown and "“stemming”, is an option in" in shown
    fired: list[object] = []
    dialog.submitted.connect(fired.append)
    dialog.buttons.accepted.emit()
    assert not fired and "give each other away" in dialog.message.text()
    assert dialog.allow_cueing.isVisible()
    dialog.allow_cueing.setChecked(True)
    assert submitted(qtbot, dialog).allow_cueing
    assert not list(tmp_path.glob("*.pdf"))  # the dialog itself writes nothing


def test_a_cueing_refusal_from_the_window_offers_create_anyway(
    qtbot, settings: AppSettings, tmp_path: Path
) -> None:
    dialog = ExamDialog([1, 2], tmp_path, settings=settings)  # no bank: the window checks
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.allow_cueing.isVisible()
    dialog.show_error(f"{CUEING_LEAD}\nQuestions 1 (#1) and 2 (#2): both offer the option “x”.")
    assert dialog.allow_cueing.isVisible() and "Questions 1 (#1)" in dialog.message.text()


def test_option_shuffling_is_independent_of_versions_and_choices_are_kept(
    qtbot, service: QuestionBank, settings: AppSettings, tmp_path: Path
) -> None:
    ids = service.add_many(accepted(MIXED))
    first = dialog_for(qtbot, ids, service, settings, tmp_path)
    assert first.versions.value() == 1 and first.shuffle_options.isChecked()
    first.shuffle_options.setChecked(False)
    first.versions.setValue(3)
    assert not first.shuffle_options.isChecked()  # versions do not decide it
    first.institution.setText("University of Examples")
    first.key.setCurrentIndex(first.key.findData("append"))
    first.moodle.setChecked(True)
    request = submitted(qtbot, first)
    assert request.pdf is not None and request.pdf.shuffle_options is False
    assert request.pdf.versions == 3 and request.moodle

    again = ExamDialog([], tmp_path, service=service, settings=settings)
    qtbot.addWidget(again)
    assert again.institution.text() == "University of Examples"
    assert again.versions.value() == 3 and again.key.currentData() == "append"
    assert again.moodle.isChecked() and again.pdf.isChecked()
    assert not again.shuffle_options.isChecked()


def test_a_draw_is_shown_in_sections_before_creating(
    qtbot, service: QuestionBank, settings: AppSettings, tmp_path: Path
) -> None:
    service.add_many(accepted(MIXED))
    dialog = dialog_for(qtbot, [], service, settings, tmp_path)
    assert dialog.use_draw.isChecked() and titles(dialog) == []
    dialog.draw_spec.setText("1 essay; 2 mcq")
    dialog.draw_button.click()
    assert titles(dialog) == ["Multiple choice", "Essay"]
    shown = [q.id for q in dialog.sections.questions()]
    request = submitted(qtbot, dialog)
    assert list(request.question_ids) == shown and request.draw_spec == ""


def test_a_draw_that_cannot_be_made_is_said_and_nothing_is_sent(
    qtbot, service: QuestionBank, settings: AppSettings, tmp_path: Path
) -> None:
    service.add_many(accepted(MIXED))
    dialog = dialog_for(qtbot, [], service, settings, tmp_path)
    fired: list[object] = []
    dialog.submitted.connect(fired.append)
    dialog.buttons.accepted.emit()
    assert "Say what to draw" in dialog.message.text()
    dialog.draw_spec.setText("5 essay")  # typed, not drawn yet: Create draws it first
    dialog.buttons.accepted.emit()
    assert "only 1 accepted question(s) match, 5 asked" in dialog.message.text()
    assert not fired and titles(dialog) == []


def test_from_the_window_cueing_is_named_and_create_anyway_writes(qtbot, tmp_path: Path) -> None:
    """From the window (which hands the dialog its bank): the pairs are named under the
    sections before anything is written, and "Create it anyway" then writes the exam."""
    bank = open_bank(tmp_path / "bank.sqlite")
    QuestionBank(bank).add_many(accepted(CUEING))
    w = MainWindow(bank)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.bank_panel.model.rowCount() == 4, timeout=10000)
    selection = w.bank_panel.table.selectionModel()
    for row in range(4):
        selection.select(
            w.bank_panel.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    w._create_exam()
    dialog = w._exam_dialog
    dialog.title.setText("Quiz")
    dialog.out.setText(str(tmp_path / "quiz.pdf"))
    qtbot.waitUntil(lambda: CUEING_LEAD in dialog.cueing.text(), timeout=10000)
    assert "both offer options" in dialog.cueing.text()
    dialog.buttons.accepted.emit()
    assert "give each other away" in dialog.message.text() and not list(tmp_path.glob("*.pdf"))
    assert dialog.allow_cueing.isVisible()
    dialog.allow_cueing.setChecked(True)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert (tmp_path / "quiz.pdf").exists() and (tmp_path / "quiz-key.pdf").exists()
    w.close()

"""#16 Create Exam offers Word and Canvas QTI beside PDF and Moodle XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from PySide6.QtCore import QSettings

from desktop.exam_dialog import ExamDialog
from desktop.settings import AppSettings
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.exports.files import create_and_export
from storage.exports.qti_read import import_qti
from tests.desktop.test_exam_dialog_sections import dialog_for, submitted
from tests.exam_sample import MIXED, accepted


def test_word_and_qti_are_offered_written_and_remembered(qtbot, tmp_path: Path) -> None:
    service = QuestionBank(open_bank(tmp_path / "bank.sqlite"))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    ids = service.add_many(accepted(MIXED))
    dialog = dialog_for(qtbot, ids, service, settings, tmp_path)
    assert not dialog.docx.isChecked() and not dialog.qti.isChecked()
    dialog.pdf.setChecked(False)
    assert not dialog.versions.isEnabled()  # nothing printed: no versions to choose
    dialog.docx.setChecked(True)
    assert dialog.versions.isEnabled()  # Word files have versions and keys too
    dialog.versions.setValue(2)
    dialog.qti.setChecked(True)
    request = submitted(qtbot, dialog)
    assert request.pdf is None and request.docx is not None and request.qti
    assert request.docx.versions == 2 and request.docx.key == "separate"
    assert [p.name for p in request.targets()] == [
        "midterm-A.docx", "midterm-A-key.docx", "midterm-B.docx", "midterm-B-key.docx",
        "midterm-qti.zip",
    ]  # fmt: skip

    done = create_and_export(service, request)
    assert sorted(p.name for p in done.files) == sorted(p.name for p in request.targets())
    assert not list(tmp_path.glob("*.pdf"))
    version_b = docx.Document(str(tmp_path / "midterm-B.docx"))
    assert "Version B" in version_b.tables[0].cell(0, 1).text
    with zipfile.ZipFile(tmp_path / "midterm-qti.zip") as zf:
        assert "imsmanifest.xml" in zf.namelist()
    back = import_qti((tmp_path / "midterm-qti.zip").read_bytes())
    assert len(back.questions) == len(ids) and back.skipped == ()

    again = ExamDialog([], tmp_path, service=service, settings=settings)
    qtbot.addWidget(again)
    assert again.docx.isChecked() and again.qti.isChecked() and not again.pdf.isChecked()


def test_no_format_at_all_is_said(qtbot, tmp_path: Path) -> None:
    service = QuestionBank(open_bank(tmp_path / "bank.sqlite"))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    ids = service.add_many(accepted(MIXED))
    dialog = dialog_for(qtbot, ids, service, settings, tmp_path)
    for box in (dialog.pdf, dialog.docx, dialog.moodle, dialog.qti):
        box.setChecked(False)
    dialog.buttons.accepted.emit()
    assert "PDF, Word, Moodle XML or Canvas QTI" in dialog.message.text()

"""The main window opens with its regions, shows the bank, and closes cleanly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.main_window import MainWindow
from storage.bank import QuestionBank
from storage.database import open_bank
from tests.conftest import SAMPLE


def _window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(open_bank(path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_empty_bank_shows_the_layout_regions(qtbot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "empty.sqlite")
    slides = window.findChild(QWidget, "slidesPanel")
    editor = window.right_tabs  # the question and the Draft panel, as tabs
    assert [editor.tabText(i) for i in range(editor.count())] == ["Draft", "Question"]
    bank = window.findChild(QWidget, "bankPanel")
    assert slides.isVisible() and editor.isVisible() and bank.isVisible()
    # slides on the left of the editor, the bank below both
    assert (
        slides.mapTo(window, slides.rect().topLeft()).x()
        < editor.mapTo(window, editor.rect().topLeft()).x()
    )
    assert (
        bank.mapTo(window, bank.rect().topLeft()).y()
        > editor.mapTo(window, editor.rect().bottomLeft()).y()
    )
    qtbot.waitUntil(lambda: "0 question(s)" in window._status.text())
    assert window.bank_panel.empty.isVisible()
    window.close()
    assert not window.isVisible()


def test_questions_are_listed_searched_and_shown(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as b:
        QuestionBank(b).add_many(SAMPLE)
    window = _window(qtbot, path)
    model = window.bank_panel.model
    qtbot.waitUntil(lambda: model.rowCount() == len(SAMPLE))
    window.bank_panel.search.setText("tokeniz")
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=3000)
    window.bank_panel.search.setText("zebra")
    qtbot.waitUntil(lambda: window.bank_panel.empty.isVisible(), timeout=3000)
    assert "zebra" in window.bank_panel.empty.text()
    window.bank_panel.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == len(SAMPLE), timeout=3000)
    window.bank_panel.table.selectRow(0)
    assert window.editor_stack.currentIndex() == 1
    assert "LoRA" in window.preview.toPlainText()
    window.close()

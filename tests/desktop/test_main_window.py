"""The main window: its regions, and the main flows across them — browse the bank,
edit with autosave and undo, accept with a near-duplicate warning, draft → review."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.main_window import MainWindow
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Status
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
    tabs = window.right_tabs  # drafting and review, the editor, the coverage
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Draft && Review", "Question", "Coverage",
    ]  # fmt: skip
    bank = window.findChild(QWidget, "bankBrowser")
    assert slides.isVisible() and tabs.isVisible() and bank.isVisible()
    # slides on the left of the editor, the bank below both
    assert (
        slides.mapTo(window, slides.rect().topLeft()).x()
        < tabs.mapTo(window, tabs.rect().topLeft()).x()
    )
    assert (
        bank.mapTo(window, bank.rect().topLeft()).y()
        > tabs.mapTo(window, tabs.rect().bottomLeft()).y()
    )
    qtbot.waitUntil(lambda: "0 question(s)" in window._status.text())
    window.close()
    assert not window.isVisible()


def test_browse_edit_autosave_undo_and_accept(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as b:
        ids = [q for q in QuestionBank(b).add_many(SAMPLE)]
    window = _window(qtbot, path)
    browser = window.bank_panel
    qtbot.waitUntil(lambda: browser.model.rowCount() == len(SAMPLE), timeout=5000)
    browser.search.setText("tokeniz")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 2, timeout=3000)
    browser.search.clear()
    qtbot.waitUntil(lambda: browser.model.rowCount() == len(SAMPLE), timeout=3000)

    lora = next(i for i in ids if "LoRA" in QuestionBank(window.bank).get(i).stem)
    row = browser.model.ids().index(lora)
    browser.table.doubleClicked.emit(browser.model.index(row, 1))
    editor = window.editor
    qtbot.waitUntil(lambda: editor.current().id == lora, timeout=5000)
    assert window.right_tabs.currentWidget() is window.editor_panel
    # an edit is saved without a click
    editor.stem.setFocus()
    qtbot.keyClick(editor.stem, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.stem, " (LoRA)")
    service = QuestionBank(window.bank)
    qtbot.waitUntil(lambda: service.get(lora).stem.endswith("(LoRA)"), timeout=5000)
    # undo goes back, and that is saved too
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: not service.get(lora).stem.endswith("(LoRA)"), timeout=5000)
    editor.undo_stack.redo()
    qtbot.waitUntil(lambda: service.get(lora).stem.endswith("(LoRA)"), timeout=5000)
    # accepting stores the status
    editor.accept_question()
    qtbot.waitUntil(lambda: service.get(lora).status is Status.ACCEPTED, timeout=5000)
    window.close()
    assert service.get(lora).stem.endswith("(LoRA)")


def test_accepting_a_near_duplicate_shows_both_and_merges_tags(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as b:
        old = QuestionBank(b).add(SAMPLE[0])  # LoRA, tags lora + peft
        copy = QuestionBank(b).add(
            SAMPLE[0].__class__(**{**SAMPLE[0].__dict__, "tags": ("exam1",), "id": None})
        )
    window = _window(qtbot, path)
    asked: list[int] = []

    def decide(parent, new, matches, **_kw):  # what the instructor picks in the dialog
        from storage.bank import DuplicateDecision

        asked.append(matches[0][0].id)
        return DuplicateDecision.MERGE_TAGS, matches[0][0].id

    monkeypatch.setattr("desktop.duplicate_dialog.ask_duplicate", decide)
    window._edit_question(copy.id)
    qtbot.waitUntil(lambda: window.editor.current().id == copy.id, timeout=5000)
    window.editor.accept_question()
    service = QuestionBank(window.bank)
    qtbot.waitUntil(lambda: service.count() == 1, timeout=5000)
    assert asked == [old.id]
    assert set(service.get(old.id).tags) == {"lora", "peft", "exam1"}
    window.close()


def test_window_shortcuts_come_from_the_help_table(qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QAction, QKeySequence, QShortcut

    from desktop.shortcuts import SHORTCUTS

    window = _window(qtbot, tmp_path / "bank.sqlite")
    for s in SHORTCUTS:
        if s.where == "Window":
            action = window.findChild(QAction, f"action_{s.name}")
            assert action is not None and action.shortcut() == QKeySequence(s.keys), s.name
        if s.where == "Review queue":
            keys = {sc.key() for sc in window.draft_panel.queue.list.findChildren(QShortcut)}
            assert QKeySequence(s.keys) in keys, s.name
        if s.where == "Slides" and s.name != "slide_select":  # Space: the thumbnail list's own
            keys = {sc.key() for sc in window.slides_panel.findChildren(QShortcut)}
            assert QKeySequence(s.keys) in keys, s.name
    window.close()

"""The window's File menu for text and banks: Paste Text… imports pasted slides, the deck
list's Rename deck… renames, and a read-only bank is shown as such with no writing action
on offer."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.main_window import MainWindow
from desktop.window_bank import WRITING_ACTIONS
from storage.decks import deck_from_text
from storage.slide_store import SlideLibrary

PASTED = (
    "Tokenization\n"
    "Tokenization splits a text into tokens.\n"
    "• Words and punctuation are the classic tokens.\n"
    "Subword tokenization\n"
    "• Byte pair encoding merges the most frequent pairs of symbols.\n"
    "• WordPiece uses word-start symbols instead of word-end symbols.\n"
)


def _menu_texts(window: MainWindow) -> list[str]:
    menu_action = window.menuBar().actions()[0]
    assert menu_action.text().replace("&", "") == "File"
    return [a.text().replace("&", "") for a in menu_action.menu().actions()]


def test_file_menu_offers_paste_text_and_a_shared_bank(empty_window: MainWindow) -> None:
    texts = _menu_texts(empty_window)
    assert "Paste Text…" in texts and "Open a Shared Bank…" in texts
    assert texts.index("Paste Text…") == texts.index("Import Lecture…") + 1


def test_pasted_text_becomes_a_deck_and_can_be_renamed(
    qtbot, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = deck_from_text(PASTED, title="Lecture 3")
    empty_window._import_content(content)
    qtbot.waitUntil(lambda: len(empty_window.slides_panel.model.slides) > 0, timeout=20000)
    deck_id = empty_window.slides_panel.current_deck_id()
    assert deck_id is not None
    monkeypatch.setattr(
        "desktop.paste_text_dialog.ask_deck_name", lambda _parent, _current: "Tokenization"
    )
    empty_window.slides_panel.rename_requested.emit(deck_id)
    qtbot.waitUntil(
        lambda: "Tokenization" in empty_window.slides_panel.deck_box.currentText(), timeout=10000
    )
    assert SlideLibrary(empty_window.bank).deck(deck_id).title == "Tokenization"


def test_a_read_only_bank_says_so_and_offers_no_writing_action(empty_window: MainWindow) -> None:
    assert "(read-only)" not in empty_window.windowTitle()
    assert all(empty_window.actions_by_name[n].isEnabled() for n in WRITING_ACTIONS)
    empty_window.bank._read_only = True  # as a reviewer's role on a shared bank leaves it
    empty_window.show_bank_state()
    assert empty_window.windowTitle().endswith("(read-only)")
    assert not any(empty_window.actions_by_name[n].isEnabled() for n in WRITING_ACTIONS)
    assert not empty_window.draft_panel.isEnabled() and not empty_window.editor.isEnabled()
    browser = empty_window.bank_panel
    assert browser.read_only and not browser.delete_action.isEnabled()
    assert not browser.status_button.isEnabled() and not browser.table.dragEnabled()
    assert not empty_window.slides_panel.import_button.isEnabled()
    assert not empty_window.courses.panel.new_button.isEnabled()
    empty_window.import_files([Path("/nonexistent/lecture.pdf")])  # e.g. a dropped file
    assert "read-only" in empty_window.statusBar().currentMessage()


def test_opening_another_bank_file_shows_its_name(
    qtbot, empty_window: MainWindow, tmp_path: Path
) -> None:
    other = tmp_path / "department.sqlite"
    empty_window.open_bank(other)
    assert empty_window.windowTitle() == "Quizwright — department.sqlite"
    qtbot.waitUntil(lambda: str(other) in empty_window._status.text(), timeout=5000)


def test_a_colleagues_earlier_save_is_shown_and_mine_kept_when_chosen(
    qtbot, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from storage.bank import QuestionBank
    from storage.database import open_bank
    from storage.domain import Choice, Question, QuestionType
    from storage.question_history import EditConflictError

    window = empty_window
    first = window.service.add(
        Question(QuestionType.SHORT, "Name the unit of information.", (Choice("bit", 1.0),))
    )
    colleague = open_bank(window.bank.path)  # another instructor, same bank
    QuestionBank(colleague).update(replace(first, stem="Name the smallest unit of information."))
    colleague.close()
    asked: list[object] = []

    def choose_mine(_parent: object, error: EditConflictError) -> tuple[str, Question]:
        from desktop.conflict_dialog import ConflictDialog

        asked.append(error)
        return ConflictDialog(error).result_for("mine")  # as clicking "Keep mine" does

    monkeypatch.setattr("desktop.conflict_dialog.resolve_conflict", choose_mine)
    mine = replace(first, stem="Name the basic unit of information.")
    window._save_question(mine)  # made from the version before the colleague's save
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    qtbot.waitUntil(
        lambda: window.service.get(first.id).stem == "Name the basic unit of information.",
        timeout=5000,
    )

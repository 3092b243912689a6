"""The lectures panel with a real deck: import, thumbnails, page, selection, finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.main_window import MainWindow
from tests.conftest import FIXTURES

DECK = FIXTURES / "yandex-word-alignment-metropolis.pdf"


@pytest.fixture
def window(empty_window: MainWindow) -> MainWindow:
    return empty_window


def _import(qtbot, window: MainWindow, path: Path) -> None:
    window.import_files([path])
    panel = window.slides_panel
    qtbot.waitUntil(lambda: len(panel.model.slides) > 0, timeout=20000)


def test_import_shows_thumbnails_page_and_text(qtbot, window: MainWindow) -> None:
    panel = window.slides_panel
    assert panel.empty.isVisible()
    _import(qtbot, window, DECK)
    assert not panel.empty.isVisible() and panel.deck_box.count() == 1
    assert len(panel.model.slides) == 58
    qtbot.waitUntil(lambda: panel.model.has_thumbnail(1), timeout=10000)
    assert not panel.model.has_thumbnail(58)  # rendered on demand, not all at once
    qtbot.waitUntil(
        lambda: (
            panel.page_view.label.pixmap() is not None
            and not panel.page_view.label.pixmap().isNull()
        ),
        timeout=10000,
    )
    panel.thumbs.setCurrentIndex(panel.model.index(4))
    assert panel.text_view.toPlainText() == panel.model.slides[4].text
    assert "Page 5 of 58" in panel.page_label.text()


def test_click_ctrl_click_and_shift_click_select_slides(qtbot, window: MainWindow) -> None:
    _import(qtbot, window, DECK)
    panel = window.slides_panel
    view = panel.thumbs

    def click(row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        view.scrollTo(panel.model.index(row))
        rect = view.visualRect(panel.model.index(row))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    click(2)
    click(4, Qt.KeyboardModifier.ControlModifier)
    assert [s.page for s in panel.selected_slides()] == [3, 5]
    click(7, Qt.KeyboardModifier.ShiftModifier)
    assert [s.page for s in panel.selected_slides()] == [3, 5, 6, 7, 8]
    assert panel.summary.text().startswith("5 slide(s) from ")
    assert "words" in panel.summary.text()
    panel.select_content()
    chosen = panel.selected_slides()
    assert chosen and all(s.is_content for s in chosen)
    assert len(chosen) < 58  # title/agenda/empty pages are not pre-selected
    view.selectionModel().clearSelection()
    assert panel.summary.text() == "No slides selected."


def test_finder_selects_what_matches(qtbot, window: MainWindow) -> None:
    _import(qtbot, window, DECK)
    panel = window.slides_panel
    panel.find_edit.setText("alignment")
    panel.find_button.click()
    qtbot.waitUntil(lambda: panel.find_status.isVisible(), timeout=10000)
    chosen = panel.selected_slides()
    assert chosen and all("align" in s.text.lower() for s in chosen)
    panel.find_edit.setText("photosynthesis")
    panel.find_button.click()
    qtbot.waitUntil(lambda: "No slide mentions" in panel.find_status.text(), timeout=10000)
    assert panel.selected_slides() == []


def test_bad_file_is_reported_and_nothing_is_added(
    qtbot, window: MainWindow, tmp_path, monkeypatch
):
    bad = tmp_path / "broken.pdf"
    bad.write_text("not a pdf")
    shown = []
    monkeypatch.setattr(
        "desktop.main_window.QMessageBox.warning", lambda _parent, _title, text: shown.append(text)
    )
    window.import_files([bad])
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "not a PDF" in shown[0]
    assert window.slides_panel.deck_box.count() == 0


def test_same_file_twice_is_one_deck(qtbot, window: MainWindow, tmp_path: Path) -> None:
    copy = tmp_path / "again.pdf"
    shutil.copy(DECK, copy)
    _import(qtbot, window, DECK)
    window.import_files([copy])
    qtbot.wait(500)
    qtbot.waitUntil(lambda: window.bank_pool.activeThreadCount() == 0, timeout=10000)
    assert window.slides_panel.deck_box.count() == 1


def test_dropping_files_imports_them(qtbot, window: MainWindow) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    panel = window.slides_panel
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DECK))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(event)
    qtbot.waitUntil(lambda: len(panel.model.slides) == 58, timeout=20000)
    assert panel.deck_box.count() == 1


def test_a_cited_sentence_is_marked_in_the_text_despite_tidying(qtbot) -> None:
    from desktop.slide_panel import SlidePanel

    panel = SlidePanel()
    qtbot.addWidget(panel)
    panel.text_view.setPlainText(
        "Compression\nStorage: only store random seed\nand nonzero weights"
    )
    # the stored sentence has its line break joined and a full stop added
    panel._mark_text("Storage: only store random seed and nonzero weights.")
    [mark] = panel.text_view.extraSelections()
    assert mark.cursor.selectedText().replace("\u2029", "\n") == (
        "Storage: only store random seed\nand nonzero weights"
    )
    panel._mark_text("a sentence that is not there")
    assert panel.text_view.extraSelections() == []
    panel.shutdown()

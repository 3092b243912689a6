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


def test_click_looks_ctrl_and_shift_click_select_slides(qtbot, window: MainWindow) -> None:
    _import(qtbot, window, DECK)
    panel = window.slides_panel
    view = panel.thumbs

    def click(row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        view.scrollTo(panel.model.index(row))
        rect = view.visualRect(panel.model.index(row))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    click(2, Qt.KeyboardModifier.ControlModifier)
    click(4, Qt.KeyboardModifier.ControlModifier)
    assert [s.page for s in panel.selected_slides()] == [3, 5]
    click(9)  # a plain click shows the slide and keeps the selection
    assert "Page 10 of" in panel.page_label.text()
    assert [s.page for s in panel.selected_slides()] == [3, 5]
    click(4, Qt.KeyboardModifier.ControlModifier)  # and again: unselected
    assert [s.page for s in panel.selected_slides()] == [3]
    click(5, Qt.KeyboardModifier.ControlModifier)
    click(7, Qt.KeyboardModifier.ShiftModifier)
    assert [s.page for s in panel.selected_slides()] == [3, 6, 7, 8]
    assert panel.summary.text().startswith("4 slide(s) from ")
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


def test_checkboxes_select_and_the_keys_and_buttons_move_the_view(
    qtbot, window: MainWindow
) -> None:
    _import(qtbot, window, DECK)
    panel = window.slides_panel
    model = panel.model
    index = model.index(3)
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert [s.page for s in panel.selected_slides()] == [4]
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    panel.select_pages([6])  # any selection change shows in the boxes
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.data(model.index(5), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    panel.step(-10)  # from page 6 (the match shown) back to the first page
    assert "Page 1 of" in panel.page_label.text() and not panel.prev_button.isEnabled()
    panel.next_button.click()
    assert "Page 2 of" in panel.page_label.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    panel.page_view.setFocus()
    qtbot.keyClick(panel.page_view, Qt.Key.Key_PageDown)
    assert "Page 3 of" in panel.page_label.text()
    qtbot.keyClick(panel.page_view, Qt.Key.Key_PageUp)
    assert "Page 2 of" in panel.page_label.text()
    panel.thumbs.setFocus()
    qtbot.keyClick(panel.thumbs, Qt.Key.Key_Down)  # the arrows look too
    assert [s.page for s in panel.selected_slides()] == [6]  # the selection stayed
    qtbot.keyClick(panel.thumbs, Qt.Key.Key_Space)  # Space selects the slide in view
    assert len(panel.selected_slides()) == 2


def test_thumbnails_after_a_jump_render_without_scrolling(qtbot, lecture_window) -> None:
    panel = lecture_window.slides_panel
    last = len(panel.model.slides)
    qtbot.waitUntil(lambda: panel.model.has_thumbnail(1), timeout=10000)
    assert not panel.model.has_thumbnail(last - 1)
    panel.select_pages([last - 1])  # as "Select matches" jumps the strip
    qtbot.waitUntil(lambda: panel.model.has_thumbnail(last - 1), timeout=10000)


def test_thumbnails_render_when_the_strip_stops_between_two_cells(qtbot, lecture_window) -> None:
    from PySide6.QtCore import QPoint

    panel = lecture_window.slides_panel
    view, bar = panel.thumbs, panel.thumbs.verticalScrollBar()
    grid = view.gridSize().height()
    base = 60 * grid  # far from the start: nothing rendered there yet
    for value in range(base, base + grid):  # stop where the top edge is in a gap
        bar.setValue(value)
        if not view.indexAt(QPoint(8, 8)).isValid():
            break
    else:
        raise AssertionError("the strip has no gap between cells")
    panel._request_visible_thumbnails()
    on_screen = [view.indexAt(QPoint(20, y)).row() for y in range(0, view.viewport().height())]
    row = min(r for r in on_screen if r >= 0)  # the first thumbnail on screen
    assert row >= 59
    page = panel.model.slides[row].page
    qtbot.waitUntil(lambda: panel.model.has_thumbnail(page), timeout=10000)


def test_a_long_deck_title_is_elided_and_the_panes_keep_their_size(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    long = tmp_path / "long.md"
    title = "A very long lecture title about attention " * 6
    long.write_text(f"# {title}\n\nSelf-attention relates every token to every other token.\n")
    _import(qtbot, window, DECK)
    window.resize(1280, 720)
    qtbot.wait(50)
    before = window._top_splitter.sizes()
    width = window.slides_panel.minimumSizeHint().width()
    window.import_files([long])
    qtbot.waitUntil(lambda: window.slides_panel.deck_box.count() == 2, timeout=20000)
    qtbot.waitUntil(
        lambda: (
            "A very long"
            in (window.slides_panel.model.deck.title if window.slides_panel.model.deck else "")
        ),
        timeout=20000,
    )
    window.slides_panel.select_pages([1])
    qtbot.wait(50)
    assert window.slides_panel.minimumSizeHint().width() <= width
    assert window._top_splitter.sizes() == before


def test_the_same_deck_loaded_again_keeps_the_page_in_view(qtbot, lecture_window) -> None:
    """A reload that finishes late (after an import) sent the user back to page 1."""
    panel = lecture_window.slides_panel
    deck = panel.model.deck
    assert deck is not None
    slides, file = list(panel.model.slides), panel.model.file
    panel.go_to_page(12)
    qtbot.waitUntil(lambda: panel.current_page() == 12)
    panel.show_slides(deck, slides, file)
    assert panel.current_page() == 12

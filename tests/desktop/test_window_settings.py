"""The window's settings and small confirmations: backups are confirmed in a box."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from desktop.main_window import MainWindow


def test_back_up_now_says_where_the_copy_is(
    qtbot, empty_window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    empty_window._backup_bank()
    qtbot.waitUntil(
        lambda: (
            getattr(empty_window, "_backup_box", None) is not None
            and empty_window._backup_box.isVisible()
        ),
        timeout=10000,
    )
    box = empty_window._backup_box
    assert str(target) in box.text() and target.exists()
    assert [b.text() for b in box.buttons() if "Folder" in b.text()]
    box.close()


def test_place_deck_page_and_drafting_choices_come_back_after_a_restart(
    qtbot, tmp_path: Path
) -> None:
    from storage.database import open_bank
    from storage.domain import QuestionType
    from tests.conftest import FIXTURES
    from tests.desktop.conftest import LECTURE

    path = tmp_path / "bank.sqlite"
    first = MainWindow(open_bank(path))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    panel = first.slides_panel
    first.import_files([LECTURE, FIXTURES / "yandex-word-alignment-metropolis.pdf"])
    qtbot.waitUntil(lambda: panel.deck_box.count() == 2, timeout=30000)
    lecture = panel.deck_box.findData(
        next(d.id for d in panel._decks if "fficien" in d.title or d.page_count == 86)
    )
    panel.deck_box.setCurrentIndex(lecture)  # not the most recently imported deck
    deck_id = panel.current_deck_id()
    qtbot.waitUntil(lambda: panel.model.deck is not None and panel.model.deck.id == deck_id)
    panel.go_to_page(12)
    qtbot.waitUntil(lambda: panel.current_page() == 12)
    first.move(40, 70)
    first.resize(1300, 700)
    qtbot.wait(50)
    where = first.geometry()
    first.draft_panel.spins[QuestionType.SHORT].setValue(4)
    first.draft_panel.spins[QuestionType.MCQ].setValue(1)
    first.draft_panel.difficulty.setCurrentIndex(first.draft_panel.difficulty.findData("hard"))
    first.draft_panel.bloom.setCurrentIndex(first.draft_panel.bloom.findData("analyze"))
    first.draft_panel.focus.setText("LoRA, MoE")
    first.close()

    again = MainWindow(open_bank(path))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    p2 = again.slides_panel
    # a loaded machine may take long to open both decks again: the bound is generous
    qtbot.waitUntil(lambda: p2.current_page() == 12, timeout=60000)
    assert p2.current_deck_id() == deck_id
    assert "Page 12 of" in p2.page_label.text()
    # the offscreen screen is 800 px wide, narrower than the window: Qt keeps it on
    # screen, so the height and the vertical place are what can be compared exactly
    assert (again.geometry().y(), again.geometry().height()) == (where.y(), where.height())
    spins = again.draft_panel.spins
    assert spins[QuestionType.SHORT].value() == 4 and spins[QuestionType.MCQ].value() == 1
    assert again.draft_panel.difficulty.currentData() == "hard"
    assert again.draft_panel.bloom.currentData() == "analyze"
    assert again.draft_panel.focus.text() == "LoRA, MoE"
    again.close()


def test_everything_keeps_a_readable_size_at_1280_by_720(qtbot, lecture_window) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QPushButton

    w = lecture_window
    hint = w.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720  # the minimum fits the screen
    w.resize(1280, 720)
    w.draft_panel.status.setText("A long message that wraps. " * 12)  # the status line wraps
    qtbot.wait(100)
    panel = w.draft_panel
    inner = panel.controls.widget()
    kinds = (QAbstractSpinBox, QComboBox, QPushButton)
    for widget in [c for k in kinds for c in inner.findChildren(k)]:
        if widget.isVisibleTo(panel):
            least = widget.minimumSizeHint()
            assert widget.height() >= least.height(), widget
            assert widget.width() >= least.width(), widget
    # the controls scroll rather than squash: their page is never below its minimum
    assert inner.height() >= inner.minimumSizeHint().height()
    # the question keeps its room (a stem and two options; longer ones scroll), and the run's
    # wrapped status line above the queue keeps its own, now the choices fold after a run
    assert panel.queue.detail.minimumHeight() >= 90
    # the splitter gives the bank more when asked: six rows and more (it stopped at 5)
    outer = w._outer_splitter
    outer.setSizes([100, 900])
    qtbot.wait(50)
    table = w.bank_panel.table
    assert table.viewport().height() >= 6 * table.verticalHeader().defaultSectionSize()

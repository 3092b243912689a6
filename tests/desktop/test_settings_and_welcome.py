"""Settings persist and are checked; the first start welcomes with a sample lecture."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.main_window import MainWindow
from desktop.settings import AppSettings
from storage.database import open_bank
from storage.domain import Difficulty, QuestionType


def test_stored_values_are_checked_on_reading(tmp_path: Path) -> None:
    q = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    for key, value in (
        ("model/threads", "999"),
        ("model/context", "banana"),
        ("pdf/paper", "A3"),
        ("pdf/font_size", "72"),
        ("draft/difficulty", "impossible"),
        ("model/server_url", "ftp://x"),
        ("bank/last", str(tmp_path / "gone.sqlite")),
    ):
        q.setValue(key, value)
    s = AppSettings(q)
    assert s.threads() >= 1 and s.context_size() == 4096 and s.paper() == "A4"
    assert s.font_size() == 10.5 and s.difficulty() is Difficulty.MEDIUM
    assert s.server_url().startswith("http://") and s.last_bank() is None


def _window(qtbot, tmp_path: Path) -> MainWindow:
    w = MainWindow(open_bank(tmp_path / "bank.sqlite"))
    qtbot.addWidget(w)
    w.show()
    return w


def test_settings_dialog_validates_saves_and_applies(qtbot, tmp_path: Path) -> None:
    w = _window(qtbot, tmp_path)
    w.open_settings()
    d = w._settings_dialog
    d.model.setCurrentIndex(d.model.findData("server:"))
    d.server_url.setText("localhost:11434")
    d.server_model.setCurrentText("")
    d._save()
    assert d.isVisible()
    assert "http://" in d.message.text() and "Name the server's model" in d.message.text()
    d.server_url.setText("http://localhost:11434/v1")
    d.server_model.setCurrentText("llama3.2")
    d.difficulty.setCurrentIndex(d.difficulty.findData("hard"))
    d.counts[QuestionType.SHORT].setValue(4)
    d.institution.setText("University of Tartu")
    d.paper.setCurrentText("Letter")
    d._save()
    assert not d.isVisible()
    panel = w.draft_panel
    assert panel.difficulty.currentData() == "hard" and panel.spins[QuestionType.SHORT].value() == 4
    assert panel.model_box.currentData() == "server:"
    assert panel.model_choice().server_model == "llama3.2"
    w.close()
    again = AppSettings()  # persisted in the data folder's settings.ini
    assert again.institution() == "University of Tartu" and again.paper() == "Letter"
    w2 = _window(qtbot, tmp_path)
    assert w2.draft_panel.spins[QuestionType.SHORT].value() == 4
    w2.close()


def test_first_start_welcomes_and_opens_the_sample_lecture(qtbot, tmp_path: Path) -> None:
    w = _window(qtbot, tmp_path)
    w.show_welcome_if_first_run()
    welcome = w._welcome
    assert welcome.isVisible() and "SmolLM2" in welcome.model_label.text()
    welcome.sample_button.click()
    qtbot.waitUntil(lambda: len(w.slides_panel.model.slides) > 0, timeout=20000)
    # named from its first slide, not its template (issue 14)
    assert w.slides_panel.model.deck.title == "Episode 10-ish: Model compression & acceleration"
    assert AppSettings().welcomed()
    w._welcome = None
    w.show_welcome_if_first_run()
    assert w._welcome is None  # not on the next start
    w.close()


def test_window_layout_and_bank_columns_are_kept(qtbot, tmp_path: Path) -> None:
    w = _window(qtbot, tmp_path)
    w._outer_splitter.setSizes([420, 200])
    w.bank_panel._show_column(3, False)
    size = [w.width(), w.height()]
    w.close()
    assert AppSettings().layout("window") == size  # restored next time when it fits the screen
    w2 = _window(qtbot, tmp_path)
    assert w2.bank_panel.table.horizontalHeader().isSectionHidden(3)
    assert abs(w2._outer_splitter.sizes()[1] - 200) <= 40
    w2.close()

"""Windows for the GUI tests: on a fresh bank, and with a real lecture imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.main_window import MainWindow
from storage.database import open_bank
from tests.conftest import FIXTURES

LECTURE = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"


@pytest.fixture(autouse=True)
def _no_model_making(_private_home: Path) -> None:
    """Windows in tests do not make the embedding model in their fresh data folder
    (seconds of CPU each, on a shared machine); test_model_setup.py turns it on."""
    from desktop.settings import AppSettings

    settings = AppSettings()
    settings.set_prepare_models(False)
    settings.q.sync()


@pytest.fixture
def empty_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(open_bank(tmp_path / "bank.sqlite"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture
def lecture_window(qtbot, empty_window: MainWindow) -> MainWindow:
    """The window with the efficiency lecture (86 pages, MIT) imported and shown."""
    empty_window.import_files([LECTURE])
    qtbot.waitUntil(lambda: len(empty_window.slides_panel.model.slides) > 0, timeout=20000)
    return empty_window

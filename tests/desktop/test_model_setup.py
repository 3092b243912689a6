"""The embedding model is made in any data folder on first use, with a busy bar, and
the window says when meaning-based checks are off."""

from __future__ import annotations

from pathlib import Path

from desktop.main_window import MainWindow
from desktop.settings import AppSettings
from storage.database import open_bank


def _allow_making() -> None:
    settings = AppSettings()
    settings.set_prepare_models(True)
    settings.q.sync()


def test_a_fresh_data_folder_gets_the_model_with_progress(
    qtbot, tmp_path: Path, _private_home: Path
) -> None:
    from models.embeddings import MODEL_FILE

    _allow_making()
    assert not (_private_home / "models" / MODEL_FILE).exists()
    w = MainWindow(open_bank(tmp_path / "bank.sqlite"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.model_setup.preparing, timeout=10000)
    assert w.model_setup.busy.isVisible() and w.model_setup.bar.isVisible()
    qtbot.waitUntil(lambda: w.service.embedder is not None, timeout=120000)
    assert (_private_home / "models" / MODEL_FILE).is_file()
    assert not w.model_setup.busy.isVisible() and not w.model_setup.notice.isVisible()
    w.close()


def test_the_window_says_when_meaning_based_checks_are_off(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    from models import embeddings

    def missing() -> Path:
        raise embeddings.EmbeddingModelError("The embedding model package is not installed.")

    monkeypatch.setattr(embeddings, "source_dir", missing)
    _allow_making()
    w = MainWindow(open_bank(tmp_path / "bank.sqlite"))
    qtbot.addWidget(w)
    w.show()
    notice = w.model_setup.notice
    qtbot.waitUntil(notice.isVisible, timeout=20000)
    assert "Meaning-based checks are off" in notice.text()
    assert "not installed" in notice.toolTip()  # the reason, one hover away
    assert w.service.embedder is None
    w.close()

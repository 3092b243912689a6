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

"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from storage.database import BankError, open_bank

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def run_app(bank_path: Path, argv: list[str] | None = None) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("Quizwright")
    app.setOrganizationName("Quizwright")
    app.setWindowIcon(QIcon(str(RESOURCES / "quizwright.svg")))
    try:
        bank = open_bank(bank_path)
    except BankError as exc:
        QMessageBox.critical(None, "Quizwright cannot open the bank", str(exc))
        print(f"quizwright: error: {exc}", file=sys.stderr)
        return 1
    from desktop.main_window import MainWindow

    window = MainWindow(bank)
    window.show()
    return int(app.exec())

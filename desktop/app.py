"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from storage.database import BankError, open_bank

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def run_app(bank_path: Path, argv: list[str] | None = None, explicit: bool = True) -> int:
    """Open the window on `bank_path` (or, unless `explicit`, the bank used last)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("Quizwright")
    app.setOrganizationName("Quizwright")
    app.setWindowIcon(QIcon(str(RESOURCES / "quizwright.svg")))
    from desktop import errors

    errors.install()  # unhandled errors: logged and shown, never the end of the app
    from desktop.settings import AppSettings

    settings = AppSettings()
    if not explicit:
        bank_path = settings.last_bank() or bank_path
    try:
        bank = open_bank(bank_path)
    except BankError as exc:
        QMessageBox.critical(None, "Quizwright cannot open the bank", str(exc))
        print(f"quizwright: error: {exc}", file=sys.stderr)
        return 1
    from desktop.main_window import MainWindow

    window = MainWindow(bank)
    window.show()
    settings.set_last_bank(bank.path)
    window.restore_unsaved()
    window.show_welcome_if_first_run()
    return int(app.exec())

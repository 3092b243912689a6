"""Errors that reach the GUI: a readable message with "Copy Details", and a log.

`install` routes Python's unhandled exceptions (an exception escaping a Qt
slot lands in sys.excepthook) to a rotating log file in the data folder and
to a dialog, so the app keeps running instead of dying with a traceback on a
terminal nobody sees.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from storage.paths import data_dir

log = logging.getLogger("quizwright")
LOG_BYTES = 1_000_000
LOG_FILES = 5
_open: list[QDialog] = []


def log_path() -> Path:
    return data_dir() / "logs" / "quizwright.log"


def setup_logging() -> Path:
    """Log to a rotating file (5 × 1 MB) in the data folder; returns its path."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in log.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path


class ErrorDialog(QDialog):
    """The message in words; the technical details folded away, one click to copy."""

    def __init__(self, parent: QWidget | None, message: str, details: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Quizwright")
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details, readOnly=True)
        self.details.setMinimumHeight(160)
        self.details.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = buttons.addButton("Copy Details", QDialogButtonBox.ButtonRole.ActionRole)
        self.show_button = buttons.addButton("Show Details", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(f"{message}\n\n{details}")
        )
        self.show_button.clicked.connect(self._toggle)
        for b in (self.copy_button, self.show_button):
            b.setVisible(bool(details))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(520, 0)

    def _toggle(self) -> None:
        self.details.setVisible(not self.details.isVisible())
        self.show_button.setText("Hide Details" if self.details.isVisible() else "Show Details")


def show_error(parent: QWidget | None, message: str, details: str = "") -> ErrorDialog:
    """A non-modal error dialog; the details also go to the log."""
    if details:
        log.error("%s\n%s", message, details)
    dialog = ErrorDialog(parent, message, details)
    _open.append(dialog)  # a dialog without a parent lives only while referenced
    dialog.finished.connect(lambda _r: _open.remove(dialog) if dialog in _open else None)
    dialog.open()
    return dialog


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    details = "".join(traceback.format_exception(kind, exc, tb))
    log.error("Unhandled error\n%s", details)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        sys.__excepthook__(kind, exc, tb)
        return
    parent = app.activeWindow()
    message = (
        f"Something went wrong: {exc or kind.__name__}\n\nYour work is saved. The details "
        f"are in the log ({log_path()}); please send them with a short note of what you did."
    )
    # not from inside the failing slot: show it once control is back in the event loop
    QTimer.singleShot(0, lambda: show_error(parent, message, details))


def install() -> Path:
    path = setup_logging()
    sys.excepthook = _hook
    return path

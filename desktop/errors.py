"""Errors that reach the GUI: a readable message with "Copy Details", and a log.

`install` routes Python's unhandled exceptions (an exception escaping a Qt
slot lands in sys.excepthook) to a rotating log file in the data folder and
to a dialog, so the app keeps running instead of dying with a traceback on a
terminal nobody sees.
"""

from __future__ import annotations

import logging
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
    QLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from storage import logfile
from storage.database import BankError
from storage.domain import Question
from storage.errors import storage_error
from storage.recovery import RecoveryJournal

log = logging.getLogger("quizwright")
_open: list[QDialog] = []


def log_path() -> Path:
    return logfile.log_path()


def setup_logging() -> Path:
    """Log to a rotating file (5 × 1 MB) in the data folder; returns its path."""
    return logfile.setup_file_log(log.name)


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
        self.buttons = buttons
        layout = QVBoxLayout(self)
        # the dialog never gets smaller than its contents: shown details push the
        # buttons down instead of sliding them over the message
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.resize(520, 0)

    def _toggle(self) -> None:
        self.details.setVisible(not self.details.isVisible())
        self.show_button.setText("Hide Details" if self.details.isVisible() else "Show Details")
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(
            self.width(),
            max(self.height() if self.details.isVisible() else 0, self.sizeHint().height()),
        )


def show_error(parent: QWidget | None, message: str, details: str = "") -> ErrorDialog:
    """A non-modal error dialog; the details also go to the log."""
    if details:
        log.error("%s\n%s", message, details)
    dialog = ErrorDialog(parent, message, details)
    _open.append(dialog)  # a dialog without a parent lives only while referenced
    dialog.finished.connect(lambda _r: _open.remove(dialog) if dialog in _open else None)
    dialog.open()
    return dialog


def failure_text(exc: BaseException, details: str = "") -> tuple[str, str]:
    """The message in words and the details to fold away, for an exception that reached
    the GUI: a database failure never shows as SQL (its technical text goes to the
    details), an expected bank problem carries its own message and no details."""
    error = storage_error(exc)
    if error is not None:
        return str(error), "\n\n".join(p for p in (error.details, details) if p)
    if isinstance(exc, BankError):
        return str(exc), ""
    return str(exc) or type(exc).__name__, details


def show_failure(parent: QWidget | None, exc: BaseException, details: str = "") -> ErrorDialog:
    """`show_error` for an exception (see `failure_text`)."""
    return show_error(parent, *failure_text(exc, details))


def draft_not_stored(
    parent: QWidget | None,
    journal: RecoveryJournal,
    q: Question,
    exc: BaseException,
    details: str = "",
) -> ErrorDialog:
    """A draft the bank refused: kept in the recovery journal (offered back at the next
    start, see MainWindow.restore_unsaved) and the failure shown in words."""
    message, more = failure_text(exc, details)
    try:
        kept = journal.keep_unstored(q)
        note = f"The draft is not lost: it is kept in {kept} and offered back at the next start."
    except OSError as write_exc:
        note = f"The draft could not be kept either ({write_exc.strerror or write_exc})."
    return show_error(parent, f"{message}\n\n{note}", more)


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
    error = storage_error(exc)
    if error is not None:  # in words, with the database's own text in the details
        message = f"{error}\n\nThe details are in the log ({log_path()})."
        details = f"{error.details}\n\n{details}"
    else:
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

"""A bank that refuses a write: the window says so in words, and a draft is not lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop import errors
from desktop.main_window import MainWindow
from models.drafting import Draft
from storage.errors import storage_error
from storage.recovery import RecoveryJournal
from tests.conftest import SAMPLE
from tests.storage.test_storage_errors import assert_readable, locked, with_pragmas


def _dispose(dialog: errors.ErrorDialog) -> None:
    """Gone for good: later tests look for the error dialog among the top-level widgets."""
    from PySide6.QtCore import QCoreApplication, QEvent

    dialog.close()
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def _lock_gives_up_at_once(monkeypatch) -> None:
    with_pragmas(monkeypatch, "PRAGMA busy_timeout = 50")


@pytest.fixture
def quick_busy_window(_lock_gives_up_at_once: None, empty_window: MainWindow) -> MainWindow:
    """A window whose bank gives up on a lock at once (not after 5 s)."""
    return empty_window


def test_a_draft_the_locked_bank_refuses_is_shown_in_words(
    qtbot, quick_busy_window: MainWindow, monkeypatch
) -> None:
    w = quick_busy_window
    shown: list[tuple[str, str]] = []
    for where in ("desktop.main_window.show_error", "desktop.errors.show_error"):
        monkeypatch.setattr(
            where, lambda _parent, message, details="": shown.append((message, details))
        )
    with locked(w.bank.path):
        w._store_draft(Draft(SAMPLE[0]))
        qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    message, _details = shown[0]
    assert_readable(message)
    assert "in use by another program" in message
    assert not w.draft_panel.queue.items
    # nothing is lost: the refused draft waits in the recovery journal
    assert w.journal.entries()[0]


def test_failure_text_keeps_sql_out_of_the_message() -> None:
    exc = sqlite3.IntegrityError("UNIQUE constraint failed: question_slides.slide_id")
    error = storage_error(exc, "INSERT INTO question_slides VALUES (?, ?, ?)")
    assert error is not None
    message, details = errors.failure_text(error, "Traceback (most recent call last): …")
    assert_readable(message)
    assert "UNIQUE constraint" in details and "Traceback" in details
    # a raw driver error is put in words the same way
    message, _ = errors.failure_text(sqlite3.OperationalError("database is locked"))
    assert_readable(message) and "in use by another program" in message


def test_a_refused_draft_is_kept_in_the_journal_and_reported(qtbot, tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path / "recovery")
    exc = storage_error(sqlite3.OperationalError("database or disk is full"), "INSERT INTO q")
    assert exc is not None
    dialog = errors.draft_not_stored(None, journal, SAMPLE[0], exc, "details")
    assert_readable(dialog.message.text())
    assert "disk" in dialog.message.text() and "not lost" in dialog.message.text()
    (entry,), bad = journal.entries()
    assert not bad and entry.question.stem == SAMPLE[0].stem and entry.question.id is None
    _dispose(dialog)


def test_an_unhandled_database_error_is_shown_in_words(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    try:
        raise sqlite3.OperationalError("disk I/O error")
    except sqlite3.OperationalError as exc:
        errors._hook(type(exc), exc, exc.__traceback__)

    def shown() -> list[errors.ErrorDialog]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, errors.ErrorDialog) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(shown()), timeout=3000)
    dialog = shown()[0]
    assert_readable(dialog.message.text())
    assert "disk error" in dialog.message.text()
    assert "disk I/O error" in dialog.details.toPlainText()  # the database's words, folded
    _dispose(dialog)

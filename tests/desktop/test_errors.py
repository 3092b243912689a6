"""Unhandled errors: logged to a rotating file and shown with a copyable report."""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop import errors


def test_an_unhandled_error_is_logged_and_shown(qtbot) -> None:
    path = errors.setup_logging()
    try:
        raise ValueError("the slide cache is inconsistent")
    except ValueError:
        errors._hook(*sys.exc_info())
    qtbot.waitUntil(
        lambda: any(isinstance(w, errors.ErrorDialog) for w in QApplication.topLevelWidgets()),
        timeout=3000,
    )
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, errors.ErrorDialog))
    assert "the slide cache is inconsistent" in dialog.message.text()
    assert "Traceback" in dialog.details.toPlainText() and dialog.details.isHidden()
    dialog.copy_button.click()
    assert "ValueError" in QGuiApplication.clipboard().text()
    assert dialog.isVisible()  # copying does not close it
    for handler in errors.log.handlers:
        handler.flush()
    assert "the slide cache is inconsistent" in path.read_text(encoding="utf-8")
    dialog.close()


def test_an_expected_problem_has_no_details_to_copy(qtbot) -> None:
    dialog = errors.show_error(None, "The file is not a PDF.")
    qtbot.addWidget(dialog)
    assert not dialog.copy_button.isVisible() and "not a PDF" in dialog.message.text()


def test_shown_details_push_the_buttons_below_the_text(qtbot) -> None:
    message = "The bank could not be written: " + "the disk is full and nothing was saved. " * 6
    details = "\n".join(f"Traceback line {i}" for i in range(40))
    dialog = errors.show_error(None, message, details)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.show_button.click()
    qtbot.wait(50)
    text, box, buttons = dialog.message, dialog.details, dialog.buttons
    assert box.isVisible()
    # the whole message is laid out, then the details, then the buttons: no overlap
    assert text.height() >= text.heightForWidth(text.width())
    assert text.geometry().bottom() < box.geometry().top()
    assert box.geometry().bottom() < buttons.geometry().top()
    assert buttons.geometry().bottom() <= dialog.height()
    dialog.show_button.click()  # hidden again: the message still fits
    qtbot.wait(50)
    assert text.geometry().bottom() < buttons.geometry().top()
    dialog.close()

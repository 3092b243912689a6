"""Open a Shared Bank…: the address from fields or a pasted URL, a test in words, OK after it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from desktop.shared_bank_dialog import SharedBankDialog
from tests.pg_server import ADMIN_PASSWORD, PgServer


def _test(qtbot, dialog: SharedBankDialog) -> None:
    with qtbot.waitSignal(dialog.tested, timeout=30_000):
        dialog.test_button.click()


def _ok(dialog: SharedBankDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_a_working_address_can_be_opened_after_its_test(qtbot, pg_url: str) -> None:
    dialog = SharedBankDialog(url=pg_url)
    qtbot.addWidget(dialog)
    assert dialog.url() == pg_url and not _ok(dialog).isEnabled()
    _test(qtbot, dialog)
    assert dialog.report is not None and dialog.report.ok
    assert "empty" in dialog.result.text() and _ok(dialog).isEnabled()
    dialog.database.setText("other")  # a change needs a new test
    dialog.database.textEdited.emit("other")
    assert not _ok(dialog).isEnabled() and "test again" in dialog.result.text()


def test_failures_are_shown_in_words(qtbot, pg_url: str, pg_server: PgServer) -> None:
    dialog = SharedBankDialog(url=pg_url)
    qtbot.addWidget(dialog)
    dialog.port.setValue(1)
    _test(qtbot, dialog)
    assert "cannot be reached" in dialog.result.text() and not _ok(dialog).isEnabled()
    dialog.port.setValue(pg_server.port)
    dialog.database.setText("no_such_db")
    dialog.database.textEdited.emit("no_such_db")
    _test(qtbot, dialog)
    assert "no database named no_such_db" in dialog.result.text()
    dialog.database.setText(pg_url.rsplit("/", 1)[1])
    dialog.password_edit.setText("wrong")
    dialog.password_edit.textEdited.emit("wrong")
    _test(qtbot, dialog)
    assert "refused the password" in dialog.result.text()


def test_a_pasted_url_with_a_password_keeps_it_off_the_address(qtbot, pg_url: str) -> None:
    dialog = SharedBankDialog()
    qtbot.addWidget(dialog)
    pasted = pg_url.replace("qw_admin@", f"qw_admin:{ADMIN_PASSWORD}@")
    dialog.address.setText(pasted)
    dialog.address.textEdited.emit(pasted)
    assert dialog.password() == ADMIN_PASSWORD
    assert ADMIN_PASSWORD not in dialog.address.text() and ADMIN_PASSWORD not in dialog.url()
    assert dialog.user.text() == "qw_admin" and dialog.url() == pg_url
    _test(qtbot, dialog)
    assert dialog.report is not None and dialog.report.ok


def test_the_last_shared_bank_is_remembered_without_its_password(_private_home) -> None:
    from desktop.settings import AppSettings

    settings = AppSettings()
    settings.set_last_bank("postgresql://ann:s3cret@db.example.edu:5433/dept")
    settings.q.sync()
    stored = [settings.q.value(k) for k in settings.q.allKeys()]
    assert not any("s3cret" in str(v) for v in stored)
    assert AppSettings().last_bank() == "postgresql://ann@db.example.edu:5433/dept"

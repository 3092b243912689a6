"""File ▸ Open a Shared Bank…: a bank on a PostgreSQL server, tested before it is opened.

The fields make the address postgresql://user@host:port/database (a whole URL may be
pasted into the address line instead). "Test Connection" says in words what is wrong:
the server cannot be reached, the password or user was refused, the database is not
there, or its version cannot be used. A password typed here is kept in memory only and
never shown in the address; without one, PostgreSQL's own ~/.pgpass or service file is
used. OK opens only an address whose test passed.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import run_in_background
from storage.connection_check import ConnectionReport, check_connection

DEFAULT_PORT = 5432


class SharedBankDialog(QDialog):
    """Asks for a shared bank's address; `url()` and `password()` after it is accepted."""

    tested = Signal(object)  # the ConnectionReport of the last test

    def __init__(self, parent: QWidget | None = None, url: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Open a Shared Bank")
        self.report: ConnectionReport | None = None
        self._tested_for: tuple[str, str] | None = None
        self._job: object | None = None

        self.address = QLineEdit()
        self.address.setPlaceholderText("postgresql://user@host:5432/database")
        self.address.setAccessibleName("Address")
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.department.example.edu")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("leave empty to use your ~/.pgpass file")

        form = QFormLayout()
        form.addRow("&Address:", self.address)
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("Pass&word:", self.password_edit)
        note = QLabel(
            "A password typed here is kept only while Quizwright runs; it is never saved."
        )
        note.setWordWrap(True)

        self.test_button = QPushButton("&Test Connection")
        self.test_button.clicked.connect(self.test_connection)
        self.result = QLabel("Not tested yet.")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName("Connection test result")
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.result, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Open")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.buttons)

        self._syncing = False
        self.address.textEdited.connect(self._from_address)
        for edit in (self.host, self.database, self.user):
            edit.textEdited.connect(self._to_address)
        self.port.valueChanged.connect(self._to_address)
        self.password_edit.textEdited.connect(self._changed)
        if url:
            self.address.setText(url)
            self._from_address(url)
        self._changed()

    # ----- the address and the fields, kept in step --------------------------------

    def url(self) -> str:
        """The address, never with a password in it."""
        host = self.host.text().strip() or "localhost"
        user = self.user.text().strip()
        at = f"{quote(user, safe='')}@" if user else ""
        return f"postgresql://{at}{host}:{self.port.value()}/{self.database.text().strip()}"

    def password(self) -> str | None:
        return self.password_edit.text() or None

    def _from_address(self, text: str) -> None:
        parts = urlsplit(text.strip())
        if parts.scheme.startswith("postgres"):
            self._syncing = True
            self.host.setText(parts.hostname or "")
            try:
                port = parts.port
            except ValueError:
                port = None
            self.port.setValue(port or DEFAULT_PORT)
            self.database.setText(parts.path.strip("/"))
            self.user.setText(unquote(parts.username or ""))
            if parts.password:  # pasted with a password: keep it, off the address line
                self.password_edit.setText(unquote(parts.password))
                self.address.setText(self.url())
            self._syncing = False
        self._changed()

    def _to_address(self, *_: object) -> None:
        if not self._syncing:
            self.address.setText(self.url())
        self._changed()

    def _changed(self, *_: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        current = (self.url(), self.password() or "")
        passed = self.report is not None and self.report.ok and self._tested_for == current
        ok.setEnabled(passed)
        self.test_button.setEnabled(bool(self.database.text().strip()) and self._job is None)
        if self._tested_for is not None and self._tested_for != current:
            self.result.setText("Changed since the last test: test again.")

    # ----- the test -------------------------------------------------------------------

    def test_connection(self) -> None:
        url, password = self.url(), self.password()
        self.result.setText("Testing…")
        self.test_button.setEnabled(False)
        self._job = run_in_background(
            lambda: check_connection(url, password),
            lambda report: self._show(report, (url, password or "")),
            lambda exc, _tb: self._show(
                ConnectionReport(False, "other", f"The test could not be run: {exc}"),
                (url, password or ""),
            ),
        )

    def _show(self, report: ConnectionReport, tested_for: tuple[str, str]) -> None:
        self._job = None
        self.report = report
        self._tested_for = tested_for
        self.result.setText(report.message)
        self._changed()
        self.tested.emit(report)

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            super().accept()


def ask_shared_bank(parent: QWidget | None = None, url: str = "") -> tuple[str, str | None] | None:
    """The address and password (or None) of a shared bank to open, or None if cancelled."""
    dialog = SharedBankDialog(parent, url)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.url(), dialog.password()

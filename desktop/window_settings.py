"""The main window's settings side: drafting defaults and the model from the settings,
the Settings and Welcome dialogs, unsaved edits offered back, backups, and the
window's layout (place, splitters, the deck and page in view, drafting choices)
kept between runs. A mixin of MainWindow (it uses the window's widgets)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.errors import show_error
from storage.database import BankError
from storage.domain import Difficulty


class WindowSettings:
    """Settings, first run, backups and layout of MainWindow."""

    # provided by MainWindow
    settings: Any
    draft_panel: Any
    bank: Any
    service: Any
    journal: Any
    bank_panel: Any
    slides_panel: Any
    bank_pool: Any
    _top_splitter: Any
    _outer_splitter: Any
    _restore_place: tuple[int, int] | None
    _background: Any
    _choose_bank: Any
    _open_catalog: Any
    import_files: Any
    refresh: Any
    _load_review_queue: Any
    open_bank: Any
    statusBar: Any
    saveGeometry: Any
    restoreGeometry: Any
    resize: Any
    width: Any
    height: Any

    # ----- settings and first run -----------------------------------------------------

    def apply_settings(self) -> None:
        """Drafting defaults and the chosen model from the settings."""
        s, panel = self.settings, self.draft_panel
        if s.author_name():
            self.service.author = s.author_name()  # who saves from now on
        counts = s.counts()
        for qtype, spin in panel.spins.items():
            spin.setValue(counts.get(qtype, 0))
        panel.difficulty.setCurrentIndex(panel.difficulty.findData(s.difficulty().value))
        bloom, focus = s.bloom_and_focus()
        panel.bloom.setCurrentIndex(max(0, panel.bloom.findData(bloom)))
        panel.focus.setText(focus)
        panel.server_url.setText(s.server_url())
        panel.server_model.setCurrentText(s.server_model())
        panel.engine_options = (s.threads(), s.context_size())
        index = panel.model_box.findData(s.model_path())
        if index >= 0:
            panel.model_box.setCurrentIndex(index)

    def open_settings(self) -> None:
        from desktop.settings_dialog import SettingsDialog

        panel = self.draft_panel
        models = [
            (panel.model_box.itemText(i), str(panel.model_box.itemData(i)))
            for i in range(1, panel.model_box.count())
            if panel.model_box.itemData(i) not in ("", "server:")
        ]
        dialog = SettingsDialog(self.settings, models, self.bank.location, self)
        dialog.accepted.connect(self.apply_settings)
        dialog.catalog_requested.connect(self._open_catalog)
        dialog.open_bank_requested.connect(self._choose_bank)
        dialog.backup_requested.connect(self._backup_bank)
        dialog.restore_requested.connect(self._restore_backup)
        dialog.open()
        self._settings_dialog = dialog

    def show_welcome(self) -> None:
        from desktop.welcome import SAMPLE_DECK, WelcomeDialog

        dialog = WelcomeDialog(self.draft_panel.model_choice().label, self)
        dialog.open_sample.connect(lambda: self.import_files([SAMPLE_DECK]))
        dialog.get_models.connect(self._open_catalog)
        dialog.finished.connect(lambda _r: self.settings.set_welcomed())
        dialog.open()
        self._welcome = dialog

    def restore_unsaved(self) -> None:
        """Edits a crash left in the recovery journal: offered back, then stored."""
        from desktop.autosave import offer_recovery

        entries = offer_recovery(self, self.journal)
        if not entries:
            return
        service, journal = self.service, self.journal

        def store() -> int:
            for e in entries:
                q = e.question
                exists = q.id is not None and bool(service.get_many([q.id]))
                service.update(q) if exists else service.add(replace(q, id=None))
                journal.clear(e.key)
            return len(entries)

        self._background(
            store,
            lambda n: (
                self.statusBar().showMessage(f"Restored {n} question(s).", 8000),
                self.refresh(),
                self._load_review_queue(),
            ),
        )

    def show_welcome_if_first_run(self) -> None:
        if not self.settings.welcomed():
            self.show_welcome()

    def _backup_bank(self) -> None:
        from storage.backup import backup_bank, backup_name

        path, _ = QFileDialog.getSaveFileName(
            self,
            "Back up the bank",
            str(self.bank.path.with_name(backup_name(self.bank.path))),
            "Quizwright banks (*.sqlite *.db);;All files (*)",
        )
        if not path:
            return
        bank = self.bank
        self._background(lambda: backup_bank(bank, Path(path)), self._backed_up)

    def _backed_up(self, done: Path) -> None:
        """Said in a box (the status line is easy to miss behind the Settings dialog)."""
        size = done.stat().st_size / 1e6 if done.exists() else 0.0
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Backed up",
            f"The bank is backed up to\n{done}\n({size:.1f} MB).",
            parent=self,
        )
        box.setObjectName("backupDone")
        folder = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(done.parent)))
        )
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()
        self._backup_box = box
        self.statusBar().showMessage(f"Backed up to {done}", 8000)

    def _restore_backup(self) -> None:
        from storage.backup import restore_backup

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Restore a backup",
            str(self.bank.path.parent),
            "Quizwright banks (*.sqlite *.db);;All files (*)",
        )
        if not path:
            return
        answer = QMessageBox.question(
            self,
            "Restore a backup?",
            f"Replace the bank {self.bank.path.name} with {Path(path).name}? The current "
            "bank is kept beside it, so this can be undone.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        target = self.bank.path
        self.bank_pool.waitForDone()
        self.bank.close()
        try:
            kept = restore_backup(Path(path), target)
        except BankError as exc:
            show_error(self, str(exc))
            kept = None
        self.open_bank(target)
        if kept is not None:
            self.statusBar().showMessage(f"Restored; the replaced bank is kept as {kept}", 10000)

    def _restore_layout(self) -> None:
        """Window place and size, splitters, the deck and page in view, as the user left
        them (when they still fit)."""
        s = self.settings
        place = s.layout("place")
        if isinstance(place, list) and len(place) == 2 and all(isinstance(v, int) for v in place):
            self._restore_place = (place[0], place[1])
        geometry = s.layout("geometry")
        if isinstance(geometry, str) and self.restoreGeometry(
            QByteArray.fromBase64(geometry.encode("ascii"))
        ):
            self._restore_splitters()
            return
        size = s.layout("window")
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if isinstance(size, list) and len(size) == 2 and all(isinstance(v, int) for v in size):
            width, height = size
            if room is None or (width <= room.width() and height <= room.height()):
                self.resize(max(800, width), max(560, height))
        self._restore_splitters()

    def _restore_splitters(self) -> None:
        s = self.settings
        for key, splitter in (("top", self._top_splitter), ("outer", self._outer_splitter)):
            sizes = s.layout(key)
            if (
                isinstance(sizes, list)
                and len(sizes) == 2
                and all(isinstance(v, int) and v > 40 for v in sizes)
            ):
                splitter.setSizes(sizes)
        columns = s.layout("bank_columns")
        if isinstance(columns, dict):
            self.bank_panel.restore_columns(columns)

    def _save_layout(self) -> None:
        s = self.settings
        s.set_layout("window", [self.width(), self.height()])
        # position, size and maximised state (Qt checks on restoring that it is on a screen)
        s.set_layout("geometry", bytes(self.saveGeometry().toBase64().data()).decode("ascii"))
        deck, page = self.slides_panel.current_deck_id(), self.slides_panel.current_page()
        if deck is not None and page is not None:
            s.set_layout("place", [deck, page])
        panel = self.draft_panel  # what to ask for next time, as asked for this time
        s.set_drafting(
            Difficulty(panel.difficulty.currentData()),
            {t: spin.value() for t, spin in panel.spins.items()},
        )
        s.set_bloom_and_focus(str(panel.bloom.currentData() or ""), panel.focus.text())
        s.set_layout("top", self._top_splitter.sizes())
        s.set_layout("outer", self._outer_splitter.sizes())
        s.set_layout("bank_columns", self.bank_panel.column_state())

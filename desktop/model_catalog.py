"""Get a stronger model: GPT4All's public catalog, and downloads with progress.

The catalog is fetched (or read from its cache when offline) off the GUI
thread. Each entry says whether this GPT4All can run it. A download can be
paused (its .part file stays; Download again resumes it) and is checked
against the catalog's MD5 before it takes the model's name.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import run_in_background
from models.catalog import GPT4ALL_MODELS_URL, Catalog, CatalogEntry, fetch_catalog
from storage.paths import data_dir, models_dir

COLUMNS = ("Model", "Size", "RAM", "Architecture", "Runs here")


def _gb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n else "?"


class _Progress(QObject):
    """Carries download progress from the download thread to the dialog."""

    changed = Signal(int, int)  # bytes done, total


class ModelCatalogDialog(QDialog):
    downloaded = Signal(str)  # path of a model that is now in the models folder

    def __init__(
        self,
        parent: QWidget | None = None,
        url: str = GPT4ALL_MODELS_URL,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Get a model")
        self.resize(860, 520)
        self.url = url
        self.folder = folder or models_dir()
        self.entries: list[CatalogEntry] = []
        self.status = QLabel("Fetching GPT4All's model catalog…")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.hide()
        self.download_button = QPushButton("Download")
        self.download_button.setEnabled(False)
        self.pause_button = QPushButton("Pause")
        self.pause_button.setToolTip("Stop for now; Download again resumes where it stopped")
        self.pause_button.hide()
        self.cancel_button = QPushButton("Cancel Download")
        self.cancel_button.setToolTip("Stop and delete what was downloaded so far")
        self.cancel_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.pause_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.download_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Models from GPT4All's catalog run on this computer; nothing is sent anywhere. "
                "A 3–8 B parameter model writes much better questions than the bundled one."
            )
        )
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.description)
        layout.addLayout(row)
        layout.addWidget(close)

        self._signals: list[Any] = []  # running jobs' signal objects, kept alive
        self._cancel = threading.Event()
        self._downloading: CatalogEntry | None = None
        self._progress = _Progress()
        self._progress.changed.connect(self._show_progress)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.download_button.clicked.connect(self.download_selected)
        self.pause_button.clicked.connect(self._cancel.set)
        self.cancel_button.clicked.connect(self._cancel_download)
        self._discard = False  # the stopped download's .part file is deleted, not kept
        self.load()

    # ----- catalog ---------------------------------------------------------------------

    def load(self) -> None:
        url, cache = self.url, data_dir() / "catalog-cache.json"
        self._signals.append(
            run_in_background(lambda: fetch_catalog(cache, url), self._loaded, self._not_loaded)
        )

    def _loaded(self, catalog: Catalog) -> None:
        self.entries = sorted(catalog.entries, key=lambda e: (not e.loadable, e.size or 1 << 62))
        runnable = sum(e.loadable for e in self.entries)
        note = f" ({catalog.message})" if catalog.message else ""
        self.status.setText(
            f"{len(self.entries)} models in the catalog, {runnable} of which this GPT4All "
            f"can run{note}. Downloads go to {self.folder}."
        )
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            here = (self.folder / e.filename).is_file()
            cells = (
                e.name + ("  (downloaded)" if here else ""),
                _gb(e.size),
                f"{e.ram_required_gb} GB" if e.ram_required_gb else "?",
                e.architecture or "?",
                "yes" if e.loadable else f"no: {e.why_not}",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(e.description_text[:600])
                if not e.loadable:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)

    def _not_loaded(self, exc: BaseException, _details: str) -> None:
        self.status.setText(
            f"The catalog is not available ({exc}). Models already on this computer are "
            "listed in the Draft panel; any GGUF file can also be put into " + str(self.folder)
        )

    # ----- download --------------------------------------------------------------------

    def selected(self) -> CatalogEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        e = self.selected()
        self.description.setText(e.description_text[:400] if e else "")
        can = e is not None and e.loadable and self._downloading is None
        self.download_button.setEnabled(can)
        if e is not None and not e.loadable:
            self.download_button.setToolTip(f"This GPT4All cannot run it: {e.why_not}")
        else:
            self.download_button.setToolTip("")

    def download_selected(self) -> None:
        entry = self.selected()
        if entry is None or not entry.loadable or self._downloading is not None:
            return
        from models.catalog import download

        self._downloading = entry
        self._cancel.clear()
        folder, progress, cancel = self.folder, self._progress, self._cancel

        def on_progress(done: int, total: int) -> bool:  # on the download thread
            progress.changed.emit(done, total)
            return not cancel.is_set()

        self.progress.setRange(0, 0)
        self.progress.show()
        self.pause_button.show()
        self.cancel_button.show()
        self._discard = False
        self.download_button.setEnabled(False)
        self.status.setText(f"Downloading {entry.name}…")
        self._signals.append(
            run_in_background(
                lambda: download(entry, folder, on_progress), self._finished, self._failed
            )
        )

    def _show_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
            self.progress.setFormat(f"{done / 1e6:,.0f} of {total / 1e6:,.0f} MB")

    def _finished(self, path: Path) -> None:
        name = self._downloading.name if self._downloading else path.name
        self._end()
        self._fill_table()
        self.status.setText(f"{name} is ready: choose it in the Draft panel's Model list.")
        self.downloaded.emit(str(path))

    def _failed(self, exc: BaseException, _details: str) -> None:
        from models.catalog import DownloadCancelled

        paused = isinstance(exc, DownloadCancelled)
        entry = self._downloading
        self._end()
        if paused and self._discard and entry is not None:
            (self.folder / (entry.filename + ".part")).unlink(missing_ok=True)
            self.status.setText(f"Cancelled: the partial download of {entry.name} was deleted.")
            return
        self.status.setText(
            "Paused: Download resumes where it stopped." if paused else f"Download failed: {exc}"
        )

    def _cancel_download(self) -> None:
        self._discard = True
        self._cancel.set()

    def _end(self) -> None:
        self._downloading = None
        self.pause_button.hide()
        self.cancel_button.hide()
        self.progress.hide()
        self._selection_changed()

    def reject(self) -> None:
        self._cancel.set()  # a running download stops and keeps its .part file
        super().reject()

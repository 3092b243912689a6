"""The bank browser's table columns: widths that fit the screen, which are shown, their state.

Mixed into `BankBrowser` (desktop/bank_browser.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QMenu

from desktop.bank_model import COLUMNS, STEM_COLUMN
from storage.domain import SortKey

# Columns that take a share of the spare width on wide screens.
_WIDENED = {SortKey.TAGS, SortKey.CATEGORY, SortKey.SLIDES}


class TableColumns:
    """Column widths (automatic until the user drags one), the column menu, saved state."""

    def _setup_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for i, column in enumerate(COLUMNS):
            mode = QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(
                i, QHeaderView.ResizeMode.Stretch if i == STEM_COLUMN else mode
            )
            header.setSectionHidden(i, not column.shown)
        # Columns get their widths from the space there is, until the user drags one.
        self._auto_widths = True
        self._fitting = False
        self._fit_columns()
        header.sectionResized.connect(self._column_resized)
        self.table.viewport().installEventFilter(self)
        # Right-click on the header: choose the columns (narrow screens hide some).
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)

    def column_state(self) -> dict[str, object]:
        """Which columns are shown, and their widths if the user set them (to keep)."""
        header = self.table.horizontalHeader()
        return {
            "hidden": [i for i in range(len(COLUMNS)) if header.isSectionHidden(i)],
            "widths": {}
            if self._auto_widths
            else {str(i): header.sectionSize(i) for i in range(len(COLUMNS)) if i != STEM_COLUMN},
        }

    def restore_columns(self, state: dict[str, object]) -> None:
        """Columns as `column_state` gave them; anything unexpected is ignored."""
        header = self.table.horizontalHeader()
        hidden = state.get("hidden")
        if isinstance(hidden, list):
            for i in range(len(COLUMNS)):
                if i != STEM_COLUMN:
                    header.setSectionHidden(i, i in hidden)
        widths = state.get("widths")
        if isinstance(widths, dict) and widths:
            self._auto_widths = False
            self._fitting = True
            for key, width in widths.items():
                if str(key).isdigit() and int(key) < len(COLUMNS) and isinstance(width, int):
                    header.resizeSection(int(key), max(20, min(width, 2000)))
            self._fitting = False
        self._fit_columns()

    def _show_column(self, index: int, shown: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(index, not shown)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Base widths; on a wide screen the text columns share what the question leaves."""
        if not self._auto_widths:
            return
        metrics = self.fontMetrics()
        digit = metrics.horizontalAdvance("0")
        widths = {
            i: max(c.width * digit + 12, metrics.horizontalAdvance(c.title) + 24)
            for i, c in enumerate(COLUMNS)
            if i != STEM_COLUMN
        }
        header = self.table.horizontalHeader()
        shown = [i for i in widths if not header.isSectionHidden(i)]
        spare = self.table.viewport().width() - sum(widths[i] for i in shown) - 60 * digit
        wide = [i for i in shown if COLUMNS[i].sort in _WIDENED]
        if spare > 0 and wide:
            extra = min(spare // 2 // len(wide), 14 * digit)  # the question keeps half
            for i in wide:
                widths[i] += extra
        self._fitting = True
        for i, width in widths.items():
            header.resizeSection(i, width)
        self._fitting = False

    def _column_resized(self, index: int, _old: int, _new: int) -> None:
        if not self._fitting and index != STEM_COLUMN and self.table.isVisible():
            self._auto_widths = False  # the user chose a width: keep theirs

    def _column_menu(self, pos: Any) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for i, column in enumerate(COLUMNS):
            if i == STEM_COLUMN:
                continue
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: self._show_column(i, on))
        menu.exec(header.mapToGlobal(pos))

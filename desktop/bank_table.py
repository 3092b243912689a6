"""The bank panel: a searchable table of the questions in the bank."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.domain import Question

COLUMNS = ("ID", "Type", "Status", "Difficulty", "Tags", "Question")


class BankPanel(QWidget):
    """Shows questions it is given; the window decides what to load."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bankPanel")
        self.search = QLineEdit(placeholderText="Search the bank (stems, answers, tags)…")
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("The bank is empty. Drafted and imported questions will appear here.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid); padding: 12px;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("<b>Question bank</b>")
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.show_questions([])

    def show_questions(self, questions: list[Question], searching: bool = False) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for q in questions:
            id_item = QStandardItem()
            id_item.setData(q.id, Qt.ItemDataRole.DisplayRole)  # numeric sort
            cells = [
                id_item,
                QStandardItem(q.type.label),
                QStandardItem(q.status.value),
                QStandardItem(q.difficulty.value if q.difficulty else ""),
                QStandardItem(", ".join(q.tags)),
                QStandardItem(" ".join(q.stem.split())),
            ]
            cells[-1].setToolTip(q.stem)
            self.model.appendRow(cells)
        if searching and not questions:
            self.empty.setText(f"No question matches “{self.search.text()}”.")
        elif not questions:
            self.empty.setText(
                "The bank is empty. Drafted and imported questions will appear here."
            )
        self.empty.setVisible(not questions)
        self.table.setVisible(bool(questions))

"""One table editor for the answers of matching, ordering, select-missing-words and
drag-into-text questions: a row per pair, item or choice, with add/remove/move buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storage.domain import Choice, Question, QuestionType, TextFormat
from storage.question_types import MAX_GROUP, normalised

Edit = Callable[[str, TextFormat], str]  # a stored text ⇄ the text shown in a cell


@dataclass(frozen=True)
class Layout:
    title: str  # the answer box's title
    hint: str
    columns: tuple[str, ...]  # "text", "match", "group", "unlimited"
    headers: tuple[str, ...]
    add_label: str
    shuffle: bool = False  # offers "Shuffle the choices"
    numbering: bool = False  # offers Moodle's numbering style (ordering)
    gap_button: bool = False  # offers "Insert gap for this choice"


LAYOUTS = {
    QuestionType.MATCHING: Layout(
        "Pairs to match",
        "One pair per row. Leave the stem empty for an extra wrong answer; two stems may "
        "share an answer.",
        ("text", "match"),
        ("Stem (left)", "Its answer (right)"),
        "+ Add pair",
        shuffle=True,
    ),
    QuestionType.ORDERING: Layout(
        "Items in the right order",
        "Write the items in the right order; students see them shuffled. At least 3.",
        ("text",),
        ("Item",),
        "+ Add item",
        numbering=True,
    ),
    QuestionType.GAPSELECT: Layout(
        "Choices for the gaps",
        "Write [[1]] in the text where choice 1 goes. A gap's drop-down lists the choices of "
        "its group: put each gap's wrong choices in its group.",
        ("text", "group"),
        ("Choice", "Group"),
        "+ Add choice",
        shuffle=True,
        gap_button=True,
    ),
    QuestionType.DDWTOS: Layout(
        "Words to drag into the gaps",
        "Write [[1]] in the text where word 1 goes. Words of a group share a colour; tick "
        "Unlimited for a word that fills several gaps.",
        ("text", "group", "unlimited"),
        ("Word", "Group", "Unlimited"),
        "+ Add word",
        shuffle=True,
        gap_button=True,
    ),
}
NUMBERING = (("No numbers", "none"), ("1, 2, 3", "123"), ("a, b, c", "abc"), ("A, B, C", "ABCD"),
             ("i, ii, iii", "iii"), ("I, II, III", "IIII"))  # fmt: skip


def _identity(text: str, _fmt: TextFormat) -> str:
    return text


class RowsEditor(QWidget):
    """The answers of one of the table-shaped types; `changed` fires on every edit."""

    changed = Signal()

    def __init__(
        self,
        kind: QuestionType,
        insert_in_stem: Callable[[str], None] | None = None,
        to_editable: Edit = _identity,
        from_editable: Edit = _identity,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.layout_ = LAYOUTS[kind]
        self._insert = insert_in_stem
        # stems and items follow the question's format; gap choices are always plain text
        rich = kind in (QuestionType.MATCHING, QuestionType.ORDERING)
        self._to_editable = to_editable if rich else _identity
        self._from_editable = from_editable if rich else _identity
        self._filling = False
        self._fmt = TextFormat.PLAIN
        self._base: list[Choice] = []  # the full choice behind each row (feedback and all)

        lay = self.layout_
        self.hint = QLabel(lay.hint)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")
        self.table = QTableWidget(0, len(lay.columns))
        self.table.setObjectName(f"{kind.value}Table")
        self.table.setHorizontalHeaderLabels(list(lay.headers))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for i, col in enumerate(lay.columns):
            stretch = col in ("text", "match")
            mode = (
                QHeaderView.ResizeMode.Stretch
                if stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(i, mode)
        self.table.verticalHeader().setVisible(True)  # the row number is choice n / item n
        self.table.itemChanged.connect(self._cell_edited)

        self.add_button = QPushButton(lay.add_label)
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("↑")
        self.down_button = QPushButton("↓")
        self.up_button.setToolTip("Move up")
        self.down_button.setToolTip("Move down")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        self.gap_button = QPushButton("Insert gap [[n]] for this choice")
        self.gap_button.setToolTip("Writes [[n]] at the cursor in the question text")
        self.gap_button.clicked.connect(self.insert_gap)
        self.gap_button.setVisible(lay.gap_button)
        buttons.addWidget(self.gap_button)
        buttons.addStretch(1)
        self.shuffle = QCheckBox("Shuffle the choices for each student")
        self.shuffle.setVisible(lay.shuffle)
        self.shuffle.toggled.connect(self._option_edited)
        self.numbering = QComboBox()
        for label, value in NUMBERING:
            self.numbering.addItem(label, value)
        self.numbering.setVisible(lay.numbering)
        self.numbering.currentIndexChanged.connect(self._option_edited)
        options = QHBoxLayout()
        options.addWidget(self.shuffle)
        if lay.numbering:
            options.addWidget(QLabel("Numbering in Moodle:"))
        options.addWidget(self.numbering)
        options.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addLayout(options)

    # ----- showing ------------------------------------------------------------------

    def show_question(self, q: Question) -> None:
        """Fill the table from `q` (unless it already shows exactly that)."""
        self._fmt = q.text_format
        if self.read(q) == q and self.table.rowCount() == len(q.choices):
            return
        self._base = list(q.choices)
        self._filling = True
        try:
            self.table.setRowCount(len(q.choices))
            for row, c in enumerate(q.choices):
                self._fill_row(row, c)
            self.shuffle.setChecked(q.shuffle_answers)
            index = self.numbering.findData(q.answer_numbering)
            self.numbering.setCurrentIndex(max(0, index))
        finally:
            self._filling = False

    def _fill_row(self, row: int, c: Choice) -> None:
        for col, name in enumerate(self.layout_.columns):
            if name == "text":
                self.table.setItem(row, col, QTableWidgetItem(self._to_editable(c.text, self._fmt)))
            elif name == "match":
                self.table.setItem(row, col, QTableWidgetItem(c.match))
            elif name == "group":
                spin = QSpinBox()
                spin.setRange(1, MAX_GROUP)
                spin.setValue(min(max(c.group, 1), MAX_GROUP))
                spin.valueChanged.connect(self._option_edited)
                self.table.setCellWidget(row, col, spin)
            elif name == "unlimited":
                box = QCheckBox()
                box.setChecked(c.unlimited)
                box.toggled.connect(self._option_edited)
                self.table.setCellWidget(row, col, box)

    # ----- reading ------------------------------------------------------------------

    def _cell(self, row: int, name: str) -> object:
        col = self.layout_.columns.index(name)
        if name in ("text", "match"):
            item = self.table.item(row, col)
            return item.text().strip() if item is not None else ""
        return self.table.cellWidget(row, col)

    def read(self, q: Question) -> Question:
        """`q` with the answers (and options) the table shows."""
        choices = []
        for row in range(self.table.rowCount()):
            old = self._base[row] if row < len(self._base) else Choice("")
            c = replace(old, text=self._from_editable(str(self._cell(row, "text")), self._fmt))
            if "match" in self.layout_.columns:
                c = replace(c, match=str(self._cell(row, "match")))
            if "group" in self.layout_.columns:
                spin = self._cell(row, "group")
                c = replace(c, group=spin.value() if isinstance(spin, QSpinBox) else 1)
            if "unlimited" in self.layout_.columns:
                box = self._cell(row, "unlimited")
                c = replace(c, unlimited=isinstance(box, QCheckBox) and box.isChecked())
            choices.append(c)
        out = replace(q, choices=tuple(choices))
        if self.layout_.shuffle:
            out = replace(out, shuffle_answers=self.shuffle.isChecked())
        if self.layout_.numbering:
            out = replace(out, answer_numbering=str(self.numbering.currentData()))
        return normalised(out)

    # ----- edits ----------------------------------------------------------------------

    def _cell_edited(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self.changed.emit()

    def _option_edited(self, *_args: object) -> None:
        if not self._filling:
            self.changed.emit()

    def _rows(self) -> list[Choice]:
        return list(self.read(Question(self.kind, "", ())).choices)

    def _set_rows(self, choices: list[Choice], select: int) -> None:
        self._base = choices
        self._filling = True
        try:
            self.table.setRowCount(len(choices))
            for row, c in enumerate(choices):
                self._fill_row(row, c)
        finally:
            self._filling = False
        if 0 <= select < len(choices):
            self.table.selectRow(select)
        self.changed.emit()

    def add_row(self) -> None:
        rows = self._rows()
        group = rows[-1].group if rows else 1
        self._set_rows([*rows, Choice("", group=group)], len(rows))
        self.table.editItem(self.table.item(len(rows), 0))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        rows = self._rows()
        if 0 <= row < len(rows):
            del rows[row]
            self._set_rows(rows, min(row, len(rows) - 1))

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        rows = self._rows()
        other = row + step
        if 0 <= row < len(rows) and 0 <= other < len(rows):
            rows[row], rows[other] = rows[other], rows[row]
            self._set_rows(rows, other)

    def insert_gap(self) -> None:
        """Write [[n]] for the selected choice (or a new one) at the stem's cursor."""
        row = self.table.currentRow()
        if row < 0:
            self.add_row()
            row = self.table.rowCount() - 1
        if self._insert is not None:
            self._insert(f"[[{row + 1}]]")

    def focus_first(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

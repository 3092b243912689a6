"""The exam's sections and the order of its items, for Create Exam.

A tree: sections (their heading is editable) holding the questions in exam
order. Buttons (and Alt+Up / Alt+Down) move the selected section or question;
a question moved past the edge of its section joins the neighbouring one.
Each section may have instructions, printed under its heading.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storage.domain import Question, QuestionType
from storage.exams import default_sections, section_title
from storage.rich_text import to_plain

_ROLE = Qt.ItemDataRole.UserRole  # section: its instructions; question: the Question


def _stem(question: Question, limit: int = 90) -> str:
    text = to_plain(question.stem, question.text_format)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class SectionEditor(QWidget):
    changed = Signal()  # order, headings or instructions changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Section / question", "Points"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setMinimumHeight(150)
        self.tree.setEditTriggers(
            QTreeWidget.EditTrigger.DoubleClicked | QTreeWidget.EditTrigger.EditKeyPressed
        )
        self.tree.setToolTip("Double-click a section to rename it")
        self.up = QPushButton("Move Up")
        self.down = QPushButton("Move Down")
        self.up.setToolTip("Move the selected section or question up (Alt+Up)")
        self.down.setToolTip("Move the selected section or question down (Alt+Down)")
        self.add = QPushButton("New Section")
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down.clicked.connect(lambda: self.move_selected(1))
        self.add.clicked.connect(self.new_section)
        self.tree.installEventFilter(self)  # Alt+Up / Alt+Down move
        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        self.notes_label = QLabel("Instructions for the section (optional)")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("e.g. Answer in one or two sentences.")
        self.notes.setMinimumHeight(48)
        self.notes.setMaximumHeight(72)
        self.notes.textChanged.connect(self._notes_edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes)
        self.tree.currentItemChanged.connect(lambda *_: self._show_notes())
        self.tree.itemChanged.connect(self._renamed)
        self._show_notes()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tree
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move_selected(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    # ----- content ---------------------------------------------------------------------

    def set_questions(self, questions: Sequence[Question]) -> None:
        """One section per type, in the default order (essay last)."""
        self.tree.blockSignals(True)
        self.tree.clear()
        section: QTreeWidgetItem | None = None
        for question, title in default_sections(list(questions)):
            if section is None or section.text(0) != title:
                section = self._section_item(title)
            self._question_item(section, question)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._renumber()
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.changed.emit()

    def _section_item(self, title: str, at: int | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title, ""])
        item.setData(0, _ROLE, "")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        if at is None:
            self.tree.addTopLevelItem(item)
        else:
            self.tree.insertTopLevelItem(at, item)
        return item

    def _question_item(self, section: QTreeWidgetItem, question: Question) -> None:
        item = QTreeWidgetItem(["", f"{question.points:g}"])
        item.setData(0, _ROLE, question)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(0, to_plain(question.stem, question.text_format))
        section.addChild(item)

    def sections(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def placed(self) -> list[tuple[Question, str]]:
        """The questions in exam order, each with its section heading."""
        return [
            (sec.child(j).data(0, _ROLE), sec.text(0).strip())
            for sec in self.sections()
            for j in range(sec.childCount())
        ]

    def questions(self) -> list[Question]:
        return [q for q, _ in self.placed()]

    def section_notes(self) -> dict[str, str]:
        return {
            sec.text(0).strip(): str(sec.data(0, _ROLE) or "").strip()
            for sec in self.sections()
            if sec.childCount() and str(sec.data(0, _ROLE) or "").strip()
        }

    def set_notes(self, title: str, text: str) -> None:
        for sec in self.sections():
            if sec.text(0) == title:
                self.tree.setCurrentItem(sec)
                self.notes.setPlainText(text)

    def _renumber(self) -> None:
        """Question numbers as printed (descriptions have none); empty sections go."""
        self.tree.blockSignals(True)
        for sec in self.sections():
            if not sec.childCount() and sec is not self.tree.currentItem():
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(sec))
        number = 0
        for sec in self.sections():
            points = 0.0
            for j in range(sec.childCount()):
                item = sec.child(j)
                q: Question = item.data(0, _ROLE)
                if q.type is QuestionType.DESCRIPTION:
                    item.setText(0, f"(text) {_stem(q)}")
                    continue
                number += 1
                points += q.points
                # the type is said once by a section of that type, else on the line
                kind = "" if sec.text(0) == section_title(q.type) else f"{q.type.label}: "
                item.setText(0, f"{number}. [#{q.id}] {kind}{_stem(q)}")
            sec.setText(1, f"{points:g}")
        self.tree.blockSignals(False)

    # ----- editing ---------------------------------------------------------------------

    def move_selected(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        self.tree.blockSignals(True)
        if parent is None:  # a whole section
            index = self.tree.indexOfTopLevelItem(item)
            target = index + step
            if 0 <= target < self.tree.topLevelItemCount():
                expanded = item.isExpanded()
                self.tree.takeTopLevelItem(index)
                self.tree.insertTopLevelItem(target, item)
                item.setExpanded(expanded)
        else:
            index = parent.indexOfChild(item)
            target = index + step
            if 0 <= target < parent.childCount():
                parent.takeChild(index)
                parent.insertChild(target, item)
            else:  # past the edge: into the neighbouring section
                sections = self.sections()
                neighbour = sections.index(parent) + step
                if 0 <= neighbour < len(sections):
                    parent.takeChild(index)
                    other = sections[neighbour]
                    other.insertChild(other.childCount() if step < 0 else 0, item)
                    other.setExpanded(True)
        self.tree.blockSignals(False)
        self.tree.setCurrentItem(item)
        self._renumber()
        self.changed.emit()

    def new_section(self) -> None:
        titles = {sec.text(0) for sec in self.sections()}
        n = 1
        while f"Part {n}" in titles:
            n += 1
        item = self._section_item(f"Part {n}")
        self.tree.setCurrentItem(item)
        self.tree.editItem(item, 0)

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        if item.parent() is not None or column != 0:
            return
        others = [s.text(0).strip() for s in self.sections() if s is not item]
        title = item.text(0).strip()
        if not title or title in others:  # headings name sections: non-empty, distinct
            self.tree.blockSignals(True)
            n = 2
            base = title or "Section"
            while f"{base} ({n})" in others:
                n += 1
            item.setText(0, f"{base} ({n})" if title else base)
            self.tree.blockSignals(False)
        self._show_notes()
        self.changed.emit()

    def _current_section(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        return item if item is None or item.parent() is None else item.parent()

    def _show_notes(self) -> None:
        section = self._current_section()
        self.notes.blockSignals(True)
        self.notes.setEnabled(section is not None)
        self.notes.setPlainText(str(section.data(0, _ROLE) or "") if section else "")
        self.notes.blockSignals(False)
        self.notes_label.setText(
            f"Instructions for “{section.text(0)}” (optional)"
            if section
            else "Instructions for the selected section (optional)"
        )

    def _notes_edited(self) -> None:
        section = self._current_section()
        if section is not None:
            self.tree.blockSignals(True)  # not a rename: keep the cursor where it is
            section.setData(0, _ROLE, self.notes.toPlainText())
            self.tree.blockSignals(False)
            self.changed.emit()

"""The course chooser: which course (or all decks) the lectures panel shows, its decks,
and making courses (new, rename, add or remove decks).

Within a course, several decks may be picked in its list (Ctrl/Shift-click): finding,
drafting and coverage then work over those decks only (`picked_deck_ids`).

It only shows and asks: its signals ask the window to do the writes on the bank thread
(`storage.courses.Courses`), and the window hands back the courses with `set_courses`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storage.courses import Course
from storage.domain import Deck

ALL_DECKS = "All decks"


class CoursePanel(QWidget):
    course_chosen = Signal(object)  # the course's name, or None for all decks
    scope_changed = Signal(list)  # the deck ids now shown (a course's, or all)
    picked_changed = Signal(list)  # the decks worked over: those picked, else the scope
    deck_chosen = Signal(int)  # a deck of the list was clicked: show it
    create_requested = Signal(str)  # name
    rename_requested = Signal(str, str)  # name, new name
    add_requested = Signal(str, list)  # course name, deck ids
    remove_requested = Signal(str, list)  # course name, deck ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coursePanel")
        self.course_box = QComboBox()
        self.course_box.setToolTip("Search and draft over a course's decks, or over all decks")
        self.new_button = QPushButton("New…")
        self.new_button.setToolTip("Create a course")
        self.rename_button = QPushButton("Rename…")
        self.deck_list = QListWidget()
        self.deck_list.setToolTip(
            "The course's decks; click one to show its slides. Ctrl- or Shift-click to pick "
            "several: finding, drafting and coverage then work over those only"
        )
        self.deck_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # four rows at most: the slides below need the room
        self.deck_list.setMaximumHeight(4 * self.deck_list.fontMetrics().height() + 12)
        self.add_box = QComboBox()
        self.add_box.setToolTip("A deck to add to the course")
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip(
            "Take the chosen decks out of the course (the decks stay in the bank)"
        )
        self.note = QLabel()
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Course</b>"))
        top.addWidget(self.course_box, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.rename_button)
        # a course's own decks and their editing, shown only while a course is chosen
        # (with "All decks" the lectures' deck list below says it all)
        self.course_part = QWidget()
        edit = QHBoxLayout()
        edit.setContentsMargins(0, 0, 0, 0)
        edit.addWidget(self.add_box, 1)
        edit.addWidget(self.add_button)
        edit.addWidget(self.remove_button)
        part = QVBoxLayout(self.course_part)
        part.setContentsMargins(0, 0, 0, 0)
        part.addWidget(self.deck_list)
        part.addLayout(edit)
        part.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.course_part)
        self.read_only = False  # a reviewer's bank: courses are shown, not changed
        self._courses: list[Course] = []
        self._decks: list[Deck] = []
        self.course_box.currentIndexChanged.connect(self._course_changed)
        self.new_button.clicked.connect(self._new)
        self.rename_button.clicked.connect(self._rename)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.deck_list.itemClicked.connect(
            lambda item: self.deck_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.deck_list.itemSelectionChanged.connect(self._picked_changed)
        # tests (and the window) may answer the name question without a dialog
        self.ask_name = self._ask_name
        self.set_courses([], [])

    # ----- what the window feeds in ----------------------------------------------------

    def set_courses(
        self, courses: list[Course], decks: list[Deck], current: str | None = None
    ) -> None:
        """The bank's courses and decks; the course chosen stays chosen if it still exists
        (or `current`, e.g. one just created)."""
        keep = current if current is not None else self.current_course()
        self._courses, self._decks = list(courses), list(decks)
        self.course_box.blockSignals(True)
        self.course_box.clear()
        self.course_box.addItem(ALL_DECKS, None)
        for c in courses:
            self.course_box.addItem(f"{c.name}  ({len(c.deck_ids)} decks)", c.name)
        index = self.course_box.findData(keep) if keep else 0
        self.course_box.setCurrentIndex(max(0, index))
        self.course_box.blockSignals(False)
        self._course_changed(self.course_box.currentIndex())

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._course_changed(self.course_box.currentIndex())

    def current_course(self) -> str | None:
        data = self.course_box.currentData()
        return str(data) if data else None

    def scope_deck_ids(self) -> list[int]:
        """The decks shown: the chosen course's, in its order, or all decks."""
        course = self._course()
        if course is None:
            return [d.id for d in self._decks]
        known = {d.id for d in self._decks}
        return [d for d in course.deck_ids if d in known]

    def picked_deck_ids(self) -> list[int]:
        """The decks finding, drafting and coverage work over: two or more picked in the
        course's list (in its order), else every deck shown (one clicked only shows it)."""
        picked = self._selected_ids()
        return picked if len(picked) >= 2 else self.scope_deck_ids()

    def picked_name(self) -> str:
        """The course's name while its whole scope is worked over; "" for a picked set."""
        return "" if len(self._selected_ids()) >= 2 else (self.current_course() or "")

    def show_selection_counts(self, counts: dict[int, int]) -> None:
        """How many slides are selected in each deck, beside its name in the list."""
        for i in range(self.deck_list.count()):
            item = self.deck_list.item(i)
            deck_id = int(item.data(Qt.ItemDataRole.UserRole))
            n = counts.get(deck_id, 0)
            base = str(item.data(Qt.ItemDataRole.UserRole + 1))
            item.setText(f"{base}  — {n} selected" if n else base)

    # ----- internals -------------------------------------------------------------------

    def _selected_ids(self) -> list[int]:
        if self._course() is None:  # "All decks": the list is hidden, nothing is picked
            return []
        return [
            int(self.deck_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.deck_list.count())
            if self.deck_list.item(i).isSelected()
        ]

    def _picked_changed(self) -> None:
        self._note()
        self.picked_changed.emit(self.picked_deck_ids())

    def _note(self) -> None:
        course, ids, picked = self._course(), self.scope_deck_ids(), self._selected_ids()
        if course is None:
            self.note.setText(f"{len(ids)} deck(s) in the bank.")
        elif not ids:
            self.note.setText(f"“{course.name}” has no decks yet: add some below.")
        elif len(picked) >= 2:
            self.note.setText(
                f"Finding, drafting and coverage work over the {len(picked)} picked deck(s) "
                f"of {len(ids)}."
            )
        else:
            self.note.setText(
                f"Finding and drafting work over the {len(ids)} deck(s) of this course "
                "(Ctrl-click to pick some)."
            )

    def _course(self) -> Course | None:
        name = self.current_course()
        return next((c for c in self._courses if c.name == name), None)

    def _course_changed(self, _index: int) -> None:
        course = self._course()
        titles = {d.id: d.title for d in self._decks}
        ids = self.scope_deck_ids()
        self.deck_list.blockSignals(True)  # the pick is cleared with the list
        self.deck_list.clear()
        self.deck_list.blockSignals(False)
        for deck_id in ids:
            item = QListWidgetItem(titles.get(deck_id, f"deck {deck_id}"))
            item.setData(Qt.ItemDataRole.UserRole, deck_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, item.text())
            self.deck_list.addItem(item)
        self.add_box.clear()
        if course is not None:
            for d in self._decks:
                if d.id not in course.deck_ids:
                    self.add_box.addItem(d.title, d.id)
        # as tall as its decks (four rows at most): the slides below need the room
        rows = max(1, min(4, self.deck_list.count()))
        row = self.deck_list.sizeHintForRow(0) if self.deck_list.count() else 0
        row = max(row, self.deck_list.fontMetrics().height() + 2)
        self.deck_list.setMaximumHeight(rows * row + 2 * self.deck_list.frameWidth() + 4)
        self.course_part.setVisible(course is not None)
        editing = course is not None and not self.read_only
        self.new_button.setEnabled(not self.read_only)
        self.rename_button.setEnabled(editing)
        self.add_box.setEnabled(editing and self.add_box.count() > 0)
        self.add_button.setEnabled(editing and self.add_box.count() > 0)
        self.remove_button.setEnabled(editing and bool(ids))
        self._note()
        self.course_chosen.emit(course.name if course else None)
        self.scope_changed.emit(ids)
        self.picked_changed.emit(self.picked_deck_ids())

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, label, text=text)
        return name.strip() if ok and name.strip() else None

    def _new(self) -> None:
        name = self.ask_name("New course", "Name of the course:")
        if name:
            self.create_requested.emit(name)

    def _rename(self) -> None:
        course = self._course()
        if course is None:
            return
        name = self.ask_name("Rename course", "New name:", course.name)
        if name and name != course.name:
            self.rename_requested.emit(course.name, name)

    def _add(self) -> None:
        course = self._course()
        if course is not None and self.add_box.currentData() is not None:
            self.add_requested.emit(course.name, [int(self.add_box.currentData())])

    def _remove(self) -> None:
        course = self._course()
        picked = self._selected_ids()
        if course is None or not picked:
            if course is not None:
                self.note.setText("Choose the decks to take out of the course in the list.")
            return
        self.remove_requested.emit(course.name, picked)

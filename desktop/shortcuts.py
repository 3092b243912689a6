"""The app's keyboard shortcuts: one table for the actions and for the help dialog.

Widgets create their actions from `SHORTCUTS` by name (`make_action`), so the
list F1 shows is the list that works.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    name: str  # how code refers to it
    keys: str  # QKeySequence text, portable form
    label: str  # what it does, for the help
    where: str  # the part of the window it works in


SHORTCUTS: tuple[Shortcut, ...] = (
    # the editor (they work while the focus is anywhere in it)
    Shortcut(
        "undo",
        "Ctrl+Z",
        "Undo the last edit (in the review queue: bring back discarded drafts)",
        "Editor",
    ),
    Shortcut("redo", "Ctrl+Shift+Z", "Redo", "Editor"),
    Shortcut("save", "Ctrl+S", "Save now (changes are also saved automatically)", "Editor"),
    Shortcut("accept", "Ctrl+Shift+Return", "Accept the question and save", "Editor"),
    Shortcut("add_choice", "Ctrl+Return", "Add an option / answer", "Editor"),
    Shortcut("remove_choice", "Ctrl+Shift+Backspace", "Remove the current option", "Editor"),
    Shortcut("move_up", "Ctrl+Shift+Up", "Move the current option up", "Editor"),
    Shortcut("move_down", "Ctrl+Shift+Down", "Move the current option down", "Editor"),
    Shortcut("toggle_correct", "Ctrl+Shift+K", "Mark the current option correct / wrong", "Editor"),
    Shortcut("bold", "Ctrl+B", "Bold (question text)", "Editor"),
    Shortcut("italic", "Ctrl+I", "Italic (question text)", "Editor"),
    Shortcut("code", "Ctrl+Shift+C", "Code (question text)", "Editor"),
    Shortcut("preview", "Ctrl+P", "Switch between editing and the student view", "Editor"),
    Shortcut(
        "show_key", "Ctrl+Shift+P", "Show or hide the answer key in the student view", "Editor"
    ),
    Shortcut("attach_image", "Ctrl+Shift+I", "Attach an image file", "Editor"),
    Shortcut("crop_image", "Ctrl+Shift+R", "Crop an image from the current slide", "Editor"),
    # the review queue (while the list of drafts has the focus)
    Shortcut("review_accept", "Return", "Accept the selected drafts", "Review queue"),
    Shortcut("review_discard", "Delete", "Discard the selected drafts", "Review queue"),
    Shortcut("review_edit", "E", "Edit the selected draft", "Review queue"),
    Shortcut("review_redraft", "R", "Draft the selected one again", "Review queue"),
    # the slides (while the focus is in the lectures panel)
    Shortcut("slide_prev", "PgUp", "Show the previous slide", "Slides"),
    Shortcut("slide_next", "PgDown", "Show the next slide", "Slides"),
    Shortcut("slide_select", "Space", "Select or unselect the slide shown", "Slides"),
    # the window (main_window.py makes its actions from these so the help stays true)
    Shortcut("import_lecture", "Ctrl+Shift+O", "Import lecture slides", "Window"),
    Shortcut("open_bank", "Ctrl+O", "Open another question bank", "Window"),
    Shortcut("create_exam", "Ctrl+E", "Create an exam (PDF, Moodle XML)", "Window"),
    Shortcut("settings", "Ctrl+,", "Settings", "Window"),
    Shortcut("find_bank", "Ctrl+F", "Search the question bank", "Window"),
    Shortcut("quit", "Ctrl+Q", "Quit", "Window"),
    Shortcut("help", "F1", "Show these shortcuts", "Everywhere"),
)

_BY_NAME = {s.name: s for s in SHORTCUTS}


def shortcut(name: str) -> Shortcut:
    return _BY_NAME[name]


def key_sequence(name: str) -> QKeySequence:
    return QKeySequence(_BY_NAME[name].keys)


def make_action(parent: QWidget, name: str, text: str | None = None) -> QAction:
    """An action with the table's key, working while focus is anywhere in `parent`."""
    entry = _BY_NAME[name]
    action = QAction(text or entry.label, parent)
    action.setObjectName(f"action_{name}")
    action.setShortcut(QKeySequence(entry.keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(f"{entry.label} ({native_text(name)})")
    parent.addAction(action)
    return action


def native_text(name: str) -> str:
    """The keys as this platform writes them (⌘ on macOS)."""
    return QKeySequence(_BY_NAME[name].keys).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsDialog(QDialog):
    """F1: every shortcut of the table, with where it works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(SHORTCUTS), 3)
        self.table.setHorizontalHeaderLabels(["Keys", "Action", "Where"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for row, entry in enumerate(SHORTCUTS):
            for col, text in enumerate((native_text(entry.name), entry.label, entry.where)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 600)

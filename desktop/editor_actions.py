"""The question editor's top bar, its keyboard actions and the saving they ask for.

Mixed into `QuestionEditor` (desktop/question_editor.py), whose widgets and
undo stack these methods use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QWidget,
)

from desktop.shortcuts import SHORTCUTS, ShortcutsDialog, key_sequence, make_action, native_text
from storage.domain import QuestionType, Status


class _KeysToEditor(QObject):
    """Let the editor's shortcuts win over the input widgets' own (their undo, Ctrl+Return)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.sequences = [key_sequence(s.name) for s in SHORTCUTS]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed == s for s in self.sequences):
                event.ignore()
                return True  # not accepted: the shortcut system fires the action
        return False


class EditorActions:
    """Type box, undo/redo, save state, Accept and help; the shortcuts that drive them."""

    def _build_top_bar(self) -> QHBoxLayout:
        self.type_box = QComboBox()
        for kind in QuestionType:
            self.type_box.addItem(kind.label, kind.value)  # enums do not survive QVariant
        self.type_box.setToolTip("Question type: the form adapts; what carries over is kept")
        self.undo_button = QToolButton(text="↶ Undo")
        self.redo_button = QToolButton(text="↷ Redo")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.save_state = QLabel("")
        self.save_state.setObjectName("saveState")
        self.save_state.setStyleSheet("color: palette(mid);")
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip(f"Mark as accepted and save ({native_text('accept')})")
        self.accept_button.clicked.connect(self.accept_question)
        self.help_button = QToolButton(text="?")
        self.help_button.setToolTip(f"Keyboard shortcuts ({native_text('help')})")
        self.help_button.clicked.connect(self.show_shortcuts)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Type:"))
        top.addWidget(self.type_box)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        top.addStretch(1)
        top.addWidget(self.save_state)
        top.addWidget(self.accept_button)
        top.addWidget(self.help_button)
        self.type_box.currentIndexChanged.connect(self._type_picked)
        return top

    def _make_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}

        def act(name: str, slot: Callable[[], object]) -> None:
            action = make_action(self, name)
            action.triggered.connect(slot)
            self.actions_by_name[name] = action

        act("undo", self.undo_stack.undo)
        act("redo", self.undo_stack.redo)
        act("save", self.save_now)
        act("accept", self.accept_question)
        # formatting applies to the question text only (options are one-line plain fields)
        act("bold", lambda: self.stem.hasFocus() and self.stem.toggle_bold())
        act("italic", lambda: self.stem.hasFocus() and self.stem.toggle_italic())
        act("code", lambda: self.stem.hasFocus() and self.stem.toggle_code())
        act("add_choice", self.add_choice)
        act("remove_choice", lambda: self._current_row_op(self.remove_choice))
        act("move_up", lambda: self._current_row_op(lambda i: self.move_choice(i, -1)))
        act("move_down", lambda: self._current_row_op(lambda i: self.move_choice(i, 1)))
        act("toggle_correct", lambda: self._current_row_op(self._toggle_correct_at))
        act("preview", self.toggle_preview)
        act("show_key", lambda: self.preview.show_key.toggle())
        act("attach_image", self.attach_image_dialog)
        act("crop_image", self.crop_button.click)
        act("help", self.show_shortcuts)

    def _install_key_filter(self, root: QWidget) -> None:
        for w in root.findChildren(QWidget):
            if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
                w.installEventFilter(self._keys)
                # the editor's undo covers every field; the widgets' own would fight it
                if isinstance(w, (QTextEdit, QPlainTextEdit)):
                    w.setUndoRedoEnabled(False)

    def accept_question(self) -> None:
        """Mark accepted and ask the window to save now (it checks for duplicates)."""
        if not self.isEnabled():
            return
        self._change(replace(self._state, status=Status.ACCEPTED), "accept")
        self.save_now()

    def save_now(self) -> None:
        if not self.isEnabled():
            return
        self.autosaver.flush()
        self.save_requested.emit(self._state)

    def toggle_preview(self) -> None:
        self.tabs.setCurrentIndex(1 - self.tabs.currentIndex())

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def _show_save_state(self, state: str) -> None:
        self.save_state.setText(state)
        failed = state.startswith("Not saved") or state.startswith("Recovery")
        self.save_state.setStyleSheet("color: #b00020;" if failed else "color: palette(mid);")
        self.save_state.setToolTip(state)

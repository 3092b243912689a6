"""The question editor's undo step: a snapshot of the question before and after one edit."""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from storage.domain import Question

MERGE_PAUSE_S = 1.5  # typing after a longer pause starts a new undo step


class _Shows(Protocol):
    """What a snapshot needs of the editor: to show a question again."""

    def _show(self, q: Question, announce: bool = True) -> None: ...


class _Snapshot(QUndoCommand):
    """One edit: the question before and after. Typing in one field merges."""

    def __init__(
        self, editor: _Shows, before: Question, after: Question, key: str, shown: bool
    ) -> None:
        super().__init__(key)
        self.editor = editor
        self.before = before
        self.after = after
        self.key = key
        self.shown = shown  # the widgets already show `after` (it was typed)
        self.mergeable = key.startswith("text:")
        self.at = time.monotonic()

    def id(self) -> int:
        return 1 if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Snapshot) or other.key != self.key:
            return False
        if other.at - self.at > MERGE_PAUSE_S:
            return False
        self.after = other.after
        self.at = other.at
        return True

    def redo(self) -> None:
        if self.shown:
            self.shown = False
            return
        self.editor._show(self.after)

    def undo(self) -> None:
        self.editor._show(self.before)

"""The bank browser's two views: the question table and the category tree.

Questions are dragged from the table as a list of ids and dropped on a
category to move them there.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTreeView

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
ALL = "\x00all"  # the tree's "All questions" item (no category path looks like it)

ID_MIME = "application/x-quizwright-question-ids"


def _ids_of(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(ID_MIME):
        return []
    try:
        return [int(i) for i in json.loads(bytes(mime.data(ID_MIME).data()).decode())]
    except (ValueError, TypeError):
        return []


class _QuestionTable(QTableView):
    """Drags carry the selected question ids, read from selection ranges.

    (Qt's default would build an index for every selected cell first:
    a million of them when 100,000 rows are selected.)
    """

    def __init__(self, ids: Callable[[], list[int]]) -> None:
        super().__init__()
        self._selected_ids = ids

    def mime(self) -> QMimeData | None:
        ids = self._selected_ids()
        if not ids:
            return None
        mime = QMimeData()
        mime.setData(ID_MIME, QByteArray(json.dumps(ids).encode()))
        mime.setText(f"{len(ids)} question(s)")
        return mime

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        mime = self.mime()
        if mime is not None:
            drag = QDrag(self)
            drag.setMimeData(mime)
            drag.exec(Qt.DropAction.MoveAction)


class _CategoryTree(QTreeView):
    """Questions dropped on a category are moved there (`dropped(ids, path)`)."""

    dropped = Signal(list, str)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def _target(self, event: QDropEvent | QDragMoveEvent) -> str | None:
        path = self.indexAt(event.position().toPoint()).data(PATH_ROLE)
        return None if path is None or path == ALL else str(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(ID_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(ID_MIME) and self._target(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ids, path = _ids_of(event.mimeData()), self._target(event)
        if not ids or path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(ids, path)

"""The bank browser's bulk actions: tag, untag, move, set status, delete.

Mixed into `BankBrowser` (desktop/bank_browser.py): the action bar and the
table's context menu, the dialogs that ask what to do, and the writes, run
through the window's bank thread or a thread of the browser's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QMenu, QMessageBox, QToolButton

from desktop.worker import run_in_background
from storage.bank import QuestionBank
from storage.domain import BulkChange, DeleteImpact, Status

# Up to this many selected questions, "Untag…" offers only the tags they carry.
BLOCK_LIMIT = 2000


def delete_message(impact: DeleteImpact) -> tuple[str, str]:
    """The question and the details a delete confirmation shows."""
    n = len(impact.question_ids)
    what = "this question" if n == 1 else f"these {n:,} questions"
    text = f"Delete {what}? This cannot be undone."
    if impact.safe:
        return text, "No exam uses them."
    exams = [f"#{eid} “{title}”" for eid, title in impact.exams]
    shown = ", ".join(exams[:8]) + (f" and {len(exams) - 8} more" if len(exams) > 8 else "")
    detail = (
        f"{'It is' if n == 1 else 'Some are'} used in {len(exams)} exam(s): {shown}. "
        "Deleting removes them from those exams."
    )
    return text, detail


class BulkActions:
    """What the selected questions can have done to them, and how it is written."""

    def _build_bulk_actions(self) -> QHBoxLayout:
        self.tag_action = QAction("Tag…", self, toolTip="Add a tag to the selected questions")
        self.tag_action.triggered.connect(self._ask_add_tag)
        self.untag_action = QAction(
            "Untag…", self, toolTip="Remove a tag from the selected questions"
        )
        self.untag_action.triggered.connect(self._ask_remove_tag)
        self.move_action = QAction(
            "Move…", self, toolTip="Move the selected questions to a category"
        )
        self.move_action.triggered.connect(self._ask_move)
        self.status_menu = QMenu("Set status", self)
        self.status_actions = {}
        for status in Status:
            action = self.status_menu.addAction(status.value.capitalize())
            action.triggered.connect(lambda _c=False, st=status: self.set_status(st))
            self.status_actions[status] = action
        self.delete_action = QAction("Delete…", self, toolTip="Delete the selected questions")
        # triggered(bool) must not arrive as the id list: the selection is deleted
        self.delete_action.triggered.connect(lambda _checked=False: self.delete_selected())
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)

        actions = QHBoxLayout()
        actions.setSpacing(4)
        self.action_buttons: list[QToolButton] = []
        for action in (self.tag_action, self.untag_action, self.move_action):
            button = QToolButton()
            button.setDefaultAction(action)
            actions.addWidget(button)
            self.action_buttons.append(button)
        self.status_button = QToolButton(text="Set status ▾")
        self.status_button.setMenu(self.status_menu)
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # the style's own menu arrow is drawn over the last letter: the ▾ says it instead
        self.status_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        actions.addWidget(self.status_button)
        delete_button = QToolButton()
        delete_button.setDefaultAction(self.delete_action)
        actions.addWidget(delete_button)
        self.action_buttons.append(delete_button)
        actions.addStretch(1)
        return actions

    # ----- bulk actions (public so scripts and tests can drive them) -----------------

    def add_tag(self, tag: str, ids: list[int] | None = None) -> None:
        self._bulk(
            ids,
            lambda s, ids: s.add_tag(ids, tag),
            lambda c: (
                f"Tagged {c.changed:,} question(s) with “{tag.strip()}”"
                + (f" ({c.asked - c.changed:,} had it already)." if c.asked != c.changed else ".")
            ),
        )

    def remove_tag(self, tag: str, ids: list[int] | None = None) -> None:
        self._bulk(
            ids,
            lambda s, ids: s.remove_tag(ids, tag),
            lambda c: f"Removed “{tag.strip()}” from {c.changed:,} question(s).",
        )

    def move_to_category(self, path: str, ids: list[int] | None = None) -> None:
        where = f"“{path.strip()}”" if path.strip() else "no category"
        self._bulk(
            ids,
            lambda s, ids: s.move_to_category(ids, path),
            lambda c: f"Moved {c.changed:,} question(s) to {where}.",
        )

    def set_status(self, status: Status, ids: list[int] | None = None) -> None:
        self._bulk(
            ids,
            lambda s, ids: s.set_status(ids, status),
            lambda c: f"Marked {c.changed:,} question(s) as {status.value}.",
        )

    def delete_selected(self, ids: list[int] | None = None) -> None:
        """Ask (showing the exams that use them), then delete the questions."""
        ids = self.selected_ids() if ids is None else ids
        bank = self._bank
        if not ids or bank is None or self.read_only:
            return
        self._run(lambda: QuestionBank(bank).delete_impact(ids), self._confirm_delete)

    def _confirm_delete(self, impact: DeleteImpact) -> None:
        text, detail = delete_message(impact)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete questions", text, parent=self)
        box.setObjectName("confirmDelete")
        box.setInformativeText(detail)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return
        ids = list(impact.question_ids)
        self._write(
            lambda s: s.delete(ids, force=True),
            lambda imp: (
                f"Deleted {len(imp.question_ids):,} question(s)"
                + (f"; removed from {len(imp.exams)} exam(s)." if imp.exams else ".")
            ),
        )

    # ----- asking -------------------------------------------------------------------

    def _tag_names(self) -> list[str]:
        return [self.tag_box.itemData(i) for i in range(1, self.tag_box.count())]

    def _ask_add_tag(self) -> None:
        n = len(self.selected_ids())
        # opens empty (an existing tag pre-selected made Enter mis-tag); the tags are offered
        tag, ok = QInputDialog.getItem(
            self,
            "Tag questions",
            f"Tag to add to {n:,} question(s):",
            ["", *self._tag_names()],
            0,
            True,
        )
        if ok and tag.strip():
            self.add_tag(tag)

    def _ask_remove_tag(self) -> None:
        ids = self.selected_ids()
        names = self._tag_names()
        if len(ids) <= BLOCK_LIMIT:  # offer only the tags these questions carry
            service = self.model.service
            carried = {t for s in service.summaries(ids) for t in s.tags} if service else set()
            names = sorted(carried)
        if not names:
            QMessageBox.information(self, "Remove a tag", "The selected questions have no tags.")
            return
        tag, ok = QInputDialog.getItem(
            self, "Remove a tag", f"Tag to remove from {len(ids):,} question(s):", names, 0, False
        )
        if ok and tag:
            self.remove_tag(tag)

    def _ask_move(self) -> None:
        n = len(self.selected_ids())
        paths = [p for p in self._category_paths() if p]
        path, ok = QInputDialog.getItem(
            self,
            "Move to category",
            f"Category for {n:,} question(s) (use / for sub-categories; empty for none):",
            paths,
            0,
            True,
        )
        if ok:
            self.move_to_category(path)

    # ----- running writes -----------------------------------------------------------

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        if self._run_write is not None:
            self._run_write(fn, on_done)
            return
        if self._own_writer is None:
            self._own_writer = QThreadPool(self)
            self._own_writer.setMaxThreadCount(1)
        signals: Any = None

        def done(result: Any) -> None:
            self._jobs.discard(signals)
            on_done(result)

        def failed(exc: BaseException, _details: str) -> None:
            self._jobs.discard(signals)
            QMessageBox.warning(self, "Question bank", str(exc))

        signals = run_in_background(fn, done, failed, self._own_writer)
        self._jobs.add(signals)

    def _bulk(
        self,
        ids: list[int] | None,
        change: Callable[[QuestionBank, list[int]], Any],
        message: Callable[[Any], str],
    ) -> None:
        """A bulk change of `ids` (the selection when None); nothing to do without ids."""
        ids = self.selected_ids() if ids is None else ids
        if ids:
            self._write(lambda s: change(s, ids), message)

    def _write(self, change: Callable[[QuestionBank], Any], message: Callable[[Any], str]) -> None:
        bank = self._bank
        if bank is None:
            return
        ids = self.selected_ids()

        def done(result: BulkChange | DeleteImpact) -> None:
            self._say(message(result))
            self._keep_place(ids)
            self.model.reload()
            self._reload_facets()
            self.bank_changed.emit()

        self._run(lambda: change(QuestionBank(bank)), done)

    def set_read_only(self, read_only: bool) -> None:
        """A bank that may only be read: its bulk actions, Delete and moving questions by
        dragging them onto a category are switched off (they could only fail)."""
        self.read_only = read_only
        self.table.setDragEnabled(not read_only)
        self._update_actions()

    def _update_actions(self) -> None:
        has = (
            self._bank is not None
            and not self.read_only
            and self.table.selectionModel().hasSelection()
        )
        for action in (self.tag_action, self.untag_action, self.move_action, self.delete_action):
            action.setEnabled(has)
        self.status_button.setEnabled(has)

    def _context_menu(self, pos: Any) -> None:
        if not self.table.selectionModel().hasSelection():
            return
        menu = QMenu(self)
        menu.addAction(self.tag_action)
        menu.addAction(self.untag_action)
        menu.addAction(self.move_action)
        menu.addMenu(self.status_menu)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

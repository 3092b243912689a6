"""Someone else saved the question first: both versions side by side, and a choice.

The bank refuses a save made from an older version (storage.question_history.
EditConflictError, carrying `mine` and `theirs`). `resolve_conflict(parent,
error)` shows the two next to each other with the fields that differ, and
returns what to do:

- ("mine", q): save `q`, my version over theirs (theirs is kept in the history);
- ("theirs", q): nothing to save, show `q` (theirs) in the editor;
- ("merged", q): save `q`, theirs with the fields ticked "mine" taken from mine;
- None: decide later (my edits stay in the editor, unsaved).

The returned question carries the stored version, so saving it goes through
unless someone saves again meanwhile (then the dialog comes back).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.duplicate_dialog import _side
from storage.domain import Question
from storage.question_history import FIELD_LABELS, EditConflictError, merge_versions

Resolution = tuple[str, Question]


def _when(q: Question) -> str:
    return q.updated_at.strftime("%Y-%m-%d %H:%M") if q.updated_at else "just now"


class ConflictDialog(QDialog):
    """Keep mine / Keep theirs / Merge fields, for a save refused as out of date."""

    def __init__(self, error: EditConflictError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Someone else changed this question")
        self.mine, self.theirs = error.mine, error.theirs
        self.resolution: Resolution | None = None
        who = self.theirs.updated_by or "someone else"
        intro = QLabel(
            f"{who} saved question {self.theirs.id} at {_when(self.theirs)} (version "
            f"{self.theirs.version}) while you were editing version {self.mine.version}. "
            "Nothing was overwritten. Choose which version to keep, or take fields from each."
        )
        intro.setWordWrap(True)
        intro.setObjectName("conflictIntro")

        mine_label, self.mine_view = _side(self.mine, "<b>Your version</b> (not saved)")
        theirs_label, self.theirs_view = _side(
            self.theirs, f"<b>Their version</b> (saved by {who})"
        )
        grid = QGridLayout()
        grid.addWidget(mine_label, 0, 0)
        grid.addWidget(theirs_label, 0, 1)
        grid.addWidget(self.mine_view, 1, 0)
        grid.addWidget(self.theirs_view, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        # one tick per differing field: ticked = take mine, else keep theirs
        self.field_boxes: dict[str, QCheckBox] = {}
        fields_box = QGroupBox("Merge fields: tick the ones to take from your version")
        fields_layout = QVBoxLayout(fields_box)
        for name in error.fields:
            box = QCheckBox(FIELD_LABELS.get(name, name.replace("_", " ").capitalize()))
            box.setObjectName(f"field_{name}")
            box.setChecked(True)  # a merge starts from my edits
            fields_layout.addWidget(box)
            self.field_boxes[name] = box
        if not error.fields:
            fields_layout.addWidget(QLabel("The two versions say the same."))

        self.keep_mine = QPushButton("Keep mine")
        self.keep_mine.setToolTip("Save your version; theirs stays in the question's history")
        self.keep_theirs = QPushButton("Keep theirs")
        self.keep_theirs.setToolTip("Drop your edits and show their version")
        self.merge = QPushButton("Merge fields")
        self.merge.setToolTip("Save their version with the ticked fields taken from yours")
        self.later = QPushButton("Decide later")
        self.later.setToolTip("Close; your edits stay in the editor, not saved")
        self.keep_mine.clicked.connect(lambda: self._decide("mine"))
        self.keep_theirs.clicked.connect(lambda: self._decide("theirs"))
        self.merge.clicked.connect(lambda: self._decide("merged"))
        self.later.clicked.connect(self.reject)
        self.merge.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.later)
        buttons.addStretch(1)
        for b in (self.keep_theirs, self.keep_mine, self.merge):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(fields_box)
        layout.addLayout(buttons)
        self.resize(960, 640)

    def chosen_fields(self) -> list[str]:
        return [name for name, box in self.field_boxes.items() if box.isChecked()]

    def result_for(self, how: str) -> Resolution:
        if how == "theirs":
            return how, self.theirs
        from_mine = list(self.field_boxes) if how == "mine" else self.chosen_fields()
        return how, merge_versions(self.mine, self.theirs, from_mine)

    def _decide(self, how: str) -> None:
        self.resolution = self.result_for(how)
        self.accept()


def resolve_conflict(parent: QWidget | None, error: EditConflictError) -> Resolution | None:
    """Ask what to do about a refused save (see the module's docstring)."""
    dialog = ConflictDialog(error, parent)
    dialog.exec()
    return dialog.resolution

"""The refused-save dialog: both versions, keep mine / keep theirs / merge fields.

The conflict comes from a real bank file edited through two bank objects (two
instructors); the dialog's choice is saved and must then go through.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

from desktop.conflict_dialog import ConflictDialog, resolve_conflict
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.question_history import EditConflictError, history
from tests.conftest import SAMPLE


@pytest.fixture
def conflict(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Ana saved a new stem; Ben, editing the same version, changed points and tags."""
    path = tmp_path / "shared.sqlite"
    with open_bank(path) as a, open_bank(path) as b:
        ana, ben = QuestionBank(a), QuestionBank(b)
        ana.author, ben.author = "ana", "ben"
        qid = ana.add(SAMPLE[0]).id
        his = ben.get(qid)
        ana.update(replace(ana.get(qid), stem="Which matrices does LoRA train?"))
        with pytest.raises(EditConflictError) as caught:
            ben.update(replace(his, points=2.0, tags=("lora",)))
        yield ben, caught.value


def _dialog(qtbot, error: EditConflictError) -> ConflictDialog:  # type: ignore[no-untyped-def]
    dialog = ConflictDialog(error)
    qtbot.addWidget(dialog)
    return dialog


def test_both_versions_are_shown_with_the_fields_that_differ(qtbot, conflict) -> None:  # type: ignore[no-untyped-def]
    _, error = conflict
    dialog = _dialog(qtbot, error)
    intro = dialog.findChild(QLabel, "conflictIntro")
    assert intro is not None and "ana saved question" in intro.text()
    assert "Nothing was overwritten" in intro.text()
    texts = dialog.mine_view.toPlainText(), dialog.theirs_view.toPlainText()
    assert SAMPLE[0].stem in texts[0] and "Which matrices does LoRA train?" in texts[1]
    assert set(dialog.field_boxes) == {"stem", "points", "tags"}
    assert dialog.field_boxes["stem"].text() == "Question text"


def test_keep_mine_saves_mine_over_theirs(qtbot, conflict) -> None:  # type: ignore[no-untyped-def]
    ben, error = conflict
    dialog = _dialog(qtbot, error)
    qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    how, q = dialog.resolution
    assert how == "mine"
    saved = ben.update(q)  # goes through: it carries the stored version
    assert saved.stem == SAMPLE[0].stem and saved.points == 2.0 and saved.tags == ("lora",)
    assert history(ben, q.id)[1].question.stem == "Which matrices does LoRA train?"


def test_keep_theirs_saves_nothing(qtbot, conflict) -> None:  # type: ignore[no-untyped-def]
    ben, error = conflict
    dialog = _dialog(qtbot, error)
    qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
    how, q = dialog.resolution
    assert how == "theirs" and q == error.theirs
    assert ben.get(q.id).version == 2


def test_merge_fields_takes_the_ticked_ones_from_mine(qtbot, conflict) -> None:  # type: ignore[no-untyped-def]
    ben, error = conflict
    dialog = _dialog(qtbot, error)
    dialog.field_boxes["stem"].setChecked(False)  # keep their stem, my points and tags
    qtbot.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    how, q = dialog.resolution
    saved = ben.update(q)
    assert how == "merged"
    assert saved.stem == "Which matrices does LoRA train?"
    assert saved.points == 2.0 and saved.tags == ("lora",) and saved.version == 3


def test_decide_later_returns_none(qtbot, conflict) -> None:  # type: ignore[no-untyped-def]
    _, error = conflict

    def close_it() -> None:
        from PySide6.QtWidgets import QApplication

        for w in QApplication.topLevelWidgets():
            if isinstance(w, ConflictDialog) and w.isVisible():
                w.later.click()

    QTimer.singleShot(100, close_it)
    assert resolve_conflict(None, error) is None


def test_the_author_name_in_settings_is_kept(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from desktop.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert settings.author_name() == ""
    settings.set_author_name("  Dr. Ana Ortiz  ")
    assert settings.author_name() == "Dr. Ana Ortiz"
    with open_bank(tmp_path / "b.sqlite") as b:
        service = QuestionBank(b)
        service.author = settings.author_name() or service.author  # as the window does
        assert service.add(SAMPLE[1]).created_by == "Dr. Ana Ortiz"


def test_the_editor_saves_on_top_of_its_own_saves_and_meets_others(qtbot, tmp_path: Path) -> None:
    from desktop.question_editor import QuestionEditor
    from storage.recovery import RecoveryJournal

    path = tmp_path / "shared.sqlite"
    with open_bank(path) as a, open_bank(path) as b:
        mine, theirs = QuestionBank(a), QuestionBank(b)
        qid = mine.add(SAMPLE[0]).id
        calls: list = []
        editor = QuestionEditor(save=calls.append, journal=RecoveryJournal(tmp_path / "r"))
        qtbot.addWidget(editor)
        editor.load(mine.get(qid))
        editor.tags.setText("lora")
        editor.flush()
        editor.tags.setText("lora, peft, exam")  # typed while the first save is in flight
        editor.flush()
        assert len(calls) == 1 and calls[0].version == 1
        editor.saved(mine.update(calls[0]))
        assert len(calls) == 2 and calls[1].version == 2  # builds on the save just made
        editor.saved(mine.update(calls[1]))
        editor.undo_stack.undo()
        editor.flush()
        assert calls[-1].version == 3
        editor.saved(mine.update(calls[-1]))
        # another instructor saves: the editor's next save is refused, with both
        theirs.update(replace(theirs.get(qid), title="theirs"))
        editor.tags.setText("mine")
        editor.flush()
        with pytest.raises(EditConflictError) as caught:
            mine.update(calls[-1])
        assert caught.value.theirs.title == "theirs" and caught.value.mine.tags == ("mine",)

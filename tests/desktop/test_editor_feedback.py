"""The editor's feedback-by-response and hints box, driven through its widgets: edit,
save into a real bank file, load again, undo; which types show what; problems in words."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.autosave import SAVED
from desktop.question_editor import QuestionEditor
from desktop.question_preview import MOODLE, preview_html
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Choice, Hint, Question, QuestionType, TextFormat
from storage.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from storage.recovery import RecoveryJournal

MULTI = Question(
    QuestionType.MULTI,
    "Which are prime?",
    (Choice("2", 0.5), Choice("3", 0.5), Choice("4", 0.0)),
    title="Primes",
)
ORDERING = Question(
    QuestionType.ORDERING,
    "Order the planets from the Sun.",
    tuple(Choice(t, 1.0) for t in ("Mercury", "Venus", "Earth")),
    hints=(Hint("Start near the Sun.", show_num_correct=True, options="1"),),
)
CLOZE = Question(
    QuestionType.CLOZE,
    "The capital of France is {1:SA:=Paris}.",
    hints=(Hint("A city on the Seine.", clear_wrong=True),),
)


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[QuestionBank]:
    with open_bank(tmp_path / "bank.sqlite") as b:
        yield QuestionBank(b)


def _editor(qtbot, tmp_path: Path, bank: QuestionBank | None = None) -> QuestionEditor:
    def save(q: Question) -> None:
        assert bank is not None
        try:
            stored = bank.update(q) if q.id is not None else bank.add(q)
        except Exception as exc:  # the editor shows it in words (save state)
            e.save_failed(q, str(exc))
        else:
            e.saved(stored)

    e = QuestionEditor(save=save if bank else None, journal=RecoveryJournal(tmp_path / "rec"))
    qtbot.addWidget(e)
    e.resize(640, 680)
    e.show()
    qtbot.waitExposed(e)
    e.activateWindow()  # shortcuts (Ctrl+Z) go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is e)
    return e


def _type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_edit_feedback_and_hints_save_to_a_bank_file_and_load_again(
    qtbot, tmp_path: Path, bank: QuestionBank
) -> None:
    stored = bank.add(MULTI)
    e = _editor(qtbot, tmp_path, bank)
    e.load(stored)
    box = e.feedback_box
    assert box.isVisible() and not box.body.isVisible()  # collapsed: one line
    assert box.summary.text() == "no feedback texts · 0 hints"
    box.toggle.click()
    assert box.body.isVisible() and box.show_num_correct.isVisible()

    _type_into(qtbot, box.texts["correct_feedback"], "All right.")
    _type_into(qtbot, box.texts["partial_feedback"], "Some: 2 < 3 & both prime.")
    _type_into(qtbot, box.texts["incorrect_feedback"], "Look again.")
    box.show_num_correct.click()  # on by default (as in Moodle): now off
    box.add_button.click()
    assert len(box.rows) == 1 and e.focusWidget() is box.rows[0].text
    _type_into(qtbot, box.rows[0].text, "Two of them are.")
    box.rows[0].clear_wrong.click()
    box.add_button.click()
    _type_into(qtbot, box.rows[1].text, "Even numbers >2 are not.")
    box.rows[1].show_num_correct.click()
    assert not box.rows[0].highlight.isVisible()  # ordering only

    q = e.current()
    assert q.correct_feedback == "All right."
    assert q.partial_feedback == "Some: 2 < 3 & both prime."  # plain text question
    assert q.incorrect_feedback == "Look again." and not q.show_num_correct
    assert q.hints == (
        Hint("Two of them are.", clear_wrong=True),
        Hint("Even numbers >2 are not.", show_num_correct=True),
    )
    assert box.summary.text() == "3 of 3 feedback texts · 2 hints"

    e.flush()
    qtbot.waitUntil(lambda: e.autosaver.state == SAVED, timeout=5000)
    again = bank.get(stored.id or 0)
    assert again.hints == q.hints and again.partial_feedback == q.partial_feedback
    assert not again.show_num_correct

    # a fresh editor on what the bank holds shows the same, and reads back the same
    other = _editor(qtbot, tmp_path)
    other.load(again)
    assert other.read_widgets() == other.current() == again
    assert [r.text.toPlainText() for r in other.feedback_box.rows] == [
        "Two of them are.",
        "Even numbers >2 are not.",
    ]
    assert other.feedback_box.rows[0].clear_wrong.isChecked()
    assert not other.feedback_box.show_num_correct.isChecked()
    # and Moodle XML carries it all
    (back,) = import_moodle_xml(export_moodle_xml([again])).questions
    assert back.hints == again.hints and back.partial_feedback == again.partial_feedback


def test_each_edit_is_one_undo_step_and_undo_shows_it_again(qtbot, tmp_path: Path) -> None:
    e = _editor(qtbot, tmp_path)
    e.load(MULTI)
    loaded = e.current()  # MULTI with the name a new question gets
    box = e.feedback_box
    box.set_expanded(True)
    _type_into(qtbot, box.texts["correct_feedback"], "Yes")
    box.add_button.click()
    _type_into(qtbot, box.rows[0].text, "Think")
    box.rows[0].show_num_correct.click()
    box.add_button.click()
    _type_into(qtbot, box.rows[1].text, "Second")
    full = e.current()
    box.rows[0].remove.click()  # remove hint 1: hint 2 moves up
    assert e.current().hints == (Hint("Second"),)
    assert box.rows[0].text.toPlainText() == "Second" and len(box.rows) == 1
    assert not box.rows[0].show_num_correct.isChecked()

    e.undo_stack.undo()  # the removal
    assert e.current() == full
    assert box.rows[0].text.toPlainText() == "Think" and box.rows[0].show_num_correct.isChecked()
    e.undo_stack.undo()  # typing of hint 2
    e.undo_stack.undo()  # adding hint 2
    assert len(box.rows) == 1
    e.undo_stack.undo()  # the tick
    assert not box.rows[0].show_num_correct.isChecked()
    e.undo_stack.undo()  # typing of hint 1
    e.undo_stack.undo()  # adding hint 1
    assert box.rows == [] and e.current().hints == ()
    e.undo_stack.undo()  # typing of the feedback
    assert e.current() == loaded and box.texts["correct_feedback"].toPlainText() == ""
    for _ in range(7):
        e.undo_stack.redo()
    assert e.current().hints == (Hint("Second"),)

    # Ctrl+Z in a hint's own field is the editor's undo, not the field's
    box.add_button.click()
    _type_into(qtbot, box.rows[1].text, "x")
    QTest.keyClick(box.rows[1].text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert e.current().hints == (Hint("Second"), Hint(""))


def test_what_each_type_shows(qtbot, tmp_path: Path) -> None:
    e = _editor(qtbot, tmp_path)
    box = e.feedback_box
    box.set_expanded(True)
    e.load(ORDERING)
    assert box.combined.isVisible() and box.hints_box.isVisible()
    row = box.rows[0]
    assert row.highlight.isVisible() and row.highlight.isChecked()
    assert row.show_num_correct.isVisible() and not row.clear_wrong.isVisible()
    row.highlight.click()
    assert e.current().hints == (Hint("Start near the Sun.", show_num_correct=True),)
    row.highlight.click()
    assert e.current().hints == ORDERING.hints

    e.load(CLOZE)  # hints, no combined feedback
    assert not box.combined.isVisible() and box.hints_box.isVisible()
    assert box.rows[0].clear_wrong.isChecked()
    assert box.summary.text() == "1 hint" and box.toggle.text() == "Hints"
    assert e.read_widgets() == e.current()

    e.load(
        Question(QuestionType.MCQ, "Pick one.", (Choice("a", 1.0), Choice("b"), Choice("c")))
    )  # one answer: Moodle greys out "show the number of correct responses"
    assert box.combined.isVisible() and not box.show_num_correct.isVisible()

    # true/false has none of it: the box goes; a switch keeps the hints for a switch back
    e.load(MULTI)
    e.add_hint()
    _type_into(qtbot, box.rows[0].text, "kept")
    e.type_box.setCurrentIndex(e.type_box.findData(QuestionType.TRUE_FALSE.value))
    assert e.current().type is QuestionType.TRUE_FALSE and not box.isVisible()
    assert e.current().hints == (Hint("kept"),)
    e.undo_stack.undo()
    assert box.isVisible() and box.rows[0].text.toPlainText() == "kept"


def test_html_questions_keep_their_feedback_markup(qtbot, tmp_path: Path) -> None:
    q = Question(
        QuestionType.MATCHING,
        "<p>Match the capitals.</p>",
        (
            Choice("France", 1.0, match="Paris"),
            Choice("Italy", 1.0, match="Rome"),
            Choice("", 0.0, match="Madrid"),
        ),
        text_format=TextFormat.HTML,
        correct_feedback="<p>Well <b>done</b>.</p>",
        partial_feedback="Half &amp; half",
        hints=(Hint("Big &lt;cities&gt;"),),
        uuid="u-1",
    )
    e = _editor(qtbot, tmp_path)
    e.load(q)
    box = e.feedback_box
    assert box.texts["correct_feedback"].toPlainText() == "<p>Well <b>done</b>.</p>"
    assert box.texts["partial_feedback"].toPlainText() == "Half & half"
    assert box.rows[0].text.toPlainText() == "Big <cities>"
    assert e.read_widgets() == e.current() == q


def test_an_empty_hint_is_named_in_words(qtbot, tmp_path: Path) -> None:
    e = _editor(qtbot, tmp_path)
    e.load(MULTI)
    box = e.feedback_box
    box.set_expanded(False)
    e.add_hint()  # expands the box to show the new hint
    assert box.expanded()
    assert box.problems.isVisible()
    message = "Hint 1 is empty: Moodle drops a hint with no text and no option ticked."
    assert box.problems.text() == message
    # and among the live checks under the form
    assert [i.message for i in e.run_checks() if i.code == "hint"] == [message]
    assert message in e.checks.text()
    box.set_expanded(False)
    e.add_hint()
    box.set_expanded(False)
    assert box.summary.text() == "no feedback texts · 2 hints · 2 problems"
    box.set_expanded(True)
    assert box.summary.text() == "no feedback texts · 2 hints"  # listed inside
    _type_into(qtbot, box.rows[0].text, "Now it says something")
    box.rows[1].clear_wrong.click()  # an option ticked: Moodle keeps it
    assert not box.problems.isVisible() and box.problems.text() == ""
    assert not [i for i in e.run_checks() if i.code == "hint"]


def test_the_key_in_the_student_view_lists_them() -> None:
    q = replace(MULTI, correct_feedback="All right.", hints=(Hint("Two of them."), Hint("")))
    key = preview_html(q, MOODLE, show_key=True)
    assert "For any correct response:" in key and "All right." in key
    assert "For any partially correct response" not in key  # empty: not listed
    assert "Hint 1:" in key and "Two of them." in key and "Hint 2:" in key
    assert "Hint 1:" not in preview_html(q, MOODLE, show_key=False)
    tf = Question(QuestionType.TRUE_FALSE, "Sky is blue.", (Choice("true", 1.0), Choice("false")))
    assert "Hint" not in preview_html(replace(tf, hints=(Hint("kept"),)), MOODLE, show_key=True)

"""The question editor, driven through its widgets: edit, undo/redo, checks, autosave,
the duplicate dialog and the crop dialog."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from desktop.crop_dialog import CropDialog
from desktop.duplicate_dialog import DuplicateDialog
from desktop.question_editor import QuestionEditor, convert
from desktop.question_preview import MOODLE, PAPER, preview_html
from desktop.shortcuts import SHORTCUTS, ShortcutsDialog
from storage.bank import DuplicateDecision, QuestionBank
from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Question,
    QuestionImage,
    QuestionType,
    SlideRef,
    Status,
    TextFormat,
)
from storage.recovery import RecoveryJournal
from storage.slide_images import page_size
from tests.conftest import FIXTURES, SAMPLE, mcq

ROOT = Path(__file__).resolve().parents[2]
PDF = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"


def _png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "blue").save(out, "PNG")
    return out.getvalue()


FULL = Question(
    QuestionType.MULTI,
    "<p>Which hold for \\(\\mathrm{softmax}(QK^T/\\sqrt{d_k})\\) in <b>attention</b>?</p>"
    '<ul><li>rows sum to one</li></ul><p><img src="attn.png"></p>',
    (
        Choice("Its rows sum to 1 &amp; are non-negative", 0.5, "Yes: it is a distribution."),
        Choice("It scales with \\(d_k\\)", -0.5, "No."),
        Choice("It is computed per query", 0.5, "Right."),
    ),
    title="Softmax in attention",
    general_feedback="See slide 12.",
    difficulty=Difficulty.HARD,
    bloom=Bloom.UNDERSTAND,
    points=2.5,
    text_format=TextFormat.HTML,
    images=(QuestionImage("attn.png", _png()),),
    tags=("attention", "softmax"),
    category="NLP/Transformers",
    sources=(SlideRef(1, 2, "softmax"),),
    id=17,
    uuid="u-17",
)


@pytest.fixture
def journal(tmp_path: Path) -> RecoveryJournal:
    return RecoveryJournal(tmp_path / "recovery")


@pytest.fixture
def editor(qtbot, journal: RecoveryJournal) -> QuestionEditor:
    e = QuestionEditor(journal=journal)
    qtbot.addWidget(e)
    e.resize(760, 680)
    e.show()
    qtbot.waitExposed(e)
    return e


def _type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


# ----------------------------------------------------------------------------- loading


@pytest.mark.parametrize("question", [*SAMPLE, FULL], ids=lambda q: q.type.value + str(q.id))
def test_every_field_round_trips_through_the_widgets(editor: QuestionEditor, question) -> None:
    editor.load(question)
    shown = editor.read_widgets()  # built from the widgets alone
    expected = editor.current()
    assert shown == expected
    assert replace(shown, uuid=question.uuid) == question
    assert editor.undo_stack.count() == 0


def test_html_texts_show_as_typed_and_come_back_escaped(editor: QuestionEditor) -> None:
    editor.load(FULL)
    assert editor._rows[0].text.text() == "Its rows sum to 1 & are non-negative"
    assert editor.stem.document().toPlainText().startswith("Which hold for \\(")


# ----------------------------------------------------------------------------- editing


def test_editing_every_kind_of_field(qtbot, editor: QuestionEditor) -> None:
    editor.load(SAMPLE[0])
    seen: list[Question] = []
    editor.changed.connect(seen.append)
    _type_into(qtbot, editor._rows[1].text, " only")
    _type_into(qtbot, editor._rows[2].feedback, "Embeddings are frozen too.")
    editor.tags.setText("lora, peft, fine-tuning")
    editor.category.setEditText("LLM/Adapters")
    editor.difficulty.setCurrentIndex(editor.difficulty.findData("hard"))
    editor.bloom.setCurrentIndex(editor.bloom.findData("apply"))
    editor.points.setValue(3)
    editor._rows[2].correct.click()  # single answer: the key moves to C
    q = editor.current()
    assert q.choices[1].text == "All weights of the pre-trained model only"
    assert q.choices[2].feedback == "Embeddings are frozen too."
    assert q.tags == ("lora", "peft", "fine-tuning")
    assert q.category == "LLM/Adapters"
    assert q.difficulty is Difficulty.HARD and q.bloom is Bloom.APPLY and q.points == 3
    assert [c.fraction for c in q.choices] == [0.0, 0.0, 1.0]
    assert seen and seen[-1] == q


def test_bold_and_lists_make_the_stem_html_and_escape_options(
    qtbot, editor: QuestionEditor
) -> None:
    editor.load(mcq("Which is smaller: a or b?", "a < b", "a > b", "a = b"))
    cursor = editor.stem.textCursor()
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    editor.stem.setTextCursor(cursor)
    editor.stem.setFocus()
    QTest.keyClick(editor.stem, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # Ctrl+B
    q = editor.current()
    assert q.text_format is TextFormat.HTML
    assert q.stem == "<p><b>Which</b> is smaller: a or b?</p>"
    assert q.choices[0].text == "a &lt; b"  # options follow the question's format
    cursor = editor.stem.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertBlock()
    editor.stem.setTextCursor(cursor)
    editor.format_buttons["bullets"].click()
    editor.stem.insertPlainText("first point")
    assert editor.current().stem.endswith("<ul><li>first point</li></ul>")
    # and back again: the editor shows what it stored
    stored = editor.current()
    editor.load(stored)
    assert editor.read_widgets() == editor.current()
    assert editor._rows[0].text.text() == "a < b"


def test_true_false_numerical_short_and_essay_forms(qtbot, editor: QuestionEditor) -> None:
    editor.load(SAMPLE[1])  # true/false, true
    editor.tf_false.click()
    _type_into(qtbot, editor.tf_true_feedback, "No: bytes cover everything.")
    q = editor.current()
    assert [(c.text, c.fraction, c.feedback) for c in q.choices] == [
        ("true", 0.0, "No: bytes cover everything."),
        ("false", 1.0, ""),
    ]
    editor.load(SAMPLE[3])  # numerical
    editor.num_value.setText("8")
    editor.num_tolerance.setValue(0.5)
    editor.num_unit.setText("bit")
    q = editor.current()
    assert q.choices[0] == Choice("8", 1.0, "", 0.5) and q.unit == "bit"
    assert not editor.num_more.isVisible()
    two = replace(SAMPLE[3], choices=(Choice("8", 1.0, tolerance=0.0), Choice("8.0", 0.5, "", 0.1)))
    editor.load(two)
    assert editor.num_more.isVisible() and "8.0 ± 0.1" in editor.num_more.text()
    editor.num_value.setText("16")
    assert editor.current().choices[1] == two.choices[1]  # kept as imported
    editor.load(SAMPLE[2])  # short answer
    editor.add_choice()
    _type_into(qtbot, editor._rows[-1].text, "byte-pair encoding")
    editor.case_sensitive.click()
    q = editor.current()
    assert q.choices[-1] == Choice("byte-pair encoding", 1.0) and q.case_sensitive
    editor.load(SAMPLE[4])  # essay
    editor.grader_info.setPlainText("Deliverables: code, report.\nRubric: 50/50.")
    editor.response_template.setPlainText("import torch")
    q = editor.current()
    assert q.grader_info.startswith("Deliverables") and q.response_template == "import torch"


def test_type_switch_keeps_what_it_can_and_undo_restores_it(editor: QuestionEditor) -> None:
    original = replace(SAMPLE[0], general_feedback="LoRA adds low-rank matrices.")
    editor.load(original)
    before = editor.current()
    editor.type_box.setCurrentIndex(editor.type_box.findData("short"))
    q = editor.current()
    assert q.type is QuestionType.SHORT
    assert q.choices == (Choice(original.choices[0].text, 1.0),)  # the key became the answer
    assert (q.stem, q.tags, q.category, q.general_feedback) == (
        original.stem,
        original.tags,
        original.category,
        original.general_feedback,
    )
    assert editor.answer_box.title() == "Accepted answers"
    editor.type_box.setCurrentIndex(editor.type_box.findData("truefalse"))
    assert [c.text for c in editor.current().choices] == ["true", "false"]
    editor.type_box.setCurrentIndex(editor.type_box.findData("essay"))
    assert editor.current().choices == () and editor.answer_box.title() == "Task details"
    for _ in range(3):
        editor.undo_stack.undo()
    assert editor.current() == before
    assert editor.type_box.currentData() == "mcq" and len(editor._rows) == 3


def test_convert_between_choice_types() -> None:
    multi = Question(
        QuestionType.MULTI, "Which?", (Choice("a", 0.5), Choice("b", 0.5), Choice("c"))
    )
    single = convert(multi, QuestionType.MCQ)
    assert [c.fraction for c in single.choices] == [1.0, 0.0, 0.0]
    back = convert(single, QuestionType.MULTI)
    assert [c.fraction for c in back.choices] == [1.0, 0.0, 0.0]
    numerical = convert(mcq("How many?", "8", "4", "16"), QuestionType.NUMERICAL)
    assert numerical.choices == (Choice("8", 1.0, "", 0.0),)


# ----------------------------------------------------------------------------- undo / redo


def test_undo_redo_of_typing_and_choice_operations(qtbot, editor: QuestionEditor) -> None:
    editor.load(SAMPLE[0])
    original = editor.current()
    _type_into(qtbot, editor._rows[1].text, " xyz")  # one undo step for the word-run
    typed = editor.current()
    editor.add_choice()
    _type_into(qtbot, editor._rows[3].text, "Only the biases")
    editor.move_choice(3, -1)
    assert [c.text for c in editor.current().choices][2:] == [
        "Only the biases",
        "Only the token embeddings",
    ]
    editor.remove_choice(0)
    assert len(editor.current().choices) == 3
    moved = editor.current()

    editor.undo_stack.undo()  # remove
    assert len(editor.current().choices) == 4 and editor.current().choices[0].correct
    editor.undo_stack.undo()  # move
    assert editor.current().choices[3].text == "Only the biases"
    editor.undo_stack.undo()  # typed option text
    editor.undo_stack.undo()  # add
    assert editor.current() == typed
    editor.undo_stack.undo()  # the typing in option B
    assert editor.current() == original
    assert editor._rows[1].text.text() == original.choices[1].text
    for _ in range(5):
        editor.undo_stack.redo()
    assert editor.current() == moved
    assert [r.text.text() for r in editor._rows] == [c.text for c in moved.choices]


def test_ctrl_z_in_a_text_field_uses_the_editors_undo(qtbot, editor: QuestionEditor) -> None:
    editor.load(SAMPLE[0])
    editor.add_choice()  # a structural edit the field's own undo would not know about
    field = editor._rows[0].text
    _type_into(qtbot, field, "!")
    assert editor.current().choices[0].text.endswith("!")
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not editor.current().choices[0].text.endswith("!")
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.current().choices) == 3
    QTest.keyClick(
        field,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(editor.current().choices) == 4
    # Ctrl+Shift+Down moves the option with the focus
    editor._rows[0].text.setFocus()
    first = editor.current().choices[0]
    QTest.keyClick(
        editor._rows[0].text,
        Qt.Key.Key_Down,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.current().choices[1] == first


# ----------------------------------------------------------------------------- live checks


def _codes(editor: QuestionEditor) -> set[str]:
    return {i.code for i in editor.issues()}


def test_live_checks_appear_and_clear_inline(qtbot, editor: QuestionEditor) -> None:
    editor.load(mcq("Which optimizer adapts per-parameter step sizes?", "Adam", "SGD", "Momentum"))
    assert _codes(editor) == set()
    assert "No problems" in editor.checks.text()
    field = editor._rows[2].text
    field.selectAll()
    _type_into(qtbot, field, "sgd")
    qtbot.waitUntil(lambda: "duplicate-options" in _codes(editor), timeout=3000)
    assert "say the same thing" in editor.checks.text()
    assert editor.checks.isVisible()  # inline, not a dialog
    editor._rows[0].correct.click()  # untick the only key
    qtbot.waitUntil(lambda: "correct-count" in _codes(editor), timeout=3000)
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: _codes(editor) == set(), timeout=3000)
    # a key much longer than the distractors
    _type_into(qtbot, editor._rows[0].text, " (adaptive moment estimation, by Kingma and Ba)")
    qtbot.waitUntil(lambda: "length-biased-key" in _codes(editor), timeout=3000)


def test_ungrounded_answer_is_flagged_when_slide_text_is_known(
    qtbot, editor: QuestionEditor
) -> None:
    slides = {(1, 4): "Adam adapts the step size of every parameter from gradient moments."}
    q = replace(
        mcq("Which optimizer adapts per-parameter step sizes?", "Adam", "SGD", "Momentum"),
        sources=(SlideRef(1, 4, ""),),
    )
    editor.load(q, slides)
    assert "ungrounded" not in _codes(editor)
    editor.load(q, {(1, 4): "Dropout randomly zeroes activations during training."})
    assert "ungrounded" in _codes(editor)
    assert "not supported by the slides" in editor.checks.text()


# ----------------------------------------------------------------------------- preview


def test_preview_renders_maths_images_and_the_key(qtbot, editor: QuestionEditor) -> None:
    editor.load(FULL)
    # under the TeX as typed, a line shows it as students will see it
    assert editor.maths_line.isVisible() and "√" in editor.maths_line.text()
    editor.load(SAMPLE[0])
    assert not editor.maths_line.isVisible()
    editor.load(FULL)
    editor.toggle_preview()
    preview = editor.preview
    text = preview.view.toPlainText()
    assert "√" in text and "QK" in text and "\\(" not in text  # TeX shown as Unicode
    assert "attn.png" in preview.view.images  # the image is shown from the question
    assert "✔" not in text
    preview.show_key.setChecked(True)
    assert "✔" in preview.view.toPlainText() and "Yes: it is a distribution." in (
        preview.view.toPlainText()
    )
    preview.moodle.setChecked(True)
    assert "Select one or more" in preview.view.toPlainText()
    html_paper = preview_html(SAMPLE[1], PAPER)
    assert "True" in html_paper and "False" in html_paper
    assert "Answer:" in preview_html(SAMPLE[3], MOODLE)


# ----------------------------------------------------------------------------- images


def test_images_attach_check_and_undo(tmp_path: Path, editor: QuestionEditor) -> None:
    editor.load(SAMPLE[0])
    bad = tmp_path / "slide.png"
    bad.write_text("not an image")
    assert editor.attach_image_file(bad) is None
    assert "not a PNG or JPEG" in editor.image_message.text()
    assert editor.current().images == ()
    good = tmp_path / "fig.png"
    good.write_bytes(_png())
    editor.attach_image_file(good)
    editor.attach_image_file(good)
    assert [i.name for i in editor.current().images] == ["fig.png", "fig-2.png"]
    assert editor.image_list.count() == 2
    editor.undo_stack.undo()
    assert [i.name for i in editor.current().images] == ["fig.png"]


def test_crop_dialog_gives_a_png_of_the_dragged_rectangle(qtbot) -> None:
    dialog = CropDialog(PDF, 2, dpi=144)  # 2 pixels per point
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.canvas.pixmap().isNull(), timeout=10000)
    canvas = dialog.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(20, 30))
    QTest.mouseMove(canvas, QPoint(120, 90))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(220, 130))
    assert dialog.ok.isEnabled()
    x0, y0, x1, y1 = dialog.rect_points()
    assert x0 == pytest.approx(20 / dialog.scale) and x1 == pytest.approx(221 / dialog.scale)
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.png is not None, timeout=10000)
    with Image.open(io.BytesIO(dialog.png or b"")) as img:
        width, height = img.size
    assert abs(width - (x1 - x0) * 2) <= 2 and abs(height - (y1 - y0) * 2) <= 2
    image = dialog.image()
    assert image is not None and image.name == f"{PDF.stem}-slide2.png"
    # a slip of the mouse selects nothing
    dialog2 = CropDialog(PDF, 1)
    qtbot.addWidget(dialog2)
    dialog2.select_pixels(QRect(5, 5, 2, 2))
    assert not dialog2.ok.isEnabled()
    w, _ = page_size(PDF, 1)
    assert w > 0


# ----------------------------------------------------------------------------- duplicates


def test_duplicate_dialog_shows_both_and_returns_each_decision(
    qtbot, service: QuestionBank
) -> None:
    old = service.add(SAMPLE[0])
    new = replace(SAMPLE[0], stem="Which weights does LoRA update when fine-tuning?", tags=("x",))
    matches = service.find_duplicates(new)
    assert matches and matches[0].question_id == old.id
    pairs = [(service.get(m.question_id), m.score) for m in matches]
    for button, decision in (
        ("keep", DuplicateDecision.KEEP_BOTH),
        ("replace", DuplicateDecision.REPLACE),
        ("merge", DuplicateDecision.MERGE_TAGS),
    ):
        dialog = DuplicateDialog(new, pairs)
        qtbot.addWidget(dialog)
        assert f"{matches[0].score:.0f}% similar" in dialog.similarity.text()
        assert "when fine-tuning" in dialog.new_view.toPlainText()
        assert "during fine-tuning" in dialog.old_view.toPlainText()
        getattr(dialog, button).click()
        assert dialog.result_pair() == (decision, old.id)
    later = DuplicateDialog(new, pairs)
    qtbot.addWidget(later)
    later.later.click()
    assert later.result_pair() is None
    # the decision, applied to the bank
    merged = service.resolve_duplicate(new, old.id or 0, DuplicateDecision.MERGE_TAGS)
    assert "x" in merged.tags and service.count() == 1


# ----------------------------------------------------------------------------- autosave


def test_autosave_journals_then_saves_and_clears(qtbot, journal: RecoveryJournal) -> None:
    saved: list[Question] = []
    editor = QuestionEditor(save=saved.append, journal=journal)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(replace(SAMPLE[0], id=5))
    _type_into(qtbot, editor.title, "LoRA weights")
    qtbot.waitUntil(lambda: journal.path_for("q5").exists(), timeout=2000)
    editor.autosaver.wait_idle()
    assert journal.entries()[0][0].question.title == "LoRA weights"
    assert editor.save_state.text() == "Unsaved changes"
    qtbot.waitUntil(lambda: bool(saved), timeout=3000)  # after the pause, without a click
    assert saved[-1].title == "LoRA weights" and editor.save_state.text() == "Saving…"
    editor.saved(saved[-1])
    editor.autosaver.wait_idle()  # journal files are written on their own thread
    assert not journal.path_for("q5").exists() and editor.save_state.text() == "Saved"
    # a refused save keeps the journal and says why
    editor.points.setValue(0)
    editor.flush()
    editor.save_failed(saved[-1], "Points cannot be zero.")
    editor.autosaver.wait_idle()
    assert journal.path_for("q5").exists()
    assert editor.save_state.text() == "Not saved: Points cannot be zero."


def test_a_new_question_is_added_once_even_if_edits_go_on_while_it_saves(
    qtbot, journal: RecoveryJournal
) -> None:
    calls: list[Question] = []
    editor = QuestionEditor(save=calls.append, journal=journal)
    qtbot.addWidget(editor)
    editor.load(SAMPLE[2])  # not stored yet: no id
    assert editor.current().id is None and editor.current().uuid
    editor.tags.setText("bpe")
    editor.flush()
    editor.tags.setText("bpe, merges")
    editor.flush()
    assert len(calls) == 1 and calls[0].id is None  # the second waits for the first's id
    editor.saved(replace(calls[0], id=42))
    assert len(calls) == 2 and calls[1].id == 42 and calls[1].tags == ("bpe", "merges")
    editor.saved(calls[1])
    editor.autosaver.wait_idle()
    assert editor.save_state.text() == "Saved" and journal.entries() == ([], [])
    editor.undo_stack.undo()  # (both tag edits were one typing run) undo keeps the id:
    assert editor.current().id == 42 and editor.current().tags == SAMPLE[2].tags
    editor.flush()  # so the next save updates question 42, never adds a copy
    assert calls[-1].id == 42 and len(calls) == 3


def test_recovery_is_offered_at_start(qtbot, journal: RecoveryJournal, monkeypatch) -> None:
    from desktop import autosave

    journal.write(replace(SAMPLE[0], id=3, stem="Edited before the crash?"))
    clicked: list[str] = []

    def fake_exec(box) -> int:
        names = [b.text() for b in box.buttons()]
        assert "Restore" in names and "Edited before the crash?" in box.informativeText()
        choice = next(b for b in box.buttons() if b.text() == clicked[0])
        choice.click()
        return 0

    monkeypatch.setattr(autosave.QMessageBox, "exec", fake_exec)
    clicked.append("Decide later")
    assert autosave.offer_recovery(None, journal) == [] and journal.entries()[0]
    clicked[0] = "Restore"
    entries = autosave.offer_recovery(None, journal)
    assert [e.question.stem for e in entries] == ["Edited before the crash?"]
    clicked[0] = "Discard"
    assert autosave.offer_recovery(None, journal) == []
    assert journal.entries() == ([], [])


def test_save_and_accept_shortcuts(qtbot, editor: QuestionEditor) -> None:
    editor.load(SAMPLE[0])
    asked: list[Question] = []
    editor.save_requested.connect(asked.append)
    editor._rows[0].text.setFocus()
    QTest.keyClick(editor._rows[0].text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and asked[0].status is Status.DRAFT
    QTest.keyClick(
        editor._rows[0].text,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert asked[-1].status is Status.ACCEPTED
    QTest.keyClick(editor._rows[0].text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.current().choices) == 4  # Ctrl+Return adds an option


def test_help_lists_every_shortcut_the_editor_uses(qtbot, editor: QuestionEditor) -> None:
    dialog = ShortcutsDialog(editor)
    qtbot.addWidget(dialog)
    listed = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert listed == {s.label for s in SHORTCUTS}
    keys = [s.keys for s in SHORTCUTS]
    assert len(keys) == len(set(keys))  # no key does two things
    for s in SHORTCUTS:
        if s.where in ("Window", "Review queue", "Slides"):
            continue  # the window's, the queue's and the slides' own (test_main_window)
        action = editor.actions_by_name[s.name]
        assert action.shortcut().toString() == s.keys


def test_edits_reach_a_real_bank_and_a_duplicate_is_resolved(
    qtbot, service: QuestionBank, journal: RecoveryJournal, monkeypatch
) -> None:
    """The wiring the main window does, on one thread: save → bank → saved(); accept →
    duplicate check → dialog → resolve_duplicate."""
    old = service.add(SAMPLE[0])
    editor = QuestionEditor(journal=journal)
    qtbot.addWidget(editor)

    def save(q: Question) -> None:
        try:
            stored = service.update(q) if q.id is not None else service.add(q)
        except Exception as exc:
            editor.save_failed(q, str(exc))
        else:
            editor.saved(stored)

    decisions: list[DuplicateDecision] = []

    def on_save_requested(q: Question) -> None:
        matches = [(service.get(m.question_id), m.score) for m in service.find_duplicates(q)]
        if matches:
            dialog = DuplicateDialog(q, matches)
            qtbot.addWidget(dialog)
            dialog.merge.click()  # what the instructor picks
            pair = dialog.result_pair()
            assert pair is not None
            decisions.append(pair[0])
            editor.load(service.resolve_duplicate(q, pair[1], pair[0]))

    editor.autosaver.save = save
    editor.save_requested.connect(on_save_requested)

    # a new question: autosaved into the bank without a click
    editor.load(Question(QuestionType.SHORT, "", (Choice("", 1.0),)))
    _type_into(qtbot, editor.stem, "Which weights does LoRA update during fine-tuning?")
    _type_into(qtbot, editor._rows[0].text, "Low-rank adapter matrices beside the frozen weights")
    editor.tags.setText("peft")
    qtbot.waitUntil(lambda: editor.current().id is not None, timeout=5000)
    new_id = editor.current().id
    qtbot.waitUntil(lambda: service.get(new_id or 0).tags == ("peft",), timeout=5000)
    assert service.get(new_id or 0).choices == (
        Choice("Low-rank adapter matrices beside the frozen weights", 1.0),
    )
    assert service.count() == 2
    # accepting it finds the old one; "merge tags" keeps the old question with both tags
    editor.accept_question()
    assert decisions == [DuplicateDecision.MERGE_TAGS]
    assert service.count() == 1
    kept = service.get(old.id or 0)
    assert set(kept.tags) == {"lora", "peft"} and editor.current().id == old.id
    editor.autosaver.wait_idle()


CRASHER = """
import sys
import time
from dataclasses import replace
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
app = QApplication([])
from desktop.question_editor import QuestionEditor
from storage.recovery import RecoveryJournal
from tests.conftest import SAMPLE

saved = []
journal = RecoveryJournal(__import__("pathlib").Path(sys.argv[1]))
editor = QuestionEditor(save=saved.append, journal=journal)
editor.show()
editor.load(replace(SAMPLE[0], id=9))
editor._rows[1].text.setFocus()
QTest.keyClicks(editor._rows[1].text, " (all of them)")
editor.add_choice()
QTest.keyClicks(editor._rows[3].text, "Only the biases")
# the app keeps running (no close, no clean exit) until the parent kills it; the
# journal is written within JOURNAL_MS of the edits, on its own thread
last = editor.current()
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    QTest.qWait(50)
    found = [e.question for e in journal.entries()[0]]
    if found and found[0].choices == last.choices:
        break
print("edited", flush=True)
QTest.qWait(60000)
"""


def test_autosave_survives_a_simulated_crash(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHER, str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "edited"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    entries, bad = RecoveryJournal(folder).entries()
    assert bad == [] and [e.key for e in entries] == ["q9"]
    restored = entries[0].question
    assert restored.id == 9
    assert [c.text for c in restored.choices] == [
        SAMPLE[0].choices[0].text,
        SAMPLE[0].choices[1].text + " (all of them)",
        SAMPLE[0].choices[2].text,
        "Only the biases",
    ]
    # the restored question loads into a fresh editor unchanged
    editor = QuestionEditor(journal=RecoveryJournal(folder))
    qtbot.addWidget(editor)
    editor.load(restored)
    assert editor.read_widgets() == restored

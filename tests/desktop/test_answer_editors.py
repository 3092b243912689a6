"""The newer types in the question editor: built through the widgets, saved into a real
bank, shown as a student sees them; and switching type keeps what carries over."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QSpinBox

from desktop.answer_editors import ClozeEditor, RowsEditor, convert_newer
from desktop.question_editor import QuestionEditor, convert
from desktop.question_preview import MOODLE, PAPER, preview_html
from storage.bank import QuestionBank
from storage.domain import Choice, Question, QuestionType, Status, TextFormat
from storage.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from storage.question_types import cloze_gaps
from storage.recovery import RecoveryJournal

T = QuestionType


@pytest.fixture
def stored(qtbot, service: QuestionBank, tmp_path: Path):
    """An editor wired to a real bank as the main window wires it; returns (editor, saves)."""
    editor = QuestionEditor(journal=RecoveryJournal(tmp_path / "recovery"))
    qtbot.addWidget(editor)
    editor.resize(800, 760)
    editor.show()
    qtbot.waitExposed(editor)

    def save(q: Question) -> None:
        try:
            done = service.update(q) if q.id is not None else service.add(q)
        except Exception as exc:
            editor.save_failed(q, str(exc))
        else:
            editor.saved(done)

    editor.autosaver.save = save
    return editor


def _page(editor: QuestionEditor, kind: QuestionType):
    page = editor.newer_pages[kind]
    assert editor.answer_pages.currentWidget() is page
    return page


def _type_cell(qtbot, page: RowsEditor, row: int, col: int, text: str) -> None:
    item = page.table.item(row, col)
    assert item is not None
    item.setText(text)


def _pick_type(editor: QuestionEditor, kind: QuestionType) -> None:
    editor.type_box.setCurrentIndex(editor.type_box.findData(kind.value))


def _saved(qtbot, editor: QuestionEditor, service: QuestionBank) -> Question:
    editor.flush()
    qtbot.waitUntil(lambda: editor.current().id is not None, timeout=5000)
    return service.get(editor.current().id or 0)


def test_matching_built_in_the_editor_is_saved(qtbot, stored, service) -> None:
    editor = stored
    editor.load(Question(T.MCQ, "", (Choice("", 1.0), Choice(""))))
    _pick_type(editor, T.MATCHING)
    page = _page(editor, T.MATCHING)
    assert editor.answer_box.title() == "Pairs to match"
    editor.stem.setPlainText("Match each model with its architecture.")
    rows = [("BERT", "encoder"), ("GPT-2", "decoder"), ("T5", "encoder-decoder"), ("", "CNN")]
    while page.table.rowCount() < len(rows):
        page.add_button.click()
    for r, (left, right) in enumerate(rows):
        _type_cell(qtbot, page, r, 0, left)
        _type_cell(qtbot, page, r, 1, right)
    q = _saved(qtbot, editor, service)
    assert q.type is T.MATCHING
    assert [(c.text, c.match, c.fraction) for c in q.choices] == [
        ("BERT", "encoder", 1.0),
        ("GPT-2", "decoder", 1.0),
        ("T5", "encoder-decoder", 1.0),
        ("", "CNN", 0.0),
    ]
    assert editor.run_checks() == [] or all(i.severity != "error" for i in editor.issues())
    # undo takes back the last pair's answer, and the table shows it
    editor.undo_stack.undo()
    assert page.table.item(3, 1).text() == ""


def test_a_broken_matching_question_is_flagged_and_the_bank_refuses_it(qtbot, stored) -> None:
    editor = stored
    editor.load(Question(T.MATCHING, "Match.", (Choice("a", 1.0, match="1"), Choice("b", 1.0))))
    messages = [i.message for i in editor.run_checks()]
    assert 'The stem "b" has no matching answer.' in messages
    editor.stem.setPlainText("Match these.")  # an edit, so there is something to save
    editor.flush()
    qtbot.waitUntil(lambda: editor.save_state.text().startswith("Not saved"), timeout=5000)
    assert "has no matching answer" in editor.save_state.text()


def test_ordering_rows_move_and_save(qtbot, stored, service) -> None:
    editor = stored
    editor.load(Question(T.ORDERING, "Order the pipeline.", ()))
    page = _page(editor, T.ORDERING)
    for text in ("tokenize", "train", "embed"):
        page.add_button.click()
        _type_cell(qtbot, page, page.table.rowCount() - 1, 0, text)
    page.table.selectRow(2)
    page.up_button.click()  # embed before train
    page.numbering.setCurrentIndex(page.numbering.findData("123"))
    q = _saved(qtbot, editor, service)
    assert [c.text for c in q.choices] == ["tokenize", "embed", "train"]
    assert q.answer_numbering == "123"
    html = preview_html(q, PAPER, show_key=True)
    assert html.index("tokenize") < html.index("embed") < html.index("train")


@pytest.mark.parametrize("kind", [T.GAPSELECT, T.DDWTOS])
def test_gap_choices_groups_and_the_gap_button(qtbot, stored, service, kind) -> None:
    editor = stored
    editor.load(Question(kind, "", ()))
    page = _page(editor, kind)
    editor.stem.setPlainText("The ")
    editor.stem.moveCursor(editor.stem.textCursor().MoveOperation.End)
    for text, group in (("cat", 1), ("mat", 2), ("dog", 1)):
        page.add_button.click()
        row = page.table.rowCount() - 1
        _type_cell(qtbot, page, row, 0, text)
        spin = page.table.cellWidget(row, 1)
        assert isinstance(spin, QSpinBox)
        spin.setValue(group)
    page.table.selectRow(0)
    page.gap_button.click()  # writes [[1]] at the cursor
    editor.stem.insertPlainText(" sat on the [[2]].")
    if kind is T.DDWTOS:
        box = page.table.cellWidget(1, 2)
        assert isinstance(box, QCheckBox)
        box.setChecked(True)
    q = _saved(qtbot, editor, service)
    assert q.stem == "The [[1]] sat on the [[2]]."
    assert [(c.text, c.group, c.fraction) for c in q.choices] == [
        ("cat", 1, 1.0),
        ("mat", 2, 1.0),
        ("dog", 1, 0.0),
    ]
    assert [c.unlimited for c in q.choices] == [False, kind is T.DDWTOS, False]
    student = preview_html(q, MOODLE)
    assert "[[" not in student and "dog" in student and "cat" in student
    again = import_moodle_xml(export_moodle_xml([q])).questions[0]
    assert (again.stem, again.choices) == (q.stem, q.choices)


def test_cloze_gap_builder_inserts_a_valid_gap(qtbot, stored, service) -> None:
    editor = stored
    editor.load(Question(T.CLOZE, "", ()))
    page = _page(editor, T.CLOZE)
    assert isinstance(page, ClozeEditor)
    editor.stem.setPlainText("2 + 2 = ")
    editor.stem.moveCursor(editor.stem.textCursor().MoveOperation.End)
    page.kind.setCurrentIndex(page.kind.findData("MULTICHOICE"))
    page.right.setText("4")
    page.insert_button.click()
    assert "A list needs at least one wrong choice." in page.message.text()
    page.wrong.setText("3; 5")
    page.weight.setValue(2)
    page.insert_button.click()
    editor.stem.insertPlainText(", and the capital of France is ")
    page.kind.setCurrentIndex(page.kind.findData("SHORTANSWER"))
    page.right.setText("Paris; paris")
    page.insert_button.click()
    q = _saved(qtbot, editor, service)
    assert q.stem == "2 + 2 = {2:MULTICHOICE:=4~3~5}, and the capital of France is " \
        "{1:SHORTANSWER:=Paris~=paris}"  # fmt: skip
    assert [g.right for g in cloze_gaps(q.stem)] == [("4",), ("Paris", "paris")]
    assert "2 gap(s)" in page.gaps.text() and "3 point(s)" in page.gaps.text()
    for style in (PAPER, MOODLE):
        assert "{2:" not in preview_html(q, style)
    assert "Paris" in preview_html(q, PAPER, show_key=True)


def test_switching_type_keeps_what_carries_over() -> None:
    missing_word = Question(
        T.MCQ, "I drink _____ coffee.", (Choice("a few"), Choice("hardly any", 1.0))
    )
    gs = convert(missing_word, T.GAPSELECT)
    assert gs.stem == "I drink [[2]] coffee." and [c.text for c in gs.choices] == [
        "a few",
        "hardly any",
    ]
    cz = convert(missing_word, T.CLOZE)
    assert cz.stem == "I drink {1:MULTICHOICE:a few~=hardly any} coffee." and cz.choices == ()
    order = convert(Question(T.MULTI, "Steps", (Choice("a", 0.5), Choice("b", 0.5))), T.ORDERING)
    assert [c.text for c in order.choices] == ["a", "b", ""]
    back = convert(convert_newer(missing_word, T.MATCHING), T.MCQ)
    assert back.type is T.MCQ and [c.text for c in back.choices][:2] == ["a few", "hardly any"]


def test_every_type_is_offered_and_shows_its_page(qtbot, stored) -> None:
    editor = stored
    offered = {editor.type_box.itemData(i) for i in range(editor.type_box.count())}
    assert offered == {t.value for t in QuestionType}
    for kind in (T.MATCHING, T.CLOZE, T.ORDERING, T.GAPSELECT, T.DDWTOS):
        editor.load(Question(kind, "Text", (), status=Status.DRAFT))
        assert editor.answer_pages.currentWidget() is editor.newer_pages[kind]
        assert editor.answer_pages.currentWidget().isVisible()
    editor.load(Question(T.DESCRIPTION, "Read this."))
    assert editor.answer_pages.currentIndex() == editor.answer_pages.count() - 1
    assert Qt  # the page stack keeps the description last


def test_the_live_checks_do_not_misread_gaps(qtbot, stored) -> None:
    editor = stored
    editor.load(Question(T.CLOZE, "Attention is {1:SHORTANSWER:=all\\}} you need, says the paper."))
    codes = {i.code for i in editor.run_checks()}
    assert not codes & {"stem-form", "truncated-stem", "cloze-answers"}
    editor.load(Question(T.CLOZE, "Attention is all you need, says the paper."))
    assert "cloze-answers" in {i.code for i in editor.run_checks()}


def test_gap_choices_stay_plain_text_in_an_html_question(qtbot, stored, service) -> None:
    editor = stored
    editor.load(Question(T.GAPSELECT, "<p>Pick [[1]].</p>", (Choice("x"),),
                         text_format=TextFormat.HTML))  # fmt: skip
    page = _page(editor, T.GAPSELECT)
    _type_cell(qtbot, page, 0, 0, "a < b")
    q = _saved(qtbot, editor, service)
    assert q.choices[0].text == "a < b"
    xml = export_moodle_xml([q])
    assert b"a &lt; b" in xml and b"a &amp;lt; b" not in xml
    assert import_moodle_xml(xml).questions[0].choices[0].text == "a < b"


@pytest.mark.parametrize("kind", [T.MATCHING, T.CLOZE, T.ORDERING, T.GAPSELECT, T.DDWTOS])
def test_the_student_never_sees_the_answers_unless_the_key_is_asked(kind) -> None:
    from tests.storage.test_question_types import varied_newer

    q = next(x for x in varied_newer() if x.type is kind)
    for style in (PAPER, MOODLE):
        student, key = preview_html(q, style), preview_html(q, style, show_key=True)
        assert "{1:" not in student and "[[" not in student
        assert "#1b7f3b" not in student and "#1b7f3b" in key  # key colour only with the key

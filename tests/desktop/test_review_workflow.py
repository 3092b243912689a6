"""The review queue as instructors use it: the whole question with its key, quick
fixes in place, a flagged draft always compared before it is accepted, Discard
undone with Ctrl+Z, the editor following the queue, and quotes cut at a word."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop import duplicate_dialog
from desktop.main_window import MainWindow
from desktop.review_queue import ReviewItem, details_html
from storage.bank import DuplicateDecision, QuestionBank
from storage.database import open_bank
from storage.domain import SlideRef, Status
from storage.exams import ExamHeader, ExamStore
from tests.conftest import SAMPLE


def _window(qtbot, path: Path, drafts: int) -> MainWindow:
    w = MainWindow(open_bank(path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: len(w.draft_panel.queue.items) == drafts, timeout=10000)
    return w


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    """A bank with a multiple-choice and a short-answer draft (status draft)."""
    path = tmp_path / "bank.sqlite"
    with open_bank(path) as b:
        service = QuestionBank(b)
        service.add(SAMPLE[0])
        service.add(SAMPLE[2])
    return path


def test_the_queue_shows_the_whole_question_with_the_key_marked(qtbot, drafts) -> None:
    w = _window(qtbot, drafts, 2)
    queue = w.draft_panel.queue
    queue.list.setCurrentRow(0)
    shown = queue.preview.toPlainText()
    for c in SAMPLE[0].choices:  # every option, as the student sees them
        assert c.text in shown
    key = next(line for line in shown.splitlines() if SAMPLE[0].choices[0].text in line)
    assert "✔" in key  # the key is marked on its own option
    assert all("✔" not in line for line in shown.splitlines() if "token embeddings" in line)
    queue.list.setCurrentRow(1)  # a short answer: its accepted answers
    assert "Accepted: BPE" in queue.preview.toPlainText()
    w.close()


def test_quick_fixes_change_the_key_edit_and_delete_an_option(qtbot, drafts) -> None:
    w = _window(qtbot, drafts, 2)
    queue, service = w.draft_panel.queue, QuestionBank(w.bank)
    queue.list.setCurrentRow(0)
    qid = queue.items[0].id
    fixes = queue.fixes
    assert fixes.isVisible() and len(fixes.texts) == 3
    fixes.keys[2].click()  # pick another key
    qtbot.waitUntil(lambda: service.get(qid).choices[2].correct, timeout=5000)
    assert not service.get(qid).choices[0].correct
    fixes.texts[1].setText("Every weight of the network")
    fixes.texts[1].editingFinished.emit()
    qtbot.waitUntil(
        lambda: service.get(qid).choices[1].text == "Every weight of the network", timeout=5000
    )
    fixes.deletes[0].click()
    assert len(fixes.texts) == 2  # at once, and it stays so when the bank answers
    qtbot.waitUntil(lambda: len(service.get(qid).choices) == 2, timeout=5000)
    qtbot.waitUntil(lambda: len(queue.items[0].question.choices) == 2, timeout=5000)
    assert "Every weight of the network" in queue.preview.toPlainText()
    assert service.get(qid).status is Status.DRAFT  # still waiting for its decision
    w.close()


@pytest.fixture
def flagged(tmp_path: Path) -> tuple[Path, int, int]:
    """An accepted question used in an exam, and a draft that copies it."""
    path = tmp_path / "dupes.sqlite"
    with open_bank(path) as b:
        service = QuestionBank(b)
        old = service.add(replace(SAMPLE[0], status=Status.ACCEPTED))
        ExamStore(service).create(ExamHeader("Midterm"), [old.id])
        draft = service.add(replace(SAMPLE[0], tags=("copy",)))
    return path, old.id, draft.id


def _wait_flagged(qtbot, w: MainWindow) -> None:
    queue = w.draft_panel.queue
    qtbot.waitUntil(lambda: bool(queue.items) and queue.items[0].flagged, timeout=10000)


def test_enter_on_a_flagged_draft_shows_the_comparison(qtbot, flagged, monkeypatch) -> None:
    path, old_id, draft_id = flagged
    asked: list[dict] = []

    def decide(parent, new, matches, **kw):  # what the instructor picks
        asked.append({"new": new, "old": matches[0][0].id, **kw})
        return DuplicateDecision.KEEP_BOTH, matches[0][0].id

    monkeypatch.setattr(duplicate_dialog, "ask_duplicate", decide)
    w = _window(qtbot, path, 1)
    _wait_flagged(qtbot, w)
    queue = w.draft_panel.queue
    queue.list.setCurrentRow(0)
    queue.list.setFocus()
    qtbot.keyClick(queue.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked[0]["old"] == old_id and asked[0]["new"].id == draft_id
    assert asked[0]["offer_discard"] is True
    assert "Midterm" in asked[0]["in_exams"][old_id][0]  # Replace would touch an exam
    service = QuestionBank(w.bank)
    qtbot.waitUntil(lambda: service.get(draft_id).status is Status.ACCEPTED, timeout=5000)
    qtbot.waitUntil(lambda: not queue.items, timeout=5000)
    w.close()


def test_discarding_from_the_comparison_is_undoable(qtbot, flagged, monkeypatch) -> None:
    path, old_id, draft_id = flagged
    monkeypatch.setattr(
        duplicate_dialog, "ask_duplicate", lambda *a, **k: (duplicate_dialog.DISCARD, old_id)
    )
    w = _window(qtbot, path, 1)
    _wait_flagged(qtbot, w)
    queue, service = w.draft_panel.queue, QuestionBank(w.bank)
    queue.list.setCurrentRow(0)
    queue.accept_button.click()
    qtbot.waitUntil(lambda: not queue.items, timeout=5000)
    assert service.get_many([draft_id]) == [] and service.get(old_id).status is Status.ACCEPTED
    assert queue.undo_button.isVisible()
    queue.undo_button.click()
    qtbot.waitUntil(lambda: [i.id for i in queue.items] == [draft_id], timeout=5000)
    w.close()


def test_the_dialog_says_when_replace_changes_an_exam(qtbot) -> None:
    old = replace(SAMPLE[0], id=7, status=Status.ACCEPTED)
    new = replace(SAMPLE[0], id=9, tags=("copy",))
    dialog = duplicate_dialog.DuplicateDialog(
        new, [(old, 96.0)], in_exams={7: ["#1 “Midterm”"]}, offer_discard=True
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.exam_warning.isVisible() and "Midterm" in dialog.exam_warning.text()
    assert "changes the exams" in dialog.replace.text()
    dialog.discard.click()
    assert dialog.result_pair() == (duplicate_dialog.DISCARD, 7)
    plain = duplicate_dialog.DuplicateDialog(new, [(old, 96.0)])
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.exam_warning.isVisible() and not plain.discard.isVisible()


def test_discard_is_undone_with_ctrl_z_and_counts_stay_true(qtbot, drafts) -> None:
    w = _window(qtbot, drafts, 2)
    queue, service, panel = w.draft_panel.queue, QuestionBank(w.bank), w.draft_panel
    panel._done("Drafted 2 question(s).")  # as a drafting run ends
    assert "2 waiting in the review queue" in panel.status.text()
    ids = [i.id for i in queue.items]
    queue.list.selectAll()
    queue.discard_button.click()
    qtbot.waitUntil(lambda: not queue.items, timeout=5000)
    assert service.get_many(ids) == []
    assert "queue is empty" in panel.status.text() and "no drafts" in queue.title.text()
    w.activateWindow()  # offscreen Qt drops the activation when popups of the bank reload
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    queue.list.setFocus()
    qtbot.keyClick(queue.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(queue.items) == 2, timeout=5000)
    assert sorted(i.id for i in queue.items) == sorted(ids)  # the same numbers
    assert [q.stem for q in service.get_many(ids)] == [SAMPLE[0].stem, SAMPLE[2].stem]
    assert "2 waiting in the review queue" in panel.status.text()
    assert not queue.undo_button.isVisible()
    new = service.add(SAMPLE[3])
    assert new.id not in ids
    w.close()


def test_the_editor_follows_the_queue_after_accept(qtbot, drafts) -> None:
    w = _window(qtbot, drafts, 2)
    queue, editor = w.draft_panel.queue, w.editor
    first, second = (i.id for i in queue.items)
    queue.list.setCurrentRow(0)
    queue.edit_button.click()
    qtbot.waitUntil(lambda: editor.current().id == first, timeout=5000)
    editor.accept_question()
    qtbot.waitUntil(lambda: [i.id for i in queue.items] == [second], timeout=5000)
    qtbot.waitUntil(lambda: editor.current().id == second, timeout=5000)
    assert editor.current().status is Status.DRAFT
    editor.accept_question()  # the last one: the editor has nothing left to show
    qtbot.waitUntil(lambda: not queue.items, timeout=5000)
    qtbot.waitUntil(lambda: w.editor_stack.currentIndex() == 0, timeout=5000)
    w.close()


def test_a_citation_quote_is_cut_at_a_word() -> None:
    text = "Flash attention " + "computes exact attention with long-range dependencies " * 5
    q = replace(SAMPLE[0], id=1, sources=(SlideRef(1, 4, text),))
    shown = details_html(ReviewItem(q))
    quote = shown.split("“", 1)[1].split("”", 1)[0]
    assert quote.endswith("…")
    assert quote[:-1].split()[-1] in text.split()  # a whole word before the ellipsis
    assert len(quote) <= 161


def test_a_discard_is_not_undone_into_another_bank(qtbot, drafts, tmp_path: Path) -> None:
    w = _window(qtbot, drafts, 2)
    queue = w.draft_panel.queue
    queue.list.setCurrentRow(0)
    queue.discard_button.click()
    qtbot.waitUntil(lambda: len(queue.items) == 1, timeout=5000)
    assert queue.undo_button.isVisible()
    other = tmp_path / "other.sqlite"
    w.open_bank(other)
    assert not queue.undo_button.isVisible() and not w.review.discarded
    queue.undo_requested.emit()  # Ctrl+Z: nothing to bring back here
    qtbot.wait(200)
    assert QuestionBank(w.bank).count() == 0
    w.close()

"""The review queue in the window: drafts → review → accept / discard / redraft,
citations shown on the slide, and drafts from an OpenAI-compatible server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.main_window import MainWindow
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import QuestionFilter, Status
from tests.models.test_openai_engine import Script
from tests.models.test_openai_engine import server as openai_server  # noqa: F401


@pytest.fixture
def window(lecture_window: MainWindow) -> MainWindow:
    return lecture_window


def _draft(qtbot, window: MainWindow, mcq: int = 1, tf: int = 2, short: int = 2) -> None:
    """Drafts from the efficiency lecture; its terse bullets give one good multiple-choice
    question (options of one kind only), more true/false and short answers."""
    panel = window.draft_panel
    from storage.domain import QuestionType

    wanted = {QuestionType.MCQ: mcq, QuestionType.TRUE_FALSE: tf, QuestionType.SHORT: short}
    for t, spin in panel.spins.items():
        spin.setValue(wanted.get(t, 0))
    window.slides_panel.select_content()
    panel.draft_button.click()
    qtbot.waitUntil(lambda: panel.draft_button.isEnabled(), timeout=60000)
    qtbot.waitUntil(lambda: len(panel.queue.items) == mcq + tf + short, timeout=10000)


def _statuses(window: MainWindow) -> dict[int, Status]:
    return {q.id: q.status for q in QuestionBank(window.bank).list_questions() if q.id}


def test_draft_review_accept_discard_and_accept_all(qtbot, window) -> None:
    _draft(qtbot, window)
    queue = window.draft_panel.queue
    ids = [i.id for i in queue.items]
    assert set(_statuses(window)) == set(ids)
    assert all(s is Status.DRAFT for s in _statuses(window).values())
    assert "5 draft(s)" in queue.title.text()

    queue.list.setCurrentRow(0)
    first = queue.items[0]
    assert "Slide" in queue.details.text()  # its citation is listed as a link
    queue.accept_button.click()
    qtbot.waitUntil(lambda: len(queue.items) == 4, timeout=5000)
    assert _statuses(window)[first.id] is Status.ACCEPTED

    queue.list.setCurrentRow(0)
    second = queue.items[0]
    queue.discard_button.click()
    qtbot.waitUntil(lambda: len(queue.items) == 3, timeout=5000)
    assert second.id not in _statuses(window)

    ready = [i.id for i in queue.items if i.valid and not i.flagged]
    queue.accept_all_button.click()
    qtbot.waitUntil(lambda: len(queue.items) == 3 - len(ready), timeout=5000)
    statuses = _statuses(window)
    assert all(statuses[i] is Status.ACCEPTED for i in ready)


def test_the_queue_is_rebuilt_from_the_bank_on_the_next_start(qtbot, window, tmp_path) -> None:
    _draft(qtbot, window, mcq=0, tf=0, short=2)
    path = window.bank.path
    window.close()
    again = MainWindow(open_bank(path))
    qtbot.addWidget(again)
    try:
        qtbot.waitUntil(lambda: len(again.draft_panel.queue.items) == 2, timeout=10000)
        item = again.draft_panel.queue.items[0]
        # re-checked against the cited deck's slides
        assert item.grounded is True and item.question.sources
    finally:
        again.close()


def test_redraft_replaces_the_draft(qtbot, window) -> None:
    _draft(qtbot, window, mcq=0, tf=0, short=1)
    queue = window.draft_panel.queue
    old = queue.items[0]
    queue.list.setCurrentRow(0)
    queue.redraft_button.click()
    qtbot.waitUntil(lambda: bool(queue.items) and queue.items[0].id != old.id, timeout=60000)
    assert len(queue.items) == 1
    statuses = _statuses(window)
    assert old.id not in statuses and queue.items[0].id in statuses
    assert queue.items[0].question.type is old.question.type


def test_a_citation_shows_its_slide_with_the_sentence_marked(qtbot, window) -> None:
    _draft(qtbot, window, mcq=1, tf=0, short=0)
    queue = window.draft_panel.queue
    queue.list.setCurrentRow(0)
    ref = queue.items[0].question.sources[0]
    window.slides_panel.thumbs.setCurrentIndex(window.slides_panel.model.index(0))
    queue.details.linkActivated.emit("cite:0")
    panel = window.slides_panel
    assert panel.thumbs.currentIndex().row() == ref.page - 1
    assert panel.page_view.highlight == ref.supporting_text
    marks = panel.text_view.extraSelections()
    marked = marks[0].cursor.selectedText() if marks else ""
    assert re.findall(r"\w+", marked) == re.findall(r"\w+", ref.supporting_text)


def test_a_local_server_is_tested_and_used_for_drafting(qtbot, window, openai_server) -> None:  # noqa: F811
    url, script = openai_server
    assert isinstance(script, Script)
    panel = window.draft_panel
    panel.model_box.setCurrentIndex(panel.model_box.findData("server:"))
    assert panel.server_row.isVisibleTo(panel)
    panel.server_url.setText(url)
    panel.server_model.setCurrentText("")
    panel.test_button.click()
    qtbot.waitUntil(lambda: "Connected" in panel.status.text(), timeout=10000)
    assert panel.server_model.count() == 2
    panel.server_model.setCurrentText("qwen2.5:7b")
    _draft(qtbot, window, mcq=1, tf=0, short=0)
    asked = [r for r in script.requests if r.get("model") == "qwen2.5:7b"]
    assert asked, "the server was never asked"
    # the scripted reply is not a question, so a draft built from the slides stood in
    assert window.draft_panel.queue.items[0].question.origin.method == "built"


def test_a_server_without_a_model_name_is_refused_plainly(qtbot, window) -> None:
    panel = window.draft_panel
    panel.model_box.setCurrentIndex(panel.model_box.findData("server:"))
    panel.server_model.setCurrentText("")
    window.slides_panel.select_content()
    panel.draft_button.click()
    assert "name of one of its models" in panel.status.text()
    assert QuestionBank(window.bank).count(QuestionFilter()) == 0


def test_draft_review_edit_accept_in_the_editor(qtbot, window) -> None:
    from PySide6.QtCore import Qt

    _draft(qtbot, window, mcq=1, tf=0, short=0)
    queue = window.draft_panel.queue
    item = queue.items[0]
    queue.list.setCurrentRow(0)
    queue.edit_button.click()
    editor = window.editor
    qtbot.waitUntil(lambda: editor.current().id == item.id, timeout=5000)
    # the cited slide is shown beside the editor
    assert window.slides_panel.page_view.highlight == item.question.sources[0].supporting_text
    editor.stem.setFocus()
    qtbot.keyClick(editor.stem, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.stem, " Choose one.")
    service = QuestionBank(window.bank)
    qtbot.waitUntil(lambda: service.get(item.id).stem.endswith("Choose one."), timeout=5000)
    # the queue shows the edit once the save's reply is back
    qtbot.waitUntil(lambda: queue.items[0].question.stem.endswith("Choose one."), timeout=5000)
    editor.accept_question()
    qtbot.waitUntil(lambda: service.get(item.id).status is Status.ACCEPTED, timeout=5000)
    qtbot.waitUntil(lambda: not queue.items, timeout=5000)  # accepted: out of the queue


def test_queued_drafts_get_their_near_duplicate_warnings_after_loading(
    qtbot, tmp_path: Path
) -> None:
    from dataclasses import replace

    from tests.conftest import SAMPLE

    path = tmp_path / "dupes.sqlite"
    with open_bank(path) as b:
        service = QuestionBank(b)
        old = service.add(replace(SAMPLE[0], status=Status.ACCEPTED))
        draft = service.add(replace(SAMPLE[0], tags=("copy",)))  # status draft
    w = MainWindow(open_bank(path))
    qtbot.addWidget(w)
    queue = w.draft_panel.queue
    qtbot.waitUntil(lambda: bool(queue.items) and bool(queue.items[0].duplicates), timeout=10000)
    assert queue.items[0].id == draft.id
    assert queue.items[0].duplicates[0].question_id == old.id
    queue.list.setCurrentRow(0)
    assert f"#{old.id}" in queue.details.text() and "⚠" in queue.list.item(0).text()
    assert not queue.accept_all_button.isEnabled()  # a flagged draft is never accepted in bulk
    w.close()


def test_each_draft_takes_one_line_with_its_whole_summary_in_the_tooltip(qtbot, window) -> None:
    # wrapped rows let a 1280×720 window show two drafts; one line each shows four
    _draft(qtbot, window)
    queue = window.draft_panel.queue
    assert not queue.list.wordWrap()
    heights = {queue.list.visualItemRect(queue.list.item(i)).height() for i in range(3)}
    assert len(heights) == 1  # no row taller than another, however long its stem
    for i in range(queue.list.count()):
        item = queue.list.item(i)
        assert item.toolTip().splitlines()[0] == item.text()

"""Drafting from the window: selected slides → drafts arriving one by one, stored as drafts."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import QTimer

from desktop.main_window import MainWindow
from storage.bank import QuestionBank
from storage.domain import QuestionFilter, Status


@pytest.fixture
def window(lecture_window: MainWindow) -> MainWindow:
    return lecture_window


def test_drafts_arrive_are_stored_and_the_gui_stays_responsive(qtbot, window) -> None:
    panel = window.draft_panel
    window.slides_panel.select_content()
    assert "Drafting from" in panel.selection_label.text()
    stalls: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        stalls.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(beat)
    timer.start()
    panel.draft_button.click()
    qtbot.waitUntil(lambda: panel.draft_button.isEnabled(), timeout=60000)
    timer.stop()
    # 3 multiple choice + 2 true/false asked by default; the lecture's terse bullets give
    # fewer good multiple-choice questions, and the status line says so
    qtbot.waitUntil(lambda: "Drafted" in panel.status.text(), timeout=10000)
    said = re.search(r"Drafted (\d+) question\(s\)", panel.status.text())
    assert said, panel.status.text()
    n = int(said.group(1))
    assert n >= 3
    # every draft the status line counts reaches the list (the last may still be queued)
    qtbot.waitUntil(lambda: panel.drafts.count() == n, timeout=10000)
    if n < 5:
        assert "fewer" in panel.status.text()
    qtbot.waitUntil(lambda: f"{n} waiting in the review queue" in panel.status.text(), timeout=5000)
    service = QuestionBank(window.bank)
    qtbot.waitUntil(lambda: service.count(QuestionFilter(status=Status.DRAFT)) == n, timeout=10000)
    for q in service.list_questions():
        assert q.sources and q.sources[0].supporting_text
    panel.drafts.setCurrentRow(0)
    panel.queue.edit_button.click()
    qtbot.waitUntil(lambda: window.right_tabs.currentWidget() is window.editor_panel)
    assert max(stalls) < 1.0  # drafting never blocks the GUI thread for long


def test_no_selection_is_refused_plainly(qtbot, window) -> None:
    panel = window.draft_panel
    window.slides_panel.thumbs.clearSelection()
    panel.draft_button.click()
    assert "No slide with content is selected" in panel.status.text()
    assert panel.drafts.count() == 0


def test_stop_ends_a_run(qtbot, window) -> None:
    panel = window.draft_panel
    window.slides_panel.select_content()
    panel.spins[next(iter(panel.spins))].setValue(40)
    panel.draft_button.click()
    panel.stop_button.click()
    qtbot.waitUntil(lambda: panel.draft_button.isEnabled(), timeout=20000)
    assert "stopped" in panel.status.text() or panel.drafts.count() < 42


def test_a_chosen_local_model_is_loaded_on_the_drafting_thread(qtbot, window) -> None:
    from models.bundled import ensure_bundled_model

    panel = window.draft_panel
    gguf = str(ensure_bundled_model())
    panel.set_models([("SmolLM2 copy (llama)", gguf)])
    assert panel.model_box.count() == 3  # bundled, the file, a server
    panel.model_box.setCurrentIndex(1)
    panel.set_models([("SmolLM2 copy (llama)", gguf)])  # a refresh keeps the choice
    assert panel.model_box.currentData() == gguf
    window.slides_panel.select_content()
    panel.draft_button.click()
    qtbot.waitUntil(lambda: panel.draft_button.isEnabled(), timeout=60000)
    qtbot.waitUntil(lambda: panel.drafts.count() >= 3, timeout=10000)
    bad = window.bank.path.with_name("broken.gguf")
    bad.write_text("not a model")
    panel.set_models([("broken", str(bad))])
    panel.model_box.setCurrentIndex(1)
    panel.draft_button.click()
    qtbot.waitUntil(lambda: panel.draft_button.isEnabled(), timeout=30000)
    assert "GGUF" in panel.status.text() or "model" in panel.status.text().lower()


def test_the_selection_line_says_what_is_skipped_and_why() -> None:
    from desktop.draft_panel import skipped_note
    from storage.domain import Slide

    def slide(page: int, *flags: str) -> Slide:
        return Slide(1, page, "text", flags=flags)

    note = skipped_note([slide(1, "title"), slide(4, "overlay"), slide(5, "overlay")])
    assert note.startswith("skipping 3: ")
    assert "2 overlay steps (their text is on the slide that completes them)" in note
    assert "1 title slide (nothing to ask about)" in note


def test_the_panel_has_a_cloze_count_a_request_fills(qtbot) -> None:
    from desktop.draft_panel import DraftPanel
    from storage.domain import QuestionType

    panel = DraftPanel()
    qtbot.addWidget(panel)
    assert panel.spins[QuestionType.CLOZE].value() == 0
    panel.read_request("2 MCQs and 3 fill in the blanks on attention")
    assert panel.spins[QuestionType.CLOZE].value() == 3
    assert dict(panel.request().counts) == {QuestionType.MCQ: 2, QuestionType.CLOZE: 3}
    assert "3 cloze (embedded answers)" in panel.understood.text()


def test_the_choices_fold_after_a_run_in_a_low_window_and_open_again(qtbot, window) -> None:
    """At 1280×720 the review queue needs the room: after a run the choices fold into one
    line that says what a run asks; a request read, or the button, opens them again."""
    from storage.domain import QuestionType

    panel = window.draft_panel
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    panel.spins[QuestionType.TRUE_FALSE].setValue(2)
    window.slides_panel.select_content()
    panel.draft_button.click()
    qtbot.waitUntil(lambda: panel.draft_button.isEnabled(), timeout=60000)
    qtbot.waitUntil(lambda: not panel.controls.isVisible(), timeout=10000)
    summary = panel.choices_summary.text()
    assert summary.startswith("Choices: ") and "2 true/false" in summary and "medium" in summary
    assert panel.choices_button.text() == "Change choices…"
    assert panel.request_edit.isVisible()  # a request can still be typed
    panel.choices_button.click()
    qtbot.waitUntil(lambda: panel.controls.isVisible())
    assert not panel.choices_summary.isVisible() and panel.choices_button.text() == "Hide choices"
    panel.show_choices(False)
    panel.read_request("3 MCQs on quantization, make it hard")
    assert panel.controls.isVisible()  # what was read is checked in the choices, before a run
    assert panel.spins[QuestionType.MCQ].value() == 3

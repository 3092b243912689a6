"""The course chooser, the lectures panel over a course's decks, and the draft controls
filled from a typed request (pytest-qt; real decks in a real bank file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.course_panel import ALL_DECKS, CoursePanel
from desktop.draft_panel import DraftPanel
from desktop.main_window import MainWindow
from storage.courses import Courses
from storage.decks import read_deck
from storage.domain import Difficulty, QuestionType
from storage.slide_store import SlideLibrary
from tests.conftest import FIXTURES, make_deck

DECKS = ("yandex-nlp-lecture-efficiency.pdf", "yandex-word-alignment-metropolis.pdf")


@pytest.fixture
def two_decks(tmp_path: Path):
    from storage.database import open_bank

    bank = open_bank(tmp_path / "bank.sqlite")
    library = SlideLibrary(bank)
    ids = [library.import_deck(read_deck(FIXTURES / d)).deck.id for d in DECKS]
    courses = Courses(bank)
    courses.create("NLP")
    courses.add_decks("NLP", ids)
    courses.create("Empty")
    yield bank, ids
    bank.close()


def test_the_chooser_shows_courses_and_asks_for_changes(qtbot, two_decks) -> None:
    bank, ids = two_decks
    panel = CoursePanel()
    qtbot.addWidget(panel)
    decks = SlideLibrary(bank).decks()
    scopes: list[list[int]] = []
    panel.scope_changed.connect(scopes.append)
    panel.set_courses(Courses(bank).courses(), decks)
    assert [panel.course_box.itemText(i) for i in range(3)] == [
        ALL_DECKS,
        "Empty  (0 decks)",
        "NLP  (2 decks)",
    ]
    assert panel.current_course() is None and panel.scope_deck_ids() == ids
    assert not panel.rename_button.isEnabled() and not panel.add_button.isEnabled()
    panel.course_box.setCurrentIndex(2)
    assert panel.current_course() == "NLP" and scopes[-1] == ids
    assert panel.deck_list.count() == 2 and panel.remove_button.isEnabled()
    with qtbot.waitSignal(panel.deck_chosen) as shown:
        panel.deck_list.itemClicked.emit(panel.deck_list.item(1))
    assert shown.args == [ids[1]]
    panel.deck_list.setCurrentRow(0)
    with qtbot.waitSignal(panel.remove_requested) as removed:
        panel.remove_button.click()
    assert removed.args == ["NLP", [ids[0]]]
    panel.course_box.setCurrentIndex(1)
    assert "no decks yet" in panel.note.text() and panel.add_box.count() == 2
    with qtbot.waitSignal(panel.add_requested) as added:
        panel.add_button.click()
    assert added.args == ["Empty", [ids[0]]]
    panel.ask_name = lambda *_a, **_k: "Efficient NLP"
    with qtbot.waitSignal(panel.rename_requested) as renamed:
        panel.rename_button.click()
    assert renamed.args == ["Empty", "Efficient NLP"]
    with qtbot.waitSignal(panel.create_requested) as created:
        panel.new_button.click()
    assert created.args == ["Efficient NLP"]
    # the course chosen stays chosen when the window hands back the courses
    Courses(bank).add_decks("Empty", [ids[0]])
    panel.set_courses(Courses(bank).courses(), decks)
    assert panel.current_course() == "Empty" and panel.scope_deck_ids() == [ids[0]]
    panel.show_selection_counts({ids[0]: 3})
    assert panel.deck_list.item(0).text().endswith("— 3 selected")


def test_moving_between_a_courses_decks_keeps_the_selection(
    qtbot, empty_window: MainWindow
) -> None:
    window = empty_window
    window.import_files([FIXTURES / d for d in DECKS])
    panel = window.slides_panel
    qtbot.waitUntil(
        lambda: panel.deck_box.count() == 2 and len(panel.model.slides) > 0, timeout=30000
    )
    ids = panel.deck_ids
    panel.set_scope(ids, "NLP")
    chosen: list[list] = []
    panel.selection_changed.connect(chosen.append)
    panel.deck_box.setCurrentIndex(0)
    qtbot.waitUntil(
        lambda: panel.model.deck is not None and panel.model.deck.id == ids[0], timeout=10000
    )
    panel.select_pages([10, 11])
    panel.deck_box.setCurrentIndex(1)
    qtbot.waitUntil(
        lambda: panel.model.deck is not None and panel.model.deck.id == ids[1], timeout=10000
    )
    panel.select_pages([13])
    both = chosen[-1]
    assert [(s.deck_id, s.page) for s in both] == [(ids[0], 10), (ids[0], 11), (ids[1], 13)]
    assert "3 slide(s) from 2 decks" in panel.summary.text()
    assert window.draft_panel.slides == both  # drafting takes slides of both decks
    panel.deck_box.setCurrentIndex(0)  # back: its pages are still selected
    qtbot.waitUntil(
        lambda: panel.model.deck is not None and panel.model.deck.id == ids[0], timeout=10000
    )
    assert [s.page for s in panel.selected_slides()] == [10, 11]
    assert len(panel.all_selected_slides()) == 3
    assert panel.selection_counts() == {ids[0]: 2, ids[1]: 1}
    # a search over the course asks for every deck of it, and its result selects there
    with qtbot.waitSignal(panel.course_find_requested) as asked:
        panel.find_edit.setText("IBM Model 1 and distillation")
        panel.find_button.click()
    assert asked.args == ["IBM Model 1 and distillation", ids]
    library = SlideLibrary(window.bank)
    found = [library.slide(ids[1], 23), library.slide(ids[0], 21)]
    panel.show_course_find_result("2 slide(s) about IBM Model, distillation.", found)
    assert {(s.deck_id, s.page) for s in panel.all_selected_slides()} == {
        (ids[0], 21),
        (ids[1], 23),
    }
    assert panel.find_status.text().startswith("2 slide(s)")
    panel.clear_all_selections()
    assert panel.all_selected_slides() == [] and panel.summary.text() == "No slides selected."


def test_a_typed_request_fills_the_draft_controls_before_anything_runs(qtbot) -> None:
    panel = DraftPanel()
    qtbot.addWidget(panel)
    read = []
    panel.request_read.connect(read.append)
    panel.read_request("5 MCQs, 3 true/false and 2 short questions on quantization, make it hard")
    values = {t: s.value() for t, s in panel.spins.items()}
    assert values[QuestionType.MCQ] == 5 and values[QuestionType.TRUE_FALSE] == 3
    assert values[QuestionType.SHORT] == 2 and values[QuestionType.ESSAY] == 0
    assert panel.difficulty.currentData() == Difficulty.HARD.value
    assert (
        "Read as: 5 multiple choice, 3 true/false, 2 short answer; hard" in panel.understood.text()
    )
    assert read and read[-1].topic == "quantization"
    assert panel.draft_button.isEnabled() and panel._thread is None  # nothing ran
    # what a request does not name stays as the instructor set it
    panel.request_edit.setText("key terms such as LoRA, MoE")
    panel.read_button.click()
    assert panel.spins[QuestionType.MCQ].value() == 5
    assert panel.difficulty.currentData() == Difficulty.HARD.value
    assert panel.focus.text() == "LoRA, MoE"
    panel.read_request("Bloom: analyze; an assignment exploring Word2Vec by coding it in PyTorch")
    assert (
        panel.spins[QuestionType.ESSAY].value() == 1 and panel.spins[QuestionType.MCQ].value() == 0
    )
    assert panel.bloom.currentData() == "analyze"
    assert "an assignment (PyTorch)" in panel.understood.text()
    request = panel.request()  # what Draft would run is what the controls show
    assert dict(request.counts) == {QuestionType.ESSAY: 1}
    panel.read_request("999 MCQs on pruning")
    assert (
        panel.spins[QuestionType.MCQ].value() == 50
        and "At most 50 per type" in panel.understood.text()
    )
    panel.read_request("make it easy")
    assert "names no topic" in panel.understood.text()


def test_courses_in_the_window_from_making_one_to_a_request_over_it(
    qtbot, empty_window: MainWindow
) -> None:
    """The wiring the main window installs (desktop/course_wiring.py), on a real window."""
    from desktop.course_wiring import CourseWiring

    window = empty_window
    window.import_files([FIXTURES / d for d in DECKS])
    slides = window.slides_panel
    qtbot.waitUntil(lambda: slides.deck_box.count() == 2, timeout=30000)
    wiring = CourseWiring(window)
    qtbot.addWidget(wiring.panel)
    panel = wiring.panel
    wiring.reload()
    qtbot.waitUntil(lambda: panel.course_box.count() == 1, timeout=10000)  # all decks
    panel.ask_name = lambda *_a, **_k: "NLP"
    panel.new_button.click()
    qtbot.waitUntil(lambda: panel.current_course() == "NLP", timeout=10000)
    assert slides.course == "NLP" and slides.deck_box.count() == 0  # no decks yet
    for _ in range(2):
        count = panel.deck_list.count()
        panel.add_button.click()
        qtbot.waitUntil(lambda count=count: panel.deck_list.count() == count + 1, timeout=10000)
    ids = panel.scope_deck_ids()
    assert len(ids) == 2 and slides.deck_box.count() == 2
    # a typed request fills the controls and selects its slides over the course's decks
    window.draft_panel.read_request("4 MCQs on knowledge distillation and IBM Model 1")
    qtbot.waitUntil(
        lambda: len({s.deck_id for s in slides.all_selected_slides()}) == 2, timeout=20000
    )
    assert window.draft_panel.spins[QuestionType.MCQ].value() == 4
    assert {s.deck_id for s in window.draft_panel.slides} == set(ids)
    assert "selected" in panel.deck_list.item(0).text()
    # a request no slide answers selects nothing and says so
    window.draft_panel.read_request("a quiz on convolutional neural networks: pooling, stride")
    qtbot.waitUntil(lambda: slides.all_selected_slides() == [], timeout=20000)
    assert slides.find_status.text().startswith("No slide")
    # a name that exists is refused in words, and nothing changes
    window._failed = lambda exc, _details: failures.append(str(exc))
    failures: list[str] = []
    panel.ask_name = lambda *_a, **_k: "nlp"
    panel.new_button.click()
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert failures == ["There is already a course “NLP”."]
    # all decks again: the lectures panel shows every deck, the selection is kept
    panel.course_box.setCurrentIndex(0)
    assert slides.course is None and slides.deck_box.count() == 2


def test_picking_several_decks_of_a_course(qtbot, two_decks) -> None:
    bank, ids = two_decks
    third = make_deck(bank, pages=3, name="week3.pdf")
    Courses(bank).add_decks("NLP", [third])
    panel = CoursePanel()
    qtbot.addWidget(panel)
    picks: list[list[int]] = []
    panel.picked_changed.connect(picks.append)
    panel.set_courses(Courses(bank).courses(), SlideLibrary(bank).decks(), current="NLP")
    course = [*ids, third]
    assert picks[-1] == course and panel.picked_name() == "NLP"
    # one deck clicked only shows it: the course is still worked over whole
    panel.deck_list.setCurrentRow(1)
    assert panel.picked_deck_ids() == course
    # two picked (Ctrl-click): those, in the course's order, with no course name
    panel.deck_list.item(2).setSelected(True)
    panel.deck_list.item(0).setSelected(True)
    assert picks[-1] == course and panel.picked_deck_ids() == course  # all three
    panel.deck_list.item(1).setSelected(False)
    assert picks[-1] == [ids[0], third] and panel.picked_name() == ""
    assert "2 picked deck(s) of 3" in panel.note.text()
    with qtbot.waitSignal(panel.remove_requested) as removed:
        panel.remove_button.click()
    assert removed.args == ["NLP", [ids[0], third]]
    # "All decks": nothing is picked, every deck is worked over
    panel.course_box.setCurrentIndex(0)
    assert panel.picked_deck_ids() == [*ids, third] and panel.picked_name() == ""


def test_picked_decks_narrow_the_request_and_show_in_coverage(
    qtbot, empty_window: MainWindow
) -> None:
    from desktop.course_wiring import CourseWiring

    window = empty_window
    window.import_files([FIXTURES / d for d in DECKS])
    slides = window.slides_panel
    qtbot.waitUntil(lambda: slides.deck_box.count() == 2, timeout=30000)
    ids = list(slides.deck_ids)
    courses = Courses(window.bank)
    courses.create("NLP")
    courses.add_decks("NLP", ids)
    wiring = CourseWiring(window)
    qtbot.addWidget(wiring.panel)
    panel = wiring.panel
    wiring.reload(current="NLP")
    qtbot.waitUntil(lambda: panel.deck_list.count() == 2, timeout=10000)
    coverage = window.coverage
    qtbot.waitUntil(lambda: coverage.many is not None, timeout=10000)
    assert coverage.many.name == "NLP" and coverage.current_scope() == ids
    # a request over the course finds in both decks...
    window.draft_panel.read_request("4 MCQs on knowledge distillation and IBM Model 1")
    qtbot.waitUntil(
        lambda: len({s.deck_id for s in slides.all_selected_slides()}) == 2, timeout=20000
    )
    # one deck clicked alone is no set; both picked are a set without the course's name
    panel.deck_list.setCurrentRow(0)
    assert panel.picked_deck_ids() == ids
    panel.deck_list.item(1).setSelected(True)
    qtbot.waitUntil(lambda: coverage.many is not None and coverage.many.name == "", timeout=10000)
    assert coverage.deck_box.currentText() == "All 2 decks chosen"
    # a search from the lectures panel goes over the picked decks
    asked: list[list[int]] = []
    wiring.find_in_course = lambda _query, deck_ids: asked.append(deck_ids)  # type: ignore[method-assign]
    with qtbot.waitSignal(slides.course_find_requested):
        slides.find_edit.setText("distillation")
        slides.find_button.click()
    assert asked == [ids]

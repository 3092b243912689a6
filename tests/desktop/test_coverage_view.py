"""The coverage view on a real bank: per-slide counts, uncovered slides, mix, activation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.coverage_view import UNCOVERED, CoverageView
from storage.bank import QuestionBank
from storage.database import Bank
from storage.decks import read_deck
from storage.domain import Difficulty, SlideRef
from storage.slide_store import SlideLibrary
from tests.conftest import FIXTURES, make_deck, mcq, true_false


def _view(qtbot, bank: Bank) -> CoverageView:
    view = CoverageView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.set_bank(bank)
    view.show()
    qtbot.waitUntil(lambda: view.coverage is not None, timeout=5000)
    return view


def _column(view: CoverageView, col: int) -> list[str]:
    return [view.model.item(r, col).text() for r in range(view.model.rowCount())]


def test_slides_with_and_without_questions(qtbot, bank: Bank) -> None:
    deck = make_deck(bank, pages=5, name="week1.pdf")
    other = make_deck(bank, pages=3, name="week2.pdf")
    QuestionBank(bank).add_many(
        [
            mcq("Q1", "a", sources=(SlideRef(deck, 2),), difficulty=Difficulty.EASY),
            mcq("Q2", "a", sources=(SlideRef(deck, 2), SlideRef(deck, 4))),
            true_false("Q3", True, sources=(SlideRef(deck, 4),), difficulty=Difficulty.HARD),
            mcq("Q4", "a", sources=(SlideRef(other, 3),)),
        ]
    )
    view = _view(qtbot, bank)
    assert view.current_deck() == deck
    assert _column(view, 0) == ["1", "2", "3", "4", "5"]
    assert _column(view, 2) == ["0", "2", "0", "2", "0"]
    assert _column(view, 3)[1] == "2 MC" and _column(view, 3)[3] == "1 MC, 1 T/F"
    assert _column(view, 4)[0] == "no questions yet" and _column(view, 4)[1] == ""
    # slides with none are highlighted, the others not
    backgrounds = [view.model.item(r, 1).background().color() for r in range(5)]
    assert [c == UNCOVERED for c in backgrounds] == [True, False, True, False, True]
    summary = view.summary.text()
    assert "2 of 5" in summary and "3 have none" in summary and "3 question(s)" in summary
    assert "MC 2 (67%)" in view.type_bar.legend and "T/F 1 (33%)" in view.type_bar.legend
    assert "easy 1" in view.difficulty_bar.legend and "unset 1" in view.difficulty_bar.legend

    view.only_uncovered.setChecked(True)
    assert _column(view, 0) == ["1", "3", "5"]
    view.only_uncovered.setChecked(False)

    with qtbot.waitSignal(view.slide_activated) as activated:
        view.table.doubleClicked.emit(view.model.index(3, 1))
    assert activated.args == [deck, 4]
    view.table.setCurrentIndex(view.model.index(1, 0))
    with qtbot.waitSignal(view.slide_activated) as activated:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert activated.args == [deck, 2]

    view.set_deck(other)
    qtbot.waitUntil(lambda: view.coverage is not None and view.coverage.deck_id == other)
    assert _column(view, 2) == ["0", "0", "1"]

    # new questions show after reload, on the same deck
    QuestionBank(bank).add_many([mcq("Q5", "a", sources=(SlideRef(other, 1),))])
    view.reload()
    qtbot.waitUntil(lambda: _column(view, 2) == ["1", "0", "1"], timeout=5000)
    assert view.current_deck() == other


def test_title_and_agenda_slides_are_not_counted_as_gaps(qtbot, bank: Bank) -> None:
    deck = SlideLibrary(bank).import_deck(read_deck(FIXTURES / "yandex-nlp-lecture-efficiency.pdf"))
    view = _view(qtbot, bank)
    cov = view.coverage
    assert cov is not None and cov.deck_id == deck.deck.id
    flagged = [s.page for s in cov.slides if s.flags]
    assert flagged
    row = flagged[0] - 1
    assert view.model.item(row, 1).background().color() != UNCOVERED
    assert view.model.item(row, 4).text().startswith("not counted: ")  # and why
    content = sum(1 for s in cov.slides if s.is_content)
    assert f"0 of {content}" in view.summary.text()
    view.only_uncovered.setChecked(True)
    assert view.model.rowCount() == content


def test_empty_bank_says_what_to_do(qtbot, tmp_path: Path, bank: Bank) -> None:
    view = CoverageView()
    qtbot.addWidget(view)
    view.set_bank(bank)
    qtbot.waitUntil(lambda: "Import a deck" in view.summary.text(), timeout=5000)
    assert view.model.rowCount() == 0


def test_several_decks_together_a_course_or_a_hand_picked_set(qtbot, bank: Bank) -> None:
    week1 = make_deck(bank, pages=3, name="week1.pdf")
    week2 = make_deck(bank, pages=2, name="week2.pdf")
    week3 = make_deck(bank, pages=2, name="week3.pdf")
    QuestionBank(bank).add_many(
        [
            mcq("Q1", "a", sources=(SlideRef(week1, 2), SlideRef(week3, 1))),
            true_false("Q2", True, sources=(SlideRef(week3, 2),)),
            mcq("Q3", "a", sources=(SlideRef(week2, 1),)),
        ]
    )
    view = _view(qtbot, bank)
    view.set_scope([week3, week1], "NLP")
    qtbot.waitUntil(lambda: view.many is not None, timeout=5000)
    assert view.deck_box.currentText() == "All 2 decks of “NLP”"
    assert view.current_deck() is None and view.current_scope() == [week3, week1]
    assert [d.deck_id for d in view.many.decks] == [week3, week1]
    # the slides of both decks, deck by deck, each saying whose it is
    assert _column(view, 0) == ["1", "2", "1", "2", "3"]
    assert _column(view, 2) == ["1", "1", "0", "1", "0"]
    slides = _column(view, 1)
    assert slides[0].endswith("· week3.pdf") and slides[2].endswith("· week1.pdf")
    summary = view.summary.text()
    assert "3 of 5" in summary and "2 question(s) cite the decks of “NLP”" in summary
    assert "MC 1 (50%)" in view.type_bar.legend and "T/F 1 (50%)" in view.type_bar.legend
    # a row leads to its own deck's slide
    with qtbot.waitSignal(view.slide_activated) as activated:
        view.table.doubleClicked.emit(view.model.index(3, 1))
    assert activated.args == [week1, 2]
    view.only_uncovered.setChecked(True)
    assert [(view.deck_at(r), view.page_at(r)) for r in range(view.model.rowCount())] == [
        (week1, 1),
        (week1, 3),
    ]
    view.only_uncovered.setChecked(False)

    # one deck of the list, then back to the decks together; a reload keeps the choice
    view.set_deck(week2)
    qtbot.waitUntil(lambda: view.coverage is not None and view.coverage.deck_id == week2)
    assert view.current_scope() is None
    view.deck_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.many is not None, timeout=5000)
    view.reload()
    qtbot.waitUntil(lambda: view.many is not None, timeout=5000)
    assert view.current_scope() == [week3, week1]

    # a hand-picked set has no name; one deck is no set
    view.set_scope([week1, week2])
    qtbot.waitUntil(lambda: view.many is not None and view.many.name == "", timeout=5000)
    assert view.deck_box.currentText() == "All 2 decks chosen"
    assert "cite these 2 decks" in view.summary.text()
    view.set_scope([week2])
    qtbot.waitUntil(lambda: view.coverage is not None, timeout=5000)
    assert view.deck_box.findData(-1) == -1 and view.current_deck() is not None

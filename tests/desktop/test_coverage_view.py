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

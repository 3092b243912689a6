"""The bank browser and the coverage view in a window, on a real deck and a few hundred questions.

For looking at them (and screenshots under Xvfb):

    .venv/bin/python packaging/browser_demo.py                  # a window to try
    QT_QPA_PLATFORM=xcb DISPLAY=:99 .venv/bin/python packaging/browser_demo.py \
        --shots /tmp/shots-browser/1366x768                     # PNGs of each screen, then exit

The bank is built in a temporary folder (or --bank PATH, reused if it exists)
from a corpus lecture PDF (../shared/corpus) or the test fixture deck.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QItemSelectionModel, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTabWidget  # noqa: E402

from bench.bank import make_questions, real_sentences  # noqa: E402
from desktop.bank_browser import BankBrowser  # noqa: E402
from desktop.coverage_view import CoverageView  # noqa: E402
from storage.bank import QuestionBank  # noqa: E402
from storage.database import Bank, open_bank  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.domain import SlideRef  # noqa: E402
from storage.exams import ExamHeader, ExamStore  # noqa: E402
from storage.slide_store import SlideLibrary  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "slides"
DECKS = [CORPUS / "llm-helsinki-lecture1-intro-llms.pdf", CORPUS / "nyu-dlsp20-04-rnn.pdf"]
FALLBACK = [ROOT / "tests" / "fixtures" / "yandex-nlp-lecture-efficiency.pdf"]


def build(bank: Bank, pdfs: list[Path], n: int = 400) -> None:
    rnd = random.Random(3)
    library = SlideLibrary(bank)
    pdfs = pdfs or [p for p in DECKS if p.exists()] or FALLBACK
    decks = [library.import_deck(read_deck(p)).deck for p in pdfs]
    first = decks[0]
    # the first two thirds of the first deck are examined, the rest is not yet
    pages = [(first.id, p) for p in range(1, first.page_count * 2 // 3)]
    for deck in decks[1:]:
        pages += [(deck.id, p) for p in range(1, deck.page_count + 1, 3)]
    questions = []
    for i, q in enumerate(make_questions(n, real_sentences(), rnd)):
        if i % 5:
            deck_id, page = rnd.choice(pages)
            q = replace(q, sources=(SlideRef(deck_id, page, q.stem[:80]),))
        questions.append(q)
    service = QuestionBank(bank)
    ids = service.add_many(questions)
    exams = ExamStore(service)
    exams.create(ExamHeader("Midterm 2025"), rnd.sample(ids, 25))
    exams.create(ExamHeader("Quiz week 3"), rnd.sample(ids, 10))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bank", type=Path)
    ap.add_argument("--shots", help="save screenshots as PREFIX-<screen>.png and exit")
    ap.add_argument("--decks", type=Path, nargs="*", default=[], help="lecture PDFs to import")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory()
    path = args.bank or Path(tmp.name) / "demo.sqlite"
    fresh = not path.exists()
    bank = open_bank(path)
    if fresh:
        build(bank, args.decks)

    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle(f"Quizwright — {path.name}")
    tabs = QTabWidget()
    browser = BankBrowser()
    coverage = CoverageView()
    tabs.addTab(browser, "Question bank")
    tabs.addTab(coverage, "Coverage")
    window.setCentralWidget(tabs)
    browser.set_bank(bank)
    coverage.set_bank(bank)
    coverage.slide_activated.connect(
        lambda deck, page: window.statusBar().showMessage(f"Slide {page} of deck {deck}", 3000)
    )

    def show_questions(deck: int, page: int) -> None:
        tabs.setCurrentWidget(browser)
        browser.show_slide(deck, page)

    coverage.questions_requested.connect(show_questions)
    browser.question_activated.connect(
        lambda qid: window.statusBar().showMessage(f"Open question {qid}", 3000)
    )
    geometry = app.primaryScreen().availableGeometry()
    window.setGeometry(geometry)
    window.show()

    if args.shots:
        prefix = args.shots
        Path(prefix).parent.mkdir(parents=True, exist_ok=True)
        steps: list[tuple[int, Callable[[], None]]] = [
            (1500, lambda: shot(app, f"{prefix}-1-bank.png")),
            (0, lambda: browser.search.setText("attention")),
            (0, lambda: browser.status_box.setCurrentIndex(1)),
            (800, lambda: browser.table.selectRow(1)),
            (0, lambda: select_more(browser)),
            (600, lambda: shot(app, f"{prefix}-2-search-filter-selection.png")),
            (0, browser.clear_filters),
            (0, lambda: browser.exam_box.setCurrentIndex(browser.exam_box.findData("yes"))),
            (800, lambda: select_rows(browser, [0, 1, 2])),
            (0, lambda: show_delete(browser)),
            (1200, lambda: shot(app, f"{prefix}-3-delete-confirmation.png")),
            (0, lambda: close_dialogs(app)),
            (300, lambda: tabs.setCurrentWidget(coverage)),
            (1000, lambda: shot(app, f"{prefix}-4-coverage.png")),
            (0, lambda: coverage.only_uncovered.setChecked(True)),
            (500, lambda: shot(app, f"{prefix}-5-coverage-gaps.png")),
            (0, lambda: coverage.only_uncovered.setChecked(False)),
            (300, lambda: coverage.questions_requested.emit(coverage.current_deck(), 5)),
            (800, lambda: shot(app, f"{prefix}-6-questions-of-slide-5.png")),
            (0, app.quit),
        ]
        run_steps(steps)
    app.exec()
    browser.shutdown()
    coverage.shutdown()
    bank.close()


def shot(app: QApplication, out: str) -> None:
    app.primaryScreen().grabWindow(0).save(out)
    print("wrote", out)


def select_more(browser: BankBrowser) -> None:
    sm = browser.table.selectionModel()
    for row in (2, 4):
        sm.select(
            browser.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def select_rows(browser: BankBrowser, rows: list[int]) -> None:
    browser.table.clearSelection()
    browser.table.selectRow(rows[0])
    for row in rows[1:]:
        browser.table.selectionModel().select(
            browser.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def show_delete(browser: BankBrowser) -> None:
    browser.delete_selected()


def close_dialogs(app: QApplication) -> None:
    box = app.activeModalWidget()
    if isinstance(box, QMessageBox):
        box.reject()


def run_steps(steps: list[tuple[int, Callable[[], None]]]) -> None:
    """Each step after the previous one's delay, on the event loop (dialogs included)."""
    if not steps:
        return
    delay, fn = steps[0]

    def go() -> None:
        fn()
        run_steps(steps[1:])

    QTimer.singleShot(delay, go)


if __name__ == "__main__":
    main()

"""The question editor's work on the GUI thread: is typing ever held up?

Measures, on a real deck (tests/fixtures, MIT): loading a question into the
editor, one keystroke (widgets read back + undo step), the live checks
(validation, and grounding against the deck's slides: first run builds the
sentence index, later runs reuse it), the student-view preview, undo and
redo of a choice operation, and a journal write. Target: a keystroke well
under 16 ms; checks (run 250 ms after typing stops) under 100 ms.

Run: .venv/bin/python bench/editor.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.question_editor import QuestionEditor  # noqa: E402
from storage.decks import read_deck  # noqa: E402
from storage.domain import Choice, Question, QuestionType, SlideRef  # noqa: E402
from storage.recovery import RecoveryJournal  # noqa: E402

DECK = ROOT / "tests" / "fixtures" / "yandex-nlp-lecture-efficiency.pdf"


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and worst time of `fn` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    deck = read_deck(DECK)
    slides = {(1, i + 1): text for i, text in enumerate(deck.pages)}
    q = Question(
        QuestionType.MCQ,
        "Which technique trains a small student model to imitate a large teacher model?",
        (
            Choice("Knowledge distillation", 1.0),
            Choice("Quantization", 0.0),
            Choice("Pruning", 0.0),
            Choice("Weight sharing", 0.0),
        ),
        tags=("efficiency",),
        id=1,
    )
    with tempfile.TemporaryDirectory() as tmp:
        journal = RecoveryJournal(Path(tmp))
        editor = QuestionEditor(journal=journal)
        editor.resize(800, 700)
        editor.show()
        app.processEvents()

        load_ms, load_max = timed(lambda: editor.load(q, slides), 20)
        field = editor._rows[1].text
        counter = iter(range(10**6))

        def keystroke() -> None:
            field.insert("x" if next(counter) % 2 else "y")

        key_ms, key_max = timed(keystroke, 200)

        def fresh_checks() -> None:
            # a new selection each time: the sentence index is built again
            editor.set_slides_text({**slides, (9, next(counter)): "extra slide"})
            editor.run_checks()

        editor.load(q, slides)
        cold_ms, cold_max = timed(fresh_checks, 5)
        editor.load(q, slides)
        warm_ms, warm_max = timed(editor.run_checks, 30)
        cited = replace(q, sources=(SlideRef(1, 5, ""),))
        editor.load(cited, slides)
        cited_ms, _ = timed(editor.run_checks, 30)

        editor.toggle_preview()
        preview_ms, preview_max = timed(lambda: editor.preview.set_question(editor.current()), 30)
        editor.toggle_preview()

        def undo_redo() -> None:
            editor.add_choice()
            editor.undo_stack.undo()

        undo_ms, undo_max = timed(undo_redo, 50)
        journal_ms, journal_max = timed(lambda: journal.write(editor.current()), 50)
        variants = iter(range(10**6))

        def autosave_on_gui_thread() -> None:
            editor.autosaver.changed(replace(editor.current(), title=str(next(variants))))
            editor.autosaver.flush()  # the write itself goes to the journal thread

        gui_ms, gui_max = timed(autosave_on_gui_thread, 50)
        editor.autosaver.wait_idle()
        editor.autosaver.discard()

    figures = {
        "deck_pages": len(deck.pages),
        "load_ms": round(load_ms, 2),
        "load_max_ms": round(load_max, 2),
        "keystroke_ms": round(key_ms, 3),
        "keystroke_max_ms": round(key_max, 2),
        "checks_cold_ms": round(cold_ms, 1),
        "checks_cold_max_ms": round(cold_max, 1),
        "checks_warm_ms": round(warm_ms, 2),
        "checks_warm_max_ms": round(warm_max, 2),
        "checks_cited_slide_ms": round(cited_ms, 2),
        "preview_ms": round(preview_ms, 2),
        "preview_max_ms": round(preview_max, 2),
        "add_choice_undo_ms": round(undo_ms, 2),
        "add_choice_undo_max_ms": round(undo_max, 2),
        "journal_write_ms": round(journal_ms, 2),
        "journal_write_max_ms": round(journal_max, 2),
        "autosave_gui_thread_ms": round(gui_ms, 3),
        "autosave_gui_thread_max_ms": round(gui_max, 2),
    }
    print(f"Editor on the GUI thread, deck of {len(deck.pages)} pages ({DECK.name}):")
    print(f"  load a question            {load_ms:7.2f} ms (worst {load_max:.2f})")
    print(f"  one keystroke              {key_ms:7.3f} ms (worst {key_max:.2f})")
    print(f"  checks, new slide set      {cold_ms:7.1f} ms (worst {cold_max:.1f})")
    print(f"  checks, same slides        {warm_ms:7.2f} ms (worst {warm_max:.2f})")
    print(f"  checks, one cited slide    {cited_ms:7.2f} ms")
    print(f"  student-view preview       {preview_ms:7.2f} ms (worst {preview_max:.2f})")
    print(f"  add option + undo          {undo_ms:7.2f} ms (worst {undo_max:.2f})")
    print(f"  journal write (own thread) {journal_ms:7.2f} ms (worst {journal_max:.2f})")
    print(f"  autosave, GUI thread part  {gui_ms:7.3f} ms (worst {gui_max:.2f})")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

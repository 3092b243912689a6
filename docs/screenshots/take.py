"""Screenshots of the review queue and the bank in a real window (X server + window
manager): `DISPLAY=:7 python docs/screenshots/take.py 1280x720`.

A fresh data folder and bank: the efficiency lecture imported, five drafts made
by the built drafter, a few accepted so the bank has rows, one draft selected.
The screen is captured with ImageMagick's `import -window root`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["QUIZWRIGHT_HOME"] = tempfile.mkdtemp(prefix="qw-shots-")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    size = sys.argv[1] if len(sys.argv) > 1 else "1280x720"
    app = QApplication(sys.argv[:1])
    from desktop.main_window import MainWindow
    from storage.database import open_bank
    from storage.domain import QuestionType

    bank = open_bank(Path(os.environ["QUIZWRIGHT_HOME"]) / "bank.sqlite")
    w = MainWindow(bank)
    w.showMaximized()
    w.import_files([ROOT / "tests/fixtures/yandex-nlp-lecture-efficiency.pdf"])
    out = ROOT / "docs/screenshots"

    def wait(cond, then, left: int = 600) -> None:
        if cond() or left <= 0:
            then()
        else:
            QTimer.singleShot(100, lambda: wait(cond, then, left - 1))

    def draft() -> None:
        panel = w.draft_panel
        counts = {QuestionType.MCQ: 2, QuestionType.TRUE_FALSE: 3, QuestionType.SHORT: 2}
        for t, spin in panel.spins.items():
            spin.setValue(counts.get(t, 0))
        w.slides_panel.select_content()
        panel.draft_button.click()
        wait(lambda: panel.draft_button.isEnabled() and len(panel.queue.items) >= 3, accept_some)

    def accept_some() -> None:
        queue = w.draft_panel.queue
        queue.list.setCurrentRow(0)
        queue.accept_selected()
        left = len(queue.items) - 1
        wait(lambda: len(queue.items) <= left, lambda: QTimer.singleShot(1500, shoot_queue))

    def shoot_queue() -> None:
        queue = w.draft_panel.queue
        w.right_tabs.setCurrentWidget(w.draft_panel)
        queue.list.setCurrentRow(0)
        QTimer.singleShot(800, lambda: grab(f"review-queue-{size}.png", shoot_bank))

    def shoot_bank() -> None:
        w.bank_panel.table.setFocus()
        w.bank_panel.table.selectRow(0)
        QTimer.singleShot(800, lambda: grab(f"bank-{size}.png", app.quit))

    def grab(name: str, then) -> None:
        subprocess.run(["import", "-window", "root", str(out / name)], check=True)
        print("wrote", out / name)
        then()

    wait(lambda: len(w.slides_panel.model.slides) > 0, draft)
    app.exec()
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

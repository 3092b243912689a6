"""Remakes the Create Exam and exam-page screenshots (see NOTES.md). Dialog:
    Xvfb :8 -screen 0 1280x720x24 & DISPLAY=:8 openbox &
    DISPLAY=:8 QT_QPA_PLATFORM=xcb PYTHONPATH=. python docs/screenshots/exam_dialog_shot.py /tmp/shot OUT.png
"""
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from storage.database import open_bank
from storage.bank import QuestionBank
from desktop.exam_dialog import ExamDialog
from desktop.settings import AppSettings
from PySide6.QtCore import QSettings, QTimer
from tests.exam_sample import MIXED, CUEING, accepted
tmp = Path(sys.argv[1]); tmp.mkdir(parents=True, exist_ok=True)
out = Path(sys.argv[2])
app = QApplication([])
bank = open_bank(tmp / "bank.sqlite")
svc = QuestionBank(bank)
ids = list(svc.add_many(accepted(MIXED + CUEING[2:])))
settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
d = ExamDialog(ids, tmp, service=svc, settings=settings)
d.title.setText("Midterm exam"); d.course.setText("NLP 101"); d.duration.setText("90 minutes")
d.instructions.setPlainText("Answer all questions. Calculators are not allowed.")
d.out.setText("/home/instructor/Documents/midterm-exam.pdf")
d.institution.setText("University of Examples")
d.sections.set_notes("Essay", "Answer in full sentences; about one page.")
d.show()
scr = app.primaryScreen().availableGeometry()
d.move(scr.x() + (scr.width() - d.width()) // 2, scr.y() + max(0, (scr.height() - d.height()) // 2))
def snap():
    import subprocess
    subprocess.run(["import", "-window", "root", str(out)], check=True)
    app.quit()
QTimer.singleShot(1500, snap)
app.exec()

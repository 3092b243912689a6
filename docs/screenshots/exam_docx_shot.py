"""Writes the sample exam (tests/exam_sample.MIXED) as Word files into FOLDER, lays them out
with LibreOffice (`soffice`) and saves each page as a PNG, to look at:
    PYTHONPATH=. python docs/screenshots/exam_docx_shot.py FOLDER
"""
import subprocess
import sys
from pathlib import Path

import pymupdf

from storage.bank import QuestionBank
from storage.database import open_bank
from storage.exams import ExamHeader
from storage.exports.files import ExamRequest, PdfOptions, create_and_export
from tests.exam_sample import MIXED, accepted

tmp = Path(sys.argv[1])
tmp.mkdir(parents=True, exist_ok=True)
svc = QuestionBank(open_bank(tmp / "bank.sqlite"))
ids = list(svc.add_many(accepted(MIXED)))
header = ExamHeader("Midterm exam", "NLP 101", "2026-12-06", "90 minutes", "Answer all questions.")
notes = (("Essay", "Answer in full sentences; about one page."), ("Short answer", "One or two words each."))
r = create_and_export(
    svc,
    ExamRequest(
        header, tmp / "midterm.pdf", question_ids=tuple(ids), pdf=None, section_notes=notes,
        docx=PdfOptions(institution="University of Examples", versions=2),
    ),
)
for f in r.files:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(f)],
                   check=True, capture_output=True)
    with pymupdf.open(tmp / f"{f.stem}.pdf") as doc:
        for i, page in enumerate(doc):
            page.get_pixmap(dpi=80).save(str(tmp / f"{f.stem}-p{i+1}.png"))
        print(f, doc.page_count, "pages")

"""Renders the sample exam and key (tests/exam_sample.MIXED) into FOLDER as PDFs and PNGs:
    PYTHONPATH=. python docs/screenshots/exam_pdf_shot.py FOLDER
"""
import sys
from pathlib import Path
import pymupdf
from storage.database import open_bank
from storage.bank import QuestionBank
from storage.exports.files import ExamRequest, PdfOptions, create_and_export
from storage.exams import ExamHeader
from tests.exam_sample import MIXED, accepted
tmp = Path(sys.argv[1]); tmp.mkdir(parents=True, exist_ok=True)
svc = QuestionBank(open_bank(tmp / "bank.sqlite"))
ids = list(svc.add_many(accepted(MIXED)))
r = create_and_export(svc, ExamRequest(ExamHeader("Midterm exam", "NLP 101", "2026-12-06", "90 minutes", "Answer all questions."), tmp / "midterm.pdf", question_ids=tuple(ids), pdf=PdfOptions(institution="University of Examples"), section_notes=(("Essay", "Answer in full sentences; about one page."),("Short answer","One or two words each."))))
for f in r.files:
    print(f)
    with pymupdf.open(f) as doc:
        for i, page in enumerate(doc):
            page.get_pixmap(dpi=80).save(str(tmp / f"{f.stem}-p{i+1}.png"))

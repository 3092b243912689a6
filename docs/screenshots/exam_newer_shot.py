"""Renders the newer question types (tests/storage/test_exam_newer_types.NEWER) as a
printed exam, its key and a Word page into docs/screenshots, one crop per type:
    PYTHONPATH=. python docs/screenshots/exam_newer_shot.py [FOLDER]
Word pages are laid out by LibreOffice (`soffice --convert-to pdf`) when it is installed.
"""
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import pymupdf

from storage.exports.pdf import render_answer_key_pdf, render_exam_pdf
from storage.exports.versions import ExamDocument, ExamItem, make_versions
from storage.exports.word import render_exam_docx
from tests.storage.test_exam_newer_types import NEWER

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
DPI = 80


def exam(*questions):
    return ExamDocument("Model compression quiz", tuple(ExamItem(q, q.points) for q in questions),
                        course="NLP 101", date="2026-12-06")


def pdf(doc, version, key=False):
    buf = io.BytesIO()
    (render_answer_key_pdf if key else render_exam_pdf)(doc, version, buf)
    return pymupdf.open(stream=buf.getvalue(), filetype="pdf")


whole = exam(*NEWER)
version = make_versions(whole, 2, seed=4)[0]
pdf(whole, version)[0].get_pixmap(dpi=DPI).save(str(out / "exam-newer-types-page-1.png"))
pdf(whole, version, key=True)[0].get_pixmap(dpi=DPI).save(str(out / "exam-newer-types-key.png"))
for q in NEWER:  # each type on its own: the question, cropped below the header
    one = exam(q)
    page = pdf(one, make_versions(one, 2, seed=4)[0])[0]
    top = page.search_for(q.stem.split()[0])[0].y0 - 12
    bottom = page.search_for("End of exam")[0].y0 - 4
    clip = pymupdf.Rect(0, top, page.rect.width, bottom)
    page.get_pixmap(dpi=110, clip=clip).save(str(out / f"exam-newer-{q.type.value}.png"))
with tempfile.TemporaryDirectory() as tmp:
    docx = Path(tmp) / "newer.docx"
    docx.write_bytes(render_exam_docx(whole, version))
    try:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo",
                        "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                       check=True, capture_output=True, timeout=180)
        with pymupdf.open(Path(tmp) / "newer.pdf") as doc:
            doc[0].get_pixmap(dpi=DPI).save(str(out / "exam-newer-types-docx-page-1.png"))
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"no Word page: {exc}")
print("\n".join(sorted(p.name for p in out.glob("exam-newer-*.png"))))

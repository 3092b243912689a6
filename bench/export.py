"""Exports at speed: a 200-question exam in 4 versions with keys to PDF and to
Word, and 10,000 questions to Moodle XML and to a Canvas QTI package and back.

Targets on 2 cores: the PDF set under 3 s, Moodle XML export under 3 s and
import under 10 s; Word and QTI are measured beside them (no target yet).
Questions are made from real slide and question text (see bench/bank.py).

Run: .venv/bin/python bench/export.py
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bank import make_questions, real_sentences  # noqa: E402

from storage.domain import Question  # noqa: E402
from storage.exports.pdf import (  # noqa: E402
    ExamDocument,
    ExamItem,
    make_versions,
    render_answer_key_pdf,
    render_exam_pdf,
)
from storage.exports.qti import export_qti  # noqa: E402
from storage.exports.qti_read import import_qti  # noqa: E402
from storage.exports.word import render_answer_key_docx, render_exam_docx  # noqa: E402
from storage.formats.moodle_xml import export_moodle_xml, import_moodle_xml  # noqa: E402


def questions(n: int, seed: int) -> list[Question]:
    made = make_questions(n, real_sentences(), random.Random(seed))
    # ids and uuids as a bank would give them
    return [
        replace(q, id=i, uuid=f"00000000-0000-4000-8000-{i:012d}") for i, q in enumerate(made, 1)
    ]


def main() -> None:
    exam_questions = questions(200, 1)
    exam = ExamDocument(
        title="Final exam — Natural Language Processing",
        course="NLP 2026",
        date="2026-12-14",
        duration="120 minutes",
        instructions="Answer every question. Tick one box unless told otherwise.",
        items=tuple(
            ExamItem(q, q.points, "Part A" if i < 100 else "Part B")
            for i, q in enumerate(exam_questions)
        ),
    )
    start = time.perf_counter()
    size = 0
    for version in make_versions(exam, 4, seed=42):
        buf, key = io.BytesIO(), io.BytesIO()
        render_exam_pdf(exam, version, buf)
        render_answer_key_pdf(exam, version, key)
        size += len(buf.getvalue()) + len(key.getvalue())
    pdf_s = time.perf_counter() - start
    print(
        f"PDF: 200-question exam, 4 versions + 4 keys in {pdf_s:.2f} s "
        f"({size / 1e6:.1f} MB)  [target < 3 s]"
    )

    start = time.perf_counter()
    docx_size = 0
    for version in make_versions(exam, 4, seed=42):
        docx_size += len(render_exam_docx(exam, version))
        docx_size += len(render_answer_key_docx(exam, version))
    docx_s = time.perf_counter() - start
    print(f"Word: the same exam, 4 versions + 4 keys in {docx_s:.2f} s ({docx_size / 1e6:.1f} MB)")

    bank = questions(10_000, 2)
    start = time.perf_counter()
    xml = export_moodle_xml(bank)
    export_s = time.perf_counter() - start
    start = time.perf_counter()
    result = import_moodle_xml(xml)
    import_s = time.perf_counter() - start
    assert len(result.questions) == len(bank), "the round trip lost questions"
    print(
        f"Moodle XML: 10,000 questions exported in {export_s:.2f} s "
        f"({len(xml) / 1e6:.1f} MB)  [target < 3 s]; imported back in {import_s:.2f} s "
        f"({len(result.questions):,} questions)  [target < 10 s]"
    )
    start = time.perf_counter()
    package = export_qti(bank, "Bench bank")
    qti_export_s = time.perf_counter() - start
    start = time.perf_counter()
    back = import_qti(package)
    qti_import_s = time.perf_counter() - start
    assert len(back.questions) == len(bank), "the QTI round trip lost questions"
    print(
        f"Canvas QTI: 10,000 questions exported in {qti_export_s:.2f} s "
        f"({len(package) / 1e6:.1f} MB zip); imported back in {qti_import_s:.2f} s"
    )
    print(
        json.dumps(
            {
                "pdf_set_s": round(pdf_s, 2),
                "docx_set_s": round(docx_s, 2),
                "qti_export_10k_s": round(qti_export_s, 2),
                "qti_import_10k_s": round(qti_import_s, 2),
                "qti_zip_mb": round(len(package) / 1e6, 1),
                "moodle_export_10k_s": round(export_s, 2),
                "moodle_import_10k_s": round(import_s, 2),
                "moodle_xml_mb": round(len(xml) / 1e6, 1),
            }
        )
    )


if __name__ == "__main__":
    main()

"""Exports at speed: a 200-question exam in 4 versions with keys to PDF and to
Word, and 10,000 questions to Moodle XML and to a Canvas QTI package and back.

Targets on 2 cores: the PDF set under 3 s, Moodle XML export under 3 s and
import under 10 s; Word and QTI are measured beside them (no target yet).
Questions are made from real slide and question text (see bench/bank.py).

The PDF set is also compared, in the same run, with Auto Multiple Choice (AMC)
making the same exam: the same 200 questions in 4 copies, subject and solution,
by AMC's own prepare step with pdflatex (see bench/amc.py for how each question
type is written). Target: Quizwright at most half of AMC's time. Both are timed
as wall clock, --repeats times each, alternately (so both see the same load on a
shared machine), and the medians compared, after one untimed run of each; each
Quizwright repeat starts with its paragraph caches empty. CPU seconds (ours in this
process, AMC's children) are printed beside: on a shared machine they move less.
AMC is for this bench only; install it with
    apt-get install -y --no-install-recommends auto-multiple-choice
Without it the comparison is skipped with a message (the other figures still come).

Run: .venv/bin/python bench/export.py [--repeats 5] [--keep DIR]
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import amc  # noqa: E402
from bank import make_questions, real_sentences  # noqa: E402

from storage.domain import Question  # noqa: E402
from storage.exports.pdf import (  # noqa: E402
    ExamDocument,
    ExamItem,
    make_versions,
    render_answer_key_pdf,
    render_exam_pdf,
)
from storage.exports.pdf_style import reset_caches  # noqa: E402
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


def pdf_set(exam: ExamDocument) -> tuple[float, float, list[tuple[bytes, bytes]]]:
    """Quizwright's PDF set, timed from cold: every version and its key.
    (wall seconds, CPU seconds, the PDFs)"""
    reset_caches()  # as the first export after start-up
    start, cpu = time.perf_counter(), time.process_time()
    made = []
    for version in make_versions(exam, 4, seed=42):
        buf, key = io.BytesIO(), io.BytesIO()
        render_exam_pdf(exam, version, buf)
        render_answer_key_pdf(exam, version, key)
        made.append((buf.getvalue(), key.getvalue()))
    return time.perf_counter() - start, time.process_time() - cpu, made


def children_cpu() -> float:
    """CPU seconds of finished child processes (AMC's perl and pdflatex); 0 off Unix."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return float(used.ru_utime + used.ru_stime)


def pages(pdf: bytes | Path) -> int:
    import pymupdf

    with pymupdf.open(pdf) if isinstance(pdf, Path) else pymupdf.open(stream=pdf) as doc:
        return int(doc.page_count)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog=f"Auto Multiple Choice for the comparison: {amc.INSTALL}",
    )
    ap.add_argument("--repeats", type=int, default=5, help="timed runs of each PDF set (median)")
    ap.add_argument("--keep", type=Path, help="keep version A, its key and AMC's PDFs here")
    args = ap.parse_args()
    repeats = max(1, args.repeats)

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
    amc_source = amc.amc_source(exam, copies=4)
    amc_missing = amc.missing()
    amc_failure: str | None = None
    pdf_times: list[float] = []
    amc_times: list[float] = []
    pdf_cpu: list[float] = []
    amc_cpu: list[float] = []
    amc_out: amc.AmcOutput | None = None
    with tempfile.TemporaryDirectory(prefix="qw-amc-") as tmp:
        # one untimed run each: one-time costs (Python imports and font files; TeX's
        # font cache) are not what is compared
        pdf_set(exam)
        if not amc_missing:
            try:
                amc.prepare(amc_source, Path(tmp) / "amc")
            except amc.AmcError as exc:
                amc_failure = str(exc)
        for _ in range(repeats):  # alternately, so both see the same load
            seconds, cpu, made = pdf_set(exam)
            pdf_times.append(seconds)
            pdf_cpu.append(cpu)
            if amc_missing or amc_failure:
                continue
            start, cpu_before = time.perf_counter(), children_cpu()
            try:
                amc_out = amc.prepare(amc_source, Path(tmp) / "amc")
            except amc.AmcError as exc:
                amc_failure = str(exc)
                continue
            amc_times.append(time.perf_counter() - start)
            amc_cpu.append(children_cpu() - cpu_before)
        size = sum(len(a) + len(b) for a, b in made)
        pdf_s = statistics.median(pdf_times)
        cpu_ratio = None
        print(
            f"PDF: 200-question exam, 4 versions + 4 keys in {pdf_s:.2f} s "
            f"({size / 1e6:.1f} MB; {pages(made[0][0])} + {pages(made[0][1])} pages a version; "
            f"median of {repeats})  [target < 3 s]"
        )
        amc_s = statistics.median(amc_times) if amc_times else None
        ratio = pdf_s / amc_s if amc_s else None
        if amc_out is not None and amc_s is not None:
            subject, solution = pages(amc_out.subject), pages(amc_out.solution)
            print(
                f"AMC: the same exam ({amc_source.closed} multiple-choice/true-false as AMC "
                f"questions, {amc_source.open} short answers as open questions, "
                f"{amc_source.left_out} left out), 4 copies, subject ({subject} pages) + "
                f"solution ({solution} pages) by `auto-multiple-choice prepare --mode s "
                f"--with pdflatex` in {amc_s:.2f} s (median of {len(amc_times)})"
            )
            verdict = "meets" if ratio is not None and ratio <= 0.5 else "MISSES"
            cpu_ratio = statistics.median(pdf_cpu) / statistics.median(amc_cpu)
            print(
                f"Quizwright PDF / AMC: {ratio:.2f}× ({pdf_s:.2f} s / {amc_s:.2f} s wall) — "
                f"{verdict} the 0.5× target; CPU {cpu_ratio:.2f}× "
                f"({statistics.median(pdf_cpu):.2f} s / {statistics.median(amc_cpu):.2f} s, "
                f"less moved by the machine's load)"
            )
        else:
            why = amc_missing or amc_failure
            print(f"AMC: comparison skipped — {why}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / "quizwright-A.pdf").write_bytes(made[0][0])
            (args.keep / "quizwright-A-key.pdf").write_bytes(made[0][1])
            if amc_out is not None:
                shutil.copy(amc_out.subject, args.keep / "amc-subject.pdf")
                shutil.copy(amc_out.solution, args.keep / "amc-solution.pdf")
                shutil.copy(amc_out.subject.with_name("exam.tex"), args.keep / "amc-exam.tex")

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
                "pdf_set_runs_s": [round(t, 2) for t in pdf_times],
                "amc_set_s": round(amc_s, 2) if amc_s is not None else None,
                "amc_set_runs_s": [round(t, 2) for t in amc_times],
                "pdf_vs_amc": round(ratio, 3) if ratio is not None else None,
                "pdf_cpu_s": round(statistics.median(pdf_cpu), 2),
                "amc_cpu_s": round(statistics.median(amc_cpu), 2) if amc_cpu else None,
                "pdf_vs_amc_cpu": round(cpu_ratio, 3) if cpu_ratio is not None else None,
                "amc_questions": {
                    "closed": amc_source.closed,
                    "open": amc_source.open,
                    "left_out": amc_source.left_out,
                },
                "amc_skipped": amc_missing or amc_failure,
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

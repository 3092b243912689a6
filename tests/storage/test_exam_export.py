"""Creating an exam and writing its files in one step (the app's Create Exam)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from storage.bank import QuestionBank
from storage.domain import Status
from storage.exams import ExamError, ExamHeader, ExamStore
from storage.exports.files import ExamRequest, ExportError, PdfOptions, create_and_export
from storage.formats.moodle_xml import import_moodle_xml
from tests.conftest import SAMPLE

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


@pytest.fixture
def ids(service: QuestionBank) -> list[int]:
    stored = service.add_many([replace(q, status=Status.ACCEPTED) for q in SAMPLE])
    return list(stored)


def test_selected_questions_become_an_exam_with_versions_keys_and_moodle(
    service: QuestionBank, ids: list[int], tmp_path: Path
) -> None:
    request = ExamRequest(
        ExamHeader("Midterm", "NLP 101"),
        tmp_path / "midterm.pdf",
        question_ids=tuple(ids[:4]),
        pdf=PdfOptions(versions=2, institution="Uni"),
        moodle=True,
    )
    result = create_and_export(service, request)
    names = sorted(p.name for p in result.files)
    assert names == [
        "midterm-A-key.pdf", "midterm-A.pdf", "midterm-B-key.pdf", "midterm-B.pdf", "midterm.xml",
    ]  # fmt: skip
    with pymupdf.open(tmp_path / "midterm-A.pdf") as doc:
        text = "".join(page.get_text() for page in doc)
    assert "Midterm" in text and "LoRA" in text and "Uni" in text
    imported = import_moodle_xml((tmp_path / "midterm.xml").read_bytes())
    assert len(imported.questions) == 4
    assert [q.id for q, _, _ in ExamStore(service).get(result.exam.id).items] == ids[:4]


def test_drafts_need_an_explicit_yes_and_nothing_is_stored_without_it(
    service: QuestionBank, ids: list[int], tmp_path: Path
) -> None:
    draft = service.add(SAMPLE[0])
    request = ExamRequest(
        ExamHeader("Quiz"), tmp_path / "quiz.pdf", question_ids=(ids[1], draft.id or 0)
    )
    with pytest.raises(ExportError, match="still drafts"):
        create_and_export(service, request)
    assert ExamStore(service).list() == [] and not list(tmp_path.glob("*.pdf"))
    result = create_and_export(service, replace(request, include_drafts=True))
    assert len(result.exam.items) == 2


def test_a_draw_and_its_messages(service: QuestionBank, ids: list[int], tmp_path: Path) -> None:
    out = tmp_path / "drawn.pdf"
    result = create_and_export(
        service, ExamRequest(ExamHeader("Drawn"), out, draw_spec="1 tf; 1 short", seed=4)
    )
    assert [q.type.value for q, _, _ in result.exam.items] == ["truefalse", "short"]
    with pytest.raises(ExamError, match="only 1 accepted"):
        create_and_export(service, ExamRequest(ExamHeader("Too many"), out, draw_spec="3 tf"))
    with pytest.raises(ExportError, match="at least one format"):
        create_and_export(
            service, ExamRequest(ExamHeader("No files"), out, question_ids=(ids[0],), pdf=None)
        )
    with pytest.raises(ExportError, match="does not exist"):
        create_and_export(
            service,
            ExamRequest(ExamHeader("Nowhere"), tmp_path / "no" / "x.pdf", question_ids=(ids[0],)),
        )

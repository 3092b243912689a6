"""#15 Exams: sections (stored, printed, keyed), option shuffling as its own choice,
rubrics scaled to the item, plain spellings accepted, and cueing found before writing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from storage.bank import QuestionBank
from storage.database import head_revision, open_bank
from storage.domain import Choice, Question, QuestionType
from storage.exam_cueing import cue_report, find_cues
from storage.exam_export import (
    CueingError,
    ExamRequest,
    PdfOptions,
    create_and_export,
)
from storage.exam_versions import ExamDocument, ExamItem, make_versions, scale_rubric
from storage.exams import ExamHeader, ExamStore, default_sections
from storage.formats.gift import export_gift, import_gift
from storage.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from storage.spelling import plain_spelling, with_plain_spellings
from tests.exam_sample import (
    CUEING,
    ESSAY,
    MCQ_STEMMING,
    MCQ_SUBWORDS,
    MIXED,
    NAIVE,
    NUMERICAL,
    TF_PLAIN,
    accepted,
)
from tests.storage.old_banks import bank_at_revision


def pdf_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def mixed_ids(service: QuestionBank) -> list[int]:
    return list(service.add_many(accepted(MIXED)))


# --------------------------------------------------------------------------- sections


def test_default_sections_follow_the_type_order_with_the_essay_last() -> None:
    intro = Question(QuestionType.DESCRIPTION, "The next question is about quantization.")
    placed = default_sections([ESSAY, TF_PLAIN, MCQ_SUBWORDS, intro, NUMERICAL, NAIVE])
    assert [(q.type, sec) for q, sec in placed] == [
        (QuestionType.MCQ, "Multiple choice"),
        (QuestionType.TRUE_FALSE, "True or false"),
        (QuestionType.SHORT, "Short answer"),
        (QuestionType.DESCRIPTION, "Numerical answers"),  # stays with its question
        (QuestionType.NUMERICAL, "Numerical answers"),
        (QuestionType.ESSAY, "Essay"),
    ]


def test_sections_and_their_instructions_are_stored_printed_and_keyed(
    service: QuestionBank, mixed_ids: list[int], tmp_path: Path
) -> None:
    request = ExamRequest(
        ExamHeader("Midterm"),
        tmp_path / "midterm.pdf",
        question_ids=tuple(mixed_ids),
        section_notes=(("Essay", "Answer in full sentences."), ("Nowhere", "dropped")),
    )
    result = create_and_export(service, request)
    again = ExamStore(QuestionBank(open_bank(service.bank.info.path))).get(result.exam.id)
    assert again.sections == [
        "Multiple choice", "True or false", "Short answer", "Numerical answers", "Essay",
    ]  # fmt: skip
    assert again.items[-1][0].type is QuestionType.ESSAY  # not mid-exam
    assert again.section_notes == (("Essay", "Answer in full sentences."),)
    text = flat(pdf_text(tmp_path / "midterm.pdf"))
    positions = [text.index(title) for title in again.sections]
    assert positions == sorted(positions)
    assert text.index("Answer in full sentences.") > text.index("Essay")
    key = flat(pdf_text(tmp_path / "midterm-key.pdf"))
    assert [key.index(t) for t in again.sections] == sorted(key.index(t) for t in again.sections)


def test_an_instructor_order_and_own_sections_are_kept(
    service: QuestionBank, mixed_ids: list[int], tmp_path: Path
) -> None:
    ids = tuple(reversed(mixed_ids))
    request = ExamRequest(
        ExamHeader("Own order"),
        tmp_path / "own.pdf",
        question_ids=ids,
        sections=("Part 1", "Part 1", "Part 1", "Part 2", "Part 2", "Part 2"),
        pdf=PdfOptions(versions=3),
    )
    exam = create_and_export(service, request).exam
    assert [q.id for q, _, _ in exam.items] == list(ids)
    for letter in "ABC":  # shuffled within sections only
        text = flat(pdf_text(tmp_path / f"own-{letter}.pdf"))
        part2 = text.index("Part 2")
        for q, _, sec in exam.items:
            stem = flat(q.stem)[:40]
            assert (text.index(stem) > part2) == (sec == "Part 2"), (letter, stem)


def test_a_bank_from_before_sections_is_upgraded_and_keeps_its_exams(tmp_path: Path) -> None:
    path = bank_at_revision(tmp_path / "old.sqlite", "0005")
    with open_bank(path) as bank:
        assert head_revision() >= "0006" and bank.info.schema_revision == head_revision()
        service = QuestionBank(bank)
        ids = service.add_many(accepted([MCQ_SUBWORDS, ESSAY]))
        store = ExamStore(service)
        exam = store.create(
            ExamHeader("Quiz"), list(ids), section_instructions={"Essay": "One page."}
        )
        assert store.get(exam.id).section_instructions("Essay") == "One page."


# --------------------------------------------------------------------------- options


def _options(version_items: tuple[ExamItem, ...]) -> list[str]:
    return [c.text for c in version_items[0].question.choices]


def test_option_shuffling_is_a_choice_of_its_own() -> None:
    exam = ExamDocument("Quiz", (ExamItem(MCQ_SUBWORDS, 1), ExamItem(MCQ_STEMMING, 1)))
    written = [c.text for c in MCQ_SUBWORDS.choices]
    (kept,) = make_versions(exam, 1, seed=3, shuffle_options=False)
    assert _options(kept.items) == written
    shuffled = [_options(make_versions(exam, 1, seed=s)[0].items) for s in range(6)]
    assert any(order != written for order in shuffled)  # one version, options shuffled
    assert all(sorted(order) == sorted(written) for order in shuffled)
    for version in make_versions(exam, 3, seed=3, shuffle_options=False):
        by_stem = {i.question.stem: i.question for i in version.items}
        assert [c.text for c in by_stem[MCQ_SUBWORDS.stem].choices] == written


def test_the_pdf_prints_options_in_written_order_only_when_asked(
    service: QuestionBank, tmp_path: Path
) -> None:
    ids = service.add_many(accepted([MCQ_SUBWORDS]))
    for shuffle in (False, True):
        out = tmp_path / f"quiz-{shuffle}.pdf"
        create_and_export(
            service,
            ExamRequest(
                ExamHeader("Quiz"),
                out,
                question_ids=tuple(ids),
                seed=5,
                pdf=PdfOptions(shuffle_options=shuffle),
            ),
        )
        text = pdf_text(out)
        at = [text.index(c.text) for c in MCQ_SUBWORDS.choices]
        assert (at == sorted(at)) is not shuffle


# --------------------------------------------------------------------------- key


def test_rubric_points_scale_to_the_items_points() -> None:
    scaled = scale_rubric(ESSAY.grader_info, 10)
    assert "Rubric (10 points)" in scaled and "(100" not in scaled
    assert "slides (4)" in scaled and "Comparison (2.5)" in scaled and "citations (1)" in scaled
    assert scale_rubric(ESSAY.grader_info, 100) == ESSAY.grader_info
    assert scale_rubric("- Method (3 pts)\n- Report (2 pts)", 10) == (
        "- Method (6 pts)\n- Report (4 pts)"
    )
    assert scale_rubric("Discuss (about 1,000 words, slide 3).", 10) == (
        "Discuss (about 1,000 words, slide 3)."
    )


def test_the_key_shows_the_scaled_rubric_and_the_plain_spelling(
    service: QuestionBank, mixed_ids: list[int], tmp_path: Path
) -> None:
    create_and_export(
        service,
        ExamRequest(ExamHeader("Midterm"), tmp_path / "m.pdf", question_ids=tuple(mixed_ids)),
    )
    key = flat(pdf_text(tmp_path / "m-key.pdf"))
    assert "Rubric (10 points)" in key and "100 points" not in key
    assert "Explanations match the slides (4)" in key
    assert "Naïve / Naive" in key


# --------------------------------------------------------------------------- spellings


def test_plain_spellings() -> None:
    assert plain_spelling("Naïve") == "Naive"
    assert plain_spelling("Gödel, Ørsted, Straße, Łódź") == "Godel, Orsted, Strasse, Lodz"
    assert plain_spelling("´ve been riding") == "´ve been riding"  # an accent as apostrophe


def test_moodle_and_gift_accept_the_plain_spelling_and_round_trip() -> None:
    xml = export_moodle_xml([NAIVE]).decode("utf-8")
    assert "Naïve" in xml and "<text>Naive</text>" in xml
    assert import_moodle_xml(xml.encode("utf-8")).questions[0].choices == NAIVE.choices
    gift, _ = export_gift([NAIVE])
    assert "=Naïve" in gift and "=Naive" in gift
    assert import_gift(gift).questions[0].choices == NAIVE.choices


# --------------------------------------------------------------------------- cueing


def test_cueing_pairs_are_named() -> None:
    cues = find_cues(CUEING)
    assert [(c.first, c.second) for c in cues] == [(1, 2), (1, 3), (2, 4)]
    report = cue_report(CUEING, cues)
    assert (
        "Questions 1 and 2: both offer options “Character n-grams”, “Sentence splitting”" in report
    )
    assert "3 states “Byte-pair encoding”, the answer to 1" in report
    assert "the answer to 4, “stemming”, is an option in 2" in report
    assert find_cues(MIXED) == []  # shared words alone are not cueing


def test_create_refuses_cueing_items_until_told_and_writes_nothing(
    service: QuestionBank, tmp_path: Path
) -> None:
    ids = tuple(service.add_many(accepted(CUEING)))
    out = tmp_path / "out"
    out.mkdir()
    request = ExamRequest(ExamHeader("Quiz"), out / "quiz.pdf", question_ids=ids)
    with pytest.raises(CueingError) as caught:
        create_and_export(service, request)
    assert "Questions 1 (#" in str(caught.value)
    assert ExamStore(service).list() == [] and list(out.iterdir()) == []
    result = create_and_export(service, ExamRequest(**{**request.__dict__, "allow_cueing": True}))
    assert len(result.exam.items) == 4 and (out / "quiz.pdf").exists()


def test_a_long_cueing_report_says_how_many_more() -> None:
    copies = [MCQ_SUBWORDS] * 7  # near-copies: 21 pairs
    report = cue_report(copies, find_cues(copies))
    assert len(report.splitlines()) == 11 and report.endswith("… and 11 more pair(s).")


def test_a_plain_spelling_already_accepted_is_not_added_twice() -> None:
    both = replace(NAIVE, choices=(Choice("Naïve", 1.0), Choice("naive", 1.0)))
    assert with_plain_spellings(both) is both
    strict = replace(both, case_sensitive=True)
    assert [c.text for c in with_plain_spellings(strict).choices] == ["Naïve", "Naive", "naive"]
    wrong = replace(NAIVE, choices=(Choice("Naïve", 1.0), Choice("Gödel", 0.0)))
    assert [c.text for c in with_plain_spellings(wrong).choices] == ["Naïve", "Naive", "Gödel"]


def test_cueing_pairs_use_the_printed_numbers() -> None:
    intro = Question(QuestionType.DESCRIPTION, "Read about tokenizers first.")
    with_text = [intro, *CUEING]
    cues = find_cues(with_text)
    assert [(c.first, c.second) for c in cues] == [(1, 2), (1, 3), (2, 4)]
    assert cue_report(with_text, cues).startswith("Questions 1 and 2: both offer")

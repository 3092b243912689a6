"""Cloze drafts from a lecture PDF (written with PyMuPDF) through the real pipeline,
stored in a real SQLite bank, exported to Moodle XML (multianswer) and read back,
printed in an exam PDF with numbered blanks, and asked for on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pymupdf

from models.drafting.pipeline import Draft, DraftRequest, run_drafting
from storage.bank import QuestionBank
from storage.database import open_bank
from storage.decks import read_deck
from storage.domain import Difficulty, QuestionType, Slide
from storage.exports.pdf import render_answer_key_pdf, render_exam_pdf
from storage.exports.versions import ExamDocument, ExamItem, make_versions
from storage.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from storage.question_types import cloze_gaps, readable_stem
from storage.slide_store import SlideLibrary
from tests.models.lecture_pdf import lecture_pdf
from tests.test_cli import run


def _drafts(slides: list[Slide]) -> list[Draft]:
    request = DraftRequest({QuestionType.CLOZE: 2}, Difficulty.MEDIUM, strategy="built")
    return [x for x in run_drafting(slides, request, reference=slides) if isinstance(x, Draft)]


def _text(doc: pymupdf.Document) -> str:
    return " ".join(" ".join(page.get_text().split()) for page in doc).replace("\u00a0", " ")


def test_cloze_drafted_from_the_lecture_is_stored_exported_read_back_and_printed(
    tmp_path: Path,
) -> None:
    with open_bank(tmp_path / "bank.sqlite") as bank:
        # the deck imported into a real SQLite bank, drafted from its stored slides
        library = SlideLibrary(bank)
        deck_id = library.import_deck(read_deck(lecture_pdf(tmp_path / "lecture.pdf"))).deck.id
        assert deck_id is not None
        drafts = _drafts(library.slides(deck_id))
        assert drafts and all(d.ok and d.question.type == QuestionType.CLOZE for d in drafts)
        # one gap: the term the sentence opens with and says what it does (its slide's title)
        q = next(d.question for d in drafts if d.question.sources[0].page == 4)
        assert readable_stem(q) == (
            "[1] records every change in the log before the buffer manager flushes the changed "
            "data page to disk."
        )
        assert q.sources[0].page == 4
        assert "before the buffer manager" in q.sources[0].supporting_text
        service = QuestionBank(bank)
        [qid] = service.add_many([q])
        stored = service.get(qid)
    assert stored.stem == q.stem and stored.points == 1.0 and stored.sources[0].page == 4

    # Moodle XML: one multianswer question, read back with the same gaps and answers
    xml = export_moodle_xml([stored]).decode("utf-8")
    # Moodle writes its multianswer type as "cloze", the gaps inside the text
    assert xml.count('<question type="cloze">') == 1
    assert "{1:SHORTANSWER:=Write-ahead logging~=WAL" in xml
    (back,) = import_moodle_xml(xml.encode("utf-8")).questions
    assert back.type == QuestionType.CLOZE and back.points == 1.0
    assert [(g.code, g.right) for g in cloze_gaps(back.stem)] == [
        (g.code, g.right) for g in cloze_gaps(stored.stem)
    ]
    assert readable_stem(back) == readable_stem(stored)

    # an exam PDF: numbered blanks, never the codes; the key gives the answers
    exam = ExamDocument("Transactions quiz", (ExamItem(back, back.points),))
    [version] = make_versions(exam, 1, seed=1)
    printed, key = io.BytesIO(), io.BytesIO()
    render_exam_pdf(exam, version, printed)
    render_answer_key_pdf(exam, version, key)
    text = _text(pymupdf.open(stream=printed.getvalue(), filetype="pdf"))
    assert "(1) __________ records every change in the log before the buffer manager" in text
    assert "SHORTANSWER" not in text and "Write-ahead" not in text
    answers = _text(pymupdf.open(stream=key.getvalue(), filetype="pdf"))
    assert "(1) Write-ahead logging / WAL" in answers


def test_draft_command_takes_a_cloze_count_and_a_typed_request(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    run("decks", "import", str(lecture_pdf(tmp_path / "lecture.pdf")), "--bank", bank)
    out = json.loads(run("draft", "--deck", "1", "--cloze", "1", "--bank", bank, "--json").stdout)
    assert out["asked"] == 1 and out["delivered"] == 1
    (draft,) = out["drafts"]
    assert draft["type"] == "cloze" and draft["grounded"] and draft["validation"]["valid"]
    assert draft["stem"].startswith("A {1:SHORTANSWER:=transaction")
    shown = run("bank", "show", str(draft["id"]), "--bank", bank).stdout
    assert "A [1] groups several reads and writes into one unit of work." in shown
    asked = json.loads(
        run(
            "draft", "--query", "2 fill-in-the-blank questions on write-ahead logging",
            "--bank", bank, "--json",
        ).stdout
    )  # fmt: skip
    assert asked["request"]["counts"] == {"cloze": 2}
    assert {d["type"] for d in asked["drafts"]} <= {"cloze"}
    # the lecture has one sentence defining write-ahead logging: the run says why no more
    assert asked["delivered"] < 2 and "cloze needs whole sentences" in " ".join(asked["notes"])


def test_a_multiple_choice_gap_goes_to_moodle_and_back_and_prints_its_options() -> None:
    from models.drafting.built import build_drafts
    from tests.models.test_cloze_drafts import LSTM

    drafts = build_drafts(LSTM, {QuestionType.CLOZE: 3}, Difficulty.MEDIUM)
    q = next(d for d in drafts if any(g.kind == "choice" for g in cloze_gaps(d.stem)))
    choice = next(g for g in cloze_gaps(q.stem) if g.kind == "choice")
    (back,) = import_moodle_xml(export_moodle_xml([q])).questions
    assert [(g.code, [(a.text, a.fraction) for a in g.answers]) for g in cloze_gaps(back.stem)] == [
        (g.code, [(a.text, a.fraction) for a in g.answers]) for g in cloze_gaps(q.stem)
    ]
    exam = ExamDocument("Pruning quiz", (ExamItem(back, back.points),))
    [version] = make_versions(exam, 1, seed=2)
    printed = io.BytesIO()
    render_exam_pdf(exam, version, printed)
    text = _text(pymupdf.open(stream=printed.getvalue(), filetype="pdf"))
    # long options are listed under the text ("Blank (1): A. … B. …"), in the version's order
    after_gap = readable_stem(q).split("[1] ", 1)[1][:30]  # "drops weights chosen by …"
    assert f"(1) __________ {after_gap}" in text and "Blank (1): A. " in text
    for a in choice.answers:
        assert a.text in text

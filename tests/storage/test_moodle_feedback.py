"""Combined feedback and hints of the newer types: read from Moodle's own fixture files,
kept in a real bank file, written back as Moodle writes them (import → export keeps them)."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

import pytest

from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Choice, Hint, Question, QuestionImage, QuestionType, TextFormat
from storage.formats.moodle_xml import MoodleExportError, export_moodle_xml, import_moodle_xml
from tests.storage.old_banks import bank_at_revision
from tests.storage.test_exam_pdf import tiny_png
from tests.test_cli import run

MOODLE = Path(__file__).resolve().parents[1] / "fixtures" / "moodle"
BOTH_BACKENDS = True  # the fixtures `bank` and `service` run on SQLite and PostgreSQL


def _quiz(name: str) -> bytes:
    """A fixture; the ordering ones are a bare <question>, as Moodle's tests use them."""
    data = (MOODLE / name).read_bytes()
    return data if b"<quiz>" in data else b"<quiz>\n" + data + b"\n</quiz>\n"


def _one(name: str) -> Question:
    return import_moodle_xml(_quiz(name)).questions[0]


def test_moodles_fixtures_keep_their_combined_feedback_and_hints() -> None:
    q = _one("match_testquestion.moodle.xml")
    assert (q.correct_feedback, q.partial_feedback, q.incorrect_feedback) == (
        "Well done!",
        "Parts, but only parts, of your response are correct.",
        "That is not right at all.",
    )
    assert q.show_num_correct and q.hints == ()
    for name in ("gapselect_testquestion.moodle.xml", "ddwtos_testquestion.moodle.xml"):
        q = _one(name)
        assert q.correct_feedback == "Your answer is correct."
        assert q.incorrect_feedback == "Your answer is incorrect."
        assert q.show_num_correct
        assert q.hints == (Hint("First hint"), Hint("Second hint"))
    q = _one("ordering_testimport.moodle.xml")  # no <shownumcorrect>: Moodle turns it on
    assert q.type is QuestionType.ORDERING and q.show_num_correct
    assert "Your answer is partially correct." in q.partial_feedback
    assert [h.text for h in q.hints] == ["Hint 1", "Hint 2"]
    q = _one("rules_ok_match.xml")
    assert q.hints == (Hint("Think of the largest city.", show_num_correct=True),)
    q = _one("rules_ok_multianswer.xml")  # a cloze has hints, no combined feedback
    assert q.type is QuestionType.CLOZE and q.hints == (Hint("First hint"),)


@pytest.mark.parametrize(
    "name",
    [
        "match_testquestion.moodle.xml",
        "gapselect_testquestion.moodle.xml",
        "ddwtos_testquestion.moodle.xml",
        "ordering_testexport.moodle.xml",
        "ordering_testimport.moodle.xml",
        "rules_ok_match.xml",
        "rules_ok_multianswer.xml",
        "rules_ok_ordering.xml",
    ],
)
def test_import_export_import_keeps_them(name: str) -> None:
    first = import_moodle_xml(_quiz(name)).questions
    xml = export_moodle_xml(first).decode()
    again = import_moodle_xml(xml.encode()).questions
    assert again == first
    for q in first:
        for text in (q.correct_feedback, q.partial_feedback, q.incorrect_feedback):
            assert text in xml
        assert xml.count('<hint format="html">') == sum(len(q.hints) for q in first)
        assert q.hints == () or any(h.text in xml for h in q.hints)


def test_a_moodle_import_then_export_through_a_bank_file_keeps_them(tmp_path: Path) -> None:
    bank = str(tmp_path / "bank.sqlite")
    for name in ("match_testquestion.moodle.xml", "gapselect_testquestion.moodle.xml"):
        src = tmp_path / name
        src.write_bytes(_quiz(name))
        run("bank", "import", str(src), "--bank", bank)
    out = tmp_path / "out.xml"
    run("export", "moodle", str(out), "--all", "--bank", bank)
    xml = out.read_text(encoding="utf-8")
    assert "<text>Well done!</text>" in xml
    assert "<text>That is not right at all.</text>" in xml
    assert xml.count("<shownumcorrect/>") == 2
    assert '<hint format="html">\n      <text>First hint</text>\n    </hint>' in xml
    assert "<text>Second hint</text>" in xml
    # and Moodle's order: the type's own elements, the hints, then the tags
    gap = xml[xml.index('<question type="gapselect">') :]
    assert gap.index("</selectoption>") < gap.index("<hint") < gap.index("</question>")


HINTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="ordering">
    <name><text>Planets</text></name>
    <questiontext format="html"><text>Order the planets from the Sun.</text></questiontext>
    <correctfeedback format="html">
      <text><![CDATA[<p>Right <img src="@@PLUGINFILE@@/sun.png"></p>]]></text>
      <file name="sun.png" path="/" encoding="base64">SUN</file>
    </correctfeedback>
    <partiallycorrectfeedback format="html"><text>Nearly.</text></partiallycorrectfeedback>
    <incorrectfeedback format="html"><text>No.</text></incorrectfeedback>
    <shownumcorrect>0</shownumcorrect>
    <answer fraction="1" format="html"><text>Mercury</text></answer>
    <answer fraction="2" format="html"><text>Venus</text></answer>
    <answer fraction="3" format="html"><text>Earth</text></answer>
    <hint format="html"><text>Start near the Sun.</text><shownumcorrect/><options>1</options></hint>
    <hint format="html"><text>Venus is second.</text><clearwrong/></hint>
  </question>
  <question type="matching">
    <name><text>Capitals</text></name>
    <questiontext format="html"><text>Match.</text></questiontext>
    <subquestion format="html"><text>France</text><answer><text>Paris</text></answer></subquestion>
    <subquestion format="html"><text>Italy</text><answer><text>Rome</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>Madrid</text></answer></subquestion>
    <hint format="html"><text>Big cities.</text><shownumcorrect/><clearwrong/></hint>
  </question>
</quiz>
""".replace(b"SUN", base64.b64encode(tiny_png()))


def test_hint_options_flags_and_feedback_images_as_moodle_reads_and_writes_them() -> None:
    ordering, matching = import_moodle_xml(HINTED).questions
    assert not ordering.show_num_correct  # "0"
    assert ordering.hints == (
        Hint("Start near the Sun.", show_num_correct=True, options="1"),
        Hint("Venus is second.", clear_wrong=True),
    )
    assert ordering.correct_feedback == '<p>Right <img src="sun.png"></p>'
    assert ordering.images == (QuestionImage("sun.png", tiny_png()),)
    assert not matching.show_num_correct  # no <shownumcorrect/>
    assert matching.hints == (Hint("Big cities.", show_num_correct=True, clear_wrong=True),)

    xml = export_moodle_xml([ordering, matching]).decode()
    assert "<shownumcorrect>0</shownumcorrect>" in xml
    match_xml = xml[xml.index('<question type="matching">') :]
    assert match_xml.count("<shownumcorrect/>") == 1  # the hint's, not the question's
    assert "<options>1</options>" in xml and "<clearwrong/>" in xml
    # the picture travels next to the feedback that shows it
    feedback = xml[xml.index("<correctfeedback") : xml.index("</correctfeedback>")]
    assert "@@PLUGINFILE@@/sun.png" in feedback and '<file name="sun.png"' in feedback
    assert import_moodle_xml(xml.encode()).questions == (ordering, matching)


def test_plain_text_questions_write_their_feedback_and_hints_as_html() -> None:
    q = Question(
        QuestionType.ORDERING,
        "Order a < b < c.",
        tuple(Choice(t, 1.0) for t in ("a", "b", "c")),
        correct_feedback="Yes: a < b",
        hints=(Hint("a comes first", clear_wrong=True),),
        text_format=TextFormat.PLAIN,
    )
    xml = export_moodle_xml([q]).decode()
    assert '<correctfeedback format="html">\n      <text><![CDATA[Yes: a &lt; b]]></text>' in xml
    (back,) = import_moodle_xml(xml.encode()).questions
    assert (back.correct_feedback, back.hints) == (q.correct_feedback, q.hints)


def test_the_bank_keeps_them_and_an_older_bank_is_upgraded(tmp_path: Path) -> None:
    path = bank_at_revision(tmp_path / "old.sqlite", "0011")
    with open_bank(path) as bank:
        service = QuestionBank(bank)
        plain = service.add(_one("rules_ok_ordering.xml"))
        hinted = service.add(import_moodle_xml(HINTED).questions[0])
        again = service.get(hinted.id or 0)
        assert again.hints == hinted.hints and not again.show_num_correct
        assert again.correct_feedback == hinted.correct_feedback
        assert again.images == hinted.images
        stored = service.get(plain.id or 0)
        assert stored.correct_feedback == "Your answer is correct." and stored.show_num_correct
        changed = service.update(replace(again, hints=(), incorrect_feedback="Try again."))
        assert service.get(changed.id or 0).hints == ()
        assert service.get(changed.id or 0).incorrect_feedback == "Try again."


def test_both_backends_keep_every_feedback_field(service: QuestionBank) -> None:
    questions = [
        *import_moodle_xml(HINTED).questions,
        _one("ddwtos_testquestion.moodle.xml"),
        _one("rules_ok_multianswer.xml"),
    ]
    for q in questions:
        stored = service.get(service.add(q).id or 0)
        assert (
            stored.correct_feedback,
            stored.partial_feedback,
            stored.incorrect_feedback,
            stored.show_num_correct,
            stored.hints,
            stored.images,
        ) == (
            q.correct_feedback,
            q.partial_feedback,
            q.incorrect_feedback,
            q.show_num_correct,
            q.hints,
            q.images,
        )


def test_a_control_character_in_a_hint_is_refused_in_words() -> None:
    q = replace(_one("rules_ok_match.xml"), hints=(Hint("Think\x07 again"),))
    with pytest.raises(MoodleExportError, match="the hint 1 holds the control character U\\+0007"):
        export_moodle_xml([q])

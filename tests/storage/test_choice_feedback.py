"""Multiple choice (one and several answers) with Moodle's combined feedback and hints:
kept in a real bank file, written as Moodle 4.5's export writes them (checked with lxml),
read back as its import reads them; what GIFT cannot carry is said in words."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from storage.bank import QuestionBank
from storage.combined_feedback import (
    feedback_problems,
    has_combined_feedback,
    has_show_num_correct,
    hint_options,
)
from storage.database import open_bank
from storage.domain import Choice, Hint, Question, QuestionImage, QuestionType, TextFormat
from storage.formats.gift import export_gift
from storage.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from tests.storage.test_exam_pdf import tiny_png
from tests.test_cli import run

MULTI = Question(
    QuestionType.MULTI,
    "<p>Which are capitals in Europe?</p>",
    (
        Choice("Paris", 0.5),
        Choice("Tokyo", 0.0),
        Choice("Berlin &amp; Bonn", 0.5, "Berlin since 1990."),
    ),
    title="Capitals",
    text_format=TextFormat.HTML,
    correct_feedback="<p>All <b>right</b>.</p>",
    partial_feedback="<p>Some of them.</p>",
    incorrect_feedback='<p>Look at the map <img src="map.png"></p>',
    show_num_correct=True,
    hints=(
        Hint("<p>Two of them.</p>", show_num_correct=True, clear_wrong=True),
        Hint("<p>Not in Asia.</p>"),
    ),
    images=(QuestionImage("map.png", tiny_png()),),
)
SINGLE = Question(
    QuestionType.MCQ,
    "What is the capital of France?",
    (Choice("Paris", 1.0), Choice("Lyon", 0.0), Choice("Nice", 0.0)),
    title="France",
    correct_feedback="Yes, Paris.",
    incorrect_feedback="No: Paris.",
    show_num_correct=False,
    hints=(Hint("It is on the Seine.", clear_wrong=True),),
)


def _question(xml: bytes, title: str) -> etree._Element:
    root = etree.fromstring(xml)
    (el,) = root.xpath(f'question[name/text="{title}"]')
    return el


def test_a_bank_file_keeps_them_and_moodle_xml_carries_them_both_ways(tmp_path: Path) -> None:
    with open_bank(tmp_path / "bank.sqlite") as bank:
        service = QuestionBank(bank)
        ids = [service.add(q).id or 0 for q in (MULTI, SINGLE)]
    with open_bank(tmp_path / "bank.sqlite") as bank:  # opened again: read from the file
        stored = [QuestionBank(bank).get(i) for i in ids]
    for q, back in zip((MULTI, SINGLE), stored, strict=True):
        assert (back.correct_feedback, back.partial_feedback, back.incorrect_feedback) == (
            q.correct_feedback,
            q.partial_feedback,
            q.incorrect_feedback,
        )
        assert back.show_num_correct == q.show_num_correct and back.hints == q.hints

    xml = export_moodle_xml(stored)
    multi = _question(xml, "Capitals")
    assert multi.get("type") == "multichoice" and multi.findtext("single") == "false"
    tags = [child.tag for child in multi if isinstance(child.tag, str)]
    # Moodle's order: options, the combined feedback, the answers, then the hints
    assert tags.index("showstandardinstruction") < tags.index("correctfeedback")
    assert tags.index("incorrectfeedback") < tags.index("shownumcorrect") < tags.index("answer")
    assert max(i for i, t in enumerate(tags) if t == "answer") < tags.index("hint")
    assert multi.findtext("correctfeedback/text") == "<p>All <b>right</b>.</p>"
    assert multi.find("correctfeedback").get("format") == "html"
    # the picture goes next to the feedback that shows it
    incorrect = multi.find("incorrectfeedback")
    assert "@@PLUGINFILE@@/map.png" in incorrect.findtext("text")
    assert incorrect.find("file").get("name") == "map.png"
    hints = multi.findall("hint")
    assert [h.findtext("text") for h in hints] == ["<p>Two of them.</p>", "<p>Not in Asia.</p>"]
    assert hints[0].find("shownumcorrect") is not None and hints[0].find("clearwrong") is not None
    assert hints[1].find("shownumcorrect") is None and hints[1].find("clearwrong") is None

    single = _question(xml, "France")
    assert single.findtext("single") == "true"
    assert single.find("shownumcorrect") is None  # off: no element, as Moodle writes it
    assert single.findtext("correctfeedback/text") == "Yes, Paris."
    assert single.findtext("partiallycorrectfeedback/text") == ""
    assert [h.find("clearwrong") is not None for h in single.findall("hint")] == [True]

    multi_back, single_back = import_moodle_xml(xml).questions
    for q, back in ((MULTI, multi_back), (SINGLE, single_back)):
        assert (back.correct_feedback, back.partial_feedback, back.incorrect_feedback) == (
            q.correct_feedback,
            q.partial_feedback,
            q.incorrect_feedback,
        )
        assert (back.show_num_correct, back.hints) == (q.show_num_correct, q.hints)
    assert multi_back.images == MULTI.images


# Shaped as Moodle 4.5's own export of a multichoice question writes it
# (question/format/xml/format.php; the multichoice fixture testquestion.moodle.xml).
MOODLE_SHAPED = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Primes</text></name>
    <questiontext format="html"><text>Which are prime?</text></questiontext>
    <generalfeedback format="html"><text>2, 3 and 5 are.</text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <single>false</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <correctfeedback format="html"><text>Your answer is correct.</text></correctfeedback>
    <partiallycorrectfeedback format="html">
      <text>Your answer is partially correct.</text>
    </partiallycorrectfeedback>
    <incorrectfeedback format="html"><text>Your answer is incorrect.</text></incorrectfeedback>
    <shownumcorrect/>
    <answer fraction="50" format="html"><text>2</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="50" format="html"><text>3</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="0" format="html"><text>4</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <hint format="html"><text>First hint</text></hint>
    <hint format="html"><text>Second hint</text><shownumcorrect/><clearwrong/></hint>
  </question>
  <question type="multichoice">
    <name><text>Older export</text></name>
    <questiontext format="html"><text>Pick one.</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>A</text></answer>
    <answer fraction="0"><text>B</text></answer>
  </question>
</quiz>
"""


def test_moodles_own_multichoice_export_is_read_with_its_feedback_and_hints() -> None:
    primes, older = import_moodle_xml(MOODLE_SHAPED).questions
    assert primes.type is QuestionType.MULTI
    assert primes.correct_feedback == "Your answer is correct."
    assert primes.partial_feedback == "Your answer is partially correct."
    assert primes.incorrect_feedback == "Your answer is incorrect."
    assert primes.show_num_correct
    assert primes.hints == (
        Hint("First hint"),
        Hint("Second hint", show_num_correct=True, clear_wrong=True),
    )
    # no feedback elements (as Quizwright wrote them before): empty, the count off
    assert older.type is QuestionType.MCQ
    assert (older.correct_feedback, older.hints, older.show_num_correct) == ("", (), False)
    assert import_moodle_xml(export_moodle_xml([primes, older])).questions == (primes, older)


def test_export_through_the_cli_from_a_bank_file(tmp_path: Path) -> None:
    src = tmp_path / "in.xml"
    src.write_bytes(MOODLE_SHAPED)
    bank = str(tmp_path / "bank.sqlite")
    run("bank", "import", str(src), "--bank", bank)
    out = tmp_path / "out.xml"
    run("export", "moodle", str(out), "--all", "--bank", bank)
    primes = _question(out.read_bytes(), "Primes")
    assert primes.findtext("partiallycorrectfeedback/text") == "Your answer is partially correct."
    assert primes.find("shownumcorrect") is not None
    assert [h.findtext("text") for h in primes.findall("hint")] == ["First hint", "Second hint"]
    shown = run("bank", "show", "1", "--bank", bank).stdout
    assert "feedback if partially correct: Your answer is partially correct." in shown
    assert "hint 2: Second hint" in shown


def test_gift_says_it_cannot_carry_them() -> None:
    text, warnings = export_gift([SINGLE])
    assert any(
        "GIFT cannot carry" in w
        and "the feedback for correct, partially correct and incorrect responses" in w
        and "1 hint(s)" in w
        for w in warnings
    )
    assert "Yes, Paris." not in text


def test_which_types_have_what_and_problems_in_words() -> None:
    assert has_combined_feedback(QuestionType.MCQ) and not has_show_num_correct(QuestionType.MCQ)
    assert has_show_num_correct(QuestionType.MULTI)
    assert not has_combined_feedback(QuestionType.CLOZE) and hint_options(QuestionType.CLOZE)
    assert hint_options(QuestionType.TRUE_FALSE) is None
    ordering = hint_options(QuestionType.ORDERING)
    assert ordering and ordering.highlight and not ordering.clear_wrong
    q = Question(
        QuestionType.ORDERING,
        "Order them.",
        tuple(Choice(t, 1.0) for t in "abc"),
        hints=(Hint(""), Hint("", options="2"), Hint("", show_num_correct=True)),
    )
    assert feedback_problems(q) == [
        "Hint 1 is empty: Moodle drops a hint with no text and no option ticked.",
        'Hint 2 has the option "2", which Moodle\'s ordering questions do not know '
        '(only "1" to highlight the response, or nothing).',
    ]

"""GIFT export and import: Moodle's GIFT rules, the quirks of real files, round trips."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Origin,
    Question,
    QuestionImage,
    QuestionType,
    Status,
    TextFormat,
)
from storage.formats.common import ImportResult, QuestionImportError
from storage.formats.gift import GiftImportError, export_gift, import_gift
from tests.storage.test_moodle_xml import snapped_choices, varied_questions

T = QuestionType
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
QUIRKS = FIXTURES / "gift_quirks.gift"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "banks" / "gift-utt-gl02"


def carried_by_gift(q: Question) -> Question:
    """`q` as it comes back from GIFT: what the format has no place for is cleared."""
    choices = snapped_choices(q)
    if q.type is T.TRUE_FALSE:
        choices = tuple(sorted(choices, key=lambda c: c.text != "true"))
    if q.type is T.NUMERICAL:
        others = [c for c in choices if c.text == "*"]
        choices = tuple(c for c in choices if c.text != "*") + tuple(others[:1])
    return replace(
        q,
        id=None,
        created_at=None,
        updated_at=None,
        status=Status.ACCEPTED,
        origin=Origin("import", settings={"format": "gift"}),
        sources=(),
        choices=choices,
        points=1.0,
        penalty=0.3333333,
        shuffle_answers=True,
        answer_numbering="abc",
        case_sensitive=False,
        unit="",
        grader_info="",
        response_template="",
        images=(),
        general_feedback="" if q.type is T.DESCRIPTION else q.general_feedback,
    )


def one(text: str) -> Question:
    result = import_gift(text)
    assert result.skipped == (), result.skipped
    assert len(result.questions) == 1
    return result.questions[0]


@pytest.fixture(scope="module")
def quirks() -> ImportResult:
    return import_gift(QUIRKS.read_text(encoding="utf-8"))


def by_title(result: ImportResult) -> dict[str, Question]:
    return {q.title: q for q in result.questions}


# --------------------------------------------------------------------------- import: quirks


def test_line_endings_do_not_matter(quirks: ImportResult) -> None:
    text = QUIRKS.read_text(encoding="utf-8")
    assert "\r" not in text
    assert import_gift(text.replace("\n", "\r\n")) == quirks
    assert import_gift("\ufeff" + text.replace("\n", "\r\n")) == quirks


def test_comments_categories_titles_and_markers(quirks: ImportResult) -> None:
    q = by_title(quirks)
    intro = q["Intro"]
    assert intro.type is T.DESCRIPTION
    assert intro.text_format is TextFormat.PLAIN  # [markdown] is kept as written
    assert intro.stem == "Complete the sentences with _as_ or _like_."
    assert intro.category == "Gold B2, Unit 3/Grammar"
    assert q["TF feedback"].stem == "42 is the Absolute Answer to everything."
    assert q["Top again"].category == ""
    for question in quirks.questions:
        assert question.status is Status.ACCEPTED
        assert question.origin == Origin("import", settings={"format": "gift"})
    html = q["Html"]
    assert html.text_format is TextFormat.HTML
    assert html.stem == "<p>Which is <b>bold</b>?</p>"
    assert html.choices[0].text == "<b>this</b>"
    auto = q["Moodle auto"]  # no marker: Moodle's auto format, written in HTML
    assert auto.text_format is TextFormat.HTML
    assert q["Not html"].text_format is TextFormat.PLAIN
    assert q["Not html"].stem == "Read the article:\n<INSERT TEXT IMAGE HERE>"


def test_multiple_choice_forms(quirks: ImportResult) -> None:
    q = by_title(quirks)
    assert [(c.text, c.fraction, c.feedback) for c in q["MCQ feedback"].choices] == [
        ("wrong answer", 0.0, "feedback on the wrong answer"),
        ("another wrong answer", 0.0, "feedback on this one"),
        ("right answer", 1.0, "Very good!"),
    ]
    for title, right in (("Tilde equals", "like"), ("Equals first", "is"), ("Spaced", "much")):
        assert q[title].type is T.MCQ
        assert q[title].correct_answers == (right,), title
        assert len(q[title].choices) == 2
    assert q["Tilde equals"].stem == "Was that film _____ all his other ones?"
    weights = q["Weights"]
    assert weights.type is T.MULTI
    assert [(c.text, c.fraction, c.feedback) for c in weights.choices] == [
        ("expanded", 0.5, "yes"),
        ("grew", 0.5, ""),
        ("raised", -1.0, ""),
    ]


def test_true_false_forms(quirks: ImportResult) -> None:
    q = by_title(quirks)
    assert [(c.text, c.fraction) for c in q["TF short"].choices] == [("true", 1.0), ("false", 0.0)]
    assert q["TF word"].correct_answers == ("false",)
    tf = q["TF feedback"]
    assert tf.correct_answers == ("false",)
    # GIFT: {FALSE#shown for the wrong answer#shown for the right answer}
    assert [(c.text, c.feedback) for c in tf.choices] == [
        ("true", "42 is the Ultimate Answer."),
        ("false", "You gave the right answer."),
    ]
    assert tf.general_feedback == "See the book."


def test_short_answers_and_missing_words(quirks: ImportResult) -> None:
    q = by_title(quirks)
    short = q["Short"]
    assert short.type is T.SHORT
    assert [(c.text, c.fraction, c.feedback) for c in short.choices] == [
        ("BPE", 1.0, ""),
        ("byte pair encoding", 1.0, "Also right"),
        ("bpe", 0.5, "Half"),
    ]
    missing = q["Missing word"]
    assert missing.stem == 'Deep Thought said " _____  is the Ultimate Answer."'
    assert missing.correct_answers == ("forty two", "42")


def test_numerical_forms(quirks: ImportResult) -> None:
    q = by_title(quirks)
    assert [(c.text, c.fraction, c.tolerance) for c in q["Numeric tolerance"].choices] == [
        ("1822", 1.0, 5.0)
    ]
    assert [(c.text, c.tolerance) for c in q["Numeric range"].choices] == [("3", 2.0)]
    assert [
        (c.text, c.fraction, c.feedback, c.tolerance) for c in q["Numeric several"].choices
    ] == [
        ("1822", 1.0, "Exactly", 0.0),
        ("1822", 0.5, "", 2.0),
        ("*", 0.0, "Read the biography.", None),
    ]
    assert [(c.text, c.tolerance) for c in one("Pi? {#3.14}").choices] == [("3.14", None)]
    assert [(c.text, c.tolerance) for c in one("Range {#-1.5..2.5}").choices] == [("0.5", 2.0)]


def test_essay_description_and_escapes(quirks: ImportResult) -> None:
    q = by_title(quirks)
    essay = q["Essay"]
    assert essay.type is T.ESSAY and essay.choices == ()
    assert essay.general_feedback == "A good answer mentions queries and keys."
    assert one("Write about attention.{}").type is T.ESSAY
    esc = q["Escapes"]
    assert esc.stem == "Escaped: 1 = 2 ~ 3 # 4 { 5 } 6 \\ 7\nnew line"
    assert [c.text for c in esc.choices] == ["a=b", "c{d}"]


def test_id_and_tags_come_from_the_comment(quirks: ImportResult) -> None:
    tagged = by_title(quirks)["Tagged"]
    assert tagged.uuid == "4e1c-uuid"
    assert tagged.tags == ("grammar", "a]b")
    assert (tagged.difficulty, tagged.bloom) == (Difficulty.EASY, Bloom.APPLY)
    assert by_title(quirks)["Short"].tags == ()


def test_unsupported_questions_are_skipped_with_a_reason(quirks: ImportResult) -> None:
    assert quirks.skipped == (
        (
            "Two right",
            "a single-answer multiple-choice question needs exactly one answer that gives "
            "credit; this one has 2",
        ),
    )
    assert len(quirks.questions) == 24


def test_matching_pasted_cloze_and_several_blanks_are_read(quirks: ImportResult) -> None:
    got = by_title(quirks)
    assert got["Match"].type is T.MATCHING and len(got["Match"].choices) >= 2
    assert all(c.match for c in got["Match"].choices)
    assert got["Cloze"].type is T.CLOZE and "{1:SA:=has happened}" in got["Cloze"].stem
    assert got["Two blanks"].type is T.CLOZE
    assert got["Two blanks"].stem == (
        "I drink {1:MULTICHOICE:=hardly any~a few} coffee, if I drink too "
        "{1:MULTICHOICE:many~=much}, I can't sleep."
    )
    assert got["Two blanks"].points == 2.0


def test_untitled_questions_are_named_by_their_first_words_in_skips_and_errors() -> None:
    result = import_gift("Match these please {=a -> b}")
    assert result.skipped == (
        ("Match these please", "A matching question needs at least 2 pairs; this one has 1."),
    )
    assert result.questions == ()


# --------------------------------------------------------------------------- import: errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "// header\n\n::Broken::What is {=a\n=b\n",
            'line 3, question "Broken": the answer block "{" is never closed with "}"',
        ),
        ("::Stray::What } is this?", 'line 1, question "Stray": "}" without an opening "{"'),
        (
            "::Ok::fine {=x}\n\n::Num::Value?\nsecond line {#abc}",
            'line 4, question "Num": the numerical answer "abc" is not a number',
        ),
        (
            "::Weight::Pick {\n~%abc%one\n~two\n}",
            'line 2, question "Weight": answer weight "%abc%" is not a number',
        ),
        (
            "::Nested::Pick {~a {~b} ~c}",
            'line 1, question "Nested": "{" inside an answer block',
        ),
        ("::Title never closed: what {=x}", 'line 1, question "Title never closed\\: what'),
        (
            "What is the answer to everything? {#forty two}",
            'line 1, question "What is the answer to everything?": the numerical',
        ),
        (
            "::Big::Too much {~%150%a ~b}",
            'line 1, question "Big": answer weight "%150%" is outside',
        ),
    ],
)
def test_malformed_text_names_the_question_and_line(text: str, message: str) -> None:
    with pytest.raises(GiftImportError) as caught:
        import_gift(text)
    assert str(caught.value).startswith(message.replace("\\:", ":"))
    assert isinstance(caught.value, QuestionImportError)


def test_an_empty_file_has_no_questions() -> None:
    assert import_gift("") == ImportResult((), (), ())
    assert import_gift("// only a comment\n\n   \n") == ImportResult((), (), ())


# --------------------------------------------------------------------------- export


def test_export_writes_each_type() -> None:
    questions = [
        Question(
            T.MCQ,
            "Which weights does LoRA update?",
            (Choice("Adapters", 1.0, "Yes"), Choice("All", 0.0), Choice("None", -0.5, "No")),
            title="LoRA weights",
            general_feedback="See the paper.",
            category="LLM/Fine-tuning",
            uuid="u-1",
            tags=("lora",),
            difficulty=Difficulty.HARD,
        ),
        Question(T.MULTI, "Pick", (Choice("a", 1 / 3), Choice("b", 2 / 3), Choice("c", -1.0))),
        Question(T.TRUE_FALSE, "T?", (Choice("true", 1.0), Choice("false", 0.0))),
        Question(T.TRUE_FALSE, "F?", (Choice("true", 0.0, "wrong"), Choice("false", 1.0, "right"))),
        Question(T.SHORT, "Name it", (Choice("BPE", 1.0), Choice("bpe", 0.5, "close"))),
        Question(T.NUMERICAL, "Bits?", (Choice("8", 1.0, tolerance=0.5), Choice("*", 0, "no"))),
        Question(T.ESSAY, "Write a: b {c}", category="NLP"),
        Question(T.DESCRIPTION, "<p>Part B</p>", text_format=TextFormat.HTML, category="NLP"),
    ]
    text, warnings = export_gift(questions)
    assert warnings == []
    assert text == (
        "$CATEGORY: $course$/top/LLM/Fine-tuning\n"
        "\n"
        "// [id:u-1] [tag:lora] [tag:difficulty:hard]\n"
        "::LoRA weights::[plain]Which weights does LoRA update?{\n"
        "\t=Adapters#Yes\n"
        "\t~All\n"
        "\t~%-50%None#No\n"
        "\t####See the paper.\n"
        "}\n"
        "\n"
        "$CATEGORY: $course$/top\n"
        "\n"
        "[plain]Pick{\n"
        "\t~%33.33333%a\n"
        "\t~%66.66667%b\n"
        "\t~%-100%c\n"
        "}\n"
        "\n"
        "[plain]T?{TRUE}\n"
        "\n"
        "[plain]F?{FALSE#wrong#right}\n"
        "\n"
        "[plain]Name it{\n"
        "\t=BPE\n"
        "\t=%50%bpe#close\n"
        "}\n"
        "\n"
        "[plain]Bits?{#\n"
        "\t=%100%8:0.5\n"
        "\t~#no\n"
        "}\n"
        "\n"
        "$CATEGORY: $course$/top/NLP\n"
        "\n"
        "[plain]Write a\\: b \\{c\\}{}\n"
        "\n"
        "[html]<p>Part B</p>\n"
    )
    back = import_gift(text).questions
    assert [q.type for q in back] == [q.type for q in questions]


def test_export_escapes_reserved_characters_and_newlines() -> None:
    q = Question(
        T.SHORT,
        "a ~ b = c # d { e } f : g \\ h\nsecond line",
        (Choice("x=y#z", 1.0),),
        title="Title: with {braces}",
    )
    text, _ = export_gift([q])
    assert text.startswith(
        "::Title\\: with \\{braces\\}::[plain]a \\~ b \\= c \\# d \\{ e \\} f \\: g \\\\ h"
        "\\nsecond line{\n\t=x\\=y\\#z\n}"
    )
    assert one(text) == carried_by_gift(q)


def test_export_warns_about_what_gift_cannot_carry() -> None:
    q = Question(
        T.MCQ,
        "Which?",
        (Choice("a", 1.0), Choice("b", 0.0)),
        title="LoRA weights",
        points=2,
        penalty=0.1,
        shuffle_answers=False,
        answer_numbering="ABCD",
        images=(QuestionImage("a.png", b"1"),),
    )
    essay = Question(T.ESSAY, "Write.", grader_info="Rubric", response_template="Start")
    short = Question(T.SHORT, "Case?", (Choice("BPE", 1.0),), case_sensitive=True, title="Case")
    number = Question(T.NUMERICAL, "How far?", (Choice("3", 1.0),), unit="km", title="Unit")
    text, warnings = export_gift([q, essay, short, number])
    assert warnings == [
        'question 1 "LoRA weights": GIFT cannot carry 1 image(s), the points (2), the penalty '
        '(0.1), the fixed answer order (no shuffling), the answer numbering "ABCD"; left out',
        'question 2 "Write.": GIFT cannot carry the grader information, the response '
        "template; left out",
        'question 3 "Case": GIFT cannot carry case sensitivity; left out',
        'question 4 "Unit": GIFT cannot carry the unit "km"; left out',
    ]
    assert len(import_gift(text).questions) == 4


def test_questions_gift_cannot_express_are_left_out_with_a_warning() -> None:
    broken_tf = Question(T.TRUE_FALSE, "Yes?", (Choice("yes", 1.0), Choice("no", 0.0)))
    bad_number = Question(T.NUMERICAL, "N?", (Choice("abc", 1.0),))
    text, warnings = export_gift([broken_tf, bad_number, Question(T.ESSAY, "Fine.")])
    assert import_gift(text).questions[0].stem == "Fine."
    assert any("left out: a true/false question" in w for w in warnings)
    assert any('left out: the answer "abc" is not a number' in w for w in warnings)


def test_questions_the_bank_would_refuse_are_left_out() -> None:
    no_key = Question(T.MCQ, "No key", (Choice("a", 0.0), Choice("b", 0.0)), title="No key")
    text, warnings = export_gift([no_key, Question(T.ESSAY, "Fine.")])
    assert [q.stem for q in import_gift(text).questions] == ["Fine."]
    assert warnings == [
        'question 1 "No key": left out: a single-answer multiple-choice question needs exactly '
        "one answer that gives credit; this one has 0"
    ]


def test_multiple_answer_weights_that_do_not_sum_to_100_are_warned_about() -> None:
    result = import_gift("::Sum::Pick {~%50%a ~%30%b ~c}")
    assert [c.fraction for c in result.questions[0].choices] == [0.5, 0.3, 0.0]
    assert result.warnings == (
        'line 1, question "Sum": its correct answers give 80% together; Moodle expects 100%',
    )


def test_grades_outside_moodles_list_are_warned_about() -> None:
    odd = Question(T.MCQ, "Odd", (Choice("a", 1.0), Choice("b", -0.45)), title="Odd")
    _, warnings = export_gift([odd])
    assert warnings == [
        'question 1 "Odd": answer 2 has -45%, which is not one of Moodle\'s grades; '
        "Moodle will refuse it"
    ]


def test_numerical_other_answer_without_feedback() -> None:
    q = Question(T.NUMERICAL, "N?", (Choice("2", 1.0, tolerance=0.0), Choice("*", 0.0)))
    text, _ = export_gift([q])
    assert one(text).choices == q.choices


# --------------------------------------------------------------------------- round trip


def test_round_trip_keeps_what_gift_carries() -> None:
    questions = varied_questions(11, 140)
    text, warnings = export_gift(questions)
    assert warnings  # images, points, penalties... are reported
    result = import_gift(text)
    assert result.skipped == () and result.warnings == ()
    assert len(result.questions) == len(questions)
    for i, (got, original) in enumerate(zip(result.questions, questions, strict=True), 1):
        assert got == carried_by_gift(original), f"question {i}"


def test_round_trip_of_the_quirks_is_stable(quirks: ImportResult) -> None:
    text, warnings = export_gift(list(quirks.questions))
    again = import_gift(text)
    # GIFT has no cloze: read from pasted Moodle codes, left out (with a warning) on export
    assert again.questions == tuple(q for q in quirks.questions if q.type is not T.CLOZE)
    assert sum("GIFT has no cloze" in w for w in warnings) == 2


# --------------------------------------------------------------------------- real files


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared GIFT corpus (../shared) is not present")
def test_every_file_of_the_gl02_corpus_imports() -> None:
    files = sorted(CORPUS.glob("*.gift"))
    assert len(files) >= 20
    types: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for path in files:
        result = import_gift(path.read_bytes().decode("utf-8"))
        types.update(q.type.value for q in result.questions)
        reasons.update(reason for _, reason in result.skipped)
        text, _ = export_gift(list(result.questions))
        kept = tuple(q for q in result.questions if q.type is not T.CLOZE)
        assert import_gift(text).questions == kept, path.name
    assert sum(types.values()) > 200
    assert types["mcq"] > 100 and types["short"] > 50 and types["description"] > 20
    assert types["truefalse"] >= 1 and types["numerical"] >= 1 and types["multi"] >= 1
    # the 10 matching and 8 pasted-Cloze items the corpus notes, and one with two blanks
    assert types["matching"] == 10 and types["cloze"] == 9
    assert sum(reasons.values()) == 2  # two multiple-choice items with two right answers


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared GIFT corpus (../shared) is not present")
def test_the_ultimate_answer_file() -> None:
    result = import_gift((CORPUS / "EM-U42-Ultimate.gift").read_text(encoding="utf-8"))
    assert [q.type for q in result.questions] == [T.MCQ, T.SHORT, T.TRUE_FALSE, T.NUMERICAL]
    mcq, short, tf, number = result.questions
    assert mcq.correct_answers == ("right answer",)
    assert short.stem.startswith('Deep Thought said " _____')
    assert tf.correct_answers == ("false",)
    assert [(c.fraction, c.tolerance) for c in number.choices] == [(1.0, 0.0), (0.5, 2.0)]

"""Moodle XML export and import: Moodle's importer rules, round trips, real banks."""

from __future__ import annotations

import base64
import random
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime, timezone
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
    SlideRef,
    Status,
    TextFormat,
)
from storage.formats.common import (
    ALLOWED_FRACTIONS,
    clean_name,
    derived_name,
    format_percent,
    snap_positive_set,
)
from storage.formats.moodle_xml import (
    ImportResult,
    MoodleExportError,
    MoodleImportError,
    Problem,
    export_moodle_xml,
    import_moodle_xml,
    preflight,
    snap_fraction,
)
from storage.question_types import NEWER_TYPES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "moodle_xml_sample.xml"
POOL_0617 = FIXTURES / "aufgabenpool-differentialrechnung-2021-06-17.xml"
POOL_0701 = FIXTURES / "aufgabenpool-differentialrechnung-2021-07-01.xml"

T = QuestionType

# --------------------------------------------------------------------------- helpers

TEXTS = (
    "Gülşen – ℝ ∈ √ ≈",
    "Text with ]]> in the middle",
    "<b>html</b> & more",
    "x < y > z && done",
    "two lines\nsecond line",
    "spaces  inside   here",
    "GIFT specials ~ = # { } : \\ and 100%",
    "Σ attention(Q, K, V) = softmax(QKᵀ/√d)V",
    "emoji 🙂 and CJK 注意力",
    "quotes \"double\" and 'single'",
    "[html] looks like a marker",
    "%50% looks like a weight",
)
MULTI_SETS = (
    (1 / 3, 1 / 3, 1 / 3),
    (0.5, 0.5),
    (0.4, 0.3, 0.3),
    (1 / 7,) * 7,
    (0.25,) * 4,
    (1.0,),
    (0.2,) * 5,
    (1 / 6,) * 6,
    (0.6, 0.4),
)
CATEGORIES = ("", "NLP", "NLP/Tokenization", "LLM/Fine-tuning/LoRA", "Gülşen/ℝ ∈ √")


def varied_questions(seed: int = 7, n: int = 140) -> list[Question]:
    """Questions of every type with the awkward values real banks hold."""
    rng = random.Random(seed)
    out: list[Question] = []
    types = [t for t in QuestionType if t not in NEWER_TYPES]  # those: test_question_types
    for i in range(n):
        qtype = types[i % len(types)]
        fmt = TextFormat.HTML if rng.random() < 0.5 else TextFormat.PLAIN

        def text(tag: str = "", i: int = i) -> str:
            return f"{rng.choice(TEXTS)} {tag}{i}"

        def feedback() -> str:
            return rng.choice(("", "", text("fb")))

        stem = text("q")
        general_feedback = feedback()
        images: tuple[QuestionImage, ...] = ()
        if i % 4 == 0:
            images = (
                QuestionImage(f"fig {i}.png", rng.randbytes(24)),
                QuestionImage(f"ß-ü_{i}.png", bytes(range(256))),
            )
            if fmt is TextFormat.HTML:
                stem += f' <img src="fig {i}.png" alt="figure {i}">'
                if general_feedback:
                    general_feedback += f'<p><img src="ß-ü_{i}.png"></p>'
        choices: tuple[Choice, ...] = ()
        if qtype is T.MCQ:
            k = rng.randint(2, 5)
            right = rng.randrange(k)
            choices = tuple(
                Choice(
                    text(f"c{j}-"),
                    1.0 if j == right else rng.choice((0.0, 0.0, -0.5, -1 / 3, -1.0)),
                    feedback(),
                )
                for j in range(k)
            )
        elif qtype is T.MULTI:
            positives = rng.choice(MULTI_SETS)
            items = [Choice(text(f"p{j}-"), f, feedback()) for j, f in enumerate(positives)]
            items += [
                Choice(text(f"n{j}-"), rng.choice((0.0, -0.5, -1.0, -1 / 3)), feedback())
                for j in range(rng.randint(1, 3))
            ]
            rng.shuffle(items)
            choices = tuple(items)
        elif qtype is T.TRUE_FALSE:
            value = rng.random() < 0.5
            choices = (
                Choice("true", 1.0 if value else 0.0, feedback()),
                Choice("false", 0.0 if value else 1.0, feedback()),
            )
        elif qtype is T.SHORT:
            pool = ["BPE", "byte pair encoding", "Gülşen", "a*b", "x < y", "]]>", "C#", "a=b"]
            rng.shuffle(pool)
            choices = tuple(
                Choice(pool[j], 1.0 if j == 0 else rng.choice((1.0, 0.5, 0.9, 1 / 3)), feedback())
                for j in range(rng.randint(1, 3))
            )
        elif qtype is T.NUMERICAL:
            items = [Choice("3.14", 1.0, feedback(), rng.choice((None, 0.0, 0.01, 2.5)))]
            if rng.random() < 0.5:
                items.append(Choice("-2", 0.5, feedback(), 0.001))
            if rng.random() < 0.5:
                items.append(Choice("1e-3", 1 / 3, "", None))
            if rng.random() < 0.4:
                items.append(Choice("*", 0.0, text("other"), None))
            choices = tuple(items)
        title = rng.choice(("", "", f"LoRA weights {i}", f"Gülşen ℝ ∈ √ {i}", "L" * 300 + str(i)))
        out.append(
            Question(
                type=qtype,
                stem=stem,
                choices=choices,
                title=title,
                general_feedback=general_feedback,
                grader_info=text("rubric") if qtype is T.ESSAY else "",
                difficulty=rng.choice((None, *Difficulty)),
                bloom=rng.choice((None, *Bloom)),
                points=rng.choice((1.0, 2.5, 0.0, 10.0)),
                status=rng.choice(tuple(Status)),
                case_sensitive=rng.random() < 0.5,
                unit=rng.choice(("", "bits", "m/s")),
                text_format=fmt,
                penalty=rng.choice((0.3333333, 0.1, 0.0, 1.0)),
                shuffle_answers=rng.random() < 0.5,
                answer_numbering=rng.choice(("abc", "ABCD", "123", "iii", "IIII", "none")),
                response_template=rng.choice(("", "My answer:")) if qtype is T.ESSAY else "",
                images=images,
                tags=tuple(
                    rng.sample(("lora", "peft", "Gülşen", "tag with space"), rng.randint(0, 3))
                ),
                category=CATEGORIES[(i // 3) % len(CATEGORIES)],
                origin=Origin("model", "gpt4all", "smollm", {"temperature": 0.2}),
                sources=(SlideRef(1, i + 1, "supporting"),),
                id=i + 1,
                uuid=str(uuid.UUID(int=rng.getrandbits(128))) if rng.random() < 0.7 else "",
                created_at=datetime(2025, 1, 1, tzinfo=timezone.utc),
                updated_at=datetime(2025, 1, 2, tzinfo=timezone.utc),
            )
        )
    return out


def snapped_choices(q: Question) -> tuple[Choice, ...]:
    """The grades Moodle stores: its list, positive grades of multiple answers still 100 %."""
    fractions = [snap_fraction(c.fraction) for c in q.choices]
    if q.type is T.MULTI:
        positive = [i for i, c in enumerate(q.choices) if c.fraction > 0]
        snapped = snap_positive_set([q.choices[i].fraction for i in positive])
        assert snapped is not None
        for i, f in zip(positive, snapped, strict=True):
            fractions[i] = f
    return tuple(replace(c, fraction=f) for c, f in zip(q.choices, fractions, strict=True))


def carried_by_moodle_xml(q: Question) -> Question:
    """`q` as it comes back from Moodle XML: what the format has no place for is cleared."""
    multichoice = q.type in (T.MCQ, T.MULTI)
    out = replace(
        q,
        id=None,
        created_at=None,
        updated_at=None,
        status=Status.ACCEPTED,
        origin=Origin("import", settings={"format": "moodle_xml"}),
        sources=(),
        choices=snapped_choices(q),
        shuffle_answers=q.shuffle_answers if multichoice else True,
        answer_numbering=q.answer_numbering if multichoice else "abc",
        case_sensitive=q.case_sensitive if q.type is T.SHORT else False,
        unit=q.unit if q.type is T.NUMERICAL else "",
        grader_info=q.grader_info if q.type is T.ESSAY else "",
        response_template=q.response_template if q.type is T.ESSAY else "",
    )
    title = clean_name(q.title) if q.title.strip() else ""
    return replace(out, title="" if title == derived_name(out) else title)


def roundtrip(questions: list[Question]) -> ImportResult:
    return import_moodle_xml(export_moodle_xml(questions))


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def questions_of(root: ET.Element) -> list[ET.Element]:
    return [q for q in root.findall("question") if q.get("type") != "category"]


def mcq(stem: str = "Which one?", **kw: object) -> Question:
    return Question(T.MCQ, stem, (Choice("right", 1.0), Choice("wrong", 0.0)), **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- grades


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1 / 3, 0.3333333),
        (0.3333333, 0.3333333),
        (0.33, 0.3333333),
        (5 / 6, 0.8333333),
        (1 / 7, 0.1428571),
        (2 / 3, 0.6666667),
        (-0.5, -0.5),
        (-1 / 3, -0.3333333),
        (0.97, 1.0),
        (1.7, 1.0),
        (-3.0, -1.0),
        (0.01, 0.0),
    ],
)
def test_snap_fraction_goes_to_the_nearest_moodle_grade(value: float, expected: float) -> None:
    assert snap_fraction(value) == expected
    assert snap_fraction(value) in ALLOWED_FRACTIONS


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (1.0, "100"),
        (0.3333333, "33.33333"),
        (0.8333333, "83.33333"),
        (0.1428571, "14.28571"),
        (0.6666667, "66.66667"),
        (0.125, "12.5"),
        (-0.5, "-50"),
        (0.0, "0"),
    ],
)
def test_percentages_are_written_as_moodle_writes_them(fraction: float, text: str) -> None:
    assert format_percent(fraction) == text


def test_every_allowed_grade_survives_moodle_tolerance() -> None:
    for f in ALLOWED_FRACTIONS:
        assert abs(float(format_percent(f)) / 100 - f) < 0.00001


def test_multi_answer_grades_that_do_not_snap_to_100_are_repaired() -> None:
    eleven = Question(
        T.MULTI,
        "Which of these are prime?",
        (*(Choice(f"p{i}", 1 / 11) for i in range(11)), Choice("4", -1.0)),
    )
    assert preflight([eleven]) == []
    root = parse(export_moodle_xml([eleven]))
    grades = [float(a.get("fraction", "")) for a in root.iter("answer")]
    positive = [g for g in grades if g > 0]
    assert round(sum(positive), 2) == 100.0  # what qtype_multichoice checks
    assert all(g / 100 in ALLOWED_FRACTIONS for g in grades)
    assert sorted(set(positive)) == [5.0, 10.0]


def test_multi_answer_grades_that_cannot_sum_to_100_are_reported() -> None:
    many = Question(T.MULTI, "Pick all 21.", tuple(Choice(f"c{i}", 1 / 21) for i in range(21)))
    problems = preflight([many])
    assert len(problems) == 1
    assert "sum to 100%" in problems[0].rule
    with pytest.raises(MoodleExportError):
        export_moodle_xml([many])


def test_three_of_five_and_seven_correct_are_fine() -> None:
    three = Question(
        T.MULTI, "3 of 5", tuple(Choice(str(i), 1 / 3 if i < 3 else 0) for i in range(5))
    )
    seven = Question(T.MULTI, "7", tuple(Choice(str(i), 1 / 7) for i in range(7)))
    mixed = Question(T.MULTI, "mixed", (Choice("a", 0.4), Choice("b", 0.3), Choice("c", 0.3)))
    assert preflight([three, seven, mixed]) == []
    root = parse(export_moodle_xml([three, seven, mixed]))
    fractions = [a.get("fraction") for a in root.iter("answer")]
    assert fractions[:5] == ["33.33333", "33.33333", "33.33333", "0", "0"]
    assert fractions[5:12] == ["14.28571"] * 7
    assert fractions[12:] == ["40", "30", "30"]


# --------------------------------------------------------------------------- pre-flight


def test_preflight_names_the_question_and_the_rule() -> None:
    questions = [
        mcq(title="Fine"),
        Question(T.MCQ, "Only one choice", (Choice("a", 1.0),), title="LoRA weights"),
        Question(T.MCQ, "Two right", (Choice("a", 1.0), Choice("b", 1.0))),
        Question(T.MCQ, "No right", (Choice("a", 0.0), Choice("b", 0.0))),
        Question(T.MULTI, "Sum 80", (Choice("a", 0.5), Choice("b", 0.3), Choice("c", 0))),
        Question(T.TRUE_FALSE, "Yes/no", (Choice("yes", 1.0), Choice("no", 0.0))),
        Question(T.TRUE_FALSE, "Both", (Choice("true", 1.0), Choice("false", 1.0))),
        Question(T.SHORT, "Half only", (Choice("x", 0.5),)),
        Question(T.SHORT, "None", ()),
        Question(T.NUMERICAL, "NaN", (Choice("abc", 1.0), Choice("2", 0.0, tolerance=-1))),
        Question(T.MCQ, "Odd grade", (Choice("a", 1.0), Choice("b", -0.45))),
        Question(T.MCQ, "", (Choice("a", 1.0), Choice("b", 0))),
        Question(T.MCQ, "Bell \x07", (Choice("a", 1.0), Choice("b", 0))),
        Question(T.MCQ, "Numbering", (Choice("a", 1.0), Choice("b", 0)), answer_numbering="xyz"),
        Question(T.MCQ, "Empty choice", (Choice("a", 1.0), Choice(" ", 0), Choice("c", 0))),
        Question(T.ESSAY, "Negative points", points=-1),
        Question(T.MCQ, "Out of range", (Choice("a", 1.5), Choice("b", 0))),
        Question(
            T.DESCRIPTION,
            "Same image twice",
            images=(QuestionImage("a.png", b"1"), QuestionImage("a.png", b"2")),
        ),
    ]
    problems = preflight(questions)
    by_question: dict[str, list[Problem]] = {}
    for p in problems:
        by_question.setdefault(p.question, []).append(p)
    assert not any(k.startswith("question 1 ") for k in by_question)
    assert [p.rule for p in by_question['question 2 "LoRA weights"']] == [
        "multiple choice needs at least 2 choices"
    ]
    expected_rules = {
        3: "exactly one answer at 100%",
        4: "exactly one answer at 100%",
        5: "sum to 100%",
        6: "exactly the answers true and false",
        7: "the other wrong",
        8: "an answer at 100%",
        9: "an answer at 100%",
        10: "numerical answers are numbers",
        11: "one of Moodle's grades",
        12: "needs a name",
        13: "valid XML",
        14: "answer numbering",
        15: "every choice needs a text",
        16: "default mark",
        17: "between -100% and 100%",
        18: "image names are unique",
    }
    for index, rule in expected_rules.items():
        found = [p for p in problems if p.question.split('"')[0].strip() == f"question {index}"]
        assert any(rule in p.rule for p in found), (index, found)
    numeric = next(ps for key, ps in by_question.items() if key.startswith("question 10 "))
    assert any("tolerances" in p.rule for p in numeric)
    assert any('"abc" is not a number' in p.detail for p in numeric)
    assert any("-45%" in p.detail and "-50%" in p.detail for p in problems)


def test_export_refuses_a_bad_file_and_lists_every_problem() -> None:
    bad = [
        mcq(title="Good"),
        Question(T.MCQ, "Only one", (Choice("a", 1.0),), title="LoRA weights"),
        Question(T.SHORT, "No full marks", (Choice("x", 0.5),), title="Partial"),
    ]
    with pytest.raises(MoodleExportError) as caught:
        export_moodle_xml(bad)
    message = str(caught.value)
    assert 'question 2 "LoRA weights": multiple choice needs at least 2 choices' in message
    assert 'question 3 "Partial"' in message
    assert len(caught.value.problems) == 2


def test_questions_from_the_real_banks_pass_preflight() -> None:
    imported = import_moodle_xml(POOL_0701.read_bytes()).questions
    assert preflight(list(imported)) == []


# --------------------------------------------------------------------------- export


def test_export_writes_every_type_as_moodle_expects() -> None:
    questions = [
        Question(
            T.MCQ,
            "Which weights does <LoRA> update?",
            (Choice("Adapters", 1.0, "Yes"), Choice("All", 0.0), Choice("None", -1 / 3, "No")),
            title="LoRA weights",
            general_feedback="See the paper.",
            points=2,
            penalty=0.1,
            shuffle_answers=False,
            answer_numbering="ABCD",
            tags=("lora",),
            difficulty=Difficulty.HARD,
            bloom=Bloom.APPLY,
            category="LLM/Fine-tuning",
            uuid="0b9c7a52-1111-2222-3333-444455556666",
        ),
        Question(T.MULTI, "Pick", (Choice("a", 0.5), Choice("b", 0.5), Choice("c", -1.0))),
        Question(T.TRUE_FALSE, "True?", (Choice("True", 0.0, "no"), Choice("False", 1.0, "yes"))),
        Question(T.SHORT, "Name it", (Choice("BPE", 1.0), Choice("bpe", 0.5)), case_sensitive=True),
        Question(T.NUMERICAL, "Bits?", (Choice("8", 1.0, tolerance=0.5),), unit="bits"),
        Question(
            T.ESSAY,
            "Write",
            grader_info="Rubric <40/60>",
            response_template="Start here",
            category="NLP",
        ),
        Question(T.DESCRIPTION, "Part B", category="NLP"),
    ]
    data = export_moodle_xml(questions)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    root = parse(data)
    kinds = [(q.get("type"), q.findtext("category/text")) for q in root.findall("question")]
    assert kinds == [
        ("category", "$course$/top/LLM/Fine-tuning"),
        ("multichoice", None),
        ("category", "$course$/top"),
        ("multichoice", None),
        ("truefalse", None),
        ("shortanswer", None),
        ("numerical", None),
        ("category", "$course$/top/NLP"),
        ("essay", None),
        ("description", None),
    ]
    mc, multi, tf, short, num, essay, desc = questions_of(root)
    assert mc.findtext("name/text") == "LoRA weights"
    assert mc.find("questiontext").get("format") == "html"  # type: ignore[union-attr]
    assert mc.findtext("questiontext/text") == "Which weights does &lt;LoRA&gt; update?"
    assert b"<![CDATA[Which weights does &lt;LoRA&gt; update?]]>" in data
    assert mc.findtext("generalfeedback/text") == "See the paper."
    assert mc.findtext("defaultgrade") == "2.0000000"
    assert mc.findtext("penalty") == "0.1000000"
    assert mc.findtext("idnumber") == "0b9c7a52-1111-2222-3333-444455556666"
    assert mc.findtext("single") == "true"
    assert mc.findtext("shuffleanswers") == "false"
    assert mc.findtext("answernumbering") == "ABCD"
    assert [a.get("fraction") for a in mc.findall("answer")] == ["100", "0", "-33.33333"]
    assert [a.findtext("feedback/text") for a in mc.findall("answer")] == ["Yes", "", "No"]
    assert [t.text for t in mc.findall("tags/tag/text")] == [
        "lora",
        "difficulty:hard",
        "bloom:apply",
    ]
    assert multi.findtext("single") == "false"
    assert [a.findtext("text") for a in tf.findall("answer")] == ["true", "false"]
    assert [a.get("fraction") for a in tf.findall("answer")] == ["0", "100"]
    assert short.findtext("usecase") == "1"
    assert [a.get("fraction") for a in short.findall("answer")] == ["100", "50"]
    assert num.findtext("answer/tolerance") == "0.5"
    assert num.findtext("units/unit/unit_name") == "bits"
    assert num.findtext("units/unit/multiplier") == "1"
    assert essay.findtext("responseformat") == "editor"
    assert essay.findtext("graderinfo/text") == "Rubric &lt;40/60&gt;"
    assert essay.findtext("responsetemplate/text") == "Start here"
    assert desc.findall("answer") == []
    # untitled questions are named after their text
    assert multi.findtext("name/text") == "Pick"


def test_plain_texts_are_escaped_and_html_passes_through() -> None:
    plain = mcq("a < b & c\nsecond  line", title="Plain")
    html = mcq("<p>a <b>bold</b> word</p>", title="Html", text_format=TextFormat.HTML)
    root = parse(export_moodle_xml([plain, html]))
    p, h = questions_of(root)
    assert p.findtext("questiontext/text") == "a &lt; b &amp; c<br>second&nbsp; line"
    assert h.findtext("questiontext/text") == "<p>a <b>bold</b> word</p>"


def test_cdata_end_marker_survives() -> None:
    q = mcq("Arrays: a[b[0]]> 1 and ]]> again", title="CDATA", text_format=TextFormat.HTML)
    data = export_moodle_xml([q])
    assert b"]]]]><![CDATA[>" in data
    back = import_moodle_xml(data).questions[0]
    assert back.stem == q.stem


def test_images_are_embedded_next_to_the_text_that_shows_them() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
    html = Question(
        T.MCQ,
        '<p>Look: <img src="attention map.png" alt="map"></p>',
        (Choice("a", 1.0, '<img src="other.png">'), Choice("b", 0.0)),
        text_format=TextFormat.HTML,
        images=(QuestionImage("attention map.png", png), QuestionImage("other.png", b"2")),
        title="Images",
    )
    plain = Question(
        T.DESCRIPTION, "See the figure.", images=(QuestionImage("fig 1.png", png),), title="P"
    )
    root = parse(export_moodle_xml([html, plain]))
    h, p = questions_of(root)
    assert h.findtext("questiontext/text") == (
        '<p>Look: <img src="@@PLUGINFILE@@/attention%20map.png" alt="map"></p>'
    )
    files = h.findall("questiontext/file")
    assert [(f.get("name"), f.get("path"), f.get("encoding")) for f in files] == [
        ("attention map.png", "/", "base64"),
        ("other.png", "/", "base64"),
    ]
    assert base64.b64decode(files[0].text or "") == png
    feedback = h.findall("answer")[0].find("feedback")
    assert feedback is not None
    assert feedback.findtext("text") == '<img src="@@PLUGINFILE@@/other.png">'
    assert [f.get("name") for f in feedback.findall("file")] == ["other.png"]
    assert p.findtext("questiontext/text") == (
        'See the figure.<p><img src="@@PLUGINFILE@@/fig%201.png" alt="fig 1.png"></p>'
    )
    back = roundtrip([html, plain]).questions
    assert back[0].stem == html.stem and back[0].images == html.images
    assert back[0].choices[0].feedback == '<img src="other.png">'
    assert back[1].stem == "See the figure." and back[1].images == plain.images


def test_long_titles_are_shortened_and_tags_stripped() -> None:
    q = mcq(title="<b>Bold</b> " + "x" * 300)
    name = parse(export_moodle_xml([q])).findtext("question/name/text") or ""
    assert len(name) == 255 and name.startswith("Bold xxx") and "<b>" not in name


# --------------------------------------------------------------------------- round trip


def test_round_trip_keeps_every_field_moodle_xml_carries() -> None:
    questions = varied_questions()
    assert {q.type for q in questions} == set(QuestionType) - set(NEWER_TYPES)
    assert preflight(questions) == []
    result = roundtrip(questions)
    assert result.skipped == ()
    assert len(result.questions) == len(questions)
    for i, (got, original) in enumerate(zip(result.questions, questions, strict=True), 1):
        assert got == carried_by_moodle_xml(original), f"question {i}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_trip_with_other_seeds(seed: int) -> None:
    questions = varied_questions(seed, 70)
    got = roundtrip(questions).questions
    assert list(got) == [carried_by_moodle_xml(q) for q in questions]


def test_round_trip_of_the_real_banks_is_stable() -> None:
    first = import_moodle_xml(POOL_0617.read_bytes()).questions
    again = roundtrip(list(first)).questions
    assert again == first


def test_fractions_come_back_as_moodle_stores_them() -> None:
    q = Question(T.MULTI, "Thirds", (Choice("a", 1 / 3), Choice("b", 1 / 3), Choice("c", 1 / 3)))
    back = roundtrip([q]).questions[0]
    assert [c.fraction for c in back.choices] == [0.3333333] * 3


# --------------------------------------------------------------------------- import


def test_import_reads_each_type_from_a_moodle_file() -> None:
    result = import_moodle_xml(SAMPLE.read_bytes())
    by_title = {q.title: q for q in result.questions}
    att = by_title["Attention"]
    assert att.type is T.MCQ and att.text_format is TextFormat.HTML
    assert att.category == "Units 1/2/Reading"
    assert att.stem == (
        '<p>What does <b>attention</b> compute?</p><p><img src="att map.png" alt="map"></p>'
    )
    assert att.images == (
        QuestionImage("att map.png", base64.b64decode("iVBORw0KGgoAAAANSUhEUg==")),
    )
    assert [(c.text, c.fraction, c.feedback) for c in att.choices] == [
        ("A weighted sum of values", 1.0, "Right."),
        ("A sort &amp; a filter", 0.0, ""),
        ("A convolution", -0.3333333, ""),
    ]  # the empty answer is dropped, as Moodle does
    assert (att.points, att.penalty, att.uuid) == (2.0, 0.1, "att-1")
    assert (att.shuffle_answers, att.answer_numbering) == (False, "ABCD")
    assert att.tags == ("attention",)
    assert (att.difficulty, att.bloom) == (Difficulty.HARD, Bloom.UNDERSTAND)
    assert att.general_feedback == "See slide 4."
    assert att.status is Status.ACCEPTED
    assert att.origin == Origin("import", settings={"format": "moodle_xml"})

    multi = by_title["Subword tokenizers"]
    assert multi.type is T.MULTI and multi.shuffle_answers
    assert [c.fraction for c in multi.choices] == [0.5, 0.5, -1.0]

    tf = by_title["BPE never needs an unknown token"]
    assert tf.type is T.TRUE_FALSE and tf.category == "Quiz"
    assert tf.text_format is TextFormat.PLAIN
    assert tf.stem.endswith("even if x < y.")
    assert [(c.text, c.fraction) for c in tf.choices] == [("false", 0.0), ("true", 1.0)]
    assert tf.choices[0].feedback == "No: 256 byte tokens cover every input."
    assert tf.penalty == 1.0

    short = by_title["Merge algorithm"]
    assert short.type is T.SHORT and short.case_sensitive
    assert [(c.text, c.fraction) for c in short.choices] == [("BPE", 1.0), ("byte pair *", 0.5)]

    num = by_title["Speed of light"]
    assert num.unit == "m"
    assert [(c.text, c.fraction, c.tolerance) for c in num.choices] == [
        ("299.79", 1.0, 0.5),
        ("*", 0.0, 0.0),
    ]

    essay = by_title["Word2Vec assignment"]
    assert essay.type is T.ESSAY and essay.points == 10.0
    assert essay.text_format is TextFormat.PLAIN  # markdown is kept as written
    assert essay.stem == "Implement **Word2Vec** and compare _CBOW_ with skip-gram."
    assert essay.grader_info == "Rubric: code 40, report 60."
    assert essay.response_template == "My results:"

    desc = by_title["Part B"]
    assert desc.type is T.DESCRIPTION and desc.points == 0.0

    mixed = by_title["Mixed formats"]
    assert mixed.text_format is TextFormat.HTML
    assert mixed.stem == "Pick the bold one (a &lt; b)."
    assert mixed.choices[0].text == "<b>bold</b>"

    unnamed = next(q for q in result.questions if q.stem == "Capital of France?")
    assert unnamed.title == ""

    assert result.skipped == (
        ("Match the models", "A matching question needs at least 2 pairs; this one has 1."),
        ("Calculated", 'type "calculatedsimple" is not supported'),
        (
            "Two right answers",
            "a single-answer multiple-choice question needs exactly one answer that gives "
            "credit; this one has 2",
        ),
    )
    warnings = "\n".join(result.warnings)
    assert 'category "Units 1/2"' in warnings
    assert 'question 7 "Speed of light": only the unit with multiplier 1 is kept' in warnings
    assert "markdown is kept as plain text" in warnings
    assert "no <name>" in warnings


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$course$/top/NLP/Tokenization", "NLP/Tokenization"),
        ("$course$/NLP", "NLP"),
        ("top/NLP", "NLP"),
        ("$system$/top/A/B", "A/B"),
        ("$cat1$/top/A", "A"),
        ("$course$/top", ""),
        ("Plain/Path", "Plain/Path"),
        ("$course$/top/Units 1//2/Reading", "Units 1/2/Reading"),
    ],
)
def test_categories_apply_to_the_following_questions(path: str, expected: str) -> None:
    data = (
        f'<quiz><question type="category"><category><text>{path}</text></category></question>'
        '<question type="essay"><name><text>E</text></name>'
        "<questiontext><text>Write.</text></questiontext></question></quiz>"
    ).encode()
    assert import_moodle_xml(data).questions[0].category == expected


def test_difficulty_and_bloom_tags_are_read_back() -> None:
    data = (
        b'<quiz><question type="essay"><name><text>E</text></name>'
        b"<questiontext><text>Write.</text></questiontext><tags>"
        b"<tag><text>Difficulty:Easy</text></tag><tag><text>bloom:create</text></tag>"
        b"<tag><text>bloom:sideways</text></tag><tag><text> kept </text></tag></tags>"
        b"</question></quiz>"
    )
    q = import_moodle_xml(data).questions[0]
    assert (q.difficulty, q.bloom) == (Difficulty.EASY, Bloom.CREATE)
    assert q.tags == ("bloom:sideways", "kept")


def test_the_aufgabenpool_banks_import_with_correct_keys() -> None:
    early = import_moodle_xml(POOL_0617.read_bytes())
    assert [(q.type, q.title) for q in early.questions] == [
        (T.MCQ, "Ableitung: sin^2+cos^2"),
        (T.MCQ, "Tangente"),
        (T.TRUE_FALSE, "lok Min"),
    ]
    derivative, tangent, minimum = early.questions
    assert derivative.correct_answers == ("$$0$$",)
    assert tangent.correct_answers == ("<p>$$y=-2x+4$$</p>",)
    assert len(tangent.choices) == 7
    assert minimum.correct_answers == ("false",)
    for q in early.questions:
        assert q.category == "AUFGABENPOOL/Differentialrechnung"
        assert q.text_format is TextFormat.HTML
        assert "Differentialrechnung" in q.tags
        assert q.status is Status.ACCEPTED
    assert derivative.penalty == 0.1 and minimum.penalty == 1.0
    assert "Lösung" in derivative.general_feedback
    assert len(early.skipped) == 15
    assert {reason for _, reason in early.skipped} == {'type "stack" is not supported'}
    assert "1.Ableitung" in [name for name, _ in early.skipped]

    later = import_moodle_xml(POOL_0701.read_bytes())
    assert [(q.type, q.title) for q in later.questions] == [
        (T.MCQ, "032) Ableitung: sin^2+cos^2"),
        (T.MCQ, "033) Tangente"),
        (T.TRUE_FALSE, "031) Lokales Minimum"),
    ]
    assert [q.correct_answers for q in later.questions] == [
        ("$$0$$",),
        ("<p>$$y=-2x+4$$</p>",),
        ("false",),
    ]
    assert len(later.skipped) == 30
    assert {reason for _, reason in later.skipped} == {'type "stack" is not supported'}


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "banks"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared) is not present")
def test_the_fixture_copies_match_the_shared_corpus() -> None:
    for path in (POOL_0617, POOL_0701):
        assert (CORPUS / path.name).read_bytes() == path.read_bytes()


# --------------------------------------------------------------------------- bad input


def test_a_malformed_grade_names_the_question_and_element() -> None:
    data = POOL_0617.read_bytes()
    tangent = data.index(b"<text>Tangente</text>")
    at = data.index(b'fraction="100"', tangent)
    broken = data[:at] + b'fraction="abc"' + data[at + len(b'fraction="100"') :]
    with pytest.raises(MoodleImportError) as caught:
        import_moodle_xml(broken)
    assert str(caught.value) == 'question 4 "Tangente": <answer> fraction "abc" is not a number'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '<question type="numerical"><name><text>N</text></name>'
            "<questiontext><text>?</text></questiontext>"
            '<answer fraction="100"><text>12</text><tolerance>wide</tolerance></answer></question>',
            'question 1 "N": <answer> tolerance "wide" is not a number',
        ),
        (
            '<question type="numerical"><name><text>N</text></name>'
            "<questiontext><text>?</text></questiontext>"
            '<answer fraction="100"><text>twelve</text></answer></question>',
            'question 1 "N": <answer> "twelve" is not a number',
        ),
        (
            '<question type="essay"><name><text>E</text></name>'
            "<questiontext><text>?</text></questiontext><defaultgrade>ten</defaultgrade></question>",
            'question 1 "E": <defaultgrade> "ten" is not a number',
        ),
        (
            '<question type="essay"><name><text>E</text></name>'
            "<questiontext><text>a <b>b</b></text></questiontext></question>",
            'question 1 "E": <questiontext><text> holds the XML element <b>',
        ),
        (
            '<question type="multichoice"><name><text>M</text></name>'
            '<questiontext><text>?</text></questiontext><answer fraction="150"><text>a</text>'
            "</answer></question>",
            'question 1 "M": <answer> fraction "150" is outside -100..100',
        ),
        (
            '<question type="essay"><name><text>F</text></name><questiontext><text>?</text>'
            '<file name="x.png" encoding="base64">***</file></questiontext></question>',
            'question 1 "F": <file> "x.png" is not valid base64',
        ),
    ],
)
def test_malformed_questions_are_reported(body: str, message: str) -> None:
    with pytest.raises(MoodleImportError) as caught:
        import_moodle_xml(f"<quiz>{body}</quiz>".encode())
    assert str(caught.value).startswith(message)


def test_entity_expansion_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<quiz><question type="essay"><name><text>&lol2;</text></name></question></quiz>'
    )
    with pytest.raises(MoodleImportError, match="entities"):
        import_moodle_xml(bomb)


def test_external_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<quiz><question type="essay"><name><text>&x;</text></name></question></quiz>'
    ).encode()
    with pytest.raises(MoodleImportError, match="entities") as caught:
        import_moodle_xml(xxe)
    assert "password" not in str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<quiz><question></quiz>", "not well-formed XML: mismatched tag: line 1, column 18"),
        (b"just text", "not well-formed XML"),
        (b"<questions/>", "root element is <questions>"),
    ],
)
def test_files_that_are_not_moodle_xml_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(MoodleImportError, match=re.escape(message)):
        import_moodle_xml(data)


def test_grades_moodle_would_complain_about_are_read_with_a_warning() -> None:
    data = (
        b'<quiz><question type="multichoice"><name><text>Sum</text></name>'
        b"<questiontext><text>Pick</text></questiontext><single>false</single>"
        b'<answer fraction="50"><text>a</text></answer>'
        b'<answer fraction="30"><text>b</text></answer>'
        b'<answer fraction="33"><text>c</text></answer>'
        b'<answer fraction="0"><text></text></answer></question>'
        b'<question type="numerical"><name><text>Num</text></name>'
        b"<questiontext><text>N?</text></questiontext>"
        b'<answer fraction="100"><text>4</text></answer><answer fraction="0"><text></text>'
        b"</answer></question></quiz>"
    )
    result = import_moodle_xml(data)
    multi, number = result.questions
    assert [c.fraction for c in multi.choices] == [0.5, 0.3, 0.33]
    assert [c.text for c in number.choices] == ["4"]
    assert result.warnings == (
        'question 1 "Sum": grade 33% is not one of Moodle\'s grades; kept as it is',
        'question 1 "Sum": its correct answers give 113% together; Moodle expects 100%',
    )


def test_a_utf8_bom_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + export_moodle_xml([mcq(title="BOM")])
    assert import_moodle_xml(data).questions[0].title == "BOM"

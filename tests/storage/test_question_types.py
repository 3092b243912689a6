"""Matching, cloze, ordering, select missing words, drag into text: validation, the bank,
Moodle XML both ways (against Moodle's own fixtures) and GIFT."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from storage.bank import InvalidQuestionError, QuestionBank
from storage.database import open_bank
from storage.domain import Choice, Question, QuestionType, Status, TextFormat
from storage.formats.gift import export_gift, import_gift
from storage.formats.moodle_xml import (
    MoodleExportError,
    MoodleImportError,
    export_moodle_xml,
    import_moodle_xml,
    preflight,
)
from storage.question_types import (
    NEWER_TYPES,
    cloze_code,
    cloze_gaps,
    cloze_leftovers,
    normalised,
    type_issue,
)
from tests.storage.old_banks import bank_at_revision

T = QuestionType
MOODLE = Path(__file__).resolve().parents[1] / "fixtures" / "moodle"
WORDS = ("Gülşen", "ℝ ∈ √", "a < b & c", "tokenization", "LoRA", "x^2", "“quoted”", "naïve")

BOTH_BACKENDS = True  # the fixtures `bank` and `service` run on SQLite and PostgreSQL


def matching(*pairs: tuple[str, str], extra: tuple[str, ...] = (), **kw: object) -> Question:
    choices = tuple(Choice(s, 1.0, match=a) for s, a in pairs) + tuple(
        Choice("", 0.0, match=e) for e in extra
    )
    return Question(T.MATCHING, kw.pop("stem", "Match them."), choices, **kw)  # type: ignore[arg-type]


def ordering(*items: str, **kw: object) -> Question:
    return Question(T.ORDERING, "Put them in order.", tuple(Choice(i, 1.0) for i in items), **kw)  # type: ignore[arg-type]


def gaps(kind: QuestionType, stem: str, *words: str | tuple[str, int, bool]) -> Question:
    choices = []
    for w in words:
        text, group, unlimited = w if isinstance(w, tuple) else (w, 1, False)
        choices.append(Choice(text, group=group, unlimited=unlimited))
    return normalised(Question(kind, stem, tuple(choices)))


def cloze(stem: str, **kw: object) -> Question:
    return Question(T.CLOZE, stem, **kw)  # type: ignore[arg-type]


def varied_newer(seed: int = 3, n: int = 60) -> list[Question]:
    """Questions of each newer type with awkward texts, formats and options."""
    rng = random.Random(seed)
    out: list[Question] = []
    for i in range(n):
        kind = NEWER_TYPES[i % len(NEWER_TYPES)]
        fmt = TextFormat.HTML if i % 2 else TextFormat.PLAIN

        def w(tag: str, i: int = i) -> str:
            return f"{rng.choice(WORDS)} {tag}{i}"

        meta = dict(
            title=w("title") if rng.random() < 0.7 else "",
            text_format=fmt,
            general_feedback=rng.choice(("", w("gf"))),
            category=rng.choice(("", "NLP", "NLP/Tokenization")),
            tags=tuple(sorted(rng.sample(("nlp", "week 3", "Gülşen"), rng.randint(0, 2)))),
            status=Status.ACCEPTED,
        )
        if kind is T.MATCHING:
            pairs = [(w(f"s{k}_"), w(f"a{k}_")) for k in range(rng.randint(3, 6))]
            extra = tuple(w(f"x{k}_") for k in range(rng.randint(0, 2)))
            q = matching(*pairs, extra=extra, stem=w("match"), shuffle_answers=i % 3 == 0, **meta)
        elif kind is T.ORDERING:
            q = ordering(*(w(f"item{k}_") for k in range(rng.randint(3, 7))), **meta)
            q = replace(q, stem=w("order"), answer_numbering=rng.choice(("none", "123", "ABCD")))
        elif kind in (T.GAPSELECT, T.DDWTOS):
            count = rng.randint(1, 3)
            stem = " ".join(f"{w('t')} [[{k}]]" for k in range(1, count + 1)) + " end."
            words = [(w(f"c{k}_"), rng.randint(1, 3), kind is T.DDWTOS and k % 2 == 0)
                     for k in range(count + rng.randint(1, 3))]  # fmt: skip
            q = replace(gaps(kind, stem, *words), shuffle_answers=i % 4 != 0, **meta)
        else:
            codes = [
                cloze_code("SHORTANSWER", [Choice(w("sa"), 1.0, w("fb")), Choice("*", 0.0)]),
                cloze_code("MULTICHOICE", [Choice(w("r"), 1.0), Choice(w("w"), 0.0)], 2),
                cloze_code("NUMERICAL", [Choice("3.14", 1.0, tolerance=0.01)]),
                cloze_code("MCV", [Choice("a}b#c~d", 1.0), Choice("e", 0.5, "half")]),
            ]
            picked = rng.sample(codes, rng.randint(1, 4))
            stem = " ".join(f"{w('t')} {c}" for c in picked)
            q = replace(cloze(stem, **meta), points=float(sum(g.weight for g in cloze_gaps(stem))))
        out.append(normalised(q))
    return out


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("q", "message"),
    [
        (matching(("a", "1")), "needs at least 2 pairs; this one has 1"),
        (matching(("a", "1"), ("b", "")), 'The stem "b" has no matching answer'),
        (matching(("a", "1"), ("a", "2")), 'The stem "a" appears in more than one pair'),
        (matching(("a", "1"), ("b", "2"), extra=("1",)), '"1" is already an answer'),
        (matching(("a", "1"), ("b", "2"), extra=("",)), "An extra wrong answer is empty"),
        (ordering("one", "two"), "at least 3 items; this one has 2"),
        (ordering("one", "two", "one"), 'The item "one" appears twice'),
        (ordering("one", "", "three"), "An item to order is empty"),
        (gaps(T.GAPSELECT, "No gap here.", "a"), "needs at least one gap"),
        (gaps(T.GAPSELECT, "The [[1]] and [[3]].", "a", "b"), "The gap [[3]] has no answer"),
        (gaps(T.GAPSELECT, "The [[1]].", ("a", 21, False)), "groups run from 1 to 20"),
        (gaps(T.DDWTOS, "[[1]] and [[1]].", "a", "b"), 'Choice 1 "a" fills 2 gaps'),
        (gaps(T.DDWTOS, "[[1]] and [[2]].", "a", ""), "Choice 2 is empty"),
        (cloze("No gaps at all."), "needs at least one gap"),
        (cloze("Capital: {1:SHORTANSWR:=Paris}."), "is not a gap Moodle can read"),
        (cloze("Capital: {1:SHORTANSWER:Paris}."), "Gap 1 (SHORTANSWER) has no fully right"),
        (cloze("Pick {1:MULTICHOICE:=Apple}."), "one option; give it at least two"),
        (cloze("Grade {3:NUMERICAL:=zero}."), 'the answer "zero" is not a number'),
        (cloze("Pick {1:MR:a~b}."), "has no correct answer"),
        (cloze("A {1:SA:=a} and {1:SA:=b"), "looks like a gap but is not one"),
    ],
)
def test_each_rule_is_a_message_in_words(q: Question, message: str, service: QuestionBank) -> None:
    issue = type_issue(q)
    assert issue is not None and message in issue
    with pytest.raises(InvalidQuestionError):
        service.add(q)
    assert service.count() == 0


def test_valid_questions_of_each_type_pass() -> None:
    for q in varied_newer():
        assert type_issue(q) is None, q


def test_cloze_gaps_are_read_as_moodle_reads_them() -> None:
    stem = (
        "A {1:SHORTANSWER:=Paris#Right!~%50%paris#Half~*#Wrong} B {2:MCVS:3~=4~5} "
        "C {1:NM:=3.14159:0.01~%50%3:0.5} D {1:SAC:=a\\}b\\#c} E {1:MULTICHOICE:=&#39;x&#39;}"
    )
    g = cloze_gaps(stem)
    assert [(x.number, x.weight, x.code, x.kind) for x in g] == [
        (1, 1, "SHORTANSWER", "short"),
        (2, 2, "MCVS", "choice"),
        (3, 1, "NM", "numerical"),
        (4, 1, "SAC", "short_c"),
        (5, 1, "MULTICHOICE", "choice"),
    ]
    assert [(a.text, a.fraction, a.feedback) for a in g[0].answers] == [
        ("Paris", 1.0, "Right!"),
        ("paris", 0.5, "Half"),
        ("*", 0.0, "Wrong"),
    ]
    assert [(a.text, a.tolerance) for a in g[2].answers] == [("3.14159", 0.01), ("3", 0.5)]
    assert g[3].answers[0].text == "a}b#c"
    assert g[4].answers[0].text == "'x'"  # an entity's "#" does not start feedback
    assert cloze_leftovers(stem) == []
    # written back, each gap reads the same
    for gap in g:
        again = cloze_gaps(cloze_code(gap.code, list(gap.answers), gap.weight))[0]
        assert again.answers == gap.answers and again.weight == gap.weight


# --------------------------------------------------------------------------- bank


def test_the_bank_keeps_every_field_of_each_type(service: QuestionBank) -> None:
    questions = varied_newer()
    ids = service.add_many(questions)
    for q, stored in zip(questions, service.get_many(ids), strict=True):
        # who saved it and its version number are the bank's own (see test_bank.py)
        identity = {"version": q.version, "created_by": "", "updated_by": ""}
        assert replace(
            stored, id=None, uuid="", created_at=None, updated_at=None, **identity
        ) == replace(q, uuid="", **identity)


def test_a_bank_from_before_the_new_types_is_upgraded(tmp_path: Path) -> None:
    path = bank_at_revision(tmp_path / "old.sqlite", "0007")
    with open_bank(path) as bank:
        service = QuestionBank(bank)
        q = service.add(matching(("frog", "amphibian"), ("cat", "mammal"), extra=("insect",)))
        assert [(c.text, c.match) for c in service.get(q.id or 0).choices] == [
            ("frog", "amphibian"),
            ("cat", "mammal"),
            ("", "insect"),
        ]


# --------------------------------------------------------------------------- Moodle XML


def _quiz(path: Path) -> bytes:
    """Moodle's fixture; the ordering ones are a bare <question>, as Moodle's tests use them."""
    data = path.read_bytes()
    return data if b"<quiz>" in data else b"<quiz>\n" + data + b"\n</quiz>\n"


def test_moodles_matching_fixture() -> None:
    r = import_moodle_xml(_quiz(MOODLE / "match_testquestion.moodle.xml"))
    (q,) = r.questions
    assert (q.type, q.title, q.stem, q.category) == (
        T.MATCHING,
        "matching-001",
        "Classify the animals.",
        "Test questions",
    )
    assert [(c.text, c.match, c.fraction) for c in q.choices] == [
        ("frog", "amphibian", 1.0),
        ("cat", "mammal", 1.0),
        ("newt", "amphibian", 1.0),
        ("", "insect", 0.0),
    ]
    assert q.shuffle_answers and q.general_feedback == "General feedback."


@pytest.mark.parametrize("name", ["gapselect", "ddwtos"])
def test_moodles_gapselect_fixtures(name: str) -> None:
    (q,) = import_moodle_xml(_quiz(MOODLE / f"{name}_testquestion.moodle.xml")).questions
    # Moodle's ddwtos fixture is itself written as type="gapselect"
    assert q.type is T.GAPSELECT and q.stem == "The [[1]] [[2]] on the [[3]]."
    assert [(c.text, c.group, c.fraction) for c in q.choices] == [
        ("cat", 1, 1.0),
        ("sat", 1, 1.0),
        ("mat", 1, 1.0),
        ("dog", 1, 0.0),
        ("table", 1, 0.0),
    ]
    assert not q.shuffle_answers


@pytest.mark.parametrize("name", ["ordering_testexport", "ordering_testimport"])
def test_moodles_ordering_fixtures(name: str) -> None:
    r = import_moodle_xml(_quiz(MOODLE / f"{name}.moodle.xml"))
    (q,) = r.questions
    assert q.type is T.ORDERING and q.uuid == "myid" and q.answer_numbering == "none"
    assert [c.text for c in q.choices] == [
        "Modular",
        "Object",
        "Oriented",
        "Dynamic",
        "Learning",
        "Environment",
    ]
    assert q.choices[0].feedback == "Modular is correct."
    if name == "ordering_testexport":  # RANDOM subset of 2: said, and all items kept
        assert any("2 of the 6 items" in w for w in r.warnings)


def test_moodles_broken_cloze_fixture_is_skipped_question_by_question() -> None:
    r = import_moodle_xml((MOODLE / "cloze_broken_cloze_questions.xml").read_bytes())
    assert r.questions == ()
    reasons = dict(r.skipped)
    assert "needs at least one gap" in reasons["Multianswer question without subquestions"]
    assert "is not a gap Moodle can read" in reasons["Multichoice subquestion without choices"]
    assert "one option" in reasons["Multichoice subquestion with only one choice"]
    assert (
        "no fully right answer"
        in reasons["Multichoice subquestion with no completely correct answer"]
    )
    assert "not a number" in reasons["Numerical subquestion with buggy answer"]


@pytest.mark.parametrize(
    "path",
    sorted(MOODLE.glob("*.xml")),
    ids=lambda p: p.stem,
)
def test_every_fixture_round_trips(path: Path) -> None:
    first = import_moodle_xml(_quiz(path))
    if not first.questions:
        return  # a file of broken questions: each is skipped with a reason
    xml = export_moodle_xml(first.questions)
    again = import_moodle_xml(xml)
    assert again.questions == first.questions
    assert export_moodle_xml(again.questions) == xml


def test_rules_examples_as_moodle_reads_them() -> None:
    def read(name: str) -> tuple[list[Question], dict[str, str]]:
        r = import_moodle_xml((MOODLE / f"rules_{name}.xml").read_bytes())
        return list(r.questions), dict(r.skipped)

    qs, _ = read("ok_multianswer")
    assert [q.points for q in qs] == [10.0, 1.0]  # the sum of the gaps' weights
    assert [g.code for g in cloze_gaps(qs[0].stem)] == [
        "SHORTANSWER", "SHORTANSWER_C", "MULTICHOICE", "MCV", "MCHS", "SHORTANSWER",
        "NUMERICAL", "MULTIRESPONSE",
    ]  # fmt: skip
    qs, skipped = read("ok_ordering")
    assert [c.text for c in qs[0].choices] == ["Mercury", "Venus", "Earth", "Mars"]
    assert "at least 3 items" in skipped["Two items, defaults for every option, hints given"]
    qs, _ = read("ok_ddwtos")
    assert [c.unlimited for c in qs[0].choices] == [False, True, True, False]
    qs, _ = read("ok_gapselect")
    assert [c.group for c in qs[0].choices] == [1, 2, 1, 2, 1]
    _, skipped = read("broken_ddwtos_nodragbox")
    assert "no <dragbox> choices" in next(iter(skipped.values()))
    qs, skipped = read("broken_match_noanswer")
    assert any("has no answer" in reason for reason in skipped.values())
    _, skipped = read("warn_multianswer_leftover")
    assert "looks like a gap" in next(iter(skipped.values()))
    r = import_moodle_xml((MOODLE / "rules_broken_ordering_nohints.xml").read_bytes())
    assert any("fewer than 2 hints" in w for w in r.warnings)


def test_varied_questions_of_each_type_round_trip() -> None:
    questions = varied_newer()
    xml = export_moodle_xml(questions)
    back = import_moodle_xml(xml)
    assert back.skipped == () and back.warnings == ()
    for q, got in zip(questions, back.questions, strict=True):
        want = replace(q, origin=got.origin, status=Status.ACCEPTED)
        assert got == want, q.type


def test_what_moodle_writes_for_each_type() -> None:
    q_order = ordering("a", "b", "c", answer_numbering="123")
    q_dd = gaps(T.DDWTOS, "[[1]] [[1]] [[2]]", ("x", 2, True), "y")
    q_gs = gaps(T.GAPSELECT, "[[1]] or [[2]]", "a < b", "c")
    q_match = matching(("<b>frog</b>", "amphibian"), ("cat", "mammal"), extra=("insect",))
    q_match = replace(q_match, text_format=TextFormat.HTML)
    xml = export_moodle_xml([q_order, q_dd, q_gs, q_match]).decode()
    for part in (
        '<question type="ordering">',
        "<selecttype>ALL</selecttype>",
        "<selectcount>3</selectcount>",
        "<numberingstyle>123</numberingstyle>",
        "<shownumcorrect>1</shownumcorrect>",
        '<answer fraction="3.0000000" format="html">',
        '<question type="ddwtos">',
        "<dragbox>\n      <text>x</text>\n      <group>2</group>\n      <infinite/>\n"
        "    </dragbox>",
        '<question type="gapselect">',
        "<selectoption>\n      <text><![CDATA[a &lt; b]]></text>",
        '<question type="matching">',
        '<subquestion format="html">\n      <text><![CDATA[<b>frog</b>]]></text>\n'
        "      <answer>\n        <text>amphibian</text>\n      </answer>\n    </subquestion>",
        '<subquestion format="html">\n      <text></text>\n      <answer>\n'
        "        <text>insect</text>",
    ):
        assert part in xml, part
    back = import_moodle_xml(xml.encode()).questions
    assert back[2].choices[0].text == "a < b"


def test_preflight_names_what_moodle_would_refuse() -> None:
    two_pairs = matching(("a", "1"), ("b", "2"))
    problems = preflight([two_pairs, ordering("x", "y"), cloze("{1:SA:wrong}")])
    text = [str(p) for p in problems]
    assert any("needs at least 3 answers" in t and "add an extra wrong answer" in t for t in text)
    assert any("3 or more different items" in t for t in text)
    assert any("no fully right answer" in t for t in text)
    with pytest.raises(MoodleExportError, match="3 problem"):
        export_moodle_xml([two_pairs, ordering("x", "y"), cloze("{1:SA:wrong}")])


def test_a_malformed_new_type_fails_in_words() -> None:
    bad_group = b"""<quiz><question type="gapselect"><name><text>G</text></name>
      <questiontext><text>[[1]]</text></questiontext>
      <selectoption><text>a</text><group>one</group></selectoption></question></quiz>"""
    with pytest.raises(MoodleImportError, match='"G": <selectoption> group "one" is not'):
        import_moodle_xml(bad_group)


# --------------------------------------------------------------------------- GIFT


def test_gift_matching_round_trips_and_the_rest_is_left_out_with_a_warning() -> None:
    q_match = matching(
        ("frog", "amphibian"), ("cat = feline", "mammal"), extra=("insect",), status=Status.ACCEPTED
    )
    others = [q for q in varied_newer(n=10) if q.type is not T.MATCHING]
    text, warnings = export_gift([q_match, *others])
    assert "\t=frog -> amphibian\n" in text and "\t= -> insect\n" in text
    (back,) = import_gift(text).questions
    assert replace(back, origin=q_match.origin) == q_match
    assert len(warnings) == len(others)
    for kind in (T.CLOZE, T.ORDERING, T.GAPSELECT, T.DDWTOS):
        assert any(f"GIFT has no {kind.label.lower()} questions" in w for w in warnings)


def test_gift_matching_without_an_arrow_is_an_error_with_its_line() -> None:
    with pytest.raises(Exception, match=r'line 2, question "Pairs": "b" has no "->"'):
        import_gift("// c\n::Pairs::Match {=a -> 1 =b}")


def test_default_sections_place_the_new_types_beside_their_kin() -> None:
    from storage.exams import default_sections

    qs = [q for q in varied_newer(n=5)]
    essay = Question(T.ESSAY, "Discuss.")
    mcq = Question(T.MCQ, "Pick.", (Choice("a", 1.0), Choice("b")))
    placed = default_sections([essay, *qs, mcq])
    assert [q.type for q, _ in placed] == [
        T.MCQ, T.MATCHING, T.GAPSELECT, T.DDWTOS, T.CLOZE, T.ORDERING, T.ESSAY,
    ]  # fmt: skip
    assert [title for _, title in placed][1:6] == [
        "Matching",
        "Select the missing words",
        "Complete the text",
        "Fill in the gaps",
        "Ordering",
    ]


def test_draw_rules_and_search_know_the_new_types(service: QuestionBank) -> None:
    from storage.exams import draw, parse_draw

    rules = parse_draw("1 matching; 1 cloze; 1 ordering; 1 gapselect; 1 ddwtos")
    assert [r.type for r in rules] == [T.MATCHING, T.CLOZE, T.ORDERING, T.GAPSELECT, T.DDWTOS]
    ids = service.add_many(varied_newer(n=10))
    drawn = service.get_many(draw(service, rules, seed=1))
    assert sorted(q.type.value for q in drawn) == sorted(t.value for t in NEWER_TYPES)
    q = service.add(matching(("frog", "amphibian"), ("cat", "mammal"), status=Status.ACCEPTED))
    assert q.id in [h.question_id for h in service.search("amphibian")]
    assert len(ids) == 10

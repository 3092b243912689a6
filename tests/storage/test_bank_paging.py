"""Paged, sorted, filtered reading of a real 5,000-question bank, bulk changes, coverage."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storage.bank import InvalidQuestionError, QuestionBank, QuestionNotFoundError
from storage.database import Bank, BankError, open_bank
from storage.domain import (
    Choice,
    Difficulty,
    Question,
    QuestionFilter,
    QuestionType,
    SlideRef,
    SortKey,
    Status,
    TextFormat,
)
from storage.exams import ExamHeader, ExamStore
from tests.conftest import make_deck, mcq, true_false

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

N = 5000
WORDS = "attention token embedding softmax gradient lora adapter decoder encoder beam".split()
TAGS = ["nlp", "llm", "maths", "exam-2024", "hard-one"]
CATEGORIES = ["", "NLP", "NLP/Tokenization", "NLP/Embeddings", "LLM/Fine-tuning"]


def generated(n: int, deck_id: int, pages: int) -> Iterator[Question]:
    """Varied questions whose attributes follow from their index, so tests can count."""
    rnd = random.Random(5)
    for i in range(n):
        words = [WORDS[i % len(WORDS)], WORDS[(i * 7) % len(WORDS)], f"item{i}"]
        stem = f"Question {i}: what does {' and '.join(words)} mean?"
        kw: dict[str, object] = dict(
            tags=tuple(TAGS[j] for j in range(len(TAGS)) if (i >> j) & 1),
            category=CATEGORIES[i % len(CATEGORIES)],
            difficulty=[None, *Difficulty][i % 4],
            status=Status.ACCEPTED if i % 3 == 0 else Status.DRAFT,
            points=float(1 + i % 5),
        )
        if i % 4 == 1:
            kw["sources"] = (SlideRef(deck_id, 1 + (i // 4) % pages, "support"),)
        kind = i % 4
        if kind == 0:
            yield mcq(stem, f"answer{i}", "wrong a", "wrong b", **kw)
        elif kind == 1:
            yield true_false(stem, bool(i % 2), **kw)
        elif kind == 2:
            yield Question(QuestionType.SHORT, stem, (Choice(f"key{i}", 1.0),), **kw)  # type: ignore[arg-type]
        else:
            yield Question(QuestionType.ESSAY, stem, **kw)  # type: ignore[arg-type]
        rnd.random()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[QuestionBank, list[Question]]]:
    """A 5,000-question bank shared by the read-only tests of this module."""
    path = tmp_path_factory.mktemp("paging") / "big.sqlite"
    with open_bank(path) as bank:
        deck = make_deck(bank, pages=10, name="big-deck.pdf")
        service = QuestionBank(bank)
        qs = list(generated(N, deck, 10))
        ids = service.add_many(qs)
        ExamStore(service).create(ExamHeader("Midterm"), ids[10:20])
        ExamStore(service).create(ExamHeader("Final"), ids[15:25])
        stored = [replace(q, id=i) for q, i in zip(qs, ids, strict=True)]
        yield service, stored


def _expected(stored: list[Question], pred) -> list[int]:
    return [q.id for q in stored if pred(q)]  # type: ignore[misc]


def test_ordered_ids_and_pages_cover_the_bank_in_order(big) -> None:
    service, stored = big
    ids = service.ordered_ids()
    assert ids == sorted(q.id for q in stored)
    assert service.count() == N
    pages = [service.page(offset=o, limit=200) for o in range(0, N, 200)]
    assert [r.id for p in pages for r in p] == ids
    assert service.page(offset=N - 50, limit=200)[-1].id == ids[-1]
    assert len(service.page(offset=N - 50, limit=200)) == 50
    assert service.page(offset=N + 10) == []
    desc = service.ordered_ids(descending=True)
    assert desc == ids[::-1]


@pytest.mark.parametrize(
    "key,value",
    [
        (SortKey.TYPE, lambda q: q.type.value),
        (SortKey.STATUS, lambda q: q.status.value),
        (SortKey.DIFFICULTY, lambda q: [None, *Difficulty].index(q.difficulty)),
        (SortKey.STEM, lambda q: q.stem.lower()),
        (SortKey.CATEGORY, lambda q: (q.category != "", q.category)),
        (SortKey.POINTS, lambda q: q.points),
        (SortKey.TAGS, lambda q: (bool(q.tags), min(q.tags) if q.tags else "")),
        (SortKey.SLIDES, lambda q: (bool(q.sources), q.sources[0].page if q.sources else 0)),
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_sorting_is_done_by_sql_with_ties_in_id_order(big, key, value, descending) -> None:
    service, stored = big
    got = service.ordered_ids(QuestionFilter(), key, descending)
    expected = sorted(stored, key=lambda q: q.id)
    expected.sort(key=value, reverse=descending)
    # Python's sort is stable: ties keep ascending id, as the SQL does
    assert got == [q.id for q in expected]
    first = service.page(QuestionFilter(), key, descending, offset=0, limit=30)
    assert [r.id for r in first] == got[:30]


def test_sort_by_exam_use_puts_questions_used_twice_first(big) -> None:
    service, stored = big
    got = service.ordered_ids(sort=SortKey.EXAMS, descending=True)
    ids = [q.id for q in stored]
    assert got[:5] == ids[15:20]  # in both exams
    assert set(got[5:15]) == set(ids[10:15] + ids[20:25])


def test_each_filter_and_their_combination_match_the_questions(big) -> None:
    service, stored = big
    ids = [q.id for q in stored]
    in_exam = set(ids[10:25])
    cases = [
        (QuestionFilter(type=QuestionType.ESSAY), lambda q: q.type is QuestionType.ESSAY),
        (QuestionFilter(tag="maths"), lambda q: "maths" in q.tags),
        (QuestionFilter(category="NLP"), lambda q: q.category.startswith("NLP")),
        (QuestionFilter(category=""), lambda q: q.category == ""),
        (QuestionFilter(difficulty=Difficulty.HARD), lambda q: q.difficulty is Difficulty.HARD),
        (QuestionFilter(status=Status.ACCEPTED), lambda q: q.status is Status.ACCEPTED),
        (QuestionFilter(deck_id=1), lambda q: bool(q.sources)),
        (
            QuestionFilter(deck_id=1, page=3),
            lambda q: any(src.page == 3 for src in q.sources),
        ),
        (QuestionFilter(used_in_exam=True), lambda q: q.id in in_exam),
        (QuestionFilter(used_in_exam=False), lambda q: q.id not in in_exam),
        (QuestionFilter(text="softmax"), lambda q: "softmax" in q.stem),
        (QuestionFilter(text="item12"), lambda q: "item12" in q.stem),  # prefix: item12, item120…
        (QuestionFilter(text="nlp"), lambda q: "nlp" in q.tags),  # tags are searched
        (
            QuestionFilter(
                text="embedding",
                type=QuestionType.MCQ,
                tag="maths",
                category="NLP",
                status=Status.ACCEPTED,
            ),
            lambda q: (
                "embedding" in q.stem
                and q.type is QuestionType.MCQ
                and "maths" in q.tags
                and q.category.startswith("NLP")
                and q.status is Status.ACCEPTED
            ),
        ),
    ]
    for f, pred in cases:
        want = _expected(stored, pred)
        assert want, f  # every case selects something, so the check can fail
        assert service.ordered_ids(f) == want, f
        assert service.count(f) == len(want), f
        assert f.narrowed
    assert not QuestionFilter(limit=5).narrowed
    # words that are only punctuation do not filter anything out
    assert service.count(QuestionFilter(text=" ?! ")) == N
    assert service.count(QuestionFilter(text="zebra")) == 0


def test_a_summary_row_shows_what_the_table_needs(big) -> None:
    service, stored = big
    q = stored[13]  # index 13: tf, cites a slide, in the Midterm
    (row,) = service.summaries([q.id])
    assert row.id == q.id and row.type is QuestionType.TRUE_FALSE
    assert row.stem == q.stem and row.tags == tuple(sorted(q.tags))
    assert row.category == q.category and row.difficulty is q.difficulty
    assert [(s.deck_title, s.page) for s in row.sources] == [("big-deck.pdf", q.sources[0].page)]
    assert row.exams == 1 and row.used_in_exam
    assert service.summaries([stored[17].id])[0].exams == 2
    assert service.summaries([stored[30].id])[0].exams == 0
    # order as asked, unknown ids skipped
    assert [r.id for r in service.summaries([stored[5].id, 999_999, stored[2].id])] == [
        stored[5].id,
        stored[2].id,
    ]


def test_summary_stems_are_one_line_without_markup(service: QuestionBank) -> None:
    long = "word " * 200
    ids = service.add_many(
        [
            mcq(
                "<p>What is <b>attention</b>?</p><p>Pick one.</p>", "a", text_format=TextFormat.HTML
            ),
            mcq("First line\n\n   second   line", "b"),
            mcq(long, "c"),
        ]
    )
    html, lines, cut = service.summaries(ids)
    assert html.stem == "What is attention? Pick one."
    assert lines.stem == "First line second line"
    assert len(cut.stem) <= 300 and cut.stem.endswith("…")


def test_category_and_tag_counts(big) -> None:
    service, stored = big
    counts = service.category_counts()
    for path in CATEGORIES:
        assert counts[path] == sum(1 for q in stored if q.category == path)
    assert service.tag_counts()["maths"] == sum(1 for q in stored if "maths" in q.tags)


# ----- bulk changes (each on its own small bank) -------------------------------------


@pytest.fixture
def small(service: QuestionBank, bank: Bank) -> tuple[QuestionBank, list[int]]:
    deck = make_deck(bank, pages=4)
    qs = list(generated(40, deck, 4))
    return service, service.add_many(qs)


def test_add_and_remove_a_tag_in_bulk(small) -> None:
    service, ids = small
    before = {q.id: q.updated_at for q in service.get_many(ids)}
    already = [i for i, q in zip(ids, service.get_many(ids), strict=True) if "maths" in q.tags]
    change = service.add_tag(ids[:20], " maths ")
    assert change.asked == 20 and change.changed == 20 - len(set(already) & set(ids[:20]))
    assert all("maths" in q.tags for q in service.get_many(ids[:20]))
    # the full-text index knows the new tag
    assert set(ids[:20]) <= {h.question_id for h in service.search("maths", limit=100)}
    fresh = service.add_tag(ids[:3], "brand new")
    assert fresh.changed == 3
    assert {h.question_id for h in service.search("brand new", limit=100)} == set(ids[:3])
    changed = [q for q in service.get_many(ids[:3])]
    assert all(q.updated_at is not None and q.updated_at >= before[q.id] for q in changed)

    removed = service.remove_tag(ids, "brand new")
    assert removed.changed == 3 and removed.asked == len(ids)
    assert not service.search("brand new")
    assert service.remove_tag(ids, "never-used").changed == 0
    # other tags are untouched
    assert all("maths" in q.tags for q in service.get_many(ids[:20]))


def test_move_to_category_and_set_status_in_bulk(small) -> None:
    service, ids = small
    moved = service.move_to_category(ids[:10], " Course A / Week 3 ")
    assert moved.changed == 10
    assert {q.category for q in service.get_many(ids[:10])} == {"Course A/Week 3"}
    assert "Course A/Week 3" in service.categories()
    assert service.move_to_category(ids[:10], "Course A/Week 3").changed == 0  # already there
    assert service.move_to_category(ids[:2], "").changed == 2
    assert {q.category for q in service.get_many(ids[:2])} == {""}

    drafts = service.count(QuestionFilter(status=Status.DRAFT))
    change = service.set_status(ids, Status.ACCEPTED)
    assert change.changed == drafts
    assert service.count(QuestionFilter(status=Status.DRAFT)) == 0
    assert service.set_status(ids, Status.ACCEPTED).changed == 0


def test_bulk_changes_with_an_unknown_id_change_nothing(small) -> None:
    service, ids = small
    with pytest.raises(QuestionNotFoundError, match="999"):
        service.add_tag([*ids[:5], 999], "lost")
    with pytest.raises(QuestionNotFoundError, match="nothing was changed"):
        service.set_status([ids[0], 999], Status.ACCEPTED)
    assert "lost" not in service.tag_counts()
    assert service.get(ids[0]).status is Status.ACCEPTED  # index 0 was accepted already
    with pytest.raises(QuestionNotFoundError):
        service.move_to_category([999], "X")
    assert "X" not in service.categories()
    with pytest.raises(InvalidQuestionError, match="tag needs a name"):
        service.add_tag(ids, "   ")


def test_bulk_changes_of_many_ids_in_one_go(small, service: QuestionBank) -> None:
    # more ids than one IN (...) list takes
    more = service.add_many([mcq(f"Bulk question {i}", "x") for i in range(1200)])
    assert service.add_tag(more, "bulk").changed == 1200
    assert service.count(QuestionFilter(tag="bulk")) == 1200
    assert service.set_status(more, Status.ACCEPTED).changed == 1200
    assert service.remove_tag(more, "bulk").changed == 1200


# ----- coverage ----------------------------------------------------------------------


def test_coverage_counts_questions_per_slide_and_their_mix(service: QuestionBank, bank) -> None:
    deck = make_deck(bank, pages=5, name="cov.pdf")
    other = make_deck(bank, pages=2, name="other.pdf")
    service.add_many(
        [
            mcq("Q1", "a", sources=(SlideRef(deck, 2),), difficulty=Difficulty.EASY),
            mcq("Q2", "a", sources=(SlideRef(deck, 2), SlideRef(deck, 3))),
            true_false(
                "Q3",
                True,
                sources=(SlideRef(deck, 3),),
                difficulty=Difficulty.HARD,
                status=Status.ACCEPTED,
            ),
            mcq("Q4", "a", sources=(SlideRef(other, 1),)),  # another deck
            mcq("Q5", "a"),  # no slide
        ]
    )
    cov = service.coverage(deck)
    assert cov.title == "cov.pdf" and [s.page for s in cov.slides] == [1, 2, 3, 4, 5]
    assert [s.questions for s in cov.slides] == [0, 2, 2, 0, 0]
    assert cov.slides[2].by_type == {QuestionType.MCQ: 1, QuestionType.TRUE_FALSE: 1}
    assert cov.slides[1].heading.startswith("Slide 2: attention")
    assert cov.questions == 3  # Q2 cites two slides but counts once
    assert cov.by_type == {QuestionType.MCQ: 2, QuestionType.TRUE_FALSE: 1}
    assert cov.by_difficulty == {Difficulty.EASY: 1, None: 1, Difficulty.HARD: 1}
    assert cov.by_status == {Status.DRAFT: 2, Status.ACCEPTED: 1}
    assert cov.uncovered == (1, 4, 5)
    with pytest.raises(BankError, match="no deck 99"):
        service.coverage(99)


def test_coverage_marks_title_slides_as_not_content(tmp_path: Path) -> None:
    from storage.decks import read_deck
    from storage.slide_store import SlideLibrary

    pdf = Path(__file__).parents[1] / "fixtures" / "yandex-nlp-lecture-efficiency.pdf"
    with open_bank(tmp_path / "b.sqlite") as bank:
        deck = SlideLibrary(bank).import_deck(read_deck(pdf)).deck
        cov = QuestionBank(bank).coverage(deck.id)
        assert len(cov.slides) == deck.page_count
        flagged = [s for s in cov.slides if s.flags]
        assert flagged and not set(s.page for s in flagged) & set(cov.uncovered)
        assert all(s.heading for s in cov.slides if s.is_content)


def test_deleting_many_questions_removes_everything_that_hangs_on_them(
    small, service: QuestionBank, bank: Bank
) -> None:
    _, ids = small
    more = service.add_many(
        [mcq(f"Bulk zebra question {i}", "x", tags=("bulk",)) for i in range(1200)]
    )
    ExamStore(service).create(ExamHeader("Big exam"), [more[0], more[-1], ids[0]])
    impact = service.delete_impact(more)
    assert impact.exams == ((1, "Big exam"),) and len(impact.question_ids) == 1200
    service.delete(more, force=True)
    assert service.count() == len(ids)
    assert not service.search("zebra")
    with bank.engine.connect() as con:
        for table_ in (
            "choices",
            "question_tags",
            "question_slides",
            "question_images",
            "exam_items",
        ):
            orphans = con.exec_driver_sql(
                f"SELECT count(*) FROM {table_} WHERE question_id NOT IN (SELECT id FROM questions)"
            ).scalar()
            assert orphans == 0, table_
    assert [q.id for q, _, _ in ExamStore(service).get(1).items] == [ids[0]]
    with pytest.raises(QuestionNotFoundError, match=f"no question {more[0]} "):
        service.delete_impact([more[0]])

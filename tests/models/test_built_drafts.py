"""Drafts built in code: well formed, grounded, deterministic, and from the slides' own words."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from models.drafting.built import build_drafts, matches_focus
from models.drafting.facts import (
    extract_facts,
)
from models.drafting.grounding import ground
from models.drafting.validation import errors, normalize_option, validate
from models.drafting.vocabulary import (
    deck_vocabulary,
)
from models.drafting.words import (
    content_tokens,
    norm_key,
)
from storage.decks import read_deck
from storage.domain import Bloom, Difficulty, Question, QuestionType, Slide, Status

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EFFICIENCY = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"
ALIGNMENT = FIXTURES / "yandex-word-alignment-metropolis.pdf"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "slides"

T = QuestionType

LECTURE = [
    Slide(9, 1, "Model compression\nA lecture on making models small", ("title",)),
    Slide(9, 2, "Linear quantization\nFit a linear range to data\nscale = (max(w) – min(w)) / 2^4"),
    Slide(9, 3, "Nonlinear quantization\nCompute a grid of percentiles or centroids (k-means 1d)"),
    Slide(9, 4, "Product quantization\nSplit vectors into chunks, quantize each chunk separately"),
    Slide(9, 5, "Magnitude pruning\nDrop the smallest weights from each layer every 1000 steps"),
    Slide(
        9,
        6,
        "Compression by sparsification\n"
        "Unstructured sparsity = prune individual weights (minimal model size)\n"
        "Structured sparsity = prune entire neurons or heads (fastest inference)",
    ),
    Slide(
        9,
        7,
        "More quantization papers\n"
        "SmoothQuant – quantize both weights and activations\n"
        "SpQR – keep a few sensitive weights in 16-bit precision\n"
        "AWQ – tune scale and zero point to better fit sensitive weights\n"
        "QUIK – handle sensitive outliers and quantize activations",
    ),
    Slide(
        9,
        8,
        "Recent developments: Mixture of Experts (MoE) Models\n"
        "● Core Idea: A type of model architecture where multiple expert networks specialize "
        "in different subtasks.\n"
        "● Sparsity: MoE models activate only a subset of experts for each input token.",
    ),
    Slide(
        9,
        9,
        "Compression by distillation\n"
        "● Distillation trains a compact student model to approximate a large teacher model.\n"
        "● Quantization stores each weight with fewer bits than the original model.\n"
        "● Pruning removes weights that contribute little to the output.",
    ),
    Slide(
        9,
        10,
        "Student architecture choices:\n"
        "● Naive: same architecture but with fewer layers or hidden units\n"
        "● Factorized: product of smaller matrices or tensors\n"
        "● Sparse: only a small fraction of weights are nonzero",
    ),
    Slide(
        9,
        11,
        "Scenario 2: local inference\n"
        "Typical use cases:\n● Parallel speech recognition\n● Smart cameras\n"
        "● Autonomous drones\n● Self-driving cars",
    ),
    Slide(
        9,
        14,
        "Scenario 1: cloud serving\n"
        "Typical use cases:\n● Web search ranking\n● Batch document translation\n"
        "● Chat assistants",
    ),
    Slide(
        9,
        12,
        "Scenario 3: smartphone apps\n"
        "Popular frameworks:\n● Core ML libraries\n● TensorFlow Lite\n● ONNX Runtime",
    ),
    Slide(9, 13, "Thank you!\nQuestions?", ("closing",)),
]
ALL = {T.MCQ: 6, T.MULTI: 1, T.TRUE_FALSE: 4, T.SHORT: 3}


def deck_words(slides: list[Slide]) -> set[str]:
    return {w for s in slides for w in content_tokens(s.text)}


def check_draft(q: Question, slides: list[Slide], difficulty: Difficulty) -> None:
    """What every built draft must be: valid, grounded, cited, and made of slide words."""
    problems = errors(validate(q))
    assert not problems, (q.stem, problems)
    g = ground(q, slides)
    assert g.supported, (q.stem, g.reason)
    assert q.status == Status.DRAFT
    assert q.difficulty == difficulty
    assert q.bloom in (Bloom.REMEMBER, Bloom.UNDERSTAND, Bloom.APPLY, Bloom.ANALYZE)
    assert q.origin.method == "built"
    assert q.origin.settings["difficulty"] == difficulty.value
    assert "builder" in q.origin.settings and "seed" in q.origin.settings
    assert q.tags
    assert q.sources, q.stem
    pages = {(s.deck_id, s.page) for s in slides}
    for ref in q.sources:
        assert (ref.deck_id, ref.page) in pages
        assert ref.supporting_text
    words = deck_words(slides)
    for c in q.choices:
        if q.type == T.TRUE_FALSE:
            continue
        # options come from the deck's own words, never invented
        assert set(content_tokens(c.text)) <= words, (q.stem, c.text)
    if q.type in (T.MCQ, T.MULTI):
        keys = [normalize_option(c.text) for c in q.choices]
        assert len(set(keys)) == len(keys)
        assert 3 <= len(q.choices) <= 5


@pytest.mark.parametrize("difficulty", list(Difficulty), ids=lambda d: d.value)
def test_drafts_from_a_small_lecture_are_valid_grounded_and_cited(difficulty: Difficulty) -> None:
    qs = build_drafts(LECTURE, ALL, difficulty, seed=3)
    assert qs
    by_type = Counter(q.type for q in qs)
    for qtype, n in ALL.items():
        assert by_type[qtype] <= n
    assert by_type[T.MCQ] >= 2 and by_type[T.TRUE_FALSE] >= 2
    for q in qs:
        check_draft(q, LECTURE, difficulty)
    # never asked from the title or closing slide
    assert all(r.page not in (1, 13) for q in qs for r in q.sources)


def test_same_seed_same_drafts_other_seed_may_differ() -> None:
    a = build_drafts(LECTURE, ALL, Difficulty.MEDIUM, seed=11)
    b = build_drafts(LECTURE, ALL, Difficulty.MEDIUM, seed=11)
    assert a == b
    c = build_drafts(LECTURE, ALL, Difficulty.MEDIUM, seed=12)
    assert [q.stem for q in c] != [q.stem for q in a] or [q.choices for q in c] != [
        q.choices for q in a
    ]
    assert all(q.origin.settings["seed"] == 11 for q in a)


def test_correct_answers_are_slide_text() -> None:
    text = " ".join(norm_key(s.text) for s in LECTURE)
    for q in build_drafts(LECTURE, ALL, Difficulty.HARD, seed=1):
        if q.type in (T.MCQ, T.SHORT, T.MULTI):
            for answer in q.correct_answers:
                # a term, a gloss or a statement the slides hold (FALSE-keys change one term)
                if "FALSE" not in q.stem:
                    tokens = content_tokens(answer)
                    assert all(t in text for t in tokens), (q.stem, answer)


def test_empty_or_furniture_only_selection_gives_nothing() -> None:
    assert build_drafts([], ALL, Difficulty.EASY) == []
    furniture = [s for s in LECTURE if s.flags]
    assert build_drafts(furniture, ALL, Difficulty.EASY) == []
    assert build_drafts(LECTURE, {T.MCQ: 0}, Difficulty.EASY) == []


def test_fewer_drafts_than_requested_when_the_slides_hold_fewer_facts() -> None:
    two = LECTURE[1:3]
    qs = build_drafts(two, {T.MCQ: 10, T.TRUE_FALSE: 10}, Difficulty.MEDIUM)
    assert len(qs) < 20
    for q in qs:
        check_draft(q, two, Difficulty.MEDIUM)


def test_mcq_from_definitions_uses_sibling_terms() -> None:
    qs = build_drafts(LECTURE, {T.MCQ: 8}, Difficulty.HARD, seed=2)
    linear = [q for q in qs if "Fit a linear range to data" in q.stem]
    if linear:
        options = {c.text for c in linear[0].choices}
        assert "Nonlinear quantization" in options or "Product quantization" in options
    builders = {q.origin.settings["builder"] for q in qs}
    assert builders & {"pairing", "false-statement"}


def test_difficulty_changes_the_questions() -> None:
    easy = build_drafts(LECTURE, {T.MCQ: 6}, Difficulty.EASY, seed=5)
    hard = build_drafts(LECTURE, {T.MCQ: 6}, Difficulty.HARD, seed=5)
    easy_builders = {q.origin.settings["builder"] for q in easy}
    hard_builders = {q.origin.settings["builder"] for q in hard}
    assert easy_builders <= {"term-for-definition", "definition-for-term"}
    assert hard_builders & {"pairing", "false-statement"}
    assert {q.bloom for q in easy} <= {Bloom.REMEMBER, Bloom.UNDERSTAND}
    assert Bloom.ANALYZE in {q.bloom for q in hard}


def test_true_false_mixes_true_and_false_and_false_ones_swap_a_term() -> None:
    qs = build_drafts(LECTURE, {T.TRUE_FALSE: 6}, Difficulty.MEDIUM, seed=4)
    truths = [q.correct_answers[0] for q in qs]
    assert "true" in truths and "false" in truths
    sentences = {normalize_option(s) for s in (x for sl in LECTURE for x in sl.text.split("\n"))}
    for q in qs:
        if q.correct_answers[0] == "false":
            assert normalize_option(q.stem) not in sentences
            assert not any(w in q.stem.split() for w in ("not", "never"))
            assert q.general_feedback.startswith("False: slide")


def test_short_answers_accept_variants() -> None:
    qs = build_drafts(LECTURE, {T.SHORT: 6}, Difficulty.EASY, seed=0)
    assert qs
    for q in qs:
        assert q.correct_answers
        assert not q.case_sensitive
        assert "answer-variants" not in {i.code for i in validate(q)}


def test_multiple_answers_from_a_list() -> None:
    qs = build_drafts(LECTURE, {T.MULTI: 2}, Difficulty.MEDIUM, seed=0)
    assert qs
    q = qs[0]
    assert q.type == T.MULTI
    right = set(q.correct_answers)
    assert right and len(right) < len(q.choices)
    lists = {
        "local inference": {
            "Parallel speech recognition",
            "Smart cameras",
            "Autonomous drones",
            "Self-driving cars",
        },
        "cloud serving": {"Web search ranking", "Batch document translation", "Chat assistants"},
    }
    category = next(k for k in lists if k in q.stem)
    assert right <= lists[category]
    wrong = {c.text for c in q.choices} - right
    assert not wrong & lists[category]
    # wrong options are use cases too (of the other scenario), never frameworks
    other = next(v for k, v in lists.items() if k != category)
    assert wrong <= other, wrong


def test_focus_restricts_to_facts_that_mention_the_terms() -> None:
    qs = build_drafts(LECTURE, {T.MCQ: 5, T.TRUE_FALSE: 5}, Difficulty.MEDIUM, focus=["MoE"])
    assert qs
    assert all(q.sources[0].page == 8 for q in qs)
    typo = build_drafts(LECTURE, {T.MCQ: 5}, Difficulty.MEDIUM, focus=["quanitzation"])
    assert typo and all(
        "quantiz" in (q.stem + " ".join(c.text for c in q.choices)).casefold() for q in typo
    )
    assert build_drafts(LECTURE, {T.MCQ: 5}, Difficulty.MEDIUM, focus=["LoRA"]) == []


def test_matches_focus_is_fuzzy_and_case_insensitive() -> None:
    facts = extract_facts(LECTURE)
    vocab = deck_vocabulary(LECTURE, facts=facts)
    moe = [f for f in facts if matches_focus(f, ["moe"], vocab)]
    assert moe and all(f.page == 8 for f in moe)
    assert [f for f in facts if matches_focus(f, ["mixture of experts"], vocab)]


def test_assignment_only_when_asked() -> None:
    qs = build_drafts(LECTURE, ALL, Difficulty.MEDIUM)
    assert not [q for q in qs if q.type == T.ESSAY]
    qs = build_drafts(LECTURE, {T.ESSAY: 1}, Difficulty.MEDIUM, focus=["quantization"])
    assert len(qs) == 1
    essay = qs[0]
    assert essay.type == T.ESSAY
    assert "Deliverables" in essay.stem and "Rubric" in essay.grader_info
    assert "quantization" in essay.stem.casefold()
    assert not errors(validate(essay)) and not validate(essay)
    assert ground(essay, LECTURE).supported
    assert essay.bloom in (Bloom.APPLY, Bloom.ANALYZE)


# --- the fixture decks end to end ------------------------------------------------------------


def _slides(path: Path) -> list[Slide]:
    d = read_deck(path)
    pages = zip(d.pages, d.flags, strict=True)
    return [Slide(4, i + 1, text, flags) for i, (text, flags) in enumerate(pages)]


@pytest.mark.parametrize("difficulty", list(Difficulty), ids=lambda d: d.value)
def test_efficiency_deck_ten_mcq_five_tf_five_short(difficulty: Difficulty) -> None:
    slides = _slides(EFFICIENCY)
    qs = build_drafts(slides, {T.MCQ: 10, T.TRUE_FALSE: 5, T.SHORT: 5}, difficulty, seed=0)
    by_type = Counter(q.type for q in qs)
    # fewer but good: only options of the key's kind, no giveaways (the gate)
    # MCQs only where the key has peers of its kind on the slides: few in this deck
    assert by_type[T.MCQ] >= 1 and by_type[T.TRUE_FALSE] >= 2 and by_type[T.SHORT] >= 2
    assert by_type[T.MCQ] <= 10 and by_type[T.TRUE_FALSE] <= 5 and by_type[T.SHORT] <= 5
    for q in qs:
        check_draft(q, slides, difficulty)
        assert q.sources[0].page >= 1 and slides[q.sources[0].page - 1].is_content
    stems = [normalize_option(q.stem) for q in qs]
    assert len(set(stems)) == len(stems)
    mcq_keys = [q.correct_answers for q in qs if q.type == T.MCQ]
    assert len(set(mcq_keys)) == len(mcq_keys)


def test_alignment_deck_drafts_are_valid_and_grounded() -> None:
    slides = _slides(ALIGNMENT)
    qs = build_drafts(slides, {T.MCQ: 5, T.TRUE_FALSE: 5, T.SHORT: 3}, Difficulty.MEDIUM)
    assert qs
    for q in qs:
        check_draft(q, slides, Difficulty.MEDIUM)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize(
    "path", sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else [], ids=lambda p: p.stem
)
def test_corpus_decks_give_only_valid_grounded_drafts(path: Path) -> None:
    slides = _slides(path)
    for difficulty in Difficulty:
        qs = build_drafts(
            slides, {T.MCQ: 10, T.MULTI: 2, T.TRUE_FALSE: 5, T.SHORT: 5}, difficulty, seed=7
        )
        for q in qs:
            check_draft(q, slides, difficulty)


FIGURES = [
    Slide(4, 1, "Large language models\nGPT-3 was trained with 175 billion parameters on web text"),
    Slide(4, 2, "Quantization\nSpQR keeps some sensitive weights in 16-bit precision"),
    Slide(4, 3, "Training recipe\nStep 2: freeze the pruned parts of the network"),
    Slide(4, 4, "History\nThe transformer architecture was published in 2017 by Google"),
    Slide(4, 5, "Questions\nHow often does a word appear 3 times in a corpus?"),
    Slide(4, 6, "Distillation\nThe student network is about 40 percent smaller than its teacher"),
]


def test_numerical_questions_ask_for_figures_stated_on_slides() -> None:
    qs = build_drafts(FIGURES, {T.NUMERICAL: 5}, Difficulty.MEDIUM)
    asked = {q.choices[0].text: q for q in qs}
    # real figures with what they count; not step numbers, years, or questions on slides
    assert set(asked) == {"175", "16", "40"}
    for q in qs:
        assert q.type is T.NUMERICAL and "___" in q.stem
        assert q.choices[0].tolerance == 0.0 and q.choices[0].correct
        assert not errors(validate(q)) and ground(q, FIGURES).supported
        assert q.sources and q.choices[0].text in q.sources[0].supporting_text
    assert "billion parameters" in asked["175"].stem


def test_a_sentence_opening_with_a_term_asks_which_of_its_peers_does_that() -> None:
    deck = read_deck(Path(__file__).parents[2] / "bench" / "decks" / "elte-nlp_3-tokenization.pdf")
    slides = [
        Slide(3, i, text, flags)
        for i, (text, flags) in enumerate(zip(deck.pages, deck.flags, strict=True), start=1)
    ]
    qs = build_drafts(slides, {T.MCQ: 8}, Difficulty.MEDIUM)
    asked = [q for q in qs if q.origin.settings["builder"] == "term-for-statement"]
    assert asked, [q.stem for q in qs]
    for q in asked:
        check_draft(q, slides, Difficulty.MEDIUM)
        assert re.match(r"Which (kind of )?[a-z]", q.stem)
        assert len(q.choices) >= 3 and q.correct_answers[0].lower() not in q.stem.lower()


PRUNING = (
    "Pruning methods\n"
    "• Magnitude pruning – drops the smallest weights of each layer\n"
    "• Gradual pruning – removes a few more weights after every thousand steps\n"
    "• Structured pruning – removes whole neurons or attention heads\n"
    "• Lottery ticket pruning – resets the surviving weights to their initial values\n"
    "• Random pruning – drops weights chosen by chance as a baseline"
)


def test_terms_glossed_side_by_side_make_a_matching_question() -> None:
    slides = [Slide(1, 1, PRUNING)]
    qs = build_drafts(slides, {T.MATCHING: 2}, Difficulty.MEDIUM)
    assert len(qs) == 1  # one group of peers: one matching question, not two alike
    q = qs[0]
    # the title names the kind
    assert q.type == T.MATCHING and q.stem == "Match each pruning method with what it does."
    assert 4 <= len(q.choices) <= 6
    terms = [c.match for c in q.choices]
    assert len(set(terms)) == len(terms) and "Magnitude pruning" in terms
    for c in q.choices:
        assert c.fraction == 1.0 and c.text and not any(t.lower() in c.text.lower() for t in terms)
    assert ground(q, slides).supported and q.sources


def test_three_glossed_terms_are_too_few_to_match() -> None:
    three = "\n".join(PRUNING.splitlines()[:4])
    assert build_drafts([Slide(1, 1, three)], {T.MATCHING: 1}, Difficulty.MEDIUM) == []


def test_numbered_steps_and_arrow_pipelines_make_ordering_questions() -> None:
    slides = [
        Slide(
            1,
            1,
            "Byte pair encoding\n1. Split every word into characters\n"
            "2. Count all adjacent pairs of symbols\n"
            "3. Merge the most frequent pair into a new symbol\n"
            "4. Repeat until the vocabulary has the wanted size",
        ),
        Slide(1, 2, "Neural machine translation\nTokenize → Embed → Encode → Decode"),
        # arrows between things, not actions: no steps to order
        Slide(1, 4, "Model lifecycle\nData → Model → Predictions → Report"),
        # numbered, but no sequence: an agenda of topics
        Slide(1, 3, "Today\n1. Tokenization\n2. Embeddings\n3. Attention"),
    ]
    qs = build_drafts(slides, {T.ORDERING: 5}, Difficulty.MEDIUM)
    stems = [q.stem for q in qs]
    assert stems == [
        "Put the steps of byte pair encoding in order.",
        "Put the steps of neural machine translation in order.",
    ]
    assert qs[0].choices[0].text == "Split every word into characters"
    for q in qs:
        assert q.type == T.ORDERING and ground(q, slides).supported


def test_a_true_false_item_keeps_its_forms_bloom_level_at_hard() -> None:
    """Telling a reversed statement false is no analysis: the level is the form's."""
    hard = build_drafts(LECTURE, {T.TRUE_FALSE: 6}, Difficulty.HARD, seed=4)
    assert any(q.correct_answers[0] == "false" for q in hard)
    assert {q.bloom for q in hard} <= {Bloom.REMEMBER, Bloom.UNDERSTAND}

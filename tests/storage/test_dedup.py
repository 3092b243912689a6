"""Near-duplicate detection, measured on the labelled pairs it was tuned on."""

from __future__ import annotations

import json
from pathlib import Path

from models.embeddings import Embedder
from storage.bank import QuestionBank
from storage.dedup import DEFAULT_THRESHOLD, DedupKey, DuplicateIndex, batch_groups, normalize
from tests.conftest import SAMPLE, mcq, true_false

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "dedup_pairs.jsonl"


def _pairs() -> list[tuple[DedupKey, DedupKey, bool, str]]:
    rows = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        rows.append(
            (
                DedupKey.of(d["a"]["stem"], d["a"]["answers"]),
                DedupKey.of(d["b"]["stem"], d["b"]["answers"]),
                d["duplicate"],
                d["kind"],
            )
        )
    return rows


def test_normalize_drops_case_markup_and_punctuation() -> None:
    assert normalize("<p>What is <b>BPE</b>?&nbsp; </p>") == "what is bpe"
    assert normalize("Gülşen’s  ﬁne-tuning") == "gülşen s fine tuning"


def test_precision_and_recall_on_the_labelled_pairs() -> None:
    from storage.dedup import similarity

    rows = _pairs()[:201]  # the set the lexical scorer was tuned on (the rest: issue 8)
    flagged = [similarity(a, b) >= DEFAULT_THRESHOLD for a, b, _, _ in rows]
    tp = sum(f and d for f, (_, _, d, _) in zip(flagged, rows, strict=True))
    fp = sum(f and not d for f, (_, _, d, _) in zip(flagged, rows, strict=True))
    dups = sum(d for _, _, d, _ in rows)
    assert tp / (tp + fp) >= 0.75  # measured 0.79
    assert tp / dups >= 0.38  # measured 0.40; rewordings need issue 8's semantic signal
    copies = [
        f
        for f, (_, _, d, k) in zip(flagged, rows, strict=True)
        if d and k in ("exact_copy", "renamed", "reordered_options", "light_edit")
    ]
    assert sum(copies) / len(copies) >= 0.9


def test_candidate_search_finds_what_scoring_everything_finds() -> None:
    keys = [k for a, b, _, _ in _pairs() for k in (a, b)]
    index = DuplicateIndex()
    for i, k in enumerate(keys):
        index.add(i, k)
    from storage.dedup import similarity

    missed = found = 0
    for i, k in enumerate(keys):
        brute = {j for j, o in enumerate(keys) if j != i and similarity(k, o) >= DEFAULT_THRESHOLD}
        got = {j for j, _ in index.query(k, exclude=i)}
        assert got <= brute
        found += len(brute & got)
        missed += len(brute - got)
    assert found > 50 and missed == 0


def test_index_follows_removals_and_groups_pairs() -> None:
    index = DuplicateIndex()
    index.add(1, DedupKey.of("What does BPE merge?", ["the most frequent pair"]))
    index.add(2, DedupKey.of("what does bpe merge", ["the most frequent pair"]))
    index.add(3, DedupKey.of("What does dropout do?", ["zeroes random activations"]))
    assert [[i for i, _ in g] for g in index.groups()] == [[1, 2]]
    index.remove(2)
    assert index.groups() == [] and len(index) == 2 and 2 not in index


def test_batch_groups_within_a_new_batch() -> None:
    keys = [DedupKey.of(q.stem, q.correct_answers) for q in (*SAMPLE, SAMPLE[2])]
    assert batch_groups(keys) == [[2, 5]]


def test_bank_checks_new_and_edited_questions(service: QuestionBank) -> None:
    ids = service.add_many(SAMPLE)
    edited = mcq(
        "which weights does LoRA update, during fine-tuning ?",
        "Low-rank adapter matrices added beside the frozen weights",
    )
    [match] = service.find_duplicates(edited)
    assert match.question_id == ids[0] and match.score >= DEFAULT_THRESHOLD
    # same stem, another key: another question
    assert service.find_duplicates(mcq(SAMPLE[0].stem, "Only the biases")) == []
    # a stored question is not its own duplicate
    assert service.find_duplicates(service.get(ids[0])) == []
    new_id = service.add(edited).id
    assert [[m.question_id for m in g] for g in service.duplicate_groups()] == [[ids[0], new_id]]
    service.delete([new_id])
    assert service.duplicate_groups() == []


# One template, different terms and answers: what built drafts of one deck look like.
_FRAMED = [
    ("prune entire neurons or attention heads for the fastest inference", "Structured sparsity"),
    ("prune individual weights for the smallest model", "Unstructured sparsity"),
    ("tune scale and zero point to fit sensitive weights", "AWQ"),
    ("keep some sensitive weights in 16-bit inside GPTQ", "SpQR"),
    ("split vectors into chunks and quantize each chunk separately", "Product quantization"),
    ("train a small student network to mimic a large teacher", "Knowledge distillation"),
    ("store only the random seed and the nonzero weights", "Sparse storage"),
    ("drop the five percent smallest weights after each epoch", "Magnitude pruning"),
    ("map weights to a few centroids found by one-dimensional k-means", "Nonlinear quantization"),
    ("share one set of weights across all transformer layers", "Weight sharing"),
]


def _framed_bank(service: QuestionBank) -> list[int]:
    ids = [
        service.add(
            mcq(f"Which term is described on the slides as “{desc}”?", term, "Dropout", "Adam")
        ).id
        for desc, term in _FRAMED
    ]
    # a true paraphrase of the first question, asked in other words
    ids.append(
        service.add(
            mcq(
                "Which term is described on the slides as “removing whole neurons or attention "
                "heads, for the fastest inference”?",
                "Structured sparsity",
                "Dropout",
                "Adam",
            )
        ).id
    )
    for desc, term in _FRAMED[:4]:  # and the template's true/false sibling
        ids.append(service.add(true_false(f"The slides describe {term} as: {desc}.", True)).id)
    return ids


def test_questions_sharing_only_a_template_are_not_duplicates(service: QuestionBank) -> None:
    ids = _framed_bank(service)
    groups = service.duplicate_groups(method="lexical")
    assert [[m.question_id for m in g] for g in groups] == [[ids[0], ids[10]]]
    assert {"term", "described", "slides"} <= service.dedup_index().frame_words()


def test_template_wording_does_not_make_embeddings_alike(
    service: QuestionBank, embedder: Embedder
) -> None:
    from storage.semantic import embed_pending

    ids = _framed_bank(service)
    for _ in embed_pending(service.bank, embedder):
        pass
    service.embedder = embedder
    groups = service.duplicate_groups(method="combined")
    assert [[m.question_id for m in g] for g in groups] == [[ids[0], ids[10]]]
    # a new draft in the same frame is checked the same way
    new = mcq(
        "Which term is described on the slides as “keep outlier weights in higher precision”?",
        "SpQR-like outliers",
    )
    assert service.find_duplicates(new) == []

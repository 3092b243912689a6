"""When the slide finder says "nothing relevant" and how it ranks (issue 14, item 4):
meaning close only to a keyword list or only to a request's context answers nothing,
abbreviations the slides define are read as they define them, list slides of marked
additions or lines of names rank low, a slide between two leading ones continues them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from storage.central_slides import is_overview
from storage.database import Bank
from storage.domain import Slide
from storage.semantic import FloatArray, embed_pending
from storage.slide_finder import SlideFinder, _short_list, slide_abbreviations
from tests.storage.test_finder_ranking import _deck

FILLER = [
    "Tokenization\nText is split into subword units before a model reads it.",
    "Embeddings\nEach token id is looked up in a trainable matrix of vectors.",
    "Attention\nEvery position weighs every other position by a softmax of scores.",
    "Dependency trees\nEach word has one head; the root has none.",
]


class ConceptEmbedder:
    """Vectors made to order: one axis per concept, counting the words that stand for it,
    and a constant axis, so a text of no concept is far from every concept."""

    model_id = "concepts/1"

    def __init__(self, concepts: dict[str, Sequence[str]]) -> None:
        self.concepts = list(concepts.values())

    def embed(self, texts: Sequence[str], cancel: Callable[[], bool] | None = None) -> FloatArray:
        out = np.zeros((len(texts), len(self.concepts) + 1), dtype=np.float32)
        for i, text in enumerate(texts):
            low = text.casefold()
            out[i, :-1] = [sum(low.count(w) for w in words) for words in self.concepts]
            out[i, -1] = 0.5
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _embedded(bank: Bank, embedder: ConceptEmbedder) -> SlideFinder:
    *_, last = embed_pending(bank, embedder)
    assert last.slides == last.total > 0
    finder = SlideFinder(bank, embedder)
    assert finder.semantic
    return finder


def test_a_keyword_list_is_an_overview() -> None:
    for title in ("Ключевые слова", "Key terms", "Keywords", "Key words"):
        assert is_overview(Slide(1, 9, f"{title}\n▶ Structured learning\n▶ Beam search"))
    assert not is_overview(Slide(1, 9, "Key exchange\nBoth sides derive one secret."))


def test_meaning_close_only_to_a_keyword_slide_answers_nothing(bank: Bank) -> None:
    # the keyword slide names reinforcement learning in passing, no slide teaches it
    _deck(
        bank,
        [
            *FILLER,
            "Ключевые слова\n▶ Structured learning\n▶ Reinforcement learning\n▶ Beam search",
        ],
    )
    embedder = ConceptEmbedder({"rl": ("reinforcement", "reward", "agent")})
    result = _embedded(bank, embedder).find("an agent that learns by trial and error from rewards")
    assert result.partial or not result.hits
    assert result.message.startswith("No slide")


def test_a_context_alone_close_in_meaning_answers_nothing(bank: Bank) -> None:
    # neural networks are taught; dropout only named once, in a list of distillation tricks
    _deck(
        bank,
        [
            *FILLER,
            "Neural networks\nA neural network stacks layers of weighted sums.",
            "Neural networks\nEach neural network layer applies a nonlinearity.",
            "Distillation tricks\nDistillation of ensembles, distillation with fewer layers, "
            "dropout distillation, co-distillation.",
        ],
    )
    embedder = ConceptEmbedder(
        {"nn": ("neural network",), "dropout": ("dropout",), "distil": ("distillation",)}
    )
    finder = _embedded(bank, embedder)
    result = finder.find("dropout layers in neural networks")
    assert result.partial or not result.hits
    # the context itself is answered
    taught = finder.find("layers of neural networks")
    assert taught.hits and not taught.partial


def test_an_abbreviation_the_slides_define_is_read_as_they_define_it(bank: Bank) -> None:
    assert slide_abbreviations(
        ["Energy Based Models (EBMs) score pairs.", "Mixture of Experts (MoE) routes tokens."]
    ) == {"ebm": "Energy Based Models"}  # "of" is a request word: its initials fit no more
    _deck(
        bank,
        [
            *FILLER,
            "Overview\nEnergy Based Models (EBMs) and inference.",
            "Energy based models\nThe energy of a conditional model scores each pair (x, y).",
            "Energy based models\nInference minimises the energy over the latent variable.",
        ],
    )
    result = SlideFinder(bank).find("conditional EBM", limit=3)
    assert "ebms" in result.expansions["EBM"]
    assert result.hits and not result.partial
    # the slides that never say EBM are found (by its long form) and lead
    assert "conditional model" in result.hits[0].slide.text


def test_lists_of_marked_additions_or_of_names_are_short_lists() -> None:
    system = "Tagger\n▶ Perceptron loss\n▶ +Structured\n▶ +Beam search\n▶ +Early update"
    assert _short_list(f"{system}\n[Collins, 2002]\n[Ratnaparkhi, 1996]")
    table = (
        "Results\nTransitions\nArc-eager, Arc-standard, Easy-first, ...\nModel\n"
        "Linear, Neural network, ...\nLoss\nPerceptron, Logistic, SVM, ...\nTraining\n"
        "SGD, L-BFGS, Averaged SGD, ..."
    )
    assert _short_list(table)
    # sentences that happen to contain commas are no list of names
    assert not _short_list(
        "Beam search\nKeep the best k partial outputs, drop the rest, and go on.\n"
        "Each step, every kept output is extended by every label.\n"
        "It is greedy, but much less so."
    )

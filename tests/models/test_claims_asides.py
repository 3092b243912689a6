"""A speaker's aside before a claim ("In fact, …", "Interestingly, …") is not part of it:
a true/false statement is the claim alone (tune set: "In fact, the surprisingly well
performing fastText classification model uses pooling without convolution.")."""

from __future__ import annotations

import pytest

from models.drafting.claims import reported_claim


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        (
            "In fact, the fastText classification model uses pooling without convolution.",
            "The fastText classification model uses pooling without convolution.",
        ),
        (  # another field
            "Interestingly, enzyme activity falls sharply above the optimum temperature.",
            "Enzyme activity falls sharply above the optimum temperature.",
        ),
    ],
)
def test_an_aside_before_the_claim_is_dropped(sentence: str, claim: str) -> None:
    assert reported_claim(sentence) == claim


@pytest.mark.parametrize(
    "sentence",
    [
        "Indeed, the model is small.",  # what is left points at its slide's model
        "In fact the data matter.",  # no comma: not read as an aside
        "Actually existing socialism differs from the theory.",  # a phrase, not an aside
    ],
)
def test_other_sentences_keep_their_words(sentence: str) -> None:
    assert reported_claim(sentence) == sentence

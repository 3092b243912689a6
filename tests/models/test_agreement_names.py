"""A name in -s at the head of a statement is singular: agreement leaves its verb alone.

Round 8's philosophy deck: "Descartes offers a defense of the traditional conception of
the soul …" was drafted as "Descartes offer …" (the parser tags a capitalised first word
in -s as a plural noun)."""

from __future__ import annotations

import pytest

from models.drafting.wording import agree_verb


@pytest.mark.parametrize(
    "sentence",
    [
        "Descartes offers a defense of the traditional conception of the soul.",
        "Bayes shows how to update beliefs from evidence.",  # another field
        "Keynes argues that demand drives output in the short run.",
    ],
)
def test_a_name_in_s_keeps_its_singular_verb(sentence: str) -> None:
    assert agree_verb(sentence) == sentence


@pytest.mark.parametrize(
    ("sentence", "fixed"),
    [
        ("Networks learns weights from data.", "Networks learn weights from data."),
        ("Classes contains methods and fields.", "Classes contain methods and fields."),
    ],
)
def test_a_plural_at_the_head_still_takes_a_plural_verb(sentence: str, fixed: str) -> None:
    assert agree_verb(sentence) == fixed

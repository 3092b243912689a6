"""A description list's item as PDF text gives it, the term run into its gloss (Beamer's
\\item[Monophyletic group] A group that …): read as the term and its gloss. Round 33's
biogeography deck gave "Cladogram A phylogenetic tree where …" as a true/false statement
(both raters: unusable, "a slide label fused onto its definition") and no gloss at all."""

from __future__ import annotations

import pytest

from models.drafting.facts import extract_facts
from models.drafting.slide_units import described_item
from storage.domain import Slide


@pytest.mark.parametrize(
    ("line", "read"),
    [
        (
            "Monophyletic group A group that consists of an ancestor and all of its descendants.",
            "Monophyletic group: A group that consists of an ancestor and all of its descendants.",
        ),
        (  # another field, with its short form in brackets
            "Family-wise error rate (FWER) The probability of one or more false positives.",
            "Family-wise error rate (FWER): The probability of one or more false positives.",
        ),
    ],
)
def test_a_term_run_into_its_gloss_is_read_with_a_colon(line: str, read: str) -> None:
    assert described_item(line) == read


@pytest.mark.parametrize(
    "line",
    [
        "Figure A shows the result of the first experiment.",  # a name's capital, a verb
        "The force between A and B leaves the total momentum constant.",  # an article first
        "Welch and Bishop (2001) An introduction to the Kalman filter, SIGGRAPH 2001.",
        "Vitamin A The fat soluble vitamin is stored in the liver.",  # a name, then a sentence
        "Homology: A character state shared by descent.",  # a colon of its own
    ],
)
def test_other_lines_are_left_as_they_are(line: str) -> None:
    assert described_item(line) == line


def test_the_glossed_terms_of_a_description_list_become_definitions() -> None:
    text = "\n".join(
        [
            "Groups",
            "Monophyletic group A group that consists of an ancestor and all of its descendants.",
            "Paraphyletic group A group that consists of an ancestor and some, but not all, of"
            " its descendants.",
            "Polyphyletic group A group that consists of unrelated tips.",
        ]
    )
    defs = {f.term for f in extract_facts([Slide(1, 4, text)]) if f.kind == "definition"}
    assert {"Monophyletic group", "Paraphyletic group", "Polyphyletic group"} <= defs

"""A diagram's boxes read off the page one by one are neighbours, not a term and its gloss."""

from __future__ import annotations

from models.drafting.facts import _facts_from_slide
from models.drafting.slide_units import label_runs, slide_units
from storage.domain import Slide


def _facts(text: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.term, f.definition) for f in _facts_from_slide(Slide(1, 3, text))]


def _definitions(text: str) -> list[tuple[str, str]]:
    return [(term, gloss) for kind, term, gloss in _facts(text) if kind == "definition"]


# round 30 (operations research): a flowchart of modelling steps under two sentences
FLOWCHART = """System modelling principles
A model is a simplified, idealized representation of a real object, a
real process, or a real system
Building a model:
Area in need of model?
Controllable aspects?
Goals and purpose?
Constraints and limitations?
Create model
Collect data
Solve model and analyse"""

# another field: a process diagram of a treatment plant
PLANT = """Water treatment
Raw water is pumped from the river into the treatment plant.
Intake Screening
Coagulation Basin
Sedimentation Tank
Remove settled sludge
Chlorine Disinfection"""


def test_flowchart_step_is_no_gloss_of_the_step_above() -> None:
    assert ("Collect data", "Solve model and analyse") not in _definitions(FLOWCHART)
    assert _definitions(FLOWCHART) == []


def test_sentence_on_a_diagram_slide_is_kept() -> None:
    statements = [text for kind, _, text in _facts(FLOWCHART) if kind == "statement"]
    assert any(s.startswith("A model is a simplified") for s in statements)
    statements = [text for kind, _, text in _facts(PLANT) if kind == "statement"]
    assert any(s.startswith("Raw water is pumped") for s in statements)


def test_process_diagram_of_another_field_makes_no_term() -> None:
    assert ("Sedimentation Tank", "Remove settled sludge") not in _definitions(PLANT)


def test_label_and_gloss_pairs_of_a_slide_in_prose_are_kept() -> None:
    # the same shape (a capitalised header over a verb phrase), glossed in words
    text = """Pruning methods
Magnitude Pruning
Drop the smallest weights of each layer
Movement Pruning
Drop weights that move towards zero during fine-tuning"""
    assert _definitions(text) == [
        ("Magnitude Pruning", "Drop the smallest weights of each layer"),
        ("Movement Pruning", "Drop weights that move towards zero during fine-tuning"),
    ]
    # a short gloss with only a sentence under it: no run of boxes
    text = """Compression
Product Quantization
Split vectors into chunks
Weight sharing reduces the storage of a network."""
    assert _definitions(text) == [("Product Quantization", "Split vectors into chunks")]


def _runs(text: str) -> frozenset[int]:
    _, units = slide_units(Slide(1, 3, text))
    return label_runs([u for u in units if not u.heading])


def test_label_runs_need_three_short_unbulleted_lines() -> None:
    assert _runs(PLANT) == frozenset({1, 2, 3, 4, 5})
    # a heading over two parallel items: no item glosses the one above it
    items = "Graph compression\nMain ideas\nExploit repetitions\nExploit distribution of values"
    assert _runs(items) == frozenset({0, 1, 2})
    assert _definitions(items) == []
    bulleted = (
        "Steps\n• Intake Screening\n• Coagulation Basin\n• Sedimentation Tank\n• Disinfection"
    )
    assert _runs(bulleted) == frozenset()
    assert _runs("Steps\nIntake Screening\nCoagulation Basin") == frozenset()


def test_terms_each_glossed_by_a_short_line_are_no_diagram() -> None:
    # header, gloss, header, gloss: short, unbulleted, unstopped, yet a list of terms
    text = """Ensemble methods
Bootstrap Aggregation
Train on resampled data
Gradient Boosting
Fit each model to residuals"""
    assert _runs(text) == frozenset()

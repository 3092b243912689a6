"""Drafting: selected slides + a request → checked, grounded question drafts.

The folder reads as the pipeline:
  words, slide_units   how slide text is read (words, lines, labels, sentences)
  fact_checks          is a phrase a term, a line a gloss, a sentence a fact?
  facts, vocabulary    what the slides state, and the deck's key terms and their kinds
  phrasing, wording    how a teacher words a stem (predicates, kinds, articles)
  candidates, forms    the question forms built from one fact (and assignments, figures)
  distractors          wrong options of the key's own kind (term_embeddings: closest in meaning)
  checks               the gate: no slide talk, no giveaways, no item answering another
  validation, grounding  well formed; supported by the slide it cites
  built                plans, overgenerates, ranks (likely usability) and delivers
  model_output         reading what a capable model wrote
  pipeline             the run that ties them together (`run_drafting`)
"""

from models.drafting.pipeline import (
    Draft,
    DraftingError,
    DraftProgress,
    DraftRequest,
    DraftStats,
    content_slides,
    recheck,
    run_drafting,
    shortfall_message,
)

__all__ = [
    "Draft",
    "DraftProgress",
    "DraftRequest",
    "DraftStats",
    "DraftingError",
    "content_slides",
    "recheck",
    "run_drafting",
    "shortfall_message",
]

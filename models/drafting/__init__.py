"""Drafting: selected slides + a request → checked, grounded question drafts.

The pipeline reads as its folder: `facts` (what the slides state), `built`
(candidate questions built from those facts), `model_output` (reading what a
model wrote), `validation` and `grounding` (the checks), `pipeline` (the run
that ties them together and ranks what it delivers).
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

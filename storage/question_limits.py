"""Limits every stored question keeps, whichever way it comes in (JSON, Moodle XML,
GIFT, the editor, a model): a bank add of points 1e999 or a 200 MB image is
refused in words instead of stored."""

from __future__ import annotations

import math

from storage.domain import Question
from storage.input_files import MAX_IMAGE_BYTES

__all__ = ["MAX_POINTS", "out_of_limits"]

MAX_POINTS = 10_000.0


def out_of_limits(q: Question) -> str:
    """What in `q` is beyond what a question may hold ('' if nothing): numbers that are
    not finite or mean nothing in an exam, slides that cannot exist, oversized images."""
    if not (math.isfinite(q.points) and 0 <= q.points <= MAX_POINTS):
        return f"Points must be a number from 0 to {MAX_POINTS:,.0f}; this question has {q.points}."
    if not (math.isfinite(q.penalty) and 0 <= q.penalty <= 1):
        return f"The penalty for a wrong try is a share from 0 to 1; this question has {q.penalty}."
    for c in q.choices:
        if not (math.isfinite(c.fraction) and -1 <= c.fraction <= 1):
            return (
                f"An answer's fraction of the points runs from -1 to 1; {c.text[:40]!r} "
                f"has {c.fraction}."
            )
        if c.tolerance is not None and not (math.isfinite(c.tolerance) and c.tolerance >= 0):
            return (
                f"A numerical answer's tolerance is a number of 0 or more; {c.text[:40]!r} "
                f"has {c.tolerance}."
            )
    for src in q.sources:
        if not (0 <= src.deck_id < 2**63 and 0 <= src.page < 2**63):  # SQLite's integers
            return (
                f"The question cites deck {src.deck_id}, page {src.page}: there is no such slide."
            )
    for img in q.images:
        if len(img.data) > MAX_IMAGE_BYTES:
            return (
                f"The image {img.name!r} is {len(img.data) / (1 << 20):.1f} MB; images may be "
                f"at most {MAX_IMAGE_BYTES >> 20} MB each. Shrink or compress it first."
            )
    return ""

"""The near-duplicate check's methods and default threshold, apart from the check itself
so that a command line can offer them without loading numpy and rapidfuzz."""

from __future__ import annotations

from typing import Literal

DEFAULT_THRESHOLD = 90.0

Method = Literal["combined", "lexical"]
# "lexical" is the rapidfuzz-only behaviour of earlier versions.
METHODS: tuple[Method, ...] = ("combined", "lexical")
DEFAULT_METHOD: Method = "combined"

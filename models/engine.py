"""The language-model engine interface and the small values shared by every engine.

An engine turns (system, user) text into a reply, streaming the pieces as they
come. Two engines exist: GPT4All in-process (`gpt4all_engine`) and any local
OpenAI-compatible server (`openai_engine`). Everything above this module talks
to `Engine` only, so tests can use a fake.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


class EngineError(Exception):
    """A model could not be used. The message is for the user: what failed and what to do."""


@dataclass(frozen=True)
class ModelInfo:
    """What is known about a model before (or after) loading it.

    `context_size` is the model's trained context length from its metadata; an
    engine's own `info` reports the context window it actually runs with.
    `warnings` holds notes the user should see (e.g. a guessed chat format).
    """

    name: str
    path: str | None
    architecture: str
    context_size: int
    template: str
    engine: str  # "gpt4all" | "openai"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class GenerationSettings:
    max_tokens: int = 400
    temperature: float = 0.2
    top_p: float = 0.9
    top_k: int = 40
    seed: int | None = None  # honoured by servers that support it; GPT4All 2.8.2 has no seed
    stop: tuple[str, ...] = ()


OnText = Callable[[str], bool]


@runtime_checkable
class Engine(Protocol):
    """A loaded model. An instance must be used from one thread at a time."""

    info: ModelInfo

    def generate(
        self,
        system: str,
        user: str,
        settings: GenerationSettings,
        on_text: OnText | None = None,
    ) -> str:
        """Generate a reply and return its full text; raise EngineError on failure.

        Pieces of the reply are passed to `on_text` as they come; the returned
        text is exactly their concatenation. `on_text` may also be called with
        "" while the prompt is still being read, so that a cancel is noticed
        then too. When `on_text` returns False generation stops (within a
        second) and the text so far is returned. Stop strings are not part of
        the returned text.
        """
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes in a prompt; an estimate (erring high) where exact is unavailable."""
        ...

    def close(self) -> None: ...


# --- token estimate ----------------------------------------------------------

_PIECE = re.compile(r"[A-Za-z]+|\d|[^\W\d_A-Za-z]+|\n|[ \t]+|[^\w\s]")


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate of prompt tokens, meant to err on the high side.

    Measured against SmolLM2's 49k BPE vocabulary on the corpus slides (prose,
    math-heavy Beamer, Cyrillic, LaTeXiT junk, code), the raw count was 0.94× to
    1.41× the true count; with the 10% margin added here, 1.03× to 1.55×.
    Bigger vocabularies (Llama 3, Qwen2.5) need fewer tokens, so the estimate is
    safer there; Llama-2-style 32k vocabularies need about as many.
    """
    n = 0
    for match in _PIECE.finditer(text):
        piece = match.group()
        c = piece[0]
        if c.isascii() and c.isalpha():
            n += 1 + (len(piece) - 1) // 4  # an English word is one token, long ones more
        elif c in " \t":
            n += 0 if len(piece) == 1 else 1 + len(piece) // 8  # single spaces ride on words
        elif c.isdigit() or c == "\n" or not c.isalnum():
            n += 1  # digits, newlines and symbols are mostly a token each
        else:
            # Non-English letters: English-centric vocabularies spend about a
            # token on each.
            n += math.ceil(len(piece) / 1.2)
    return math.ceil(n * 1.1)


# --- fitting text into a context window ------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n")
_WORD_END = re.compile(r"\s+")


def _cut_points(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.start() for m in pattern.finditer(text) if m.start() > 0]


def _longest_prefix(text: str, cuts: list[int], budget: int, count: Callable[[str], int]) -> str:
    """The longest text[:cut] (cut from `cuts`, ascending) that counts within `budget`."""
    best = ""
    lo, hi = 0, len(cuts) - 1
    while lo <= hi:  # counts grow with the prefix, so a binary search finds the cut
        mid = (lo + hi) // 2
        prefix = text[: cuts[mid]].rstrip()
        if count(prefix) <= budget:
            best = prefix
            lo = mid + 1
        else:
            hi = mid - 1
    return best


def fit_to_context(
    texts: Sequence[str], budget_tokens: int, count: Callable[[str], int]
) -> list[str]:
    """Keep whole texts, in order, while they fit in `budget_tokens`; cut the first
    one that does not fit at a sentence or line boundary (a word boundary if no
    sentence fits) and stop there.

    The counts of the returned texts add up to at most `budget_tokens`.
    Separators the caller puts between the texts are the caller's to budget.
    """
    kept: list[str] = []
    left = budget_tokens
    for text in texts:
        if left <= 0:
            break
        n = count(text)
        if n <= left:
            kept.append(text)
            left -= n
            continue
        cut = _longest_prefix(text, _cut_points(text, _SENTENCE_END), left, count)
        if not cut:
            cut = _longest_prefix(text, _cut_points(text, _WORD_END), left, count)
        if cut:
            kept.append(cut)
        break
    return kept


# --- stop strings --------------------------------------------------------------


class StopScanner:
    """Cuts a stream of text pieces at the first stop string.

    Text that might be the start of a stop string is held back until it is
    clear, so what has been let through never has to be taken back.
    """

    def __init__(self, stops: Sequence[str]) -> None:
        self._stops = tuple(s for s in dict.fromkeys(stops) if s)
        self._held = ""
        self.stopped = False

    def feed(self, piece: str) -> str:
        """The part of the text (held back plus `piece`) that is safe to pass on now."""
        if self.stopped:
            return ""
        text = self._held + piece
        hits = [i for i in (text.find(s) for s in self._stops) if i >= 0]
        if hits:
            self.stopped = True
            self._held = ""
            return text[: min(hits)]
        keep = 0
        for stop in self._stops:  # longest tail of text that begins some stop string
            for k in range(min(len(stop) - 1, len(text)), keep, -1):
                if text.endswith(stop[:k]):
                    keep = k
                    break
        self._held = text[len(text) - keep :] if keep else ""
        return text[: len(text) - keep]

    def flush(self) -> str:
        """What is still held back, at the end of the stream."""
        held, self._held = self._held, ""
        return "" if self.stopped else held

"""Printing results: text for people, one JSON document for scripts."""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storage.domain import Question
from storage.question_types import answer_lines, readable_stem


class CliError(Exception):
    """A user-facing failure: printed to stderr, exit code 1."""


def _finite(value: Any) -> Any:
    """`value` with inf and NaN as null: JSON has no such numbers (a bank written by an
    older version may hold them), and `Infinity` would break the script reading it."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def emit(args: argparse.Namespace, payload: Any, text: str) -> None:
    if args.json:
        json.dump(
            _finite(payload), sys.stdout, ensure_ascii=False, indent=2, default=str, allow_nan=False
        )
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 20)).columns, 160))


def one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def table(questions: Sequence[Question]) -> str:
    if not questions:
        return "No questions match."
    stem_w = width() - 34
    lines = [f"{'ID':>6}  {'TYPE':<10} {'STATUS':<8} {'DIFF':<6} STEM"]
    for q in questions:
        lines.append(
            f"{q.id:>6}  {q.type.value:<10} {q.status.value:<8} "
            f"{(q.difficulty.value if q.difficulty else '-'):<6} "
            f"{one_line(readable_stem(q), stem_w)}"
        )
    lines.append(f"{len(questions)} question(s)")
    return "\n".join(lines)


def describe(q: Question) -> str:
    wrap = textwrap.TextWrapper(width=width(), subsequent_indent="    ")
    out = [
        f"Question {q.id}  [{q.type.label}, {q.status.value}]  {q.points:g} point(s)",
        f"uuid: {q.uuid}",
    ]
    if q.title:
        out.append(f"title: {q.title}")
    out.append(wrap.fill("stem: " + " ".join(readable_stem(q).split())))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    keyed = answer_lines(q)
    if keyed is not None:
        out += [wrap.fill(f"  {line}") for line in keyed]
    for i, c in enumerate(q.choices if keyed is None else ()):
        mark = "*" if c.correct else " "
        extra = f" (±{c.tolerance:g})" if c.tolerance is not None else ""
        frac = f" [{c.fraction:+.0%}]" if c.fraction not in (0.0, 1.0) else ""
        out.append(wrap.fill(f"  {mark} {letters[i % 26]}. {c.text}{extra}{frac}"))
    for label, value in (
        ("difficulty", q.difficulty.value if q.difficulty else ""),
        ("bloom", q.bloom.value if q.bloom else ""),
        ("category", q.category),
        ("tags", ", ".join(q.tags)),
        ("feedback", q.general_feedback),
        ("feedback if correct", q.correct_feedback),
        ("feedback if partially correct", q.partial_feedback),
        ("feedback if incorrect", q.incorrect_feedback),
        *((f"hint {i}", h.text or "—") for i, h in enumerate(q.hints, 1)),
        ("grader info", q.grader_info),
        ("made by", " / ".join(x for x in (q.origin.method, q.origin.engine, q.origin.model) if x)),
    ):
        if value:
            out.append(wrap.fill(f"{label}: {value}"))
    for src in q.sources:
        quote = f': "{one_line(src.supporting_text, 80)}"' if src.supporting_text else ""
        out.append(f"source: deck {src.deck_id}, page {src.page}{quote}")
    return "\n".join(out)


def write_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing (a full disk must not leave half an export)."""
    from storage.exports.files import ExportError, write_file

    try:
        write_file(path, data)
    except ExportError as exc:
        raise CliError(str(exc)) from None

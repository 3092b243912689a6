"""Questions as JSON documents: what `--json` prints and `bank add` reads."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from storage.domain import (
    Bloom,
    Choice,
    Difficulty,
    Hint,
    Origin,
    Question,
    QuestionImage,
    QuestionType,
    SlideRef,
    Status,
    TextFormat,
)
from storage.input_files import MAX_IMAGE_BYTES


class QuestionFormatError(ValueError):
    """A JSON question that cannot be read; the message names the field."""


def question_to_dict(q: Question) -> dict[str, Any]:
    d = asdict(q)
    d["type"] = q.type.value
    d["status"] = q.status.value
    d["difficulty"] = q.difficulty.value if q.difficulty else None
    d["bloom"] = q.bloom.value if q.bloom else None
    d["tags"] = list(q.tags)
    d["choices"] = [asdict(c) for c in q.choices]
    d["hints"] = [asdict(h) for h in q.hints]
    d["sources"] = [asdict(s) for s in q.sources]
    d["text_format"] = q.text_format.value
    d["images"] = [
        {"name": i.name, "data": base64.b64encode(i.data).decode("ascii")} for i in q.images
    ]
    d["created_at"] = q.created_at.isoformat() if q.created_at else None
    d["updated_at"] = q.updated_at.isoformat() if q.updated_at else None
    return d


def hints_to_json(hints: tuple[Hint, ...]) -> str:
    """Hints as the bank stores them (one JSON list)."""
    return json.dumps([asdict(h) for h in hints], ensure_ascii=False)


def hints_from_list(items: Any) -> tuple[Hint, ...]:
    return tuple(
        Hint(
            str(h["text"]),
            bool(h.get("show_num_correct", False)),
            bool(h.get("clear_wrong", False)),
            str(h.get("options", "")),
        )
        for h in items or ()
    )


def hints_from_json(text: str) -> tuple[Hint, ...]:
    return hints_from_list(json.loads(text or "[]"))


def _enum(cls: type, value: object, field: str, where: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in cls)  # type: ignore[attr-defined]
        raise QuestionFormatError(f"{where}: {field} {value!r} is not one of: {allowed}") from None


def _image(i: Mapping[str, Any], where: str) -> QuestionImage:
    data = str(i["data"])  # checked before decoding: base64 is 4/3 of the bytes
    if len(data) * 3 // 4 > MAX_IMAGE_BYTES:
        raise QuestionFormatError(
            f"{where}: the image {str(i.get('name', ''))!r} is about "
            f"{len(data) * 3 / 4 / (1 << 20):.0f} MB; images may be at most "
            f"{MAX_IMAGE_BYTES >> 20} MB each. Shrink or compress it first."
        )
    return QuestionImage(str(i["name"]), base64.b64decode(data, validate=True))


def question_from_dict(d: Mapping[str, Any], where: str = "question") -> Question:
    """Read a question written by `question_to_dict` (ids and times are ignored)."""
    if not isinstance(d, Mapping):
        raise QuestionFormatError(f"{where}: expected an object, got {type(d).__name__}")
    if "type" not in d or "stem" not in d:
        raise QuestionFormatError(f"{where}: needs at least 'type' and 'stem'")
    try:
        choices = tuple(
            Choice(
                str(c["text"]),
                float(c.get("fraction", 0.0)),
                str(c.get("feedback", "")),
                None if c.get("tolerance") is None else float(c["tolerance"]),
                str(c.get("match", "")),
                int(c.get("group", 1)),
                bool(c.get("unlimited", False)),
            )
            for c in d.get("choices", [])
        )
        sources = tuple(
            SlideRef(int(s["deck_id"]), int(s["page"]), str(s.get("supporting_text", "")))
            for s in d.get("sources", [])
        )
        origin = d.get("origin") or {"method": "import"}
        return Question(
            type=_enum(QuestionType, d["type"], "type", where),
            stem=str(d["stem"]),
            choices=choices,
            title=str(d.get("title", "")),
            general_feedback=str(d.get("general_feedback", "")),
            grader_info=str(d.get("grader_info", "")),
            difficulty=_enum(Difficulty, d.get("difficulty"), "difficulty", where),
            bloom=_enum(Bloom, d.get("bloom"), "bloom", where),
            points=float(d.get("points", 1.0)),
            status=_enum(Status, d.get("status"), "status", where) or Status.DRAFT,
            case_sensitive=bool(d.get("case_sensitive", False)),
            unit=str(d.get("unit", "")),
            text_format=_enum(TextFormat, d.get("text_format"), "text_format", where)
            or TextFormat.PLAIN,
            penalty=float(d.get("penalty", 0.3333333)),
            shuffle_answers=bool(d.get("shuffle_answers", True)),
            answer_numbering=str(d.get("answer_numbering", "abc")),
            response_template=str(d.get("response_template", "")),
            correct_feedback=str(d.get("correct_feedback", "")),
            partial_feedback=str(d.get("partial_feedback", "")),
            incorrect_feedback=str(d.get("incorrect_feedback", "")),
            show_num_correct=bool(d.get("show_num_correct", True)),
            hints=hints_from_list(d.get("hints")),
            images=tuple(_image(i, where) for i in d.get("images", [])),
            tags=tuple(str(t) for t in d.get("tags", [])),
            category=str(d.get("category", "")),
            origin=Origin(
                str(origin.get("method", "import")),
                str(origin.get("engine", "")),
                str(origin.get("model", "")),
                dict(origin.get("settings", {})),
            ),
            sources=sources,
            uuid=str(d.get("uuid", "")),
        )
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        if isinstance(exc, QuestionFormatError):
            raise
        raise QuestionFormatError(f"{where}: {exc.__class__.__name__}: {exc}") from exc

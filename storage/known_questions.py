"""Questions that come back: re-imports of the bank's own exports.

Every question has a uuid, and Quizwright's Moodle XML (`idnumber`), GIFT
(`[id:…]`) and JSON (`bank show --json`) carry it. A file read back into the
bank therefore holds questions the bank already has; storing them again would
break the uuid's uniqueness. `plan_import` sorts a file's questions into
those to add, those already in the bank unchanged, and those already in the
bank but changed in the file; a uuid repeated within one file (two Moodle
questions sharing an idnumber) is given a fresh one for its second use.

"Changed" is judged by what the file's format can carry: the bank's question
is written and read back in the same format and compared with the file's, so
that a format that does not carry, say, slide citations does not make every
question look changed. An update (`merge`) takes from the file only what
differs there, and keeps the rest (citations, origin, status…) from the bank.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace

from sqlalchemy import select

from storage.bank import QuestionBank
from storage.domain import Question
from storage.schema import QuestionRow

# Fields that say where and when a question is stored, not what it is.
_IDENTITY = ("id", "uuid", "created_at", "updated_at", "version", "created_by", "updated_by")
_CHUNK = 500

RoundTrip = Callable[[Sequence[Question]], list[Question]]


@dataclass(frozen=True)
class Returning:
    """A question of the file whose uuid is already in the bank."""

    position: int  # 1-based, in the file
    question: Question  # as the file has it
    bank_id: int
    merged: Question  # the bank's question with the file's changes (its id and uuid kept)
    changes: tuple[str, ...] = ()  # the fields the file changed


@dataclass(frozen=True)
class Renamed:
    """A question whose uuid an earlier question of the same file already has."""

    position: int
    first: int  # the position of the question that keeps the uuid
    old_uuid: str
    new_uuid: str
    question: Question  # with its new uuid


@dataclass(frozen=True)
class ImportPlan:
    new: tuple[tuple[int, Question], ...]  # (position, question) not in the bank yet
    same: tuple[Returning, ...]  # in the bank, unchanged
    changed: tuple[Returning, ...]  # in the bank, changed in the file
    renamed: tuple[Renamed, ...]


def merge(bank_q: Question, as_format: Question, incoming: Question) -> Question:
    """`bank_q` with each field that the file changed (`incoming` differs from
    `as_format`, the bank's question through the file's format) taken from the file."""
    changes = {
        f.name: getattr(incoming, f.name)
        for f in fields(Question)
        if f.name not in _IDENTITY and getattr(incoming, f.name) != getattr(as_format, f.name)
    }
    return replace(bank_q, **changes)


def changed_fields(before: Question, after: Question) -> tuple[str, ...]:
    return tuple(
        f.name.replace("_", " ")
        for f in fields(Question)
        if f.name not in _IDENTITY and getattr(before, f.name) != getattr(after, f.name)
    )


def _bank_ids(service: QuestionBank, uuids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    with service.bank.sessions() as s:
        for start in range(0, len(uuids), _CHUNK):
            chunk = uuids[start : start + _CHUNK]
            for qid, quid in s.execute(
                select(QuestionRow.id, QuestionRow.uuid).where(QuestionRow.uuid.in_(chunk))
            ):
                found[str(quid)] = int(qid)
    return found


def _through_format(bank_qs: Sequence[Question], roundtrip: RoundTrip) -> dict[str, Question]:
    """The bank's questions as the file's format gives them back, by uuid (a question
    the format cannot write is compared as it is)."""
    try:
        back = roundtrip(bank_qs)
    except Exception:  # one the format refuses: each on its own, so the others still count
        back = []
        for q in bank_qs:
            try:
                back += roundtrip([q])
            except Exception:
                back.append(q)
    by_uuid = {q.uuid: q for q in bank_qs}
    by_uuid.update({q.uuid: q for q in back if q.uuid in by_uuid})
    return by_uuid


def plan_import(
    service: QuestionBank, questions: Sequence[Question], roundtrip: RoundTrip
) -> ImportPlan:
    """Sort `questions` (read from one file) by whether the bank already has them."""
    renamed: list[Renamed] = []
    first_at: dict[str, int] = {}
    unique: list[Question] = []
    for position, q in enumerate(questions, 1):
        key = q.uuid.strip()
        if key and key in first_at:
            q = replace(q, uuid=str(uuid_module.uuid4()))
            renamed.append(Renamed(position, first_at[key], key, q.uuid, q))
        elif key:
            first_at[key] = position
            q = replace(q, uuid=key)
        unique.append(q)
    in_bank = _bank_ids(service, list(first_at))
    ids = list(in_bank.values())
    bank_qs = {
        q.uuid: q
        for start in range(0, len(ids), _CHUNK)
        for q in service.get_many(ids[start : start + _CHUNK])
    }
    as_format = _through_format(list(bank_qs.values()), roundtrip) if bank_qs else {}
    new: list[tuple[int, Question]] = []
    same: list[Returning] = []
    changed: list[Returning] = []
    for position, q in enumerate(unique, 1):
        stored = bank_qs.get(q.uuid) if q.uuid else None
        if stored is None or stored.id is None:
            new.append((position, q))
            continue
        seen = as_format[q.uuid]
        merged = merge(stored, seen, q)
        changes = changed_fields(stored, merged)
        entry = Returning(position, q, stored.id, merged, changes)
        (changed if changes else same).append(entry)
    return ImportPlan(tuple(new), tuple(same), tuple(changed), tuple(renamed))


def as_new(q: Question) -> Question:
    """`q` as a question of its own: a fresh uuid."""
    return replace(q, id=None, uuid=str(uuid_module.uuid4()))


# ----- the formats' round trips ----------------------------------------------------------


def json_roundtrip(questions: Sequence[Question]) -> list[Question]:
    from storage.jsonio import question_from_dict, question_to_dict

    return [question_from_dict(question_to_dict(q)) for q in questions]


def moodle_roundtrip(questions: Sequence[Question]) -> list[Question]:
    from storage.formats.moodle_xml import export_moodle_xml, import_moodle_xml

    return list(import_moodle_xml(export_moodle_xml(questions)).questions)


def gift_roundtrip(questions: Sequence[Question]) -> list[Question]:
    from storage.formats.gift import export_gift, import_gift

    return list(import_gift(export_gift(questions)[0]).questions)


def qti_roundtrip(questions: Sequence[Question]) -> list[Question]:
    from storage.exports.qti import export_qti
    from storage.exports.qti_read import import_qti

    return list(import_qti(export_qti(questions, "round trip")).questions)


ROUND_TRIPS: dict[str, RoundTrip] = {
    "json": json_roundtrip,
    "moodle_xml": moodle_roundtrip,
    "gift": gift_roundtrip,
    "qti": qti_roundtrip,
}

"""`quizwright bank …`: the question bank from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from cli.known_questions import sort_out, store
from cli.output import (
    CliError,
    describe,
    emit,
    one_line,
    table,
)
from storage.bank import QuestionBank
from storage.database import Bank, open_bank
from storage.domain import Difficulty, Question, QuestionFilter, QuestionType, Status
from storage.input_files import InputFileError, read_input
from storage.jsonio import QuestionFormatError, question_from_dict, question_to_dict
from storage.paths import default_bank_path
from storage.semantic import TextEmbedder, embed_pending, embedding_status


def bank_command(args: argparse.Namespace) -> None:
    with open_bank(args.bank or default_bank_path()) as bank:
        service = QuestionBank(bank)
        action = args.bank_command
        if action == "list":
            f = QuestionFilter(
                type=QuestionType(args.type) if args.type else None,
                tag=args.tag,
                status=Status(args.status) if args.status else None,
                difficulty=Difficulty(args.difficulty) if args.difficulty else None,
                category=args.category,
                deck_id=args.deck,
                limit=args.limit,
            )
            # A listing never reads image data (one image may be many MB): names and sizes.
            qs = service.list_questions(f, images=False)
            sizes = service.image_sizes([q.id for q in qs if q.id is not None]) if args.json else {}
            listed = []
            for q in qs:
                d = question_to_dict(q)
                d["images"] = [{"name": n, "bytes": b} for n, b in sizes.get(q.id or 0, [])]
                listed.append(d)
            emit(args, {"count": len(qs), "questions": listed}, table(qs))
        elif action == "show":
            q = service.get(args.id)
            emit(args, question_to_dict(q), describe(q))
        elif action == "search":
            hits = service.search(args.text, limit=args.limit)
            payload = {
                "query": args.text,
                "results": [
                    {"id": h.question_id, "score": h.score, "snippet": h.snippet} for h in hits
                ],
            }
            text = (
                f"No question matches {args.text!r}."
                if not hits
                else "\n".join(
                    f"{q.id:>6}  {h.score:7.2f}  {one_line(q.stem, 90)}"
                    for h, q in zip(
                        hits, service.get_many([h.question_id for h in hits]), strict=True
                    )
                )
            )
            emit(args, payload, text)
        elif action == "dupes":
            if not 0 <= args.threshold <= 100:
                raise CliError("--threshold must be between 0 and 100.")
            groups = service.duplicate_groups(args.threshold, args.method)
            embedded, total = service.semantic_coverage()
            note = ""
            if args.method == "combined" and embedded < total:
                note = (
                    f"{total - embedded:,} of {total:,} question(s) have no current embedding "
                    "and were compared by wording only; run `quizwright bank embed`."
                )
            payload = {
                "threshold": args.threshold,
                "method": args.method,
                "embedded": embedded,
                "questions": total,
                "note": note,
                "groups": [
                    [{"id": m.question_id, "score": m.score, "stem": m.stem} for m in g]
                    for g in groups
                ],
            }
            lines = [
                f"{len(groups)} group(s) of near-duplicates at threshold {args.threshold:g} "
                f"({args.method})"
            ]
            if note:
                lines.append(note)
            for n, g in enumerate(groups, 1):
                lines.append(f"group {n}:")
                lines += [
                    f"  {m.question_id:>6}  {m.score:5.1f}  {one_line(m.stem, 80)}" for m in g
                ]
            emit(args, payload, "\n".join(lines))
        elif action == "embed":
            embed_bank(args, bank)
        elif action == "add":
            questions = read_questions(args.file)
            service.embedder, note = _embedder()
            pairs, returned = sort_out(args, service, questions, "json")
            added = [q for _, q in pairs]
            ids = store(service, added, returned)
            warnings = []
            for qid, q in zip(ids, added, strict=True):
                for m in service.find_duplicates(replace(q, id=qid)):
                    warnings.append({"id": qid, "similar_to": m.question_id, "score": m.score})
            id_list = f": {', '.join(map(str, ids))}" if ids else "."
            text = f"Added {len(ids)} question(s){id_list}"
            text += "".join(
                f"\n  question {w['id']} is similar to question {w['similar_to']} "
                f"({w['score']:.0f}%)"
                for w in warnings
            )
            text += "".join(f"\n{line}" for line in returned.lines())
            if note:
                text += f"\n{note}"
            payload = {"added": ids, "near_duplicates": warnings, "note": note}
            emit(args, payload | returned.payload(), text)
        elif action == "delete":
            impact = service.delete(args.ids, force=args.force)
            text = f"Deleted {len(impact.question_ids)} question(s)."
            if impact.exams:
                text += " Removed from exam(s): " + ", ".join(f"#{i} {t}" for i, t in impact.exams)
            emit(
                args,
                {
                    "deleted": list(impact.question_ids),
                    "removed_from_exams": [{"id": i, "title": t} for i, t in impact.exams],
                },
                text,
            )
        elif action == "import":
            import_questions(args, service)
        elif action == "info":
            payload = {
                "path": bank.location,
                "schema": bank.info.schema_revision,
                "questions": service.count(),
                "drafts": service.count(QuestionFilter(status=Status.DRAFT)),
                "categories": service.categories(),
            }
            emit(args, payload, "\n".join(f"{k}: {v}" for k, v in payload.items()))


def _embedder(prepare: bool = False) -> tuple[TextEmbedder | None, str]:
    """The local embedding model, or None and why (duplicate checks are then lexical)."""
    from models.embeddings import try_load_embedder

    embedder, why = try_load_embedder(prepare)
    return embedder, f"Duplicate check by wording only: {why}" if why else ""


def embed_bank(args: argparse.Namespace, bank: Bank) -> None:
    """`bank embed`: make every missing or outdated vector, with progress on stderr."""
    if args.batch < 1:
        raise CliError("--batch must be at least 1.")
    embedder, note = _embedder(prepare=True)
    if embedder is None:
        raise CliError(note)
    last = None
    for last in embed_pending(bank, embedder, batch_size=args.batch):
        if not args.json and last.total:
            print(f"\rembedding {last.done:,}/{last.total:,}", end="", file=sys.stderr)
    if not args.json and last is not None and last.total:
        print(file=sys.stderr)
    status = embedding_status(bank, embedder.model_id)
    payload = {
        "model": status.model,
        "embedded_now": last.done if last else 0,
        "questions": status.questions,
        "questions_current": status.questions_current,
        "slides": status.slides,
        "slides_current": status.slides_current,
    }
    emit(args, payload, f"Embedded {payload['embedded_now']:,} text(s); {status.describe()}.")


MAX_JSON_BYTES = 256 << 20  # questions with images; `bank show --json` of a whole bank is less


def read_questions(path: Path) -> list[Question]:
    try:
        raw = read_input(path, MAX_JSON_BYTES, "a JSON file of questions")
        data = json.loads(raw.decode("utf-8"))
    except InputFileError as exc:
        raise CliError(str(exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CliError(f"{path} is not a JSON file: {exc}") from None
    except RecursionError:
        raise CliError(
            f"{path} is nested too deeply to be questions (lists within lists, hundreds deep)."
        ) from None
    items = data.get("questions", data) if isinstance(data, dict) else data
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise CliError(
            f"{path}: expected a question, a list of questions or {{'questions': [...]}}"
        )
    try:
        return [
            question_from_dict(d, where=f"{path.name}, question {i}")
            for i, d in enumerate(items, 1)
        ]
    except QuestionFormatError as exc:
        raise CliError(str(exc)) from None


def import_questions(args: argparse.Namespace, service: QuestionBank) -> None:
    from storage.formats.common import QuestionImportError
    from storage.formats.gift import import_gift
    from storage.formats.moodle_xml import import_moodle_xml

    try:
        data = read_input(args.file, MAX_JSON_BYTES, "a Moodle XML, GIFT or QTI file")
    except InputFileError as exc:
        raise CliError(str(exc)) from None
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    is_xml = head.startswith((b"<?xml", b"<quiz", b"<!--"))
    try:
        if data[:4] == b"PK\x03\x04":  # a zip: a QTI package (Canvas)
            from storage.exports.qti_read import import_qti

            fmt, result = "qti", import_qti(data)
        elif is_xml:
            fmt, result = "moodle_xml", import_moodle_xml(data)
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise CliError(
                    f"{args.file.name} is neither Moodle XML nor UTF-8 GIFT text."
                ) from None
            fmt, result = "gift", import_gift(text)
    except QuestionImportError as exc:
        raise CliError(f"{args.file.name}: {exc} Nothing was imported.") from None
    pairs, returned = sort_out(args, service, result.questions, fmt)
    duplicates, keep = [], []
    for position, q in pairs:
        matches = service.find_duplicates(q)
        if matches:
            duplicates.append(
                {
                    "position": position,
                    "title": q.title or one_line(q.stem, 60),
                    "similar_to": matches[0].question_id,
                    "score": matches[0].score,
                }
            )
        if not (matches and args.skip_duplicates):
            keep.append(q)
    ids = store(service, keep, returned)
    skipped = [{"name": name, "reason": reason} for name, reason in result.skipped]
    payload = {
        "file": str(args.file),
        "format": fmt,
        "imported": ids,
        "skipped": skipped,
        "near_duplicates": duplicates,
        "warnings": list(result.warnings),
        **returned.payload(),
    }
    label = "QTI" if fmt == "qti" else fmt.replace("_", " ")
    lines = [f"Imported {len(ids)} question(s) from {args.file.name} ({label})."]
    if skipped:
        lines.append(f"Skipped {len(skipped)}:")
        lines += [f"  {s['name']}: {s['reason']}" for s in skipped]
    if duplicates:
        verb = "left out" if args.skip_duplicates else "imported anyway"
        lines.append(f"{len(duplicates)} looked like bank questions ({verb}):")
        lines += [
            f"  {d['title']} ~ question {d['similar_to']} ({d['score']:.0f}%)" for d in duplicates
        ]
    lines += returned.lines()
    lines += [f"warning: {w}" for w in result.warnings]
    emit(args, payload, "\n".join(lines))

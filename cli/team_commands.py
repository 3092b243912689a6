"""`quizwright bank merge / history / restore`: banks several instructors share.

`register` adds the actions to the `bank` parser; each sets `handler`, which
cli.main calls.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.output import emit, one_line
from storage.dedup_methods import DEFAULT_THRESHOLD
from storage.paths import default_bank_path

if TYPE_CHECKING:  # the parsers are built for `--help` too, without the bank's imports
    from storage.bank_merge import MergeReport
    from storage.question_history import QuestionVersion


def register(bsub: argparse._SubParsersAction, with_json: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    merge = bsub.add_parser(
        "merge",
        parents=[with_json],
        help="bring another instructor's bank into this one (uuids kept, near-duplicates flagged)",
    )
    merge.add_argument("source", metavar="SRC", help="the bank to merge from")
    merge.add_argument(
        "--into",
        required=True,
        metavar="DST",
        help="the bank to merge into (SRC is only read; one from an older version is "
        "upgraded first, with a backup, as opening it would)",
    )
    merge.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        metavar="T",
        help="near-duplicate similarity 0-100 (default %(default)s)",
    )
    merge.set_defaults(handler=merge_command)

    hist = bsub.add_parser(
        "history", parents=[with_json], help="a question's versions: who saved them and when"
    )
    hist.add_argument("id", type=int, metavar="ID")
    hist.set_defaults(handler=history_command)

    restore = bsub.add_parser(
        "restore",
        parents=[with_json],
        help="save an earlier version of a question again (the current one is kept)",
    )
    restore.add_argument("id", type=int, metavar="ID")
    restore.add_argument("version", type=int, metavar="VERSION")
    restore.set_defaults(handler=restore_command)


def _merge_text(r: MergeReport) -> str:
    lines = [
        f"Merged {r.source} into {r.target}: {len(r.added)} added, {len(r.updated)} updated, "
        f"{len(r.unchanged)} already there unchanged, {len(r.decks_added)} deck(s) added."
    ]
    for qid, fields in r.updated:
        lines.append(f"  updated question {qid}: {', '.join(fields)}")
    if r.near_duplicates:
        lines.append(
            f"{len(r.near_duplicates)} merged question(s) look like questions already there "
            "(kept; compare them with `quizwright bank show ID`):"
        )
        for d in r.near_duplicates:
            lines.append(
                f"  question {d.target_id} ~ question {d.similar_to} ({d.score:.0f}%): "
                f"{one_line(d.stem, 50)} ~ {one_line(d.similar_stem, 50)}"
            )
    return "\n".join(lines)


def merge_command(args: argparse.Namespace) -> None:
    from cli.bank_commands import _embedder

    embedder, note = _embedder()
    try:
        from storage.bank_merge import merge_banks

        report = merge_banks(args.source, args.into, embedder, args.threshold)
    finally:
        if embedder is not None and hasattr(embedder, "close"):
            embedder.close()
    payload = {
        "source": report.source,
        "target": report.target,
        "added": list(report.added),
        "updated": [{"id": qid, "fields": list(f)} for qid, f in report.updated],
        "unchanged": list(report.unchanged),
        "decks_added": list(report.decks_added),
        "near_duplicates": [
            {
                "id": d.target_id,
                "uuid": d.uuid,
                "title": d.title,
                "similar_to": d.similar_to,
                "score": d.score,
            }
            for d in report.near_duplicates
        ],
        "note": note,
    }
    emit(args, payload, _merge_text(report) + (f"\n{note}" if note else ""))


def _version_dict(v: QuestionVersion) -> dict[str, object]:
    return {
        "version": v.version,
        "current": v.current,
        "saved_at": v.saved_at.isoformat() if v.saved_at else None,
        "saved_by": v.saved_by,
        "title": v.question.title,
        "stem": v.question.stem,
        "answers": list(v.question.correct_answers),
        "tags": list(v.question.tags),
        "category": v.question.category,
        "status": v.question.status.value,
    }


def _bank_path(args: argparse.Namespace) -> Path:
    return Path(args.bank or default_bank_path())


def history_command(args: argparse.Namespace) -> None:
    from storage.bank import QuestionBank
    from storage.database import open_bank
    from storage.question_history import history

    with open_bank(_bank_path(args)) as bank:
        versions = history(QuestionBank(bank), args.id)
    first = versions[0].question
    lines = [f"Question {args.id}, created by {first.created_by or 'someone unnamed'}:"]
    for v in versions:
        when = v.saved_at.strftime("%Y-%m-%d %H:%M") if v.saved_at else "?"
        mark = " (current)" if v.current else ""
        lines.append(
            f"  v{v.version}{mark}  {when}  {v.saved_by or '-':<12} {one_line(v.question.stem, 60)}"
        )
    emit(args, {"id": args.id, "versions": [_version_dict(v) for v in versions]}, "\n".join(lines))


def restore_command(args: argparse.Namespace) -> None:
    from storage.bank import QuestionBank
    from storage.database import open_bank
    from storage.question_history import restore_version

    with open_bank(_bank_path(args)) as bank:
        service = QuestionBank(bank)
        before = service.get(args.id).version
        q = restore_version(service, args.id, args.version)
    changed = q.version != before
    text = (
        f"Question {args.id}: version {args.version} restored as version {q.version} "
        f"(version {before} is kept; `quizwright bank history {args.id}` lists them)."
        if changed
        else f"Question {args.id}: version {args.version} is the current one; nothing changed."
    )
    emit(
        args,
        {"id": args.id, "restored": args.version, "version": q.version, "changed": changed},
        text,
    )

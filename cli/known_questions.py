"""`bank add` and `bank import` of questions the bank already has (its own exports).

A question whose uuid is in the bank is not added a second time: unchanged, it
is left out as already there; changed in the file, it is left out too unless
`--update` (the file's changes are written over the bank's question, which
keeps its id and its places in exams) or `--as-new` (added as a new question
with a new uuid). A uuid repeated within one file is replaced for its second
use. The report says which question went which way.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cli.output import CliError, one_line
from storage.bank import QuestionBank
from storage.database import BankError
from storage.domain import Question
from storage.known_questions import ROUND_TRIPS, ImportPlan, Returning, as_new, plan_import


def _title(q: Question) -> str:
    return q.title or one_line(q.stem, 60)


@dataclass
class Returned:
    """What happens to the file's questions the bank already has."""

    plan: ImportPlan
    update: bool
    as_new: bool
    updated: list[int] = field(default_factory=list)

    def _action(self, changed: bool) -> str:
        if self.as_new:
            return "added as new"
        return "updated" if changed and self.update else "left out"

    def payload(self) -> dict[str, Any]:
        def entry(r: Returning, changed: bool) -> dict[str, Any]:
            item: dict[str, Any] = {
                "position": r.position,
                "title": _title(r.question),
                "id": r.bank_id,
                "action": self._action(changed),
            }
            if changed:
                item["fields"] = list(r.changes)
            return item

        return {
            "already_in_bank": [entry(r, False) for r in self.plan.same],
            "changed_in_file": [entry(r, True) for r in self.plan.changed],
            "updated": self.updated,
            "new_uuids": [
                {"position": n.position, "first": n.first, "old": n.old_uuid, "new": n.new_uuid}
                for n in self.plan.renamed
            ],
        }

    def lines(self) -> list[str]:
        plan, out = self.plan, []
        if plan.same:
            verb = "added again as new questions" if self.as_new else "left out"
            out.append(f"{len(plan.same)} already in the bank, unchanged ({verb}):")
            out += [
                f"  #{r.position} {_title(r.question)} = question {r.bank_id}" for r in plan.same
            ]
        if plan.changed:
            if self.as_new:
                out.append(f"{len(plan.changed)} in the bank, changed in the file (added as new):")
            elif self.update:
                out.append(f"{len(plan.changed)} in the bank, changed in the file (updated):")
            else:
                out.append(
                    f"{len(plan.changed)} in the bank, changed in the file (left out: --update "
                    "writes the file's changes over them, --as-new adds them as new questions):"
                )
            out += [
                f"  #{r.position} {_title(r.question)} ~ question {r.bank_id}: "
                f"{', '.join(r.changes)} changed"
                for r in plan.changed
            ]
        for n in plan.renamed:
            out.append(
                f"#{n.position} {_title(n.question)} has the same ID number as #{n.first} "
                f"({n.old_uuid!r}): it was given a new one ({n.new_uuid})."
            )
        return out


def sort_out(
    args: argparse.Namespace, service: QuestionBank, questions: Sequence[Question], fmt: str
) -> tuple[list[tuple[int, Question]], Returned]:
    """The (position, question) pairs to add, and what becomes of the others."""
    plan = plan_import(service, questions, ROUND_TRIPS[fmt])
    update, new_copies = bool(getattr(args, "update", False)), bool(getattr(args, "as_new", False))
    to_add = list(plan.new)
    if new_copies:
        to_add += [(r.position, as_new(r.question)) for r in (*plan.same, *plan.changed)]
        to_add.sort(key=lambda pq: pq[0])
    return to_add, Returned(plan, update and not new_copies, new_copies)


def store(service: QuestionBank, to_add: Sequence[Question], returned: Returned) -> list[int]:
    """Update what `--update` asks for, then add `to_add` (each step all or nothing)."""
    if returned.update and returned.plan.changed:
        done = service.update_many([r.merged for r in returned.plan.changed])
        returned.updated = [q.id for q in done if q.id is not None]
    try:
        return service.add_many(to_add)
    except BankError as exc:
        if not returned.updated:
            raise
        raise CliError(
            f"{exc} Question(s) {', '.join(map(str, returned.updated))} had been updated "
            "from the file before this; the new questions were not added."
        ) from None

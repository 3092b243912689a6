"""A recovery journal for questions being edited: no lost work on a crash.

The editor writes the question it shows here on every change (debounced),
before the bank has it. A clean save or close clears the entry, so an entry
found at start-up means the app died with unsaved edits: offer to restore it.

Each entry is one JSON file, written to a temporary file, flushed to disk and
renamed over the old one, so a kill at any moment leaves either the previous
or the new entry, never half of one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from storage.domain import Question
from storage.jsonio import QuestionFormatError, question_from_dict, question_to_dict
from storage.paths import data_dir

FORMAT_VERSION = 1
_KEY = re.compile(r"[^A-Za-z0-9_.-]")


class RecoveryError(ValueError):
    """A journal entry that cannot be read; it is left on disk for the user."""


@dataclass(frozen=True)
class RecoveryEntry:
    key: str
    question: Question
    saved_at: datetime
    path: Path


def journal_key(q: Question) -> str:
    """The entry a question is journalled under: its id, else its uuid."""
    if q.id is not None:
        return f"q{q.id}"
    if q.uuid:
        return f"new-{q.uuid}"
    raise ValueError("A question needs an id or a uuid to be journalled.")


def default_folder() -> Path:
    return data_dir() / "recovery"


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class RecoveryJournal:
    """Journal entries in one folder (default: `<data folder>/recovery`)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()

    def path_for(self, key: str) -> Path:
        return self.folder / f"{_KEY.sub('_', key)}.json"

    def write(self, q: Question, key: str | None = None) -> Path:
        """Journal `q` (it replaces the previous entry of the same key)."""
        key = key or journal_key(q)
        doc: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "key": key,
            "saved_at": datetime.now(timezone.utc).isoformat(),
            "question": question_to_dict(q),
        }
        path = self.path_for(key)
        atomic_write(path, json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        return path

    def keep_unstored(self, q: Question) -> Path:
        """Journal a new question the bank refused to store (a draft when the file is
        locked or the disk full), so it is offered back at the next start."""
        if q.id is None and not q.uuid:
            q = replace(q, uuid=str(uuid.uuid4()))
        return self.write(q)

    def read(self, path: Path) -> RecoveryEntry:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RecoveryError(f"{path.name}: unreadable recovery file ({exc})") from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT_VERSION:
            raise RecoveryError(f"{path.name}: not a recovery file of this Quizwright version")
        try:
            d = doc["question"]
            q = question_from_dict(d, where=path.name)
            # question_from_dict drops ids and times (it reads new questions); keep them here.
            q = replace(
                q,
                id=None if d.get("id") is None else int(d["id"]),
                created_at=_time(d.get("created_at")),
                updated_at=_time(d.get("updated_at")),
                # the version the edits were made on: restoring them over a newer save by
                # someone else is then refused as a conflict, not an overwrite
                version=int(d.get("version") or 0),
            )
            saved = _time(doc.get("saved_at")) or datetime.fromtimestamp(
                path.stat().st_mtime, timezone.utc
            )
        except (KeyError, TypeError, ValueError, QuestionFormatError) as exc:
            raise RecoveryError(f"{path.name}: damaged recovery file ({exc})") from exc
        return RecoveryEntry(str(doc.get("key", path.stem)), q, saved, path)

    def entries(self) -> tuple[list[RecoveryEntry], list[RecoveryError]]:
        """Leftover entries, newest first, and the files that could not be read."""
        found: list[RecoveryEntry] = []
        bad: list[RecoveryError] = []
        if not self.folder.is_dir():
            return found, bad
        for path in sorted(self.folder.glob("*.json")):
            try:
                found.append(self.read(path))
            except RecoveryError as exc:
                bad.append(exc)
        found.sort(key=lambda e: e.saved_at, reverse=True)
        return found, bad

    def clear(self, key: str) -> None:
        self.path_for(key).unlink(missing_ok=True)

    def clear_question(self, q: Question) -> None:
        """Forget `q`'s entries: under its id and, once stored, its pre-save uuid key."""
        if q.id is not None:
            self.clear(f"q{q.id}")
        if q.uuid:
            self.clear(f"new-{q.uuid}")


def _time(value: object) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value))

"""Which paths an export may write: a new file or a regular file that is not the bank's.

Every export (PDF exams, Moodle XML, GIFT) replaces its target with a whole new
file. Done to the wrong path that destroys data: the open bank, its WAL or
shared-memory file, a backup, a kept deck file; or it replaces a device, FIFO
or symbolic link with a plain file (as root even /dev/null). `check_export_target`
refuses such a path before anything is rendered or written, with a message
that says why.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

_SQLITE_HEADER = b"SQLite format 3\x00"
# Companion files SQLite keeps beside a database.
_BANK_COMPANIONS = {
    "": "the question bank itself",
    "-wal": "the bank's write-ahead log (recent changes not yet in the bank file)",
    "-shm": "the bank's shared-memory index",
    "-journal": "the bank's rollback journal",
}


class ExportTargetError(ValueError):
    """An export target that must not be written; the message says why, for the user."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _absolute(path: Path) -> Path:
    """`path` with its folder's links resolved; the last part stays as written."""
    return Path(os.path.realpath(path.parent)) / path.name


def _protected(bank_path: Path, target: Path) -> str:
    """Why `target` belongs to the bank at `bank_path` ("" when it does not)."""
    bank = _absolute(bank_path)
    bank = Path(os.path.realpath(bank)) if bank.is_symlink() else bank
    for suffix, what in _BANK_COMPANIONS.items():
        companion = Path(f"{bank}{suffix}")
        if target == companion or _same_file(target, companion):
            return what
    decks = bank.with_name(f"{bank.stem}-decks")
    if target == decks or decks in target.parents:
        return "the bank's folder of kept deck files"
    name = target.name
    if target.parent == bank.parent and (
        name.startswith((f"{bank.name}.before-", f"{bank.stem}-backup-"))
        or name.startswith(f"{bank.stem}-before-restore-")
    ):
        return "a backup of the bank"
    return ""


def _same_file(a: Path, b: Path) -> bool:
    """Both exist and are one file (another spelling, another case, a hard link)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_database(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def check_export_target(path: Path, bank_path: Path | None = None) -> None:
    """Raise ExportTargetError unless an export may replace `path` with a new file.

    Allowed: a path that does not exist yet (in an existing folder), or an existing
    regular file that is not a database and not one of the bank's own files
    (`bank_path`: the bank, its -wal/-shm, its backups, its deck folder).
    """
    path = Path(path).expanduser()
    if not path.name or path.name in (".", ".."):
        raise ExportTargetError(f"{path} is not a file name: give the path of the file to write.")
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportTargetError(f"{path} cannot be checked: {exc.strerror}.") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise ExportTargetError(
            f"{path} is a symbolic link; an export does not write through links. "
            "Give the path of a regular file (or a new one)."
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ExportTargetError(
            f"{path} is {_kind(info.st_mode)}, not a regular file; an export writes a new "
            "file and would replace it. Give the path of a file to write."
        )
    if bank_path is not None:
        why = _protected(Path(bank_path).expanduser(), _absolute(path))
        if why:
            raise ExportTargetError(
                f"{path} is {why}; an export never writes there. Choose another file name."
            )
    if not path.parent.is_dir():
        raise ExportTargetError(f"The folder {path.parent} does not exist.")
    if info is not None and _is_database(path):
        raise ExportTargetError(
            f"{path} is a database (a question bank or its backup?), not an export file; "
            "an export never replaces one. Choose another file name."
        )


def check_export_targets(paths: Iterable[Path], bank_path: Path | None = None) -> None:
    """`check_export_target` for every file one export writes."""
    for path in paths:
        check_export_target(path, bank_path)


def exam_pdf_targets(out: Path, versions: int, key: str, suffix: str = ".pdf") -> list[Path]:
    """The files `export pdf` (or `export docx`, suffix ".docx") writes for `out`: `out`
    itself as given (a device such as /dev/full must be refused, not turned into
    /dev/full.pdf), and each version's `BASE[-X].pdf` and `BASE[-X]-key.pdf`
    (storage.exports.files names them so)."""
    from storage.exports.versions import version_letter

    stem = out.with_suffix("")
    letters = [""] if versions <= 1 else [f"-{version_letter(i)}" for i in range(versions)]
    files = [out]
    for letter in letters:
        files.append(Path(f"{stem}{letter}{suffix}"))
        if key == "separate":
            files.append(Path(f"{stem}{letter}-key{suffix}"))
    return list(dict.fromkeys(files))

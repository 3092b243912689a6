"""Backing up a bank and restoring a backup.

Every copy of a bank (a backup, the copy before a schema upgrade, the bank kept
aside by a restore, the restored file) is made with SQLite's online backup API
(`copy_database`), so it holds every commit, including those still in the WAL
file, and is consistent even while the bank is open and being written. A plain
file copy would miss the WAL. Restoring checks the backup
is a Quizwright bank this version can open before anything is replaced, and
keeps the bank being replaced beside it, so a wrong restore can be undone.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from storage.database import Bank, BankError, NotABankError, _inspect_existing


def backup_name(bank_path: Path, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    return f"{bank_path.stem}-backup-{stamp}{bank_path.suffix or '.sqlite'}"


def copy_database(source: Path, target: Path) -> None:
    """Copy the database at `source` to `target`, whole or not at all.

    SQLite's backup API reads through SQLite, so commits still in `source`'s WAL
    are in the copy. Written beside `target` and renamed into place; raises
    OSError or sqlite3.Error (the caller says it in words), leaving no partial file.
    """
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)  # a leftover of an interrupted copy
    try:
        # mode=rw: never create `source`; a write-protected file is read
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        for suffix in ("-wal", "-shm", "-journal"):  # the copy is one self-contained file
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def backup_bank(bank: Bank, target: Path) -> Path:
    """Write a consistent copy of the open `bank` to `target` (a file or a folder)."""
    if target.is_dir():
        named = bank.path.with_suffix(".sqlite") if bank.is_server else bank.path
        target = target / backup_name(named)
    if bank.is_server:  # a snapshot of the server bank as an SQLite file (deck files beside)
        from storage.bank_copy import copy_open_bank

        copy_open_bank(bank, target)
        return target
    if target.resolve() == bank.path.resolve():
        raise BankError("A backup cannot replace the bank itself: choose another file name.")
    try:
        copy_database(bank.path, target)
    except (OSError, sqlite3.Error) as exc:
        raise BankError(f"The backup could not be written to {target}: {exc}") from None
    return target


def restore_backup(backup: Path, bank_path: Path) -> Path | None:
    """Put `backup` in place of the (closed) bank at `bank_path`.

    Returns where the replaced bank was kept (None if there was none). Raises
    BankError, changing nothing, when `backup` is not a bank this version opens.
    """
    if not backup.is_file():
        raise BankError(f"There is no file {backup}.")
    if _inspect_existing(backup) is None:  # NotABankError / BankTooNewError say why
        raise NotABankError(f"{backup} is an empty database, not a bank backup.")
    kept = None
    if bank_path.exists():
        kept = bank_path.with_name(backup_name(bank_path).replace("-backup-", "-before-restore-"))
        try:  # with what is still in its WAL, which is removed below
            copy_database(bank_path, kept)
        except (OSError, sqlite3.Error) as exc:
            raise BankError(
                f"The bank could not be kept aside before the restore ({exc}); nothing was changed."
            ) from None
    staged = bank_path.with_name(bank_path.name + ".restoring")
    try:
        copy_database(backup, staged)
        for suffix in ("-wal", "-shm"):  # the old bank's journal must not be replayed
            Path(f"{bank_path}{suffix}").unlink(missing_ok=True)
        staged.replace(bank_path)
    except (OSError, sqlite3.Error) as exc:
        staged.unlink(missing_ok=True)
        raise BankError(f"The backup could not be restored: {exc}") from None
    return kept

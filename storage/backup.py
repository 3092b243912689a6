"""Backing up a bank and restoring a backup.

A backup is made with SQLite's online backup API, so it is consistent even
while the bank is open and being written (WAL). Restoring checks the backup
is a Quizwright bank this version can open before anything is replaced, and
keeps the bank being replaced beside it, so a wrong restore can be undone.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from storage.database import Bank, BankError, NotABankError, _inspect_existing


def backup_name(bank_path: Path, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    return f"{bank_path.stem}-backup-{stamp}{bank_path.suffix or '.sqlite'}"


def backup_bank(bank: Bank, target: Path) -> Path:
    """Write a consistent copy of the open `bank` to `target` (a file or a folder)."""
    if target.is_dir():
        target = target / backup_name(bank.path)
    if target.resolve() == bank.path.resolve():
        raise BankError("A backup cannot replace the bank itself: choose another file name.")
    partial = target.with_name(target.name + ".partial")
    try:
        src, dst = sqlite3.connect(bank.path), sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
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
        shutil.copy2(bank_path, kept)
    partial = bank_path.with_name(bank_path.name + ".partial")
    try:
        shutil.copy2(backup, partial)
        for suffix in ("-wal", "-shm"):  # the old bank's journal must not be replayed
            Path(f"{bank_path}{suffix}").unlink(missing_ok=True)
        partial.replace(bank_path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BankError(f"The backup could not be restored: {exc}") from None
    return kept

"""Database failures in words: what failed and what to do, never SQL or a traceback.

`storage_error` maps an SQLAlchemy or sqlite3 exception to a `StorageError`
(a `BankError`, so every caller that shows a bank error's message shows it).
Every bank engine raises these itself (`install` hooks SQLAlchemy's
handle_error event), so the service's callers only ever meet BankError; the
CLI and the GUI also pass stray exceptions through `storage_error` as a last
line. The technical text stays on the exception (`details`) for the log.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, event
from sqlalchemy import exc as sa_exc

from storage.database import BankError

__all__ = ["StorageError", "install", "reads", "storage_error"]


class StorageError(BankError):
    """A read or write of the bank file failed; the message is for the user.

    `kind` names the cause ("busy", "read_only", "disk_full", "io", "damaged",
    "cannot_open", "conflict", "missing_reference", "other"); `details` is the
    database's own text, for the log and "Copy Details".
    """

    def __init__(self, message: str, kind: str, details: str = "", writing: bool = True) -> None:
        super().__init__(message)
        self.kind = kind
        self.details = details
        self.writing = writing


NOTHING_CHANGED = "Nothing was changed in the bank"

# (pattern in the database's message, kind, what happened, what to do)
_CAUSES: tuple[tuple[re.Pattern[str], str, str, str], ...] = tuple(
    (re.compile(p, re.I), kind, what, todo)
    for p, kind, what, todo in (
        (
            r"database (table )?is locked|database is busy|SQLITE_BUSY",
            "busy",
            "the bank file is in use by another program (or another Quizwright window) "
            "that is writing to it",
            "Wait a moment and try again, or close the other program.",
        ),
        (
            r"permission denied for (table|sequence|relation|schema)|42501",
            "read_only",
            "your role on this shared bank may only read it (a reviewer's role)",
            "Ask the bank's administrator for an author's role to make changes.",
        ),
        (
            r"could not serialize access|deadlock detected|lock timeout|40001|40P01",
            "busy",
            "another instructor was changing the same entries at that moment",
            "Try again.",
        ),
        (
            r"server closed the connection|terminating connection|connection .* failed|"
            r"could not receive data|consuming input failed|SSL connection has been closed",
            "io",
            "the connection to the bank's server was lost",
            "Check your network (or VPN) and that the server is running, then try again.",
        ),
        (
            r"readonly database|read-only|attempt to write a readonly",
            "read_only",
            "the bank file (or its folder) is read-only",
            "Open a copy in a folder you can write to, or change the file's permissions.",
        ),
        (
            r"database or disk is full|disk is full|no space",
            "disk_full",
            "the disk holding the bank file is full",
            "Free some disk space and try again.",
        ),
        (
            r"disk I/O error|I/O error",
            "io",
            "the bank file could not be read or written (a disk error)",
            "Check that the drive (a USB stick or network folder) is still connected, "
            "then try again; if it keeps happening, copy the bank to a local disk.",
        ),
        (
            r"malformed|file is not a database|not a database|file is encrypted",
            "damaged",
            "the bank file is damaged",
            "Restore a backup of the bank (File ▸ Restore Backup) or open another bank.",
        ),
        (
            r"unable to open database|cannot open",
            "cannot_open",
            "the bank file could not be opened",
            "Check that its folder exists and that you may read and write it.",
        ),
        (
            r"UNIQUE constraint failed|duplicate key value violates unique constraint",
            "conflict",
            "it would have stored the same entry twice",
            "This is a bug in Quizwright: please report it with the details from the log.",
        ),
        (
            r"FOREIGN KEY constraint failed|violates foreign key constraint",
            "missing_reference",
            "it refers to something that is no longer in the bank (a deleted deck, slide, "
            "question or exam)",
            "Reload the view and try again.",
        ),
        (
            r"NOT NULL constraint failed|CHECK constraint failed|null value in column|"
            r"violates check constraint",
            "conflict",
            "a required value was missing or invalid",
            "This is a bug in Quizwright: please report it with the details from the log.",
        ),
    )
)

_READ = re.compile(r"^\s*(SELECT|PRAGMA|WITH)\b", re.I)


def _details(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    statement = getattr(exc, "statement", None)
    text = str(orig if orig is not None else exc)
    if statement:
        text += f"\n[SQL: {statement}]"
    from storage.server_bank import scrub  # a server's message may quote the URL

    return scrub(text)


def storage_error(exc: BaseException, statement: str | None = None) -> StorageError | None:
    """`exc` as a StorageError when it is a database error (None otherwise)."""
    if isinstance(exc, StorageError):
        return exc
    if not isinstance(exc, sa_exc.DBAPIError | sa_exc.SQLAlchemyError | sqlite3.Error):
        return None
    orig = getattr(exc, "orig", None) or exc
    reason = str(orig).splitlines()[0] if str(orig) else type(orig).__name__
    statement = statement if statement is not None else getattr(exc, "statement", None)
    writing = not (statement and _READ.match(statement))
    what = "Saving to the bank failed" if writing else "Reading the bank failed"
    kind, cause, todo = (
        "other",
        "the database reported an error",
        "Try again; if it keeps happening, please report it with the details from the log.",
    )
    found = next((c for c in _CAUSES if c[0].search(reason)), None)
    if found is not None:
        _, kind, cause, todo = found
    tail = f" {NOTHING_CHANGED}." if writing else ""
    if kind == "busy" and re.search(r"locked|busy", reason, re.I):  # SQLite's wait: its limit
        from storage.busy import busy_limit

        cause += f", and it was still writing after {busy_limit():g} s of waiting"
    message = f"{what}: {cause}.{tail} {todo}"
    return StorageError(message, kind, _details(exc), writing)


def _on_error(ctx: Any) -> None:
    """SQLAlchemy's handle_error hook: raise the StorageError in place of the DBAPI error."""
    if isinstance(ctx.original_exception, sqlite3.Error) or _is_server_error(
        ctx.original_exception
    ):
        error = storage_error(ctx.sqlalchemy_exception or ctx.original_exception, ctx.statement)
        if error is not None:
            raise error from ctx.sqlalchemy_exception or ctx.original_exception


def _is_server_error(exc: BaseException) -> bool:
    """A PostgreSQL driver error (psycopg is imported only when a server bank is open)."""
    return type(exc).__module__.startswith(("psycopg", "psycopg_binary"))


def install(engine: Engine) -> None:
    """Make `engine` raise StorageError for every database failure."""
    if not event.contains(engine, "handle_error", _on_error):
        event.listen(engine, "handle_error", _on_error)


P = ParamSpec("P")
R = TypeVar("R")


def reads(fn: Callable[P, R]) -> Callable[P, R]:
    """For code that reads through the sqlite3 driver directly (hot paths that skip
    SQLAlchemy, and so its handle_error hook): its errors become StorageError too."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as exc:
            error = storage_error(exc, "SELECT")
            assert error is not None
            raise error from exc

    return wrapper

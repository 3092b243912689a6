"""Opening a bank file: checks, SQLite settings and automatic migrations."""

from __future__ import annotations

import functools
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from storage.busy import busy_limit, watch

if TYPE_CHECKING:
    from alembic.config import Config

# PRAGMA application_id marks a file as a Quizwright bank ("QWB1").
APPLICATION_ID = 0x51574231
_SQLITE_HEADER = b"SQLite format 3\x00"
_MIGRATIONS = Path(__file__).with_name("migrations")


class BankError(Exception):
    """A bank file that cannot be used; the message says why, for the user."""


class NotABankError(BankError):
    pass


class BankTooNewError(BankError):
    pass


@dataclass(frozen=True)
class BankInfo:
    path: Path
    schema_revision: str
    migrated_from: str | None  # revision before this open, if it was upgraded
    backup: Path | None  # copy made before migrating
    url: str | None = None  # a server bank's address (never with a password)


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


_REVISION = re.compile(r"^(down_revision|revision)\b[^=]*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@functools.cache
def _revisions() -> dict[str, str | None]:
    """Each migration's revision and the one before it, read from the scripts' text:
    opening an up-to-date bank (every start of the app) needs no Alembic import."""
    found: dict[str, str | None] = {}
    for script in sorted((_MIGRATIONS / "versions").glob("*.py")):
        fields = {k: v or None for k, v in _REVISION.findall(script.read_text("utf-8"))}
        if fields.get("revision"):
            found[str(fields["revision"])] = fields.get("down_revision")
    return found


def head_revision() -> str:
    revisions = _revisions()
    heads = set(revisions) - {down for down in revisions.values() if down}
    assert len(heads) == 1, f"the migrations must form one line, found heads {heads}"
    return heads.pop()


def _folder_read_only(path: Path) -> bool:
    """Whether the bank's folder exists and may not be written: SQLite then cannot make
    the WAL's side files, and the bank is opened for reading only."""
    folder = path.parent if str(path.parent) else Path(".")
    return folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK)


def _read_only_uri(path: Path, folder_read_only: bool) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(f"{path.name}-wal")
    if folder_read_only and not (wal.exists() and wal.stat().st_size > 0):
        # No -shm can be made in the folder; with no WAL to replay the file alone is
        # the whole bank, and nobody can change it there either.
        uri += "&immutable=1"
    return uri


def _unreadable(path: Path, exc: sqlite3.Error) -> BankError:
    """Why a bank file could not be opened for reading, in words."""
    from storage.errors import storage_error

    try:  # SQLite says "disk I/O error" when it cannot make its -shm file on a full disk
        full = shutil.disk_usage(path.parent).free < (1 << 20)
    except OSError:
        full = False
    if full:
        return BankError(
            f"{path} cannot be opened: the disk holding it is full (opening a bank needs a "
            "little room beside it). Free some disk space and try again."
        )
    error = storage_error(exc, "SELECT")
    return error if error is not None else BankError(f"{path} cannot be opened: {exc}.")


def _make_folder(path: Path) -> None:
    """The folder a new bank goes in, made if missing; BankError in words if it cannot be."""
    if _folder_read_only(path):
        raise BankError(
            f"A new bank cannot be made in {path.parent}: the folder is read-only. "
            "Choose a folder you may write to."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BankError(
            f"The folder {path.parent} for the bank cannot be made: "
            f"{(exc.strerror or str(exc)).lower()}. Choose a folder you may write to."
        ) from None


def _inspect_existing(path: Path, folder_read_only: bool = False) -> str | None:
    """Check, without writing, that `path` is a bank this version can open.

    Returns its schema revision (None for an empty SQLite file).
    """
    with path.open("rb") as fh:
        header = fh.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise NotABankError(f"{path} is not a Quizwright bank: it is not an SQLite database.")
    try:
        con = sqlite3.connect(_read_only_uri(path, folder_read_only), uri=True)
    except sqlite3.Error as exc:
        raise NotABankError(f"{path} cannot be opened: {exc}") from exc
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.OperationalError as exc:  # the file could not be read: not its content
        raise _unreadable(path, exc) from exc
    except sqlite3.DatabaseError as exc:
        raise NotABankError(f"{path} is not a Quizwright bank: {exc}.") from exc
    finally:
        con.close()
    if app_id != APPLICATION_ID:
        if not tables:
            return None
        names = ", ".join(sorted(tables)[:5])
        raise NotABankError(
            f"{path} is an SQLite database but not a Quizwright bank (its tables: {names})."
        )
    if revision is not None and revision not in _revisions():
        raise BankTooNewError(
            f"{path} was written by a newer version of Quizwright (bank schema "
            f"{revision!r}; this version knows up to {head_revision()!r}). "
            "Update Quizwright to open it; the file was not changed."
        )
    return revision


def _on_connect(dbapi_con: Any, _record: Any) -> None:
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    # Another process writing: wait for it (SQLite retries the lock) rather than fail at once.
    cur.execute(f"PRAGMA busy_timeout = {int(busy_limit() * 1000)}")
    # WAL: readers never block the writer, and a killed writer leaves the
    # last committed state. NORMAL sync is safe against process crashes.
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _on_connect_read_only(dbapi_con: Any, _record: Any) -> None:
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute(f"PRAGMA busy_timeout = {int(busy_limit() * 1000)}")
    cur.close()


def _migrate(engine: Engine) -> None:
    if current_revision(engine) == head_revision():
        return  # up to date: the common case, without importing Alembic
    from alembic import command

    with engine.connect() as conn:
        # A migration that rebuilds a table drops the old one; with foreign
        # keys on, that DROP would cascade and delete the rows that refer to it.
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.commit()
        # One process at a time creates or upgrades a bank, all in one transaction
        # (the sqlite3 driver would run each CREATE on its own): processes opening a
        # new bank together wait here, then find it made and leave it as it is.
        conn.exec_driver_sql("BEGIN EXCLUSIVE")
        try:
            if _revision(conn) != head_revision():
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        conn.commit()


class Bank:
    """An open bank file: its engine and a session factory.

    Use `with bank.sessions.begin() as s:` for one transaction.
    """

    def __init__(self, engine: Engine, info: BankInfo, read_only: bool = False) -> None:
        self.engine = engine
        self.info = info
        self._read_only = read_only
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)

    @property
    def path(self) -> Path:
        """The bank file (for a server bank a name standing for it; see `location`)."""
        return self.info.path

    @property
    def is_server(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def location(self) -> str:
        """Where the bank is, for the user: its file, or its URL without a password."""
        return self.info.url or str(self.info.path)

    @property
    def read_only(self) -> bool:
        """Whether every write would be refused (a read-only folder, a reviewer's role):
        the window then offers no action that changes the bank."""
        return self._read_only

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Bank:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_server_url(target: object) -> bool:
    """Whether `target` names a bank on a database server rather than a file."""
    return isinstance(target, str) and target.strip().lower().startswith(
        ("postgresql://", "postgres://", "postgresql+psycopg://")
    )


def open_bank(path: str | Path, password: str | None = None) -> Bank:
    """Open (creating or upgrading if needed) the bank at `path`: a file, or a
    `postgresql://user@host:port/dbname` URL (`password`, if asked for, kept in memory).

    Raises BankError subclasses with a message for the user; a file that is
    not a bank, or a bank from a newer version, is left untouched.
    """
    if is_server_url(path):
        from storage.server_bank import open_server_bank

        return open_server_bank(str(path), password)
    path = Path(path).expanduser()
    if path.is_dir():
        raise NotABankError(f"{path} is a folder; give the path of a bank file.")
    revision = None
    backup = None
    read_only = _folder_read_only(path) and path.exists()
    if path.exists() and path.stat().st_size > 0:
        revision = _inspect_existing(path, read_only)
        if read_only and revision != head_revision():
            raise BankError(
                f"{path} needs an upgrade to open in this version of Quizwright, but its folder "
                "is read-only. Copy it to a folder you may write to and open the copy."
            )
        head = head_revision()
        if revision is not None and revision != head:
            # Keep the user's file as it was before a schema change: through SQLite,
            # so that commits still in its WAL are in the copy too.
            from storage.backup import copy_database

            backup = path.with_name(f"{path.name}.before-{head}.bak")
            try:
                copy_database(path, backup)
            except (OSError, sqlite3.Error) as exc:
                raise BankError(
                    f"{path} needs an upgrade, but the copy kept before upgrading could not be "
                    f"written to {backup} ({exc}); the bank was not changed."
                ) from None
    else:
        _make_folder(path)

    if read_only:  # reads work; every write fails as "read-only", in words
        uri = _read_only_uri(path, folder_read_only=True)
        engine = create_engine(
            f"sqlite:///{path}",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        )
        event.listen(engine, "connect", _on_connect_read_only)
    else:
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", _on_connect)
    from storage.errors import install  # it needs BankError from here

    watch(engine)  # before install: its error hook raises, ending the hook chain
    install(engine)  # database failures are raised as StorageError, in words
    try:
        _migrate(engine)
    except Exception:
        engine.dispose()
        raise
    info = BankInfo(
        path=path, schema_revision=head_revision(), migrated_from=revision, backup=backup
    )
    return Bank(engine, info, read_only=read_only)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    if conn.dialect.name == "postgresql":
        from storage.server_bank import revision_of

        return revision_of(conn)
    has_table = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).first()
    if has_table is None:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])

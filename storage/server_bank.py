"""Banks on a PostgreSQL server: `postgresql://user@host:port/dbname`.

The same SQLAlchemy schema and Alembic migrations as the SQLite file, on a server a
department already runs. Passwords never come from Quizwright's settings: libpq's
own password file (~/.pgpass, PGPASSFILE) or service file (PGSERVICEFILE, `service=`)
supply them, or the caller passes one it asked for and keeps in memory. Every URL
shown in a message goes through `scrub` first.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from storage.database import (
    Bank,
    BankError,
    BankInfo,
    BankTooNewError,
    NotABankError,
    _alembic_config,
    _revisions,
    head_revision,
    is_server_url,
)

__all__ = ["is_server_url", "open_server_bank", "scrub"]

# Lowest PostgreSQL this schema is tested on (generated columns, unaccent as trusted extension).
MIN_SERVER = 130000
# Any two processes creating or upgrading one bank take this lock in turn.
_MIGRATION_LOCK = 0x51574231

_PASSWORD_IN_URL = re.compile(r"(postgres(?:ql)?(?:\+\w+)?://[^:/@\s]*):[^@\s]*@", re.I)
_PASSWORD_OPTION = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.I)


def scrub(message: str) -> str:
    """`message` with every password in a database URL or `password=` option masked."""
    message = _PASSWORD_IN_URL.sub(r"\1:***@", message)
    return _PASSWORD_OPTION.sub(r"\1***", message)


def engine_url(url: str) -> URL:
    """The SQLAlchemy URL for a user's postgresql:// address (driver: psycopg 3)."""
    try:
        parsed = make_url(url.strip())
    except Exception:
        raise BankError(
            f"{scrub(url)} is not a database address; write it as "
            "postgresql://user@host:port/dbname."
        ) from None
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise BankError(f"{scrub(url)} is not a PostgreSQL address.")
    if not parsed.database:
        raise BankError(
            f"{scrub(url)} names no database; write it as postgresql://user@host:port/dbname."
        )
    return parsed.set(drivername="postgresql+psycopg")


def display(url: str) -> str:
    """How a server bank is named to the user: the URL without any password."""
    parts = urlsplit(url.strip())
    if parts.password is None:
        return scrub(url.strip())
    user = unquote(parts.username or "")
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{user}@{host}{port}{parts.path}"


def make_engine(url: str, password: str | None = None, **kw: Any) -> Engine:
    """An engine on the server; `password` (asked for, kept in memory) wins over the file."""
    connect_args: dict[str, Any] = {"connect_timeout": 10, "application_name": "Quizwright"}
    if password:
        connect_args["password"] = password
    return create_engine(engine_url(url), connect_args=connect_args, pool_pre_ping=True, **kw)


def revision_of(conn: Connection) -> str | None:
    if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def _check(conn: Connection, where: str) -> str | None:
    """The bank's revision, or BankError when the database is not one this version can use."""
    version = int(conn.execute(text("SHOW server_version_num")).scalar() or 0)
    if version < MIN_SERVER:
        raise BankError(
            f"The server at {where} runs PostgreSQL {version // 10000}; Quizwright needs "
            f"PostgreSQL {MIN_SERVER // 10000} or newer."
        )
    revision = revision_of(conn)
    if revision is None:
        tables = list(
            conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "ORDER BY tablename LIMIT 5"
                )
            ).scalars()
        )
        if tables:
            raise NotABankError(
                f"The database {where} is not a Quizwright bank (its tables: "
                f"{', '.join(tables)}). Give an empty database or an existing bank."
            )
    elif revision not in _revisions():
        raise BankTooNewError(
            f"The bank {where} was written by a newer version of Quizwright (bank schema "
            f"{revision!r}; this version knows up to {head_revision()!r}). Update Quizwright "
            "to open it; the bank was not changed."
        )
    return revision


def can_write(conn: Connection) -> bool:
    """Whether the connected role may change questions (a reviewer may not)."""
    return bool(conn.execute(text("SELECT has_table_privilege('questions', 'INSERT')")).scalar())


def _owns_schema(conn: Connection) -> bool:
    """Whether the connected role may change the bank's tables (their owner's role)."""
    return bool(
        conn.execute(
            text(
                "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
                "WHERE tablename = 'alembic_version' AND schemaname = current_schema()"
            )
        ).scalar()
    )


def migrate(engine: Engine, where: str) -> str | None:
    """Create or upgrade the schema (one process at a time); the revision found before."""
    with engine.connect() as conn:
        before = _check(conn, where)
        conn.rollback()
        if before == head_revision():
            return before
        from alembic import command

        with conn.begin():
            # DDL is transactional on PostgreSQL: all of the upgrade or none of it.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            if revision_of(conn) != head_revision():
                if before is not None and not _owns_schema(conn):
                    raise BankError(
                        f"The bank {where} needs an upgrade to this version of Quizwright, "
                        "but only its administrator may change its tables. Ask them to run "
                        f"`quizwright server init {where}`."
                    )
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        return before


def open_server_bank(url: str, password: str | None = None) -> Bank:
    """Open (creating or upgrading if needed) the bank in the database at `url`."""
    from storage.connection_check import explain

    where = display(url)
    engine = make_engine(url, password)
    from storage.errors import install

    try:  # before install(): a failed connection is explained as one, not as a failed save
        before = migrate(engine, where)
        with engine.connect() as conn:
            writable = can_write(conn)
        install(engine)
    except BankError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise BankError(explain(exc, where)) from None
    info = BankInfo(
        path=_pseudo_path(url),
        schema_revision=head_revision(),
        migrated_from=before if before != head_revision() else None,
        backup=None,
        url=where,
    )
    return Bank(engine, info, read_only=not writable)


def _pseudo_path(url: str) -> Any:
    """A file name standing for the server bank where a path is expected (export checks,
    backup names): it names no real file, and lies in the user's data folder so nothing
    written beside it by mistake lands in the working directory."""
    from storage.paths import data_dir

    parts = urlsplit(url.strip())
    host = parts.hostname or "local"
    name = f"{host}_{parts.port or 5432}_{parts.path.strip('/') or 'bank'}.server-bank"
    return data_dir() / "server-banks" / name

"""`quizwright server init`: a bank's schema on a server and its two roles.

Authors may read and change everything; reviewers may only read. Both are group roles
(NOLOGIN): colleagues log in as themselves and are made members (`--author alice`).
Privileges are granted on what exists and, through default privileges, on what later
migrations (run by the same administrator) create.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from storage.database import Bank, BankError, open_bank
from storage.server_bank import display, make_engine

_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")


@dataclass(frozen=True)
class InitReport:
    where: str
    questions: int  # in the bank now (0 for a new one)
    authors: str
    reviewers: str
    members: tuple[tuple[str, str], ...]  # (login, role)


def default_roles(url: str) -> tuple[str, str]:
    from urllib.parse import urlsplit

    db = re.sub(r"[^a-z0-9_]", "_", urlsplit(url).path.strip("/").lower())[:40] or "quizwright"
    return f"{db}_authors", f"{db}_reviewers"


def _ident(name: str) -> str:
    if not _NAME.match(name):
        raise BankError(
            f"{name!r} cannot be a role name here: use lower-case letters, digits and _ "
            "(starting with a letter), at most 63 characters."
        )
    return f'"{name}"'


def _ensure_role(conn: Connection, name: str) -> None:
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    if exists is None:
        conn.execute(text(f"CREATE ROLE {_ident(name)} NOLOGIN"))


def init_server(
    url: str,
    password: str | None = None,
    authors: str | None = None,
    reviewers: str | None = None,
    author_logins: tuple[str, ...] = (),
    reviewer_logins: tuple[str, ...] = (),
) -> InitReport:
    """Create (or upgrade) the bank's schema at `url` and its two roles; idempotent."""
    where = display(url)
    default_authors, default_reviewers = default_roles(url)
    authors, reviewers = authors or default_authors, reviewers or default_reviewers
    a, r = _ident(authors), _ident(reviewers)
    with open_bank(url, password) as bank:
        questions = _count(bank)
    engine = make_engine(url, password)
    try:
        with engine.begin() as conn:
            allowed = conn.execute(
                text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
            ).scalar()
            if not allowed:
                raise BankError(
                    f"The schema of {where} is ready, but your user may not create roles. "
                    "Run `quizwright server init` as the server's administrator (a user with "
                    "CREATEROLE) to make the authors' and reviewers' roles."
                )
            _ensure_role(conn, authors)
            _ensure_role(conn, reviewers)
            db = conn.execute(text("SELECT current_database()")).scalar()
            schema = conn.execute(text("SELECT current_schema()")).scalar()
            s = f'"{schema}"'
            for statement in (
                f'GRANT CONNECT ON DATABASE "{db}" TO {a}, {r}',
                f"GRANT USAGE ON SCHEMA {s} TO {a}, {r}",
                f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {r}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {a}",
                f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {a}",
                f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT ON TABLES TO {r}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {a}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} "
                f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {a}",
                # only the administrator changes the schema
                f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
            ):
                conn.execute(text(statement))
            members: list[tuple[str, str]] = []
            for logins, role in ((author_logins, authors), (reviewer_logins, reviewers)):
                for login in logins:
                    found = conn.execute(
                        text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}
                    ).first()
                    if found is None:
                        raise BankError(
                            f"There is no user {login!r} on the server. Create it first, e.g. "
                            f"CREATE ROLE {login} LOGIN PASSWORD '…'; nothing was changed."
                        )
                    conn.execute(text(f"GRANT {_ident(role)} TO {_ident(login)}"))
                    members.append((login, role))
    finally:
        engine.dispose()
    return InitReport(where, questions, authors, reviewers, tuple(members))


def _count(bank: Bank) -> int:
    with bank.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM questions")).scalar() or 0)

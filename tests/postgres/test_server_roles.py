"""`quizwright server init`: schema and roles; a reviewer's bank is read-only, in words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.bank import QuestionBank
from storage.database import BankError, open_bank
from storage.server_roles import init_server
from tests.conftest import SAMPLE
from tests.pg_server import PgServer

ROOT = Path(__file__).parents[2]


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, input=stdin, timeout=120,
    )  # fmt: skip


def _login(server: PgServer, name: str, password: str) -> str:
    with server.admin() as con:  # type: ignore[attr-defined]
        con.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    with server.passfile.open("a") as fh:
        fh.write(f"127.0.0.1:{server.port}:*:{name}:{password}\n")
    return name


def test_init_makes_schema_and_roles_and_members_read_or_write(
    pg_url: str, pg_server: PgServer
) -> None:
    done = cli("server", "init", pg_url)
    assert done.returncode == 0, done.stderr
    db = pg_url.rsplit("/", 1)[1]
    assert f"{db}_authors" in done.stdout and f"{db}_reviewers" in done.stdout
    alice = _login(pg_server, f"alice_{db}", "alice-pw")
    bob = _login(pg_server, f"bob_{db}", "bob-pw")
    again = cli("server", "init", pg_url, "--author", alice, "--reviewer", bob)  # idempotent
    assert again.returncode == 0, again.stderr
    assert f"{alice} is now in {db}_authors" in again.stdout

    as_alice = pg_url.replace("qw_admin@", f"{alice}@")
    as_bob = pg_url.replace("qw_admin@", f"{bob}@")
    with open_bank(as_alice) as bank:
        assert not bank.read_only
        ids = QuestionBank(bank).add_many(SAMPLE)
    with open_bank(as_bob) as bank:
        assert bank.read_only  # what the window asks before offering an edit
        service = QuestionBank(bank)
        assert service.count() == len(ids) and service.search("LoRA")
        with pytest.raises(BankError, match="may only read it"):
            service.delete([ids[0]])
        assert service.count() == len(ids)
    refused = cli("bank", "delete", str(ids[0]), "--bank", as_bob)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "reviewer" in refused.stderr
    assert "bob-pw" not in refused.stderr + refused.stdout


def test_init_by_a_user_who_may_not_create_roles_says_so(pg_url: str, pg_server: PgServer) -> None:
    init_server(pg_url)
    db = pg_url.rsplit("/", 1)[1]
    carol = _login(pg_server, f"carol_{db}", "carol-pw")
    with pg_server.admin() as con:  # type: ignore[attr-defined]
        con.execute(f"GRANT {db}_authors TO {carol}")
    with pytest.raises(BankError, match="may not create roles"):
        init_server(pg_url.replace("qw_admin@", f"{carol}@"))


def test_an_upgrade_needs_the_administrator(pg_url: str, pg_server: PgServer) -> None:
    init_server(pg_url)
    db = pg_url.rsplit("/", 1)[1]
    dave = _login(pg_server, f"dave_{db}", "dave-pw")
    with pg_server.admin() as con:  # type: ignore[attr-defined]
        con.execute(f"GRANT {db}_authors TO {dave}")
    from alembic import command
    from sqlalchemy import create_engine

    from storage.database import _alembic_config

    # the bank as the revision before the newest left it (the administrator steps back)
    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
        before = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    engine.dispose()
    with pytest.raises(BankError, match=r"needs an upgrade .* administrator"):
        open_bank(pg_url.replace("qw_admin@", f"{dave}@"))
    with open_bank(pg_url) as bank:  # the administrator's open upgrades it
        assert bank.info.migrated_from == before

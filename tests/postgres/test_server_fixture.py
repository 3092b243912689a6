"""The test server itself: started by the fixture, local only, password required."""

from __future__ import annotations

import psycopg
import pytest

from tests.pg_server import PgServer


def test_server_listens_on_localhost_only_and_wants_a_password(pg_server: PgServer) -> None:
    with pg_server.admin() as con:  # type: ignore[attr-defined]
        row = con.execute("SHOW listen_addresses").fetchone()
        assert row[0] == "127.0.0.1"
        assert con.execute("SELECT current_user").fetchone()[0] == "qw_admin"
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(
            host="127.0.0.1", port=pg_server.port, user="qw_admin", password="wrong",
            dbname="postgres", connect_timeout=5,
        )  # fmt: skip


def test_each_test_gets_its_own_database(pg_url: str, pg_server: PgServer) -> None:
    assert "password" not in pg_url and ":test-only" not in pg_url
    # the password comes from the password file the fixture set, like a user's ~/.pgpass
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT current_database()").fetchone()[0] in pg_url


def test_missing_server_programs_are_named_not_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.pg_server as pg

    monkeypatch.setattr(pg.glob, "glob", lambda _pattern: [])
    with pytest.raises(pg.ServerUnavailable, match=r"install-postgres\.sh"):
        pg.server_bin()

"""The connection test says in words what is wrong; passwords never reach messages or logs."""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg
import pytest

from storage.connection_check import check_connection
from storage.database import BankError, open_bank
from storage.server_bank import display, scrub
from tests.pg_server import ADMIN_PASSWORD, PgServer


def test_a_working_address_and_an_empty_database(pg_url: str) -> None:
    report = check_connection(pg_url)
    assert report.ok and report.new_bank and "empty" in report.message


def test_each_failure_in_words(pg_url: str, pg_server: PgServer) -> None:
    db = pg_url.rsplit("/", 1)[1]
    cases = {
        "unreachable": f"postgresql://qw_admin@127.0.0.1:1/{db}",
        "missing_database": pg_url.replace(db, "no_such_db"),
        "authentication": pg_url.replace("qw_admin@", "qw_admin:wrong@"),
    }
    for kind, url in cases.items():
        report = check_connection(url)
        assert not report.ok and report.kind == kind, (kind, report)
        assert "wrong" not in report.message and "Traceback" not in report.message
    unknown_host = check_connection(f"postgresql://qw_admin@no-such-host.invalid/{db}")
    assert unknown_host.kind == "unreachable" and "not known" in unknown_host.message
    nobody = check_connection(pg_url.replace("qw_admin@", "nobody_here@"))
    assert nobody.kind == "authentication" and "nobody_here" in nobody.message
    assert "postgresql://" in check_connection("postgresql://host-only").message  # no database


def test_a_bank_from_a_newer_quizwright_is_refused_unchanged(pg_url: str) -> None:
    with open_bank(pg_url):
        pass
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    report = check_connection(pg_url)
    assert not report.ok and report.kind == "version" and "newer version" in report.message
    with pytest.raises(BankError, match="newer version"):
        open_bank(pg_url)


def test_a_database_of_something_else_is_not_taken_over(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("CREATE TABLE invoices (id int)")
    report = check_connection(pg_url)
    assert not report.ok and "not a Quizwright bank" in report.message
    assert "invoices" in report.message


def test_a_password_typed_in_is_used_and_never_shown(pg_url: str, pg_server: PgServer,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:  # fmt: skip
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))  # no password file
    assert check_connection(pg_url).kind == "authentication"
    report = check_connection(pg_url, password=ADMIN_PASSWORD)
    assert report.ok
    with open_bank(pg_url, password=ADMIN_PASSWORD) as bank:
        assert ADMIN_PASSWORD not in bank.location
    with_password = pg_url.replace("qw_admin@", f"qw_admin:{ADMIN_PASSWORD}@")
    assert ADMIN_PASSWORD not in display(with_password)
    assert ADMIN_PASSWORD not in scrub(f"failed for {with_password} (password={ADMIN_PASSWORD})")


def test_the_log_file_masks_passwords(tmp_path: Path) -> None:
    from storage.logfile import log_path, setup_file_log

    setup_file_log("quizwright.test_scrub")
    logging.getLogger("quizwright.test_scrub").error(
        "could not open postgresql://ann:s3cret@db.example.edu/bank"
    )
    log = logging.getLogger("quizwright.test_scrub")
    for h in list(log.handlers):
        h.close()
        log.removeHandler(h)
    text = log_path().read_text()
    assert "postgresql://ann:***@db.example.edu/bank" in text and "s3cret" not in text


def test_the_cli_asks_for_a_password_and_keeps_it_out_of_its_output(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.postgres.test_server_roles import cli

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    without = cli("server", "check", pg_url)
    assert without.returncode == 1 and "~/.pgpass" in without.stderr
    asked = cli("server", "check", pg_url, "--ask-password", stdin=ADMIN_PASSWORD + "\n")
    assert asked.returncode == 0, asked.stderr
    assert ADMIN_PASSWORD not in asked.stdout + asked.stderr


def test_a_server_conflict_is_not_described_as_a_wait() -> None:
    from storage.errors import storage_error

    class SerializationFailure(Exception):
        sqlstate = "40001"

    from sqlalchemy.exc import OperationalError

    failure = SerializationFailure("could not serialize access")
    exc = OperationalError("UPDATE questions", {}, failure)
    error = storage_error(exc)
    assert error is not None and error.kind == "busy"
    assert "another instructor" in str(error) and "waiting" not in str(error)

"""The command line on a server bank: --bank postgresql://…, decks, slides and search."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES
from tests.postgres.test_server_roles import cli

DECK = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"


def test_decks_slides_and_search_through_a_url(pg_url: str) -> None:
    imported = cli("decks", "import", str(DECK), "--bank", pg_url)
    assert imported.returncode == 0, imported.stderr
    listed = cli("decks", "list", "--bank", pg_url)
    assert "86 pages" in listed.stdout, listed.stdout + listed.stderr
    found = cli("slides", "find", "quantization", "--bank", pg_url, "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["results"]
    info = json.loads(cli("bank", "info", "--bank", pg_url, "--json").stdout)
    assert info["path"] == pg_url and info["questions"] == 0


def test_a_bad_address_is_one_line_in_words(pg_url: str) -> None:
    wrong = pg_url.rsplit("/", 1)[0] + "/no_such_db"
    out = cli("bank", "list", "--bank", wrong)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "has no database named no_such_db" in out.stderr
    secret = cli("bank", "list", "--bank", wrong.replace("qw_admin@", "qw_admin:hunter2@"))
    assert secret.returncode == 1 and "hunter2" not in secret.stderr + secret.stdout

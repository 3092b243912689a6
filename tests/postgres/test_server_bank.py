"""A bank on PostgreSQL: the same schema through the same migrations, search included."""

from __future__ import annotations

from sqlalchemy import text

from storage.bank import QuestionBank
from storage.database import Bank, head_revision, open_bank
from storage.domain import QuestionFilter
from tests.conftest import SAMPLE, make_deck, mcq

BOTH_BACKENDS = True


def test_a_new_database_becomes_a_bank_at_the_head_revision(pg_url: str) -> None:
    with open_bank(pg_url) as bank:
        assert bank.is_server and not bank.read_only
        assert bank.info.schema_revision == head_revision()
        assert bank.location == pg_url
        with bank.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                head_revision()
            )
    with open_bank(pg_url) as again:  # a second open finds it made
        assert again.info.migrated_from is None


def test_search_is_accent_insensitive_and_prefix_on_both(bank: Bank) -> None:
    service = QuestionBank(bank)
    ids = service.add_many(
        [*SAMPLE, mcq("Who wrote the Gülşen corpus paper?", "Gülşen Eryiğit", "Nobody")]
    )
    hits = service.search("gulsen")
    assert [h.question_id for h in hits] == [ids[-1]]
    assert "[" in hits[0].snippet
    assert {h.question_id for h in service.search("quantiz")} == {ids[3]}  # a prefix
    assert service.count(QuestionFilter(text="byte enc string")) == 1
    service.add_tag([ids[0]], "Müller-tag")
    assert [h.question_id for h in service.search("muller")] == [ids[0]]


def test_slide_finder_and_vocabulary_on_both(bank: Bank) -> None:
    from storage.slide_finder import SlideFinder

    deck = make_deck(bank, pages=3, name="attention.pdf")
    found = SlideFinder(bank).find("attention tokens")
    assert found.hits and all(h.slide.deck_id == deck for h in found.hits)


def test_a_server_bank_writes_nothing_into_the_working_folder(
    pg_url: str, tmp_path, monkeypatch
) -> None:
    from storage.decks import read_deck
    from storage.slide_store import SlideLibrary
    from tests.conftest import FIXTURES

    monkeypatch.chdir(tmp_path)
    with open_bank(pg_url) as bank:
        SlideLibrary(bank).import_deck(read_deck(FIXTURES / "yandex-word-alignment-metropolis.pdf"))
        assert not bank.path.exists()
    assert list(tmp_path.iterdir()) == []

"""Deck files live in the bank, once per content: slides render for every colleague."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import Bank, open_bank
from storage.decks import read_deck
from storage.slide_images import render_page
from storage.slide_store import SlideLibrary
from tests.conftest import FIXTURES

ALIGNMENT = FIXTURES / "yandex-word-alignment-metropolis.pdf"
EFFICIENCY = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"


def _files(bank: Bank) -> list[tuple[str, int]]:
    with bank.engine.connect() as conn:
        rows = conn.execute(text("SELECT sha256, size FROM deck_files"))
        return [(str(h), int(n)) for h, n in rows]


@pytest.fixture
def bank(pg_url: str) -> Iterator[Bank]:
    with open_bank(pg_url) as b:
        yield b


def test_a_deck_file_is_stored_once_per_content(bank: Bank, tmp_path: Path) -> None:
    library = SlideLibrary(bank)
    copy = tmp_path / "again.pdf"
    shutil.copy(ALIGNMENT, copy)
    first = library.import_deck(read_deck(ALIGNMENT)).deck
    library.import_deck(read_deck(copy))  # the same content under another name
    data = ALIGNMENT.read_bytes()
    assert _files(bank) == [(hashlib.sha256(data).hexdigest(), len(data))]
    assert library.stored_file(first.sha256) == data


def test_a_new_version_replaces_the_old_file(bank: Bank, tmp_path: Path) -> None:
    library = SlideLibrary(bank)
    deck = library.import_deck(read_deck(ALIGNMENT)).deck
    library.update_deck(deck.id, read_deck(EFFICIENCY))
    assert [h for h, _ in _files(bank)] == [hashlib.sha256(EFFICIENCY.read_bytes()).hexdigest()]


def test_a_laptop_bank_keeps_its_files_beside_it_not_twice(tmp_path: Path) -> None:
    with open_bank(tmp_path / "mine.sqlite") as bank:
        deck = SlideLibrary(bank).import_deck(read_deck(ALIGNMENT)).deck
        assert _files(bank) == []
        assert (tmp_path / "mine-decks" / f"{deck.sha256}.pdf").is_file()


def test_a_colleague_with_only_the_url_sees_the_slides(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lecture = tmp_path / "mine" / "lecture.pdf"
    lecture.parent.mkdir()
    shutil.copy(ALIGNMENT, lecture)
    monkeypatch.setenv("QUIZWRIGHT_HOME", str(tmp_path / "my-home"))
    with open_bank(pg_url) as mine:
        SlideLibrary(mine).import_deck(read_deck(lecture))
    lecture.unlink()  # not on the colleague's computer
    monkeypatch.setenv("QUIZWRIGHT_HOME", str(tmp_path / "colleague-home"))
    with open_bank(pg_url) as theirs:
        library = SlideLibrary(theirs)
        deck = library.decks()[0]
        path = library.deck_file(deck)
        assert path is not None and path.read_bytes() == ALIGNMENT.read_bytes()
        assert str(tmp_path / "colleague-home") in str(path)
        png, _ = render_page(path, 3, 400, 300)
        assert png.startswith(b"\x89PNG")

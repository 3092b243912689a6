"""Question ids are never handed out twice, and a discarded draft comes back as itself."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.bank import QuestionBank
from storage.database import open_bank
from tests.conftest import SAMPLE
from tests.storage.old_banks import bank_at_revision

# Every test here that takes `bank` (or `service`) runs on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


def test_the_id_of_a_deleted_question_is_not_given_again(service: QuestionBank) -> None:
    first = service.add(SAMPLE[0])
    last = service.add(SAMPLE[1])
    service.delete([last.id])  # the highest id: plain SQLite rowids would reuse it
    again = service.add(SAMPLE[2])
    assert again.id not in (first.id, last.id) and again.id > last.id


def test_restore_brings_questions_back_under_their_ids(service: QuestionBank) -> None:
    kept = service.add(SAMPLE[0])
    gone = service.get(service.add(SAMPLE[1]).id)
    service.delete([gone.id])
    service.restore([gone])
    back = service.get(gone.id)
    assert back.uuid == gone.uuid and back.stem == gone.stem and back.choices == gone.choices
    new = service.add(SAMPLE[2])
    assert new.id not in (kept.id, gone.id)


def test_an_older_bank_keeps_its_ids_and_stops_reusing_them(tmp_path: Path) -> None:
    path = bank_at_revision(tmp_path / "old.sqlite", "0005")
    with open_bank(path) as bank:
        service = QuestionBank(bank)
        a, b = service.add(SAMPLE[0]), service.add(SAMPLE[1])
        with bank.sessions.begin() as s:  # the table was rebuilt with AUTOINCREMENT
            sql = s.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'questions'")
            ).scalar_one()
        assert "AUTOINCREMENT" in sql.upper()
        assert service.get(a.id).stem == SAMPLE[0].stem
        service.delete([b.id])
        assert service.add(SAMPLE[2]).id > b.id

"""No lost update: two instructors on one bank file, versions, authors, history, restore."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from storage.bank import QuestionBank
from storage.database import open_bank
from storage.domain import Status
from storage.question_history import (
    EditConflictError,
    VersionNotFoundError,
    history,
    restore_version,
)
from tests.conftest import SAMPLE


@pytest.fixture
def two(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Two bank objects (two instructors' windows) on one real file."""
    path = tmp_path / "shared.sqlite"
    with open_bank(path) as a, open_bank(path) as b:
        ana, ben = QuestionBank(a), QuestionBank(b)
        ana.author, ben.author = "ana", "ben"
        yield ana, ben


def test_the_second_of_two_saves_from_one_version_is_refused_with_both(two) -> None:  # type: ignore[no-untyped-def]
    ana, ben = two
    qid = ana.add(SAMPLE[0]).id
    hers, his = ana.get(qid), ben.get(qid)
    assert hers.version == his.version == 1 and hers.created_by == "ana"
    saved = ana.update(replace(hers, stem="Which weights does LoRA train?"))
    assert saved.version == 2 and saved.updated_by == "ana"
    with pytest.raises(EditConflictError) as caught:
        ben.update(replace(his, points=3.0))
    err = caught.value
    assert err.kind == "conflict" and "ana" in str(err) and "refused" in str(err)
    assert err.mine.points == 3.0 and err.theirs.stem == "Which weights does LoRA train?"
    assert set(err.fields) == {"stem", "points"}
    # nothing of his was written; hers stands
    now = ben.get(qid)
    assert now.points == 1.0 and now.stem == "Which weights does LoRA train?" and now.version == 2
    # saving again from what is stored now (his "keep mine" or a merge) goes through
    merged = ben.update(replace(now, points=3.0))
    assert merged.version == 3 and merged.updated_by == "ben" and merged.created_by == "ana"


def test_racing_saves_in_threads_commit_exactly_one(tmp_path: Path) -> None:
    path = tmp_path / "race.sqlite"
    with open_bank(path) as setup:
        qid = QuestionBank(setup).add(SAMPLE[1]).id
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def save(n: int) -> None:
        with open_bank(path) as b:
            service = QuestionBank(b)
            q = service.get(qid)
            start.wait()
            try:
                service.update(replace(q, title=f"writer {n}"))
                outcomes.append("saved")
            except EditConflictError:
                outcomes.append("conflict")
            except Exception as exc:  # busy: the bank said so in words, nothing lost
                outcomes.append(f"other: {exc}")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open_bank(path) as b:
        final = QuestionBank(b).get(qid)
    assert outcomes.count("saved") == 1, outcomes
    assert final.version == 2 and final.title.startswith("writer")


def test_unchanged_save_and_unchecked_values_keep_working(two) -> None:  # type: ignore[no-untyped-def]
    ana, _ = two
    q = ana.add(SAMPLE[2])
    assert ana.update(q).version == 1  # nothing changed: no new version
    # a value without a version (an import, a script) is not checked
    assert ana.update(replace(q, version=0, title="t")).version == 2
    assert len(history(ana, q.id)) == 2


def test_history_lists_versions_and_restore_brings_one_back(two) -> None:  # type: ignore[no-untyped-def]
    ana, ben = two
    q = ana.add(SAMPLE[0])
    q2 = ana.update(replace(q, stem="Second wording of the LoRA question?"))
    ben.update(replace(ben.get(q.id), stem="Third wording, by Ben?"))
    versions = history(ben, q.id)
    assert [v.version for v in versions] == [3, 2, 1]
    assert [v.saved_by for v in versions] == ["ben", "ana", "ana"]
    assert versions[0].current and not versions[1].current
    assert versions[2].question.stem == SAMPLE[0].stem
    assert versions[1].question.stem == q2.stem
    assert versions[2].question.choices == q.choices and versions[2].question.tags == q.tags
    restored = restore_version(ana, q.id, 1)
    assert restored.stem == SAMPLE[0].stem and restored.version == 4
    assert restored.updated_by == "ana" and restored.uuid == q.uuid
    # the restore is a version like any other: the replaced one is kept
    assert [v.version for v in history(ana, q.id)] == [4, 3, 2, 1]
    assert history(ana, q.id)[1].question.stem == "Third wording, by Ben?"
    with pytest.raises(VersionNotFoundError, match="has no version 9; its versions are 4, 3"):
        restore_version(ana, q.id, 9)


def test_bulk_changes_are_versions_too_and_all_or_nothing(two) -> None:  # type: ignore[no-untyped-def]
    ana, ben = two
    ids = ana.add_many(SAMPLE[:3])
    open_in_editor = ben.get(ids[0])
    ana.add_tag(ids, "midterm")
    ana.set_status(ids, Status.ACCEPTED)
    assert all(q.version >= 2 and q.updated_by == "ana" for q in ana.get_many(ids))
    assert "midterm" not in history(ana, ids[0])[-1].question.tags
    # an editor opened before the bulk change cannot silently undo it
    with pytest.raises(EditConflictError):
        ben.update(replace(open_in_editor, title="x"))
    # one missing id: nothing of the bulk change is written
    before = [q.version for q in ana.get_many(ids)]
    with pytest.raises(Exception, match="no question 99999"):
        ana.remove_tag([*ids, 99999], "midterm")
    assert [q.version for q in ana.get_many(ids)] == before
    assert all("midterm" in q.tags for q in ana.get_many(ids))


def test_a_conflict_in_a_batch_writes_none_of_it(two) -> None:  # type: ignore[no-untyped-def]
    ana, ben = two
    a_id, b_id = ana.add_many(SAMPLE[:2])
    stale = ben.get(b_id)
    ana.update(replace(ana.get(b_id), title="hers"))
    with pytest.raises(EditConflictError):
        ben.update_many([replace(ben.get(a_id), title="his"), replace(stale, title="his")])
    assert ana.get(a_id).title == "" and ana.get(a_id).version == 1


def test_the_author_is_the_login_name_unless_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    from storage.question_history import AUTHOR_VARIABLE, default_author

    monkeypatch.delenv(AUTHOR_VARIABLE, raising=False)
    assert default_author() == getpass.getuser()
    monkeypatch.setenv(AUTHOR_VARIABLE, "Dr. Ben Li")
    with open_bank(tmp_path / "b.sqlite") as b:
        q = QuestionBank(b).add(SAMPLE[0])
    assert q.created_by == q.updated_by == "Dr. Ben Li"


def test_a_bank_from_before_history_is_upgraded_and_downgrades_cleanly(tmp_path: Path) -> None:
    import sqlite3

    from alembic import command
    from sqlalchemy import create_engine

    from storage.database import _alembic_config
    from tests.storage.old_banks import bank_at_revision

    path = bank_at_revision(tmp_path / "old.sqlite", "0007")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO questions (uuid, qtype, title, stem, general_feedback, grader_info, points,"
        " status, case_sensitive, unit, text_format, penalty, shuffle_answers, answer_numbering,"
        " response_template, origin_method, origin_engine, origin_model, origin_settings,"
        " created_at, updated_at) VALUES ('u1', 'essay', '', 'Explain LoRA.', '', '', 1,"
        " 'draft', 0, '', 'plain', 0.3, 1, 'abc', '', 'manual', '', '', '{}',"
        " '2024-01-01', '2024-01-01')"
    )
    con.commit()
    con.close()
    with open_bank(path) as b:
        service = QuestionBank(b)
        service.author = "ana"
        (old,) = service.list_questions()
        assert old.version == 1 and old.created_by == ""  # nobody named before
        assert service.update(replace(old, stem="Explain LoRA briefly.")).version == 2
        assert [v.version for v in history(service, old.id)] == [2, 1]
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    engine.dispose()
    con = sqlite3.connect(path)
    assert con.execute("SELECT stem FROM questions").fetchone()[0] == "Explain LoRA briefly."
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "question_versions" not in tables
    con.close()

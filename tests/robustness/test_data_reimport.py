"""Issue 13, item 3: Quizwright's own exports read back, and a uuid repeated in one file.

These crashed with `UNIQUE constraint failed: questions.uuid`. A question whose
uuid the bank has is recognised: left out when unchanged; when changed, left
out unless --update (written over the bank's question) or --as-new.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.robustness.data_support import bank_with_questions, count_questions, run

STEM = "Which weights does LoRA update during fine-tuning?"


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    proc = run(*args, "--json", check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt, suffix", [("moodle", "xml"), ("gift", "gift")])
def test_reimporting_an_export_recognises_every_question(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    bank = tmp_path / "B.sqlite"
    first = _json("bank", "import", str(FIXTURES / "moodle_xml_sample.xml"), "--bank", str(bank))
    ids = first["imported"]
    if fmt == "gift":  # GIFT cannot carry a cloze question: its export leaves it out, saying so
        types = {i: _json("bank", "show", str(i), "--bank", str(bank))["type"] for i in ids}
        ids = [i for i in ids if types[i] not in ("cloze", "ordering", "gapselect", "ddwtos")]
    out = tmp_path / f"out.{suffix}"
    run("export", fmt, str(out), "--all", "--bank", str(bank))
    again = _json("bank", "import", str(out), "--bank", str(bank))
    assert again["imported"] == [] and again["near_duplicates"] == []
    assert [q["id"] for q in again["already_in_bank"]] == ids
    assert all(q["action"] == "left out" for q in again["already_in_bank"])
    assert again["changed_in_file"] == []
    assert count_questions(bank) == len(first["imported"])
    text = run("bank", "import", str(out), "--bank", str(bank)).stdout
    assert f"{len(ids)} already in the bank, unchanged (left out)" in text


def test_bank_add_of_bank_show_json(tmp_path: Path) -> None:
    bank = bank_with_questions(tmp_path)
    shown = tmp_path / "one.json"
    shown.write_text(run("bank", "show", "1", "--json", "--bank", str(bank)).stdout)
    same = _json("bank", "add", str(shown), "--bank", str(bank))
    assert same["added"] == [] and [q["id"] for q in same["already_in_bank"]] == [1]
    # edited in the file: left out by default, with the way to take it
    edited = json.loads(shown.read_text())
    edited["stem"] = "Which matrices does LoRA train?"
    shown.write_text(json.dumps(edited))
    left = run("bank", "add", str(shown), "--bank", str(bank))
    assert "changed in the file (left out: --update" in left.stdout
    assert "stem changed" in left.stdout
    assert count_questions(bank) == 5
    updated = _json("bank", "add", str(shown), "--update", "--bank", str(bank))
    assert updated["added"] == [] and updated["updated"] == [1]
    assert updated["changed_in_file"][0]["fields"] == ["stem"]
    assert _json("bank", "show", "1", "--bank", str(bank))["stem"] == edited["stem"]
    copy = _json("bank", "add", str(shown), "--as-new", "--bank", str(bank))
    assert copy["added"] == [6] and copy["already_in_bank"][0]["action"] == "added as new"
    new = _json("bank", "show", "6", "--bank", str(bank))
    assert new["uuid"] != edited["uuid"] and new["stem"] == edited["stem"]
    assert count_questions(bank) == 6


def test_an_update_takes_only_what_the_file_changed(tmp_path: Path) -> None:
    """Moodle XML does not carry a draft status or a question's origin: the bank's stay."""
    bank = bank_with_questions(tmp_path)
    before = _json("bank", "show", "1", "--bank", str(bank))
    assert before["status"] == "draft"
    out = tmp_path / "all.xml"
    run("export", "moodle", str(out), "--all", "--include-drafts", "--bank", str(bank))
    out.write_text(out.read_text().replace(STEM, "Which matrices does LoRA train?"))
    done = _json("bank", "import", str(out), "--update", "--bank", str(bank))
    assert done["imported"] == [] and done["updated"] == [1]
    assert len(done["already_in_bank"]) == 4
    after = _json("bank", "show", "1", "--bank", str(bank))
    assert after["stem"] == "Which matrices does LoRA train?"
    assert after["status"] == "draft" and after["origin"] == before["origin"]
    assert after["uuid"] == before["uuid"] and after["tags"] == before["tags"]
    assert count_questions(bank) == 5


def test_two_questions_sharing_an_idnumber_in_one_file(tmp_path: Path) -> None:
    sample = (FIXTURES / "moodle_xml_sample.xml").read_text()
    assert "<idnumber>att-1</idnumber>" in sample
    start = sample.index('<question type="multichoice">')
    end = sample.index("</question>", start) + len("</question>")
    twice = sample[:end] + "\n" + sample[start:end] + sample[end:]
    path = tmp_path / "twice.xml"
    path.write_text(twice)
    bank = tmp_path / "B.sqlite"
    out = _json("bank", "import", str(path), "--bank", str(bank))
    [renamed] = out["new_uuids"]
    assert renamed["old"] == "att-1" and renamed["first"] < renamed["position"]
    assert len(out["imported"]) == 11  # matching is a type of its own since issue 16
    uuids = {_json("bank", "show", str(i), "--bank", str(bank))["uuid"] for i in out["imported"]}
    assert len(uuids) == 11 and "att-1" in uuids and renamed["new"] in uuids
    text = run("bank", "import", str(path), "--bank", str(bank)).stdout
    assert "has the same ID number as" in text and "it was given a new one" in text


def test_update_many_is_all_or_nothing(tmp_path: Path) -> None:
    from dataclasses import replace

    from storage.bank import QuestionBank, QuestionNotFoundError
    from storage.database import open_bank
    from tests.conftest import SAMPLE

    with open_bank(tmp_path / "B.sqlite") as opened:
        service = QuestionBank(opened)
        first, second = (service.get(i) for i in service.add_many(SAMPLE[:2]))
        gone = replace(second, id=99, stem="No such question")
        with pytest.raises(QuestionNotFoundError):
            service.update_many([replace(first, stem="Changed?"), gone])
        assert service.get(first.id or 0).stem == first.stem
        done = service.update_many([replace(first, stem="Changed?"), replace(second, points=3)])
        assert [q.stem for q in done] == ["Changed?", second.stem] and done[1].points == 3
        assert [h.question_id for h in service.search("Changed")] == [first.id]

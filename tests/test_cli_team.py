"""`quizwright bank merge / history / restore` as real subprocesses."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storage.jsonio import question_to_dict
from tests.conftest import SAMPLE, mcq
from tests.test_cli import run


def _bank(path: Path, questions: list[object]) -> list[int]:
    src = path.with_suffix(".json")
    src.write_text(json.dumps({"questions": [question_to_dict(q) for q in questions]}))  # type: ignore[arg-type]
    out = json.loads(run("bank", "add", str(src), "--bank", str(path), "--json").stdout)
    return list(out["added"])


def test_merge_json_then_again_recognised_and_flagged(tmp_path: Path) -> None:
    ben, ana = tmp_path / "ben.sqlite", tmp_path / "ana.sqlite"
    _bank(
        ben,
        [
            *SAMPLE[:2],
            mcq(
                "which weights does LoRA update during fine tuning",
                "Low-rank adapter matrices added beside the frozen weights",
            ),
        ],
    )
    (mine,) = _bank(ana, [SAMPLE[0]])
    out = json.loads(run("bank", "merge", str(ben), "--into", str(ana), "--json").stdout)
    assert len(out["added"]) == 3 and out["updated"] == [] and out["unchanged"] == []
    flagged = {d["similar_to"] for d in out["near_duplicates"]}
    assert flagged == {mine}
    listed = json.loads(run("bank", "list", "--bank", str(ana), "--json").stdout)
    assert listed["count"] == 4  # flagged, never dropped
    again = json.loads(run("bank", "merge", str(ben), "--into", str(ana), "--json").stdout)
    assert again["added"] == [] and len(again["unchanged"]) == 3
    text = run("bank", "merge", str(ben), "--into", str(ana)).stdout
    assert "0 added, 0 updated, 3 already there unchanged" in text


@pytest.mark.parametrize(
    "case, message",
    [
        ("missing", "does not exist"),
        ("same", "same bank"),
        ("text", "not a Quizwright bank"),
        ("newer", "newer version of Quizwright"),
    ],
)
def test_merge_bad_input_exits_1_with_words(tmp_path: Path, case: str, message: str) -> None:
    ana = tmp_path / "ana.sqlite"
    _bank(ana, [SAMPLE[0]])
    src = {"missing": tmp_path / "nope.sqlite", "same": ana, "text": tmp_path / "a.txt"}.get(
        case, tmp_path / "newer.sqlite"
    )
    if case == "text":
        src.write_text("not a bank")
    if case == "newer":
        _bank(src, [SAMPLE[1]])
        con = sqlite3.connect(src)
        con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.commit()
        con.close()
    proc = run("bank", "merge", str(src), "--into", str(ana), check=False)
    assert proc.returncode == 1 and message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert json.loads(run("bank", "list", "--bank", str(ana), "--json").stdout)["count"] == 1


def test_history_and_restore(tmp_path: Path) -> None:
    bank = tmp_path / "bank.sqlite"
    (qid,) = _bank(bank, [SAMPLE[0]])
    run("bank", "history", str(qid), "--bank", str(bank))
    # change it through a merge from a copy edited elsewhere (a second instructor)
    shown = json.loads(run("bank", "show", str(qid), "--bank", str(bank), "--json").stdout)
    other = tmp_path / "other.sqlite"
    shown["stem"] = "Which matrices does LoRA train?"
    src = tmp_path / "edit.json"
    src.write_text(json.dumps({"questions": [shown]}))
    run("bank", "add", str(src), "--bank", str(other), "--as-new")
    # --as-new gives a new uuid: keep the original's so the merge updates it
    con = sqlite3.connect(other)
    con.execute("UPDATE questions SET uuid = ?", (shown["uuid"],))
    con.commit()
    con.close()
    merged = json.loads(run("bank", "merge", str(other), "--into", str(bank), "--json").stdout)
    assert merged["updated"][0]["id"] == qid and "stem" in merged["updated"][0]["fields"]
    hist = json.loads(run("bank", "history", str(qid), "--bank", str(bank), "--json").stdout)
    assert [v["version"] for v in hist["versions"]] == [2, 1]
    assert hist["versions"][0]["current"] and hist["versions"][0]["stem"].startswith(
        "Which matrices"
    )
    assert hist["versions"][1]["stem"] == SAMPLE[0].stem and hist["versions"][1]["saved_by"]
    text = run("bank", "history", str(qid), "--bank", str(bank)).stdout
    assert "v2 (current)" in text and "v1" in text
    out = json.loads(run("bank", "restore", str(qid), "1", "--bank", str(bank), "--json").stdout)
    assert out == {"id": qid, "restored": 1, "version": 3, "changed": True}
    shown = json.loads(run("bank", "show", str(qid), "--bank", str(bank), "--json").stdout)
    assert shown["stem"] == SAMPLE[0].stem and shown["version"] == 3
    bad = run("bank", "restore", str(qid), "7", "--bank", str(bank), check=False)
    assert bad.returncode == 1 and "has no version 7; its versions are 3, 2, 1" in bad.stderr
    missing = run("bank", "history", "999", "--bank", str(bank), check=False)
    assert missing.returncode == 1 and "no question 999" in missing.stderr

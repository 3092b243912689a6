"""Exams and exchange formats through the `quizwright` command, end to end."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from storage.domain import Status
from storage.jsonio import question_to_dict
from tests.conftest import SAMPLE
from tests.test_cli import run

# Every test taking `bank` runs on a bank file and on a PostgreSQL bank (its URL).
BOTH_BACKENDS = True


@pytest.fixture
def bank(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Path | str:
    path = tmp_path / "bank.sqlite" if backend == "sqlite" else request.getfixturevalue("pg_url")
    src = tmp_path / "q.json"
    accepted = [replace(q, status=Status.ACCEPTED) for q in SAMPLE[:4]]
    src.write_text(json.dumps([question_to_dict(q) for q in (*accepted, SAMPLE[4])]))
    run("bank", "add", str(src), "--bank", str(path), "--json")
    return path


def test_exam_from_ids_and_from_a_draw(bank: Path) -> None:
    made = json.loads(
        run(
            "exam",
            "create",
            "--title",
            "Quiz 1",
            "--ids",
            "3,1,2",
            "--course",
            "NLP",
            "--bank",
            str(bank),
            "--json",
        ).stdout
    )
    # a section per type, multiple choice first (#15): 1 mcq, 2 true/false, 3 short
    assert [i["question_id"] for i in made["items"]] == [1, 2, 3]
    assert [i["section"] for i in made["items"]] == [
        "Multiple choice", "True or false", "Short answer",
    ]  # fmt: skip
    assert made["total_points"] == 3.0
    kept = json.loads(
        run(
            "exam", "create", "--title", "As given", "--ids", "3,1,2", "--keep-order",
            "--bank", str(bank), "--json",
        ).stdout
    )  # fmt: skip
    assert [(i["question_id"], i["section"]) for i in kept["items"]] == [(3, ""), (1, ""), (2, "")]
    drawn = json.loads(
        run(
            "exam",
            "create",
            "--title",
            "Drawn",
            "--draw",
            "1 tf tag:tokenization; 1 short tag:tokenization",
            "--seed",
            "4",
            "--bank",
            str(bank),
            "--json",
        ).stdout
    )
    assert [i["question_id"] for i in drawn["items"]] == [2, 3] and drawn["seed"] == 4
    assert [i["section"] for i in drawn["items"]] == ["True or false", "Short answer"]
    shown = run("exam", "show", str(drawn["id"]), "--bank", str(bank)).stdout
    assert "Drawn" in shown and "seed 4" in shown
    refused = run(
        "exam", "create", "--title", "Too many", "--draw", "9 mcq", "--bank", str(bank), check=False
    )
    assert (
        refused.returncode == 1 and "only 1 accepted question(s) match, 9 asked" in refused.stderr
    )


def test_pdf_versions_with_keys(bank: Path, tmp_path: Path) -> None:
    run("exam", "create", "--title", "Final", "--ids", "1,2,3,4", "--bank", str(bank))
    out = json.loads(
        run(
            "export",
            "pdf",
            str(tmp_path / "final.pdf"),
            "--exam",
            "1",
            "--versions",
            "2",
            "--seed",
            "11",
            "--bank",
            str(bank),
            "--json",
        ).stdout
    )
    assert [f["version"] for f in out["files"]] == ["A", "B"]
    for f in out["files"]:
        with pymupdf.open(f["file"]) as doc:
            text = "\n".join(p.get_text() for p in doc)
            assert all(f"Version {f['version']}" in p.get_text() for p in doc)
        assert "Which weights does LoRA update" in text
        with pymupdf.open(f["key"]) as key:
            assert "Version " + f["version"] in key[0].get_text()


def test_moodle_and_gift_round_trip_through_files(bank: Path, tmp_path: Path) -> None:
    xml = tmp_path / "out.xml"
    exported = json.loads(
        run("export", "moodle", str(xml), "--all", "--bank", str(bank), "--json").stdout
    )
    assert exported["questions"] == [1, 2, 3, 4]  # the draft essay is not exported
    with_drafts = json.loads(
        run(
            "export",
            "moodle",
            str(tmp_path / "all.xml"),
            "--all",
            "--include-drafts",
            "--bank",
            str(bank),
            "--json",
        ).stdout
    )
    assert with_drafts["questions"] == [1, 2, 3, 4, 5]
    fresh = tmp_path / "fresh.sqlite"
    imported = json.loads(run("bank", "import", str(xml), "--bank", str(fresh), "--json").stdout)
    assert imported["format"] == "moodle_xml" and len(imported["imported"]) == 4
    again = json.loads(
        run("bank", "import", str(xml), "--bank", str(fresh), "--skip-duplicates", "--json").stdout
    )
    # the same questions (same uuids) are recognised, not taken for near-duplicates
    assert again["imported"] == [] and again["near_duplicates"] == []
    assert len(again["already_in_bank"]) == 4
    gift = tmp_path / "out.txt"  # the format comes from the content, not the name
    run("export", "gift", str(gift), "--tag", "tokenization", "--bank", str(bank))
    back = json.loads(
        run("bank", "import", str(gift), "--bank", str(tmp_path / "g.sqlite"), "--json").stdout
    )
    assert back["format"] == "gift" and len(back["imported"]) == 2


def test_malformed_import_names_the_problem_and_imports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<?xml version="1.0"?><quiz><question type="multichoice"><name><text>Q'
        "</text></name><questiontext><text>x</text></questiontext>"
        '<answer fraction="abc"><text>a</text></answer></question></quiz>'
    )
    bank = tmp_path / "b.sqlite"
    proc = run("bank", "import", str(bad), "--bank", str(bank), check=False)
    assert proc.returncode == 1 and "Nothing was imported" in proc.stderr
    assert json.loads(run("bank", "info", "--bank", str(bank), "--json").stdout)["questions"] == 0

"""`export qti`, `export docx` and `bank import FILE.zip` through the command, end to end."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx

from tests.test_cli import run
from tests.test_cli_exams import bank  # noqa: F401 - the fixture


def make_exam(bank: Path) -> int:  # noqa: F811
    made = run(
        "exam", "create", "--title", "Quiz 1", "--ids", "1,2,3,4,5", "--bank", str(bank), "--json"
    )  # fmt: skip
    return int(json.loads(made.stdout)["id"])


def test_qti_of_an_exam_and_of_a_tag_imports_back(bank: Path, tmp_path: Path) -> None:  # noqa: F811
    exam = make_exam(bank)
    out = tmp_path / "quiz.zip"
    done = json.loads(
        run("export", "qti", str(out), "--exam", str(exam), "--bank", str(bank), "--json").stdout
    )
    assert done["title"] == "Quiz 1" and done["questions"] == [1, 2, 3, 4, 5]
    with zipfile.ZipFile(out) as zf:
        assert "imsmanifest.xml" in zf.namelist()
    by_tag = tmp_path / "tok.zip"
    said = run("export", "qti", str(by_tag), "--tag", "tokenization", "--bank", str(bank)).stdout
    assert "wrote 2 question(s)" in said and "“tokenization”" in said

    other = tmp_path / "other.sqlite"
    imported = json.loads(run("bank", "import", str(out), "--bank", str(other), "--json").stdout)
    assert imported["format"] == "qti" and len(imported["imported"]) == 5
    assert imported["skipped"] == []
    listed = json.loads(run("bank", "list", "--bank", str(other), "--json").stdout)
    types = sorted(q["type"] for q in listed["questions"])
    assert types == ["essay", "mcq", "numerical", "short", "truefalse"]
    again = run("bank", "import", str(out), "--bank", str(other)).stdout
    assert "Imported 0 question(s)" in again  # the same uuids: already in the bank


def test_docx_versions_and_keys_are_named_as_the_pdfs(bank: Path, tmp_path: Path) -> None:  # noqa: F811
    exam = make_exam(bank)
    out = tmp_path / "final.docx"
    done = json.loads(
        run(
            "export", "docx", str(out), "--exam", str(exam), "--versions", "2",
            "--bank", str(bank), "--json",
        ).stdout
    )  # fmt: skip
    names = [(Path(f["file"]).name, Path(f["key"]).name) for f in done["files"]]
    assert names == [("final-A.docx", "final-A-key.docx"), ("final-B.docx", "final-B-key.docx")]
    document = docx.Document(str(tmp_path / "final-B.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Version B" in document.tables[0].cell(0, 1).text and "1.\t" in text
    key = docx.Document(str(tmp_path / "final-B-key.docx"))
    assert "Answer key — Version B" in "\n".join(p.text for p in key.paragraphs)


def test_failures_are_said_in_words(bank: Path, tmp_path: Path) -> None:  # noqa: F811
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 but not really a zip")
    failed = run("bank", "import", str(bad), "--bank", str(bank), check=False)
    assert failed.returncode == 1 and "not a zip file" in failed.stderr
    assert "Traceback" not in failed.stderr
    missing = run(
        "export", "docx", str(tmp_path / "x.docx"), "--exam", "99", "--bank", str(bank),
        check=False,
    )  # fmt: skip
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    nothing = run(
        "export", "qti", str(tmp_path / "n.zip"), "--tag", "nope", "--bank", str(bank), check=False
    )
    assert nothing.returncode == 1 and "No questions to export" in nothing.stderr


def test_qti_of_the_newer_types_warns_per_question_and_imports_back(tmp_path: Path) -> None:
    from dataclasses import replace

    from storage.domain import Status
    from storage.jsonio import question_to_dict
    from tests.storage.test_qti_newtypes import DRAG, MATCH, MIXED, NUMBER, ORDER, SELECT

    src = tmp_path / "newer.json"
    newer = [MATCH, MIXED, ORDER, SELECT, DRAG, NUMBER]
    accepted = [replace(q, status=Status.ACCEPTED) for q in newer]
    src.write_text(json.dumps([question_to_dict(q) for q in accepted]))
    db = tmp_path / "bank.sqlite"
    run("bank", "add", str(src), "--bank", str(db))
    ids = ",".join(str(i) for i in range(1, len(newer) + 1))
    made = run("exam", "create", "--title", "T", "--ids", ids, "--bank", str(db), "--json")
    exam = str(json.loads(made.stdout)["id"])
    out = tmp_path / "out.zip"
    said = run("export", "qti", str(out), "--exam", exam, "--bank", str(db))
    assert said.returncode == 0 and "wrote 4 question(s)" in said.stdout
    warnings = [line for line in said.stdout.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 4, said.stdout
    assert any("no ordering questions" in w for w in warnings)
    assert any("number gap" in w for w in warnings)
    assert any("becomes drop-downs" in w for w in warnings)
    assert "Traceback" not in said.stderr
    again = json.loads(
        run("export", "qti", str(out), "--exam", exam, "--bank", str(db), "--json").stdout
    )
    assert len(again["left_out"]) == 2 and len(again["warnings"]) == 4

    other = tmp_path / "other.sqlite"
    imported = json.loads(run("bank", "import", str(out), "--bank", str(other), "--json").stdout)
    assert imported["skipped"] == [] and len(imported["imported"]) == 4
    listed = json.loads(run("bank", "list", "--bank", str(other), "--json").stdout)
    types = sorted(q["type"] for q in listed["questions"])
    assert types == ["cloze", "ddwtos", "gapselect", "matching"]

"""The `quizwright` command as scripts use it: real entry point, real bank file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storage.jsonio import question_to_dict
from tests.conftest import SAMPLE

EXE = shutil.which("quizwright", path=str(Path(sys.executable).parent))


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    assert EXE, "the quizwright console script is not installed in this environment"
    proc = subprocess.run(
        [EXE, *args], capture_output=True, text=True, timeout=120, env=os.environ.copy()
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    bank = tmp_path / "bank.sqlite"
    src = tmp_path / "questions.json"
    src.write_text(json.dumps({"questions": [question_to_dict(q) for q in SAMPLE]}))
    out = json.loads(run("bank", "add", str(src), "--bank", str(bank), "--json").stdout)
    assert out["added"] == [1, 2, 3, 4, 5]
    assert out["near_duplicates"] == []
    return bank


def test_help_lists_the_subcommands() -> None:
    out = run("--help").stdout
    for cmd in ("gui", "bank", "models"):
        assert cmd in out
    bank_help = run("bank", "--help").stdout
    for action in ("list", "show", "search", "dupes", "add", "delete", "info"):
        assert action in bank_help


def test_default_bank_is_created_in_the_data_folder(_private_home: Path) -> None:
    out = json.loads(run("bank", "info", "--json").stdout)
    assert out["path"] == str(_private_home / "bank.sqlite")
    assert (_private_home / "bank.sqlite").exists()
    assert out["questions"] == 0


def test_list_show_search_as_json(filled: Path) -> None:
    listed = json.loads(run("bank", "list", "--bank", str(filled), "--json").stdout)
    assert listed["count"] == 5
    only = json.loads(
        run("--bank", str(filled), "bank", "list", "--tag", "tokenization", "--json").stdout
    )
    assert [q["id"] for q in only["questions"]] == [2, 3]
    drafts = json.loads(
        run(
            "bank", "list", "--status", "draft", "--type", "short", "--bank", str(filled), "--json"
        ).stdout
    )
    assert [q["stem"][:4] for q in drafts["questions"]] == ["Name"]
    shown = json.loads(run("bank", "show", "1", "--bank", str(filled), "--json").stdout)
    assert shown["tags"] == ["lora", "peft"]
    assert [c["fraction"] for c in shown["choices"]] == [1.0, 0.0, 0.0]
    found = json.loads(run("bank", "search", "merges pair", "--bank", str(filled), "--json").stdout)
    assert [r["id"] for r in found["results"]] == [3]


def test_text_output_is_readable(filled: Path) -> None:
    out = run("bank", "list", "--bank", str(filled)).stdout
    assert "5 question(s)" in out and "LoRA" in out
    shown = run("bank", "show", "3", "--bank", str(filled)).stdout
    assert "* A. BPE" in shown and "category: LLM/Tokenization/Subwords" in shown
    assert "No question matches" in run("bank", "search", "zebra", "--bank", str(filled)).stdout


def test_dupes_finds_an_edited_copy(filled: Path, tmp_path: Path) -> None:
    copy = dict(question_to_dict(SAMPLE[0]))
    copy["stem"] = "which weights does LoRA update during fine tuning ?"
    src = tmp_path / "copy.json"
    src.write_text(json.dumps(copy))
    added = json.loads(run("bank", "add", str(src), "--bank", str(filled), "--json").stdout)
    assert added["near_duplicates"][0]["similar_to"] == 1
    groups = json.loads(run("bank", "dupes", "--bank", str(filled), "--json").stdout)["groups"]
    assert [[m["id"] for m in g] for g in groups] == [[1, 6]]


def test_errors_go_to_stderr_with_a_nonzero_exit(filled: Path, tmp_path: Path) -> None:
    missing = run("bank", "show", "42", "--bank", str(filled), "--json", check=False)
    assert missing.returncode == 1 and missing.stdout == ""
    assert "no question 42" in missing.stderr
    not_bank = tmp_path / "notes.txt"
    not_bank.write_text("hello")
    bad = run("bank", "list", "--bank", str(not_bank), check=False)
    assert bad.returncode == 1 and "not a Quizwright bank" in bad.stderr
    assert not_bank.read_text() == "hello"
    broken = tmp_path / "broken.json"
    broken.write_text('[{"type": "mcq", "stem": "x", "difficulty": "brutal"}]')
    bad = run("bank", "add", str(broken), "--bank", str(filled), check=False)
    assert bad.returncode == 1 and "difficulty 'brutal' is not one of" in bad.stderr
    usage = run("bank", "list", "--type", "riddle", check=False)
    assert usage.returncode == 2 and "invalid choice" in usage.stderr


def test_delete_refuses_questions_in_exams_without_force(filled: Path) -> None:
    from storage.bank import QuestionBank
    from storage.database import open_bank
    from storage.exams import ExamHeader, ExamStore

    with open_bank(filled) as b:
        ExamStore(QuestionBank(b)).create(ExamHeader("Quiz 1"), [2])
    refused = run("bank", "delete", "2", "--bank", str(filled), check=False)
    assert refused.returncode == 1 and "Quiz 1" in refused.stderr
    done = json.loads(run("bank", "delete", "2", "--force", "--bank", str(filled), "--json").stdout)
    assert done == {"deleted": [2], "removed_from_exams": [{"id": 1, "title": "Quiz 1"}]}

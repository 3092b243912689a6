"""#15 Exams from the command line: sections, cueing refused in words, the option
shuffling flag, plain spellings in the key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest

from storage.jsonio import question_to_dict
from tests.exam_sample import CUEING, MCQ_SUBWORDS, MIXED, accepted
from tests.test_cli import run


def bank_of(tmp_path: Path, questions: list) -> Path:
    path = tmp_path / "bank.sqlite"
    src = tmp_path / "q.json"
    src.write_text(json.dumps([question_to_dict(q) for q in accepted(questions)]))
    run("bank", "add", str(src), "--bank", str(path))
    return path


def text_of(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return re.sub(r"\s+", " ", " ".join(page.get_text() for page in doc))


def test_cueing_is_refused_in_words_until_allowed(tmp_path: Path) -> None:
    bank = bank_of(tmp_path, CUEING)
    args = ["exam", "create", "--title", "Quiz", "--ids", "1,2,3,4", "--bank", str(bank)]
    refused = run(*args, check=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "give each other away" in refused.stderr
    assert "Questions 1 (#1) and 3 (#3): 3 states “Byte-pair encoding”" in refused.stderr
    assert "--allow-cueing" in refused.stderr
    assert "No exams yet" in run("exam", "list", "--bank", str(bank)).stdout
    made = json.loads(run(*args, "--allow-cueing", "--json").stdout)
    assert len(made["items"]) == 4


def test_sections_with_instructions_and_the_shuffle_flag(tmp_path: Path) -> None:
    bank = bank_of(tmp_path, MIXED)
    made = json.loads(
        run(
            "exam", "create", "--title", "Midterm", "--ids", "2,1,3,4,5,6", "--bank", str(bank),
            "--section-instructions", "Essay=Answer in full sentences.", "--json",
        ).stdout
    )  # fmt: skip
    assert made["items"][-1]["type"] == "essay"
    assert {"title": "Essay", "instructions": "Answer in full sentences."} in made["sections"]
    assert "Answer in full sentences." in run("exam", "show", "1", "--bank", str(bank)).stdout
    bad = run(
        "exam", "create", "--title", "X", "--ids", "1", "--section-instructions", "Essay",
        "--bank", str(bank), check=False,
    )  # fmt: skip
    assert bad.returncode == 1 and "SECTION=TEXT" in bad.stderr

    written = [c.text for c in MCQ_SUBWORDS.choices]
    for flag, in_order in (("--no-shuffle-options", True), ("--shuffle-options", False)):
        out = tmp_path / f"m{flag}.pdf"
        run("export", "pdf", str(out), "--exam", "1", "--seed", "5", flag, "--bank", str(bank))
        text = text_of(out)
        at = [text.index(t) for t in written]
        assert (at == sorted(at)) is in_order, flag
        assert text.index("Answer in full sentences.") > text.index("Essay")
        key = text_of(out.with_name(out.stem + "-key.pdf"))
        assert "Naïve / Naive" in key and "Rubric (10 points)" in key


@pytest.mark.parametrize("fmt", ["moodle", "gift"])
def test_exports_accept_the_plain_spelling(tmp_path: Path, fmt: str) -> None:
    bank = bank_of(tmp_path, MIXED)
    out = tmp_path / f"all.{fmt}"
    run("export", fmt, str(out), "--all", "--bank", str(bank))
    data = out.read_text("utf-8")
    assert "Naïve" in data and "Naive" in data

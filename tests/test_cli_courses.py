"""`quizwright courses …`, `slides find --course` and `draft --course --query` as scripts
run them: the real entry point, a real bank file, the shipped decks, the bundled setup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import run

DECKS = ("yandex-nlp-lecture-efficiency.pdf", "yandex-word-alignment-metropolis.pdf")


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.sqlite"
    run("decks", "import", *(str(FIXTURES / d) for d in DECKS), "--bank", str(path))
    return path


def cli(bank: Path, *args: str, check: bool = True) -> dict:
    proc = run(*args, "--bank", str(bank), "--json", check=check)
    return json.loads(proc.stdout) if proc.returncode == 0 else {"error": proc.stderr}


def test_a_course_is_created_filled_listed_and_emptied(bank: Path) -> None:
    made = cli(bank, "courses", "create", "NLP 2026")
    assert made == {"id": 1, "name": "NLP 2026", "decks": []}
    added = cli(bank, "courses", "add", "NLP 2026", "1", DECKS[1])
    assert [d["id"] for d in added["decks"]] == [1, 2] and added["changed"] == [1, 2]
    again = cli(bank, "courses", "add", "nlp 2026", "2")
    assert again["changed"] == [] and again["unchanged"] == [2]
    cli(bank, "courses", "create", "Efficiency")
    cli(bank, "courses", "add", "Efficiency", "1")  # a deck in two courses
    listed = cli(bank, "courses", "list")["courses"]
    assert [(c["name"], [d["id"] for d in c["decks"]]) for c in listed] == [
        ("Efficiency", [1]),
        ("NLP 2026", [1, 2]),
    ]
    removed = cli(bank, "courses", "remove", "NLP 2026", "1")
    assert [d["id"] for d in removed["decks"]] == [2]
    assert [d["id"] for d in cli(bank, "courses", "list")["courses"][0]["decks"]] == [1]
    text = run("courses", "list", "--bank", str(bank)).stdout
    assert "NLP 2026  (1 deck)" in text and "Efficiency  (1 deck)" in text
    renamed = cli(bank, "courses", "rename", "Efficiency", "Efficient NLP")
    assert renamed["name"] == "Efficient NLP"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("courses", "add", "Nope", "1"), "There is no course “Nope”"),
        (("courses", "add", "NLP", "7"), "There is no deck 7 in this bank; nothing was changed"),
        (("courses", "add", "NLP", "cnn.pdf"), "There is no deck “cnn.pdf”"),
        (("courses", "create", "nlp"), "There is already a course “NLP”"),
        (("slides", "find", "quantization", "--course", "Nope"), "There is no course “Nope”"),
        (("slides", "find", "quantization", "--course", "NLP"), "“NLP” has no decks yet"),
        (
            ("draft", "--query", "5 MCQs on quantization", "--course", "NLP"),
            "“NLP” has no decks yet",
        ),
        (
            ("slides", "find", "quantization", "--course", "NLP", "--deck", "1"),
            "Give --course or --deck, not both",
        ),
    ],
)
def test_failures_are_said_in_words_with_exit_code_1(
    bank: Path, args: tuple[str, ...], message: str
) -> None:
    run("courses", "create", "NLP", "--bank", str(bank))
    proc = run(*args, "--bank", str(bank), check=False)
    assert proc.returncode == 1
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_slides_find_searches_the_course_and_says_when_nothing_answers(bank: Path) -> None:
    cli(bank, "courses", "create", "NLP")
    cli(bank, "courses", "add", "NLP", "1", "2")
    found = cli(bank, "slides", "find", "knowledge distillation and IBM Model 1", "--course", "NLP")
    assert {r["deck"] for r in found["results"]} == {1, 2}
    assert found["course"] == "NLP" and not found["partial"]
    only = cli(bank, "slides", "find", "IBM Model 1", "--deck", "1")
    assert only["results"] == [] or only["partial"]
    none = cli(
        bank, "slides", "find", "convolutional neural networks: pooling, stride", "--course", "NLP"
    )
    assert none["results"] == [] and none["message"].startswith("No slide is about")
    generic = cli(bank, "slides", "find", "key topics of this course", "--course", "NLP")
    assert generic["generic"] and {r["deck"] for r in generic["results"]} == {1, 2}


def test_draft_over_a_course_reads_the_request_and_cites_both_decks(bank: Path) -> None:
    cli(bank, "courses", "create", "NLP")
    cli(bank, "courses", "add", "NLP", "1", "2")
    out = cli(
        bank,
        "draft",
        "--course",
        "NLP",
        "--query",
        "4 MCQs and 2 true/false on the key topics of this course, make it hard",
    )
    request = out["request"]
    assert request["counts"] == {"mcq": 4, "truefalse": 2} and request["difficulty"] == "hard"
    assert request["generic"] and out["asked"] == 6
    assert {s["deck"] for s in out["slides"]} == {1, 2}
    assert out["delivered"] == len(out["drafts"]) >= 1
    cited = {s["deck_id"] for d in out["drafts"] for s in d["sources"]}
    assert cited <= {1, 2} and cited
    assert all(d["difficulty"] == "hard" for d in out["drafts"])
    # an option given wins over the request
    text = run(
        "draft", "--course", "NLP", "--query", "2 hard MCQs on quantization",
        "--difficulty", "easy", "--bank", str(bank),
    ).stdout  # fmt: skip
    assert "Request read as: 2 multiple choice; hard; about: quantization" in text
    assert "Drafting 2 (easy)" in text


def test_draft_refuses_a_request_no_slide_of_the_course_answers(bank: Path) -> None:
    cli(bank, "courses", "create", "NLP")
    cli(bank, "courses", "add", "NLP", "1", "2")
    proc = run(
        "draft", "--course", "NLP", "--query", "5 MCQs on reinforcement learning from human "
        "feedback with PPO", "--bank", str(bank), check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "No slide" in proc.stderr and "Nothing was drafted." in proc.stderr
    assert json.loads(run("bank", "list", "--bank", str(bank), "--json").stdout)["count"] == 0

"""`draft` over a hand-picked set of decks (repeatable --deck, alone or with --query) and
`coverage` over decks or a course, as scripts run them: the real entry point, a real
bank file, two bench decks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run

BENCH = Path(__file__).resolve().parents[1] / "bench" / "decks"
DECKS = ("elte-nlp_3-tokenization.pdf", "elte-nlp_8-neural_embeddings.pdf")


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("decksets") / "bank.sqlite"
    run("decks", "import", *(str(BENCH / d) for d in DECKS), "--bank", str(path))
    return path


def cli(bank: Path, *args: str) -> dict:
    return json.loads(run(*args, "--bank", str(bank), "--json").stdout)


def fails(bank: Path, *args: str) -> str:
    proc = run(*args, "--bank", str(bank), check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    return proc.stderr


def test_drafts_from_a_hand_picked_set_cite_slides_of_both_decks(bank: Path) -> None:
    out = cli(bank, "draft", "--deck", "1", "--deck", "2", "--mcq", "4", "--tf", "2")
    assert {s["deck"] for s in out["slides"]} == {1, 2}
    cited = {s["deck_id"] for d in out["drafts"] for s in d["sources"]}
    assert cited == {1, 2}
    # one --deck is as before
    one = cli(bank, "draft", "--deck", "2", "--tf", "1")
    assert {s["deck"] for s in one["slides"]} == {2}


def test_a_request_among_hand_picked_decks(bank: Path) -> None:
    out = cli(
        bank, "draft", "--deck", "1", "--deck", "2", "--query",
        "2 true/false on tokenization and word embeddings",
    )  # fmt: skip
    assert out["request"]["counts"] == {"truefalse": 2}
    assert {s["deck"] for s in out["slides"]} == {1, 2}
    only = cli(bank, "draft", "--deck", "2", "--query", "1 true/false on word embeddings")
    assert {s["deck"] for s in only["slides"]} == {2}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("draft", "--mcq", "2"), "--deck ID (one or more) or --query TEXT"),
        (("draft", "--deck", "1", "--deck", "2", "--pages", "2-4"), "--pages goes with one --deck"),
        (("draft", "--deck", "1", "--deck", "9", "--query", "word2vec"), "There is no deck 9"),
        (("draft", "--deck", "1", "--course", "NLP", "--query", "word2vec"), "not both"),
        (("coverage",), "--deck ID (one or more) or --course NAME"),
        (("coverage", "--deck", "9"), "There is no deck 9"),
        (("coverage", "--course", "Nope"), "There is no course “Nope”"),
    ],
)
def test_wrong_choices_are_refused_in_words(
    bank: Path, args: tuple[str, ...], message: str
) -> None:
    assert message in fails(bank, *args)


def test_coverage_of_decks_and_of_a_course(bank: Path) -> None:
    before = cli(bank, "coverage", "--deck", "1", "--deck", "2")
    cli(bank, "draft", "--deck", "1", "--deck", "2", "--mcq", "2", "--tf", "2")
    after = cli(bank, "coverage", "--deck", "1", "--deck", "2")
    assert [d["id"] for d in after["decks"]] == [1, 2]
    assert after["questions"] > before["questions"]
    assert after["covered"] >= max(1, before["covered"])
    assert after["questions"] == sum(after["by_type"].values())
    assert after["covered"] == sum(d["covered"] for d in after["decks"])
    uncovered = cli(bank, "coverage", "--deck", "1", "--uncovered")["decks"][0]
    assert [s["page"] for s in uncovered["slides"]] == uncovered["uncovered"]
    assert all(s["questions"] == 0 for s in uncovered["slides"])

    cli(bank, "courses", "create", "NLP")
    cli(bank, "courses", "add", "NLP", "2", "1")
    course = cli(bank, "coverage", "--course", "nlp")
    assert course["course"] == "NLP" and [d["id"] for d in course["decks"]] == [2, 1]
    assert course["questions"] == after["questions"]
    text = run("coverage", "--course", "NLP", "--bank", str(bank)).stdout
    assert f"In all, {course['covered']} of {course['content_slides']}" in text
    assert "“NLP”" in text
